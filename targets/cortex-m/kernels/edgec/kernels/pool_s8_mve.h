/* Cortex-M55 Helium (MVE) int8 pooling, bit-identical to edgec_maxpool_s8, edgec_avgpool_s8
 * and edgec_global_avgpool_s8 (quantized_pool.h) for every input those kernels accept.
 * Without MVE they are the reference kernels themselves.
 *
 * Channels-last, so every kernel vectorises over channels (tail-predicated, vctp8q /
 * vctp16q): per output pixel the in-bounds tap range of each spatial dim is found once
 * (the order of taps does not matter for a max or an integer sum), then blocks of up to 64
 * (max) or 32 (average) channels accumulate in registers over those taps.
 *  - maxpool: VMAX on int8 from INT8_MIN; the clamp is VMAX / VMIN where the activation
 *    range is an ordered int8 one, else the reference's scalar clamp on the block.
 *  - avgpool: int16 sums (exact for up to 256 taps of int8 values or int8 zero points,
 *    the padded taps' zero points included), and the rounded division (half away from zero,
 *    truncating) in 16-bit lanes by an exact reciprocal multiply (edgec_mve_pool__avg8).
 *    Kernels over 256 taps, zero points outside int8, an inverted activation range or one
 *    beyond int16 take a scalar per-pixel path with the reference's arithmetic.
 *  - global avgpool: int16 sums over chunks of 256 pixels added into int32, the input
 *    offset folded in as pixels * offset (modulo 2^32, as the reference's sums), then the
 *    requantization of conv_s8_mve.h (edgec_mve__rq4, per-tensor: entry 0, as the
 *    reference). */
#ifndef EDGEC_KERNELS_POOL_S8_MVE_H
#define EDGEC_KERNELS_POOL_S8_MVE_H

#include <stddef.h>
#include <stdint.h>

#include "edgec/kernels/pool.h"
#include "edgec/kernels/quantized_pool.h"
#include "edgec/kernels/requant.h"

#if defined(__ARM_FEATURE_MVE) && (__ARM_FEATURE_MVE & 1)
#include <arm_mve.h>

#include "edgec/kernels/conv_s8_mve.h"

/* The taps k of one dim (extent `kernel`) whose coordinate base + k * dilation lies in
 * [0, in): [*lo, *hi) (an arithmetic sequence meets an interval in a run of indices). */
static inline void edgec_mve_pool__range(int32_t base, int32_t in, int32_t dilation, int32_t kernel, int32_t* lo,
                                         int32_t* hi) {
  int32_t a = 0, b = kernel;
  if (dilation == 1) {
    if (base < 0) a = -base;
    if (in - base < b) b = in - base;
  } else if (dilation > 1) {
    if (base < 0) a = (-base + dilation - 1) / dilation;
    if (in - base <= 0) b = 0;
    else if ((in - base + dilation - 1) / dilation < b) b = (in - base + dilation - 1) / dilation;
  } else {
    int32_t k, first = -1, last = -2;
    for (k = 0; k < kernel; ++k) {
      const int32_t c = base + k * dilation;
      if (c >= 0 && c < in) {
        if (first < 0) first = k;
        last = k;
      }
    }
    a = first < 0 ? 0 : first;
    b = last + 1;
  }
  *lo = a;
  *hi = b > a ? b : a;
}

/* One output pixel's in-bounds taps: per dim their number and the input step of one tap
 * (elements), the first tap's element offset, and their count. */
typedef struct {
  int32_t n[EDGEC_MAX_SPATIAL_RANK];
  int32_t step[EDGEC_MAX_SPATIAL_RANK];
  int32_t first;
  int32_t valid;
} edgec_mve_pool__taps;

/* Walks the output pixels of one image (row-major, as the reference): BODY sees pixel_ and
 * t_ (edgec_mve_pool__taps), each dim's tap range found once per coordinate of that dim. */
#define EDGEC_MVE_POOL__FOR_EACH_PIXEL(W, C, ...)                                                          \
  do {                                                                                                     \
    edgec_mve_pool__taps t_;                                                                               \
    int32_t o0_, o1_, o2_, pixel_ = 0, lo_, hi_, i0_, i1_, i2_;                                            \
    t_.step[2] = (W)->dilation[2] * (C);                                                                   \
    t_.step[1] = (W)->dilation[1] * (W)->in[2] * (C);                                                      \
    t_.step[0] = (W)->dilation[0] * (W)->in[1] * (W)->in[2] * (C);                                         \
    for (o0_ = 0; o0_ < (W)->out[0]; ++o0_) {                                                              \
      const int32_t b0_ = o0_ * (W)->stride[0] - (W)->pad_begin[0];                                        \
      edgec_mve_pool__range(b0_, (W)->in[0], (W)->dilation[0], (W)->kernel[0], &lo_, &hi_);                \
      t_.n[0] = hi_ - lo_;                                                                                 \
      i0_ = b0_ + lo_ * (W)->dilation[0];                                                                  \
      for (o1_ = 0; o1_ < (W)->out[1]; ++o1_) {                                                            \
        const int32_t b1_ = o1_ * (W)->stride[1] - (W)->pad_begin[1];                                      \
        edgec_mve_pool__range(b1_, (W)->in[1], (W)->dilation[1], (W)->kernel[1], &lo_, &hi_);              \
        t_.n[1] = hi_ - lo_;                                                                               \
        i1_ = i0_ * (W)->in[1] + b1_ + lo_ * (W)->dilation[1];                                             \
        for (o2_ = 0; o2_ < (W)->out[2]; ++o2_, ++pixel_) {                                                \
          const int32_t b2_ = o2_ * (W)->stride[2] - (W)->pad_begin[2];                                    \
          edgec_mve_pool__range(b2_, (W)->in[2], (W)->dilation[2], (W)->kernel[2], &lo_, &hi_);            \
          t_.n[2] = hi_ - lo_;                                                                             \
          i2_ = i1_ * (W)->in[2] + b2_ + lo_ * (W)->dilation[2];                                           \
          t_.valid = t_.n[0] * t_.n[1] * t_.n[2];                                                          \
          t_.first = t_.valid > 0 ? i2_ * (C) : 0;                                                         \
          __VA_ARGS__;                                                                                     \
        }                                                                                                  \
      }                                                                                                    \
    }                                                                                                      \
  } while (0)

/* edgec_pool_window with the unused dims moved first (extent 1 there changes no linear
 * index), so the innermost tap loop runs along a real dim. */
static inline void edgec_mve_pool__geometry(const edgec_pool_params* p, edgec_window* w) {
  edgec_pool_window(p, w);
  edgec_window_real_dims_last(w, p->spatial_rank);
}

/* Predicate of lanes [16 * k, 16 * k + 16) of a block of m channels (8-bit lanes). */
static inline mve_pred16_t edgec_mve_pool__p8(int32_t m, int32_t k) {
  const int32_t r = m - 16 * k;
  return vctp8q((uint32_t)(r > 0 ? r : 0));
}

static inline mve_pred16_t edgec_mve_pool__p16(int32_t m, int32_t k) {
  const int32_t r = m - 8 * k;
  return vctp16q((uint32_t)(r > 0 ? r : 0));
}


/* The rounded average of 8 channels' int16 sums s (padded taps' zero points included, so
 * |s| <= 128 * count <= 32768): q = (|s| + count / 2) / count (< 2^16 / 1, unsigned) by
 * Granlund-Montgomery's round-up reciprocal in 16-bit lanes, t = (n * m) >> 16,
 * q = (t + ((n - t) >> sh1)) >> sh2 (exact for every n < 2^16 and 1 <= d < 2^16), then the
 * sign restored (truncating division) and the clamp (int16 bounds, act_min <= act_max). */
typedef struct {
  uint16_t half, m;
  int32_t nsh1, nsh2; /* -sh1, -sh2 */
} edgec_mve_pool__div;

static inline void edgec_mve_pool__div_init(edgec_mve_pool__div* d, int32_t count) {
  int32_t l = 0;
  while (((int32_t)1 << l) < count) ++l;
  d->half = (uint16_t)(count / 2);
  d->m = (uint16_t)((65536u * (((uint32_t)1 << l) - (uint32_t)count)) / (uint32_t)count + 1u);
  d->nsh1 = l > 0 ? -1 : 0;
  d->nsh2 = l > 1 ? 1 - l : 0;
}

static inline int16x8_t edgec_mve_pool__avg8(int16x8_t s, const edgec_mve_pool__div* d, int16x8_t lo, int16x8_t hi) {
  const int16x8_t sign = vshrq_n_s16(s, 15);
  const uint16x8_t n = vaddq_n_u16(vreinterpretq_u16_s16(vabsq_s16(s)), d->half);
  const uint16x8_t t = vmulhq_u16(n, vdupq_n_u16(d->m));
  const uint16x8_t q = vshlq_r_u16(vaddq_u16(t, vshlq_r_u16(vsubq_u16(n, t), d->nsh1)), d->nsh2);
  const int16x8_t v = vsubq_s16(veorq_s16(vreinterpretq_s16_u16(q), sign), sign);
  return vminq_s16(vmaxq_s16(v, lo), hi);
}

#if defined(__GNUC__)
#define EDGEC_MVE_POOL__INLINE static inline __attribute__((always_inline))
#define EDGEC_MVE_POOL__NOINLINE static __attribute__((noinline, unused))
#else
#define EDGEC_MVE_POOL__INLINE static inline
#define EDGEC_MVE_POOL__NOINLINE static
#endif

/* Loads of a channel block: whole (full, unpredicated) or the tail (zeroing predicated). */
#define EDGEC_MVE_POOL__LD16(FULL, X, P) ((FULL) ? vldrbq_s16(X) : vldrbq_z_s16((X), (P)))
#define EDGEC_MVE_POOL__LD8(FULL, X, P) ((FULL) ? vldrbq_s8(X) : vldrbq_z_s8((X), (P)))

/* One block of m <= 32 channels of one output pixel of the vector average pool (4 int16
 * vectors; full: m == 32). */
EDGEC_MVE_POOL__INLINE void edgec_mve_pool__avg_block(const int8_t* x0, const edgec_mve_pool__taps* t, int32_t m,
                                                      int full, int16_t adj, const edgec_mve_pool__div* dv,
                                                      int16x8_t vlo, int16x8_t vhi, int8_t* y) {
  const mve_pred16_t p0 = full ? 0xFFFF : edgec_mve_pool__p16(m, 0), p1 = full ? 0xFFFF : edgec_mve_pool__p16(m, 1);
  const mve_pred16_t p2 = full ? 0xFFFF : edgec_mve_pool__p16(m, 2), p3 = full ? 0xFFFF : edgec_mve_pool__p16(m, 3);
  int16x8_t a0 = vdupq_n_s16(adj), a1 = a0, a2 = a0, a3 = a0;
  int32_t k0, k1, k2;
  for (k0 = 0; k0 < t->n[0]; ++k0, x0 += t->step[0]) {
    const int8_t* x1 = x0;
    for (k1 = 0; k1 < t->n[1]; ++k1, x1 += t->step[1]) {
      const int8_t* x = x1;
      for (k2 = 0; k2 < t->n[2]; ++k2, x += t->step[2]) {
        a0 = vaddq_s16(a0, EDGEC_MVE_POOL__LD16(full, x, p0));
        a1 = vaddq_s16(a1, EDGEC_MVE_POOL__LD16(full, x + 8, p1));
        a2 = vaddq_s16(a2, EDGEC_MVE_POOL__LD16(full, x + 16, p2));
        a3 = vaddq_s16(a3, EDGEC_MVE_POOL__LD16(full, x + 24, p3));
      }
    }
  }
  if (full) { /* one vector at a time (interleaved, they spill) */
    vstrbq_s16(y, edgec_mve_pool__avg8(a0, dv, vlo, vhi));
    EDGEC_MVE_ORDER();
    vstrbq_s16(y + 8, edgec_mve_pool__avg8(a1, dv, vlo, vhi));
    EDGEC_MVE_ORDER();
    vstrbq_s16(y + 16, edgec_mve_pool__avg8(a2, dv, vlo, vhi));
    EDGEC_MVE_ORDER();
    vstrbq_s16(y + 24, edgec_mve_pool__avg8(a3, dv, vlo, vhi));
  } else {
    vstrbq_p_s16(y, edgec_mve_pool__avg8(a0, dv, vlo, vhi), p0);
    vstrbq_p_s16(y + 8, edgec_mve_pool__avg8(a1, dv, vlo, vhi), p1);
    vstrbq_p_s16(y + 16, edgec_mve_pool__avg8(a2, dv, vlo, vhi), p2);
    vstrbq_p_s16(y + 24, edgec_mve_pool__avg8(a3, dv, vlo, vhi), p3);
  }
}

/* One output pixel of the vector average pool: whole blocks of 32 channels, then the tail. */
EDGEC_MVE_POOL__NOINLINE void edgec_mve_pool__avg_pixel(const int8_t* x_first, const edgec_mve_pool__taps* tp,
                                                        int32_t C, int16_t adj, const edgec_mve_pool__div* dvp,
                                                        int16x8_t vlo, int16x8_t vhi, int8_t* y) {
  const edgec_mve_pool__taps t = *tp;
  const edgec_mve_pool__div dv = *dvp;
  int32_t c0;
  for (c0 = 0; c0 + 32 <= C; c0 += 32) edgec_mve_pool__avg_block(x_first + c0, &t, 32, 1, adj, &dv, vlo, vhi, y + c0);
  if (C - c0 > 8) {
    edgec_mve_pool__avg_block(x_first + c0, &t, C - c0, 0, adj, &dv, vlo, vhi, y + c0);
  } else if (c0 < C) { /* one vector */
    const mve_pred16_t p = vctp16q((uint32_t)(C - c0));
    const int8_t* x0 = x_first + c0;
    int16x8_t a = vdupq_n_s16(adj);
    int32_t k0, k1, k2;
    for (k0 = 0; k0 < t.n[0]; ++k0, x0 += t.step[0]) {
      const int8_t* x1 = x0;
      for (k1 = 0; k1 < t.n[1]; ++k1, x1 += t.step[1]) {
        const int8_t* x = x1;
        for (k2 = 0; k2 < t.n[2]; ++k2, x += t.step[2]) a = vaddq_s16(a, vldrbq_z_s16(x, p));
      }
    }
    vstrbq_p_s16(y + c0, edgec_mve_pool__avg8(a, &dv, vlo, vhi), p);
  }
}

/* One block of m <= 64 channels of one output pixel of the max pool (full: m == 64). */
EDGEC_MVE_POOL__INLINE void edgec_mve_pool__max_block(const int8_t* x0, const edgec_mve_pool__taps* t, int32_t m,
                                                      int full, int nice, int8x16_t vlo, int8x16_t vhi, int8_t* y) {
  const mve_pred16_t p0 = full ? 0xFFFF : edgec_mve_pool__p8(m, 0), p1 = full ? 0xFFFF : edgec_mve_pool__p8(m, 1);
  const mve_pred16_t p2 = full ? 0xFFFF : edgec_mve_pool__p8(m, 2), p3 = full ? 0xFFFF : edgec_mve_pool__p8(m, 3);
  int8x16_t a0 = vdupq_n_s8(INT8_MIN), a1 = a0, a2 = a0, a3 = a0;
  int32_t k0, k1, k2;
  for (k0 = 0; k0 < t->n[0]; ++k0, x0 += t->step[0]) {
    const int8_t* x1 = x0;
    for (k1 = 0; k1 < t->n[1]; ++k1, x1 += t->step[1]) {
      const int8_t* x = x1;
      for (k2 = 0; k2 < t->n[2]; ++k2, x += t->step[2]) {
        a0 = vmaxq_s8(a0, EDGEC_MVE_POOL__LD8(full, x, p0));
        a1 = vmaxq_s8(a1, EDGEC_MVE_POOL__LD8(full, x + 16, p1));
        a2 = vmaxq_s8(a2, EDGEC_MVE_POOL__LD8(full, x + 32, p2));
        a3 = vmaxq_s8(a3, EDGEC_MVE_POOL__LD8(full, x + 48, p3));
      }
    }
  }
  if (nice) {
    a0 = vminq_s8(vmaxq_s8(a0, vlo), vhi);
    a1 = vminq_s8(vmaxq_s8(a1, vlo), vhi);
    a2 = vminq_s8(vmaxq_s8(a2, vlo), vhi);
    a3 = vminq_s8(vmaxq_s8(a3, vlo), vhi);
  }
  if (full) {
    vstrbq_s8(y, a0);
    vstrbq_s8(y + 16, a1);
    vstrbq_s8(y + 32, a2);
    vstrbq_s8(y + 48, a3);
  } else {
    vstrbq_p_s8(y, a0, p0);
    vstrbq_p_s8(y + 16, a1, p1);
    vstrbq_p_s8(y + 32, a2, p2);
    vstrbq_p_s8(y + 48, a3, p3);
  }
}

/* One output pixel of the max pool: whole blocks of 64 channels, then the tail (16 at a
 * time when it is short). nice: the activation range is an ordered int8 one (else the
 * caller clamps). */
EDGEC_MVE_POOL__NOINLINE void edgec_mve_pool__max_pixel(const int8_t* x_first, const edgec_mve_pool__taps* tp,
                                                        int32_t C, int nice, int8x16_t vlo, int8x16_t vhi, int8_t* y) {
  const edgec_mve_pool__taps t = *tp;
  int32_t c0;
  for (c0 = 0; c0 + 64 <= C; c0 += 64) edgec_mve_pool__max_block(x_first + c0, &t, 64, 1, nice, vlo, vhi, y + c0);
  if (C - c0 > 16) {
    edgec_mve_pool__max_block(x_first + c0, &t, C - c0, 0, nice, vlo, vhi, y + c0);
  } else if (c0 < C) { /* one vector */
    const mve_pred16_t p = vctp8q((uint32_t)(C - c0));
    const int8_t* x0 = x_first + c0;
    int8x16_t a = vdupq_n_s8(INT8_MIN);
    int32_t k0, k1, k2;
    for (k0 = 0; k0 < t.n[0]; ++k0, x0 += t.step[0]) {
      const int8_t* x1 = x0;
      for (k1 = 0; k1 < t.n[1]; ++k1, x1 += t.step[1]) {
        const int8_t* x = x1;
        for (k2 = 0; k2 < t.n[2]; ++k2, x += t.step[2]) a = vmaxq_s8(a, vldrbq_z_s8(x, p));
      }
    }
    if (nice) a = vminq_s8(vmaxq_s8(a, vlo), vhi);
    vstrbq_p_s8(y + c0, a, p);
  }
}

static inline void edgec_maxpool_s8_mve(const edgec_pool_params* p, int32_t act_min, int32_t act_max,
                                        const int8_t* in, int8_t* out) {
  const int32_t C = p->channels;
  const int nice = act_min >= -128 && act_min <= act_max && act_max <= 127;
  const int8x16_t vlo = vdupq_n_s8((int8_t)(nice ? act_min : -128)), vhi = vdupq_n_s8((int8_t)(nice ? act_max : 127));
  edgec_window w;
  int32_t n;
  if (C <= 0) return;
  edgec_mve_pool__geometry(p, &w);
  for (n = 0; n < p->batch; ++n) {
    const int8_t* x_img = in + (size_t)n * w.in_volume * C;
    int8_t* y_img = out + (size_t)n * w.out_volume * C;
    EDGEC_MVE_POOL__FOR_EACH_PIXEL(&w, C, {
      const edgec_mve_pool__taps t = t_;
      int8_t* y = y_img + (size_t)pixel_ * C;
      edgec_mve_pool__max_pixel(x_img + t.first, &t, C, nice, vlo, vhi, y);
      if (!nice) {
        int32_t j;
        for (j = 0; j < C; ++j) {
          const int32_t v = y[j];
          y[j] = (int8_t)(v < act_min ? act_min : (v > act_max ? act_max : v));
        }
      }
    });
  }
}

/* The reference's arithmetic for one output pixel (kernels over 256 taps, wide zero points). */
static inline void edgec_mve_pool__avg_scalar(const edgec_mve_pool__taps* t, int32_t count, int32_t act_min,
                                              int32_t act_max, int32_t zero_point, const int8_t* x_img, int32_t C,
                                              int8_t* y) {
  int32_t c, k0, k1, k2;
  for (c = 0; c < C; ++c) {
    int32_t sum = 0, v;
    const int8_t* x0 = x_img + t->first + c;
    for (k0 = 0; k0 < t->n[0]; ++k0, x0 += t->step[0]) {
      const int8_t* x1 = x0;
      for (k1 = 0; k1 < t->n[1]; ++k1, x1 += t->step[1]) {
        const int8_t* x = x1;
        for (k2 = 0; k2 < t->n[2]; ++k2, x += t->step[2]) sum += *x;
      }
    }
    if (count <= 0) {
      v = zero_point;
    } else {
      const int32_t s = sum + (count - t->valid) * zero_point;
      v = s > 0 ? (s + count / 2) / count : (s - count / 2) / count;
    }
    y[c] = (int8_t)(v < act_min ? act_min : (v > act_max ? act_max : v));
  }
}

static inline void edgec_avgpool_s8_mve(const edgec_pool_params* p, int32_t act_min, int32_t act_max,
                                        int32_t zero_point, const int8_t* in, int8_t* out) {
  const int32_t C = p->channels;
  const int16x8_t vlo = vdupq_n_s16((int16_t)(act_min < INT16_MIN ? INT16_MIN : act_min));
  const int16x8_t vhi = vdupq_n_s16((int16_t)(act_max > INT16_MAX ? INT16_MAX : act_max));
  edgec_window w;
  edgec_mve_pool__div dv;
  int32_t n, vec, last = -1;
  if (C <= 0) return;
  edgec_mve_pool__geometry(p, &w);
  /* int16 sums: at most 256 taps of int8 values or int8 zero points; int16 clamp bounds */
  vec = w.kernel_volume <= 256 && zero_point >= -128 && zero_point <= 127 && act_min <= act_max &&
        act_min >= INT16_MIN && act_max <= INT16_MAX;
  for (n = 0; n < p->batch; ++n) {
    const int8_t* x_img = in + (size_t)n * w.in_volume * C;
    int8_t* y_img = out + (size_t)n * w.out_volume * C;
    EDGEC_MVE_POOL__FOR_EACH_PIXEL(&w, C, {
      const edgec_mve_pool__taps t = t_;
      int8_t* y = y_img + (size_t)pixel_ * C;
      int32_t count;
      count = p->count_include_pad ? w.kernel_volume : t.valid;
      if (!vec) {
        edgec_mve_pool__avg_scalar(&t, count, act_min, act_max, zero_point, x_img, C, y);
      } else if (count <= 0) {
        const int32_t v = zero_point < act_min ? act_min : (zero_point > act_max ? act_max : zero_point);
        edgec_mve__fill(y, (int8_t)v, C);
      } else {
        if (count != last) {
          edgec_mve_pool__div_init(&dv, count);
          last = count;
        }
        edgec_mve_pool__avg_pixel(x_img + t.first, &t, C, (int16_t)((count - t.valid) * zero_point), &dv, vlo, vhi, y);
      }
    });
  }
}

static inline void edgec_global_avgpool_s8_mve(int32_t batch, int32_t pixels, int32_t channels,
                                               const edgec_requant_params* q, const int8_t* in, int8_t* out) {
  edgec_requant_params q0 = *q;
  edgec_mve__rq rq;
  const int32_t off = edgec__wrap_i32((uint32_t)(pixels > 0 ? pixels : 0) * (uint32_t)q->input_offset);
  int32_t n, c0, s0, s, j;
  q0.per_channel = 0; /* the reference requantizes with entry 0 */
  edgec_mve__rq_init(&rq, &q0);
  for (n = 0; n < batch; ++n)
    for (c0 = 0; c0 < channels; c0 += 32) {
      const int32_t m = channels - c0 < 32 ? channels - c0 : 32;
      const mve_pred16_t p0 = edgec_mve_pool__p16(m, 0), p1 = edgec_mve_pool__p16(m, 1);
      const mve_pred16_t p2 = edgec_mve_pool__p16(m, 2), p3 = edgec_mve_pool__p16(m, 3);
      int32_t acc[32];
      int16_t part[32];
      int8_t* y = out + (size_t)n * channels + c0;
      for (j = 0; j < 32; j += 4) vstrwq_s32(acc + j, vdupq_n_s32(off));
      for (s0 = 0; s0 < pixels; s0 += 256) {
        const int32_t ns = pixels - s0 < 256 ? pixels - s0 : 256;
        const int8_t* x = in + ((size_t)n * pixels + s0) * channels + c0;
        int16x8_t a0 = vdupq_n_s16(0), a1 = a0, a2 = a0, a3 = a0;
        if (m <= 8) {
          for (s = 0; s < ns; ++s, x += channels) a0 = vaddq_s16(a0, vldrbq_z_s16(x, p0));
        } else {
          for (s = 0; s < ns; ++s, x += channels) {
            a0 = vaddq_s16(a0, vldrbq_z_s16(x, p0));
            a1 = vaddq_s16(a1, vldrbq_z_s16(x + 8, p1));
            a2 = vaddq_s16(a2, vldrbq_z_s16(x + 16, p2));
            a3 = vaddq_s16(a3, vldrbq_z_s16(x + 24, p3));
          }
        }
        vstrhq_s16(part, a0);
        vstrhq_s16(part + 8, a1);
        vstrhq_s16(part + 16, a2);
        vstrhq_s16(part + 24, a3);
        for (j = 0; j < 32; j += 4) vstrwq_s32(acc + j, vaddq_s32(vldrwq_s32(acc + j), vldrhq_s32(part + j)));
      }
      edgec_mve__rq_store(&rq, 0, acc, m, y);
    }
}

#else /* no MVE: the portable reference */
static inline void edgec_maxpool_s8_mve(const edgec_pool_params* p, int32_t act_min, int32_t act_max,
                                        const int8_t* in, int8_t* out) {
  edgec_maxpool_s8(p, act_min, act_max, in, out);
}
static inline void edgec_avgpool_s8_mve(const edgec_pool_params* p, int32_t act_min, int32_t act_max,
                                        int32_t zero_point, const int8_t* in, int8_t* out) {
  edgec_avgpool_s8(p, act_min, act_max, zero_point, in, out);
}
static inline void edgec_global_avgpool_s8_mve(int32_t batch, int32_t pixels, int32_t channels,
                                               const edgec_requant_params* q, const int8_t* in, int8_t* out) {
  edgec_global_avgpool_s8(batch, pixels, channels, q, in, out);
}
#endif

#endif /* EDGEC_KERNELS_POOL_S8_MVE_H */
