#!/usr/bin/env bash
# The CLI against b3sum (issue 14), with hyperfine (installed here from Debian when missing):
#   big      a page-cached 2 GiB file: objsync hash (default threads) vs b3sum, and both on one thread
#   tiny     a 100-byte file: start-up, objsync vs b3sum
#   startup  what each start-up measure buys: the launcher's defaults, then each one undone (AOT cache off,
#            the native library extracted to a temp file as before, C2 on, FFM set up instead of JNI, the
#            picocli command model instead of hash's fast path); BEFORE=DIR adds DIR/bin/objsync
#            (an older checkout, built) as the baseline
#   cutover  objsync hash --threads 1 vs the default, by file size: where splitting the tree starts to pay
# usage: benchmarks/cli.sh [big|tiny|startup|cutover]...  (default: all; the machine should be idle; needs a built
#        tree: ci/mvn install). Markdown tables (wall and CPU time) go to stdout, hyperfine's JSON to $OBJSYNC_BENCH_DIR/cli-*.json.
# Environment: OBJSYNC_BENCH_DIR [${TMPDIR:-/tmp}/objsync-bench], RUNS [10], BEFORE
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
dir=${OBJSYNC_BENCH_DIR:-${TMPDIR:-/tmp}/objsync-bench}
runs=${RUNS:-10}
mkdir -p "$dir"
if ! command -v hyperfine >/dev/null || ! command -v b3sum >/dev/null; then
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
  $SUDO apt-get update -q >/dev/null
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends hyperfine b3sum >/dev/null
fi
objsync=$here/bin/objsync
[ -f "$dir/cli-2g.bin" ] || head -c $((2 << 30)) /dev/urandom > "$dir/cli-2g.bin"
[ -f "$dir/cli-tiny.bin" ] || head -c 100 /dev/urandom > "$dir/cli-tiny.bin"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "$($objsync version | head -1); $(b3sum --version)"

bench() {  # name, hyperfine arguments...
  local name=$1; shift
  hyperfine -N --style none --export-json "$dir/cli-$name.json" "$@" >/dev/null
  echo; echo "### $name ($(date -u +%FT%TZ), load $(cut -d' ' -f1-3 /proc/loadavg))"; echo
  # Wall time on a shared machine mostly measures the neighbours; the CPU the run itself used is steadier.
  python3 - "$dir/cli-$name.json" <<'PY'
import json, sys
print("| command | wall (ms) | ± | user (ms) | system (ms) | CPU (ms) |")
print("|---|---:|---:|---:|---:|---:|")
for r in json.load(open(sys.argv[1]))["results"]:
    u, s = r["user"] * 1000, r["system"] * 1000
    print(f"| {r['command']} | {r['mean'] * 1000:.0f} | {r['stddev'] * 1000:.0f} | {u:.0f} | {s:.0f} | {u + s:.0f} |")
PY
}

for part in "${@:-big tiny startup cutover}"; do
  for p in $part; do
    case "$p" in
      big)
        cat "$dir/cli-2g.bin" > /dev/null   # page cache
        bench big -w 1 -r "$runs" \
          -n "objsync hash (default threads)" "$objsync hash $dir/cli-2g.bin" \
          -n "b3sum (default threads)" "b3sum $dir/cli-2g.bin" \
          -n "objsync hash --threads 1" "$objsync hash --threads 1 $dir/cli-2g.bin" \
          -n "b3sum --num-threads 1" "b3sum --num-threads 1 $dir/cli-2g.bin" ;;
      tiny)
        bench tiny -w 3 -r "$((runs * 2))" \
          -n "objsync hash" "$objsync hash $dir/cli-tiny.bin" \
          -n "b3sum" "b3sum $dir/cli-tiny.bin" ;;
      startup)
        before=()
        if [ -n "${BEFORE:-}" ]; then before=(-n "before ($BEFORE)" "$BEFORE/bin/objsync hash $dir/cli-tiny.bin"); fi
        bench startup -w 3 -r "$((runs * 2))" "${before[@]}" \
          -n "bin/objsync hash" "$objsync hash $dir/cli-tiny.bin" \
          -n "  AOT cache off" "env OBJSYNC_JAVA_OPTS=-XX:AOTMode=off $objsync hash $dir/cli-tiny.bin" \
          -n "  library extracted per run" "env OBJSYNC_JAVA_OPTS=-Dobjsync.native.path= $objsync hash $dir/cli-tiny.bin" \
          -n "  C2 on" "env OBJSYNC_JAVA_OPTS=-XX:TieredStopAtLevel=4 $objsync hash $dir/cli-tiny.bin" \
          -n "  FFM instead of JNI" "env OBJSYNC_JAVA_OPTS=-Dobjsync.backend.prefer=ffm $objsync hash $dir/cli-tiny.bin" \
          -n "  picocli, not the fast path" "$objsync --home $dir/home hash $dir/cli-tiny.bin" \
          -n "bin/objsync --help" "$objsync --help" \
          -n "bin/objsync doc set --help" "$objsync doc set --help" ;;
      cutover)
        args=()
        for size in 256K 1M 4M 16M 64M; do
          f=$dir/cli-$size.bin
          [ -f "$f" ] || head -c "$size" /dev/urandom > "$f"
          args+=(-n "$size --threads 1" "$objsync hash --threads 1 $f" -n "$size default" "$objsync hash $f")
        done
        bench cutover -w 2 -r "$runs" "${args[@]}" ;;
      *) echo "cli.sh: unknown part $p" >&2; exit 2 ;;
    esac
  done
done
