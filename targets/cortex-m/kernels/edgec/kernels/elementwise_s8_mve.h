/* Cortex-M55 Helium (MVE) int8 Add / Sub / Mul, bit-identical to edgec_add_s8,
 * edgec_sub_s8 and edgec_mul_s8 (quantized_elementwise.h) for every input those kernels
 * accept, broadcasting included. Without MVE they are the reference kernels themselves.
 *
 * The output shape is walked as rows (trailing dims merged where both inputs' strides
 * continue the innermost one, as the reference's chunked walk does). A row whose inner
 * strides are 0 or 1 for both inputs runs 4 lanes at a time (tail-predicated with vctp32q):
 * a stride-1 input is loaded with widening byte loads, a stride-0 input (broadcast along the
 * row) is rescaled once per row; for Add / Sub on large problems each input's rescaling
 * is a 256-entry table read with word gathers. Any other stride, an inverted activation
 * range or shifts beyond the reference's defined range go element by element (scalar, the
 * reference's arithmetic), so the variants are total. */
#ifndef EDGEC_KERNELS_ELEMENTWISE_S8_MVE_H
#define EDGEC_KERNELS_ELEMENTWISE_S8_MVE_H

#include <stddef.h>
#include <stdint.h>

#include "edgec/kernels/quantized_elementwise.h"
#include "edgec/kernels/requant.h"

#if defined(__ARM_FEATURE_MVE) && (__ARM_FEATURE_MVE & 1)
#include <arm_mve.h>

#if defined(__GNUC__)
#define EDGEC_MVE_EW_INLINE static inline __attribute__((always_inline))
/* The row loops as separate functions, so their constants stay in registers. */
#define EDGEC_MVE_EW_NOINLINE static __attribute__((noinline, unused))
#else
#define EDGEC_MVE_EW_INLINE static inline
#define EDGEC_MVE_EW_NOINLINE static
#endif

/* edgec_requantize on 4 lanes, for x already shifted left by max(shift, 0) (wrapping, as
 * the reference's): the doubling high multiply is VQRDMULH (gemmlowp's nudge with truncating
 * division is floor((2ab + 2^31) / 2^32) for either sign, saturated at INT32_MIN *
 * INT32_MIN), and the rounding right shift by -nright (ties away from zero) is VRSHL's
 * ties-up rounding of x - 1 for negative x. fix = 1 when nright < 0, else 0; x - 1 cannot
 * wrap, since VQRDMULH never returns INT32_MIN. */
EDGEC_MVE_EW_INLINE int32x4_t edgec_mve_ew__rq(int32x4_t x, int32_t mult, int32_t fix, int32_t nright) {
  x = vqrdmulhq_n_s32(x, mult);
  x = vmlaq_n_s32(x, vshrq_n_s32(x, 31), fix);
  return vrshlq_n_s32(x, nright);
}

/* Add / Sub constants. An input is scaled as requantize((x + off) << left_shift), with
 * both left shifts (left_shift and the multiplier's max(shift, 0)) done at once (the same
 * bits modulo 2^32 while they total at most 31); the second input's contribution is
 * multiplied by sign (+1 add, -1 sub: the same sum modulo 2^32). The clamp is the
 * reference's edgec_requant__offset_clamp for act_min <= act_max: lo / hi are the bounds
 * minus the output offset. */
typedef struct {
  int32_t off1, lsh1, mult1, fix1, nr1;
  int32_t off2, lsh2, mult2, fix2, nr2;
  int32_t sign, lsho, multo, fixo, nro;
  int32_t lo, hi, off;
} edgec_mve_ew__add;

EDGEC_MVE_EW_INLINE int32x4_t edgec_mve_ew__add_in1(const edgec_mve_ew__add* k, int32x4_t x) {
  return edgec_mve_ew__rq(vshlq_r_s32(vaddq_n_s32(x, k->off1), k->lsh1), k->mult1, k->fix1, k->nr1);
}
EDGEC_MVE_EW_INLINE int32x4_t edgec_mve_ew__add_in2(const edgec_mve_ew__add* k, int32x4_t x) {
  return edgec_mve_ew__rq(vshlq_r_s32(vaddq_n_s32(x, k->off2), k->lsh2), k->mult2, k->fix2, k->nr2);
}
EDGEC_MVE_EW_INLINE int32x4_t edgec_mve_ew__add_out(const edgec_mve_ew__add* k, int32x4_t s1, int32x4_t s2,
                                                    int32x4_t lo, int32x4_t hi) {
  int32x4_t v = vmlaq_n_s32(s1, s2, k->sign);
  v = edgec_mve_ew__rq(vshlq_r_s32(v, k->lsho), k->multo, k->fixo, k->nro);
  return vaddq_n_s32(vminq_s32(vmaxq_s32(v, lo), hi), k->off);
}

/* One row of n outputs; ka / kb: 1 the input advances by one element per output, 0 it is
 * fixed along the row (then s1 / s2 hold its scaled value). Whole vectors, then one
 * predicated tail (vctp32q): nothing is read or written past the row. */
EDGEC_MVE_EW_INLINE void edgec_mve_ew__add_row(const edgec_mve_ew__add* kp, const int8_t* a, int ka, int32x4_t s1,
                                               const int8_t* b, int kb, int32x4_t s2, int32_t n, int8_t* out) {
  const edgec_mve_ew__add k = *kp;
  const int32x4_t lo = vdupq_n_s32(k.lo), hi = vdupq_n_s32(k.hi);
  int32_t j;
  for (j = 0; j + 4 <= n; j += 4) {
    const int32x4_t x1 = ka ? edgec_mve_ew__add_in1(&k, vldrbq_s32(a + j)) : s1;
    const int32x4_t x2 = kb ? edgec_mve_ew__add_in2(&k, vldrbq_s32(b + j)) : s2;
    vstrbq_s32(out + j, edgec_mve_ew__add_out(&k, x1, x2, lo, hi));
  }
  if (j < n) {
    const mve_pred16_t p = vctp32q((uint32_t)(n - j));
    const int32x4_t x1 = ka ? edgec_mve_ew__add_in1(&k, vldrbq_z_s32(a + j, p)) : s1;
    const int32x4_t x2 = kb ? edgec_mve_ew__add_in2(&k, vldrbq_z_s32(b + j, p)) : s2;
    vstrbq_p_s32(out + j, edgec_mve_ew__add_out(&k, x1, x2, lo, hi), p);
  }
}

EDGEC_MVE_EW_NOINLINE void edgec_mve_ew__add_row11(const edgec_mve_ew__add* k, const int8_t* a, const int8_t* b,
                                                   int32_t n, int8_t* out) {
  edgec_mve_ew__add_row(k, a, 1, vdupq_n_s32(0), b, 1, vdupq_n_s32(0), n, out);
}
EDGEC_MVE_EW_NOINLINE void edgec_mve_ew__add_row10(const edgec_mve_ew__add* k, const int8_t* a, const int8_t* b,
                                                   int32_t n, int8_t* out) {
  edgec_mve_ew__add_row(k, a, 1, vdupq_n_s32(0), b, 0, edgec_mve_ew__add_in2(k, vdupq_n_s32(b[0])), n, out);
}
EDGEC_MVE_EW_NOINLINE void edgec_mve_ew__add_row01(const edgec_mve_ew__add* k, const int8_t* a, const int8_t* b,
                                                   int32_t n, int8_t* out) {
  edgec_mve_ew__add_row(k, a, 0, edgec_mve_ew__add_in1(k, vdupq_n_s32(a[0])), b, 1, vdupq_n_s32(0), n, out);
}
EDGEC_MVE_EW_NOINLINE void edgec_mve_ew__add_row00(const edgec_mve_ew__add* k, const int8_t* a, const int8_t* b,
                                                   int32_t n, int8_t* out) {
  const int32x4_t v = edgec_mve_ew__add_out(k, edgec_mve_ew__add_in1(k, vdupq_n_s32(a[0])),
                                            edgec_mve_ew__add_in2(k, vdupq_n_s32(b[0])), vdupq_n_s32(k->lo),
                                            vdupq_n_s32(k->hi));
  const int8x16_t v8 = vdupq_n_s8((int8_t)vgetq_lane_s32(v, 0));
  int32_t j;
  for (j = 0; j < n; j += 16) vstrbq_p_s8(out + j, v8, vctp8q((uint32_t)(n - j)));
}

static inline void edgec_mve_ew__fill(int8_t* y, int8_t v, int32_t n) {
  const int8x16_t v8 = vdupq_n_s8(v);
  int32_t j;
  for (j = 0; j < n; j += 16) vstrbq_p_s8(y + j, v8, vctp8q((uint32_t)(n - j)));
}

/* Large problems: each input's scaled value depends on its byte only, so it is tabulated
 * once per call (256 int32 entries, indexed by the byte as unsigned: the same vector
 * arithmetic as above on every int8 value), and a row reads it with word gathers. */
#define EDGEC_MVE_EW__TABLE_MIN 1024 /* outputs from which the tables pay */

static inline void edgec_mve_ew__add_tables(const edgec_mve_ew__add* k, int32_t* t1, int32_t* t2) {
  uint32_t u;
  for (u = 0; u < 256; u += 4) {
    const int32x4_t x = vshrq_n_s32(vshlq_n_s32(vreinterpretq_s32_u32(vidupq_n_u32(u, 1)), 24), 24);
    vstrwq_s32(t1 + u, edgec_mve_ew__add_in1(k, x));
    vstrwq_s32(t2 + u, edgec_mve_ew__add_in2(k, x));
  }
}

EDGEC_MVE_EW_INLINE void edgec_mve_ew__add_trow(const edgec_mve_ew__add* kp, const int32_t* t1, const int8_t* a,
                                                int ka, int32x4_t s1, const int32_t* t2, const int8_t* b, int kb,
                                                int32x4_t s2, int32_t n, int8_t* out) {
  const edgec_mve_ew__add k = *kp;
  const int32x4_t lo = vdupq_n_s32(k.lo), hi = vdupq_n_s32(k.hi);
  const uint8_t* ua = (const uint8_t*)a;
  const uint8_t* ub = (const uint8_t*)b;
  int32_t j;
  for (j = 0; j + 4 <= n; j += 4) {
    const int32x4_t x1 = ka ? vldrwq_gather_shifted_offset_s32(t1, vldrbq_u32(ua + j)) : s1;
    const int32x4_t x2 = kb ? vldrwq_gather_shifted_offset_s32(t2, vldrbq_u32(ub + j)) : s2;
    vstrbq_s32(out + j, edgec_mve_ew__add_out(&k, x1, x2, lo, hi));
  }
  if (j < n) {
    const mve_pred16_t p = vctp32q((uint32_t)(n - j));
    const int32x4_t x1 = ka ? vldrwq_gather_shifted_offset_z_s32(t1, vldrbq_z_u32(ua + j, p), p) : s1;
    const int32x4_t x2 = kb ? vldrwq_gather_shifted_offset_z_s32(t2, vldrbq_z_u32(ub + j, p), p) : s2;
    vstrbq_p_s32(out + j, edgec_mve_ew__add_out(&k, x1, x2, lo, hi), p);
  }
}

EDGEC_MVE_EW_NOINLINE void edgec_mve_ew__add_trow11(const edgec_mve_ew__add* k, const int32_t* t1, const int32_t* t2,
                                                    const int8_t* a, const int8_t* b, int32_t n, int8_t* out) {
  edgec_mve_ew__add_trow(k, t1, a, 1, vdupq_n_s32(0), t2, b, 1, vdupq_n_s32(0), n, out);
}
EDGEC_MVE_EW_NOINLINE void edgec_mve_ew__add_trow10(const edgec_mve_ew__add* k, const int32_t* t1, const int32_t* t2,
                                                    const int8_t* a, const int8_t* b, int32_t n, int8_t* out) {
  edgec_mve_ew__add_trow(k, t1, a, 1, vdupq_n_s32(0), t2, b, 0, vdupq_n_s32(t2[(uint8_t)b[0]]), n, out);
}
EDGEC_MVE_EW_NOINLINE void edgec_mve_ew__add_trow01(const edgec_mve_ew__add* k, const int32_t* t1, const int32_t* t2,
                                                    const int8_t* a, const int8_t* b, int32_t n, int8_t* out) {
  edgec_mve_ew__add_trow(k, t1, a, 0, vdupq_n_s32(t1[(uint8_t)a[0]]), t2, b, 1, vdupq_n_s32(0), n, out);
}

/* Rows of out_shape (rank 0..8): BODY sees a0_, b0_ (row offsets), as_, bs_ (inner strides),
 * inner_ (row length) and o_ (the row's first output index). */
#define EDGEC_MVE_EW__FOR_EACH_ROW(P, ...)                                                             \
  do {                                                                                                 \
    const int32_t rank_ = (P)->rank;                                                                   \
    const int32_t count_ = edgec_volume(rank_, (P)->out_shape);                                        \
    const int32_t as_ = rank_ > 0 ? (P)->a_stride[rank_ - 1] : 0;                                      \
    const int32_t bs_ = rank_ > 0 ? (P)->b_stride[rank_ - 1] : 0;                                      \
    int32_t outer_ = rank_ > 0 ? rank_ - 1 : 0, inner_ = rank_ > 0 ? (P)->out_shape[rank_ - 1] : 1;   \
    int32_t rows_, row_, d_, a0_ = 0, b0_ = 0;                                                         \
    int32_t idx_[8] = {0, 0, 0, 0, 0, 0, 0, 0};                                                        \
    while (outer_ > 0 && (P)->out_shape[outer_ - 1] > 0 &&                                            \
           ((P)->out_shape[outer_ - 1] == 1 ||                                                         \
            ((P)->a_stride[outer_ - 1] == as_ * inner_ && (P)->b_stride[outer_ - 1] == bs_ * inner_)) && \
           (P)->out_shape[outer_ - 1] <= INT32_MAX / (inner_ > 0 ? inner_ : 1))                        \
      inner_ *= (P)->out_shape[--outer_];                                                              \
    rows_ = inner_ > 0 ? count_ / inner_ : 0;                                                          \
    for (row_ = 0; row_ < rows_; ++row_) {                                                             \
      const size_t o_ = (size_t)row_ * inner_;                                                         \
      __VA_ARGS__;                                                                                     \
      for (d_ = outer_ - 1; d_ >= 0; --d_) {                                                           \
        a0_ += (P)->a_stride[d_];                                                                      \
        b0_ += (P)->b_stride[d_];                                                                      \
        if (++idx_[d_] < (P)->out_shape[d_]) break;                                                    \
        a0_ -= (P)->a_stride[d_] * idx_[d_];                                                           \
        b0_ -= (P)->b_stride[d_] * idx_[d_];                                                           \
        idx_[d_] = 0;                                                                                  \
      }                                                                                                \
    }                                                                                                  \
  } while (0)

/* The scalar element (edgec_add_s8__one's arithmetic), for rows with other strides and
 * parameters outside the vector path's range. */
static inline int8_t edgec_mve_ew__add_one(const edgec_add_s8_params* q, int32_t x1, int32_t x2, int subtract) {
  const uint32_t scale = (uint32_t)1 << q->left_shift;
  const int32_t s1 = edgec_requantize(edgec__wrap_i32((uint32_t)(x1 + q->input1_offset) * scale),
                                      q->input1_multiplier, q->input1_shift);
  const int32_t s2 = edgec_requantize(edgec__wrap_i32((uint32_t)(x2 + q->input2_offset) * scale),
                                      q->input2_multiplier, q->input2_shift);
  const int32_t raw = edgec_requantize(
      edgec__wrap_i32(subtract ? (uint32_t)s1 - (uint32_t)s2 : (uint32_t)s1 + (uint32_t)s2), q->output_multiplier,
      q->output_shift);
  return (int8_t)edgec_requant__offset_clamp(raw, q->output_offset, q->act_min, q->act_max);
}

/* Shifts the vector requantization takes: -31..31 (the reference's defined range). */
static inline int edgec_mve_ew__shift_ok(int32_t shift) { return shift >= -31 && shift <= 31; }

static inline void edgec_mve_ew__add_run(const edgec_binary_params* p, const edgec_add_s8_params* q,
                                         const int8_t* a, const int8_t* b, int8_t* out, int subtract) {
  edgec_mve_ew__add k;
  int32_t t1[256], t2[256];
  int tab;
  const int32_t l1 = q->input1_shift > 0 ? q->input1_shift : 0, l2 = q->input2_shift > 0 ? q->input2_shift : 0;
  const int vec = q->act_min <= q->act_max && q->left_shift >= 0 && q->left_shift + l1 <= 31 &&
                  q->left_shift + l2 <= 31 && edgec_mve_ew__shift_ok(q->input1_shift) &&
                  edgec_mve_ew__shift_ok(q->input2_shift) && edgec_mve_ew__shift_ok(q->output_shift);
  k.off1 = q->input1_offset;
  k.lsh1 = q->left_shift + l1;
  k.mult1 = q->input1_multiplier;
  k.fix1 = q->input1_shift < 0;
  k.nr1 = q->input1_shift < 0 ? q->input1_shift : 0;
  k.off2 = q->input2_offset;
  k.lsh2 = q->left_shift + l2;
  k.mult2 = q->input2_multiplier;
  k.fix2 = q->input2_shift < 0;
  k.nr2 = q->input2_shift < 0 ? q->input2_shift : 0;
  k.sign = subtract ? -1 : 1;
  k.lsho = q->output_shift > 0 ? q->output_shift : 0;
  k.multo = q->output_multiplier;
  k.fixo = q->output_shift < 0;
  k.nro = q->output_shift < 0 ? q->output_shift : 0;
  k.lo = q->act_min - q->output_offset;
  k.hi = q->act_max - q->output_offset;
  k.off = q->output_offset;
  tab = vec && edgec_volume(p->rank, p->out_shape) >= EDGEC_MVE_EW__TABLE_MIN;
  if (tab) edgec_mve_ew__add_tables(&k, t1, t2);
  EDGEC_MVE_EW__FOR_EACH_ROW(p, {
    const int8_t* ar = a + a0_;
    const int8_t* br = b + b0_;
    int8_t* y = out + o_;
    if (tab && (as_ == 1 || bs_ == 1) && (as_ == 0 || as_ == 1) && (bs_ == 0 || bs_ == 1)) {
      if (as_ && bs_) edgec_mve_ew__add_trow11(&k, t1, t2, ar, br, inner_, y);
      else if (as_) edgec_mve_ew__add_trow10(&k, t1, t2, ar, br, inner_, y);
      else edgec_mve_ew__add_trow01(&k, t1, t2, ar, br, inner_, y);
    } else if (vec && (as_ == 0 || as_ == 1) && (bs_ == 0 || bs_ == 1)) {
      if (as_ && bs_) edgec_mve_ew__add_row11(&k, ar, br, inner_, y);
      else if (as_) edgec_mve_ew__add_row10(&k, ar, br, inner_, y);
      else if (bs_) edgec_mve_ew__add_row01(&k, ar, br, inner_, y);
      else edgec_mve_ew__add_row00(&k, ar, br, inner_, y);
    } else {
      int32_t e;
      for (e = 0; e < inner_; ++e)
        y[e] = edgec_mve_ew__add_one(q, ar[(ptrdiff_t)e * as_], br[(ptrdiff_t)e * bs_], subtract);
    }
  });
}

static inline void edgec_add_s8_mve(const edgec_binary_params* p, const edgec_add_s8_params* q, const int8_t* a,
                                    const int8_t* b, int8_t* out) {
  edgec_mve_ew__add_run(p, q, a, b, out, 0);
}

static inline void edgec_sub_s8_mve(const edgec_binary_params* p, const edgec_add_s8_params* q, const int8_t* a,
                                    const int8_t* b, int8_t* out) {
  edgec_mve_ew__add_run(p, q, a, b, out, 1);
}

/* Mul: requantize((a + off1) * (b + off2)), the product modulo 2^32 (VMUL). */
typedef struct {
  int32_t off1, off2, lsho, multo, fixo, nro;
  int32_t lo, hi, off;
} edgec_mve_ew__mul;

EDGEC_MVE_EW_INLINE int32x4_t edgec_mve_ew__mul_out(const edgec_mve_ew__mul* k, int32x4_t x1, int32x4_t x2,
                                                    int32x4_t lo, int32x4_t hi) {
  const int32x4_t v = edgec_mve_ew__rq(vshlq_r_s32(vmulq_s32(x1, x2), k->lsho), k->multo, k->fixo, k->nro);
  return vaddq_n_s32(vminq_s32(vmaxq_s32(v, lo), hi), k->off);
}

EDGEC_MVE_EW_INLINE void edgec_mve_ew__mul_row(const edgec_mve_ew__mul* kp, const int8_t* a, int ka, int32x4_t v1,
                                               const int8_t* b, int kb, int32x4_t v2, int32_t n, int8_t* out) {
  const edgec_mve_ew__mul k = *kp;
  const int32x4_t lo = vdupq_n_s32(k.lo), hi = vdupq_n_s32(k.hi);
  int32_t j;
  for (j = 0; j + 4 <= n; j += 4) {
    const int32x4_t x1 = ka ? vaddq_n_s32(vldrbq_s32(a + j), k.off1) : v1;
    const int32x4_t x2 = kb ? vaddq_n_s32(vldrbq_s32(b + j), k.off2) : v2;
    vstrbq_s32(out + j, edgec_mve_ew__mul_out(&k, x1, x2, lo, hi));
  }
  if (j < n) {
    const mve_pred16_t p = vctp32q((uint32_t)(n - j));
    const int32x4_t x1 = ka ? vaddq_n_s32(vldrbq_z_s32(a + j, p), k.off1) : v1;
    const int32x4_t x2 = kb ? vaddq_n_s32(vldrbq_z_s32(b + j, p), k.off2) : v2;
    vstrbq_p_s32(out + j, edgec_mve_ew__mul_out(&k, x1, x2, lo, hi), p);
  }
}

EDGEC_MVE_EW_NOINLINE void edgec_mve_ew__mul_row11(const edgec_mve_ew__mul* k, const int8_t* a, const int8_t* b,
                                                   int32_t n, int8_t* out) {
  edgec_mve_ew__mul_row(k, a, 1, vdupq_n_s32(0), b, 1, vdupq_n_s32(0), n, out);
}
/* One input fixed along the row: x * c, with x the other (mul is commutative bit for bit). */
EDGEC_MVE_EW_NOINLINE void edgec_mve_ew__mul_row10(const edgec_mve_ew__mul* k, const int8_t* a, int32_t off,
                                                   int32_t c, int32_t n, int8_t* out) {
  edgec_mve_ew__mul kk = *k;
  kk.off1 = off;
  edgec_mve_ew__mul_row(&kk, a, 1, vdupq_n_s32(0), a, 0, vdupq_n_s32(c), n, out);
}

static inline void edgec_mul_s8_mve(const edgec_binary_params* p, const edgec_mul_s8_params* q, const int8_t* a,
                                    const int8_t* b, int8_t* out) {
  edgec_mve_ew__mul k;
  const int vec = q->act_min <= q->act_max && edgec_mve_ew__shift_ok(q->output_shift);
  k.off1 = q->input1_offset;
  k.off2 = q->input2_offset;
  k.lsho = q->output_shift > 0 ? q->output_shift : 0;
  k.multo = q->output_multiplier;
  k.fixo = q->output_shift < 0;
  k.nro = q->output_shift < 0 ? q->output_shift : 0;
  k.lo = q->act_min - q->output_offset;
  k.hi = q->act_max - q->output_offset;
  k.off = q->output_offset;
  EDGEC_MVE_EW__FOR_EACH_ROW(p, {
    const int8_t* ar = a + a0_;
    const int8_t* br = b + b0_;
    int8_t* y = out + o_;
    if (vec && (as_ == 1 || bs_ == 1) && (as_ == 0 || as_ == 1) && (bs_ == 0 || bs_ == 1)) {
      if (as_ && bs_)
        edgec_mve_ew__mul_row11(&k, ar, br, inner_, y);
      else if (as_)
        edgec_mve_ew__mul_row10(&k, ar, k.off1, edgec__wrap_i32((uint32_t)br[0] + (uint32_t)k.off2), inner_, y);
      else
        edgec_mve_ew__mul_row10(&k, br, k.off2, edgec__wrap_i32((uint32_t)ar[0] + (uint32_t)k.off1), inner_, y);
    } else {
      /* other strides, or both inputs fixed along the row (one value, computed once) */
      const int32_t m_ = as_ == 0 && bs_ == 0 && inner_ > 0 ? 1 : inner_;
      int32_t e;
      for (e = 0; e < m_; ++e) {
        const uint32_t x1 = (uint32_t)ar[(ptrdiff_t)e * as_] + (uint32_t)q->input1_offset;
        const uint32_t x2 = (uint32_t)br[(ptrdiff_t)e * bs_] + (uint32_t)q->input2_offset;
        const int32_t raw = edgec_requantize(edgec__wrap_i32(x1 * x2), q->output_multiplier, q->output_shift);
        y[e] = (int8_t)edgec_requant__offset_clamp(raw, q->output_offset, q->act_min, q->act_max);
      }
      if (m_ < inner_) edgec_mve_ew__fill(y + 1, y[0], inner_ - 1);
    }
  });
}

#else /* no MVE: the portable reference */
static inline void edgec_add_s8_mve(const edgec_binary_params* p, const edgec_add_s8_params* q, const int8_t* a,
                                    const int8_t* b, int8_t* out) {
  edgec_add_s8(p, q, a, b, out);
}
static inline void edgec_sub_s8_mve(const edgec_binary_params* p, const edgec_add_s8_params* q, const int8_t* a,
                                    const int8_t* b, int8_t* out) {
  edgec_sub_s8(p, q, a, b, out);
}
static inline void edgec_mul_s8_mve(const edgec_binary_params* p, const edgec_mul_s8_params* q, const int8_t* a,
                                    const int8_t* b, int8_t* out) {
  edgec_mul_s8(p, q, a, b, out);
}
#endif

#endif /* EDGEC_KERNELS_ELEMENTWISE_S8_MVE_H */
