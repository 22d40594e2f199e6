#!/usr/bin/env bash
# One command from a fresh Debian 12 machine to a running kiosk: install, build, compile the
# knowledge base, start the server on 127.0.0.1 (prints the URL). Ctrl-C stops it.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DASSISTANT_BUILD_TESTS=OFF >/dev/null
cmake --build build
build/kb/kb build data build/eia.kb
exec build/server/eia-server --kb build/eia.kb --kiosk kiosk --bind 127.0.0.1 --port "${PORT:-8080}" \
  --decision-log build/decisions.sqlite --place "${PLACE:-cn}"
