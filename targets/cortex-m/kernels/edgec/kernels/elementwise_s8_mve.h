/* Cortex-M55 Helium (MVE) int8 Add / Sub / Mul, bit-identical to edgec_add_s8,
 * edgec_sub_s8 and edgec_mul_s8 (quantized_elementwise.h) for every input those kernels
 * accept, broadcasting included. Without MVE they are the reference kernels themselves.
 *
 * The output shape is walked as rows (trailing dims merged where both inputs' strides
 * continue the innermost one, as the reference's chunked walk does). A row whose inner
 * strides are 0 or 1 for both inputs runs 4 lanes at a time (tail-predicated with vctp32q):
 * a stride-1 input is loaded with widening byte loads, a stride-0 input (broadcast along the
 * row) is rescaled once per row. Any other stride goes element by element (scalar, same
 * arithmetic), so the variants are total. */
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
#else
#define EDGEC_MVE_EW_INLINE static inline
#endif

/* Per-tensor requantization constants (edgec_requantize): multiplier, max(shift, 0) and
 * min(shift, 0) (the latter also as a vector, for the negative-value fixup). */
typedef struct {
  int32_t mult, left, nright;
  int32x4_t vnright;
} edgec_mve_ew__rq;

static inline void edgec_mve_ew__rq_set(edgec_mve_ew__rq* r, int32_t multiplier, int32_t shift) {
  r->mult = multiplier;
  r->left = shift > 0 ? shift : 0;
  r->nright = shift > 0 ? 0 : shift;
  r->vnright = vdupq_n_s32(r->nright);
}

/* edgec_requantize on 4 lanes: the left shift wraps (VSHL), the doubling high multiply is
 * VQRDMULH (gemmlowp's nudge with truncating division is floor((2ab + 2^31) / 2^32) for
 * either sign, saturated at INT32_MIN * INT32_MIN), and the rounding right shift with ties
 * away from zero is VRSHL's ties-up rounding of x - 1 for negative x (saturating; INT32_MIN
 * is divisible anyway). */
EDGEC_MVE_EW_INLINE int32x4_t edgec_mve_ew__rq_raw(int32x4_t x, const edgec_mve_ew__rq* r) {
  x = vshlq_r_s32(x, r->left);
  x = vqrdmulhq_n_s32(x, r->mult);
  x = vqaddq_s32(x, vshrq_n_s32(vandq_s32(x, r->vnright), 31));
  return vrshlq_n_s32(x, r->nright);
}

/* edgec_requant__offset_clamp on 4 lanes: lo / hi are the bounds minus the offset. */
typedef struct {
  int32_t lo, hi, off, inverted;
} edgec_mve_ew__clamp;

static inline void edgec_mve_ew__clamp_set(edgec_mve_ew__clamp* c, int32_t offset, int32_t act_min, int32_t act_max) {
  c->lo = act_min - offset;
  c->hi = act_max - offset;
  c->off = offset;
  c->inverted = act_min > act_max;
}

EDGEC_MVE_EW_INLINE int32x4_t edgec_mve_ew__clamp4(int32x4_t x, const edgec_mve_ew__clamp* c) {
  if (c->inverted) /* the reference tests act_max first */
    x = vpselq_s32(vdupq_n_s32(c->hi), vmaxq_s32(x, vdupq_n_s32(c->lo)), vcmpgeq_n_s32(x, c->hi));
  else
    x = vminq_s32(vmaxq_s32(x, vdupq_n_s32(c->lo)), vdupq_n_s32(c->hi));
  return vaddq_n_s32(x, c->off);
}

/* Add / Sub constants: scaled_i(x) = requantize((x + off_i) << left_shift), computed as
 * x * 2^left_shift + off_i * 2^left_shift (one VMLA, the same bits modulo 2^32). */
typedef struct {
  int32_t scale, soff1, soff2;
  edgec_mve_ew__rq r1, r2, ro;
  edgec_mve_ew__clamp cl;
} edgec_mve_ew__add;

EDGEC_MVE_EW_INLINE int32x4_t edgec_mve_ew__add_in(int32x4_t x, int32_t soff, int32_t scale, const edgec_mve_ew__rq* r) {
  return edgec_mve_ew__rq_raw(vmlaq_n_s32(vdupq_n_s32(soff), x, scale), r);
}

/* One row of n outputs; ka / kb: 1 the input advances by one element per output, 0 it is
 * fixed along the row (then s1 / s2 hold its scaled value). */
EDGEC_MVE_EW_INLINE void edgec_mve_ew__add_row(const edgec_mve_ew__add* k, const int8_t* a, int ka, int32x4_t s1,
                                               const int8_t* b, int kb, int32x4_t s2, int32_t n, int8_t* out,
                                               int subtract) {
  int32_t j;
  for (j = 0; j < n; j += 4) {
    const mve_pred16_t p = vctp32q((uint32_t)(n - j));
    int32x4_t x1 = s1, x2 = s2, v;
    if (ka) x1 = edgec_mve_ew__add_in(vldrbq_z_s32(a + j, p), k->soff1, k->scale, &k->r1);
    if (kb) x2 = edgec_mve_ew__add_in(vldrbq_z_s32(b + j, p), k->soff2, k->scale, &k->r2);
    v = subtract ? vsubq_s32(x1, x2) : vaddq_s32(x1, x2);
    v = edgec_mve_ew__clamp4(edgec_mve_ew__rq_raw(v, &k->ro), &k->cl);
    vstrbq_p_s32(out + j, v, p);
  }
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

/* The scalar element (edgec_add_s8__one's arithmetic), for rows with other strides. */
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

static inline void edgec_mve_ew__add_run(const edgec_binary_params* p, const edgec_add_s8_params* q,
                                         const int8_t* a, const int8_t* b, int8_t* out, int subtract) {
  edgec_mve_ew__add k;
  k.scale = edgec__wrap_i32((uint32_t)1 << q->left_shift);
  k.soff1 = edgec__wrap_i32((uint32_t)q->input1_offset * (uint32_t)k.scale);
  k.soff2 = edgec__wrap_i32((uint32_t)q->input2_offset * (uint32_t)k.scale);
  edgec_mve_ew__rq_set(&k.r1, q->input1_multiplier, q->input1_shift);
  edgec_mve_ew__rq_set(&k.r2, q->input2_multiplier, q->input2_shift);
  edgec_mve_ew__rq_set(&k.ro, q->output_multiplier, q->output_shift);
  edgec_mve_ew__clamp_set(&k.cl, q->output_offset, q->act_min, q->act_max);
  EDGEC_MVE_EW__FOR_EACH_ROW(p, {
    const int8_t* ar = a + a0_;
    const int8_t* br = b + b0_;
    int8_t* y = out + o_;
    if ((as_ == 0 || as_ == 1) && (bs_ == 0 || bs_ == 1)) {
      const int32x4_t s1 = as_ ? vdupq_n_s32(0) : edgec_mve_ew__add_in(vdupq_n_s32(ar[0]), k.soff1, k.scale, &k.r1);
      const int32x4_t s2 = bs_ ? vdupq_n_s32(0) : edgec_mve_ew__add_in(vdupq_n_s32(br[0]), k.soff2, k.scale, &k.r2);
      if (subtract) {
        if (as_ && bs_) edgec_mve_ew__add_row(&k, ar, 1, s1, br, 1, s2, inner_, y, 1);
        else if (as_) edgec_mve_ew__add_row(&k, ar, 1, s1, br, 0, s2, inner_, y, 1);
        else if (bs_) edgec_mve_ew__add_row(&k, ar, 0, s1, br, 1, s2, inner_, y, 1);
        else edgec_mve_ew__add_row(&k, ar, 0, s1, br, 0, s2, inner_, y, 1);
      } else {
        if (as_ && bs_) edgec_mve_ew__add_row(&k, ar, 1, s1, br, 1, s2, inner_, y, 0);
        else if (as_) edgec_mve_ew__add_row(&k, ar, 1, s1, br, 0, s2, inner_, y, 0);
        else if (bs_) edgec_mve_ew__add_row(&k, ar, 0, s1, br, 1, s2, inner_, y, 0);
        else edgec_mve_ew__add_row(&k, ar, 0, s1, br, 0, s2, inner_, y, 0);
      }
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
  int32_t off1, off2;
  edgec_mve_ew__rq ro;
  edgec_mve_ew__clamp cl;
} edgec_mve_ew__mul;

EDGEC_MVE_EW_INLINE void edgec_mve_ew__mul_row(const edgec_mve_ew__mul* k, const int8_t* a, int ka, int32x4_t v1,
                                               const int8_t* b, int kb, int32x4_t v2, int32_t n, int8_t* out) {
  int32_t j;
  for (j = 0; j < n; j += 4) {
    const mve_pred16_t p = vctp32q((uint32_t)(n - j));
    int32x4_t x1 = v1, x2 = v2, v;
    if (ka) x1 = vaddq_n_s32(vldrbq_z_s32(a + j, p), k->off1);
    if (kb) x2 = vaddq_n_s32(vldrbq_z_s32(b + j, p), k->off2);
    v = edgec_mve_ew__clamp4(edgec_mve_ew__rq_raw(vmulq_s32(x1, x2), &k->ro), &k->cl);
    vstrbq_p_s32(out + j, v, p);
  }
}

static inline void edgec_mul_s8_mve(const edgec_binary_params* p, const edgec_mul_s8_params* q, const int8_t* a,
                                    const int8_t* b, int8_t* out) {
  edgec_mve_ew__mul k;
  k.off1 = q->input1_offset;
  k.off2 = q->input2_offset;
  edgec_mve_ew__rq_set(&k.ro, q->output_multiplier, q->output_shift);
  edgec_mve_ew__clamp_set(&k.cl, q->output_offset, q->act_min, q->act_max);
  EDGEC_MVE_EW__FOR_EACH_ROW(p, {
    const int8_t* ar = a + a0_;
    const int8_t* br = b + b0_;
    int8_t* y = out + o_;
    if ((as_ == 0 || as_ == 1) && (bs_ == 0 || bs_ == 1)) {
      const int32x4_t v1 = vdupq_n_s32(as_ ? 0 : edgec__wrap_i32((uint32_t)ar[0] + (uint32_t)k.off1));
      const int32x4_t v2 = vdupq_n_s32(bs_ ? 0 : edgec__wrap_i32((uint32_t)br[0] + (uint32_t)k.off2));
      if (as_ && bs_) edgec_mve_ew__mul_row(&k, ar, 1, v1, br, 1, v2, inner_, y);
      else if (as_) edgec_mve_ew__mul_row(&k, ar, 1, v1, br, 0, v2, inner_, y);
      else if (bs_) edgec_mve_ew__mul_row(&k, ar, 0, v1, br, 1, v2, inner_, y);
      else edgec_mve_ew__mul_row(&k, ar, 0, v1, br, 0, v2, inner_, y);
    } else {
      int32_t e;
      for (e = 0; e < inner_; ++e) {
        const uint32_t x1 = (uint32_t)ar[(ptrdiff_t)e * as_] + (uint32_t)q->input1_offset;
        const uint32_t x2 = (uint32_t)br[(ptrdiff_t)e * bs_] + (uint32_t)q->input2_offset;
        const int32_t raw = edgec_requantize(edgec__wrap_i32(x1 * x2), q->output_multiplier, q->output_shift);
        y[e] = (int8_t)edgec_requant__offset_clamp(raw, q->output_offset, q->act_min, q->act_max);
      }
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
