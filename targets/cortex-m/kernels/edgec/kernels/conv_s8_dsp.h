/* Cortex-M DSP-extension (ARMv7E-M, ARMv8-M Mainline with DSP: Cortex-M4, M7, M33) int8
 * convolution: edgec_conv_s8_dsp has exactly edgec_conv_s8's signature and results, bit for
 * bit, for every input edgec_conv_s8 accepts (quantized_conv.h documents the semantics).
 *
 * Integer sums are exact (modulo 2^32, like the reference's int32 accumulators), so only the
 * loop order differs from the reference. Paths:
 *   - general (any rank, stride, dilation, padding, groups): im2col of two output pixels at a
 *     time into int16 with the input offset added (padding taps are 0), then dot products of
 *     two filters x two pixels with SMLAD (CMSIS-NN's technique). The column is stored in the
 *     order that __sxtb16 / __sxtb16(ror 8) unpack a word of four weights ([0,2] then [1,3]),
 *     so the filters are used as stored, with no packing. A 1x1 stride-1 unpadded conv has
 *     the same loop, its im2col only widening each pixel's channels.
 *   - depthwise (one input and one output channel per group, up to 128 taps): four channels
 *     at once, the filters regrouped into int16 pairs on the stack, SMLABB/SMLATT per channel
 *     (larger kernels take the general path).
 *   - an input offset outside [-32640, 32640] (x + offset would not fit int16; no real int8
 *     zero point does that): a plain scalar loop with the reference's int32 arithmetic.
 * Requantization is edgec_requant_output's arithmetic; for the usual int8 clamp it takes a
 * shorter exact form (edgec_dsp__rq_sat8).
 * No heap: scratch lives on the stack with fixed bounds (general path about 3.2 KB: a 2 KB
 * column; depthwise about 3.9 KB: a 2 KB filter table and tap lists); longer reductions are
 * split into chunks and wider depthwise layers into channel chunks, so every size works.
 * Without __ARM_FEATURE_DSP the intrinsics are emulated in C (same results, for host tests). */
#ifndef EDGEC_KERNELS_CONV_S8_DSP_H
#define EDGEC_KERNELS_CONV_S8_DSP_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "edgec/kernels/conv.h"
#include "edgec/kernels/quantized_conv.h"
#include "edgec/kernels/requant.h"

#if defined(__ARM_FEATURE_DSP)
#include <arm_acle.h>
#endif

/* Column scratch in 32-bit words: positions of the reduction (taps x channels) handled per
 * chunk, 4 int16 per pixel per 4 positions: two pixels x 512 positions = 2 KB. */
#define EDGEC_DSP_COL_WORDS 512
/* Output channels whose partial sums are kept across reduction chunks (2 pixels each). */
#define EDGEC_DSP_OB 32
/* x + offset fits int16 for every int8 x. */
#define EDGEC_DSP_OFF_MAX 32640

/* Unaligned 32-bit load / store (single LDR/STR on ARMv7E-M), free of aliasing issues. */
static inline int32_t edgec_dsp__ld32(const void* p) {
  int32_t v;
  memcpy(&v, p, 4);
  return v;
}

/* Two int16 halves (lo, hi) in one word. */
static inline int32_t edgec_dsp__pack16(int32_t lo, int32_t hi) {
  return edgec__wrap_i32(((uint32_t)(uint16_t)hi << 16) | (uint32_t)(uint16_t)lo);
}

#if defined(__ARM_FEATURE_DSP)
static inline int32_t edgec_dsp__smlad(int32_t a, int32_t b, int32_t c) { return __smlad(a, b, c); }
static inline int32_t edgec_dsp__smlabb(int32_t a, int32_t b, int32_t c) { return __smlabb(a, b, c); }
static inline int32_t edgec_dsp__smlatt(int32_t a, int32_t b, int32_t c) { return __smlatt(a, b, c); }
static inline int32_t edgec_dsp__sxtb16(int32_t x) { return __sxtb16(x); }
static inline int32_t edgec_dsp__sxtab16(int32_t a, int32_t x) { return __sxtab16(a, x); }
static inline int32_t edgec_dsp__qadd(int32_t a, int32_t b) { return __qadd(a, b); }
static inline int32_t edgec_dsp__ssat8(int32_t a) { return __ssat(a, 8); }
#if defined(__GNUC__)
/* The rotate folded into the instruction (GCC does not fold __ror into the builtin). */
static inline int32_t edgec_dsp__sxtb16_r8(int32_t x) {
  int32_t r;
  __asm__("sxtb16 %0, %1, ror #8" : "=r"(r) : "r"(x));
  return r;
}
static inline int32_t edgec_dsp__sxtab16_r8(int32_t a, int32_t x) {
  int32_t r;
  __asm__("sxtab16 %0, %1, %2, ror #8" : "=r"(r) : "r"(a), "r"(x));
  return r;
}
#else
static inline int32_t edgec_dsp__sxtb16_r8(int32_t x) { return __sxtb16(__ror((uint32_t)x, 8)); }
static inline int32_t edgec_dsp__sxtab16_r8(int32_t a, int32_t x) { return __sxtab16(a, __ror((uint32_t)x, 8)); }
#endif
#else
/* Plain-C equivalents of the instructions (two's-complement halves, wrapping sums). */
static inline int32_t edgec_dsp__lo16(int32_t x) { return (int16_t)(uint16_t)((uint32_t)x & 0xFFFFu); }
static inline int32_t edgec_dsp__hi16(int32_t x) { return (int16_t)(uint16_t)((uint32_t)x >> 16); }
static inline int32_t edgec_dsp__byte(int32_t x, int32_t i) { return (int8_t)(uint8_t)(((uint32_t)x >> (8 * i)) & 0xFFu); }
static inline int32_t edgec_dsp__smlad(int32_t a, int32_t b, int32_t c) {
  return edgec__wrap_i32((uint32_t)c + (uint32_t)(edgec_dsp__lo16(a) * edgec_dsp__lo16(b)) +
                         (uint32_t)(edgec_dsp__hi16(a) * edgec_dsp__hi16(b)));
}
static inline int32_t edgec_dsp__smlabb(int32_t a, int32_t b, int32_t c) {
  return edgec__wrap_i32((uint32_t)c + (uint32_t)(edgec_dsp__lo16(a) * edgec_dsp__lo16(b)));
}
static inline int32_t edgec_dsp__smlatt(int32_t a, int32_t b, int32_t c) {
  return edgec__wrap_i32((uint32_t)c + (uint32_t)(edgec_dsp__hi16(a) * edgec_dsp__hi16(b)));
}
static inline int32_t edgec_dsp__qadd(int32_t a, int32_t b) {
  const int64_t v = (int64_t)a + b;
  return v > INT32_MAX ? INT32_MAX : (v < INT32_MIN ? INT32_MIN : (int32_t)v);
}
static inline int32_t edgec_dsp__ssat8(int32_t a) { return a > 127 ? 127 : (a < -128 ? -128 : a); }
static inline int32_t edgec_dsp__sxtb16(int32_t x) { return edgec_dsp__pack16(edgec_dsp__byte(x, 0), edgec_dsp__byte(x, 2)); }
static inline int32_t edgec_dsp__sxtb16_r8(int32_t x) {
  return edgec_dsp__pack16(edgec_dsp__byte(x, 1), edgec_dsp__byte(x, 3));
}
static inline int32_t edgec_dsp__sxtab16(int32_t a, int32_t x) {
  return edgec_dsp__pack16(edgec_dsp__lo16(a) + edgec_dsp__byte(x, 0), edgec_dsp__hi16(a) + edgec_dsp__byte(x, 2));
}
static inline int32_t edgec_dsp__sxtab16_r8(int32_t a, int32_t x) {
  return edgec_dsp__pack16(edgec_dsp__lo16(a) + edgec_dsp__byte(x, 1), edgec_dsp__hi16(a) + edgec_dsp__byte(x, 3));
}
#endif

/* ---- Requantization: edgec_requant_output's arithmetic, with TFLM's high-mul written as
 * floor((a * m + 2^30) / 2^31) (its sign-dependent nudge and truncation amount to that; the
 * SSE2 path of requant.h uses the same identity) and the rounding shift as
 * (h >> e) + (remainder > threshold). Right shifts of negative values are arithmetic on every
 * compiler targeting ARM. */
#if defined(__GNUC__)
#define EDGEC_DSP__INLINE static inline __attribute__((always_inline))
#else
#define EDGEC_DSP__INLINE static inline
#endif

/* Requantization constants of one conv call. `fast` when every output can take
 * edgec_dsp__rq_fast: no multiplier INT32_MIN (which the high-mul saturates for), shifts in
 * -31..30, act_min <= act_max and the clamp bounds minus the output offset within int32 (so
 * the clamp is clamp(v, lo - off, hi - off) + off); otherwise every output goes through
 * edgec_requant_output. */
typedef struct {
  int32_t off, lo_s, hi_s, fast, sat8, per_channel;
  const int32_t* mult;
  const int32_t* shift;
} edgec_dsp__rq;

static inline void edgec_dsp__rq_init(edgec_dsp__rq* r, const edgec_requant_params* q, int32_t channels) {
  const int64_t lo_s = (int64_t)q->act_min - q->output_offset, hi_s = (int64_t)q->act_max - q->output_offset;
  const int32_t n = q->per_channel ? channels : 1;
  int32_t i;
  r->off = q->output_offset;
  r->per_channel = q->per_channel;
  r->mult = q->multiplier;
  r->shift = q->shift;
  r->fast = q->act_min <= q->act_max && lo_s >= INT32_MIN && hi_s <= INT32_MAX;
  r->lo_s = r->fast ? (int32_t)lo_s : 0;
  r->hi_s = r->fast ? (int32_t)hi_s : 0;
  for (i = 0; i < n && r->fast; ++i)
    if (q->multiplier[i] == INT32_MIN || q->shift[i] > 30 || q->shift[i] < -31) r->fast = 0;
  /* edgec_dsp__rq_sat8 besides: the int8 clamp [-128, 127], right shifts of 1..31 and an
   * offset that cannot overflow; its saturating rounding add may give 2^(31-e) - 1 instead of
   * 2^(31-e) for accumulators near the int32 limit, which must clamp to 127 all the same. */
  r->sat8 = r->fast && q->act_min == -128 && q->act_max == 127 && q->output_offset >= -(1 << 29) &&
            q->output_offset <= (1 << 29);
  for (i = 0; i < n && r->sat8; ++i)
    if (q->shift[i] > -1 || ((int64_t)1 << (31 + q->shift[i])) - 1 + q->output_offset < 127) r->sat8 = 0;
}

/* edgec_requant_output under r->sat8, for e = -shift and nudge = 2^(e-1): the rounding shift
 * floor((h + nudge - (h < 0)) / 2^e) is gemmlowp's round-half-away-from-zero. */
EDGEC_DSP__INLINE int32_t edgec_dsp__rq_sat8(int32_t acc, int32_t m, int32_t e, int32_t nudge, int32_t off) {
  const int32_t h = (int32_t)(((int64_t)acc * m + ((int64_t)1 << 30)) >> 31);
  return edgec_dsp__ssat8((edgec_dsp__qadd(h, nudge + (h >> 31)) >> e) + off);
}

/* edgec_requantize + offset + clamp under the conditions of r->fast. */
EDGEC_DSP__INLINE int32_t edgec_dsp__rq_fast(const edgec_dsp__rq* r, int32_t m, int32_t s, int32_t acc) {
  const int32_t left = s > 0 ? s : 0, right = left - s;
  const int32_t mask = (int32_t)(((uint32_t)1 << right) - 1u);
  const int32_t h = (int32_t)(((int64_t)edgec__wrap_i32((uint32_t)acc << left) * m + ((int64_t)1 << 30)) >> 31);
  /* rounding shift: + 1 when remainder > mask / 2 + (h < 0), i.e. remainder + (h >> 31) > mask / 2 */
  int32_t v = (h >> right) + ((h & mask) + (h >> 31) > (mask >> 1) ? 1 : 0);
  v = v < r->lo_s ? r->lo_s : v;
  v = v > r->hi_s ? r->hi_s : v;
  return v + r->off;
}

/* edgec_requant_output(q, ch, acc). */
EDGEC_DSP__INLINE int32_t edgec_dsp__requant(const edgec_requant_params* q, const edgec_dsp__rq* r, int32_t ch,
                                             int32_t acc) {
  const int32_t i = r->per_channel ? ch : 0;
  if (!r->fast) return edgec_requant_output(q, ch, acc);
  return edgec_dsp__rq_fast(r, r->mult[i], r->shift[i], acc);
}

/* ---- The two-pixel column. Reduction position j (tap-major, then channel, as a filter row
 * is stored) of pixel `which` (0/1) sits at int16 index (j / 4) * 8 + which * 4 + perm(j % 4),
 * perm = {0, 2, 1, 3}: per 4 positions, pixel A's two words then pixel B's, each word the pair
 * that __sxtb16 (positions 0, 2) or __sxtb16(ror 8) (positions 1, 3) makes of 4 weights. */
static inline void edgec_dsp__col_put(int32_t* col, int32_t j, int32_t which, int32_t v) {
  const int16_t h = (int16_t)v;
  memcpy((char*)col + 2 * (((j >> 2) << 3) + (which << 2) + (((j & 1) << 1) | ((j >> 1) & 1))), &h, 2);
}

/* Positions [j, j + n) of pixel `which` from the int8 values s[0..n) plus the offset (off2 =
 * the offset in both halves), or zeros when s is NULL (a padding tap). Whole aligned groups of
 * 4 take one load and two SXTAB16. */
static inline void edgec_dsp__col_seg(int32_t* col, int32_t j, int32_t n, int32_t which, const int8_t* s,
                                      int32_t off, int32_t off2) {
  int32_t e = 0;
  if (!s) {
    for (; e < n; ++e) edgec_dsp__col_put(col, j + e, which, 0);
    return;
  }
  for (; e < n && ((j + e) & 3) != 0; ++e) edgec_dsp__col_put(col, j + e, which, s[e] + off);
  {
    int32_t* d = col + ((j + e) >> 2) * 4 + which * 2;
    for (; e + 4 <= n; e += 4, d += 4) {
      const int32_t v = edgec_dsp__ld32(s + e);
      d[0] = edgec_dsp__sxtab16(off2, v);
      d[1] = edgec_dsp__sxtab16_r8(off2, v);
    }
  }
  for (; e < n; ++e) edgec_dsp__col_put(col, j + e, which, s[e] + off);
}

/* Positions [k0, k0 + kc) of the column of the window at `base` (NULL: a missing pixel, all
 * zeros), then zeros up to the next multiple of 4. x points at the group's first channel of
 * the image; cin is the pixel stride. */
static inline void edgec_dsp__im2col(const edgec_window* w, const int32_t* base, const int8_t* x, int32_t cin,
                                     int32_t cg, int32_t k0, int32_t kc, int32_t off, int32_t* col, int32_t which) {
  const int32_t off2 = edgec_dsp__pack16(off, off);
  int32_t t = k0 / cg, c = k0 - t * cg, j = 0, kk0, kk1, kk2;
  kk2 = t % w->kernel[2];
  kk1 = (t / w->kernel[2]) % w->kernel[1];
  kk0 = t / (w->kernel[2] * w->kernel[1]);
  while (j < kc) {
    const int32_t n = cg - c < kc - j ? cg - c : kc - j;
    const int8_t* s = NULL;
    if (base) {
      const int32_t i0 = base[0] + kk0 * w->dilation[0];
      const int32_t i1 = base[1] + kk1 * w->dilation[1];
      const int32_t i2 = base[2] + kk2 * w->dilation[2];
      if (i0 >= 0 && i0 < w->in[0] && i1 >= 0 && i1 < w->in[1] && i2 >= 0 && i2 < w->in[2])
        s = x + (size_t)((i0 * w->in[1] + i1) * w->in[2] + i2) * cin + c;
    }
    edgec_dsp__col_seg(col, j, n, which, s, off, off2);
    j += n;
    c = 0;
    if (++kk2 == w->kernel[2]) {
      kk2 = 0;
      if (++kk1 == w->kernel[1]) {
        kk1 = 0;
        ++kk0;
      }
    }
  }
  for (; j & 3; ++j) edgec_dsp__col_put(col, j, which, 0);
}

/* edgec_dsp__im2col of a whole column (kc = kdim <= EDGEC_DSP_COL_WORDS) for an offset with
 * -offset in int8 (every real zero point): the window's taps are gathered as bytes into buf
 * (padding taps and the rounding to 4 filled with -offset, which the offset turns into 0),
 * then widened four at a time with two SXTAB16. Cheaper than element-wise placement when a
 * tap's channels are not a multiple of 4 (an RGB stem conv: 3). */
static inline void edgec_dsp__im2col_bytes(const edgec_window* w, const int32_t* base, const int8_t* x,
                                           int32_t cin, int32_t cg, int32_t kdim, int32_t off, int32_t* col,
                                           int32_t which, int8_t* buf) {
  const int32_t off2 = edgec_dsp__pack16(off, off);
  const int8_t pad = (int8_t)-off;
  int8_t* b = buf;
  int32_t k0, k1, k2, j, c;
  for (k0 = 0; k0 < w->kernel[0]; ++k0) {
    const int32_t i0 = base[0] + k0 * w->dilation[0];
    for (k1 = 0; k1 < w->kernel[1]; ++k1) {
      const int32_t i1 = base[1] + k1 * w->dilation[1];
      const int row_ok = i0 >= 0 && i0 < w->in[0] && i1 >= 0 && i1 < w->in[1];
      const int8_t* xr = row_ok ? x + (size_t)((i0 * w->in[1] + i1) * w->in[2]) * cin : x;
      int32_t i2 = base[2];
      for (k2 = 0; k2 < w->kernel[2]; ++k2, i2 += w->dilation[2], b += cg) {
        if (row_ok && i2 >= 0 && i2 < w->in[2]) {
          const int8_t* s = xr + (size_t)i2 * cin;
          if (cg >= 16)
            memcpy(b, s, (size_t)cg);
          else
            for (c = 0; c < cg; ++c) b[c] = s[c];
        } else {
          for (c = 0; c < cg; ++c) b[c] = pad;
        }
      }
    }
  }
  for (j = kdim; j & 3; ++j) buf[j] = pad;
  for (j = 0; j < kdim; j += 4, col += 4) {
    const int32_t v = edgec_dsp__ld32(buf + j);
    col[which * 2] = edgec_dsp__sxtab16(off2, v);
    col[which * 2 + 1] = edgec_dsp__sxtab16_r8(off2, v);
  }
}

/* The first n (1..3) bytes at p in a word, zeros above (no read past p[n - 1]). */
static inline int32_t edgec_dsp__ld_part(const int8_t* p, int32_t n) {
  uint32_t v = (uint8_t)p[0];
  if (n > 1) v |= (uint32_t)(uint8_t)p[1] << 8;
  if (n > 2) v |= (uint32_t)(uint8_t)p[2] << 16;
  return edgec__wrap_i32(v);
}

/* acc[0] += A . f0, acc[1] += A . f1, acc[2] += B . f0, acc[3] += B . f1 over k positions of
 * the column (pixels A, B) and the filter rows f0, f1 (int8, as stored). */
static inline void edgec_dsp__mm_2x2(const int32_t* col, const int8_t* f0, const int8_t* f1, int32_t k,
                                     int32_t* acc) {
  int32_t a0 = acc[0], a1 = acc[1], b0 = acc[2], b1 = acc[3];
  int32_t n = k >> 2;
  /* Per 4 positions: 2 weight loads, 4 unpacks, 2 double-word column loads, 8 SMLAD. */
  for (; n > 0; --n) {
    const int32_t u = edgec_dsp__ld32(f0), v = edgec_dsp__ld32(f1);
    const int32_t u0 = edgec_dsp__sxtb16(u), u1 = edgec_dsp__sxtb16_r8(u);
    const int32_t v0 = edgec_dsp__sxtb16(v), v1 = edgec_dsp__sxtb16_r8(v);
    int32_t x0 = col[0], x1 = col[1];
    a0 = edgec_dsp__smlad(u0, x0, a0);
    a1 = edgec_dsp__smlad(v0, x0, a1);
    a0 = edgec_dsp__smlad(u1, x1, a0);
    a1 = edgec_dsp__smlad(v1, x1, a1);
    x0 = col[2];
    x1 = col[3];
    b0 = edgec_dsp__smlad(u0, x0, b0);
    b1 = edgec_dsp__smlad(v0, x0, b1);
    b0 = edgec_dsp__smlad(u1, x1, b0);
    b1 = edgec_dsp__smlad(v1, x1, b1);
    f0 += 4;
    f1 += 4;
    col += 4;
  }
  if (k & 3) { /* the column holds zeros past k */
    const int32_t u = edgec_dsp__ld_part(f0, k & 3), v = edgec_dsp__ld_part(f1, k & 3);
    const int32_t u0 = edgec_dsp__sxtb16(u), u1 = edgec_dsp__sxtb16_r8(u);
    const int32_t v0 = edgec_dsp__sxtb16(v), v1 = edgec_dsp__sxtb16_r8(v);
    a0 = edgec_dsp__smlad(u1, col[1], edgec_dsp__smlad(u0, col[0], a0));
    a1 = edgec_dsp__smlad(v1, col[1], edgec_dsp__smlad(v0, col[0], a1));
    b0 = edgec_dsp__smlad(u1, col[3], edgec_dsp__smlad(u0, col[2], b0));
    b1 = edgec_dsp__smlad(v1, col[3], edgec_dsp__smlad(v0, col[2], b1));
  }
  acc[0] = a0;
  acc[1] = a1;
  acc[2] = b0;
  acc[3] = b1;
}

/* Stores the requantized 2x2 block acc (pixel A: channels oc, oc1; pixel B: the same) at
 * ya/yb; oc1 == oc for a lone last channel, has_b == 0 for a lone last pixel. sat8: the
 * conv's r->sat8 (a constant where this is inlined). */
EDGEC_DSP__INLINE void edgec_dsp__store_2x2(const edgec_requant_params* q, const edgec_dsp__rq* r, int sat8,
                                            int32_t oc, int32_t oc1, const int32_t* acc, int has_b, int8_t* ya,
                                            int8_t* yb) {
  if (sat8) {
    const int32_t i0 = r->per_channel ? oc : 0, i1 = r->per_channel ? oc1 : 0;
    const int32_t m0 = r->mult[i0], e0 = -r->shift[i0], m1 = r->mult[i1], e1 = -r->shift[i1];
    const int32_t n0 = 1 << (e0 - 1), n1 = 1 << (e1 - 1);
    ya[oc] = (int8_t)edgec_dsp__rq_sat8(acc[0], m0, e0, n0, r->off);
    ya[oc1] = (int8_t)edgec_dsp__rq_sat8(acc[1], m1, e1, n1, r->off);
    if (has_b) {
      yb[oc] = (int8_t)edgec_dsp__rq_sat8(acc[2], m0, e0, n0, r->off);
      yb[oc1] = (int8_t)edgec_dsp__rq_sat8(acc[3], m1, e1, n1, r->off);
    }
  } else {
    ya[oc] = (int8_t)edgec_dsp__requant(q, r, oc, acc[0]);
    ya[oc1] = (int8_t)edgec_dsp__requant(q, r, oc1, acc[1]);
    if (has_b) {
      yb[oc] = (int8_t)edgec_dsp__requant(q, r, oc, acc[2]);
      yb[oc1] = (int8_t)edgec_dsp__requant(q, r, oc1, acc[3]);
    }
  }
}

/* base = the window corner of output coordinates o, then o steps to the next pixel. */
static inline void edgec_dsp__step(const edgec_window* w, int32_t* o, int32_t* base) {
  int32_t d;
  for (d = 0; d < EDGEC_MAX_SPATIAL_RANK; ++d) base[d] = o[d] * w->stride[d] - w->pad_begin[d];
  if (++o[2] == w->out[2]) {
    o[2] = 0;
    if (++o[1] == w->out[1]) {
      o[1] = 0;
      ++o[0];
    }
  }
}

/* General path (any geometry and groups; |input_offset| <= EDGEC_DSP_OFF_MAX). Pixel pairs
 * are the outer loop; per group the pair's column is built once (reductions up to 512
 * positions) and serves every output channel pair of the group. Longer reductions go in
 * chunks of 512 positions, blocks of EDGEC_DSP_OB output channels keeping partial sums. A
 * missing second pixel (odd count) and a missing second filter (odd channel count) are
 * computed on a zero column / a repeated filter and dropped. */
EDGEC_DSP__INLINE void edgec_dsp__general_body(const edgec_conv_params* p, const edgec_window* w,
                                               const edgec_requant_params* q, const edgec_dsp__rq* r, int sat8,
                                               const int8_t* input, const int8_t* filter, const int32_t* bias,
                                               int8_t* output) {
  const int32_t cin = p->in_channels, cout = p->out_channels;
  const int32_t cg = cin / p->groups, og = cout / p->groups;
  const int32_t off = q->input_offset, off2 = edgec_dsp__pack16(off, off);
  const int32_t kdim = w->kernel_volume * cg;
  const int32_t kc_max = EDGEC_DSP_COL_WORDS;
  int32_t col[EDGEC_DSP_COL_WORDS];
  int32_t part[2 * EDGEC_DSP_OB];
  int8_t buf[EDGEC_DSP_COL_WORDS + 4];
  int32_t n, pixel, g, oc, d;
  int pointwise = 1;
  for (d = 0; d < EDGEC_MAX_SPATIAL_RANK; ++d)
    if (w->kernel[d] != 1 || w->stride[d] != 1 || w->pad_begin[d] != 0 || w->in[d] != w->out[d]) pointwise = 0;
  for (n = 0; n < p->batch; ++n) {
    const int8_t* x_img = input + (size_t)n * w->in_volume * cin;
    int8_t* y_img = output + (size_t)n * w->out_volume * cout;
    int32_t oc3[EDGEC_MAX_SPATIAL_RANK] = {0, 0, 0};
    for (pixel = 0; pixel < w->out_volume; pixel += 2) {
      const int has_b = pixel + 1 < w->out_volume;
      int32_t base_a[EDGEC_MAX_SPATIAL_RANK], base_b[EDGEC_MAX_SPATIAL_RANK];
      int8_t* ya = y_img + (size_t)pixel * cout;
      int8_t* yb = ya + cout;
      if (!pointwise) {
        /* window corners from output coordinates stepped along (no divisions per pixel) */
        edgec_dsp__step(w, oc3, base_a);
        if (has_b) edgec_dsp__step(w, oc3, base_b);
      }
      for (g = 0; g < p->groups; ++g) {
        const int8_t* xg = x_img + (size_t)g * cg;
        const int32_t oc_end = (g + 1) * og;
        if (kdim <= kc_max) {
          /* The whole column at once. */
          const int8_t* f = filter + (size_t)g * og * kdim;
          if (pointwise) {
            int32_t j;
            edgec_dsp__col_seg(col, 0, cg, 0, xg + (size_t)pixel * cin, off, off2);
            edgec_dsp__col_seg(col, 0, cg, 1, has_b ? xg + (size_t)(pixel + 1) * cin : NULL, off, off2);
            for (j = cg; j & 3; ++j) {
              edgec_dsp__col_put(col, j, 0, 0);
              edgec_dsp__col_put(col, j, 1, 0);
            }
          } else if (off >= -127 && off <= 128) {
            edgec_dsp__im2col_bytes(w, base_a, xg, cin, cg, kdim, off, col, 0, buf);
            if (has_b)
              edgec_dsp__im2col_bytes(w, base_b, xg, cin, cg, kdim, off, col, 1, buf);
            else
              edgec_dsp__im2col(w, NULL, xg, cin, cg, 0, kdim, off, col, 1);
          } else {
            edgec_dsp__im2col(w, base_a, xg, cin, cg, 0, kdim, off, col, 0);
            edgec_dsp__im2col(w, has_b ? base_b : NULL, xg, cin, cg, 0, kdim, off, col, 1);
          }
          for (oc = g * og; oc < oc_end; oc += 2, f += 2 * kdim) {
            const int32_t oc1 = oc + 1 < oc_end ? oc + 1 : oc;
            int32_t acc[4];
            acc[0] = acc[2] = bias ? bias[oc] : 0;
            acc[1] = acc[3] = bias ? bias[oc1] : 0;
            edgec_dsp__mm_2x2(col, f, oc1 != oc ? f + kdim : f, kdim, acc);
            edgec_dsp__store_2x2(q, r, sat8, oc, oc1, acc, has_b, ya, yb);
          }
        } else {
          /* Reduction chunks, output-channel blocks keeping partial sums in `part`. */
          int32_t ob;
          for (ob = g * og; ob < oc_end; ob += EDGEC_DSP_OB) {
            const int32_t nb = oc_end - ob < EDGEC_DSP_OB ? oc_end - ob : EDGEC_DSP_OB;
            int32_t j, k0;
            for (j = 0; j < nb; ++j) part[2 * j] = part[2 * j + 1] = bias ? bias[ob + j] : 0;
            for (k0 = 0; k0 < kdim; k0 += kc_max) {
              const int32_t kc = kdim - k0 < kc_max ? kdim - k0 : kc_max;
              const int32_t* pa = pointwise ? NULL : base_a;
              const int32_t* pb = pointwise ? NULL : base_b;
              int32_t ca[EDGEC_MAX_SPATIAL_RANK], cb[EDGEC_MAX_SPATIAL_RANK];
              if (pointwise) { /* a 1x1 window at the pixel itself */
                edgec_unravel(pixel, EDGEC_MAX_SPATIAL_RANK, w->out, ca);
                pa = ca;
                if (has_b) {
                  edgec_unravel(pixel + 1, EDGEC_MAX_SPATIAL_RANK, w->out, cb);
                  pb = cb;
                }
              }
              edgec_dsp__im2col(w, pa, xg, cin, cg, k0, kc, off, col, 0);
              edgec_dsp__im2col(w, has_b ? pb : NULL, xg, cin, cg, k0, kc, off, col, 1);
              for (j = 0; j < nb; j += 2) {
                const int32_t j1 = j + 1 < nb ? j + 1 : j;
                int32_t acc[4];
                acc[0] = part[2 * j];
                acc[1] = part[2 * j1];
                acc[2] = part[2 * j + 1];
                acc[3] = part[2 * j1 + 1];
                edgec_dsp__mm_2x2(col, filter + (size_t)(ob + j) * kdim + k0, filter + (size_t)(ob + j1) * kdim + k0,
                                  kc, acc);
                part[2 * j] = acc[0];
                part[2 * j + 1] = acc[2];
                if (j1 != j) {
                  part[2 * j1] = acc[1];
                  part[2 * j1 + 1] = acc[3];
                }
              }
            }
            for (j = 0; j < nb; j += 2) {
              const int32_t j1 = j + 1 < nb ? j + 1 : j;
              int32_t acc[4];
              acc[0] = part[2 * j];
              acc[1] = part[2 * j1];
              acc[2] = part[2 * j + 1];
              acc[3] = part[2 * j1 + 1];
              edgec_dsp__store_2x2(q, r, sat8, ob + j, ob + j1, acc, has_b, ya, yb);
            }
          }
        }
      }
    }
  }
}

static inline void edgec_dsp__conv_general(const edgec_conv_params* p, const edgec_window* w,
                                           const edgec_requant_params* q, const int8_t* input, const int8_t* filter,
                                           const int32_t* bias, int8_t* output) {
  edgec_dsp__rq r;
  edgec_dsp__rq_init(&r, q, p->out_channels);
  /* Two copies: the common int8 clamp with its short requantization, and everything else. */
  if (r.sat8)
    edgec_dsp__general_body(p, w, q, &r, 1, input, filter, bias, output);
  else
    edgec_dsp__general_body(p, w, q, &r, 0, input, filter, bias, output);
}

/* Depthwise path (cin/groups == cout/groups == 1, |input_offset| <= EDGEC_DSP_OFF_MAX, kernels
 * of at most EDGEC_DSP_DW_TAPS taps). Channels in chunks whose filters fit the table: per 4
 * channels c..c+3 and tap t the words (w[c], w[c+2]) and (w[c+1], w[c+3]) as int16, matching
 * SXTAB16 of the 4 input bytes (plus offset) and its ror-8 form; SMLABB/SMLATT then add one
 * product per channel. A window wholly inside the input walks the table in order with the
 * taps' fixed input offsets (toff); one touching the padding gets a list of its in-bounds taps
 * (input offset, table offset), so padding costs nothing. Channels past the last multiple of
 * 4 go through a scalar loop over the same list. */
#define EDGEC_DSP_DW_TAPS 128
#define EDGEC_DSP_DW_TABLE 2048 /* bytes of the filter table: 8 per tap per 4 channels */

/* The 4 channels' sums over nt taps: input bytes at xc + xo[i * xs] (xs = 1: fixed offsets,
 * table walked in order; xs = 2: a tap list, table offsets (bytes) at xo[2i + 1]). */
EDGEC_DSP__INLINE void edgec_dsp__dw4(const int8_t* xc, const int32_t* xo, int32_t nt, int list, const int32_t* tg,
                                      int32_t off2, int32_t* acc) {
  int32_t a0 = acc[0], a1 = acc[1], a2 = acc[2], a3 = acc[3];
  const int32_t* end = xo + (list ? 2 : 1) * nt;
  for (; xo < end; xo += list ? 2 : 1) {
    const int32_t v = edgec_dsp__ld32(xc + xo[0]);
    const int32_t* wp = list ? (const int32_t*)(const void*)((const char*)tg + xo[1]) : tg;
    const int32_t xe = edgec_dsp__sxtab16(off2, v), xo8 = edgec_dsp__sxtab16_r8(off2, v);
    const int32_t we = wp[0], wo = wp[1];
    a0 = edgec_dsp__smlabb(xe, we, a0);
    a2 = edgec_dsp__smlatt(xe, we, a2);
    a1 = edgec_dsp__smlabb(xo8, wo, a1);
    a3 = edgec_dsp__smlatt(xo8, wo, a3);
    if (!list) tg += 2;
  }
  acc[0] = a0;
  acc[1] = a1;
  acc[2] = a2;
  acc[3] = a3;
}

EDGEC_DSP__INLINE void edgec_dsp__dw_body(const edgec_conv_params* p, const edgec_window* w,
                                          const edgec_requant_params* q, const edgec_dsp__rq* r, int sat8,
                                          const int8_t* input, const int8_t* filter, const int32_t* bias,
                                          int8_t* output) {
  const int32_t C = p->out_channels, kvol = w->kernel_volume, c4 = C & ~3;
  const int32_t off = q->input_offset, off2 = edgec_dsp__pack16(off, off);
  const int32_t cb_max = EDGEC_DSP_DW_TABLE / (8 * kvol) * 4;
  int32_t tab[EDGEC_DSP_DW_TABLE / 4];
  int32_t toff[EDGEC_DSP_DW_TAPS];     /* input byte offset of each tap from the window corner */
  int32_t list[2 * EDGEC_DSP_DW_TAPS]; /* per in-bounds tap: input byte offset, table byte offset */
  int32_t span[EDGEC_MAX_SPATIAL_RANK];
  int32_t c0, n, o0, o1, o2, k0, k1, k2, t, d;
  t = 0;
  for (k0 = 0; k0 < w->kernel[0]; ++k0)
    for (k1 = 0; k1 < w->kernel[1]; ++k1)
      for (k2 = 0; k2 < w->kernel[2]; ++k2, ++t)
        toff[t] = ((k0 * w->dilation[0] * w->in[1] + k1 * w->dilation[1]) * w->in[2] + k2 * w->dilation[2]) * C;
  for (d = 0; d < EDGEC_MAX_SPATIAL_RANK; ++d) span[d] = (w->kernel[d] - 1) * w->dilation[d];
  for (c0 = 0; c0 < C; c0 += cb_max) {
    const int32_t cb = c4 - c0 < cb_max ? (c4 > c0 ? c4 - c0 : 0) : cb_max;
    const int32_t ce = c0 + cb_max < C ? c0 + cb_max : C; /* channels [c0 + cb, ce) go scalar */
    int32_t i;
    for (i = 0; i < cb; i += 4)
      for (t = 0; t < kvol; ++t) {
        const int8_t* f = filter + (size_t)(c0 + i) * kvol + t;
        tab[(i / 4 * kvol + t) * 2] = edgec_dsp__pack16(f[0], f[2 * kvol]);
        tab[(i / 4 * kvol + t) * 2 + 1] = edgec_dsp__pack16(f[kvol], f[3 * kvol]);
      }
    for (n = 0; n < p->batch; ++n) {
      const int8_t* x_img = input + (size_t)n * w->in_volume * C;
      int8_t* y = output + (size_t)n * w->out_volume * C;
      for (o0 = 0; o0 < w->out[0]; ++o0)
        for (o1 = 0; o1 < w->out[1]; ++o1) {
          const int32_t b0 = o0 * w->stride[0] - w->pad_begin[0], b1 = o1 * w->stride[1] - w->pad_begin[1];
          const int rows_in = b0 >= 0 && b0 + span[0] < w->in[0] && b1 >= 0 && b1 + span[1] < w->in[1];
          for (o2 = 0; o2 < w->out[2]; ++o2, y += C) {
            const int32_t b2 = o2 * w->stride[2] - w->pad_begin[2];
            const int inside = rows_in && b2 >= 0 && b2 + span[2] < w->in[2];
            const int8_t* xw = x_img; /* the window corner (inside) */
            int32_t nt = kvol, c;
            if (inside) {
              xw += (size_t)((b0 * w->in[1] + b1) * w->in[2] + b2) * C;
            } else {
              const int32_t base[EDGEC_MAX_SPATIAL_RANK] = {b0, b1, b2};
              int32_t lo[EDGEC_MAX_SPATIAL_RANK], hi[EDGEC_MAX_SPATIAL_RANK];
              for (d = 0; d < EDGEC_MAX_SPATIAL_RANK; ++d)
                edgec_qconv__range(base[d], w->in[d], w->dilation[d], w->kernel[d], &lo[d], &hi[d]);
              nt = 0;
              for (k0 = lo[0]; k0 < hi[0]; ++k0)
                for (k1 = lo[1]; k1 < hi[1]; ++k1)
                  for (k2 = lo[2]; k2 < hi[2]; ++k2, ++nt) {
                    list[2 * nt] = edgec_qconv__in_pixel(w, base, k0, k1, k2) * C;
                    list[2 * nt + 1] = ((k0 * w->kernel[1] + k1) * w->kernel[2] + k2) * 8;
                  }
            }
            for (i = 0; i < cb; i += 4) {
              const int32_t* tg = tab + i / 4 * kvol * 2;
              int32_t acc[4] = {0, 0, 0, 0};
              c = c0 + i;
              if (bias) {
                acc[0] = bias[c];
                acc[1] = bias[c + 1];
                acc[2] = bias[c + 2];
                acc[3] = bias[c + 3];
              }
              if (inside)
                edgec_dsp__dw4(xw + c, toff, kvol, 0, tg, off2, acc);
              else
                edgec_dsp__dw4(xw + c, list, nt, 1, tg, off2, acc);
              if (sat8) {
                const int32_t* ms = r->mult + (r->per_channel ? c : 0);
                const int32_t* ss = r->shift + (r->per_channel ? c : 0);
                const int32_t st = r->per_channel ? 1 : 0;
                int32_t e = -ss[0];
                y[c] = (int8_t)edgec_dsp__rq_sat8(acc[0], ms[0], e, 1 << (e - 1), r->off);
                e = -ss[st];
                y[c + 1] = (int8_t)edgec_dsp__rq_sat8(acc[1], ms[st], e, 1 << (e - 1), r->off);
                e = -ss[2 * st];
                y[c + 2] = (int8_t)edgec_dsp__rq_sat8(acc[2], ms[2 * st], e, 1 << (e - 1), r->off);
                e = -ss[3 * st];
                y[c + 3] = (int8_t)edgec_dsp__rq_sat8(acc[3], ms[3 * st], e, 1 << (e - 1), r->off);
              } else {
                y[c] = (int8_t)edgec_dsp__requant(q, r, c, acc[0]);
                y[c + 1] = (int8_t)edgec_dsp__requant(q, r, c + 1, acc[1]);
                y[c + 2] = (int8_t)edgec_dsp__requant(q, r, c + 2, acc[2]);
                y[c + 3] = (int8_t)edgec_dsp__requant(q, r, c + 3, acc[3]);
              }
            }
            for (c = c0 + cb; c < ce; ++c) { /* leftover channels, one at a time */
              int32_t acc = bias ? bias[c] : 0;
              for (t = 0; t < nt; ++t) {
                const int32_t xoff = inside ? toff[t] : list[2 * t];
                const int32_t tap = inside ? t : list[2 * t + 1] / 8;
                acc = edgec_dsp__smlabb(xw[xoff + c] + off, filter[(size_t)c * kvol + tap], acc);
              }
              y[c] = (int8_t)edgec_dsp__requant(q, r, c, acc);
            }
          }
        }
    }
  }
}

static inline void edgec_dsp__conv_dw(const edgec_conv_params* p, const edgec_window* w,
                                      const edgec_requant_params* q, const int8_t* input, const int8_t* filter,
                                      const int32_t* bias, int8_t* output) {
  edgec_dsp__rq r;
  edgec_dsp__rq_init(&r, q, p->out_channels);
  if (r.sat8)
    edgec_dsp__dw_body(p, w, q, &r, 1, input, filter, bias, output);
  else
    edgec_dsp__dw_body(p, w, q, &r, 0, input, filter, bias, output);
}

/* Any input offset: the reference's arithmetic (int32 sums modulo 2^32) one output at a time. */
static inline void edgec_dsp__conv_wide(const edgec_conv_params* p, const edgec_window* w,
                                        const edgec_requant_params* q, const int8_t* input, const int8_t* filter,
                                        const int32_t* bias, int8_t* output) {
  const int32_t cin = p->in_channels, cout = p->out_channels;
  const int32_t cg = cin / p->groups, og = cout / p->groups, off = q->input_offset;
  const size_t fs = (size_t)w->kernel_volume * cg;
  int32_t n, pixel, oc, d, k0, k1, k2, c;
  for (n = 0; n < p->batch; ++n)
    for (pixel = 0; pixel < w->out_volume; ++pixel) {
      int32_t base[EDGEC_MAX_SPATIAL_RANK], lo[EDGEC_MAX_SPATIAL_RANK], hi[EDGEC_MAX_SPATIAL_RANK];
      edgec_conv__window_base(w, pixel, base);
      for (d = 0; d < EDGEC_MAX_SPATIAL_RANK; ++d)
        edgec_qconv__range(base[d], w->in[d], w->dilation[d], w->kernel[d], &lo[d], &hi[d]);
      for (oc = 0; oc < cout; ++oc) {
        const int8_t* xg = input + (size_t)n * w->in_volume * cin + (size_t)(oc / og) * cg;
        uint32_t acc = bias ? (uint32_t)bias[oc] : 0u;
        for (k0 = lo[0]; k0 < hi[0]; ++k0)
          for (k1 = lo[1]; k1 < hi[1]; ++k1)
            for (k2 = lo[2]; k2 < hi[2]; ++k2) {
              const int8_t* xp = xg + (size_t)edgec_qconv__in_pixel(w, base, k0, k1, k2) * cin;
              const int8_t* fp = filter + (size_t)oc * fs + (size_t)((k0 * w->kernel[1] + k1) * w->kernel[2] + k2) * cg;
              for (c = 0; c < cg; ++c) acc += ((uint32_t)(int32_t)xp[c] + (uint32_t)off) * (uint32_t)(int32_t)fp[c];
            }
        output[((size_t)n * w->out_volume + pixel) * cout + oc] =
            (int8_t)edgec_requant_output(q, oc, edgec__wrap_i32(acc));
      }
    }
}

static inline void edgec_conv_s8_dsp(const edgec_conv_params* p, const edgec_requant_params* q, const int8_t* input,
                                     const int8_t* filter, const int32_t* bias, int8_t* output) {
  edgec_window w;
  const int32_t cg = p->in_channels / p->groups, og = p->out_channels / p->groups;
  const int32_t off = q->input_offset;
  edgec_conv_window(p, &w);
  if (off < -EDGEC_DSP_OFF_MAX || off > EDGEC_DSP_OFF_MAX)
    edgec_dsp__conv_wide(p, &w, q, input, filter, bias, output);
  else if (cg == 1 && og == 1 && w.kernel_volume >= 1 && w.kernel_volume <= EDGEC_DSP_DW_TAPS)
    edgec_dsp__conv_dw(p, &w, q, input, filter, bias, output);
  else
    edgec_dsp__conv_general(p, &w, q, input, filter, bias, output);
}

#endif /* EDGEC_KERNELS_CONV_S8_DSP_H */
