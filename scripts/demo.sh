#!/usr/bin/env bash
# The main job on the bundled model: compile it for the host, build the emitted code with its
# own CMakeLists.txt, run it on a sample, and compare with onnxruntime; prints the figures.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="${EDGEC_BUILD_DIR:-$ROOT/build}"
MODEL="${1:-$ROOT/models/tiny_cnn.onnx}"
WORK="$ROOT/out/demo"
PY="$ROOT/.venv/bin/python"

bash "$ROOT/scripts/setup.sh"
bash "$ROOT/scripts/build.sh" edgec
rm -rf "$WORK" && mkdir -p "$WORK"
NAME="$(basename "$MODEL" .onnx | tr -c 'A-Za-z0-9_\n' '_')"

echo "== edgec compile $(basename "$MODEL") -t host"
"$BUILD/tools/edgec" compile "$MODEL" -t host -o "$WORK/gen" --with-main
echo "== build the emitted code (its own CMakeLists.txt)"
cmake -S "$WORK/gen" -B "$WORK/gen-build" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
ninja -C "$WORK/gen-build" >/dev/null
echo "== run on a sample and compare with onnxruntime"
"$PY" "$ROOT/scripts/compare_with_ort.py" --model "$MODEL" --harness "$WORK/gen-build/${NAME}_main" \
  --report "$WORK/gen/report.json" --work "$WORK"
