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

/* ---------------------------------------------------------------------------------------
 * float8 (ONNX FLOAT8E4M3FN = 17, FLOAT8E4M3FNUZ = 18, FLOAT8E5M2 = 19, FLOAT8E5M2FNUZ = 20).
 * Bit-exact ports of onnx's reference implementation (onnx.numpy_helper.float8e4m3_to_float32
 * / float8e5m2_to_float32 and onnx.helper.float32_to_float8e4m3 / float32_to_float8e5m2,
 * which onnxruntime's float8.h mirrors):
 *   E4M3FN:   bias 7, no inf, NaN = 0x7F / 0xFF, max 448.
 *   E4M3FNUZ: bias 8, no inf, no -0, NaN = 0x80 only, max 240.
 *   E5M2:     bias 15, IEEE-like: inf = 0x7C / 0xFC, NaN = 0x7D..0x7F / 0xFD..0xFF, max 57344.
 *   E5M2FNUZ: bias 16, no inf, no -0, NaN = 0x80 only, max 57344.
 * Encoding rounds to nearest even. saturate != 0: out-of-range values (and +-inf) become
 * +-max; saturate == 0: they become inf (E5M2) or NaN (the others). Any float32 NaN gives
 * NaN (0x7F|sign for E4M3FN / E5M2, 0x80 for the FNUZ types). One quirk of the reference
 * is kept on purpose: for E4M3FN a value whose top mantissa bits would select the NaN
 * code 0x7F (|x| in [480, 512)) is first clamped to 448 and then only the rounding bit
 * decides, so with saturate == 0 |x| in [480, 496) gives 448, not NaN, exactly as onnx
 * and onnxruntime do.
 * ------------------------------------------------------------------------------------- */
enum {
  EDGEC_F8_E4M3FN = 17,
  EDGEC_F8_E4M3FNUZ = 18,
  EDGEC_F8_E5M2 = 19,
  EDGEC_F8_E5M2FNUZ = 20
};

/* float8 bits -> float32 (exact). NaN decodes to 0x7FC00000 (0xFFC00000 for the
 * negative NaN codes of E4M3FN / E5M2), as numpy's float32(+-nan). */
static inline float edgec_f8_to_f32(uint8_t v, int32_t type) {
  const uint32_t sign = (uint32_t)(v & 0x80u) << 24;
  const int32_t e4 = (type == EDGEC_F8_E4M3FN || type == EDGEC_F8_E4M3FNUZ);
  const int32_t uz = (type == EDGEC_F8_E4M3FNUZ || type == EDGEC_F8_E5M2FNUZ);
  const int32_t mbits = e4 ? 3 : 2;
  const int32_t bias = e4 ? (uz ? 8 : 7) : (uz ? 16 : 15);
  int32_t expo = (int32_t)((v & 0x7Fu) >> mbits);
  uint32_t mant = v & ((1u << mbits) - 1u);
  if (uz) {
    if (v == 0x80u) return edgec_f32_from_bits(0x7FC00000u);
  } else if (e4) {
    if ((v & 0x7Fu) == 0x7Fu) return edgec_f32_from_bits(sign | 0x7FC00000u);
  } else if (expo == 31) {
    return edgec_f32_from_bits(sign | (mant ? 0x7FC00000u : 0x7F800000u));
  }
  if (expo == 0) {
    if (mant == 0) return edgec_f32_from_bits(sign); /* +-0 */
    /* Subnormal mant * 2^(1 - bias - mbits): normalise so the leading 1 is bit mbits. */
    expo = 1;
    while (!(mant & (1u << mbits))) {
      mant <<= 1;
      --expo;
    }
    mant &= (1u << mbits) - 1u;
  }
  return edgec_f32_from_bits(sign | ((uint32_t)(expo + 127 - bias) << 23) | (mant << (23 - mbits)));
}

/* Rounding test of the reference's subnormal path: round up when the bit at `mask` is set
 * and (the kept lsb is odd or anything below `mask` is set). */
static inline int32_t edgec_f8_round_sub(uint32_t m, uint32_t mask, uint32_t ret) {
  return (m & mask) && ((ret & 1u) || (m & (mask - 1u)));
}

/* float32 -> float8 bits, round to nearest even (see above for saturate). */
static inline uint8_t edgec_f32_to_f8(float x, int32_t type, int32_t saturate) {
  const uint32_t b = edgec_f32_bits(x);
  const uint32_t e = (b & 0x7F800000u) >> 23;
  const uint32_t m = b & 0x007FFFFFu;
  const int32_t is_nan = (b & 0x7FFFFFFFu) > 0x7F800000u;
  const int32_t is_inf = (b & 0x7FFFFFFFu) == 0x7F800000u;
  uint32_t ret = (b & 0x80000000u) >> 24;
  switch (type) {
    case EDGEC_F8_E4M3FN:
      if (is_nan) return (uint8_t)(0x7Fu | ret);
      if (is_inf) return (uint8_t)(saturate ? (ret | 0x7Eu) : (ret | 0x7Fu));
      if (e < 117) return (uint8_t)ret; /* +-0 (rounds to zero) */
      if (e < 121) { /* float8 subnormal */
        const int32_t ex = (int32_t)e - 120;
        if (ex >= -2) {
          ret |= 1u << (2 + ex);
          ret |= m >> (21 - ex);
        } else if (m > 0) {
          ret |= 1u;
        }
        if (ex > -3 && edgec_f8_round_sub(m, 1u << (20 - ex), ret)) ret += 1u;
        return (uint8_t)ret;
      }
      if (e < 136) { /* normal */
        const uint32_t ex = e - 120;
        if (ex == 0) {
          ret |= 0x4u;
          ret |= m >> 21;
        } else {
          ret |= ex << 3;
          ret |= m >> 20;
          if ((ret & 0x7Fu) == 0x7Fu) ret &= 0xFEu;
        }
        if ((m & 0x80000u) && ((m & 0x100000u) || (m & 0x7FFFFu))) {
          if ((ret & 0x7Fu) < 0x7Eu)
            ret += 1u;
          else if (!saturate)
            ret |= 0x7Fu;
        }
        return (uint8_t)ret;
      }
      return (uint8_t)(saturate ? (ret | 0x7Eu) : (ret | 0x7Fu));
    case EDGEC_F8_E4M3FNUZ:
      if (is_nan) return 0x80u;
      if (is_inf) return (uint8_t)(saturate ? (ret | 0x7Fu) : 0x80u);
      if (e < 116) return 0u;
      if (e < 120) { /* float8 subnormal */
        const int32_t ex = (int32_t)e - 119;
        if (ex >= -2) {
          ret |= 1u << (2 + ex);
          ret |= m >> (21 - ex);
        } else if (m > 0) {
          ret |= 1u;
        } else {
          ret = 0u;
        }
        if (ex > -3 && edgec_f8_round_sub(m, 1u << (20 - ex), ret)) ret += 1u;
        return (uint8_t)ret;
      }
      if (e < 135) { /* normal */
        const uint32_t ex = e - 119;
        if (ex == 0) {
          ret |= 0x4u;
          ret |= m >> 21;
        } else {
          ret |= ex << 3;
          ret |= m >> 20;
        }
        if ((m & 0x80000u) && ((m & 0x100000u) || (m & 0x7FFFFu))) {
          if ((ret & 0x7Fu) < 0x7Fu)
            ret += 1u;
          else if (!saturate)
            return 0x80u;
        }
        return (uint8_t)ret;
      }
      return (uint8_t)(saturate ? (ret | 0x7Fu) : 0x80u);
    case EDGEC_F8_E5M2:
      if (is_nan) return (uint8_t)(0x7Fu | ret);
      if (is_inf) return (uint8_t)(saturate ? (ret | 0x7Bu) : (ret | 0x7Cu));
      if (e < 110) return (uint8_t)ret; /* +-0 */
      if (e < 113) { /* float8 subnormal */
        const int32_t ex = (int32_t)e - 112;
        if (ex >= -1) {
          ret |= 1u << (1 + ex);
          ret |= m >> (22 - ex);
        } else if (m > 0) {
          ret |= 1u;
        }
        if (ex > -2 && edgec_f8_round_sub(m, 1u << (21 - ex), ret)) ret += 1u;
        return (uint8_t)ret;
      }
      if (e < 143) { /* normal */
        ret |= (e - 112) << 2;
        ret |= m >> 21;
        if ((m & 0x100000u) && ((m & 0xFFFFFu) || (m & 0x200000u))) {
          if ((ret & 0x7Fu) < 0x7Bu)
            ret += 1u;
          else
            ret |= saturate ? 0x7Bu : 0x7Cu;
        }
        return (uint8_t)ret;
      }
      return (uint8_t)(ret | (saturate ? 0x7Bu : 0x7Cu));
    case EDGEC_F8_E5M2FNUZ:
      if (is_nan) return 0x80u;
      if (is_inf) return (uint8_t)(saturate ? (ret | 0x7Fu) : 0x80u);
      if (e < 109) return 0u;
      if (e < 112) { /* float8 subnormal */
        const int32_t ex = (int32_t)e - 111;
        if (ex >= -1) {
          ret |= 1u << (1 + ex);
          ret |= m >> (22 - ex);
        } else if (m > 0) {
          ret |= 1u;
        } else {
          ret = 0u;
        }
        if (ex > -2 && edgec_f8_round_sub(m, 1u << (21 - ex), ret)) ret += 1u;
        return (uint8_t)ret;
      }
      if (e < 143) { /* normal */
        ret |= (e - 111) << 2;
        ret |= m >> 21;
        if ((m & 0x100000u) && ((m & 0xFFFFFu) || (m & 0x200000u))) {
          if ((ret & 0x7Fu) < 0x7Fu)
            ret += 1u;
          else if (!saturate)
            return 0x80u;
        }
        return (uint8_t)ret;
      }
      return (uint8_t)(saturate ? (ret | 0x7Fu) : 0x80u);
    default:
      return 0u;
  }
}

#endif /* EDGEC_KERNELS_HALF_H */
