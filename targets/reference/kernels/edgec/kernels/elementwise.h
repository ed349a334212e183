/* Reference float32 elementwise kernels: broadcasting binary ops, unary ops, per-channel affine. */
#ifndef EDGEC_KERNELS_ELEMENTWISE_H
#define EDGEC_KERNELS_ELEMENTWISE_H

#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "edgec/kernels/half.h"
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
  EDGEC_BIN_PRELU = 7, /* a < 0 ? a * b : a, b is the (broadcast) slope */
  EDGEC_BIN_AND = 8,   /* logical ops on booleans (0/1 bytes: the u8 variant) */
  EDGEC_BIN_OR = 9,
  EDGEC_BIN_XOR = 10
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

/* Elements are processed in chunks of EDGEC_EW_CHUNK: a chunk is computed from its operand
 * elements into a local array, then copied to `out`. Loops with a fixed trip count over a
 * local array are what GCC and Clang vectorise at -O2 (no aliasing or trip-count checks
 * needed); the last, partial chunk runs the same expressions one element at a time. Every
 * element is computed by exactly the same expression on every path, so results do not
 * depend on the chunking. */
#define EDGEC_EW_CHUNK 16

/* t[l] = X op Y for l in [0, N): X and Y are expressions of l, the caller's int32_t loop
 * variable (declared there so the expressions name it without shadowing). */
#define EDGEC_BIN__LOOP(OP, T, N, X, Y)                                                          \
  do {                                                                                           \
    switch (OP) {                                                                                \
      case EDGEC_BIN_ADD: for (l = 0; l < (N); ++l) T[l] = (X) + (Y); break;                     \
      case EDGEC_BIN_SUB: for (l = 0; l < (N); ++l) T[l] = (X) - (Y); break;                     \
      case EDGEC_BIN_MUL: for (l = 0; l < (N); ++l) T[l] = (X) * (Y); break;                     \
      case EDGEC_BIN_DIV: for (l = 0; l < (N); ++l) T[l] = (X) / (Y); break;                     \
      case EDGEC_BIN_MIN: for (l = 0; l < (N); ++l) T[l] = (Y) < (X) ? (Y) : (X); break;         \
      case EDGEC_BIN_MAX: for (l = 0; l < (N); ++l) T[l] = (Y) > (X) ? (Y) : (X); break;         \
      case EDGEC_BIN_PRELU: for (l = 0; l < (N); ++l) T[l] = (X) < 0.0f ? (X) * (Y) : (X); break; \
      default: for (l = 0; l < (N); ++l) T[l] = edgec_binary_apply((OP), (X), (Y)); break;       \
    }                                                                                            \
  } while (0)

/* out[0..n) = act(x op y) where x and y step by xs / ys (each 0 or 1) elements. */
static inline void edgec_binary__run(const edgec_binary_params* p, const float* x, int32_t xs, const float* y,
                                     int32_t ys, float* out, int32_t n) {
  float t[EDGEC_EW_CHUNK];
  int32_t i0, l;
  for (i0 = 0; i0 < n; i0 += EDGEC_EW_CHUNK) {
    const int32_t m = n - i0 < EDGEC_EW_CHUNK ? n - i0 : EDGEC_EW_CHUNK;
    const float* xc = x + (size_t)i0 * xs;
    const float* yc = y + (size_t)i0 * ys;
    if (m == EDGEC_EW_CHUNK) {
      if (xs && ys) EDGEC_BIN__LOOP(p->op, t, EDGEC_EW_CHUNK, xc[l], yc[l]);
      else if (xs) EDGEC_BIN__LOOP(p->op, t, EDGEC_EW_CHUNK, xc[l], yc[0]);
      else if (ys) EDGEC_BIN__LOOP(p->op, t, EDGEC_EW_CHUNK, xc[0], yc[l]);
      else EDGEC_BIN__LOOP(p->op, t, EDGEC_EW_CHUNK, xc[0], yc[0]);
      EDGEC_APPLY_ACT_N(&p->act, t, EDGEC_EW_CHUNK);
      for (l = 0; l < EDGEC_EW_CHUNK; ++l) out[i0 + l] = t[l];
    } else {
      EDGEC_BIN__LOOP(p->op, t, m, xc[(size_t)l * xs], yc[(size_t)l * ys]);
      EDGEC_APPLY_ACT_N(&p->act, t, m);
      for (l = 0; l < m; ++l) out[i0 + l] = t[l];
    }
  }
}

/* Every chunk reads all its operand elements before writing any output, and an operand
 * that aliases `out` must have the full output shape (so identity addressing); hence
 * in-place use (out == a or out == b) is safe on every path. */
static inline void edgec_binary_f32(const edgec_binary_params* p, const float* a, const float* b, float* out) {
  const int32_t rank = p->rank;
  const int32_t count = edgec_volume(rank, p->out_shape);
  const int a_dense = edgec_is_contiguous(rank, p->out_shape, p->a_stride);
  const int b_dense = edgec_is_contiguous(rank, p->out_shape, p->b_stride);
  /* Fast paths: the common same-shape and tensor-with-scalar cases need no index math. */
  if (a_dense && b_dense) {
    edgec_binary__run(p, a, 1, b, 1, out, count);
  } else if (a_dense && edgec_is_scalar(rank, p->out_shape, p->b_stride)) {
    edgec_binary__run(p, a, 1, b, 0, out, count);
  } else if (b_dense && edgec_is_scalar(rank, p->out_shape, p->a_stride)) {
    edgec_binary__run(p, a, 0, b, 1, out, count);
  } else {
    /* General path: locate each output row (all dims but the last) once, then stride
     * along the innermost dimension. rank >= 1 here since rank 0 is always dense. */
    const int32_t inner = p->out_shape[rank - 1];
    const int32_t a_inner = p->a_stride[rank - 1], b_inner = p->b_stride[rank - 1];
    const int32_t rows = inner > 0 ? count / inner : 0;
    int32_t row, i;
    for (row = 0; row < rows; ++row) {
      const float* x = a + edgec_strided_offset(row, rank - 1, p->out_shape, p->a_stride);
      const float* y = b + edgec_strided_offset(row, rank - 1, p->out_shape, p->b_stride);
      float* z = out + (size_t)row * inner;
      if ((a_inner == 0 || a_inner == 1) && (b_inner == 0 || b_inner == 1)) {
        edgec_binary__run(p, x, a_inner, y, b_inner, z, inner);
      } else {
        for (i = 0; i < inner; ++i)
          z[i] = edgec_apply_act(&p->act, edgec_binary_apply(p->op, x[(size_t)i * a_inner], y[(size_t)i * b_inner]));
      }
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
  EDGEC_UN_IDENTITY = 25,
  EDGEC_UN_GELU = 26 /* alpha = 1: the tanh approximation; 0: exact, with erf */
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
  edgec_act act = {EDGEC_ACT_NONE, 0.0f, 0.0f, 0.0f, 0.0f};
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
    case EDGEC_UN_HARD_SIGMOID: act.kind = EDGEC_ACT_HARD_SIGMOID; act.alpha = p->alpha; act.beta = p->beta; break;
    case EDGEC_UN_HARD_SWISH: act.kind = EDGEC_ACT_HARD_SWISH; break;
    case EDGEC_UN_ERF: return erff(x);
    case EDGEC_UN_CEIL: return ceilf(x);
    case EDGEC_UN_FLOOR: return floorf(x);
    case EDGEC_UN_ROUND: return nearbyintf(x); /* half to even under the default rounding mode */
    case EDGEC_UN_SIN: return sinf(x);
    case EDGEC_UN_COS: return cosf(x);
    case EDGEC_UN_SIGN: return x > 0.0f ? 1.0f : (x < 0.0f ? -1.0f : (x == 0.0f ? 0.0f : x)); /* NaN stays NaN */
    case EDGEC_UN_NOT: return x == 0.0f ? 1.0f : 0.0f;
    case EDGEC_UN_IDENTITY: return x;
    /* onnxruntime's formulas (its Gelu kernel): 0.5x(1 + erf(x/sqrt 2)), or with tanh. No
     * product stands next to an add (the cube is added in double), so FMA contraction cannot
     * change the bits from one target to another. */
    case EDGEC_UN_GELU:
      if (p->alpha != 0.0f) {
        const float cube = 0.044715f * x * x * x;
        const float inner = (float)((double)x + (double)cube);
        return 0.5f * x * (1.0f + tanhf(0.7978845608028654f * inner));
      }
      return 0.5f * x * (1.0f + erff(x * 0.70710678118654752f));
    default: return x;
  }
  return edgec_apply_act(&act, x);
}

/* t[l] = op(x[l]) for l in [0, N): branch-free loops for the cheap ops, giving exactly the
 * results of edgec_unary_apply / edgec_apply_act (clamps are written as two plain selects,
 * which compilers if-convert, instead of a nested conditional; NaN still passes through). */
#define EDGEC_UNARY__LOOP(P, T, X, N)                                                            \
  do {                                                                                           \
    const float al_ = (P)->alpha, be_ = (P)->beta;                                               \
    int32_t l_;                                                                                  \
    switch ((P)->op) {                                                                           \
      case EDGEC_UN_RELU: for (l_ = 0; l_ < (N); ++l_) T[l_] = X[l_] > 0.0f ? X[l_] : 0.0f; break; \
      case EDGEC_UN_CLIP:                                                                        \
        for (l_ = 0; l_ < (N); ++l_) {                                                           \
          const float v_ = X[l_] > be_ ? be_ : X[l_];                                            \
          T[l_] = X[l_] < al_ ? al_ : v_;                                                        \
        }                                                                                        \
        break;                                                                                   \
      case EDGEC_UN_LEAKY_RELU:                                                                  \
        for (l_ = 0; l_ < (N); ++l_) T[l_] = X[l_] < 0.0f ? al_ * X[l_] : X[l_];                 \
        break;                                                                                   \
      case EDGEC_UN_NEG: for (l_ = 0; l_ < (N); ++l_) T[l_] = -X[l_]; break;                     \
      case EDGEC_UN_RECIPROCAL: for (l_ = 0; l_ < (N); ++l_) T[l_] = 1.0f / X[l_]; break;        \
      case EDGEC_UN_IDENTITY: for (l_ = 0; l_ < (N); ++l_) T[l_] = X[l_]; break;                 \
      case EDGEC_UN_HARD_SIGMOID:                                                                \
        for (l_ = 0; l_ < (N); ++l_) {                                                           \
          const float y_ = al_ * X[l_] + be_;                                                    \
          const float v_ = y_ > 1.0f ? 1.0f : y_;                                                \
          T[l_] = y_ < 0.0f ? 0.0f : v_;                                                         \
        }                                                                                        \
        break;                                                                                   \
      case EDGEC_UN_HARD_SWISH:                                                                  \
        for (l_ = 0; l_ < (N); ++l_) {                                                           \
          const float y_ = X[l_] / 6.0f + 0.5f;                                                  \
          const float v_ = y_ > 1.0f ? 1.0f : y_;                                                \
          T[l_] = X[l_] * (y_ < 0.0f ? 0.0f : v_);                                               \
        }                                                                                        \
        break;                                                                                   \
      default: for (l_ = 0; l_ < (N); ++l_) T[l_] = edgec_unary_apply((P), X[l_]); break;         \
    }                                                                                            \
  } while (0)

/* Elementwise unary op over `count` elements; in-place safe (out may equal in): each
 * chunk is computed into a local array before it is written. */
static inline void edgec_unary_f32(const edgec_unary_params* p, int32_t count, const float* in, float* out) {
  float t[EDGEC_EW_CHUNK];
  int32_t i0, l;
  for (i0 = 0; i0 < count; i0 += EDGEC_EW_CHUNK) {
    const int32_t m = count - i0 < EDGEC_EW_CHUNK ? count - i0 : EDGEC_EW_CHUNK;
    const float* x = in + i0;
    if (m == EDGEC_EW_CHUNK) {
      EDGEC_UNARY__LOOP(p, t, x, EDGEC_EW_CHUNK);
      for (l = 0; l < EDGEC_EW_CHUNK; ++l) out[i0 + l] = t[l];
    } else {
      EDGEC_UNARY__LOOP(p, t, x, m);
      for (l = 0; l < m; ++l) out[i0 + l] = t[l];
    }
  }
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

/* ---------------------------------------------------------------------------------------
 * Typed variants: edgec_binary_<T> / edgec_unary_<T> for T in f64, i8, u8, i16, i32, i64.
 * The element loops are written once (EDGEC_DEFINE_BINARY_LOOP, EDGEC_DEFINE_UNARY_LOOP)
 * and instantiated per type; the per-element operation is edgec_binary_apply_<T> /
 * edgec_unary_apply_<T>. Fused activations (edgec_binary_params.act) are ignored.
 *
 * Integer semantics follow ONNX/numpy with no undefined behaviour on any input:
 * ADD/SUB/MUL/NEG/ABS wrap modulo 2^bits (computed in uint64_t, then wrapped back),
 * DIV truncates toward zero with x / 0 = 0 and INT_MIN / -1 = INT_MIN (wrapped),
 * POW is exact integer exponentiation by squaring (wrapping); a negative exponent
 * gives 0 unless the base is 1 (-> 1) or -1 (-> +-1 by the exponent's parity).
 * ------------------------------------------------------------------------------------- */

/* Float -> integer for CLIP bounds: NaN -> `nan_value`, otherwise saturated to [lo, hi]
 * after rounding toward -inf (`up` = 0) or +inf (`up` = 1), so that clamping an integer
 * to the real bound is exact (x >= 2.5 <=> x >= 3). */
static inline int64_t edgec_elem_bound_to_int(double x, int64_t lo, int64_t hi, int up, int64_t nan_value) {
  if (x != x) return nan_value;
  x = up ? ceil(x) : floor(x);
  if (x <= (double)lo) return lo;
  if (x >= 9223372036854775808.0 || x >= (double)hi) return hi; /* (double)INT64_MAX == 2^63 */
  return (int64_t)x;
}

/* Sign tests through int64_t parameters, so the macros below compile warning-free
 * (-Wtype-limits) for unsigned element types too. */
static inline int edgec_elem_is_neg(int64_t v) { return v < 0; }
static inline int edgec_elem_is_minus_one(int64_t v) { return v == -1; }

/* The 2^bits-modular value `v` as the integer type: defined C/C++ for every input
 * (no out-of-range unsigned -> signed conversion). */
#define EDGEC_DEFINE_INT_WRAP(SUF, T, TMAX, BITS)                                   \
  static inline T edgec_wrap_##SUF(uint64_t v) {                                     \
    const uint64_t mask = (BITS) >= 64 ? ~(uint64_t)0 : (((uint64_t)1 << ((BITS) & 63)) - 1); \
    v &= mask;                                                                       \
    if (v <= (uint64_t)(TMAX)) return (T)v;                                          \
    return (T)(-(T)(mask - v) - 1); /* negative: -(2^bits - v) */                    \
  }

/* Integer binary op (ONNX Add/Sub/Mul/Div/Pow/Min/Max/PRelu). IS_SIGNED selects the
 * negative-exponent and INT_MIN / -1 handling. */
#define EDGEC_DEFINE_BINARY_APPLY_INT(SUF, T, TMIN, IS_SIGNED)                          \
  static inline T edgec_binary_apply_##SUF(int32_t op, T x, T y) {                       \
    const uint64_t ux = (uint64_t)(int64_t)x, uy = (uint64_t)(int64_t)y;                \
    switch (op) {                                                                        \
      case EDGEC_BIN_ADD: return edgec_wrap_##SUF(ux + uy);                              \
      case EDGEC_BIN_SUB: return edgec_wrap_##SUF(ux - uy);                              \
      case EDGEC_BIN_MUL: return edgec_wrap_##SUF(ux * uy);                              \
      case EDGEC_BIN_DIV:                                                                \
        if (y == 0) return (T)0;                                                         \
        if ((IS_SIGNED) && x == (T)(TMIN) && edgec_elem_is_minus_one(y)) return x;          \
        return (T)(x / y);                                                               \
      case EDGEC_BIN_POW: {                                                              \
        uint64_t base = ux, result = 1, e;                                               \
        if (edgec_elem_is_neg(y)) {                                                      \
          if ((int64_t)x == 1) return (T)1;                                              \
          if (edgec_elem_is_minus_one(x)) return edgec_wrap_##SUF((uy & 1u) ? ~(uint64_t)0 : 1u);  \
          return (T)0;                                                                   \
        }                                                                                \
        for (e = uy; e != 0; e >>= 1) {                                                  \
          if (e & 1u) result *= base;                                                    \
          base *= base;                                                                  \
        }                                                                                \
        return edgec_wrap_##SUF(result);                                                 \
      }                                                                                  \
      case EDGEC_BIN_MIN: return y < x ? y : x;                                          \
      case EDGEC_BIN_MAX: return y > x ? y : x;                                          \
      case EDGEC_BIN_PRELU: return edgec_elem_is_neg(x) ? edgec_wrap_##SUF(ux * uy) : x; \
      case EDGEC_BIN_AND: return (T)(x != 0 && y != 0);                                  \
      case EDGEC_BIN_OR: return (T)(x != 0 || y != 0);                                   \
      case EDGEC_BIN_XOR: return (T)((x != 0) != (y != 0));                              \
      default: return (T)0;                                                              \
    }                                                                                    \
  }

/* Integer unary op: RELU, CLIP (alpha = min, beta = max, as floats: converted to T
 * with saturation; the result is min(max(x, lo), hi) like numpy.clip / onnxruntime),
 * NEG and ABS (wrapping: -INT_MIN = INT_MIN), SIGN, and CEIL/FLOOR/ROUND/IDENTITY
 * (identity on integers). Every other op copies x unchanged. */
#define EDGEC_DEFINE_UNARY_APPLY_INT(SUF, T, TMIN, TMAX)                                 \
  static inline T edgec_unary_apply_##SUF(const edgec_unary_params* p, T x) {            \
    switch (p->op) {                                                                     \
      case EDGEC_UN_RELU: return x > 0 ? x : (T)0;                                       \
      case EDGEC_UN_CLIP: {                                                              \
        const T lo = (T)edgec_elem_bound_to_int(p->alpha, (TMIN), (TMAX), 1, (TMIN));   \
        const T hi = (T)edgec_elem_bound_to_int(p->beta, (TMIN), (TMAX), 0, (TMAX));    \
        const T y = x < lo ? lo : x;                                                     \
        return y > hi ? hi : y;                                                          \
      }                                                                                  \
      case EDGEC_UN_NEG: return edgec_wrap_##SUF((uint64_t)0 - (uint64_t)(int64_t)x);   \
      case EDGEC_UN_ABS:                                                                 \
        return edgec_elem_is_neg(x) ? edgec_wrap_##SUF((uint64_t)0 - (uint64_t)(int64_t)x) : x; \
      case EDGEC_UN_SIGN: return (T)(x > 0 ? 1 : (edgec_elem_is_neg(x) ? -1 : 0));       \
      case EDGEC_UN_NOT: return (T)(x == 0);                                             \
      default: return x;                                                                 \
    }                                                                                    \
  }

static inline double edgec_binary_apply_f64(int32_t op, double x, double y) {
  switch (op) {
    case EDGEC_BIN_ADD: return x + y;
    case EDGEC_BIN_SUB: return x - y;
    case EDGEC_BIN_MUL: return x * y;
    case EDGEC_BIN_DIV: return x / y;
    case EDGEC_BIN_POW: return pow(x, y);
    case EDGEC_BIN_MIN: return y < x ? y : x;
    case EDGEC_BIN_MAX: return y > x ? y : x;
    case EDGEC_BIN_PRELU: return x < 0.0 ? x * y : x;
    default: return 0.0;
  }
}

/* Double version of edgec_unary_apply (same op list and formulas, evaluated in double;
 * CLIP keeps the float kernel's compare order: x < min -> min, then x > max -> max). */
static inline double edgec_unary_apply_f64(const edgec_unary_params* p, double x) {
  switch (p->op) {
    case EDGEC_UN_RELU: return x > 0.0 ? x : 0.0;
    case EDGEC_UN_CLIP:
      if (x < (double)p->alpha) return p->alpha;
      if (x > (double)p->beta) return p->beta;
      return x;
    case EDGEC_UN_SIGMOID: return 1.0 / (1.0 + exp(-x));
    case EDGEC_UN_TANH: return tanh(x);
    case EDGEC_UN_LEAKY_RELU: return x < 0.0 ? (double)p->alpha * x : x;
    case EDGEC_UN_NEG: return -x;
    case EDGEC_UN_ABS: return fabs(x);
    case EDGEC_UN_EXP: return exp(x);
    case EDGEC_UN_LOG: return log(x);
    case EDGEC_UN_SQRT: return sqrt(x);
    case EDGEC_UN_RECIPROCAL: return 1.0 / x;
    case EDGEC_UN_ELU: return x < 0.0 ? (double)p->alpha * (exp(x) - 1.0) : x;
    case EDGEC_UN_SELU: return (double)p->beta * (x <= 0.0 ? (double)p->alpha * (exp(x) - 1.0) : x);
    case EDGEC_UN_SOFTPLUS: return x > 0.0 ? x + log1p(exp(-x)) : log1p(exp(x));
    case EDGEC_UN_SOFTSIGN: return x / (1.0 + fabs(x));
    case EDGEC_UN_HARD_SIGMOID: {
      const double y = (double)p->alpha * x + (double)p->beta;
      return y < 0.0 ? 0.0 : (y > 1.0 ? 1.0 : y);
    }
    case EDGEC_UN_HARD_SWISH: {
      const double y = x / 6.0 + 0.5;
      return x * (y < 0.0 ? 0.0 : (y > 1.0 ? 1.0 : y));
    }
    case EDGEC_UN_ERF: return erf(x);
    case EDGEC_UN_CEIL: return ceil(x);
    case EDGEC_UN_FLOOR: return floor(x);
    case EDGEC_UN_ROUND: return nearbyint(x);
    case EDGEC_UN_SIN: return sin(x);
    case EDGEC_UN_COS: return cos(x);
    case EDGEC_UN_SIGN: return x > 0.0 ? 1.0 : (x < 0.0 ? -1.0 : (x == 0.0 ? 0.0 : x));
    case EDGEC_UN_NOT: return x == 0.0 ? 1.0 : 0.0;
    case EDGEC_UN_GELU:
      if (p->alpha != 0.0f) return 0.5 * x * (1.0 + tanh(0.7978845608028654 * (x + 0.044715 * x * x * x)));
      return 0.5 * x * (1.0 + erf(x * 0.70710678118654752));
    default: return x;
  }
}

/* The broadcasting loop of edgec_binary_f32 (same fast paths, same in-place guarantees),
 * written once for every element type; no fused activation. */
#define EDGEC_DEFINE_BINARY_LOOP(SUF, T)                                                          \
  static inline void edgec_binary_##SUF(const edgec_binary_params* p, const T* a, const T* b, T* out) { \
    const int32_t rank = p->rank;                                                                 \
    const int32_t count = edgec_volume(rank, p->out_shape);                                       \
    const int a_dense = edgec_is_contiguous(rank, p->out_shape, p->a_stride);                     \
    const int b_dense = edgec_is_contiguous(rank, p->out_shape, p->b_stride);                     \
    int32_t i;                                                                                    \
    if (a_dense && b_dense) {                                                                     \
      for (i = 0; i < count; ++i) out[i] = edgec_binary_apply_##SUF(p->op, a[i], b[i]);           \
    } else if (a_dense && edgec_is_scalar(rank, p->out_shape, p->b_stride)) {                     \
      const T y = b[0];                                                                           \
      for (i = 0; i < count; ++i) out[i] = edgec_binary_apply_##SUF(p->op, a[i], y);              \
    } else if (b_dense && edgec_is_scalar(rank, p->out_shape, p->a_stride)) {                     \
      const T x = a[0];                                                                           \
      for (i = 0; i < count; ++i) out[i] = edgec_binary_apply_##SUF(p->op, x, b[i]);              \
    } else {                                                                                      \
      const int32_t inner = p->out_shape[rank - 1];                                               \
      const int32_t a_inner = p->a_stride[rank - 1], b_inner = p->b_stride[rank - 1];             \
      const int32_t rows = inner > 0 ? count / inner : 0;                                         \
      int32_t row;                                                                                \
      for (row = 0; row < rows; ++row) {                                                          \
        const T* x = a + edgec_strided_offset(row, rank - 1, p->out_shape, p->a_stride);          \
        const T* y = b + edgec_strided_offset(row, rank - 1, p->out_shape, p->b_stride);          \
        T* z = out + (size_t)row * inner;                                                         \
        for (i = 0; i < inner; ++i)                                                               \
          z[i] = edgec_binary_apply_##SUF(p->op, x[(size_t)i * a_inner], y[(size_t)i * b_inner]); \
      }                                                                                           \
    }                                                                                             \
  }

/* Elementwise unary op over `count` elements; in-place safe. */
#define EDGEC_DEFINE_UNARY_LOOP(SUF, T)                                                       \
  static inline void edgec_unary_##SUF(const edgec_unary_params* p, int32_t count, const T* in, T* out) { \
    int32_t i;                                                                                \
    for (i = 0; i < count; ++i) out[i] = edgec_unary_apply_##SUF(p, in[i]);                  \
  }

#define EDGEC_DEFINE_ELEMENTWISE_INT(SUF, T, TMIN, TMAX, BITS, IS_SIGNED) \
  EDGEC_DEFINE_INT_WRAP(SUF, T, TMAX, BITS)                               \
  EDGEC_DEFINE_BINARY_APPLY_INT(SUF, T, TMIN, IS_SIGNED)                  \
  EDGEC_DEFINE_UNARY_APPLY_INT(SUF, T, TMIN, TMAX)                        \
  EDGEC_DEFINE_BINARY_LOOP(SUF, T)                                        \
  EDGEC_DEFINE_UNARY_LOOP(SUF, T)

EDGEC_DEFINE_ELEMENTWISE_INT(i8, int8_t, INT8_MIN, INT8_MAX, 8, 1)
EDGEC_DEFINE_ELEMENTWISE_INT(u8, uint8_t, 0, UINT8_MAX, 8, 0)
EDGEC_DEFINE_ELEMENTWISE_INT(i16, int16_t, INT16_MIN, INT16_MAX, 16, 1)
EDGEC_DEFINE_ELEMENTWISE_INT(i32, int32_t, INT32_MIN, INT32_MAX, 32, 1)
EDGEC_DEFINE_ELEMENTWISE_INT(i64, int64_t, INT64_MIN, INT64_MAX, 64, 1)
EDGEC_DEFINE_ELEMENTWISE_INT(u16, uint16_t, 0, UINT16_MAX, 16, 0)
EDGEC_DEFINE_ELEMENTWISE_INT(u32, uint32_t, 0, UINT32_MAX, 32, 0)
EDGEC_DEFINE_ELEMENTWISE_INT(u64, uint64_t, 0, UINT64_MAX, 64, 0)
EDGEC_DEFINE_BINARY_LOOP(f64, double)

/* float16 / bfloat16 math: computed in float32, rounded back once per element. */
static inline uint16_t edgec_binary_apply_f16(int32_t op, uint16_t x, uint16_t y) {
  return edgec_f32_to_f16(edgec_binary_apply(op, edgec_f16_to_f32(x), edgec_f16_to_f32(y)));
}
static inline uint16_t edgec_binary_apply_bf16(int32_t op, uint16_t x, uint16_t y) {
  return edgec_f32_to_bf16(edgec_binary_apply(op, edgec_bf16_to_f32(x), edgec_bf16_to_f32(y)));
}
EDGEC_DEFINE_BINARY_LOOP(f16, uint16_t)
EDGEC_DEFINE_BINARY_LOOP(bf16, uint16_t)
EDGEC_DEFINE_UNARY_LOOP(f64, double)

/* Comparisons (ONNX Equal, Less, LessOrEqual, Greater, GreaterOrEqual) with broadcasting:
 * edgec_compare_<T>(p, a, b, out), out a boolean byte (0/1). p is an edgec_binary_params
 * whose op is an edgec_compare_op. NaN compares false (Equal too), as in C and onnxruntime. */
typedef enum { EDGEC_CMP_EQ = 0, EDGEC_CMP_LT = 1, EDGEC_CMP_LE = 2, EDGEC_CMP_GT = 3, EDGEC_CMP_GE = 4 } edgec_compare_op;

/* out[i] = x[i * xs] OP y[i * ys] for i in [0, n): one loop per op, so that the switch is
 * not taken per element. */
#define EDGEC_CMP__ROW(OP, X, XS, Y, YS, OUT, N)                                                  \
  do {                                                                                            \
    switch (OP) {                                                                                 \
      case EDGEC_CMP_EQ: for (i = 0; i < (N); ++i) (OUT)[i] = (uint8_t)((X)[(size_t)i * (XS)] == (Y)[(size_t)i * (YS)]); break; \
      case EDGEC_CMP_LT: for (i = 0; i < (N); ++i) (OUT)[i] = (uint8_t)((X)[(size_t)i * (XS)] < (Y)[(size_t)i * (YS)]); break;  \
      case EDGEC_CMP_LE: for (i = 0; i < (N); ++i) (OUT)[i] = (uint8_t)((X)[(size_t)i * (XS)] <= (Y)[(size_t)i * (YS)]); break; \
      case EDGEC_CMP_GT: for (i = 0; i < (N); ++i) (OUT)[i] = (uint8_t)((X)[(size_t)i * (XS)] > (Y)[(size_t)i * (YS)]); break;  \
      case EDGEC_CMP_GE: for (i = 0; i < (N); ++i) (OUT)[i] = (uint8_t)((X)[(size_t)i * (XS)] >= (Y)[(size_t)i * (YS)]); break; \
      default: for (i = 0; i < (N); ++i) (OUT)[i] = 0; break;                                     \
    }                                                                                             \
  } while (0)

/* Same-shape operands are one row; otherwise each output row (all dims but the last) is
 * located once and the operands strided along it (a one-hot's Equal of [N, 1] against [1, C]
 * was an index computation per element). */
#define EDGEC_DEFINE_COMPARE(SUF, T)                                                                  \
  static inline void edgec_compare_##SUF(const edgec_binary_params* p, const T* a, const T* b, uint8_t* out) { \
    const int32_t rank = p->rank, count = edgec_volume(rank, p->out_shape);                           \
    int32_t i, row, inner, rows;                                                                      \
    if (edgec_is_contiguous(rank, p->out_shape, p->a_stride) && edgec_is_contiguous(rank, p->out_shape, p->b_stride)) { \
      EDGEC_CMP__ROW(p->op, a, 1, b, 1, out, count);                                                  \
      return;                                                                                         \
    }                                                                                                 \
    inner = p->out_shape[rank - 1];                                                                   \
    rows = inner > 0 ? count / inner : 0;                                                             \
    for (row = 0; row < rows; ++row)                                                                  \
      EDGEC_CMP__ROW(p->op, a + edgec_strided_offset(row, rank - 1, p->out_shape, p->a_stride), p->a_stride[rank - 1], \
                     b + edgec_strided_offset(row, rank - 1, p->out_shape, p->b_stride), p->b_stride[rank - 1],     \
                     out + (size_t)row * inner, inner);                                               \
  }

EDGEC_DEFINE_COMPARE(f32, float)
EDGEC_DEFINE_COMPARE(f64, double)
EDGEC_DEFINE_COMPARE(i8, int8_t)
EDGEC_DEFINE_COMPARE(u8, uint8_t)
EDGEC_DEFINE_COMPARE(i16, int16_t)
EDGEC_DEFINE_COMPARE(u16, uint16_t)
EDGEC_DEFINE_COMPARE(i32, int32_t)
EDGEC_DEFINE_COMPARE(u32, uint32_t)
EDGEC_DEFINE_COMPARE(i64, int64_t)
EDGEC_DEFINE_COMPARE(u64, uint64_t)

/* Where: out = cond ? x : y, the three broadcast against out (strides in elements, 0 on a
 * broadcast dim); elements of `elem_size` bytes of any type. */
typedef struct {
  int32_t rank;
  int32_t out_shape[8];
  int32_t cond_stride[8], x_stride[8], y_stride[8];
  int32_t elem_size;
} edgec_select_params;

static inline void edgec_select(const edgec_select_params* p, const uint8_t* cond, const void* x, const void* y,
                                void* out) {
  const int32_t count = edgec_volume(p->rank, p->out_shape);
  const size_t es = (size_t)p->elem_size;
  int32_t i;
  for (i = 0; i < count; ++i) {
    const int32_t c = edgec_strided_offset(i, p->rank, p->out_shape, p->cond_stride);
    const void* from = cond[c] ? (const void*)((const uint8_t*)x + es * edgec_strided_offset(i, p->rank, p->out_shape, p->x_stride))
                               : (const void*)((const uint8_t*)y + es * edgec_strided_offset(i, p->rank, p->out_shape, p->y_stride));
    memcpy((uint8_t*)out + es * (size_t)i, from, es);
  }
}

/* Inference BatchNormalization with run-time parameters over layout [outer, channels,
 * inner] (channels-last data: outer = N * spatial, inner = 1). Per channel, in float:
 *   s = scale[c] / sqrtf(var[c] + epsilon);  out = (in - mean[c]) * s + bias[c]
 * In-place safe (out may equal in). */
static inline void edgec_batchnorm_f32(int32_t outer, int32_t channels, int32_t inner, const float* scale,
                                       const float* bias, const float* mean, const float* var, float epsilon,
                                       const float* in, float* out) {
  int32_t o, c, i;
  for (o = 0; o < outer; ++o) {
    for (c = 0; c < channels; ++c) {
      const float s = scale[c] / sqrtf(var[c] + epsilon);
      const float m = mean[c], t = bias[c];
      const size_t base = ((size_t)o * channels + c) * inner;
      for (i = 0; i < inner; ++i) out[base + i] = (in[base + i] - m) * s + t;
    }
  }
}

/* Training-mode BatchNormalization (ONNX opset 15, training_mode = 1), as the ONNX
 * reference (onnx/reference/ops/op_batch_normalization.py) defines it: per channel the
 * batch mean and population variance (divide by the count) over every axis but the
 * channel, accumulated in double and rounded to float; out is normalised with them by
 * the edgec_batchnorm_f32 formula; running_mean = input_mean * momentum + mean * (1 -
 * momentum) and running_var = input_var * momentum + var * (1 - momentum), in float.
 * running_mean / running_var may be NULL (outputs not requested) and may alias
 * input_mean / input_var. In-place safe for out == in. An empty channel (outer or inner
 * 0) has mean 0 and variance 0. */
static inline void edgec_batchnorm_training_f32(int32_t outer, int32_t channels, int32_t inner, const float* scale,
                                                const float* bias, const float* input_mean,
                                                const float* input_var, float epsilon, float momentum,
                                                const float* in, float* out, float* running_mean,
                                                float* running_var) {
  const double count = (double)outer * (double)inner;
  int32_t o, c, i;
  for (c = 0; c < channels; ++c) {
    double sum = 0.0, sq = 0.0;
    float mean, var, s;
    for (o = 0; o < outer; ++o) {
      const float* x = in + ((size_t)o * channels + c) * inner;
      for (i = 0; i < inner; ++i) sum += x[i];
    }
    mean = count > 0.0 ? (float)(sum / count) : 0.0f;
    for (o = 0; o < outer; ++o) {
      const float* x = in + ((size_t)o * channels + c) * inner;
      for (i = 0; i < inner; ++i) {
        const double d = (double)x[i] - (double)mean;
        sq += d * d;
      }
    }
    var = count > 0.0 ? (float)(sq / count) : 0.0f;
    if (running_mean) running_mean[c] = input_mean[c] * momentum + mean * (1.0f - momentum);
    if (running_var) running_var[c] = input_var[c] * momentum + var * (1.0f - momentum);
    s = scale[c] / sqrtf(var + epsilon);
    for (o = 0; o < outer; ++o) {
      const size_t base = ((size_t)o * channels + c) * inner;
      for (i = 0; i < inner; ++i) out[base + i] = (in[base + i] - mean) * s + bias[c];
    }
  }
}

#endif /* EDGEC_KERNELS_ELEMENTWISE_H */
