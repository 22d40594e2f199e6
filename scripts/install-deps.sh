#!/usr/bin/env bash
# Installs the Debian 12 packages the build and the tests need (root, or sudo). Idempotent.
#   scripts/install-deps.sh          what building and running the server needs
#   scripts/install-deps.sh --fuzz   also clang with libFuzzer and llvm-symbolizer (scripts/fuzz.sh)
#   scripts/install-deps.sh --tests  also those, chromium and node (browser tests), wrk (load)
set -euo pipefail
packages=(
  build-essential cmake ninja-build pkg-config
  libsqlite3-dev libcpp-httplib-dev nlohmann-json3-dev libicu-dev libgtest-dev
  libyaml-cpp-dev libcli11-dev libssl-dev libspdlog-dev libqrencode-dev
)
fuzz_packages=(clang libclang-rt-14-dev llvm-14)
case "${1:-}" in
  --fuzz) packages+=("${fuzz_packages[@]}") ;;
  --tests) packages+=("${fuzz_packages[@]}" chromium nodejs npm wrk sqlite3 curl procps fonts-droid-fallback) ;;
esac
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# A machine may already have its own node/npm outside Debian's packages: keep it.
if command -v node >/dev/null && command -v npm >/dev/null; then
  filtered=()
  for p in "${missing[@]}"; do [ "$p" = nodejs ] || [ "$p" = npm ] || filtered+=("$p"); done
  missing=("${filtered[@]}")
fi
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
