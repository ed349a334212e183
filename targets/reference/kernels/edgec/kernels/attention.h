/* Reference scaled dot-product attention: out = softmax(scale * q k^T) v over `batch` independent
 * [lq, d] x [lk, d] x [lk, dv] problems, one query row at a time, so the only scratch is one row
 * of lk scores (no lq x lk matrix in the arena). The softmax is edgec_softmax_f32's: subtract the
 * row maximum, expf, divide each by the sum. */
#ifndef EDGEC_KERNELS_ATTENTION_H
#define EDGEC_KERNELS_ATTENTION_H

#include <math.h>
#include <stddef.h>
#include <stdint.h>

static inline void edgec_attention_f32(int32_t batch, int32_t lq, int32_t lk, int32_t d, int32_t dv, float scale,
                                       const float* q, const float* k, const float* v, float* scores, float* out) {
  int32_t b, i, j, t, c;
  for (b = 0; b < batch; ++b) {
    const float* kb = k + (size_t)b * (size_t)lk * (size_t)d;
    const float* vb = v + (size_t)b * (size_t)lk * (size_t)dv;
    for (i = 0; i < lq; ++i) {
      const float* qi = q + ((size_t)b * (size_t)lq + (size_t)i) * (size_t)d;
      float* o = out + ((size_t)b * (size_t)lq + (size_t)i) * (size_t)dv;
      float m = -INFINITY, sum = 0.0f;
      for (j = 0; j < lk; ++j) {
        const float* kj = kb + (size_t)j * (size_t)d;
        float s = 0.0f;
        for (t = 0; t < d; ++t) s += qi[t] * kj[t];
        scores[j] = s * scale;
        if (scores[j] > m) m = scores[j];
      }
      for (j = 0; j < lk; ++j) {
        scores[j] = expf(scores[j] - m);
        sum += scores[j];
      }
      for (c = 0; c < dv; ++c) o[c] = 0.0f;
      /* sum >= 1: the maximum contributes expf(0). */
      for (j = 0; j < lk; ++j) {
        const float p = scores[j] / sum;
        const float* vj = vb + (size_t)j * (size_t)dv;
        for (c = 0; c < dv; ++c) o[c] += p * vj[c];
      }
    }
  }
}

#endif
