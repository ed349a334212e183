#!/usr/bin/env python3
"""Node-test-shaped cases written by a script and run through the conformance runner.

The suites run_recurrent_cases.py and run_loop_cases.py build models that ONNX's node tests
leave out, take onnxruntime's outputs as the expected ones, write them in the node-test
layout (DIR/node/test_NAME/model.onnx, test_data_set_0/) and run run_conformance.py on them
alone: every case must pass.
"""

import argparse
import os
import sys

import onnx
from onnx import numpy_helper

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import derive_cases  # noqa: E402
import run_conformance  # noqa: E402


def save(out, name, m, feeds, expected):
    """Writes one case: the model, its inputs `feeds` and outputs `expected` (by name)."""
    d = os.path.join(out, "test_" + name)
    os.makedirs(os.path.join(d, "test_data_set_0"))
    onnx.save(m, os.path.join(d, "model.onnx"))
    for i, v in enumerate(m.graph.input):
        onnx.save_tensor(numpy_helper.from_array(feeds[v.name], v.name),
                         os.path.join(d, "test_data_set_0", f"input_{i}.pb"))
    for i, v in enumerate(m.graph.output):
        onnx.save_tensor(numpy_helper.from_array(expected[v.name], v.name),
                         os.path.join(d, "test_data_set_0", f"output_{i}.pb"))


def main(what, write_cases, argv=None):
    """Command line of a generated suite: `write_cases(node_dir)` writes the cases (and returns
    how many), then the conformance runner checks them all."""
    ap = argparse.ArgumentParser(description="Generated %s cases through the conformance runner" % what)
    ap.add_argument("--edgec", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--cxx", default="g++")
    ap.add_argument("--jobs", type=int, default=2)
    args = ap.parse_args(argv)
    node_dir = os.path.join(os.path.abspath(args.work), "node")
    count = write_cases(node_dir)
    print(f"wrote {count} {what} cases under {node_dir}")
    derive_cases.suites = lambda: [(what, node_dir)]
    return run_conformance.main(["--edgec", args.edgec, "--cxx", args.cxx, "--work",
                                 os.path.join(os.path.abspath(args.work), "run"), "--jobs", str(args.jobs),
                                 "--min-pass-rate", "1.0"])
