#!/usr/bin/env python3
"""Cortex-M benchmark: flash, RAM and executed instructions per model and core under QEMU.

Usage: bench_cortex_m.py [--edgec PATH] [--work DIR] [--cores m0plus,m4,...] [--models M ...]
                         [--json OUT] [--no-reference]

Models (int8, post-training quantized with per-channel weights on seeded random calibration
data): `mnv2_block` (a MobileNetV2-style block: stem conv 3x3 stride 2, 3->16 on 64x64, then
on 32x32 a 1x1 16->96, a depthwise 3x3 on 96 and a 1x1 96->24; written by this script),
`tiny_cnn` (models/tiny_cnn.onnx) and the real models ppocr_mobilenetv3_cls and
pp_lcnet_orientation where their files exist. Every core runs every model that fits its
description, with its kernel variants (scalar ARMv6-M on m0plus, DSP on m4/m7/m33, Helium on
m55) and again with `--target-opt kernels=reference` (unless --no-reference): the portable
reference kernels built for the same core, so each variant's gain is measured on the same
layers.

Figures: flash and RAM from report.json's "firmware" (the model code only: text + rodata +
data; data + bss + deepest stack), and instructions executed per inference under QEMU
(`-icount shift=0`: SysTick counts 1 per 1e9/clock instructions, so figures are instruction
counts with a resolution of 31-50 instructions, not cycles), per layer through the harness's
--layers. Lower bound per conv layer: MACs x the instructions one MAC needs at the least with
the variant's widest multiply-accumulate, loads not counted: 1 (MLA) for the reference code,
2 for ARMv6-M's MULS + ADDS, 1/2 for SMLAD, 1/16 for Helium's VMLADAVA.S8.

Prints a table per model (core, variant, flash, RAM, instructions, instructions per MAC, and
the share of the busiest layers), then, for mnv2_block, each conv layer against what
CMSIS-NN's own kernels execute on it measured the same way (the issue's figures).
"""

import argparse
import json
import os
import subprocess
import sys

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "test", "targets"))
sys.path.insert(0, os.path.join(ROOT, "test", "e2e"))
import run_cortex_m as cm  # noqa: E402

# CMSIS-NN's own kernels on the mnv2_block layers (QEMU -icount, SysTick), million instructions.
CMSIS_NN = {
    "m4": [2.11, 6.10, 7.02, 4.27],
    "m55": [0.75, 1.99, 2.33, 0.91],
    "m0plus": [5.17, 19.1, 34.2, 16.6],
}
INSTRUCTIONS_PER_MAC = {"reference": 1.0, "scalar": 2.0, "dsp": 0.5, "mve": 1.0 / 16}


def make_mnv2_block(path):
    """The MobileNetV2-style block of the issue, float, random (seeded) weights."""
    import onnx
    from onnx import TensorProto, helper, numpy_helper
    rng = np.random.RandomState(3)
    nodes, inits = [], []

    def conv(name, x, cin, cout, k, stride, group, relu):
        w = (rng.randn(cout, cin // group, k, k) * np.sqrt(2.0 / (cin // group * k * k))).astype(np.float32)
        b = (rng.randn(cout) * 0.1).astype(np.float32)
        inits.extend([numpy_helper.from_array(w, name + "_w"), numpy_helper.from_array(b, name + "_b")])
        out = name + ("_pre" if relu else "")
        nodes.append(helper.make_node("Conv", [x, name + "_w", name + "_b"], [out], name=name, kernel_shape=[k, k],
                                      strides=[stride, stride], pads=[k // 2] * 4, group=group))
        if relu:
            inits.extend([numpy_helper.from_array(np.array(0, np.float32), name + "_lo"),
                          numpy_helper.from_array(np.array(6, np.float32), name + "_hi")])
            nodes.append(helper.make_node("Clip", [out, name + "_lo", name + "_hi"], [name], name=name + "_relu6"))
        return name

    x = conv("stem", "input", 3, 16, 3, 2, 1, True)
    x = conv("expand", x, 16, 96, 1, 1, 1, True)
    x = conv("depthwise", x, 96, 96, 3, 1, 96, True)
    x = conv("project", x, 96, 24, 1, 1, 1, False)
    graph = helper.make_graph(nodes, "mnv2_block", [helper.make_tensor_value_info("input", TensorProto.FLOAT, [1, 3, 64, 64])],
                              [helper.make_tensor_value_info(x, TensorProto.FLOAT, [1, 24, 32, 32])], inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
    onnx.save(model, path)


def models(work, wanted):
    block = os.path.join(work, "mnv2_block.onnx")
    if not os.path.exists(block):
        make_mnv2_block(block)
    found = [("mnv2_block", block, [], (1, 3, 64, 64))]
    for name, path, flags, shape, _, _ in cm.models():
        found.append((name, path, flags, shape))
    return [m for m in found if not wanted or m[0] in wanted]


def run_one(runner, case, core, extra, inputs):
    """Compile, build, run with --layers; a dict of figures, or {"nofit": reason} / {"error": ...}."""
    tag = core + ("-reference" if extra else "")
    out = os.path.join(runner.work, case["name"], tag)
    subprocess.run(["rm", "-rf", out])
    rc, log, _ = runner.edgec(case["model"], case["flags"] + extra, "cortex-" + core, out)
    if rc == 1 and cm.fits_not(log):
        return {"nofit": log.strip().splitlines()[-1]}
    if rc != 0:
        return {"error": "edgec: " + cm.tail(log, 5)}
    report = json.load(open(os.path.join(out, "report.json")))
    bdir = os.path.join(out, "build")
    ok, log = runner.build_firmware(core, out, report["model"], bdir)
    if not ok:
        return {"error": "build: " + log}
    rc, log, _ = cm.run([os.path.join(out, "run.sh"), bdir, *inputs, "-o", os.path.join(out, "result"), "--layers"],
                        timeout=1800)
    if rc != 0:
        return {"error": "run: " + cm.tail(log, 5)}
    total, layers = None, {}
    for line in log.splitlines():
        if line.startswith("instructions per inference:"):
            total = int(line.split(":")[1].split()[0])
        elif line.startswith("layer "):
            index, rest = line[len("layer "):].split(" ", 1)
            layers[int(index)] = int(rest.split(":")[1].split()[0])
    rows = []
    for i, layer in enumerate(report["layers"]):
        rows.append({"name": layer["name"], "op": layer["op"], "kernel": layer["kernel"],
                     "variant": layer.get("variant", "?"), "macs": layer["macs"], "instructions": layers.get(i)})
    fw = report.get("firmware", {})
    variants = sorted({r["variant"] for r in rows if r["kernel"].startswith(("edgec_conv", "edgec_fully_connected"))})
    return {"instructions": total, "flash": fw.get("flash_bytes"), "ram": fw.get("ram_bytes"),
            "flash_capacity": fw.get("flash_capacity"), "ram_capacity": fw.get("ram_capacity"),
            "macs": sum(r["macs"] for r in rows), "layers": rows, "variants": "/".join(variants) or "-"}


def fmt_m(n):
    return "-" if n is None else "%.2fM" % (n / 1e6)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--edgec", default=os.path.join(ROOT, "build", "tools", "edgec"))
    ap.add_argument("--work", default=os.path.join(ROOT, "out", "bench-cortex-m"))
    ap.add_argument("--cores", default="m0plus,m4,m7,m33,m55")
    ap.add_argument("--models", nargs="*", default=None)
    ap.add_argument("--json", default=None)
    ap.add_argument("--no-reference", action="store_true")
    args = ap.parse_args(argv)
    os.makedirs(args.work, exist_ok=True)
    runner = cm.Runner(argparse.Namespace(edgec=args.edgec, cxx="c++", work=args.work))
    runner.work = os.path.abspath(args.work)
    cores = [c for c in args.cores.split(",") if c]
    results = {}
    for name, path, flags, shape in models(args.work, args.models):
        calib = cm.calibration_set(runner.work, shape)
        case = {"name": name, "model": path, "flags": flags + ["--quantize", "int8", "--calibration", calib]}
        inp = os.path.join(runner.work, name + "_input.npy")
        np.save(inp, np.random.RandomState(7).rand(*shape).astype(np.float32))
        results[name] = {}
        print("\n## %s (int8)\n" % name)
        print("| core | kernels | flash | RAM | instructions | instr/MAC | busiest layers (share) |")
        print("|---|---|---|---|---|---|---|")
        for core in cores:
            runs = [("", [])]
            if not args.no_reference:
                runs.append(("reference", ["--target-opt", "kernels=reference"]))
            for label, extra in runs:
                r = run_one(runner, case, core, extra, [inp])
                results[name][core + ("-" + label if label else "")] = r
                if "nofit" in r or "error" in r:
                    print("| %s | %s | %s |||||" % (core, label or "-", "does not fit" if "nofit" in r else "ERROR " + r["error"].splitlines()[0]))
                    continue
                busiest = sorted((l for l in r["layers"] if l["instructions"]), key=lambda l: -l["instructions"])[:3]
                share = ", ".join("%s %.0f%%" % (l["name"], 100.0 * l["instructions"] / r["instructions"]) for l in busiest)
                print("| %s | %s | %.1f KiB of %d KiB | %.1f KiB of %d KiB | %s | %.2f | %s |" % (
                    core, label or r["variants"], r["flash"] / 1024, r["flash_capacity"] // 1024, r["ram"] / 1024,
                    r["ram_capacity"] // 1024, fmt_m(r["instructions"]), r["instructions"] / max(r["macs"], 1), share))
                sys.stdout.flush()
    block = results.get("mnv2_block")
    if block:
        print("\n## mnv2_block conv layers: million instructions (QEMU -icount), against CMSIS-NN's kernels and the bound\n")
        print("| core | kernels | stem 3x3/2 | 1x1 16->96 | dw 3x3 96 | 1x1 96->24 | vs CMSIS-NN | bound (MACs x instr/MAC) |")
        print("|---|---|---|---|---|---|---|---|")
        for key, r in block.items():
            if "layers" not in r:
                continue
            core = key.split("-")[0]
            convs = [l for l in r["layers"] if l["kernel"].startswith("edgec_conv")]
            ref = CMSIS_NN.get(core) if not key.endswith("-reference") else None
            ratios = "-" if not ref else " / ".join("%.2fx" % (l["instructions"] / 1e6 / c) for l, c in zip(convs, ref))
            variant = convs[0]["variant"] if convs else "?"
            bound = " / ".join("%.2f" % (l["macs"] * INSTRUCTIONS_PER_MAC.get(l["variant"], 1) / 1e6) for l in convs)
            print("| %s | %s | %s | %s | %s |" % (core, variant, " | ".join(fmt_m(l["instructions"]) for l in convs), ratios, bound))
    if args.json:
        with open(args.json, "w") as f:
            json.dump(results, f, indent=1)
    failed = any("error" in r for m in results.values() for r in m.values())
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
