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

static inline void edgec_add_s8(const edgec_binary_params* p, const edgec_add_s8_params* q, const int8_t* a,
                                const int8_t* b, int8_t* out) {
  EDGEC_QBIN__FOR_EACH(p, out[i_] = edgec_add_s8__one(q, a[ia], b[ib], 0));
}

/* a - b: as edgec_add_s8 with the scaled second input subtracted (TFLM SubElementwise). */
static inline void edgec_sub_s8(const edgec_binary_params* p, const edgec_add_s8_params* q, const int8_t* a,
                                const int8_t* b, int8_t* out) {
  EDGEC_QBIN__FOR_EACH(p, out[i_] = edgec_add_s8__one(q, a[ia], b[ib], 1));
}

/* out = clamp(requantize((a + off1) * (b + off2)) + output_offset) (TFLM MulElementwise). */
static inline void edgec_mul_s8(const edgec_binary_params* p, const edgec_mul_s8_params* q, const int8_t* a,
                                const int8_t* b, int8_t* out) {
  EDGEC_QBIN__FOR_EACH(p, {
    const int32_t prod = (a[ia] + q->input1_offset) * (b[ib] + q->input2_offset);
    out[i_] = (int8_t)edgec_requant__offset_clamp(edgec_requantize(prod, q->output_multiplier, q->output_shift),
                                                  q->output_offset, q->act_min, q->act_max);
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
