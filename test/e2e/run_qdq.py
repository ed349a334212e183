#!/usr/bin/env python3
"""End-to-end test of quantized ONNX models: edgec's integer code vs onnxruntime.

Usage: run_qdq.py --edgec PATH --work DIR [--filter SUBSTR] [--jobs 2]

Builds the models of make_qdq_models.py (QDQ int8/uint8, QOperator, ConvInteger/MatMulInteger)
into WORK/models, then runs each like run_e2e.py does (compile, build, run, --repeat) and
compares with onnxruntime running the same quantized model (graph optimizations off, so Q/DQ
pairs are evaluated as ONNX defines them: float op, then QuantizeLinear).

Integer kernels requantize with a fixed-point multiplier where onnxruntime's reference path
rounds a float product, so an int8 result may differ by one step of its scale, and steps add
up layer by layer: an output passes iff max |out - ref| <= TOLERANCE_STEPS x the scale of the
DequantizeLinear that produces it, or for an output computed in float from dequantized values,
of the largest scale among the nearest DequantizeLinear ops upstream (bit-exactness of the
integer kernels is checked against the numpy model of the integer pipeline, not here).

Ends with "N passed, N failed"; exit status 0 iff every case passed.
"""
import argparse
import concurrent.futures
import json
import os
import subprocess
import sys

import onnx
from onnx import numpy_helper

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import run_e2e  # noqa: E402

TOLERANCE_STEPS = 3


def output_steps(model_path):
    """Per graph output: the largest scale of the nearest DequantizeLinear ops it is computed
    from (the output's own, or those feeding the float ops that produce it); None if none."""
    model = onnx.load(model_path)
    inits = {t.name: t for t in model.graph.initializer}
    producers = {o: n for n in model.graph.node for o in n.output}
    steps = []
    for out in model.graph.output:
        scales, todo, seen = [], [out.name], set()
        while todo:
            name = todo.pop()
            node = producers.get(name)
            if node is None or name in seen:
                continue
            seen.add(name)
            if node.op_type == "DequantizeLinear":
                if node.input[1] in inits:
                    scales.append(float(numpy_helper.to_array(inits[node.input[1]]).max()))
            else:
                todo.extend(node.input)
        steps.append(max(scales) if scales else None)
    return steps


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--edgec", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--filter", default="")
    ap.add_argument("--jobs", type=int, default=2)
    args = ap.parse_args(argv)
    models = os.path.join(args.work, "models")
    subprocess.run([sys.executable, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                                 "make_qdq_models.py"), models],
                   check=True, stdout=subprocess.DEVNULL)
    with open(os.path.join(models, "qdq_models.json")) as f:
        listed = json.load(f)
    cases = []
    for m in listed:
        if args.filter not in m["name"]:
            continue
        steps = output_steps(m["model"])
        cases.append({
            "name": m["name"].replace(".", "_"),
            "model": m["model"],
            "inputs": [dict(i, static=True) for i in m["inputs"]],
            "outputs": [o["name"] for o in m["outputs"]],
            "atol": [None if s is None else TOLERANCE_STEPS * s for s in steps],
        })
    opts = argparse.Namespace(edgec=args.edgec, work=args.work, cxx=["c++"], opt=["-O1"], cxxflags=[],
                              until="run")
    failed = 0
    with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
        for r in pool.map(lambda c: run_e2e.run_case(c, opts), cases):
            err = "" if r["err"] is None else " max abs err %.3g" % r["err"]
            print("%-40s %s%s" % (r["name"], r["status"], err), flush=True)
            if r["status"] != "PASS":
                failed += 1
                for line in r["log"]:
                    print("    " + line.replace("\n", "\n    "))
    print("%d passed, %d failed" % (len(cases) - failed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
