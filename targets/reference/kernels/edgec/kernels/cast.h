/* Reference Cast kernel between the common ONNX element types (no UB on any input). */
#ifndef EDGEC_KERNELS_CAST_H
#define EDGEC_KERNELS_CAST_H

#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "edgec/kernels/half.h"

/* ONNX TensorProto data type codes. */
typedef enum {
  EDGEC_DT_F32 = 1,
  EDGEC_DT_U8 = 2,
  EDGEC_DT_I8 = 3,
  EDGEC_DT_U16 = 4,
  EDGEC_DT_I16 = 5,
  EDGEC_DT_I32 = 6,
  EDGEC_DT_I64 = 7,
  EDGEC_DT_BOOL = 9,
  EDGEC_DT_F16 = 10,
  EDGEC_DT_F64 = 11,
  EDGEC_DT_U32 = 12,
  EDGEC_DT_U64 = 13,
  EDGEC_DT_BF16 = 16,
  EDGEC_DT_F8E4M3FN = 17,
  EDGEC_DT_F8E4M3FNUZ = 18,
  EDGEC_DT_F8E5M2 = 19,
  EDGEC_DT_F8E5M2FNUZ = 20
} edgec_dtype;

static inline int32_t edgec_dtype_size(int32_t type) {
  switch (type) {
    case EDGEC_DT_U8:
    case EDGEC_DT_I8:
    case EDGEC_DT_BOOL:
    case EDGEC_DT_F8E4M3FN:
    case EDGEC_DT_F8E4M3FNUZ:
    case EDGEC_DT_F8E5M2:
    case EDGEC_DT_F8E5M2FNUZ: return 1;
    case EDGEC_DT_I16:
    case EDGEC_DT_U16:
    case EDGEC_DT_F16:
    case EDGEC_DT_BF16: return 2;
    case EDGEC_DT_F32:
    case EDGEC_DT_U32:
    case EDGEC_DT_I32: return 4;
    case EDGEC_DT_U64:
    case EDGEC_DT_I64:
    case EDGEC_DT_F64: return 8;
    default: return 0;
  }
}

/* One source value, held exactly: integers (and bool) as int64, floats as double. */
typedef struct {
  int is_float;
  int64_t i;
  double f;
} edgec_cast_value;

static inline edgec_cast_value edgec_cast_load(const unsigned char* src, int32_t type) {
  edgec_cast_value v = {0, 0, 0.0};
  switch (type) {
    case EDGEC_DT_F32: { float x; memcpy(&x, src, 4); v.is_float = 1; v.f = x; break; }
    case EDGEC_DT_F64: { double x; memcpy(&x, src, 8); v.is_float = 1; v.f = x; break; }
    case EDGEC_DT_F16: { uint16_t x; memcpy(&x, src, 2); v.is_float = 1; v.f = edgec_f16_to_f32(x); break; }
    case EDGEC_DT_BF16: { uint16_t x; memcpy(&x, src, 2); v.is_float = 1; v.f = edgec_bf16_to_f32(x); break; }
    case EDGEC_DT_F8E4M3FN:
    case EDGEC_DT_F8E4M3FNUZ:
    case EDGEC_DT_F8E5M2:
    case EDGEC_DT_F8E5M2FNUZ: v.is_float = 1; v.f = edgec_f8_to_f32(src[0], type); break;
    case EDGEC_DT_U8: v.i = src[0]; break;
    case EDGEC_DT_I8: { int8_t x; memcpy(&x, src, 1); v.i = x; break; }
    case EDGEC_DT_BOOL: v.i = src[0] != 0; break;
    case EDGEC_DT_I16: { int16_t x; memcpy(&x, src, 2); v.i = x; break; }
    case EDGEC_DT_U16: { uint16_t x; memcpy(&x, src, 2); v.i = x; break; }
    case EDGEC_DT_U32: { uint32_t x; memcpy(&x, src, 4); v.i = x; break; }
    /* Values above INT64_MAX keep their bits (wrap), as numpy's astype does for ints. */
    case EDGEC_DT_U64: { uint64_t x; memcpy(&x, src, 8); v.i = (int64_t)x; break; }
    case EDGEC_DT_I32: { int32_t x; memcpy(&x, src, 4); v.i = x; break; }
    case EDGEC_DT_I64: { int64_t x; memcpy(&x, src, 8); v.i = x; break; }
    default: break;
  }
  return v;
}

/* Float -> integer: truncate toward zero, saturate to [lo, hi], NaN -> 0 (ONNX leaves
 * out-of-range results implementation-defined; saturating avoids C's UB). */
static inline int64_t edgec_cast_float_to_int(double x, int64_t lo, int64_t hi) {
  if (x != x) return 0;
  /* Compare in double against bounds that are exact powers of two or small integers. */
  if (x <= (double)lo) return lo;
  if (hi == INT64_MAX) {
    if (x >= 9223372036854775808.0) return hi; /* 2^63 */
  } else if (x >= (double)hi) {
    return hi;
  }
  return (int64_t)x;
}

/* Integer -> narrower integer wraps modulo 2^bits (two's complement, as numpy astype);
 * done through unsigned arithmetic so it is defined C and C++. */
static inline int64_t edgec_cast_wrap(int64_t x, int32_t bits) {
  const uint64_t mask = (bits >= 64) ? ~(uint64_t)0 : (((uint64_t)1 << bits) - 1);
  const uint64_t u = (uint64_t)x & mask;
  if (bits >= 64) return x;
  if (u >> (bits - 1)) return -(int64_t)(mask - u) - 1; /* negative in two's complement */
  return (int64_t)u;
}

/* double -> float with round-to-nearest and IEEE overflow to +-inf, without relying on
 * the (formally undefined) out-of-range conversion. */
static inline float edgec_cast_double_to_float(double x) {
  const double flt_max = 3.40282346638528859812e+38;
  const double overflow = 3.40282356779733661637e+38; /* FLT_MAX + half an ulp: rounds to inf */
  if (x != x) return signbit(x) ? -NAN : NAN; /* keeps the NaN's sign, as numpy does */
  if (x >= overflow) return INFINITY;
  if (x <= -overflow) return -INFINITY;
  if (x > flt_max) return 3.40282346638528859812e+38f;
  if (x < -flt_max) return -3.40282346638528859812e+38f;
  return (float)x;
}

static inline void edgec_cast_store(unsigned char* dst, int32_t type, edgec_cast_value v, int32_t saturate) {
  int64_t i = 0;
  switch (type) {
    case EDGEC_DT_F8E4M3FN:
    case EDGEC_DT_F8E4M3FNUZ:
    case EDGEC_DT_F8E5M2:
    case EDGEC_DT_F8E5M2FNUZ:
      /* Through float32, as onnx's reference does (x.astype(float32) then encode). */
      dst[0] = edgec_f32_to_f8(v.is_float ? edgec_cast_double_to_float(v.f) : (float)v.i, type, saturate);
      return;
    case EDGEC_DT_F32: {
      const float x = v.is_float ? edgec_cast_double_to_float(v.f) : (float)v.i;
      memcpy(dst, &x, 4);
      return;
    }
    case EDGEC_DT_F64: {
      const double x = v.is_float ? v.f : (double)v.i;
      memcpy(dst, &x, 8);
      return;
    }
    case EDGEC_DT_F16: {
      /* One rounding from the exact value (numpy astype(float16) rounds float64 directly). */
      const uint16_t x = edgec_f64_to_f16(v.is_float ? v.f : (double)v.i);
      memcpy(dst, &x, 2);
      return;
    }
    case EDGEC_DT_BF16: {
      /* Through float32, as onnxruntime and ml_dtypes do (float64 -> float32 -> bfloat16). */
      const uint16_t x = edgec_f32_to_bf16(edgec_cast_double_to_float(v.is_float ? v.f : (double)v.i));
      memcpy(dst, &x, 2);
      return;
    }
    case EDGEC_DT_BOOL:
      dst[0] = (unsigned char)(v.is_float ? v.f != 0.0 : v.i != 0);
      return;
    case EDGEC_DT_U8: i = v.is_float ? edgec_cast_float_to_int(v.f, 0, 255) : edgec_cast_wrap(v.i, 8); break;
    case EDGEC_DT_I8: i = v.is_float ? edgec_cast_float_to_int(v.f, -128, 127) : edgec_cast_wrap(v.i, 8); break;
    case EDGEC_DT_I16: i = v.is_float ? edgec_cast_float_to_int(v.f, -32768, 32767) : edgec_cast_wrap(v.i, 16); break;
    case EDGEC_DT_I32:
      i = v.is_float ? edgec_cast_float_to_int(v.f, INT32_MIN, INT32_MAX) : edgec_cast_wrap(v.i, 32);
      break;
    case EDGEC_DT_I64: i = v.is_float ? edgec_cast_float_to_int(v.f, INT64_MIN, INT64_MAX) : v.i; break;
    case EDGEC_DT_U16: i = v.is_float ? edgec_cast_float_to_int(v.f, 0, 65535) : edgec_cast_wrap(v.i, 16); break;
    case EDGEC_DT_U32: i = v.is_float ? edgec_cast_float_to_int(v.f, 0, 4294967295LL) : edgec_cast_wrap(v.i, 32); break;
    case EDGEC_DT_U64: i = v.is_float ? edgec_cast_float_to_int(v.f, 0, INT64_MAX) : v.i; break;
    default: return;
  }
  switch (type) {
    case EDGEC_DT_U8: dst[0] = (unsigned char)((uint64_t)i & 0xFFu); break;
    case EDGEC_DT_I8: { const int8_t x = (int8_t)i; memcpy(dst, &x, 1); break; }
    case EDGEC_DT_I16: { const int16_t x = (int16_t)i; memcpy(dst, &x, 2); break; }
    case EDGEC_DT_U16: { const uint16_t x = (uint16_t)((uint64_t)i & 0xFFFFu); memcpy(dst, &x, 2); break; }
    case EDGEC_DT_I32: { const int32_t x = (int32_t)i; memcpy(dst, &x, 4); break; }
    case EDGEC_DT_U32: { const uint32_t x = (uint32_t)((uint64_t)i & 0xFFFFFFFFu); memcpy(dst, &x, 4); break; }
    default: memcpy(dst, &i, 8); break;
  }
}

/* ONNX Cast of `count` elements (the `saturate` attribute only matters for float8 targets;
 * see edgec_cast below for the rest). To float8 converts to float32 first, then rounds to
 * nearest even: saturate != 0 clamps out-of-range values and +-inf to +-max, saturate == 0
 * gives inf (E5M2) or NaN (the other float8 types). From float8 decodes exactly to float,
 * then converts on like any float source (float8 -> float8 of another kind goes through
 * float32 and is re-encoded). */
static inline void edgec_cast_sat(const void* in, int32_t in_type, void* out, int32_t out_type, int32_t count,
                                  int32_t saturate) {
  const unsigned char* src = (const unsigned char*)in;
  unsigned char* dst = (unsigned char*)out;
  const int32_t in_size = edgec_dtype_size(in_type), out_size = edgec_dtype_size(out_type);
  int32_t k;
  if (in_size == 0 || out_size == 0 || count <= 0) return;
  /* Same-type casts take the general path too (the compiler folds them away); a
   * memmove fast path here trips GCC -O3's -Warray-bounds in callers built with -Werror. */
  for (k = 0; k < count; ++k)
    edgec_cast_store(dst + (size_t)k * out_size, out_type, edgec_cast_load(src + (size_t)k * in_size, in_type),
                     saturate);
}

/* ONNX Cast of `count` elements. Float -> int truncates toward zero and saturates (NaN -> 0);
 * int -> narrower int wraps; anything -> bool is (x != 0); bool -> number is 0/1; float64 ->
 * float32 rounds to nearest. float16 / bfloat16 go through float (exact when widening);
 * narrowing to float16 rounds once, to nearest even, from the exact source value (also
 * from float64 and int64); narrowing to bfloat16 rounds to float32 first, then to
 * nearest even. Same type is a plain copy. Float8 targets saturate (ONNX's default,
 * saturate=1); this is edgec_cast_sat(..., 1). */
static inline void edgec_cast(const void* in, int32_t in_type, void* out, int32_t out_type, int32_t count) {
  edgec_cast_sat(in, in_type, out, out_type, count, 1);
}

#endif /* EDGEC_KERNELS_CAST_H */
