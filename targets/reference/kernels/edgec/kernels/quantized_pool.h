/* Reference int8 pooling kernels (TFLM semantics): max, average and global average, channels-last. */
#ifndef EDGEC_KERNELS_QUANTIZED_POOL_H
#define EDGEC_KERNELS_QUANTIZED_POOL_H

#include <stddef.h>
#include <stdint.h>

#include "edgec/kernels/pool.h"
#include "edgec/kernels/requant.h"

/* Geometry is edgec_pool_params' (pool.h); its act is ignored: act_min/act_max clamp in the
 * integer domain. Input and output share scale and zero point, so no rescaling happens. */

/* Max over the in-bounds taps (padding ignored); a window of padding only gives INT8_MIN
 * before the clamp. */
static inline void edgec_maxpool_s8(const edgec_pool_params* p, int32_t act_min, int32_t act_max, const int8_t* in,
                                    int8_t* out) {
  const size_t total = (size_t)p->batch * (size_t)edgec_volume(p->spatial_rank, p->out_spatial) * (size_t)p->channels;
  size_t i;
  edgec_maxpool_i8(p, in, out);
  for (i = 0; i < total; ++i) {
    const int32_t v = out[i];
    out[i] = (int8_t)(v < act_min ? act_min : (v > act_max ? act_max : v));
  }
}

/* TFLM AveragePool rounding: sum over the window, divided by count with the quotient
 * rounded half away from zero. count = the in-bounds taps, or with count_include_pad the
 * kernel volume, the padded taps then adding `zero_point` each (they hold the encoding of
 * 0.0). A window with nothing to average gives zero_point (0.0, as the float kernel).
 * EDGEC_QPOOL__DEFINE_AVG(SUF, T) defines edgec_qpool__avgpool_SUF for T input and output
 * (int32 sums, exact for kernel volumes below 2^15 with int16): edgec_avgpool_s8 and the
 * int16 edgec_avgpool_mixed (quantized_mixed.h). */
#define EDGEC_QPOOL__DEFINE_AVG(SUF, T)                                                                               \
  static inline void edgec_qpool__avgpool_##SUF(const edgec_pool_params* p, int32_t act_min, int32_t act_max,        \
                                                int32_t zero_point, const T* in, T* out) {                           \
    edgec_window w;                                                                                                  \
    int32_t n, pixel, tap;                                                                                           \
    edgec_pool_window(p, &w);                                                                                        \
    for (n = 0; n < p->batch; ++n) {                                                                                 \
      const T* in_image = in + (size_t)n * w.in_volume * p->channels;                                                \
      for (pixel = 0; pixel < w.out_volume; ++pixel) {                                                               \
        T* y = out + ((size_t)n * w.out_volume + pixel) * p->channels;                                               \
        int32_t c0, j;                                                                                               \
        /* Channels in chunks so the sums stay in a small stack array. */                                           \
        for (c0 = 0; c0 < p->channels; c0 += 16) {                                                                   \
          const int32_t m = p->channels - c0 < 16 ? p->channels - c0 : 16;                                           \
          int32_t sum[16];                                                                                           \
          int32_t valid = 0, count;                                                                                  \
          for (j = 0; j < m; ++j) sum[j] = 0;                                                                        \
          for (tap = 0; tap < w.kernel_volume; ++tap) {                                                              \
            const int32_t in_pixel = edgec_window_tap_pixel(&w, pixel, tap);                                         \
            const T* x;                                                                                              \
            if (in_pixel < 0) continue;                                                                              \
            ++valid;                                                                                                 \
            x = in_image + (size_t)in_pixel * p->channels + c0;                                                      \
            for (j = 0; j < m; ++j) sum[j] += x[j];                                                                  \
          }                                                                                                          \
          count = p->count_include_pad ? w.kernel_volume : valid;                                                    \
          for (j = 0; j < m; ++j) {                                                                                  \
            int32_t v;                                                                                               \
            if (count <= 0) {                                                                                        \
              v = zero_point;                                                                                        \
            } else {                                                                                                 \
              const int32_t s = sum[j] + (count - valid) * zero_point;                                               \
              v = s > 0 ? (s + count / 2) / count : (s - count / 2) / count;                                         \
            }                                                                                                        \
            y[c0 + j] = (T)(v < act_min ? act_min : (v > act_max ? act_max : v));                                    \
          }                                                                                                          \
        }                                                                                                            \
      }                                                                                                              \
    }                                                                                                                \
  }

EDGEC_QPOOL__DEFINE_AVG(i8, int8_t)
EDGEC_QPOOL__DEFINE_AVG(i16, int16_t)

static inline void edgec_avgpool_s8(const edgec_pool_params* p, int32_t act_min, int32_t act_max,
                                    int32_t zero_point, const int8_t* in, int8_t* out) {
  edgec_qpool__avgpool_i8(p, act_min, act_max, zero_point, in, out);
}

/* in: batch, pixels, channels -> out: batch, channels.
 * out = clamp(requantize(sum over pixels of (x + input_offset)) + output_offset): the
 * compiler folds 1 / pixels (and any rescale) into the per-tensor multiplier. */
static inline void edgec_global_avgpool_s8(int32_t batch, int32_t pixels, int32_t channels,
                                           const edgec_requant_params* q, const int8_t* in, int8_t* out) {
  int32_t n, s, c0, j;
  for (n = 0; n < batch; ++n)
    for (c0 = 0; c0 < channels; c0 += 16) {
      const int32_t m = channels - c0 < 16 ? channels - c0 : 16;
      int32_t acc[16];
      for (j = 0; j < m; ++j) acc[j] = 0;
      for (s = 0; s < pixels; ++s) {
        const int8_t* x = in + ((size_t)n * pixels + s) * channels + c0;
        for (j = 0; j < m; ++j) acc[j] += x[j] + q->input_offset;
      }
      for (j = 0; j < m; ++j) out[(size_t)n * channels + c0 + j] = (int8_t)edgec_requant_output(q, 0, acc[j]);
    }
}

#endif /* EDGEC_KERNELS_QUANTIZED_POOL_H */
