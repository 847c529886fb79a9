#!/usr/bin/env bash
# End-to-end checks of bin/objsync as users run it (ci/test.sh runs this after the build): hashes equal to b3sum's
# with the default threads, exit statuses, help, the generated bash completion, the AOT cache (used, ignored when
# stale or damaged, rebuilt) and the unpacked native library. Needs a built tree (ci/mvn install) and b3sum.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
objsync=bin/objsync
cli=java/objsync-cli/target
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "cli-test: FAIL: $*" >&2; exit 1; }
status() { set +e; "$@" >/dev/null 2>&1; local s=$?; set -e; echo $s; }

# hash: b3sum's output, by default on all processors (a 64 MiB file takes the multi-threaded path).
head -c 100 /dev/urandom > "$work/tiny.bin"
head -c $((64 << 20)) /dev/urandom > "$work/big.bin"
: > "$work/empty.bin"
[ "$($objsync hash "$work"/*.bin)" = "$(b3sum "$work"/*.bin)" ] || fail "hash differs from b3sum"
b3sum "$work"/*.bin > "$work/sums"
[ "$(status $objsync hash --check "$work/sums")" = 0 ] || fail "hash --check of good sums"

# Exit statuses (see 'objsync help exit-codes').
echo x >> "$work/tiny.bin"
[ "$(status $objsync hash --check "$work/sums")" = 1 ] || fail "a mismatch must exit 1"
[ "$(status $objsync no-such-command)" = 2 ] || fail "an unknown command must exit 2"
[ "$(status $objsync hash --no-such-option)" = 2 ] || fail "an unknown option must exit 2"
[ "$(status $objsync hash "$work/missing")" = 3 ] || fail "a missing file must exit 3"

# Help: options and the help command, at every depth.
for args in "--help" "-h" "doc --help" "doc set -h" "help" "help doc set" "help exit-codes" "completion --help"; do
  # shellcheck disable=SC2086
  [ "$(status $objsync $args)" = 0 ] || fail "objsync $args must exit 0"
done
$objsync doc set --help | grep -q '^Usage: objsync doc set ' || fail "doc set --help shows its usage"

# Completion: the generated script completes commands and subcommands in bash (called as bash would; its compopt
# calls complain outside a real completion, hence 2>/dev/null).
$objsync completion bash > "$work/objsync.bash"
complete_words() {
  bash -c 'source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}
           _complete_objsync 2>/dev/null; printf "%s\n" "${COMPREPLY[@]}"' _ "$work/objsync.bash" "$@"
}
[ "$(complete_words objsync d | sort | tr '\n' ' ')" = "decode doc " ] || fail "completion of 'objsync d'"
[ "$(complete_words objsync doc s | sort | tr '\n' ' ')" = "set share sync " ] || fail "completion of 'objsync doc s'"

# The native library is loaded where the build unpacked it: with extraction made impossible, FFM still loads.
OBJSYNC_JAVA_OPTS=-Dobjsync.native.tmpdir=/proc/objsync-no-such-dir $objsync version | grep -q '^backend: ffm' \
  || fail "the unpacked native library is not used"

# The AOT caches (objsync.aot; objsync-hash.aot for 'objsync hash ...', its picocli-free fast path): used when
# fresh; ignored (same output, nothing on stderr) when a jar is newer or the file is damaged; rebuilt by a training run.
aot_used() {  # cache file, objsync arguments...
  local cache=$1; shift
  OBJSYNC_JAVA_OPTS=-Xlog:aot=info $objsync "$@" 2>&1 | grep -q "Opened AOT cache .*/$cache\.\$"
}
for cache in objsync.aot objsync-hash.aot; do [ -f "$cli/$cache" ] || fail "the build made no $cache"; done
aot_used objsync-hash.aot hash "$work/empty.bin" || fail "the hash AOT cache is not used"
aot_used objsync.aot version || fail "the AOT cache is not used"
# The fast path loads no picocli class.
! OBJSYNC_JAVA_OPTS=-Xlog:class+load=info $objsync hash "$work/empty.bin" | grep -q ' picocli\.' \
  || fail "objsync hash FILE loads picocli"
touch "$cli/objsync-cli.jar"
! aot_used objsync-hash.aot hash "$work/empty.bin" || fail "a stale hash AOT cache is used"
! aot_used objsync.aot version || fail "a stale AOT cache is used"
for cache in objsync.aot objsync-hash.aot; do head -c 100000 /dev/urandom > "$cli/$cache"; done
[ "$($objsync hash "$work/big.bin" 2>&1)" = "$(b3sum "$work/big.bin")" ] || fail "a damaged AOT cache broke a run"
[ "$($objsync --home "$work/home" hash "$work/big.bin" 2>&1)" = "$(b3sum "$work/big.bin")" ] \
  || fail "a damaged AOT cache broke a run"
OBJSYNC_AOT_TRAIN=1 $objsync 2>/dev/null
aot_used objsync-hash.aot hash "$work/empty.bin" || fail "the rebuilt hash AOT cache is not used"
aot_used objsync.aot version || fail "the rebuilt AOT cache is not used"
echo "cli-test: all checks passed" >&2
