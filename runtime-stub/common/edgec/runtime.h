/* edgec runtime: definitions shared by all emitted code and kernels (C11 and C++17 compatible). */
#ifndef EDGEC_RUNTIME_H
#define EDGEC_RUNTIME_H

/* Emitted code runs on bare-metal targets: this header must stay free of heap use,
 * OS calls and static constructors, and only pull in freestanding-friendly headers. */
#include <math.h>
#include <stdint.h>

/* Arena buffers and constant tables are declared with this so kernels can rely on
 * natural alignment (and targets with SIMD kernels on wider alignment). */
#if defined(__cplusplus)
#define EDGEC_ALIGN(n) alignas(n)
#else
#define EDGEC_ALIGN(n) _Alignas(n)
#endif

typedef enum {
  EDGEC_OK = 0,
  EDGEC_ERR_ARG = 1,
  EDGEC_ERR_ARENA = 2,
  EDGEC_ERR_CUSTOM_OP = 3 /* a --custom-op function returned nonzero */
} edgec_status;

typedef enum {
  EDGEC_ACT_NONE = 0,
  EDGEC_ACT_RELU = 1,
  EDGEC_ACT_CLIP = 2,
  EDGEC_ACT_SIGMOID = 3,
  EDGEC_ACT_TANH = 4,
  EDGEC_ACT_LEAKY_RELU = 5,
  EDGEC_ACT_HARD_SIGMOID = 6,
  EDGEC_ACT_HARD_SWISH = 7
} edgec_activation;

/* Fused activation descriptor. `kind` is an edgec_activation stored as int32_t so the
 * struct layout is fixed regardless of the compiler's enum size. min/max are used by
 * CLIP, alpha by LEAKY_RELU, alpha and beta by HARD_SIGMOID (ONNX's). */
typedef struct {
  int32_t kind;
  float min, max, alpha, beta;
} edgec_act;

/* Applies a fused activation to one value. Kernels call this once per output element
 * after accumulation so fused and unfused graphs compute identical results. */
static inline float edgec_apply_act(const edgec_act* a, float x) {
  if (!a) return x;
  switch (a->kind) {
    case EDGEC_ACT_RELU:
      return x > 0.0f ? x : 0.0f;
    case EDGEC_ACT_CLIP:
      /* Compare-and-select (not fminf/fmaxf) so NaN inputs propagate like onnxruntime. */
      if (x < a->min) return a->min;
      if (x > a->max) return a->max;
      return x;
    case EDGEC_ACT_SIGMOID:
      return 1.0f / (1.0f + expf(-x));
    case EDGEC_ACT_TANH:
      return tanhf(x);
    case EDGEC_ACT_LEAKY_RELU:
      return x < 0.0f ? a->alpha * x : x;
    case EDGEC_ACT_HARD_SIGMOID: {
      const float y = a->alpha * x + a->beta;
      return y < 0.0f ? 0.0f : (y > 1.0f ? 1.0f : y);
    }
    case EDGEC_ACT_HARD_SWISH: {
      /* x * HardSigmoid(x; 1/6, 1/2), as ONNX defines it. */
      const float y = x / 6.0f + 0.5f;
      return x * (y < 0.0f ? 0.0f : (y > 1.0f ? 1.0f : y));
    }
    default:
      return x;
  }
}

/* Applies a fused activation to T[0..N) in place, exactly as edgec_apply_act does per
 * element; the common kinds get branch-free loops that compilers vectorise. */
#define EDGEC_APPLY_ACT_N(ACT, T, N)                                                             \
  do {                                                                                           \
    const edgec_act* act_ = (ACT);                                                               \
    int32_t l_;                                                                                  \
    if (!act_ || act_->kind == EDGEC_ACT_NONE) break;                                            \
    if (act_->kind == EDGEC_ACT_RELU) {                                                          \
      for (l_ = 0; l_ < (N); ++l_) T[l_] = T[l_] > 0.0f ? T[l_] : 0.0f;                          \
    } else if (act_->kind == EDGEC_ACT_CLIP) {                                                   \
      const float mn_ = act_->min, mx_ = act_->max;                                              \
      for (l_ = 0; l_ < (N); ++l_) {                                                             \
        /* Two plain selects (not nested) so the loop if-converts; same result, NaN kept. */     \
        const float v_ = T[l_] > mx_ ? mx_ : T[l_];                                              \
        T[l_] = T[l_] < mn_ ? mn_ : v_;                                                          \
      }                                                                                          \
    } else if (act_->kind == EDGEC_ACT_HARD_SIGMOID) {                                           \
      const float al_ = act_->alpha, be_ = act_->beta;                                           \
      for (l_ = 0; l_ < (N); ++l_) {                                                             \
        const float y_ = al_ * T[l_] + be_;                                                      \
        const float v_ = y_ > 1.0f ? 1.0f : y_;                                                  \
        T[l_] = y_ < 0.0f ? 0.0f : v_;                                                           \
      }                                                                                          \
    } else if (act_->kind == EDGEC_ACT_HARD_SWISH) {                                             \
      for (l_ = 0; l_ < (N); ++l_) {                                                             \
        const float y_ = T[l_] / 6.0f + 0.5f;                                                    \
        const float v_ = y_ > 1.0f ? 1.0f : y_;                                                  \
        T[l_] = T[l_] * (y_ < 0.0f ? 0.0f : v_);                                                 \
      }                                                                                          \
    } else {                                                                                     \
      for (l_ = 0; l_ < (N); ++l_) T[l_] = edgec_apply_act(act_, T[l_]);                         \
    }                                                                                            \
  } while (0)

#endif /* EDGEC_RUNTIME_H */
