#!/usr/bin/env python3
"""Pruned and sparse bundled models, checked independently of edgec's kernels.

For tiny_cnn and every real model of models/real_models.json, with --prune-channels 0.3 and
with --prune-channels 0.3 --sparsity 2:4:
1. `edgec compile --emit onnx` writes the compressed graph; onnx.checker accepts it and
   onnxruntime runs it on the model's sample;
2. `edgec compile --with-main` with the same flags, built and run on the same sample, must
   match that onnxruntime run (1e-4 of the output's scale): the pruning (or sparsification)
   is what the ONNX file says, and edgec runs it correctly;
3. report.json: parameters and MACs drop, and the emitted weights are smaller than the dense
   build's.
Prints each model's figures (and its output SQNR against the unpruned model, one-shot
pruning without fine-tuning) and ends with "N passed, N failed".
"""
import json
import math
import pathlib
import sys

import numpy as np
import onnx
import onnxruntime as ort

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(HERE))
from run_e2e import Failure, Tally, bundled_models, fmt_cmd, harness_build_cmd, model_runner_parser, run, tail  # noqa: E402

TIMEOUT = 900
# The host packing every format (its own description keeps float dense: faster there).
ANY_SPARSE = ROOT / "test" / "lit" / "tools" / "Inputs" / "host_any_sparse.json"
CONFIGS = [("prune 0.3", ["--prune-channels", "0.3"]),
           ("prune 0.3 + 2:4", ["--prune-channels", "0.3", "--sparsity", "2:4", "--target-desc", str(ANY_SPARSE)])]


def edgec(args, model, out, extra):
    cmd = [args.edgec, "compile", str(model["path"]), "-o", str(out), "--name", "net", *extra]
    for name, shape in model["inputs"].items():
        cmd += ["--input-shape", "%s=%s" % (name, "x".join(map(str, shape)))]
    rc, log, _ = run(cmd, TIMEOUT)
    if rc != 0:
        raise Failure("$ %s\n%s" % (fmt_cmd(cmd), tail(log)))


def build_run(args, model, out, extra):
    edgec(args, model, out, ["--with-main", *extra])
    build = harness_build_cmd(args.cxx, "-O2", out, "net", out / "net_main")
    hcmd = [str(out / "net_main"), *[str(p) for p in model["samples"].values()], "-o", str(out / "result")]
    for step in (build, hcmd):
        rc, log, _ = run(step, TIMEOUT)
        if rc != 0:
            raise Failure("$ %s\n%s" % (fmt_cmd(step), tail(log)))
    report = json.loads((out / "report.json").read_text())
    return report, [np.load(p) for p in sorted((out / "result").glob("output_*.npy"))]


def sqnr(ref, x):
    ref, x = ref.astype(np.float64), x.astype(np.float64)
    noise = float(np.sum((ref - x) ** 2))
    return 200.0 if noise == 0 else 10 * math.log10(float(np.sum(ref * ref)) / noise)


def main():
    args = model_runner_parser(__doc__).parse_args()
    work = pathlib.Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    tally = Tally()
    for model in bundled_models(work):
        if args.filter and args.filter not in model["name"]:
            continue
        feeds = {name: np.load(p) for name, p in model["samples"].items()}
        original = ort.InferenceSession(str(model["path"]), providers=["CPUExecutionProvider"]).run(None, feeds)
        try:
            dense, _ = build_run(args, model, work / model["name"] / "dense", [])
        except Failure as e:
            tally.fail(model["name"] + " dense", e)
            continue
        for label, flags in CONFIGS:
            tag = "%s %s" % (model["name"], label)
            out = work / model["name"] / label.replace(" ", "_").replace(":", "_").replace("+", "")
            try:
                edgec(args, model, out / "onnx", ["--emit", "onnx", *flags])
                exported = out / "onnx" / "net.onnx"
                onnx.checker.check_model(str(exported), full_check=True)
                expected = ort.InferenceSession(str(exported), providers=["CPUExecutionProvider"]).run(None, feeds)
                report, got = build_run(args, model, out / "cpp", flags)
                err = 0.0
                for g, e in zip(got, expected):
                    err = max(err, float(np.max(np.abs(g - e))) / max(1.0, float(np.max(np.abs(e)))))
                if err > 1e-4:
                    raise Failure("edgec differs from onnxruntime on the exported model by %g (scaled)" % err)
                pruning = report["compression"]["pruning"]
                if pruning["params_after"] >= pruning["params_before"] or pruning["macs_after"] >= pruning["macs_before"]:
                    raise Failure("pruning removed nothing: %s" % pruning)
                weights = report["totals"]["weights_bytes"]
                if weights >= dense["totals"]["weights_bytes"]:
                    raise Failure("weights %d bytes, not below dense %d" % (weights, dense["totals"]["weights_bytes"]))
                agreement = min(sqnr(o, g) for o, g in zip(original, got))
                tally.ok("%-36s params %.2fx, MACs %.2fx (kernels %.2fx), weights %.2fx; vs exported %.1e; "
                      "vs unpruned SQNR %.1f dB" % (
                          tag, pruning["params_after"] / pruning["params_before"],
                          pruning["macs_after"] / pruning["macs_before"],
                          report["totals"]["macs"] / dense["totals"]["macs"],
                          weights / dense["totals"]["weights_bytes"], err, agreement))
            except (Failure, onnx.checker.ValidationError) as e:
                tally.fail(tag, e)
    return tally.finish()


if __name__ == "__main__":
    sys.exit(main())
