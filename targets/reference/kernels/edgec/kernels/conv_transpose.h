/* Reference float32 transposed convolution (ONNX ConvTranspose), 1-D..3-D, channels-last. */
#ifndef EDGEC_KERNELS_CONV_TRANSPOSE_H
#define EDGEC_KERNELS_CONV_TRANSPOSE_H

#include <stddef.h>
#include <stdint.h>

#include "edgec/kernels/conv.h"
#include "edgec/kernels/spatial.h"
#include "edgec/kernels/strided.h"
#include "edgec/runtime.h"

/* Layouts (all dense, row-major):
 *   input:  N, in_spatial..., Cin
 *   filter: Cin, kernel..., Cout/groups      (ONNX ConvTranspose weight order, channels kept)
 *   bias:   Cout, or NULL
 *   output: N, out_spatial..., Cout
 * p->pad_begin is the ONNX begin pad and p->out_spatial the final output size (output_padding,
 * output_shape and end pads already resolved by the compiler). Input pixel i and tap k feed
 * output pixel o = i * stride - pad_begin + k * dilation; outputs no pair reaches get bias only.
 *
 * Implemented in gather form: each output is bias, then taps in kernel order, then input
 * channels in order, so accumulation is deterministic and the activation is applied once. */
/* The common upsampling form: one group, kernel == stride, no dilation, no padding, and an
 * output exactly stride x the input. Every output pixel then has exactly one tap (o = i *
 * stride + k), so the kernel walks input pixels and taps instead of solving for them; each
 * output is still bias, then its input channels in order (the gather order above). */
static inline int edgec_conv_transpose__upsample(const edgec_conv_params* p, const edgec_window* w,
                                                 const float* input, const float* filter, const float* bias,
                                                 float* output) {
  const int32_t cin = p->in_channels, cout = p->out_channels;
  int32_t d, n, i0, i1, i2, k0, k1, k2, co, c, l;
  if (p->groups != 1) return 0;
  for (d = 0; d < EDGEC_MAX_SPATIAL_RANK; ++d)
    if (w->kernel[d] != w->stride[d] || w->dilation[d] != 1 || w->pad_begin[d] != 0 ||
        w->out[d] != w->in[d] * w->stride[d])
      return 0;
  for (n = 0; n < p->batch; ++n)
    for (i0 = 0; i0 < w->in[0]; ++i0)
      for (i1 = 0; i1 < w->in[1]; ++i1)
        for (i2 = 0; i2 < w->in[2]; ++i2) {
          const float* x = input + (((size_t)n * w->in[0] + i0) * w->in[1] + i1) * w->in[2] * cin + (size_t)i2 * cin;
          int32_t tap = 0;
          for (k0 = 0; k0 < w->kernel[0]; ++k0)
            for (k1 = 0; k1 < w->kernel[1]; ++k1)
              for (k2 = 0; k2 < w->kernel[2]; ++k2, ++tap) {
                const int32_t o0 = i0 * w->stride[0] + k0, o1 = i1 * w->stride[1] + k1, o2 = i2 * w->stride[2] + k2;
                float* y = output + ((((size_t)n * w->out[0] + o0) * w->out[1] + o1) * w->out[2] + o2) * cout;
                const float* f = filter + (size_t)tap * cout;
                const size_t f_step = (size_t)w->kernel_volume * cout;
                for (co = 0; co + 8 <= cout; co += 8) {
                  float t[8];
                  for (l = 0; l < 8; ++l) t[l] = bias ? bias[co + l] : 0.0f;
                  for (c = 0; c < cin; ++c) {
                    const float xv = x[c];
                    const float* fc = f + (size_t)c * f_step + co;
                    for (l = 0; l < 8; ++l) t[l] += xv * fc[l];
                  }
                  EDGEC_APPLY_ACT_N(&p->act, t, 8);
                  for (l = 0; l < 8; ++l) y[co + l] = t[l];
                }
                for (; co < cout; ++co) {
                  float acc = bias ? bias[co] : 0.0f;
                  for (c = 0; c < cin; ++c) acc += x[c] * f[(size_t)c * f_step + co];
                  y[co] = edgec_apply_act(&p->act, acc);
                }
              }
        }
  return 1;
}

static inline void edgec_conv_transpose_f32(const edgec_conv_params* p, const float* input, const float* filter,
                                            const float* bias, float* output) {
  edgec_window w; /* in/out/kernel/stride/dilation/pad normalised to three spatial dims */
  int32_t cin_per_group, cout_per_group, n, pixel, oc, tap, ic, d;
  if (p->groups <= 0 || p->in_channels % p->groups != 0 || p->out_channels % p->groups != 0) return;
  if (p->spatial_rank < 1 || p->spatial_rank > EDGEC_MAX_SPATIAL_RANK) return;
  edgec_conv_window(p, &w);
  for (d = 0; d < EDGEC_MAX_SPATIAL_RANK; ++d)
    if (w.stride[d] <= 0) return;
  if (edgec_conv_transpose__upsample(p, &w, input, filter, bias, output)) return;
  cin_per_group = p->in_channels / p->groups;
  cout_per_group = p->out_channels / p->groups;
  for (n = 0; n < p->batch; ++n) {
    const float* in_image = input + (size_t)n * w.in_volume * p->in_channels;
    for (pixel = 0; pixel < w.out_volume; ++pixel) {
      float* out_pixel = output + ((size_t)n * w.out_volume + pixel) * p->out_channels;
      int32_t o[EDGEC_MAX_SPATIAL_RANK];
      edgec_unravel(pixel, EDGEC_MAX_SPATIAL_RANK, w.out, o);
      for (oc = 0; oc < p->out_channels; ++oc) out_pixel[oc] = bias ? bias[oc] : 0.0f;
      for (tap = 0; tap < w.kernel_volume; ++tap) {
        int32_t k[EDGEC_MAX_SPATIAL_RANK];
        int32_t in_pixel = 0, hit = 1;
        edgec_unravel(tap, EDGEC_MAX_SPATIAL_RANK, w.kernel, k);
        /* Solve o = i * stride - pad + k * dilation for an integer, in-range i. */
        for (d = 0; d < EDGEC_MAX_SPATIAL_RANK; ++d) {
          const int32_t num = o[d] + w.pad_begin[d] - k[d] * w.dilation[d];
          int32_t i;
          if (num < 0 || num % w.stride[d] != 0) {
            hit = 0;
            break;
          }
          i = num / w.stride[d];
          if (i >= w.in[d]) {
            hit = 0;
            break;
          }
          in_pixel = in_pixel * w.in[d] + i;
        }
        if (!hit) continue;
        {
          /* Blocks of 8 output channels of one group accumulate in a local array (each
           * output still adds its products in input-channel order); the rest one by one. */
          const float* x = in_image + (size_t)in_pixel * p->in_channels;
          const size_t f_step = (size_t)w.kernel_volume * cout_per_group;
          int32_t g, co, l;
          for (g = 0; g < p->groups; ++g) {
            const float* xg = x + (size_t)g * cin_per_group;
            const float* fg = filter + ((size_t)g * cin_per_group * w.kernel_volume + tap) * cout_per_group;
            float* yg = out_pixel + (size_t)g * cout_per_group;
            for (co = 0; co + 8 <= cout_per_group; co += 8) {
              float t[8];
              for (l = 0; l < 8; ++l) t[l] = yg[co + l];
              for (ic = 0; ic < cin_per_group; ++ic) {
                const float xv = xg[ic];
                const float* f = fg + (size_t)ic * f_step + co;
                for (l = 0; l < 8; ++l) t[l] += xv * f[l];
              }
              for (l = 0; l < 8; ++l) yg[co + l] = t[l];
            }
            for (; co < cout_per_group; ++co) {
              const float* f = fg + co;
              float acc = yg[co];
              for (ic = 0; ic < cin_per_group; ++ic) acc += xg[ic] * f[(size_t)ic * f_step];
              yg[co] = acc;
            }
          }
        }
      }
      for (oc = 0; oc < p->out_channels; ++oc) out_pixel[oc] = edgec_apply_act(&p->act, out_pixel[oc]);
    }
  }
}

#endif /* EDGEC_KERNELS_CONV_TRANSPOSE_H */
