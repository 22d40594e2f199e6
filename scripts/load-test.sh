#!/usr/bin/env bash
# Load on the real server over loopback with wrk: POST /api/v1/assess (the full answer: decision,
# explanation, what-if, receipt, decision-log row) at increasing concurrency, then a sustained run.
# Reports requests/s, p50/p99 latency, errors and the server's memory (VmRSS) before, during and after;
# fails on any error up to 16 connections and in the sustained run, or on memory growth over the sustained
# run beyond the allowance; 64 connections (8 times the worker pool) is reported as overload.
# Usage: scripts/load-test.sh [build-dir] [seconds-per-level] [sustain-seconds] [allowed-growth-MiB]
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
per_level=${2:-10}
sustain=${3:-180}
allowed_growth=${4:-8}
work=$(mktemp -d)
trap 'kill -9 $pid 2>/dev/null || true; rm -rf "$work"' EXIT
out=$build/load
mkdir -p "$out"
[ -f "$build/eia.kb" ] || "$build/kb/kb" build data "$build/eia.kb" >/dev/null
"$build/server/eia-server" --kb "$build/eia.kb" --port 0 --log-level warn --decision-log "$work/decisions.sqlite" \
  > "$work/server.out" 2>&1 &
pid=$!
port=""
for _ in $(seq 1 100); do
  port=$(sed -n 's/.*ready at http:\/\/127.0.0.1:\([0-9]*\)\/.*/\1/p' "$work/server.out" 2>/dev/null); [ -n "$port" ] && break; sleep 0.05
done
[ -n "$port" ] || { cat "$work/server.out"; exit 1; }
rss() { awk '/VmRSS/ {printf "%.1f", $2 / 1024}' "/proc/$pid/status"; }
url="http://127.0.0.1:$port"

# wrk's summary -> "requests_per_s p50_ms p99_ms errors"
run() {  # connections seconds
  wrk -t "$([ "$1" -lt 2 ] && echo 1 || echo 2)" -c "$1" -d "${2}s" --latency -s bench/load/assess.lua "$url" > "$work/wrk.txt" 2>&1
  awk '
    function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
    /Requests\/sec/ { rps = $2 }
    /^ +50%/ { p50 = ms($2) }
    /^ +99%/ { p99 = ms($2) }
    /Non-2xx/ { err += $NF }
    /Socket errors/ { gsub(/,/, ""); err += $4 + $6 + $8 + $10 }
    END { printf "%.0f %.2f %.2f %d\n", rps, p50, p99, err }' "$work/wrk.txt"
}

echo "| connections | requests/s | p50 ms | p99 ms | errors (64: overload, reported only) | server RSS MiB after |"
echo "|---:|---:|---:|---:|---:|---:|"
rss_start=$(rss)
json="{\"per_level_seconds\": $per_level, \"levels\": ["
total_errors=0
first=1
for c in 1 4 16 64; do
  read -r rps p50 p99 errors < <(run "$c" "$per_level")
  # 64 connections is an overload level: 8 workers, and cpp-httplib 0.11.4 listens with a backlog of 5,
  # so connections beyond the pool wait for SYN retransmits (~1 s) or are shed with 503. It is
  # reported, not held against the run; a kiosk has one browser.
  [ "$c" -lt 64 ] && total_errors=$((total_errors + errors))
  echo "| $c | $rps | $p50 | $p99 | $errors | $(rss) |"
  [ $first -eq 1 ] || json="$json,"
  first=0
  json="$json{\"connections\": $c, \"requests_per_s\": $rps, \"p50_ms\": $p50, \"p99_ms\": $p99, \"errors\": $errors, \"rss_mib\": $(rss)}"
done
json="$json]"

# Sustained: memory sampled every 10 s; growth = last sample - first sample after a warm-up minute fraction.
echo
echo "sustained: 16 connections for ${sustain}s"
( wrk -t 2 -c 16 -d "${sustain}s" --latency -s bench/load/assess.lua "$url" > "$work/sustain.txt" 2>&1 ) &
wrk_pid=$!
samples=()
sleep $(( sustain < 30 ? 2 : 10 ))
rss_warm=$(rss)
while kill -0 "$wrk_pid" 2>/dev/null; do samples+=("$(rss)"); sleep $(( sustain < 30 ? 2 : 10 )); done
wait "$wrk_pid"
cp "$work/sustain.txt" "$work/wrk.txt"
read -r rps p50 p99 errors < <(awk '
    function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
    /Requests\/sec/ { rps = $2 } /^ +50%/ { p50 = ms($2) } /^ +99%/ { p99 = ms($2) }
    /Non-2xx/ { err += $NF } /Socket errors/ { gsub(/,/, ""); err += $4 + $6 + $8 + $10 }
    END { printf "%.0f %.2f %.2f %d\n", rps, p50, p99, err }' "$work/wrk.txt")
rss_end=$(rss)
growth=$(awk -v a="$rss_warm" -v b="$rss_end" 'BEGIN { printf "%.1f", b - a }')
logged=$(sqlite3 "$work/decisions.sqlite" "select count(*) from decisions" 2>/dev/null || echo "?")
echo "| requests/s | p50 ms | p99 ms | errors | RSS start → warm → end MiB | growth MiB | decision-log rows |"
echo "|---:|---:|---:|---:|---|---:|---:|"
echo "| $rps | $p50 | $p99 | $errors | $rss_start → $rss_warm → $rss_end | $growth | $logged |"
echo "RSS samples (MiB, every 10 s): ${samples[*]:-}"
json="$json, \"sustained\": {\"seconds\": $sustain, \"connections\": 16, \"requests_per_s\": $rps, \"p50_ms\": $p50, \"p99_ms\": $p99, \"errors\": $errors, \"rss_start_mib\": $rss_start, \"rss_warm_mib\": $rss_warm, \"rss_end_mib\": $rss_end, \"growth_mib\": $growth, \"decision_log_rows\": \"$logged\"}}"
echo "$json" > "$out/latest.json"
total_errors=$((total_errors + errors))
[ "$total_errors" -eq 0 ] || { echo "LOAD TEST FAILED: $total_errors errors"; exit 1; }
awk -v g="$growth" -v a="$allowed_growth" 'BEGIN { exit !(g <= a) }' || { echo "LOAD TEST FAILED: memory grew $growth MiB (allowed $allowed_growth)"; exit 1; }
echo "load held: no errors, memory growth $growth MiB over ${sustain}s (figures in $out/latest.json)"
