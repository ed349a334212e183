/* Rank-generic sliding-window geometry (1-D..3-D) shared by the conv and pool kernels. */
#ifndef EDGEC_KERNELS_SPATIAL_H
#define EDGEC_KERNELS_SPATIAL_H

#include <stdint.h>

#include "edgec/kernels/strided.h"

#define EDGEC_MAX_SPATIAL_RANK 3

/* Window geometry normalised to exactly three spatial dims: dims beyond the real rank
 * get extent 1, kernel 1, stride 1, dilation 1 and no padding, so a single 3-D walk
 * serves 1-D, 2-D and 3-D operators without per-rank code. */
typedef struct {
  int32_t in[EDGEC_MAX_SPATIAL_RANK];
  int32_t out[EDGEC_MAX_SPATIAL_RANK];
  int32_t kernel[EDGEC_MAX_SPATIAL_RANK];
  int32_t stride[EDGEC_MAX_SPATIAL_RANK];
  int32_t dilation[EDGEC_MAX_SPATIAL_RANK];
  int32_t pad_begin[EDGEC_MAX_SPATIAL_RANK];
  int32_t in_volume, out_volume, kernel_volume;
} edgec_window;

static inline void edgec_window_init(edgec_window* w, int32_t rank, const int32_t* in, const int32_t* out,
                                     const int32_t* kernel, const int32_t* stride, const int32_t* dilation,
                                     const int32_t* pad_begin) {
  int32_t d;
  for (d = 0; d < EDGEC_MAX_SPATIAL_RANK; ++d) {
    int32_t used = d < rank;
    w->in[d] = used ? in[d] : 1;
    w->out[d] = used ? out[d] : 1;
    w->kernel[d] = used ? kernel[d] : 1;
    w->stride[d] = used ? stride[d] : 1;
    w->dilation[d] = used ? dilation[d] : 1;
    w->pad_begin[d] = used ? pad_begin[d] : 0;
  }
  w->in_volume = edgec_volume(EDGEC_MAX_SPATIAL_RANK, w->in);
  w->out_volume = edgec_volume(EDGEC_MAX_SPATIAL_RANK, w->out);
  w->kernel_volume = edgec_volume(EDGEC_MAX_SPATIAL_RANK, w->kernel);
}

/* Input coordinates read by kernel tap `tap` (linear over the kernel) of the output
 * pixel at `out_coord`. Coordinates may fall in the padding (negative or >= in). */
static inline void edgec_window_tap_coord(const edgec_window* w, const int32_t* out_coord, int32_t tap,
                                          int32_t* in_coord) {
  int32_t k[EDGEC_MAX_SPATIAL_RANK];
  int32_t d;
  edgec_unravel(tap, EDGEC_MAX_SPATIAL_RANK, w->kernel, k);
  for (d = 0; d < EDGEC_MAX_SPATIAL_RANK; ++d)
    in_coord[d] = out_coord[d] * w->stride[d] - w->pad_begin[d] + k[d] * w->dilation[d];
}

/* True when every coordinate lies in [lo[d], hi[d]). */
static inline int edgec_coord_in_range(const int32_t* coord, const int32_t* lo, const int32_t* hi) {
  int32_t d;
  for (d = 0; d < EDGEC_MAX_SPATIAL_RANK; ++d)
    if (coord[d] < lo[d] || coord[d] >= hi[d]) return 0;
  return 1;
}

/* Linear spatial offset (in pixels) of an input coordinate, or -1 when it lies in the
 * padding. Padding never contributes data, so callers simply skip negative offsets. */
static inline int32_t edgec_window_input_pixel(const edgec_window* w, const int32_t* in_coord) {
  const int32_t zero[EDGEC_MAX_SPATIAL_RANK] = {0, 0, 0};
  if (!edgec_coord_in_range(in_coord, zero, w->in)) return -1;
  return (in_coord[0] * w->in[1] + in_coord[1]) * w->in[2] + in_coord[2];
}

/* Input pixel offset read by tap `tap` of output pixel `out_pixel` (linear over the output
 * spatial volume), or -1 for a padding tap. This is the one call conv kernels need. */
static inline int32_t edgec_window_tap_pixel(const edgec_window* w, int32_t out_pixel, int32_t tap) {
  int32_t o[EDGEC_MAX_SPATIAL_RANK];
  int32_t c[EDGEC_MAX_SPATIAL_RANK];
  edgec_unravel(out_pixel, EDGEC_MAX_SPATIAL_RANK, w->out, o);
  edgec_window_tap_coord(w, o, tap, c);
  return edgec_window_input_pixel(w, c);
}

#endif /* EDGEC_KERNELS_SPATIAL_H */
