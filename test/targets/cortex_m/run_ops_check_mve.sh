#!/bin/sh
# Builds test/targets/cortex_m/ops_check_mve.cpp (the Helium int8 Add / Sub / Mul, LUT and
# pooling kernels against the reference ones) for the Cortex-M55 and runs it under QEMU
# mps3-an547 with -icount (instruction counts); nonzero exit on any failure.
set -eu
ROOT=$(cd "$(dirname "$0")/../../.." && pwd)
R=$ROOT/runtime-stub/cortex-m
OUT=${1:-$(mktemp -d)}
F="-mcpu=cortex-m55 -mfloat-abi=hard -mthumb -O2"
cd "$OUT"
arm-none-eabi-gcc $F -I"$R" -c "$R/startup.c" -o startup.o
arm-none-eabi-gcc $F -I"$R" -c "$R/cycles.c" -o cycles.o
arm-none-eabi-g++ $F -std=c++17 -fno-exceptions -fno-rtti -Wall -Wno-psabi -I"$R" -I"$ROOT/runtime-stub/common" \
  -I"$ROOT/targets/reference/kernels" -I"$ROOT/targets/cortex-m/kernels" \
  "$ROOT/test/targets/cortex_m/ops_check_mve.cpp" startup.o cycles.o --specs=rdimon.specs -Wl,--gc-sections \
  -L"$R/boards" -T"$R/boards/mps3-an547.ld" -o ops_check_mve.elf
timeout 60 qemu-system-arm -M mps3-an547 -nographic -monitor none -serial none -icount shift=0 \
  -semihosting-config enable=on,target=native,arg=ops_check_mve.elf -kernel ops_check_mve.elf
