#!/usr/bin/env bash
# The whole test suite: setup, build, ctest (lit, Catch2 units, end-to-end), then edgec itself
# under ASan + UBSan: build-asan (EDGEC_ASAN_BUILD_DIR) builds only edgec and edgec-opt, and
# `ctest -L sanitize` there runs lit, edgec compile of every e2e model and test/hostile when it
# exists. EDGEC_SKIP_SANITIZE=1 skips that stage. Prints every stage's time.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
stage() { printf '\n== %s ==\n' "$1"; STAGE_START=$(date +%s); }
done_stage() { printf -- '-- %s took %ss\n' "$1" "$(( $(date +%s) - STAGE_START ))"; }

stage setup; bash "$ROOT/scripts/setup.sh"; done_stage setup
stage build; bash "$ROOT/scripts/build.sh"; done_stage build
stage ctest
cd "${EDGEC_BUILD_DIR:-$ROOT/build}"
ctest --output-on-failure -j2
done_stage ctest

[ "${EDGEC_SKIP_SANITIZE:-0}" = 1 ] && exit 0
stage sanitize-build
EDGEC_BUILD_DIR="${EDGEC_ASAN_BUILD_DIR:-$ROOT/build-asan}" \
  EDGEC_CMAKE_ARGS="-DEDGEC_SANITIZE=address,undefined" \
  bash "$ROOT/scripts/build.sh" edgec edgec-opt
done_stage sanitize-build
stage sanitize-ctest
cd "${EDGEC_ASAN_BUILD_DIR:-$ROOT/build-asan}"
ctest -L sanitize --output-on-failure -j2
done_stage sanitize-ctest
