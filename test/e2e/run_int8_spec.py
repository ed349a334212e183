#!/usr/bin/env python3
"""int8 kernels against a specification: edgec's emitted int8 code vs an independent numpy model.

Usage: run_int8_spec.py --edgec PATH --work DIR [--models tiny_cnn,ppocr_mobilenetv3_cls,...]
                        [--samples N] [--cxx CXX] [--opt -O1] [--cxxflags FLAGS] [--jobs 2] [--verbose]
                        [--repo DIR] [--edgec-arg ARG ...] [--corrupt LAYER:WHAT ...]

--repo: the checkout whose scripts/ and models/ (with the fetched models/third_party/) are
used; default: the one holding this script. --edgec-arg (repeatable) is passed to `edgec
compile`, e.g. --edgec-arg=--int16-layers=all: int16 layers run the _mixed kernels (TFLM 16x8
for an int16 conv / FC input), which the model covers too.

For each model (default: tiny_cnn, ppocr_mobilenetv3_cls, pp_lcnet_orientation): make its
calibration / evaluation data (scripts/quant_data.py), `edgec compile --quantize int8
--calibration ... --with-main --trace-tensors`, build NAME.cpp + main.cpp + NAME_weights.S with
one direct compiler call, run the harness on N evaluation samples (default 3), and check each run
with int8_spec.py's numpy model (TFLM semantics, driven only by report.json's scales, zero
points, attributes, constants and reads):

  * per layer, from the traced inputs: every integer layer (and the quantize of the graph input,
    the dequantize after an integer layer, int8 concat, layout transposes) must reproduce the
    traced output bit for bit;
  * end to end, from the float input alone, following `reads`: equality at every layer (a
    layer the model cannot evaluate is reseeded from its trace, and says so);
  * the requantization parameters the compiler wrote (quant.quant) must equal the ones
    recomputed from the scales;
  * a graph output that is a float softmax of the model's end-to-end values must be within
    1e-6 of numpy's.

Layers the model cannot evaluate (float kernels, quantize/dequantize whose scale report.json does
not carry, unsupported kernels) are counted and listed, never skipped silently; int32
accumulator overflows (undefined behaviour in TFLM and C) are listed as warnings. Ends with a
line "N passed, N failed"; exit status 0 iff no mismatch in any model.

Self-test of the checker: --corrupt LAYER:OPERAND (or LAYER:multiplier) perturbs the model
(see parse_corrupt; LAYER is an index or a layer name); the run must then fail.
"""

import argparse
import shlex
import collections
import concurrent.futures
import glob
import json
import os
import shutil
import subprocess
import sys
import time

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import int8_spec  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))  # --repo
DEFAULT_MODELS = "tiny_cnn,ppocr_mobilenetv3_cls,pp_lcnet_orientation"
NAME = "m"


def run(cmd, timeout=600):
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=timeout)
    if p.returncode != 0:
        raise RuntimeError("$ %s\n%s" % (" ".join(cmd), p.stdout.decode(errors="replace")[-4000:]))
    return p.stdout.decode(errors="replace")


def model_path_and_flags(name):
    if name == "tiny_cnn":
        return os.path.join(ROOT, "models", "tiny_cnn.onnx"), []
    script = os.path.join(ROOT, "scripts", "real_models.py")
    path = run([sys.executable, script, "path", name]).strip()
    flags = run([sys.executable, script, "shapes", name]).split()
    return path, flags


def load_inputs(path):
    if path.endswith(".npz"):
        raise RuntimeError("multi-input models (.npz samples) are not supported: %s" % path)
    return [np.load(path)]


def prepare(name, args):
    """Data, compile, build: returns (outdir, exe, eval samples)."""
    mdir = os.path.join(args.work, name)
    shutil.rmtree(mdir, ignore_errors=True)
    os.makedirs(mdir)
    data = os.path.join(mdir, "data")
    run([sys.executable, os.path.join(ROOT, "scripts", "quant_data.py"), "make", name, "--out",
         data, "--eval", str(args.samples)])
    model, flags = model_path_and_flags(name)
    out = os.path.join(mdir, "out")
    run([args.edgec, "compile", model] + flags + ["-o", out, "--quantize", "int8",
        "--calibration", os.path.join(data, "calibration"), "--with-main", "--trace-tensors",
        "--name", NAME] + args.edgec_arg)
    exe = os.path.join(mdir, NAME + "_main")
    run([args.cxx, "-std=c++17", args.opt, "-I", out, os.path.join(out, NAME + ".cpp"),
         os.path.join(out, "main.cpp"), "-x", "assembler-with-cpp",
         os.path.join(out, NAME + "_weights.S"), "-Wa,-I," + out, "-o", exe] + shlex.split(args.cxxflags))
    samples = sorted(glob.glob(os.path.join(data, "eval", "sample_*")))[:args.samples]
    return mdir, out, exe, samples


def check(name, args):
    t0 = time.monotonic()
    mdir, out, exe, samples = prepare(name, args)
    t_build = time.monotonic() - t0
    with open(os.path.join(out, "report.json")) as f:
        report = json.load(f)
    with open(os.path.join(out, NAME + "_weights.bin"), "rb") as f:
        blob = f.read()
    runs = []
    for s, sample in enumerate(samples):
        rdir = os.path.join(mdir, "run%d" % s)
        run([exe, sample, "-o", rdir])
        outputs = []
        while os.path.isfile(os.path.join(rdir, "output_%d.npy" % len(outputs))):
            outputs.append(np.load(os.path.join(rdir, "output_%d.npy" % len(outputs))))
        res = int8_spec.check_model(report, blob, os.path.join(rdir, "trace"),
                                    load_inputs(sample), outputs,
                                    corrupt=corrupt_by_index(args.corrupt, report))
        res["sample"] = os.path.basename(sample)
        runs.append(res)
    return {"name": name, "runs": runs, "report": report, "build_s": t_build,
            "total_s": time.monotonic() - t0}


def summarize(r, verbose):
    """Prints one model's result; returns True iff it passed."""
    name, runs = r["name"], r["runs"]
    lines = []
    ok = bool(runs)
    checked = collections.Counter()
    unchecked = collections.OrderedDict()
    mismatches = []
    for run_ in runs:
        for l in run_["layers"]:
            if l["status"] in ("MISMATCH", "ERROR") or l["e2e"] == "MISMATCH":
                mismatches.append((run_["sample"], l))
        first = run_ is runs[0]
        if not first:
            continue
        for l in run_["layers"]:
            if l["status"] == "match" and l["e2e"] == "match":
                checked[l["kernel"]] += 1
            elif l["status"] == "untraced" and l["e2e"] != "unavailable":
                checked[l["kernel"] + " (untraced, via consumers)"] += 1
            elif l["status"] == "unchecked":
                unchecked[l["index"]] = l
    n_layers = len(r["report"]["layers"])
    lines.append("== %s: %d layers, %d samples, %.1f s (data+compile+build %.1f s)" % (
        name, n_layers, len(runs), r["total_s"], r["build_s"]))
    lines.append("   checked bit for bit (per layer and end to end), per sample:")
    for k, v in sorted(checked.items()):
        lines.append("     %-48s %4d" % (k, v))
    lines.append("   not checkable (%d), reseeded from their traces:" % len(unchecked))
    for i, l in unchecked.items():
        lines.append("     [%d] %s %s: %s" % (i, l["kernel"], l["name"], l["detail"]))
    params = runs[0]["param_errors"] if runs else []
    n_param_layers = sum(1 for l in r["report"]["layers"] if "quant" in l)
    if params:
        ok = False
        lines.append("   requantization parameters differing from the spec's (%d):" % len(params))
        for i, text in params[:20]:
            lines.append("     [%d] %s %s: %s" % (i, r["report"]["layers"][i]["kernel"],
                                                  r["report"]["layers"][i]["name"], text))
    else:
        lines.append("   quant.quant of %d integer layers = recomputed from the scales" %
                     n_param_layers)
    if runs:
        for o in runs[0]["outputs"]:
            lines.append("   output_%d: %s" % (o["output"], o["detail"]))
            if "softmax_err" in o and not o["checked"]:
                ok = False
    warnings = {}
    for run_ in runs:
        for i, text in run_["warnings"].items():
            warnings.setdefault(i, (run_["sample"], text))
    for i, (sample, text) in sorted(warnings.items()):
        lines.append("   WARNING [%d] %s %s (%s): %s" % (
            i, r["report"]["layers"][i]["kernel"], r["report"]["layers"][i]["name"], sample, text))
    notes = runs[0]["notes"] if runs else {}
    if notes:
        kinds = collections.Counter(notes.values())
        lines.append("   lookup tables: " + ", ".join("%d %s" % (v, k) for k, v in kinds.items()))
    if mismatches:
        ok = False
        lines.append("   MISMATCHES (%d layer runs):" % len(mismatches))
        seen = set()
        for sample, l in mismatches:
            if not verbose and l["index"] in seen:
                continue
            seen.add(l["index"])
            lines.append("     %s [%d] %s %s: per layer %s, end to end %s: %s" % (
                sample, l["index"], l["kernel"], l["name"], l["status"], l["e2e"], l["detail"]))
            if not verbose and len(seen) >= 10:
                lines.append("     ... (--verbose lists all)")
                break
        s, l = mismatches[0]
        lines.append("   first mismatching layer: [%d] %s (%s), sample %s" % (
            l["index"], l["name"], l["kernel"], s))
    lines.append("   %s" % ("PASS" if ok else "FAIL"))
    print("\n".join(lines))
    return ok


def parse_corrupt(specs):
    """Checker self-test: --corrupt LAYER:OPERAND adds 1 to the first element of that constant
    (weights, bias, table) in the model; LAYER:multiplier adds 2^22 to a conv's or FC's first
    multiplier. LAYER: an index, or a layer name (see corrupt_by_index). The run must then
    FAIL."""
    out = {}
    for s in specs or []:
        layer, what = s.rsplit(":", 1)
        key = (int(layer) if layer.lstrip("-").isdigit() else layer,
               what if what == "multiplier" else int(what))
        if what == "multiplier":
            out[key] = lambda v: v + (1 << 22)
        else:
            out[key] = lambda v: np.array(v).astype(np.int64) + 1 if v != 127 else v - 1
    return out


def corrupt_by_index(corrupt, report):
    """parse_corrupt's keys with layer names replaced by the index of the (last) integer layer
    of that name in this model's report."""
    out = {}
    for (layer, what), fn in corrupt.items():
        if not isinstance(layer, int):
            found = [i for i, l in enumerate(report["layers"])
                     if l["name"] == layer and "quant" in l]
            if not found:
                raise RuntimeError("--corrupt: no integer layer named %s" % layer)
            layer = found[-1]
        out[(layer, what)] = fn
    return out


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--edgec", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--models", default=DEFAULT_MODELS, help="comma-separated (default %s)" %
                    DEFAULT_MODELS)
    ap.add_argument("--samples", type=int, default=3, help="evaluation samples per model")
    ap.add_argument("--cxx", default="c++")
    ap.add_argument("--opt", default="-O1")
    ap.add_argument("--cxxflags", default="", help="extra compiler flags (split like a shell), e.g. "
                    "sanitizers and -Werror warning flags")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--verbose", action="store_true")
    ap.add_argument("--repo", default=None, help="checkout with scripts/ and models/ (default: "
                    "this script's)")
    ap.add_argument("--corrupt", action="append", help="checker self-test: perturb the model "
                    "(LAYER:OPERAND or LAYER:multiplier); the run must then fail")
    ap.add_argument("--edgec-arg", action="append", default=[], help="passed to `edgec compile` "
                    "(repeatable), e.g. --edgec-arg=--int16-layers=all")
    args = ap.parse_args(argv)
    args.work = os.path.abspath(args.work)
    args.edgec = os.path.abspath(args.edgec) if os.sep in args.edgec else args.edgec
    args.corrupt = parse_corrupt(args.corrupt)
    if args.repo:
        global ROOT
        ROOT = os.path.abspath(args.repo)
    os.makedirs(args.work, exist_ok=True)
    int8_spec.self_test()
    names = [m for m in args.models.split(",") if m]
    t0 = time.monotonic()
    results = {}
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as ex:
        futures = {n: ex.submit(check, n, args) for n in names}
        for n in names:
            try:
                results[n] = futures[n].result()
            except Exception as e:  # never lose the summary line to a failing step
                results[n] = {"error": "%s: %s" % (type(e).__name__, e)}
    passed = failed = 0
    for n in names:
        r = results[n]
        if "error" in r:
            print("== %s: ERROR\n%s\n   FAIL" % (n, r["error"]))
            failed += 1
        elif summarize(r, args.verbose):
            passed += 1
        else:
            failed += 1
    print("\ntotal %.1f s" % (time.monotonic() - t0))
    print("%d passed, %d failed" % (passed, failed))
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
