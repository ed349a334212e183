/* Reference float32 matrix kernels: ONNX Gemm and batched, broadcasting MatMul. */
#ifndef EDGEC_KERNELS_GEMM_H
#define EDGEC_KERNELS_GEMM_H

#include <stddef.h>
#include <stdint.h>

#include "edgec/kernels/strided.h"
#include "edgec/runtime.h"

/* Accumulation order of both kernels (unchanged by the blocking below): every output is
 * one sum over k in increasing order, starting at +0.0f and adding one product at a time,
 * then combined with alpha/beta/bias as written. The loops are blocked so that 4 rows x 8
 * columns of outputs accumulate at once in independent partial sums (each its own output),
 * with the innermost loops walking contiguous rows of B; compilers vectorise them at -O2
 * without reassociating anything, so the bits are those of the plain triple loop. */

/* Y[i0..i0+rows, j0..j0+8) += A[i, k] * B[k, j] for a block of `rows` (1..4) rows and 8 columns.
 * A is addressed as a[i * a_row + k * a_col], B row k starts at b + k * b_row. Results are
 * written raw to acc (rows x 8). */
static inline void edgec_gemm__block_4x8(int32_t rows, int32_t k, const float* a, size_t a_row, size_t a_col,
                                         const float* b, size_t b_row, float* acc) {
  float r0[4] = {0.0f, 0.0f, 0.0f, 0.0f}, s0[4] = {0.0f, 0.0f, 0.0f, 0.0f};
  float r1[4] = {0.0f, 0.0f, 0.0f, 0.0f}, s1[4] = {0.0f, 0.0f, 0.0f, 0.0f};
  float r2[4] = {0.0f, 0.0f, 0.0f, 0.0f}, s2[4] = {0.0f, 0.0f, 0.0f, 0.0f};
  float r3[4] = {0.0f, 0.0f, 0.0f, 0.0f}, s3[4] = {0.0f, 0.0f, 0.0f, 0.0f};
  int32_t kk, l;
  if (rows == 4) {
    for (kk = 0; kk < k; ++kk) {
      const float* br = b + (size_t)kk * b_row;
      const float v0 = a[(size_t)kk * a_col], v1 = a[a_row + (size_t)kk * a_col];
      const float v2 = a[2 * a_row + (size_t)kk * a_col], v3 = a[3 * a_row + (size_t)kk * a_col];
      for (l = 0; l < 4; ++l) {
        r0[l] += v0 * br[l];
        s0[l] += v0 * br[4 + l];
        r1[l] += v1 * br[l];
        s1[l] += v1 * br[4 + l];
      }
      for (l = 0; l < 4; ++l) {
        r2[l] += v2 * br[l];
        s2[l] += v2 * br[4 + l];
        r3[l] += v3 * br[l];
        s3[l] += v3 * br[4 + l];
      }
    }
  } else {
    for (kk = 0; kk < k; ++kk) {
      const float* br = b + (size_t)kk * b_row;
      const float v0 = a[(size_t)kk * a_col];
      for (l = 0; l < 4; ++l) {
        r0[l] += v0 * br[l];
        s0[l] += v0 * br[4 + l];
      }
    }
    if (rows > 1) {
      edgec_gemm__block_4x8(1, k, a + a_row, a_row, a_col, b, b_row, acc + 8);
      if (rows > 2) edgec_gemm__block_4x8(rows - 2, k, a + 2 * a_row, a_row, a_col, b, b_row, acc + 16);
    }
  }
  for (l = 0; l < 4; ++l) {
    acc[l] = r0[l];
    acc[4 + l] = s0[l];
  }
  if (rows != 4) return;
  for (l = 0; l < 4; ++l) {
    acc[8 + l] = r1[l];
    acc[12 + l] = s1[l];
    acc[16 + l] = r2[l];
    acc[20 + l] = s2[l];
    acc[24 + l] = r3[l];
    acc[28 + l] = s3[l];
  }
}

/* Raw product P[i, j] = sum_k A[i, k] * B[k, j] (k ascending), handed to FINISH one block at
 * a time with i, j and acc in scope. Column panels (8 columns of B, K rows) are the outer
 * loop so a panel stays in cache while every row block of A passes over it. */
#define EDGEC_GEMM__FOR_BLOCKS(M, N, K, A, A_ROW, A_COL, B, B_ROW, B_COL, FINISH)                 \
  do {                                                                                            \
    int32_t i0_, j0_, r_, c_, kk_;                                                                \
    float acc_[32];                                                                               \
    for (j0_ = 0; j0_ + 8 <= (N) && (B_COL) == 1; j0_ += 8) {                                     \
      for (i0_ = 0; i0_ < (M); i0_ += 4) {                                                        \
        const int32_t rows_ = (M) - i0_ < 4 ? (M) - i0_ : 4;                                      \
        edgec_gemm__block_4x8(rows_, (K), (A) + (size_t)i0_ * (A_ROW), (A_ROW), (A_COL), (B) + j0_, \
                              (B_ROW), acc_);                                                     \
        for (r_ = 0; r_ < rows_; ++r_)                                                            \
          for (c_ = 0; c_ < 8; ++c_) {                                                            \
            const int32_t i = i0_ + r_, j = j0_ + c_;                                             \
            const float acc = acc_[r_ * 8 + c_];                                                  \
            FINISH;                                                                               \
          }                                                                                       \
      }                                                                                           \
    }                                                                                             \
    for (r_ = 0; r_ < (M); ++r_)                                                                  \
      for (c_ = j0_; c_ < (N); ++c_) {                                                            \
        const int32_t i = r_, j = c_;                                                             \
        float acc = 0.0f;                                                                         \
        for (kk_ = 0; kk_ < (K); ++kk_)                                                           \
          acc += (A)[(size_t)i * (A_ROW) + (size_t)kk_ * (A_COL)] * (B)[(size_t)kk_ * (B_ROW) + (size_t)j * (B_COL)]; \
        FINISH;                                                                                   \
      }                                                                                           \
  } while (0)

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
  /* Strides of op(A) and op(B) so transposition is just a different walk over memory
   * (a transposed B falls back to one output at a time: its columns are not contiguous). */
  const size_t a_row = p->trans_a ? 1 : (size_t)p->k, a_col = p->trans_a ? (size_t)p->m : 1;
  const size_t b_row = p->trans_b ? 1 : (size_t)p->n, b_col = p->trans_b ? (size_t)p->k : 1;
  const size_t c_row = p->c_rows == 1 ? 0 : (size_t)p->c_cols, c_col = p->c_cols == 1 ? 0 : 1;
  EDGEC_GEMM__FOR_BLOCKS(p->m, p->n, p->k, a, a_row, a_col, b, b_row, b_col, {
    float value = p->alpha * acc;
    if (c) value += p->beta * c[(size_t)i * c_row + (size_t)j * c_col];
    y[(size_t)i * p->n + j] = edgec_apply_act(&p->act, value);
  });
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
  int32_t batch;
  for (batch = 0; batch < batches; ++batch) {
    const float* a_mat = a + edgec_strided_offset(batch, p->batch_rank, p->out_batch, p->a_batch_stride);
    const float* b_mat = b + edgec_strided_offset(batch, p->batch_rank, p->out_batch, p->b_batch_stride);
    float* y_mat = y + (size_t)batch * p->m * p->n;
    EDGEC_GEMM__FOR_BLOCKS(p->m, p->n, p->k, a_mat, (size_t)p->k, (size_t)1, b_mat, (size_t)p->n, (size_t)1, {
      float value = acc;
      if (bias) value += bias[j];
      y_mat[(size_t)i * p->n + j] = edgec_apply_act(&p->act, value);
    });
  }
}

/* edgec_matmul_f32 in double (ONNX MatMul on float64): plain loops, the activation ignored
 * (no graph fuses one into a double MatMul). */
static inline void edgec_matmul_f64(const edgec_matmul_params* p, const double* a, const double* b,
                                    const double* bias, double* y) {
  const int32_t batches = edgec_volume(p->batch_rank, p->out_batch);
  int32_t batch, i, j, k;
  for (batch = 0; batch < batches; ++batch) {
    const double* a_mat = a + edgec_strided_offset(batch, p->batch_rank, p->out_batch, p->a_batch_stride);
    const double* b_mat = b + edgec_strided_offset(batch, p->batch_rank, p->out_batch, p->b_batch_stride);
    double* y_mat = y + (size_t)batch * p->m * p->n;
    for (i = 0; i < p->m; ++i)
      for (j = 0; j < p->n; ++j) {
        double acc = bias ? bias[j] : 0.0;
        for (k = 0; k < p->k; ++k) acc += a_mat[(size_t)i * p->k + k] * b_mat[(size_t)k * p->n + j];
        y_mat[(size_t)i * p->n + j] = acc;
      }
  }
}

#endif /* EDGEC_KERNELS_GEMM_H */
