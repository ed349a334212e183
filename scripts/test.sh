#!/usr/bin/env bash
# The whole test suite: setup, build, ctest (lit, Catch2 units, end-to-end), with stage times.
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
