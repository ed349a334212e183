/* Reference float32 pooling kernels (max/average, windowed and global, channels-last). */
#ifndef EDGEC_KERNELS_POOL_H
#define EDGEC_KERNELS_POOL_H

#include <stddef.h>
#include <stdint.h>

#include "edgec/kernels/spatial.h"
#include "edgec/runtime.h"

/* Layouts: input N, in_spatial..., C; output N, out_spatial..., C (dense, row-major).
 * pad_end is needed only by average pooling with count_include_pad: with ceil_mode the
 * last window can extend past the end padding, and ONNX/onnxruntime do not count taps
 * beyond in + pad_end in the divisor. */
typedef struct {
  int32_t spatial_rank, batch, channels;
  int32_t in_spatial[3], out_spatial[3], kernel[3], stride[3], dilation[3], pad_begin[3];
  int32_t count_include_pad;
  edgec_act act;
  int32_t pad_end[3];
} edgec_pool_params;

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
 * count_include_pad the number of taps inside [-pad_begin, in + pad_end). */
static inline void edgec_avgpool_f32(const edgec_pool_params* p, const float* in, float* out) {
  edgec_window w;
  int32_t padded_lo[EDGEC_MAX_SPATIAL_RANK], padded_hi[EDGEC_MAX_SPATIAL_RANK];
  int32_t n, pixel, tap, c, d;
  edgec_pool_window(p, &w);
  for (d = 0; d < EDGEC_MAX_SPATIAL_RANK; ++d) {
    padded_lo[d] = -w.pad_begin[d];
    padded_hi[d] = w.in[d] + (d < p->spatial_rank ? p->pad_end[d] : 0);
  }
  for (n = 0; n < p->batch; ++n) {
    const float* in_image = in + (size_t)n * w.in_volume * p->channels;
    for (pixel = 0; pixel < w.out_volume; ++pixel) {
      float* y = out + ((size_t)n * w.out_volume + pixel) * p->channels;
      int32_t out_coord[EDGEC_MAX_SPATIAL_RANK];
      int32_t valid = 0, padded = 0, divisor;
      edgec_unravel(pixel, EDGEC_MAX_SPATIAL_RANK, w.out, out_coord);
      for (c = 0; c < p->channels; ++c) y[c] = 0.0f;
      for (tap = 0; tap < w.kernel_volume; ++tap) {
        int32_t in_coord[EDGEC_MAX_SPATIAL_RANK];
        int32_t in_pixel;
        const float* x;
        edgec_window_tap_coord(&w, out_coord, tap, in_coord);
        padded += edgec_coord_in_range(in_coord, padded_lo, padded_hi);
        in_pixel = edgec_window_input_pixel(&w, in_coord);
        if (in_pixel < 0) continue;
        ++valid;
        x = in_image + (size_t)in_pixel * p->channels;
        for (c = 0; c < p->channels; ++c) y[c] += x[c];
      }
      divisor = p->count_include_pad ? padded : valid;
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

#endif /* EDGEC_KERNELS_POOL_H */
