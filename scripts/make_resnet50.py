#!/usr/bin/env python3
"""Writes a ResNet-50 v1 ONNX model with random (untrained) weights, for benchmarks.

Usage: make_resnet50.py --out PATH [--seed N] [--v1.5] [--check]

Architecture (He et al. 2015, v1: stride 2 in the first 1x1 conv of a down-sampling block;
--v1.5 puts it on the 3x3 conv instead, as torchvision's resnet50 does):
input [1,3,224,224] -> Conv 7x7/2 64 -> BN -> Relu -> MaxPool 3x3/2 -> bottleneck stages
of 3, 4, 6, 3 blocks (widths 64, 128, 256, 512; expansion 4; projection shortcut Conv 1x1 +
BN on the first block of each stage) -> GlobalAveragePool -> Flatten -> Gemm 2048x1000 ->
output "logits" [1,1000]. 25.6 M parameters; 3.86 G multiply-accumulates (the paper's
"3.8 x 10^9 FLOPs"), 4.09 G with --v1.5. Opset 13.

Weights are He-initialised (normal, std sqrt(2 / fan_in)) from numpy with a fixed seed. The
BatchNorm statistics are not trivial: running mean and variance are measured by a numpy
forward pass on a random image (so BN really normalises, as in a trained network), then
perturbed; gamma and beta are random (gamma is smaller on the last BN of each residual branch
so the residual stream grows slowly, as with zero-init-gamma training). The output is
therefore numerically sane: logits of order 1-10, no overflow.
"""

import argparse
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

STAGES = [(64, 3, 1), (128, 4, 2), (256, 6, 2), (512, 3, 2)]  # (width, blocks, first stride)
EXPANSION = 4
EPS = 1e-5


def conv2d(x, w, stride, pad):
    """numpy NCHW convolution (batch 1) via im2col; x [C,H,W], w [O,C,kh,kw]."""
    c, h, wd = x.shape
    o, _, kh, kw = w.shape
    xp = np.pad(x, ((0, 0), (pad, pad), (pad, pad)))
    oh = (h + 2 * pad - kh) // stride + 1
    ow = (wd + 2 * pad - kw) // stride + 1
    win = np.lib.stride_tricks.sliding_window_view(xp, (kh, kw), axis=(1, 2))
    win = win[:, ::stride, ::stride][:, :oh, :ow]            # C, oh, ow, kh, kw
    cols = win.transpose(1, 2, 0, 3, 4).reshape(oh * ow, c * kh * kw)
    return (cols @ w.reshape(o, -1).T).T.reshape(o, oh, ow)


class Builder:
    def __init__(self, seed):
        self.rng = np.random.default_rng(seed)
        self.nodes, self.inits = [], []
        self.params = 0
        self.macs = 0

    def init(self, name, arr):
        self.inits.append(numpy_helper.from_array(arr.astype(np.float32), name))
        return name

    def conv_bn(self, name, x, xv, cin, cout, k, stride, relu, gamma_range=(0.5, 1.5)):
        """Conv (no bias) + BatchNorm [+ Relu]; xv is the numpy value of x (C,H,W)."""
        rng = self.rng
        w = rng.standard_normal((cout, cin, k, k)).astype(np.float32) * np.float32(np.sqrt(2.0 / (cin * k * k)))
        pad = k // 2
        y = conv2d(xv, w, stride, pad)
        self.params += w.size
        self.macs += w.size * y.shape[1] * y.shape[2]
        # BN statistics: measured on this forward pass, then perturbed like a trained net's.
        mean = y.mean(axis=(1, 2)) + rng.normal(0.0, 0.05, cout) * y.std(axis=(1, 2))
        var = y.var(axis=(1, 2)) * rng.uniform(0.8, 1.25, cout) + 1e-3
        gamma = rng.uniform(*gamma_range, cout)
        beta = rng.normal(0.0, 0.1, cout)
        self.params += 2 * cout
        yv = (gamma[:, None, None] * (y - mean[:, None, None]) / np.sqrt(var[:, None, None] + EPS)
              + beta[:, None, None]).astype(np.float32)
        self.nodes.append(helper.make_node(
            "Conv", [x, self.init(name + ".weight", w)], [name + ".conv"], name=name,
            kernel_shape=[k, k], strides=[stride, stride], pads=[pad] * 4))
        bn_out = name + ".bn"
        self.nodes.append(helper.make_node(
            "BatchNormalization",
            [name + ".conv", self.init(name + ".bn.scale", gamma), self.init(name + ".bn.bias", beta),
             self.init(name + ".bn.mean", mean), self.init(name + ".bn.var", var)],
            [bn_out], name=name + "_bn", epsilon=EPS))
        if relu:
            self.nodes.append(helper.make_node("Relu", [bn_out], [name + ".relu"], name=name + "_relu"))
            return name + ".relu", np.maximum(yv, 0)
        return bn_out, yv

    def bottleneck(self, name, x, xv, cin, width, stride, v15):
        cout = width * EXPANSION
        s1, s3 = (1, stride) if v15 else (stride, 1)
        a, av = self.conv_bn(name + ".conv1", x, xv, cin, width, 1, s1, True)
        b, bv = self.conv_bn(name + ".conv2", a, av, width, width, 3, s3, True)
        c, cv = self.conv_bn(name + ".conv3", b, bv, width, cout, 1, 1, False, gamma_range=(0.2, 0.5))
        if stride != 1 or cin != cout:
            s, sv = self.conv_bn(name + ".downsample", x, xv, cin, cout, 1, stride, False)
        else:
            s, sv = x, xv
        self.nodes.append(helper.make_node("Add", [c, s], [name + ".add"], name=name + "_add"))
        self.nodes.append(helper.make_node("Relu", [name + ".add"], [name + ".out"], name=name + "_relu"))
        return name + ".out", np.maximum(cv + sv, 0)


def build(seed, v15=False):
    b = Builder(seed)
    xv = b.rng.standard_normal((3, 224, 224)).astype(np.float32)
    x, xv = b.conv_bn("conv1", "input", xv, 3, 64, 7, 2, True)
    b.nodes.append(helper.make_node("MaxPool", [x], ["maxpool"], name="maxpool",
                                    kernel_shape=[3, 3], strides=[2, 2], pads=[1, 1, 1, 1]))
    xp = np.pad(xv, ((0, 0), (1, 1), (1, 1)), constant_values=-np.inf)
    xv = np.lib.stride_tricks.sliding_window_view(xp, (3, 3), axis=(1, 2))[:, ::2, ::2].max(axis=(3, 4))
    x, cin = "maxpool", 64
    for si, (width, blocks, stride) in enumerate(STAGES):
        for bi in range(blocks):
            x, xv = b.bottleneck("layer%d.%d" % (si + 1, bi), x, xv, cin, width, stride if bi == 0 else 1, v15)
            cin = width * EXPANSION
    b.nodes.append(helper.make_node("GlobalAveragePool", [x], ["pool"], name="avgpool"))
    b.nodes.append(helper.make_node("Flatten", ["pool"], ["flat"], name="flatten", axis=1))
    fc_w = b.rng.standard_normal((1000, cin)).astype(np.float32) * np.float32(np.sqrt(2.0 / cin))
    fc_b = b.rng.normal(0.0, 0.01, 1000).astype(np.float32)
    b.params += fc_w.size + fc_b.size
    b.macs += fc_w.size
    b.nodes.append(helper.make_node("Gemm", ["flat", b.init("fc.weight", fc_w), b.init("fc.bias", fc_b)],
                                    ["logits"], name="fc", transB=1))
    graph = helper.make_graph(
        b.nodes, "resnet50",
        [helper.make_tensor_value_info("input", TensorProto.FLOAT, [1, 3, 224, 224])],
        [helper.make_tensor_value_info("logits", TensorProto.FLOAT, [1, 1000])],
        b.inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)],
                              producer_name="edgec/scripts/make_resnet50.py")
    model.ir_version = 8
    onnx.checker.check_model(model)
    return model, b.params, b.macs


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", required=True, help="output .onnx path")
    ap.add_argument("--seed", type=int, default=50, help="numpy seed (default 50)")
    ap.add_argument("--v1.5", dest="v15", action="store_true",
                    help="stride 2 on the 3x3 conv of down-sampling blocks (torchvision's variant)")
    ap.add_argument("--check", action="store_true",
                    help="run the model in onnxruntime on a random input and print the logits' range")
    args = ap.parse_args()
    model, params, macs = build(args.seed, args.v15)
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    onnx.save(model, args.out)
    print("wrote %s: %d nodes, %.2f M params, %.2f G MACs, %d bytes" % (
        args.out, len(model.graph.node), params / 1e6, macs / 1e9, os.path.getsize(args.out)))
    if args.check:
        import onnxruntime as ort
        sess = ort.InferenceSession(args.out, providers=["CPUExecutionProvider"])
        x = np.random.default_rng(1).standard_normal((1, 3, 224, 224)).astype(np.float32)
        y = sess.run(None, {"input": x})[0]
        ok = bool(np.all(np.isfinite(y)))
        print("onnxruntime: logits %s, min %.3f, max %.3f, std %.3f, argmax %d%s" % (
            list(y.shape), float(y.min()), float(y.max()), float(y.std()), int(y.argmax()),
            "" if ok else " (NOT FINITE)"))
        return 0 if ok else 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
