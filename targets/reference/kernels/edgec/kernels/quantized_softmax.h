/* Reference int8 Softmax along one axis: exact integer arithmetic over an exp lookup table. */
#ifndef EDGEC_KERNELS_QUANTIZED_SOFTMAX_H
#define EDGEC_KERNELS_QUANTIZED_SOFTMAX_H

#include <stddef.h>
#include <stdint.h>

/* The tensor is viewed as [outer, axis_size, inner]; softmax runs over the middle dim.
 * For each (o, i) slice: m = max_k x_k; e_k = exp_table[m - x_k] (the difference is in
 * 0..255); sum = sum_k e_k (int64); y_k = clamp(output_offset + round(e_k * out_multiplier
 * / (sum * 65536))) with the division rounded half away from zero (exact on non-negative
 * int64 values) and the clamp to [act_min, act_max]. A slice whose sum is 0 (a table with a
 * zero head) outputs clamp(output_offset) everywhere.
 *
 * The compiler fills exp_table[d] = round(2^20 * exp(-scale_in * d)) and out_multiplier =
 * round(2^16 / scale_out), so y_k ~ output_offset + softmax_k / scale_out. */
typedef struct {
  int32_t outer, axis_size, inner;
  const int32_t* exp_table; /* 256 entries, non-increasing, each in [0, 2^20] */
  int64_t out_multiplier;   /* in [0, 2^32) */
  int32_t output_offset;    /* the output zero point */
  int32_t act_min, act_max; /* clamp bounds in the output's int8 domain */
} edgec_softmax_s8_params;

/* Columns of the inner dim handled together when inner > 1: their axis walks are
 * interleaved so every pass reads contiguous runs of the inner dim. */
#define EDGEC_SOFTMAX_S8__BLOCK 32

/* One output value. Bounds (all non-negative): e <= 2^20 and multiplier < 2^32, so
 * num = e * multiplier < 2^52; e <= sum. When sum < 2^47, den = sum * 2^16 < 2^63 and
 * num + den / 2 < 2^52 + 2^62 fit int64; (num + den / 2) / den is num / den rounded half
 * away from zero (den is even, so den / 2 is exact). When sum >= 2^47 (only reachable with
 * axis_size >= 2^27), den >= 2^63 > 2 * num, so the rounded quotient is 0 and den is never
 * formed. The quotient is at most multiplier / 2^16 < 2^16, so offset + q cannot overflow
 * for any int8-domain offset; the clamp is done in int64 regardless. */
static inline int8_t edgec_softmax_s8__one(const edgec_softmax_s8_params* p, int64_t e, int64_t sum) {
  int64_t v = p->output_offset;
  if (sum > 0 && sum < ((int64_t)1 << 47)) {
    const int64_t num = e * p->out_multiplier;
    const int64_t den = sum * 65536;
    v += (num + den / 2) / den;
  }
  if (v > p->act_max) v = p->act_max;
  if (v < p->act_min) v = p->act_min;
  return (int8_t)v;
}

/* One slice with its elements `stride` apart. In-place safe: every element is read in all
 * three passes before (or when) its own position is written. */
static inline void edgec_softmax_s8__slice(const edgec_softmax_s8_params* p, const int8_t* in, int8_t* out,
                                           size_t stride) {
  const int32_t n = p->axis_size;
  const int32_t* table = p->exp_table;
  int32_t k, m = in[0];
  int64_t sum = 0;
  for (k = 1; k < n; ++k)
    if (in[(size_t)k * stride] > m) m = in[(size_t)k * stride];
  for (k = 0; k < n; ++k) sum += table[m - in[(size_t)k * stride]];
  for (k = 0; k < n; ++k) {
    const int32_t x = in[(size_t)k * stride];
    out[(size_t)k * stride] = edgec_softmax_s8__one(p, table[m - x], sum);
  }
}

static inline void edgec_softmax_s8(const edgec_softmax_s8_params* p, const int8_t* in, int8_t* out) {
  const int32_t n = p->axis_size, inner = p->inner;
  const int32_t* table = p->exp_table;
  int32_t o, i0, k, j;
  if (n <= 0 || inner <= 0 || p->outer <= 0) return;
  for (o = 0; o < p->outer; ++o) {
    const size_t base = (size_t)o * (size_t)n * (size_t)inner;
    if (inner == 1) {
      edgec_softmax_s8__slice(p, in + base, out + base, 1); /* contiguous */
      continue;
    }
    /* A block of up to 32 adjacent slices at a time: each pass walks the axis once and,
     * per axis position, a contiguous run of the block's columns. */
    for (i0 = 0; i0 < inner; i0 += EDGEC_SOFTMAX_S8__BLOCK) {
      const int32_t w = inner - i0 < EDGEC_SOFTMAX_S8__BLOCK ? inner - i0 : EDGEC_SOFTMAX_S8__BLOCK;
      const int8_t* x = in + base + i0;
      int8_t* y = out + base + i0;
      int32_t m[EDGEC_SOFTMAX_S8__BLOCK];
      int64_t sum[EDGEC_SOFTMAX_S8__BLOCK];
      for (j = 0; j < w; ++j) {
        m[j] = x[j];
        sum[j] = 0;
      }
      for (k = 1; k < n; ++k) {
        const int8_t* xr = x + (size_t)k * inner;
        for (j = 0; j < w; ++j)
          if (xr[j] > m[j]) m[j] = xr[j];
      }
      for (k = 0; k < n; ++k) {
        const int8_t* xr = x + (size_t)k * inner;
        for (j = 0; j < w; ++j) sum[j] += table[m[j] - xr[j]];
      }
      for (k = 0; k < n; ++k) {
        const int8_t* xr = x + (size_t)k * inner;
        int8_t* yr = y + (size_t)k * inner;
        for (j = 0; j < w; ++j) {
          const int32_t v = xr[j];
          yr[j] = edgec_softmax_s8__one(p, table[m[j] - v], sum[j]);
        }
      }
    }
  }
}

#endif /* EDGEC_KERNELS_QUANTIZED_SOFTMAX_H */
