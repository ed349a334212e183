/* Reference float32 elementwise kernels: broadcasting binary ops, unary ops, per-channel affine. */
#ifndef EDGEC_KERNELS_ELEMENTWISE_H
#define EDGEC_KERNELS_ELEMENTWISE_H

#include <math.h>
#include <stddef.h>
#include <stdint.h>

#include "edgec/kernels/strided.h"
#include "edgec/runtime.h"

typedef enum {
  EDGEC_BIN_ADD = 0,
  EDGEC_BIN_SUB = 1,
  EDGEC_BIN_MUL = 2,
  EDGEC_BIN_DIV = 3,
  EDGEC_BIN_POW = 4,
  EDGEC_BIN_MIN = 5,
  EDGEC_BIN_MAX = 6,
  EDGEC_BIN_PRELU = 7 /* a < 0 ? a * b : a, b is the (broadcast) slope */
} edgec_binary_op;

/* out = act(a op b) over out_shape; a and b are addressed through element strides,
 * with stride 0 on broadcast dimensions (numpy multidirectional broadcasting). */
typedef struct {
  int32_t op;
  int32_t rank; /* 0..8 */
  int32_t out_shape[8];
  int32_t a_stride[8], b_stride[8];
  edgec_act act;
} edgec_binary_params;

static inline float edgec_binary_apply(int32_t op, float x, float y) {
  switch (op) {
    case EDGEC_BIN_ADD: return x + y;
    case EDGEC_BIN_SUB: return x - y;
    case EDGEC_BIN_MUL: return x * y;
    case EDGEC_BIN_DIV: return x / y;
    case EDGEC_BIN_POW: return powf(x, y);
    case EDGEC_BIN_MIN: return y < x ? y : x;
    case EDGEC_BIN_MAX: return y > x ? y : x;
    case EDGEC_BIN_PRELU: return x < 0.0f ? x * y : x;
    default: return 0.0f;
  }
}

/* Each output element is computed from operand elements read just before it is written,
 * and an operand that aliases `out` must have the full output shape (so identity
 * addressing); hence in-place use (out == a or out == b) is safe on every path. */
static inline void edgec_binary_f32(const edgec_binary_params* p, const float* a, const float* b, float* out) {
  const int32_t rank = p->rank;
  const int32_t count = edgec_volume(rank, p->out_shape);
  const int a_dense = edgec_is_contiguous(rank, p->out_shape, p->a_stride);
  const int b_dense = edgec_is_contiguous(rank, p->out_shape, p->b_stride);
  int32_t i;
  /* Fast paths: the common same-shape and tensor-with-scalar cases need no index math. */
  if (a_dense && b_dense) {
    for (i = 0; i < count; ++i) out[i] = edgec_apply_act(&p->act, edgec_binary_apply(p->op, a[i], b[i]));
  } else if (a_dense && edgec_is_scalar(rank, p->out_shape, p->b_stride)) {
    const float y = b[0];
    for (i = 0; i < count; ++i) out[i] = edgec_apply_act(&p->act, edgec_binary_apply(p->op, a[i], y));
  } else if (b_dense && edgec_is_scalar(rank, p->out_shape, p->a_stride)) {
    const float x = a[0];
    for (i = 0; i < count; ++i) out[i] = edgec_apply_act(&p->act, edgec_binary_apply(p->op, x, b[i]));
  } else {
    /* General path: locate each output row (all dims but the last) once, then stride
     * along the innermost dimension. rank >= 1 here since rank 0 is always dense. */
    const int32_t inner = p->out_shape[rank - 1];
    const int32_t a_inner = p->a_stride[rank - 1], b_inner = p->b_stride[rank - 1];
    const int32_t rows = inner > 0 ? count / inner : 0;
    int32_t row;
    for (row = 0; row < rows; ++row) {
      const float* x = a + edgec_strided_offset(row, rank - 1, p->out_shape, p->a_stride);
      const float* y = b + edgec_strided_offset(row, rank - 1, p->out_shape, p->b_stride);
      float* z = out + (size_t)row * inner;
      for (i = 0; i < inner; ++i)
        z[i] = edgec_apply_act(&p->act, edgec_binary_apply(p->op, x[(size_t)i * a_inner], y[(size_t)i * b_inner]));
    }
  }
}

typedef enum {
  EDGEC_UN_RELU = 0,
  EDGEC_UN_CLIP = 1,
  EDGEC_UN_SIGMOID = 2,
  EDGEC_UN_TANH = 3,
  EDGEC_UN_LEAKY_RELU = 4,
  EDGEC_UN_NEG = 5,
  EDGEC_UN_ABS = 6,
  EDGEC_UN_EXP = 7,
  EDGEC_UN_LOG = 8,
  EDGEC_UN_SQRT = 9,
  EDGEC_UN_RECIPROCAL = 10,
  EDGEC_UN_ELU = 11,
  EDGEC_UN_SELU = 12,
  EDGEC_UN_SOFTPLUS = 13,
  EDGEC_UN_SOFTSIGN = 14,
  EDGEC_UN_HARD_SIGMOID = 15,
  EDGEC_UN_HARD_SWISH = 16,
  EDGEC_UN_ERF = 17,
  EDGEC_UN_CEIL = 18,
  EDGEC_UN_FLOOR = 19,
  EDGEC_UN_ROUND = 20,
  EDGEC_UN_SIN = 21,
  EDGEC_UN_COS = 22,
  EDGEC_UN_SIGN = 23,
  EDGEC_UN_NOT = 24,
  EDGEC_UN_IDENTITY = 25
} edgec_unary_op;

/* CLIP: min = alpha, max = beta. LEAKY_RELU: slope = alpha. ELU: alpha.
 * SELU: alpha = ONNX alpha, beta = ONNX gamma. HARD_SIGMOID: alpha, beta as in ONNX.
 * NOT operates on float 0/1 masks. */
typedef struct {
  int32_t op;
  float alpha, beta;
} edgec_unary_params;

static inline float edgec_unary_apply(const edgec_unary_params* p, float x) {
  /* Activation-like ops reuse edgec_apply_act so standalone and fused forms agree. */
  edgec_act act = {EDGEC_ACT_NONE, 0.0f, 0.0f, 0.0f};
  switch (p->op) {
    case EDGEC_UN_RELU: act.kind = EDGEC_ACT_RELU; break;
    case EDGEC_UN_CLIP: act.kind = EDGEC_ACT_CLIP; act.min = p->alpha; act.max = p->beta; break;
    case EDGEC_UN_SIGMOID: act.kind = EDGEC_ACT_SIGMOID; break;
    case EDGEC_UN_TANH: act.kind = EDGEC_ACT_TANH; break;
    case EDGEC_UN_LEAKY_RELU: act.kind = EDGEC_ACT_LEAKY_RELU; act.alpha = p->alpha; break;
    case EDGEC_UN_NEG: return -x;
    case EDGEC_UN_ABS: return fabsf(x);
    case EDGEC_UN_EXP: return expf(x);
    case EDGEC_UN_LOG: return logf(x);
    case EDGEC_UN_SQRT: return sqrtf(x);
    case EDGEC_UN_RECIPROCAL: return 1.0f / x;
    case EDGEC_UN_ELU: return x < 0.0f ? p->alpha * (expf(x) - 1.0f) : x;
    case EDGEC_UN_SELU: return p->beta * (x <= 0.0f ? p->alpha * (expf(x) - 1.0f) : x);
    /* Stable for large |x| in the way onnxruntime computes it. */
    case EDGEC_UN_SOFTPLUS: return x > 0.0f ? x + log1pf(expf(-x)) : log1pf(expf(x));
    case EDGEC_UN_SOFTSIGN: return x / (1.0f + fabsf(x));
    case EDGEC_UN_HARD_SIGMOID: {
      const float y = p->alpha * x + p->beta;
      return y < 0.0f ? 0.0f : (y > 1.0f ? 1.0f : y);
    }
    case EDGEC_UN_HARD_SWISH: {
      const float y = x / 6.0f + 0.5f;
      return x * (y < 0.0f ? 0.0f : (y > 1.0f ? 1.0f : y));
    }
    case EDGEC_UN_ERF: return erff(x);
    case EDGEC_UN_CEIL: return ceilf(x);
    case EDGEC_UN_FLOOR: return floorf(x);
    case EDGEC_UN_ROUND: return nearbyintf(x); /* half to even under the default rounding mode */
    case EDGEC_UN_SIN: return sinf(x);
    case EDGEC_UN_COS: return cosf(x);
    case EDGEC_UN_SIGN: return x > 0.0f ? 1.0f : (x < 0.0f ? -1.0f : (x == 0.0f ? 0.0f : x)); /* NaN stays NaN */
    case EDGEC_UN_NOT: return x == 0.0f ? 1.0f : 0.0f;
    case EDGEC_UN_IDENTITY: return x;
    default: return x;
  }
  return edgec_apply_act(&act, x);
}

/* Elementwise unary op over `count` elements; in-place safe (out may equal in). */
static inline void edgec_unary_f32(const edgec_unary_params* p, int32_t count, const float* in, float* out) {
  int32_t i;
  for (i = 0; i < count; ++i) out[i] = edgec_unary_apply(p, in[i]);
}

/* out = in * scale[c] + shift[c] over layout [outer, channels, inner]; this is what a
 * folded BatchNormalization (or Mul+Add by per-channel constants) lowers to. NULL scale
 * means 1 and NULL shift means 0. In-place safe. */
static inline void edgec_channel_affine_f32(int32_t outer, int32_t channels, int32_t inner, const float* scale,
                                            const float* shift, const float* in, float* out) {
  int32_t o, c, i;
  for (o = 0; o < outer; ++o) {
    for (c = 0; c < channels; ++c) {
      const float s = scale ? scale[c] : 1.0f;
      const float t = shift ? shift[c] : 0.0f;
      const size_t base = ((size_t)o * channels + c) * inner;
      for (i = 0; i < inner; ++i) out[base + i] = in[base + i] * s + t;
    }
  }
}

#endif /* EDGEC_KERNELS_ELEMENTWISE_H */
