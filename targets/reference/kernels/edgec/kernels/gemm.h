/* Reference float32 matrix kernels: ONNX Gemm and batched, broadcasting MatMul. */
#ifndef EDGEC_KERNELS_GEMM_H
#define EDGEC_KERNELS_GEMM_H

#include <stddef.h>
#include <stdint.h>

#include "edgec/kernels/strided.h"
#include "edgec/runtime.h"

/* ONNX Gemm: Y[m,n] = act(alpha * op(A) * op(B) + beta * C).
 * A is stored [m,k] ([k,m] when trans_a), B is [k,n] ([n,k] when trans_b).
 * C is unidirectionally broadcast: its stored shape is [c_rows, c_cols] with each
 * dimension either 1 or the full extent; C may be NULL. */
typedef struct {
  int32_t m, n, k;
  int32_t trans_a, trans_b;
  float alpha, beta;
  int32_t c_rows, c_cols;
  edgec_act act;
} edgec_gemm_params;

static inline void edgec_gemm_f32(const edgec_gemm_params* p, const float* a, const float* b, const float* c,
                                  float* y) {
  /* Strides of op(A) and op(B) so transposition is just a different walk over memory. */
  const int32_t a_row = p->trans_a ? 1 : p->k, a_col = p->trans_a ? p->m : 1;
  const int32_t b_row = p->trans_b ? 1 : p->n, b_col = p->trans_b ? p->k : 1;
  const int32_t c_row = p->c_rows == 1 ? 0 : p->c_cols, c_col = p->c_cols == 1 ? 0 : 1;
  int32_t i, j, kk;
  for (i = 0; i < p->m; ++i) {
    for (j = 0; j < p->n; ++j) {
      float acc = 0.0f;
      float value;
      for (kk = 0; kk < p->k; ++kk) acc += a[(size_t)i * a_row + (size_t)kk * a_col] * b[(size_t)kk * b_row + (size_t)j * b_col];
      value = p->alpha * acc;
      if (c) value += p->beta * c[(size_t)i * c_row + (size_t)j * c_col];
      y[(size_t)i * p->n + j] = edgec_apply_act(&p->act, value);
    }
  }
}

/* ONNX MatMul with numpy batch broadcasting: for every batch index of out_batch,
 * Y[m,n] = act(sum_k A[m,k] * B[k,n] + bias[n]). Matrices are dense [m,k] / [k,n]
 * inside each batch; batch strides (in elements, 0 where broadcast) locate them.
 * The output is dense and batch-major. */
typedef struct {
  int32_t m, n, k;
  int32_t batch_rank; /* 0..6 */
  int32_t out_batch[6];
  int32_t a_batch_stride[6], b_batch_stride[6];
  edgec_act act;
} edgec_matmul_params;

static inline void edgec_matmul_f32(const edgec_matmul_params* p, const float* a, const float* b, const float* bias,
                                    float* y) {
  const int32_t batches = edgec_volume(p->batch_rank, p->out_batch);
  int32_t batch, i, j, kk;
  for (batch = 0; batch < batches; ++batch) {
    const float* a_mat = a + edgec_strided_offset(batch, p->batch_rank, p->out_batch, p->a_batch_stride);
    const float* b_mat = b + edgec_strided_offset(batch, p->batch_rank, p->out_batch, p->b_batch_stride);
    float* y_mat = y + (size_t)batch * p->m * p->n;
    for (i = 0; i < p->m; ++i) {
      for (j = 0; j < p->n; ++j) {
        float acc = 0.0f;
        for (kk = 0; kk < p->k; ++kk) acc += a_mat[(size_t)i * p->k + kk] * b_mat[(size_t)kk * p->n + j];
        if (bias) acc += bias[j];
        y_mat[(size_t)i * p->n + j] = edgec_apply_act(&p->act, acc);
      }
    }
  }
}

#endif /* EDGEC_KERNELS_GEMM_H */
