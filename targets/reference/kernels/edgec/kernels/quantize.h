/* ONNX QuantizeLinear / DequantizeLinear (per-tensor and per-axis), the one definition used at
 * graph edges and around float fallbacks. */
#ifndef EDGEC_KERNELS_QUANTIZE_H
#define EDGEC_KERNELS_QUANTIZE_H

#include <stddef.h>
#include <stdint.h>

#include "edgec/kernels/requant.h"

/* The tensor is viewed as [outer, axis_size, inner]: element i uses scale/zero point
 * (i / inner) % axis_size. Per-tensor: axis_size = 1 (and outer * inner = count).
 * dtype is the ONNX TensorProto code of the integer side: 3 int8, 2 uint8, 5 int16,
 * 4 uint16, 6 int32 (dequantize only). zero_point may be NULL (all zero). */
typedef struct {
  int32_t outer, axis_size, inner;
  int32_t dtype;
  const float* scale;
  const int32_t* zero_point;
} edgec_quant_params;

/* saturate(round_half_even(x / scale) + zero_point), as ONNX QuantizeLinear and
 * onnxruntime. x / scale is a true IEEE division (never a multiplication by the
 * reciprocal) so every target produces the same bytes; +-inf and out-of-range values
 * saturate. NaN has no defined result in ONNX (onnxruntime's answer depends on its code
 * path); here it maps to the zero point, i.e. it quantizes like 0. */
static inline int32_t edgec_quantize__one(float x, float scale, int32_t zp, int32_t qmin, int32_t qmax) {
  const float r = edgec_round_half_even(x / scale);
  if (r != r) return zp;
  /* Compare before adding zp: every bound is exact in float for these 8/16-bit types. */
  if (r <= (float)(qmin - zp)) return qmin;
  if (r >= (float)(qmax - zp)) return qmax;
  return (int32_t)r + zp;
}

#if defined(__AVX2__) && !defined(EDGEC_KERNELS_NO_SIMD)
#include <immintrin.h>
#define EDGEC_QUANTIZE__AVX2 1
#endif

#ifdef EDGEC_QUANTIZE__AVX2
/* edgec_quantize__one on in[0..n) rounded down to a multiple of 8, to int8 or (is_unsigned)
 * uint8; returns how many it did. The same IEEE division, vroundps's ties to even (equal to
 * edgec_round_half_even on every float, as large ones and infinities are returned unchanged),
 * NaN to 0 (so to the zero point), the clamp in float against the same exact bounds, and
 * packs that cannot saturate (the values are in range). */
static inline int32_t edgec_quantize__8bit_avx2(const float* in, int32_t n, float scale, int32_t zp, int32_t qmin,
                                                int32_t qmax, void* out, int is_unsigned) {
  const __m256 s = _mm256_set1_ps(scale), lo = _mm256_set1_ps((float)(qmin - zp)), hi = _mm256_set1_ps((float)(qmax - zp));
  const __m256i z = _mm256_set1_epi32(zp);
  int32_t j;
  for (j = 0; j + 8 <= n; j += 8) {
    __m256 r = _mm256_round_ps(_mm256_div_ps(_mm256_loadu_ps(in + j), s), _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
    __m256i v;
    __m128i w;
    r = _mm256_and_ps(r, _mm256_cmp_ps(r, r, _CMP_ORD_Q));
    v = _mm256_add_epi32(_mm256_cvttps_epi32(_mm256_min_ps(_mm256_max_ps(r, lo), hi)), z);
    w = _mm_packs_epi32(_mm256_castsi256_si128(v), _mm256_extracti128_si256(v, 1));
    w = is_unsigned ? _mm_packus_epi16(w, w) : _mm_packs_epi16(w, w);
    _mm_storel_epi64((__m128i*)(void*)((uint8_t*)out + j), w);
  }
  return j;
}
#endif

static inline void edgec_quantize(const edgec_quant_params* p, const float* in, void* out) {
  /* Per tensor, the elements are one run (the emitter gives it as [count, 1, 1]). */
  const int32_t outer = p->axis_size == 1 ? 1 : p->outer;
  const int32_t inner = p->axis_size == 1 ? p->outer * p->inner : p->inner;
  int32_t o, a, j, qmin, qmax;
  size_t i = 0;
  switch (p->dtype) {
    case 3: qmin = -128, qmax = 127; break;
    case 2: qmin = 0, qmax = 255; break;
    case 5: qmin = -32768, qmax = 32767; break;
    case 4: qmin = 0, qmax = 65535; break;
    default: return; /* int32 has no QuantizeLinear */
  }
  for (o = 0; o < outer; ++o)
    for (a = 0; a < p->axis_size; ++a) {
      const float scale = p->scale[a];
      const int32_t zp = p->zero_point ? p->zero_point[a] : 0;
      j = 0;
#ifdef EDGEC_QUANTIZE__AVX2
      if (p->dtype == 3 || p->dtype == 2) {
        j = edgec_quantize__8bit_avx2(in + i, inner, scale, zp, qmin, qmax, (uint8_t*)out + i, p->dtype == 2);
        i += (size_t)j;
      }
#endif
      for (; j < inner; ++j, ++i) {
        const int32_t v = edgec_quantize__one(in[i], scale, zp, qmin, qmax);
        switch (p->dtype) {
          case 3: ((int8_t*)out)[i] = (int8_t)v; break;
          case 2: ((uint8_t*)out)[i] = (uint8_t)v; break;
          case 5: ((int16_t*)out)[i] = (int16_t)v; break;
          default: ((uint16_t*)out)[i] = (uint16_t)v; break;
        }
      }
    }
}

/* (float)(x - zero_point) * scale, as ONNX DequantizeLinear: the difference is exact
 * (int64, so int32 inputs cannot overflow), converted to float once and multiplied once,
 * so there is no expression a compiler could contract into an FMA. */
static inline void edgec_dequantize(const edgec_quant_params* p, const void* in, float* out) {
  int32_t o, a, j;
  size_t i = 0;
  for (o = 0; o < p->outer; ++o)
    for (a = 0; a < p->axis_size; ++a) {
      const float scale = p->scale[a];
      const int64_t zp = p->zero_point ? p->zero_point[a] : 0;
      for (j = 0; j < p->inner; ++j, ++i) {
        int64_t x;
        switch (p->dtype) {
          case 3: x = ((const int8_t*)in)[i]; break;
          case 2: x = ((const uint8_t*)in)[i]; break;
          case 5: x = ((const int16_t*)in)[i]; break;
          case 4: x = ((const uint16_t*)in)[i]; break;
          case 6: x = ((const int32_t*)in)[i]; break;
          default: return;
        }
        out[i] = (float)(x - zp) * scale;
      }
    }
}

#endif /* EDGEC_KERNELS_QUANTIZE_H */
