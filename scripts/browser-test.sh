#!/usr/bin/env bash
# The kiosk's end-to-end tests in a real browser: Debian's Chromium, headless, driven by
# playwright-core (tests/browser, node's own test runner) against the real server and the real
# knowledge base. Screenshots of each final screen, at 1080x1920 and 1366x768, are saved under
# <build>/browser-screenshots/.
#
#   scripts/browser-test.sh [BUILD_DIR]     (default: build; the server must already be built there)
#
# Installs what is missing on a fresh Debian 12 (chromium, a CJK font, nodejs, npm; node 18 from
# Debian works), runs `npm ci` in tests/browser, compiles the knowledge base into BUILD_DIR if it
# is missing or older than data/, starts eia-server on a free port, runs the tests, stops it.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
build=${1:-build}
case "$build" in /*) ;; *) build="$root/$build" ;; esac

server="$build/server/eia-server"
kbtool="$build/kb/kb"
for tool in "$server" "$kbtool"; do
  if [[ ! -x "$tool" ]]; then
    echo "browser-test: $tool is missing; build first (cmake -S . -B $build -G Ninja && cmake --build $build)" >&2
    exit 2
  fi
done

# ---- what the browser needs ------------------------------------------------------------------
missing=()
command -v chromium >/dev/null || missing+=(chromium)
command -v node >/dev/null || missing+=(nodejs)
command -v npm >/dev/null || missing+=(npm)
# Without a CJK font every Chinese character would render as a box in the screenshots.
if ! fc-list :lang=zh 2>/dev/null | grep -q .; then missing+=(fonts-droid-fallback); fi
if ((${#missing[@]})); then
  echo "== installing ${missing[*]}"
  if [[ $(id -u) -ne 0 ]]; then sudo=sudo; else sudo=; fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" fontconfig >/dev/null
fi
chromium_bin=$(command -v chromium)

echo "== npm ci (tests/browser)"
(cd tests/browser && npm ci --no-audit --no-fund --loglevel=error)

# ---- the knowledge base and the server ---------------------------------------------------------
kb="$build/eia.kb"
if [[ ! -f "$kb" ]] || [[ -n $(find data -newer "$kb" -type f -print -quit) ]]; then
  echo "== compiling the knowledge base into $kb"
  "$kbtool" build data "$kb" >/dev/null
fi

work=$(mktemp -d)
shots="$build/browser-screenshots"
rm -rf "$shots"
mkdir -p "$shots"
server_pid=
cleanup() {
  if [[ -n "$server_pid" ]] && kill -0 "$server_pid" 2>/dev/null; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

# A decision log in the temporary folder, so that 好差评 ratings are kept (and then thrown away).
"$server" --kb "$kb" --kiosk "$root/kiosk" --port 0 --decision-log "$work/decisions.sqlite" \
  --log-level warn >"$work/server.log" 2>&1 &
server_pid=$!
url=
for _ in $(seq 1 100); do
  url=$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$work/server.log" | head -n 1 || true)
  [[ -n "$url" ]] && break
  if ! kill -0 "$server_pid" 2>/dev/null; then break; fi
  sleep 0.1
done
if [[ -z "$url" ]]; then
  echo "browser-test: the server did not start:" >&2
  cat "$work/server.log" >&2
  exit 1
fi
echo "== server at $url; screenshots in $shots"

# ---- the tests -----------------------------------------------------------------------------------
runner=(node --test)
# One file at a time: the idle-reset test measures seconds, and two cores are shared.
if node --help 2>/dev/null | grep -q -- '--test-concurrency'; then runner+=(--test-concurrency=1); fi
status=0
(cd tests/browser && KIOSK_URL="$url" SCREENSHOT_DIR="$shots" CHROMIUM="$chromium_bin" \
  timeout 600 "${runner[@]}" applicant.test.mjs staff.test.mjs officer.test.mjs kiosk.test.mjs) || status=$?
if ((status)); then
  echo "== browser tests failed (server log follows)" >&2
  tail -n 40 "$work/server.log" >&2
  exit "$status"
fi
echo "== browser tests passed; $(find "$shots" -name '*.png' | wc -l) screenshots in $shots"
