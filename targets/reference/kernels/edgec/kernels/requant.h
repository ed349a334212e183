/* Integer requantization math with TFLite-Micro / CMSIS-NN (gemmlowp) semantics. */
#ifndef EDGEC_KERNELS_REQUANT_H
#define EDGEC_KERNELS_REQUANT_H

#include <stdint.h>

/* SSE2 (every x86-64) gets a few intrinsics where no plain loop vectorises well; each has a
 * plain-C equivalent (used elsewhere, or with -DEDGEC_KERNELS_NO_SIMD) of identical results. */
#if defined(__SSE2__) && !defined(EDGEC_KERNELS_NO_SIMD)
#include <emmintrin.h>
#define EDGEC_QCONV__SSE2 1
#endif

/* Every function here is exact integer arithmetic without undefined behaviour: no signed
 * overflow, no shift of a negative value. Where gemmlowp relies on two's-complement
 * wrap-around or arithmetic right shifts, the same results are computed explicitly, so
 * every target (and UBSan) agrees bit for bit with TFLM. */

/* The int32_t whose two's-complement bits are u (a plain cast is implementation-defined
 * for u > INT32_MAX); compilers reduce this to nothing. */
static inline int32_t edgec__wrap_i32(uint32_t u) {
  return u <= (uint32_t)INT32_MAX ? (int32_t)u : (int32_t)(u - 0x80000000u) - INT32_MAX - 1;
}

/* gemmlowp SaturatingRoundingDoublingHighMul: (a * b * 2) / 2^32 rounded to nearest (ties
 * upward), i.e. the high word of the doubled product. Only INT32_MIN * INT32_MIN
 * overflows; it saturates to INT32_MAX. */
static inline int32_t edgec_sat_rounding_doubling_high_mul(int32_t a, int32_t b) {
  int64_t ab;
  int64_t nudge;
  if (a == INT32_MIN && b == INT32_MIN) return INT32_MAX;
  ab = (int64_t)a * (int64_t)b;
  nudge = ab >= 0 ? ((int64_t)1 << 30) : (1 - ((int64_t)1 << 30));
  /* C division truncates toward zero, exactly as gemmlowp's. */
  return (int32_t)((ab + nudge) / ((int64_t)1 << 31));
}

/* gemmlowp RoundingDivideByPOT: x / 2^exponent rounded to nearest, ties away from zero;
 * exponent in 0..31. */
static inline int32_t edgec_rounding_divide_by_pot(int32_t x, int32_t exponent) {
  const uint32_t mask = (uint32_t)(((uint64_t)1 << exponent) - 1u);
  const int32_t remainder = (int32_t)((uint32_t)x & mask); /* x mod 2^exponent, in [0, 2^exponent) */
  const int32_t threshold = (int32_t)(mask >> 1) + (x < 0 ? 1 : 0);
  /* floor(x / 2^exponent) without shifting a negative value: for x < 0, ~x = -x - 1 >= 0. */
  const int32_t floor_q = x >= 0 ? x >> exponent : ~(~x >> exponent);
  return floor_q + (remainder > threshold ? 1 : 0);
}

/* TFLM MultiplyByQuantizedMultiplier (double rounding): x * multiplier / 2^31 * 2^shift.
 * shift > 0 multiplies x by 2^shift first (wrapping modulo 2^32 as TFLM's int32 math
 * does), shift < 0 is a rounding right shift of the high-mul result. multiplier is
 * normally in [2^30, 2^31) (0 for a zero scale), shift in -31..30. */
static inline int32_t edgec_requantize(int32_t x, int32_t multiplier, int32_t shift) {
  const int32_t left = shift > 0 ? shift : 0;
  const int32_t right = shift > 0 ? 0 : -shift;
  const int32_t shifted = edgec__wrap_i32((uint32_t)x << left);
  return edgec_rounding_divide_by_pot(edgec_sat_rounding_doubling_high_mul(shifted, multiplier), right);
}

/* x * multiplier / 2^31 * 2^shift rounded once, to nearest with ties to even: ONNX
 * QuantizeLinear's rounding of the exact product (TFLM's two roundings above differ from it
 * by one step in about 2^-e of the outputs, e = -shift, which a QDQ transformer amplifies).
 * Exact in 64 bits for shift in -31..30; a larger shift takes edgec_requantize. */
static inline int32_t edgec_requantize_round_even(int32_t x, int32_t multiplier, int32_t shift) {
  const int64_t product = (int64_t)x * multiplier;
  const uint64_t magnitude = product < 0 ? (uint64_t)0 - (uint64_t)product : (uint64_t)product;
  int32_t e;
  uint64_t half, rest, q;
  if (shift > 30) return edgec_requantize(x, multiplier, shift);
  e = 31 - shift; /* 1..62 */
  half = (uint64_t)1 << (e - 1);
  rest = magnitude & (2 * half - 1);
  q = magnitude >> e;
  if (rest > half || (rest == half && (q & 1))) ++q;
  if (q > (uint64_t)INT32_MAX) return product < 0 ? INT32_MIN : INT32_MAX;
  return product < 0 ? -(int32_t)q : (int32_t)q;
}

/* TFLM MultiplyByQuantizedMultiplier for 64-bit accumulators (16x8 kernels): the multiplier
 * is first reduced to 16 bits (rounded; 0x7FFF from 0x7FFF0000 up), then
 * x * reduced / 2^(15 - shift) is rounded half up (TFLM's add-then-arithmetic-shift),
 * single rounding. TFLM requires |x| < 2^47, multiplier >= 0 and shift in -31..7; the
 * result is saturated to int32 where TFLM only asserts it fits. */
static inline int32_t edgec_requantize_s64(int64_t x, int32_t multiplier, int32_t shift) {
  const int64_t reduced = multiplier < 0x7FFF0000 ? ((int64_t)multiplier + (1 << 15)) / (1 << 16) : 0x7FFF;
  const int32_t total_shift = 15 - shift;
  const int64_t v = x * reduced + ((int64_t)1 << (total_shift - 1));
  /* floor(v / 2^total_shift) without shifting a negative value. */
  const int64_t r = v >= 0 ? v >> total_shift : ~(~v >> total_shift);
  return r > INT32_MAX ? INT32_MAX : (r < INT32_MIN ? INT32_MIN : (int32_t)r);
}

/* Rounds to the nearest integer, ties to even (ONNX QuantizeLinear's rounding), with
 * plain float operations only: float -> int conversion always truncates, so unlike
 * nearbyintf or the 2^23 trick the result cannot depend on the rounding mode or on
 * excess precision. NaN, infinities and |x| >= 2^23 (already integers) are returned
 * unchanged; a negative x that rounds to zero gives +0. */
static inline float edgec_round_half_even(float x) {
  int32_t i;
  float fl, diff;
  if (!(x > -8388608.0f && x < 8388608.0f)) return x;
  i = (int32_t)x; /* trunc, exact */
  fl = (float)i;
  if (fl > x) { /* floor, exact below 2^23 */
    fl -= 1.0f;
    --i;
  }
  diff = x - fl;               /* exact, in [0, 1) */
  if (diff > 0.5f || (diff == 0.5f && i % 2 != 0)) ++i;
  return (float)i;
}

/* Requantization of one accumulator to the output's integer domain, shared by the int8
 * kernels: offsets and clamp as in TFLM (output zero point added after the scaling, then
 * the activation range). */
typedef struct {
  int32_t input_offset;     /* = -input zero point (added to every input value) */
  int32_t output_offset;    /* = output zero point */
  int32_t act_min, act_max; /* clamp, in the output's integer domain (fused ReLU etc. already folded in) */
  int32_t per_channel;      /* 1: multiplier/shift have one entry per output channel; 0: one entry */
  const int32_t* multiplier;
  const int32_t* shift;
} edgec_requant_params;

/* clamp(v + offset, lo, hi), written as a clamp of v against shifted bounds so that an
 * extreme v (the requantized value may be anywhere in int32) cannot overflow. */
static inline int32_t edgec_requant__offset_clamp(int32_t v, int32_t offset, int32_t lo, int32_t hi) {
  if (v >= hi - offset) return hi;
  if (v <= lo - offset) return lo;
  return v + offset;
}

/* Requantizes accumulator `acc` of output channel `channel` (ignored per-tensor) and
 * clamps it: the output integer value. */
static inline int32_t edgec_requant_output(const edgec_requant_params* q, int32_t channel, int32_t acc) {
  const int32_t i = q->per_channel ? channel : 0;
  return edgec_requant__offset_clamp(edgec_requantize(acc, q->multiplier[i], q->shift[i]), q->output_offset,
                                     q->act_min, q->act_max);
}

/* edgec_requant_output with edgec_requantize_round_even's single rounding. */
static inline int32_t edgec_requant_output_round_even(const edgec_requant_params* q, int32_t channel, int32_t acc) {
  const int32_t i = q->per_channel ? channel : 0;
  return edgec_requant__offset_clamp(edgec_requantize_round_even(acc, q->multiplier[i], q->shift[i]),
                                     q->output_offset, q->act_min, q->act_max);
}

/* Requantization of a block of up to 16 consecutive output channels (edgec_requant_output,
 * exactly), with the per-lane constants prepared once per block. The SSE2 form needs every
 * multiplier >= 0, every shift in -31..0 and an int8 clamp range; otherwise (and without
 * SSE2) each output goes through edgec_requant_output. For x * m (m >= 0), TFLM's
 * high-mul is floor((x * m + 2^30) / 2^31) (its truncating division with the sign-dependent
 * nudge rounds ties upward either way), computed from |x| * m with the 64-bit lanes of
 * pmuludq; the rounding right shift by e = -shift then takes floor(h / 2^e) as
 * floor((h + 2^31) * 2^(31-e) / 2^31) - 2^(31-e), again an unsigned 64-bit product. */
typedef struct {
  int32_t simd;
  int32_t mul[16], pw[16], mask[16];
} edgec_qconv__rq;

static inline void edgec_qconv__rq_init(edgec_qconv__rq* r, const edgec_requant_params* q, int32_t c0, int32_t m) {
  int32_t j;
  r->simd = 0;
#ifdef EDGEC_QCONV__SSE2
  r->simd = q->act_min >= -128 && q->act_max <= 127;
  for (j = 0; j < 16; ++j) {
    const int32_t i = q->per_channel ? c0 + (j < m ? j : 0) : 0;
    const int32_t mult = q->multiplier[i], shift = q->shift[i];
    if (mult < 0 || shift > 0 || shift < -31) r->simd = 0;
    r->mul[j] = mult;
    r->pw[j] = r->simd ? edgec__wrap_i32((uint32_t)1 << (31 + shift)) : 0;
    r->mask[j] = r->simd ? (int32_t)(((uint32_t)1 << -shift) - 1u) : 0;
  }
#else
  (void)q, (void)c0, (void)m, (void)j;
#endif
}

#ifdef EDGEC_QCONV__SSE2
/* Four lanes of edgec_requantize (rq4_raw) or of edgec_requant_output (rq4), under the
 * conditions of edgec_qconv__rq: pw = 2^(31 + shift), mask = 2^-shift - 1 per lane; lo/hi
 * are the clamp bounds shifted by -output_offset, as in edgec_requant__offset_clamp. */
static inline __m128i edgec_qconv__rq4_raw(__m128i x, __m128i m, __m128i pw, __m128i mask) {
  const __m128i low32 = _mm_set_epi32(0, -1, 0, -1);
  const __m128i half = _mm_set_epi32(0, 1 << 30, 0, 1 << 30);
  const __m128i sgn = _mm_srai_epi32(x, 31);
  const __m128i ax = _mm_sub_epi32(_mm_xor_si128(x, sgn), sgn);
  const __m128i se = _mm_shuffle_epi32(sgn, _MM_SHUFFLE(2, 2, 0, 0));
  const __m128i so = _mm_shuffle_epi32(sgn, _MM_SHUFFLE(3, 3, 1, 1));
  __m128i pe = _mm_mul_epu32(ax, m);
  __m128i po = _mm_mul_epu32(_mm_srli_epi64(ax, 32), _mm_srli_epi64(m, 32));
  __m128i h, u, fl;
  pe = _mm_sub_epi64(_mm_xor_si128(pe, se), se);
  po = _mm_sub_epi64(_mm_xor_si128(po, so), so);
  pe = _mm_srli_epi64(_mm_add_epi64(pe, half), 31);
  po = _mm_srli_epi64(_mm_add_epi64(po, half), 31);
  h = _mm_or_si128(_mm_and_si128(pe, low32), _mm_slli_epi64(po, 32));
  u = _mm_xor_si128(h, _mm_set1_epi32(INT32_MIN));
  pe = _mm_srli_epi64(_mm_mul_epu32(u, pw), 31);
  po = _mm_srli_epi64(_mm_mul_epu32(_mm_srli_epi64(u, 32), _mm_srli_epi64(pw, 32)), 31);
  fl = _mm_sub_epi32(_mm_or_si128(_mm_and_si128(pe, low32), _mm_slli_epi64(po, 32)), pw);
  /* + (remainder > threshold), threshold = mask / 2 + (h < 0) */
  fl = _mm_sub_epi32(fl, _mm_cmpgt_epi32(_mm_and_si128(h, mask),
                                         _mm_sub_epi32(_mm_srli_epi32(mask, 1), _mm_srai_epi32(h, 31))));
  return fl;
}

static inline __m128i edgec_qconv__rq4(__m128i x, __m128i m, __m128i pw, __m128i mask, __m128i off, __m128i lo,
                                       __m128i hi, __m128i act_lo, __m128i act_hi) {
  const __m128i fl = edgec_qconv__rq4_raw(x, m, pw, mask);
  __m128i r = _mm_add_epi32(fl, off), keep;
  keep = _mm_cmpgt_epi32(fl, lo); /* else act_min */
  r = _mm_or_si128(_mm_and_si128(keep, r), _mm_andnot_si128(keep, act_lo));
  keep = _mm_cmpgt_epi32(hi, fl); /* else act_max (checked first by the scalar form, so applied last) */
  return _mm_or_si128(_mm_and_si128(keep, r), _mm_andnot_si128(keep, act_hi));
}
#endif

/* y[j] = edgec_requant_output(q, c0 + j, acc[j]) for j < m (m <= 16). */
static inline void edgec_qconv__rq_store(const edgec_qconv__rq* r, const edgec_requant_params* q, int32_t c0,
                                         int32_t m, const int32_t* acc, int8_t* y) {
  int32_t j;
#ifdef EDGEC_QCONV__SSE2
  if (r->simd) {
    const __m128i off = _mm_set1_epi32(q->output_offset);
    const __m128i lo = _mm_set1_epi32(q->act_min - q->output_offset);
    const __m128i hi = _mm_set1_epi32(q->act_max - q->output_offset);
    const __m128i act_lo = _mm_set1_epi32(q->act_min), act_hi = _mm_set1_epi32(q->act_max);
    __m128i v[4];
    int8_t tmp[16];
    for (j = 0; j < 4; ++j)
      v[j] = edgec_qconv__rq4(_mm_loadu_si128((const __m128i*)(const void*)(acc + 4 * j)),
                              _mm_loadu_si128((const __m128i*)(const void*)(r->mul + 4 * j)),
                              _mm_loadu_si128((const __m128i*)(const void*)(r->pw + 4 * j)),
                              _mm_loadu_si128((const __m128i*)(const void*)(r->mask + 4 * j)), off, lo, hi, act_lo,
                              act_hi);
    v[0] = _mm_packs_epi16(_mm_packs_epi32(v[0], v[1]), _mm_packs_epi32(v[2], v[3]));
    if (m == 16) {
      _mm_storeu_si128((__m128i*)(void*)y, v[0]);
    } else {
      _mm_storeu_si128((__m128i*)(void*)tmp, v[0]);
      for (j = 0; j < m; ++j) y[j] = tmp[j];
    }
    return;
  }
#else
  (void)r;
#endif
  for (j = 0; j < m; ++j) y[j] = (int8_t)edgec_requant_output(q, c0 + j, acc[j]);
}

#endif /* EDGEC_KERNELS_REQUANT_H */
