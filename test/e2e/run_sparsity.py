#!/usr/bin/env python3
"""Sparse weights end to end (edgec compile --sparsity), against an independent oracle.

For each model and pattern, this script sparsifies the ONNX model itself with numpy: N:M keeps
the N largest magnitudes of every M consecutive weights of a row (ties: the lower position),
block:RxC keeps the half of the R x C blocks with the largest L1 norms, ranked as edgec ranks
them: after folding a following BatchNorm into the conv (which scales each row). Rows are output
channels; a conv's columns run tap by tap with the input channels inside (the channels-last
kernels' order), a Gemm's are K. onnxruntime runs that model; edgec compiles the original
with --sparsity (its own sparsification, packing and sparse kernels), the harness runs it,
and the outputs must agree: float within 1e-4 of the output's scale, int8 (post-training
quantized) with an output SQNR of at least 25 dB. report.json's compression.sparsity must
show packed layers and fewer weight bytes and MACs than dense.
Ends with "N passed, N failed".
"""
import json
import math
import pathlib
import sys

import numpy as np
import onnx
import onnxruntime as ort
from onnx import numpy_helper

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(HERE))
from run_e2e import Failure, Tally, bundled_models, fmt_cmd, harness_build_cmd, model_runner_parser, run, tail  # noqa: E402

TIMEOUT = 600
# The host packing every format (its own description keeps float dense: faster there).
ANY_SPARSE = ROOT / "test" / "lit" / "tools" / "Inputs" / "host_any_sparse.json"


def sparsify_rows(w2, pattern, row_scale=None):
    """w2: [rows, cols] in the kernels' order; blocks are ranked on the rows times row_scale
    (the BatchNorm edgec folds into the conv first)."""
    out = w2.copy()
    rows, cols = out.shape
    if pattern.startswith("block:"):
        br, bc = map(int, pattern[6:].split("x"))
        ranked = out if row_scale is None else (out * row_scale[:, None]).astype(np.float32)
        blocks = [(r, c) for r in range(0, rows, br) for c in range(0, cols, bc)]
        norms = [float(np.abs(ranked[r:r + br, c:c + bc].astype(np.float64)).sum()) for r, c in blocks]
        order = sorted(range(len(blocks)), key=lambda i: -norms[i])
        for i in order[math.ceil(0.5 * len(blocks)):]:
            r, c = blocks[i]
            out[r:r + br, c:c + bc] = 0
        return out
    n, m = map(int, pattern.split(":"))
    for r in range(rows):
        for g in range(0, cols, m):
            group = out[r, g:g + m]
            order = sorted(range(len(group)), key=lambda k: (-abs(float(group[k])), k))
            for k in order[n:]:
                group[k] = 0
    return out


def sparsified_model(src, dst, pattern):
    model = onnx.load(str(src))
    # Weights are initializers or (exporters such as paddle2onnx) Constant nodes' values.
    inits = {i.name: i for i in model.graph.initializer}
    for node in model.graph.node:
        if node.op_type == "Constant" and node.attribute and node.attribute[0].name == "value":
            inits[node.output[0]] = node.attribute[0].t

    def replace(name, array):
        tensor = numpy_helper.from_array(np.ascontiguousarray(array).astype(np.float32), inits[name].name)
        inits[name].CopyFrom(tensor)

    def bn_scale(output):
        for bn in model.graph.node:
            if bn.op_type == "BatchNormalization" and bn.input[0] == output:
                eps = next((a.f for a in bn.attribute if a.name == "epsilon"), 1e-5)
                gamma, var = (numpy_helper.to_array(inits[n]).astype(np.float32) for n in (bn.input[1], bn.input[4]))
                return gamma / np.sqrt(var + np.float32(eps))
        return None

    for node in model.graph.node:
        attrs = {a.name: onnx.helper.get_attribute_value(a) for a in node.attribute}
        if node.op_type == "Conv" and attrs.get("group", 1) == 1 and node.input[1] in inits:
            w = numpy_helper.to_array(inits[node.input[1]])
            o, i = w.shape[:2]
            rows = w.reshape(o, i, -1).transpose(0, 2, 1).reshape(o, -1)
            rows = sparsify_rows(rows, pattern, bn_scale(node.output[0]))
            replace(node.input[1], rows.reshape(o, -1, i).transpose(0, 2, 1).reshape(w.shape))
        elif node.op_type == "Gemm" and not attrs.get("transA", 0) and node.input[1] in inits:
            w = numpy_helper.to_array(inits[node.input[1]])
            t = attrs.get("transB", 0)
            rows = sparsify_rows(w if t else w.T, pattern)
            replace(node.input[1], rows if t else rows.T)
        elif node.op_type == "MatMul" and node.input[1] in inits:
            w = numpy_helper.to_array(inits[node.input[1]])
            if w.ndim == 2:
                replace(node.input[1], sparsify_rows(w.T, pattern).T)
    onnx.save(model, str(dst))


def compile_build_run(args, model, out, extra, inputs):
    cmd = [args.edgec, "compile", str(model["path"]), "-o", str(out), "--with-main", "--name", "net", *extra]
    for name, shape in model["inputs"].items():
        cmd += ["--input-shape", "%s=%s" % (name, "x".join(map(str, shape)))]
    for step in (cmd, harness_build_cmd(args.cxx, "-O2", out, "net", out / "net_main")):
        rc, log, _ = run(step, TIMEOUT)
        if rc != 0:
            raise Failure("$ %s\n%s" % (fmt_cmd(step), tail(log)))
    hcmd = [str(out / "net_main"), *[str(p) for p in inputs], "-o", str(out / "result")]
    rc, log, _ = run(hcmd, TIMEOUT)
    if rc != 0:
        raise Failure("$ %s\n%s" % (fmt_cmd(hcmd), tail(log)))
    with open(out / "report.json") as f:
        report = json.load(f)
    return report, [np.load(p) for p in sorted((out / "result").glob("output_*.npy"))]


def models(work):
    """tiny_cnn (float and int8, every pattern) and the cls model (float, 2:4)."""
    calibration = work / "tiny_calibration"
    calibration.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(0)
    for i in range(8):
        np.save(calibration / ("%02d.npy" % i), rng.standard_normal((1, 3, 16, 16)).astype(np.float32))
    for m in bundled_models(work):
        if m["name"] == "tiny_cnn":
            yield dict(m, calibration=calibration, patterns=["2:4", "4:8", "1:4", "block:4x8"])
        elif m["name"] == "ppocr_mobilenetv3_cls":
            yield dict(m, patterns=["2:4"])


def main():
    args = model_runner_parser(__doc__).parse_args()
    work = pathlib.Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    tally = Tally()
    for model in models(work):
        inputs = list(model["samples"].values())
        feeds = {name: np.load(p) for name, p in model["samples"].items()}
        for pattern in model["patterns"]:
            tag = "%s %s" % (model["name"], pattern)
            safe = pattern.replace(":", "_")
            try:
                ref_model = work / ("%s_%s.onnx" % (model["name"], safe))
                sparsified_model(model["path"], ref_model, pattern)
                expected = ort.InferenceSession(str(ref_model), providers=["CPUExecutionProvider"]).run(None, feeds)
                runs = [("float", [])]
                if model.get("calibration"):
                    runs.append(("int8", ["--quantize", "int8", "--calibration", str(model["calibration"])]))
                for label, extra in runs:
                    report, got = compile_build_run(args, model, work / model["name"] / safe / label,
                                                    ["--sparsity", pattern, "--target-desc", str(ANY_SPARSE), *extra],
                                                    inputs)
                    sparsity = report["compression"]["sparsity"]
                    if not sparsity or sparsity["layers_packed"] == 0 or sparsity["bytes"] >= sparsity["dense_bytes"] \
                            or sparsity["macs"] >= sparsity["dense_macs"]:
                        raise Failure("%s: nothing packed, or no saving: %s" % (label, sparsity))
                    for g, e in zip(got, expected):
                        e = e.astype(np.float64)
                        if label == "float":
                            err = float(np.max(np.abs(g - e)))
                            if err > 1e-4 * max(1.0, float(np.max(np.abs(e)))):
                                raise Failure("float: max |edgec - onnxruntime| = %g" % err)
                            detail = "max err %.2g" % err
                        else:
                            sqnr = 10 * math.log10(float(np.sum(e * e)) / max(float(np.sum((g - e) ** 2)), 1e-30))
                            if sqnr < 25:
                                raise Failure("int8: output SQNR %.1f dB < 25 dB" % sqnr)
                            detail = "SQNR %.1f dB" % sqnr
                    tally.ok("%-32s %-5s %d/%d layers packed, weights %d -> %d B, MACs %d -> %d, %s" % (
                        tag, label, sparsity["layers_packed"], len(sparsity["layers"]), sparsity["dense_bytes"],
                        sparsity["bytes"], sparsity["dense_macs"], sparsity["macs"], detail))
            except Failure as e:
                tally.fail(tag, e)
    return tally.finish()


if __name__ == "__main__":
    sys.exit(main())
