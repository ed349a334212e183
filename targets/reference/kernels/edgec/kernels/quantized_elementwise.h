/* Reference int8 elementwise kernels (TFLM semantics): broadcasting Add / Sub / Mul,
 * requantization (rescale between two int8 encodings) and lookup tables. */
#ifndef EDGEC_KERNELS_QUANTIZED_ELEMENTWISE_H
#define EDGEC_KERNELS_QUANTIZED_ELEMENTWISE_H

#include <stddef.h>
#include <stdint.h>

#include "edgec/kernels/elementwise.h"
#include "edgec/kernels/requant.h"
#include "edgec/kernels/strided.h"

/* TFLM AddElementwise parameters. The compiler derives them as TFLM's PrepareGeneralSubOp:
 * twice_max = 2 * max(s1, s2); input_i multiplier = s_i / twice_max, output multiplier =
 * twice_max / (2^left_shift * s_out). */
typedef struct {
  int32_t input1_offset, input2_offset, output_offset;
  int32_t left_shift; /* 20 for int8, as TFLM */
  int32_t input1_multiplier, input1_shift, input2_multiplier, input2_shift;
  int32_t output_multiplier, output_shift;
  int32_t act_min, act_max;
} edgec_add_s8_params;

typedef struct {
  int32_t input1_offset, input2_offset, output_offset, output_multiplier, output_shift, act_min, act_max;
} edgec_mul_s8_params;

/* Walks out_shape of a broadcasting binary op (edgec_binary_params' shapes and strides;
 * its op and act are ignored), handing element offsets ia, ib and output index i_ to BODY.
 * Rows of the innermost dim are located once, then strided through. */
#define EDGEC_QBIN__FOR_EACH(P, BODY)                                                                  \
  do {                                                                                                 \
    const int32_t rank_ = (P)->rank;                                                                   \
    const int32_t count_ = edgec_volume(rank_, (P)->out_shape);                                        \
    const int32_t inner_ = rank_ > 0 ? (P)->out_shape[rank_ - 1] : 1;                                  \
    const int32_t as_ = rank_ > 0 ? (P)->a_stride[rank_ - 1] : 0;                                      \
    const int32_t bs_ = rank_ > 0 ? (P)->b_stride[rank_ - 1] : 0;                                      \
    const int32_t rows_ = inner_ > 0 ? count_ / inner_ : 0;                                            \
    int32_t row_, e_;                                                                                  \
    for (row_ = 0; row_ < rows_; ++row_) {                                                             \
      const int32_t a0_ = rank_ > 0 ? edgec_strided_offset(row_, rank_ - 1, (P)->out_shape, (P)->a_stride) : 0; \
      const int32_t b0_ = rank_ > 0 ? edgec_strided_offset(row_, rank_ - 1, (P)->out_shape, (P)->b_stride) : 0; \
      for (e_ = 0; e_ < inner_; ++e_) {                                                                \
        const size_t ia = (size_t)a0_ + (size_t)e_ * as_;                                              \
        const size_t ib = (size_t)b0_ + (size_t)e_ * bs_;                                              \
        const size_t i_ = (size_t)row_ * inner_ + e_;                                                  \
        BODY;                                                                                          \
      }                                                                                                \
    }                                                                                                  \
  } while (0)

/* One Add/Sub element: both inputs are brought to a common scale with left_shift bits of
 * headroom, combined, then scaled to the output (TFLM AddElementwise / SubElementwise).
 * With the compiler's multipliers (< 1/2 for the inputs) the sum cannot overflow. */
static inline int8_t edgec_add_s8__one(const edgec_add_s8_params* q, int32_t x1, int32_t x2, int32_t subtract) {
  const int32_t scale = (int32_t)1 << q->left_shift;
  const int32_t s1 = edgec_requantize((x1 + q->input1_offset) * scale, q->input1_multiplier, q->input1_shift);
  const int32_t s2 = edgec_requantize((x2 + q->input2_offset) * scale, q->input2_multiplier, q->input2_shift);
  const int32_t raw = edgec_requantize(subtract ? s1 - s2 : s1 + s2, q->output_multiplier, q->output_shift);
  return (int8_t)edgec_requant__offset_clamp(raw, q->output_offset, q->act_min, q->act_max);
}

/* Walks the rows of out_shape (as EDGEC_QBIN__FOR_EACH, trailing dims merged where the
 * strides allow) in chunks of up to 16 elements:
 * BODY sees a0_, b0_ (the row's first offsets), as_, bs_ (inner strides), e0_ (the chunk's
 * first element), cnt_ (its length) and o_ (its first output index); the body is the
 * variadic argument (it may contain commas). */
#define EDGEC_QBIN__FOR_EACH_CHUNK(P, ...)                                                             \
  do {                                                                                                 \
    const int32_t rank_ = (P)->rank;                                                                   \
    const int32_t count_ = edgec_volume(rank_, (P)->out_shape);                                        \
    const int32_t as_ = rank_ > 0 ? (P)->a_stride[rank_ - 1] : 0;                                      \
    const int32_t bs_ = rank_ > 0 ? (P)->b_stride[rank_ - 1] : 0;                                      \
    int32_t outer_ = rank_ > 0 ? rank_ - 1 : 0, inner_ = rank_ > 0 ? (P)->out_shape[rank_ - 1] : 1;   \
    int32_t rows_, row_, e0_, d_, a0_ = 0, b0_ = 0;                                                    \
    int32_t idx_[8] = {0, 0, 0, 0, 0, 0, 0, 0};                                                        \
    /* Trailing dims that continue the innermost one's strides in both inputs join the rows. */       \
    while (outer_ > 0 && (P)->out_shape[outer_ - 1] > 0 &&                                            \
           ((P)->out_shape[outer_ - 1] == 1 ||                                                         \
            ((P)->a_stride[outer_ - 1] == as_ * inner_ && (P)->b_stride[outer_ - 1] == bs_ * inner_)) && \
           (P)->out_shape[outer_ - 1] <= INT32_MAX / (inner_ > 0 ? inner_ : 1))                        \
      inner_ *= (P)->out_shape[--outer_];                                                              \
    rows_ = inner_ > 0 ? count_ / inner_ : 0;                                                          \
    for (row_ = 0; row_ < rows_; ++row_) {                                                             \
      for (e0_ = 0; e0_ < inner_; e0_ += 16) {                                                         \
        const int32_t cnt_ = inner_ - e0_ < 16 ? inner_ - e0_ : 16;                                    \
        const size_t o_ = (size_t)row_ * inner_ + e0_;                                                 \
        __VA_ARGS__;                                                                                   \
      }                                                                                                \
      /* the next row's offsets: an odometer over the outer dims */                                   \
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

/* Add / Sub: 16 elements at a time through SSE2 (edgec_qconv__rq4_raw for the three
 * rescalings, exactly edgec_add_s8__one's arithmetic) where the parameters allow it. */
static inline void edgec_add_s8__run(const edgec_binary_params* p, const edgec_add_s8_params* q, const int8_t* a,
                                     const int8_t* b, int8_t* out, int32_t subtract) {
#ifdef EDGEC_QCONV__SSE2
  const int simd = q->input1_multiplier >= 0 && q->input1_shift <= 0 && q->input1_shift >= -31 &&
                   q->input2_multiplier >= 0 && q->input2_shift <= 0 && q->input2_shift >= -31 &&
                   q->output_multiplier >= 0 && q->output_shift <= 0 && q->output_shift >= -31 &&
                   q->left_shift >= 0 && q->left_shift <= 20 && q->act_min >= -128 && q->act_max <= 127 &&
                   q->input1_offset >= -256 && q->input1_offset <= 256 && q->input2_offset >= -256 &&
                   q->input2_offset <= 256;
  if (simd) {
#define EDGEC_QADD__PW(S) _mm_set1_epi32(edgec__wrap_i32((uint32_t)1 << (31 + (S))))
#define EDGEC_QADD__MASK(S) _mm_set1_epi32((int32_t)(((uint32_t)1 << -(S)) - 1u))
    const __m128i m1 = _mm_set1_epi32(q->input1_multiplier), m2 = _mm_set1_epi32(q->input2_multiplier);
    const __m128i mo = _mm_set1_epi32(q->output_multiplier);
    const __m128i pw1 = EDGEC_QADD__PW(q->input1_shift), pw2 = EDGEC_QADD__PW(q->input2_shift);
    const __m128i pwo = EDGEC_QADD__PW(q->output_shift);
    const __m128i k1 = EDGEC_QADD__MASK(q->input1_shift), k2 = EDGEC_QADD__MASK(q->input2_shift);
    const __m128i ko = EDGEC_QADD__MASK(q->output_shift);
    const __m128i off1 = _mm_set1_epi32(q->input1_offset), off2 = _mm_set1_epi32(q->input2_offset);
    const __m128i off = _mm_set1_epi32(q->output_offset);
    const __m128i lo = _mm_set1_epi32(q->act_min - q->output_offset);
    const __m128i hi = _mm_set1_epi32(q->act_max - q->output_offset);
    const __m128i act_lo = _mm_set1_epi32(q->act_min), act_hi = _mm_set1_epi32(q->act_max);
    const __m128i ls = _mm_cvtsi32_si128(q->left_shift);
#undef EDGEC_QADD__PW
#undef EDGEC_QADD__MASK
    EDGEC_QBIN__FOR_EACH_CHUNK(p, {
      int32_t x1[16], x2[16], j;
      __m128i v[4];
      int8_t tmp[16];
      for (j = 0; j < 16; ++j) {
        x1[j] = j < cnt_ ? a[(size_t)a0_ + (size_t)(e0_ + j) * as_] : 0;
        x2[j] = j < cnt_ ? b[(size_t)b0_ + (size_t)(e0_ + j) * bs_] : 0;
      }
      for (j = 0; j < 4; ++j) {
        const __m128i s1 = edgec_qconv__rq4_raw(
            _mm_sll_epi32(_mm_add_epi32(_mm_loadu_si128((const __m128i*)(const void*)(x1 + 4 * j)), off1), ls), m1,
            pw1, k1);
        const __m128i s2 = edgec_qconv__rq4_raw(
            _mm_sll_epi32(_mm_add_epi32(_mm_loadu_si128((const __m128i*)(const void*)(x2 + 4 * j)), off2), ls), m2,
            pw2, k2);
        v[j] = edgec_qconv__rq4(subtract ? _mm_sub_epi32(s1, s2) : _mm_add_epi32(s1, s2), mo, pwo, ko, off, lo, hi,
                                act_lo, act_hi);
      }
      v[0] = _mm_packs_epi16(_mm_packs_epi32(v[0], v[1]), _mm_packs_epi32(v[2], v[3]));
      if (cnt_ == 16) {
        _mm_storeu_si128((__m128i*)(void*)(out + o_), v[0]);
      } else {
        _mm_storeu_si128((__m128i*)(void*)tmp, v[0]);
        for (j = 0; j < cnt_; ++j) out[o_ + j] = tmp[j];
      }
    });
    return;
  }
#endif
  EDGEC_QBIN__FOR_EACH(p, out[i_] = edgec_add_s8__one(q, a[ia], b[ib], subtract));
}

static inline void edgec_add_s8(const edgec_binary_params* p, const edgec_add_s8_params* q, const int8_t* a,
                                const int8_t* b, int8_t* out) {
  edgec_add_s8__run(p, q, a, b, out, 0);
}

/* a - b: as edgec_add_s8 with the scaled second input subtracted (TFLM SubElementwise). */
static inline void edgec_sub_s8(const edgec_binary_params* p, const edgec_add_s8_params* q, const int8_t* a,
                                const int8_t* b, int8_t* out) {
  edgec_add_s8__run(p, q, a, b, out, 1);
}

/* out = clamp(requantize((a + off1) * (b + off2)) + output_offset) (TFLM MulElementwise);
 * 16 products at a time through the blocked requantization. */
static inline void edgec_mul_s8(const edgec_binary_params* p, const edgec_mul_s8_params* q, const int8_t* a,
                                const int8_t* b, int8_t* out) {
  edgec_requant_params rp;
  edgec_qconv__rq rq;
  rp.input_offset = 0;
  rp.output_offset = q->output_offset;
  rp.act_min = q->act_min;
  rp.act_max = q->act_max;
  rp.per_channel = 0;
  rp.multiplier = &q->output_multiplier;
  rp.shift = &q->output_shift;
  edgec_qconv__rq_init(&rq, &rp, 0, 16);
  EDGEC_QBIN__FOR_EACH_CHUNK(p, {
    int32_t prod[16], j;
    for (j = 0; j < cnt_; ++j)
      prod[j] = (a[(size_t)a0_ + (size_t)(e0_ + j) * as_] + q->input1_offset) *
                (b[(size_t)b0_ + (size_t)(e0_ + j) * bs_] + q->input2_offset);
    edgec_qconv__rq_store(&rq, &rp, 0, cnt_, prod, out + o_);
  });
}

/* out = clamp(requantize(x + input_offset) + output_offset): moves a tensor to another
 * scale / zero point (e.g. to align Concat inputs). q is per-tensor (entry 0). */
static inline void edgec_requantize_s8(int32_t n, const edgec_requant_params* q, const int8_t* in, int8_t* out) {
  int32_t i;
  for (i = 0; i < n; ++i) out[i] = (int8_t)edgec_requant_output(q, 0, in[i] + q->input_offset);
}

/* out = table[x + 128]: any unary function, tabulated by the compiler over all 256 inputs. */
static inline void edgec_lut_s8(int32_t n, const int8_t* table, const int8_t* in, int8_t* out) {
  int32_t i;
  for (i = 0; i < n; ++i) out[i] = table[in[i] + 128];
}

#endif /* EDGEC_KERNELS_QUANTIZED_ELEMENTWISE_H */
