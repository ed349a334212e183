/* Reference float32 pooling kernels (max/average, windowed and global, channels-last). */
#ifndef EDGEC_KERNELS_POOL_H
#define EDGEC_KERNELS_POOL_H

#include <stddef.h>
#include <stdint.h>

#include "edgec/kernels/spatial.h"
#include "edgec/runtime.h"

/* Layouts: input N, in_spatial..., C; output N, out_spatial..., C (dense, row-major).
 * pad_end is informational (the geometry is fully given by out_spatial): average pooling
 * with count_include_pad divides by the whole kernel volume, taps beyond in + pad_end
 * (a ceil_mode window running past the end padding) included, as the ONNX reference
 * (onnx/reference/ops/op_pool_common.py) does. */
typedef struct {
  int32_t spatial_rank, batch, channels;
  int32_t in_spatial[3], out_spatial[3], kernel[3], stride[3], dilation[3], pad_begin[3];
  int32_t count_include_pad;
  edgec_act act;
  int32_t pad_end[3];
  int32_t storage_order; /* MaxPool Indices: 0 row-major spatial index, 1 column-major */
} edgec_pool_params;

/* The spatial part of a MaxPool index for `pixel` (row-major over in_spatial). */
static inline int64_t edgec_pool_spatial_index(const edgec_pool_params* p, int32_t pixel) {
  int64_t index = 0, stride = 1;
  int32_t d, coord[3];
  if (!p->storage_order) return pixel;
  for (d = p->spatial_rank - 1; d >= 0; --d) {
    coord[d] = pixel % p->in_spatial[d];
    pixel /= p->in_spatial[d];
  }
  for (d = 0; d < p->spatial_rank; ++d) {
    index += coord[d] * stride;
    stride *= p->in_spatial[d];
  }
  return index;
}

/* Lowest finite float: an output whose window is all padding yields this, as in
 * onnxruntime (which seeds max pooling with numeric_limits<float>::lowest()). */
#define EDGEC_FLOAT_LOWEST (-3.40282346638528859812e+38f)

static inline void edgec_pool_window(const edgec_pool_params* p, edgec_window* w) {
  edgec_window_init(w, p->spatial_rank, p->in_spatial, p->out_spatial, p->kernel, p->stride, p->dilation,
                    p->pad_begin);
}

/* Max pooling; padding taps are ignored rather than treated as 0. */
static inline void edgec_maxpool_f32(const edgec_pool_params* p, const float* in, float* out) {
  edgec_window w;
  int32_t n, pixel, tap, c;
  edgec_pool_window(p, &w);
  for (n = 0; n < p->batch; ++n) {
    const float* in_image = in + (size_t)n * w.in_volume * p->channels;
    for (pixel = 0; pixel < w.out_volume; ++pixel) {
      float* y = out + ((size_t)n * w.out_volume + pixel) * p->channels;
      for (c = 0; c < p->channels; ++c) y[c] = EDGEC_FLOAT_LOWEST;
      for (tap = 0; tap < w.kernel_volume; ++tap) {
        int32_t in_pixel = edgec_window_tap_pixel(&w, pixel, tap);
        const float* x;
        if (in_pixel < 0) continue;
        x = in_image + (size_t)in_pixel * p->channels;
        for (c = 0; c < p->channels; ++c)
          if (x[c] > y[c]) y[c] = x[c];
      }
      for (c = 0; c < p->channels; ++c) y[c] = edgec_apply_act(&p->act, y[c]);
    }
  }
}

/* Average pooling with ONNX divisor rules: the number of in-bounds taps, or with
 * count_include_pad the kernel volume. The latter is the ONNX reference's rule: it pads
 * the input with zeros up to what the last (ceil_mode) window needs and averages over
 * every tap of the window, so taps beyond in + pad_end count too. (onnxruntime instead
 * clips the divisor at in + pad_end; the two agree unless ceil_mode makes a window run
 * past the end padding.) */
static inline void edgec_avgpool_f32(const edgec_pool_params* p, const float* in, float* out) {
  edgec_window w;
  int32_t n, pixel, tap, c;
  edgec_pool_window(p, &w);
  for (n = 0; n < p->batch; ++n) {
    const float* in_image = in + (size_t)n * w.in_volume * p->channels;
    for (pixel = 0; pixel < w.out_volume; ++pixel) {
      float* y = out + ((size_t)n * w.out_volume + pixel) * p->channels;
      int32_t valid = 0, divisor;
      for (c = 0; c < p->channels; ++c) y[c] = 0.0f;
      for (tap = 0; tap < w.kernel_volume; ++tap) {
        const int32_t in_pixel = edgec_window_tap_pixel(&w, pixel, tap);
        const float* x;
        if (in_pixel < 0) continue;
        ++valid;
        x = in_image + (size_t)in_pixel * p->channels;
        for (c = 0; c < p->channels; ++c) y[c] += x[c];
      }
      divisor = p->count_include_pad ? w.kernel_volume : valid;
      /* A window made only of padding has nothing to average: emit 0, not NaN. */
      for (c = 0; c < p->channels; ++c)
        y[c] = edgec_apply_act(&p->act, divisor > 0 ? y[c] / (float)divisor : 0.0f);
    }
  }
}

/* Global pools reduce all spatial positions: in N, spatial_size, C -> out N, C.
 * Positions are the outer loop so the inner loop walks contiguous channels. */
static inline void edgec_global_avgpool_f32(int32_t batch, int32_t spatial_size, int32_t channels, const float* in,
                                            float* out) {
  int32_t n, s, c;
  for (n = 0; n < batch; ++n) {
    float* y = out + (size_t)n * channels;
    for (c = 0; c < channels; ++c) y[c] = 0.0f;
    for (s = 0; s < spatial_size; ++s) {
      const float* x = in + ((size_t)n * spatial_size + s) * channels;
      for (c = 0; c < channels; ++c) y[c] += x[c];
    }
    for (c = 0; c < channels; ++c) y[c] = spatial_size > 0 ? y[c] / (float)spatial_size : 0.0f;
  }
}

static inline void edgec_global_maxpool_f32(int32_t batch, int32_t spatial_size, int32_t channels, const float* in,
                                            float* out) {
  int32_t n, s, c;
  for (n = 0; n < batch; ++n) {
    float* y = out + (size_t)n * channels;
    for (c = 0; c < channels; ++c) y[c] = EDGEC_FLOAT_LOWEST;
    for (s = 0; s < spatial_size; ++s) {
      const float* x = in + ((size_t)n * spatial_size + s) * channels;
      for (c = 0; c < channels; ++c)
        if (x[c] > y[c]) y[c] = x[c];
    }
  }
}

/* Typed max pooling: edgec_maxpool_<T> for T in f64, i8, u8; as edgec_maxpool_f32
 * (padding taps ignored, NaN never selected, an all-padding window gives the type's
 * lowest value) but with no fused activation (p->act is ignored). */
#define EDGEC_DEFINE_MAXPOOL(SUF, T, LOWEST)                                                    \
  static inline void edgec_maxpool_##SUF(const edgec_pool_params* p, const T* in, T* out) {     \
    edgec_window w;                                                                             \
    int32_t n, pixel, tap, c;                                                                   \
    edgec_pool_window(p, &w);                                                                   \
    for (n = 0; n < p->batch; ++n) {                                                            \
      const T* in_image = in + (size_t)n * w.in_volume * p->channels;                           \
      for (pixel = 0; pixel < w.out_volume; ++pixel) {                                          \
        T* y = out + ((size_t)n * w.out_volume + pixel) * p->channels;                          \
        for (c = 0; c < p->channels; ++c) y[c] = (LOWEST);                                      \
        for (tap = 0; tap < w.kernel_volume; ++tap) {                                           \
          const int32_t in_pixel = edgec_window_tap_pixel(&w, pixel, tap);                      \
          const T* x;                                                                           \
          if (in_pixel < 0) continue;                                                           \
          x = in_image + (size_t)in_pixel * p->channels;                                        \
          for (c = 0; c < p->channels; ++c)                                                     \
            if (x[c] > y[c]) y[c] = x[c];                                                       \
        }                                                                                       \
      }                                                                                         \
    }                                                                                           \
  }

EDGEC_DEFINE_MAXPOOL(f64, double, -1.79769313486231570815e+308)
EDGEC_DEFINE_MAXPOOL(i8, int8_t, INT8_MIN)
EDGEC_DEFINE_MAXPOOL(u8, uint8_t, 0)

/* MaxPool with ONNX's second output, Indices. Values are exactly edgec_maxpool_f32's
 * (fused activation included). Buffers are channels-last (in: N, in_spatial..., C; out
 * and indices: N, out_spatial..., C), but each index is ONNX's (storage_order 0): the
 * flat row-major offset of the selected tap in the channels-first input tensor
 * (N, C, in_spatial...), e.g. ((n * C + c) * H + h) * W + w in 2-D. Ties go to the first
 * maximal tap in window order (as onnxruntime). A window with no in-bounds tap (all
 * padding) or only NaN taps gets the lowest float and index -1. */
static inline void edgec_maxpool_indices_f32(const edgec_pool_params* p, const float* in, float* out,
                                             int64_t* indices) {
  edgec_window w;
  int32_t n, pixel, tap, c;
  edgec_pool_window(p, &w);
  for (n = 0; n < p->batch; ++n) {
    const float* in_image = in + (size_t)n * w.in_volume * p->channels;
    for (pixel = 0; pixel < w.out_volume; ++pixel) {
      const size_t o = ((size_t)n * w.out_volume + pixel) * p->channels;
      float* y = out + o;
      int64_t* idx = indices + o;
      for (c = 0; c < p->channels; ++c) {
        y[c] = EDGEC_FLOAT_LOWEST;
        idx[c] = -1;
      }
      for (tap = 0; tap < w.kernel_volume; ++tap) {
        const int32_t in_pixel = edgec_window_tap_pixel(&w, pixel, tap);
        const float* x;
        if (in_pixel < 0) continue;
        x = in_image + (size_t)in_pixel * p->channels;
        for (c = 0; c < p->channels; ++c) {
          /* `idx < 0 && ==` lets a first tap equal to the seed (lowest float) win. */
          if (x[c] > y[c] || (idx[c] < 0 && x[c] == y[c])) {
            y[c] = x[c];
            idx[c] = ((int64_t)n * p->channels + c) * w.in_volume + edgec_pool_spatial_index(p, in_pixel);
          }
        }
      }
      for (c = 0; c < p->channels; ++c) y[c] = edgec_apply_act(&p->act, y[c]);
    }
  }
}

#endif /* EDGEC_KERNELS_POOL_H */
