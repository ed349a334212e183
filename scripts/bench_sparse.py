#!/usr/bin/env python3
"""Instruction counts of the sparse-weight kernels (issue 9) against the dense ones.

Usage: bench_sparse.py [--cxx CXX] [--arch-flags FLAGS] [--cortex-m4] [--layers L ...] [--formats F ...]
                       [--json OUT]

Builds scripts/bench_sparse_driver.cpp (with the compiler's packer, compiler/support/
SparseFormats.cpp) the way emitted host code is built (-std=c++17 -O2 plus the emitted
CMakeLists.txt's EDGEC_ARCH_FLAGS: bench_host.py's default_arch_flags(), -march=x86-64-v3
-ffp-contract=off on an AVX2 machine), runs every layer once per format under
`valgrind --tool=callgrind --collect-atstart=no`, the driver switching collection on around
the kernel call only, and prints a markdown table: executed instructions of the dense kernel
(on the same weights, 2:4-sparsified), of the sparse one, and their ratio. The driver checks
each sparse result against the dense one (int8: equal; float: max |difference| shown).

With --cortex-m4 the driver is built for the cortex-m4 target instead (its cpu flags, the
Cortex-M runtime stub, -O2 as emitted firmware) and run on QEMU's mps2-an386 with
`-icount shift=0`; the dense int8 kernels are then the target's (edgec_conv_s8_dsp,
edgec_fully_connected_s8_dsp: SMLAD), and the figures are instructions counted by SysTick
(a resolution of 40 instructions), not cycles. An int8 N:M layer is then also run through the
target's sparse variants (edgec_conv_nm_s8_dsp, edgec_fully_connected_nm_s8_dsp:
sparse_s8_dsp.h), shown as "sparse DSP" beside the reference sparse kernels.
"""

import argparse
import ast
import json
import os
import platform
import re
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

LAYERS = {
    "pw64": "1x1 conv 64->64, 16x16",
    "c3x3": "3x3 conv 32->32, 16x16, pad 1",
    "fc": "FC 512->256, batch 1",
    "fc16": "FC 512->256, batch 16",
}
FORMATS = ["2:4", "4:8", "bsr1x8", "bsr4x8"]


def arch_flags():
    """bench_host.py's default_arch_flags() (the emitted CMakeLists.txt's EDGEC_ARCH_FLAGS), taken
    from its source: importing bench_host needs numpy, this script only the standard library."""
    path = os.path.join(ROOT, "scripts", "bench_host.py")
    with open(path) as f:
        tree = ast.parse(f.read(), path)
    fn = next(n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == "default_arch_flags")
    scope = {"platform": platform}
    exec(compile(ast.Module(body=[fn], type_ignores=[]), path, "exec"), scope)
    return scope["default_arch_flags"]()


def build(cxx, flags, work):
    exe = os.path.join(work, "bench_sparse_driver")
    cmd = [cxx, "-std=c++17", "-O2", *flags.split(),
           "-I", os.path.join(ROOT, "runtime-stub", "common"),
           "-I", os.path.join(ROOT, "targets", "reference", "kernels"), "-I", ROOT,
           os.path.join(ROOT, "scripts", "bench_sparse_driver.cpp"),
           os.path.join(ROOT, "compiler", "support", "SparseFormats.cpp"), "-o", exe]
    print("build:", " ".join(cmd[:4 + len(flags.split())]), "...", file=sys.stderr)
    subprocess.run(cmd, check=True)
    return exe


def build_cortex_m4(work):
    """The driver as cortex-m4 firmware for QEMU's mps2-an386; (elf, instructions per tick)."""
    with open(os.path.join(ROOT, "targets", "cortex-m4", "target.json")) as f:
        target = json.load(f)
    cpu = target["toolchain"]["cpu_flags"].split() + ["-mthumb"]
    stub = os.path.join(ROOT, "runtime-stub", "cortex-m")
    objs = []
    for src in ("startup.c", "cycles.c"):
        objs.append(os.path.join(work, src[:-2] + ".o"))
        subprocess.run(["arm-none-eabi-gcc", *cpu, "-O2", "-I", stub, "-c", os.path.join(stub, src), "-o", objs[-1]],
                       check=True)
    elf = os.path.join(work, "bench_sparse_driver.elf")
    cmd = ["arm-none-eabi-g++", *cpu, "-std=c++17", "-O2", "-fno-exceptions", "-fno-rtti", "-Wno-psabi",
           "-ffunction-sections", "-fdata-sections", "-DEDGEC_BENCH_CORTEX_M", "-I", stub,
           "-I", os.path.join(ROOT, "targets", "cortex-m", "kernels"),
           "-I", os.path.join(ROOT, "runtime-stub", "common"),
           "-I", os.path.join(ROOT, "targets", "reference", "kernels"), "-I", ROOT,
           os.path.join(ROOT, "scripts", "bench_sparse_driver.cpp"),
           os.path.join(ROOT, "compiler", "support", "SparseFormats.cpp"), *objs,
           "--specs=rdimon.specs", "-Wl,--gc-sections", "-T", os.path.join(stub, "boards", "mps2-an386.ld"),
           "-L", os.path.join(stub, "boards"), "-o", elf]
    print("build:", " ".join(cmd[:len(cpu) + 3]), "...", file=sys.stderr)
    subprocess.run(cmd, check=True)
    return elf, 1e9 / target["emulator"]["clock_hz"]


def count(exe, layer, fmt, per_tick=None, dsp=False):
    """(instructions, driver's line) of one kernel call: callgrind's count, or with per_tick
    (firmware) SysTick's under QEMU -icount; dsp: the target's sparse variant (firmware only)."""
    if per_tick:
        extra = ",arg=dsp" if dsp else ""
        out = subprocess.run(["qemu-system-arm", "-M", "mps2-an386", "-nographic", "-monitor", "none", "-serial",
                              "none", "-icount", "shift=0", "-semihosting-config",
                              f"enable=on,target=native,arg={exe},arg={layer},arg={fmt}{extra}", "-kernel", exe],
                             capture_output=True, text=True, timeout=600)
        m = re.search(r"ticks (\d+)", out.stdout)
        total = round(int(m.group(1)) * per_tick) if m else None
    else:
        out = subprocess.run(["valgrind", "--tool=callgrind", "--collect-atstart=no", "--callgrind-out-file=/dev/null",
                              exe, layer, fmt], capture_output=True, text=True)
        m = re.search(r"Collected : (\d+)", out.stderr)
        total = int(m.group(1)) if m else None
    if out.returncode != 0 or total is None:
        raise RuntimeError(f"{layer} {fmt}: driver failed or no count\n{out.stdout}{out.stderr}")
    return total, out.stdout.strip()


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cxx", default=os.environ.get("CXX", "g++"))
    ap.add_argument("--arch-flags", default=None, help="default: what emitted host code gets on this machine")
    ap.add_argument("--cortex-m4", action="store_true", help="count on the cortex-m4 target under QEMU")
    ap.add_argument("--layers", nargs="+", default=None,
                    help="default: every int8 layer, and on the host c3x3_f32, fc_f32 and fc16_f32 too")
    ap.add_argument("--formats", nargs="+", default=FORMATS)
    ap.add_argument("--json", help="write every figure here")
    args = ap.parse_args()
    flags = arch_flags() if args.arch_flags is None else args.arch_flags
    layers = args.layers or list(LAYERS) + ([] if args.cortex_m4 else ["c3x3_f32", "fc_f32", "fc16_f32"])

    rows = []
    with tempfile.TemporaryDirectory() as work:
        if args.cortex_m4:
            exe, per_tick = build_cortex_m4(work)
            flags = "cortex-m4 (" + " ".join(json.load(open(os.path.join(
                ROOT, "targets", "cortex-m4", "target.json")))["toolchain"]["cpu_flags"].split()) + ")"
        else:
            exe, per_tick = build(args.cxx, flags, work), None
        for layer in layers:
            dense, _ = count(exe, layer, "dense", per_tick)
            for fmt in args.formats:
                sparse, info = count(exe, layer, fmt, per_tick)
                density = re.search(r"density ([\d.]+)", info)
                diff = re.search(r"max_abs_diff (\S+)", info)
                if not layer.endswith("_f32") and diff and float(diff.group(1)) != 0.0:
                    raise RuntimeError(f"{layer} {fmt}: int8 result differs from the dense kernel's")
                sparse_dsp = None
                if args.cortex_m4 and not layer.endswith("_f32") and ":" in fmt:
                    sparse_dsp, info_dsp = count(exe, layer, fmt, per_tick, dsp=True)
                    diff_dsp = re.search(r"max_abs_diff (\S+)", info_dsp)
                    if not diff_dsp or float(diff_dsp.group(1)) != 0.0:
                        raise RuntimeError(f"{layer} {fmt}: the DSP sparse result differs from the dense kernel's")
                rows.append({"layer": layer, "format": fmt, "dense": dense, "sparse": sparse,
                             "sparse_dsp": sparse_dsp,
                             "density": float(density.group(1)) if density else None,
                             "max_abs_diff": float(diff.group(1)) if diff else None})

        # A float FC is emitted as Gemm(transB = 1), whose dense kernel goes one output at a time;
        # the pointwise conv form (register tiles) is the fairer dense figure, shown beside it.
        pointwise = {layer: count(exe, layer, "dense_pw", per_tick)[0] for layer in layers
                     if layer.startswith("fc") and layer.endswith("_f32")}

    if args.cortex_m4:
        print(f"Instructions per kernel call on {flags}, -O2, QEMU mps2-an386 -icount (SysTick; not cycles);"
              " dense int8 = the target's DSP kernels.\n")
    else:
        print(f"Instructions per kernel call (callgrind), `{args.cxx} -std=c++17 -O2 {flags}`.\n")
    dsp_cols = args.cortex_m4
    print("| layer | format | density | dense Minstr | sparse Minstr | sparse / dense |"
          + (" sparse DSP Minstr | sparse DSP / dense |" if dsp_cols else ""))
    print("|---|---|---|---|---|---|" + ("---|---|" if dsp_cols else ""))
    for r in rows:
        base = r["layer"][:-4] if r["layer"].endswith("_f32") else r["layer"]
        name = LAYERS.get(base, base) + (" (float)" if r["layer"].endswith("_f32") else " (int8)")
        extra = ""
        if dsp_cols:
            extra = (f" {r['sparse_dsp'] / 1e6:.3f} | {r['sparse_dsp'] / r['dense']:.2f} |" if r["sparse_dsp"]
                     else " - | - |")
        print(f"| {name} | {r['format']} | {r['density']:.2f} | {r['dense'] / 1e6:.3f} | {r['sparse'] / 1e6:.3f} "
              f"| {r['sparse'] / r['dense']:.2f} |" + extra)
    for layer, n in pointwise.items():
        print(f"\n{layer}: the dense float FC as a 1x1 conv (edgec_conv_pointwise_f32): {n / 1e6:.3f} Minstr.")
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"flags": flags, "rows": rows, "dense_pointwise": pointwise}, f, indent=1)


if __name__ == "__main__":
    main()
