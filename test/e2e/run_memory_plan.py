#!/usr/bin/env python3
"""The memory plan on every bundled model: arena against the lower bound, and memory pools.

For each model (models/tiny_cnn.onnx and the real models of models/real_models.json):
1. `edgec compile` for host: the arena must be within --max-ratio (1.05) of the lower bound
   (the most bytes live at any one kernel call, in-place tensors counted once);
2. again with a two-pool board (--target-desc inheriting host: a fast pool of a quarter of
   that arena, a large slow one): the fast pool must hold its capacity, and the bytes the
   kernels read and write in the slow pool must stay under --max-slow-share of all arena
   traffic (what the slow pool would carry if it were the only one); room the activations
   leave in the fast pool takes copies of weights (copied at _init), which at least one
   model must use;
3. again with --arena-limit at 75 % of that arena, which patches the first layers (patch-based
   inference) until the arena fits: where the compiler finds a plan, it must fit, and at least
   one model must come out below its layer-wise lower bound;
4. every build runs on the same input (the model's real sample; random for tiny_cnn) and the
   outputs must be identical, byte for byte: placement and patching change addresses and
   loop order, never values. tiny_cnn is also patched with several explicit --patch shapes,
   in float and int8.
Prints a table and ends with "N passed, N failed".
"""
import json
import os
import pathlib
import sys

import numpy as np

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT / "scripts"))
from run_e2e import Failure, bundled_models, fmt_cmd, harness_build_cmd, model_runner_parser, run, tail  # noqa: E402

TIMEOUT = 600


class NoFit(Exception):
    pass


def compile_build_run(args, model, out, extra, cxxflags=()):
    cmd = [args.edgec, "compile", str(model["path"]), "-o", str(out), "--with-main", "--name", "net", *extra]
    for name, shape in model["inputs"].items():
        cmd += ["--input-shape", "%s=%s" % (name, "x".join(map(str, shape)))]
    for step in (cmd, harness_build_cmd(args.cxx, "-O2", out, "net", out / "net_main", cxxflags)):
        rc, log, _ = run(step, TIMEOUT)
        if rc != 0 and "does not fit --arena-limit" in log:
            raise NoFit(log.strip().splitlines()[-1])
        if rc != 0:
            raise Failure("$ %s\n%s" % (fmt_cmd(step), tail(log)))
    hcmd = [str(out / "net_main"), *[str(p) for p in model["samples"].values()], "-o", str(out / "result")]
    rc, log, _ = run(hcmd, TIMEOUT)
    if rc != 0:
        raise Failure("$ %s\n%s" % (fmt_cmd(hcmd), tail(log)))
    outputs = sorted((out / "result").glob("output_*.npy"))
    if not outputs:
        raise Failure("%s wrote no outputs" % hcmd[0])
    with open(out / "report.json") as f:
        return json.load(f)["memory"], [p.read_bytes() for p in outputs]


def check(args, model):
    work = pathlib.Path(args.work) / model["name"]
    row = {"model": model["name"]}
    single, outputs = compile_build_run(args, model, work / "single", [])
    arena, bound = single["arena_bytes"], single["lower_bound_bytes"]
    row.update(arena=arena, bound=bound, ratio=arena / max(bound, 1))
    if row["ratio"] > args.max_ratio:
        raise Failure("arena %d is %.3fx the lower bound %d (limit %.2fx)" % (arena, row["ratio"], bound,
                                                                              args.max_ratio))
    fast = max(4096, arena // 4 // 16 * 16)
    board = work / "board.json"
    board.write_text(json.dumps({"inherits": "host", "name": "two_pools", "pools": [
        {"name": "fast", "bytes": fast, "speed": 4}, {"name": "slow", "bytes": 4 * arena + (1 << 20), "speed": 1}]}))
    tiered, tiered_outputs = compile_build_run(args, model, work / "pools", ["--target-desc", str(board)])
    pools = {p["name"]: p for p in tiered["pools"]}
    total = tiered["arena_traffic_bytes"]
    slow = pools["slow"]["bytes_read"] + pools["slow"]["bytes_written"]
    row.update(fast=fast, fast_used=pools["fast"]["size"], slow_used=pools["slow"]["size"], traffic=total,
               fast_weights=pools["fast"].get("weights_bytes", 0),
               slow_share=slow / max(total, 1),
               fast_tensors=sum(1 for t in tiered["timeline"] if t["pool"] == "fast"),
               tensors=len(tiered["timeline"]))
    if pools["fast"]["size"] > fast:
        raise Failure("the fast pool holds %d bytes, over its capacity %d" % (pools["fast"]["size"], fast))
    if row["slow_share"] > args.max_slow_share:
        raise Failure("%.1f%% of the arena traffic stays in the slow pool (limit %.0f%%)"
                      % (100 * row["slow_share"], 100 * args.max_slow_share))
    if tiered_outputs != outputs:
        raise Failure("outputs differ between the one-pool and the two-pool builds")

    limit = arena * 3 // 4
    row.update(limit=limit, patched=None)
    try:
        patched, patched_outputs = compile_build_run(args, model, work / "patched", ["--arena-limit", str(limit)])
    except NoFit as e:
        print("  %s: %s" % (model["name"], e))
        return row
    if patched["arena_bytes"] > limit:
        raise Failure("--arena-limit %d gave an arena of %d" % (limit, patched["arena_bytes"]))
    if patched_outputs != outputs:
        raise Failure("outputs differ between the patched and the un-patched builds")
    row.update(patched=patched["arena_bytes"], layerwise=patched["layerwise_lower_bound_bytes"],
               plan=patched["patch_plan"])
    return row


def chain_model(work):
    """A CNN whose first six kernels form a chain that exercises every case of the patch
    geometry: padding, stride 2, dilation 2, a depthwise conv, max and average pools (the
    latter with padding not counted), odd sizes; then a head that patching leaves alone.
    Random weights (seeded), a random input and 8 random calibration samples."""
    import onnx
    from onnx import TensorProto, helper, numpy_helper
    rng = np.random.default_rng(1)

    def weight(name, shape):
        return numpy_helper.from_array((rng.standard_normal(shape) * 0.3).astype(np.float32), name)

    nodes = [
        helper.make_node("Conv", ["x", "w0", "b0"], ["c0"], pads=[1, 1, 1, 1]),
        helper.make_node("Relu", ["c0"], ["r0"]),
        helper.make_node("Conv", ["r0", "w1"], ["c1"], group=8, strides=[2, 2], pads=[1, 1, 1, 1]),
        helper.make_node("MaxPool", ["c1"], ["p1"], kernel_shape=[3, 3], pads=[1, 1, 1, 1]),
        helper.make_node("Conv", ["p1", "w2", "b2"], ["c2"]),
        helper.make_node("Clip", ["c2", "lo", "hi"], ["r2"]),
        helper.make_node("AveragePool", ["r2"], ["p2"], kernel_shape=[3, 3], strides=[2, 2], pads=[1, 1, 0, 0]),
        helper.make_node("Conv", ["p2", "w3"], ["c3"], dilations=[2, 2], pads=[2, 2, 2, 2]),
        helper.make_node("GlobalAveragePool", ["c3"], ["g"]),
        helper.make_node("Flatten", ["g"], ["y"]),
    ]
    inits = [weight("w0", (8, 3, 3, 3)), weight("b0", (8,)), weight("w1", (8, 1, 3, 3)),
             weight("w2", (16, 8, 1, 1)), weight("b2", (16,)), weight("w3", (8, 16, 3, 3)),
             numpy_helper.from_array(np.array(0, np.float32), "lo"),
             numpy_helper.from_array(np.array(6, np.float32), "hi")]
    graph = helper.make_graph(nodes, "patch_chain", [helper.make_tensor_value_info("x", TensorProto.FLOAT,
                                                                                   [1, 3, 37, 29])],
                              [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 8])], inits)
    path = work / "patch_chain.onnx"
    onnx.save(helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)]), path)
    sample = work / "patch_chain_input.npy"
    np.save(sample, rng.standard_normal((1, 3, 37, 29)).astype(np.float32))
    calibration = work / "patch_chain_calibration"
    calibration.mkdir(exist_ok=True)
    for i in range(8):
        np.save(calibration / ("sample_%04d.npy" % i), rng.standard_normal((1, 3, 37, 29)).astype(np.float32))
    return {"name": "patch_chain", "path": path, "inputs": {}, "samples": {"x": sample}}, calibration


def check_explicit_patches(args):
    """A six-kernel chain under several patch shapes, float and int8: outputs identical to no patching."""
    work = pathlib.Path(args.work) / "patch_chain"
    work.mkdir(parents=True, exist_ok=True)
    model, calibration = chain_model(work)
    for quant in ([], ["--quantize", "int8", "--calibration", str(calibration)]):
        tag = "int8" if quant else "float"
        _, reference = compile_build_run(args, model, work / (tag + "_plain"), quant)
        for shape in ("2x1", "2x2", "3x3", "4x4", "6x5", "6x7"):
            # Patched code (patch.h, the unrolled stage) must compile as cleanly as the rest.
            memory, outputs = compile_build_run(args, model, work / ("%s_%s" % (tag, shape)), quant + ["--patch", shape],
                                                args.warning_flags.split())
            if not memory["patch_plan"]:
                raise Failure("--patch %s made no patch stage" % shape)
            if outputs != reference:
                raise Failure("patch_chain %s --patch %s: outputs differ from the un-patched build" % (tag, shape))
            print("  patch_chain %s --patch %s: %d kernels in %s patches, identical" % (
                tag, shape, len(memory["patch_plan"][0]["kernels"]), memory["patch_plan"][0]["grid"]))


def main(argv=None):
    ap = model_runner_parser(__doc__)
    ap.add_argument("--warning-flags", default="-Wall -Wextra -Werror -Wshadow -Wconversion -Wno-sign-conversion",
                    help="flags the patched builds must compile cleanly with")
    ap.add_argument("--max-ratio", type=float, default=1.05, help="largest arena / lower bound")
    ap.add_argument("--max-slow-share", type=float, default=0.9,
                    help="largest share of arena traffic left in the slow pool")
    args = ap.parse_args(argv)
    work = pathlib.Path(os.path.abspath(args.work))
    work.mkdir(parents=True, exist_ok=True)
    rows, failures = [], []
    if not args.filter or args.filter in "patch_chain":
        try:
            check_explicit_patches(args)
        except (Failure, NoFit) as e:
            failures.append(("patch_chain --patch", str(e)))
    for model in bundled_models(work, require_files=False):
        if args.filter and args.filter not in model["name"]:
            continue
        print("== %s" % model["name"], flush=True)
        try:
            if not pathlib.Path(model["path"]).is_file():
                raise Failure("%s is missing: run scripts/setup.sh" % model["path"])
            rows.append(check(args, model))
        except Failure as e:
            failures.append((model["name"], str(e)))
    header = ("model", "arena", "lower bound", "ratio", "fast cap", "fast used", "weights in fast", "slow used",
              "tensors fast/all", "arena traffic", "slow share", "limit 75%", "patched arena", "vs layer-wise LB",
              "patch plan", "outputs")

    def patch_cells(r):
        if r["patched"] is None:
            return ("no fit", "-", "-")
        stage = r["plan"][0] if r["plan"] else None
        plan = "%d kernels, %dx%d" % (len(stage["kernels"]), *stage["grid"]) if stage else "none"
        return (r["patched"], "%.3f" % (r["patched"] / r["layerwise"]), plan)

    table = [header] + [(r["model"], r["arena"], r["bound"], "%.3f" % r["ratio"], r["fast"], r["fast_used"],
                         r["fast_weights"], r["slow_used"], "%d/%d" % (r["fast_tensors"], r["tensors"]), r["traffic"],
                         "%.1f%%" % (100 * r["slow_share"]), r["limit"], *patch_cells(r), "identical")
                        for r in rows]
    widths = [max(len(str(row[i])) for row in table) for i in range(len(header))]
    for i, row in enumerate(table):
        print("  ".join(str(v).ljust(w) for v, w in zip(row, widths)))
        if i == 0:
            print("  ".join("-" * w for w in widths))
    for name, why in failures:
        print("\n==== %s: FAIL ====\n%s" % (name, why))
    below = [r["model"] for r in rows if r["patched"] is not None and r["patched"] < r["layerwise"]]
    if rows and not args.filter and not any(r["fast_weights"] > 0 for r in rows):
        failures.append(("weights", "no model copied weights into the fast pool"))
    if rows and not args.filter and not below:
        failures.append(("patching", "no model's patched arena is below its layer-wise lower bound"))
    print("\n%d passed, %d failed" % (len(rows), len(failures)))
    return 0 if rows and not failures else 1


if __name__ == "__main__":
    sys.exit(main())
