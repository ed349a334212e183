#!/usr/bin/env python3
"""End-to-end test of --custom-op: test/lit/tools/Inputs/custom_op.onnx (Conv -> Relu ->
com.example.ScaleShift -> GlobalAveragePool -> Flatten), its ScaleShift computed by the C function
in custom_scale_shift.c, against onnxruntime running the same graph with ScaleShift spelled as Mul
and Add (make_custom_op.reference_model()).

- float: compiled with --custom-op/--custom-op-source/--with-main, built with the generated
  CMakeLists.txt (the source is in the model library), run on random inputs, compared within
  1e-4 x max(1, max |ref|); an input the function refuses (beyond 1e30) fails the inference: the
  harness exits 3;
- int8: --quantize int8 (calibration builds the custom op into its host run), the custom op
  listed in report.json's float_layers with reason "custom op...", output SQNR >= 25 dB.

Prints one PASS/FAIL line per case and "N passed, N failed".
"""
import json
import pathlib
import re
import shutil
import sys

import numpy as np

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "lit" / "tools" / "Inputs"))
import make_custom_op  # noqa: E402
from run_e2e import Failure, compare, fmt_cmd, ort_session, run, run_each, run_harness, tail  # noqa: E402

MODEL = HERE.parent / "lit" / "tools" / "Inputs" / "custom_op.onnx"
CUSTOM = ["--custom-op", "com.example.ScaleShift=scale_shift", "--custom-op-source", str(HERE / "custom_scale_shift.c")]
NAME = "custom_op"


def reference(inputs):
    sess = ort_session(make_custom_op.reference_model().SerializeToString())
    return [sess.run(None, {"x": x})[0] for x in inputs]


def compile_and_build(args, work, extra):
    """edgec compile with the custom op, then the generated CMakeLists.txt builds the harness."""
    out, build = work / "out", work / "build"
    cmd = [args.edgec, "compile", str(MODEL), "-o", str(out), "--with-main", "--name", NAME, *CUSTOM, *extra]
    rc, log, _ = run(cmd, 600)
    if rc != 0:
        raise Failure("compile rc=%s\n$ %s\n%s" % (rc, fmt_cmd(cmd), tail(log)))
    for cmd in (["cmake", "-S", str(out), "-B", str(build), "-DCMAKE_BUILD_TYPE=Release",
                 "-DCMAKE_CXX_COMPILER=" + args.cxx], ["cmake", "--build", str(build)]):
        rc, log, _ = run(cmd, 600)
        if rc != 0:
            raise Failure("build rc=%s\n$ %s\n%s" % (rc, fmt_cmd(cmd), tail(log)))
    return out, build / (NAME + "_main")


def samples(count, seed):
    rng = np.random.default_rng(seed)
    return [rng.standard_normal((1, 3, 8, 8)).astype(np.float32) for _ in range(count)]


def run_float(case, args):
    work = pathlib.Path(args.work) / case["name"]
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    _, exe = compile_and_build(args, work, [])
    inputs = samples(4, 1)
    worst = 0.0
    for x, ref in zip(inputs, reference(inputs)):
        ok, err, msg = compare(run_harness(exe, [x], work)[0], ref)
        if not ok:
            raise Failure(msg)
        worst = max(worst, err)
    # The function refuses an input beyond 1e30: the inference fails with its status.
    refused = inputs[0].copy()
    refused[0, 0, 0, 0] = 3e38
    np.save(work / "refused.npy", refused)
    rc, log, _ = run([str(exe), str(work / "refused.npy"), "-o", str(work / "refused")], 60)
    if rc != 3 or not re.search(r"inference (\d+ )?failed", log):
        raise Failure("a refused input gave rc=%s (expected 3, inference failed)\n%s" % (rc, tail(log)))
    return "%s: %d inputs, max abs err %.3g; a refused input fails the inference" % (case["name"], len(inputs), worst)


def run_int8(case, args):
    work = pathlib.Path(args.work) / case["name"]
    shutil.rmtree(work, ignore_errors=True)
    (work / "calibration").mkdir(parents=True)
    for k, x in enumerate(samples(16, 2)):
        np.save(work / "calibration" / ("%02d.npy" % k), x)
    out, exe = compile_and_build(args, work, ["--quantize", "int8", "--calibration", str(work / "calibration")])
    report = json.loads((out / "report.json").read_text())
    layers = [l for l in report["quantization"]["float_layers"] if l["name"] == "scale_shift"]
    if not layers or not layers[0]["reason"].startswith("custom op"):
        raise Failure("report.json's float_layers does not name scale_shift as a custom op: %s"
                      % report["quantization"]["float_layers"])
    if report["custom_ops"] != [{"name": "scale_shift", "op_type": "ScaleShift", "domain": "com.example",
                                 "symbol": "scale_shift"}]:
        raise Failure("report.json's custom_ops: %s" % report["custom_ops"])
    inputs = samples(4, 3)
    signal = noise = 0.0
    for x, ref in zip(inputs, reference(inputs)):
        got = run_harness(exe, [x], work)[0].astype(np.float64)
        signal += float(np.sum(ref.astype(np.float64) ** 2))
        noise += float(np.sum((got - ref) ** 2))
    sqnr = 10 * np.log10(signal / max(noise, 1e-30))
    if sqnr < 25:
        raise Failure("int8 output SQNR %.1f dB < 25 dB" % sqnr)
    return "%s: custom op in float (%s), output SQNR %.1f dB" % (case["name"], layers[0]["reason"], sqnr)


CASES = [{"name": "float", "run": run_float}, {"name": "int8", "run": run_int8}]

if __name__ == "__main__":
    sys.exit(run_each(CASES, lambda case, args: case["run"](case, args), sys.argv[1:], __doc__))
