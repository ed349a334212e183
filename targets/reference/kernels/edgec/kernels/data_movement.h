/* Reference dtype-agnostic data movement kernels: copy, transpose, concat, broadcast (by element size). */
#ifndef EDGEC_KERNELS_DATA_MOVEMENT_H
#define EDGEC_KERNELS_DATA_MOVEMENT_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "edgec/kernels/strided.h"

/* Byte copy with memmove semantics: Reshape/Flatten/Squeeze lower to this and the
 * memory planner may place source and destination in overlapping arena slots. */
static inline void edgec_copy(const void* in, void* out, int32_t bytes) {
  if (bytes > 0 && in != out) memmove(out, in, (size_t)bytes);
}

/* ONNX Transpose: output dimension i is input dimension perm[i]. */
typedef struct {
  int32_t rank; /* 1..8 */
  int32_t in_shape[8];
  int32_t perm[8];
  int32_t elem_size;
} edgec_transpose_params;

static inline void edgec_transpose(const edgec_transpose_params* p, const void* in, void* out) {
  int32_t in_stride[8], out_shape[8], gather_stride[8];
  int32_t d, row, rows, inner, i;
  const int32_t rank = p->rank;
  const size_t elem = (size_t)p->elem_size;
  const unsigned char* src = (const unsigned char*)in;
  unsigned char* dst = (unsigned char*)out;
  if (rank < 1 || rank > 8) return;
  in_stride[rank - 1] = 1;
  for (d = rank - 2; d >= 0; --d) in_stride[d] = in_stride[d + 1] * p->in_shape[d + 1];
  /* Walking the output in order, dimension i advances the input by the stride of the
   * input dimension it came from. */
  for (d = 0; d < rank; ++d) {
    out_shape[d] = p->in_shape[p->perm[d]];
    gather_stride[d] = in_stride[p->perm[d]];
  }
  inner = out_shape[rank - 1];
  if (inner <= 0) return;
  rows = edgec_volume(rank - 1, out_shape);
  for (row = 0; row < rows; ++row) {
    const unsigned char* x = src + (size_t)edgec_strided_offset(row, rank - 1, out_shape, gather_stride) * elem;
    unsigned char* y = dst + (size_t)row * inner * elem;
    if (gather_stride[rank - 1] == 1) {
      /* Innermost dimension is kept in place: the row is one contiguous run. */
      memcpy(y, x, (size_t)inner * elem);
    } else {
      /* Strided gather: fixed-size copies for the common element sizes become plain
       * loads and stores (a variable-size memcpy per element is a library call). */
      const size_t step = (size_t)gather_stride[rank - 1] * elem;
      switch (elem) {
        case 4:
          for (i = 0; i < inner; ++i) memcpy(y + (size_t)i * 4, x + (size_t)i * step, 4);
          break;
        case 2:
          for (i = 0; i < inner; ++i) memcpy(y + (size_t)i * 2, x + (size_t)i * step, 2);
          break;
        case 8:
          for (i = 0; i < inner; ++i) memcpy(y + (size_t)i * 8, x + (size_t)i * step, 8);
          break;
        case 1:
          for (i = 0; i < inner; ++i) y[i] = x[(size_t)i * step];
          break;
        default:
          for (i = 0; i < inner; ++i) memcpy(y + (size_t)i * elem, x + (size_t)i * step, elem);
          break;
      }
    }
  }
}

/* Concat along one axis: viewed as [outer, inner_sizes[j]] per input, output rows are
 * the inputs' rows laid end to end. inner_sizes are element counts (product of the
 * axis extent and all dims after it). */
typedef struct {
  int32_t outer;
  int32_t num_inputs;
  int32_t elem_size;
  const int32_t* inner_sizes;
} edgec_concat_params;

static inline void edgec_concat(const edgec_concat_params* p, const void* const* inputs, void* out) {
  unsigned char* dst = (unsigned char*)out;
  int32_t o, j;
  for (o = 0; o < p->outer; ++o) {
    for (j = 0; j < p->num_inputs; ++j) {
      const size_t row_bytes = (size_t)p->inner_sizes[j] * (size_t)p->elem_size;
      /* NULL: the input's producer already wrote it into its place in the output. */
      if (inputs[j]) memcpy(dst, (const unsigned char*)inputs[j] + (size_t)o * row_bytes, row_bytes);
      dst += row_bytes;
    }
  }
}

/* ONNX Expand: out (out_shape) takes in at the broadcast position; in_stride is in elements,
 * 0 on a broadcast dim. Rows whose innermost dim is not broadcast are copied whole. */
typedef struct {
  int32_t rank; /* 1..8 */
  int32_t out_shape[8];
  int32_t in_stride[8];
  int32_t elem_size;
} edgec_broadcast_params;

static inline void edgec_broadcast(const edgec_broadcast_params* p, const void* in, void* out) {
  const int32_t rank = p->rank, count = edgec_volume(rank, p->out_shape);
  const int32_t inner = rank > 0 ? p->out_shape[rank - 1] : 1;
  const size_t es = (size_t)p->elem_size;
  const unsigned char* src = (const unsigned char*)in;
  unsigned char* dst = (unsigned char*)out;
  int32_t row, i;
  if (count == 0) return;
  for (row = 0; row < count / inner; ++row) {
    const unsigned char* from = src + es * (size_t)edgec_strided_offset(row, rank - 1, p->out_shape, p->in_stride);
    unsigned char* to = dst + es * (size_t)row * (size_t)inner;
    if (rank > 0 && p->in_stride[rank - 1] == 1) {
      memcpy(to, from, es * (size_t)inner);
    } else {
      for (i = 0; i < inner; ++i) memcpy(to + es * (size_t)i, from, es);
    }
  }
}

#endif /* EDGEC_KERNELS_DATA_MOVEMENT_H */
