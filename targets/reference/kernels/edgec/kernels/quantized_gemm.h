/* Reference int8 fully connected (TFLM FullyConnected) and batched, broadcasting MatMul
 * (ONNX MatMulInteger / QLinearMatMul) kernels. */
#ifndef EDGEC_KERNELS_QUANTIZED_GEMM_H
#define EDGEC_KERNELS_QUANTIZED_GEMM_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "edgec/kernels/gemm.h"
#include "edgec/kernels/quantized_conv.h"
#include "edgec/kernels/requant.h"
#include "edgec/kernels/strided.h"

typedef struct {
  int32_t batches, out_features, in_features;
} edgec_fc_params;

/* A fully connected layer as a 1x1 convolution whose pixels are the batch rows (input
 * [batches][in] channels-last, weights [out][in] = OHWI with a 1x1 kernel): the conv params and
 * window that kernel variants run it with. */
static inline void edgec_fc_as_conv(const edgec_fc_params* p, edgec_conv_params* c, edgec_window* w) {
  int32_t d;
  memset(c, 0, sizeof *c);
  c->spatial_rank = 1;
  c->batch = 1;
  c->in_channels = p->in_features;
  c->out_channels = p->out_features;
  c->groups = 1;
  for (d = 0; d < 3; ++d) {
    c->in_spatial[d] = c->out_spatial[d] = 1;
    c->kernel[d] = c->stride[d] = c->dilation[d] = 1;
  }
  c->in_spatial[0] = c->out_spatial[0] = p->batches;
  edgec_conv_window(c, w);
}

#if defined(__AVX2__) && !defined(EDGEC_KERNELS_NO_SIMD)
#include <immintrin.h>
#define EDGEC_FC__AVX2 1
#endif

#ifdef EDGEC_FC__AVX2
/* The sum of the eight int32 lanes of v. */
static inline int32_t edgec_fc__hsum(__m256i v) {
  __m128i s = _mm_add_epi32(_mm256_castsi256_si128(v), _mm256_extracti128_si256(v, 1));
  s = _mm_add_epi32(s, _mm_shuffle_epi32(s, 0x4e));
  s = _mm_add_epi32(s, _mm_shuffle_epi32(s, 0xb1));
  return _mm_cvtsi128_si32(s);
}

/* sums[r * 2 + j] = sum_i x[r][i] * w_j[i] for four rows of x (`in` apart) and two weight
 * rows: raw int8 products, summed in pairs by vpmaddwd (|x * w| <= 2^14, so a pair never
 * saturates). Eight accumulators and six operands fit AVX2's sixteen registers. */
static inline void edgec_fc__dot_4x2(const int8_t* x, int32_t in, const int8_t* w0, const int8_t* w1, int32_t* sums) {
  /* Named accumulators, not an array: GCC keeps these in registers, an indexed array on the stack. */
  __m256i a00 = _mm256_setzero_si256(), a01 = a00, a10 = a00, a11 = a00, a20 = a00, a21 = a00, a30 = a00, a31 = a00;
  const int8_t* x1 = x + in;
  const int8_t* x2 = x1 + in;
  const int8_t* x3 = x2 + in;
  int32_t i, r, t;
  for (i = 0; i + 16 <= in; i += 16) {
    const __m256i b0 = _mm256_cvtepi8_epi16(_mm_loadu_si128((const __m128i*)(const void*)(w0 + i)));
    const __m256i b1 = _mm256_cvtepi8_epi16(_mm_loadu_si128((const __m128i*)(const void*)(w1 + i)));
    __m256i v = _mm256_cvtepi8_epi16(_mm_loadu_si128((const __m128i*)(const void*)(x + i)));
    a00 = _mm256_add_epi32(a00, _mm256_madd_epi16(v, b0));
    a01 = _mm256_add_epi32(a01, _mm256_madd_epi16(v, b1));
    v = _mm256_cvtepi8_epi16(_mm_loadu_si128((const __m128i*)(const void*)(x1 + i)));
    a10 = _mm256_add_epi32(a10, _mm256_madd_epi16(v, b0));
    a11 = _mm256_add_epi32(a11, _mm256_madd_epi16(v, b1));
    v = _mm256_cvtepi8_epi16(_mm_loadu_si128((const __m128i*)(const void*)(x2 + i)));
    a20 = _mm256_add_epi32(a20, _mm256_madd_epi16(v, b0));
    a21 = _mm256_add_epi32(a21, _mm256_madd_epi16(v, b1));
    v = _mm256_cvtepi8_epi16(_mm_loadu_si128((const __m128i*)(const void*)(x3 + i)));
    a30 = _mm256_add_epi32(a30, _mm256_madd_epi16(v, b0));
    a31 = _mm256_add_epi32(a31, _mm256_madd_epi16(v, b1));
  }
  sums[0] = edgec_fc__hsum(a00);
  sums[1] = edgec_fc__hsum(a01);
  sums[2] = edgec_fc__hsum(a10);
  sums[3] = edgec_fc__hsum(a11);
  sums[4] = edgec_fc__hsum(a20);
  sums[5] = edgec_fc__hsum(a21);
  sums[6] = edgec_fc__hsum(a30);
  sums[7] = edgec_fc__hsum(a31);
  for (r = 0; r < 4; ++r)
    for (t = i; t < in; ++t) {
      sums[2 * r] += x[(size_t)r * in + t] * w0[t];
      sums[2 * r + 1] += x[(size_t)r * in + t] * w1[t];
    }
}
#endif

/* One output of a fully connected layer: TFLM's requantization, or ONNX's single rounding. */
static inline int8_t edgec_fc__requant(const edgec_requant_params* q, int32_t o, int32_t acc, int round_even) {
  return (int8_t)(round_even ? edgec_requant_output_round_even(q, o, acc) : edgec_requant_output(q, o, acc));
}

/* edgec_fully_connected_s8, rounding as `round_even` says (a constant once inlined). */
static inline void edgec_fc__s8(const edgec_fc_params* p, const edgec_requant_params* q, const int8_t* input,
                                const int8_t* weights, const int32_t* bias, int8_t* output, int round_even) {
  const int32_t in = p->in_features, outs = p->out_features;
  int32_t b, o, j, l;
#ifdef EDGEC_FC__AVX2
  /* Many rows (a transformer's tokens): 4x2 tiles, output pairs outermost so the two weight
   * rows stay in L1 while the rows stream. sum (x + off) * w = sum x * w + off * sum w, exact
   * in int32 for in < 2^16 (|x * w|, |off * w| <= 2^14). Other rows and outputs: the loop below. */
  int32_t o_end = 0, b_end = 0;
  if (p->batches >= 4 && in < 65536) {
    o_end = outs & ~1;
    b_end = p->batches & ~3;
    for (o = 0; o < o_end; o += 2) {
      const int8_t* w0 = weights + (size_t)o * in;
      const int8_t* w1 = w0 + in;
      int32_t off0 = 0, off1 = 0, i, sums[8];
      for (i = 0; i < in; ++i) {
        off0 += w0[i];
        off1 += w1[i];
      }
      off0 = off0 * q->input_offset + (bias ? bias[o] : 0);
      off1 = off1 * q->input_offset + (bias ? bias[o + 1] : 0);
      for (b = 0; b < b_end; b += 4) {
        edgec_fc__dot_4x2(input + (size_t)b * in, in, w0, w1, sums);
        for (j = 0; j < 4; ++j) {
          output[(size_t)(b + j) * outs + o] = edgec_fc__requant(q, o, sums[2 * j] + off0, round_even);
          output[(size_t)(b + j) * outs + o + 1] = edgec_fc__requant(q, o + 1, sums[2 * j + 1] + off1, round_even);
        }
      }
    }
  }
  /* What the tiles left: the last rows (all outputs), and the last output of the tiled rows. */
  for (b = 0; b < p->batches; ++b) {
    const int8_t* x = input + (size_t)b * in;
    int8_t* y = output + (size_t)b * outs;
    for (o = b < b_end ? o_end : 0; o < outs; ++o) {
      const int8_t* w = weights + (size_t)o * in;
      int32_t sum = bias ? bias[o] : 0;
      for (j = 0; j < in; ++j) sum += (x[j] + q->input_offset) * w[j];
      y[o] = edgec_fc__requant(q, o, sum, round_even);
    }
  }
  (void)l;
#else
  for (b = 0; b < p->batches; ++b) {
    const int8_t* x = input + (size_t)b * in;
    int8_t* y = output + (size_t)b * outs;
    /* Four outputs at a time through the conv kernels' register tile (a short last block
     * repeats its last row and drops the extra results). */
    for (o = 0; o < outs; o += 4) {
      const int32_t nb = outs - o < 4 ? outs - o : 4;
      const int8_t* rows[4];
      int32_t lanes[4 * EDGEC_QCONV_LANES], acc[4] = {0, 0, 0, 0};
      for (j = 0; j < 4 * EDGEC_QCONV_LANES; ++j) lanes[j] = 0;
      for (j = 0; j < 4; ++j) rows[j] = weights + (size_t)(o + (j < nb ? j : nb - 1)) * in;
      edgec_qconv__dot_1x4(x, rows, in, q->input_offset, lanes, acc);
      for (j = 0; j < nb; ++j) {
        int32_t sum = acc[j] + (bias ? bias[o + j] : 0);
        for (l = 0; l < EDGEC_QCONV_LANES; ++l) sum += lanes[j * EDGEC_QCONV_LANES + l];
        y[o + j] = edgec_fc__requant(q, o + j, sum, round_even);
      }
    }
  }
#endif
}

/* output[b][o] = clamp(requantize(bias[o] + sum_i (input[b][i] + input_offset) * weights[o][i],
 * multiplier[o], shift[o]) + output_offset); per-tensor uses entry 0. Weights are symmetric
 * (no weight offset), as in TFLM. bias may be NULL. */
static inline void edgec_fully_connected_s8(const edgec_fc_params* p, const edgec_requant_params* q,
                                            const int8_t* input, const int8_t* weights, const int32_t* bias,
                                            int8_t* output) {
  edgec_fc__s8(p, q, input, weights, bias, output, 0);
}

/* edgec_fully_connected_s8 requantized with one rounding, ties to even
 * (edgec_requantize_round_even): ONNX QDQ MatMuls, whose reference rounds the exact result once. */
static inline void edgec_fully_connected_s8_round_even(const edgec_fc_params* p, const edgec_requant_params* q,
                                                       const int8_t* input, const int8_t* weights,
                                                       const int32_t* bias, int8_t* output) {
  edgec_fc__s8(p, q, input, weights, bias, output, 1);
}

/* Columns of one output row accumulated together (on the stack) by edgec_matmul_s8. */
#define EDGEC_QMATMUL_CHUNK 16

/* For every batch index of p->out_batch (broadcast through the batch strides exactly as
 * edgec_matmul_f32; p->act is ignored):
 *   out[m][n] = clamp(requantize(sum_k (a[m][k] + a_offset) * (b[k][n] + b_offset)) + output_offset)
 * q is per-tensor (entry 0); q->input_offset is unused. The inner loop walks a row of b. */
static inline void edgec_matmul_s8(const edgec_matmul_params* p, int32_t a_offset, int32_t b_offset,
                                   const edgec_requant_params* q, const int8_t* a, const int8_t* b, int8_t* out) {
  const int32_t batches = edgec_volume(p->batch_rank, p->out_batch);
  int32_t batch, i, j0, j, kk;
  for (batch = 0; batch < batches; ++batch) {
    const int8_t* a_mat = a + edgec_strided_offset(batch, p->batch_rank, p->out_batch, p->a_batch_stride);
    const int8_t* b_mat = b + edgec_strided_offset(batch, p->batch_rank, p->out_batch, p->b_batch_stride);
    int8_t* y_mat = out + (size_t)batch * p->m * p->n;
    for (i = 0; i < p->m; ++i) {
      const int8_t* ar = a_mat + (size_t)i * p->k;
      for (j0 = 0; j0 < p->n; j0 += EDGEC_QMATMUL_CHUNK) {
        const int32_t cols = p->n - j0 < EDGEC_QMATMUL_CHUNK ? p->n - j0 : EDGEC_QMATMUL_CHUNK;
        int32_t acc[EDGEC_QMATMUL_CHUNK];
        for (j = 0; j < cols; ++j) acc[j] = 0;
        for (kk = 0; kk < p->k; ++kk) {
          const int32_t av = ar[kk] + a_offset;
          const int8_t* br = b_mat + (size_t)kk * p->n + j0;
          for (j = 0; j < cols; ++j) acc[j] += av * (br[j] + b_offset);
        }
        for (j = 0; j < cols; ++j) y_mat[(size_t)i * p->n + j0 + j] = (int8_t)edgec_requant_output(q, 0, acc[j]);
      }
    }
  }
}

#endif /* EDGEC_KERNELS_QUANTIZED_GEMM_H */
