/* Reference float32 Resize kernel (ONNX Resize-13/18/19: nearest, N-linear, cubic). */
#ifndef EDGEC_KERNELS_RESIZE_H
#define EDGEC_KERNELS_RESIZE_H

#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "edgec/kernels/strided.h"

typedef enum { EDGEC_RESIZE_NEAREST = 0, EDGEC_RESIZE_LINEAR = 1, EDGEC_RESIZE_CUBIC = 2 } edgec_resize_mode;

typedef enum {
  EDGEC_COORD_HALF_PIXEL = 0,
  EDGEC_COORD_ASYMMETRIC = 1,
  EDGEC_COORD_ALIGN_CORNERS = 2,
  EDGEC_COORD_PYTORCH_HALF_PIXEL = 3,
  EDGEC_COORD_TF_CROP_AND_RESIZE = 4,
  EDGEC_COORD_HALF_PIXEL_SYMMETRIC = 5
} edgec_resize_coord_mode;

typedef enum {
  EDGEC_NEAREST_ROUND_PREFER_FLOOR = 0,
  EDGEC_NEAREST_ROUND_PREFER_CEIL = 1,
  EDGEC_NEAREST_FLOOR = 2,
  EDGEC_NEAREST_CEIL = 3
} edgec_resize_nearest_mode;

/* Dense row-major resize over every dim (axes/keep_aspect_ratio_policy already resolved:
 * unresized dims have scale 1, roi 0..1). `scale` is output/input per dim as ONNX defines
 * it (the given scales, or sizes/input). Semantics follow onnx/reference/ops/op_resize.py.
 * use_size_ratio (optional, 0 = off): set when `scale[d]` is exactly out_shape/in_shape
 * (Resize given `sizes` with the stretch policy); the kernel then uses that ratio in
 * double precision, as the ONNX reference does, instead of its float32 rounding, which
 * only matters for nearest-mode ties. Float math is float32 except the per-dim source
 * coordinate and tap weights, which are computed in double like the reference. */
typedef struct {
  int32_t rank; /* 1..8 */
  int32_t in_shape[8];
  int32_t out_shape[8];
  float scale[8];
  float roi_start[8], roi_end[8]; /* only for tf_crop_and_resize, normalised coordinates */
  int32_t mode;
  int32_t coord_mode;
  int32_t nearest_mode;
  float cubic_coeff_a;
  int32_t exclude_outside;
  float extrapolation_value;
  int32_t use_size_ratio; /* optional, see above */
} edgec_resize_params;

/* Source coordinate of output index x along one dim, computed like the reference: in
 * double, except for the few intermediate products numpy evaluates in float32 (a float32
 * scale times the integer input width; roi arithmetic), which matter for nearest ties.
 * Returns 0 and leaves *x_ori unset when tf_crop_and_resize lands outside the input. */
static inline int edgec_resize_source_coord(const edgec_resize_params* p, int32_t d, int32_t x, double* x_ori) {
  const int32_t in_i = p->in_shape[d];
  const double in_w = (double)in_i;
  const int exact = p->use_size_ratio && in_i > 0;
  const double scale = exact ? (double)p->out_shape[d] / in_w : (double)p->scale[d];
  /* The real-valued output width (not out_shape): scale * input width. */
  const double out_w = exact ? scale * in_w : (double)(float)(p->scale[d] * (float)in_i);
  double v;
  switch (p->coord_mode) {
    case EDGEC_COORD_ASYMMETRIC: v = x / scale; break;
    case EDGEC_COORD_ALIGN_CORNERS: v = out_w == 1.0 ? 0.0 : x * (in_w - 1.0) / (out_w - 1.0); break;
    case EDGEC_COORD_PYTORCH_HALF_PIXEL: v = out_w == 1.0 ? -0.5 : (x + 0.5) / scale - 0.5; break;
    case EDGEC_COORD_TF_CROP_AND_RESIZE: {
      const float span = p->roi_end[d] - p->roi_start[d];
      const float origin = p->roi_start[d] * (float)(in_i - 1);
      if (out_w == 1.0) v = (double)(float)(span * (float)(in_i - 1) / 2.0f + origin);
      else v = x * (double)span * (in_w - 1.0) / (out_w - 1.0) + (double)origin;
      if (v < 0.0 || v > in_w - 1.0) return 0;
      break;
    }
    case EDGEC_COORD_HALF_PIXEL_SYMMETRIC: {
      const double adjustment = (double)p->out_shape[d] / out_w;
      const double offset = in_w / 2.0 * (1.0 - adjustment);
      v = offset + (x + 0.5) / scale - 0.5;
      break;
    }
    case EDGEC_COORD_HALF_PIXEL:
    default: v = (x + 0.5) / scale - 0.5; break;
  }
  *x_ori = v;
  return 1;
}

/* Taps (input indices, clamped like the reference's edge padding) and weights for one dim.
 * Returns the tap count, or 0 for an extrapolated (tf_crop_and_resize) coordinate. */
static inline int32_t edgec_resize_taps(const edgec_resize_params* p, int32_t d, int32_t x, int32_t* idx,
                                        float* weight) {
  double x_ori, ratio, c[4];
  int32_t base, n, t;
  const int32_t in = p->in_shape[d];
  if (!edgec_resize_source_coord(p, d, x, &x_ori)) return 0;
  /* ratio in (0, 1]: an integral coordinate is the right-hand neighbour of its pair. */
  base = (int32_t)floor(x_ori);
  ratio = x_ori - (double)base;
  if (ratio == 0.0) {
    base -= 1;
    ratio = 1.0;
  }
  if (p->mode == EDGEC_RESIZE_NEAREST) {
    int pick_right;
    if (ratio == 1.0) pick_right = 1;
    else if (p->nearest_mode == EDGEC_NEAREST_ROUND_PREFER_CEIL) pick_right = ratio >= 0.5;
    else if (p->nearest_mode == EDGEC_NEAREST_FLOOR) pick_right = 0;
    else if (p->nearest_mode == EDGEC_NEAREST_CEIL) pick_right = 1;
    else pick_right = ratio > 0.5;
    t = base + (pick_right ? 1 : 0);
    idx[0] = t < 0 ? 0 : (t >= in ? in - 1 : t);
    weight[0] = 1.0f;
    return 1;
  }
  if (p->mode == EDGEC_RESIZE_CUBIC) {
    const double A = (double)p->cubic_coeff_a;
    const double r1 = ratio + 1.0, q = 1.0 - ratio, q1 = q + 1.0;
    c[0] = ((A * r1 - 5.0 * A) * r1 + 8.0 * A) * r1 - 4.0 * A;
    c[1] = ((A + 2.0) * ratio - (A + 3.0)) * ratio * ratio + 1.0;
    c[2] = ((A + 2.0) * q - (A + 3.0)) * q * q + 1.0;
    c[3] = ((A * q1 - 5.0 * A) * q1 + 8.0 * A) * q1 - 4.0 * A;
    n = 4;
    base -= 1; /* taps base-1 .. base+2 */
  } else {
    c[0] = 1.0 - ratio;
    c[1] = ratio;
    n = 2;
  }
  if (p->exclude_outside) {
    double sum = 0.0;
    for (t = 0; t < n; ++t) {
      if (base + t < 0 || base + t >= in) c[t] = 0.0;
      sum += c[t];
    }
    if (sum != 0.0)
      for (t = 0; t < n; ++t) c[t] /= sum;
  }
  for (t = 0; t < n; ++t) {
    const int32_t i = base + t;
    idx[t] = i < 0 ? 0 : (i >= in ? in - 1 : i);
    weight[t] = (float)c[t];
  }
  return n;
}

/* What both resize kernels plan first: the input's strides, the resized ("active") dims and
 * the run of `inner` trailing elements that map identically. Dims that are not resized
 * (scale 1, same size) map output index x to input x exactly in every coordinate mode except
 * tf_crop_and_resize, so only the others are interpolated; trailing dims after the last
 * active one then form runs that share one set of taps. Returns the last active dim (-1 when
 * none), or -2 when there is nothing to do (rank outside 1..8, an empty tensor). */
static inline int32_t edgec_resize__plan(const edgec_resize_params* p, int32_t* in_stride, int32_t* active,
                                         int32_t* num_active, int32_t* inner) {
  const int32_t rank = p->rank;
  int32_t d, last;
  if (rank < 1 || rank > 8) return -2;
  for (d = 0; d < rank; ++d)
    if (p->in_shape[d] <= 0) return -2;
  in_stride[rank - 1] = 1;
  for (d = rank - 2; d >= 0; --d) in_stride[d] = in_stride[d + 1] * p->in_shape[d + 1];
  *num_active = 0;
  for (d = 0; d < rank; ++d)
    if (p->coord_mode == EDGEC_COORD_TF_CROP_AND_RESIZE || p->scale[d] != 1.0f || p->out_shape[d] != p->in_shape[d])
      active[(*num_active)++] = d;
  last = *num_active > 0 ? active[*num_active - 1] : -1;
  *inner = 1;
  for (d = last + 1; d < rank; ++d) *inner *= p->out_shape[d];
  return *inner > 0 ? last : -2;
}

static inline void edgec_resize_f32(const edgec_resize_params* p, const float* in, float* out) {
  int32_t in_stride[8], coord[8], ntaps[8], tap[8], active[8];
  int32_t idx[8][4];
  float weight[8][4];
  int32_t d, a, num_active, e, inner, last, rows, x0;
  /* The last active dim's taps are computed once per block of 32 coordinates and reused by
   * every row; the other active dims' taps once per row and block. Each element still sums
   * the same products in the same order as it would on its own. */
  last = edgec_resize__plan(p, in_stride, active, &num_active, &inner);
  if (last == -2) return;
  if (last < 0) {
    for (e = 0; e < inner; ++e) out[e] = 0.0f + 1.0f * in[e];
    return;
  }
  rows = edgec_volume(last, p->out_shape);
  for (x0 = 0; x0 < p->out_shape[last]; x0 += 32) {
    const int32_t xb = p->out_shape[last] - x0 < 32 ? p->out_shape[last] - x0 : 32;
    int32_t ntl[32], idxl[32][4], r, x, l, j0;
    float wl[32][4];
    for (x = 0; x < xb; ++x) ntl[x] = edgec_resize_taps(p, last, x0 + x, idxl[x], wl[x]);
    for (r = 0; r < rows; ++r) {
      int32_t base_offset = 0, extrapolate = 0;
      edgec_unravel(r, last, p->out_shape, coord);
      for (d = 0; d < last; ++d) ntaps[d] = 0;
      for (a = 0; a + 1 < num_active; ++a) {
        d = active[a];
        ntaps[d] = edgec_resize_taps(p, d, coord[d], idx[d], weight[d]);
        if (ntaps[d] == 0) extrapolate = 1;
      }
      for (d = 0; d < last; ++d)
        if (ntaps[d] == 0) base_offset += coord[d] * in_stride[d];
      if (p->mode == EDGEC_RESIZE_NEAREST) {
        /* One tap per dim: the general sum below reduces to 0 + w * x, with w the product
         * of the dims' weights in active-dim order (the last active dim's comes last). */
        int32_t row_offset = base_offset;
        float wrow = 1.0f;
        for (a = 0; a + 1 < num_active && !extrapolate; ++a) {
          d = active[a];
          row_offset += idx[d][0] * in_stride[d];
          wrow *= weight[d][0];
        }
        for (x = 0; x < xb; ++x) {
          float* y = out + ((size_t)r * p->out_shape[last] + x0 + x) * inner;
          if (extrapolate || ntl[x] == 0) {
            for (j0 = 0; j0 < inner; ++j0) y[j0] = p->extrapolation_value;
          } else {
            const float* xp = in + row_offset + idxl[x][0] * in_stride[last];
            const float w = wrow * wl[x][0];
            for (j0 = 0; j0 < inner; ++j0) y[j0] = 0.0f + w * xp[j0];
          }
        }
        continue;
      }
      for (x = 0; x < xb; ++x) {
        float* y = out + ((size_t)r * p->out_shape[last] + x0 + x) * inner;
        ntaps[last] = ntl[x];
        for (l = 0; l < ntl[x]; ++l) {
          idx[last][l] = idxl[x][l];
          weight[last][l] = wl[x][l];
        }
        if (extrapolate || ntl[x] == 0) {
          for (j0 = 0; j0 < inner; ++j0) y[j0] = p->extrapolation_value;
          continue;
        }
        /* Chunks of 16 elements accumulate in a local array (vectorised at -O2). */
        for (j0 = 0; j0 < inner; j0 += 16) {
          const int32_t m = inner - j0 < 16 ? inner - j0 : 16;
          float acc[16];
          for (l = 0; l < 16; ++l) acc[l] = 0.0f;
          /* Sum over every tap combination of the active dims (first dim slowest). */
          for (a = 0; a < num_active; ++a) tap[a] = 0;
          for (;;) {
            int32_t offset = base_offset + j0;
            float w = 1.0f;
            const float* xp;
            for (a = 0; a < num_active; ++a) {
              d = active[a];
              offset += idx[d][tap[a]] * in_stride[d];
              w *= weight[d][tap[a]];
            }
            xp = in + offset;
            if (m == 16) {
              for (l = 0; l < 16; ++l) acc[l] += w * xp[l];
            } else {
              for (l = 0; l < m; ++l) acc[l] += w * xp[l];
            }
            for (a = num_active - 1; a >= 0; --a) {
              if (++tap[a] < ntaps[active[a]]) break;
              tap[a] = 0;
            }
            if (a < 0) break;
          }
          for (l = 0; l < m; ++l) y[j0 + l] = acc[l];
        }
      }
    }
  }
}

/* Copies n elements of elem_size bytes (a single element of a common size with a
 * constant-size memcpy, which compilers turn into one load and store). */
static inline void edgec_resize__copy_bytes(unsigned char* dst, const unsigned char* src, size_t n, size_t elem_size) {
  if (n == 1) {
    switch (elem_size) {
      case 1: *dst = *src; return;
      case 2: memcpy(dst, src, 2); return;
      case 4: memcpy(dst, src, 4); return;
      case 8: memcpy(dst, src, 8); return;
      default: break;
    }
  }
  memcpy(dst, src, n * elem_size);
}

/* Writes n copies of the elem_size bytes at value (zero bytes when value is NULL). */
static inline void edgec_resize__fill_bytes(unsigned char* dst, const unsigned char* value, size_t n,
                                            size_t elem_size) {
  size_t j;
  if (!value) {
    memset(dst, 0, n * elem_size);
    return;
  }
  for (j = 0; j < n; ++j) edgec_resize__copy_bytes(dst + j * elem_size, value, 1, elem_size);
}

/* Nearest-mode Resize for any element type, moving raw bytes: every output element is
 * the input element edgec_resize_f32 would pick for the same params (the same
 * edgec_resize_taps index logic: every coordinate mode and nearest mode, rank 1..8), copied
 * as elem_size bytes (1, 2, 4 or 8; any positive size works). Where edgec_resize_f32 would
 * write p->extrapolation_value (tf_crop_and_resize outside the input), the elem_size bytes
 * at `extrapolation` are written instead; `extrapolation` may be NULL when no coordinate
 * can extrapolate (it then writes zero bytes). p->extrapolation_value is ignored.
 * Only for p->mode == EDGEC_RESIZE_NEAREST: for any other mode (and for elem_size <= 0,
 * a rank outside 1..8 or an empty input) it returns without writing anything.
 * Runs of the trailing unresized dims (output index = input index) are copied with one
 * memcpy per output position of the last resized dim. `in` and `out` must not overlap. */
static inline void edgec_resize_nearest_bytes(const edgec_resize_params* p, int32_t elem_size,
                                              const void* extrapolation, const void* in, void* out) {
  const unsigned char* src = (const unsigned char*)in;
  const unsigned char* ext = (const unsigned char*)extrapolation;
  unsigned char* dst = (unsigned char*)out;
  const size_t es = (size_t)(elem_size > 0 ? elem_size : 0);
  int32_t in_stride[8], coord[8], ntaps[8], active[8], idx[8];
  float weight[8];
  int32_t d, a, num_active, inner, last, rows, x0;
  size_t run;
  if (p->mode != EDGEC_RESIZE_NEAREST || elem_size <= 0) return;
  last = edgec_resize__plan(p, in_stride, active, &num_active, &inner);
  if (last == -2) return;
  if (last < 0) {
    edgec_resize__copy_bytes(dst, src, (size_t)inner, es);
    return;
  }
  run = (size_t)inner * es;
  rows = edgec_volume(last, p->out_shape);
  for (x0 = 0; x0 < p->out_shape[last]; x0 += 32) {
    const int32_t xb = p->out_shape[last] - x0 < 32 ? p->out_shape[last] - x0 : 32;
    int32_t ntl[32], idxl[32], r, x;
    float wl[32];
    for (x = 0; x < xb; ++x) ntl[x] = edgec_resize_taps(p, last, x0 + x, &idxl[x], &wl[x]);
    for (r = 0; r < rows; ++r) {
      int32_t row_offset = 0, extrapolate = 0;
      edgec_unravel(r, last, p->out_shape, coord);
      for (d = 0; d < last; ++d) ntaps[d] = 0;
      for (a = 0; a + 1 < num_active; ++a) {
        d = active[a];
        ntaps[d] = edgec_resize_taps(p, d, coord[d], &idx[d], &weight[d]);
        if (ntaps[d] == 0) extrapolate = 1;
      }
      for (d = 0; d < last; ++d) row_offset += (ntaps[d] == 0 ? coord[d] : idx[d]) * in_stride[d];
      for (x = 0; x < xb; ++x) {
        unsigned char* y = dst + ((size_t)r * p->out_shape[last] + x0 + x) * run;
        if (extrapolate || ntl[x] == 0)
          edgec_resize__fill_bytes(y, ext, (size_t)inner, es);
        else
          edgec_resize__copy_bytes(y, src + (size_t)(row_offset + idxl[x] * in_stride[last]) * es, (size_t)inner,
                                   es);
      }
    }
  }
}

#endif /* EDGEC_KERNELS_RESIZE_H */
