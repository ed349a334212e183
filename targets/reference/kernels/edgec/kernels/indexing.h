/* Reference index kernels: ArgMax/ArgMin, TopK, CumSum and GatherElements, each along one axis of a
 * tensor seen as [outer, n, inner] (GatherElements: any rank up to 8). */
#ifndef EDGEC_KERNELS_INDEXING_H
#define EDGEC_KERNELS_INDEXING_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* out[o][i] = the index k in [0, n) of the largest (is_min: smallest) in[o][k][i]; ties take
 * the first k, or the last with select_last. The _idx32 variants write int32 indices (what
 * edge-narrow-indices leaves where the indices fit, which n always does). */
#define EDGEC_DEFINE_ARG_REDUCE_IDX(NAME, T, I)                                                          \
  static inline void NAME(int32_t outer, int32_t n, int32_t inner, int32_t is_min,                       \
                          int32_t select_last, const T* in, I* out) {                                     \
    int32_t o, i, k;                                                                                     \
    for (o = 0; o < outer; ++o)                                                                          \
      for (i = 0; i < inner; ++i) {                                                                      \
        const T* x = in + (size_t)o * (size_t)n * (size_t)inner + i;                                     \
        T best = x[0];                                                                                   \
        I at = 0;                                                                                        \
        for (k = 1; k < n; ++k) {                                                                        \
          const T v = x[(size_t)k * (size_t)inner];                                                      \
          const int better = is_min ? (v < best) : (v > best);                                           \
          if (better || (select_last && v == best)) {                                                    \
            best = v;                                                                                    \
            at = k;                                                                                      \
          }                                                                                              \
        }                                                                                                \
        out[(size_t)o * (size_t)inner + i] = at;                                                         \
      }                                                                                                  \
  }

#define EDGEC_DEFINE_ARG_REDUCE(SUF, T)                          \
  EDGEC_DEFINE_ARG_REDUCE_IDX(edgec_arg_reduce_##SUF, T, int64_t) \
  EDGEC_DEFINE_ARG_REDUCE_IDX(edgec_arg_reduce_##SUF##_idx32, T, int32_t)

EDGEC_DEFINE_ARG_REDUCE(f32, float)
EDGEC_DEFINE_ARG_REDUCE(f64, double)
EDGEC_DEFINE_ARG_REDUCE(i8, int8_t)
EDGEC_DEFINE_ARG_REDUCE(u8, uint8_t)
EDGEC_DEFINE_ARG_REDUCE(i32, int32_t)
EDGEC_DEFINE_ARG_REDUCE(i64, int64_t)

/* TopK: the k first of in[o][.][i] in the order largest-first (or smallest-first) into
 * values/indices [o][k][i]; equal values keep their index order, NaN ranks above every number.
 * One insertion pass per row: O(n * k), no scratch memory. */
#define EDGEC_TOP_K_BEFORE(a, b, largest) \
  ((largest) ? ((a) > (b) || ((a) != (a) && (b) == (b))) : ((a) < (b) || ((b) != (b) && (a) == (a))))
#define EDGEC_DEFINE_TOP_K_IDX(NAME, T, I)                                                                \
  static inline void NAME(int32_t outer, int32_t n, int32_t inner, int32_t k, int32_t largest,            \
                          const T* in, T* values, I* indices) {                                           \
    int32_t o, i, j, p, q;                                                                               \
    for (o = 0; o < outer; ++o)                                                                          \
      for (i = 0; i < inner; ++i) {                                                                      \
        const T* x = in + (size_t)o * (size_t)n * (size_t)inner + i;                                     \
        T* v = values + (size_t)o * (size_t)k * (size_t)inner + i;                                       \
        I* at = indices + (size_t)o * (size_t)k * (size_t)inner + i;                                    \
        int32_t count = 0;                                                                               \
        for (j = 0; j < n; ++j) {                                                                        \
          const T cur = x[(size_t)j * (size_t)inner];                                                    \
          for (p = count; p > 0 && EDGEC_TOP_K_BEFORE(cur, v[(size_t)(p - 1) * (size_t)inner], largest); --p) \
            ;                                                                                            \
          if (p >= k) continue;                                                                          \
          for (q = count < k ? count : k - 1; q > p; --q) {                                              \
            v[(size_t)q * (size_t)inner] = v[(size_t)(q - 1) * (size_t)inner];                           \
            at[(size_t)q * (size_t)inner] = at[(size_t)(q - 1) * (size_t)inner];                         \
          }                                                                                              \
          v[(size_t)p * (size_t)inner] = cur;                                                            \
          at[(size_t)p * (size_t)inner] = j;                                                             \
          if (count < k) ++count;                                                                        \
        }                                                                                                \
      }                                                                                                  \
  }

/* The _idx32 variants write int32 indices (edge-narrow-indices). */
#define EDGEC_DEFINE_TOP_K(SUF, T)                          \
  EDGEC_DEFINE_TOP_K_IDX(edgec_top_k_##SUF, T, int64_t)     \
  EDGEC_DEFINE_TOP_K_IDX(edgec_top_k_##SUF##_idx32, T, int32_t)

EDGEC_DEFINE_TOP_K(f32, float)
EDGEC_DEFINE_TOP_K(f64, double)
EDGEC_DEFINE_TOP_K(i8, int8_t)
EDGEC_DEFINE_TOP_K(u8, uint8_t)
EDGEC_DEFINE_TOP_K(i32, int32_t)
EDGEC_DEFINE_TOP_K(i64, int64_t)
EDGEC_DEFINE_TOP_K(u32, uint32_t)
EDGEC_DEFINE_TOP_K(u64, uint64_t)

/* Running sums along the axis, in the element type (integers wrap modulo 2^bits, computed
 * unsigned); exclusive: each output leaves its own element out; reverse: from the end.
 * In-place safe. */
#define EDGEC_DEFINE_CUMSUM(SUF, T, U)                                                                   \
  static inline void edgec_cumsum_##SUF(int32_t outer, int32_t n, int32_t inner, int32_t exclusive,       \
                                        int32_t reverse, const T* in, T* out) {                          \
    int32_t o, i, step;                                                                                  \
    for (o = 0; o < outer; ++o)                                                                          \
      for (i = 0; i < inner; ++i) {                                                                      \
        U acc = 0;                                                                                       \
        for (step = 0; step < n; ++step) {                                                               \
          const int32_t k = reverse ? n - 1 - step : step;                                               \
          const size_t at = ((size_t)o * (size_t)n + (size_t)k) * (size_t)inner + i;                     \
          const U v = (U)in[at];                                                                         \
          if (!exclusive) acc += v;                                                                      \
          out[at] = (T)acc;                                                                              \
          if (exclusive) acc += v;                                                                       \
        }                                                                                                \
      }                                                                                                  \
  }

EDGEC_DEFINE_CUMSUM(f32, float, float)
EDGEC_DEFINE_CUMSUM(f64, double, double)
EDGEC_DEFINE_CUMSUM(i32, int32_t, uint32_t)
EDGEC_DEFINE_CUMSUM(i64, int64_t, uint64_t)
EDGEC_DEFINE_CUMSUM(u32, uint32_t, uint32_t)
EDGEC_DEFINE_CUMSUM(u64, uint64_t, uint64_t)

/* GatherElements: out has the indices' shape; out[c] = data[c with c[axis] = indices[c]].
 * Indices are int32 or int64 (index_size 4 or 8), negative ones count from the end. Returns 0,
 * or -1 (nothing more written) at the first index outside [-dim, dim). */
typedef struct {
  int32_t rank, axis;
  int32_t index_shape[8];
  int32_t data_shape[8];
  int32_t elem_size, index_size;
} edgec_gather_elements_params;

static inline int edgec_gather_elements(const edgec_gather_elements_params* p, const void* data,
                                        const void* indices, void* out) {
  int32_t stride[8], d, count = 1;
  const size_t es = (size_t)p->elem_size;
  int32_t i;
  stride[p->rank - 1] = 1;
  for (d = p->rank - 2; d >= 0; --d) stride[d] = stride[d + 1] * p->data_shape[d + 1];
  for (d = 0; d < p->rank; ++d) count *= p->index_shape[d];
  for (i = 0; i < count; ++i) {
    int64_t index;
    int32_t rem = i, offset = 0;
    if (p->index_size == 8) {
      int64_t v;
      memcpy(&v, (const uint8_t*)indices + 8 * (size_t)i, 8);
      index = v;
    } else {
      int32_t v;
      memcpy(&v, (const uint8_t*)indices + 4 * (size_t)i, 4);
      index = v;
    }
    if (index < 0) index += p->data_shape[p->axis];
    if (index < 0 || index >= p->data_shape[p->axis]) return -1;
    for (d = p->rank - 1; d >= 0; --d) {
      const int32_t c = rem % p->index_shape[d];
      rem /= p->index_shape[d];
      offset += (d == p->axis ? (int32_t)index : c) * stride[d];
    }
    memcpy((uint8_t*)out + es * (size_t)i, (const uint8_t*)data + es * (size_t)offset, es);
  }
  return 0;
}

#endif
