#!/usr/bin/env bash
# Faults a kiosk meets, against the real server binary (docs/reliability.md, "Faults"):
#   1. kill -9 during knowledge-base updates, then restart: the old or the new version serves, whole,
#      never a mix or a fallback;
#   2. kill -9 during decision-log writes under load, then restart: every decision whose answer reached
#      the client is in the log (WAL, synchronous=FULL);
#   3. a full disk for the decision log: answers go on, /readyz says why it is not ready;
#   4. a missing, truncated or corrupted knowledge base, and a corrupted signature: the server refuses to
#      start and says why, or serves the last good version and reports degraded.
# Usage: scripts/fault-test.sh [build-dir] [rounds]
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
rounds=${2:-10}
server=$build/server/eia-server
kb=$build/kb/kb
work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT
fail() { echo "FAULT TEST FAILED: $*" >&2; exit 1; }

# Two knowledge bases with different versions: data/, and data/ plus one unused fact.
cp -r data "$work/data-b"
printf 'kind: vocabulary\nfacts:\n  - id: test.fault_marker\n    type: bool\n    label: 测试用\n' > "$work/data-b/zz_fault.yaml"
"$kb" build data "$work/a.kb" >/dev/null
"$kb" build "$work/data-b" "$work/b.kb" >/dev/null
version_of() { sqlite3 "$1" "select value from meta where key='content_hash'"; }
va=$(version_of "$work/a.kb"); vb=$(version_of "$work/b.kb")
[ "$va" != "$vb" ] || fail "the two knowledge bases have the same version"
token=fault-test-admin-token-0123456789
printf '%s\n' "$token" > "$work/admin.token"
cat > "$work/server.yaml" <<YAML
listen: {address: 127.0.0.1, port: 0}
kb: {path: $work/serving.kb}
kiosk: {dir: $PWD/kiosk}
log: {level: warn, decision_log: $work/decisions.sqlite}
admin: {enabled: true, token_file: $work/admin.token}
YAML
cp "$work/a.kb" "$work/serving.kb"

start() {  # starts the server, sets $port and $pid
  rm -f "$work/server.out"; port=""
  "$server" --config "$work/server.yaml" "$@" > "$work/server.out" 2>&1 &
  pid=$!
  pids+=("$pid")
  for _ in $(seq 1 100); do
    port=$(sed -n 's/.*ready at http:\/\/127.0.0.1:\([0-9]*\)\/.*/\1/p' "$work/server.out" 2>/dev/null)
    [ -n "$port" ] && return 0
    kill -0 "$pid" 2>/dev/null || return 1
    sleep 0.05
  done
  return 1
}
serving_version() { curl -sf "http://127.0.0.1:$port/api/v1/kb" | sed -n 's/.*"version":"\([0-9a-f]*\)".*/\1/p'; }
degraded() { curl -sf "http://127.0.0.1:$port/readyz" | sed -n 's/.*"degraded":"\([^"]*\)".*/\1/p'; }

echo "== 1. kill -9 during knowledge-base updates ($rounds rounds)"
seen_a=0; seen_b=0
for i in $(seq 1 "$rounds"); do
  start || fail "server did not start: $(cat "$work/server.out")"
  target=$([ $((i % 2)) -eq 0 ] && echo "$work/a.kb" || echo "$work/b.kb")
  curl -s -o /dev/null -X POST -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
    -d "{\"path\": \"$target\"}" "http://127.0.0.1:$port/api/v1/admin/kb" &
  sleep "0.$((RANDOM % 6))$((RANDOM % 10))"
  kill -9 "$pid" 2>/dev/null; wait 2>/dev/null || true
  start || fail "round $i: no restart after kill -9: $(cat "$work/server.out")"
  v=$(serving_version || true)
  [ "$v" = "$va" ] && seen_a=$((seen_a + 1))
  [ "$v" = "$vb" ] && seen_b=$((seen_b + 1))
  [ "$v" = "$va" ] || [ "$v" = "$vb" ] || fail "round $i: serving '$v', neither version"
  [ -z "$(degraded)" ] || fail "round $i: degraded after the kill: $(degraded)"
  kill -9 "$pid"; wait "$pid" 2>/dev/null || true
done
echo "   $rounds kills: restarted every time on a whole version (old $seen_a, new $seen_b), never degraded"

echo "== 2. kill -9 during decision-log writes"
rm -f "$work"/decisions.sqlite*
start || fail "server did not start"
: > "$work/answered"
body='{"date":"2024-06-01","ask":["eia.document_class"],"facts":{"project.industry_codes":["0313"],"project.catalogue_items":[],"livestock.annual_output_pig_eq":NUM,"livestock.is_scale_farm":true,"site.sensitive_areas":[]}}'
for c in 1 2 3 4; do
  ( n=0; while true; do
      n=$((n + 1))
      b=${body/NUM/$((c * 100000 + n))}
      r=$(curl -s -X POST -H 'Content-Type: application/json' -d "$b" "http://127.0.0.1:$port/api/v1/assess") || exit 0
      id=$(printf '%s' "$r" | sed -n 's/.*"receipt":{.*"id":"\([0-9a-f]*\)".*/\1/p')
      [ -n "$id" ] && echo "$id" >> "$work/answered"
    done ) &
done
sleep 3
kill -9 "$pid"; wait 2>/dev/null || true
answered=$(sort -u "$work/answered" | grep -c . || true)
[ "$answered" -gt 10 ] || fail "only $answered answers before the kill"
start || fail "no restart after kill -9 during writes: $(cat "$work/server.out")"
sqlite3 "$work/decisions.sqlite" "select id from decisions" | sort -u > "$work/logged"
lost=$(comm -23 <(sort -u "$work/answered") "$work/logged" | wc -l)
[ "$lost" -eq 0 ] || fail "$lost answered decisions missing from the log after kill -9"
integrity=$(sqlite3 "$work/decisions.sqlite" "pragma integrity_check")
[ "$integrity" = ok ] || fail "decision log integrity: $integrity"
echo "   $answered decisions answered before kill -9; all $answered in the log after restart; integrity ok"
kill -9 "$pid"; wait "$pid" 2>/dev/null || true

echo "== 3. a full disk under the decision log"
# The file-size limit makes every write past it fail with EFBIG, as a full disk fails with ENOSPC.
size=$(stat -c %s "$work/decisions.sqlite")
rm -f "$work/server.out"; port=""
( trap '' XFSZ; ulimit -f $(( size / 1024 + 64 )); exec "$server" --config "$work/server.yaml" ) > "$work/server.out" 2>&1 &
pid=$!; pids+=("$pid")
for _ in $(seq 1 100); do port=$(sed -n 's/.*ready at http:\/\/127.0.0.1:\([0-9]*\)\/.*/\1/p' "$work/server.out" 2>/dev/null); [ -n "$port" ] && break; sleep 0.05; done
[ -n "$port" ] || fail "server did not start with a file-size limit: $(cat "$work/server.out")"
codes=""
for n in $(seq 1 400); do
  codes="$codes $(curl -s -o /dev/null -w '%{http_code}' -X POST -H 'Content-Type: application/json' -d "${body/NUM/$((900000 + n))}" "http://127.0.0.1:$port/api/v1/assess")"
done
echo "$codes" | tr ' ' '\n' | grep -v '^$' | grep -vq '^200$' && fail "answers failed while the log could not be written: $codes"
ready=$(curl -s -o "$work/ready.json" -w '%{http_code}' "http://127.0.0.1:$port/readyz")
[ "$ready" = 503 ] || fail "/readyz says $ready with a full disk: $(cat "$work/ready.json")"
grep -q 'decision log' "$work/ready.json" || fail "/readyz does not say why: $(cat "$work/ready.json")"
echo "   400 answers all 200 while writes failed; /readyz 503: $(sed 's/.*"decision_log":"\([^"]*\)".*/\1/' "$work/ready.json" | cut -c1-100)"
kill -9 "$pid"; wait "$pid" 2>/dev/null || true

echo "== 4. missing, truncated, corrupted knowledge base; corrupted signature"
rm -f "$work"/serving.kb*
if "$server" --config "$work/server.yaml" --check-config > "$work/out" 2>&1; then fail "started without a knowledge base"; fi
grep -q "does not exist" "$work/out" || fail "missing kb: unclear message: $(cat "$work/out")"
echo "   missing: refuses to start: $(head -c 160 "$work/out")"
head -c 100000 "$work/a.kb" > "$work/serving.kb"
if "$server" --config "$work/server.yaml" --check-config > "$work/out" 2>&1; then fail "started on a truncated knowledge base"; fi
echo "   truncated, no previous version: refuses to start: $(head -c 160 "$work/out")"
cp "$work/a.kb" "$work/serving.kb.previous"
start || fail "truncated kb with a previous version: did not start: $(cat "$work/server.out")"
[ "$(serving_version)" = "$va" ] || fail "not serving the previous version"
[ -n "$(degraded)" ] || fail "not reported degraded"
echo "   truncated, previous version kept: serves $(echo "$va" | cut -c1-12), /readyz degraded: $(degraded | cut -c1-90)…"
kill -9 "$pid"; wait "$pid" 2>/dev/null || true
# Signatures required: a corrupted signature on an update is refused, the old version keeps serving.
"$server" --generate-signing-key "$work/signing" > /dev/null
cp "$work/a.kb" "$work/serving.kb"; rm -f "$work/serving.kb.previous"
openssl pkeyutl -sign -rawin -inkey "$work/signing.key" -in "$work/serving.kb" -out "$work/serving.kb.sig"
openssl pkeyutl -sign -rawin -inkey "$work/signing.key" -in "$work/b.kb" -out "$work/b.kb.sig"
printf 'x' | dd of="$work/b.kb.sig" bs=1 seek=5 conv=notrunc status=none
start --kb-public-key "$work/signing.pub" || fail "signed kb did not start: $(cat "$work/server.out")"
r=$(curl -s -X POST -H "Authorization: Bearer $token" -H 'Content-Type: application/json' -d "{\"path\": \"$work/b.kb\"}" "http://127.0.0.1:$port/api/v1/admin/kb")
echo "$r" | grep -q '"ok":false' || fail "corrupted signature accepted: $r"
[ "$(serving_version)" = "$va" ] || fail "version changed after a refused update"
echo "   corrupted signature: refused ($(echo "$r" | sed 's/.*"message":"\([^"]*\)".*/\1/' | cut -c1-110)…), old version serving"
kill -9 "$pid"; wait "$pid" 2>/dev/null || true
echo "== 5. a read-only disk"
# A read-only bind mount in a private mount namespace (needs CAP_SYS_ADMIN, as root in CI has).
mkdir -p "$work/ro"
cp "$work/a.kb" "$work/ro/serving.kb"
if unshare -m sh -c "mount --bind '$work/ro' '$work/ro' && mount -o remount,ro,bind '$work/ro'" 2>/dev/null; then
  ro() { unshare -m sh -c "mount --bind '$work/ro' '$work/ro' && mount -o remount,ro,bind '$work/ro' && exec \"\$@\"" sh "$@"; }
  # The decision log on the read-only disk: the server refuses to start and says why.
  if ro "$server" --config "$work/server.yaml" --kb "$work/ro/serving.kb" --decision-log "$work/ro/decisions.sqlite" \
       --check-config > "$work/out" 2>&1; then fail "started with its decision log on a read-only disk"; fi
  grep -qi "read-only\|cannot be opened\|readonly" "$work/out" || fail "read-only log: unclear message: $(cat "$work/out")"
  echo "   decision log on a read-only disk: refuses to start: $(head -c 220 "$work/out")"
  # The knowledge base on the read-only disk: it serves; an update cannot be installed and says why.
  rm -f "$work/server.out"; port=""
  ro "$server" --config "$work/server.yaml" --kb "$work/ro/serving.kb" --decision-log "$work/rw-decisions.sqlite" \
    > "$work/server.out" 2>&1 &
  pid=$!; pids+=("$pid")
  for _ in $(seq 1 100); do port=$(sed -n 's/.*ready at http:\/\/127.0.0.1:\([0-9]*\)\/.*/\1/p' "$work/server.out" 2>/dev/null); [ -n "$port" ] && break; sleep 0.05; done
  [ -n "$port" ] || fail "knowledge base on a read-only disk: did not start: $(cat "$work/server.out")"
  r=$(curl -s -X POST -H "Authorization: Bearer $token" -H 'Content-Type: application/json' -d "{\"path\": \"$work/b.kb\"}" "http://127.0.0.1:$port/api/v1/admin/kb")
  echo "$r" | grep -q '"ok":false' || fail "update onto a read-only disk reported success: $r"
  [ "$(serving_version)" = "$va" ] || fail "version changed after a failed install"
  echo "   knowledge base on a read-only disk: serves; update refused ($(echo "$r" | sed 's/.*"message":"\([^"]*\)".*/\1/' | cut -c1-120)…), old version serving"
  kill -9 "$pid"; wait "$pid" 2>/dev/null || true
else
  echo "   skipped: this machine cannot make a read-only mount (unshare -m needs CAP_SYS_ADMIN)"
fi
echo "== faults survived"
