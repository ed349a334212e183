#!/usr/bin/env python3
"""Post-training int8 quantization, end to end, against onnxruntime's quantizer.

Usage: run_ptq.py --edgec PATH --work DIR [--models tiny_cnn,ppocr_mobilenetv3_cls,...]
                  [--edgec-arg ARG ...] [--min-top1 F]

For each model: real calibration and held-out eval inputs (scripts/quant_data.py), then
scripts/compare_quant.py runs float (onnxruntime), onnxruntime's quantize_static (QDQ,
per-channel, int8, MinMax) and edgec --quantize int8 on the eval set. A model passes iff
  - edgec's top-1 agreement with float is no worse than onnxruntime's by more than 0.5 points,
  - edgec's output SQNR is at least onnxruntime's,
  - edgec's int8 weights are at most 0.27x the float model's bytes (--max-weights-ratio),
  - every Conv/Gemm/MatMul MAC runs in an integer kernel, unless report.json's
    quantization.float_layers names the layer (with the reason),
  - with --min-top1 F: edgec's top-1 agreement with float on the held-out set is at least F
    on every classifier output (--edgec-arg passes compile options, e.g. mixed precision).
Prints a table; exit status 0 iff every model passed.
"""
import argparse
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
SCRIPTS = os.path.join(ROOT, "scripts")
MODELS = "tiny_cnn,ppocr_mobilenetv3_cls,pp_lcnet_orientation"
MAX_WEIGHTS_RATIO = 0.27
AGREEMENT_SLACK = 0.005
MAC_OPS = ("Conv", "Gemm", "MatMul")


def result(report, method):
    return next(r for r in report["results"] if r["method"].startswith(method))


def check_model(name, args):
    data = os.path.join(args.work, name, "data")
    subprocess.run([sys.executable, os.path.join(SCRIPTS, "quant_data.py"), "make", name, "--out", data],
                   check=True, stdout=subprocess.DEVNULL)
    out_json = os.path.join(args.work, name, "compare.json")
    cmd = [sys.executable, os.path.join(SCRIPTS, "compare_quant.py"), name, data, "--edgec", args.edgec,
           "--work", os.path.join(args.work, name, "work"), "--json", out_json]
    cmd += ["--edgec-arg=" + a for a in args.edgec_arg]
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    print(p.stdout.strip())
    if p.returncode != 0:
        return ["compare_quant.py failed (exit %d)" % p.returncode]
    with open(out_json) as f:
        report = json.load(f)
    problems = []
    fl, ort, edgec = result(report, "float"), result(report, "ort-int8"), result(report, "edgec-int8")
    for r in (ort, edgec):
        if r["status"] != "ok":
            problems.append("%s: %s" % (r["method"], r.get("error", r["status"])))
    if problems:
        return problems
    for o_ort, o_edgec in zip(ort["outputs"], edgec["outputs"]):
        a_ort, a_edgec = o_ort.get("top1_agreement"), o_edgec.get("top1_agreement")
        if a_ort is not None and a_edgec < a_ort - AGREEMENT_SLACK:
            problems.append("%s: top-1 agreement %.2f %% < onnxruntime's %.2f %% - 0.5" %
                            (o_edgec["output"], 100 * a_edgec, 100 * a_ort))
        if args.min_top1 is not None and a_edgec is not None and a_edgec < args.min_top1:
            problems.append("%s: top-1 agreement %.2f %% < %.2f %%" %
                            (o_edgec["output"], 100 * a_edgec, 100 * args.min_top1))
        if o_edgec["sqnr_db"] < o_ort["sqnr_db"]:
            problems.append("%s: SQNR %.2f dB < onnxruntime's %.2f dB" %
                            (o_edgec["output"], o_edgec["sqnr_db"], o_ort["sqnr_db"]))
    ratio = edgec["weights_bytes"] / fl["weights_bytes"]
    if ratio > args.max_weights_ratio:
        problems.append("weights %d bytes = %.3fx float, more than %.2fx" %
                        (edgec["weights_bytes"], ratio, args.max_weights_ratio))
    with open(os.path.join(args.work, name, "work", "edgec", "report.json")) as f:
        compiled = json.load(f)
    named = {layer["name"] for layer in compiled["quantization"]["float_layers"]}
    for layer in compiled["layers"]:
        if layer["op"] in MAC_OPS and layer["macs"] and "quant" not in layer and layer["name"] not in named:
            problems.append("%s (%s) computes in float and the report does not say why" % (layer["name"], layer["op"]))
    print("%s: weights %.3fx float, integer MACs %d of %d" % (
        name, ratio, compiled["quantization"]["integer_macs"], compiled["totals"]["macs"]))
    return problems


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--edgec", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--models", default=MODELS)
    ap.add_argument("--edgec-arg", action="append", default=[], help="extra edgec compile argument (repeatable)")
    ap.add_argument("--min-top1", type=float, help="required top-1 agreement with float (0..1)")
    ap.add_argument("--max-weights-ratio", type=float, default=MAX_WEIGHTS_RATIO,
                    help="largest weights size against the float model's (default %(default)s, the int8 target)")
    args = ap.parse_args(argv)
    args.edgec = os.path.abspath(args.edgec)
    failed = 0
    for name in args.models.split(","):
        problems = check_model(name, args)
        print("%-28s %s" % (name, "PASS" if not problems else "FAIL"))
        for p in problems:
            print("    " + p)
        failed += bool(problems)
    print("%d passed, %d failed" % (len(args.models.split(",")) - failed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
