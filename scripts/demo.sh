#!/usr/bin/env bash
# The main job on a real model: compile it for the host, build the emitted code with its own
# CMakeLists.txt, run it on a real picture, and compare with onnxruntime; prints the figures.
#   scripts/demo.sh [NAME | MODEL.onnx]
# NAME is a model of models/real_models.json (default: ppocrv4_rec, PP-OCRv4's text recogniser
# reading a line of scikit-image's scanned page); MODEL.onnx any other model, on random data.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="${EDGEC_BUILD_DIR:-$ROOT/build}"
WHAT="${1:-ppocrv4_rec}"
WORK="$ROOT/out/demo"
PY="$ROOT/.venv/bin/python"

bash "$ROOT/scripts/setup.sh"
bash "$ROOT/scripts/build.sh" edgec
rm -rf "$WORK" && mkdir -p "$WORK"

SHAPES=()
NAME_ARGS=()
if [[ "$WHAT" == *.onnx ]]; then
  MODEL="$WHAT"
else
  MODEL="$("$PY" "$ROOT/scripts/real_models.py" path "$WHAT")"
  read -r -a SHAPES <<<"$("$PY" "$ROOT/scripts/real_models.py" shapes "$WHAT")"
  NAME_ARGS=(--name "$WHAT")
fi
NAME="$(basename "$MODEL" .onnx | tr -c 'A-Za-z0-9_\n' '_')"

echo "== edgec compile $(basename "$MODEL") -t host ${SHAPES[*]}"
"$BUILD/tools/edgec" compile "$MODEL" -t host -o "$WORK/gen" --with-main "${SHAPES[@]}"
echo "== build the emitted code (its own CMakeLists.txt)"
cmake -S "$WORK/gen" -B "$WORK/gen-build" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
ninja -C "$WORK/gen-build" >/dev/null
echo "== run on a sample and compare with onnxruntime"
"$PY" "$ROOT/scripts/compare_with_ort.py" --model "$MODEL" "${NAME_ARGS[@]}" \
  --harness "$WORK/gen-build/${NAME}_main" --report "$WORK/gen/report.json" --work "$WORK"
