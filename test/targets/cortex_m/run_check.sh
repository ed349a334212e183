#!/usr/bin/env bash
# Builds one bare-metal check program of this folder for each given core and runs it under
# QEMU (semihosting; -icount shift=0, so SysTick counts instructions):
#   run_check.sh PROGRAM [CORE...]      PROGRAM: kernel_check (conv/FC variants, all cores),
#   kernel_check_mve (Helium conv/FC), ops_check_dsp / ops_check_mve (elementwise, LUT, pooling).
# Cores: m0plus (ARMv6-M), m4, m7, m33 (DSP), m55 (Helium); default m4 m7 m33. Each program
# compares the variants with the reference kernels byte for byte, then prints instruction counts.
# EDGEC_CHECK_FLAGS adds compiler flags (e.g. -DEDGEC_CHECK_CASES=6000 -DEDGEC_CHECK_SEED=7u).
# Exits nonzero when a build or a check fails. Needs arm-none-eabi-gcc and qemu-system-arm.
set -euo pipefail
root="$(cd "$(dirname "$0")/../../.." && pwd)"
rt="$root/runtime-stub/cortex-m"
timeout_s="${EDGEC_CHECK_TIMEOUT:-120}"
[ $# -ge 1 ] || { echo "usage: $0 PROGRAM [CORE...]" >&2; exit 2; }
program="$1"; shift
[ -f "$root/test/targets/cortex_m/$program.cpp" ] || { echo "no check program $program.cpp" >&2; exit 2; }
cores=("$@")
[ ${#cores[@]} -eq 0 ] && cores=(m4 m7 m33)
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
status=0
for core in "${cores[@]}"; do
  case "$core" in
    m0plus) flags="-mcpu=cortex-m0plus -mfloat-abi=soft"; board=mps2-an385; hz=25000000 ;;
    m4) flags="-mcpu=cortex-m4 -mfloat-abi=hard -mfpu=fpv4-sp-d16"; board=mps2-an386; hz=25000000 ;;
    m7) flags="-mcpu=cortex-m7 -mfloat-abi=hard -mfpu=fpv5-d16"; board=mps2-an500; hz=25000000 ;;
    m33) flags="-mcpu=cortex-m33 -mfloat-abi=hard -mfpu=fpv5-sp-d16"; board=mps2-an505; hz=20000000 ;;
    m55) flags="-mcpu=cortex-m55 -mfloat-abi=hard"; board=mps3-an547; hz=32000000 ;;
    *) echo "unknown core '$core' (m0plus m4 m7 m33 m55)" >&2; exit 2 ;;
  esac
  dir="$work/$core"
  mkdir -p "$dir"
  F="$flags -mthumb -O2"
  echo "== $program on $core ($board)"
  if ! (arm-none-eabi-gcc $F -I"$rt" -c "$rt/startup.c" -o "$dir/startup.o" &&
        arm-none-eabi-gcc $F -I"$rt" -c "$rt/cycles.c" -o "$dir/cycles.o" &&
        arm-none-eabi-g++ $F -std=c++17 -fno-exceptions -fno-rtti -Wall -Wno-psabi -DEDGEC_CHECK_CLOCK_HZ=${hz}u ${EDGEC_CHECK_FLAGS:-} \
          -I"$rt" -I"$root/runtime-stub/common" -I"$root/targets/reference/kernels" -I"$root/targets/cortex-m/kernels" \
          "$root/test/targets/cortex_m/$program.cpp" "$dir/startup.o" "$dir/cycles.o" --specs=rdimon.specs \
          -Wl,--gc-sections -L"$rt/boards" -T"$rt/boards/$board.ld" -o "$dir/$program.elf"); then
    echo "$core: build FAILED"; status=1; continue
  fi
  rc=0
  timeout "$timeout_s" qemu-system-arm -M "$board" -nographic -monitor none -serial none -icount shift=0 \
    -semihosting-config enable=on,target=native,arg=$program.elf -kernel "$dir/$program.elf" || rc=$?
  if [ $rc -ne 0 ]; then echo "$core: FAILED (exit $rc)"; status=1; else echo "$core: OK"; fi
done
exit $status
