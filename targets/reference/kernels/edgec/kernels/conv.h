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

/* Accumulation order, shared by all three float32 conv kernels so that they agree bit for
 * bit wherever their shapes overlap (the unit tests check this). For one output element
 * (pixel, oc) whose group has cg input channels, with cg4 = cg rounded down to a multiple
 * of 4, every sum below starts at +0.0f and adds one product x * f at a time:
 *   lane[l], l = 0..3: taps in kernel order (padding taps skipped), and within a tap the
 *                      channels c < cg4 with c % 4 == l in increasing order;
 *   tail:              taps in kernel order, and within a tap the channels cg4 <= c < cg
 *                      in increasing order;
 *   output = act(bias + (((lane[0] + lane[1]) + (lane[2] + lane[3])) + tail)),
 * with bias = +0.0f when there is none. The four lanes are independent, so compilers
 * vectorise them at -O2 without reassociating anything; a depthwise conv (cg == 1) has
 * only the tail, so it reduces to act(bias + (0 + taps summed in order)). */

/* Input pixel (linear over the spatial volume) read by the output pixel whose first window
 * corner is `base` at kernel position `k`, or -1 when it falls in the padding. */
static inline int32_t edgec_conv__input_pixel(const edgec_window* w, const int32_t* base, int32_t k0, int32_t k1,
                                              int32_t k2) {
  const int32_t i0 = base[0] + k0 * w->dilation[0];
  const int32_t i1 = base[1] + k1 * w->dilation[1];
  const int32_t i2 = base[2] + k2 * w->dilation[2];
  if (i0 < 0 || i0 >= w->in[0] || i1 < 0 || i1 >= w->in[1] || i2 < 0 || i2 >= w->in[2]) return -1;
  return (i0 * w->in[1] + i1) * w->in[2] + i2;
}

/* First window corner (input coordinates, possibly in the padding) of output pixel `pixel`. */
static inline void edgec_conv__window_base(const edgec_window* w, int32_t pixel, int32_t* base) {
  int32_t o[EDGEC_MAX_SPATIAL_RANK];
  int32_t d;
  edgec_unravel(pixel, EDGEC_MAX_SPATIAL_RANK, w->out, o);
  for (d = 0; d < EDGEC_MAX_SPATIAL_RANK; ++d) base[d] = o[d] * w->stride[d] - w->pad_begin[d];
}

/* The final combination of the documented order. */
static inline float edgec_conv__combine(const float* lane, float tail, float bias) {
  return bias + (((lane[0] + lane[1]) + (lane[2] + lane[3])) + tail);
}

/* One output element (pixel, oc) in the documented order: x points at the group's first
 * input channel of the image, f at the filter of oc (kernel_volume x cg). base == NULL
 * means a 1x1 window at input pixel `pixel` (the pointwise case). */
static inline float edgec_conv__one(const edgec_window* w, const int32_t* base, int32_t pixel, const float* x,
                                    int32_t in_channels, const float* f, int32_t cg, float bias) {
  float lane[4] = {0.0f, 0.0f, 0.0f, 0.0f};
  float tail = 0.0f;
  int32_t k0, k1, k2, c, l, tap = 0;
  for (k0 = 0; k0 < w->kernel[0]; ++k0)
    for (k1 = 0; k1 < w->kernel[1]; ++k1)
      for (k2 = 0; k2 < w->kernel[2]; ++k2, ++tap) {
        const int32_t in_pixel = base ? edgec_conv__input_pixel(w, base, k0, k1, k2) : pixel;
        const float* xp;
        const float* fp;
        if (in_pixel < 0) continue;
        xp = x + (size_t)in_pixel * in_channels;
        fp = f + (size_t)tap * cg;
        for (c = 0; c + 4 <= cg; c += 4)
          for (l = 0; l < 4; ++l) lane[l] += xp[c + l] * fp[c + l];
        for (; c < cg; ++c) tail += xp[c] * fp[c];
      }
  return edgec_conv__combine(lane, tail, bias);
}

/* Register tile: two output pixels (a, b) x four output channels, in the documented order.
 * xa/xb point at the input pixel's group channels (NULL when that pixel's tap lies in the
 * padding); f points at the four filters, `fs` floats apart. Accumulates into acc
 * (8 outputs x 4 lanes, output index = pixel * 4 + channel) and tail (8). */
#define EDGEC_CONV__LANES_1x4(ACC, T, X)                                                   \
  do {                                                                                     \
    for (c = 0; c + 4 <= cg; c += 4) {                                                     \
      for (l = 0; l < 4; ++l) {                                                            \
        const float xv = (X)[c + l];                                                       \
        ACC##0[l] += xv * f0[c + l];                                                       \
        ACC##1[l] += xv * f1[c + l];                                                       \
        ACC##2[l] += xv * f2[c + l];                                                       \
        ACC##3[l] += xv * f3[c + l];                                                       \
      }                                                                                    \
    }                                                                                      \
    for (; c < cg; ++c) {                                                                  \
      const float xv = (X)[c];                                                             \
      T[0] += xv * f0[c];                                                                  \
      T[1] += xv * f1[c];                                                                  \
      T[2] += xv * f2[c];                                                                  \
      T[3] += xv * f3[c];                                                                  \
    }                                                                                      \
  } while (0)

/* Computes outputs (pixel_a, oc0..oc0+3) and, when pixel_b >= 0, (pixel_b, oc0..oc0+3).
 * base_a/base_b are the window corners (NULL: pointwise, the input pixel is the pixel). */
static inline void edgec_conv__tile_2x4(const edgec_window* w, const int32_t* base_a, const int32_t* base_b,
                                        int32_t pixel_a, int32_t pixel_b, const float* x, int32_t in_channels,
                                        const float* filter, int32_t cg, const float* bias, const edgec_act* act,
                                        float* out_a, float* out_b) {
  float a0[4] = {0.0f, 0.0f, 0.0f, 0.0f}, a1[4] = {0.0f, 0.0f, 0.0f, 0.0f};
  float a2[4] = {0.0f, 0.0f, 0.0f, 0.0f}, a3[4] = {0.0f, 0.0f, 0.0f, 0.0f};
  float b0[4] = {0.0f, 0.0f, 0.0f, 0.0f}, b1[4] = {0.0f, 0.0f, 0.0f, 0.0f};
  float b2[4] = {0.0f, 0.0f, 0.0f, 0.0f}, b3[4] = {0.0f, 0.0f, 0.0f, 0.0f};
  float ta[4] = {0.0f, 0.0f, 0.0f, 0.0f}, tb[4] = {0.0f, 0.0f, 0.0f, 0.0f};
  const size_t fs = (size_t)w->kernel_volume * cg;
  int32_t k0, k1, k2, c, l, j, tap = 0;
  for (k0 = 0; k0 < w->kernel[0]; ++k0)
    for (k1 = 0; k1 < w->kernel[1]; ++k1)
      for (k2 = 0; k2 < w->kernel[2]; ++k2, ++tap) {
        const int32_t ia = base_a ? edgec_conv__input_pixel(w, base_a, k0, k1, k2) : pixel_a;
        const int32_t ib = pixel_b < 0 ? -1 : base_b ? edgec_conv__input_pixel(w, base_b, k0, k1, k2) : pixel_b;
        const float* f0 = filter + (size_t)tap * cg;
        const float* f1 = f0 + fs;
        const float* f2 = f1 + fs;
        const float* f3 = f2 + fs;
        if (ia >= 0 && ib >= 0) {
          const float* xa = x + (size_t)ia * in_channels;
          const float* xb = x + (size_t)ib * in_channels;
          for (c = 0; c + 4 <= cg; c += 4) {
            for (l = 0; l < 4; ++l) {
              const float xv = xa[c + l];
              a0[l] += xv * f0[c + l];
              a1[l] += xv * f1[c + l];
              a2[l] += xv * f2[c + l];
              a3[l] += xv * f3[c + l];
            }
            for (l = 0; l < 4; ++l) {
              const float xv = xb[c + l];
              b0[l] += xv * f0[c + l];
              b1[l] += xv * f1[c + l];
              b2[l] += xv * f2[c + l];
              b3[l] += xv * f3[c + l];
            }
          }
          for (; c < cg; ++c) {
            ta[0] += xa[c] * f0[c];
            ta[1] += xa[c] * f1[c];
            ta[2] += xa[c] * f2[c];
            ta[3] += xa[c] * f3[c];
            tb[0] += xb[c] * f0[c];
            tb[1] += xb[c] * f1[c];
            tb[2] += xb[c] * f2[c];
            tb[3] += xb[c] * f3[c];
          }
        } else if (ia >= 0) {
          EDGEC_CONV__LANES_1x4(a, ta, x + (size_t)ia * in_channels);
        } else if (ib >= 0) {
          EDGEC_CONV__LANES_1x4(b, tb, x + (size_t)ib * in_channels);
        }
      }
  for (j = 0; j < 4; ++j) {
    const float bj = bias ? bias[j] : 0.0f;
    const float* la = j == 0 ? a0 : j == 1 ? a1 : j == 2 ? a2 : a3;
    out_a[j] = edgec_apply_act(act, edgec_conv__combine(la, ta[j], bj));
  }
  if (pixel_b < 0) return;
  for (j = 0; j < 4; ++j) {
    const float bj = bias ? bias[j] : 0.0f;
    const float* lb = j == 0 ? b0 : j == 1 ? b1 : j == 2 ? b2 : b3;
    out_b[j] = edgec_apply_act(act, edgec_conv__combine(lb, tb[j], bj));
  }
}

/* Shared driver of the general and pointwise kernels: pixel pairs x blocks of four output
 * channels per group, leftovers one output at a time (same order, so same bits). */
static inline void edgec_conv__run(const edgec_conv_params* p, const edgec_window* w, int pointwise,
                                   const float* input, const float* filter, const float* bias, float* output) {
  const int32_t cg = p->in_channels / p->groups;
  const int32_t og = p->out_channels / p->groups;
  const size_t fs = (size_t)w->kernel_volume * cg;
  int32_t n, pixel, g, oc, q;
  for (n = 0; n < p->batch; ++n) {
    const float* in_image = input + (size_t)n * w->in_volume * p->in_channels;
    float* out_image = output + (size_t)n * w->out_volume * p->out_channels;
    for (pixel = 0; pixel < w->out_volume; pixel += 2) {
      const int32_t pixel_b = pixel + 1 < w->out_volume ? pixel + 1 : -1;
      int32_t base_a[EDGEC_MAX_SPATIAL_RANK], base_b[EDGEC_MAX_SPATIAL_RANK];
      const int32_t* ba = pointwise ? NULL : base_a;
      const int32_t* bb = pointwise ? NULL : base_b;
      float* out_a = out_image + (size_t)pixel * p->out_channels;
      float* out_b = out_a + p->out_channels;
      if (!pointwise) {
        edgec_conv__window_base(w, pixel, base_a);
        if (pixel_b >= 0) edgec_conv__window_base(w, pixel_b, base_b);
      }
      for (g = 0; g < p->groups; ++g) {
        const float* x = in_image + (size_t)g * cg;
        for (oc = g * og; oc + 4 <= (g + 1) * og; oc += 4)
          edgec_conv__tile_2x4(w, ba, bb, pixel, pixel_b, x, p->in_channels, filter + (size_t)oc * fs, cg,
                               bias ? bias + oc : NULL, &p->act, out_a + oc, out_b + oc);
        for (; oc < (g + 1) * og; ++oc) {
          const float bo = bias ? bias[oc] : 0.0f;
          for (q = 0; q < 2; ++q) {
            const int32_t px = q ? pixel_b : pixel;
            if (px < 0) continue;
            (q ? out_b : out_a)[oc] = edgec_apply_act(
                &p->act, edgec_conv__one(w, q ? bb : ba, px, x, p->in_channels, filter + (size_t)oc * fs, cg, bo));
          }
        }
      }
    }
  }
}

/* General convolution: any groups, dilation, stride and padding. Padding taps contribute
 * nothing. Accumulates in the documented order above. */
static inline void edgec_conv_f32(const edgec_conv_params* p, const float* input, const float* filter,
                                  const float* bias, float* output) {
  edgec_window w;
  if (p->groups <= 0 || p->in_channels % p->groups != 0 || p->out_channels % p->groups != 0) return;
  edgec_conv_window(p, &w);
  edgec_conv__run(p, &w, 0, input, filter, bias, output);
}

/* Depthwise convolution: groups == in_channels, out_channels == groups * multiplier,
 * output channel oc reads input channel oc / multiplier (ONNX grouped-conv ordering).
 * Order: per output, taps summed in kernel order from +0.0f, then act(bias + (0 + sum)),
 * which is the documented order for cg == 1. With multiplier 1 (the common case) the
 * kernel works on blocks of 16 channels: the block's filters are copied tap-major into a
 * small local array so the innermost loops walk contiguous channels in input, filter and
 * output alike. */
#define EDGEC_CONV_DW_BLOCK 16
#define EDGEC_CONV_DW_MAX_TAPS 49
static inline void edgec_conv_depthwise_f32(const edgec_conv_params* p, const float* input, const float* filter,
                                            const float* bias, float* output) {
  edgec_window w;
  int32_t multiplier, n, pixel, oc, c0, o0, o1, o2, k0, k1, k2, l, t;
  const int32_t C = p->in_channels;
  if (p->in_channels <= 0 || p->groups != p->in_channels || p->out_channels % p->in_channels != 0) return;
  edgec_conv_window(p, &w);
  multiplier = p->out_channels / p->in_channels;
  if (multiplier != 1 || w.kernel_volume > EDGEC_CONV_DW_MAX_TAPS) {
    /* Generic path: one output at a time, same order. */
    for (n = 0; n < p->batch; ++n) {
      const float* in_image = input + (size_t)n * w.in_volume * C;
      for (pixel = 0; pixel < w.out_volume; ++pixel) {
        float* out_pixel = output + ((size_t)n * w.out_volume + pixel) * p->out_channels;
        int32_t base[EDGEC_MAX_SPATIAL_RANK];
        edgec_conv__window_base(&w, pixel, base);
        for (oc = 0; oc < p->out_channels; ++oc)
          out_pixel[oc] = edgec_apply_act(&p->act, edgec_conv__one(&w, base, pixel, in_image + oc / multiplier, C,
                                                                   filter + (size_t)oc * w.kernel_volume, 1,
                                                                   bias ? bias[oc] : 0.0f));
      }
    }
    return;
  }
  for (c0 = 0; c0 < C; c0 += EDGEC_CONV_DW_BLOCK) {
    const int32_t cb = C - c0 < EDGEC_CONV_DW_BLOCK ? C - c0 : EDGEC_CONV_DW_BLOCK;
    float fb[EDGEC_CONV_DW_MAX_TAPS * EDGEC_CONV_DW_BLOCK];
    float bb[EDGEC_CONV_DW_BLOCK];
    for (t = 0; t < w.kernel_volume; ++t)
      for (l = 0; l < EDGEC_CONV_DW_BLOCK; ++l)
        fb[t * EDGEC_CONV_DW_BLOCK + l] = l < cb ? filter[(size_t)(c0 + l) * w.kernel_volume + t] : 0.0f;
    for (l = 0; l < EDGEC_CONV_DW_BLOCK; ++l) bb[l] = bias && l < cb ? bias[c0 + l] : 0.0f;
    for (n = 0; n < p->batch; ++n) {
      const float* in_image = input + (size_t)n * w.in_volume * C + c0;
      float* out_pixel = output + (size_t)n * w.out_volume * C + c0;
      for (o0 = 0; o0 < w.out[0]; ++o0)
        for (o1 = 0; o1 < w.out[1]; ++o1)
          for (o2 = 0; o2 < w.out[2]; ++o2, out_pixel += C) {
            const int32_t base[EDGEC_MAX_SPATIAL_RANK] = {o0 * w.stride[0] - w.pad_begin[0],
                                                          o1 * w.stride[1] - w.pad_begin[1],
                                                          o2 * w.stride[2] - w.pad_begin[2]};
            float s0[4] = {0.0f, 0.0f, 0.0f, 0.0f}, s1[4] = {0.0f, 0.0f, 0.0f, 0.0f};
            float s2[4] = {0.0f, 0.0f, 0.0f, 0.0f}, s3[4] = {0.0f, 0.0f, 0.0f, 0.0f};
            t = 0;
            for (k0 = 0; k0 < w.kernel[0]; ++k0)
              for (k1 = 0; k1 < w.kernel[1]; ++k1)
                for (k2 = 0; k2 < w.kernel[2]; ++k2, ++t) {
                  const int32_t in_pixel = edgec_conv__input_pixel(&w, base, k0, k1, k2);
                  const float* x;
                  const float* f = fb + t * EDGEC_CONV_DW_BLOCK;
                  if (in_pixel < 0) continue;
                  x = in_image + (size_t)in_pixel * C;
                  if (cb == EDGEC_CONV_DW_BLOCK) {
                    for (l = 0; l < 4; ++l) {
                      s0[l] += x[l] * f[l];
                      s1[l] += x[4 + l] * f[4 + l];
                      s2[l] += x[8 + l] * f[8 + l];
                      s3[l] += x[12 + l] * f[12 + l];
                    }
                  } else {
                    for (l = 0; l < cb; ++l) {
                      float* s = l < 4 ? s0 : l < 8 ? s1 : l < 12 ? s2 : s3;
                      s[l & 3] += x[l] * f[l];
                    }
                  }
                }
            for (l = 0; l < cb; ++l) {
              const float* s = l < 4 ? s0 : l < 8 ? s1 : l < 12 ? s2 : s3;
              out_pixel[l] = edgec_apply_act(&p->act, bb[l] + (0.0f + s[l & 3]));
            }
          }
    }
  }
}

/* Pointwise (1x1, stride 1, no padding, groups 1) convolution. In channels-last layout
 * this is exactly a GEMM: output[pixels, Cout] = input[pixels, Cin] * filter[Cout, Cin]^T,
 * computed with the general kernel's register tiles and documented order. */
static inline void edgec_conv_pointwise_f32(const edgec_conv_params* p, const float* input, const float* filter,
                                            const float* bias, float* output) {
  edgec_window w;
  edgec_conv_window(p, &w);
  /* The whole batch is one pixel range. */
  w.out_volume = p->batch * w.in_volume;
  w.in_volume = w.out_volume;
  {
    edgec_conv_params q = *p;
    q.batch = 1;
    q.groups = 1;
    edgec_conv__run(&q, &w, 1, input, filter, bias, output);
  }
}

#endif /* EDGEC_KERNELS_CONV_H */
