#!/usr/bin/env python3
"""Builds quantized ONNX test models for the importer, by quantizing small float cases of
make_models.py with onnxruntime.

Usage: make_qdq_models.py OUTDIR [--filter SUBSTR]

For each case in QDQ_CASES (built by make_models.py's own builders into OUTDIR/float/), on 16
calibration samples of seeded standard-normal data (np.random.default_rng(CRC32 of the case
name)), after onnxruntime's quant_pre_process:

  <case>.qdq_s8.onnx   quantize_static, QDQ format, per-channel int8 weights, int8 activations
  <case>.qdq_u8.onnx   the same with uint8 activations (onnxruntime's default combination)

and for QOPERATOR_CASES also

  <case>.qop_u8.onnx   quantize_static, QOperator format (QLinearConv / QLinearMatMul,
                       QLinearAdd), from the case as built (not pre-processed)

and for DYNAMIC_CASES

  <case>.dynamic.onnx  quantize_dynamic: DynamicQuantizeLinear + ConvInteger (uint8 weights: the
                       only kind onnxruntime's CPU kernel runs) / MatMulInteger (int8 weights)

Each model is run by onnxruntime on OUTDIR/<name>.input_<i>.npy (make_models.py's input for the
case) and its outputs written as OUTDIR/<name>.ort_output_<i>.npy. OUTDIR/qdq_models.json lists
every model: name, case, variant, model path, inputs (name, shape, path), outputs, the
quantization operators it holds, and the SQNR in dB of onnxruntime's output against the float
case's (a check that the quantized model is sane, not a tolerance).
"""
import argparse
import json
import os
import sys
import zlib

import numpy as np
import onnx
import onnxruntime as ort

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import make_models  # noqa: E402

# Conv + Relu, depthwise, Gemm, MatMul, residual Add with Clip/Sigmoid, Concat, max/avg/global
# pools, HardSwish and squeeze-excite with Resize, a whole small CNN (BatchNorm folded), and
# Softmax between QuantizeLinear / DequantizeLinear (the int8 softmax kernel).
QDQ_CASES = ["conv_basic", "conv_depthwise_s2", "gemm_transb_c1d", "matmul_2d", "conv_act_fusion",
             "concat", "maxpool_pads_strides", "avgpool_exclude_pad", "global_avgpool",
             "mobilenetv3_block", "tiny_cnn", "softmax_3d_opset13"]
QOPERATOR_CASES = ["conv_basic"]  # matmul_2d's would hold com.microsoft QLinearAdd
# DynamicQuantizeLinear computes its scale at run time: not supported, so no dynamic cases by default.
DYNAMIC_CASES = []
DYNAMIC_UINT8_WEIGHTS = {"conv_basic"}
FORCE_QUANTIZE_CASES = {"maxpool_pads_strides", "avgpool_exclude_pad"}
CALIBRATION_SAMPLES = 16
QUANT_OPS = {"QuantizeLinear", "DequantizeLinear", "QLinearConv", "QLinearMatMul", "QLinearAdd",
             "QLinearMul", "QLinearConcat", "QLinearGlobalAveragePool", "QLinearAveragePool",
             "QLinearSigmoid", "QLinearLeakyRelu", "QGemm", "ConvInteger", "MatMulInteger",
             "DynamicQuantizeLinear"}


class Reader:
    """A CalibrationDataReader over seeded standard-normal feeds."""

    def __init__(self, case, shapes):
        rng = np.random.default_rng(zlib.crc32(case.encode()))
        self.samples = [{n: rng.standard_normal(s).astype(np.float32) for n, s in shapes.items()}
                        for _ in range(CALIBRATION_SAMPLES)]
        self.i = 0

    def get_next(self):
        if self.i >= len(self.samples):
            return None
        self.i += 1
        return self.samples[self.i - 1]

    def rewind(self):
        self.i = 0


def run(path, feeds):
    opts = ort.SessionOptions()
    opts.log_severity_level = 3
    sess = ort.InferenceSession(path, sess_options=opts, providers=["CPUExecutionProvider"])
    return sess.run(None, feeds)


def sqnr_db(ref, got):
    ref, got = np.asarray(ref, np.float64), np.asarray(got, np.float64)
    noise = float(np.sum((ref - got) ** 2))
    return float("inf") if noise == 0 else 10 * np.log10(float(np.sum(ref ** 2)) / noise)


def quantize(case, variant, src, dst, shapes):
    from onnxruntime.quantization import QuantFormat, QuantType, quantize_dynamic, quantize_static
    if variant == "dynamic":
        # onnxruntime's CPU ConvInteger takes uint8 weights only; MatMulInteger takes int8 too.
        weights = QuantType.QUInt8 if case in DYNAMIC_UINT8_WEIGHTS else QuantType.QInt8
        quantize_dynamic(src, dst, weight_type=weights, per_channel=False,
                         op_types_to_quantize=["Conv", "MatMul"])
        return
    act = QuantType.QInt8 if variant == "qdq_s8" else QuantType.QUInt8
    fmt = QuantFormat.QOperator if variant == "qop_u8" else QuantFormat.QDQ
    # A pool alone has no quantized input, which onnxruntime otherwise requires to quantize it.
    extra = {"ForceQuantizeNoInputCheck": True} if case in FORCE_QUANTIZE_CASES else {}
    quantize_static(src, dst, Reader(case, shapes), quant_format=fmt, per_channel=True,
                    activation_type=act, weight_type=QuantType.QInt8, extra_options=extra)


def build(outdir, filter_substr=None):
    float_dir = os.path.join(outdir, "float")
    names = set(QDQ_CASES + QOPERATOR_CASES + DYNAMIC_CASES)
    if filter_substr:
        names = {n for n in names if filter_substr in n}
    cases = {c["name"]: c for c in make_models.build_cases(float_dir, names=names)}
    entries = []
    for case, c in cases.items():
        shapes = {i["name"]: i["shape"] for i in c["inputs"]}
        feeds = {i["name"]: np.load(i["path"]) for i in c["inputs"]}
        ref = run(c["model"], feeds)
        pre = os.path.join(float_dir, case + ".preprocessed.onnx")
        cwd = os.getcwd()
        os.chdir(float_dir)  # onnxruntime's symbolic shape inference may leave a temp file there
        try:
            from onnxruntime.quantization.shape_inference import quant_pre_process
            quant_pre_process(os.path.abspath(c["model"]), os.path.abspath(pre))
        except Exception as e:  # quantize the case as it is
            print("%s: quant_pre_process failed (%s); quantizing the model as is" % (case, e))
            pre = c["model"]
        finally:
            os.chdir(cwd)
        variants = ["qdq_s8", "qdq_u8"] if case in QDQ_CASES else []
        variants += ["qop_u8"] if case in QOPERATOR_CASES else []
        variants += ["dynamic"] if case in DYNAMIC_CASES else []
        for variant in variants:
            name = "%s.%s" % (case, variant)
            path = os.path.join(outdir, name + ".onnx")
            # QOperator from the case as built: preprocessing would fuse MatMul + Add into a
            # Gemm, which becomes com.microsoft's QGemm instead of QLinearMatMul + QLinearAdd.
            quantize(case, variant, c["model"] if variant == "qop_u8" else pre, path, shapes)
            model = onnx.load(path)
            onnx.checker.check_model(model)
            got = run(path, feeds)
            inputs = []
            for k, i in enumerate(c["inputs"]):
                ipath = os.path.join(outdir, "%s.input_%d.npy" % (name, k))
                np.save(ipath, feeds[i["name"]])
                inputs.append({"name": i["name"], "shape": i["shape"], "path": ipath})
            outputs = []
            for k, (o, r, g) in enumerate(zip(model.graph.output, ref, got)):
                opath = os.path.join(outdir, "%s.ort_output_%d.npy" % (name, k))
                np.save(opath, g)
                outputs.append({"name": o.name, "shape": list(g.shape), "ort_output": opath,
                                "sqnr_db_vs_float": round(sqnr_db(r, g), 2)})
            ops = sorted({n.op_type for n in model.graph.node} & QUANT_OPS)
            entries.append({"name": name, "case": case, "variant": variant, "model": path,
                            "opset": next(o.version for o in model.opset_import if o.domain in ("", "ai.onnx")),
                            "inputs": inputs, "outputs": outputs, "quant_ops": ops})
    with open(os.path.join(outdir, "qdq_models.json"), "w") as f:
        json.dump(entries, f, indent=1)
    return entries


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("outdir")
    ap.add_argument("--filter", default=None, help="only cases whose name contains this")
    args = ap.parse_args(argv)
    entries = build(args.outdir, args.filter)
    for e in entries:
        print("%-34s opset %-2d %-40s SQNR vs float %s dB" % (
            e["name"], e["opset"], ",".join(e["quant_ops"]),
            " / ".join("%.1f" % o["sqnr_db_vs_float"] for o in e["outputs"])))
    print("%d quantized models written to %s (list: qdq_models.json)" % (len(entries), args.outdir))
    return 0


if __name__ == "__main__":
    sys.exit(main())
