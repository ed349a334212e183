/* Reference float32 Softmax and LogSoftmax along one axis. */
#ifndef EDGEC_KERNELS_SOFTMAX_H
#define EDGEC_KERNELS_SOFTMAX_H

#include <math.h>
#include <stddef.h>
#include <stdint.h>

/* Layout [outer, axis_size, inner]: the reduced elements of one softmax "row" are
 * `inner` apart. Both kernels subtract the row maximum before exponentiating so large
 * logits cannot overflow expf, and are in-place safe (each element is read before
 * the same position is written). */

static inline float edgec_softmax_row_max(const float* x, int32_t axis_size, int32_t inner) {
  float m = x[0];
  int32_t a;
  for (a = 1; a < axis_size; ++a)
    if (x[(size_t)a * inner] > m) m = x[(size_t)a * inner];
  return m;
}

static inline void edgec_softmax_f32(int32_t outer, int32_t axis_size, int32_t inner, const float* in, float* out) {
  int32_t o, i, a;
  if (axis_size <= 0) return;
  for (o = 0; o < outer; ++o) {
    for (i = 0; i < inner; ++i) {
      const size_t base = (size_t)o * axis_size * inner + i;
      const float m = edgec_softmax_row_max(in + base, axis_size, inner);
      float sum = 0.0f;
      for (a = 0; a < axis_size; ++a) {
        const float e = expf(in[base + (size_t)a * inner] - m);
        out[base + (size_t)a * inner] = e;
        sum += e;
      }
      /* sum >= 1 because the maximum contributes expf(0) = 1, so no division by zero. */
      for (a = 0; a < axis_size; ++a) out[base + (size_t)a * inner] /= sum;
    }
  }
}

static inline void edgec_log_softmax_f32(int32_t outer, int32_t axis_size, int32_t inner, const float* in,
                                         float* out) {
  int32_t o, i, a;
  if (axis_size <= 0) return;
  for (o = 0; o < outer; ++o) {
    for (i = 0; i < inner; ++i) {
      const size_t base = (size_t)o * axis_size * inner + i;
      const float m = edgec_softmax_row_max(in + base, axis_size, inner);
      float sum = 0.0f;
      float log_sum;
      for (a = 0; a < axis_size; ++a) sum += expf(in[base + (size_t)a * inner] - m);
      /* log_softmax(x) = x - max - log(sum(exp(x - max))): exact even when exp underflows. */
      log_sum = logf(sum);
      for (a = 0; a < axis_size; ++a)
        out[base + (size_t)a * inner] = in[base + (size_t)a * inner] - m - log_sum;
    }
  }
}

#endif /* EDGEC_KERNELS_SOFTMAX_H */
