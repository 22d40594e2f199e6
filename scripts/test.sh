#!/usr/bin/env bash
# Every test, from a fresh Debian 12 machine (root or sudo): installs what is missing, then
#   1. release build: unit, server, golden-case, command-line tests (ctest)
#   2. the same suite under AddressSanitizer + UndefinedBehaviorSanitizer
#   3. the server tests under ThreadSanitizer
#   4. faults (kill -9 during updates and log writes, full disk, bad knowledge bases) and load (wrk)
#   5. the kiosk in headless Chromium (playwright-core), screenshots in build/browser-screenshots/
#   6. libFuzzer smoke runs of every fuzz target (FUZZ_SECONDS each, default 10)
#   7. the .deb package: built and its contents checked
# Stops at the first failure. Takes about 20 minutes on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh --tests
jobs=$(nproc)
started=$(date +%s)
stage() { echo; echo "== $1  (at $(( $(date +%s) - started )) s)"; }

stage "1. release build and tests"
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DASSISTANT_BUILD_TESTS=ON >/dev/null
cmake --build build -j "$jobs"
ctest --test-dir build -j "$jobs" --output-on-failure

stage "2. AddressSanitizer + UndefinedBehaviorSanitizer build and tests"
cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DASSISTANT_SANITIZE=address,undefined -DASSISTANT_FUZZ=ON >/dev/null
cmake --build build-asan -j "$jobs"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  ctest --test-dir build-asan -j "$jobs" --output-on-failure

stage "3. ThreadSanitizer: the server tests (worker pool, knowledge-base swap, decision log)"
cmake -S . -B build-tsan -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DASSISTANT_SANITIZE=thread >/dev/null
cmake --build build-tsan -j "$jobs" --target server_tests
TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1 build-tsan/tests/server_tests

stage "4. faults and load on the real server"
scripts/fault-test.sh build 10
scripts/load-test.sh build 3 30 8

stage "5. the kiosk in headless Chromium"
scripts/browser-test.sh build

stage "6. fuzzing smoke runs"
scripts/fuzz.sh "${FUZZ_SECONDS:-10}"

stage "7. the .deb package"
(cd build && cpack -G DEB >/dev/null)
deb=$(ls build/eia-assistant_*_amd64.deb)
contents=$(dpkg-deb -c "$deb")
for f in ./usr/bin/eia-server ./usr/share/eia-assistant/eia.kb ./usr/share/eia-assistant/kiosk/index.html \
         ./etc/eia-assistant/server.yaml ./lib/systemd/system/eia-server.service; do
  grep -q " $f\$" <<<"$contents" || { echo "package lacks $f"; exit 1; }
done
pkg=$(mktemp -d)
dpkg-deb -x "$deb" "$pkg"
"$pkg/usr/bin/eia-server" --config "$pkg/etc/eia-assistant/server.yaml" --kb "$pkg/usr/share/eia-assistant/eia.kb" \
  --kiosk "$pkg/usr/share/eia-assistant/kiosk" --decision-log "$pkg/decisions.sqlite" --check-config
rm -rf "$pkg"
echo "   $deb: contents checked, packaged server starts on the packaged knowledge base"

stage "all tests passed"
