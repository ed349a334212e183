/* Row-major index helpers shared by the reference kernels (unravel, strided offsets). */
#ifndef EDGEC_KERNELS_STRIDED_H
#define EDGEC_KERNELS_STRIDED_H

#include <stdint.h>

/* Splits a row-major linear `index` into per-dimension coordinates of `shape`.
 * Kernels use this to walk an N-d iteration space with a single flat loop, which keeps
 * one code path for every rank instead of one nested-loop copy per rank. */
static inline void edgec_unravel(int32_t index, int32_t rank, const int32_t* shape, int32_t* coord) {
  int32_t d;
  for (d = rank - 1; d >= 0; --d) {
    int32_t extent = shape[d] > 0 ? shape[d] : 1;
    coord[d] = index % extent;
    index /= extent;
  }
}

/* Element offset of row-major linear `index` (over `shape`) in a tensor addressed through
 * `stride`. A stride of 0 expresses broadcasting without materialising the operand. */
static inline int32_t edgec_strided_offset(int32_t index, int32_t rank, const int32_t* shape, const int32_t* stride) {
  int32_t offset = 0;
  int32_t d;
  for (d = rank - 1; d >= 0; --d) {
    int32_t extent = shape[d] > 0 ? shape[d] : 1;
    offset += (index % extent) * stride[d];
    index /= extent;
  }
  return offset;
}

/* Product of the first `rank` entries of `shape` (1 for rank 0, i.e. a scalar). */
static inline int32_t edgec_volume(int32_t rank, const int32_t* shape) {
  int32_t v = 1;
  int32_t d;
  for (d = 0; d < rank; ++d) v *= shape[d];
  return v;
}

/* True when `stride` is the dense row-major stride of `shape`, so the tensor can be
 * walked with a flat pointer. Size-1 dimensions never move, so their stride is ignored. */
static inline int edgec_is_contiguous(int32_t rank, const int32_t* shape, const int32_t* stride) {
  int32_t expected = 1;
  int32_t d;
  for (d = rank - 1; d >= 0; --d) {
    if (shape[d] != 1 && stride[d] != expected) return 0;
    expected *= shape[d];
  }
  return 1;
}

/* True when every non-trivial dimension has stride 0: the tensor is a single value. */
static inline int edgec_is_scalar(int32_t rank, const int32_t* shape, const int32_t* stride) {
  int32_t d;
  for (d = 0; d < rank; ++d)
    if (shape[d] != 1 && stride[d] != 0) return 0;
  return 1;
}

#endif /* EDGEC_KERNELS_STRIDED_H */
