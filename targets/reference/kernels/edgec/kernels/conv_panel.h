/* Float32 convolution (groups == 1, any rank, stride, dilation, padding) on filters packed in
 * panels of eight output channels, the form the kernel-pack-filters pass writes at compile
 * time. Output channels are the vector lanes, so every multiply-add is a full vector and
 * nothing is summed across lanes.
 *
 * Filter layout: for oc0 = 0, 8, 16, ... the panel of w = min(8, Cout - oc0) channels starts
 * at oc0 * K * Cin (K = kernel volume) and holds filter[oc0 + j][tap][c] at
 * (tap * Cin + c) * w + j.
 *
 * Accumulation order: for one output (pixel, oc), s starts at bias[oc] (+0.0f without bias),
 * then for each tap in kernel order (padding taps skipped) and each input channel c in
 * increasing order s = edgec_f32_madd(x, f, s); the output is act(s). Whether the
 * multiply-add is fused follows EDGEC_F32_FMA (edgec/kernels/simd.h); the register tiles and
 * the one-pixel path round alike, so the bits do not depend on where a pixel falls. */
#ifndef EDGEC_KERNELS_CONV_PANEL_H
#define EDGEC_KERNELS_CONV_PANEL_H

#include <stddef.h>
#include <stdint.h>

#include "edgec/kernels/conv.h"
#include "edgec/kernels/simd.h"

#define EDGEC_CONV_PANEL 8

/* act over one panel's eight sums, stored to out[0..8); act == NULL stores the partial sums
 * of a window longer than one tap chunk as they are, for the next chunk to resume from. */
static inline void edgec_conv_panel__store(const edgec_act* act, const edgec_f32x8* s, float* out) {
  float r[EDGEC_CONV_PANEL];
  int32_t l;
  EDGEC_F32X8_STORE(r, *s);
  if (act) EDGEC_APPLY_ACT_N(act, r, EDGEC_CONV_PANEL);
  for (l = 0; l < EDGEC_CONV_PANEL; ++l) out[l] = r[l];
}

/* V = the panel's eight biases, or zeros; or, resuming a later tap chunk, the partial sums
 * the previous chunk stored at OUT (the same floats, so the order is unbroken). */
#define EDGEC_CONV_PANEL__START(V, BIAS, OUT)  \
  do {                                         \
    if (resume)                                \
      EDGEC_F32X8_LOAD(V, OUT);                \
    else if (BIAS)                             \
      EDGEC_F32X8_LOAD(V, BIAS);               \
    else                                       \
      EDGEC_F32X8_SPLAT(V, 0.0f);              \
  } while (0)

/* One input channel's step of a register tile: row R's accumulators take x * the filters. */
#define EDGEC_CONV_PANEL__ROW2(R, XV)          \
  do {                                         \
    EDGEC_F32X8_SPLAT(v, XV);                  \
    EDGEC_F32X8_MADD(a##R##0, v, w0);          \
    EDGEC_F32X8_MADD(a##R##1, v, w1);          \
  } while (0)
#define EDGEC_CONV_PANEL__ROW1(R, XV)          \
  do {                                         \
    EDGEC_F32X8_SPLAT(v, XV);                  \
    EDGEC_F32X8_MADD(a##R##0, v, w0);          \
  } while (0)

/* Register tile: six pixels (inputs x + k * xs) x sixteen channels (two full panels, f and
 * f + fs). 12 accumulators, 2 filter vectors and a broadcast fit AVX2's 16 registers. */
static inline void edgec_conv_panel__6x16(const float* x, size_t xs, const edgec_window_taps* t, int32_t cin,
                                          const float* f, size_t fs, const float* bias, int resume,
                                          const edgec_act* act, float* out, size_t os) {
  edgec_f32x8 v, w0, w1;
  edgec_f32x8 a00, a01, a10, a11, a20, a21, a30, a31, a40, a41, a50, a51;
  const float* bias1 = bias ? bias + 8 : NULL;
  int32_t k, c;
  EDGEC_CONV_PANEL__START(a00, bias, out);
  EDGEC_CONV_PANEL__START(a01, bias1, out + 8);
  EDGEC_CONV_PANEL__START(a10, bias, out + os);
  EDGEC_CONV_PANEL__START(a11, bias1, out + os + 8);
  EDGEC_CONV_PANEL__START(a20, bias, out + 2 * os);
  EDGEC_CONV_PANEL__START(a21, bias1, out + 2 * os + 8);
  EDGEC_CONV_PANEL__START(a30, bias, out + 3 * os);
  EDGEC_CONV_PANEL__START(a31, bias1, out + 3 * os + 8);
  EDGEC_CONV_PANEL__START(a40, bias, out + 4 * os);
  EDGEC_CONV_PANEL__START(a41, bias1, out + 4 * os + 8);
  EDGEC_CONV_PANEL__START(a50, bias, out + 5 * os);
  EDGEC_CONV_PANEL__START(a51, bias1, out + 5 * os + 8);
  for (k = 0; k < t->count; ++k) {
    const float* x0 = x + t->in[k];
    const float* w = f + (size_t)t->tap[k] * cin * 8;
    for (c = 0; c < cin; ++c, w += 8) {
      EDGEC_F32X8_LOAD(w0, w);
      EDGEC_F32X8_LOAD(w1, w + fs);
      EDGEC_CONV_PANEL__ROW2(0, x0[c]);
      EDGEC_CONV_PANEL__ROW2(1, x0[xs + c]);
      EDGEC_CONV_PANEL__ROW2(2, x0[2 * xs + c]);
      EDGEC_CONV_PANEL__ROW2(3, x0[3 * xs + c]);
      EDGEC_CONV_PANEL__ROW2(4, x0[4 * xs + c]);
      EDGEC_CONV_PANEL__ROW2(5, x0[5 * xs + c]);
    }
  }
  edgec_conv_panel__store(act, &a00, out);
  edgec_conv_panel__store(act, &a01, out + 8);
  edgec_conv_panel__store(act, &a10, out + os);
  edgec_conv_panel__store(act, &a11, out + os + 8);
  edgec_conv_panel__store(act, &a20, out + 2 * os);
  edgec_conv_panel__store(act, &a21, out + 2 * os + 8);
  edgec_conv_panel__store(act, &a30, out + 3 * os);
  edgec_conv_panel__store(act, &a31, out + 3 * os + 8);
  edgec_conv_panel__store(act, &a40, out + 4 * os);
  edgec_conv_panel__store(act, &a41, out + 4 * os + 8);
  edgec_conv_panel__store(act, &a50, out + 5 * os);
  edgec_conv_panel__store(act, &a51, out + 5 * os + 8);
}

/* Six pixels x one full panel (the last panel of an odd count). */
static inline void edgec_conv_panel__6x8(const float* x, size_t xs, const edgec_window_taps* t, int32_t cin,
                                         const float* f, const float* bias, int resume, const edgec_act* act,
                                         float* out, size_t os) {
  edgec_f32x8 v, w0, a00, a10, a20, a30, a40, a50;
  int32_t k, c;
  EDGEC_CONV_PANEL__START(a00, bias, out);
  EDGEC_CONV_PANEL__START(a10, bias, out + os);
  EDGEC_CONV_PANEL__START(a20, bias, out + 2 * os);
  EDGEC_CONV_PANEL__START(a30, bias, out + 3 * os);
  EDGEC_CONV_PANEL__START(a40, bias, out + 4 * os);
  EDGEC_CONV_PANEL__START(a50, bias, out + 5 * os);
  for (k = 0; k < t->count; ++k) {
    const float* x0 = x + t->in[k];
    const float* w = f + (size_t)t->tap[k] * cin * 8;
    for (c = 0; c < cin; ++c, w += 8) {
      EDGEC_F32X8_LOAD(w0, w);
      EDGEC_CONV_PANEL__ROW1(0, x0[c]);
      EDGEC_CONV_PANEL__ROW1(1, x0[xs + c]);
      EDGEC_CONV_PANEL__ROW1(2, x0[2 * xs + c]);
      EDGEC_CONV_PANEL__ROW1(3, x0[3 * xs + c]);
      EDGEC_CONV_PANEL__ROW1(4, x0[4 * xs + c]);
      EDGEC_CONV_PANEL__ROW1(5, x0[5 * xs + c]);
    }
  }
  edgec_conv_panel__store(act, &a00, out);
  edgec_conv_panel__store(act, &a10, out + os);
  edgec_conv_panel__store(act, &a20, out + 2 * os);
  edgec_conv_panel__store(act, &a30, out + 3 * os);
  edgec_conv_panel__store(act, &a40, out + 4 * os);
  edgec_conv_panel__store(act, &a50, out + 5 * os);
}

/* One pixel x one panel of w (1..8) channels; w < 8 is a short last panel, summed lane by
 * lane in the same order. */
static inline void edgec_conv_panel__1xw(const float* x, const edgec_window_taps* t, int32_t cin,
                                         const float* f, int32_t w, const float* bias, int resume,
                                         const edgec_act* act, float* out) {
  int32_t k, c, l;
  if (w == EDGEC_CONV_PANEL) {
    edgec_f32x8 a00, v, w0;
    EDGEC_CONV_PANEL__START(a00, bias, out);
    for (k = 0; k < t->count; ++k) {
      const float* x0 = x + t->in[k];
      const float* wp = f + (size_t)t->tap[k] * cin * 8;
      for (c = 0; c < cin; ++c, wp += 8) {
        EDGEC_F32X8_LOAD(w0, wp);
        EDGEC_CONV_PANEL__ROW1(0, x0[c]);
      }
    }
    edgec_conv_panel__store(act, &a00, out);
    return;
  }
  {
    float s[EDGEC_CONV_PANEL];
    for (l = 0; l < w; ++l) s[l] = resume ? out[l] : bias ? bias[l] : 0.0f;
    for (k = 0; k < t->count; ++k) {
      const float* x0 = x + t->in[k];
      const float* wp = f + (size_t)t->tap[k] * cin * w;
      for (c = 0; c < cin; ++c, wp += w)
        for (l = 0; l < w; ++l) s[l] = edgec_f32_madd(x0[c], wp[l], s[l]);
    }
    if (act) EDGEC_APPLY_ACT_N(act, s, w);
    for (l = 0; l < w; ++l) out[l] = s[l];
  }
}

/* One pixel, every panel. */
static inline void edgec_conv_panel__pixel(const float* x, const edgec_window_taps* t, int32_t cin, int32_t cout,
                                           int32_t kvol, const float* filter, const float* bias, int resume,
                                           const edgec_act* act, float* out) {
  int32_t oc;
  for (oc = 0; oc < cout; oc += EDGEC_CONV_PANEL) {
    const int32_t w = cout - oc < EDGEC_CONV_PANEL ? cout - oc : EDGEC_CONV_PANEL;
    edgec_conv_panel__1xw(x, t, cin, filter + (size_t)oc * kvol * cin, w, bias ? bias + oc : NULL, resume, act,
                          out + oc);
  }
}

/* Pixels per block of edgec_conv_panel__run (a multiple of the tiles' six). */
#define EDGEC_CONV_PANEL_BLOCK 96

/* `n` pixels that read the same taps, inputs xs floats and outputs os floats apart: six at a
 * time through the register tiles, the rest one by one. The tiles go block of pixels by block,
 * every panel within a block: a filter larger than the caches (Magika's 256 -> 512 channel
 * conv, 2.6 MB) is then read once per block instead of once per six pixels, while a block's
 * inputs stay cached across its panels. Each output is still one tile's, so the order holds. */
static inline void edgec_conv_panel__run(const float* x, size_t xs, int32_t n, const edgec_window_taps* t,
                                         int32_t cin, int32_t cout, int32_t kvol, const float* filter,
                                         const float* bias, int resume, const edgec_act* act, float* out,
                                         size_t os) {
  const size_t fs = (size_t)EDGEC_CONV_PANEL * kvol * cin;
  const int32_t full = cout / EDGEC_CONV_PANEL;
  const int32_t tiled = n - n % 6;
  int32_t i0, i, p;
  for (i0 = 0; i0 < tiled; i0 += EDGEC_CONV_PANEL_BLOCK) {
    const int32_t i1 = i0 + EDGEC_CONV_PANEL_BLOCK < tiled ? i0 + EDGEC_CONV_PANEL_BLOCK : tiled;
    for (p = 0; p + 2 <= full; p += 2)
      for (i = i0; i < i1; i += 6)
        edgec_conv_panel__6x16(x + (size_t)i * xs, xs, t, cin, filter + p * fs, fs, bias ? bias + p * 8 : NULL, resume,
                               act, out + (size_t)i * os + p * 8, os);
    if (p < full) {
      for (i = i0; i < i1; i += 6)
        edgec_conv_panel__6x8(x + (size_t)i * xs, xs, t, cin, filter + p * fs, bias ? bias + p * 8 : NULL, resume, act,
                              out + (size_t)i * os + p * 8, os);
      ++p;
    }
    if (p * EDGEC_CONV_PANEL < cout)
      for (i = i0; i < i1; ++i)
        edgec_conv_panel__1xw(x + (size_t)i * xs, t, cin, filter + p * fs, cout - p * EDGEC_CONV_PANEL,
                              bias ? bias + p * 8 : NULL, resume, act, out + (size_t)i * os + p * 8);
  }
  for (i = tiled; i < n; ++i)
    edgec_conv_panel__pixel(x + (size_t)i * xs, t, cin, cout, kvol, filter, bias, resume, act, out + (size_t)i * os);
}

/* The output's pixels out_pixel_stride floats apart (>= out_channels): a slice of a wider
 * tensor, such as a concat's output that this conv writes in place (kernel-elide-concat). */
static inline void edgec_conv_panel_strided_f32(const edgec_conv_params* p, int32_t out_pixel_stride,
                                                const float* input, const float* filter, const float* bias,
                                                float* output) {
  edgec_window w;
  edgec_window_taps taps;
  const int32_t cin = p->in_channels, cout = p->out_channels;
  const size_t os = (size_t)out_pixel_stride;
  int32_t n, o0, o1, o2, first, last, t0;
  if (out_pixel_stride < cout || p->groups != 1 || p->spatial_rank < 1 || p->spatial_rank > EDGEC_MAX_SPATIAL_RANK) return;
  edgec_window_init_right_compact(&w, p->spatial_rank, p->in_spatial, p->out_spatial, p->kernel, p->stride,
                                  p->dilation, p->pad_begin);
  if (w.kernel_volume == 1 && w.stride[0] == 1 && w.stride[1] == 1 && w.stride[2] == 1 && w.pad_begin[0] == 0 &&
      w.pad_begin[1] == 0 && w.pad_begin[2] == 0 && w.in_volume == w.out_volume) {
    /* Pointwise: every pixel of the batch is one run. */
    taps.in[0] = 0;
    taps.tap[0] = 0;
    taps.count = 1;
    edgec_conv_panel__run(input, (size_t)cin, p->batch * w.out_volume, &taps, cin, cout, 1, filter, bias, 0,
                          &p->act, output, os);
    return;
  }
  edgec_window_interior(&w, &first, &last);
  /* A window of more taps than a tap list holds (a 512-tap STFT as a Conv) goes chunk by
   * chunk; between chunks the output holds the partial sums, so the order is the same. */
  for (t0 = 0; t0 < w.kernel_volume; t0 += EDGEC_WINDOW_MAX_TAPS) {
    const int resume = t0 > 0;
    const edgec_act* act = t0 + EDGEC_WINDOW_MAX_TAPS >= w.kernel_volume ? &p->act : NULL;
    for (n = 0; n < p->batch; ++n) {
      const float* image = input + (size_t)n * w.in_volume * cin;
      float* out_image = output + (size_t)n * w.out_volume * os;
      for (o0 = 0; o0 < w.out[0]; ++o0)
        for (o1 = 0; o1 < w.out[1]; ++o1) {
          float* out_row = out_image + (size_t)(o0 * w.out[1] + o1) * w.out[2] * os;
          for (o2 = 0; o2 < w.out[2]; ++o2) {
            if (o2 == first && first < last) {
              /* The interior run reads the same taps, shifted by the stride. */
              edgec_window_taps_chunk_of(&w, o0, o1, o2, 1, cin, t0, &taps);
              edgec_conv_panel__run(image, (size_t)w.stride[2] * cin, last - first, &taps, cin, cout, w.kernel_volume,
                                    filter, bias, resume, act, out_row + (size_t)o2 * os, os);
              o2 = last - 1;
              continue;
            }
            edgec_window_taps_chunk_of(&w, o0, o1, o2, 0, cin, t0, &taps);
            edgec_conv_panel__pixel(image, &taps, cin, cout, w.kernel_volume, filter, bias, resume, act,
                                    out_row + (size_t)o2 * os);
          }
        }
    }
  }
}

static inline void edgec_conv_panel_f32(const edgec_conv_params* p, const float* input, const float* filter,
                                        const float* bias, float* output) {
  edgec_conv_panel_strided_f32(p, p->out_channels, input, filter, bias, output);
}

#endif /* EDGEC_KERNELS_CONV_PANEL_H */
