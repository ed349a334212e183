/* Cortex-M55 Helium (MVE) int8 convolution, bit-identical to edgec_conv_s8 (quantized_conv.h)
 * for every input that kernel accepts. Without MVE it is the reference kernel itself. */
#ifndef EDGEC_KERNELS_CONV_S8_MVE_H
#define EDGEC_KERNELS_CONV_S8_MVE_H

#include <stddef.h>
#include <stdint.h>

#include "edgec/kernels/conv.h"
#include "edgec/kernels/quantized_conv.h"
#include "edgec/kernels/requant.h"

#if defined(__ARM_FEATURE_MVE) && (__ARM_FEATURE_MVE & 1)
#include <arm_mve.h>

/* Every sum below is taken modulo 2^32 (MVE's wrapping adds), as are the reference's int32
 * sums wherever they do not overflow, so reordering them and folding the input offset out
 * of the products, sum((x + off) * w) = sum(x * w) + off * sum(w), gives the same bits. */

/* Scratch on the stack, fixed (under 4 KB per call): the im2col column (longer ones in
 * pieces), per-block constants, the depthwise filter table and tap lists. */
#define EDGEC_MVE_COL 2048 /* bytes of the im2col buffer (a multiple of 16) */
#define EDGEC_MVE_OCB 64   /* output channels per block (folded biases, requantization lanes) */
#define EDGEC_MVE_DW_TAPS 49 /* depthwise kernels up to this size get the table paths */

/* Hot helpers whose int flags must fold to constants where they are called. */
#if defined(__GNUC__)
#define EDGEC_MVE_INLINE static inline __attribute__((always_inline))
/* The hot loops as separate functions: inlined into the big drivers they lose registers
 * to the drivers' live values and spill. */
#define EDGEC_MVE_NOINLINE static __attribute__((noinline, unused))
/* Keeps the next loads below it: without it GCC hoists the loads of a 4-pixel tap ahead of
 * the multiplies and spills the vector registers. */
#define EDGEC_MVE_ORDER() __asm__ volatile("" ::: "memory")
#else
#define EDGEC_MVE_INLINE static inline
#define EDGEC_MVE_NOINLINE static
#define EDGEC_MVE_ORDER() ((void)0)
#endif

/* a * b + c modulo 2^32 without signed overflow. */
static inline int32_t edgec_mve__mad(int32_t a, int32_t b, int32_t c) {
  return edgec__wrap_i32((uint32_t)a * (uint32_t)b + (uint32_t)c);
}

/* Requantization constants of up to 4 lanes (per-tensor ones prepared once). */
typedef struct {
  int32_t per_channel;
  int32_t inverted; /* act_min > act_max: the reference's act_max test wins */
  const int32_t* multiplier;
  const int32_t* shift;
  int32x4_t mult, left, nright; /* per-tensor: multiplier, max(shift, 0), min(shift, 0) */
  int32x4_t lo, hi, off;        /* clamp bounds minus the output offset, the output offset */
} edgec_mve__rq;

static inline void edgec_mve__rq_init(edgec_mve__rq* r, const edgec_requant_params* q) {
  const int32_t s = q->shift[0];
  r->per_channel = q->per_channel;
  r->inverted = q->act_min > q->act_max;
  r->multiplier = q->multiplier;
  r->shift = q->shift;
  r->mult = vdupq_n_s32(q->multiplier[0]);
  r->left = vdupq_n_s32(s > 0 ? s : 0);
  r->nright = vdupq_n_s32(s > 0 ? 0 : s);
  /* Same int32 expressions as edgec_requant__offset_clamp. */
  r->lo = vdupq_n_s32(q->act_min - q->output_offset);
  r->hi = vdupq_n_s32(q->act_max - q->output_offset);
  r->off = vdupq_n_s32(q->output_offset);
}

/* edgec_requant_output for channels c..c+3 (lanes off p unused). TFLM's rounding maps onto
 * MVE exactly: the left shift wraps (VSHL), SaturatingRoundingDoublingHighMul is
 * floor((2ab + 2^31) / 2^32) saturated, i.e. VQRDMULH, for either sign (gemmlowp's
 * sign-dependent nudge with truncating division equals that floor); RoundingDivideByPOT
 * (ties away from zero) is VRSHL's ties-up rounding of x - 1 for negative x (CMSIS-NN's
 * fixup; saturating, and INT32_MIN is divisible anyway). The clamp runs before the offset
 * is added, as in the reference (v >= act_max - off gives act_max, else v <= act_min - off
 * gives act_min: a VMAX then VMIN clamp unless the range is inverted). */
static inline int32x4_t edgec_mve__rq4(const edgec_mve__rq* r, int32_t c, int32x4_t x, mve_pred16_t p) {
  int32x4_t mult = r->mult, left = r->left, nright = r->nright;
  if (r->per_channel) {
    const int32x4_t s = vldrwq_z_s32(r->shift + c, p);
    mult = vldrwq_z_s32(r->multiplier + c, p);
    left = vmaxq_s32(s, vdupq_n_s32(0));
    nright = vminq_s32(s, vdupq_n_s32(0));
  }
  x = vshlq_s32(x, left);
  x = vqrdmulhq_s32(x, mult);
  x = vqaddq_s32(x, vshrq_n_s32(vandq_s32(x, nright), 31));
  x = vrshlq_s32(x, nright);
  if (r->inverted)
    x = vpselq_s32(r->hi, vmaxq_s32(x, r->lo), vcmpgeq_s32(x, r->hi));
  else
    x = vminq_s32(vmaxq_s32(x, r->lo), r->hi);
  return vaddq_s32(x, r->off);
}

/* y[j] = requantized acc[j], j < n, channels c0 + j. */
static inline void edgec_mve__rq_store(const edgec_mve__rq* r, int32_t c0, const int32_t* acc, int32_t n, int8_t* y) {
  int32_t j;
  for (j = 0; j + 4 <= n; j += 4) vstrbq_s32(y + j, edgec_mve__rq4(r, c0 + j, vldrwq_s32(acc + j), 0xFFFF));
  if (j < n) {
    const mve_pred16_t p = vctp32q((uint32_t)(n - j));
    vstrbq_p_s32(y + j, edgec_mve__rq4(r, c0 + j, vldrwq_z_s32(acc + j, p), p), p);
  }
}

/* Sum of n int8 values. */
static inline int32_t edgec_mve__sum(const int8_t* x, int32_t n) {
  int32_t s = 0;
  for (; n >= 16; n -= 16, x += 16) s = vaddvaq_s8(s, vldrbq_s8(x));
  if (n > 0) s = vaddvaq_p_s8(s, vldrbq_z_s8(x, vctp8q((uint32_t)n)), vctp8q((uint32_t)n));
  return s;
}

/* acc[j] += sum_{i<n} x[i] * w_j[i], j < 4 (CMSIS-NN's 4 rows x 1 column). */
static inline void edgec_mve__dot4(const int8_t* x, const int8_t* w0, const int8_t* w1, const int8_t* w2,
                                   const int8_t* w3, int32_t n, int32_t* acc) {
  int32_t a0 = acc[0], a1 = acc[1], a2 = acc[2], a3 = acc[3];
  for (; n >= 16; n -= 16) {
    const int8x16_t xv = vldrbq_s8(x);
    a0 = vmladavaq_s8(a0, xv, vldrbq_s8(w0));
    a1 = vmladavaq_s8(a1, xv, vldrbq_s8(w1));
    a2 = vmladavaq_s8(a2, xv, vldrbq_s8(w2));
    a3 = vmladavaq_s8(a3, xv, vldrbq_s8(w3));
    x += 16, w0 += 16, w1 += 16, w2 += 16, w3 += 16;
  }
  if (n > 0) { /* predicated loads: nothing past the arrays is read */
    const mve_pred16_t p = vctp8q((uint32_t)n);
    const int8x16_t xv = vldrbq_z_s8(x, p);
    a0 = vmladavaq_s8(a0, xv, vldrbq_z_s8(w0, p));
    a1 = vmladavaq_s8(a1, xv, vldrbq_z_s8(w1, p));
    a2 = vmladavaq_s8(a2, xv, vldrbq_z_s8(w2, p));
    a3 = vmladavaq_s8(a3, xv, vldrbq_z_s8(w3, p));
  }
  acc[0] = a0, acc[1] = a1, acc[2] = a2, acc[3] = a3;
}

static inline void edgec_mve__copy(int8_t* d, const int8_t* s, int32_t n) {
  for (; n > 0; n -= 16, d += 16, s += 16) {
    const mve_pred16_t p = vctp8q((uint32_t)n);
    vstrbq_p_s8(d, vldrbq_z_s8(s, p), p);
  }
}

static inline void edgec_mve__fill(int8_t* d, int8_t v, int32_t n) {
  const int8x16_t vv = vdupq_n_s8(v);
  for (; n > 0; n -= 16, d += 16) vstrbq_p_s8(d, vv, vctp8q((uint32_t)n));
}

/* A piece [k0, k1) of one pixel's im2col column (index tap * cg + channel). */
typedef struct {
  int8_t* col;  /* col[i - k0] */
  int8_t* mask; /* NULL, or mask[i - k0] = 1 at padding positions, 0 at data */
  int32_t k0, k1;
  int8_t pad; /* padding value: the input zero point where it fits int8, else 0 */
} edgec_mve__piece;

/* Column positions [pos, pos + n) hold src[0..n) (src NULL: padding); clipped to the piece. */
static inline void edgec_mve__put(const edgec_mve__piece* c, int32_t pos, const int8_t* src, int32_t n) {
  const int32_t lo = pos > c->k0 ? pos : c->k0;
  const int32_t hi = pos + n < c->k1 ? pos + n : c->k1;
  if (lo >= hi) return;
  if (src)
    edgec_mve__copy(c->col + (lo - c->k0), src + (lo - pos), hi - lo);
  else
    edgec_mve__fill(c->col + (lo - c->k0), c->pad, hi - lo);
  if (c->mask) edgec_mve__fill(c->mask + (lo - c->k0), src ? 0 : 1, hi - lo);
}

/* Builds the piece for the window at base (input coordinates, possibly in the padding) of
 * group slice x (x + pixel * cin is that pixel's group channels). Runs of valid taps that
 * are contiguous in the input (groups 1, unit dilation along the last dim) copy at once. */
static inline void edgec_mve__im2col(const edgec_window* w, const int32_t* base, const int8_t* x, int32_t cin,
                                     int32_t cg, const edgec_mve__piece* c) {
  const int32_t rowlen = w->kernel[2] * cg;
  const int contiguous = cg == cin && w->dilation[2] == 1;
  int32_t lo2, hi2, k0, k1, k2;
  edgec_qconv__range(base[2], w->in[2], w->dilation[2], w->kernel[2], &lo2, &hi2);
  for (k0 = 0; k0 < w->kernel[0]; ++k0)
    for (k1 = 0; k1 < w->kernel[1]; ++k1) {
      const int32_t i0 = base[0] + k0 * w->dilation[0], i1 = base[1] + k1 * w->dilation[1];
      const int32_t pos = (k0 * w->kernel[1] + k1) * rowlen;
      const int8_t* row;
      if (pos >= c->k1 || pos + rowlen <= c->k0) continue;
      if (i0 < 0 || i0 >= w->in[0] || i1 < 0 || i1 >= w->in[1]) {
        edgec_mve__put(c, pos, NULL, rowlen);
        continue;
      }
      row = x + (size_t)((i0 * w->in[1] + i1) * w->in[2]) * cin;
      if (lo2 > 0) edgec_mve__put(c, pos, NULL, lo2 * cg);
      if (contiguous) {
        edgec_mve__put(c, pos + lo2 * cg, row + (size_t)(base[2] + lo2) * cin, (hi2 - lo2) * cg);
      } else {
        for (k2 = lo2; k2 < hi2; ++k2)
          edgec_mve__put(c, pos + k2 * cg, row + (size_t)(base[2] + k2 * w->dilation[2]) * cin, cg);
      }
      if (hi2 < w->kernel[2]) edgec_mve__put(c, pos + hi2 * cg, NULL, (w->kernel[2] - hi2) * cg);
    }
}

/* Per-block constants of up to EDGEC_MVE_OCB output channels: bias + off * sum(w) and the
 * requantization lanes (per-tensor values repeated), so the output loop only loads them. */
typedef struct {
  int32_t fold[EDGEC_MVE_OCB], mult[EDGEC_MVE_OCB], left[EDGEC_MVE_OCB], nright[EDGEC_MVE_OCB];
} edgec_mve__blk;

/* Channels c0 .. c0 + n - 1, whose filters (len int8 each) start at f, stride len. */
static inline void edgec_mve__blk_init(edgec_mve__blk* b, const edgec_requant_params* q, const int8_t* f,
                                       int32_t len, const int32_t* bias, int32_t off, int32_t c0, int32_t n) {
  int32_t j;
  for (j = 0; j < n; ++j) {
    const int32_t i = q->per_channel ? c0 + j : 0;
    const int32_t s = q->shift[i];
    b->fold[j] = edgec_mve__mad(off, edgec_mve__sum(f + (size_t)j * len, len), bias ? bias[c0 + j] : 0);
    b->mult[j] = q->multiplier[i];
    b->left[j] = s > 0 ? s : 0;
    b->nright[j] = s > 0 ? 0 : s;
  }
  for (; j & 3; ++j) b->fold[j] = b->mult[j] = b->left[j] = b->nright[j] = 0; /* lanes past n of the last vector */
}

/* edgec_mve__rq4 with the lanes' constants given. */
EDGEC_MVE_INLINE int32x4_t edgec_mve__rq4v(const edgec_mve__rq* r, int32x4_t x, int32x4_t mult, int32x4_t left,
                                        int32x4_t nright, int inverted) {
  x = vshlq_s32(x, left);
  x = vqrdmulhq_s32(x, mult);
  x = vqaddq_s32(x, vshrq_n_s32(vandq_s32(x, nright), 31));
  x = vrshlq_s32(x, nright);
  if (inverted)
    x = vpselq_s32(r->hi, vmaxq_s32(x, r->lo), vcmpgeq_s32(x, r->hi));
  else
    x = vminq_s32(vmaxq_s32(x, r->lo), r->hi);
  return vaddq_s32(x, r->off);
}

/* Requantizes the 4 sums a (block channels j..j+3) and stores the first n (<= 4) at y. */
static inline void edgec_mve__out4(const edgec_mve__rq* r, const edgec_mve__blk* b, int32_t j, const int32_t* a,
                                   int32_t n, int8_t* y) {
  const int32x4_t v = edgec_mve__rq4v(r, vaddq_s32(vldrwq_s32(a), vldrwq_s32(b->fold + j)), vldrwq_s32(b->mult + j),
                                      vldrwq_s32(b->left + j), vldrwq_s32(b->nright + j), r->inverted);
  if (n >= 4)
    vstrbq_s32(y, v);
  else
    vstrbq_p_s32(y, v, vctp32q((uint32_t)n));
}

/* The whole column of a window of a groups-1 conv with unit dilation along the last dim
 * whose last-dim span lies inside the input: each kernel row is one contiguous run of
 * kernel[2] * cin bytes (or padding), copied whole vectors at a time. Returns 0 (nothing
 * written) for windows crossing the last dim's edges: edgec_mve__im2col handles those. */
static inline int edgec_mve__im2col_rows(const edgec_window* w, const int32_t* base, const int8_t* x, int32_t cin,
                                         int8_t pad, int8_t* col) {
  const int32_t rowlen = w->kernel[2] * cin;
  const int8x16_t pv = vdupq_n_s8(pad);
  int32_t k0, k1, i;
  if (base[2] < 0 || base[2] + w->kernel[2] > w->in[2]) return 0;
  for (k0 = 0; k0 < w->kernel[0]; ++k0)
    for (k1 = 0; k1 < w->kernel[1]; ++k1, col += rowlen) {
      const int32_t i0 = base[0] + k0 * w->dilation[0], i1 = base[1] + k1 * w->dilation[1];
      if (i0 < 0 || i0 >= w->in[0] || i1 < 0 || i1 >= w->in[1]) {
        for (i = 0; i < rowlen; i += 16) vstrbq_p_s8(col + i, pv, vctp8q((uint32_t)(rowlen - i)));
      } else {
        const int8_t* row = x + (size_t)((i0 * w->in[1] + i1) * w->in[2] + base[2]) * cin;
        for (i = 0; i + 16 <= rowlen; i += 16) vstrbq_s8(col + i, vldrbq_s8(row + i));
        if (i < rowlen) {
          const mve_pred16_t pr = vctp8q((uint32_t)(rowlen - i));
          vstrbq_p_s8(col + i, vldrbq_z_s8(row + i, pr), pr);
        }
      }
    }
  return 1;
}

/* The 4 sums col . r_k over L = 16 * nfull + rest bytes (rest > 0: predicate pt), CMSIS-NN's
 * 4 rows x 1 column with VMLADAVA; predicated tail loads read nothing past the arrays. */
EDGEC_MVE_INLINE int32x4_t edgec_mve__sum4(const int8_t* x, const int8_t* r0, const int8_t* r1, const int8_t* r2,
                                        const int8_t* r3, int32_t nfull, int32_t rest, mve_pred16_t pt) {
  int32_t a0 = 0, a1 = 0, a2 = 0, a3 = 0, i;
  for (i = 0; i < nfull; ++i) {
    const int8x16_t xv = vldrbq_s8(x);
    a0 = vmladavaq_s8(a0, xv, vldrbq_s8(r0));
    a1 = vmladavaq_s8(a1, xv, vldrbq_s8(r1));
    a2 = vmladavaq_s8(a2, xv, vldrbq_s8(r2));
    a3 = vmladavaq_s8(a3, xv, vldrbq_s8(r3));
    x += 16, r0 += 16, r1 += 16, r2 += 16, r3 += 16;
  }
  if (rest) {
    const int8x16_t xv = vldrbq_z_s8(x, pt);
    a0 = vmladavaq_s8(a0, xv, vldrbq_z_s8(r0, pt));
    a1 = vmladavaq_s8(a1, xv, vldrbq_z_s8(r1, pt));
    a2 = vmladavaq_s8(a2, xv, vldrbq_z_s8(r2, pt));
    a3 = vmladavaq_s8(a3, xv, vldrbq_z_s8(r3, pt));
  }
  return vsetq_lane_s32(a3, vsetq_lane_s32(a2, vsetq_lane_s32(a1, vdupq_n_s32(a0), 1), 2), 3);
}

/* The same for a column of at most 32 bytes held in x0, x1 (zero past L): 2 vectors per row.
 * full: rows may be read 32 bytes wide (x is zero where that passes L); else pt covers the
 * rest of the row past byte 16 (L <= 16: the first vector only, pt0). */
EDGEC_MVE_INLINE int32x4_t edgec_mve__sum4_short(int8x16_t x0, int8x16_t x1, const int8_t* r0, const int8_t* r1,
                                              const int8_t* r2, const int8_t* r3, mve_pred16_t pt0,
                                              mve_pred16_t pt, int two, int full) {
  int32_t a0, a1, a2, a3;
  if (two) {
    a0 = vmladavq_s8(x0, vldrbq_s8(r0));
    a1 = vmladavq_s8(x0, vldrbq_s8(r1));
    a2 = vmladavq_s8(x0, vldrbq_s8(r2));
    a3 = vmladavq_s8(x0, vldrbq_s8(r3));
    a0 = vmladavaq_s8(a0, x1, full ? vldrbq_s8(r0 + 16) : vldrbq_z_s8(r0 + 16, pt));
    a1 = vmladavaq_s8(a1, x1, full ? vldrbq_s8(r1 + 16) : vldrbq_z_s8(r1 + 16, pt));
    a2 = vmladavaq_s8(a2, x1, full ? vldrbq_s8(r2 + 16) : vldrbq_z_s8(r2 + 16, pt));
    a3 = vmladavaq_s8(a3, x1, full ? vldrbq_s8(r3 + 16) : vldrbq_z_s8(r3 + 16, pt));
  } else {
    a0 = vmladavq_s8(x0, full ? vldrbq_s8(r0) : vldrbq_z_s8(r0, pt0));
    a1 = vmladavq_s8(x0, full ? vldrbq_s8(r1) : vldrbq_z_s8(r1, pt0));
    a2 = vmladavq_s8(x0, full ? vldrbq_s8(r2) : vldrbq_z_s8(r2, pt0));
    a3 = vmladavq_s8(x0, full ? vldrbq_s8(r3) : vldrbq_z_s8(r3, pt0));
  }
  return vsetq_lane_s32(a3, vsetq_lane_s32(a2, vsetq_lane_s32(a1, vdupq_n_s32(a0), 1), 2), 3);
}

/* Sums v of block channels j..j+3 to outputs: requantized, the first n (<= 4) stored at y. */
EDGEC_MVE_INLINE void edgec_mve__store4(const edgec_mve__blk* b, const edgec_mve__rq* r, int inverted, int32_t j,
                                     int32x4_t v, int32_t n, int8_t* y) {
  v = edgec_mve__rq4v(r, vaddq_s32(v, vldrwq_s32(b->fold + j)), vldrwq_s32(b->mult + j), vldrwq_s32(b->left + j),
                      vldrwq_s32(b->nright + j), inverted);
  if (n >= 4)
    vstrbq_s32(y, v);
  else
    vstrbq_p_s32(y, v, vctp32q((uint32_t)n));
}

/* One pixel's outputs y[0..nb) of the block: column col (L int8) against filter rows
 * fb + j * L, 4 rows at a time (a short last block repeats its last row), sums kept in
 * registers into the requantization. A column of up to 32 bytes stays in two registers
 * (zero past L), and the rows are then read whole vectors wide wherever that stays below
 * fend, the end of the filter tensor (the bytes past a row meet x = 0). */
EDGEC_MVE_INLINE void edgec_mve__pixel(const int8_t* col, const int8_t* fb, const int8_t* fend, int32_t L,
                                    int32_t nb, const edgec_mve__blk* b, const edgec_mve__rq* r, int inverted,
                                    int8_t* y) {
  const int32_t nfull = L >> 4, rest = L & 15;
  const int8_t* r0 = fb;
  int32_t j;
  if (L == 16) { /* rows are whole vectors */
    const int8x16_t x0 = vldrbq_s8(col);
    const int8x16_t x1 = vdupq_n_s8(0);
    const mve_pred16_t p16 = vctp8q(16);
    for (j = 0; j + 4 <= nb; j += 4, r0 += 64)
      edgec_mve__store4(b, r, inverted, j, edgec_mve__sum4_short(x0, x1, r0, r0 + 16, r0 + 32, r0 + 48, p16, p16, 0, 1),
                        4, y + j);
    if (j < nb) {
      const int8_t* r1 = j + 1 < nb ? r0 + 16 : r0;
      const int8_t* r2 = j + 2 < nb ? r0 + 32 : r1;
      edgec_mve__store4(b, r, inverted, j, edgec_mve__sum4_short(x0, x1, r0, r1, r2, r2, p16, p16, 0, 1), nb - j,
                        y + j);
    }
    return;
  }
  if (L <= 32) {
    const int two = L > 16;
    const mve_pred16_t pt0 = vctp8q((uint32_t)(two ? 16 : L));
    const mve_pred16_t pt = vctp8q((uint32_t)(two ? L - 16 : 0));
    const int8x16_t x0 = two ? vldrbq_s8(col) : vldrbq_z_s8(col, pt0);
    const int8x16_t x1 = two ? vldrbq_z_s8(col + 16, pt) : vdupq_n_s8(0);
    const int32_t span = two ? 32 : 16;
    for (j = 0; j + 4 <= nb; j += 4, r0 += 4 * L) {
      int32x4_t v;
      if (r0 + 3 * L + span <= fend) {
        if (two)
          v = edgec_mve__sum4_short(x0, x1, r0, r0 + L, r0 + 2 * L, r0 + 3 * L, pt0, pt, 1, 1);
        else
          v = edgec_mve__sum4_short(x0, x1, r0, r0 + L, r0 + 2 * L, r0 + 3 * L, pt0, pt, 0, 1);
      } else {
        if (two)
          v = edgec_mve__sum4_short(x0, x1, r0, r0 + L, r0 + 2 * L, r0 + 3 * L, pt0, pt, 1, 0);
        else
          v = edgec_mve__sum4_short(x0, x1, r0, r0 + L, r0 + 2 * L, r0 + 3 * L, pt0, pt, 0, 0);
      }
      edgec_mve__store4(b, r, inverted, j, v, 4, y + j);
    }
    if (j < nb) {
      const int8_t* r1 = j + 1 < nb ? r0 + L : r0;
      const int8_t* r2 = j + 2 < nb ? r0 + 2 * L : r1;
      edgec_mve__store4(b, r, inverted, j, edgec_mve__sum4_short(x0, x1, r0, r1, r2, r2, pt0, pt, two, 0), nb - j,
                        y + j);
    }
    return;
  }
  {
    const mve_pred16_t pt = vctp8q((uint32_t)rest);
    for (j = 0; j + 4 <= nb; j += 4, r0 += 4 * L)
      edgec_mve__store4(b, r, inverted, j, edgec_mve__sum4(col, r0, r0 + L, r0 + 2 * L, r0 + 3 * L, nfull, rest, pt),
                        4, y + j);
    if (j < nb) {
      const int8_t* r1 = j + 1 < nb ? r0 + L : r0;
      const int8_t* r2 = j + 2 < nb ? r0 + 2 * L : r1;
      edgec_mve__store4(b, r, inverted, j, edgec_mve__sum4(col, r0, r1, r2, r2, nfull, rest, pt), nb - j, y + j);
    }
  }
}

/* General path: any rank, groups, stride, dilation, padding. Per output pixel the column
 * (im2col, padding holding the input zero point so that x + off = 0 there; or the input
 * pixel itself for a 1x1 kernel without padding) meets 4 filter rows at a time
 * (CMSIS-NN's 4 rows x 1 column with VMLADAVA). A column longer than the buffer is built
 * piece by piece again for every 4 rows, keeping their 4 sums in registers. */
static inline void edgec_conv_s8_mve__general(const edgec_conv_params* p, const edgec_window* w,
                                              const edgec_requant_params* q, const int8_t* input,
                                              const int8_t* filter, const int32_t* bias, int8_t* output) {
  const int32_t cin = p->in_channels, cout = p->out_channels;
  const int32_t cg = cin / p->groups, og = cout / p->groups;
  const int32_t off = q->input_offset, kvol = w->kernel_volume;
  const int32_t L = kvol * cg;
  const int8_t* fend = filter + (size_t)cout * L;
  /* The zero point as padding value only where it fits int8; otherwise padding holds 0 and
   * a mask column removes off * (weights at padding positions) again. */
  const int pad_fits = off >= -127 && off <= 128;
  int direct = kvol == 1;
  int need_mask, single, rows;
  int32_t chunk, d, g, ob0, n, o0, o1, o2, j, k0;
  int8_t buf[EDGEC_MVE_COL];
  edgec_mve__blk blk;
  edgec_mve__rq rq;
  edgec_mve__piece piece;
  for (d = 0; d < EDGEC_MAX_SPATIAL_RANK; ++d)
    if (w->pad_begin[d] != 0 || (w->out[d] - 1) * w->stride[d] >= w->in[d]) direct = 0;
  need_mask = !direct && !pad_fits;
  chunk = need_mask ? EDGEC_MVE_COL / 2 : EDGEC_MVE_COL;
  single = direct || L <= chunk;
  rows = cg == cin && w->dilation[2] == 1 && !need_mask; /* edgec_mve__im2col_rows applies */
  piece.col = buf;
  piece.mask = need_mask ? buf + EDGEC_MVE_COL / 2 : NULL;
  piece.pad = pad_fits ? (int8_t)-off : 0;
  piece.k0 = 0;
  piece.k1 = L;
  edgec_mve__rq_init(&rq, q);
  for (g = 0; g < p->groups; ++g)
    for (ob0 = g * og; ob0 < (g + 1) * og; ob0 += EDGEC_MVE_OCB) {
      const int32_t nb = (g + 1) * og - ob0 < EDGEC_MVE_OCB ? (g + 1) * og - ob0 : EDGEC_MVE_OCB;
      const int8_t* fb = filter + (size_t)ob0 * L;
      edgec_mve__blk_init(&blk, q, fb, L, bias, off, ob0, nb);
      for (n = 0; n < p->batch; ++n) {
        const int8_t* x_img = input + (size_t)n * w->in_volume * cin + (size_t)g * cg;
        int8_t* y = output + (size_t)n * w->out_volume * cout + ob0;
        for (o0 = 0; o0 < w->out[0]; ++o0)
          for (o1 = 0; o1 < w->out[1]; ++o1)
            for (o2 = 0; o2 < w->out[2]; ++o2, y += cout) {
              int32_t base[EDGEC_MAX_SPATIAL_RANK];
              const int8_t* col = buf;
              base[0] = o0 * w->stride[0] - w->pad_begin[0];
              base[1] = o1 * w->stride[1] - w->pad_begin[1];
              base[2] = o2 * w->stride[2] - w->pad_begin[2];
              if (direct)
                col = x_img + (size_t)((base[0] * w->in[1] + base[1]) * w->in[2] + base[2]) * cin;
              else if (single && !(rows && edgec_mve__im2col_rows(w, base, x_img, cin, piece.pad, buf)))
                edgec_mve__im2col(w, base, x_img, cin, cg, &piece);
              if (single && !need_mask) {
                if (rq.inverted)
                  edgec_mve__pixel(col, fb, fend, L, nb, &blk, &rq, 1, y);
                else
                  edgec_mve__pixel(col, fb, fend, L, nb, &blk, &rq, 0, y);
                continue;
              }
              for (j = 0; j < nb; j += 4) {
                const int8_t* r0 = fb + (size_t)j * L;
                const int8_t* r1 = j + 1 < nb ? r0 + L : r0;
                const int8_t* r2 = j + 2 < nb ? r0 + 2 * L : r1;
                const int8_t* r3 = j + 3 < nb ? r0 + 3 * L : r2;
                int32_t a[4] = {0, 0, 0, 0};
                for (k0 = 0; k0 < L; k0 += chunk) {
                  const int32_t len = single ? L : L - k0 < chunk ? L - k0 : chunk;
                  if (!single) {
                    edgec_mve__piece pc = piece;
                    pc.k0 = k0;
                    pc.k1 = k0 + len;
                    edgec_mve__im2col(w, base, x_img, cin, cg, &pc);
                  }
                  edgec_mve__dot4(col, r0 + k0, r1 + k0, r2 + k0, r3 + k0, len, a);
                  if (need_mask) {
                    int32_t m4[4] = {0, 0, 0, 0}, e;
                    edgec_mve__dot4(piece.mask, r0 + k0, r1 + k0, r2 + k0, r3 + k0, len, m4);
                    for (e = 0; e < 4; ++e) a[e] = edgec__wrap_i32((uint32_t)a[e] - (uint32_t)off * (uint32_t)m4[e]);
                  }
                  if (single) break;
                }
                edgec_mve__out4(&rq, &blk, j, a, nb - j, y + j);
              }
            }
      }
    }
}

/* Depthwise (one input channel per group and per output channel): 4 channels per vector of
 * int32 lanes, x and w widened on load, products added lane-wise (MVE has no lane-wise
 * integer vector multiply-accumulate). For kernels of up to EDGEC_MVE_DW_TAPS taps, the
 * channels of whole vectors read a copy of the block's filters laid out per 4 channels,
 * tap-major (tab[((c / 4) * kvol + tap) * 4 + c % 4]: a tap's vector is 4 bytes on) and take
 * the input offset from the folded bias: interior pixels 3 or 2 (3-wide stride-1 kernel
 * rows, sliding) or 4 at a time sharing every weight vector, border pixels one at a time with
 * the padding taps' share taken back out. The rest (up to 3 channels past the whole vectors,
 * larger kernels) go one pixel at a time (edgec_conv_s8_mve__dw_pixel), gathering the
 * filter's taps (stride kvol) and adding the offset per tap. */
#define EDGEC_MVE_DW_TAB 1024 /* bytes of the filter table */
static inline void edgec_conv_s8_mve__dw_pixel(const edgec_window* w, const edgec_mve__rq* rq, const int32_t* base,
                                               const int8_t* x_img, int32_t C, int32_t c0, int32_t cn,
                                               const int8_t* filter, const int32_t* bias, int32_t off, int8_t* y) {
  const int32_t kvol = w->kernel_volume;
  const uint32x4_t offs = vmulq_n_u32(vidupq_n_u32(0, 1), (uint32_t)kvol);
  int32_t lo[EDGEC_MAX_SPATIAL_RANK], hi[EDGEC_MAX_SPATIAL_RANK], d, c, k0, k1, k2;
  for (d = 0; d < EDGEC_MAX_SPATIAL_RANK; ++d)
    edgec_qconv__range(base[d], w->in[d], w->dilation[d], w->kernel[d], &lo[d], &hi[d]);
  for (c = c0; c < c0 + cn; c += 4) {
    const mve_pred16_t pr = vctp32q((uint32_t)(c0 + cn - c));
    const int8_t* fp = filter + (size_t)c * kvol;
    int32x4_t acc = bias ? vldrwq_z_s32(bias + c, pr) : vdupq_n_s32(0);
    for (k0 = lo[0]; k0 < hi[0]; ++k0)
      for (k1 = lo[1]; k1 < hi[1]; ++k1) {
        const int8_t* row =
            x_img + (size_t)(((base[0] + k0 * w->dilation[0]) * w->in[1] + base[1] + k1 * w->dilation[1]) * w->in[2]) *
                        C + c;
        const int32_t trow = (k0 * w->kernel[1] + k1) * w->kernel[2];
        for (k2 = lo[2]; k2 < hi[2]; ++k2) {
          const int32x4_t xv =
              vaddq_n_s32(vldrbq_z_s32(row + (size_t)(base[2] + k2 * w->dilation[2]) * C, pr), off);
          const int32x4_t wv = vldrbq_gather_offset_z_s32(fp + trow + k2, offs, pr);
          acc = vaddq_s32(acc, vmulq_s32(xv, wv));
        }
      }
    vstrbq_p_s32(y + c, edgec_mve__rq4(rq, c, acc, pr), pr);
  }
}

/* np (1..4, a constant) interior output pixels, ps bytes apart, of the block's whole
 * vectors: every tap's weight vector (from the table) serves all np pixels, the
 * input offset comes with the folded bias. xw: first window corner + block start. */
EDGEC_MVE_INLINE void edgec_mve__dw_run(const int8_t* xw, int32_t ps, const int32_t* toff, int32_t kvol,
                                        const int8_t* tab, int32_t cfull, const edgec_mve__blk* b,
                                        const edgec_mve__rq* rq, int inverted, int np, int8_t* y, int32_t C) {
  const edgec_mve__rq rl = *rq; /* in registers: the int8 stores may alias *rq */
  int32_t c, t;
  for (c = 0; c < cfull; c += 4) {
    const int8_t* xc = xw + c;
    const int8_t* wt = tab + (size_t)c * kvol;
    int32x4_t a0 = vldrwq_s32(b->fold + c), a1 = a0, a2 = a0, a3 = a0;
    int32x4_t m, l, r;
    int8_t* yc = y + c;
    for (t = 0; t < kvol; ++t, wt += 4) {
      const int32x4_t wv = vldrbq_s32(wt);
      const int8_t* xt = xc + toff[t];
      a0 = vaddq_s32(a0, vmulq_s32(vldrbq_s32(xt), wv));
      if (np > 1) {
        EDGEC_MVE_ORDER();
        a1 = vaddq_s32(a1, vmulq_s32(vldrbq_s32(xt + ps), wv));
      }
      if (np > 2) {
        EDGEC_MVE_ORDER();
        a2 = vaddq_s32(a2, vmulq_s32(vldrbq_s32(xt + 2 * ps), wv));
      }
      if (np > 3) {
        EDGEC_MVE_ORDER();
        a3 = vaddq_s32(a3, vmulq_s32(vldrbq_s32(xt + 3 * ps), wv));
      }
    }
    m = vldrwq_s32(b->mult + c);
    l = vldrwq_s32(b->left + c);
    r = vldrwq_s32(b->nright + c);
    vstrbq_s32(yc, edgec_mve__rq4v(&rl, a0, m, l, r, inverted));
    if (np > 1) vstrbq_s32(yc + C, edgec_mve__rq4v(&rl, a1, m, l, r, inverted));
    if (np > 2) vstrbq_s32(yc + 2 * C, edgec_mve__rq4v(&rl, a2, m, l, r, inverted));
    if (np > 3) vstrbq_s32(yc + 3 * C, edgec_mve__rq4v(&rl, a3, m, l, r, inverted));
  }
}

/* 2 interior output pixels side by side along the last dim of a 3-wide kernel with stride
 * and dilation 1 there: per kernel row the 3 weight vectors stay in registers and the 4
 * input vectors the 2 windows cover are each loaded once (instead of 6); 2 pixels keep the
 * 8 vector registers free of spills. roff: byte offsets of the kernel rows (nrows of them)
 * from the window corner; a row's 3 weight vectors are 12 table bytes. */
EDGEC_MVE_INLINE void edgec_mve__dw_run2(const int8_t* xw, int32_t C, const int32_t* roff, int32_t nrows,
                                         const int8_t* tab, int32_t cfull, const edgec_mve__blk* b,
                                         const edgec_mve__rq* rq, int inverted, int8_t* y) {
  const edgec_mve__rq rl = *rq; /* in registers: the int8 stores may alias *rq */
  int32_t c, k;
  for (c = 0; c < cfull; c += 4) {
    const int8_t* wt = tab + (size_t)c * 3 * nrows;
    int32x4_t a0 = vldrwq_s32(b->fold + c), a1 = a0;
    int32x4_t m, l, r;
    int8_t* yc = y + c;
    for (k = 0; k < nrows; ++k, wt += 12) {
      const int8_t* xr = xw + c + roff[k];
      const int32x4_t w0 = vldrbq_s32(wt), w1 = vldrbq_s32(wt + 4), w2 = vldrbq_s32(wt + 8);
      int32x4_t xv = vldrbq_s32(xr);
      a0 = vaddq_s32(a0, vmulq_s32(xv, w0));
      EDGEC_MVE_ORDER();
      xv = vldrbq_s32(xr + C);
      a0 = vaddq_s32(a0, vmulq_s32(xv, w1));
      a1 = vaddq_s32(a1, vmulq_s32(xv, w0));
      EDGEC_MVE_ORDER();
      xv = vldrbq_s32(xr + 2 * C);
      a0 = vaddq_s32(a0, vmulq_s32(xv, w2));
      a1 = vaddq_s32(a1, vmulq_s32(xv, w1));
      EDGEC_MVE_ORDER();
      xv = vldrbq_s32(xr + 3 * C);
      a1 = vaddq_s32(a1, vmulq_s32(xv, w2));
    }
    m = vldrwq_s32(b->mult + c);
    l = vldrwq_s32(b->left + c);
    r = vldrwq_s32(b->nright + c);
    vstrbq_s32(yc, edgec_mve__rq4v(&rl, a0, m, l, r, inverted));
    vstrbq_s32(yc + C, edgec_mve__rq4v(&rl, a1, m, l, r, inverted));
  }
}

/* The same for 3 pixels: the 5 input vectors of a row each loaded once (instead of 9). */
EDGEC_MVE_INLINE void edgec_mve__dw_run3(const int8_t* xw, int32_t C, const int32_t* roff, int32_t nrows,
                                         const int8_t* tab, int32_t cfull, const edgec_mve__blk* b,
                                         const edgec_mve__rq* rq, int inverted, int8_t* y) {
  const edgec_mve__rq rl = *rq; /* in registers: the int8 stores may alias *rq */
  int32_t c, k;
  for (c = 0; c < cfull; c += 4) {
    const int8_t* wt = tab + (size_t)c * 3 * nrows;
    int32x4_t a0 = vldrwq_s32(b->fold + c), a1 = a0, a2 = a0;
    int32x4_t m, l, r;
    int8_t* yc = y + c;
    for (k = 0; k < nrows; ++k, wt += 12) {
      const int8_t* xr = xw + c + roff[k];
      const int32x4_t w0 = vldrbq_s32(wt), w1 = vldrbq_s32(wt + 4), w2 = vldrbq_s32(wt + 8);
      int32x4_t xv = vldrbq_s32(xr);
      a0 = vaddq_s32(a0, vmulq_s32(xv, w0));
      EDGEC_MVE_ORDER();
      xv = vldrbq_s32(xr + C);
      a0 = vaddq_s32(a0, vmulq_s32(xv, w1));
      a1 = vaddq_s32(a1, vmulq_s32(xv, w0));
      EDGEC_MVE_ORDER();
      xv = vldrbq_s32(xr + 2 * C);
      a0 = vaddq_s32(a0, vmulq_s32(xv, w2));
      a1 = vaddq_s32(a1, vmulq_s32(xv, w1));
      a2 = vaddq_s32(a2, vmulq_s32(xv, w0));
      EDGEC_MVE_ORDER();
      xv = vldrbq_s32(xr + 3 * C);
      a1 = vaddq_s32(a1, vmulq_s32(xv, w2));
      a2 = vaddq_s32(a2, vmulq_s32(xv, w1));
      EDGEC_MVE_ORDER();
      xv = vldrbq_s32(xr + 4 * C);
      a2 = vaddq_s32(a2, vmulq_s32(xv, w2));
    }
    m = vldrwq_s32(b->mult + c);
    l = vldrwq_s32(b->left + c);
    r = vldrwq_s32(b->nright + c);
    vstrbq_s32(yc, edgec_mve__rq4v(&rl, a0, m, l, r, inverted));
    vstrbq_s32(yc + C, edgec_mve__rq4v(&rl, a1, m, l, r, inverted));
    vstrbq_s32(yc + 2 * C, edgec_mve__rq4v(&rl, a2, m, l, r, inverted));
  }
}

/* A pixel whose window touches the padding, whole vectors of the block: the folded bias
 * counts off * w for every tap, so the padding taps (x = zero point) take off * w back off:
 * acc = fold + sum_valid x * w - off * sum_padding w. x: image + block start. */
EDGEC_MVE_INLINE void edgec_mve__dw_border(const int8_t* x, const int32_t* vpix, const int32_t* vtap, int32_t nv,
                                           const int32_t* ptap, int32_t npad, int32_t noff, const int8_t* tab,
                                           int32_t kvol, int32_t cfull, const edgec_mve__blk* b, const edgec_mve__rq* rq,
                                           int inverted, int8_t* y) {
  const edgec_mve__rq rl = *rq; /* in registers: the int8 stores may alias *rq */
  int32_t c, i;
  (void)cfull;
  for (c = 0; c < cfull; c += 4) {
    const int8_t* wt = tab + (size_t)c * kvol;
    int32x4_t acc = vldrwq_s32(b->fold + c);
    for (i = 0; i < nv; ++i) acc = vaddq_s32(acc, vmulq_s32(vldrbq_s32(x + vpix[i] + c), vldrbq_s32(wt + vtap[i])));
    for (i = 0; i < npad; ++i) acc = vmlaq_n_s32(acc, vldrbq_s32(wt + ptap[i]), noff);
    vstrbq_s32(y + c, edgec_mve__rq4v(&rl, acc, vldrwq_s32(b->mult + c), vldrwq_s32(b->left + c),
                                      vldrwq_s32(b->nright + c), inverted));
  }
}

/* Out-of-line entry points of the hot loops, the inverted-clamp flag folded. */
EDGEC_MVE_NOINLINE void edgec_mve__dw_run_call(const int8_t* xw, int32_t ps, const int32_t* toff, int32_t kvol,
                                               const int8_t* tab, int32_t cfull, const edgec_mve__blk* b,
                                               const edgec_mve__rq* rq, int np, int8_t* y, int32_t C) {
  if (np == 4) {
    if (rq->inverted)
      edgec_mve__dw_run(xw, ps, toff, kvol, tab, cfull, b, rq, 1, 4, y, C);
    else
      edgec_mve__dw_run(xw, ps, toff, kvol, tab, cfull, b, rq, 0, 4, y, C);
  } else {
    if (rq->inverted)
      edgec_mve__dw_run(xw, ps, toff, kvol, tab, cfull, b, rq, 1, 1, y, C);
    else
      edgec_mve__dw_run(xw, ps, toff, kvol, tab, cfull, b, rq, 0, 1, y, C);
  }
}

EDGEC_MVE_NOINLINE void edgec_mve__dw_run2_call(const int8_t* xw, int32_t C, const int32_t* roff, int32_t nrows,
                                                const int8_t* tab, int32_t cfull, const edgec_mve__blk* b,
                                                const edgec_mve__rq* rq, int8_t* y) {
  if (rq->inverted)
    edgec_mve__dw_run2(xw, C, roff, nrows, tab, cfull, b, rq, 1, y);
  else
    edgec_mve__dw_run2(xw, C, roff, nrows, tab, cfull, b, rq, 0, y);
}

EDGEC_MVE_NOINLINE void edgec_mve__dw_run3_call(const int8_t* xw, int32_t C, const int32_t* roff, int32_t nrows,
                                                const int8_t* tab, int32_t cfull, const edgec_mve__blk* b,
                                                const edgec_mve__rq* rq, int8_t* y) {
  if (rq->inverted)
    edgec_mve__dw_run3(xw, C, roff, nrows, tab, cfull, b, rq, 1, y);
  else
    edgec_mve__dw_run3(xw, C, roff, nrows, tab, cfull, b, rq, 0, y);
}

EDGEC_MVE_NOINLINE void edgec_mve__dw_border_call(const int8_t* x, const int32_t* vpix, const int32_t* vtap,
                                                  int32_t nv, const int32_t* ptap, int32_t npad, int32_t noff,
                                                  const int8_t* tab, int32_t kvol, int32_t cfull, const edgec_mve__blk* b,
                                                  const edgec_mve__rq* rq, int8_t* y) {
  if (rq->inverted)
    edgec_mve__dw_border(x, vpix, vtap, nv, ptap, npad, noff, tab, kvol, cfull, b, rq, 1, y);
  else
    edgec_mve__dw_border(x, vpix, vtap, nv, ptap, npad, noff, tab, kvol, cfull, b, rq, 0, y);
}

static inline void edgec_conv_s8_mve__depthwise(const edgec_conv_params* p, const edgec_window* w,
                                                const edgec_requant_params* q, const int8_t* input,
                                                const int8_t* filter, const int32_t* bias, int8_t* output) {
  const int32_t C = p->out_channels, kvol = w->kernel_volume, off = q->input_offset;
  const int32_t noff = edgec__wrap_i32(0u - (uint32_t)off);
  const int use_tab = kvol <= EDGEC_MVE_DW_TAPS;
  const int32_t span0 = (w->kernel[0] - 1) * w->dilation[0], span1 = (w->kernel[1] - 1) * w->dilation[1];
  const int32_t span2 = (w->kernel[2] - 1) * w->dilation[2];
  /* channels per block: the table's and the block constants' capacity */
  const int32_t fit = use_tab ? (EDGEC_MVE_DW_TAB / kvol) & ~3 : EDGEC_MVE_OCB;
  const int32_t blk_c = fit < EDGEC_MVE_OCB ? fit : EDGEC_MVE_OCB;
  int8_t tab[EDGEC_MVE_DW_TAB];
  int32_t toff[EDGEC_MVE_DW_TAPS], vpix[EDGEC_MVE_DW_TAPS], vtap[EDGEC_MVE_DW_TAPS], ptap[EDGEC_MVE_DW_TAPS];
  edgec_mve__blk blk;
  edgec_mve__rq rq;
  int32_t cb0, n, o0, o1, o2, t, k0, k1, k2, j;
  edgec_mve__rq_init(&rq, q);
  /* 3-wide kernel rows sliding with stride 1: edgec_mve__dw_run3 / edgec_mve__dw_run2 */
  const int slide = w->kernel[2] == 3 && w->stride[2] == 1 && w->dilation[2] == 1;
  const int32_t nrows = w->kernel[0] * w->kernel[1];
  int32_t roff[EDGEC_MVE_DW_TAPS];
  /* Byte offsets of the taps (and kernel rows) from the window corner, for windows wholly inside. */
  t = 0;
  if (use_tab)
    for (k0 = 0; k0 < w->kernel[0]; ++k0)
      for (k1 = 0; k1 < w->kernel[1]; ++k1)
        for (k2 = 0; k2 < w->kernel[2]; ++k2, ++t) {
          toff[t] = ((k0 * w->dilation[0] * w->in[1] + k1 * w->dilation[1]) * w->in[2] + k2 * w->dilation[2]) * C;
          if (k2 == 0) roff[k0 * w->kernel[1] + k1] = toff[t];
        }
  for (cb0 = 0; cb0 < C; cb0 += blk_c) {
    const int32_t cn = C - cb0 < blk_c ? C - cb0 : blk_c;
    const int32_t cfull = use_tab ? cn & ~3 : 0; /* block channels of whole vectors (table path) */
    edgec_mve__blk_init(&blk, q, filter + (size_t)cb0 * kvol, kvol, bias, off, cb0, cn);
    for (t = 0; t < kvol && cfull > 0; ++t)
      for (j = 0; j < cfull; ++j) tab[((j >> 2) * kvol + t) * 4 + (j & 3)] = filter[(size_t)(cb0 + j) * kvol + t];
    for (n = 0; n < p->batch; ++n) {
      const int8_t* x_img = input + (size_t)n * w->in_volume * C;
      int8_t* y = output + (size_t)n * w->out_volume * C;
      for (o0 = 0; o0 < w->out[0]; ++o0)
        for (o1 = 0; o1 < w->out[1]; ++o1) {
          const int32_t b0 = o0 * w->stride[0] - w->pad_begin[0], b1 = o1 * w->stride[1] - w->pad_begin[1];
          const int rows_inside = b0 >= 0 && b0 + span0 < w->in[0] && b1 >= 0 && b1 + span1 < w->in[1];
          int8_t* yrow = y + (size_t)((o0 * w->out[1] + o1) * w->out[2]) * C;
          for (o2 = 0; o2 < w->out[2];) {
            const int32_t b2 = o2 * w->stride[2] - w->pad_begin[2];
            const int32_t base[EDGEC_MAX_SPATIAL_RANK] = {b0, b1, b2};
            const int inside = rows_inside && b2 >= 0 && b2 + span2 < w->in[2];
            int8_t* yp = yrow + (size_t)o2 * C;
            int32_t np = 1;
            if (cfull > 0 && inside) {
              const int32_t ps = w->stride[2] * C;
              const int8_t* xw = x_img + (size_t)((b0 * w->in[1] + b1) * w->in[2] + b2) * C + cb0;
              /* up to 4 pixels whose windows are all inside */
              while (np < 4 && o2 + np < w->out[2] && b2 + np * w->stride[2] + span2 < w->in[2]) ++np;
              if (np >= 3 && slide) {
                np = 3;
                edgec_mve__dw_run3_call(xw, C, roff, nrows, tab, cfull, &blk, &rq, yp + cb0);
              } else if (np >= 2 && slide) {
                np = 2;
                edgec_mve__dw_run2_call(xw, C, roff, nrows, tab, cfull, &blk, &rq, yp + cb0);
              } else if (np == 4) {
                edgec_mve__dw_run_call(xw, ps, toff, kvol, tab, cfull, &blk, &rq, 4, yp + cb0, C);
              } else {
                np = 1;
                edgec_mve__dw_run_call(xw, ps, toff, kvol, tab, cfull, &blk, &rq, 1, yp + cb0, C);
              }
            } else if (cfull > 0) {
              /* valid taps (input byte offsets, kernel index) and padding taps of this window */
              int32_t lo[EDGEC_MAX_SPATIAL_RANK], hi[EDGEC_MAX_SPATIAL_RANK], d, nv = 0, npad = 0;
              for (d = 0; d < EDGEC_MAX_SPATIAL_RANK; ++d)
                edgec_qconv__range(base[d], w->in[d], w->dilation[d], w->kernel[d], &lo[d], &hi[d]);
              t = 0;
              for (k0 = 0; k0 < w->kernel[0]; ++k0)
                for (k1 = 0; k1 < w->kernel[1]; ++k1)
                  for (k2 = 0; k2 < w->kernel[2]; ++k2, ++t)
                    if (k0 >= lo[0] && k0 < hi[0] && k1 >= lo[1] && k1 < hi[1] && k2 >= lo[2] && k2 < hi[2]) {
                      vpix[nv] = (((b0 + k0 * w->dilation[0]) * w->in[1] + b1 + k1 * w->dilation[1]) * w->in[2] + b2 +
                                  k2 * w->dilation[2]) * C;
                      vtap[nv++] = 4 * t;
                    } else {
                      ptap[npad++] = 4 * t;
                    }
              edgec_mve__dw_border_call(x_img + cb0, vpix, vtap, nv, ptap, npad, noff, tab, kvol, cfull, &blk, &rq,
                                        yp + cb0);
            }
            /* channels outside whole table vectors: one pixel at a time, offsets per tap */
            if (cfull < cn)
              for (j = 0; j < np; ++j) {
                const int32_t bj[EDGEC_MAX_SPATIAL_RANK] = {b0, b1, b2 + j * w->stride[2]};
                edgec_conv_s8_mve__dw_pixel(w, &rq, bj, x_img, C, cb0 + cfull, cn - cfull, filter, bias, off,
                                            yp + (size_t)j * C);
              }
            o2 += np;
          }
        }
    }
  }
}

static inline void edgec_conv_s8_mve(const edgec_conv_params* p, const edgec_requant_params* q, const int8_t* input,
                                     const int8_t* filter, const int32_t* bias, int8_t* output) {
  edgec_window w;
  const int32_t cg = p->in_channels / p->groups, og = p->out_channels / p->groups;
  edgec_conv_window(p, &w);
  /* edgec_window puts unused dims last; the fast paths run along the last dim: a real one. */
  edgec_window_real_dims_last(&w, p->spatial_rank);
  if (cg == 1 && og == 1)
    edgec_conv_s8_mve__depthwise(p, &w, q, input, filter, bias, output);
  else
    edgec_conv_s8_mve__general(p, &w, q, input, filter, bias, output);
}

#else /* no MVE: the portable reference */
static inline void edgec_conv_s8_mve(const edgec_conv_params* p, const edgec_requant_params* q, const int8_t* input,
                                     const int8_t* filter, const int32_t* bias, int8_t* output) {
  edgec_conv_s8(p, q, input, filter, bias, output);
}
#endif

#endif /* EDGEC_KERNELS_CONV_S8_MVE_H */
