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

/* Moves the window's `spatial_rank` real dims last and pads the front with unit dims (extent 1
 * changes no linear index), so an innermost loop over the last dim runs along a real one. */
static inline void edgec_window_real_dims_last(edgec_window* w, int32_t spatial_rank) {
  int32_t d;
  for (d = EDGEC_MAX_SPATIAL_RANK - 1; d >= 0; --d) {
    const int32_t s = d - (EDGEC_MAX_SPATIAL_RANK - spatial_rank);
    const int used = s >= 0;
    w->in[d] = used ? w->in[s] : 1;
    w->out[d] = used ? w->out[s] : 1;
    w->kernel[d] = used ? w->kernel[s] : 1;
    w->stride[d] = used ? w->stride[s] : 1;
    w->dilation[d] = used ? w->dilation[s] : 1;
    w->pad_begin[d] = used ? w->pad_begin[s] : 0;
  }
}

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

/* The window with the real dims right-aligned (leading dims of extent 1), so that a run of
 * output pixels goes along the innermost real dim (edgec_window_init pads at the end). */
static inline void edgec_window_init_right(edgec_window* w, int32_t rank, const int32_t* in, const int32_t* out,
                                           const int32_t* kernel, const int32_t* stride, const int32_t* dilation,
                                           const int32_t* pad_begin) {
  int32_t a[6][EDGEC_MAX_SPATIAL_RANK];
  const int32_t* src[6];
  int32_t d, i;
  src[0] = in, src[1] = out, src[2] = kernel, src[3] = stride, src[4] = dilation, src[5] = pad_begin;
  for (i = 0; i < 6; ++i)
    for (d = 0; d < EDGEC_MAX_SPATIAL_RANK; ++d) {
      const int32_t s = d - (EDGEC_MAX_SPATIAL_RANK - rank);
      a[i][d] = s >= 0 ? src[i][s] : i == 5 ? 0 : 1;
    }
  edgec_window_init(w, EDGEC_MAX_SPATIAL_RANK, a[0], a[1], a[2], a[3], a[4], a[5]);
}

/* edgec_window_init_right on a compacted window that reads the same inputs in the same order:
 * - spatial dims of size 1 in input, output and kernel (no padding) are dropped: a 1-D conv
 *   exported as 2-D with a trailing width of 1 (Conv2D 5x1 on 512x1) runs along its length;
 * - an innermost dim the kernel does not span (kernel 1, stride 1, no padding) is merged into
 *   the dim before it when that one has stride 1: a 3x1 kernel on a 74x32 image is then one
 *   run of 72 * 32 output pixels, taps `32 * dilation` apart, instead of 72 runs of 32. Its
 *   padding scales alike, and the valid taps of each merged position are the original ones.
 * The kernels take a run's pixels several at a time, so longer runs mean fuller tiles. */
static inline void edgec_window_init_right_compact(edgec_window* w, int32_t rank, const int32_t* in,
                                                   const int32_t* out, const int32_t* kernel, const int32_t* stride,
                                                   const int32_t* dilation, const int32_t* pad_begin) {
  int32_t a[6][EDGEC_MAX_SPATIAL_RANK];
  int32_t d, kept = 0;
  for (d = 0; d < rank; ++d) {
    if (in[d] == 1 && out[d] == 1 && kernel[d] == 1 && pad_begin[d] == 0 && !(kept == 0 && d == rank - 1)) continue;
    a[0][kept] = in[d], a[1][kept] = out[d], a[2][kept] = kernel[d];
    a[3][kept] = stride[d], a[4][kept] = dilation[d], a[5][kept] = pad_begin[d];
    ++kept;
  }
  while (kept >= 2) {
    const int32_t i = kept - 1, o = kept - 2, width = a[0][i];
    if (a[2][i] != 1 || a[3][i] != 1 || a[5][i] != 0 || a[1][i] != width || a[3][o] != 1) break;
    a[0][o] *= width, a[1][o] *= width, a[4][o] *= width, a[5][o] *= width;
    --kept;
  }
  edgec_window_init_right(w, kept, a[0], a[1], a[2], a[3], a[4], a[5]);
}

/* Kernel positions [lo, hi) along dim d that land inside the input for a window at `base`. */
static inline void edgec_window_valid_range(const edgec_window* w, int32_t d, int32_t base, int32_t* lo, int32_t* hi) {
  const int32_t dil = w->dilation[d] > 0 ? w->dilation[d] : 1;
  *lo = base < 0 ? (-base + dil - 1) / dil : 0;
  *hi = w->in[d] - 1 - base < 0 ? 0 : (w->in[d] - 1 - base) / dil + 1;
  if (*hi > w->kernel[d]) *hi = w->kernel[d];
  if (*lo > *hi) *lo = *hi;
}

/* Output pixels [first, last) along the innermost dim whose whole window row lies inside. */
static inline void edgec_window_interior(const edgec_window* w, int32_t* first, int32_t* last) {
  const int32_t span = (w->kernel[2] - 1) * w->dilation[2];
  const int32_t room = w->in[2] - 1 - span + w->pad_begin[2];
  *first = (w->pad_begin[2] + w->stride[2] - 1) / w->stride[2];
  *last = room < 0 ? 0 : room / w->stride[2] + 1;
  if (*last > w->out[2]) *last = w->out[2];
  if (*first > *last) *first = *last;
}

/* The taps of one output pixel that read the input, in kernel order: in[] is the input
 * pixel's offset in floats (pixel_floats per pixel), tap[] the tap's index. */
#define EDGEC_WINDOW_MAX_TAPS 128
typedef struct {
  int32_t in[EDGEC_WINDOW_MAX_TAPS];
  int32_t tap[EDGEC_WINDOW_MAX_TAPS];
  int32_t count;
} edgec_window_taps;

/* Fills `t` for output pixel (o0, o1, o2) with its taps of index in [tap_begin, tap_begin +
 * EDGEC_WINDOW_MAX_TAPS) (a window longer than that is taken chunk by chunk); with
 * `whole_row`, every position of the innermost dim is taken (the caller knows the pixel is
 * interior, and so are the next ones along it, which read the same taps shifted by their
 * stride). */
static inline void edgec_window_taps_chunk_of(const edgec_window* w, int32_t o0, int32_t o1, int32_t o2, int whole_row,
                                              int32_t pixel_floats, int32_t tap_begin, edgec_window_taps* t) {
  const int32_t b0 = o0 * w->stride[0] - w->pad_begin[0], b1 = o1 * w->stride[1] - w->pad_begin[1];
  const int32_t b2 = o2 * w->stride[2] - w->pad_begin[2];
  const int32_t tap_end = tap_begin + EDGEC_WINDOW_MAX_TAPS;
  int32_t lo0, hi0, lo1, hi1, lo2, hi2, k0, k1, k2;
  edgec_window_valid_range(w, 0, b0, &lo0, &hi0);
  edgec_window_valid_range(w, 1, b1, &lo1, &hi1);
  edgec_window_valid_range(w, 2, b2, &lo2, &hi2);
  if (whole_row) lo2 = 0, hi2 = w->kernel[2];
  t->count = 0;
  for (k0 = lo0; k0 < hi0; ++k0)
    for (k1 = lo1; k1 < hi1; ++k1)
      for (k2 = lo2; k2 < hi2; ++k2) {
        const int32_t tap = (k0 * w->kernel[1] + k1) * w->kernel[2] + k2;
        if (tap < tap_begin || tap >= tap_end) continue;
        t->in[t->count] =
            (((b0 + k0 * w->dilation[0]) * w->in[1] + b1 + k1 * w->dilation[1]) * w->in[2] + b2 + k2 * w->dilation[2]) *
            pixel_floats;
        t->tap[t->count] = tap;
        ++t->count;
      }
}

/* The whole window of a kernel of at most EDGEC_WINDOW_MAX_TAPS taps. */
static inline void edgec_window_taps_of(const edgec_window* w, int32_t o0, int32_t o1, int32_t o2, int whole_row,
                                        int32_t pixel_floats, edgec_window_taps* t) {
  edgec_window_taps_chunk_of(w, o0, o1, o2, whole_row, pixel_floats, 0, t);
}

#endif /* EDGEC_KERNELS_SPATIAL_H */
