#!/usr/bin/env python3
"""Instruction counts of the sparse-weight kernels (issue 9) against the dense ones.

Usage: bench_sparse.py [--cxx CXX] [--arch-flags FLAGS] [--layers L ...] [--formats F ...] [--json OUT]

Builds scripts/bench_sparse_driver.cpp (with the compiler's packer, compiler/support/
SparseFormats.cpp) the way emitted host code is built (-std=c++17 -O2 plus the emitted
CMakeLists.txt's EDGEC_ARCH_FLAGS: bench_host.py's default_arch_flags(), -march=x86-64-v3
-ffp-contract=off on an AVX2 machine), runs every layer once per format under
`valgrind --tool=callgrind --collect-atstart=no`, the driver switching collection on around
the kernel call only, and prints a markdown table: executed instructions of the dense kernel
(on the same weights, 2:4-sparsified), of the sparse one, and their ratio. The driver checks
each sparse result against the dense one (int8: equal; float: max |difference| shown).
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


def count(exe, layer, fmt):
    """(instructions, driver's line) of one kernel call."""
    out = subprocess.run(["valgrind", "--tool=callgrind", "--collect-atstart=no", "--callgrind-out-file=/dev/null",
                          exe, layer, fmt], capture_output=True, text=True)
    if out.returncode != 0:
        raise RuntimeError(f"{layer} {fmt}: driver failed\n{out.stdout}{out.stderr}")
    m = re.search(r"Collected : (\d+)", out.stderr)
    if not m:
        raise RuntimeError(f"{layer} {fmt}: no callgrind total\n{out.stderr}")
    return int(m.group(1)), out.stdout.strip()


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cxx", default=os.environ.get("CXX", "g++"))
    ap.add_argument("--arch-flags", default=None, help="default: what emitted host code gets on this machine")
    ap.add_argument("--layers", nargs="+", default=list(LAYERS) + ["c3x3_f32", "fc16_f32"])
    ap.add_argument("--formats", nargs="+", default=FORMATS)
    ap.add_argument("--json", help="write every figure here")
    args = ap.parse_args()
    flags = arch_flags() if args.arch_flags is None else args.arch_flags

    rows = []
    with tempfile.TemporaryDirectory() as work:
        exe = build(args.cxx, flags, work)
        for layer in args.layers:
            dense, _ = count(exe, layer, "dense")
            for fmt in args.formats:
                sparse, info = count(exe, layer, fmt)
                density = re.search(r"density ([\d.]+)", info)
                diff = re.search(r"max_abs_diff (\S+)", info)
                if not layer.endswith("_f32") and diff and float(diff.group(1)) != 0.0:
                    raise RuntimeError(f"{layer} {fmt}: int8 result differs from the dense kernel's")
                rows.append({"layer": layer, "format": fmt, "dense": dense, "sparse": sparse,
                             "density": float(density.group(1)) if density else None,
                             "max_abs_diff": float(diff.group(1)) if diff else None})

        # A float FC is emitted as Gemm(transB = 1), whose dense kernel goes one output at a time;
        # the pointwise conv form (register tiles) is the fairer dense figure, shown beside it.
        pointwise = {layer: count(exe, layer, "dense_pw")[0] for layer in args.layers
                     if layer.startswith("fc") and layer.endswith("_f32")}

    print(f"Instructions per kernel call (callgrind), `{args.cxx} -std=c++17 -O2 {flags}`.\n")
    print("| layer | format | density | dense Minstr | sparse Minstr | sparse / dense |")
    print("|---|---|---|---|---|---|")
    for r in rows:
        base = r["layer"][:-4] if r["layer"].endswith("_f32") else r["layer"]
        name = LAYERS.get(base, base) + (" (float)" if r["layer"].endswith("_f32") else " (int8)")
        print(f"| {name} | {r['format']} | {r['density']:.2f} | {r['dense'] / 1e6:.3f} | {r['sparse'] / 1e6:.3f} "
              f"| {r['sparse'] / r['dense']:.2f} |")
    for layer, n in pointwise.items():
        print(f"\n{layer}: the dense float FC as a 1x1 conv (edgec_conv_pointwise_f32): {n / 1e6:.3f} Minstr.")
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"flags": flags, "rows": rows, "dense_pointwise": pointwise}, f, indent=1)


if __name__ == "__main__":
    main()
