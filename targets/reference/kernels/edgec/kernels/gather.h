/* Reference dtype-agnostic Gather kernel (ONNX Gather along one axis). */
#ifndef EDGEC_KERNELS_GATHER_H
#define EDGEC_KERNELS_GATHER_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "edgec/runtime.h"

/* data viewed as [outer, axis_dim, inner], indices as a flat list of num_indices int32
 * (index_size 4) or int64 (index_size 8) values, output as [outer, num_indices, inner]:
 * out[o, j, :] = data[o, idx[j], :]. inner is an element count. */
typedef struct {
  int32_t outer;
  int32_t axis_dim;
  int32_t inner;
  int32_t num_indices;
  int32_t elem_size;
  int32_t index_size; /* 4 or 8 */
} edgec_gather_params;

/* Negative indices count from the end. An index still out of range yields a zero slice
 * and EDGEC_ERR_ARG (the other slices are still gathered); otherwise EDGEC_OK. */
static inline int32_t edgec_gather(const edgec_gather_params* p, const void* data, const void* indices, void* out) {
  const size_t slice = (size_t)p->inner * (size_t)p->elem_size;
  const unsigned char* src = (const unsigned char*)data;
  const unsigned char* ids = (const unsigned char*)indices;
  unsigned char* dst = (unsigned char*)out;
  int32_t status = EDGEC_OK;
  int32_t o, j;
  for (j = 0; j < p->num_indices; ++j) {
    int64_t k;
    if (p->index_size == 8) {
      memcpy(&k, ids + (size_t)j * 8, 8);
    } else {
      int32_t k32;
      memcpy(&k32, ids + (size_t)j * 4, 4);
      k = k32;
    }
    if (k < 0) k += p->axis_dim;
    for (o = 0; o < p->outer; ++o) {
      unsigned char* y = dst + ((size_t)o * p->num_indices + j) * slice;
      if (k < 0 || k >= p->axis_dim) {
        if (slice > 0) memset(y, 0, slice);
      } else if (slice > 0) {
        memcpy(y, src + ((size_t)o * p->axis_dim + (size_t)k) * slice, slice);
      }
    }
    if (k < 0 || k >= p->axis_dim) status = EDGEC_ERR_ARG;
  }
  return status;
}

#endif /* EDGEC_KERNELS_GATHER_H */
