/* IEEE binary16 (float16) and bfloat16 <-> float conversions, bit-exact, no FPU assumed. */
#ifndef EDGEC_KERNELS_HALF_H
#define EDGEC_KERNELS_HALF_H

#include <stdint.h>
#include <string.h>

/* All conversions work on the bit patterns with integer arithmetic only, round to
 * nearest even, and handle zeros, subnormals, infinities and NaN (NaN stays NaN: the
 * sign and the top payload bits are kept and the quiet bit is set). */

static inline uint32_t edgec_f32_bits(float f) {
  uint32_t u;
  memcpy(&u, &f, 4);
  return u;
}

static inline float edgec_f32_from_bits(uint32_t u) {
  float f;
  memcpy(&f, &u, 4);
  return f;
}

/* float16 -> float32 (exact). */
static inline float edgec_f16_to_f32(uint16_t h) {
  const uint32_t sign = (uint32_t)(h & 0x8000u) << 16;
  int32_t e = (h >> 10) & 0x1f;
  uint32_t m = h & 0x3ffu;
  if (e == 0x1f) return edgec_f32_from_bits(sign | 0x7f800000u | (m << 13)); /* inf / NaN */
  if (e == 0) {
    if (m == 0) return edgec_f32_from_bits(sign); /* +-0 */
    /* Subnormal m * 2^-24: normalise so the leading 1 lands on bit 10. */
    e = 1;
    while (!(m & 0x400u)) {
      m <<= 1;
      --e;
    }
    m &= 0x3ffu;
  }
  return edgec_f32_from_bits(sign | ((uint32_t)(e + 112) << 23) | (m << 13));
}

/* Rounds `mant >> shift` to nearest even (shift in 1..63). */
static inline uint64_t edgec_half_rne_shift(uint64_t mant, int32_t shift) {
  const uint64_t q = mant >> shift;
  const uint64_t rem = mant & (((uint64_t)1 << shift) - 1);
  const uint64_t halfway = (uint64_t)1 << (shift - 1);
  return q + (rem > halfway || (rem == halfway && (q & 1u)));
}

/* float32 -> float16, round to nearest even; |f| >= 65520 gives inf. */
static inline uint16_t edgec_f32_to_f16(float f) {
  const uint32_t u = edgec_f32_bits(f);
  const uint16_t sign = (uint16_t)((u >> 16) & 0x8000u);
  const uint32_t a = u & 0x7fffffffu;
  const int32_t e = (int32_t)(a >> 23);
  if (a >= 0x7f800000u) /* inf or NaN */
    return (uint16_t)(sign | 0x7c00u | (a > 0x7f800000u ? 0x200u | ((a >> 13) & 0x3ffu) : 0u));
  if (a >= 0x477ff000u) return (uint16_t)(sign | 0x7c00u); /* >= 65520: overflow */
  if (e >= 113) {                                          /* normal half (>= 2^-14) */
    /* Exponent and mantissa side by side: a carry out of the mantissa bumps the exponent. */
    return (uint16_t)(sign | edgec_half_rne_shift(a - ((uint32_t)112 << 23), 13));
  }
  if (e < 102) return sign; /* < 2^-25: rounds to zero */
  /* Subnormal half: value = (mantissa | 2^23) * 2^(e - 150), unit 2^-24. */
  return (uint16_t)(sign | edgec_half_rne_shift((a & 0x7fffffu) | 0x800000u, 126 - e));
}

/* float64 -> float16 rounded directly (one rounding, as numpy's astype(float16)), not
 * through float32 (which could round twice). */
static inline uint16_t edgec_f64_to_f16(double d) {
  uint64_t u, a;
  uint16_t sign;
  int32_t e;
  memcpy(&u, &d, 8);
  sign = (uint16_t)((u >> 48) & 0x8000u);
  a = u & 0x7fffffffffffffffull;
  e = (int32_t)(a >> 52);
  if (e == 0x7ff) /* inf or NaN */
    return (uint16_t)(sign | 0x7c00u |
                      ((a & 0xfffffffffffffull) ? 0x200u | (uint32_t)((a >> 42) & 0x3ffu) : 0u));
  if (a >= 0x40effe0000000000ull) return (uint16_t)(sign | 0x7c00u); /* >= 65520 */
  if (e >= 1009) return (uint16_t)(sign | edgec_half_rne_shift(a - ((uint64_t)1008 << 52), 42));
  if (e < 998) return sign; /* < 2^-25 */
  return (uint16_t)(sign | edgec_half_rne_shift((a & 0xfffffffffffffull) | ((uint64_t)1 << 52), 1051 - e));
}

/* bfloat16 -> float32 (exact: bfloat16 is the top half of a float32). */
static inline float edgec_bf16_to_f32(uint16_t b) { return edgec_f32_from_bits((uint32_t)b << 16); }

/* float32 -> bfloat16, round to nearest even (overflow rounds to inf); NaN stays NaN
 * (quiet bit set so a payload in the dropped bits cannot turn it into inf). */
static inline uint16_t edgec_f32_to_bf16(float f) {
  const uint32_t u = edgec_f32_bits(f);
  if ((u & 0x7fffffffu) > 0x7f800000u) return (uint16_t)((u >> 16) | 0x40u);
  return (uint16_t)((u + 0x7fffu + ((u >> 16) & 1u)) >> 16);
}

#endif /* EDGEC_KERNELS_HALF_H */
