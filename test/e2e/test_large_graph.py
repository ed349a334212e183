#!/usr/bin/env python3
"""A 50,000-node chain compiles (no recursion as deep as the graph, no quadratic pass) and
its arena is one tensor: a chain of elementwise kernels runs in place, each writing over the
input it reads for the last time."""
import argparse
import json
import os
import subprocess
import sys
import time

import onnx
from onnx import TensorProto, helper

NODES = 50000
LIMIT_S = 120


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--edgec", required=True)
    ap.add_argument("--work", required=True)
    args = ap.parse_args()
    os.makedirs(args.work, exist_ok=True)
    nodes, prev = [], "x"
    for i in range(NODES):
        out = "y" if i == NODES - 1 else f"t{i}"
        nodes.append(helper.make_node("Relu" if i % 2 else "Neg", [prev], [out], name=f"n{i}"))
        prev = out
    graph = helper.make_graph(nodes, "chain", [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 16])],
                              [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 16])])
    model_path = os.path.join(args.work, "chain50k.onnx")
    onnx.save(helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)]), model_path)

    out_dir = os.path.join(args.work, "out")
    start = time.monotonic()
    run = subprocess.run([args.edgec, "compile", model_path, "-o", out_dir, "--quiet"],
                         capture_output=True, text=True, timeout=LIMIT_S * 2)
    seconds = time.monotonic() - start
    failures = []
    if run.returncode != 0:
        failures.append(f"edgec exited {run.returncode}: {run.stderr.strip()[:300]}")
    else:
        report = json.load(open(os.path.join(out_dir, "report.json")))
        if len(report["layers"]) != NODES:
            failures.append(f"{len(report['layers'])} kernel calls, expected {NODES}")
        if report["memory"]["arena_bytes"] != 16 * 4:
            failures.append(f"arena {report['memory']['arena_bytes']} bytes, expected {16 * 4}")
    if seconds > LIMIT_S:
        failures.append(f"took {seconds:.1f} s, limit {LIMIT_S} s")
    print(f"{NODES}-node chain compiled in {seconds:.1f} s")
    for f in failures:
        print("FAIL:", f)
    print(f"{0 if failures else 1} passed, {1 if failures else 0} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
