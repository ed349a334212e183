#!/usr/bin/env python3
"""End-to-end test of an If on run-time data: a cascade, as an always-on device runs one. A cheap
conv net scores the input; only when the score is positive does a bigger verifier net run (the
If's then branch), else the output is zeros. The model is made here (onnx.helper, random weights
from a fixed seed), compiled once by edgec for the host, built, and run on inputs that take each
branch (chosen by onnxruntime's score, never hard-coded), each output compared with onnxruntime.
report.json must name the If with the verifier's MACs on its then side and none on its else side.
Prints one line per input and ends with "N passed, N failed".
"""
import json
import pathlib
import shutil
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from run_e2e import Failure, Tally, build_harness, compare, model_runner_parser, ort_session, run_harness  # noqa: E402

SIZE = 24  # input: float[1, 1, SIZE, SIZE]


def conv(name, x, cin, cout, rng, nodes, inits):
    w = numpy_helper.from_array((rng.standard_normal((cout, cin, 3, 3)) / np.sqrt(9 * cin)).astype(np.float32), name + "_w")
    b = numpy_helper.from_array((0.1 * rng.standard_normal(cout)).astype(np.float32), name + "_b")
    inits += [w, b]
    nodes += [helper.make_node("Conv", [x, w.name, b.name], [name], name=name, pads=[1, 1, 1, 1]),
              helper.make_node("Relu", [name], [name + "_relu"], name=name + "_relu")]
    return name + "_relu"


def head(name, x, features, classes, rng, nodes, inits):
    w = numpy_helper.from_array(rng.standard_normal((classes, features)).astype(np.float32), name + "_w")
    b = numpy_helper.from_array(np.zeros(classes, np.float32), name + "_b")
    inits += [w, b]
    nodes += [helper.make_node("GlobalAveragePool", [x], [name + "_pool"], name=name + "_pool"),
              helper.make_node("Flatten", [name + "_pool"], [name + "_flat"], name=name + "_flat"),
              helper.make_node("Gemm", [name + "_flat", w.name, b.name], [name], name=name, transB=1)]
    return name


def make_cascade(path):
    rng = np.random.default_rng(7)
    nodes, inits = [], []
    cheap = conv("cheap_conv", "x", 1, 4, rng, nodes, inits)
    head("score", cheap, 4, 1, rng, nodes, inits)
    nodes += [helper.make_node("Constant", [], ["zero"], value=numpy_helper.from_array(np.zeros((), np.float32), "zero_v")),
              helper.make_node("Greater", ["score", "zero"], ["fires"], name="fires")]
    # The verifier (then branch) reads x from the enclosing graph; its weights live in the main graph.
    vnodes = []
    v = conv("verify_conv1", "x", 1, 16, rng, vnodes, inits)
    v = conv("verify_conv2", v, 16, 16, rng, vnodes, inits)
    head("verify_logits", v, 16, 2, rng, vnodes, inits)
    then_branch = helper.make_graph(vnodes, "verifier", [],
                                    [helper.make_tensor_value_info("verify_logits", TensorProto.FLOAT, [1, 2])])
    else_branch = helper.make_graph(
        [helper.make_node("Constant", [], ["no_detection"], value=numpy_helper.from_array(np.zeros((1, 2), np.float32), "zeros"))],
        "skip", [], [helper.make_tensor_value_info("no_detection", TensorProto.FLOAT, [1, 2])])
    nodes.append(helper.make_node("If", ["fires"], ["detection"], name="run_verifier",
                                  then_branch=then_branch, else_branch=else_branch))
    graph = helper.make_graph(nodes, "cascade", [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 1, SIZE, SIZE])],
                              [helper.make_tensor_value_info("detection", TensorProto.FLOAT, [1, 2]),
                               helper.make_tensor_value_info("score", TensorProto.FLOAT, [1, 1])], initializer=inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)], producer_name="edgec-test")
    onnx.checker.check_model(model)
    onnx.save(model, str(path))


def inputs_per_branch(sess, count=3):
    """`count` inputs on which the cheap net fires and `count` on which it does not."""
    rng = np.random.default_rng(0)
    found = {True: [], False: []}
    for _ in range(1000):
        x = (rng.standard_normal((1, 1, SIZE, SIZE)) * rng.uniform(0.1, 3) + rng.uniform(-2, 2)).astype(np.float32)
        fires = bool(sess.run(None, {"x": x})[1].item() > 0)
        if len(found[fires]) < count:
            found[fires].append(x)
        if all(len(v) == count for v in found.values()):
            return found
    raise Failure("no inputs found for both branches: %s" % {k: len(v) for k, v in found.items()})


def check_report(out):
    report = json.loads((out / "report.json").read_text())
    branches = report["branches"]
    if len(branches) != 1 or branches[0]["name"] != "run_verifier":
        raise Failure("report.json branches: %r" % branches)
    b = branches[0]
    verifier = sum(l["macs"] for l in report["layers"] if l.get("branch", {}).get("side") == "then")
    if b["then_macs"] <= 0 or b["then_macs"] != verifier or b["else_macs"] != 0 or b["common_macs"] <= 0:
        raise Failure("report.json MACs per path: %r (then layers: %d)" % (b, verifier))
    memory = report["memory"]
    return "MACs then %d, else %d, common %d; arena %d bytes (%d without branch overlap)" % (
        b["then_macs"], b["else_macs"], b["common_macs"], memory["arena_bytes"],
        memory["arena_bytes_without_branch_overlap"])


def main(argv=None):
    args = model_runner_parser(__doc__).parse_args(argv)
    work = pathlib.Path(args.work)
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    tally = Tally()
    try:
        model = work / "cascade.onnx"
        make_cascade(model)
        exe = build_harness(args, model, work / "out", "cascade")
        print("report: " + check_report(work / "out"))
        sess = ort_session(model)
        for fires, xs in inputs_per_branch(sess).items():
            for k, x in enumerate(xs):
                tag = "cascade %s input %d" % ("fires" if fires else "quiet", k)
                refs = sess.run(None, {"x": x})
                try:
                    outs = run_harness(exe, [x], work)
                except Failure as e:
                    tally.fail(tag, e)
                    continue
                results = [compare(o, r) for o, r in zip(outs, refs)]
                if len(outs) != len(refs) or not all(ok for ok, _, _ in results):
                    tally.fail(tag, "; ".join(m for _, _, m in results) or "%d outputs" % len(outs))
                else:
                    tally.ok("%s: detection %s, max abs error %.2g" % (
                        tag, np.round(outs[0].ravel(), 4).tolist(), max(e for _, e, _ in results)))
    except Failure as e:
        tally.fail("cascade", e)
    return tally.finish()


if __name__ == "__main__":
    sys.exit(main())
