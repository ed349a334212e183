#!/usr/bin/env python3
"""Builds the small deterministic ONNX models used by the end-to-end tests.

Usage: make_models.py OUTDIR [--filter SUBSTR]

For every case in CASES this writes OUTDIR/<case>.onnx (checked with
onnx.checker) and OUTDIR/<case>.input_<i>.npy, one float32 standard-normal
array per graph input (graph-input order, initializer-backed inputs excluded),
drawn from np.random.default_rng(<index of the case in CASES>).

Weights are drawn from a generator seeded by the CRC32 of the case name, so a
case's weights do not change when cases are added or reordered. Scales are
realistic: He init for conv/gemm weights, small biases, BatchNorm statistics
with var in [0.5, 1.5]. Symbolic (dynamic) input dims take their concrete
value for the generated inputs from DYNAMIC_DIMS.
"""

import argparse
import os
import sys
import zlib

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

FLOAT = TensorProto.FLOAT
INT64 = TensorProto.INT64

# Concrete value used for the generated inputs of a symbolic input dim.
DYNAMIC_DIMS = {"batch": 2}


# --------------------------------------------------------------------------
# Graph building helper
# --------------------------------------------------------------------------
class G:
    """Tiny builder over onnx.helper: nodes, initializers, inputs, outputs."""

    def __init__(self, name):
        self.name = name
        self.rng = np.random.default_rng(zlib.crc32(name.encode()))
        self.nodes, self.inits, self.inputs, self.outputs = [], [], [], []
        self._n = 0

    def _fresh(self, prefix):
        self._n += 1
        return "%s_%d" % (prefix, self._n)

    # ---- graph interface ----
    def inp(self, name, shape, elem=FLOAT):
        self.inputs.append(helper.make_tensor_value_info(name, elem, shape))
        return name

    def out(self, name, shape=None):
        """Marks an existing value as graph output. Its type/shape come from shape
        inference unless `shape` is given (needed where inference cannot tell)."""
        self.outputs.append((name, shape))
        return name

    def init(self, arr, prefix="w"):
        arr = np.asarray(arr)
        name = self._fresh(prefix)
        self.inits.append(numpy_helper.from_array(arr, name))
        return name

    def node(self, op, ins, nout=1, out=None, **attrs):
        if out is None:
            outs = [self._fresh(op.lower()) for _ in range(nout)]
        else:
            outs = [out] if isinstance(out, str) else list(out)
        self.nodes.append(helper.make_node(op, list(ins), outs,
                                           name=self._fresh("n_" + op), **attrs))
        return outs[0] if len(outs) == 1 else outs

    # ---- weight helpers ----
    def he(self, shape, fan_in):
        return (self.rng.standard_normal(shape) * np.sqrt(2.0 / fan_in)).astype(np.float32)

    def small(self, shape, scale=0.1):
        return (self.rng.standard_normal(shape) * scale).astype(np.float32)

    def conv_w(self, cout, cin_per_group, kernel):
        return self.he((cout, cin_per_group) + tuple(kernel),
                       cin_per_group * int(np.prod(kernel)))

    def conv(self, x, cin, cout, kernel, group=1, bias=True, out=None, **attrs):
        w = self.init(self.conv_w(cout, cin // group, kernel), "conv_w")
        ins = [x, w]
        if bias:
            ins.append(self.init(self.small((cout,)), "conv_b"))
        if group != 1:
            attrs["group"] = group
        return self.node("Conv", ins, out=out, kernel_shape=list(kernel), **attrs)

    def bn_params(self, c):
        scale = self.rng.uniform(0.5, 1.5, c).astype(np.float32)
        bias = self.small((c,))
        mean = self.small((c,))
        var = self.rng.uniform(0.5, 1.5, c).astype(np.float32)
        return [self.init(a, p) for a, p in
                ((scale, "bn_scale"), (bias, "bn_bias"), (mean, "bn_mean"), (var, "bn_var"))]

    def bn(self, x, c, out=None, **attrs):
        return self.node("BatchNormalization", [x] + self.bn_params(c), out=out, **attrs)

    def gemm(self, x, k, n, out=None, c_shape="1d", **attrs):
        """PyTorch Linear-style Gemm: B is [n, k] with transB=1."""
        w = self.init(self.he((n, k), k), "fc_w")
        bshape = (n,) if c_shape == "1d" else (1, n)
        b = self.init(self.small(bshape), "fc_b")
        return self.node("Gemm", [x, w, b], out=out, transB=1, **attrs)

    # ---- finish ----
    def model(self, opset, ir_version=None, inits_as_inputs=False):
        inputs = list(self.inputs)
        if inits_as_inputs:  # old (IR 3) exporters listed every initializer as input
            for t in self.inits:
                inputs.append(helper.make_tensor_value_info(t.name, t.data_type, list(t.dims)))
        # Outputs first without type, then typed from shape inference.
        outs = [helper.make_empty_tensor_value_info(n) for n, _ in self.outputs]
        graph = helper.make_graph(self.nodes, self.name, inputs, outs, self.inits)
        kw = {"opset_imports": [helper.make_opsetid("", opset)],
              "producer_name": "edgec-e2e"}
        if ir_version is not None:
            kw["ir_version"] = ir_version
        m = helper.make_model(graph, **kw)
        inferred = onnx.shape_inference.infer_shapes(m, strict_mode=True)
        known = {vi.name: vi for vi in list(inferred.graph.value_info) + list(inferred.graph.output)}
        for o, (_, shape) in zip(m.graph.output, self.outputs):
            if shape is not None:
                o.CopyFrom(helper.make_tensor_value_info(o.name, FLOAT, shape))
                continue
            vi = known.get(o.name)
            if (vi is None or not vi.type.HasField("tensor_type")
                    or not vi.type.tensor_type.HasField("shape")):
                raise RuntimeError("%s: no inferred type for output %s" % (self.name, o.name))
            o.type.CopyFrom(vi.type)
        return m


# --------------------------------------------------------------------------
# Cases
# --------------------------------------------------------------------------
def tiny_cnn():
    g = G("tiny_cnn")
    x = g.inp("input", [1, 3, 16, 16])
    r1 = g.node("Relu", [g.bn(g.conv(x, 3, 8, (3, 3), bias=False, pads=[1, 1, 1, 1]), 8)])
    r2 = g.node("Relu", [g.bn(g.conv(r1, 8, 8, (3, 3), bias=False, pads=[1, 1, 1, 1]), 8)])
    b3 = g.bn(g.conv(r2, 8, 8, (3, 3), bias=False, pads=[1, 1, 1, 1]), 8)
    r3 = g.node("Relu", [g.node("Add", [b3, r1])])
    mp = g.node("MaxPool", [r3], kernel_shape=[2, 2], strides=[2, 2])
    gap = g.node("GlobalAveragePool", [mp])
    f = g.node("Flatten", [gap], axis=1)
    fc = g.gemm(f, 8, 10)
    g.out(g.node("Softmax", [fc], out="output", axis=1))
    return g.model(13)


def conv_basic():
    g = G("conv_basic")
    x = g.inp("x", [1, 3, 8, 8])
    g.out(g.node("Relu", [g.conv(x, 3, 5, (3, 3), pads=[1, 1, 1, 1])], out="y"))
    return g.model(13)


def conv_groups():
    g = G("conv_groups")
    x = g.inp("x", [1, 4, 6, 6])
    g.out(g.conv(x, 4, 6, (3, 3), group=2, pads=[1, 1, 1, 1], out="y"))
    return g.model(13)


def conv_depthwise_s2():
    g = G("conv_depthwise_s2")
    x = g.inp("x", [1, 8, 9, 9])
    g.out(g.conv(x, 8, 8, (3, 3), group=8, strides=[2, 2], pads=[1, 1, 1, 1], out="y"))
    return g.model(13)


def conv_depthwise_mult2():
    # Depthwise with channel multiplier 2: group == Cin, Cout == 2 * Cin.
    g = G("conv_depthwise_mult2")
    x = g.inp("x", [1, 4, 7, 7])
    g.out(g.conv(x, 4, 8, (3, 3), group=4, pads=[1, 1, 1, 1], out="y"))
    return g.model(13)


def conv_dilated():
    g = G("conv_dilated")
    x = g.inp("x", [1, 3, 10, 11])
    g.out(g.conv(x, 3, 4, (3, 3), dilations=[2, 3], pads=[2, 3, 2, 3], out="y"))
    return g.model(13)


def conv_asym_pads():
    g = G("conv_asym_pads")
    x = g.inp("x", [1, 4, 9, 7])
    # pads = [h_begin, w_begin, h_end, w_end]
    g.out(g.conv(x, 4, 3, (3, 2), strides=[2, 1], pads=[0, 1, 2, 1], out="y"))
    return g.model(13)


def conv_same_upper():
    g = G("conv_same_upper")
    x = g.inp("x", [1, 3, 8, 8])
    # stride 2, kernel 3 on 8: total pad 1 -> (0 begin, 1 end)
    g.out(g.conv(x, 3, 4, (3, 3), strides=[2, 2], auto_pad="SAME_UPPER", out="y"))
    return g.model(13)


def conv_same_lower():
    g = G("conv_same_lower")
    x = g.inp("x", [1, 3, 7, 9])
    # H: kernel 2 stride 1 -> total 1 (1 begin, 0 end); W: kernel 4 stride 2 -> total 3 (2, 1)
    g.out(g.conv(x, 3, 4, (2, 4), strides=[1, 2], auto_pad="SAME_LOWER", out="y"))
    return g.model(13)


def conv_valid_nobias():
    g = G("conv_valid_nobias")
    x = g.inp("x", [1, 3, 9, 9])
    g.out(g.conv(x, 3, 4, (3, 3), bias=False, strides=[2, 2], auto_pad="VALID", out="y"))
    return g.model(13)


def conv1d():
    g = G("conv1d")
    x = g.inp("x", [1, 4, 20])
    c = g.conv(x, 4, 6, (3,), strides=[2], pads=[1, 1])
    g.out(g.node("Relu", [c], out="y"))
    return g.model(13)


def conv3d():
    g = G("conv3d")
    x = g.inp("x", [1, 2, 5, 6, 6])
    g.out(g.conv(x, 2, 4, (3, 3, 3), strides=[1, 2, 2], pads=[1, 1, 1, 1, 1, 1], out="y"))
    return g.model(13)


def conv_bn():
    g = G("conv_bn")
    x = g.inp("x", [1, 3, 8, 8])
    c = g.conv(x, 3, 6, (3, 3), pads=[1, 1, 1, 1])
    g.out(g.bn(c, 6, out="y", epsilon=1e-3))
    return g.model(13)


def conv_act_fusion():
    # Activations that a compiler may fuse into the producing conv: Clip (both bounds
    # hit), Sigmoid, and a Relu after a residual Add.
    g = G("conv_act_fusion")
    x = g.inp("x", [1, 3, 8, 8])
    c1 = g.conv(x, 3, 6, (3, 3), pads=[1, 1, 1, 1])
    a1 = g.node("Clip", [c1, g.init(np.array(0.0, np.float32), "min"),
                         g.init(np.array(1.0, np.float32), "max")])
    c2 = g.conv(a1, 6, 6, (3, 3), pads=[1, 1, 1, 1])
    a2 = g.node("Sigmoid", [c2])
    c3 = g.conv(a2, 6, 6, (1, 1))
    g.out(g.node("Relu", [g.node("Add", [c3, a1])], out="y"))
    return g.model(13)


def batchnorm_standalone():
    g = G("batchnorm_standalone")
    x = g.inp("x", [2, 5, 4, 4])
    g.out(g.bn(x, 5, out="y", epsilon=1e-3))
    return g.model(13)


def gemm_transb_c1d():
    g = G("gemm_transb_c1d")
    x = g.inp("x", [3, 16])
    g.out(g.gemm(x, 16, 8, out="y", c_shape="1d"))
    return g.model(13)


def gemm_transa_alpha_beta_c2d():
    g = G("gemm_transa_alpha_beta_c2d")
    a = g.inp("a", [16, 3])  # transA: A^T is [3, 16]
    b = g.init(g.he((16, 8), 16), "gemm_b")
    c = g.init(g.small((1, 8)), "gemm_c")
    g.out(g.node("Gemm", [a, b, c], out="y", transA=1, alpha=0.5, beta=2.0))
    return g.model(13)


def gemm_transab():
    g = G("gemm_transab")
    a = g.inp("a", [16, 3])
    b = g.init(g.he((8, 16), 16), "gemm_b")
    c = g.init(g.small((8,)), "gemm_c")
    g.out(g.node("Gemm", [a, b, c], out="y", transA=1, transB=1, alpha=1.5, beta=0.25))
    return g.model(13)


def matmul_2d():
    g = G("matmul_2d")
    x = g.inp("x", [4, 16])
    m = g.node("MatMul", [x, g.init(g.he((16, 8), 16))])
    g.out(g.node("Add", [m, g.init(g.small((8,)), "b")], out="y"))
    return g.model(13)


def matmul_batched():
    g = G("matmul_batched")
    x = g.inp("x", [2, 4, 16])
    m = g.node("MatMul", [x, g.init(g.he((16, 8), 16))])  # [2,4,16] x [16,8]
    g.out(g.node("Add", [m, g.init(g.small((8,)), "b")], out="y"))
    return g.model(13)


def binary_broadcast():
    g = G("binary_broadcast")
    x = g.inp("x", [1, 4, 5, 6])
    a = g.node("Add", [x, g.init(g.small((4, 1, 1), 1.0), "c")])
    b = g.node("Sub", [g.init(g.small((6,), 1.0), "c"), a])          # constant first
    m = g.node("Mul", [b, g.init(g.small((1, 4, 5, 1), 1.0), "c")])
    d = g.node("Div", [m, g.init(np.array(1.7, np.float32), "c")])   # scalar divisor
    den = g.rng.uniform(0.5, 2.0, (4, 1, 1)) * g.rng.choice([-1.0, 1.0], (4, 1, 1))
    e = g.node("Div", [x, g.init(den.astype(np.float32), "c")])
    s = g.node("Sub", [e, g.init(np.array([0.25], np.float32), "c")])  # [1] broadcast
    g.out(g.node("Add", [d, s], out="y"))
    return g.model(13)


def activations():
    g = G("activations")
    x = g.inp("x", [2, 3, 4, 5])
    r = g.node("Relu", [x])
    s = g.node("Sigmoid", [g.node("Mul", [x, g.init(np.array(4.0, np.float32), "k")])])
    t = g.node("Tanh", [g.node("Mul", [x, g.init(np.array(3.0, np.float32), "k")])])
    g.out(g.node("Add", [g.node("Mul", [s, t]), r], out="y"))
    return g.model(13)


def clip_attr_opset10():
    g = G("clip_attr_opset10")
    x = g.inp("x", [2, 3, 4])
    a = g.node("Clip", [x], min=-1.0, max=0.5)
    b = g.node("Clip", [x], min=0.0)  # max defaults to +FLT_MAX
    g.out(g.node("Add", [a, b], out="y"))
    return g.model(10)


def clip_input_form():
    g = G("clip_input_form")
    x = g.inp("x", [2, 3, 4])
    lo = g.init(np.array(-0.5, np.float32), "min")
    hi = g.init(np.array(0.5, np.float32), "max")
    hi2 = g.init(np.array(1.0, np.float32), "max")
    c1 = g.node("Clip", [x, lo, hi])
    c2 = g.node("Clip", [x, g.init(np.array(0.0, np.float32), "min")])  # min only
    c3 = g.node("Clip", [x, "", hi2])                                    # max only
    g.out(g.node("Add", [g.node("Add", [c1, c2]), c3], out="y"))
    return g.model(13)


def softmax_2d_opset11():
    g = G("softmax_2d_opset11")
    x = g.inp("x", [3, 10])
    s = g.node("Mul", [x, g.init(np.array(3.0, np.float32), "k")])
    g.out(g.node("Softmax", [s], out="y", axis=1))
    return g.model(11)


def softmax_3d_opset11_coerce():
    # Softmax-11 on 3-D with axis=1 normalizes over the flattened dims [1:] (12 values),
    # not over dim 1 alone: the opset-13 upgrade must preserve that.
    g = G("softmax_3d_opset11_coerce")
    x = g.inp("x", [2, 3, 4])
    g.out(g.node("Softmax", [x], out="y", axis=1))
    return g.model(11)


def softmax_3d_opset13():
    g = G("softmax_3d_opset13")
    x = g.inp("x", [2, 3, 5])
    s = g.node("Mul", [x, g.init(np.array(3.0, np.float32), "k")])
    g.out(g.node("Softmax", [s], out="y", axis=-1))
    return g.model(13)


def maxpool_pads_strides():
    g = G("maxpool_pads_strides")
    x = g.inp("x", [1, 3, 9, 9])
    g.out(g.node("MaxPool", [x], out="y0", kernel_shape=[3, 3], strides=[2, 2], pads=[1, 1, 1, 1]))
    g.out(g.node("MaxPool", [x], out="y1", kernel_shape=[3, 2], strides=[2, 1], pads=[1, 0, 0, 1]))
    return g.model(13)


def maxpool_ceil():
    g = G("maxpool_ceil")
    x = g.inp("x", [1, 2, 8, 8])
    g.out(g.node("MaxPool", [x], out="y", kernel_shape=[3, 3], strides=[2, 2], ceil_mode=1))
    return g.model(13)


def avgpool_exclude_pad():
    g = G("avgpool_exclude_pad")
    x = g.inp("x", [1, 3, 7, 7])
    g.out(g.node("AveragePool", [x], out="y", kernel_shape=[3, 3], strides=[2, 2],
                 pads=[1, 1, 1, 1], count_include_pad=0))
    return g.model(13)


def avgpool_include_pad():
    g = G("avgpool_include_pad")
    x = g.inp("x", [1, 3, 7, 7])
    g.out(g.node("AveragePool", [x], out="y0", kernel_shape=[3, 3], strides=[2, 2],
                 pads=[1, 1, 1, 1], count_include_pad=1))
    g.out(g.node("AveragePool", [x], out="y1", kernel_shape=[2, 3], strides=[1, 2],
                 pads=[1, 0, 0, 1], count_include_pad=1))
    return g.model(13)


def avgpool_ceil():
    g = G("avgpool_ceil")
    x = g.inp("x", [1, 2, 8, 8])
    g.out(g.node("AveragePool", [x], out="y", kernel_shape=[3, 3], strides=[2, 2],
                 ceil_mode=1, count_include_pad=0))
    return g.model(13)


def global_avgpool():
    g = G("global_avgpool")
    x = g.inp("x", [2, 5, 6, 7])
    g.out(g.node("GlobalAveragePool", [x], out="y"))
    return g.model(13)


def reshape_special():
    g = G("reshape_special")
    x = g.inp("x", [2, 3, 4, 5])
    r1 = g.node("Reshape", [x, g.init(np.array([0, -1, 5], np.int64), "shape")])  # [2,12,5]
    k = g.node("Constant", [], value=numpy_helper.from_array(np.array([-1, 0], np.int64)))
    r2 = g.node("Reshape", [r1, k])                                                 # [10,12]
    g.out(g.node("Relu", [r2], out="y"))
    return g.model(13)


def flatten_axes():
    g = G("flatten_axes")
    x = g.inp("x", [2, 3, 4, 5])
    g.out(g.node("Flatten", [x], out="y_axis1"))          # [2, 60]
    g.out(g.node("Flatten", [x], out="y_axis2", axis=2))  # [6, 20]
    g.out(g.node("Flatten", [x], out="y_axis0", axis=0))  # [1, 120]
    return g.model(13)


def transpose():
    g = G("transpose")
    x = g.inp("x", [1, 2, 3, 4])
    g.out(g.node("Transpose", [x], out="y_nhwc", perm=[0, 2, 3, 1]))
    g.out(g.node("Transpose", [x], out="y_rev"))  # default: reverse dims
    g.out(g.node("Transpose", [x], out="y_mix", perm=[1, 0, 3, 2]))
    return g.model(13)


def concat():
    g = G("concat")
    a = g.inp("a", [1, 2, 3, 4])
    b = g.node("Relu", [a])
    c = g.init(g.small((1, 3, 3, 4), 1.0), "c")
    g.out(g.node("Concat", [a, c, b], out="y_ch", axis=1))
    g.out(g.node("Concat", [a, b], out="y_last", axis=-1))
    return g.model(13)


def concat_in_place():
    """Concats whose inputs their producers write in place (kernel-elide-concat): two convs
    into a channel concat (strided slices in NHWC; 13 channels leave a short panel), beside a
    conv read twice and a Relu that keep their copies; and a concat of two 1x1-pixel convs
    (contiguous slices), which disappears."""
    g = G("concat_in_place")
    x = g.inp("x", [1, 8, 6, 6])
    c1 = g.conv(x, 8, 16, (1, 1))
    c2 = g.conv(x, 8, 13, (3, 3), pads=[1, 1, 1, 1])
    c3 = g.conv(x, 8, 8, (3, 3), pads=[1, 1, 1, 1])
    r = g.node("Relu", [g.conv(x, 8, 8, (1, 1))])
    y = g.node("Concat", [c1, c2, c3, r], axis=1)
    g.out(g.conv(g.node("Relu", [y]), 45, 6, (1, 1), out="y"))
    g.out(g.node("Add", [c3, c3], out="twice"))
    p = g.node("GlobalAveragePool", [r])
    z = g.node("Concat", [g.conv(p, 8, 5, (1, 1)), g.conv(p, 8, 11, (1, 1))], axis=1)
    g.out(g.node("Sigmoid", [g.conv(z, 16, 4, (1, 1))], out="z"))
    return g.model(13)


def identity_dropout_constant():
    g = G("identity_dropout_constant")
    x = g.inp("x", [2, 8])
    i = g.node("Identity", [x])
    d = g.node("Dropout", [i])
    k = g.node("Constant", [], value=numpy_helper.from_array(g.small((8,), 1.0)))
    k2 = g.node("Constant", [], value_float=0.5)
    g.out(g.node("Mul", [g.node("Add", [d, k]), k2], out="y"))
    return g.model(13)


def pytorch_flatten():
    # x.view(x.size(0), -1) as exported by PyTorch at opset 11 with a dynamic batch.
    g = G("pytorch_flatten")
    x = g.inp("x", ["batch", 4, 3, 3])
    r = g.node("Relu", [g.conv(x, 4, 6, (3, 3), pads=[1, 1, 1, 1])])
    s = g.node("Shape", [r])
    i0 = g.node("Constant", [], value=numpy_helper.from_array(np.array(0, np.int64)))
    b = g.node("Gather", [s, i0], axis=0)
    u = g.node("Unsqueeze", [b], axes=[0])
    m1 = g.node("Constant", [], value=numpy_helper.from_array(np.array([-1], np.int64)))
    shp = g.node("Concat", [u, m1], axis=0)
    f = g.node("Reshape", [r, shp])
    g.out(g.gemm(f, 54, 5, out="y"), shape=["batch", 5])
    return g.model(11)


def paddle_softmax_opset11():
    # As Paddle exports a classifier head at opset 11: the Reshape's shape comes through
    # Shape -> Cast -> Slice -> Cast -> Concat, which ONNX shape inference cannot follow, so the
    # Softmax/LogSoftmax inputs have no known rank when the model is upgraded to opset 13.
    g = G("paddle_softmax_opset11")
    x = g.inp("x", ["batch", 4, 3, 3])
    p = g.node("GlobalAveragePool", [g.node("Relu", [g.conv(x, 4, 6, (3, 3))])])
    s = g.node("Cast", [g.node("Shape", [p])], to=TensorProto.INT32)
    starts = g.init(np.array([0], np.int64), "starts")
    ends = g.init(np.array([1], np.int64), "ends")
    b = g.node("Cast", [g.node("Slice", [s, starts, ends])], to=TensorProto.INT64)
    shp = g.node("Concat", [b, g.init(np.array([-1], np.int64), "minus1")], axis=0)
    f = g.node("Reshape", [p, shp])
    g.out(g.node("Softmax", [f], out="y", axis=1), shape=["batch", 6])
    g.out(g.node("LogSoftmax", [f], out="y_log", axis=1), shape=["batch", 6])
    return g.model(11)


def mobilenetv3_block():
    # As MobileNetV3 exports: HardSwish spelled x * relu6(x + 3) / 6, a squeeze-excite gate
    # relu6(x + 3) * (1/6) computed at run time, an FPN-style upsample + add, a spatial mean.
    g = G("mobilenetv3_block")
    x = g.inp("x", [1, 4, 8, 8])
    three = g.init(np.array(3.0, np.float32), "three")
    six = g.init(np.array(6.0, np.float32), "six")
    zero = g.init(np.array(0.0, np.float32), "zero")
    sixth = g.init(np.array(1.0 / 6.0, np.float32), "sixth")

    def relu6_plus3(v):
        return g.node("Clip", [g.node("Add", [v, three]), zero, six])

    c = g.conv(x, 4, 8, (3, 3), pads=[1, 1, 1, 1])
    hs = g.node("Div", [g.node("Mul", [c, relu6_plus3(c)]), six])
    d = g.conv(hs, 8, 8, (3, 3), group=8, pads=[1, 1, 1, 1], strides=[2, 2])
    se = g.node("GlobalAveragePool", [d])
    se = g.node("Relu", [g.conv(se, 8, 4, (1, 1))])
    gate = g.node("Mul", [relu6_plus3(g.conv(se, 4, 8, (1, 1))), sixth])
    e = g.node("Mul", [d, gate])
    up = g.node("Resize", [e, "", g.init(np.array([1, 1, 2, 2], np.float32), "scales")], mode="nearest")
    y = g.node("Add", [up, c])
    g.out(g.conv(y, 8, 4, (1, 1), out="y"))
    g.out(g.node("ReduceMean", [y], out="y_mean", axes=[2, 3], keepdims=0))
    return g.model(13)


def old_opset7():
    # An old (ONNX 1.2 era) export: IR version 3, every initializer also a graph input.
    g = G("old_opset7")
    x = g.inp("x", [1, 3, 8, 8])
    c = g.conv(x, 3, 4, (3, 3), pads=[1, 1, 1, 1])
    b = g.bn(c, 4, epsilon=1e-5, momentum=0.9, spatial=1)
    cl = g.node("Clip", [b], min=0.0, max=6.0)
    mp = g.node("MaxPool", [cl], kernel_shape=[2, 2], strides=[2, 2])
    f = g.node("Flatten", [mp], axis=1)
    fc = g.gemm(f, 64, 6, alpha=1.0, beta=1.0)
    g.out(g.node("Softmax", [fc], out="y", axis=1))
    return g.model(7, ir_version=3, inits_as_inputs=True)


def old_opset9():
    g = G("old_opset9")
    x = g.inp("x", [1, 3, 8, 8])
    c = g.conv(x, 3, 4, (3, 3), pads=[1, 1, 1, 1])
    r = g.node("Relu", [g.bn(c, 4)])
    p = g.node("AveragePool", [r], kernel_shape=[2, 2], strides=[2, 2], count_include_pad=0)
    rs = g.node("Reshape", [p, g.init(np.array([1, -1], np.int64), "shape")])
    d = g.node("Dropout", [rs], ratio=0.3)
    m = g.node("MatMul", [d, g.init(g.he((64, 6), 64))])
    a = g.node("Add", [m, g.init(g.small((6,)), "b")])
    cl = g.node("Clip", [a], min=-1.0, max=1.0)
    g.out(g.node("Sigmoid", [cl], out="y"))
    return g.model(9, ir_version=4)


def two_in_two_out():
    g = G("two_in_two_out")
    x = g.inp("x", [1, 4, 5, 6])
    y = g.inp("y", [1, 1, 5, 6])
    feat = g.conv(g.node("Mul", [x, y]), 4, 3, (3, 3), pads=[1, 1, 1, 1], out="feat")
    s = g.node("Relu", [g.node("Add", [x, y])], out="sum_relu")
    # Declared output order differs from the order the nodes compute them.
    g.out(s)
    g.out(feat)
    return g.model(13)


def output_consumed():
    g = G("output_consumed")
    x = g.inp("x", [1, 3, 6, 6])
    r = g.node("Relu", [g.conv(x, 3, 4, (3, 3), pads=[1, 1, 1, 1])], out="features")
    g.out(r)  # graph output that is also consumed below
    gap = g.node("GlobalAveragePool", [r])
    f = g.node("Flatten", [gap])
    g.out(g.gemm(f, 4, 3, out="logits"))
    return g.model(13)


def external_data():
    g = G("external_data")
    x = g.inp("x", [1, 4, 8, 8])
    c = g.node("Relu", [g.conv(x, 4, 8, (3, 3), pads=[1, 1, 1, 1])])
    g.out(g.conv(c, 8, 8, (3, 3), pads=[1, 1, 1, 1], out="y"))
    return g.model(13)


def index_paths():
    """int64 indices that edge-narrow-indices makes int32: ArgMax into a Gather (an embedding
    lookup of each row's winner), TopK's indices into GatherElements. The outputs are float,
    so every int64 on the way is internal."""
    g = G("index_paths")
    x = g.inp("x", [1, 16, 8])
    i = g.node("ArgMax", [x], axis=2, keepdims=0)
    g.out(g.node("Gather", [g.init(g.small([8, 4], 1.0), "table"), i], axis=0, out="embedded"))
    s = g.inp("scores", [6, 10])
    _, at = g.node("TopK", [s, g.init(np.array([3], dtype=np.int64), "k")], nout=2, axis=1)
    g.out(g.node("GatherElements", [s, at], axis=1, out="picked"))
    return g.model(13)


# Tensors >= this many bytes go to the external file (the conv weights); biases stay inline.
EXTERNAL_DATA_THRESHOLD = 256
EXTERNAL_DATA_CASES = {"external_data"}

CASES = {f.__name__: f for f in [
    tiny_cnn,
    conv_basic,
    conv_groups,
    conv_depthwise_s2,
    conv_depthwise_mult2,
    conv_dilated,
    conv_asym_pads,
    conv_same_upper,
    conv_same_lower,
    conv_valid_nobias,
    conv1d,
    conv3d,
    conv_bn,
    conv_act_fusion,
    batchnorm_standalone,
    gemm_transb_c1d,
    gemm_transa_alpha_beta_c2d,
    gemm_transab,
    matmul_2d,
    matmul_batched,
    binary_broadcast,
    activations,
    clip_attr_opset10,
    clip_input_form,
    softmax_2d_opset11,
    softmax_3d_opset11_coerce,
    softmax_3d_opset13,
    maxpool_pads_strides,
    maxpool_ceil,
    avgpool_exclude_pad,
    avgpool_include_pad,
    avgpool_ceil,
    global_avgpool,
    reshape_special,
    flatten_axes,
    transpose,
    concat,
    identity_dropout_constant,
    pytorch_flatten,
    paddle_softmax_opset11,
    mobilenetv3_block,
    old_opset7,
    old_opset9,
    two_in_two_out,
    output_consumed,
    external_data,
    concat_in_place,
    index_paths,
]}


# --------------------------------------------------------------------------
# Writing
# --------------------------------------------------------------------------
def runtime_inputs(model):
    """Graph inputs that are not backed by an initializer, in graph order."""
    init_names = {t.name for t in model.graph.initializer}
    return [i for i in model.graph.input if i.name not in init_names]


def concrete_shape(value_info):
    dims = []
    for d in value_info.type.tensor_type.shape.dim:
        if d.HasField("dim_value"):
            dims.append(d.dim_value)
        elif d.dim_param in DYNAMIC_DIMS:
            dims.append(DYNAMIC_DIMS[d.dim_param])
        else:
            raise RuntimeError("no concrete value for dim %r of input %s" % (d, value_info.name))
    return dims


def is_static(value_info):
    return all(d.HasField("dim_value") and d.dim_value > 0
               for d in value_info.type.tensor_type.shape.dim)


def write_case(outdir, name, index):
    """Builds case `name` into outdir; returns a dict describing it."""
    model = CASES[name]()
    path = os.path.join(outdir, name + ".onnx")
    if name in EXTERNAL_DATA_CASES:
        location = name + ".onnx.data"
        data_path = os.path.join(outdir, location)
        if os.path.exists(data_path):  # onnx appends to an existing data file
            os.remove(data_path)
        onnx.save_model(model, path, save_as_external_data=True, all_tensors_to_one_file=True,
                        location=location, size_threshold=EXTERNAL_DATA_THRESHOLD)
    else:
        onnx.save_model(model, path)
    onnx.checker.check_model(path, full_check=True)

    rng = np.random.default_rng(index)
    inputs = []
    for i, vi in enumerate(runtime_inputs(model)):
        arr = rng.standard_normal(concrete_shape(vi)).astype(np.float32)
        ipath = os.path.join(outdir, "%s.input_%d.npy" % (name, i))
        np.save(ipath, arr)
        inputs.append({"name": vi.name, "path": ipath, "shape": list(arr.shape),
                       "static": is_static(vi)})
    return {"name": name, "index": index, "model": path, "inputs": inputs,
            "outputs": [o.name for o in model.graph.output],
            "opset": model.opset_import[0].version}


def build_cases(outdir, filter_substr=None, names=None):
    os.makedirs(outdir, exist_ok=True)
    cases = []
    for index, name in enumerate(CASES):
        if filter_substr and filter_substr not in name:
            continue
        if names is not None and name not in names:
            continue
        cases.append(write_case(outdir, name, index))
    return cases


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("outdir")
    ap.add_argument("--filter", default=None, help="only cases whose name contains this")
    args = ap.parse_args(argv)
    cases = build_cases(args.outdir, args.filter)
    for c in cases:
        size = os.path.getsize(c["model"])
        print("%-28s opset %-2d %6d bytes  inputs %s" % (
            c["name"], c["opset"], size, ", ".join("%s%s" % (i["name"], i["shape"]) for i in c["inputs"])))
    print("%d models written to %s" % (len(cases), args.outdir))
    return 0


if __name__ == "__main__":
    sys.exit(main())
