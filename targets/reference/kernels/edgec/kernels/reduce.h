/* Reference float32 reductions (ONNX Reduce{Sum,Mean,Max,Min,Prod,L1,L2,LogSum,LogSumExp,SumSquare}). */
#ifndef EDGEC_KERNELS_REDUCE_H
#define EDGEC_KERNELS_REDUCE_H

#include <math.h>
#include <stddef.h>
#include <stdint.h>

#include "edgec/kernels/strided.h"

typedef enum {
  EDGEC_REDUCE_SUM = 0,
  EDGEC_REDUCE_MEAN = 1,
  EDGEC_REDUCE_MAX = 2,
  EDGEC_REDUCE_MIN = 3,
  EDGEC_REDUCE_PROD = 4,
  EDGEC_REDUCE_L1 = 5,
  EDGEC_REDUCE_L2 = 6,
  EDGEC_REDUCE_LOG_SUM = 7,
  EDGEC_REDUCE_LOG_SUM_EXP = 8,
  EDGEC_REDUCE_SUM_SQUARE = 9
} edgec_reduce_op;

/* Output is the input shape with every reduced dim set to 1 (keepdims layout; dropping
 * the 1s is a free reshape). A reduce_mask of 0 reduces over the empty set of axes, i.e.
 * each output is the op applied to one element (|x| for L1, x*x for SUM_SQUARE, ...);
 * ONNX noop_with_empty_axes is the compiler's business. An empty reduction gives the
 * ONNX identity: 0 for sums, NaN for mean, -inf for max/log-sum/log-sum-exp, +inf for min,
 * 1 for prod. Values are accumulated in float in row-major index order. */
typedef struct {
  int32_t rank; /* 0..8 */
  int32_t in_shape[8];
  int32_t reduce_mask; /* bit d set: dim d reduced */
  int32_t op;
} edgec_reduce_params;

static inline void edgec_reduce_f32(const edgec_reduce_params* p, const float* in, float* out) {
  const int32_t rank = p->rank;
  int32_t in_stride[8], out_shape[8], kept_stride[8], red_shape[8], red_stride[8];
  int32_t d, nred = 0, out_count, red_count, o, r;
  if (rank < 0 || rank > 8) return;
  if (rank > 0) in_stride[rank - 1] = 1;
  for (d = rank - 2; d >= 0; --d) in_stride[d] = in_stride[d + 1] * p->in_shape[d + 1];
  for (d = 0; d < rank; ++d) {
    const int reduced = (p->reduce_mask >> d) & 1;
    out_shape[d] = reduced ? 1 : p->in_shape[d];
    kept_stride[d] = reduced ? 0 : in_stride[d];
    if (reduced) {
      red_shape[nred] = p->in_shape[d];
      red_stride[nred] = in_stride[d];
      ++nred;
    }
  }
  out_count = edgec_volume(rank, out_shape);
  red_count = edgec_volume(nred, red_shape);
  for (o = 0; o < out_count; ++o) {
    const float* x = in + edgec_strided_offset(o, rank, out_shape, kept_stride);
    float acc;
    switch (p->op) {
      case EDGEC_REDUCE_MAX: acc = -INFINITY; break;
      case EDGEC_REDUCE_MIN: acc = INFINITY; break;
      case EDGEC_REDUCE_PROD: acc = 1.0f; break;
      default: acc = 0.0f; break;
    }
    if (p->op == EDGEC_REDUCE_LOG_SUM_EXP) {
      /* log(sum(exp(x - m))) + m with m the largest finite element, for stability. */
      float m = -INFINITY;
      for (r = 0; r < red_count; ++r) {
        const float v = x[edgec_strided_offset(r, nred, red_shape, red_stride)];
        if (isfinite(v) && v > m) m = v;
      }
      if (m == -INFINITY) m = 0.0f; /* no finite element: plain log(sum(exp(x))) */
      for (r = 0; r < red_count; ++r) acc += expf(x[edgec_strided_offset(r, nred, red_shape, red_stride)] - m);
      out[o] = logf(acc) + m;
      continue;
    }
    for (r = 0; r < red_count; ++r) {
      const float v = x[edgec_strided_offset(r, nred, red_shape, red_stride)];
      switch (p->op) {
        /* NaN propagates through max/min like numpy and onnxruntime. */
        case EDGEC_REDUCE_MAX: acc = (v > acc || v != v) ? v : acc; break;
        case EDGEC_REDUCE_MIN: acc = (v < acc || v != v) ? v : acc; break;
        case EDGEC_REDUCE_PROD: acc *= v; break;
        case EDGEC_REDUCE_L1: acc += fabsf(v); break;
        case EDGEC_REDUCE_L2:
        case EDGEC_REDUCE_SUM_SQUARE: acc += v * v; break;
        default: acc += v; break;
      }
      if (acc != acc && (p->op == EDGEC_REDUCE_MAX || p->op == EDGEC_REDUCE_MIN)) break;
    }
    switch (p->op) {
      case EDGEC_REDUCE_MEAN: acc = red_count > 0 ? acc / (float)red_count : NAN; break;
      case EDGEC_REDUCE_L2: acc = sqrtf(acc); break;
      case EDGEC_REDUCE_LOG_SUM: acc = logf(acc); break;
      default: break;
    }
    out[o] = acc;
  }
}

/* ---------------------------------------------------------------------------------------
 * Typed reductions: edgec_reduce_<T> for T in f64, i32, i64, u8, i8 (same params and
 * layout as edgec_reduce_f32). The index walk is edgec_reduce_walk, written once; the
 * per-type part is only how values are accumulated.
 *
 * f64: exactly the float algorithm in double (same identities, NaN rules, stable
 *      log-sum-exp).
 * Integers: SUM / PROD / L1 (sum |x|) / SUM_SQUARE (sum x*x) wrap modulo 2^bits (done in
 *      uint64_t, no UB); MEAN is that wrapped sum divided by the count, truncating
 *      toward zero (numpy's mean(dtype=T), which the ONNX reference uses); MAX / MIN
 *      are exact. L2, LOG_SUM and LOG_SUM_EXP are computed in
 *      double and converted back rounding toward zero, saturating (NaN -> 0).
 *      Empty reductions: sum-like 0, PROD 1, MAX the type's lowest, MIN its highest,
 *      MEAN 0 (no NaN in integers), LOG_SUM / LOG_SUM_EXP log(0) = -inf -> lowest.
 * ------------------------------------------------------------------------------------- */

/* Geometry of a reduction: output o reads elements base(o) + offset(r), r < red_count. */
typedef struct {
  int32_t rank, nred, out_count, red_count;
  int32_t out_shape[8], kept_stride[8], red_shape[8], red_stride[8];
} edgec_reduce_walk;

/* Returns 0 (and does nothing) for an invalid rank. */
static inline int edgec_reduce_walk_init(const edgec_reduce_params* p, edgec_reduce_walk* w) {
  int32_t in_stride[8];
  int32_t d;
  w->rank = p->rank;
  w->nred = 0;
  if (p->rank < 0 || p->rank > 8) return 0;
  if (p->rank > 0) in_stride[p->rank - 1] = 1;
  for (d = p->rank - 2; d >= 0; --d) in_stride[d] = in_stride[d + 1] * p->in_shape[d + 1];
  for (d = 0; d < p->rank; ++d) {
    const int reduced = (p->reduce_mask >> d) & 1;
    w->out_shape[d] = reduced ? 1 : p->in_shape[d];
    w->kept_stride[d] = reduced ? 0 : in_stride[d];
    if (reduced) {
      w->red_shape[w->nred] = p->in_shape[d];
      w->red_stride[w->nred] = in_stride[d];
      ++w->nred;
    }
  }
  w->out_count = edgec_volume(p->rank, w->out_shape);
  w->red_count = edgec_volume(w->nred, w->red_shape);
  return 1;
}

static inline int32_t edgec_reduce_walk_base(const edgec_reduce_walk* w, int32_t o) {
  return edgec_strided_offset(o, w->rank, w->out_shape, w->kept_stride);
}

static inline int32_t edgec_reduce_walk_offset(const edgec_reduce_walk* w, int32_t r) {
  return edgec_strided_offset(r, w->nred, w->red_shape, w->red_stride);
}

static inline void edgec_reduce_f64(const edgec_reduce_params* p, const double* in, double* out) {
  edgec_reduce_walk w;
  int32_t o, r;
  if (!edgec_reduce_walk_init(p, &w)) return;
  for (o = 0; o < w.out_count; ++o) {
    const double* x = in + edgec_reduce_walk_base(&w, o);
    double acc;
    switch (p->op) {
      case EDGEC_REDUCE_MAX: acc = -INFINITY; break;
      case EDGEC_REDUCE_MIN: acc = INFINITY; break;
      case EDGEC_REDUCE_PROD: acc = 1.0; break;
      default: acc = 0.0; break;
    }
    if (p->op == EDGEC_REDUCE_LOG_SUM_EXP) {
      double m = -INFINITY;
      for (r = 0; r < w.red_count; ++r) {
        const double v = x[edgec_reduce_walk_offset(&w, r)];
        if (isfinite(v) && v > m) m = v;
      }
      if (m == -INFINITY) m = 0.0;
      for (r = 0; r < w.red_count; ++r) acc += exp(x[edgec_reduce_walk_offset(&w, r)] - m);
      out[o] = log(acc) + m;
      continue;
    }
    for (r = 0; r < w.red_count; ++r) {
      const double v = x[edgec_reduce_walk_offset(&w, r)];
      switch (p->op) {
        case EDGEC_REDUCE_MAX: acc = (v > acc || v != v) ? v : acc; break;
        case EDGEC_REDUCE_MIN: acc = (v < acc || v != v) ? v : acc; break;
        case EDGEC_REDUCE_PROD: acc *= v; break;
        case EDGEC_REDUCE_L1: acc += fabs(v); break;
        case EDGEC_REDUCE_L2:
        case EDGEC_REDUCE_SUM_SQUARE: acc += v * v; break;
        default: acc += v; break;
      }
      if (acc != acc && (p->op == EDGEC_REDUCE_MAX || p->op == EDGEC_REDUCE_MIN)) break;
    }
    switch (p->op) {
      case EDGEC_REDUCE_MEAN: acc = w.red_count > 0 ? acc / (double)w.red_count : NAN; break;
      case EDGEC_REDUCE_L2: acc = sqrt(acc); break;
      case EDGEC_REDUCE_LOG_SUM: acc = log(acc); break;
      default: break;
    }
    out[o] = acc;
  }
}

/* double -> int64 in [lo, hi], truncating toward zero, saturating, NaN -> 0. */
static inline int64_t edgec_reduce_double_to_int(double x, int64_t lo, int64_t hi) {
  if (x != x) return 0;
  if (x <= (double)lo) return lo;
  if (x >= 9223372036854775808.0 || x >= (double)hi) return hi;
  return (int64_t)x;
}

/* Reduce op over int64-widened values; `wrap` narrows a 2^64-modular result to T. */
#define EDGEC_DEFINE_REDUCE_INT(SUF, T, TMIN, TMAX, BITS)                                              \
  static inline T edgec_reduce_wrap_##SUF(uint64_t v) {                                                \
    const uint64_t mask = (BITS) >= 64 ? ~(uint64_t)0 : (((uint64_t)1 << ((BITS) & 63)) - 1);          \
    v &= mask;                                                                                         \
    if (v <= (uint64_t)(TMAX)) return (T)v;                                                            \
    return (T)(-(T)(mask - v) - 1);                                                                    \
  }                                                                                                    \
  static inline void edgec_reduce_##SUF(const edgec_reduce_params* p, const T* in, T* out) {          \
    edgec_reduce_walk w;                                                                               \
    int32_t o, r;                                                                                      \
    if (!edgec_reduce_walk_init(p, &w)) return;                                                        \
    for (o = 0; o < w.out_count; ++o) {                                                                \
      const T* x = in + edgec_reduce_walk_base(&w, o);                                                 \
      uint64_t acc = p->op == EDGEC_REDUCE_PROD ? 1u : 0u; /* wrapping sums and products */            \
      T best = p->op == EDGEC_REDUCE_MIN ? (T)(TMAX) : (T)(TMIN);                                      \
      double facc = 0.0, fmax = -INFINITY, fres;                                                       \
      for (r = 0; r < w.red_count; ++r) {                                                              \
        const T v = x[edgec_reduce_walk_offset(&w, r)];                                                \
        const int64_t sv = (int64_t)v;                                                                 \
        const uint64_t uv = (uint64_t)sv;                                                              \
        switch (p->op) {                                                                               \
          case EDGEC_REDUCE_MAX: best = v > best ? v : best; break;                                    \
          case EDGEC_REDUCE_MIN: best = v < best ? v : best; break;                                    \
          case EDGEC_REDUCE_PROD: acc *= uv; break;                                                    \
          case EDGEC_REDUCE_L1: acc += sv < 0 ? (uint64_t)0 - uv : uv; break;                          \
          case EDGEC_REDUCE_SUM_SQUARE: acc += uv * uv; break;                                         \
          case EDGEC_REDUCE_L2: facc += (double)sv * (double)sv; break;                                \
          case EDGEC_REDUCE_LOG_SUM: facc += (double)sv; break;                                        \
          case EDGEC_REDUCE_LOG_SUM_EXP: fmax = (double)sv > fmax ? (double)sv : fmax; break;          \
          default: acc += uv; break; /* SUM, MEAN */                                                   \
        }                                                                                              \
      }                                                                                                \
      switch (p->op) {                                                                                 \
        case EDGEC_REDUCE_MAX:                                                                         \
        case EDGEC_REDUCE_MIN: out[o] = best; break;                                                   \
        case EDGEC_REDUCE_MEAN: /* (wrapped T sum) / count, truncating: fits T, no overflow */       \
          out[o] = w.red_count > 0 ? (T)((int64_t)edgec_reduce_wrap_##SUF(acc) / (int64_t)w.red_count) \
                                   : (T)0;                                                             \
          break;                                                                                       \
        case EDGEC_REDUCE_L2:                                                                          \
        case EDGEC_REDUCE_LOG_SUM:                                                                     \
        case EDGEC_REDUCE_LOG_SUM_EXP:                                                                 \
          if (p->op == EDGEC_REDUCE_L2) {                                                              \
            fres = sqrt(facc);                                                                         \
          } else if (p->op == EDGEC_REDUCE_LOG_SUM) {                                                  \
            fres = log(facc);                                                                          \
          } else {                                                                                     \
            if (fmax == -INFINITY) fmax = 0.0; /* empty: log(0) = -inf */                              \
            for (r = 0; r < w.red_count; ++r)                                                          \
              facc += exp((double)(int64_t)x[edgec_reduce_walk_offset(&w, r)] - fmax);                 \
            fres = log(facc) + fmax;                                                                   \
          }                                                                                            \
          out[o] = (T)edgec_reduce_double_to_int(fres, (TMIN), (TMAX));                                \
          break;                                                                                       \
        default: out[o] = edgec_reduce_wrap_##SUF(acc); break;                                         \
      }                                                                                                \
    }                                                                                                  \
  }

EDGEC_DEFINE_REDUCE_INT(i32, int32_t, INT32_MIN, INT32_MAX, 32)
EDGEC_DEFINE_REDUCE_INT(i64, int64_t, INT64_MIN, INT64_MAX, 64)
EDGEC_DEFINE_REDUCE_INT(u8, uint8_t, 0, UINT8_MAX, 8)
EDGEC_DEFINE_REDUCE_INT(i8, int8_t, INT8_MIN, INT8_MAX, 8)
EDGEC_DEFINE_REDUCE_INT(i16, int16_t, INT16_MIN, INT16_MAX, 16)
EDGEC_DEFINE_REDUCE_INT(u16, uint16_t, 0, UINT16_MAX, 16)
EDGEC_DEFINE_REDUCE_INT(u32, uint32_t, 0, UINT32_MAX, 32)
EDGEC_DEFINE_REDUCE_INT(u64, uint64_t, 0, UINT64_MAX, 64)

#endif /* EDGEC_KERNELS_REDUCE_H */
