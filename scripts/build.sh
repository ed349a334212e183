#!/usr/bin/env bash
# Configures (once) and builds edgec, its tools and tests in ./build with Ninja.
# EDGEC_BUILD_DIR picks another build dir, EDGEC_CMAKE_ARGS adds configure options (first
# configure only), arguments are ninja targets: scripts/test.sh's sanitizer build uses all three.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="${EDGEC_BUILD_DIR:-$ROOT/build}"
if [ ! -f "$BUILD/build.ninja" ]; then
  cmake -S "$ROOT" -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release \
    -DEDGEC_PYTHON="$ROOT/.venv/bin/python" ${EDGEC_CMAKE_ARGS:-} >/dev/null
fi
ninja -C "$BUILD" "$@"
