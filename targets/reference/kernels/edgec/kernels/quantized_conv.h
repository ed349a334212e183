/* Reference int8 convolution (TFLM ConvPerChannel / DepthwiseConvPerChannel semantics), 1-D..3-D,
 * channels-last, grouped and depthwise. */
#ifndef EDGEC_KERNELS_QUANTIZED_CONV_H
#define EDGEC_KERNELS_QUANTIZED_CONV_H

#include <stddef.h>
#include <stdint.h>

#include "edgec/kernels/conv.h"
#include "edgec/kernels/requant.h"


/* Layouts and geometry are edgec_conv_params' (conv.h); its `act` is ignored, the clamp
 * is q->act_min/act_max. For output (pixel, oc) of group g:
 *   acc = bias[oc] + sum over in-bounds taps and c < Cin/groups of (x + input_offset) * w
 *   out = clamp(requantize(acc, multiplier[oc], shift[oc]) + output_offset)
 * Padding taps contribute nothing (they hold the input zero point, so x + input_offset = 0).
 * Integer sums are exact, so the loop order is free: the paths below differ only in speed. */

/* Kernel positions k in [*lo, *hi) whose input coordinate base + k * dilation lies in
 * [0, in): hoisting these bounds out of the tap loops removes every per-tap check. */
static inline void edgec_qconv__range(int32_t base, int32_t in, int32_t dilation, int32_t kernel, int32_t* lo,
                                      int32_t* hi) {
  int32_t l = 0, h = kernel;
  if (base < 0) l = (-base + dilation - 1) / dilation;
  if (base + (kernel - 1) * dilation >= in) h = in - base <= 0 ? 0 : (in - base + dilation - 1) / dilation;
  if (h < l) h = l;
  *lo = l;
  *hi = h;
}

/* The window of output `pixel`: its base input coordinates and, per dimension, the in-bounds
 * kernel positions [lo, hi) (edgec_qconv__range). */
static inline void edgec_qconv__window(const edgec_window* w, int32_t pixel, int32_t* base, int32_t* lo, int32_t* hi) {
  int32_t d;
  edgec_conv__window_base(w, pixel, base);
  for (d = 0; d < EDGEC_MAX_SPATIAL_RANK; ++d)
    edgec_qconv__range(base[d], w->in[d], w->dilation[d], w->kernel[d], &lo[d], &hi[d]);
}

/* The input pixel under kernel position (k0, k1, k2) of the window at `base`. */
static inline int32_t edgec_qconv__in_pixel(const edgec_window* w, const int32_t* base, int32_t k0, int32_t k1,
                                            int32_t k2) {
  return ((base[0] + k0 * w->dilation[0]) * w->in[1] + base[1] + k1 * w->dilation[1]) * w->in[2] + base[2] +
         k2 * w->dilation[2];
}

/* Output channels handled together by the depthwise path (accumulators on the stack). */
#define EDGEC_QCONV_DW_CHUNK 16

/* Channel lanes of the register tile: channels c < n rounded down to a multiple of
 * EDGEC_QCONV_LANES are summed in fixed-size loops over local arrays, which GCC and Clang
 * vectorise at -O2 (the float kernels' technique); the rest go to `tail`. */
#define EDGEC_QCONV_LANES 16

/* For j = 0..3: lanes[j * LANES + l] += (x[c] + off) * f[j][c] over the channels c with
 * c % LANES == l of the full chunks, tail[j] += the same over the remaining channels. */
static inline void edgec_qconv__dot_1x4(const int8_t* x, const int8_t* const* f, int32_t n, int32_t off,
                                        int32_t* lanes, int32_t* tail) {
  int32_t a0[EDGEC_QCONV_LANES], a1[EDGEC_QCONV_LANES], a2[EDGEC_QCONV_LANES], a3[EDGEC_QCONV_LANES];
  const int8_t* f0 = f[0];
  const int8_t* f1 = f[1];
  const int8_t* f2 = f[2];
  const int8_t* f3 = f[3];
  int32_t c, l;
  for (l = 0; l < EDGEC_QCONV_LANES; ++l) {
    a0[l] = lanes[l];
    a1[l] = lanes[EDGEC_QCONV_LANES + l];
    a2[l] = lanes[2 * EDGEC_QCONV_LANES + l];
    a3[l] = lanes[3 * EDGEC_QCONV_LANES + l];
  }
  if (off >= -127 && off <= 128) {
    /* An int8 zero point: |(x + off) * w| <= 255 * 128 < 2^15, so the products are exact
     * in int16, which SIMD units multiply twice as wide as int32 (1.7x on SSE2). */
    for (c = 0; c + EDGEC_QCONV_LANES <= n; c += EDGEC_QCONV_LANES)
      for (l = 0; l < EDGEC_QCONV_LANES; ++l) {
        const int16_t xv = (int16_t)(x[c + l] + off);
        a0[l] += (int16_t)(xv * f0[c + l]);
        a1[l] += (int16_t)(xv * f1[c + l]);
        a2[l] += (int16_t)(xv * f2[c + l]);
        a3[l] += (int16_t)(xv * f3[c + l]);
      }
  } else {
    for (c = 0; c + EDGEC_QCONV_LANES <= n; c += EDGEC_QCONV_LANES)
      for (l = 0; l < EDGEC_QCONV_LANES; ++l) {
        const int32_t xv = x[c + l] + off;
        a0[l] += xv * f0[c + l];
        a1[l] += xv * f1[c + l];
        a2[l] += xv * f2[c + l];
        a3[l] += xv * f3[c + l];
      }
  }
  for (; c < n; ++c) {
    const int32_t xv = x[c] + off;
    tail[0] += xv * f0[c];
    tail[1] += xv * f1[c];
    tail[2] += xv * f2[c];
    tail[3] += xv * f3[c];
  }
  for (l = 0; l < EDGEC_QCONV_LANES; ++l) {
    lanes[l] = a0[l];
    lanes[EDGEC_QCONV_LANES + l] = a1[l];
    lanes[2 * EDGEC_QCONV_LANES + l] = a2[l];
    lanes[3 * EDGEC_QCONV_LANES + l] = a3[l];
  }
}

/* Kernels of up to this many taps have a depthwise chunk's filters gathered once into a
 * dense stack table (filters are stored kernel-major per channel, i.e. strided across the
 * channels that the depthwise loop vectorises over). */
#define EDGEC_QCONV_DW_TAPS 49

/* The in-bounds taps of the window of output pixel (o0, o1, o2): tap[i] (kernel index) and
 * pix[i] (input pixel) for i < the returned count, in kernel order. */
static inline int32_t edgec_qconv__taps(const edgec_window* w, int32_t o0, int32_t o1, int32_t o2, int32_t* tap,
                                        int32_t* pix) {
  int32_t base[EDGEC_MAX_SPATIAL_RANK], lo[EDGEC_MAX_SPATIAL_RANK], hi[EDGEC_MAX_SPATIAL_RANK];
  int32_t d, k0, k1, k2, n = 0;
  base[0] = o0 * w->stride[0] - w->pad_begin[0];
  base[1] = o1 * w->stride[1] - w->pad_begin[1];
  base[2] = o2 * w->stride[2] - w->pad_begin[2];
  for (d = 0; d < EDGEC_MAX_SPATIAL_RANK; ++d)
    edgec_qconv__range(base[d], w->in[d], w->dilation[d], w->kernel[d], &lo[d], &hi[d]);
  for (k0 = lo[0]; k0 < hi[0]; ++k0)
    for (k1 = lo[1]; k1 < hi[1]; ++k1) {
      const int32_t row = ((base[0] + k0 * w->dilation[0]) * w->in[1] + base[1] + k1 * w->dilation[1]) * w->in[2] +
                          base[2];
      const int32_t trow = (k0 * w->kernel[1] + k1) * w->kernel[2];
      for (k2 = lo[2]; k2 < hi[2]; ++k2, ++n) {
        tap[n] = trow + k2;
        pix[n] = row + k2 * w->dilation[2];
      }
    }
  return n;
}

/* Depthwise fast path (one input channel per output channel, an int8 zero point, kernels of
 * at most EDGEC_QCONV_DW_TAPS taps): pixels are the outer loop, so each window's in-bounds
 * taps are found once and then serve every channel chunk (small feature maps, where most
 * windows touch padding, spend most of their time there otherwise). Chunks are handled in
 * groups of up to EDGEC_QCONV_DW_GROUP (fewer where their filters would not fit in
 * EDGEC_QCONV_DW_TABLE bytes; 49 taps of 16 channels take 784) whose filters (dense,
 * tap-major per chunk), biases and requantization constants are gathered once per group. Chunk k starts at channel 16k,
 * the last one moved back to overlap its predecessor (those channels are computed twice, to
 * the same values); fewer channels than a chunk go through a copy, zero weights past them. */
#ifdef EDGEC_QCONV__SSE2
/* acc[j] += sum over i < nt of (x[pix[i] * stride + j] + off) * t[tap[i] * 16 + j], j < 16, for an
 * int8 zero point off (the products fit int16): taps in pairs, whose two products per channel
 * one pmaddwd sums (an odd last tap pairs with zero weights). */
static inline void edgec_qconv__dw_taps16(const int8_t* x, int32_t stride, const int8_t* t, const int32_t* tap,
                                          const int32_t* pix, int32_t nt, int32_t off, int32_t* acc) {
  const __m128i off16 = _mm_set1_epi16((int16_t)off);
  __m128i a0 = _mm_loadu_si128((const __m128i*)(const void*)acc);
  __m128i a1 = _mm_loadu_si128((const __m128i*)(const void*)(acc + 4));
  __m128i a2 = _mm_loadu_si128((const __m128i*)(const void*)(acc + 8));
  __m128i a3 = _mm_loadu_si128((const __m128i*)(const void*)(acc + 12));
  int32_t i;
  for (i = 0; i < nt; i += 2) {
    const __m128i xa = _mm_loadu_si128((const __m128i*)(const void*)(x + (size_t)pix[i] * stride));
    const __m128i wa = _mm_loadu_si128((const __m128i*)(const void*)(t + (size_t)tap[i] * 16));
    const int32_t b = i + 1 < nt ? i + 1 : i;
    const __m128i xb = _mm_loadu_si128((const __m128i*)(const void*)(x + (size_t)pix[b] * stride));
    const __m128i wb = i + 1 < nt ? _mm_loadu_si128((const __m128i*)(const void*)(t + (size_t)tap[b] * 16))
                                  : _mm_setzero_si128();
    /* bytes (a0, b0, a1, b1, ...) of channels 0..7 and 8..15, widened to int16 pairs */
    const __m128i xl = _mm_unpacklo_epi8(xa, xb), xh = _mm_unpackhi_epi8(xa, xb);
    const __m128i wl = _mm_unpacklo_epi8(wa, wb), wh = _mm_unpackhi_epi8(wa, wb);
    a0 = _mm_add_epi32(a0, _mm_madd_epi16(_mm_add_epi16(_mm_srai_epi16(_mm_unpacklo_epi8(xl, xl), 8), off16),
                                          _mm_srai_epi16(_mm_unpacklo_epi8(wl, wl), 8)));
    a1 = _mm_add_epi32(a1, _mm_madd_epi16(_mm_add_epi16(_mm_srai_epi16(_mm_unpackhi_epi8(xl, xl), 8), off16),
                                          _mm_srai_epi16(_mm_unpackhi_epi8(wl, wl), 8)));
    a2 = _mm_add_epi32(a2, _mm_madd_epi16(_mm_add_epi16(_mm_srai_epi16(_mm_unpacklo_epi8(xh, xh), 8), off16),
                                          _mm_srai_epi16(_mm_unpacklo_epi8(wh, wh), 8)));
    a3 = _mm_add_epi32(a3, _mm_madd_epi16(_mm_add_epi16(_mm_srai_epi16(_mm_unpackhi_epi8(xh, xh), 8), off16),
                                          _mm_srai_epi16(_mm_unpackhi_epi8(wh, wh), 8)));
  }
  _mm_storeu_si128((__m128i*)(void*)acc, a0);
  _mm_storeu_si128((__m128i*)(void*)(acc + 4), a1);
  _mm_storeu_si128((__m128i*)(void*)(acc + 8), a2);
  _mm_storeu_si128((__m128i*)(void*)(acc + 12), a3);
}
#endif

#define EDGEC_QCONV_DW_GROUP 16
#define EDGEC_QCONV_DW_TABLE 8192 /* bytes of the group's filter table */
static inline void edgec_conv_s8__depthwise_fast(const edgec_conv_params* p, const edgec_window* w,
                                                 const edgec_requant_params* q, const int8_t* input,
                                                 const int8_t* filter, const int32_t* bias, int8_t* output) {
  const int32_t cout = p->out_channels, off = q->input_offset, kvol = w->kernel_volume;
  const int32_t nchunks = (cout + EDGEC_QCONV_DW_CHUNK - 1) / EDGEC_QCONV_DW_CHUNK;
  const int32_t m = cout < EDGEC_QCONV_DW_CHUNK ? cout : EDGEC_QCONV_DW_CHUNK;
  const int32_t fit = EDGEC_QCONV_DW_TABLE / (kvol * EDGEC_QCONV_DW_CHUNK);
  const int32_t group = fit < EDGEC_QCONV_DW_GROUP ? fit : EDGEC_QCONV_DW_GROUP;
  int8_t table[EDGEC_QCONV_DW_TABLE];
  int32_t bb[EDGEC_QCONV_DW_GROUP * EDGEC_QCONV_DW_CHUNK];
  int32_t c0s[EDGEC_QCONV_DW_GROUP];
  edgec_qconv__rq rq[EDGEC_QCONV_DW_GROUP];
  int32_t tap[EDGEC_QCONV_DW_TAPS], pix[EDGEC_QCONV_DW_TAPS];
  int8_t xs[EDGEC_QCONV_DW_CHUNK];
  int32_t g0, k, j, t, n, o0, o1, o2;
  for (j = 0; j < EDGEC_QCONV_DW_CHUNK; ++j) xs[j] = 0;
  for (g0 = 0; g0 < nchunks; g0 += group) {
    const int32_t ng = nchunks - g0 < group ? nchunks - g0 : group;
    for (k = 0; k < ng; ++k) {
      const int32_t c = (g0 + k) * EDGEC_QCONV_DW_CHUNK;
      const int32_t oc0 = cout - c < EDGEC_QCONV_DW_CHUNK && cout >= EDGEC_QCONV_DW_CHUNK ? cout - EDGEC_QCONV_DW_CHUNK
                                                                                       : c;
      int8_t* tk = table + (size_t)k * kvol * EDGEC_QCONV_DW_CHUNK;
      c0s[k] = oc0;
      edgec_qconv__rq_init(&rq[k], q, oc0, m);
      for (t = 0; t < kvol; ++t)
        for (j = 0; j < EDGEC_QCONV_DW_CHUNK; ++j)
          tk[t * EDGEC_QCONV_DW_CHUNK + j] = j < m ? filter[(size_t)(oc0 + j) * kvol + t] : 0;
      for (j = 0; j < EDGEC_QCONV_DW_CHUNK; ++j) bb[k * EDGEC_QCONV_DW_CHUNK + j] = bias && j < m ? bias[oc0 + j] : 0;
    }
    for (n = 0; n < p->batch; ++n) {
      const int8_t* x_img = input + (size_t)n * w->in_volume * cout;
      int8_t* y = output + (size_t)n * w->out_volume * cout;
      for (o0 = 0; o0 < w->out[0]; ++o0)
        for (o1 = 0; o1 < w->out[1]; ++o1)
          for (o2 = 0; o2 < w->out[2]; ++o2, y += cout) {
            const int32_t nt = edgec_qconv__taps(w, o0, o1, o2, tap, pix);
            for (k = 0; k < ng; ++k) {
              const int8_t* tk = table + (size_t)k * kvol * EDGEC_QCONV_DW_CHUNK;
              const int8_t* xk = x_img + c0s[k];
              int32_t acc[EDGEC_QCONV_DW_CHUNK];
              int32_t i;
              for (j = 0; j < EDGEC_QCONV_DW_CHUNK; ++j) acc[j] = bb[k * EDGEC_QCONV_DW_CHUNK + j];
#ifdef EDGEC_QCONV__SSE2
              if (m == EDGEC_QCONV_DW_CHUNK) {
                edgec_qconv__dw_taps16(xk, cout, tk, tap, pix, nt, off, acc);
                edgec_qconv__rq_store(&rq[k], q, c0s[k], m, acc, y + c0s[k]);
                continue;
              }
#endif
              for (i = 0; i < nt; ++i) {
                /* int8 zero point: products are exact in int16 (see edgec_qconv__dot_1x4). */
                const int8_t* ft = tk + tap[i] * EDGEC_QCONV_DW_CHUNK;
                const int8_t* xc = xk + (size_t)pix[i] * cout;
                if (m < EDGEC_QCONV_DW_CHUNK) {
                  for (j = 0; j < m; ++j) xs[j] = xc[j];
                  xc = xs;
                }
                for (j = 0; j < EDGEC_QCONV_DW_CHUNK; ++j) acc[j] += (int16_t)((int16_t)(xc[j] + off) * ft[j]);
              }
              edgec_qconv__rq_store(&rq[k], q, c0s[k], m, acc, y + c0s[k]);
            }
          }
    }
  }
}

/* Depthwise (any conv with one input channel per group): output channel oc reads input
 * channel oc / og. Channel chunks are the outer loop, so the chunk's filters are gathered
 * once and every pixel then runs over contiguous channels. */
static inline void edgec_conv_s8__depthwise(const edgec_conv_params* p, const edgec_window* w,
                                            const edgec_requant_params* q, const int8_t* input,
                                            const int8_t* filter, const int32_t* bias, int8_t* output) {
  const int32_t cin = p->in_channels, cout = p->out_channels, og = cout / p->groups;
  const int32_t off = q->input_offset, kvol = w->kernel_volume;
  const int narrow = off >= -127 && off <= 128 && og == 1 && kvol <= EDGEC_QCONV_DW_TAPS;
  int8_t table[EDGEC_QCONV_DW_TAPS * EDGEC_QCONV_DW_CHUNK];
  int8_t xs[EDGEC_QCONV_DW_CHUNK];
  int32_t n, pixel, c, j, t;
  for (j = 0; j < EDGEC_QCONV_DW_CHUNK; ++j) xs[j] = 0;
  for (c = 0; c < cout; c += EDGEC_QCONV_DW_CHUNK) {
    /* With the int8 fast path a short last chunk is moved back to overlap the previous one
     * (those channels are computed twice, to the same values); fewer channels than a chunk
     * go through the copy `xs` of each tap's channels, zero weights past them. */
    const int32_t oc0 = narrow && cout >= EDGEC_QCONV_DW_CHUNK && cout - c < EDGEC_QCONV_DW_CHUNK
                            ? cout - EDGEC_QCONV_DW_CHUNK
                            : c;
    const int32_t m = cout - oc0 < EDGEC_QCONV_DW_CHUNK ? cout - oc0 : EDGEC_QCONV_DW_CHUNK;
    const int fast = narrow;
    edgec_qconv__rq rq;
    edgec_qconv__rq_init(&rq, q, oc0, m);
    if (fast)
      for (t = 0; t < kvol; ++t)
        for (j = 0; j < EDGEC_QCONV_DW_CHUNK; ++j)
          table[t * EDGEC_QCONV_DW_CHUNK + j] = j < m ? filter[(size_t)(oc0 + j) * kvol + t] : 0;
    for (n = 0; n < p->batch; ++n) {
      const int8_t* x_img = input + (size_t)n * w->in_volume * cin;
      for (pixel = 0; pixel < w->out_volume; ++pixel) {
        int8_t* y = output + ((size_t)n * w->out_volume + pixel) * cout;
        int32_t base[EDGEC_MAX_SPATIAL_RANK], lo[EDGEC_MAX_SPATIAL_RANK], hi[EDGEC_MAX_SPATIAL_RANK];
        int32_t acc[EDGEC_QCONV_DW_CHUNK];
        int32_t d, k0, k1, k2;
        edgec_conv__window_base(w, pixel, base);
        for (d = 0; d < EDGEC_MAX_SPATIAL_RANK; ++d)
          edgec_qconv__range(base[d], w->in[d], w->dilation[d], w->kernel[d], &lo[d], &hi[d]);
        for (j = 0; j < EDGEC_QCONV_DW_CHUNK; ++j) acc[j] = bias && j < m ? bias[oc0 + j] : 0;
        for (k0 = lo[0]; k0 < hi[0]; ++k0)
          for (k1 = lo[1]; k1 < hi[1]; ++k1)
            for (k2 = lo[2]; k2 < hi[2]; ++k2) {
              const int32_t tap = (k0 * w->kernel[1] + k1) * w->kernel[2] + k2;
              const int32_t in_pixel = ((base[0] + k0 * w->dilation[0]) * w->in[1] + base[1] + k1 * w->dilation[1]) *
                                           w->in[2] +
                                       base[2] + k2 * w->dilation[2];
              const int8_t* xp = x_img + (size_t)in_pixel * cin;
              if (fast) {
                /* int8 zero point: products are exact in int16 (see edgec_qconv__dot_1x4). */
                const int8_t* ft = table + tap * EDGEC_QCONV_DW_CHUNK;
                const int8_t* xc = xp + oc0;
                if (m < EDGEC_QCONV_DW_CHUNK) {
                  for (j = 0; j < m; ++j) xs[j] = xc[j];
                  xc = xs;
                }
                for (j = 0; j < EDGEC_QCONV_DW_CHUNK; ++j)
                  acc[j] += (int16_t)((int16_t)(xc[j] + off) * ft[j]);
              } else {
                const int8_t* fp = filter + (size_t)oc0 * kvol + tap;
                for (j = 0; j < m; ++j) acc[j] += (xp[(oc0 + j) / og] + off) * fp[(size_t)j * kvol];
              }
            }
        edgec_qconv__rq_store(&rq, q, oc0, m, acc, y + oc0);
      }
    }
  }
}

/* Output-channel blocked path (non-depthwise convs whose filters fit a small table, the
 * 1x1 / pointwise layers in particular): blocks of EDGEC_QCONV_OB output channels are the
 * outer loop; the block's filters are gathered once into a stack table, tap-major, with the
 * input channels of each tap in pairs (c, c + 1), the pair's two weights of output j
 * adjacent: table[((tap * np + i) * OB + j) * 2 + e] = w[oc0 + j][tap][2i + e] (0 beyond
 * cg or the block). Every pixel then adds, per pair, (x[2i] + off) * w0 + (x[2i+1] + off)
 * * w1 to OB accumulators side by side: a multiply-add of int16 pairs (SSE2 pmaddwd), with a
 * plain-C loop of the same sums elsewhere. The sums are exact integers, so the result is
 * the same as the generic path's. */
#define EDGEC_QCONV_OB 16
/* Largest kvol * 2 * ceil(cg / 2) of the blocked path (a table of OB times as many bytes). */
#define EDGEC_QCONV_OB_MAXK 1024

#ifdef EDGEC_QCONV__SSE2
/* The shared SSE2 steps of the blocked paths' tap loops (edgec_qconv__ob_tap{,2} here,
 * edgec_qmix__ob_tap{,2}_s16 in quantized_mixed.h); the accumulators stay caller locals. */

/* Both int16 inputs of a channel pair (x0 low), broadcast to every 32-bit lane. */
static inline __m128i edgec_qconv__ob_pair(int32_t x0, int32_t x1) {
  return _mm_set1_epi32(edgec__wrap_i32(((uint32_t)(uint16_t)x1 << 16) | (uint32_t)(uint16_t)x0));
}

static inline void edgec_qconv__ob_load(const int32_t* acc, __m128i* a) {
  a[0] = _mm_loadu_si128((const __m128i*)(const void*)acc);
  a[1] = _mm_loadu_si128((const __m128i*)(const void*)(acc + 4));
  a[2] = _mm_loadu_si128((const __m128i*)(const void*)(acc + 8));
  a[3] = _mm_loadu_si128((const __m128i*)(const void*)(acc + 12));
}

static inline void edgec_qconv__ob_store(int32_t* acc, const __m128i* a) {
  _mm_storeu_si128((__m128i*)(void*)acc, a[0]);
  _mm_storeu_si128((__m128i*)(void*)(acc + 4), a[1]);
  _mm_storeu_si128((__m128i*)(void*)(acc + 8), a[2]);
  _mm_storeu_si128((__m128i*)(void*)(acc + 12), a[3]);
}

/* a[k] += pmaddwd(weights 4k..4k+3 of table row tp, widened to int16, xv), k < 4. */
static inline void edgec_qconv__ob_madd(const int8_t* tp, __m128i xv, __m128i* a) {
  const __m128i w0 = _mm_loadu_si128((const __m128i*)(const void*)tp);
  const __m128i w1 = _mm_loadu_si128((const __m128i*)(const void*)(tp + 16));
  a[0] = _mm_add_epi32(a[0], _mm_madd_epi16(_mm_srai_epi16(_mm_unpacklo_epi8(w0, w0), 8), xv));
  a[1] = _mm_add_epi32(a[1], _mm_madd_epi16(_mm_srai_epi16(_mm_unpackhi_epi8(w0, w0), 8), xv));
  a[2] = _mm_add_epi32(a[2], _mm_madd_epi16(_mm_srai_epi16(_mm_unpacklo_epi8(w1, w1), 8), xv));
  a[3] = _mm_add_epi32(a[3], _mm_madd_epi16(_mm_srai_epi16(_mm_unpackhi_epi8(w1, w1), 8), xv));
}

/* edgec_qconv__ob_madd for two pixels' pairs va, vb (accumulators a, b), each weight widened
 * once for both. */
static inline void edgec_qconv__ob_madd2(const int8_t* tp, __m128i va, __m128i vb, __m128i* a, __m128i* b) {
  const __m128i w0 = _mm_loadu_si128((const __m128i*)(const void*)tp);
  const __m128i w1 = _mm_loadu_si128((const __m128i*)(const void*)(tp + 16));
  __m128i w = _mm_srai_epi16(_mm_unpacklo_epi8(w0, w0), 8);
  a[0] = _mm_add_epi32(a[0], _mm_madd_epi16(w, va));
  b[0] = _mm_add_epi32(b[0], _mm_madd_epi16(w, vb));
  w = _mm_srai_epi16(_mm_unpackhi_epi8(w0, w0), 8);
  a[1] = _mm_add_epi32(a[1], _mm_madd_epi16(w, va));
  b[1] = _mm_add_epi32(b[1], _mm_madd_epi16(w, vb));
  w = _mm_srai_epi16(_mm_unpacklo_epi8(w1, w1), 8);
  a[2] = _mm_add_epi32(a[2], _mm_madd_epi16(w, va));
  b[2] = _mm_add_epi32(b[2], _mm_madd_epi16(w, vb));
  w = _mm_srai_epi16(_mm_unpackhi_epi8(w1, w1), 8);
  a[3] = _mm_add_epi32(a[3], _mm_madd_epi16(w, va));
  b[3] = _mm_add_epi32(b[3], _mm_madd_epi16(w, vb));
}
#endif

/* acc[j] += sum over i < np of (x[2i] + off) * t[i][j][0] + (x[2i+1] + off) * t[i][j][1],
 * j < EDGEC_QCONV_OB (j < EDGEC_QCONV_OB / 2 when `half`: a block of at most 8 outputs),
 * where x[2i+1] is read only when 2i + 1 < cg (t is 0 there). The caller guarantees
 * |x + off| < 2^15. */
static inline void edgec_qconv__ob_tap(const int8_t* x, int32_t cg, int32_t off, const int8_t* t, int32_t* acc,
                                       int32_t half) {
  const int32_t full = cg / 2, np = (cg + 1) / 2;
  int32_t i;
#ifdef EDGEC_QCONV__SSE2
  __m128i a[4];
  edgec_qconv__ob_load(acc, a);
  if (half) {
    for (i = 0; i < np; ++i) {
      const __m128i xv = edgec_qconv__ob_pair(x[2 * i] + off, i < full ? x[2 * i + 1] + off : 0);
      const __m128i w0 = _mm_loadu_si128((const __m128i*)(const void*)(t + (size_t)i * 32));
      a[0] = _mm_add_epi32(a[0], _mm_madd_epi16(_mm_srai_epi16(_mm_unpacklo_epi8(w0, w0), 8), xv));
      a[1] = _mm_add_epi32(a[1], _mm_madd_epi16(_mm_srai_epi16(_mm_unpackhi_epi8(w0, w0), 8), xv));
    }
  } else
    for (i = 0; i < np; ++i)
      edgec_qconv__ob_madd(t + (size_t)i * 32,
                           edgec_qconv__ob_pair(x[2 * i] + off, i < full ? x[2 * i + 1] + off : 0), a);
  edgec_qconv__ob_store(acc, a);
#else
  int32_t a[EDGEC_QCONV_OB], j;
  (void)half;
  for (j = 0; j < EDGEC_QCONV_OB; ++j) a[j] = acc[j];
  for (i = 0; i < np; ++i) {
    const int32_t x0 = x[2 * i] + off;
    const int32_t x1 = i < full ? x[2 * i + 1] + off : 0;
    const int8_t* tp = t + (size_t)i * 2 * EDGEC_QCONV_OB;
    for (j = 0; j < EDGEC_QCONV_OB; ++j) a[j] += x0 * tp[2 * j] + x1 * tp[2 * j + 1];
  }
  for (j = 0; j < EDGEC_QCONV_OB; ++j) acc[j] = a[j];
#endif
}

/* edgec_qconv__ob_tap for two pixels xa, xb (accumulators acc_a, acc_b) at once: each
 * weight pair is widened once for both. */
static inline void edgec_qconv__ob_tap2(const int8_t* xa, const int8_t* xb, int32_t cg, int32_t off, const int8_t* t,
                                        int32_t* acc_a, int32_t* acc_b, int32_t half) {
#ifdef EDGEC_QCONV__SSE2
  const int32_t full = cg / 2, np = (cg + 1) / 2;
  int32_t i;
  __m128i a[4], b[4];
  if (half) { /* the other form's a[2..3]/b[2..3] would not fit the registers' budget anyway */
    edgec_qconv__ob_tap(xa, cg, off, t, acc_a, half);
    edgec_qconv__ob_tap(xb, cg, off, t, acc_b, half);
    return;
  }
  edgec_qconv__ob_load(acc_a, a);
  edgec_qconv__ob_load(acc_b, b);
  for (i = 0; i < np; ++i)
    edgec_qconv__ob_madd2(t + (size_t)i * 32, edgec_qconv__ob_pair(xa[2 * i] + off, i < full ? xa[2 * i + 1] + off : 0),
                          edgec_qconv__ob_pair(xb[2 * i] + off, i < full ? xb[2 * i + 1] + off : 0), a, b);
  edgec_qconv__ob_store(acc_a, a);
  edgec_qconv__ob_store(acc_b, b);
#else
  edgec_qconv__ob_tap(xa, cg, off, t, acc_a, half);
  edgec_qconv__ob_tap(xb, cg, off, t, acc_b, half);
#endif
}

/* True when edgec_conv_s8__blocked handles the conv. */
static inline int edgec_conv_s8__blocked_fits(const edgec_window* w, int32_t cg, int32_t off) {
  return cg > 1 && off >= -32000 && off <= 32000 &&
         (int64_t)w->kernel_volume * 2 * ((cg + 1) / 2) <= EDGEC_QCONV_OB_MAXK;
}

static inline void edgec_conv_s8__blocked(const edgec_conv_params* p, const edgec_window* w,
                                          const edgec_requant_params* q, const int8_t* input,
                                          const int8_t* filter, const int32_t* bias, int8_t* output) {
  const int32_t cin = p->in_channels, cout = p->out_channels;
  const int32_t cg = cin / p->groups, og = cout / p->groups;
  const int32_t off = q->input_offset, kvol = w->kernel_volume, np = (cg + 1) / 2;
  const size_t fs = (size_t)kvol * cg;
  const size_t tap_stride = (size_t)np * 2 * EDGEC_QCONV_OB;
  int pointwise = 1;
  int8_t table[EDGEC_QCONV_OB_MAXK * EDGEC_QCONV_OB];
  int32_t g, oc0, n, pixel, j, t, i, e, d;
  for (d = 0; d < EDGEC_MAX_SPATIAL_RANK; ++d)
    if (w->kernel[d] != 1 || w->stride[d] != 1 || w->pad_begin[d] != 0 || w->in[d] != w->out[d]) pointwise = 0;
  for (g = 0; g < p->groups; ++g)
    for (oc0 = g * og; oc0 < (g + 1) * og; oc0 += EDGEC_QCONV_OB) {
      const int32_t m = (g + 1) * og - oc0 < EDGEC_QCONV_OB ? (g + 1) * og - oc0 : EDGEC_QCONV_OB;
      const int32_t half = m <= EDGEC_QCONV_OB / 2;
      int32_t bb[EDGEC_QCONV_OB];
      edgec_qconv__rq rq;
      edgec_qconv__rq_init(&rq, q, oc0, m);
      for (t = 0; t < kvol; ++t)
        for (i = 0; i < np; ++i)
          for (j = 0; j < EDGEC_QCONV_OB; ++j)
            for (e = 0; e < 2; ++e)
              table[(size_t)t * tap_stride + ((size_t)i * EDGEC_QCONV_OB + j) * 2 + e] =
                  j < m && 2 * i + e < cg ? filter[(size_t)(oc0 + j) * fs + (size_t)t * cg + 2 * i + e] : 0;
      for (j = 0; j < EDGEC_QCONV_OB; ++j) bb[j] = bias && j < m ? bias[oc0 + j] : 0;
      for (n = 0; n < p->batch; ++n) {
        const int8_t* x_img = input + (size_t)n * w->in_volume * cin + (size_t)g * cg;
        for (pixel = 0; pixel < w->out_volume; ++pixel) {
          int8_t* y = output + ((size_t)n * w->out_volume + pixel) * cout + oc0;
          int32_t acc[EDGEC_QCONV_OB];
          for (j = 0; j < EDGEC_QCONV_OB; ++j) acc[j] = bb[j];
          if (pointwise && pixel + 1 < w->out_volume) { /* two pixels at once */
            int32_t acc_b[EDGEC_QCONV_OB];
            for (j = 0; j < EDGEC_QCONV_OB; ++j) acc_b[j] = bb[j];
            edgec_qconv__ob_tap2(x_img + (size_t)pixel * cin, x_img + (size_t)(pixel + 1) * cin, cg, off, table, acc,
                                 acc_b, half);
            edgec_qconv__rq_store(&rq, q, oc0, m, acc, y);
            edgec_qconv__rq_store(&rq, q, oc0, m, acc_b, y + cout);
            ++pixel;
            continue;
          }
          if (pointwise) {
            edgec_qconv__ob_tap(x_img + (size_t)pixel * cin, cg, off, table, acc, half);
          } else {
            int32_t base[EDGEC_MAX_SPATIAL_RANK], lo[EDGEC_MAX_SPATIAL_RANK], hi[EDGEC_MAX_SPATIAL_RANK];
            int32_t k0, k1, k2;
            edgec_conv__window_base(w, pixel, base);
            for (d = 0; d < EDGEC_MAX_SPATIAL_RANK; ++d)
              edgec_qconv__range(base[d], w->in[d], w->dilation[d], w->kernel[d], &lo[d], &hi[d]);
            for (k0 = lo[0]; k0 < hi[0]; ++k0)
              for (k1 = lo[1]; k1 < hi[1]; ++k1)
                for (k2 = lo[2]; k2 < hi[2]; ++k2) {
                  const int32_t tap = (k0 * w->kernel[1] + k1) * w->kernel[2] + k2;
                  const int32_t in_pixel =
                      ((base[0] + k0 * w->dilation[0]) * w->in[1] + base[1] + k1 * w->dilation[1]) * w->in[2] +
                      base[2] + k2 * w->dilation[2];
                  edgec_qconv__ob_tap(x_img + (size_t)in_pixel * cin, cg, off, table + (size_t)tap * tap_stride, acc,
                                      half);
                }
          }
          edgec_qconv__rq_store(&rq, q, oc0, m, acc, y);
        }
      }
    }
}

static inline void edgec_conv_s8(const edgec_conv_params* p, const edgec_requant_params* q, const int8_t* input,
                                 const int8_t* filter, const int32_t* bias, int8_t* output) {
  edgec_window w;
  const int32_t cin = p->in_channels, cout = p->out_channels;
  const int32_t cg = cin / p->groups, og = cout / p->groups;
  const int32_t off = q->input_offset;
  int32_t n, pixel;
  edgec_conv_window(p, &w);
  if (cg == 1) {
    if (og == 1 && off >= -127 && off <= 128 && w.kernel_volume >= 1 && w.kernel_volume <= EDGEC_QCONV_DW_TAPS)
      edgec_conv_s8__depthwise_fast(p, &w, q, input, filter, bias, output);
    else
      edgec_conv_s8__depthwise(p, &w, q, input, filter, bias, output);
    return;
  }
  if (edgec_conv_s8__blocked_fits(&w, cg, off)) {
    edgec_conv_s8__blocked(p, &w, q, input, filter, bias, output);
    return;
  }
  for (n = 0; n < p->batch; ++n) {
    const int8_t* x_img = input + (size_t)n * w.in_volume * cin;
    for (pixel = 0; pixel < w.out_volume; ++pixel) {
      int8_t* y = output + ((size_t)n * w.out_volume + pixel) * cout;
      int32_t base[EDGEC_MAX_SPATIAL_RANK], lo[EDGEC_MAX_SPATIAL_RANK], hi[EDGEC_MAX_SPATIAL_RANK];
      int32_t d, oc, k0, k1, k2, nb;
      edgec_conv__window_base(&w, pixel, base);
      for (d = 0; d < EDGEC_MAX_SPATIAL_RANK; ++d)
        edgec_qconv__range(base[d], w.in[d], w.dilation[d], w.kernel[d], &lo[d], &hi[d]);
      /* Register tile: 4 output channels of one group at a time (a short last block repeats
       * its last filter and drops the extra results). */
      for (oc = 0; oc < cout; oc += nb) {
        const int32_t g = oc / og;
        const int8_t* x_grp = x_img + (size_t)g * cg;
        const size_t fs = (size_t)w.kernel_volume * cg;
        int32_t lanes[4 * EDGEC_QCONV_LANES], acc[4] = {0, 0, 0, 0};
        int32_t j;
        nb = (g + 1) * og - oc < 4 ? (g + 1) * og - oc : 4;
        for (j = 0; j < 4 * EDGEC_QCONV_LANES; ++j) lanes[j] = 0;
        for (k0 = lo[0]; k0 < hi[0]; ++k0)
          for (k1 = lo[1]; k1 < hi[1]; ++k1)
            for (k2 = lo[2]; k2 < hi[2]; ++k2) {
              const int32_t tap = (k0 * w.kernel[1] + k1) * w.kernel[2] + k2;
              const int32_t in_pixel = ((base[0] + k0 * w.dilation[0]) * w.in[1] + base[1] + k1 * w.dilation[1]) *
                                           w.in[2] +
                                       base[2] + k2 * w.dilation[2];
              const int8_t* f[4];
              for (j = 0; j < 4; ++j) f[j] = filter + (size_t)(oc + (j < nb ? j : nb - 1)) * fs + (size_t)tap * cg;
              edgec_qconv__dot_1x4(x_grp + (size_t)in_pixel * cin, f, cg, off, lanes, acc);
            }
        for (j = 0; j < nb; ++j) {
          int32_t l, sum = acc[j] + (bias ? bias[oc + j] : 0);
          for (l = 0; l < EDGEC_QCONV_LANES; ++l) sum += lanes[j * EDGEC_QCONV_LANES + l];
          y[oc + j] = (int8_t)edgec_requant_output(q, oc + j, sum);
        }
      }
    }
  }
}

#endif /* EDGEC_KERNELS_QUANTIZED_CONV_H */
