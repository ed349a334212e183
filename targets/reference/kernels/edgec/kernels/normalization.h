/* Reference normalization over trailing dims: ONNX LayerNormalization, and the core of
 * InstanceNormalization (its per-channel scale and bias follow as a channel affine). */
#ifndef EDGEC_KERNELS_NORMALIZATION_H
#define EDGEC_KERNELS_NORMALIZATION_H

#include <math.h>
#include <stddef.h>
#include <stdint.h>

/* For each of `outer` rows of `inner` contiguous elements:
 *   y = (x - mean) / sqrtf(var + epsilon) * scale[i] + bias[i]
 * with the mean and the population variance of the row (two passes, summed in double, so a
 * long row with a large mean loses nothing to cancellation), then rounded to float. scale
 * and bias have `inner` elements; NULL means 1 and 0. The arena is read twice and written
 * once per row; in-place safe (out may equal in). */
static inline void edgec_layer_norm_f32(int32_t outer, int32_t inner, float epsilon, const float* scale,
                                        const float* bias, const float* in, float* out) {
  int32_t o, i;
  for (o = 0; o < outer; ++o) {
    const float* x = in + (size_t)o * (size_t)inner;
    float* y = out + (size_t)o * (size_t)inner;
    double sum = 0.0, squares = 0.0;
    float mean, inv;
    for (i = 0; i < inner; ++i) sum += x[i];
    mean = inner > 0 ? (float)(sum / inner) : 0.0f;
    for (i = 0; i < inner; ++i) {
      const double d = (double)x[i] - mean;
      squares += d * d;
    }
    inv = 1.0f / sqrtf((inner > 0 ? (float)(squares / inner) : 0.0f) + epsilon);
    for (i = 0; i < inner; ++i) {
      float v = (x[i] - mean) * inv;
      if (scale) v *= scale[i];
      if (bias) v += bias[i];
      y[i] = v;
    }
  }
}

#endif
