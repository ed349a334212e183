#!/usr/bin/env python3
"""Instruction counts of the sparse-weight kernels (issue 9) against the dense ones.

Usage: bench_sparse.py [--cxx CXX] [--arch-flags FLAGS] [--core CORE | --cortex-m4] [--layers L ...]
                       [--formats F ...] [--json OUT]

Builds scripts/bench_sparse_driver.cpp (with the compiler's packer, compiler/support/
SparseFormats.cpp) the way emitted host code is built (-std=c++17 -O2 plus the emitted
CMakeLists.txt's EDGEC_ARCH_FLAGS: bench_host.py's default_arch_flags(), -march=x86-64-v3
-ffp-contract=off on an AVX2 machine), runs every layer once per format under
`valgrind --tool=callgrind --collect-atstart=no`, the driver switching collection on around
the kernel call only, and prints a markdown table: executed instructions of the dense kernel
(on the same weights, 2:4-sparsified), of the sparse one, and their ratio. The driver checks
each sparse result against the dense one (int8: equal; float: max |difference| shown).

With --core CORE (m0plus, m4, m7, m33, m55; --cortex-m4 is --core m4) the driver is built for
that Cortex-M target instead (its cpu flags, the Cortex-M runtime stub, -O2 as emitted firmware)
and run on the target's QEMU board with `-icount shift=0`; the dense int8 kernels are then the
target's (edgec_conv_s8_dsp / _v6m / _mve and the matching fully connected one), and the figures
are instructions counted by SysTick (a resolution of 40 instructions), not cycles. Where the core
has sparse variants (sparse_s8_<variant>.h), an int8 N:M layer is also run through them
(edgec_conv_nm_s8_<variant>, edgec_fully_connected_nm_s8_<variant>), shown as "sparse variant"
beside the reference sparse kernels.
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


CORES = ("m0plus", "m4", "m7", "m33", "m55")


def core_target(core):
    with open(os.path.join(ROOT, "targets", "cortex-" + core, "target.json")) as f:
        return json.load(f)


def core_variant(target):
    """The suffix of the core's int8 conv kernel (dsp, v6m, mve)."""
    return target["kernels"]["impls"]["edgec_conv_s8"]["name"].rsplit("_", 1)[1]


def has_sparse_variant(variant):
    return os.path.exists(os.path.join(ROOT, "targets", "cortex-m", "kernels", "edgec", "kernels",
                                       f"sparse_s8_{variant}.h"))


def build_cortex_m(core, work):
    """The driver as firmware for the core's QEMU board; (elf, instructions per tick)."""
    target = core_target(core)
    variant = core_variant(target)
    cpu = target["toolchain"]["cpu_flags"].split() + ["-mthumb"]
    stub = os.path.join(ROOT, "runtime-stub", "cortex-m")
    objs = []
    for src in ("startup.c", "cycles.c"):
        objs.append(os.path.join(work, src[:-2] + ".o"))
        subprocess.run(["arm-none-eabi-gcc", *cpu, "-O2", "-I", stub, "-c", os.path.join(stub, src), "-o", objs[-1]],
                       check=True)
    elf = os.path.join(work, "bench_sparse_driver.elf")
    defines = ["-DEDGEC_BENCH_CORTEX_M", "-DEDGEC_BENCH_VARIANT_" + variant.upper()]
    if has_sparse_variant(variant):
        defines.append("-DEDGEC_BENCH_SPARSE_VARIANT")
    cmd = ["arm-none-eabi-g++", *cpu, "-std=c++17", "-O2", "-fno-exceptions", "-fno-rtti", "-Wno-psabi",
           "-ffunction-sections", "-fdata-sections", *defines, "-I", stub,
           "-I", os.path.join(ROOT, "targets", "cortex-m", "kernels"),
           "-I", os.path.join(ROOT, "runtime-stub", "common"),
           "-I", os.path.join(ROOT, "targets", "reference", "kernels"), "-I", ROOT,
           os.path.join(ROOT, "scripts", "bench_sparse_driver.cpp"),
           os.path.join(ROOT, "compiler", "support", "SparseFormats.cpp"), *objs,
           "--specs=rdimon.specs", "-Wl,--gc-sections",
           "-T", os.path.join(stub, "boards", target["emulator"]["machine"] + ".ld"),
           "-L", os.path.join(stub, "boards"), "-o", elf]
    print("build:", " ".join(cmd[:len(cpu) + 3]), "...", file=sys.stderr)
    subprocess.run(cmd, check=True)
    return elf, 1e9 / target["emulator"]["clock_hz"]


def count(exe, layer, fmt, per_tick=None, board=None, variant=False):
    """(instructions, driver's line) of one kernel call: callgrind's count, or with per_tick
    (firmware for QEMU's board) SysTick's under QEMU -icount; variant: the core's sparse
    variant (firmware only)."""
    if per_tick:
        extra = ",arg=variant" if variant else ""
        out = subprocess.run(["qemu-system-arm", "-M", board, "-nographic", "-monitor", "none", "-serial",
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
    ap.add_argument("--core", choices=CORES, help="count on this Cortex-M target under QEMU")
    ap.add_argument("--cortex-m4", action="store_true", help="the same as --core m4")
    ap.add_argument("--layers", nargs="+", default=None,
                    help="default: every int8 layer, and on the host c3x3_f32, fc_f32 and fc16_f32 too")
    ap.add_argument("--formats", nargs="+", default=FORMATS)
    ap.add_argument("--json", help="write every figure here")
    args = ap.parse_args()
    core = "m4" if args.cortex_m4 else args.core
    flags = arch_flags() if args.arch_flags is None else args.arch_flags
    layers = args.layers or list(LAYERS) + ([] if core else ["c3x3_f32", "fc_f32", "fc16_f32"])

    rows = []
    with tempfile.TemporaryDirectory() as work:
        board, variant = None, None
        if core:
            target = core_target(core)
            exe, per_tick = build_cortex_m(core, work)
            board = target["emulator"]["machine"]
            variant = core_variant(target) if has_sparse_variant(core_variant(target)) else None
            flags = f"cortex-{core} (" + " ".join(target["toolchain"]["cpu_flags"].split()) + ")"
        else:
            exe, per_tick = build(args.cxx, flags, work), None
        for layer in layers:
            dense, _ = count(exe, layer, "dense", per_tick, board)
            for fmt in args.formats:
                sparse, info = count(exe, layer, fmt, per_tick, board)
                density = re.search(r"density ([\d.]+)", info)
                diff = re.search(r"max_abs_diff (\S+)", info)
                if not layer.endswith("_f32") and diff and float(diff.group(1)) != 0.0:
                    raise RuntimeError(f"{layer} {fmt}: int8 result differs from the dense kernel's")
                sparse_variant = None
                if variant and not layer.endswith("_f32") and ":" in fmt:
                    sparse_variant, info_v = count(exe, layer, fmt, per_tick, board, variant=True)
                    diff_v = re.search(r"max_abs_diff (\S+)", info_v)
                    if not diff_v or float(diff_v.group(1)) != 0.0:
                        raise RuntimeError(f"{layer} {fmt}: the {variant} sparse result differs from the dense kernel's")
                rows.append({"layer": layer, "format": fmt, "dense": dense, "sparse": sparse,
                             "sparse_variant": sparse_variant,
                             "density": float(density.group(1)) if density else None,
                             "max_abs_diff": float(diff.group(1)) if diff else None})

        # A float FC is emitted as Gemm(transB = 1), whose dense kernel goes one output at a time;
        # the pointwise conv form (register tiles) is the fairer dense figure, shown beside it.
        pointwise = {layer: count(exe, layer, "dense_pw", per_tick, board)[0] for layer in layers
                     if layer.startswith("fc") and layer.endswith("_f32")}

    if core:
        print(f"Instructions per kernel call on {flags}, -O2, QEMU {board} -icount (SysTick; not cycles);"
              " dense int8 = the target's kernels.\n")
    else:
        print(f"Instructions per kernel call (callgrind), `{args.cxx} -std=c++17 -O2 {flags}`.\n")
    variant_cols = bool(variant)
    print("| layer | format | density | dense Minstr | sparse Minstr | sparse / dense |"
          + (f" sparse {variant} Minstr | sparse {variant} / dense |" if variant_cols else ""))
    print("|---|---|---|---|---|---|" + ("---|---|" if variant_cols else ""))
    for r in rows:
        base = r["layer"][:-4] if r["layer"].endswith("_f32") else r["layer"]
        name = LAYERS.get(base, base) + (" (float)" if r["layer"].endswith("_f32") else " (int8)")
        extra = ""
        if variant_cols:
            extra = (f" {r['sparse_variant'] / 1e6:.3f} | {r['sparse_variant'] / r['dense']:.2f} |" if r["sparse_variant"]
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
