/* Reference dtype-agnostic Pad kernel (ONNX Pad-18/19: constant, reflect, edge, wrap). */
#ifndef EDGEC_KERNELS_PAD_H
#define EDGEC_KERNELS_PAD_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "edgec/kernels/strided.h"

typedef enum {
  EDGEC_PAD_CONSTANT = 0,
  EDGEC_PAD_REFLECT = 1,
  EDGEC_PAD_EDGE = 2,
  EDGEC_PAD_WRAP = 3
} edgec_pad_mode;

/* out_shape[d] = in_shape[d] + pad_begin[d] + pad_end[d]; pads may be negative (cropping).
 * Negative pads crop first and the remaining pads are then applied to the cropped tensor
 * (so reflect/edge/wrap read the cropped borders), as onnxruntime does.
 * Constant mode writes `value`: as float32 when elem_size == 4, else as zero bytes
 * (edgec_pad_int writes an integer instead, e.g. a quantized tensor's zero point). */
typedef struct {
  int32_t rank; /* 0..8 */
  int32_t in_shape[8];
  int32_t out_shape[8];
  int32_t pad_begin[8];
  int32_t mode;
  float value;
  int32_t elem_size;
} edgec_pad_params;

/* Maps output coordinate `o` of one dim to an input coordinate, or -1 for a constant pad.
 * `lo`/`len` describe the cropped input window [lo, lo + len). */
static inline int32_t edgec_pad_source(int32_t mode, int32_t o, int32_t pad_begin, int32_t lo, int32_t len) {
  int32_t j = o - (pad_begin > 0 ? pad_begin : 0); /* coordinate relative to the window */
  if (j >= 0 && j < len) return lo + j;
  if (mode == EDGEC_PAD_CONSTANT || len <= 0) return -1;
  switch (mode) {
    case EDGEC_PAD_EDGE:
      j = j < 0 ? 0 : len - 1;
      break;
    case EDGEC_PAD_WRAP:
      j %= len;
      if (j < 0) j += len;
      break;
    case EDGEC_PAD_REFLECT:
    default: {
      /* Reflection without repeating the border, periodic (numpy) for pads >= len. */
      const int32_t period = 2 * (len - 1);
      if (period == 0) {
        j = 0;
      } else {
        j %= period;
        if (j < 0) j += period;
        if (j >= len) j = period - j;
      }
      break;
    }
  }
  return lo + j;
}

static inline void edgec_pad_fill(const edgec_pad_params* p, unsigned char* dst, int32_t count) {
  const size_t elem = (size_t)p->elem_size;
  int32_t i;
  if (p->elem_size == 4 && p->value != 0.0f) {
    for (i = 0; i < count; ++i) memcpy(dst + (size_t)i * elem, &p->value, 4);
  } else if (count > 0) {
    memset(dst, 0, (size_t)count * elem);
  }
}

/* Constant fill through `fill` (one element's bytes) when not NULL, else edgec_pad_fill. */
static inline void edgec_pad__fill(const edgec_pad_params* p, const unsigned char* fill, unsigned char* dst,
                                   int32_t count) {
  const size_t elem = (size_t)p->elem_size;
  int32_t i;
  if (!fill) {
    edgec_pad_fill(p, dst, count);
    return;
  }
  for (i = 0; i < count; ++i) memcpy(dst + (size_t)i * elem, fill, elem);
}

static inline void edgec_pad__run(const edgec_pad_params* p, const unsigned char* fill, const void* in, void* out) {
  const int32_t rank = p->rank;
  const size_t elem = (size_t)p->elem_size;
  const unsigned char* src = (const unsigned char*)in;
  unsigned char* dst = (unsigned char*)out;
  int32_t lo[8], len[8], in_stride[8], coord[8];
  int32_t d, row, rows, inner, i;
  if (rank < 0 || rank > 8) return;
  if (rank == 0) {
    memcpy(dst, src, elem);
    return;
  }
  for (d = 0; d < rank; ++d) {
    const int32_t pad_end = p->out_shape[d] - p->in_shape[d] - p->pad_begin[d];
    lo[d] = p->pad_begin[d] < 0 ? -p->pad_begin[d] : 0;
    len[d] = p->in_shape[d] - lo[d] - (pad_end < 0 ? -pad_end : 0);
    if (len[d] < 0) len[d] = 0;
  }
  in_stride[rank - 1] = 1;
  for (d = rank - 2; d >= 0; --d) in_stride[d] = in_stride[d + 1] * p->in_shape[d + 1];
  inner = p->out_shape[rank - 1];
  if (inner <= 0) return;
  rows = edgec_volume(rank - 1, p->out_shape);
  for (row = 0; row < rows; ++row) {
    unsigned char* y = dst + (size_t)row * inner * elem;
    int32_t offset = 0, constant = 0;
    const int32_t dl = rank - 1;
    edgec_unravel(row, rank - 1, p->out_shape, coord);
    for (d = 0; d < rank - 1; ++d) {
      const int32_t s = edgec_pad_source(p->mode, coord[d], p->pad_begin[d], lo[d], len[d]);
      if (s < 0) {
        constant = 1;
        break;
      }
      offset += s * in_stride[d];
    }
    if (constant) {
      edgec_pad__fill(p, fill, y, inner);
      continue;
    }
    {
      /* Innermost dim: [0, a) and [a + len, inner) are padding, the middle one memcpy. */
      const unsigned char* x = src + (size_t)offset * elem;
      int32_t a = p->pad_begin[dl] > 0 ? p->pad_begin[dl] : 0;
      int32_t b;
      if (a > inner) a = inner;
      b = a + len[dl];
      if (b > inner) b = inner;
      for (i = 0; i < a; ++i) {
        const int32_t s = edgec_pad_source(p->mode, i, p->pad_begin[dl], lo[dl], len[dl]);
        if (s < 0) edgec_pad__fill(p, fill, y + (size_t)i * elem, 1);
        else memcpy(y + (size_t)i * elem, x + (size_t)s * elem, elem);
      }
      if (b > a) memcpy(y + (size_t)a * elem, x + (size_t)lo[dl] * elem, (size_t)(b - a) * elem);
      for (i = b > a ? b : a; i < inner; ++i) {
        const int32_t s = edgec_pad_source(p->mode, i, p->pad_begin[dl], lo[dl], len[dl]);
        if (s < 0) edgec_pad__fill(p, fill, y + (size_t)i * elem, 1);
        else memcpy(y + (size_t)i * elem, x + (size_t)s * elem, elem);
      }
    }
  }
}

static inline void edgec_pad(const edgec_pad_params* p, const void* in, void* out) {
  edgec_pad__run(p, NULL, in, out);
}

/* Integer tensors (elem_size 1, 2, 4 or 8): as edgec_pad, but constant mode writes `value`
 * converted to the element's integer type (two's complement, truncated to elem_size bytes;
 * p->value is ignored). A quantized tensor pads with its zero point this way, so padding
 * means 0.0. */
static inline void edgec_pad_int(const edgec_pad_params* p, int64_t value, const void* in, void* out) {
  unsigned char fill[8];
  const uint8_t v8 = (uint8_t)(uint64_t)value;
  const uint16_t v16 = (uint16_t)(uint64_t)value;
  const uint32_t v32 = (uint32_t)(uint64_t)value;
  const uint64_t v64 = (uint64_t)value;
  switch (p->elem_size) {
    case 1: memcpy(fill, &v8, 1); break;
    case 2: memcpy(fill, &v16, 2); break;
    case 4: memcpy(fill, &v32, 4); break;
    case 8: memcpy(fill, &v64, 8); break;
    default: memset(fill, 0, sizeof fill); break;
  }
  if (p->elem_size > 8) {
    edgec_pad__run(p, NULL, in, out);
    return;
  }
  edgec_pad__run(p, fill, in, out);
}

#endif /* EDGEC_KERNELS_PAD_H */
