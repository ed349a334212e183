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

/* output[b][o] = clamp(requantize(bias[o] + sum_i (input[b][i] + input_offset) * weights[o][i],
 * multiplier[o], shift[o]) + output_offset); per-tensor uses entry 0. Weights are symmetric
 * (no weight offset), as in TFLM. bias may be NULL. */
static inline void edgec_fully_connected_s8(const edgec_fc_params* p, const edgec_requant_params* q,
                                            const int8_t* input, const int8_t* weights, const int32_t* bias,
                                            int8_t* output) {
  const int32_t in = p->in_features, outs = p->out_features;
  int32_t b, o, j, l;
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
        y[o + j] = (int8_t)edgec_requant_output(q, o + j, sum);
      }
    }
  }
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
