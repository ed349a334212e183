#!/usr/bin/env bash
# --stateful on Cortex-M: compiles test/lit/tools/Inputs/two_states.onnx for each given core with
# `--stateful h=hN --stateful c=cN`, builds stateful_check.cpp with the model code and runs it under
# QEMU (semihosting), as run_check.sh does for the kernel checks. Linked by gcc, not g++: the
# model code needs no C++ library (and some arm toolchains ship none).
#   run_stateful_check.sh EDGEC [CORE...]     cores: m4 m7 m33 m55 (default m4)
# Exits nonzero when a compile, build or check fails. Needs arm-none-eabi-gcc and qemu-system-arm.
set -euo pipefail
root="$(cd "$(dirname "$0")/../../.." && pwd)"
rt="$root/runtime-stub/cortex-m"
[ $# -ge 1 ] || { echo "usage: $0 EDGEC [CORE...]" >&2; exit 2; }
edgec="$1"; shift
cores=("$@")
[ ${#cores[@]} -eq 0 ] && cores=(m4)
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
status=0
for core in "${cores[@]}"; do
  case "$core" in
    m4) flags="-mcpu=cortex-m4 -mfloat-abi=hard -mfpu=fpv4-sp-d16"; board=mps2-an386 ;;
    m7) flags="-mcpu=cortex-m7 -mfloat-abi=hard -mfpu=fpv5-d16"; board=mps2-an500 ;;
    m33) flags="-mcpu=cortex-m33 -mfloat-abi=hard -mfpu=fpv5-sp-d16"; board=mps2-an505 ;;
    m55) flags="-mcpu=cortex-m55 -mfloat-abi=hard"; board=mps3-an547 ;;
    *) echo "unknown core '$core' (m4 m7 m33 m55)" >&2; exit 2 ;;
  esac
  dir="$work/$core"
  F="$flags -mthumb -O2"
  echo "== stateful_check on $core ($board)"
  if ! ("$edgec" compile "$root/test/lit/tools/Inputs/two_states.onnx" -t "cortex-$core" -o "$dir/model" --quiet \
          --stateful h=hN --stateful c=cN &&
        arm-none-eabi-gcc $F -I"$rt" -c "$rt/startup.c" -o "$dir/startup.o" &&
        arm-none-eabi-gcc $F -I"$rt" -c "$rt/cycles.c" -o "$dir/cycles.o" &&
        arm-none-eabi-gcc $F -c -x assembler-with-cpp "$dir/model/two_states_weights.S" -Wa,-I"$dir/model" \
          -o "$dir/weights.o" &&
        arm-none-eabi-g++ $F -std=c++17 -fno-exceptions -fno-rtti -Wall -Wno-psabi -I"$dir/model" -c \
          "$root/test/targets/cortex_m/stateful_check.cpp" -o "$dir/check.o" &&
        arm-none-eabi-g++ $F -std=c++17 -fno-exceptions -fno-rtti -Wall -Wno-psabi -I"$dir/model" -c \
          "$dir/model/two_states.cpp" -o "$dir/model.o" &&
        arm-none-eabi-gcc $F "$dir/check.o" "$dir/model.o" "$dir/weights.o" "$dir/startup.o" "$dir/cycles.o" \
          --specs=rdimon.specs -Wl,--gc-sections -L"$rt/boards" -T"$rt/boards/$board.ld" -lm \
          -o "$dir/stateful_check.elf"); then
    echo "$core: build FAILED"; status=1; continue
  fi
  rc=0
  timeout 120 qemu-system-arm -M "$board" -nographic -monitor none -serial none -icount shift=0 \
    -semihosting-config enable=on,target=native,arg=stateful_check.elf -kernel "$dir/stateful_check.elf" || rc=$?
  if [ $rc -ne 0 ]; then echo "$core: FAILED (exit $rc)"; status=1; else echo "$core: OK"; fi
done
exit $status
