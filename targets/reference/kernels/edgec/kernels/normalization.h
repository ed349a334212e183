/* Reference normalization over trailing dims: ONNX LayerNormalization, and the core of
 * InstanceNormalization (its per-channel scale and bias follow as a channel affine). */
#ifndef EDGEC_KERNELS_NORMALIZATION_H
#define EDGEC_KERNELS_NORMALIZATION_H

#include <math.h>
#include <stddef.h>
#include <stdint.h>

/* For each of `outer` rows of `inner` contiguous elements:
 *   y = (x - mean) / sqrtf(var + epsilon) * scale[i] + bias[i]
 * with the mean and the population variance of the row. scale and bias have `inner` elements;
 * NULL means 1 and 0. The arena is read twice and written once per row; in-place safe (out may
 * equal in).
 * The same bits on every target, FMA contraction or not (an int8 model's float layer norm must
 * match the host's exactly): sums are taken in double of terms that are exact there (the
 * elements; float products, whose 48 significant bits fit), and every float product stands
 * alone, never next to an add a compiler could fuse it with. */
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
      const float d = x[i] - mean;
      squares += (double)d * (double)d;
    }
    inv = 1.0f / sqrtf((inner > 0 ? (float)(squares / inner) : 0.0f) + epsilon);
    for (i = 0; i < inner; ++i) {
      const float v = (x[i] - mean) * inv;
      const double scaled = scale ? (double)v * (double)scale[i] : (double)v;
      y[i] = (float)(bias ? scaled + (double)bias[i] : scaled);
    }
  }
}

#endif
