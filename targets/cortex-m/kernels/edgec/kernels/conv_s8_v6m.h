/* ARMv6-M (Cortex-M0/M0+: Thumb-1, 8 low registers, 32x32->32 MULS only) int8 convolution:
 * edgec_conv_s8_v6m has exactly edgec_conv_s8's signature and results, bit for bit, for every
 * input edgec_conv_s8 accepts (quantized_conv.h documents the semantics).
 *
 * Integer sums are exact modulo 2^32 (as the reference's int32 accumulators), so the input
 * offset is folded out of the inner loops:
 *   sum over in-bounds taps of (x + off) * w = sum x * w + off * (sum of all w) - padded taps' part
 * off * (sum of all w) is added once per output channel (with the bias). Padding taps are
 * gathered as -off where that is an int8 (every real zero point), so they cancel; otherwise
 * as 0, and windows touching the padding subtract off * (their padded weights). Inner loops are
 * then a plain int8 dot product, for any int32 input offset.
 * Paths:
 *   - general (any rank, stride, dilation, padding, groups): two output pixels x two output
 *     channels per inner loop (4 int32 accumulators). A one-tap window (1x1 conv, fully
 *     connected) reads the input pixel in place; other windows are gathered into a byte column
 *     (reductions over EDGEC_V6M_KC positions go in chunks with partial sums).
 *   - depthwise (one input and one output channel per group, up to EDGEC_V6M_DW_TAPS taps):
 *     two channels at a time over a table of {tap input offset, w0, w1} words (one LDM per
 *     tap), for two neighbouring pixels at once where both windows lie inside the input (4
 *     instructions per MAC, 5 for a lone pixel). Windows touching the padding walk the table
 *     in runs of in-bounds taps with the offset term of their in-bounds weights (Thumb-1), or
 *     a list of in-bounds taps with the offset added per tap (C).
 * On Thumb-1 the 2x2 dot product is a short inline-assembly loop (4 instructions per MAC:
 * the accumulators in r8-r11, one shared negative index for the four LDRSB streams); other
 * targets use the equivalent C loops. Requantization is edgec_requant_output's arithmetic with
 * the 64-bit high multiply done in 16-bit halves (no long multiply on ARMv6-M), the rounding
 * shift folded into it for the usual right shifts.
 * No heap; stack scratch is bounded (deepest path about 1.8 KB with GCC -O2). */
#ifndef EDGEC_KERNELS_CONV_S8_V6M_H
#define EDGEC_KERNELS_CONV_S8_V6M_H

#include <stddef.h>
#include <stdint.h>

#include "edgec/kernels/conv.h"
#include "edgec/kernels/quantized_conv.h"
#include "edgec/kernels/requant.h"

#define EDGEC_V6M_KC 256      /* reduction positions per column chunk (bytes per pixel) */
#define EDGEC_V6M_OB 32       /* output channels per block (bias + offset terms kept per block) */
#define EDGEC_V6M_DW_TAPS 64  /* largest depthwise kernel of the depthwise path */

#if defined(__GNUC__)
#define EDGEC_V6M__INLINE static inline __attribute__((always_inline))
#else
#define EDGEC_V6M__INLINE static inline
#endif

#if defined(__GNUC__) && defined(__thumb__) && !defined(__thumb2__) && !defined(EDGEC_KERNELS_NO_ASM)
#define EDGEC_V6M__ASM 1
/* GCC wraps Thumb-1 inline assembly in divided syntax: the blocks switch to unified and back.
 * Clang's assembler is always unified (and rejects the directive). */
#if defined(__clang__)
#define EDGEC_V6M__UNIFIED ""
#define EDGEC_V6M__DIVIDED ""
#else
#define EDGEC_V6M__UNIFIED ".syntax unified\n\t"
#define EDGEC_V6M__DIVIDED ".syntax divided\n\t"
#endif
#endif

/* ---- Requantization ---- */

/* Constants of one call. fast: every output can take edgec_v6m__rq's short form (multipliers
 * >= 0, shifts in -31..30, clamp bounds minus the output offset within int32); otherwise each
 * output goes through edgec_requant_output. */
typedef struct {
  int32_t off, lo_s, hi_s, fast, right, per_channel;
  const int32_t* mult;
  const int32_t* shift;
} edgec_v6m__rqp;

static inline void edgec_v6m__rq_init(edgec_v6m__rqp* r, const edgec_requant_params* q, int32_t channels) {
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
    if (q->multiplier[i] < 0 || q->shift[i] > 30 || q->shift[i] < -31) r->fast = 0;
  /* right: besides, every shift a right shift by 2..31, as in practice */
  r->right = r->fast;
  for (i = 0; i < n && r->right; ++i)
    if (q->shift[i] > -2) r->right = 0;
}

/* edgec_requant_output's value before the clamp under r->right, e = -shift in 2..31: the
 * rounding shift folds into the high multiply, floor((floor(Y / 2^31) + 2^(e-1)) / 2^e) =
 * floor((Y + 2^(30+e)) / 2^(31+e)) for Y = |a| * m + 2^30 - (a < 0), i.e. the high word of Y
 * plus 2^(e-2), shifted right by e - 1 (= ~shift). 31 instructions on Thumb-1. */
EDGEC_V6M__INLINE int32_t edgec_v6m__rq_right(uint32_t a, uint32_t m, int32_t shift) {
  const uint32_t neg = 0u - (a >> 31); /* all ones for a < 0 */
  uint32_t ua = (a ^ neg) - neg, mag;
#ifdef EDGEC_V6M__ASM
  uint32_t e1 = (uint32_t)shift, u, w, z;
  __asm__(EDGEC_V6M__UNIFIED
          "lsrs %[u], %[x], #16\n\t"   /* ah */
          "uxth %[x], %[x]\n\t"        /* al */
          "lsrs %[w], %[y], #16\n\t"   /* mh */
          "uxth %[y], %[y]\n\t"        /* ml */
          "movs %[z], %[x]\n\t"
          "muls %[z], %[y], %[z]\n\t"  /* lo = al * ml */
          "muls %[x], %[w], %[x]\n\t"  /* al * mh */
          "muls %[w], %[u], %[w]\n\t"  /* hi = ah * mh */
          "muls %[u], %[y], %[u]\n\t"  /* ah * ml */
          "adds %[x], %[x], %[u]\n\t"  /* mid (< 2^32) */
          "lsls %[u], %[x], #16\n\t"
          "lsrs %[x], %[x], #16\n\t"
          "adds %[z], %[z], %[u]\n\t"
          "adcs %[w], %[x]\n\t"        /* hi:lo = |a| * m */
          "mvns %[e], %[e]\n\t"        /* e - 1 */
          "movs %[u], #1\n\t"
          "lsls %[u], %[e]\n\t"
          "lsrs %[u], %[u], #1\n\t"
          "adds %[w], %[w], %[u]\n\t"  /* + 2^(30+e) = 2^(e-2) in the high word */
          "movs %[u], #1\n\t"
          "lsls %[u], %[u], #30\n\t"
          "adds %[u], %[u], %[n]\n\t"  /* 2^30 - (a < 0) */
          "adds %[z], %[z], %[u]\n\t"
          "movs %[u], #0\n\t"
          "adcs %[w], %[u]\n\t"        /* its carry into the high word */
          "lsrs %[w], %[e]\n\t"
          EDGEC_V6M__DIVIDED
          : [x] "+l"(ua), [y] "+l"(m), [e] "+l"(e1), [u] "=&l"(u), [w] "=&l"(w), [z] "=&l"(z)
          : [n] "l"(neg)
          : "cc");
  mag = w;
#else
  {
    const uint32_t al = ua & 0xFFFFu, ah = ua >> 16, ml = m & 0xFFFFu, mh = m >> 16;
    const uint32_t e1 = (uint32_t)(-shift - 1);
    uint32_t lo = al * ml, mid = al * mh + ah * ml, hi = ah * mh, t; /* mid < 2^32: ah <= 2^15, mh < 2^15 */
    t = lo + (mid << 16);
    hi += (mid >> 16) + (t < lo ? 1u : 0u) + ((1u << e1) >> 1);
    lo = t + (0x40000000u + neg);
    hi += lo < t ? 1u : 0u;
    mag = hi >> e1;
  }
#endif
  return edgec__wrap_i32((mag ^ neg) - neg);
}

/* edgec_requant_output(q, ch, acc) (acc as the int32 bit pattern). Under r->fast (m >= 0) the
 * result has the sign of a = acc << left, so everything runs on the magnitude |a| < 2^32:
 * TFLM's high multiply is sign * ((|a| * m + 2^30 - (a < 0)) >> 31) and the rounding shift
 * (half away from zero) is sign * ((magnitude + 2^(e-1)) >> e). The 64-bit product is built
 * from 16-bit halves (no long multiply on ARMv6-M): 4 MULS. */
EDGEC_V6M__INLINE int8_t edgec_v6m__rq(const edgec_requant_params* q, const edgec_v6m__rqp* r, int32_t ch,
                                       uint32_t acc) {
  const int32_t i = r->per_channel ? ch : 0;
  int32_t s, left, e, v;
  uint32_t a, neg, ua, m, mag;
  if (r->right) {
    v = edgec_v6m__rq_right(acc, (uint32_t)r->mult[i], r->shift[i]);
    v = v < r->lo_s ? r->lo_s : v;
    v = v > r->hi_s ? r->hi_s : v;
    return (int8_t)(v + r->off);
  }
  if (!r->fast) return (int8_t)edgec_requant_output(q, ch, edgec__wrap_i32(acc));
  s = r->shift[i];
  m = (uint32_t)r->mult[i];
  left = s > 0 ? s : 0;
  e = left - s;
  a = acc << left;
  neg = 0u - (a >> 31); /* all ones for a < 0 */
  ua = (a ^ neg) - neg;
#ifdef EDGEC_V6M__ASM
  {
    /* the same steps as the C below, with the carries in ADCS */
    uint32_t x = ua, y = m, u, w, z;
    __asm__(EDGEC_V6M__UNIFIED
            "lsrs %[u], %[x], #16\n\t"   /* ah */
            "uxth %[x], %[x]\n\t"        /* al */
            "lsrs %[w], %[y], #16\n\t"   /* mh */
            "uxth %[y], %[y]\n\t"        /* ml */
            "movs %[z], %[x]\n\t"
            "muls %[z], %[y], %[z]\n\t"  /* lo = al * ml */
            "muls %[x], %[w], %[x]\n\t"  /* al * mh */
            "muls %[w], %[u], %[w]\n\t"  /* hi = ah * mh */
            "muls %[u], %[y], %[u]\n\t"  /* ah * ml */
            "adds %[x], %[x], %[u]\n\t"  /* mid */
            "lsls %[u], %[x], #16\n\t"
            "lsrs %[x], %[x], #16\n\t"
            "adds %[z], %[z], %[u]\n\t"
            "adcs %[w], %[x]\n\t"        /* hi:lo = product */
            "movs %[u], #1\n\t"
            "lsls %[u], %[u], #30\n\t"
            "adds %[u], %[u], %[n]\n\t"  /* 2^30 - (a < 0) */
            "movs %[x], #0\n\t"
            "adds %[z], %[z], %[u]\n\t"
            "adcs %[w], %[x]\n\t"
            "lsrs %[z], %[z], #31\n\t"
            "lsls %[w], %[w], #1\n\t"
            "orrs %[w], %[z]\n\t"
            EDGEC_V6M__DIVIDED
            : [x] "+l"(x), [y] "+l"(y), [u] "=&l"(u), [w] "=&l"(w), [z] "=&l"(z)
            : [n] "l"(neg)
            : "cc");
    mag = w;
  }
#else
  {
    uint32_t al, ah, ml, mh, lo, mid, hi, t;
    al = ua & 0xFFFFu;
    ah = ua >> 16;
    ml = m & 0xFFFFu;
    mh = m >> 16;
    lo = al * ml;
    mid = al * mh + ah * ml; /* < 2^32: ah <= 2^15, mh < 2^15 */
    hi = ah * mh;
    t = lo + (mid << 16);
    hi += (mid >> 16) + (t < lo ? 1u : 0u);
    lo = t + (0x40000000u + neg); /* + 2^30, - 1 for a < 0 */
    hi += lo < t ? 1u : 0u;
    mag = (hi << 1) | (lo >> 31);
  }
#endif
  mag = (mag + ((1u << e) >> 1)) >> e;
  v = edgec__wrap_i32((mag ^ neg) - neg);
  v = v < r->lo_s ? r->lo_s : v;
  v = v > r->hi_s ? r->hi_s : v;
  return (int8_t)(v + r->off);
}

/* ---- Inner loops ---- */

/* acc += (A.f0, A.f1, B.f0, B.f1) over k int8 positions, wrapping. */
EDGEC_V6M__INLINE void edgec_v6m__dot_2x2(const int8_t* xa, const int8_t* xb, const int8_t* f0, const int8_t* f1,
                                          int32_t k, uint32_t* acc) {
#ifdef EDGEC_V6M__ASM
  if (k > 0) {
    /* Pointers at the ends, index -k..-1: LDRSB has only the register-offset form, and the
     * index doubles as the loop counter (ADDS sets Z at the end). */
    /* accumulators pinned to r8-r11 (distinct registers even where they start equal) */
    register uint32_t a0 __asm__("r8") = acc[0];
    register uint32_t a1 __asm__("r9") = acc[1];
    register uint32_t b0 __asm__("r10") = acc[2];
    register uint32_t b1 __asm__("r11") = acc[3];
    int32_t i = -k, t0, t1;
    const int8_t *pa = xa + k, *pb = xb + k, *p0 = f0 + k, *p1 = f1 + k;
    __asm__(EDGEC_V6M__UNIFIED
            "1:\n\t"
            "ldrsb %[t0], [%[pa], %[i]]\n\t"
            "ldrsb %[t1], [%[p0], %[i]]\n\t"
            "muls %[t1], %[t0], %[t1]\n\t"
            "add %[a0], %[t1]\n\t"
            "ldrsb %[t1], [%[p1], %[i]]\n\t"
            "muls %[t1], %[t0], %[t1]\n\t"
            "add %[a1], %[t1]\n\t"
            "ldrsb %[t0], [%[pb], %[i]]\n\t"
            "ldrsb %[t1], [%[p0], %[i]]\n\t"
            "muls %[t1], %[t0], %[t1]\n\t"
            "add %[b0], %[t1]\n\t"
            "ldrsb %[t1], [%[p1], %[i]]\n\t"
            "muls %[t1], %[t0], %[t1]\n\t"
            "add %[b1], %[t1]\n\t"
            "adds %[i], #1\n\t"
            "bne 1b\n\t"
            EDGEC_V6M__DIVIDED
            : [a0] "+r"(a0), [a1] "+r"(a1), [b0] "+r"(b0), [b1] "+r"(b1), [i] "+l"(i), [t0] "=&l"(t0),
              [t1] "=&l"(t1)
            : [pa] "l"(pa), [pb] "l"(pb), [p0] "l"(p0), [p1] "l"(p1)
            : "cc", "memory");
    acc[0] = a0;
    acc[1] = a1;
    acc[2] = b0;
    acc[3] = b1;
  }
#else
  uint32_t a0 = acc[0], a1 = acc[1], b0 = acc[2], b1 = acc[3];
  int32_t i;
  for (i = 0; i < k; ++i) {
    const int32_t u = f0[i], v = f1[i], x = xa[i], y = xb[i];
    a0 += (uint32_t)(x * u);
    a1 += (uint32_t)(x * v);
    b0 += (uint32_t)(y * u);
    b1 += (uint32_t)(y * v);
  }
  acc[0] = a0;
  acc[1] = a1;
  acc[2] = b0;
  acc[3] = b1;
#endif
}

/* ---- Geometry helpers ---- */

/* Whether the window at `base` lies wholly inside the input (span = (kernel - 1) * dilation). */
static inline int edgec_v6m__inside(const edgec_window* w, const int32_t* base, const int32_t* span) {
  return base[0] >= 0 && base[0] + span[0] < w->in[0] && base[1] >= 0 && base[1] + span[1] < w->in[1] &&
         base[2] >= 0 && base[2] + span[2] < w->in[2];
}

/* Positions [k0, k0 + kc) of the window at `base` (tap-major, then channel, as a filter row),
 * padding taps as 0. x points at the group's first channel; cin is the pixel stride. */
static inline void edgec_v6m__im2col(const edgec_window* w, const int32_t* base, const int8_t* x, int32_t cin,
                                     int32_t cg, int32_t k0, int32_t kc, int8_t* col) {
  int32_t t = k0 / cg, c = k0 - t * cg, j = 0, kk0, kk1, kk2, e;
  kk2 = t % w->kernel[2];
  kk1 = (t / w->kernel[2]) % w->kernel[1];
  kk0 = t / (w->kernel[2] * w->kernel[1]);
  while (j < kc) {
    const int32_t n = cg - c < kc - j ? cg - c : kc - j;
    const int32_t i0 = base[0] + kk0 * w->dilation[0];
    const int32_t i1 = base[1] + kk1 * w->dilation[1];
    const int32_t i2 = base[2] + kk2 * w->dilation[2];
    int8_t* d = col + j;
    if (i0 >= 0 && i0 < w->in[0] && i1 >= 0 && i1 < w->in[1] && i2 >= 0 && i2 < w->in[2]) {
      const int8_t* s = x + (size_t)((i0 * w->in[1] + i1) * w->in[2] + i2) * cin + c;
      for (e = 0; e < n; ++e) d[e] = s[e];
    } else {
      for (e = 0; e < n; ++e) d[e] = 0;
    }
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
}

/* Sum of the weights of filter row f (kernel_volume taps of cg) over the taps of the window
 * at `base` that fall in the padding. */
static inline uint32_t edgec_v6m__padsum(const edgec_window* w, const int32_t* base, const int8_t* f, int32_t cg) {
  uint32_t s = 0;
  int32_t k0, k1, k2, c;
  for (k0 = 0; k0 < w->kernel[0]; ++k0) {
    const int32_t i0 = base[0] + k0 * w->dilation[0];
    for (k1 = 0; k1 < w->kernel[1]; ++k1) {
      const int32_t i1 = base[1] + k1 * w->dilation[1];
      const int row_ok = i0 >= 0 && i0 < w->in[0] && i1 >= 0 && i1 < w->in[1];
      for (k2 = 0; k2 < w->kernel[2]; ++k2, f += cg) {
        const int32_t i2 = base[2] + k2 * w->dilation[2];
        if (!(row_ok && i2 >= 0 && i2 < w->in[2]))
          for (c = 0; c < cg; ++c) s += (uint32_t)(int32_t)f[c];
      }
    }
  }
  return s;
}

/* The column of positions [k0, k0 + kc) of the window at `base`: the input itself for a
 * one-tap window inside the input, else gathered into buf. */
static inline const int8_t* edgec_v6m__column(const edgec_window* w, const int32_t* base, int inside,
                                              const int8_t* x, int32_t cin, int32_t cg, int32_t k0, int32_t kc,
                                              int8_t* buf) {
  if (inside && w->kernel_volume == 1)
    return x + (size_t)((base[0] * w->in[1] + base[1]) * w->in[2] + base[2]) * cin + k0;
  edgec_v6m__im2col(w, base, x, cin, cg, k0, kc, buf);
  return buf;
}

/* The whole column of the window at `base` (kdim <= EDGEC_V6M_KC): the input itself for a
 * one-tap window inside the input, else gathered into buf with `pad` for the padding taps. */
static inline const int8_t* edgec_v6m__window(const edgec_window* w, const int32_t* base, int inside,
                                              const int8_t* x, int32_t cin, int32_t cg, int8_t pad, int8_t* buf) {
  int8_t* b = buf;
  int32_t k0, k1, k2, c;
  if (inside && w->kernel_volume == 1)
    return x + (size_t)((base[0] * w->in[1] + base[1]) * w->in[2] + base[2]) * cin;
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
          for (c = 0; c < cg; ++c) b[c] = s[c];
        } else {
          for (c = 0; c < cg; ++c) b[c] = pad;
        }
      }
    }
  }
  return buf;
}

/* base = the window corner of output coordinates o, then o steps to the next pixel. */
static inline void edgec_v6m__step(const edgec_window* w, int32_t* o, int32_t* base) {
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

/* ---- General path ---- */

/* Requantizes and stores the 2x2 block (pixel A: channels oc, oc1; pixel B the same), after
 * removing the padded taps' offset term of windows that touch the padding. */
/* acc[0..1] -= off * (padded weights of f0, f1) for the window at base; rare (borders). */
#if defined(__GNUC__)
__attribute__((noinline))
#endif
static void edgec_v6m__unpad(const edgec_window* w, const int32_t* base, const int8_t* f0, const int8_t* f1,
                             int32_t cg, uint32_t off, uint32_t* acc) {
  acc[0] -= off * edgec_v6m__padsum(w, base, f0, cg);
  acc[1] -= off * edgec_v6m__padsum(w, base, f1, cg);
}

EDGEC_V6M__INLINE void edgec_v6m__finish(const edgec_window* w, const edgec_requant_params* q, const edgec_v6m__rqp* r,
                                     uint32_t* acc, int32_t oc, int32_t oc1, const int8_t* f0, const int8_t* f1,
                                     int32_t cg, const int32_t* base_a, int pad_a, const int32_t* base_b, int pad_b,
                                     int has_b, int8_t* ya, int8_t* yb) {
  const uint32_t off = (uint32_t)q->input_offset;
  if (pad_a) edgec_v6m__unpad(w, base_a, f0, f1, cg, off, acc);
  if (pad_b) edgec_v6m__unpad(w, base_b, f0, f1, cg, off, acc + 2);
  ya[oc] = edgec_v6m__rq(q, r, oc, acc[0]);
  ya[oc1] = edgec_v6m__rq(q, r, oc1, acc[1]);
  if (has_b) {
    yb[oc] = edgec_v6m__rq(q, r, oc, acc[2]);
    yb[oc1] = edgec_v6m__rq(q, r, oc1, acc[3]);
  }
}

/* Output channels [oc, oc + nb) (filter rows from f, bias + offset terms bo) of a pixel pair
 * whose windows need no padding correction; yb NULL for a lone pixel (xb = xa). A function of
 * its own so that its loop gets the registers (the caller's state stays on the stack). */
#if defined(__GNUC__)
__attribute__((noinline))
#endif
static void edgec_v6m__pair_block(const int8_t* xa, const int8_t* xb, const int8_t* f, int32_t kdim, int32_t oc,
                                  int32_t nb, const uint32_t* bo, const edgec_requant_params* q,
                                  const edgec_v6m__rqp* r, int8_t* ya, int8_t* yb) {
  const int32_t step = r->per_channel ? 1 : 0;
  const int32_t* mp = r->mult + (r->per_channel ? oc : 0);
  const int32_t* sp = r->shift + (r->per_channel ? oc : 0);
  int32_t j;
  ya += oc;
  if (yb) yb += oc;
  for (j = 0; j < nb; j += 2, f += 2 * kdim, bo += 2, mp += 2 * step, sp += 2 * step) {
    const int two = j + 1 < nb;
    uint32_t acc[4];
    acc[0] = acc[2] = bo[0];
    acc[1] = acc[3] = two ? bo[1] : bo[0];
    edgec_v6m__dot_2x2(xa, xb, f, two ? f + kdim : f, kdim, acc);
    if (r->right) {
      const int32_t m0 = mp[0], s0 = sp[0], m1 = mp[step], s1 = sp[step];
      int32_t v;
#define EDGEC_V6M__PUT(dst, a, m, s)                 \
  v = edgec_v6m__rq_right(a, (uint32_t)(m), s);      \
  v = v < r->lo_s ? r->lo_s : v;                     \
  v = v > r->hi_s ? r->hi_s : v;                     \
  dst = (int8_t)(v + r->off)
      EDGEC_V6M__PUT(ya[j], acc[0], m0, s0);
      if (two) {
        EDGEC_V6M__PUT(ya[j + 1], acc[1], m1, s1);
      }
      if (yb) {
        EDGEC_V6M__PUT(yb[j], acc[2], m0, s0);
        if (two) {
          EDGEC_V6M__PUT(yb[j + 1], acc[3], m1, s1);
        }
      }
#undef EDGEC_V6M__PUT
    } else {
      ya[j] = edgec_v6m__rq(q, r, oc + j, acc[0]);
      if (two) ya[j + 1] = edgec_v6m__rq(q, r, oc + j + 1, acc[1]);
      if (yb) {
        yb[j] = edgec_v6m__rq(q, r, oc + j, acc[2]);
        if (two) yb[j + 1] = edgec_v6m__rq(q, r, oc + j + 1, acc[3]);
      }
    }
  }
}

/* Any geometry and groups. Per group, blocks of up to EDGEC_V6M_OB output channels (their
 * bias + offset terms on the stack), then pixel pairs, then channel pairs. A lone last pixel
 * reuses pixel A's column, a lone last channel repeats its filter; the extra results are
 * dropped. */
static inline void edgec_v6m__conv_general(const edgec_conv_params* p, const edgec_window* w,
                                           const edgec_requant_params* q, const int8_t* input, const int8_t* filter,
                                           const int32_t* bias, int8_t* output) {
  const int32_t cin = p->in_channels, cout = p->out_channels;
  const int32_t cg = cin / p->groups, og = cout / p->groups;
  const uint32_t off = (uint32_t)q->input_offset;
  const int32_t kdim = w->kernel_volume * cg;
  /* padding taps filled with -offset (x + offset = 0) where that is an int8, as for every
   * real zero point: then no window needs a correction */
  const int padfill = q->input_offset >= -127 && q->input_offset <= 128;
  const int8_t pad = padfill ? (int8_t)-q->input_offset : 0;
  int8_t col_a[EDGEC_V6M_KC], col_b[EDGEC_V6M_KC];
  uint32_t bo[EDGEC_V6M_OB], part[2 * EDGEC_V6M_OB];
  int32_t span[EDGEC_MAX_SPATIAL_RANK];
  edgec_v6m__rqp r;
  int32_t g, ob, n, pixel, j, d, k0;
  edgec_v6m__rq_init(&r, q, cout);
  for (d = 0; d < EDGEC_MAX_SPATIAL_RANK; ++d) span[d] = (w->kernel[d] - 1) * w->dilation[d];
  for (g = 0; g < p->groups; ++g)
    for (ob = g * og; ob < (g + 1) * og; ob += EDGEC_V6M_OB) {
      const int32_t nb = (g + 1) * og - ob < EDGEC_V6M_OB ? (g + 1) * og - ob : EDGEC_V6M_OB;
      for (j = 0; j < nb; ++j) {
        const int8_t* f = filter + (size_t)(ob + j) * kdim;
        uint32_t s = 0;
        for (k0 = 0; k0 < kdim; ++k0) s += (uint32_t)(int32_t)f[k0];
        bo[j] = (bias ? (uint32_t)bias[ob + j] : 0u) + off * s;
      }
      for (n = 0; n < p->batch; ++n) {
        const int8_t* xg = input + (size_t)n * w->in_volume * cin + (size_t)g * cg;
        int8_t* y_img = output + (size_t)n * w->out_volume * cout;
        int32_t o3[EDGEC_MAX_SPATIAL_RANK] = {0, 0, 0};
        for (pixel = 0; pixel < w->out_volume; pixel += 2) {
          const int has_b = pixel + 1 < w->out_volume;
          int32_t base_a[EDGEC_MAX_SPATIAL_RANK], base_b[EDGEC_MAX_SPATIAL_RANK];
          int8_t* ya = y_img + (size_t)pixel * cout;
          int8_t* yb = ya + cout;
          int in_a, in_b;
          edgec_v6m__step(w, o3, base_a);
          if (has_b)
            edgec_v6m__step(w, o3, base_b);
          else
            for (d = 0; d < EDGEC_MAX_SPATIAL_RANK; ++d) base_b[d] = base_a[d];
          in_a = edgec_v6m__inside(w, base_a, span);
          in_b = edgec_v6m__inside(w, base_b, span);
          if (kdim <= EDGEC_V6M_KC) {
            const int8_t* xa = edgec_v6m__window(w, base_a, in_a, xg, cin, cg, pad, col_a);
            const int8_t* xb = has_b ? edgec_v6m__window(w, base_b, in_b, xg, cin, cg, pad, col_b) : xa;
            if (padfill || (in_a && (in_b || !has_b))) {
              edgec_v6m__pair_block(xa, xb, filter + (size_t)ob * kdim, kdim, ob, nb, bo, q, &r, ya,
                                    has_b ? yb : NULL);
              continue;
            }
            for (j = 0; j < nb; j += 2) {
              const int32_t j1 = j + 1 < nb ? j + 1 : j;
              const int8_t* f0 = filter + (size_t)(ob + j) * kdim;
              const int8_t* f1 = filter + (size_t)(ob + j1) * kdim;
              uint32_t acc[4];
              acc[0] = acc[2] = bo[j];
              acc[1] = acc[3] = bo[j1];
              edgec_v6m__dot_2x2(xa, xb, f0, f1, kdim, acc);
              edgec_v6m__finish(w, q, &r, acc, ob + j, ob + j1, f0, f1, cg, base_a, !in_a, base_b, has_b && !in_b,
                                has_b, ya, yb);
            }
          } else {
            /* Reduction chunks, partial sums per channel and pixel in `part`. */
            for (j = 0; j < nb; ++j) part[2 * j] = part[2 * j + 1] = bo[j];
            for (k0 = 0; k0 < kdim; k0 += EDGEC_V6M_KC) {
              const int32_t kc = kdim - k0 < EDGEC_V6M_KC ? kdim - k0 : EDGEC_V6M_KC;
              const int8_t* xa = edgec_v6m__column(w, base_a, in_a, xg, cin, cg, k0, kc, col_a);
              const int8_t* xb = has_b ? edgec_v6m__column(w, base_b, in_b, xg, cin, cg, k0, kc, col_b) : xa;
              for (j = 0; j < nb; j += 2) {
                const int32_t j1 = j + 1 < nb ? j + 1 : j;
                uint32_t acc[4];
                acc[0] = part[2 * j];
                acc[1] = part[2 * j1];
                acc[2] = part[2 * j + 1];
                acc[3] = part[2 * j1 + 1];
                edgec_v6m__dot_2x2(xa, xb, filter + (size_t)(ob + j) * kdim + k0,
                                   filter + (size_t)(ob + j1) * kdim + k0, kc, acc);
                part[2 * j] = acc[0];
                part[2 * j + 1] = acc[2];
                part[2 * j1] = acc[1];
                part[2 * j1 + 1] = acc[3];
              }
            }
            for (j = 0; j < nb; j += 2) {
              const int32_t j1 = j + 1 < nb ? j + 1 : j;
              uint32_t acc[4];
              acc[0] = part[2 * j];
              acc[1] = part[2 * j1];
              acc[2] = part[2 * j + 1];
              acc[3] = part[2 * j1 + 1];
              edgec_v6m__finish(w, q, &r, acc, ob + j, ob + j1, filter + (size_t)(ob + j) * kdim,
                                filter + (size_t)(ob + j1) * kdim, cg, base_a, !in_a, base_b, has_b && !in_b, has_b,
                                ya, yb);
            }
          }
        }
      }
    }
}

/* ---- Depthwise path ---- */

/* Rows of the depthwise table: per channel pair and tap, {input byte offset of the tap from the
 * window corner, weight of channel c, weight of channel c + 1} as words, so that one LDM
 * fetches a tap's offset and both weights (LDRSB has no immediate offset form). */
#define EDGEC_V6M_DW_WORDS 200 /* table words (800 bytes) */
#define EDGEC_V6M_DW_PAIRS 16  /* most channel pairs per chunk */

/* acc[0] += sum x[o] * w0, acc[1] += sum x[o + 1] * w1 over the rows [tp, end) of the table, x =
 * the window corner at the pair's first channel. */
EDGEC_V6M__INLINE void edgec_v6m__dw2(const int8_t* x, const uint32_t* tp, const uint32_t* end, uint32_t* acc) {
#ifdef EDGEC_V6M__ASM
  /* LDM fills registers in ascending order: offset, w0, w1 pinned to r1 < r2 < r3. */
  register const uint32_t* p __asm__("r0") = tp;
  register uint32_t o __asm__("r1");
  register uint32_t w0 __asm__("r2");
  register uint32_t w1 __asm__("r3");
  register uint32_t a0 __asm__("r8") = acc[0];
  register uint32_t a1 __asm__("r9") = acc[1];
  register const uint32_t* e __asm__("r10") = end;
  uint32_t v;
  __asm__(EDGEC_V6M__UNIFIED
          "1:\n\t"
          "ldm %[p]!, {%[o], %[w0], %[w1]}\n\t"
          "ldrsb %[v], [%[x], %[o]]\n\t"
          "muls %[w0], %[v], %[w0]\n\t"
          "add %[a0], %[w0]\n\t"
          "adds %[o], #1\n\t"
          "ldrsb %[v], [%[x], %[o]]\n\t"
          "muls %[w1], %[v], %[w1]\n\t"
          "add %[a1], %[w1]\n\t"
          "cmp %[p], %[end]\n\t"
          "bne 1b\n\t"
          EDGEC_V6M__DIVIDED
          : [p] "+l"(p), [o] "=&l"(o), [w0] "=&l"(w0), [w1] "=&l"(w1), [v] "=&l"(v), [a0] "+r"(a0), [a1] "+r"(a1)
          : [x] "l"(x), [end] "r"(e)
          : "cc", "memory");
  acc[0] = a0;
  acc[1] = a1;
#else
  uint32_t a0 = acc[0], a1 = acc[1];
  for (; tp != end; tp += 3) {
    a0 += (uint32_t)(int32_t)x[tp[0]] * tp[1];
    a1 += (uint32_t)(int32_t)x[tp[0] + 1] * tp[2];
  }
  acc[0] = a0;
  acc[1] = a1;
#endif
}

/* edgec_v6m__dw2 for two windows at once (corners xa, xb): acc = {A c, A c+1, B c, B c+1}.
 * Each LDM'd weight serves both pixels: 4 instructions per MAC. */
EDGEC_V6M__INLINE void edgec_v6m__dw4(const int8_t* xa, const int8_t* xb, const uint32_t* tp, const uint32_t* end,
                                      uint32_t* acc) {
#ifdef EDGEC_V6M__ASM
  register const uint32_t* p __asm__("r0") = tp;
  register uint32_t o __asm__("r1");
  register uint32_t w0 __asm__("r2");
  register uint32_t w1 __asm__("r3");
  register uint32_t a0 __asm__("r8") = acc[0];
  register uint32_t a1 __asm__("r9") = acc[1];
  register uint32_t b0 __asm__("r10") = acc[2];
  register uint32_t b1 __asm__("r11") = acc[3];
  register const uint32_t* e __asm__("r12") = end;
  uint32_t v;
  __asm__(EDGEC_V6M__UNIFIED
          "1:\n\t"
          "ldm %[p]!, {%[o], %[w0], %[w1]}\n\t"
          "ldrsb %[v], [%[xa], %[o]]\n\t"
          "muls %[v], %[w0], %[v]\n\t"
          "add %[a0], %[v]\n\t"
          "ldrsb %[v], [%[xb], %[o]]\n\t"
          "muls %[v], %[w0], %[v]\n\t"
          "add %[b0], %[v]\n\t"
          "adds %[o], #1\n\t"
          "ldrsb %[v], [%[xa], %[o]]\n\t"
          "muls %[v], %[w1], %[v]\n\t"
          "add %[a1], %[v]\n\t"
          "ldrsb %[v], [%[xb], %[o]]\n\t"
          "muls %[v], %[w1], %[v]\n\t"
          "add %[b1], %[v]\n\t"
          "cmp %[p], %[end]\n\t"
          "bne 1b\n\t"
          EDGEC_V6M__DIVIDED
          : [p] "+l"(p), [o] "=&l"(o), [w0] "=&l"(w0), [w1] "=&l"(w1), [v] "=&l"(v), [a0] "+r"(a0), [a1] "+r"(a1),
            [b0] "+r"(b0), [b1] "+r"(b1)
          : [xa] "l"(xa), [xb] "l"(xb), [end] "r"(e)
          : "cc", "memory");
  acc[0] = a0;
  acc[1] = a1;
  acc[2] = b0;
  acc[3] = b1;
#else
  uint32_t a0 = acc[0], a1 = acc[1], b0 = acc[2], b1 = acc[3];
  for (; tp != end; tp += 3) {
    a0 += (uint32_t)(int32_t)xa[tp[0]] * tp[1];
    a1 += (uint32_t)(int32_t)xa[tp[0] + 1] * tp[2];
    b0 += (uint32_t)(int32_t)xb[tp[0]] * tp[1];
    b1 += (uint32_t)(int32_t)xb[tp[0] + 1] * tp[2];
  }
  acc[0] = a0;
  acc[1] = a1;
  acc[2] = b0;
  acc[3] = b1;
#endif
}

/* y[c + j] = requantized acc under r->right (constants mp/sp, step 1 per channel or 0). */
#define EDGEC_V6M__PUT_RIGHT(dst, a, m, s)                   \
  do {                                                       \
    int32_t v_ = edgec_v6m__rq_right(a, (uint32_t)(m), s);   \
    v_ = v_ < r->lo_s ? r->lo_s : v_;                        \
    v_ = v_ > r->hi_s ? r->hi_s : v_;                        \
    dst = (int8_t)(v_ + r->off);                             \
  } while (0)

/* The np channel pairs from c of one window inside the input (corner xa, outputs ya), or of
 * two (xb, yb; yb NULL for one): table rows of kvol taps per pair, bias + offset terms bo. A
 * function of its own so that its loop gets the registers. */
#if defined(__GNUC__)
__attribute__((noinline))
#endif
static void edgec_v6m__dw_pixel(const int8_t* xa, const int8_t* xb, const uint32_t* tp, int32_t kvol, int32_t np,
                                const uint32_t* bo, int32_t c, const edgec_requant_params* q,
                                const edgec_v6m__rqp* r, int8_t* ya, int8_t* yb) {
  const int32_t rows = 3 * kvol;
  const int32_t* mp = r->mult + (r->per_channel ? c : 0);
  const int32_t* sp = r->shift + (r->per_channel ? c : 0);
  const int32_t step = r->per_channel ? 2 : 0;
  const int32_t m1 = r->per_channel ? 1 : 0;
  const int32_t ce = c + 2 * np;
  for (; c != ce; c += 2, tp += rows, bo += 2, mp += step, sp += step) {
    uint32_t acc[4];
    acc[0] = acc[2] = bo[0];
    acc[1] = acc[3] = bo[1];
    if (yb)
      edgec_v6m__dw4(xa + c, xb + c, tp, tp + rows, acc);
    else
      edgec_v6m__dw2(xa + c, tp, tp + rows, acc);
    if (r->right) {
      EDGEC_V6M__PUT_RIGHT(ya[c], acc[0], mp[0], sp[0]);
      EDGEC_V6M__PUT_RIGHT(ya[c + 1], acc[1], mp[m1], sp[m1]);
      if (yb) {
        EDGEC_V6M__PUT_RIGHT(yb[c], acc[2], mp[0], sp[0]);
        EDGEC_V6M__PUT_RIGHT(yb[c + 1], acc[3], mp[m1], sp[m1]);
      }
    } else {
      ya[c] = edgec_v6m__rq(q, r, c, acc[0]);
      ya[c + 1] = edgec_v6m__rq(q, r, c + 1, acc[1]);
      if (yb) {
        yb[c] = edgec_v6m__rq(q, r, c, acc[2]);
        yb[c + 1] = edgec_v6m__rq(q, r, c + 1, acc[3]);
      }
    }
  }
}

#ifdef EDGEC_V6M__ASM
/* The np channel pairs from c of a window touching the padding, corner xw (possibly outside
 * the input: formed as an address, only in-bounds taps are read): the table walked per run of
 * in-bounds taps along the last kernel dimension, the offset term added for the in-bounds
 * weights (their sum from the same rows). Assembly path only (the C path keeps the plain loop,
 * which forms no out-of-bounds pointer). */
__attribute__((noinline)) static void edgec_v6m__dw_border(const edgec_window* w, const int8_t* xw,
                                                           const uint32_t* tp, int32_t np, const int32_t* lo,
                                                           const int32_t* hi, const int32_t* bias, int32_t c,
                                                           const edgec_requant_params* q, const edgec_v6m__rqp* r,
                                                           int8_t* y) {
  const int32_t kvol = w->kernel_volume, k1n = w->kernel[1], k2n = w->kernel[2];
  const uint32_t off = (uint32_t)q->input_offset;
  const int32_t ce = c + 2 * np;
  /* run lengths in k1 and k0: whole ranges when the dimensions inside are complete */
  const int32_t full2 = lo[2] == 0 && hi[2] == k2n, full1 = full2 && lo[1] == 0 && hi[1] == k1n;
  const int32_t n1 = full2 ? hi[1] - lo[1] : 1, n0 = full1 ? hi[0] - lo[0] : 1;
  for (; c != ce; c += 2, tp += 3 * kvol) {
    uint32_t acc[2], s0 = 0, s1 = 0;
    int32_t k0, k1;
    acc[0] = bias ? (uint32_t)bias[c] : 0u;
    acc[1] = bias ? (uint32_t)bias[c + 1] : 0u;
    for (k0 = lo[0]; k0 < hi[0]; k0 += n0)
      for (k1 = lo[1]; k1 < hi[1]; k1 += n1) {
        /* rows of one run: the k2 range, or the whole k1 (and k0) range where inner ranges are
         * complete (rank-2 layers have kernel[2] == 1) */
        const int32_t t0 = (k0 * k1n + k1) * k2n + lo[2];
        const int32_t t1 = !full2 ? t0 + (hi[2] - lo[2]) : ((full1 ? hi[0] - 1 : k0) * k1n + hi[1]) * k2n;
        const uint32_t* row = tp + t0 * 3;
        const uint32_t* end = tp + t1 * 3;
        if (row == end) continue;
        edgec_v6m__dw2(xw + c, row, end, acc);
        for (; row != end; row += 3) {
          s0 += row[1];
          s1 += row[2];
        }
      }
    y[c] = edgec_v6m__rq(q, r, c, acc[0] + off * s0);
    y[c + 1] = edgec_v6m__rq(q, r, c + 1, acc[1] + off * s1);
  }
}
#endif

/* One input and one output channel per group, kernels of up to EDGEC_V6M_DW_TAPS taps.
 * Channels in chunks whose table fits (bias + offset terms on the stack), then pixels, then
 * channel pairs; an odd last channel and windows touching the padding take plain C loops
 * over the in-bounds taps with the offset added per tap. */
static inline void edgec_v6m__conv_dw(const edgec_conv_params* p, const edgec_window* w,
                                      const edgec_requant_params* q, const int8_t* input, const int8_t* filter,
                                      const int32_t* bias, int8_t* output) {
  const int32_t C = p->out_channels, kvol = w->kernel_volume;
  const uint32_t off = (uint32_t)q->input_offset;
  const int32_t fit = EDGEC_V6M_DW_WORDS / (3 * kvol);
  const int32_t np_max = fit < EDGEC_V6M_DW_PAIRS ? (fit < 1 ? 1 : fit) : EDGEC_V6M_DW_PAIRS;
  uint32_t tab[EDGEC_V6M_DW_WORDS];
  int32_t toff[EDGEC_V6M_DW_TAPS]; /* input byte offset of each tap from the window corner */
  uint8_t lt[EDGEC_V6M_DW_TAPS];   /* in-bounds taps of a window touching the padding */
  uint32_t bo[2 * EDGEC_V6M_DW_PAIRS];
  int32_t span[EDGEC_MAX_SPATIAL_RANK];
  edgec_v6m__rqp r;
  int32_t c0, c, n, k0, k1, k2, t, d, i;
  edgec_v6m__rq_init(&r, q, C);
  t = 0;
  for (k0 = 0; k0 < w->kernel[0]; ++k0)
    for (k1 = 0; k1 < w->kernel[1]; ++k1)
      for (k2 = 0; k2 < w->kernel[2]; ++k2, ++t)
        toff[t] = ((k0 * w->dilation[0] * w->in[1] + k1 * w->dilation[1]) * w->in[2] + k2 * w->dilation[2]) * C;
  for (d = 0; d < EDGEC_MAX_SPATIAL_RANK; ++d) span[d] = (w->kernel[d] - 1) * w->dilation[d];
  for (c0 = 0; c0 < C; c0 += 2 * np_max) {
    const int32_t nc = C - c0 < 2 * np_max ? C - c0 : 2 * np_max, np = nc / 2, ce = c0 + nc;
    for (i = 0; i < np; ++i)
      for (t = 0; t < kvol; ++t) {
        uint32_t* row = tab + (i * kvol + t) * 3;
        row[0] = (uint32_t)toff[t];
        row[1] = (uint32_t)(int32_t)filter[(size_t)(c0 + 2 * i) * kvol + t];
        row[2] = (uint32_t)(int32_t)filter[(size_t)(c0 + 2 * i + 1) * kvol + t];
      }
    for (c = c0; c < ce; ++c) {
      const int8_t* f = filter + (size_t)c * kvol;
      uint32_t s = 0;
      for (t = 0; t < kvol; ++t) s += (uint32_t)(int32_t)f[t];
      bo[c - c0] = (bias ? (uint32_t)bias[c] : 0u) + off * s;
    }
    for (n = 0; n < p->batch; ++n) {
      const int8_t* x_img = input + (size_t)n * w->in_volume * C;
      int8_t* y = output + (size_t)n * w->out_volume * C;
      int32_t o3[EDGEC_MAX_SPATIAL_RANK] = {0, 0, 0};
      int32_t pixel;
      for (pixel = 0; pixel < w->out_volume; ++pixel, y += C) {
        int32_t base[EDGEC_MAX_SPATIAL_RANK];
        edgec_v6m__step(w, o3, base);
        if (edgec_v6m__inside(w, base, span)) {
          const int8_t* xw = x_img + (size_t)((base[0] * w->in[1] + base[1]) * w->in[2] + base[2]) * C;
          const int8_t* xb = NULL;
          int32_t o3b[EDGEC_MAX_SPATIAL_RANK], base_b[EDGEC_MAX_SPATIAL_RANK], k;
          /* the next pixel too when its window is inside as well (weights loaded once for both) */
          if (pixel + 1 < w->out_volume) {
            for (d = 0; d < EDGEC_MAX_SPATIAL_RANK; ++d) o3b[d] = o3[d];
            edgec_v6m__step(w, o3b, base_b);
            if (edgec_v6m__inside(w, base_b, span))
              xb = x_img + (size_t)((base_b[0] * w->in[1] + base_b[1]) * w->in[2] + base_b[2]) * C;
          }
          edgec_v6m__dw_pixel(xw, xb, tab, kvol, np, bo, c0, q, &r, y, xb ? y + C : NULL);
          for (k = 0; k < (xb ? 2 : 1); ++k)
            if (nc & 1) {
              const int8_t* f = filter + (size_t)(ce - 1) * kvol;
              const int8_t* xk = k ? xb : xw;
              uint32_t a = bo[nc - 1];
              for (t = 0; t < kvol; ++t) a += (uint32_t)(xk[toff[t] + ce - 1] * f[t]);
              y[k * C + ce - 1] = edgec_v6m__rq(q, &r, ce - 1, a);
            }
          if (xb) {
            for (d = 0; d < EDGEC_MAX_SPATIAL_RANK; ++d) o3[d] = o3b[d];
            ++pixel;
            y += C;
          }
        } else {
          /* corner offset (may be negative: only in-bounds taps are read) */
          const int32_t pc = ((base[0] * w->in[1] + base[1]) * w->in[2] + base[2]) * C;
          int32_t lo[EDGEC_MAX_SPATIAL_RANK], hi[EDGEC_MAX_SPATIAL_RANK], nt = 0;
          for (d = 0; d < EDGEC_MAX_SPATIAL_RANK; ++d)
            edgec_qconv__range(base[d], w->in[d], w->dilation[d], w->kernel[d], &lo[d], &hi[d]);
          for (k0 = lo[0]; k0 < hi[0]; ++k0)
            for (k1 = lo[1]; k1 < hi[1]; ++k1)
              for (k2 = lo[2]; k2 < hi[2]; ++k2) lt[nt++] = (uint8_t)((k0 * w->kernel[1] + k1) * w->kernel[2] + k2);
          c = c0;
#ifdef EDGEC_V6M__ASM
          edgec_v6m__dw_border(w, (const int8_t*)((uintptr_t)x_img + (uintptr_t)(intptr_t)pc), tab, np, lo, hi, bias,
                               c0, q, &r, y);
          c = c0 + 2 * np;
#endif
          for (; c < ce; ++c) {
            const int8_t* f = filter + (size_t)c * kvol;
            const int8_t* xc = x_img + c;
            uint32_t a = bias ? (uint32_t)bias[c] : 0u;
            for (i = 0; i < nt; ++i) {
              const int32_t tt = lt[i];
              a += ((uint32_t)(int32_t)xc[pc + toff[tt]] + off) * (uint32_t)(int32_t)f[tt];
            }
            y[c] = edgec_v6m__rq(q, &r, c, a);
          }
        }
      }
    }
  }
}

static inline void edgec_conv_s8_v6m(const edgec_conv_params* p, const edgec_requant_params* q, const int8_t* input,
                                     const int8_t* filter, const int32_t* bias, int8_t* output) {
  edgec_window w;
  const int32_t cg = p->in_channels / p->groups, og = p->out_channels / p->groups;
  edgec_conv_window(p, &w);
  if (cg == 1 && og == 1 && w.kernel_volume >= 1 && w.kernel_volume <= EDGEC_V6M_DW_TAPS)
    edgec_v6m__conv_dw(p, &w, q, input, filter, bias, output);
  else
    edgec_v6m__conv_general(p, &w, q, input, filter, bias, output);
}

#endif /* EDGEC_KERNELS_CONV_S8_V6M_H */
