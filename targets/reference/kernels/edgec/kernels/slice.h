/* Reference dtype-agnostic Slice kernel (ONNX Slice with resolved starts/steps). */
#ifndef EDGEC_KERNELS_SLICE_H
#define EDGEC_KERNELS_SLICE_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "edgec/kernels/strided.h"

/* out[idx] = in[start + idx * step] per dim. start is already clamped by the compiler and
 * out_shape is the final element count per dim (possibly 0); steps may be negative. */
typedef struct {
  int32_t rank; /* 0..8 */
  int32_t in_shape[8];
  int32_t out_shape[8];
  int32_t start[8];
  int32_t step[8];
  int32_t elem_size;
} edgec_slice_params;

static inline void edgec_slice(const edgec_slice_params* p, const void* in, void* out) {
  const int32_t rank = p->rank;
  const size_t elem = (size_t)p->elem_size;
  const unsigned char* src = (const unsigned char*)in;
  unsigned char* dst = (unsigned char*)out;
  int32_t in_stride[8], gather_stride[8];
  int32_t d, split, row, rows, run, i, base = 0;
  if (rank < 0 || rank > 8) return;
  if (rank == 0) {
    memcpy(dst, src, elem);
    return;
  }
  if (edgec_volume(rank, p->out_shape) <= 0) return;
  in_stride[rank - 1] = 1;
  for (d = rank - 2; d >= 0; --d) in_stride[d] = in_stride[d + 1] * p->in_shape[d + 1];
  for (d = 0; d < rank; ++d) {
    base += p->start[d] * in_stride[d];
    gather_stride[d] = p->step[d] * in_stride[d];
  }
  /* Longest contiguous run: trailing dims taken whole with step 1, plus the dim before them
   * when its step is 1. Everything before `split` is walked row by row. */
  split = rank;
  run = 1;
  while (split > 0) {
    const int32_t dd = split - 1;
    if (p->step[dd] != 1 && p->out_shape[dd] != 1) break;
    run *= p->out_shape[dd];
    --split;
    if (p->out_shape[dd] != p->in_shape[dd]) break; /* partial dim ends the run */
  }
  if (split == rank) {
    /* Innermost step is not 1: gather element by element along the last dim. */
    const int32_t inner = p->out_shape[rank - 1];
    rows = edgec_volume(rank - 1, p->out_shape);
    for (row = 0; row < rows; ++row) {
      const unsigned char* x = src + (size_t)(base + edgec_strided_offset(row, rank - 1, p->out_shape, gather_stride)) * elem;
      unsigned char* y = dst + (size_t)row * inner * elem;
      for (i = 0; i < inner; ++i)
        memcpy(y + (size_t)i * elem, x + (ptrdiff_t)i * gather_stride[rank - 1] * (ptrdiff_t)elem, elem);
    }
    return;
  }
  rows = edgec_volume(split, p->out_shape);
  for (row = 0; row < rows; ++row) {
    const int32_t offset = base + edgec_strided_offset(row, split, p->out_shape, gather_stride);
    memcpy(dst + (size_t)row * run * elem, src + (size_t)offset * elem, (size_t)run * elem);
  }
}

#endif /* EDGEC_KERNELS_SLICE_H */
