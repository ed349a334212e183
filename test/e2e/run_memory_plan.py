#!/usr/bin/env python3
"""The memory plan on every bundled model: arena against the lower bound, and memory pools.

For each model (models/tiny_cnn.onnx and the real models of models/real_models.json):
1. `edgec compile` for host: the arena must be within --max-ratio (1.05) of the lower bound
   (the most bytes live at any one kernel call, in-place tensors counted once);
2. again with a two-pool board (--target-desc inheriting host: a fast pool of a quarter of
   that arena, a large slow one): the fast pool must hold its capacity, and the bytes the
   kernels read and write in the slow pool must stay under --max-slow-share of all arena
   traffic (what the slow pool would carry if it were the only one);
3. both builds run on the same input (the model's real sample; random for tiny_cnn) and
   their outputs must be identical, byte for byte: placement changes addresses, never values.
Prints a table and ends with "N passed, N failed".
"""
import argparse
import json
import os
import pathlib
import sys

import numpy as np

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT / "scripts"))
import real_models  # noqa: E402
from run_e2e import fmt_cmd, harness_build_cmd, run, tail  # noqa: E402

TIMEOUT = 600


def models(work):
    tiny_input = work / "tiny_cnn_input.npy"
    np.save(tiny_input, np.random.default_rng(0).standard_normal((1, 3, 16, 16)).astype(np.float32))
    yield {"name": "tiny_cnn", "path": ROOT / "models" / "tiny_cnn.onnx", "inputs": {},
           "samples": {"input": tiny_input}}
    yield from real_models.load(require_files=False)


class Failure(Exception):
    pass


def compile_build_run(args, model, out, extra):
    cmd = [args.edgec, "compile", str(model["path"]), "-o", str(out), "--with-main", "--name", "net", *extra]
    for name, shape in model["inputs"].items():
        cmd += ["--input-shape", "%s=%s" % (name, "x".join(map(str, shape)))]
    for step in (cmd, harness_build_cmd(args.cxx, "-O2", out, "net", out / "net_main")):
        rc, log, _ = run(step, TIMEOUT)
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
    return row


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--edgec", required=True)
    ap.add_argument("--cxx", default="c++")
    ap.add_argument("--work", required=True)
    ap.add_argument("--filter", default=None, help="only models whose name contains this")
    ap.add_argument("--max-ratio", type=float, default=1.05, help="largest arena / lower bound")
    ap.add_argument("--max-slow-share", type=float, default=0.9,
                    help="largest share of arena traffic left in the slow pool")
    args = ap.parse_args(argv)
    work = pathlib.Path(os.path.abspath(args.work))
    work.mkdir(parents=True, exist_ok=True)
    rows, failures = [], []
    for model in models(work):
        if args.filter and args.filter not in model["name"]:
            continue
        print("== %s" % model["name"], flush=True)
        try:
            if not pathlib.Path(model["path"]).is_file():
                raise Failure("%s is missing: run scripts/setup.sh" % model["path"])
            rows.append(check(args, model))
        except Failure as e:
            failures.append((model["name"], str(e)))
    header = ("model", "arena", "lower bound", "ratio", "fast cap", "fast used", "slow used",
              "tensors fast/all", "arena traffic", "slow share", "outputs")
    table = [header] + [(r["model"], r["arena"], r["bound"], "%.3f" % r["ratio"], r["fast"], r["fast_used"],
                         r["slow_used"], "%d/%d" % (r["fast_tensors"], r["tensors"]), r["traffic"],
                         "%.1f%%" % (100 * r["slow_share"]), "identical") for r in rows]
    widths = [max(len(str(row[i])) for row in table) for i in range(len(header))]
    for i, row in enumerate(table):
        print("  ".join(str(v).ljust(w) for v, w in zip(row, widths)))
        if i == 0:
            print("  ".join("-" * w for w in widths))
    for name, why in failures:
        print("\n==== %s: FAIL ====\n%s" % (name, why))
    print("\n%d passed, %d failed" % (len(rows), len(failures)))
    return 0 if rows and not failures else 1


if __name__ == "__main__":
    sys.exit(main())
