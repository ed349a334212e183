#!/usr/bin/env bash
# The examples, as a user builds them: edgec installed with `cmake --install`, then
# examples/host-app (two models in one program) and examples/cortex-m-firmware (cross-built
# with the installed toolchain file, run under QEMU) configured from clean build folders with
# find_package(EdgeC); the firmware's int8 outputs must equal the host's line for line.
# Regeneration: a second build runs edgec zero times, touching one model file or changing one
# model's options exactly once, a new edgec once per model.
# Finally the host app again against edgec's build tree (-DEdgeC_DIR=<build>), no install.
# usage: run_examples.sh EDGEC_BUILD_DIR WORK_DIR
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
build="$(cd "$1" && pwd)"
work="$2"
rm -rf "$work"
mkdir -p "$work"
fail() { echo "FAIL: $*" >&2; exit 1; }
runs() { grep -c "edgec: compiling" "$1" || true; }

cmake --install "$build" --prefix "$work/prefix" > "$work/install.log"
cp -r "$root/examples/data" "$work/data" # copies: the test touches them

echo "== host app (installed package)"
cmake -S "$root/examples/host-app" -B "$work/host" -G Ninja -DCMAKE_PREFIX_PATH="$work/prefix" \
  -DEXAMPLE_DATA="$work/data" > "$work/host-configure.log"
cmake --build "$work/host" > "$work/host-build1.log"
[ "$(runs "$work/host-build1.log")" = 3 ] || fail "first build ran edgec $(runs "$work/host-build1.log") times, expected 3"
# PRUNE and SPARSITY reach edgec (its flags are in every generated header).
grep -q -- "--prune-channels 0.25 --prune-criterion l1 --sparsity 2:4" \
  "$work/host/edgec/feature_net_compressed/feature_net_compressed.h" || fail "PRUNE / SPARSITY did not reach edgec"
"$work/host/classify" > "$work/host.txt"
[ "$(grep -c '^keyword_net\[' "$work/host.txt")" = 10 ] || fail "keyword_net printed no 10 scores"
[ "$(grep -c '^feature_net\[' "$work/host.txt")" = 10 ] || fail "feature_net printed no 10 scores"
cmake --build "$work/host" > "$work/host-build2.log"
[ "$(runs "$work/host-build2.log")" = 0 ] || fail "a build with nothing changed ran edgec"
touch "$work/data/keyword_net.onnx"
cmake --build "$work/host" > "$work/host-build3.log"
[ "$(runs "$work/host-build3.log")" = 1 ] || fail "touching one model ran edgec $(runs "$work/host-build3.log") times, expected 1"
grep -q "edgec: compiling .*keyword_net.onnx" "$work/host-build3.log" || fail "touching keyword_net.onnx regenerated another model"
cmake "$work/host" -DEXAMPLE_OPTIONS="--calibrate;minmax" > "$work/host-reconfigure.log"
cmake --build "$work/host" > "$work/host-build4.log"
[ "$(runs "$work/host-build4.log")" = 1 ] || fail "a new option ran edgec $(runs "$work/host-build4.log") times, expected 1"
grep -q "edgec: compiling .*keyword_net.onnx" "$work/host-build4.log" || fail "a keyword_net option regenerated another model"
grep -q -- "--calibrate minmax" "$work/host/edgec/keyword_net/keyword_net.h" || fail "the new option did not reach edgec"
cmake "$work/host" -DEXAMPLE_OPTIONS="" > "$work/host-reconfigure2.log"
cmake --build "$work/host" > "$work/host-build5.log"
touch "$work/prefix/bin/edgec"
cmake --build "$work/host" > "$work/host-build6.log"
[ "$(runs "$work/host-build6.log")" = 3 ] || fail "a new edgec ran $(runs "$work/host-build6.log") compiles, expected 3"
echo "host app: 3 models built (one pruned and sparse), 2 run; rebuild: 0 regenerations; touched model: 1; new option: 1; new edgec: 3"

echo "== Cortex-M4 firmware (installed toolchain file, QEMU mps2-an386)"
cmake -S "$root/examples/cortex-m-firmware" -B "$work/fw" -G Ninja -DCMAKE_PREFIX_PATH="$work/prefix" \
  -DEXAMPLE_DATA="$work/data" \
  -DCMAKE_TOOLCHAIN_FILE="$work/prefix/share/edgec/runtime-stub/cortex-m/arm-none-eabi.cmake" \
  -DEDGEC_CPU_FLAGS="-mcpu=cortex-m4 -mfloat-abi=hard -mfpu=fpv4-sp-d16" > "$work/fw-configure.log"
cmake --build "$work/fw" > "$work/fw-build.log"
timeout 120 qemu-system-arm -M mps2-an386 -nographic -monitor none -serial none \
  -semihosting-config enable=on,target=native -kernel "$work/fw/classify.elf" > "$work/fw.txt" ||
  fail "the firmware exited $?"
grep '^keyword_net\[' "$work/host.txt" > "$work/host-int8.txt"
diff "$work/host-int8.txt" "$work/fw.txt" || fail "the firmware's int8 outputs differ from the host's"
echo "firmware: int8 outputs equal the host's"

echo "== host app (edgec's build tree, no install)"
cmake -S "$root/examples/host-app" -B "$work/host-tree" -G Ninja -DEdgeC_DIR="$build" \
  -DEXAMPLE_DATA="$work/data" > "$work/tree-configure.log"
cmake --build "$work/host-tree" > "$work/tree-build.log"
"$work/host-tree/classify" > "$work/tree.txt"
diff "$work/host.txt" "$work/tree.txt" || fail "the build-tree package gave other outputs"
echo "build tree: same outputs"
echo "PASS"
