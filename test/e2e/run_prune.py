#!/usr/bin/env python3
"""Structured pruning on models with planted channels (edgec compile --prune-channels).

Builds a float model with onnx.helper in which some output channels have all-zero weights and
bias: two in a plain conv, one pair tied across a residual add (the same channel of both
branches; a second channel is zero in one branch only, so it must stay), one that runs on
through a depthwise conv, one in a concat input, one before a global pool and a Gemm. The
other weights are random and nonzero. Pruning by L1 with per-layer ratios that ask for exactly
as many channels as were planted must remove exactly the planted ones (report.json's
compression.pruning names them), and the pruned model's outputs must equal the unpruned
model's within 1e-6 (both built by edgec and run; the unpruned one also against onnxruntime).
The same holds for the int8 model (post-training quantization on the same calibration set,
min/max ranges): its outputs must agree within one step of the output's scale. Any pruner that picks channels
by index or position, or drops the tie, fails. Then --prune-budget with --eval: the budget
is reached (report.json's compression.search and .evaluation agree with the pruning), and
with --max-accuracy-drop 60dB a larger budget stops early at a model that meets the floor; with
--eval-labels (onnxruntime's classes) and 10 %, the pruned model keeps 90 % top-1 accuracy.
Ends with "N passed, N failed".
"""
import json
import pathlib
import sys

import numpy as np
import onnx
import onnxruntime as ort
from onnx import TensorProto, helper, numpy_helper

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from run_e2e import Failure, Tally, fmt_cmd, harness_build_cmd, model_runner_parser, run, tail  # noqa: E402

TIMEOUT = 600
# Layer -> the output channels planted as zero (weights and bias). b and c are tied by the add.
PLANTED = {"a": [2, 5], "b": [3], "c": [3], "d": [1], "e": [4]}
# Per-layer ratios asking for exactly that many channels: floor(ratio * channels).
RATIOS = "a=0.25,b=0.125,c=0.125,d=0.25,e=0.17"


def planted_model(path):
    rng = np.random.default_rng(7)
    inits = []

    def weight(name, shape, zero_channels=(), zero_bias=()):
        w = (rng.standard_normal(shape) * 0.5).astype(np.float32)
        b = (rng.standard_normal(shape[0]) * 0.1).astype(np.float32)
        w[list(zero_channels)] = 0
        b[list(zero_channels)] = 0
        b[list(zero_bias)] = 0
        inits.append(numpy_helper.from_array(w, name + "_w"))
        inits.append(numpy_helper.from_array(b, name + "_b"))
        return [name + "_w", name + "_b"]

    # b's channel 6 is zero too, but c's is not: the tied class still carries c's weights.
    wb = weight("b", (8, 8, 1, 1), PLANTED["b"])
    b_w = numpy_helper.to_array(inits[-2]).copy()
    b_w[6] = 0
    inits[-2] = numpy_helper.from_array(b_w, "b_w")
    nodes = [
        helper.make_node("Conv", ["x", *weight("a", (8, 3, 3, 3), PLANTED["a"])], ["a"], "a", pads=[1, 1, 1, 1]),
        helper.make_node("Relu", ["a"], ["ar"], "ar"),
        helper.make_node("Conv", ["ar", *wb], ["b"], "b"),
        helper.make_node("Conv", ["ar", *weight("c", (8, 8, 3, 3), PLANTED["c"])], ["c"], "c", pads=[1, 1, 1, 1]),
        helper.make_node("Add", ["b", "c"], ["s"], "s"),
        helper.make_node("Relu", ["s"], ["sr"], "sr"),
        # Depthwise: the zero channel stays zero only if its bias is zero as well.
        helper.make_node("Conv", ["sr", *weight("dw", (8, 1, 3, 3), zero_bias=PLANTED["b"])], ["dw"], "dw",
                         group=8, pads=[1, 1, 1, 1]),
        helper.make_node("Conv", ["x", *weight("d", (4, 3, 1, 1), PLANTED["d"])], ["d"], "d"),
        helper.make_node("Concat", ["dw", "d"], ["cat"], "cat", axis=1),
        helper.make_node("Conv", ["cat", *weight("e", (6, 12, 1, 1), PLANTED["e"])], ["e"], "e"),
        helper.make_node("Relu", ["e"], ["er"], "er"),
        helper.make_node("GlobalAveragePool", ["er"], ["gp"], "gp"),
        helper.make_node("Flatten", ["gp"], ["flat"], "flat"),
        helper.make_node("Gemm", ["flat", *weight("fc", (5, 6))], ["y"], "fc", transB=1),
    ]
    graph = helper.make_graph(nodes, "planted", [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 3, 12, 12])],
                              [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 5])], inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
    onnx.checker.check_model(model)
    onnx.save(model, path)


def compile_build_run(args, model, out, extra, inputs):
    cmd = [args.edgec, "compile", str(model), "-o", str(out), "--with-main", "--name", "net", *extra]
    for step in (cmd, harness_build_cmd(args.cxx, "-O2", out, "net", out / "net_main")):
        rc, log, _ = run(step, TIMEOUT)
        if rc != 0:
            raise Failure("$ %s\n%s" % (fmt_cmd(step), tail(log)))
    results = []
    for i, x in enumerate(inputs):
        np.save(out / ("in%d.npy" % i), x)
        hcmd = [str(out / "net_main"), str(out / ("in%d.npy" % i)), "-o", str(out / ("result%d" % i))]
        rc, log, _ = run(hcmd, TIMEOUT)
        if rc != 0:
            raise Failure("$ %s\n%s" % (fmt_cmd(hcmd), tail(log)))
        results.append(np.load(out / ("result%d" % i) / "output_0.npy"))
    with open(out / "report.json") as f:
        return json.load(f), results


def check_removed(report):
    pruning = report["compression"]["pruning"]
    removed = {layer["name"]: layer["removed"] for layer in pruning["layers"]}
    for name, planted in PLANTED.items():
        if removed.get(name) != planted:
            raise Failure("layer %s: removed %s, planted %s" % (name, removed.get(name), planted))
    extra = {n: r for n, r in removed.items() if r and n not in PLANTED}
    if extra:
        raise Failure("channels removed from unplanted layers: %s" % extra)
    if pruning["macs_after"] >= pruning["macs_before"] or pruning["params_after"] >= pruning["params_before"]:
        raise Failure("pruning saved nothing: %s" % pruning)
    return pruning


def main():
    parser = model_runner_parser(__doc__)
    args = parser.parse_args()
    work = pathlib.Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    model = work / "planted.onnx"
    planted_model(model)
    rng = np.random.default_rng(1)
    inputs = [rng.standard_normal((1, 3, 12, 12)).astype(np.float32) for _ in range(4)]
    calibration = work / "calibration"
    calibration.mkdir(exist_ok=True)
    for i in range(16):
        np.save(calibration / ("%02d.npy" % i), rng.standard_normal((1, 3, 12, 12)).astype(np.float32))
    session = ort.InferenceSession(str(model), providers=["CPUExecutionProvider"])
    expected = [session.run(None, {"x": x})[0] for x in inputs]

    tally = Tally()
    prune = ["--prune-channels", RATIOS]
    # min/max ranges do not move when zero channels leave a tensor (percentiles would).
    int8 = ["--quantize", "int8", "--calibration", str(calibration), "--calibrate", "minmax"]
    for label, extra in (("float", []), ("int8", int8)):
        try:
            _, dense = compile_build_run(args, model, work / (label + "-dense"), extra, inputs)
            report, pruned = compile_build_run(args, model, work / (label + "-pruned"), extra + prune, inputs)
            pruning = check_removed(report)
            if label == "float":
                err_ort = max(float(np.max(np.abs(d - e))) for d, e in zip(dense, expected))
                if err_ort > 1e-4:
                    raise Failure("the unpruned build differs from onnxruntime by %g" % err_ort)
                err = max(float(np.max(np.abs(p - d))) for p, d in zip(pruned, dense))
                if err > 1e-6:
                    raise Failure("pruned outputs differ from unpruned by %g (> 1e-6)" % err)
            else:
                # Pruned and unpruned calibrations see the same ranges up to float rounding
                # (the float sums run in another order), so a value may round the other way:
                # at most one step of the output's int8 scale.
                step = next(l["quant"]["output_params"]["scales"][0] for l in reversed(report["layers"])
                            if "quant" in l)
                err = max(float(np.max(np.abs(p.astype(np.float64) - d))) for p, d in zip(pruned, dense))
                if err > step * 1.001:
                    raise Failure("int8 outputs differ with pruning by %g, more than one step (%g)" % (err, step))
            tally.ok("%-5s removed %s; params %d -> %d, MACs %d -> %d; max |pruned - unpruned| %.3g" % (
                label, {l["name"]: l["removed"] for l in pruning["layers"] if l["removed"]},
                pruning["params_before"], pruning["params_after"], pruning["macs_before"], pruning["macs_after"], err))
        except Failure as e:
            tally.fail(label, e)
    # The accuracy guard: a MAC budget reached by the least sensitive layers first, and one
    # the accuracy floor cuts short (the final model must then meet it).
    # Labels: onnxruntime's classes on the eval samples, so the unpruned model scores 100 %.
    labels = work / "labels.npy"
    np.save(labels, np.array([int(np.argmax(session.run(None, {"x": np.load(p)})[0]))
                              for p in sorted(calibration.glob("*.npy"))], dtype=np.int64))
    for budget, floor in (("0.2", None), ("0.6", "60dB"), ("0.6", "10%")):
        label = "budget %s%s" % (budget, " floor " + floor if floor else "")
        try:
            extra = ["--prune-budget", budget, "--eval", str(calibration)]
            if floor:
                extra += ["--max-accuracy-drop", floor]
            if floor == "10%":
                extra += ["--eval-labels", str(labels)]
            report, outputs = compile_build_run(args, model, work / ("budget-" + budget), extra, inputs)
            compression = report["compression"]
            search, evaluation = compression["search"], compression["evaluation"]
            if not search or not evaluation:
                raise Failure("no search or evaluation in report.json: %s" % compression)
            removed = 1 - compression["pruning"]["macs_after"] / compression["pruning"]["macs_before"]
            if abs(removed - search["macs_removed"]) > 1e-9:
                raise Failure("search says %g of the MACs, the pruning %g" % (search["macs_removed"], removed))
            if floor == "10%":
                if evaluation.get("reference_top1_accuracy") != 1.0 or evaluation["top1_accuracy"] < 0.9:
                    raise Failure("expected labelled accuracy 100 %% unpruned, >= 90 %% pruned: %s" % evaluation)
            elif floor:
                if search["stopped_by"] != "accuracy" or evaluation["sqnr_db"] < 60:
                    raise Failure("expected a stop by accuracy above 60 dB: %s, %s" % (search, evaluation))
            elif search["stopped_by"] != "budget" or removed < float(budget):
                raise Failure("budget %s not reached: %s" % (budget, search))
            if len(search["sensitivity"]) < 5:
                raise Failure("sensitivity of %d layers only" % len(search["sensitivity"]))
            tally.ok("%s: %.1f %% of the MACs removed (stopped by %s), SQNR %.1f dB vs unpruned%s, %d builds" % (
                label, 100 * removed, search["stopped_by"], evaluation["sqnr_db"],
                ", top-1 accuracy %.0f %%" % (100 * evaluation["top1_accuracy"]) if "top1_accuracy" in evaluation
                else "", search["builds"]))
        except Failure as e:
            tally.fail(label, e)
    return tally.finish()


if __name__ == "__main__":
    sys.exit(main())
