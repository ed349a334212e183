#!/usr/bin/env python3
"""An independent numpy model of edgec's int8 pipeline (TFLite-Micro semantics) and a checker.

The model is written from the TFLM / gemmlowp definitions (QuantizeMultiplier,
MultiplyByQuantizedMultiplier, SaturatingRoundingDoublingHighMul, RoundingDivideByPOT, the
int8 Conv / FullyConnected / Add / Mul / Pool reference kernels), not from edgec's C kernels.
Everything it computes with comes from report.json: the scales and zero points of every
integer layer (`quant.input_params`, `quant.output_params`), its attributes (`quant.attrs`),
where its constants lie in <name>_weights.bin (`quant.constants`) and which layers it reads
(`reads`). Requantization multipliers and shifts are recomputed from the scales; the ones the
compiler wrote (`quant.quant`) are only compared with them, as a separate check.

check_model() takes a report, the weights blob, the harness's --trace-tensors output of one
run and that run's float input and outputs, and checks every layer it can model bit for bit:

  * per layer: inputs are the traced outputs of the layers in `reads` (a layer that was not
    traced, e.g. a layout transpose, contributes the model's own output for it);
  * end to end: the model runs from the float input alone through every layer it can model,
    following `reads`; a layer it cannot model (float kernels, quantize/dequantize whose
    parameters report.json does not carry) is reseeded from its trace and listed;
  * every graph output (output_<i>.npy) is located among the traced layers; it counts as
    checked when the model computed it.

Stored layouts: a layer with `quant.layout_perm` P keeps its output T channels-last; its trace
is T.transpose(P), so T = trace.transpose(argsort(P)); any other layer's trace is its stored
tensor. Consumers see the producer's stored
bytes (reshape views are free), so every kernel here works on stored (channels-last) arrays.
"""

import glob
import math
import os
import re

import numpy as np

INT32_MIN = -(1 << 31)
INT32_MAX = (1 << 31) - 1
SOFTMAX_ATOL = 1e-6


# ---------------------------------------------------------------------------------------------
# TFLM / gemmlowp fixed-point arithmetic (int64 numpy, exact)


def f32(v):
    """A scale as TFLM holds it: a float32 value (as a Python float, i.e. widened to double)."""
    return float(np.float32(v))


def quantize_multiplier(real):
    """TFLM QuantizeMultiplier: real = q * 2^shift, q in [0.5, 1) as a Q31 int."""
    if real == 0.0:
        return 0, 0
    q, shift = math.frexp(real)
    q_fixed = int(math.floor(abs(q) * (1 << 31) + 0.5)) * (1 if q >= 0 else -1)  # round half away
    if q_fixed == (1 << 31):
        q_fixed //= 2
        shift += 1
    if shift < -31:
        return 0, 0
    if shift > 30:
        return INT32_MAX, 30
    return q_fixed, shift


def wrap_i32(x):
    """Two's-complement int32 wrap-around of an int64 array."""
    return ((x + (1 << 31)) & 0xFFFFFFFF) - (1 << 31)


def sat_rounding_doubling_high_mul(a, b):
    a = np.asarray(a, dtype=np.int64)
    b = np.asarray(b, dtype=np.int64)
    overflow = (a == INT32_MIN) & (b == INT32_MIN)
    ab = a * b
    nudge = np.where(ab >= 0, np.int64(1 << 30), np.int64(1 - (1 << 30)))
    s = ab + nudge
    q = np.where(s >= 0, s >> 31, -((-s) >> 31))  # division by 2^31 truncated toward zero
    return np.where(overflow, np.int64(INT32_MAX), q)


def rounding_divide_by_pot(x, exponent):
    x = np.asarray(x, dtype=np.int64)
    exponent = np.asarray(exponent, dtype=np.int64)
    mask = (np.int64(1) << exponent) - 1
    remainder = x & mask
    threshold = (mask >> 1) + (x < 0).astype(np.int64)
    return (x >> exponent) + (remainder > threshold).astype(np.int64)


def mbqm(x, multiplier, shift):
    """TFLM MultiplyByQuantizedMultiplier(int32 x, int32 multiplier, int shift)."""
    x = np.asarray(x, dtype=np.int64)
    shift = np.asarray(shift, dtype=np.int64)
    left = np.maximum(shift, 0)
    right = np.maximum(-shift, 0)
    return rounding_divide_by_pot(
        sat_rounding_doubling_high_mul(wrap_i32(x << left), multiplier), right)


def mbqm64(x, multiplier, shift):
    """TFLM MultiplyByQuantizedMultiplier(int64 x, int32 multiplier, int shift), the 16x8
    kernels' requantization: the Q31 multiplier reduced to 16 bits (rounded, 0x7FFF at the
    top), x * reduced / 2^(15 - shift) rounded half up (add, then arithmetic shift). TFLM
    assumes |x| < 2^47 (x * reduced then fits int64) and a result that fits int32; the model
    computes the exact value, which the caller's clamp bounds."""
    x = np.asarray(x, dtype=np.int64)
    m = np.asarray(multiplier, dtype=np.int64)
    reduced = np.where(m < 0x7FFF0000, (m + (1 << 15)) >> 16, np.int64(0x7FFF))
    total_shift = 15 - np.asarray(shift, dtype=np.int64)
    return (x * reduced + (np.int64(1) << (total_shift - 1))) >> total_shift


def requantize_acc(acc, multiplier, shift, wide):
    """An accumulator scaled by a quantized multiplier: 32-bit MultiplyByQuantizedMultiplier
    for an int8-input kernel, the 64-bit one for a 16-bit-input (16x8) kernel."""
    return mbqm64(acc, multiplier, shift) if wide else mbqm(acc, multiplier, shift)


# Storage range of an activation of each width (bits).
QRANGE = {8: (-128, 127), 16: (-32768, 32767)}
QTYPE = {8: np.int8, 16: np.int16}


def bits_of(dtype):
    """Width of an int8 / int16 activation dtype."""
    return {np.dtype(np.int8): 8, np.dtype(np.int16): 16}[np.dtype(dtype)]


def saturate_to(v, dtype, act_min=None, act_max=None):
    """v clamped to [act_min, act_max] (default: the dtype's range), stored as dtype."""
    info = np.iinfo(dtype)
    lo = info.min if act_min is None else act_min
    hi = info.max if act_max is None else act_max
    return clamp(v, lo, hi).astype(dtype)


def clamp(v, lo, hi):
    return np.minimum(np.maximum(v, lo), hi)


def round_half_away(v):
    return math.floor(abs(v) + 0.5) * (1 if v >= 0 else -1)


def activation_range(attrs, scale, zp, qmin=-128, qmax=127):
    """TFLM CalculateActivationRangeQuantized for a fused activation; None if unsupported."""
    act = str(attrs.get("act", "#edge<act none>"))
    kind = re.sub(r"^#edge<act (\w+)>$", r"\1", act)
    if kind == "none":
        return qmin, qmax
    if kind == "relu":
        return max(qmin, zp), qmax
    if kind == "clip":
        a, b = float(attrs.get("act_alpha", 0.0)), float(attrs.get("act_beta", 0.0))
        return (max(qmin, zp + round_half_away(a / scale)),
                min(qmax, zp + round_half_away(b / scale)))
    return None


def self_test():
    """Hand-worked values of the gemmlowp / TFLM primitives (raises AssertionError)."""
    assert quantize_multiplier(0.5) == (1 << 30, 0)
    assert quantize_multiplier(1.0) == (1 << 30, 1)
    assert quantize_multiplier(0.75) == (3 << 29, 0)
    assert quantize_multiplier(2.0 ** -40) == (0, 0)
    assert quantize_multiplier(2.0 ** 40) == (INT32_MAX, 30)
    assert quantize_multiplier(1 - 2.0 ** -33) == (1 << 30, 1)  # q rounds up to 2^31
    assert int(sat_rounding_doubling_high_mul(INT32_MIN, INT32_MIN)) == INT32_MAX
    assert int(sat_rounding_doubling_high_mul(1 << 30, 1 << 30)) == 1 << 29
    assert int(sat_rounding_doubling_high_mul(3, 1 << 30)) == 2  # 1.5 rounds up
    assert int(sat_rounding_doubling_high_mul(-3, 1 << 30)) == -1  # -1.5: nudge, truncation
    assert [int(rounding_divide_by_pot(v, 1)) for v in (3, -3, 5, -5)] == [2, -2, 3, -3]
    assert [int(rounding_divide_by_pot(v, 2)) for v in (5, -5, 6, -6, 7, -7)] == \
        [1, -1, 2, -2, 2, -2]
    assert int(mbqm(100, 1 << 30, -1)) == 25
    assert int(mbqm(1 << 28, 1 << 30, 2)) == 1 << 29  # x * 4, times 1/2
    assert int(mbqm(1 << 30, 1 << 30, 2)) == 0  # x * 4 = 2^32 wraps to 0 in int32
    assert int(mbqm(3 << 29, 1 << 30, 1)) == -(1 << 29)  # x * 2 = 3 * 2^30 wraps to -2^30
    # 64-bit: multiplier 2^30 (0.5) reduces to 2^14; x * 2^14 / 2^15 rounded half up.
    assert [int(mbqm64(v, 1 << 30, 0)) for v in (100, 101, -101, -103)] == [50, 51, -50, -51]
    assert int(mbqm64(1 << 40, INT32_MAX, 0)) == (0x7FFF << 40) >> 15  # reduced saturates
    assert int(mbqm64(3, (1 << 30) + (1 << 15), 2)) == 6  # (2^30 + 2^15) reduces to 2^14 + 1
    assert int(mbqm64(1 << 46, 1 << 30, -16)) == 1 << 29
    assert [int(v) for v in lut_int16(np.array([-32768, -32641, 0, 64, 127, 32767]),
                                      np.arange(513, dtype=np.int16) * 2)] == \
        [0, 2, 512, 513, 514, 1024]
    assert int(lut_int16(np.array([64]), -np.arange(513, dtype=np.int16) * 2)[0]) == -513
    return True


# ---------------------------------------------------------------------------------------------
# Kernels (stored layouts: channels-last)


def _window_geometry(in_spatial, kernel, strides, dilations, pads):
    rank = len(in_spatial)
    out = []
    for d in range(rank):
        eff = dilations[d] * (kernel[d] - 1) + 1
        out.append((in_spatial[d] + pads[d] + pads[rank + d] - eff) // strides[d] + 1)
    return out


def _taps(xp, kernel, strides, dilations, out_spatial):
    """Yields (tap index, xp sliced at that tap: [N, *out_spatial, C]) for a 2-D window."""
    kh, kw = kernel
    oh, ow = out_spatial
    for i in range(kh):
        for j in range(kw):
            r0, c0 = i * dilations[0], j * dilations[1]
            yield (i, j), xp[:, r0:r0 + strides[0] * (oh - 1) + 1:strides[0],
                             c0:c0 + strides[1] * (ow - 1) + 1:strides[1], :]


def _as2d(x, kernel, strides, dilations, pads):
    """1-D windows as 2-D ones with a unit height."""
    if len(kernel) == 1:
        return (x[:, None], [1] + list(kernel), [1] + list(strides), [1] + list(dilations),
                [0, pads[0], 0, pads[1]])
    return x, list(kernel), list(strides), list(dilations), list(pads)


def conv_accumulate(x, w, in_zp, strides, dilations, pads, group):
    """TFLM int8 / 16x8 conv accumulators: sum over the in-bounds taps of (x - in_zp) * w.

    x: [N, *spatial, Cin] int8 / int16 (channels-last); w: [Cout, *kernel, Cin/group]. Returns
    int64 [N, *out_spatial, Cout]. Padding contributes nothing (the taps outside are zeros of
    x - in_zp). The sums are exact: float64 holds every partial sum (< 2^53)."""
    spatial_rank = x.ndim - 2
    kernel = list(w.shape[1:-1])
    x2, kernel, strides, dilations, pads = _as2d(x, kernel, strides, dilations, pads)
    w2 = w.reshape(w.shape[0], *kernel, w.shape[-1])
    n, h, wd, cin = x2.shape
    cout, cg = w2.shape[0], w2.shape[-1]
    assert cin == cg * group and cout % group == 0, (x.shape, w.shape, group)
    og = cout // group
    xo = x2.astype(np.float64) - float(in_zp)
    xp = np.pad(xo, ((0, 0), (pads[0], pads[2]), (pads[1], pads[3]), (0, 0)))
    out_spatial = _window_geometry([h, wd], kernel, strides, dilations, pads)
    acc = np.zeros([n] + out_spatial + [cout], dtype=np.float64)
    wf = w2.astype(np.float64)
    for (i, j), xt in _taps(xp, kernel, strides, dilations, out_spatial):
        wt = wf[:, i, j, :]  # [Cout, Cg]
        if group == 1:
            acc += xt @ wt.T
        elif cg == 1 and og == 1:
            acc += xt * wt[:, 0]
        else:
            xg = xt.reshape(xt.shape[:-1] + (group, cg))
            acc += np.einsum("nhwgc,goc->nhwgo", xg, wt.reshape(group, og, cg)).reshape(acc.shape)
    acc = np.rint(acc).astype(np.int64)
    if spatial_rank == 1:
        acc = acc[:, 0]
    return acc


def _int32_acc(acc, overflow):
    """TFLM accumulates in int32: a sum outside int32 is undefined behaviour there. The model
    wraps it (what the hardware does) and records the channels (last axis) in `overflow`."""
    bad = (acc < INT32_MIN) | (acc > INT32_MAX)
    if bad.any():
        if overflow is not None:
            overflow.extend(int(c) for c in np.unique(np.nonzero(bad)[-1]))
        acc = wrap_i32(acc)
    return acc


def requantized_sums(acc, bias, mult, shift, wide, overflow):
    """acc + bias scaled by the per-channel multipliers. int8 input: TFLM's int32 accumulator
    (overflow wrapped and recorded); int16 input (TFLM 16x8): int64 accumulator and bias."""
    if bias is not None:
        acc = acc + bias.astype(np.int64)
    if not wide:
        acc = _int32_acc(acc, overflow)
    return requantize_acc(acc, np.asarray(mult, np.int64), np.asarray(shift, np.int64), wide)


def conv_q(x, w, bias, in_zp, out_zp, mult, shift, act_min, act_max, strides, dilations, pads,
           group, overflow=None, out_dtype=np.int8):
    """TFLM int8 conv (x int8) or 16x8 conv (x int16), the result stored as out_dtype."""
    acc = conv_accumulate(x, w, in_zp, strides, dilations, pads, group)
    out = requantized_sums(acc, bias, mult, shift, x.dtype == np.int16, overflow) + out_zp
    return saturate_to(out, out_dtype, act_min, act_max)


def fully_connected_q(x, w, bias, in_zp, out_zp, mult, shift, act_min, act_max, overflow=None,
                      out_dtype=np.int8):
    acc = np.rint((x.astype(np.float64) - in_zp) @ w.astype(np.float64).T).astype(np.int64)
    out = requantized_sums(acc, bias, mult, shift, x.dtype == np.int16, overflow) + out_zp
    return saturate_to(out, out_dtype, act_min, act_max)


ADD_LEFT_SHIFT = 20  # TFLM's headroom for int8 inputs
ADD_LEFT_SHIFT_INT16 = 15  # with an int16 input (2^15 x 2^15 fits int32)


def add_params(s1, s2, so, left_shift=ADD_LEFT_SHIFT):
    twice_max = 2.0 * max(s1, s2)
    return (quantize_multiplier(s1 / twice_max), quantize_multiplier(s2 / twice_max),
            quantize_multiplier(twice_max / ((1 << left_shift) * so)))


def add_q(a, b, zp1, zp2, zpo, m1, m2, mo, act_min, act_max, subtract=False,
          left_shift=ADD_LEFT_SHIFT, out_dtype=np.int8):
    """TFLM AddElementwise / SubElementwise (numpy broadcasting)."""
    a2 = (a.astype(np.int64) - zp1) * (1 << left_shift)
    b2 = (b.astype(np.int64) - zp2) * (1 << left_shift)
    sa = mbqm(a2, *m1)
    sb = mbqm(b2, *m2)
    raw = mbqm(sa - sb if subtract else sa + sb, *mo) + zpo
    return saturate_to(raw, out_dtype, act_min, act_max)


def mul_q(a, b, zp1, zp2, zpo, m, act_min, act_max, out_dtype=np.int8):
    prod = (a.astype(np.int64) - zp1) * (b.astype(np.int64) - zp2)
    return saturate_to(mbqm(prod, *m) + zpo, out_dtype, act_min, act_max)


def maxpool_q(x, kernel, strides, dilations, pads, act_min, act_max):
    """Max pooling at x's width (in and out)."""
    x2, kernel, strides, dilations, pads = _as2d(x, kernel, strides, dilations, pads)
    out_spatial = _window_geometry(list(x2.shape[1:3]), kernel, strides, dilations, pads)
    # The type's minimum in the padding: max(valid taps and it) = max(valid taps).
    xp = np.pad(x2.astype(np.int64), ((0, 0), (pads[0], pads[2]), (pads[1], pads[3]), (0, 0)),
                constant_values=np.iinfo(x.dtype).min)
    out = None
    for _, xt in _taps(xp, kernel, strides, dilations, out_spatial):
        out = xt.copy() if out is None else np.maximum(out, xt)
    out = saturate_to(out, x.dtype, act_min, act_max)
    return out[:, 0] if x.ndim == 3 else out


def avgpool_q(x, kernel, strides, dilations, pads, count_include_pad, zp, act_min, act_max):
    """Average pooling at x's width (in and out)."""
    x2, kernel, strides, dilations, pads = _as2d(x, kernel, strides, dilations, pads)
    out_spatial = _window_geometry(list(x2.shape[1:3]), kernel, strides, dilations, pads)
    padw = ((0, 0), (pads[0], pads[2]), (pads[1], pads[3]), (0, 0))
    xp = np.pad(x2.astype(np.int64), padw)
    ones = np.pad(np.ones(x2.shape[:3] + (1,), dtype=np.int64), padw)
    total = 0
    valid = 0
    for (_, xt), (_, ot) in zip(_taps(xp, kernel, strides, dilations, out_spatial),
                                _taps(ones, kernel, strides, dilations, out_spatial)):
        total = total + xt
        valid = valid + ot
    volume = kernel[0] * kernel[1]
    if count_include_pad:
        count = np.full_like(valid, volume)
        total = total + (volume - valid) * zp
    else:
        count = valid
    assert count.min() > 0, "a pooling window holds no input"
    half = count // 2
    pos = (total + half) // count
    neg_num = total - half  # <= 0: truncation toward zero is -((-num) // count)
    neg = -((-neg_num) // count)
    avg = np.where(total > 0, pos, neg)
    out = saturate_to(avg, x.dtype, act_min, act_max)
    return out[:, 0] if x.ndim == 3 else out


def global_avgpool_q(x, in_zp, out_zp, m, out_dtype=np.int8):
    """x: [N, pixels, C] -> [N, C]; int16 x: int64 sum and the 64-bit requantization."""
    acc = (x.astype(np.int64) - in_zp).sum(axis=1)
    return saturate_to(requantize_acc(acc, *m, x.dtype == np.int16) + out_zp, out_dtype)


def requantize_q(x, in_zp, out_zp, m, out_dtype=np.int8):
    """TFLM Requantize (32-bit MultiplyByQuantizedMultiplier) at any widths."""
    return saturate_to(mbqm(x.astype(np.int64) - in_zp, *m) + out_zp, out_dtype)


def lut_int16(x, table):
    """TFLM lut_lookup_with_interpolation: x int16, table 513 int16 entries. index = 256 +
    (x >> 7), offset = x & 0x7f, base + ((slope * offset + 64) >> 7), arithmetic (floor)
    shifts. TFLM holds the slope in int16: the model does too (wrapped)."""
    x = np.asarray(x).astype(np.int64)
    t = table.astype(np.int64)
    index = 256 + (x >> 7)
    base = t[index]
    slope = ((t[index + 1] - base + (1 << 15)) & 0xFFFF) - (1 << 15)
    return base + ((slope * (x & 0x7F) + 64) >> 7)


def lut_q(x, table, out_dtype=np.int8):
    """int8 x: table[x + 128] (256 entries of the output type); int16 x: lut_int16,
    saturated to the output type."""
    if x.dtype == np.int16:
        return saturate_to(lut_int16(x, table), out_dtype)
    return table[x.astype(np.int64) + 128].astype(out_dtype)


def quantize_linear(x, scale, zp, dtype=np.int8):
    """ONNX QuantizeLinear to int8 / int16: saturate(round_half_even(x / scale) + zp), float32
    math."""
    r = np.rint(x.astype(np.float32) / np.float32(scale))
    r = np.where(np.isnan(r), 0.0, r)
    return saturate_to(r.astype(np.float64) + zp, dtype)


def dequantize_linear(q, scale, zp):
    return (q.astype(np.int64) - zp).astype(np.float32) * np.float32(scale)


UNARY_CANDIDATES = {
    "sigmoid": lambda x: 1.0 / (1.0 + np.exp(-x)),
    "tanh": np.tanh,
    "hard_swish": lambda x: x * np.minimum(np.maximum(x / 6 + 0.5, 0.0), 1.0),
    "hard_sigmoid(0.2,0.5)": lambda x: np.minimum(np.maximum(
        float(np.float32(0.2)) * x + 0.5, 0.0), 1.0),
    "hard_sigmoid(1/6,0.5)": lambda x: np.minimum(np.maximum(
        float(np.float32(1 / 6)) * x + 0.5, 0.0), 1.0),
    "relu": lambda x: np.maximum(x, 0.0),
    "relu6": lambda x: np.minimum(np.maximum(x, 0.0), 6.0),
}


def unary_table(fn, s_in, zp_in, s_out, zp_out, in_bits=8, out_dtype=np.int8):
    """q = clamp(round_half_even(f((i - zp_in) * s_in) / s_out) + zp_out) for i in -128..127
    (int8 input), or for i = -32768 + 128 k, k = 0..512 (int16 input: the points lut_int16
    interpolates between; edgec's sampling, not TFLM's gen_lut, whose step is 65535 / 512)."""
    if in_bits == 8:
        points = np.arange(-128, 128, dtype=np.float64)
    else:
        points = -32768.0 + 128.0 * np.arange(513, dtype=np.float64)
    return saturate_to(np.rint(fn((points - zp_in) * s_in) / s_out) + zp_out, out_dtype)


# ---------------------------------------------------------------------------------------------
# report.json driven layer evaluation

DTYPES = {"int8": np.int8, "int32": np.int32, "uint8": np.uint8, "int16": np.int16,
          "float32": np.float32, "int64": np.int64}

# Kernels the model evaluates (the rest are listed as unchecked, with the reason).
MODELED = {"edgec_conv_s8", "edgec_fully_connected_s8", "edgec_add_s8", "edgec_sub_s8",
           "edgec_mul_s8", "edgec_maxpool_s8", "edgec_avgpool_s8", "edgec_global_avgpool_s8",
           "edgec_requantize_s8", "edgec_lut_s8", "edgec_transpose", "edgec_reshape",
           "edgec_concat",
           "edgec_quantize", "edgec_dequantize"}
# The mixed-precision kernels (quantized_mixed.h): each activation operand and the result at
# its own width, int8 or int16; the semantics of the int8 kernel of the same stem (TFLM's 16x8
# ones for an int16 conv / FC input).
MODELED |= {k[:-len("_s8")] + "_mixed" for k in MODELED if k.endswith("_s8")}


def base_kernel(k):
    """The int8 kernel whose semantics a _mixed kernel extends to int16 (else k itself)."""
    return k[:-len("_mixed")] + "_s8" if k.endswith("_mixed") else k


class Unmodeled(Exception):
    """The layer cannot be evaluated from report.json (reason in the message)."""


def inverse_perm(perm):
    return [int(i) for i in np.argsort(perm)]


class Model:
    """The numpy model of one compiled model: report.json plus the weights blob."""

    def __init__(self, report, blob, corrupt=None, traced_dtypes=None):
        self.report = report
        self.traced_dtypes = traced_dtypes or {}  # layer index -> dtype of its trace
        self.layers = report["layers"]
        self.blob = blob
        self.corrupt = corrupt or {}
        self.param_errors = []  # (layer index, text): compiler's quant != recomputed
        self.notes = {}  # layer index -> text (e.g. identified lookup table)
        self._gap_checked = set()  # global average pools whose parameters were compared
        self.warnings = {}  # layer index -> text (int32 accumulator overflow)
        self.trace_perm = {}  # layer index -> the layout of its trace, where inferred (concat)
        self.consumers = {i: [] for i in range(len(self.layers))}
        for i, l in enumerate(self.layers):
            for r in l["reads"]:
                if r is not None and r >= 0:
                    self.consumers[r].append(i)
        self._check_params()

    # -- report access ----------------------------------------------------------------------

    def perm(self, i):
        q = self.layers[i].get("quant")
        return q.get("layout_perm") if q else None

    def constant(self, i, operand):
        for c in self.layers[i]["quant"]["constants"]:
            if c["operand"] == operand:
                dt = np.dtype(DTYPES[c["dtype"]]).newbyteorder("<")
                count = int(np.prod(c["shape"])) if c["shape"] else 1
                a = np.frombuffer(self.blob, dtype=dt, count=count, offset=c["offset"])
                a = a.astype(DTYPES[c["dtype"]]).reshape(c["shape"]).copy()
                key = (i, operand)
                if key in self.corrupt:  # fail injection (tests of the checker)
                    a.reshape(-1)[0] = self.corrupt[key](a.reshape(-1)[0])
                return a
        return None

    def operands(self, i, values):
        """The data and constant operands of layer i, in operand order (output excluded)."""
        l = self.layers[i]
        consts = {c["operand"] for c in l.get("quant", {}).get("constants", [])}
        reads = list(l["reads"])
        ops = []
        k = 0
        while reads or k in consts:
            if k in consts:
                ops.append(("const", self.constant(i, k)))
            else:
                r = reads.pop(0)
                ops.append(("data", values(r), r))
            k += 1
        return ops

    def bits(self, i):
        """Width (8 / 16) of layer i's stored result: its report dtype; for a 16x8 conv / FC
        (dtype int16x8, whatever width it writes), the dtype of its trace."""
        dt = self.layers[i]["dtype"] if i >= 0 else "float32"
        if dt in ("int8", "int16"):
            return 8 if dt == "int8" else 16
        if dt == "int16x8" and i in self.traced_dtypes:
            return bits_of(self.traced_dtypes[i])
        raise Unmodeled("layer %d: width of a %s result not known" % (i, dt))

    def data_bits(self, i):
        """Widths of the tensors layer i reads, in operand order."""
        return [self.bits(r) for r in self.layers[i]["reads"] if r is not None]

    @staticmethod
    def params(p):
        return [f32(s) for s in p["scales"]], [int(z) for z in p["zero_points"]]

    def io_params(self, i):
        q = self.layers[i]["quant"]
        ins = [self.params(p) if p else None for p in q["input_params"]]
        return ins, self.params(q["output_params"])

    # -- requantization parameters recomputed from the scales -------------------------------

    def requant(self, i):
        """Recomputed {name: value} for layer i's `quant.quant` (same names as the compiler's)."""
        l = self.layers[i]
        k = base_kernel(l["kernel"])
        q = l["quant"]
        attrs = q["attrs"]
        ins, (so, zo) = self.io_params(i)
        so, zo = so[0], zo[0]
        qmin, qmax = QRANGE[self.bits(i)]
        r = {}
        if k in ("edgec_conv_s8", "edgec_fully_connected_s8"):
            (si, zi), (sw, _) = ins[0], ins[1]
            si, zi = si[0], zi[0]
            cout = self.constant(i, 1).shape[0]
            ms = [quantize_multiplier(si * sw[c if len(sw) > 1 else 0] / so) for c in range(cout)]
            rng = activation_range(attrs, so, zo, qmin, qmax)
            if rng is None:
                raise Unmodeled("fused activation %s has no integer clamp" % attrs.get("act"))
            r = {"input_offset": -zi, "output_offset": zo, "act_min": rng[0], "act_max": rng[1],
                 "per_channel": 1, "multiplier": [m for m, _ in ms], "shift": [s for _, s in ms]}
        elif k in ("edgec_add_s8", "edgec_sub_s8", "edgec_mul_s8"):
            (s1, z1), (s2, z2) = ins[0], ins[1]
            s1, z1, s2, z2 = s1[0], z1[0], s2[0], z2[0]
            rng = activation_range(attrs, so, zo, qmin, qmax)
            if rng is None:
                raise Unmodeled("fused activation %s has no integer clamp" % attrs.get("act"))
            r = {"input1_offset": -z1, "input2_offset": -z2, "output_offset": zo,
                 "act_min": rng[0], "act_max": rng[1]}
            if k == "edgec_mul_s8":
                r["output_multiplier"], r["output_shift"] = quantize_multiplier(s1 * s2 / so)
            else:
                shift = ADD_LEFT_SHIFT_INT16 if 16 in self.data_bits(i) else ADD_LEFT_SHIFT
                m1, m2, mo = add_params(s1, s2, so, shift)
                r.update(left_shift=shift, input1_multiplier=m1[0], input1_shift=m1[1],
                         input2_multiplier=m2[0], input2_shift=m2[1], output_multiplier=mo[0],
                         output_shift=mo[1])
        elif k in ("edgec_maxpool_s8", "edgec_avgpool_s8"):
            (si, zi) = ins[0]
            if [si[0], zi[0]] != [so, zo]:
                raise Unmodeled("integer pooling with different input and output parameters")
            rng = activation_range(attrs, so, zo, qmin, qmax)
            if rng is None:
                raise Unmodeled("fused activation %s has no integer clamp" % attrs.get("act"))
            r = {"act_min": rng[0], "act_max": rng[1], "zero_point": zo}
        elif k == "edgec_global_avgpool_s8":
            pass  # needs the pixel count: see run_layer
        elif k == "edgec_requantize_s8":
            si, zi = ins[0][0][0], ins[0][1][0]
            m, s = quantize_multiplier(si / so)
            r = {"input_offset": -zi, "output_offset": zo, "act_min": qmin, "act_max": qmax,
                 "multiplier": [m], "shift": [s]}
        return r

    def _compare_params(self, i, mine):
        theirs = self.layers[i]["quant"].get("quant", {})
        for name, v in mine.items():
            t = theirs.get(name)
            if t is None:
                self.param_errors.append((i, "%s missing from quant" % name))
            elif (list(t) if isinstance(t, list) else t) != v:
                if isinstance(v, list):
                    bad = [c for c in range(len(v)) if c >= len(t) or t[c] != v[c]]
                    self.param_errors.append((i, "%s differs at %d of %d entries (first: channel "
                                              "%d: report %s, spec %s)" % (
                                                  name, len(bad), len(v), bad[0],
                                                  t[bad[0]] if bad[0] < len(t) else None,
                                                  v[bad[0]])))
                else:
                    self.param_errors.append((i, "%s: report %s, spec %s" % (name, t, v)))

    def _check_params(self):
        for i, l in enumerate(self.layers):
            if "quant" not in l or l["kernel"] not in MODELED:
                continue
            try:
                mine = self.requant(i)
            except Unmodeled:
                continue
            self._compare_params(i, mine)

    # -- evaluation ---------------------------------------------------------------------------

    def graph_input_params(self, i):
        """(scale, zp) of the quantize layer i (reading a graph input): the input_params of the
        first integer layer it feeds (through data-movement layers)."""
        todo = list(self.consumers[i])
        src = {c: i for c in todo}
        seen = set()
        while todo:
            c = todo.pop(0)
            if c in seen:
                continue
            seen.add(c)
            l = self.layers[c]
            if "quant" in l:
                k = l["reads"].index(src[c])
                consts = {x["operand"] for x in l["quant"]["constants"]}
                operand = [o for o in range(len(l["reads"]) + len(consts)) if o not in consts][k]
                s, z = self.params(l["quant"]["input_params"][operand])
                return s[0], z[0]
            if l["kernel"] in ("edgec_transpose", "edgec_reshape"):
                for d in self.consumers[c]:
                    src.setdefault(d, c)
                    todo.append(d)
        raise Unmodeled("no integer layer consumes this quantize: scale not in report.json")

    def run_layer(self, i, values, shapes, traced_shape):
        """Evaluates layer i. values(r): the stored array of layer r (or the float graph input
        -1-j); shapes(r): (ONNX-layout shape, perm) of layer r's output. traced_shape: this
        layer's traced shape or None. Returns the stored output array."""
        l = self.layers[i]
        k = l["kernel"]
        if k not in MODELED:
            raise Unmodeled("float kernel" if k.endswith("_f32") else "kernel not modeled")
        if k == "edgec_quantize":
            if len(l["reads"]) != 1 or l["reads"][0] >= 0:
                raise Unmodeled("quantize of an internal float tensor: its scale is not in "
                                "report.json")
            s, z = self.graph_input_params(i)
            return quantize_linear(values(l["reads"][0]), s, z, QTYPE[self.bits(i)])
        if k == "edgec_dequantize":
            r = l["reads"][0]
            if r < 0 or "quant" not in self.layers[r]:
                raise Unmodeled("dequantize of a tensor not produced by an integer layer: its "
                                "scale is not in report.json")
            (s, z) = self.params(self.layers[r]["quant"]["output_params"])
            return dequantize_linear(values(r), s[0], z[0])
        if k == "edgec_transpose":
            return self._layout_transpose(i, values, shapes, traced_shape)
        if k == "edgec_concat":
            return self._concat(i, values, traced_shape)
        if k == "edgec_reshape":
            x = values(l["reads"][0])
            if traced_shape is None:
                raise Unmodeled("untraced reshape: output shape unknown")
            return x.reshape(traced_shape)
        k = base_kernel(k)
        q = l["quant"]
        attrs = q["attrs"]
        rq = self.requant(i)
        ops = self.operands(i, values)
        ins, (so, zo) = self.io_params(i)
        so, zo = so[0], zo[0]
        perm = self.perm(i)
        out_dtype = QTYPE[self.bits(i)]
        self._check_widths(i, ops)
        if k == "edgec_conv_s8":
            x, w = ops[0][1], ops[1][1]
            bias = ops[2][1] if len(ops) > 2 else None
            group = int(attrs.get("group", 1))
            x = self._channels_last_input(x, ops[0][2], w.shape[-1] * group, w.ndim - 2, shapes)
            overflow = []
            out = conv_q(x, w, bias, -rq["input_offset"], zo, self._multipliers(i, rq),
                         rq["shift"], rq["act_min"], rq["act_max"], attrs["strides"],
                         attrs["dilations"], attrs["pads"], group, overflow, out_dtype)
            self._overflow(i, overflow, rq, bias)
            return out
        if k == "edgec_fully_connected_s8":
            x, w = ops[0][1], ops[1][1]
            bias = ops[2][1] if len(ops) > 2 else None
            overflow = []
            out = fully_connected_q(x.reshape(-1, w.shape[1]), w, bias, -rq["input_offset"], zo,
                                    self._multipliers(i, rq), rq["shift"], rq["act_min"],
                                    rq["act_max"], overflow, out_dtype)
            self._overflow(i, overflow, rq, bias)
            return out
        if k in ("edgec_add_s8", "edgec_sub_s8", "edgec_mul_s8"):
            a, b = self._binary_operands(i, ops, shapes, traced_shape, perm)
            if k == "edgec_mul_s8":
                return mul_q(a, b, -rq["input1_offset"], -rq["input2_offset"], zo,
                             (rq["output_multiplier"], rq["output_shift"]),
                             rq["act_min"], rq["act_max"], out_dtype)
            return add_q(a, b, -rq["input1_offset"], -rq["input2_offset"], zo,
                         (rq["input1_multiplier"], rq["input1_shift"]),
                         (rq["input2_multiplier"], rq["input2_shift"]),
                         (rq["output_multiplier"], rq["output_shift"]),
                         rq["act_min"], rq["act_max"], subtract=(k == "edgec_sub_s8"),
                         left_shift=rq["left_shift"], out_dtype=out_dtype)
        if k in ("edgec_maxpool_s8", "edgec_avgpool_s8"):
            kernel = attrs["kernel_shape"]
            x = ops[0][1]
            channels = traced_shape[1] if traced_shape is not None and perm else x.shape[-1]
            x = self._channels_last_input(x, ops[0][2], channels, len(kernel), shapes)
            if int(attrs.get("ceil_mode", 0) or 0):
                raise Unmodeled("ceil_mode pooling")
            if k == "edgec_maxpool_s8":
                return maxpool_q(x, kernel, attrs["strides"], attrs["dilations"], attrs["pads"],
                                  rq["act_min"], rq["act_max"])
            return avgpool_q(x, kernel, attrs["strides"], attrs["dilations"], attrs["pads"],
                              int(attrs.get("count_include_pad", 0)), zo, rq["act_min"],
                              rq["act_max"])
        if k == "edgec_global_avgpool_s8":
            x = ops[0][1]
            si, zi = ins[0][0][0], ins[0][1][0]
            n, c = x.shape[0], x.shape[-1]
            pixels = x.size // (n * c)
            m = quantize_multiplier(si / (so * pixels))
            qmin, qmax = QRANGE[self.bits(i)]
            mine = {"input_offset": -zi, "output_offset": zo, "act_min": qmin, "act_max": qmax,
                    "per_channel": 0, "multiplier": [m[0]], "shift": [m[1]]}
            if i not in self._gap_checked:
                self._gap_checked.add(i)
                self._compare_params(i, mine)
            out = global_avgpool_q(x.reshape(n, pixels, c), zi, zo, m, out_dtype)
            return out.reshape([n] + [1] * (x.ndim - 2) + [c])
        if k == "edgec_requantize_s8":
            x = ops[0][1]
            return requantize_q(x, -rq["input_offset"], zo, (rq["multiplier"][0], rq["shift"][0]),
                                out_dtype)
        if k == "edgec_lut_s8":
            x, table = ops[0][1], ops[1][1]
            if i not in self.notes:
                self._describe_table(i, table, ins[0], (so, zo), bits_of(x.dtype), out_dtype)
            return lut_q(x, table, out_dtype)
        raise Unmodeled("kernel not modeled")

    def _multipliers(self, i, rq):
        """The per-channel multipliers of a conv / FC (the first perturbed by --corrupt)."""
        m = rq["multiplier"]
        if (i, "multiplier") in self.corrupt:
            m = list(m)
            m[0] = self.corrupt[(i, "multiplier")](m[0])
        return m

    def _check_widths(self, i, ops):
        """The data operands must have the widths of the layers they are read from."""
        got = [bits_of(op[1].dtype) for op in ops if op[0] == "data"]
        if got != self.data_bits(i):
            raise ValueError("operand widths %s, the producers' are %s" % (got, self.data_bits(i)))

    def _describe_table(self, i, table, in_params, out_params, in_bits, out_dtype):
        """Notes which function of the scales a lookup table is; for an int16 input, checks
        its size and warns where TFLM's int16 slope would wrap."""
        (si, zi), (so, zo) = ([v[0] for v in in_params]), out_params
        if in_bits == 16:
            if table.size != 513:
                raise ValueError("an int16-input table has %d entries, not 513" % table.size)
            slope = np.diff(table.astype(np.int64))
            if np.abs(slope).max() > 32767:
                self.warnings[i] = ("table slope %d does not fit TFLM's int16 slope" %
                                    int(slope[np.abs(slope).argmax()]))
        found = [name for name, fn in UNARY_CANDIDATES.items()
                 if np.array_equal(unary_table(fn, si, zi, so, zo, in_bits, out_dtype), table)]
        self.notes[i] = ("%stable = %s of the scales" % (
            "513-entry int16 " if in_bits == 16 else "", "/".join(found)) if found else
            "table from the blob (function not identified)")

    def _overflow(self, i, channels, rq, bias):
        """Records int32 accumulator overflows of layer i (undefined behaviour in TFLM and C)."""
        if not channels or i in self.warnings:
            return
        channels = sorted(set(channels))
        c = channels[0]
        self.warnings[i] = (
            "int32 accumulator overflow (undefined behaviour in TFLM and in C) in %d channel(s), "
            "first channel %d: bias %s, multiplier %d shift %d%s" % (
                len(channels), c, None if bias is None else int(bias.reshape(-1)[c]),
                rq["multiplier"][c], rq["shift"][c],
                " (multiplier 0: the output is the zero point whatever the sum)"
                if all(rq["multiplier"][k] == 0 for k in channels) else ""))

    def _channels_last_input(self, x, r, channels, spatial_rank, shapes):
        """x as [N, *spatial, C] (channels-last) for a windowed kernel."""
        if x.ndim == spatial_rank + 2 and x.shape[-1] == channels:
            return x
        onnx_shape, _ = shapes(r)
        if len(onnx_shape) == spatial_rank + 2 and onnx_shape[1] == channels:
            return x.reshape([onnx_shape[0]] + list(onnx_shape[2:]) + [channels])
        raise Unmodeled("cannot infer the channels-last input shape from %s" % (x.shape,))

    def _binary_operands(self, i, ops, shapes, traced_shape, perm):
        out_shape = None
        if traced_shape is not None:
            out_shape = [traced_shape[p] for p in inverse_perm(perm)] if perm else traced_shape
        arrays = []
        for op in ops:
            if op[0] == "const":
                arrays.append(op[1])
                continue
            x, r = op[1], op[2]
            if out_shape is not None and x.size == int(np.prod(out_shape)):
                arrays.append(x.reshape(out_shape))
                continue
            shp, _ = shapes(r)
            rank = len(perm) if perm else max(len(shp), len(out_shape or []))
            shp = [1] * (rank - len(shp)) + list(shp)
            if perm:
                shp = [shp[p] for p in inverse_perm(perm)]
            arrays.append(x.reshape(shp))
        return arrays[0], arrays[1]

    def _concat(self, i, values, traced_shape):
        """Concatenation of int8 tensors (same parameters: the compiler requantizes first).
        Neither its axis nor the layout of its trace is in report.json: the (stored axis,
        trace layout) pair is the one under which the inputs' stored shapes give the traced
        shape, the layout being the identity or one its integer consumers compute in."""
        if traced_shape is None:
            raise Unmodeled("untraced concat: its axis is not in report.json")
        xs = [values(r) for r in self.layers[i]["reads"]]
        if any(x is None for x in xs) or len({x.ndim for x in xs}) != 1 or \
                len({x.dtype for x in xs}) != 1:
            raise Unmodeled("concat inputs of different ranks or dtypes")
        rank = xs[0].ndim
        perms = [None] + [p for p in {tuple(self.perm(c)) for c in self.consumers[i]
                                      if self.perm(c)} if len(p) == rank]
        found = []
        for a in range(rank):
            if any(x.shape[:a] + x.shape[a + 1:] != xs[0].shape[:a] + xs[0].shape[a + 1:]
                   for x in xs):
                continue
            shape = list(xs[0].shape)
            shape[a] = sum(x.shape[a] for x in xs)
            for p in perms:
                if (list(shape) if p is None else [shape[q] for q in p]) == list(traced_shape):
                    found.append((a, p))
        if len(found) != 1:
            raise Unmodeled("concat axis / trace layout not determined by the shapes (%d "
                            "candidates)" % len(found))
        a, p = found[0]
        self.trace_perm[i] = list(p) if p else None
        return np.concatenate(xs, axis=a)

    def _layout_transpose(self, i, values, shapes, traced_shape):
        """A layout transpose (not traced): from the producer's stored layout to the one its
        integer consumers compute in."""
        if traced_shape is not None:
            raise Unmodeled("graph-level Transpose: its perm is not in report.json")
        r = self.layers[i]["reads"][0]
        x = values(r)
        onnx_shape, pp = shapes(r)
        onnx = x.reshape([onnx_shape[p] for p in inverse_perm(pp)]).transpose(pp) if pp else \
            x.reshape(onnx_shape)
        perms = {tuple(self.perm(c)) for c in self.consumers[i] if self.perm(c)}
        if len(perms) > 1:
            raise Unmodeled("consumers disagree on the layout")
        pc = list(perms.pop()) if perms else None
        if pc is None or len(pc) != onnx.ndim:
            return np.ascontiguousarray(onnx)
        return np.ascontiguousarray(onnx.transpose(inverse_perm(pc)))


# ---------------------------------------------------------------------------------------------
# The checker


def load_traces(trace_dir):
    traces = {}
    for f in glob.glob(os.path.join(trace_dir, "[0-9][0-9][0-9][0-9]_*.npy")):
        traces[int(os.path.basename(f)[:4])] = np.load(f)
    return traces


def describe_mismatch(got, want):
    if got.shape != want.shape:
        return "shape %s, expected %s" % (list(got.shape), list(want.shape))
    if got.dtype != want.dtype:
        return "dtype %s, expected %s" % (got.dtype, want.dtype)
    if got.dtype.kind == "f":
        bad = got.view(np.uint32) != want.view(np.uint32)
    else:
        bad = got != want
    idx = tuple(int(v) for v in np.argwhere(bad)[0])
    diff = np.abs(got.astype(np.float64) - want.astype(np.float64))
    return "%d of %d elements differ (max |diff| %g); first at %s: model %s, kernel %s" % (
        int(bad.sum()), bad.size, float(diff.max()), list(idx), got[idx], want[idx])


def same(got, want):
    return got.shape == want.shape and got.dtype == want.dtype and got.tobytes() == want.tobytes()


def check_model(report, blob, trace_dir, inputs, outputs, corrupt=None):
    """Checks one run. inputs: the float graph inputs (ONNX layout); outputs: output_<i> arrays.

    Returns a dict: layers (per layer: index, name, kernel, status in {match, MISMATCH,
    ERROR (the model failed), unchecked, untraced}, e2e status, detail), outputs (per graph
    output), param_errors, notes, warnings."""
    traces = load_traces(trace_dir)
    model = Model(report, blob, corrupt, {i: t.dtype for i, t in traces.items()})
    layers = report["layers"]

    def stored_of_trace(i):
        t = traces[i]
        p = perm_of.get(i)
        return np.ascontiguousarray(t.transpose(inverse_perm(p))) if p else t

    local = {}  # per-layer mode: stored value of each layer (trace, or the model's if untraced)
    chain = {}  # end-to-end mode: the model's value of each layer
    results = []

    def shape_info(store, i, perm_of):
        v = store[i]
        p = perm_of.get(i)
        if p:
            return [v.shape[q] for q in p], p
        return list(v.shape), None

    perm_of = {}
    origin = {}

    for i, l in enumerate(layers):
        k = l["kernel"]
        traced = traces.get(i)
        res = {"index": i, "name": l["name"], "kernel": k, "status": None, "e2e": None,
               "detail": ""}
        perm_of[i] = model.perm(i)

        def values_local(r):
            return inputs[-1 - r] if r < 0 else local[r]

        def values_chain(r):
            return inputs[-1 - r] if r < 0 else chain[r]

        def shapes(r, store):
            if r < 0:
                return list(inputs[-1 - r].shape), None
            return shape_info(store, r, perm_of)

        traced_shape = list(traced.shape) if traced is not None else None

        def evaluate(values, store):
            """(output, None) or (None, why not); a failure of the model itself is an ERROR."""
            if any(r is not None and r >= 0 and store.get(r) is None for r in l["reads"]):
                return None, "an input is neither traced nor computed by the model"
            try:
                return model.run_layer(i, values, lambda r: shapes(r, store), traced_shape), None
            except Unmodeled as e:
                return None, str(e)
            except Exception as e:  # noqa: BLE001 -- reported, counted as a failure
                res["error"] = "model error: %s: %s" % (type(e).__name__, e)
                return None, res["error"]

        out, err = evaluate(values_local, local)
        if i in model.trace_perm:
            perm_of[i] = model.trace_perm[i]
        if out is not None:
            p = perm_of.get(i)
            if traced is not None:
                view = out.reshape([traced.shape[q] for q in inverse_perm(p)]) if p and \
                    out.size == traced.size else out.reshape(traced.shape) \
                    if out.size == traced.size else out
                got = np.ascontiguousarray(view.transpose(p)) if p and view.ndim == len(p) \
                    else view
                if same(got, traced):
                    res["status"] = "match"
                else:
                    res["status"] = "MISMATCH"
                    res["detail"] = describe_mismatch(got, traced)
            else:
                res["status"] = "untraced"
                res["detail"] = "computed by the model (not traced: checked through its consumers)"
        else:
            res["status"] = "ERROR" if "error" in res else "unchecked"
            res["detail"] = err
        # The per-layer store: the trace where there is one.
        if traced is not None:
            local[i] = stored_of_trace(i)
        elif out is not None:
            local[i] = out
        else:
            local[i] = None
        # End to end: the model's own values; recomputed only where its inputs differ from the
        # traced ones (else the per-layer output is the same computation).
        reads = [r for r in l["reads"] if r is not None]
        # Where the end-to-end value of layer i starts: -1 the graph input, else the last
        # layer upstream that was reseeded from its trace.
        origin[i] = max([origin[r] if r >= 0 else -1 for r in reads] or [-1])
        if out is None:
            origin[i] = i
            chain[i] = local[i]
            res["e2e"] = "reseeded from trace" if traced is not None else "unavailable"
        else:
            if all(r < 0 or chain[r] is local[r] or (chain[r] is not None and local[r] is not None
                                                     and same(chain[r], local[r]))
                   for r in reads):
                cv = out
            else:
                cv, why = evaluate(values_chain, chain)
                if cv is None:
                    res["detail"] += " (e2e: %s)" % why
                    if "error" in res:
                        res["status"] = "ERROR"
            if cv is not None and traced is not None:
                res["e2e"] = "match" if same(cv.reshape(-1), local[i].reshape(-1)) and \
                    cv.dtype == local[i].dtype else "MISMATCH"
                if res["e2e"] == "MISMATCH" and cv.size == local[i].size:
                    res["detail"] += "%send to end (stored layout): %s" % (
                        "; " if res["detail"] else "",
                        describe_mismatch(cv.reshape(local[i].shape), local[i]))
                chain[i] = local[i] if res["e2e"] == "match" else cv
            else:
                chain[i] = cv
                res["e2e"] = "computed" if cv is not None else "unavailable"
        results.append(res)

    # Graph outputs: which traced layer each output_<i> is, and whether the model computed it.
    outs = []
    read_by = {r for l in layers for r in l["reads"] if r is not None}
    for j, o in enumerate(outputs):
        cands = [i for i in range(len(layers)) if i not in read_by and i in traces
                 and same(traces[i], o)]
        if not cands:
            outs.append({"output": j, "layer": None, "checked": False,
                         "detail": "no traced final layer equals output_%d.npy" % j})
            continue
        i = cands[-1]
        r = results[i]
        e2e_ok = r["status"] == "match" and r["e2e"] == "match"
        outs.append({"output": j, "layer": i, "kernel": layers[i]["kernel"], "checked": e2e_ok,
                     "detail": ("the model's end-to-end value from the float input"
                                if origin[i] < 0 else
                                "the model's end-to-end value from the trace of layer %d (%s) "
                                "on" % (origin[i], layers[origin[i]]["kernel"])) if e2e_ok else
                     "equals the trace of layer %d; not computed by the model (%s)" % (
                         i, r["detail"] or r["status"])})
        if i in range(len(layers)) and layers[i]["kernel"] == "edgec_softmax_f32" and r["e2e"]:
            # Float tail: the softmax (last axis) of the model's own dequantized values, in
            # float64; a tolerance, not bits (float kernels are not part of the int8 spec).
            src = layers[i]["reads"][0]
            x = chain.get(src)
            if x is not None and results[src]["e2e"] == "match" and origin[src] < 0:
                x = x.astype(np.float64).reshape(o.shape)
                e = np.exp(x - x.max(axis=-1, keepdims=True))
                ref = e / e.sum(axis=-1, keepdims=True)
                err = float(np.max(np.abs(ref - o)))
                outs[-1]["softmax_err"] = err
                outs[-1]["checked"] = err <= SOFTMAX_ATOL
                outs[-1]["detail"] = (
                    "softmax_f32 (layer %d) of the model's end-to-end dequantized values: "
                    "max |output - numpy softmax| = %.3g (tolerance %g)" % (i, err, SOFTMAX_ATOL))
    return {"layers": results, "outputs": outs, "param_errors": model.param_errors,
            "notes": model.notes, "warnings": model.warnings}
