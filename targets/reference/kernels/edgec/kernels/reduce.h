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

#endif /* EDGEC_KERNELS_REDUCE_H */
