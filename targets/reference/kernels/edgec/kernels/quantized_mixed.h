/* Mixed-precision quantized kernels: every activation operand and result is int8 or int16
 * independently (weights stay int8 symmetric). Activation pointers are void*, each followed
 * by its width in bits: 8 = int8_t storage, 16 = int16_t storage.
 *
 * Semantics are the int8 kernels' (TFLM) for 8-bit inputs and TFLM's 16x8 kernels' for
 * 16-bit inputs; see each function. Every call dispatches once on the widths to a loop
 * instantiated for that type combination (the EDGEC_QMIX__DEFINE_* macros), never per
 * element. All-int8 calls go straight to the int8 kernels, so they are byte-identical.
 *
 * Offsets: int16 tensors are symmetric (offset 0) in TFLM, but offsets are honoured. The
 * kernels assume every offset is the negated zero point of its tensor's type, so that
 * |x + offset| <= 2^16; within that, every intermediate below is exact (no overflow). */
#ifndef EDGEC_KERNELS_QUANTIZED_MIXED_H
#define EDGEC_KERNELS_QUANTIZED_MIXED_H

#include <stddef.h>
#include <stdint.h>

#include "edgec/kernels/conv.h"
#include "edgec/kernels/elementwise.h"
#include "edgec/kernels/pool.h"
#include "edgec/kernels/quantized_conv.h"
#include "edgec/kernels/quantized_elementwise.h"
#include "edgec/kernels/quantized_gemm.h"
#include "edgec/kernels/quantized_pool.h"
#include "edgec/kernels/requant.h"
#include "edgec/kernels/spatial.h"

/* ---- Shared helpers ------------------------------------------------------------------------ */

static inline int32_t edgec_qmix__sat32(int64_t v) {
  return v > INT32_MAX ? INT32_MAX : (v < INT32_MIN ? INT32_MIN : (int32_t)v);
}

static inline int32_t edgec_qmix__clamp(int32_t v, int32_t lo, int32_t hi) { return v < lo ? lo : (v > hi ? hi : v); }

/* floor(v / 2^s) for any sign, without right-shifting a negative value. */
static inline int32_t edgec_qmix__floor_shift(int32_t v, int32_t s) { return v >= 0 ? v >> s : ~(~v >> s); }

/* 8-bit-input requantization: int32 accumulator, TFLM MultiplyByQuantizedMultiplier. */
static inline int32_t edgec_qmix__finish_s32(const edgec_requant_params* q, int32_t channel, int32_t acc) {
  return edgec_requant_output(q, channel, acc);
}

/* 16-bit-input requantization: int64 accumulator, TFLM's 64-bit MultiplyByQuantizedMultiplier,
 * then output offset and clamp. */
static inline int32_t edgec_qmix__finish_s64(const edgec_requant_params* q, int32_t channel, int64_t acc) {
  const int32_t i = q->per_channel ? channel : 0;
  return edgec_requant__offset_clamp(edgec_requantize_s64(acc, q->multiplier[i], q->shift[i]), q->output_offset,
                                     q->act_min, q->act_max);
}

/* ---- Convolution and fully connected ------------------------------------------------------- */

/* Sums run in int32 partial sums that are widened into the accumulator type (int32 for 8-bit
 * inputs, int64 for 16-bit inputs) before they could overflow: a product is at most
 * 2^16 * 2^7 = 2^23 in magnitude, so a partial sum takes at most EDGEC_QMIX_BUDGET = 128
 * products (< 2^30). Integer sums are exact, so the order is free. */
#define EDGEC_QMIX_BUDGET 128
/* Depthwise: output channels per chunk, and the largest kernel whose chunk filters are
 * gathered into a dense stack table (contiguous over channels, so the tap loop vectorises). */
#define EDGEC_QMIX_DW_CHUNK 16
#define EDGEC_QMIX_DW_TAPS 64
/* Depthwise fast path: chunks per group, and the int16 entries of the group's filter table. */
#define EDGEC_QMIX_DW_GROUP 16
#define EDGEC_QMIX_DW_TABLE 4096

/* EDGEC_QMIX__DEFINE_CONV(SUF, TIN, TOUT, ACC, FINISH) defines
 *   edgec_qmix__dot_1x4_SUF: acc[j] += sum over c < n of (x[c] + off) * f_j[c], j = 0..3, for
 *     n <= EDGEC_QMIX_BUDGET (four int32 reductions over contiguous channels, which GCC and
 *     Clang vectorise; the int16 x int8 case maps onto widening multiply-adds);
 *   edgec_qmix__conv_SUF: the general (cg > 1) conv, 4 output channels of a group at a time;
 *   edgec_qmix__dw_SUF: the depthwise (cg == 1) conv, EDGEC_QMIX_DW_CHUNK channels at a time. */
#define EDGEC_QMIX__DEFINE_CONV(SUF, TIN, TOUT, ACC, FINISH)                                                          \
  static inline void edgec_qmix__dot_1x4_##SUF(const TIN* x, const int8_t* f0, const int8_t* f1, const int8_t* f2,    \
                                               const int8_t* f3, int32_t n, int32_t off, ACC* acc) {                 \
    int32_t s0 = 0, s1 = 0, s2 = 0, s3 = 0, c;                                                                       \
    for (c = 0; c < n; ++c) {                                                                                        \
      const int32_t xv = x[c] + off;                                                                                 \
      s0 += xv * f0[c];                                                                                              \
      s1 += xv * f1[c];                                                                                              \
      s2 += xv * f2[c];                                                                                              \
      s3 += xv * f3[c];                                                                                              \
    }                                                                                                                \
    acc[0] += s0;                                                                                                    \
    acc[1] += s1;                                                                                                    \
    acc[2] += s2;                                                                                                    \
    acc[3] += s3;                                                                                                    \
  }                                                                                                                  \
                                                                                                                     \
  static inline void edgec_qmix__conv_##SUF(const edgec_window* w, int32_t batch, int32_t cin, int32_t cout,         \
                                            int32_t groups, const edgec_requant_params* q, const TIN* input,         \
                                            const int8_t* filter, const ACC* bias, TOUT* output) {                   \
    const int32_t cg = cin / groups, og = cout / groups, off = q->input_offset;                                      \
    const size_t fs = (size_t)w->kernel_volume * cg;                                                                 \
    int32_t n, pixel;                                                                                                \
    for (n = 0; n < batch; ++n) {                                                                                    \
      const TIN* x_img = input + (size_t)n * w->in_volume * cin;                                                     \
      for (pixel = 0; pixel < w->out_volume; ++pixel) {                                                              \
        TOUT* y = output + ((size_t)n * w->out_volume + pixel) * cout;                                               \
        int32_t base[EDGEC_MAX_SPATIAL_RANK], lo[EDGEC_MAX_SPATIAL_RANK], hi[EDGEC_MAX_SPATIAL_RANK];                \
        int32_t oc, k0, k1, k2, nb;                                                                                  \
        edgec_qconv__window(w, pixel, base, lo, hi);                                                                 \
        /* A short last block of a group repeats its last filter and drops the extra results. */                    \
        for (oc = 0; oc < cout; oc += nb) {                                                                          \
          const int32_t g = oc / og;                                                                                 \
          const TIN* x_grp = x_img + (size_t)g * cg;                                                                 \
          ACC acc[4] = {0, 0, 0, 0};                                                                                 \
          int32_t j;                                                                                                 \
          nb = (g + 1) * og - oc < 4 ? (g + 1) * og - oc : 4;                                                        \
          for (k0 = lo[0]; k0 < hi[0]; ++k0)                                                                         \
            for (k1 = lo[1]; k1 < hi[1]; ++k1)                                                                       \
              for (k2 = lo[2]; k2 < hi[2]; ++k2) {                                                                   \
                const int32_t tap = (k0 * w->kernel[1] + k1) * w->kernel[2] + k2;                                    \
                const int32_t in_pixel = edgec_qconv__in_pixel(w, base, k0, k1, k2);                                 \
                const TIN* xp = x_grp + (size_t)in_pixel * cin;                                                      \
                const int8_t* f[4];                                                                                  \
                int32_t c0;                                                                                          \
                for (j = 0; j < 4; ++j) f[j] = filter + (size_t)(oc + (j < nb ? j : nb - 1)) * fs + (size_t)tap * cg; \
                for (c0 = 0; c0 < cg; c0 += EDGEC_QMIX_BUDGET)                                                       \
                  edgec_qmix__dot_1x4_##SUF(xp + c0, f[0] + c0, f[1] + c0, f[2] + c0, f[3] + c0,                     \
                                            cg - c0 < EDGEC_QMIX_BUDGET ? cg - c0 : EDGEC_QMIX_BUDGET, off, acc);    \
              }                                                                                                      \
          for (j = 0; j < nb; ++j) y[oc + j] = (TOUT)FINISH(q, oc + j, acc[j] + (bias ? bias[oc + j] : 0));          \
        }                                                                                                            \
      }                                                                                                              \
    }                                                                                                                \
  }                                                                                                                  \
                                                                                                                     \
  /* Depthwise fast path for og == 1, 1 <= kvol <= EDGEC_QMIX_DW_TAPS (<= EDGEC_QMIX_BUDGET, so one                  \
   * pixel's int32 partial sums cannot overflow) and every x + off within int16: the structure of                    \
   * edgec_conv_s8__depthwise_fast (pixels outer, each window's taps found once for all chunks),                     \
   * filters widened to int16 in the table, so the products are int16 x int16 -> int32 multiplies. */               \
  static inline void edgec_qmix__dwfast_##SUF(const edgec_window* w, int32_t batch, int32_t cout,                    \
                                              const edgec_requant_params* q, const TIN* input, const int8_t* filter, \
                                              const ACC* bias, TOUT* output) {                                       \
    const int32_t off = q->input_offset, kvol = w->kernel_volume;                                                    \
    const int32_t nchunks = (cout + EDGEC_QMIX_DW_CHUNK - 1) / EDGEC_QMIX_DW_CHUNK;                                  \
    const int32_t m = cout < EDGEC_QMIX_DW_CHUNK ? cout : EDGEC_QMIX_DW_CHUNK;                                       \
    const int32_t fit = EDGEC_QMIX_DW_TABLE / (kvol * EDGEC_QMIX_DW_CHUNK);                                          \
    const int32_t group = fit < EDGEC_QMIX_DW_GROUP ? fit : EDGEC_QMIX_DW_GROUP;                                     \
    int16_t table[EDGEC_QMIX_DW_TABLE];                                                                              \
    ACC bb[EDGEC_QMIX_DW_GROUP * EDGEC_QMIX_DW_CHUNK];                                                               \
    int32_t c0s[EDGEC_QMIX_DW_GROUP], tap[EDGEC_QMIX_DW_TAPS], pix[EDGEC_QMIX_DW_TAPS];                              \
    int16_t xs[EDGEC_QMIX_DW_CHUNK];                                                                                 \
    int32_t g0, k, j, t, n, o0, o1, o2;                                                                              \
    for (j = 0; j < EDGEC_QMIX_DW_CHUNK; ++j) xs[j] = 0;                                                             \
    for (g0 = 0; g0 < nchunks; g0 += group) {                                                                        \
      const int32_t ng = nchunks - g0 < group ? nchunks - g0 : group;                                                \
      for (k = 0; k < ng; ++k) {                                                                                     \
        const int32_t c = (g0 + k) * EDGEC_QMIX_DW_CHUNK;                                                            \
        const int32_t oc0 =                                                                                          \
            cout - c < EDGEC_QMIX_DW_CHUNK && cout >= EDGEC_QMIX_DW_CHUNK ? cout - EDGEC_QMIX_DW_CHUNK : c;          \
        int16_t* tk = table + (size_t)k * kvol * EDGEC_QMIX_DW_CHUNK;                                                \
        c0s[k] = oc0;                                                                                                \
        for (t = 0; t < kvol; ++t)                                                                                   \
          for (j = 0; j < EDGEC_QMIX_DW_CHUNK; ++j)                                                                  \
            tk[t * EDGEC_QMIX_DW_CHUNK + j] = (int16_t)(j < m ? filter[(size_t)(oc0 + j) * kvol + t] : 0);           \
        for (j = 0; j < EDGEC_QMIX_DW_CHUNK; ++j)                                                                    \
          bb[k * EDGEC_QMIX_DW_CHUNK + j] = bias && j < m ? bias[oc0 + j] : 0;                                       \
      }                                                                                                              \
      for (n = 0; n < batch; ++n) {                                                                                  \
        const TIN* x_img = input + (size_t)n * w->in_volume * cout;                                                  \
        TOUT* y = output + (size_t)n * w->out_volume * cout;                                                         \
        for (o0 = 0; o0 < w->out[0]; ++o0)                                                                           \
          for (o1 = 0; o1 < w->out[1]; ++o1)                                                                         \
            for (o2 = 0; o2 < w->out[2]; ++o2, y += cout) {                                                          \
              const int32_t nt = edgec_qconv__taps(w, o0, o1, o2, tap, pix);                                         \
              for (k = 0; k < ng; ++k) {                                                                             \
                const int16_t* tk = table + (size_t)k * kvol * EDGEC_QMIX_DW_CHUNK;                                  \
                const TIN* xk = x_img + c0s[k];                                                                      \
                int32_t part[EDGEC_QMIX_DW_CHUNK];                                                                   \
                int32_t i;                                                                                           \
                for (j = 0; j < EDGEC_QMIX_DW_CHUNK; ++j) part[j] = 0;                                               \
                for (i = 0; i < nt; ++i) {                                                                           \
                  const int16_t* ft = tk + tap[i] * EDGEC_QMIX_DW_CHUNK;                                             \
                  const TIN* xp = xk + (size_t)pix[i] * cout;                                                        \
                  int16_t xv[EDGEC_QMIX_DW_CHUNK];                                                                   \
                  if (m < EDGEC_QMIX_DW_CHUNK) {                                                                     \
                    for (j = 0; j < m; ++j) xs[j] = (int16_t)(xp[j] + off);                                          \
                    for (j = 0; j < EDGEC_QMIX_DW_CHUNK; ++j) xv[j] = xs[j];                                         \
                  } else {                                                                                           \
                    for (j = 0; j < EDGEC_QMIX_DW_CHUNK; ++j) xv[j] = (int16_t)(xp[j] + off);                        \
                  }                                                                                                  \
                  for (j = 0; j < EDGEC_QMIX_DW_CHUNK; ++j) part[j] += (int32_t)xv[j] * (int32_t)ft[j];              \
                }                                                                                                    \
                for (j = 0; j < m; ++j)                                                                              \
                  y[c0s[k] + j] = (TOUT)FINISH(q, c0s[k] + j, bb[k * EDGEC_QMIX_DW_CHUNK + j] + part[j]);            \
              }                                                                                                      \
            }                                                                                                        \
      }                                                                                                              \
    }                                                                                                                \
  }                                                                                                                  \
                                                                                                                     \
  static inline void edgec_qmix__dw_##SUF(const edgec_window* w, int32_t batch, int32_t cin, int32_t cout,           \
                                          int32_t groups, const edgec_requant_params* q, const TIN* input,           \
                                          const int8_t* filter, const ACC* bias, TOUT* output) {                     \
    const int32_t og = cout / groups, off = q->input_offset, kvol = w->kernel_volume;                                \
    const int gather = og == 1 && kvol <= EDGEC_QMIX_DW_TAPS;                                                        \
    if (og == 1 && kvol >= 1 && kvol <= EDGEC_QMIX_DW_TAPS &&                                                        \
        (sizeof(TIN) == 1 ? off >= -127 && off <= 128 : off == 0)) {                                                 \
      edgec_qmix__dwfast_##SUF(w, batch, cout, q, input, filter, bias, output);                                      \
      return;                                                                                                        \
    }                                                                                                                \
    int8_t table[EDGEC_QMIX_DW_TAPS * EDGEC_QMIX_DW_CHUNK] = {0};                                                    \
    int32_t n, pixel, oc0, j, t;                                                                                     \
    for (oc0 = 0; oc0 < cout; oc0 += EDGEC_QMIX_DW_CHUNK) {                                                          \
      const int32_t m = cout - oc0 < EDGEC_QMIX_DW_CHUNK ? cout - oc0 : EDGEC_QMIX_DW_CHUNK;                         \
      const int fast = gather && m == EDGEC_QMIX_DW_CHUNK;                                                           \
      if (fast)                                                                                                      \
        for (t = 0; t < kvol; ++t)                                                                                   \
          for (j = 0; j < EDGEC_QMIX_DW_CHUNK; ++j)                                                                  \
            table[t * EDGEC_QMIX_DW_CHUNK + j] = filter[(size_t)(oc0 + j) * kvol + t];                               \
      for (n = 0; n < batch; ++n) {                                                                                  \
        const TIN* x_img = input + (size_t)n * w->in_volume * cin;                                                   \
        for (pixel = 0; pixel < w->out_volume; ++pixel) {                                                            \
          TOUT* y = output + ((size_t)n * w->out_volume + pixel) * cout;                                             \
          int32_t base[EDGEC_MAX_SPATIAL_RANK], lo[EDGEC_MAX_SPATIAL_RANK], hi[EDGEC_MAX_SPATIAL_RANK];              \
          int32_t part[EDGEC_QMIX_DW_CHUNK];                                                                         \
          ACC acc[EDGEC_QMIX_DW_CHUNK];                                                                              \
          int32_t k0, k1, k2, used = 0;                                                                              \
          edgec_qconv__window(w, pixel, base, lo, hi);                                                               \
          for (j = 0; j < EDGEC_QMIX_DW_CHUNK; ++j) {                                                                \
            acc[j] = bias && j < m ? bias[oc0 + j] : 0;                                                              \
            part[j] = 0;                                                                                             \
          }                                                                                                          \
          for (k0 = lo[0]; k0 < hi[0]; ++k0)                                                                         \
            for (k1 = lo[1]; k1 < hi[1]; ++k1)                                                                       \
              for (k2 = lo[2]; k2 < hi[2]; ++k2) {                                                                   \
                const int32_t tap = (k0 * w->kernel[1] + k1) * w->kernel[2] + k2;                                    \
                const int32_t in_pixel = edgec_qconv__in_pixel(w, base, k0, k1, k2);                                 \
                const TIN* xp = x_img + (size_t)in_pixel * cin;                                                      \
                if (used == EDGEC_QMIX_BUDGET) { /* widen the partial sums */                                        \
                  for (j = 0; j < EDGEC_QMIX_DW_CHUNK; ++j) {                                                        \
                    acc[j] += part[j];                                                                               \
                    part[j] = 0;                                                                                     \
                  }                                                                                                  \
                  used = 0;                                                                                          \
                }                                                                                                    \
                ++used;                                                                                              \
                if (fast) {                                                                                          \
                  const TIN* xc = xp + oc0;                                                                          \
                  const int8_t* ft = table + tap * EDGEC_QMIX_DW_CHUNK;                                              \
                  for (j = 0; j < EDGEC_QMIX_DW_CHUNK; ++j) part[j] += (xc[j] + off) * ft[j];                        \
                } else {                                                                                             \
                  const int8_t* fp = filter + (size_t)oc0 * kvol + tap;                                              \
                  for (j = 0; j < m; ++j) part[j] += (xp[(oc0 + j) / og] + off) * fp[(size_t)j * kvol];              \
                }                                                                                                    \
              }                                                                                                      \
          for (j = 0; j < m; ++j) y[oc0 + j] = (TOUT)FINISH(q, oc0 + j, acc[j] + part[j]);                           \
        }                                                                                                            \
      }                                                                                                              \
    }                                                                                                                \
  }

/* Output-channel blocked path (edgec_conv_s8__blocked's table layout and loop structure) for
 * int16 inputs with input_offset 0: acc[j] += sum over channel pairs i < (cg + 1) / 2 of
 * x[2i] * t[i][j][0] + x[2i+1] * t[i][j][1] (t as edgec_qconv__ob_tap's, the second weight 0
 * past cg, where x is not read). A pair sums to at most 2 * 2^15 * 2^7 = 2^23 in magnitude, so
 * the caller passes at most EDGEC_QMIX_BUDGET pairs into one int32 acc (< 2^30). */
static inline void edgec_qmix__ob_tap_s16(const int16_t* x, int32_t cg, const int8_t* t, int32_t* acc) {
  const int32_t full = cg / 2;
  int32_t i;
#ifdef EDGEC_QCONV__SSE2
  __m128i a[4];
  edgec_qconv__ob_load(acc, a);
  for (i = 0; i < (cg + 1) / 2; ++i)
    edgec_qconv__ob_madd(t + (size_t)i * 32, edgec_qconv__ob_pair(x[2 * i], i < full ? x[2 * i + 1] : 0), a);
  edgec_qconv__ob_store(acc, a);
#else
  int32_t a[EDGEC_QCONV_OB], j;
  for (j = 0; j < EDGEC_QCONV_OB; ++j) a[j] = acc[j];
  for (i = 0; i < (cg + 1) / 2; ++i) {
    const int32_t x0 = x[2 * i];
    const int32_t x1 = i < full ? x[2 * i + 1] : 0;
    const int8_t* tp = t + (size_t)i * 2 * EDGEC_QCONV_OB;
    for (j = 0; j < EDGEC_QCONV_OB; ++j) a[j] += x0 * tp[2 * j] + x1 * tp[2 * j + 1];
  }
  for (j = 0; j < EDGEC_QCONV_OB; ++j) acc[j] = a[j];
#endif
}

/* edgec_qmix__ob_tap_s16 for two pixels xa, xb (accumulators acc_a, acc_b) at once: each
 * weight pair is widened once for both. */
static inline void edgec_qmix__ob_tap2_s16(const int16_t* xa, const int16_t* xb, int32_t cg, const int8_t* t,
                                           int32_t* acc_a, int32_t* acc_b) {
#ifdef EDGEC_QCONV__SSE2
  const int32_t full = cg / 2;
  int32_t i;
  __m128i a[4], b[4];
  edgec_qconv__ob_load(acc_a, a);
  edgec_qconv__ob_load(acc_b, b);
  for (i = 0; i < (cg + 1) / 2; ++i)
    edgec_qconv__ob_madd2(t + (size_t)i * 32, edgec_qconv__ob_pair(xa[2 * i], i < full ? xa[2 * i + 1] : 0),
                          edgec_qconv__ob_pair(xb[2 * i], i < full ? xb[2 * i + 1] : 0), a, b);
  edgec_qconv__ob_store(acc_a, a);
  edgec_qconv__ob_store(acc_b, b);
#else
  edgec_qmix__ob_tap_s16(xa, cg, t, acc_a);
  edgec_qmix__ob_tap_s16(xb, cg, t, acc_b);
#endif
}

/* edgec_qmix__blocked_SUF: the general (cg > 1) conv for 16-bit inputs with input_offset 0
 * whose blocked filter table fits (edgec_conv_s8__blocked_fits): blocks of EDGEC_QCONV_OB
 * output channels outer, the block's filters gathered once; per pixel, the in-bounds taps'
 * channel pairs are summed by edgec_qmix__ob_tap_s16 into int32 partial sums, widened into the
 * int64 accumulators before EDGEC_QMIX_BUDGET pairs could overflow them. */
#define EDGEC_QMIX__DEFINE_BLOCKED(SUF, TOUT)                                                                         \
  static inline void edgec_qmix__blocked_##SUF(const edgec_window* w, int32_t batch, int32_t cin, int32_t cout,      \
                                               int32_t groups, const edgec_requant_params* q, const int16_t* input,  \
                                               const int8_t* filter, const int64_t* bias, TOUT* output) {            \
    const int32_t cg = cin / groups, og = cout / groups, kvol = w->kernel_volume, np = (cg + 1) / 2;                 \
    const size_t fs = (size_t)kvol * cg, tap_stride = (size_t)np * 2 * EDGEC_QCONV_OB;                               \
    int8_t table[EDGEC_QCONV_OB_MAXK * EDGEC_QCONV_OB];                                                              \
    int32_t tap[EDGEC_QCONV_OB_MAXK], pix[EDGEC_QCONV_OB_MAXK];                                                      \
    int32_t g, oc0, n, j, t, i, e, o0, o1, o2, pointwise = 1;                                                        \
    for (o0 = 0; o0 < EDGEC_MAX_SPATIAL_RANK; ++o0)                                                                  \
      if (w->kernel[o0] != 1 || w->stride[o0] != 1 || w->pad_begin[o0] != 0 || w->in[o0] != w->out[o0])             \
        pointwise = 0;                                                                                               \
    for (g = 0; g < groups; ++g)                                                                                     \
      for (oc0 = g * og; oc0 < (g + 1) * og; oc0 += EDGEC_QCONV_OB) {                                                \
        const int32_t m = (g + 1) * og - oc0 < EDGEC_QCONV_OB ? (g + 1) * og - oc0 : EDGEC_QCONV_OB;                 \
        int64_t bb[EDGEC_QCONV_OB];                                                                                  \
        for (t = 0; t < kvol; ++t)                                                                                   \
          for (i = 0; i < np; ++i)                                                                                   \
            for (j = 0; j < EDGEC_QCONV_OB; ++j)                                                                     \
              for (e = 0; e < 2; ++e)                                                                                \
                table[(size_t)t * tap_stride + ((size_t)i * EDGEC_QCONV_OB + j) * 2 + e] =                           \
                    j < m && 2 * i + e < cg ? filter[(size_t)(oc0 + j) * fs + (size_t)t * cg + 2 * i + e] : 0;       \
        for (j = 0; j < EDGEC_QCONV_OB; ++j) bb[j] = bias && j < m ? bias[oc0 + j] : 0;                              \
        for (n = 0; n < batch; ++n) {                                                                                \
          const int16_t* x_img = input + (size_t)n * w->in_volume * cin + (size_t)g * cg;                            \
          TOUT* y = output + (size_t)n * w->out_volume * cout + oc0;                                                 \
          if (pointwise) { /* pixel pairs; one tap, widened once per EDGEC_QMIX_BUDGET pairs */                      \
            int32_t px;                                                                                              \
            for (px = 0; px < w->out_volume; px += 2) {                                                              \
              const int32_t two = px + 1 < w->out_volume;                                                            \
              const int16_t* xa = x_img + (size_t)px * cin;                                                          \
              const int16_t* xb = two ? xa + cin : xa;                                                               \
              int64_t acc_a[EDGEC_QCONV_OB], acc_b[EDGEC_QCONV_OB];                                                  \
              int32_t pa[EDGEC_QCONV_OB], pb[EDGEC_QCONV_OB], c0;                                                    \
              for (j = 0; j < EDGEC_QCONV_OB; ++j) {                                                                 \
                acc_a[j] = acc_b[j] = bb[j];                                                                         \
              }                                                                                                      \
              for (c0 = 0; c0 < cg; c0 += 2 * EDGEC_QMIX_BUDGET) {                                                   \
                const int32_t len = cg - c0 < 2 * EDGEC_QMIX_BUDGET ? cg - c0 : 2 * EDGEC_QMIX_BUDGET;               \
                for (j = 0; j < EDGEC_QCONV_OB; ++j) pa[j] = pb[j] = 0;                                              \
                edgec_qmix__ob_tap2_s16(xa + c0, xb + c0, len, table + (size_t)c0 * EDGEC_QCONV_OB, pa, pb);         \
                for (j = 0; j < EDGEC_QCONV_OB; ++j) {                                                               \
                  acc_a[j] += pa[j];                                                                                 \
                  acc_b[j] += pb[j];                                                                                 \
                }                                                                                                    \
              }                                                                                                      \
              for (j = 0; j < m; ++j) y[j] = (TOUT)edgec_qmix__finish_s64(q, oc0 + j, acc_a[j]);                     \
              y += cout;                                                                                             \
              if (two) {                                                                                             \
                for (j = 0; j < m; ++j) y[j] = (TOUT)edgec_qmix__finish_s64(q, oc0 + j, acc_b[j]);                   \
                y += cout;                                                                                           \
              }                                                                                                      \
            }                                                                                                        \
            continue;                                                                                                \
          }                                                                                                          \
          for (o0 = 0; o0 < w->out[0]; ++o0)                                                                         \
            for (o1 = 0; o1 < w->out[1]; ++o1)                                                                       \
              for (o2 = 0; o2 < w->out[2]; ++o2, y += cout) {                                                        \
                const int32_t nt = edgec_qconv__taps(w, o0, o1, o2, tap, pix);                                       \
                int64_t acc[EDGEC_QCONV_OB];                                                                         \
                int32_t part[EDGEC_QCONV_OB];                                                                        \
                int32_t used = 0, c0;                                                                                \
                for (j = 0; j < EDGEC_QCONV_OB; ++j) {                                                               \
                  acc[j] = bb[j];                                                                                    \
                  part[j] = 0;                                                                                       \
                }                                                                                                    \
                for (i = 0; i < nt; ++i)                                                                             \
                  for (c0 = 0; c0 < cg; c0 += 2 * EDGEC_QMIX_BUDGET) {                                               \
                    const int32_t len = cg - c0 < 2 * EDGEC_QMIX_BUDGET ? cg - c0 : 2 * EDGEC_QMIX_BUDGET;           \
                    if (used + (len + 1) / 2 > EDGEC_QMIX_BUDGET) {                                                  \
                      for (j = 0; j < EDGEC_QCONV_OB; ++j) {                                                         \
                        acc[j] += part[j];                                                                           \
                        part[j] = 0;                                                                                 \
                      }                                                                                              \
                      used = 0;                                                                                      \
                    }                                                                                                \
                    used += (len + 1) / 2;                                                                           \
                    edgec_qmix__ob_tap_s16(x_img + (size_t)pix[i] * cin + c0, len,                                   \
                                           table + (size_t)tap[i] * tap_stride + (size_t)c0 * EDGEC_QCONV_OB, part); \
                  }                                                                                                  \
                for (j = 0; j < m; ++j) y[j] = (TOUT)edgec_qmix__finish_s64(q, oc0 + j, acc[j] + part[j]);           \
              }                                                                                                      \
        }                                                                                                            \
      }                                                                                                              \
  }

EDGEC_QMIX__DEFINE_BLOCKED(o8, int8_t)
EDGEC_QMIX__DEFINE_BLOCKED(o16, int16_t)

/* int8 -> int8 is edgec_conv_s8 itself. */
EDGEC_QMIX__DEFINE_CONV(i8o16, int8_t, int16_t, int32_t, edgec_qmix__finish_s32)
EDGEC_QMIX__DEFINE_CONV(i16o8, int16_t, int8_t, int64_t, edgec_qmix__finish_s64)
EDGEC_QMIX__DEFINE_CONV(i16o16, int16_t, int16_t, int64_t, edgec_qmix__finish_s64)

/* Dispatch of the conv instantiations on the widths (8/8 handled by the caller). */
static inline void edgec_qmix__conv_run(const edgec_window* w, int32_t batch, int32_t cin, int32_t cout,
                                        int32_t groups, const edgec_requant_params* q, const void* input,
                                        int32_t input_bits, const int8_t* filter, const void* bias, void* output,
                                        int32_t output_bits) {
  const int dw = cin / groups == 1;
  if (input_bits == 8) {
    if (dw)
      edgec_qmix__dw_i8o16(w, batch, cin, cout, groups, q, (const int8_t*)input, filter, (const int32_t*)bias,
                           (int16_t*)output);
    else
      edgec_qmix__conv_i8o16(w, batch, cin, cout, groups, q, (const int8_t*)input, filter, (const int32_t*)bias,
                             (int16_t*)output);
  } else if (!dw && q->input_offset == 0 && edgec_conv_s8__blocked_fits(w, cin / groups, 0)) {
    if (output_bits == 8)
      edgec_qmix__blocked_o8(w, batch, cin, cout, groups, q, (const int16_t*)input, filter, (const int64_t*)bias,
                             (int8_t*)output);
    else
      edgec_qmix__blocked_o16(w, batch, cin, cout, groups, q, (const int16_t*)input, filter, (const int64_t*)bias,
                              (int16_t*)output);
  } else if (output_bits == 8) {
    if (dw)
      edgec_qmix__dw_i16o8(w, batch, cin, cout, groups, q, (const int16_t*)input, filter, (const int64_t*)bias,
                           (int8_t*)output);
    else
      edgec_qmix__conv_i16o8(w, batch, cin, cout, groups, q, (const int16_t*)input, filter, (const int64_t*)bias,
                             (int8_t*)output);
  } else {
    if (dw)
      edgec_qmix__dw_i16o16(w, batch, cin, cout, groups, q, (const int16_t*)input, filter, (const int64_t*)bias,
                            (int16_t*)output);
    else
      edgec_qmix__conv_i16o16(w, batch, cin, cout, groups, q, (const int16_t*)input, filter, (const int64_t*)bias,
                              (int16_t*)output);
  }
}

/* Convolution, geometry and layouts as edgec_conv_s8 (p->act ignored; clamp to
 * q->act_min..act_max, which lie in the output type's range). For (pixel, oc) of group g:
 *   acc = bias[oc] + sum over in-bounds taps and c < Cin/groups of (x + input_offset) * w
 * input_bits 8: int32 acc, bias const int32_t* (or NULL), out = edgec_requant_output(acc):
 *   exactly edgec_conv_s8's arithmetic (8 -> 8 is edgec_conv_s8).
 * input_bits 16: int64 acc, bias const int64_t* (or NULL), out = clamp(edgec_requantize_s64(acc)
 *   + output_offset): TFLM reference_integer_ops::ConvPerChannel for int16 activations.
 * The result is stored at output_bits. */
static inline void edgec_conv_mixed(const edgec_conv_params* p, const edgec_requant_params* q, const void* input,
                                    int32_t input_bits, const int8_t* filter, const void* bias, void* output,
                                    int32_t output_bits) {
  edgec_window w;
  if (input_bits == 8 && output_bits == 8) {
    edgec_conv_s8(p, q, (const int8_t*)input, filter, (const int32_t*)bias, (int8_t*)output);
    return;
  }
  edgec_conv_window(p, &w);
  edgec_qmix__conv_run(&w, p->batch, p->in_channels, p->out_channels, p->groups, q, input, input_bits, filter, bias,
                       output, output_bits);
}

/* output[b][o] = requantized bias[o] + sum_i (input[b][i] + input_offset) * weights[o][i], with
 * the accumulator, bias type and requantization of edgec_conv_mixed (it is a 1x1 conv over
 * `batches` pixels); 8 -> 8 is edgec_fully_connected_s8. */
static inline void edgec_fully_connected_mixed(const edgec_fc_params* p, const edgec_requant_params* q,
                                               const void* input, int32_t input_bits, const int8_t* weights,
                                               const void* bias, void* output, int32_t output_bits) {
  edgec_window w;
  const int32_t one[EDGEC_MAX_SPATIAL_RANK] = {1, 1, 1}, zero[EDGEC_MAX_SPATIAL_RANK] = {0, 0, 0};
  if (input_bits == 8 && output_bits == 8) {
    edgec_fully_connected_s8(p, q, (const int8_t*)input, weights, (const int32_t*)bias, (int8_t*)output);
    return;
  }
  edgec_window_init(&w, 0, one, one, one, one, one, zero);
  edgec_qmix__conv_run(&w, p->batches, p->in_features, p->out_features, 1, q, input, input_bits, weights, bias,
                       output, output_bits);
}

/* ---- Add / Sub / Mul ------------------------------------------------------------------------ */

/* edgec_add_s8__one's formula on int32 operands of any width. The steps that can leave int32
 * for int16 operands are computed in int64 and saturated to int32: (x + offset) * 2^left_shift
 * (it fits whenever |x + offset| <= 2^16 and left_shift <= 15, TFLM's int16 choice) and
 * s1 +- s2 (each |s_i| <= 2^31 * s_i / twice_max <= 2^30 up to rounding, so the sum can only
 * touch the int32 bounds). Wherever the int32 formula is defined, the results are equal. */
static inline int32_t edgec_qmix__add_one(const edgec_add_s8_params* q, int32_t x1, int32_t x2, int32_t subtract) {
  const int64_t scale = (int64_t)1 << q->left_shift;
  const int32_t v1 = edgec_qmix__sat32(((int64_t)x1 + q->input1_offset) * scale);
  const int32_t v2 = edgec_qmix__sat32(((int64_t)x2 + q->input2_offset) * scale);
  const int32_t s1 = edgec_requantize(v1, q->input1_multiplier, q->input1_shift);
  const int32_t s2 = edgec_requantize(v2, q->input2_multiplier, q->input2_shift);
  const int32_t sum = edgec_qmix__sat32(subtract ? (int64_t)s1 - s2 : (int64_t)s1 + s2);
  return edgec_requant__offset_clamp(edgec_requantize(sum, q->output_multiplier, q->output_shift), q->output_offset,
                                     q->act_min, q->act_max);
}

/* edgec_mul_s8's formula; the product of two int16 operands with offsets may exceed int32
 * (|x + offset| <= 2^16), so it is formed in int64 and saturated to int32 (for offset-free
 * int16 it is at most 2^30, TFLM's int32 product exactly). */
static inline int32_t edgec_qmix__mul_one(const edgec_mul_s8_params* q, int32_t x1, int32_t x2) {
  const int32_t prod = edgec_qmix__sat32(((int64_t)x1 + q->input1_offset) * ((int64_t)x2 + q->input2_offset));
  return edgec_requant__offset_clamp(edgec_requantize(prod, q->output_multiplier, q->output_shift), q->output_offset,
                                     q->act_min, q->act_max);
}

#define EDGEC_QMIX__DEFINE_BINARY(SUF, TA, TB, TO)                                                                    \
  static inline void edgec_qmix__addsub_##SUF(const edgec_binary_params* p, const edgec_add_s8_params* q,            \
                                              const TA* a, const TB* b, TO* out, int32_t subtract) {                 \
    if (subtract)                                                                                                    \
      EDGEC_QBIN__FOR_EACH(p, out[i_] = (TO)edgec_qmix__add_one(q, a[ia], b[ib], 1));                                \
    else                                                                                                             \
      EDGEC_QBIN__FOR_EACH(p, out[i_] = (TO)edgec_qmix__add_one(q, a[ia], b[ib], 0));                                \
  }                                                                                                                  \
  static inline void edgec_qmix__mul_##SUF(const edgec_binary_params* p, const edgec_mul_s8_params* q, const TA* a,  \
                                           const TB* b, TO* out) {                                                   \
    EDGEC_QBIN__FOR_EACH(p, out[i_] = (TO)edgec_qmix__mul_one(q, a[ia], b[ib]));                                     \
  }

/* Suffix: widths of a, b, out (1 = int8, 2 = int16); 8/8/8 is the int8 kernels. */
EDGEC_QMIX__DEFINE_BINARY(112, int8_t, int8_t, int16_t)
EDGEC_QMIX__DEFINE_BINARY(121, int8_t, int16_t, int8_t)
EDGEC_QMIX__DEFINE_BINARY(122, int8_t, int16_t, int16_t)
EDGEC_QMIX__DEFINE_BINARY(211, int16_t, int8_t, int8_t)
EDGEC_QMIX__DEFINE_BINARY(212, int16_t, int8_t, int16_t)
EDGEC_QMIX__DEFINE_BINARY(221, int16_t, int16_t, int8_t)
EDGEC_QMIX__DEFINE_BINARY(222, int16_t, int16_t, int16_t)

/* Index 0..7 of a width triple: bit 2 = a is int16, bit 1 = b, bit 0 = out. */
static inline int32_t edgec_qmix__combo3(int32_t a_bits, int32_t b_bits, int32_t out_bits) {
  return (a_bits == 16 ? 4 : 0) + (b_bits == 16 ? 2 : 0) + (out_bits == 16 ? 1 : 0);
}

static inline void edgec_qmix__addsub(const edgec_binary_params* p, const edgec_add_s8_params* q, const void* a,
                                      int32_t a_bits, const void* b, int32_t b_bits, void* out, int32_t out_bits,
                                      int32_t subtract) {
  switch (edgec_qmix__combo3(a_bits, b_bits, out_bits)) {
    case 0:
      if (subtract)
        edgec_sub_s8(p, q, (const int8_t*)a, (const int8_t*)b, (int8_t*)out);
      else
        edgec_add_s8(p, q, (const int8_t*)a, (const int8_t*)b, (int8_t*)out);
      break;
    case 1: edgec_qmix__addsub_112(p, q, (const int8_t*)a, (const int8_t*)b, (int16_t*)out, subtract); break;
    case 2: edgec_qmix__addsub_121(p, q, (const int8_t*)a, (const int16_t*)b, (int8_t*)out, subtract); break;
    case 3: edgec_qmix__addsub_122(p, q, (const int8_t*)a, (const int16_t*)b, (int16_t*)out, subtract); break;
    case 4: edgec_qmix__addsub_211(p, q, (const int16_t*)a, (const int8_t*)b, (int8_t*)out, subtract); break;
    case 5: edgec_qmix__addsub_212(p, q, (const int16_t*)a, (const int8_t*)b, (int16_t*)out, subtract); break;
    case 6: edgec_qmix__addsub_221(p, q, (const int16_t*)a, (const int16_t*)b, (int8_t*)out, subtract); break;
    default: edgec_qmix__addsub_222(p, q, (const int16_t*)a, (const int16_t*)b, (int16_t*)out, subtract); break;
  }
}

/* a + b, broadcasting as edgec_add_s8, each operand at its own width: edgec_add_s8__one's
 * formula (see edgec_qmix__add_one); q->left_shift is 20 for all-int8, 15 with an int16 input. */
static inline void edgec_add_mixed(const edgec_binary_params* p, const edgec_add_s8_params* q, const void* a,
                                   int32_t a_bits, const void* b, int32_t b_bits, void* out, int32_t out_bits) {
  edgec_qmix__addsub(p, q, a, a_bits, b, b_bits, out, out_bits, 0);
}

/* a - b: as edgec_add_mixed with the scaled second input subtracted. */
static inline void edgec_sub_mixed(const edgec_binary_params* p, const edgec_add_s8_params* q, const void* a,
                                   int32_t a_bits, const void* b, int32_t b_bits, void* out, int32_t out_bits) {
  edgec_qmix__addsub(p, q, a, a_bits, b, b_bits, out, out_bits, 1);
}

/* out = clamp(requantize((a + off1) * (b + off2)) + output_offset), as edgec_mul_s8. */
static inline void edgec_mul_mixed(const edgec_binary_params* p, const edgec_mul_s8_params* q, const void* a,
                                   int32_t a_bits, const void* b, int32_t b_bits, void* out, int32_t out_bits) {
  switch (edgec_qmix__combo3(a_bits, b_bits, out_bits)) {
    case 0: edgec_mul_s8(p, q, (const int8_t*)a, (const int8_t*)b, (int8_t*)out); break;
    case 1: edgec_qmix__mul_112(p, q, (const int8_t*)a, (const int8_t*)b, (int16_t*)out); break;
    case 2: edgec_qmix__mul_121(p, q, (const int8_t*)a, (const int16_t*)b, (int8_t*)out); break;
    case 3: edgec_qmix__mul_122(p, q, (const int8_t*)a, (const int16_t*)b, (int16_t*)out); break;
    case 4: edgec_qmix__mul_211(p, q, (const int16_t*)a, (const int8_t*)b, (int8_t*)out); break;
    case 5: edgec_qmix__mul_212(p, q, (const int16_t*)a, (const int8_t*)b, (int16_t*)out); break;
    case 6: edgec_qmix__mul_221(p, q, (const int16_t*)a, (const int16_t*)b, (int8_t*)out); break;
    default: edgec_qmix__mul_222(p, q, (const int16_t*)a, (const int16_t*)b, (int16_t*)out); break;
  }
}

/* ---- Requantize and lookup tables ---------------------------------------------------------- */

#define EDGEC_QMIX__DEFINE_UNARY(SUF, TI, TO)                                                                         \
  static inline void edgec_qmix__requantize_##SUF(int32_t n, const edgec_requant_params* q, const TI* in, TO* out) {  \
    int32_t i;                                                                                                       \
    for (i = 0; i < n; ++i) out[i] = (TO)edgec_requant_output(q, 0, in[i] + q->input_offset);                        \
  }                                                                                                                  \
  static inline void edgec_qmix__lut_##SUF(int32_t n, const void* table, const TI* in, TO* out) {                    \
    int32_t i;                                                                                                       \
    if (sizeof(TI) == 1) { /* 256 entries of the output type */                                                      \
      const TO* t = (const TO*)table;                                                                                \
      for (i = 0; i < n; ++i) out[i] = t[in[i] + 128];                                                               \
    } else { /* 513 int16 entries, interpolated */                                                                   \
      const int16_t* t = (const int16_t*)table;                                                                      \
      const int32_t lo = sizeof(TO) == 1 ? INT8_MIN : INT16_MIN, hi = sizeof(TO) == 1 ? INT8_MAX : INT16_MAX;        \
      for (i = 0; i < n; ++i) out[i] = (TO)edgec_qmix__clamp(edgec_qmix__lut16(t, in[i]), lo, hi);                   \
    }                                                                                                                \
  }

/* TFLM lut_lookup_with_interpolation for a 16-bit x (-32768..32767) and a 513-entry table:
 * index = 256 + floor(x / 128), offset = x mod 128, base = t[index], slope = t[index + 1] -
 * t[index], result = base + floor((slope * offset + 64) / 128). The slope is kept in int32
 * (TFLM truncates it to int16: different only when adjacent entries differ by more than
 * 32767); the result always lies between t[index] and t[index + 1]. */
static inline int32_t edgec_qmix__lut16(const int16_t* t, int32_t x) {
  const int32_t index = 256 + edgec_qmix__floor_shift(x, 7);
  const int32_t offset = (int32_t)((uint32_t)x & 0x7Fu);
  const int32_t base = t[index];
  const int32_t slope = t[index + 1] - base;
  return base + edgec_qmix__floor_shift(slope * offset + 64, 7);
}

EDGEC_QMIX__DEFINE_UNARY(i8o16, int8_t, int16_t)
EDGEC_QMIX__DEFINE_UNARY(i16o8, int16_t, int8_t)
EDGEC_QMIX__DEFINE_UNARY(i16o16, int16_t, int16_t)

/* out = clamp(requantize(x + input_offset) + output_offset), as edgec_requantize_s8 (q is
 * per-tensor), any width combination. */
static inline void edgec_requantize_mixed(int32_t n, const edgec_requant_params* q, const void* in, int32_t in_bits,
                                          void* out, int32_t out_bits) {
  if (in_bits == 8 && out_bits == 8)
    edgec_requantize_s8(n, q, (const int8_t*)in, (int8_t*)out);
  else if (in_bits == 8)
    edgec_qmix__requantize_i8o16(n, q, (const int8_t*)in, (int16_t*)out);
  else if (out_bits == 8)
    edgec_qmix__requantize_i16o8(n, q, (const int16_t*)in, (int8_t*)out);
  else
    edgec_qmix__requantize_i16o16(n, q, (const int16_t*)in, (int16_t*)out);
}

/* in_bits 8: `table` holds 256 entries of the output type, out = table[x + 128].
 * in_bits 16: `table` holds 513 int16_t entries, out = TFLM's interpolated lookup
 * (edgec_qmix__lut16), clamped to the output type's range. */
static inline void edgec_lut_mixed(int32_t n, const void* table, const void* in, int32_t in_bits, void* out,
                                   int32_t out_bits) {
  if (in_bits == 8 && out_bits == 8)
    edgec_lut_s8(n, (const int8_t*)table, (const int8_t*)in, (int8_t*)out);
  else if (in_bits == 8)
    edgec_qmix__lut_i8o16(n, table, (const int8_t*)in, (int16_t*)out);
  else if (out_bits == 8)
    edgec_qmix__lut_i16o8(n, table, (const int16_t*)in, (int8_t*)out);
  else
    edgec_qmix__lut_i16o16(n, table, (const int16_t*)in, (int16_t*)out);
}

/* ---- Pools ----------------------------------------------------------------------------------- */

/* int16 edgec_maxpool_s8: max over the in-bounds taps, INT16_MIN for a window of padding
 * only, then the clamp. */
static inline void edgec_qmix__maxpool_i16(const edgec_pool_params* p, int32_t act_min, int32_t act_max,
                                           const int16_t* in, int16_t* out) {
  edgec_window w;
  int32_t n, pixel, tap, c;
  edgec_pool_window(p, &w);
  for (n = 0; n < p->batch; ++n) {
    const int16_t* in_image = in + (size_t)n * w.in_volume * p->channels;
    for (pixel = 0; pixel < w.out_volume; ++pixel) {
      int16_t* y = out + ((size_t)n * w.out_volume + pixel) * p->channels;
      for (c = 0; c < p->channels; ++c) y[c] = INT16_MIN;
      for (tap = 0; tap < w.kernel_volume; ++tap) {
        const int32_t in_pixel = edgec_window_tap_pixel(&w, pixel, tap);
        const int16_t* x;
        if (in_pixel < 0) continue;
        x = in_image + (size_t)in_pixel * p->channels;
        for (c = 0; c < p->channels; ++c)
          if (x[c] > y[c]) y[c] = x[c];
      }
      for (c = 0; c < p->channels; ++c) y[c] = (int16_t)edgec_qmix__clamp(y[c], act_min, act_max);
    }
  }
}

/* Max pooling at one width (in and out), exactly edgec_maxpool_s8's semantics. */
static inline void edgec_maxpool_mixed(const edgec_pool_params* p, int32_t act_min, int32_t act_max, const void* in,
                                       void* out, int32_t bits) {
  if (bits == 8)
    edgec_maxpool_s8(p, act_min, act_max, (const int8_t*)in, (int8_t*)out);
  else
    edgec_qmix__maxpool_i16(p, act_min, act_max, (const int16_t*)in, (int16_t*)out);
}

/* Average pooling at one width (in and out), exactly edgec_avgpool_s8's semantics. */
static inline void edgec_avgpool_mixed(const edgec_pool_params* p, int32_t act_min, int32_t act_max,
                                       int32_t zero_point, const void* in, void* out, int32_t bits) {
  if (bits == 8)
    edgec_avgpool_s8(p, act_min, act_max, zero_point, (const int8_t*)in, (int8_t*)out);
  else
    edgec_qpool__avgpool_i16(p, act_min, act_max, zero_point, (const int16_t*)in, (int16_t*)out);
}

#define EDGEC_QMIX__DEFINE_GAP(SUF, TI, TO, ACC, FINISH)                                                              \
  static inline void edgec_qmix__gap_##SUF(int32_t batch, int32_t pixels, int32_t channels,                          \
                                           const edgec_requant_params* q, const TI* in, TO* out) {                   \
    int32_t n, s, c0, j;                                                                                             \
    for (n = 0; n < batch; ++n)                                                                                      \
      for (c0 = 0; c0 < channels; c0 += 16) {                                                                        \
        const int32_t m = channels - c0 < 16 ? channels - c0 : 16;                                                   \
        ACC acc[16];                                                                                                 \
        for (j = 0; j < m; ++j) acc[j] = 0;                                                                          \
        for (s = 0; s < pixels; ++s) {                                                                               \
          const TI* x = in + ((size_t)n * pixels + s) * channels + c0;                                               \
          for (j = 0; j < m; ++j) acc[j] += x[j] + q->input_offset;                                                  \
        }                                                                                                            \
        for (j = 0; j < m; ++j) out[(size_t)n * channels + c0 + j] = (TO)FINISH(q, 0, acc[j]);                       \
      }                                                                                                              \
  }

EDGEC_QMIX__DEFINE_GAP(i8o16, int8_t, int16_t, int32_t, edgec_qmix__finish_s32)
EDGEC_QMIX__DEFINE_GAP(i16o8, int16_t, int8_t, int64_t, edgec_qmix__finish_s64)
EDGEC_QMIX__DEFINE_GAP(i16o16, int16_t, int16_t, int64_t, edgec_qmix__finish_s64)

/* in: batch, pixels, channels -> out: batch, channels. acc = sum over pixels of
 * (x + input_offset); in_bits 8: int32 acc and edgec_requant_output (edgec_global_avgpool_s8);
 * in_bits 16: int64 acc, clamp(edgec_requantize_s64(acc) + output_offset). q is per-tensor. */
static inline void edgec_global_avgpool_mixed(int32_t batch, int32_t pixels, int32_t channels,
                                              const edgec_requant_params* q, const void* in, int32_t in_bits,
                                              void* out, int32_t out_bits) {
  if (in_bits == 8 && out_bits == 8)
    edgec_global_avgpool_s8(batch, pixels, channels, q, (const int8_t*)in, (int8_t*)out);
  else if (in_bits == 8)
    edgec_qmix__gap_i8o16(batch, pixels, channels, q, (const int8_t*)in, (int16_t*)out);
  else if (out_bits == 8)
    edgec_qmix__gap_i16o8(batch, pixels, channels, q, (const int16_t*)in, (int8_t*)out);
  else
    edgec_qmix__gap_i16o16(batch, pixels, channels, q, (const int16_t*)in, (int16_t*)out);
}

#endif /* EDGEC_KERNELS_QUANTIZED_MIXED_H */
