#!/usr/bin/env bash
# Fuzzing (issue 7; docs/reliability.md "Fuzzing"): builds the libFuzzer targets of fuzz/ with clang,
# AddressSanitizer and UndefinedBehaviorSanitizer, writes their seed corpora and dictionaries from
# data/, and runs each target for a bounded time. Exits non-zero if any target finds a crash, a
# sanitizer report, a broken invariant, a timeout or an out-of-memory.
#
#   scripts/fuzz.sh [seconds per target, default 15] [target ...]
#   targets: request rule_source kb_file query_normalizer (default: all)
#
# Works from a fresh Debian 12 machine (root or sudo): installs the project's packages
# (scripts/install-deps.sh) and clang with the libFuzzer runtime if they are missing.
# Left in build-fuzz/: corpus/<target>/ (what the fuzzer learnt, kept between runs), logs/<target>.log,
# findings/<target>/ (crash-*, timeout-*, oom-*: the inputs; replay one with
# build-fuzz/fuzz/<target>_fuzzer <file>). A fixed finding goes to fuzz/corpus/<target>/ by name.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${1:-15}
[ $# -gt 0 ] && shift
case "$seconds" in '' | *[!0-9]*) echo "usage: scripts/fuzz.sh [seconds per target] [target ...]" >&2; exit 2 ;; esac
all_targets=(request rule_source kb_file query_normalizer)
if [ $# -gt 0 ]; then targets=("$@"); else targets=("${all_targets[@]}"); fi

# ---- packages: the project's, then clang 14 with compiler-rt (libFuzzer, ASan, UBSan) and
# llvm-symbolizer for readable stack traces.
scripts/install-deps.sh --fuzz

# ---- build (at most two jobs: the CI machine has two cores)
build="build-fuzz"
jobs=$(nproc)
[ "$jobs" -gt 2 ] && jobs=2
CC=clang CXX=clang++ cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DASSISTANT_FUZZ=ON -DASSISTANT_SANITIZE=address,undefined -DASSISTANT_BUILD_TESTS=OFF >/dev/null
cmake --build "$build" -j "$jobs" --target fuzzers

# ---- seeds and dictionaries from the real data (regenerated each run: they follow data/)
scratch=$(mktemp -d "$( [ -d /dev/shm ] && echo /dev/shm || echo "${TMPDIR:-/tmp}")/eia-fuzz.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
export EIA_FUZZ_SCRATCH="$scratch" EIA_FUZZ_DATA="$PWD/data"
export ASAN_OPTIONS="detect_leaks=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
if [ -x /usr/lib/llvm-14/bin/llvm-symbolizer ]; then export ASAN_SYMBOLIZER_PATH=/usr/lib/llvm-14/bin/llvm-symbolizer; fi
"$build/fuzz/make_seeds" data "$build/seeds"
cp tests/testdata/*.json "$build/seeds/request/"

# Per target: the largest input tried, and the dictionary if make_seeds wrote one. The biggest
# source file is 0.13 MB. A knowledge base is cut at 384 KiB: the two smaller seed knowledge
# bases (0.15 and 0.28 MB, every table and attribute type) are tried whole, the full one (1.1 MB)
# as a truncation; whole 1 MB inputs ran at a tenth of the speed.
max_len() {
  case "$1" in
    request) echo 16384 ;;
    rule_source) echo 262144 ;;
    kb_file) echo 393216 ;;
    *) echo 4096 ;;
  esac
}

failed=()
summary=()
mkdir -p "$build/logs"
for t in "${targets[@]}"; do
  bin="$build/fuzz/${t}_fuzzer"
  [ -x "$bin" ] || { echo "fuzz.sh: no target '$t' (targets: ${all_targets[*]})" >&2; exit 2; }
  mkdir -p "$build/corpus/$t" "$build/findings/$t"
  dict=()
  [ -f "$build/seeds/$t.dict" ] && dict=(-dict="$build/seeds/$t.dict")
  echo "== fuzz $t for ${seconds}s"
  status=0
  "$bin" -max_total_time="$seconds" -timeout=25 -rss_limit_mb=2560 -max_len="$(max_len "$t")" \
    -print_final_stats=1 -artifact_prefix="$build/findings/$t/" "${dict[@]}" \
    "$build/corpus/$t" "$build/seeds/$t" "fuzz/corpus/$t" >"$build/logs/$t.log" 2>&1 || status=$?
  # The last status line ("#123 ... cov: 456 ft: 789 corp: ... exec/s: 10 ...") and the final stats.
  last=$(grep -E '^#[0-9]+' "$build/logs/$t.log" | tail -n 1 || true)
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$build/logs/$t.log" | tail -n 1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$build/logs/$t.log" | tail -n 1)
  cov=$(echo "$last" | sed -n 's/.* cov: \([0-9]*\).*/\1/p')
  ft=$(echo "$last" | sed -n 's/.* ft: \([0-9]*\).*/\1/p')
  line="$t: ${runs:-?} runs, ${rate:-?} exec/s, cov ${cov:-?}, ft ${ft:-?}"
  if [ "$status" -ne 0 ]; then
    line="$line, FINDING (exit $status; see $build/logs/$t.log and $build/findings/$t/)"
    failed+=("$t")
    grep -E 'ERROR: |fuzz invariant violated|runtime error|Test unit written' "$build/logs/$t.log" | head -n 5 >&2 || true
  fi
  echo "$line"
  summary+=("$line")
done

echo "== fuzz summary (${seconds}s per target)"
printf '%s\n' "${summary[@]}"
if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz.sh: findings in: ${failed[*]}" >&2
  exit 1
fi
