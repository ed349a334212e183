/* Cortex-M DSP-extension (ARMv7E-M, ARMv8-M Mainline with DSP: Cortex-M4, M7, M33) int8
 * broadcasting Add / Sub / Mul: edgec_add_s8_dsp, edgec_sub_s8_dsp and edgec_mul_s8_dsp have
 * exactly the signatures and results, bit for bit, of edgec_add_s8 / edgec_sub_s8 /
 * edgec_mul_s8 (quantized_elementwise.h) for every input those accept.
 *
 * Shapes: trailing dimensions that continue the innermost one's strides in both inputs are
 * merged into rows (as the reference's chunk walker); a row whose inner strides are 0 or 1
 * for each input (same shape, scalar, per-channel vector as in an SE block) takes the fast
 * loop, any other row a scalar loop of the same arithmetic.
 *
 * Add / Sub: each input's rescaling requantize((x + offset) << left_shift) depends on the
 * int8 x alone, so it is tabulated once per call (two 256-entry int32 tables on the stack,
 * built with edgec_requantize itself); an element then costs two table loads and the output
 * requantization. Where the tabulated values are small enough (|2 (s1 +- s2)| < 2^31, always
 * so with the compiler's multipliers) and the output shift is a right shift of 1..31, the
 * high multiply is one SMMULR of the doubled sum: floor((2 s m + 2^31) / 2^32) is gemmlowp's
 * floor((s m + 2^30) / 2^31); its rounding right shift is (h + 2^(e-1) - (h < 0)) >> e.
 * Mul: the products of four elements come from two words through SXTAB16 (offsets added to
 * int16 pairs) and SMULBB / SMULTT, then the same SMMULR requantization, under the same kind
 * of bounds. Parameters outside these bounds take a scalar loop with the reference's exact
 * arithmetic (edgec_requantize). The clamp is SSAT for the int8 range [-128, 127], and there
 * the output offset is folded into the rounding bias where that cannot overflow (adding
 * offset * 2^e before the shift by e adds offset after it). Row loops for the common
 * patterns (both inputs dense; one a scalar) are separate out-of-line specializations so
 * that each is register-allocated on its own (the inlined mix spilled).
 * About 12 instructions per element for Add / Sub, 10 for Mul (Cortex-M4, QEMU count),
 * against 130 and 55 for the reference.
 * Without __ARM_FEATURE_DSP the intrinsics are emulated in C (same results, for host tests). */
#ifndef EDGEC_KERNELS_ELEMENTWISE_S8_DSP_H
#define EDGEC_KERNELS_ELEMENTWISE_S8_DSP_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "edgec/kernels/quantized_elementwise.h"
#include "edgec/kernels/requant.h"

#if defined(__ARM_FEATURE_DSP)
#include <arm_acle.h>
#endif

#if defined(__GNUC__)
#define EDGEC_DSPE__INLINE static inline __attribute__((always_inline))
#else
#define EDGEC_DSPE__INLINE static inline
#endif

static inline int32_t edgec_dspe__ld32(const void* p) {
  int32_t v;
  memcpy(&v, p, 4);
  return v;
}

#if defined(__ARM_FEATURE_DSP) && defined(__GNUC__)
/* floor((a * b + 2^31) / 2^32) */
EDGEC_DSPE__INLINE int32_t edgec_dspe__smmulr(int32_t a, int32_t b) {
  int32_t r;
  __asm__("smmulr %0, %1, %2" : "=r"(r) : "r"(a), "r"(b));
  return r;
}
EDGEC_DSPE__INLINE int32_t edgec_dspe__sxtab16(int32_t a, int32_t x) { return __sxtab16(a, x); }
EDGEC_DSPE__INLINE int32_t edgec_dspe__sxtab16_r8(int32_t a, int32_t x) {
  int32_t r;
  __asm__("sxtab16 %0, %1, %2, ror #8" : "=r"(r) : "r"(a), "r"(x));
  return r;
}
EDGEC_DSPE__INLINE int32_t edgec_dspe__sadd16(int32_t a, int32_t b) { return __sadd16(a, b); }
/* GCC emits SMULBB / SMULTT for these */
EDGEC_DSPE__INLINE int32_t edgec_dspe__smulbb(int32_t a, int32_t b) { return (int16_t)a * (int16_t)b; }
EDGEC_DSPE__INLINE int32_t edgec_dspe__smultt(int32_t a, int32_t b) { return (a >> 16) * (b >> 16); }
EDGEC_DSPE__INLINE int32_t edgec_dspe__ssat8(int32_t a) { return __ssat(a, 8); }
/* bytewise signed max / min (SSUB8 sets GE where a >= b, SEL picks by it) */
EDGEC_DSPE__INLINE int32_t edgec_dspe__max8(int32_t a, int32_t b) {
  int32_t r;
  __asm__("ssub8 %0, %1, %2\n\tsel %0, %1, %2" : "=&r"(r) : "r"(a), "r"(b));
  return r;
}
EDGEC_DSPE__INLINE int32_t edgec_dspe__min8(int32_t a, int32_t b) {
  int32_t r;
  __asm__("ssub8 %0, %1, %2\n\tsel %0, %2, %1" : "=&r"(r) : "r"(a), "r"(b));
  return r;
}
#else
static inline int32_t edgec_dspe__smmulr(int32_t a, int32_t b) {
  const int64_t p = (int64_t)a * b + ((int64_t)1 << 31);
  return (int32_t)(p >= 0 ? p >> 32 : ~(~p >> 32));
}
static inline int32_t edgec_dspe__lo16(int32_t x) { return (int16_t)(uint16_t)((uint32_t)x & 0xFFFFu); }
static inline int32_t edgec_dspe__hi16(int32_t x) { return (int16_t)(uint16_t)((uint32_t)x >> 16); }
static inline int32_t edgec_dspe__byte(int32_t x, int32_t i) { return (int8_t)(uint8_t)(((uint32_t)x >> (8 * i)) & 0xFFu); }
static inline int32_t edgec_dspe__pack16(int32_t lo, int32_t hi) {
  return edgec__wrap_i32(((uint32_t)(uint16_t)hi << 16) | (uint32_t)(uint16_t)lo);
}
static inline int32_t edgec_dspe__sxtab16(int32_t a, int32_t x) {
  return edgec_dspe__pack16(edgec_dspe__lo16(a) + edgec_dspe__byte(x, 0), edgec_dspe__hi16(a) + edgec_dspe__byte(x, 2));
}
static inline int32_t edgec_dspe__sxtab16_r8(int32_t a, int32_t x) {
  return edgec_dspe__pack16(edgec_dspe__lo16(a) + edgec_dspe__byte(x, 1), edgec_dspe__hi16(a) + edgec_dspe__byte(x, 3));
}
static inline int32_t edgec_dspe__sadd16(int32_t a, int32_t b) {
  return edgec_dspe__pack16(edgec_dspe__lo16(a) + edgec_dspe__lo16(b), edgec_dspe__hi16(a) + edgec_dspe__hi16(b));
}
static inline int32_t edgec_dspe__smulbb(int32_t a, int32_t b) { return edgec_dspe__lo16(a) * edgec_dspe__lo16(b); }
static inline int32_t edgec_dspe__smultt(int32_t a, int32_t b) { return edgec_dspe__hi16(a) * edgec_dspe__hi16(b); }
static inline int32_t edgec_dspe__ssat8(int32_t a) { return a > 127 ? 127 : (a < -128 ? -128 : a); }
static inline int32_t edgec_dspe__max8(int32_t a, int32_t b) {
  uint32_t r = 0;
  int32_t i;
  for (i = 0; i < 4; ++i) {
    const int32_t x = edgec_dspe__byte(a, i), y = edgec_dspe__byte(b, i);
    r |= (uint32_t)(uint8_t)(x >= y ? x : y) << (8 * i);
  }
  return edgec__wrap_i32(r);
}
static inline int32_t edgec_dspe__min8(int32_t a, int32_t b) {
  uint32_t r = 0;
  int32_t i;
  for (i = 0; i < 4; ++i) {
    const int32_t x = edgec_dspe__byte(a, i), y = edgec_dspe__byte(b, i);
    r |= (uint32_t)(uint8_t)(x >= y ? y : x) << (8 * i);
  }
  return edgec__wrap_i32(r);
}
#endif

/* Rounding right shift by e in 1..31 of an h with |h| < 2^30, plus the output offset,
 * clamped to [lo, hi] (sat8: the int8 range, by SSAT). Either bias = 2^(e-1) and off is the
 * offset, or (where h + 2^(e-1) + offset * 2^e cannot overflow) bias = 2^(e-1) + offset * 2^e
 * and off = 0: adding a multiple of 2^e before the floor shift adds offset after it. */
EDGEC_DSPE__INLINE int32_t edgec_dspe__finish(int32_t h, int32_t e, int32_t bias, int32_t off, int32_t lo, int32_t hi,
                                              int sat8) {
  int32_t v = ((h + bias + (h >> 31)) >> e) + off;
  if (sat8) return edgec_dspe__ssat8(v);
  v = v < lo ? lo : v;
  return v > hi ? hi : v;
}

/* Four results to out[0..4): with sat8 four SSAT + STRB; else (an ordered clamp range
 * within int8, lo4 / hi4 its bounds in every byte) the SSAT results packed into a word and
 * clamped bytewise (clamp(ssat8(v)) = clamp(v) for such a range), one store. */
EDGEC_DSPE__INLINE void edgec_dspe__store4(int8_t* out, int32_t h0, int32_t h1, int32_t h2, int32_t h3, int32_t e,
                                           int32_t bias, int32_t off, int32_t lo4, int32_t hi4, int sat8) {
  const int32_t v0 = edgec_dspe__finish(h0, e, bias, off, -128, 127, 1);
  const int32_t v1 = edgec_dspe__finish(h1, e, bias, off, -128, 127, 1);
  const int32_t v2 = edgec_dspe__finish(h2, e, bias, off, -128, 127, 1);
  const int32_t v3 = edgec_dspe__finish(h3, e, bias, off, -128, 127, 1);
  if (sat8) {
#if defined(__GNUC__) && defined(__thumb2__)
    /* four STRB: GCC would merge the byte stores into BFI inserts and a word store (more) */
    __asm__("strb %1, %0" : "=m"(out[0]) : "r"(v0));
    __asm__("strb %1, %0" : "=m"(out[1]) : "r"(v1));
    __asm__("strb %1, %0" : "=m"(out[2]) : "r"(v2));
    __asm__("strb %1, %0" : "=m"(out[3]) : "r"(v3));
#else
    out[0] = (int8_t)v0;
    out[1] = (int8_t)v1;
    out[2] = (int8_t)v2;
    out[3] = (int8_t)v3;
#endif
  } else {
    int32_t w = edgec__wrap_i32((uint32_t)(uint8_t)v0 | ((uint32_t)(uint8_t)v1 << 8) | ((uint32_t)(uint8_t)v2 << 16) |
                                ((uint32_t)(uint8_t)v3 << 24));
    w = edgec_dspe__min8(edgec_dspe__max8(w, lo4), hi4);
    memcpy(out, &w, 4);
  }
}

/* Rows: EDGEC_DSPE__ROWS(P, ROW) calls ROW(a0, as, b0, bs, o, n) for each row of n outputs
 * starting at output index o, a0 / b0 the row's first element offsets, as / bs the inner
 * strides (trailing dims merged where both inputs continue them). */
#define EDGEC_DSPE__ROWS(P, ROW)                                                                       \
  do {                                                                                                 \
    const int32_t rank_ = (P)->rank;                                                                   \
    const int32_t count_ = edgec_volume(rank_, (P)->out_shape);                                        \
    const int32_t as_ = rank_ > 0 ? (P)->a_stride[rank_ - 1] : 0;                                      \
    const int32_t bs_ = rank_ > 0 ? (P)->b_stride[rank_ - 1] : 0;                                      \
    int32_t outer_ = rank_ > 0 ? rank_ - 1 : 0, inner_ = rank_ > 0 ? (P)->out_shape[rank_ - 1] : 1;   \
    int32_t rows_, row_, d_, a0_ = 0, b0_ = 0;                                                         \
    int32_t idx_[8] = {0, 0, 0, 0, 0, 0, 0, 0};                                                        \
    while (outer_ > 0 && (P)->out_shape[outer_ - 1] > 0 &&                                            \
           ((P)->out_shape[outer_ - 1] == 1 ||                                                         \
            ((P)->a_stride[outer_ - 1] == as_ * inner_ && (P)->b_stride[outer_ - 1] == bs_ * inner_)) && \
           (P)->out_shape[outer_ - 1] <= INT32_MAX / (inner_ > 0 ? inner_ : 1))                        \
      inner_ *= (P)->out_shape[--outer_];                                                              \
    rows_ = inner_ > 0 ? count_ / inner_ : 0;                                                          \
    for (row_ = 0; row_ < rows_; ++row_) {                                                             \
      ROW(a0_, as_, b0_, bs_, (size_t)row_ * inner_, inner_);                                          \
      for (d_ = outer_ - 1; d_ >= 0; --d_) {                                                           \
        a0_ += (P)->a_stride[d_];                                                                      \
        b0_ += (P)->b_stride[d_];                                                                      \
        if (++idx_[d_] < (P)->out_shape[d_]) break;                                                    \
        a0_ -= (P)->a_stride[d_] * idx_[d_];                                                           \
        b0_ -= (P)->b_stride[d_] * idx_[d_];                                                           \
        idx_[d_] = 0;                                                                                  \
      }                                                                                                \
    }                                                                                                  \
  } while (0)

/* ---- Add / Sub ---- */

typedef struct {
  int32_t t1[256], t2[256]; /* fast: 2 * s1(x), +-2 * s2(x); else s1(x), s2(x); index x + 128 */
  int32_t fast, sat8, fold, subtract;
  int32_t mult, e, bias, fbias, off, lo, hi;
} edgec_dspe__add;

/* Whether the output offset folds into the rounding bias: |h| <= hmax, e in 1..31. */
static inline int32_t edgec_dspe__can_fold(int64_t hmax, int32_t e, int32_t off) {
  const int64_t a = off < 0 ? -(int64_t)off : off;
  return hmax + 1 + ((int64_t)1 << (e - 1)) + a * ((int64_t)1 << e) < ((int64_t)1 << 31);
}

static inline void edgec_dspe__add_init(edgec_dspe__add* k, const edgec_add_s8_params* q, int32_t subtract) {
  /* (x + offset) << left_shift as the reference's int32 product, wrapped where that would
   * overflow (only for x values whose reference result is undefined anyway) */
  const uint32_t scale = (uint32_t)1 << (q->left_shift & 31);
  int64_t max1 = 0, max2 = 0;
  int32_t i;
  for (i = 0; i < 256; ++i) {
    const uint32_t v1 = (uint32_t)(i - 128) + (uint32_t)q->input1_offset;
    const uint32_t v2 = (uint32_t)(i - 128) + (uint32_t)q->input2_offset;
    const int32_t s1 = edgec_requantize(edgec__wrap_i32(v1 * scale), q->input1_multiplier, q->input1_shift);
    const int32_t s2 = edgec_requantize(edgec__wrap_i32(v2 * scale), q->input2_multiplier, q->input2_shift);
    const int64_t a1 = s1 < 0 ? -(int64_t)s1 : s1, a2 = s2 < 0 ? -(int64_t)s2 : s2;
    k->t1[i] = s1;
    k->t2[i] = s2;
    if (a1 > max1) max1 = a1;
    if (a2 > max2) max2 = a2;
  }
  k->subtract = subtract;
  k->fast = 2 * (max1 + max2) < ((int64_t)1 << 31) && q->output_multiplier != INT32_MIN && q->output_shift <= -1 &&
            q->output_shift >= -31 &&
            q->act_min >= -128 && q->act_min <= q->act_max && q->act_max <= 127 && q->output_offset >= -(1 << 29) &&
            q->output_offset <= (1 << 29);
  k->sat8 = q->act_min == -128 && q->act_max == 127;
  k->mult = q->output_multiplier;
  k->e = -q->output_shift;
  k->bias = k->fast ? (int32_t)1 << (k->e - 1) : 0;
  /* |h| <= (|2 s| |m| + 2^31) / 2^32 */
  k->fold = k->fast && edgec_dspe__can_fold(((2 * (max1 + max2) * (k->mult < 0 ? -(int64_t)k->mult : k->mult)) >> 32) + 1,
                                            k->e, q->output_offset);
  k->fbias = k->fold ? edgec__wrap_i32((uint32_t)k->bias + (uint32_t)q->output_offset * ((uint32_t)1 << k->e)) : 0;
  k->off = q->output_offset;
  k->lo = q->act_min;
  k->hi = q->act_max;
  if (k->fast)
    for (i = 0; i < 256; ++i) {
      k->t1[i] *= 2;
      k->t2[i] *= subtract ? -2 : 2;
    }
}

/* The reference's arithmetic from the tabulated s1, s2 (any parameters). */
static inline int8_t edgec_dspe__add_exact(const edgec_dspe__add* k, const edgec_add_s8_params* q, int32_t x1,
                                           int32_t x2) {
  /* fast tables hold 2 s1 and +-2 s2 */
  const int32_t s1 = k->fast ? k->t1[x1 + 128] / 2 : k->t1[x1 + 128];
  const int32_t s2 = k->fast ? (k->subtract ? -(k->t2[x2 + 128] / 2) : k->t2[x2 + 128] / 2) : k->t2[x2 + 128];
  const int32_t raw = edgec_requantize(k->subtract ? s1 - s2 : s1 + s2, q->output_multiplier, q->output_shift);
  return (int8_t)edgec_requant__offset_clamp(raw, q->output_offset, q->act_min, q->act_max);
}

/* One row under k->fast; ai, bi (0 or 1), sat8 and fold are constants in the specialized
 * calls (fold: k->fbias with the offset in it). */
EDGEC_DSPE__INLINE void edgec_dspe__add_row_fast(const edgec_dspe__add* k, const int8_t* a, int32_t ai,
                                                 const int8_t* b, int32_t bi, int8_t* out, int32_t n, int sat8,
                                                 int fold) {
  const int32_t* t1 = k->t1 + 128;
  const int32_t* t2 = k->t2 + 128;
  const int32_t m = k->mult, e = k->e, bias = fold ? k->fbias : k->bias, off = fold ? 0 : k->off;
  const int32_t lo = k->lo, hi = k->hi;
  const int32_t lo4 = (int32_t)((uint32_t)(uint8_t)lo * 0x01010101u);
  const int32_t hi4 = (int32_t)((uint32_t)(uint8_t)hi * 0x01010101u);
  const int32_t ca = t1[a[0]], cb = t2[b[0]]; /* scalar operands (n >= 1) */
  int32_t i;
#define EDGEC_DSPE__S(j) ((ai == 0 ? ca : t1[a[(j) * ai]]) + (bi == 0 ? cb : t2[b[(j) * bi]]))
  for (i = 0; i + 4 <= n; i += 4) {
    const int32_t h0 = edgec_dspe__smmulr(EDGEC_DSPE__S(0), m);
    const int32_t h1 = edgec_dspe__smmulr(EDGEC_DSPE__S(1), m);
    const int32_t h2 = edgec_dspe__smmulr(EDGEC_DSPE__S(2), m);
    const int32_t h3 = edgec_dspe__smmulr(EDGEC_DSPE__S(3), m);
    edgec_dspe__store4(out, h0, h1, h2, h3, e, bias, off, lo4, hi4, sat8);
    a += 4 * ai;
    b += 4 * bi;
    out += 4;
  }
  for (; i < n; ++i) {
    const int32_t h = edgec_dspe__smmulr(EDGEC_DSPE__S(0), m);
    *out++ = (int8_t)edgec_dspe__finish(h, e, bias, off, lo, hi, sat8);
    a += ai;
    b += bi;
  }
#undef EDGEC_DSPE__S
}

/* The specializations, kept out of line so that each is register-allocated on its own. */
#if defined(__GNUC__)
#define EDGEC_DSPE__NOINLINE static __attribute__((noinline, unused))
#else
#define EDGEC_DSPE__NOINLINE static
#endif
#define EDGEC_DSPE__ADD_SPEC(NAME, AI, BI, SAT8)                                                        \
  EDGEC_DSPE__NOINLINE void NAME(const edgec_dspe__add* k, const int8_t* a, const int8_t* b, int8_t* out, \
                                 int32_t n) {                                                           \
    edgec_dspe__add_row_fast(k, a, AI, b, BI, out, n, SAT8, 1);                                         \
  }
EDGEC_DSPE__ADD_SPEC(edgec_dspe__add_row_vv, 1, 1, 1)
EDGEC_DSPE__ADD_SPEC(edgec_dspe__add_row_vs, 1, 0, 1)
EDGEC_DSPE__ADD_SPEC(edgec_dspe__add_row_sv, 0, 1, 1)
EDGEC_DSPE__ADD_SPEC(edgec_dspe__add_row_vv_c, 1, 1, 0)
EDGEC_DSPE__ADD_SPEC(edgec_dspe__add_row_vs_c, 1, 0, 0)
EDGEC_DSPE__ADD_SPEC(edgec_dspe__add_row_sv_c, 0, 1, 0)
#undef EDGEC_DSPE__ADD_SPEC
EDGEC_DSPE__NOINLINE void edgec_dspe__add_row_any(const edgec_dspe__add* k, const int8_t* a, int32_t ai,
                                                  const int8_t* b, int32_t bi, int8_t* out, int32_t n) {
  edgec_dspe__add_row_fast(k, a, ai, b, bi, out, n, 0, 0);
}

static inline void edgec_dspe__add_run(const edgec_binary_params* p, const edgec_add_s8_params* q, const int8_t* a,
                                       const int8_t* b, int8_t* out, int32_t subtract) {
  edgec_dspe__add k;
  edgec_dspe__add_init(&k, q, subtract);
#define EDGEC_DSPE__ADD_ROW(A0, AS, B0, BS, O, N)                                                      \
  do {                                                                                                 \
    const int8_t* pa_ = a + (A0);                                                                      \
    const int8_t* pb_ = b + (B0);                                                                      \
    if (k.fast && (AS) >= 0 && (AS) <= 1 && (BS) >= 0 && (BS) <= 1) {                                  \
      if (k.fold && (AS) == 1 && (BS) == 1)                                                            \
        (k.sat8 ? edgec_dspe__add_row_vv : edgec_dspe__add_row_vv_c)(&k, pa_, pb_, out + (O), N);      \
      else if (k.fold && (AS) == 1)                                                                    \
        (k.sat8 ? edgec_dspe__add_row_vs : edgec_dspe__add_row_vs_c)(&k, pa_, pb_, out + (O), N);      \
      else if (k.fold && (BS) == 1)                                                                    \
        (k.sat8 ? edgec_dspe__add_row_sv : edgec_dspe__add_row_sv_c)(&k, pa_, pb_, out + (O), N);      \
      else                                                                                             \
        edgec_dspe__add_row_any(&k, pa_, AS, pb_, BS, out + (O), N);                                   \
    } else {                                                                                           \
      int32_t j_;                                                                                      \
      for (j_ = 0; j_ < (N); ++j_)                                                                     \
        out[(O) + j_] = edgec_dspe__add_exact(&k, q, pa_[(size_t)j_ * (AS)], pb_[(size_t)j_ * (BS)]);  \
    }                                                                                                  \
  } while (0)
  EDGEC_DSPE__ROWS(p, EDGEC_DSPE__ADD_ROW);
#undef EDGEC_DSPE__ADD_ROW
}

static inline void edgec_add_s8_dsp(const edgec_binary_params* p, const edgec_add_s8_params* q, const int8_t* a,
                                    const int8_t* b, int8_t* out) {
  edgec_dspe__add_run(p, q, a, b, out, 0);
}

static inline void edgec_sub_s8_dsp(const edgec_binary_params* p, const edgec_add_s8_params* q, const int8_t* a,
                                    const int8_t* b, int8_t* out) {
  edgec_dspe__add_run(p, q, a, b, out, 1);
}

/* ---- Mul ---- */

static inline int8_t edgec_dspe__mul_exact(const edgec_mul_s8_params* q, int32_t x1, int32_t x2) {
  const int32_t raw = edgec_requantize((x1 + q->input1_offset) * (x2 + q->input2_offset), q->output_multiplier,
                                       q->output_shift);
  return (int8_t)edgec_requant__offset_clamp(raw, q->output_offset, q->act_min, q->act_max);
}

/* Four elements: products from SXTAB16 pairs (a + off1, 2 (b + off2)), SMMULR, finish. */
EDGEC_DSPE__INLINE void edgec_dspe__mul_row_fast(const edgec_mul_s8_params* q, const int8_t* a, int32_t ainc,
                                                 const int8_t* b, int32_t binc, int8_t* out, int32_t n, int sat8,
                                                 int fold) {
  const int32_t off1 = (int32_t)((uint32_t)(uint16_t)q->input1_offset * 0x10001u);
  const int32_t off2 = (int32_t)((uint32_t)(uint16_t)q->input2_offset * 0x10001u);
  const int32_t m = q->output_multiplier, e = -q->output_shift;
  const int32_t bias = fold ? edgec__wrap_i32(((uint32_t)1 << (e - 1)) + (uint32_t)q->output_offset * ((uint32_t)1 << e))
                            : (int32_t)1 << (e - 1);
  const int32_t off = fold ? 0 : q->output_offset, lo = q->act_min, hi = q->act_max;
  const int32_t lo4 = (int32_t)((uint32_t)(uint8_t)lo * 0x01010101u);
  const int32_t hi4 = (int32_t)((uint32_t)(uint8_t)hi * 0x01010101u);
  int32_t i;
  for (i = 0; i + 4 <= n; i += 4) {
    const int32_t wa = edgec_dspe__ld32(a), wb = edgec_dspe__ld32(b);
    const int32_t a02 = edgec_dspe__sxtab16(off1, wa), a13 = edgec_dspe__sxtab16_r8(off1, wa);
    int32_t b02 = edgec_dspe__sxtab16(off2, wb), b13 = edgec_dspe__sxtab16_r8(off2, wb);
    b02 = edgec_dspe__sadd16(b02, b02);
    b13 = edgec_dspe__sadd16(b13, b13);
    {
      const int32_t h0 = edgec_dspe__smmulr(edgec_dspe__smulbb(a02, b02), m);
      const int32_t h1 = edgec_dspe__smmulr(edgec_dspe__smulbb(a13, b13), m);
      const int32_t h2 = edgec_dspe__smmulr(edgec_dspe__smultt(a02, b02), m);
      const int32_t h3 = edgec_dspe__smmulr(edgec_dspe__smultt(a13, b13), m);
      edgec_dspe__store4(out, h0, h1, h2, h3, e, bias, off, lo4, hi4, sat8);
    }
    a += ainc;
    b += binc;
    out += 4;
  }
  for (; i < n; ++i) {
    const int32_t x = a[i & 3], y = b[i & 3]; /* ainc / binc are 4 (dense) or 0 (a replicated word) */
    const int32_t h = edgec_dspe__smmulr((x + q->input1_offset) * 2 * (y + q->input2_offset), m);
    *out++ = (int8_t)edgec_dspe__finish(h, e, bias, off, lo, hi, sat8);
  }
}

EDGEC_DSPE__NOINLINE void edgec_dspe__mul_row_fold(const edgec_mul_s8_params* q, const int8_t* a, int32_t ainc,
                                                   const int8_t* b, int32_t binc, int8_t* out, int32_t n) {
  edgec_dspe__mul_row_fast(q, a, ainc, b, binc, out, n, 1, 1);
}
EDGEC_DSPE__NOINLINE void edgec_dspe__mul_row_fold_c(const edgec_mul_s8_params* q, const int8_t* a, int32_t ainc,
                                                     const int8_t* b, int32_t binc, int8_t* out, int32_t n) {
  edgec_dspe__mul_row_fast(q, a, ainc, b, binc, out, n, 0, 1);
}
EDGEC_DSPE__NOINLINE void edgec_dspe__mul_row_any(const edgec_mul_s8_params* q, const int8_t* a, int32_t ainc,
                                                  const int8_t* b, int32_t binc, int8_t* out, int32_t n) {
  edgec_dspe__mul_row_fast(q, a, ainc, b, binc, out, n, 0, 0);
}

static inline void edgec_mul_s8_dsp(const edgec_binary_params* p, const edgec_mul_s8_params* q, const int8_t* a,
                                    const int8_t* b, int8_t* out) {
  const int64_t r1 = 128 + (int64_t)(q->input1_offset < 0 ? -(int64_t)q->input1_offset : q->input1_offset);
  const int64_t r2 = 128 + (int64_t)(q->input2_offset < 0 ? -(int64_t)q->input2_offset : q->input2_offset);
  /* the pairs hold x + off and 2 (x + off) as int16; the doubled product stays below 2^31 */
  const int fast = r1 <= 32767 && r2 <= 16383 && 2 * r1 * r2 < ((int64_t)1 << 31) &&
                   q->output_multiplier != INT32_MIN && q->output_shift <= -1 && q->output_shift >= -31 &&
                   q->act_min >= -128 && q->act_min <= q->act_max && q->act_max <= 127 &&
                   q->output_offset >= -(1 << 29) && q->output_offset <= (1 << 29);
  const int sat8 = q->act_min == -128 && q->act_max == 127;
  const int64_t am = q->output_multiplier < 0 ? -(int64_t)q->output_multiplier : q->output_multiplier;
  const int fold = fast && edgec_dspe__can_fold(((2 * r1 * r2 * am) >> 32) + 1, -q->output_shift, q->output_offset);
#define EDGEC_DSPE__MUL_ROW(A0, AS, B0, BS, O, N)                                                      \
  do {                                                                                                 \
    if (fast && (AS) >= 0 && (AS) <= 1 && (BS) >= 0 && (BS) <= 1) {                                    \
      int8_t ra_[4], rb_[4];                                                                           \
      const int8_t* pa_ = a + (A0);                                                                    \
      const int8_t* pb_ = b + (B0);                                                                    \
      if ((AS) == 0) { memset(ra_, pa_[0], 4); pa_ = ra_; }                                            \
      if ((BS) == 0) { memset(rb_, pb_[0], 4); pb_ = rb_; }                                            \
      if (fold) (sat8 ? edgec_dspe__mul_row_fold : edgec_dspe__mul_row_fold_c)(q, pa_, 4 * (AS), pb_,   \
                                                                               4 * (BS), out + (O), N); \
      else edgec_dspe__mul_row_any(q, pa_, 4 * (AS), pb_, 4 * (BS), out + (O), N);                     \
    } else {                                                                                           \
      int32_t j_;                                                                                      \
      for (j_ = 0; j_ < (N); ++j_)                                                                     \
        out[(O) + j_] = edgec_dspe__mul_exact(q, a[(size_t)(A0) + (size_t)j_ * (AS)],                  \
                                              b[(size_t)(B0) + (size_t)j_ * (BS)]);                    \
    }                                                                                                  \
  } while (0)
  EDGEC_DSPE__ROWS(p, EDGEC_DSPE__MUL_ROW);
#undef EDGEC_DSPE__MUL_ROW
}

#endif /* EDGEC_KERNELS_ELEMENTWISE_S8_DSP_H */
