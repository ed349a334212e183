/* Patch-based execution: moving a patch's region between a whole channels-last tensor and a
 * dense patch buffer (the gather before a patch stage's first kernel, the scatter after its
 * last). */
#ifndef EDGEC_KERNELS_PATCH_H
#define EDGEC_KERNELS_PATCH_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* A box of [n, rows, cols, channels] elements at `origin` in a tensor of `dims` (N, H, W, C);
 * the other side is the box itself, dense. Channels are whole, so each row of the box is one
 * contiguous run of cols * channels elements. */
typedef struct {
  int32_t dims[4];
  int32_t origin[4];
  int32_t box[4];
  int32_t elem_size;
} edgec_box_params;

static inline size_t edgec_box__row(const edgec_box_params* p, int32_t n, int32_t r) {
  return ((((size_t)n * (size_t)p->dims[1] + (size_t)(p->origin[1] + r)) * (size_t)p->dims[2] +
           (size_t)p->origin[2]) * (size_t)p->dims[3]) * (size_t)p->elem_size;
}

/* patch = tensor[box] */
static inline void edgec_box_gather(const edgec_box_params* p, const void* tensor, void* patch) {
  const size_t run = (size_t)p->box[2] * (size_t)p->box[3] * (size_t)p->elem_size;
  unsigned char* dst = (unsigned char*)patch;
  int32_t n, r;
  for (n = 0; n < p->box[0]; ++n)
    for (r = 0; r < p->box[1]; ++r, dst += run) memcpy(dst, (const unsigned char*)tensor + edgec_box__row(p, n, r), run);
}

/* tensor[box] = patch */
static inline void edgec_box_scatter(const edgec_box_params* p, const void* patch, void* tensor) {
  const size_t run = (size_t)p->box[2] * (size_t)p->box[3] * (size_t)p->elem_size;
  const unsigned char* src = (const unsigned char*)patch;
  int32_t n, r;
  for (n = 0; n < p->box[0]; ++n)
    for (r = 0; r < p->box[1]; ++r, src += run) memcpy((unsigned char*)tensor + edgec_box__row(p, n, r), src, run);
}

#endif /* EDGEC_KERNELS_PATCH_H */
