/* Reference float32 convolution kernels (1-D..3-D, channels-last, grouped/depthwise/pointwise). */
#ifndef EDGEC_KERNELS_CONV_H
#define EDGEC_KERNELS_CONV_H

#include <stddef.h>
#include <stdint.h>

#include "edgec/kernels/spatial.h"
#include "edgec/runtime.h"

/* Layouts (all dense, row-major):
 *   input:  N, in_spatial..., Cin
 *   filter: Cout, kernel..., Cin/groups
 *   bias:   Cout, or NULL
 *   output: N, out_spatial..., Cout
 * Spatial dims beyond spatial_rank are ignored (treated as size 1). */
typedef struct {
  int32_t spatial_rank; /* 1..3 */
  int32_t batch, in_channels, out_channels, groups;
  int32_t in_spatial[3], out_spatial[3], kernel[3], stride[3], dilation[3], pad_begin[3];
  edgec_act act;
} edgec_conv_params;

static inline void edgec_conv_window(const edgec_conv_params* p, edgec_window* w) {
  edgec_window_init(w, p->spatial_rank, p->in_spatial, p->out_spatial, p->kernel, p->stride, p->dilation,
                    p->pad_begin);
}

/* General convolution: any groups, dilation, stride and padding. Padding taps contribute
 * 0. Every output is accumulated as bias, then taps in kernel order, then channels in
 * order, so results are deterministic and match the specialised kernels below. */
static inline void edgec_conv_f32(const edgec_conv_params* p, const float* input, const float* filter,
                                  const float* bias, float* output) {
  edgec_window w;
  int32_t cin_per_group, cout_per_group, n, pixel, oc, tap, ic;
  if (p->groups <= 0 || p->in_channels % p->groups != 0 || p->out_channels % p->groups != 0) return;
  edgec_conv_window(p, &w);
  cin_per_group = p->in_channels / p->groups;
  cout_per_group = p->out_channels / p->groups;
  for (n = 0; n < p->batch; ++n) {
    const float* in_image = input + (size_t)n * w.in_volume * p->in_channels;
    for (pixel = 0; pixel < w.out_volume; ++pixel) {
      float* out_pixel = output + ((size_t)n * w.out_volume + pixel) * p->out_channels;
      for (oc = 0; oc < p->out_channels; ++oc) {
        /* Channels of group g read input channels [g*cin_per_group, (g+1)*cin_per_group). */
        int32_t in_channel0 = (oc / cout_per_group) * cin_per_group;
        float acc = bias ? bias[oc] : 0.0f;
        for (tap = 0; tap < w.kernel_volume; ++tap) {
          int32_t in_pixel = edgec_window_tap_pixel(&w, pixel, tap);
          const float* x;
          const float* f;
          if (in_pixel < 0) continue;
          x = in_image + (size_t)in_pixel * p->in_channels + in_channel0;
          f = filter + ((size_t)oc * w.kernel_volume + tap) * cin_per_group;
          for (ic = 0; ic < cin_per_group; ++ic) acc += x[ic] * f[ic];
        }
        out_pixel[oc] = edgec_apply_act(&p->act, acc);
      }
    }
  }
}

/* Depthwise convolution: groups == in_channels, out_channels == groups * multiplier,
 * output channel oc reads input channel oc / multiplier (ONNX grouped-conv ordering).
 * Loops taps outside channels so the innermost loop walks contiguous channels. */
static inline void edgec_conv_depthwise_f32(const edgec_conv_params* p, const float* input, const float* filter,
                                            const float* bias, float* output) {
  edgec_window w;
  int32_t multiplier, n, pixel, oc, tap;
  if (p->in_channels <= 0 || p->groups != p->in_channels || p->out_channels % p->in_channels != 0) return;
  edgec_conv_window(p, &w);
  multiplier = p->out_channels / p->in_channels;
  for (n = 0; n < p->batch; ++n) {
    const float* in_image = input + (size_t)n * w.in_volume * p->in_channels;
    for (pixel = 0; pixel < w.out_volume; ++pixel) {
      float* out_pixel = output + ((size_t)n * w.out_volume + pixel) * p->out_channels;
      for (oc = 0; oc < p->out_channels; ++oc) out_pixel[oc] = bias ? bias[oc] : 0.0f;
      for (tap = 0; tap < w.kernel_volume; ++tap) {
        int32_t in_pixel = edgec_window_tap_pixel(&w, pixel, tap);
        const float* x;
        if (in_pixel < 0) continue;
        x = in_image + (size_t)in_pixel * p->in_channels;
        for (oc = 0; oc < p->out_channels; ++oc)
          out_pixel[oc] += x[oc / multiplier] * filter[(size_t)oc * w.kernel_volume + tap];
      }
      for (oc = 0; oc < p->out_channels; ++oc) out_pixel[oc] = edgec_apply_act(&p->act, out_pixel[oc]);
    }
  }
}

/* Pointwise (1x1, stride 1, no padding, groups 1) convolution. In channels-last layout
 * this is exactly a GEMM: output[pixels, Cout] = input[pixels, Cin] * filter[Cout, Cin]^T. */
static inline void edgec_conv_pointwise_f32(const edgec_conv_params* p, const float* input, const float* filter,
                                            const float* bias, float* output) {
  int32_t pixels, pixel, oc, ic;
  edgec_window w;
  edgec_conv_window(p, &w);
  pixels = p->batch * w.in_volume;
  for (pixel = 0; pixel < pixels; ++pixel) {
    const float* x = input + (size_t)pixel * p->in_channels;
    float* y = output + (size_t)pixel * p->out_channels;
    for (oc = 0; oc < p->out_channels; ++oc) {
      const float* f = filter + (size_t)oc * p->in_channels;
      float acc = bias ? bias[oc] : 0.0f;
      for (ic = 0; ic < p->in_channels; ++ic) acc += x[ic] * f[ic];
      y[oc] = edgec_apply_act(&p->act, acc);
    }
  }
}

#endif /* EDGEC_KERNELS_CONV_H */
