/* Reference float32 convolution kernels (1-D..3-D, channels-last, grouped/depthwise/pointwise). */
#ifndef EDGEC_KERNELS_CONV_H
#define EDGEC_KERNELS_CONV_H

#include <stddef.h>
#include <stdint.h>

#include "edgec/kernels/simd.h"
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
  /* Cache tile of the float general and pointwise kernels (kernel-tile's `tile` attribute),
   * 0 = untiled: output pixels are computed in blocks of tile_pixels and, within a block,
   * output channels in blocks of tile_oc (rounded up to a multiple of 4), so a filter block
   * and an input block stay in cache. It only reorders which outputs are computed when:
   * every output keeps the documented order, so the bits do not depend on the tile. */
  int32_t tile_oc, tile_pixels;
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

/* Micro-kernels of the register tile: acc holds 4 lanes for each of 4 output channels
 * (acc[channel * 4 + lane]), or 8 outputs for the two-pixel form (pixel a's four, then
 * pixel b's). They add one tap's contribution of the channels c < cg4 (in order, lane
 * c % 4); the accumulators live in local arrays during the loop so compilers keep them in
 * vector registers. f points at four filters, fs floats apart. */
static inline void edgec_conv__lanes_2x4(const float* xa, const float* xb, const float* f, size_t fs, int32_t cg4,
                                         float* acc) {
  float a0[4], a1[4], a2[4], a3[4], b0[4], b1[4], b2[4], b3[4];
  const float* f1 = f + fs;
  const float* f2 = f1 + fs;
  const float* f3 = f2 + fs;
  int32_t c, l;
  for (l = 0; l < 4; ++l) {
    a0[l] = acc[l], a1[l] = acc[4 + l], a2[l] = acc[8 + l], a3[l] = acc[12 + l];
    b0[l] = acc[16 + l], b1[l] = acc[20 + l], b2[l] = acc[24 + l], b3[l] = acc[28 + l];
  }
  for (c = 0; c < cg4; c += 4) {
    for (l = 0; l < 4; ++l) {
      const float xv = xa[c + l];
      a0[l] += xv * f[c + l];
      a1[l] += xv * f1[c + l];
      a2[l] += xv * f2[c + l];
      a3[l] += xv * f3[c + l];
    }
    for (l = 0; l < 4; ++l) {
      const float xv = xb[c + l];
      b0[l] += xv * f[c + l];
      b1[l] += xv * f1[c + l];
      b2[l] += xv * f2[c + l];
      b3[l] += xv * f3[c + l];
    }
  }
  for (l = 0; l < 4; ++l) {
    acc[l] = a0[l], acc[4 + l] = a1[l], acc[8 + l] = a2[l], acc[12 + l] = a3[l];
    acc[16 + l] = b0[l], acc[20 + l] = b1[l], acc[24 + l] = b2[l], acc[28 + l] = b3[l];
  }
}

static inline void edgec_conv__lanes_1x4(const float* xa, const float* f, size_t fs, int32_t cg4, float* acc) {
  float a0[4], a1[4], a2[4], a3[4];
  const float* f1 = f + fs;
  const float* f2 = f1 + fs;
  const float* f3 = f2 + fs;
  int32_t c, l;
  for (l = 0; l < 4; ++l) a0[l] = acc[l], a1[l] = acc[4 + l], a2[l] = acc[8 + l], a3[l] = acc[12 + l];
  for (c = 0; c < cg4; c += 4) {
    for (l = 0; l < 4; ++l) {
      const float xv = xa[c + l];
      a0[l] += xv * f[c + l];
      a1[l] += xv * f1[c + l];
      a2[l] += xv * f2[c + l];
      a3[l] += xv * f3[c + l];
    }
  }
  for (l = 0; l < 4; ++l) acc[l] = a0[l], acc[4 + l] = a1[l], acc[8 + l] = a2[l], acc[12 + l] = a3[l];
}

/* Register tile: outputs (pixel_a, oc0..oc0+3) and, when pixel_b >= 0, (pixel_b, oc0..oc0+3),
 * in the documented order. base_a/base_b are the window corners (NULL: pointwise, the input
 * pixel is the pixel itself). */
static inline void edgec_conv__tile_2x4(const edgec_window* w, const int32_t* base_a, const int32_t* base_b,
                                        int32_t pixel_a, int32_t pixel_b, const float* x, int32_t in_channels,
                                        const float* filter, int32_t cg, const float* bias, const edgec_act* act,
                                        float* out_a, float* out_b) {
  float acc[32], tail[8], r[4];
  const size_t fs = (size_t)w->kernel_volume * cg;
  const int32_t cg4 = cg & ~3;
  int32_t k0, k1, k2, c, j, q, tap = 0;
  for (j = 0; j < 32; ++j) acc[j] = 0.0f;
  for (j = 0; j < 8; ++j) tail[j] = 0.0f;
  if (cg4 == 0 && base_a && cg == in_channels && w->dilation[2] == 1) {
    /* Fewer than 4 channels (a first layer on RGB, say): everything is tail. A window row
     * that lies inside the input is one contiguous run of kernel[2] * cg values in both
     * input and filter, in exactly the tail's order (taps, then channels), so it is summed
     * as one run (both pixels at once when both rows are whole); rows that touch the
     * padding go tap by tap. */
    const int32_t run = w->kernel[2] * cg;
    int32_t e;
    for (k0 = 0; k0 < w->kernel[0]; ++k0)
      for (k1 = 0; k1 < w->kernel[1]; ++k1) {
        const float* f = filter + (size_t)((k0 * w->kernel[1] + k1) * w->kernel[2]) * cg;
        const float* xr[2] = {NULL, NULL};
        int partial[2] = {0, 0};
        for (q = 0; q < 2; ++q) {
          const int32_t* base = q ? base_b : base_a;
          int32_t i0, i1;
          if (q && pixel_b < 0) break;
          i0 = base[0] + k0 * w->dilation[0];
          i1 = base[1] + k1 * w->dilation[1];
          if (i0 < 0 || i0 >= w->in[0] || i1 < 0 || i1 >= w->in[1]) continue;
          xr[q] = x + ((size_t)(i0 * w->in[1] + i1) * w->in[2] + base[2]) * in_channels;
          partial[q] = !(base[2] >= 0 && base[2] + w->kernel[2] <= w->in[2]);
        }
        if (xr[0] && xr[1] && !partial[0] && !partial[1]) {
          const float* xa = xr[0];
          const float* xb = xr[1];
          float a0 = tail[0], a1 = tail[1], a2 = tail[2], a3 = tail[3];
          float b0 = tail[4], b1 = tail[5], b2 = tail[6], b3 = tail[7];
          for (e = 0; e < run; ++e) {
            const float f0 = f[e], f1 = f[fs + e], f2 = f[2 * fs + e], f3 = f[3 * fs + e];
            a0 += xa[e] * f0;
            a1 += xa[e] * f1;
            a2 += xa[e] * f2;
            a3 += xa[e] * f3;
            b0 += xb[e] * f0;
            b1 += xb[e] * f1;
            b2 += xb[e] * f2;
            b3 += xb[e] * f3;
          }
          tail[0] = a0, tail[1] = a1, tail[2] = a2, tail[3] = a3;
          tail[4] = b0, tail[5] = b1, tail[6] = b2, tail[7] = b3;
          continue;
        }
        for (q = 0; q < 2; ++q) {
          const int32_t* base = q ? base_b : base_a;
          float* t = tail + q * 4;
          if (!xr[q]) continue;
          for (k2 = 0; k2 < w->kernel[2]; ++k2) {
            const int32_t i2 = base[2] + k2;
            const float* xp = xr[q] + (size_t)k2 * in_channels;
            const float* fp = f + (size_t)k2 * cg;
            if (partial[q] && (i2 < 0 || i2 >= w->in[2])) continue;
            for (c = 0; c < cg; ++c) {
              t[0] += xp[c] * fp[c];
              t[1] += xp[c] * fp[fs + c];
              t[2] += xp[c] * fp[2 * fs + c];
              t[3] += xp[c] * fp[3 * fs + c];
            }
          }
        }
      }
  } else
  for (k0 = 0; k0 < w->kernel[0]; ++k0)
    for (k1 = 0; k1 < w->kernel[1]; ++k1)
      for (k2 = 0; k2 < w->kernel[2]; ++k2, ++tap) {
        const int32_t ia = base_a ? edgec_conv__input_pixel(w, base_a, k0, k1, k2) : pixel_a;
        const int32_t ib = pixel_b < 0 ? -1 : base_b ? edgec_conv__input_pixel(w, base_b, k0, k1, k2) : pixel_b;
        const float* f = filter + (size_t)tap * cg;
        const float* xa = ia >= 0 ? x + (size_t)ia * in_channels : NULL;
        const float* xb = ib >= 0 ? x + (size_t)ib * in_channels : NULL;
        if (cg4 > 0) {
          if (xa && xb) edgec_conv__lanes_2x4(xa, xb, f, fs, cg4, acc);
          else if (xa) edgec_conv__lanes_1x4(xa, f, fs, cg4, acc);
          else if (xb) edgec_conv__lanes_1x4(xb, f, fs, cg4, acc + 16);
        }
        for (q = 0; q < 2; ++q) {
          const float* xp = q ? xb : xa;
          if (!xp) continue;
          for (c = cg4; c < cg; ++c) {
            const float xv = xp[c];
            tail[q * 4 + 0] += xv * f[c];
            tail[q * 4 + 1] += xv * f[fs + c];
            tail[q * 4 + 2] += xv * f[2 * fs + c];
            tail[q * 4 + 3] += xv * f[3 * fs + c];
          }
        }
      }
  {
    float bv[4], s01[4], s23[4];
    for (j = 0; j < 4; ++j) bv[j] = bias ? bias[j] : 0.0f;
    for (q = 0; q < 2; ++q) {
      float* out = q ? out_b : out_a;
      const float* aq = acc + q * 16;
      if (q && pixel_b < 0) break;
      /* Same arithmetic as edgec_conv__combine, four channels side by side. */
      for (j = 0; j < 4; ++j) {
        s01[j] = aq[j * 4 + 0] + aq[j * 4 + 1];
        s23[j] = aq[j * 4 + 2] + aq[j * 4 + 3];
      }
      for (j = 0; j < 4; ++j) r[j] = bv[j] + ((s01[j] + s23[j]) + tail[q * 4 + j]);
      EDGEC_APPLY_ACT_N(act, r, 4);
      for (j = 0; j < 4; ++j) out[j] = r[j];
    }
  }
}

/* Shared driver of the general and pointwise kernels: pixel pairs x blocks of four output
 * channels per group, leftovers one output at a time (same order, so same bits); with a
 * tile (p->tile_pixels, p->tile_oc), pixel blocks x output-channel blocks around that. */
static inline void edgec_conv__run(const edgec_conv_params* p, const edgec_window* w, int pointwise,
                                   const float* input, const float* filter, const float* bias, float* output) {
  const int32_t cg = p->in_channels / p->groups;
  const int32_t og = p->out_channels / p->groups;
  const size_t fs = (size_t)w->kernel_volume * cg;
  /* Tile sizes: pixel blocks even (whole pairs), channel blocks whole register tiles. */
  const int32_t tp = p->tile_pixels > 0 && p->tile_pixels < w->out_volume ? (p->tile_pixels + 1) & ~1 : w->out_volume;
  const int32_t to = p->tile_oc > 0 && p->tile_oc < og ? (p->tile_oc + 3) & ~3 : og;
  int32_t n, p0, o0, pixel, g, oc, q;
  for (n = 0; n < p->batch; ++n) {
    const float* in_image = input + (size_t)n * w->in_volume * p->in_channels;
    float* out_image = output + (size_t)n * w->out_volume * p->out_channels;
    for (p0 = 0; p0 < w->out_volume; p0 += tp)
    for (o0 = 0; o0 < og; o0 += to)
    for (pixel = p0; pixel < p0 + tp && pixel < w->out_volume; pixel += 2) {
      const int32_t pixel_b = pixel + 1 < w->out_volume ? pixel + 1 : -1;
      const int32_t o1 = o0 + to < og ? o0 + to : og;
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
        for (oc = g * og + o0; oc + 4 <= g * og + o1; oc += 4)
          edgec_conv__tile_2x4(w, ba, bb, pixel, pixel_b, x, p->in_channels, filter + (size_t)oc * fs, cg,
                               bias ? bias + oc : NULL, &p->act, out_a + oc, out_b + oc);
        for (; oc < g * og + o1; ++oc) {
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
 * Order, per output: s = +0.0f, then s = edgec_f32_madd(x, f, s) for each tap in kernel
 * order (padding taps skipped), then act(bias + (0 + s)); with the multiply-add rounded
 * twice (EDGEC_F32_FMA 0) that is the documented order for cg == 1, so the general kernel
 * gives the same bits. With multiplier 1 (the common case) channels go in vectors of eight,
 * and the pixels of a row whose windows lie wholly inside the input four at a time. */
#define EDGEC_CONV_DW_BLOCK 8
#define EDGEC_CONV_DW_MAX_TAPS EDGEC_WINDOW_MAX_TAPS

/* out[0..cb) = act(bias + (0 + s)) for one block. */
static inline void edgec_conv_depthwise__store(const edgec_act* act, const edgec_f32x8* s, const float* bb,
                                               float* out, int32_t cb) {
  float r[EDGEC_CONV_DW_BLOCK];
  int32_t l;
  EDGEC_F32X8_STORE(r, *s);
  for (l = 0; l < EDGEC_CONV_DW_BLOCK; ++l) r[l] = bb[l] + (0.0f + r[l]);
  EDGEC_APPLY_ACT_N(act, r, cb);
  for (l = 0; l < cb; ++l) out[l] = r[l];
}

/* One output pixel of a block of cb channels (x: the image at the block's first channel). */
static inline void edgec_conv_depthwise__pixel(const float* x, const edgec_window_taps* t, const float* fb,
                                               const float* bb, int32_t cb, const edgec_act* act, float* out) {
  edgec_f32x8 s, v, f;
  int32_t k, l;
  if (cb == EDGEC_CONV_DW_BLOCK) {
    EDGEC_F32X8_SPLAT(s, 0.0f);
    for (k = 0; k < t->count; ++k) {
      EDGEC_F32X8_LOAD(v, x + t->in[k]);
      EDGEC_F32X8_LOAD(f, fb + t->tap[k] * EDGEC_CONV_DW_BLOCK);
      EDGEC_F32X8_MADD(s, v, f);
    }
    edgec_conv_depthwise__store(act, &s, bb, out, cb);
    return;
  }
  {
    /* A short last block: lane by lane, never reading past the image's channels. */
    float r[EDGEC_CONV_DW_BLOCK];
    for (l = 0; l < cb; ++l) {
      float sum = 0.0f;
      for (k = 0; k < t->count; ++k) sum = edgec_f32_madd(x[t->in[k] + l], fb[t->tap[k] * EDGEC_CONV_DW_BLOCK + l], sum);
      r[l] = bb[l] + (0.0f + sum);
    }
    EDGEC_APPLY_ACT_N(act, r, cb);
    for (l = 0; l < cb; ++l) out[l] = r[l];
  }
}

/* Four interior pixels (inputs xs floats apart) of a full block. */
static inline void edgec_conv_depthwise__4(const float* x, size_t xs, const edgec_window_taps* t, const float* fb,
                                           const float* bb, const edgec_act* act, float* out, size_t os) {
  edgec_f32x8 s0, s1, s2, s3, v, f;
  int32_t k;
  EDGEC_F32X8_SPLAT(s0, 0.0f);
  s1 = s2 = s3 = s0;
  for (k = 0; k < t->count; ++k) {
    const float* xk = x + t->in[k];
    EDGEC_F32X8_LOAD(f, fb + t->tap[k] * EDGEC_CONV_DW_BLOCK);
    EDGEC_F32X8_LOAD(v, xk);
    EDGEC_F32X8_MADD(s0, v, f);
    EDGEC_F32X8_LOAD(v, xk + xs);
    EDGEC_F32X8_MADD(s1, v, f);
    EDGEC_F32X8_LOAD(v, xk + 2 * xs);
    EDGEC_F32X8_MADD(s2, v, f);
    EDGEC_F32X8_LOAD(v, xk + 3 * xs);
    EDGEC_F32X8_MADD(s3, v, f);
  }
  edgec_conv_depthwise__store(act, &s0, bb, out, EDGEC_CONV_DW_BLOCK);
  edgec_conv_depthwise__store(act, &s1, bb, out + os, EDGEC_CONV_DW_BLOCK);
  edgec_conv_depthwise__store(act, &s2, bb, out + 2 * os, EDGEC_CONV_DW_BLOCK);
  edgec_conv_depthwise__store(act, &s3, bb, out + 3 * os, EDGEC_CONV_DW_BLOCK);
}

static inline void edgec_conv_depthwise_f32(const edgec_conv_params* p, const float* input, const float* filter,
                                            const float* bias, float* output) {
  edgec_window w;
  edgec_window_taps taps;
  int32_t multiplier, n, pixel, oc, c0, o0, o1, o2, l, t, first, last;
  const int32_t C = p->in_channels;
  if (p->in_channels <= 0 || p->groups != p->in_channels || p->out_channels % p->in_channels != 0) return;
  if (p->spatial_rank < 1 || p->spatial_rank > EDGEC_MAX_SPATIAL_RANK) return;
  multiplier = p->out_channels / p->in_channels;
  edgec_window_init_right(&w, p->spatial_rank, p->in_spatial, p->out_spatial, p->kernel, p->stride, p->dilation,
                          p->pad_begin);
  if (multiplier != 1 || w.kernel_volume > EDGEC_CONV_DW_MAX_TAPS) {
    /* Generic path: one output at a time, same order. */
    for (n = 0; n < p->batch; ++n) {
      const float* in_image = input + (size_t)n * w.in_volume * C;
      for (pixel = 0; pixel < w.out_volume; ++pixel) {
        float* out_pixel = output + ((size_t)n * w.out_volume + pixel) * p->out_channels;
        int32_t base[EDGEC_MAX_SPATIAL_RANK];
        edgec_conv__window_base(&w, pixel, base);
        for (oc = 0; oc < p->out_channels; ++oc) {
          const float* f = filter + (size_t)oc * w.kernel_volume;
          float sum = 0.0f;
          int32_t k0, k1, k2, tap = 0;
          for (k0 = 0; k0 < w.kernel[0]; ++k0)
            for (k1 = 0; k1 < w.kernel[1]; ++k1)
              for (k2 = 0; k2 < w.kernel[2]; ++k2, ++tap) {
                const int32_t ip = edgec_conv__input_pixel(&w, base, k0, k1, k2);
                if (ip >= 0) sum = edgec_f32_madd(in_image[(size_t)ip * C + oc / multiplier], f[tap], sum);
              }
          out_pixel[oc] = edgec_apply_act(&p->act, (bias ? bias[oc] : 0.0f) + (0.0f + sum));
        }
      }
    }
    return;
  }
  edgec_window_interior(&w, &first, &last);
  for (c0 = 0; c0 < C; c0 += EDGEC_CONV_DW_BLOCK) {
    const int32_t cb = C - c0 < EDGEC_CONV_DW_BLOCK ? C - c0 : EDGEC_CONV_DW_BLOCK;
    /* The block's filters tap-major (zeros beyond cb), so a tap's eight are one vector. */
    float fb[EDGEC_CONV_DW_MAX_TAPS * EDGEC_CONV_DW_BLOCK];
    float bb[EDGEC_CONV_DW_BLOCK];
    for (t = 0; t < w.kernel_volume; ++t)
      for (l = 0; l < EDGEC_CONV_DW_BLOCK; ++l)
        fb[t * EDGEC_CONV_DW_BLOCK + l] = l < cb ? filter[(size_t)(c0 + l) * w.kernel_volume + t] : 0.0f;
    for (l = 0; l < EDGEC_CONV_DW_BLOCK; ++l) bb[l] = bias && l < cb ? bias[c0 + l] : 0.0f;
    for (n = 0; n < p->batch; ++n) {
      const float* image = input + (size_t)n * w.in_volume * C + c0;
      float* out_image = output + (size_t)n * w.out_volume * C + c0;
      for (o0 = 0; o0 < w.out[0]; ++o0)
        for (o1 = 0; o1 < w.out[1]; ++o1) {
          float* out_row = out_image + (size_t)(o0 * w.out[1] + o1) * w.out[2] * C;
          for (o2 = 0; o2 < w.out[2]; ++o2) {
            if (o2 == first && first < last && cb == EDGEC_CONV_DW_BLOCK) {
              /* The interior run: the same taps, shifted by the stride. */
              const size_t xs = (size_t)w.stride[2] * C;
              edgec_window_taps_of(&w, o0, o1, o2, 1, C, &taps);
              for (; o2 + 4 <= last; o2 += 4)
                edgec_conv_depthwise__4(image + (size_t)(o2 - first) * xs, xs, &taps, fb, bb, &p->act,
                                        out_row + (size_t)o2 * C, (size_t)C);
              for (; o2 < last; ++o2)
                edgec_conv_depthwise__pixel(image + (size_t)(o2 - first) * xs, &taps, fb, bb, cb, &p->act,
                                            out_row + (size_t)o2 * C);
              --o2;
              continue;
            }
            edgec_window_taps_of(&w, o0, o1, o2, 0, C, &taps);
            edgec_conv_depthwise__pixel(image, &taps, fb, bb, cb, &p->act, out_row + (size_t)o2 * C);
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
