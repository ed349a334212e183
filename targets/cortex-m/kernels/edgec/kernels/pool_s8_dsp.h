/* Cortex-M DSP-extension (ARMv7E-M, ARMv8-M Mainline with DSP: Cortex-M4, M7, M33) int8
 * pooling, channels-last: edgec_maxpool_s8_dsp, edgec_avgpool_s8_dsp and
 * edgec_global_avgpool_s8_dsp have exactly the signatures and results, bit for bit, of
 * edgec_maxpool_s8 / edgec_avgpool_s8 / edgec_global_avgpool_s8 (quantized_pool.h) for every
 * input those accept (any rank 1..3, window, stride, dilation, padding, channel count).
 *
 * Windowed pools: for each output pixel the in-bounds taps are listed (per dimension the
 * valid kernel range is computed, not tested tap by tap) as byte offsets relative to the
 * first tap; the list depends only on the number of in-bounds positions per dimension, so
 * it is rebuilt only at the borders. Output pixels go in runs along the last spatial
 * dimension (the window's dims right-aligned): consecutive pixels with the same taps, one
 * call per run. Then channels go in blocks of words, taps inner:
 *   - max: sixteen channels (four words) at a time, SSUB8 + SEL per word and tap (four byte
 *     maxima in two instructions), seeded with INT8_MIN (a window of padding only gives
 *     INT8_MIN, as the reference); the clamp to [act_min, act_max] is SSUB8 + SEL as well
 *     where that range is an ordered int8 range;
 *   - average: eight channels at a time, SXTAB16 / SXTAB16 ror 8 add the bytes of a word to
 *     two pairs of int16 sums that start at the padding's share (count - valid) * zero_point
 *     (exact where the divisor count <= 256 and zero_point is int8: every sum is then one of
 *     at most 256 int8 values), then per channel the reference's rounded division (SDIV) and
 *     clamp; other parameters keep the int32 sums of the reference.
 * Leftover channels (C mod 4) are summed / compared one at a time. A window with more than
 * 256 in-bounds taps takes a scalar loop over its taps for that pixel.
 * Global average: sixteen channels at a time over all pixels with SXTAB16 int16 pair sums,
 * flushed to int32 every 256 pixels; sum(x + offset) = sum(x) + pixels * offset (mod 2^32,
 * as the reference's int32 sums), then edgec_requant_output's arithmetic in a shorter exact
 * form (64-bit product, mask rounding, SSAT of a saturating add for the int8 clamp) where
 * the multiplier and shift allow.
 * Without __ARM_FEATURE_DSP the intrinsics are emulated in C (same results, for host tests). */
#ifndef EDGEC_KERNELS_POOL_S8_DSP_H
#define EDGEC_KERNELS_POOL_S8_DSP_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "edgec/kernels/pool.h"
#include "edgec/kernels/quantized_pool.h"
#include "edgec/kernels/requant.h"

#if defined(__ARM_FEATURE_DSP)
#include <arm_acle.h>
#endif

#if defined(__GNUC__)
#define EDGEC_DSPP__INLINE static inline __attribute__((always_inline))
#else
#define EDGEC_DSPP__INLINE static inline
#endif

#if defined(__GNUC__)
#define EDGEC_DSPP__NOINLINE static __attribute__((noinline, unused))
#else
#define EDGEC_DSPP__NOINLINE static
#endif

/* In-bounds taps listed per output pixel (int32 byte offsets on the stack: 1 KB). */
#define EDGEC_DSPP_TAPS 256

static inline int32_t edgec_dspp__ld32(const void* p) {
  int32_t v;
  memcpy(&v, p, 4);
  return v;
}
static inline void edgec_dspp__st32(void* p, int32_t v) { memcpy(p, &v, 4); }

#if defined(__ARM_FEATURE_DSP) && defined(__GNUC__)
/* Bytewise signed max (SSUB8 sets GE where a >= b, SEL picks a there). */
EDGEC_DSPP__INLINE int32_t edgec_dspp__max8(int32_t a, int32_t b) {
  int32_t r;
  __asm__("ssub8 %0, %1, %2\n\tsel %0, %1, %2" : "=&r"(r) : "r"(a), "r"(b));
  return r;
}
EDGEC_DSPP__INLINE int32_t edgec_dspp__min8(int32_t a, int32_t b) {
  int32_t r;
  __asm__("ssub8 %0, %1, %2\n\tsel %0, %2, %1" : "=&r"(r) : "r"(a), "r"(b));
  return r;
}
/* *m = max8(x, *m), in place (no register copy). */
EDGEC_DSPP__INLINE void edgec_dspp__maxacc(int32_t* m, int32_t x) {
  int32_t t;
  __asm__("ssub8 %0, %2, %1\n\tsel %1, %2, %1" : "=&r"(t), "+r"(*m) : "r"(x));
}
EDGEC_DSPP__INLINE int32_t edgec_dspp__sxtab16(int32_t a, int32_t x) { return __sxtab16(a, x); }
/* Per int16 lane of p: p + hp where p > 0, else p + hm (SSUB16 of 1 sets GE where p >= 1). */
EDGEC_DSPP__INLINE int32_t edgec_dspp__bias16(int32_t p, int32_t hp, int32_t hm) {
  int32_t r;
  __asm__("ssub16 %0, %1, %2\n\tsel %0, %3, %4" : "=&r"(r) : "r"(p), "r"(0x00010001), "r"(hp), "r"(hm));
  return __sadd16(p, r);
}
EDGEC_DSPP__INLINE int32_t edgec_dspp__sxtab16_r8(int32_t a, int32_t x) {
  int32_t r;
  __asm__("sxtab16 %0, %1, %2, ror #8" : "=r"(r) : "r"(a), "r"(x));
  return r;
}
#else
static inline int32_t edgec_dspp__byte(int32_t x, int32_t i) { return (int8_t)(uint8_t)(((uint32_t)x >> (8 * i)) & 0xFFu); }
static inline int32_t edgec_dspp__lo16(int32_t x) { return (int16_t)(uint16_t)((uint32_t)x & 0xFFFFu); }
static inline int32_t edgec_dspp__hi16(int32_t x) { return (int16_t)(uint16_t)((uint32_t)x >> 16); }
static inline int32_t edgec_dspp__pack16(int32_t lo, int32_t hi) {
  return edgec__wrap_i32(((uint32_t)(uint16_t)hi << 16) | (uint32_t)(uint16_t)lo);
}
static inline int32_t edgec_dspp__max8(int32_t a, int32_t b) {
  uint32_t r = 0;
  int32_t i;
  for (i = 0; i < 4; ++i) {
    const int32_t x = edgec_dspp__byte(a, i), y = edgec_dspp__byte(b, i);
    r |= (uint32_t)(uint8_t)(x >= y ? x : y) << (8 * i);
  }
  return edgec__wrap_i32(r);
}
static inline int32_t edgec_dspp__min8(int32_t a, int32_t b) {
  uint32_t r = 0;
  int32_t i;
  for (i = 0; i < 4; ++i) {
    const int32_t x = edgec_dspp__byte(a, i), y = edgec_dspp__byte(b, i);
    r |= (uint32_t)(uint8_t)(x >= y ? y : x) << (8 * i);
  }
  return edgec__wrap_i32(r);
}
static inline void edgec_dspp__maxacc(int32_t* m, int32_t x) { *m = edgec_dspp__max8(x, *m); }
static inline int32_t edgec_dspp__bias16(int32_t p, int32_t hp, int32_t hm) {
  const int32_t lo = edgec_dspp__lo16(p), hi = edgec_dspp__hi16(p);
  return edgec_dspp__pack16(lo + (lo > 0 ? edgec_dspp__lo16(hp) : edgec_dspp__lo16(hm)),
                            hi + (hi > 0 ? edgec_dspp__hi16(hp) : edgec_dspp__hi16(hm)));
}
static inline int32_t edgec_dspp__sxtab16(int32_t a, int32_t x) {
  return edgec_dspp__pack16(edgec_dspp__lo16(a) + edgec_dspp__byte(x, 0), edgec_dspp__hi16(a) + edgec_dspp__byte(x, 2));
}
static inline int32_t edgec_dspp__sxtab16_r8(int32_t a, int32_t x) {
  return edgec_dspp__pack16(edgec_dspp__lo16(a) + edgec_dspp__byte(x, 1), edgec_dspp__hi16(a) + edgec_dspp__byte(x, 3));
}
#endif

static inline int32_t edgec_dspp__lane_lo(int32_t x) { return (int16_t)(uint16_t)((uint32_t)x & 0xFFFFu); }
static inline int32_t edgec_dspp__lane_hi(int32_t x) { return x >> 16; }

/* ---- Window geometry ---- */

/* The in-bounds taps of an output pixel: byte offsets (pixel * channels) relative to the
 * first one. They depend only on the number of in-bounds kernel positions per dimension
 * (cnt), so the list is rebuilt only where that changes (at the borders). */
typedef struct {
  int32_t taps[EDGEC_DSPP_TAPS];
  int32_t cnt[3], n; /* n < 0: nothing listed yet */
} edgec_dspp__tapc;

/* In-bounds kernel positions of output coordinate o along dimension d (dilation >= 1):
 * their number *cnt and the first one's input coordinate *first. */
static inline void edgec_dspp__dim(const edgec_window* w, int32_t d, int32_t o, int32_t* first, int32_t* cnt) {
  const int32_t start = o * w->stride[d] - w->pad_begin[d], dil = w->dilation[d];
  int32_t a, b;
  if (dil == 1) {
    a = start >= 0 ? 0 : -start;
    b = w->in[d] - start;
  } else {
    a = start >= 0 ? 0 : (-start + dil - 1) / dil;
    b = start >= w->in[d] ? 0 : (w->in[d] - start + dil - 1) / dil;
  }
  if (b > w->kernel[d]) b = w->kernel[d];
  if (b < a) b = a;
  *cnt = b - a;
  *first = start + a * dil;
}

/* Lists the in-bounds taps of the output pixel whose per-dimension ranges are first[] /
 * cnt[] in tc (if not already there) and sets *base to the first one's offset; returns
 * their number, or -1 when there are more than EDGEC_DSPP_TAPS (nothing listed) or the
 * window is not ok (a dilation below 1: no ranges). */
static inline int32_t edgec_dspp__taps(const edgec_window* w, int ok, const int32_t* first, const int32_t* cnt,
                                       int32_t channels, edgec_dspp__tapc* tc, int32_t* base) {
  const int64_t total = (int64_t)cnt[0] * cnt[1] * cnt[2];
  int32_t k0, k1, k2, n = 0, d;
  *base = 0;
  if (!ok || total > EDGEC_DSPP_TAPS) return -1;
  if (total == 0) return 0;
  *base = ((first[0] * w->in[1] + first[1]) * w->in[2] + first[2]) * channels;
  if (tc->n >= 0 && tc->cnt[0] == cnt[0] && tc->cnt[1] == cnt[1] && tc->cnt[2] == cnt[2]) return tc->n;
  {
    /* byte steps of one kernel step per dimension */
    const int32_t s2 = w->dilation[2] * channels, s1 = w->dilation[1] * w->in[2] * channels;
    const int32_t s0 = w->dilation[0] * w->in[1] * w->in[2] * channels;
    int32_t r0 = 0;
    for (k0 = 0; k0 < cnt[0]; ++k0, r0 += s0) {
      int32_t r1 = r0;
      for (k1 = 0; k1 < cnt[1]; ++k1, r1 += s1) {
        int32_t r2 = r1;
        for (k2 = 0; k2 < cnt[2]; ++k2, r2 += s2) tc->taps[n++] = r2;
      }
    }
  }
  for (d = 0; d < 3; ++d) tc->cnt[d] = cnt[d];
  tc->n = n;
  return n;
}

/* The window of p with its spatial dims right-aligned (unused leading dims of size 1), so
 * that the innermost loop runs along the last real dimension. Linear pixel and tap indices
 * are those of edgec_pool_window's (dims of size 1 do not change them). */
static inline void edgec_dspp__window(const edgec_pool_params* p, edgec_window* w) {
  int32_t in[3], out[3], k[3], st[3], dil[3], pad[3], d;
  const int32_t r = p->spatial_rank < 0 ? 0 : (p->spatial_rank > 3 ? 3 : p->spatial_rank), sh = 3 - r;
  for (d = 0; d < 3; ++d) {
    const int used = d >= sh;
    in[d] = used ? p->in_spatial[d - sh] : 1;
    out[d] = used ? p->out_spatial[d - sh] : 1;
    k[d] = used ? p->kernel[d - sh] : 1;
    st[d] = used ? p->stride[d - sh] : 1;
    dil[d] = used ? p->dilation[d - sh] : 1;
    pad[d] = used ? p->pad_begin[d - sh] : 0;
  }
  edgec_window_init(w, 3, in, out, k, st, dil, pad);
}

/* Walks the output pixels of p (window W from edgec_dspp__window) in runs along the last
 * dimension: np consecutive pixels whose windows hold the same in-bounds taps, shifted by
 * step bytes from one to the next (np = 1 where the taps are not listed). BODY sees x (the
 * batch image), y (the run's first outputs), pix (its first pixel index), np, step, and
 * nt / base: the first pixel's listed taps in TC (edgec_dspp__taps) and their base. */
#define EDGEC_DSPP__PIXELS(P, W, TC, IN, OUT, ...)                                                    \
  do {                                                                                                \
    const int ok_ = (W).dilation[0] >= 1 && (W).dilation[1] >= 1 && (W).dilation[2] >= 1;            \
    const int32_t step = (W).stride[2] * (P)->channels;                                               \
    int32_t n_, o0_, o1_, o2_, pix, f_[3] = {0, 0, 0}, k_[3] = {0, 0, 0};                             \
    for (n_ = 0; n_ < (P)->batch; ++n_) {                                                             \
      const int8_t* x = (IN) + (size_t)n_ * (W).in_volume * (P)->channels;                            \
      pix = 0;                                                                                        \
      for (o0_ = 0; o0_ < (W).out[0]; ++o0_) {                                                        \
        if (ok_) edgec_dspp__dim(&(W), 0, o0_, &f_[0], &k_[0]);                                       \
        for (o1_ = 0; o1_ < (W).out[1]; ++o1_) {                                                      \
          if (ok_) edgec_dspp__dim(&(W), 1, o1_, &f_[1], &k_[1]);                                     \
          o2_ = 0;                                                                                    \
          while (o2_ < (W).out[2]) {                                                                  \
            int8_t* y = (OUT) + ((size_t)n_ * (W).out_volume + pix) * (P)->channels;                  \
            int32_t base, nt, np = 1;                                                                 \
            if (ok_) {                                                                                \
              /* the run: same count and same first kernel position (f - start) */                   \
              const int32_t a_ = (edgec_dspp__dim(&(W), 2, o2_, &f_[2], &k_[2]), f_[2] - o2_ * (W).stride[2]); \
              while (o2_ + np < (W).out[2]) {                                                         \
                int32_t f2_, k2_;                                                                     \
                edgec_dspp__dim(&(W), 2, o2_ + np, &f2_, &k2_);                                       \
                if (k2_ != k_[2] || f2_ - (o2_ + np) * (W).stride[2] != a_) break;                    \
                ++np;                                                                                 \
              }                                                                                       \
            }                                                                                         \
            nt = edgec_dspp__taps(&(W), ok_, f_, k_, (P)->channels, &(TC), &base);                    \
            if (nt < 0) np = 1;                                                                       \
            __VA_ARGS__;                                                                              \
            o2_ += np;                                                                                \
            pix += np;                                                                                \
          }                                                                                           \
        }                                                                                             \
      }                                                                                               \
    }                                                                                                 \
  } while (0)

/* ---- Max pooling ---- */

EDGEC_DSPP__INLINE int32_t edgec_dspp__clamp_s(int32_t v, int32_t lo, int32_t hi) {
  return v < lo ? lo : (v > hi ? hi : v);
}

/* Stores the word m of four byte maxima at y, clamped to [act_min, act_max]. */
EDGEC_DSPP__INLINE void edgec_dspp__put4(int8_t* y, int32_t m, int vclamp, int noclamp, int32_t lo4, int32_t hi4,
                                         int32_t act_min, int32_t act_max) {
  int32_t j;
  if (vclamp) {
    if (!noclamp) m = edgec_dspp__min8(edgec_dspp__max8(m, lo4), hi4);
    edgec_dspp__st32(y, m);
  } else {
    for (j = 0; j < 4; ++j)
      y[j] = (int8_t)edgec_dspp__clamp_s((int8_t)(uint8_t)((uint32_t)m >> (8 * j)), act_min, act_max);
  }
}

/* np output pixels of the max pool whose listed taps (nt of them, from xb, the next pixel's
 * step bytes further) are the same. */
EDGEC_DSPP__NOINLINE void edgec_dspp__max_px(const int8_t* xb, const int32_t* taps, int32_t nt, int32_t C, int8_t* y,
                                            int32_t np, int32_t step, int vclamp, int noclamp, int32_t act_min,
                                            int32_t act_max) {
  const int32_t lo4 = (int32_t)((uint32_t)(uint8_t)act_min * 0x01010101u);
  const int32_t hi4 = (int32_t)((uint32_t)(uint8_t)act_max * 0x01010101u);
  const int32_t* const te = taps + nt;
  int32_t q;
  for (q = 0; q < np; ++q, xb += step, y += C) {
    const int32_t* tp;
    int32_t c = 0;
    for (; c + 16 <= C; c += 16) {
      int32_t m0 = (int32_t)0x80808080u, m1 = m0, m2 = m0, m3 = m0;
      const int8_t* xc = xb + c;
      for (tp = taps; tp != te; ++tp) {
        const int8_t* xt = xc + *tp;
        edgec_dspp__maxacc(&m0, edgec_dspp__ld32(xt));
        edgec_dspp__maxacc(&m1, edgec_dspp__ld32(xt + 4));
        edgec_dspp__maxacc(&m2, edgec_dspp__ld32(xt + 8));
        edgec_dspp__maxacc(&m3, edgec_dspp__ld32(xt + 12));
      }
      edgec_dspp__put4(y + c, m0, vclamp, noclamp, lo4, hi4, act_min, act_max);
      edgec_dspp__put4(y + c + 4, m1, vclamp, noclamp, lo4, hi4, act_min, act_max);
      edgec_dspp__put4(y + c + 8, m2, vclamp, noclamp, lo4, hi4, act_min, act_max);
      edgec_dspp__put4(y + c + 12, m3, vclamp, noclamp, lo4, hi4, act_min, act_max);
    }
    for (; c + 4 <= C; c += 4) {
      int32_t m0 = (int32_t)0x80808080u;
      const int8_t* xc = xb + c;
      for (tp = taps; tp != te; ++tp) edgec_dspp__maxacc(&m0, edgec_dspp__ld32(xc + *tp));
      edgec_dspp__put4(y + c, m0, vclamp, noclamp, lo4, hi4, act_min, act_max);
    }
    for (; c < C; ++c) {
      int32_t m = INT8_MIN;
      for (tp = taps; tp != te; ++tp)
        if (xb[c + *tp] > m) m = xb[c + *tp];
      y[c] = (int8_t)edgec_dspp__clamp_s(m, act_min, act_max);
    }
  }
}

static inline void edgec_maxpool_s8_dsp(const edgec_pool_params* p, int32_t act_min, int32_t act_max,
                                        const int8_t* in, int8_t* out) {
  edgec_window w;
  edgec_dspp__tapc tc;
  const int32_t C = p->channels;
  /* SIMD clamp for an ordered int8 range; none needed for the full one */
  const int vclamp = act_min >= -128 && act_min <= act_max && act_max <= 127;
  const int noclamp = act_min == -128 && act_max == 127;
  edgec_dspp__window(p, &w);
  tc.n = -1;
  EDGEC_DSPP__PIXELS(p, w, tc, in, out, {
    if (nt < 0) {
      /* too many taps to list: each channel over every tap */
      int32_t c;
      for (c = 0; c < C; ++c) {
        int32_t m = INT8_MIN, tap;
        for (tap = 0; tap < w.kernel_volume; ++tap) {
          const int32_t ip = edgec_window_tap_pixel(&w, pix, tap);
          if (ip >= 0 && x[(size_t)ip * C + c] > m) m = x[(size_t)ip * C + c];
        }
        y[c] = (int8_t)edgec_dspp__clamp_s(m, act_min, act_max);
      }
    } else {
      edgec_dspp__max_px(x + base, tc.taps, nt, C, y, np, step, vclamp, noclamp, act_min, act_max);
    }
  });
}

/* ---- Average pooling ---- */

/* The reference's rounded quotient and clamp of one channel's window sum. */
EDGEC_DSPP__INLINE int8_t edgec_dspp__avg(int32_t sum, int32_t count, int32_t pad_add, int32_t act_min,
                                          int32_t act_max, int32_t zero_point) {
  int32_t v;
  if (count <= 0) {
    v = zero_point;
  } else {
    const int32_t s = sum + pad_add;
    v = s > 0 ? (s + count / 2) / count : (s - count / 2) / count;
  }
  return (int8_t)edgec_dspp__clamp_s(v, act_min, act_max);
}

/* Rounded quotient of a window sum v by count > 0, as the reference (half away from zero). */
EDGEC_DSPP__INLINE int32_t edgec_dspp__rdiv(int32_t v, int32_t half, int32_t count) {
  return (v > 0 ? v + half : v - half) / count;
}


/* One output pixel of the average pool where every sum, padding included, fits int16 (at
 * most 256 int8 values: count <= 256, zero_point in int8); the pair sums start at init, the
 * padding's share in both lanes. The quotients lie in [-128, 127]; clamp: apply
 * [act_min, act_max] (else that range covers int8). */
EDGEC_DSPP__NOINLINE void edgec_dspp__avg_px(const int8_t* xb, const int32_t* taps, int32_t nt, int32_t C, int8_t* y,
                                            int32_t np, int32_t step, int32_t init, int32_t count, int clamp,
                                            int32_t act_min, int32_t act_max) {
  const int32_t half = count / 2;
  /* |sum| <= 128 count, so sum +- half fits int16 for count <= 254 */
  const int pairs = count <= 254;
  const int32_t hp = (int32_t)((uint32_t)(uint16_t)half * 0x10001u), hm = (int32_t)((uint32_t)(uint16_t)-half * 0x10001u);
  const int32_t* const te = taps + nt;
  const int32_t* tp;
  int32_t q;
  for (q = 0; q < np; ++q, xb += step, y += C) {
  int32_t c = 0, j;
  for (; c + 8 <= C; c += 8) {
    int32_t s02 = init, s13 = init, s46 = init, s57 = init;
    const int8_t* xc = xb + c;
    for (tp = taps; tp != te; ++tp) {
      const int8_t* xt = xc + *tp;
      const int32_t w0 = edgec_dspp__ld32(xt), w1 = edgec_dspp__ld32(xt + 4);
      s02 = edgec_dspp__sxtab16(s02, w0);
      s13 = edgec_dspp__sxtab16_r8(s13, w0);
      s46 = edgec_dspp__sxtab16(s46, w1);
      s57 = edgec_dspp__sxtab16_r8(s57, w1);
    }
    if (pairs) {
      /* the rounding bias added to both lanes at once; then a truncating division each */
      s02 = edgec_dspp__bias16(s02, hp, hm);
      s13 = edgec_dspp__bias16(s13, hp, hm);
      s46 = edgec_dspp__bias16(s46, hp, hm);
      s57 = edgec_dspp__bias16(s57, hp, hm);
      y[c + 0] = (int8_t)(edgec_dspp__lane_lo(s02) / count);
      y[c + 1] = (int8_t)(edgec_dspp__lane_lo(s13) / count);
      y[c + 2] = (int8_t)(edgec_dspp__lane_hi(s02) / count);
      y[c + 3] = (int8_t)(edgec_dspp__lane_hi(s13) / count);
      y[c + 4] = (int8_t)(edgec_dspp__lane_lo(s46) / count);
      y[c + 5] = (int8_t)(edgec_dspp__lane_lo(s57) / count);
      y[c + 6] = (int8_t)(edgec_dspp__lane_hi(s46) / count);
      y[c + 7] = (int8_t)(edgec_dspp__lane_hi(s57) / count);
    } else {
      y[c + 0] = (int8_t)edgec_dspp__rdiv(edgec_dspp__lane_lo(s02), half, count);
      y[c + 1] = (int8_t)edgec_dspp__rdiv(edgec_dspp__lane_lo(s13), half, count);
      y[c + 2] = (int8_t)edgec_dspp__rdiv(edgec_dspp__lane_hi(s02), half, count);
      y[c + 3] = (int8_t)edgec_dspp__rdiv(edgec_dspp__lane_hi(s13), half, count);
      y[c + 4] = (int8_t)edgec_dspp__rdiv(edgec_dspp__lane_lo(s46), half, count);
      y[c + 5] = (int8_t)edgec_dspp__rdiv(edgec_dspp__lane_lo(s57), half, count);
      y[c + 6] = (int8_t)edgec_dspp__rdiv(edgec_dspp__lane_hi(s46), half, count);
      y[c + 7] = (int8_t)edgec_dspp__rdiv(edgec_dspp__lane_hi(s57), half, count);
    }
  }
  for (; c + 4 <= C; c += 4) {
    int32_t s02 = init, s13 = init;
    const int8_t* xc = xb + c;
    for (tp = taps; tp != te; ++tp) {
      const int32_t w0 = edgec_dspp__ld32(xc + *tp);
      s02 = edgec_dspp__sxtab16(s02, w0);
      s13 = edgec_dspp__sxtab16_r8(s13, w0);
    }
    y[c + 0] = (int8_t)edgec_dspp__rdiv(edgec_dspp__lane_lo(s02), half, count);
    y[c + 1] = (int8_t)edgec_dspp__rdiv(edgec_dspp__lane_lo(s13), half, count);
    y[c + 2] = (int8_t)edgec_dspp__rdiv(edgec_dspp__lane_hi(s02), half, count);
    y[c + 3] = (int8_t)edgec_dspp__rdiv(edgec_dspp__lane_hi(s13), half, count);
  }
  for (; c < C; ++c) {
    int32_t v = edgec_dspp__lane_lo(init);
    for (tp = taps; tp != te; ++tp) v += xb[c + *tp];
    y[c] = (int8_t)edgec_dspp__rdiv(v, half, count);
  }
  if (clamp)
    for (j = 0; j < C; ++j) y[j] = (int8_t)edgec_dspp__clamp_s(y[j], act_min, act_max);
  }
}

static inline void edgec_avgpool_s8_dsp(const edgec_pool_params* p, int32_t act_min, int32_t act_max,
                                        int32_t zero_point, const int8_t* in, int8_t* out) {
  edgec_window w;
  edgec_dspp__tapc tc;
  const int32_t* const taps = tc.taps;
  const int32_t C = p->channels;
  int fast;
  const int clamp = act_min > -128 || act_max < 127;
  edgec_dspp__window(p, &w);
  fast = zero_point >= -128 && zero_point <= 127 && (!p->count_include_pad || w.kernel_volume <= EDGEC_DSPP_TAPS);
  tc.n = -1;
  EDGEC_DSPP__PIXELS(p, w, tc, in, out, {
    int32_t c = 0, t, q;
    if (nt < 0) {
      /* too many taps to list: each channel over every tap, int32 sums */
      int32_t valid = 0, tap, count;
      for (tap = 0; tap < w.kernel_volume; ++tap)
        if (edgec_window_tap_pixel(&w, pix, tap) >= 0) ++valid;
      count = p->count_include_pad ? w.kernel_volume : valid;
      for (c = 0; c < C; ++c) {
        int32_t s = 0;
        for (tap = 0; tap < w.kernel_volume; ++tap) {
          const int32_t ip = edgec_window_tap_pixel(&w, pix, tap);
          if (ip >= 0) s += x[(size_t)ip * C + c];
        }
        y[c] = edgec_dspp__avg(s, count, (count - valid) * zero_point, act_min, act_max, zero_point);
      }
    } else if (fast && (p->count_include_pad ? w.kernel_volume : nt) > 0) {
      const int32_t count = p->count_include_pad ? w.kernel_volume : nt;
      const int32_t pad = (count - nt) * zero_point; /* |pad| <= 32768: one int16 lane */
      edgec_dspp__avg_px(x + base, taps, nt, C, y, np, step, (int32_t)((uint32_t)(uint16_t)pad * 0x10001u), count,
                         clamp, act_min, act_max);
    } else {
      const int32_t count = p->count_include_pad ? w.kernel_volume : nt;
      const int32_t pad_add = count > 0 ? (count - nt) * zero_point : 0;
      for (q = 0; q < np; ++q) {
      const int8_t* const xb = x + base + q * step;
      int8_t* const yq = y + (size_t)q * C;
      c = 0;
      for (; c + 8 <= C; c += 8) {
        int32_t s02 = 0, s13 = 0, s46 = 0, s57 = 0;
        const int8_t* xc = xb + c;
        for (t = 0; t < nt; ++t) {
          const int8_t* xt = xc + taps[t];
          const int32_t w0 = edgec_dspp__ld32(xt), w1 = edgec_dspp__ld32(xt + 4);
          s02 = edgec_dspp__sxtab16(s02, w0);
          s13 = edgec_dspp__sxtab16_r8(s13, w0);
          s46 = edgec_dspp__sxtab16(s46, w1);
          s57 = edgec_dspp__sxtab16_r8(s57, w1);
        }
        yq[c + 0] = edgec_dspp__avg(edgec_dspp__lane_lo(s02), count, pad_add, act_min, act_max, zero_point);
        yq[c + 1] = edgec_dspp__avg(edgec_dspp__lane_lo(s13), count, pad_add, act_min, act_max, zero_point);
        yq[c + 2] = edgec_dspp__avg(edgec_dspp__lane_hi(s02), count, pad_add, act_min, act_max, zero_point);
        yq[c + 3] = edgec_dspp__avg(edgec_dspp__lane_hi(s13), count, pad_add, act_min, act_max, zero_point);
        yq[c + 4] = edgec_dspp__avg(edgec_dspp__lane_lo(s46), count, pad_add, act_min, act_max, zero_point);
        yq[c + 5] = edgec_dspp__avg(edgec_dspp__lane_lo(s57), count, pad_add, act_min, act_max, zero_point);
        yq[c + 6] = edgec_dspp__avg(edgec_dspp__lane_hi(s46), count, pad_add, act_min, act_max, zero_point);
        yq[c + 7] = edgec_dspp__avg(edgec_dspp__lane_hi(s57), count, pad_add, act_min, act_max, zero_point);
      }
      for (; c + 4 <= C; c += 4) {
        int32_t s02 = 0, s13 = 0;
        for (t = 0; t < nt; ++t) {
          const int32_t w0 = edgec_dspp__ld32(xb + c + taps[t]);
          s02 = edgec_dspp__sxtab16(s02, w0);
          s13 = edgec_dspp__sxtab16_r8(s13, w0);
        }
        yq[c + 0] = edgec_dspp__avg(edgec_dspp__lane_lo(s02), count, pad_add, act_min, act_max, zero_point);
        yq[c + 1] = edgec_dspp__avg(edgec_dspp__lane_lo(s13), count, pad_add, act_min, act_max, zero_point);
        yq[c + 2] = edgec_dspp__avg(edgec_dspp__lane_hi(s02), count, pad_add, act_min, act_max, zero_point);
        yq[c + 3] = edgec_dspp__avg(edgec_dspp__lane_hi(s13), count, pad_add, act_min, act_max, zero_point);
      }
      for (; c < C; ++c) {
        int32_t s = 0;
        for (t = 0; t < nt; ++t) s += xb[c + taps[t]];
        yq[c] = edgec_dspp__avg(s, count, pad_add, act_min, act_max, zero_point);
      }
      }
    }
  });
}

/* ---- Global average pooling ---- */


#if defined(__ARM_FEATURE_DSP)
EDGEC_DSPP__INLINE int32_t edgec_dspp__qadd(int32_t a, int32_t b) { return __qadd(a, b); }
EDGEC_DSPP__INLINE int32_t edgec_dspp__ssat8(int32_t a) { return __ssat(a, 8); }
#else
static inline int32_t edgec_dspp__qadd(int32_t a, int32_t b) {
  const int64_t r = (int64_t)a + b;
  return r > INT32_MAX ? INT32_MAX : (r < INT32_MIN ? INT32_MIN : (int32_t)r);
}
static inline int32_t edgec_dspp__ssat8(int32_t a) { return a > 127 ? 127 : (a < -128 ? -128 : a); }
#endif

/* y[j] = edgec_requant_output(q, 0, acc[j]) for j < n. With the multiplier not INT32_MIN
 * and the shift in -31..30: the high multiply as a 64-bit product (exact), the rounding
 * shift by the mask rule, then the clamp: SSAT of a saturating add of the offset for the
 * int8 range [-128, 127] (v + offset >= 127 exactly when the saturated sum is), else the
 * reference's bounds moved by -offset (computed once; an ordered range within int32). */
EDGEC_DSPP__NOINLINE void edgec_dspp__requant_n(const edgec_requant_params* q, const uint32_t* acc, int32_t n,
                                               int8_t* y) {
  const int32_t m = q->multiplier[0], s = q->shift[0], off = q->output_offset;
  const int64_t lo_s = (int64_t)q->act_min - off, hi_s = (int64_t)q->act_max - off;
  int32_t j;
  if (m == INT32_MIN || s > 30 || s < -31 || q->act_min > q->act_max || lo_s < INT32_MIN || hi_s > INT32_MAX) {
    for (j = 0; j < n; ++j) y[j] = (int8_t)edgec_requant_output(q, 0, edgec__wrap_i32(acc[j]));
    return;
  }
  {
    const int32_t left = s > 0 ? s : 0, right = left - s;
    const int32_t mask = (int32_t)(((uint32_t)1 << right) - 1u), half = mask >> 1;
    const int32_t lo = (int32_t)lo_s, hi = (int32_t)hi_s;
#define EDGEC_DSPP__RQ(J)                                                                                      \
  const int32_t h = (int32_t)(((int64_t)edgec__wrap_i32(acc[J] << left) * m + ((int64_t)1 << 30)) >> 31);   \
  int32_t v = (h >> right) + ((h & mask) + (h >> 31) > half ? 1 : 0)
    if (q->act_min == -128 && q->act_max == 127) {
      for (j = 0; j < n; ++j) {
        EDGEC_DSPP__RQ(j);
        y[j] = (int8_t)edgec_dspp__ssat8(edgec_dspp__qadd(v, off));
      }
    } else {
      for (j = 0; j < n; ++j) {
        EDGEC_DSPP__RQ(j);
        v = v < lo ? lo : v;
        v = v > hi ? hi : v;
        y[j] = (int8_t)(v + off);
      }
    }
#undef EDGEC_DSPP__RQ
  }
}

/* tot[0..16) += the sums of 16 channels (bytes xp[0..16)) over e (1..256) pixels, stride
 * bytes apart: int16 pair sums (exact: |sum| <= 256 * 128), then widened. */
EDGEC_DSPP__NOINLINE void edgec_dspp__colsum16(const int8_t* xp, int32_t stride, int32_t e, uint32_t* tot) {
  const int8_t* const end = xp + (size_t)e * stride;
  int32_t a0 = 0, a1 = 0, a2 = 0, a3 = 0, a4 = 0, a5 = 0, a6 = 0, a7 = 0;
  do {
    const int32_t w0 = edgec_dspp__ld32(xp), w1 = edgec_dspp__ld32(xp + 4);
    const int32_t w2 = edgec_dspp__ld32(xp + 8), w3 = edgec_dspp__ld32(xp + 12);
    a0 = edgec_dspp__sxtab16(a0, w0);
    a1 = edgec_dspp__sxtab16_r8(a1, w0);
    a2 = edgec_dspp__sxtab16(a2, w1);
    a3 = edgec_dspp__sxtab16_r8(a3, w1);
    a4 = edgec_dspp__sxtab16(a4, w2);
    a5 = edgec_dspp__sxtab16_r8(a5, w2);
    a6 = edgec_dspp__sxtab16(a6, w3);
    a7 = edgec_dspp__sxtab16_r8(a7, w3);
    xp += stride;
  } while (xp != end);
#define EDGEC_DSPP__WIDEN(K, A)                                \
  tot[K] += (uint32_t)edgec_dspp__lane_lo(A);                   \
  tot[K + 2] += (uint32_t)edgec_dspp__lane_hi(A);
  EDGEC_DSPP__WIDEN(0, a0)
  EDGEC_DSPP__WIDEN(1, a1)
  EDGEC_DSPP__WIDEN(4, a2)
  EDGEC_DSPP__WIDEN(5, a3)
  EDGEC_DSPP__WIDEN(8, a4)
  EDGEC_DSPP__WIDEN(9, a5)
  EDGEC_DSPP__WIDEN(12, a6)
  EDGEC_DSPP__WIDEN(13, a7)
#undef EDGEC_DSPP__WIDEN
}

static inline void edgec_global_avgpool_s8_dsp(int32_t batch, int32_t pixels, int32_t channels,
                                               const edgec_requant_params* q, const int8_t* in, int8_t* out) {
  /* sum over pixels of input_offset, modulo 2^32 */
  const uint32_t add = (uint32_t)(pixels > 0 ? pixels : 0) * (uint32_t)q->input_offset;
  int32_t n, c, s0, s, j;
  for (n = 0; n < batch; ++n) {
    const int8_t* img = in + (size_t)n * pixels * channels;
    int8_t* y = out + (size_t)n * channels;
    c = 0;
    for (; c + 16 <= channels; c += 16) {
      uint32_t tot[16];
      for (j = 0; j < 16; ++j) tot[j] = add;
      for (s0 = 0; s0 < pixels; s0 += 256)
        edgec_dspp__colsum16(img + (size_t)s0 * channels + c, channels, pixels - s0 < 256 ? pixels - s0 : 256, tot);
      edgec_dspp__requant_n(q, tot, 16, y + c);
    }
    for (; c + 4 <= channels; c += 4) {
      uint32_t tot[4] = {add, add, add, add};
      for (s0 = 0; s0 < pixels; s0 += 256) {
        const int32_t e = pixels - s0 < 256 ? pixels - s0 : 256;
        const int8_t* xp = img + (size_t)s0 * channels + c;
        int32_t a02 = 0, a13 = 0;
        for (s = 0; s < e; ++s, xp += channels) {
          const int32_t w0 = edgec_dspp__ld32(xp);
          a02 = edgec_dspp__sxtab16(a02, w0);
          a13 = edgec_dspp__sxtab16_r8(a13, w0);
        }
        tot[0] += (uint32_t)edgec_dspp__lane_lo(a02);
        tot[1] += (uint32_t)edgec_dspp__lane_lo(a13);
        tot[2] += (uint32_t)edgec_dspp__lane_hi(a02);
        tot[3] += (uint32_t)edgec_dspp__lane_hi(a13);
      }
      edgec_dspp__requant_n(q, tot, 4, y + c);
    }
    for (; c < channels; ++c) {
      uint32_t tot = add;
      const int8_t* xp = img + c;
      for (s = 0; s < pixels; ++s, xp += channels) tot += (uint32_t)(int32_t)*xp;
      edgec_dspp__requant_n(q, &tot, 1, y + c);
    }
  }
}

#endif /* EDGEC_KERNELS_POOL_S8_DSP_H */
