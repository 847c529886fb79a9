#!/usr/bin/env bash
# Runs objsync's benchmarks and writes docs/benchmarks.md: the C baseline (benchmarks/c/blake3_bench.c), the JMH
# suites (benchmarks/target/benchmarks.jar: BLAKE3, BAO, XChaCha20-Poly1305, Ed25519) and the bounded-memory decode
# check, then benchmarks/report.py.
# Builds what is missing first. Results go to benchmarks/results/<run id>/ (gitignored).
#
# usage: benchmarks/run.sh            a full run (about 30 minutes on 2 cores; run it on an idle machine)
#        QUICK=1 benchmarks/run.sh    a smoke run of the whole pipeline (about 6 minutes, 9 with BIG_FILE=1;
#                                     its numbers are indicative only)
#        SUITES="xchacha ed25519" benchmarks/run.sh    only the crypto suites (about 10 minutes)
#
# Environment (defaults in brackets; QUICK=1 changes the ones marked *):
#   SUITES        suites to run, from: blake3 bao xchacha ed25519     [blake3 bao xchacha ed25519]
#   FORKS         JMH forks per benchmark                                          [1]
#   WARMUP*       JMH warmup iterations                                            [3; quick 1]
#   WARMUP_TIME*  JMH warmup iteration time                                        [1s; quick 200ms]
#   ITERATIONS*   JMH measurement iterations                                       [5; quick 3]
#   TIME*         JMH measurement iteration time                                   [1s; quick 200ms]
#   C_SECONDS*    seconds per size for the C baseline                              [1; quick 0.3]
#   C_RUNS*       runs of the C baseline; the report keeps each size's best        [3; quick 1]
#   BACKENDS      objsync backends to measure                                      [java,jni,ffm]
#   BIG_FILE*     1 to include the 1 GiB file inputs of the BAO suite              [1; quick 0]
#   JMH_ARGS      more JMH options, e.g. "-prof gc"                                []
#   BENCH_JAVA    the java binary to run JMH with                                  [Temurin 25]
#   OBJSYNC_BENCH_DIR  where the large input files are kept between runs          [${TMPDIR:-/tmp}/objsync-bench]
#   RESULTS_DIR   where this run's results go                                      [benchmarks/results/<run id>]
#   REPORT        the report to write                                              [docs/benchmarks.md]
#   OBJSYNC_DEPS  the build dependencies (ci/deps.sh), as for ci/mvn               [.deps]
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"

# The settings a reader needs to reproduce this run: recorded as given, before defaults are filled in.
knobs=(QUICK SUITES FORKS WARMUP WARMUP_TIME ITERATIONS TIME C_SECONDS C_RUNS BACKENDS BIG_FILE JMH_ARGS BENCH_JAVA)
reproduce=""
for k in "${knobs[@]}"; do
  if [ -n "${!k:-}" ]; then reproduce+="$k=$(printf '%q' "${!k}") "; fi
done
reproduce+="benchmarks/run.sh"

quick=${QUICK:-0}
if [ "$quick" = 1 ]; then
  d_warmup=1 d_warmup_time=200ms d_iterations=3 d_time=200ms d_c=0.3 d_c_runs=1 d_big=0
else
  d_warmup=3 d_warmup_time=1s d_iterations=5 d_time=1s d_c=1 d_c_runs=3 d_big=1
fi
suites=${SUITES:-blake3 bao xchacha ed25519}
forks=${FORKS:-1}
warmup=${WARMUP:-$d_warmup}
warmup_time=${WARMUP_TIME:-$d_warmup_time}
iterations=${ITERATIONS:-$d_iterations}
time=${TIME:-$d_time}
c_seconds=${C_SECONDS:-$d_c}
c_runs=${C_RUNS:-$d_c_runs}
backends=${BACKENDS:-java,jni,ffm}
big_file=${BIG_FILE:-$d_big}
java=${BENCH_JAVA:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
export OBJSYNC_BENCH_DIR=${OBJSYNC_BENCH_DIR:-${TMPDIR:-/tmp}/objsync-bench}
run_id=$(date -u +%Y%m%d-%H%M%S)
results=${RESULTS_DIR:-benchmarks/results/$run_id}
report=${REPORT:-docs/benchmarks.md}
jar=benchmarks/target/benchmarks.jar
cmake_dir=bindings/target/cmake
c_bench=$cmake_dir/bin/blake3_bench

if [ "$forks" -lt 1 ]; then
  echo "run.sh: FORKS must be at least 1: each backend needs a JVM of its own" >&2
  exit 2
fi
if [ ! -x "$java" ]; then
  echo "run.sh: no java at $java (set BENCH_JAVA)" >&2
  exit 2
fi

# ---- build what is missing ----
stale=""
if [ -f "$jar" ] && [ -d "$cmake_dir" ]; then
  stale=$(find benchmarks/src benchmarks/pom.xml java/objsync-core/src bindings/src native CMakeLists.txt pom.xml \
    -newer "$jar" -type f -print -quit)
fi
if [ ! -f "$jar" ] || [ ! -d "$cmake_dir" ] || [ -n "$stale" ]; then
  echo "run.sh: building the benchmarks jar (ci/mvn package -pl benchmarks -am)${stale:+; $stale changed}" >&2
  ci/mvn -q package -pl benchmarks -am -DskipTests -P '!jdk17-tests'
fi
# The C program is not part of the default CMake target; this is a no-op when it is up to date.
cmake --build "$cmake_dir" --target blake3_bench >/dev/null

mkdir -p "$results"
meta=$results/run.env
note() { printf '%s=%s\n' "$1" "$2" >>"$meta"; }
: >"$meta"
note run_id "$run_id"
note date "$(date -u '+%Y-%m-%d %H:%M UTC')"
note commit "$(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet HEAD 2>/dev/null || echo ' (with local changes)')"
note reproduce "$reproduce"
note quick "$quick"
note jmh_settings "forks $forks, warmup $warmup x $warmup_time, measurement $iterations x $time"
note c_seconds "$c_seconds"
note c_runs "$c_runs"
note backends "$backends"
note big_file "$big_file"
note cpu "$(lscpu | sed -n 's/^Model name: *//p' | head -n1)"
note cpus "$(nproc)"
note memory "$(awk '/^MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)"
note kernel "$(uname -r)"
note java "$("$java" -version 2>&1 | sed -n 2p)"
note load_start "$(cut -d' ' -f1-3 /proc/loadavg)"
started=$(date +%s)

# CPU seconds used so far by the whole machine (busy and stolen time) and by this script's finished children:
# their difference over the run is what other processes took from the benchmarks.
cpu_seconds() {
  local tck
  tck=$(getconf CLK_TCK)
  awk -v t="$tck" '/^cpu / {printf "%.2f ", ($2 + $3 + $4 + $7 + $8 + $9) / t; exit}' /proc/stat
  awk -v t="$tck" '{printf "%.2f\n", ($16 + $17) / t}' "/proc/$$/stat"
}
read -r machine_cpu0 own_cpu0 < <(cpu_seconds)

jmh_common=(-f "$forks" -wi "$warmup" -w "$warmup_time" -i "$iterations" -r "$time" -p "backend=$backends" -foe true)
if [ "$big_file" != 1 ]; then jmh_common+=(-p "input=1MiB,64MiB"); fi

# jmh NAME REGEX: one JMH invocation, its JSON in $results/NAME.json and its log beside it.
jmh() {
  local name=$1 regex=$2 t0
  t0=$(date +%s)
  echo "run.sh: JMH $name ($regex)" >&2
  # shellcheck disable=SC2086 # JMH_ARGS is a list of options
  "$java" --enable-native-access=ALL-UNNAMED -jar "$jar" "$regex" "${jmh_common[@]}" ${JMH_ARGS:-} \
    -rf json -rff "$results/$name.json" >"$results/$name.log" 2>&1 \
    || { echo "run.sh: JMH $name failed; see $results/$name.log" >&2; tail -n 20 "$results/$name.log" >&2; exit 1; }
  note "seconds_$name" "$(($(date +%s) - t0))"
}

# ---- the suites: each adds result files that report.py knows how to read ----
suite_blake3() {
  local t0
  t0=$(date +%s)
  echo "run.sh: C baseline ($c_bench $c_seconds, $c_runs runs)" >&2
  : >"$results/c-blake3.txt"
  for _ in $(seq "$c_runs"); do "$c_bench" "$c_seconds" >>"$results/c-blake3.txt"; done
  note seconds_c "$(($(date +%s) - t0))"
  jmh blake3 '^io\.objsync\.benchmarks\.(Blake3Benchmark\.\w+|Blake3PeersBenchmark\.\w+|ParallelBenchmark\.hash)$'
}

suite_bao() {
  local t0
  jmh bao '^io\.objsync\.benchmarks\.(BaoBenchmark\.\w+|ParallelBenchmark\.outboard)$'
  t0=$(date +%s)
  echo "run.sh: bounded-memory decode of 1 GiB with -Xmx64m" >&2
  if "$java" -Xmx64m --enable-native-access=ALL-UNNAMED -cp "$jar" io.objsync.benchmarks.BoundedDecodeCheck 1GiB \
      >"$results/bounded-decode.json" 2>"$results/bounded-decode.log"; then
    :
  else
    echo "run.sh: the bounded decode check failed (exit $?); see $results/bounded-decode.log" >&2
    printf '{"check": "bounded-decode", "passed": false, "exit": "see bounded-decode.log"}\n' \
      >"$results/bounded-decode.json"
  fi
  note seconds_bounded_decode "$(($(date +%s) - t0))"
}

suite_xchacha() {
  jmh xchacha '^io\.objsync\.benchmarks\.XChaCha20Poly1305(Peers)?Benchmark\.\w+$'
}

suite_ed25519() {
  jmh ed25519 '^io\.objsync\.benchmarks\.Ed25519(Peers)?Benchmark\.\w+$'
}

for s in $suites; do
  if ! declare -F "suite_$s" >/dev/null; then
    echo "run.sh: unknown suite '$s' (known: $(declare -F | sed -n 's/^declare -f suite_//p' | tr '\n' ' '))" >&2
    exit 2
  fi
  "suite_$s"
done

note seconds_total "$(($(date +%s) - started))"
note load_end "$(cut -d' ' -f1-3 /proc/loadavg)"
read -r machine_cpu1 own_cpu1 < <(cpu_seconds)
note other_cpus "$(awk -v m="$machine_cpu1" -v m0="$machine_cpu0" -v o="$own_cpu1" -v o0="$own_cpu0" \
  -v w="$(($(date +%s) - started))" 'BEGIN {x = ((m - m0) - (o - o0)) / (w > 0 ? w : 1); printf "%.2f", x < 0 ? 0 : x}')"
python3 benchmarks/report.py "$results" "$report"
echo "run.sh: results in $results, report in $report" >&2
