/* Eight-lane float vectors for the kernels that work on panels of eight output channels.
 *
 * EDGEC_F32_FMA says whether those kernels fuse a multiply with the following add (one
 * rounding) or round twice. It follows the hardware the code is built for (x86 FMA,
 * AArch64, any core whose compiler defines __ARM_FEATURE_FMA) and may be set by the build;
 * the vector and the scalar forms round alike, so a kernel's bits depend only on it.
 *
 * The vector operations are macros, not functions: a 32-byte vector passed by value has a
 * different ABI with and without AVX, which GCC reports for every such function. */
#ifndef EDGEC_KERNELS_SIMD_H
#define EDGEC_KERNELS_SIMD_H

#include <math.h>

#ifndef EDGEC_F32_FMA
#if defined(__FMA__) || defined(__ARM_FEATURE_FMA) || defined(__aarch64__)
#define EDGEC_F32_FMA 1
#else
#define EDGEC_F32_FMA 0
#endif
#endif

/* acc + a * b, in the kernels' one rounding mode. */
static inline float edgec_f32_madd(float a, float b, float acc) {
#if EDGEC_F32_FMA
#if defined(__GNUC__)
  return __builtin_fmaf(a, b, acc);
#else
  return fmaf(a, b, acc);
#endif
#else
  return acc + a * b;
#endif
}

#if defined(__GNUC__)
#if defined(__AVX__)
#include <immintrin.h>
#endif
typedef float edgec_f32x8 __attribute__((vector_size(32)));
/* The same vector at float alignment, for loads and stores anywhere in a buffer. */
typedef float edgec_f32x8_u __attribute__((vector_size(32), aligned(4), may_alias));
#define EDGEC_F32X8_LOAD(V, P) ((V) = *(const edgec_f32x8_u*)(const void*)(P))
#define EDGEC_F32X8_STORE(P, V) (*(edgec_f32x8_u*)(void*)(P) = (V))
#ifdef __cplusplus
#define EDGEC_F32X8_SPLAT(V, X) ((V) = edgec_f32x8{(X), (X), (X), (X), (X), (X), (X), (X)})
#else
#define EDGEC_F32X8_SPLAT(V, X) ((V) = (edgec_f32x8){(X), (X), (X), (X), (X), (X), (X), (X)})
#endif
/* ACC += A * B, rounded as edgec_f32_madd rounds. A and B are variables. */
#if EDGEC_F32_FMA && defined(__FMA__)
#define EDGEC_F32X8_MADD(ACC, A, B) ((ACC) = _mm256_fmadd_ps((A), (B), (ACC)))
#elif EDGEC_F32_FMA
#define EDGEC_F32X8_MADD(ACC, A, B)                                                        \
  do {                                                                                     \
    int l_;                                                                                \
    for (l_ = 0; l_ < 8; ++l_) (ACC)[l_] = edgec_f32_madd((A)[l_], (B)[l_], (ACC)[l_]);     \
  } while (0)
#else
#define EDGEC_F32X8_MADD(ACC, A, B) ((ACC) += (A) * (B))
#endif
#else
/* Other compilers: the same operations lane by lane on plain arrays. */
typedef struct {
  float v[8];
} edgec_f32x8;
#define EDGEC__F32X8_LANES(STMT) \
  do {                           \
    int l_;                      \
    for (l_ = 0; l_ < 8; ++l_) { \
      STMT;                      \
    }                            \
  } while (0)
#define EDGEC_F32X8_LOAD(V, P) EDGEC__F32X8_LANES((V).v[l_] = (P)[l_])
#define EDGEC_F32X8_STORE(P, V) EDGEC__F32X8_LANES((P)[l_] = (V).v[l_])
#define EDGEC_F32X8_SPLAT(V, X) EDGEC__F32X8_LANES((V).v[l_] = (X))
#define EDGEC_F32X8_MADD(ACC, A, B) EDGEC__F32X8_LANES((ACC).v[l_] = edgec_f32_madd((A).v[l_], (B).v[l_], (ACC).v[l_]))
#endif

#endif /* EDGEC_KERNELS_SIMD_H */
