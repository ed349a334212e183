#!/usr/bin/env python3
"""Int8 post-training quantization, side by side: edgec's and onnxruntime's, against float.

    compare_quant.py MODEL DATA [--ort-method MinMax|Percentile|Entropy|Distribution]
                     [--edgec build/tools/edgec] [--calibrate M] [--work DIR] [--json FILE]

MODEL is a model's name (models/real_models.json, or tiny_cnn) or an .onnx file; DATA a folder
made by scripts/quant_data.py (DATA/calibration, DATA/eval: one .npy per sample, or one .npz per
sample with arrays named by graph input). Every method runs over DATA/eval, never over the
calibration samples:

  float     onnxruntime on the float model: the reference;
  ort-int8  onnxruntime's quantize_static (after quant_pre_process, as onnxruntime recommends):
            QDQ format, per-channel weights, int8 activations and weights (--activation-type,
            --weight-type), calibrated on DATA/calibration with --ort-method (MinMax by default),
            then run by onnxruntime;
  edgec-int8  `edgec compile MODEL --quantize int8 --calibration DATA/calibration --with-main`
            (plus --calibrate M when given), built with cmake, its harness run once per sample.

A method that fails is reported as "not available: <first line of its error>" and the others
still run. Per method and output: top-1 agreement with float (classifier outputs [1, classes]:
argmax over the classes; a recogniser's [1, steps, classes]: argmax per step; detectors' and
segmenters' outputs get none), SQNR in dB = 10 log10(sum ref^2 / sum (ref - q)^2) over all eval
samples, max |ref - q|, the weights' size (float and ort-int8: the .onnx file; edgec: its
report.json's totals.weights_bytes), and, where DATA/samples.json gives each eval sample's true
class (the orientation and line-direction classifiers: the rotation quant_data.py applied), the
accuracy against it. --edgec-float compiles edgec's float code instead, to check the edgec path.
"""
import argparse
import json
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile
import time

import numpy as np
import onnx
import onnxruntime as ort

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import quant_data  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parent.parent
NO_TOP1 = ("probability_map", "detection_scores")  # real_models decode kinds: SQNR only


def first_line(text) -> str:
    lines = [ln.strip() for ln in str(text).strip().splitlines() if ln.strip()]
    if lines:
        return lines[0][:200]
    return type(text).__name__ if isinstance(text, BaseException) else "(no message)"


def extra_option(text: str) -> tuple:
    """KEY=VALUE, VALUE read as JSON where it parses (numbers, true/false), else a string."""
    key, _, value = text.partition("=")
    try:
        return key, json.loads(value)
    except ValueError:
        return key, value


def resolve(model_arg: str) -> dict:
    known = quant_data.models()
    if model_arg in known:
        return known[model_arg]
    path = pathlib.Path(model_arg).resolve()
    if not path.is_file():
        raise SystemExit("compare_quant.py: %s is neither a known model (%s) nor a file"
                         % (model_arg, ", ".join(known)))
    for entry in known.values():  # a known model by its path: keep its decode kind
        if pathlib.Path(entry["path"]).resolve() == path:
            return entry
    m = onnx.load(str(path), load_external_data=False)
    inits = {t.name for t in m.graph.initializer}
    inputs = {i.name: [d.dim_value or 1 for d in i.type.tensor_type.shape.dim]
              for i in m.graph.input if i.name not in inits}
    return {"name": path.stem, "path": path, "inputs": inputs}


def sample_files(folder: pathlib.Path) -> list:
    files = sorted(p for p in folder.iterdir() if p.suffix in (".npy", ".npz"))
    if not files:
        raise SystemExit("compare_quant.py: no .npy/.npz samples in %s" % folder)
    return files


def load_feeds(path: pathlib.Path, input_names: list) -> dict:
    if path.suffix == ".npz":
        with np.load(path) as z:
            return {n: z[n] for n in input_names}
    if len(input_names) != 1:
        raise SystemExit("compare_quant.py: %s is one array but the model has inputs %s" % (path, input_names))
    return {input_names[0]: np.load(path)}


def session(path) -> ort.InferenceSession:
    opts = ort.SessionOptions()
    opts.log_severity_level = 3
    return ort.InferenceSession(str(path), sess_options=opts, providers=["CPUExecutionProvider"])


def run_ort(path, feeds_list) -> list:
    sess = session(path)
    return [sess.run(None, feeds) for feeds in feeds_list]


class Reader:
    """onnxruntime.quantization.CalibrationDataReader over a folder of samples."""

    def __init__(self, files, input_names):
        self.files, self.input_names, self.i = files, input_names, 0

    def get_next(self):
        if self.i >= len(self.files):
            return None
        self.i += 1
        return load_feeds(self.files[self.i - 1], self.input_names)

    def rewind(self):
        self.i = 0


def ort_quantize(entry, cal_files, input_names, work: pathlib.Path, args) -> tuple:
    """Returns (quantized model path, notes)."""
    from onnxruntime.quantization import (CalibrationMethod, QuantFormat, QuantType,
                                          quantize_static)
    from onnxruntime.quantization.shape_inference import quant_pre_process

    notes = []
    # The inputs' shapes fixed (Paddle exports leave them dynamic), so that shape inference and
    # quant_pre_process's optimisations (BatchNormalization folded into Conv, ...) go through.
    model = onnx.load(str(entry["path"]))
    for vi in model.graph.input:
        if vi.name in entry["inputs"]:
            for dim, size in zip(vi.type.tensor_type.shape.dim, entry["inputs"][vi.name]):
                dim.Clear()
                dim.dim_value = size
    # Per-channel QDQ needs opset 13 (DequantizeLinear's axis); onnxruntime keeps the model's
    # opset and writes an invalid model otherwise.
    opset = next((o.version for o in model.opset_import if o.domain in ("", "ai.onnx")), 0)
    if opset < 13:
        model = onnx.version_converter.convert_version(model, 13)
        notes.append("upgraded from opset %d to 13 (per-channel DequantizeLinear)" % opset)
    src = (work / "float_static.onnx").resolve()
    onnx.save(model, str(src))
    pre = (work / "ort_preprocessed.onnx").resolve()
    cwd = os.getcwd()
    os.chdir(work)  # onnxruntime's symbolic shape inference leaves sym_shape_infer_temp.onnx in it
    try:
        quant_pre_process(str(src), str(pre))
        src = pre
    except Exception as e:
        try:  # onnxruntime's symbolic shape inference is what usually fails
            quant_pre_process(str(src), str(pre), skip_symbolic_shape=True)
            notes.append("quant_pre_process failed (%s): ran it without symbolic shape inference"
                         % first_line(e))
            src = pre
        except Exception as e2:  # quantizing the model as it is still works, less well
            notes.append("quant_pre_process failed (%s): quantized the model as is"
                         % first_line(e2))
    finally:
        os.chdir(cwd)
    qpath = work / ("ort_int8_%s.onnx" % args.ort_method.lower())
    reader = Reader(cal_files, input_names)
    kwargs = dict(quant_format=QuantFormat.QDQ, per_channel=True,
                  activation_type=getattr(QuantType, args.activation_type),
                  weight_type=getattr(QuantType, args.weight_type),
                  calibrate_method=getattr(CalibrationMethod, args.ort_method),
                  extra_options=dict(args.ort_extra))
    quantize_static(str(src), str(qpath), reader, **kwargs)
    return qpath, notes


def run_edgec(entry, data: pathlib.Path, eval_files, input_names, work: pathlib.Path, args) -> tuple:
    """Returns (outputs per eval sample, weights bytes, notes); raises RuntimeError when a step
    fails, its message the step and the first line of its error."""
    edgec = pathlib.Path(args.edgec)
    if not edgec.is_file():
        raise RuntimeError("%s not found (build edgec, or pass --edgec)" % edgec)
    out = work / "edgec"
    name = "".join(c if c.isalnum() or c == "_" else "_" for c in pathlib.Path(entry["path"]).stem)
    cmd = [str(edgec), "compile", str(entry["path"]), "-o", str(out), "--with-main", "--name", name]
    if not args.edgec_float:
        cmd += ["--quantize", "int8", "--calibration", str(data / "calibration")]
    if args.calibrate:
        cmd += ["--calibrate", args.calibrate]
    for input_name, shape in entry["inputs"].items():
        cmd += ["--input-shape", "%s=%s" % (input_name, "x".join(map(str, shape)))]
    cmd += args.edgec_arg
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode != 0:
        raise RuntimeError(first_line(r.stderr or r.stdout))
    build = work / "edgec-build"
    gen = ["-G", "Ninja"] if shutil.which("ninja") else []
    for step in (["cmake", "-S", str(out), "-B", str(build), *gen, "-DCMAKE_BUILD_TYPE=Release"],
                 ["cmake", "--build", str(build), "-j", str(os.cpu_count() or 2)]):
        r = subprocess.run(step, capture_output=True, text=True)
        if r.returncode != 0:
            raise RuntimeError("build failed: " + first_line(r.stderr or r.stdout))
    exe = build / (name + "_main")
    outputs = []
    tmp = work / "edgec-run"
    for f in eval_files:
        if f.suffix == ".npz":  # the harness reads one .npy per input, in graph order
            feeds = load_feeds(f, input_names)
            paths = []
            for k, n in enumerate(input_names):
                p = tmp / ("input_%d.npy" % k)
                tmp.mkdir(parents=True, exist_ok=True)
                np.save(p, feeds[n])
                paths.append(str(p))
        else:
            paths = [str(f)]
        res = tmp / "out"
        if res.exists():
            shutil.rmtree(res)
        r = subprocess.run([str(exe), *paths, "-o", str(res)], capture_output=True, text=True)
        if r.returncode != 0:
            raise RuntimeError("harness failed on %s: %s" % (f.name, first_line(r.stderr or r.stdout)))
        outputs.append([np.load(p) for p in sorted(res.glob("output_*.npy"),
                                                   key=lambda p: int(p.stem.split("_")[1]))])
    report = json.loads((out / "report.json").read_text())
    weights = report.get("totals", {}).get("weights_bytes")
    return outputs, weights, []


def eval_labels(data: pathlib.Path, eval_files) -> list:
    """The true class index of each eval sample where DATA/samples.json gives one, else None."""
    listing = data / "samples.json"
    if not listing.is_file():
        return [None] * len(eval_files)
    by_file = {r["file"]: r.get("label") for r in json.loads(listing.read_text()).get("eval", [])}
    return [by_file.get("eval/" + f.name) for f in eval_files]


def metrics(entry, output_names, refs, got, labels=None) -> list:
    """refs, got: per sample, a list of arrays per output. One dict per output; the first also
    gets the accuracy against `labels` where every sample has one."""
    rows = []
    top1 = entry.get("decode") not in NO_TOP1
    for k, oname in enumerate(output_names):
        ref = [np.asarray(s[k], np.float64) for s in refs]
        q = [np.asarray(s[k], np.float64) for s in got]
        if any(a.shape != b.shape for a, b in zip(ref, q)):
            rows.append({"output": oname, "error": "shape mismatch %s vs %s" % (ref[0].shape, q[0].shape)})
            continue
        r, g = np.concatenate([a.ravel() for a in ref]), np.concatenate([a.ravel() for a in q])
        noise = float(np.sum((r - g) ** 2))
        row = {"output": oname, "sqnr_db": float("inf") if noise == 0 else
               10.0 * np.log10(float(np.sum(r ** 2)) / noise), "max_abs_err": float(np.abs(r - g).max())}
        if top1 and ref[0].ndim in (2, 3) and ref[0].shape[-1] > 1:  # [1, classes], [1, steps, classes]
            agree = [a.argmax(axis=-1) == b.argmax(axis=-1) for a, b in zip(ref, q)]
            row["top1_agreement"] = float(np.mean(np.concatenate([x.ravel() for x in agree])))
            row["top1_positions"] = int(sum(x.size for x in agree))
            if k == 0 and labels and all(lb is not None for lb in labels) and ref[0].size == ref[0].shape[-1]:
                row["label_accuracy"] = float(np.mean([int(b.argmax()) == lb for b, lb in zip(q, labels)]))
        rows.append(row)
    return rows


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("model", help="a model's name (real_models.json, tiny_cnn) or an .onnx file")
    ap.add_argument("data", help="a folder made by quant_data.py (calibration/, eval/)")
    ap.add_argument("--ort-method", default="MinMax", choices=["MinMax", "Percentile", "Entropy", "Distribution"],
                    help="onnxruntime's calibration (default MinMax; with onnxruntime 1.22 Entropy gave "
                    "MinMax's ranges here, and Distribution, meant for float8, poor int8 ranges)")
    ap.add_argument("--activation-type", default="QInt8", choices=["QInt8", "QUInt8", "QInt16"])
    ap.add_argument("--weight-type", default="QInt8", choices=["QInt8", "QUInt8", "QInt16"])
    ap.add_argument("--ort-extra", action="append", default=[], type=extra_option, metavar="KEY=VALUE",
                    help="a quantize_static extra option, e.g. CalibPercentile=99.9 (repeatable)")
    ap.add_argument("--edgec", default=str(ROOT / "build" / "tools" / "edgec"))
    ap.add_argument("--calibrate", help="passed to edgec compile as --calibrate")
    ap.add_argument("--edgec-arg", action="append", default=[], help="extra edgec compile argument (repeatable)")
    ap.add_argument("--edgec-float", action="store_true",
                    help="compile edgec's float code instead (checks this script's edgec path)")
    ap.add_argument("--methods", default="ort,edgec", help="which quantizers to run (default ort,edgec)")
    ap.add_argument("--limit", type=int, help="use only the first N eval samples")
    ap.add_argument("--work", help="working folder (default: a temporary one, removed)")
    ap.add_argument("--json", help="also write the results here")
    args = ap.parse_args(argv)

    entry = resolve(args.model)
    data = pathlib.Path(args.data)
    cal_files, eval_files = sample_files(data / "calibration"), sample_files(data / "eval")
    if args.limit:
        eval_files = eval_files[:args.limit]
    tmpdir = None
    if args.work:
        work = pathlib.Path(args.work)
        work.mkdir(parents=True, exist_ok=True)
    else:
        tmpdir = tempfile.TemporaryDirectory(prefix="compare_quant.")
        work = pathlib.Path(tmpdir.name)
    methods = [m.strip() for m in args.methods.split(",") if m.strip()]

    t0 = time.time()
    float_sess = session(entry["path"])
    input_names = [i.name for i in float_sess.get_inputs()]
    output_names = [o.name for o in float_sess.get_outputs()]
    eval_feeds = [load_feeds(f, input_names) for f in eval_files]
    refs = [float_sess.run(None, feeds) for feeds in eval_feeds]
    labels = eval_labels(data, eval_files)
    results = [{"method": "float", "status": "ok", "weights_bytes": os.path.getsize(entry["path"]),
                "outputs": metrics(entry, output_names, refs, refs, labels), "seconds": time.time() - t0}]

    if "ort" in methods:
        t0 = time.time()
        res = {"method": "ort-int8 (%s)" % args.ort_method, "status": "ok"}
        try:
            qpath, notes = ort_quantize(entry, cal_files, input_names, work, args)
            got = run_ort(qpath, eval_feeds)
            res.update(weights_bytes=os.path.getsize(qpath), notes=notes,
                       outputs=metrics(entry, output_names, refs, got, labels))
        except Exception as e:
            res.update(status="not available: %s" % first_line(e))
        res["seconds"] = time.time() - t0
        results.append(res)

    if "edgec" in methods:
        t0 = time.time()
        res = {"method": "edgec-float" if args.edgec_float else "edgec-int8", "status": "ok"}
        try:
            got, weights, notes = run_edgec(entry, data, eval_files, input_names, work, args)
            res.update(weights_bytes=weights, notes=notes, outputs=metrics(entry, output_names, refs, got, labels))
        except Exception as e:
            res.update(status="not available: %s" % first_line(e))
        res["seconds"] = time.time() - t0
        results.append(res)

    header = ("model", "method", "output", "top-1 agreement", "SQNR dB", "max abs err", "weights bytes",
              "accuracy vs label")
    table = [header]
    for res in results:
        weights = "{:,}".format(res["weights_bytes"]) if res.get("weights_bytes") is not None else "-"
        if res["status"] != "ok":
            table.append((entry["name"], res["method"], "-", "not available", "-", "-", "-", "-"))
            continue
        for k, o in enumerate(res["outputs"]):
            if "error" in o:
                table.append((entry["name"], res["method"], o["output"], o["error"], "", "", "", ""))
                continue
            top1 = ("%.2f %% of %d" % (100 * o["top1_agreement"], o["top1_positions"])
                    if "top1_agreement" in o else "-")
            table.append((entry["name"], res["method"], o["output"], top1,
                          "%.1f" % o["sqnr_db"], "%.3g" % o["max_abs_err"], weights if k == 0 else "",
                          "%.2f %%" % (100 * o["label_accuracy"]) if "label_accuracy" in o else "-"))
    widths = [max(len(str(row[i])) for row in table) for i in range(len(header))]
    for i, row in enumerate(table):
        print("  ".join(str(v).ljust(w) for v, w in zip(row, widths)).rstrip())
        if i == 0:
            print("  ".join("-" * w for w in widths))
    for res in results:
        if res["status"] != "ok":
            print("%s: %s" % (res["method"].split("-")[0].split(" ")[0], res["status"]))
        for note in res.get("notes", []):
            print("note: %s: %s" % (res["method"], note))
    print("%d eval samples from %s, %d calibration samples" % (len(eval_files), data / "eval", len(cal_files)))
    if args.json:
        pathlib.Path(args.json).write_text(json.dumps(
            {"model": entry["name"], "file": str(entry["path"]), "data": str(data),
             "ort_options": {"activation_type": args.activation_type, "weight_type": args.weight_type,
                             "extra_options": dict(args.ort_extra)},
             "eval_samples": len(eval_files), "calibration_samples": len(cal_files),
             "ort_method": args.ort_method, "results": results}, indent=1) + "\n")
    if tmpdir:
        tmpdir.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
