/* Sparse-weight fully connected and convolution kernels (issue 9): int8 and float weights
 * packed as N:M or block-sparse rows (BSR), the layouts of compiler/support/SparseFormats.h. */
#ifndef EDGEC_KERNELS_SPARSE_H
#define EDGEC_KERNELS_SPARSE_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "edgec/kernels/conv.h"
#include "edgec/kernels/quantized_conv.h"
#include "edgec/kernels/quantized_gemm.h"
#include "edgec/kernels/requant.h"

/* The weight matrix is [rows][cols]: rows = output channels, cols = the reduction in the
 * dense filter's order (FC: [N][K]; conv: OHWI flattened to [Cout][taps * Cin], groups 1).
 *
 * N:M: each row is cut into groups of m columns (the last one padded); every group stores n
 * slots, in increasing position, spare slots holding zeros. values: rows x groups x n.
 * indices: rows x row_index_bytes; slot s of a row keeps its position in its group in bits
 * [s * index_bits, (s + 1) * index_bits) of the row's bytes, little-endian from bit 0.
 * index_bits = ceil(log2 m) (at least 1), row_index_bytes = ceil(groups * n * index_bits / 8). */
typedef struct {
  int32_t rows, cols, n, m, index_bits, row_index_bytes;
} edgec_nm_desc;

/* BSR: br x bc blocks (edge blocks padded with zeros), only those with a nonzero kept, block
 * row by block row with increasing block column. Block row R owns kept blocks
 * [row_start[R], row_start[R + 1]); block b sits at columns block_col[b] * bc... and its
 * values are values[b * br * bc ...], br x bc row-major. */
typedef struct {
  int32_t rows, cols, br, bc;
  const int32_t* row_start; /* block rows + 1 */
  const int32_t* block_col; /* per kept block */
} edgec_bsr_desc;

/* How the kernels run: output pixels (or FC batch rows) go in blocks of EDGEC_SPARSE_PIXELS.
 * A block's input patch is copied once into a stack tile, column-major ([column][pixel], the
 * input offset added, padding taps as 0), so that every stored weight, decoded once per block,
 * multiplies EDGEC_SPARSE_PIXELS neighbouring values in one vectorisable loop, with no bounds
 * check. The tile takes EDGEC_SPARSE_TILE_BYTES; a longer reduction goes in column chunks,
 * with the sums of EDGEC_SPARSE_ROWS rows kept between chunks (4 KiB more of stack). A block
 * of one pixel (FC, batch 1) is a matrix-vector product: scalar, or SIMD for 2:4 and BSR. */
#ifndef EDGEC_SPARSE_PIXELS
#define EDGEC_SPARSE_PIXELS 16
#endif
#ifndef EDGEC_SPARSE_TILE_BYTES
#define EDGEC_SPARSE_TILE_BYTES 16384
#endif
#define EDGEC_SPARSE_ROWS 64

/* The weights of one call, either format (nm NULL: bsr). */
typedef struct {
  const edgec_nm_desc* nm;
  const uint8_t* indices;
  const edgec_bsr_desc* bsr;
  const void* values;
} edgec_sparse__weights;

/* Chunk width in columns for tile elements of `elem` bytes: whole groups whose positions fill
 * whole bytes (so a chunk's positions start on a byte), or whole blocks; 0 when the tile cannot
 * hold one such unit (with the defaults: BSR blocks wider than 256 columns). */
static inline int32_t edgec_sparse__chunk(const edgec_sparse__weights* a, int32_t elem) {
  const int32_t cap = EDGEC_SPARSE_TILE_BYTES / (EDGEC_SPARSE_PIXELS * elem);
  int32_t groups = 1, unit;
  if (a->nm)
    while (groups * a->nm->n * a->nm->index_bits % 8 != 0) ++groups;
  unit = a->nm ? groups * a->nm->m : a->bsr->bc;
  return cap / unit * unit;
}

/* Columns of the matrix as stored: cols rounded up to whole groups or blocks. */
static inline int32_t edgec_sparse__padded_cols(const edgec_sparse__weights* a) {
  const int32_t cols = a->nm ? a->nm->cols : a->bsr->cols, unit = a->nm ? a->nm->m : a->bsr->bc;
  return (cols + unit - 1) / unit * unit;
}

/* The stored slots of row R in columns [C0, C1), two at a time in increasing column: BODY sees
 * k1, k2 (columns - C0) and wp, their two values (adjacent in the packed values, of type VT);
 * an odd last slot comes with k2 = k1 and a zero second value. Spare slots (zeros) are not
 * skipped: the branch would cost more than they do. */

/* N:M (C0 a chunk start, so its positions start on a byte; C1 a multiple of m or the padded
 * end). 2:4 reads two groups per index byte, 4:8 two per three bytes; other formats
 * go through a bit buffer. */
#define EDGEC_SPARSE__NM_NEXT(K)                                                                        \
  do {                                                                                                  \
    if (have_ < bits_) {                                                                                \
      buf_ |= (uint32_t)*ip_++ << have_;                                                                \
      have_ += 8;                                                                                       \
    }                                                                                                   \
    (K) = (size_t)base_ + (buf_ & mask_);                                                               \
    buf_ >>= bits_;                                                                                     \
    have_ -= bits_;                                                                                     \
    if (++slot_ == n_) slot_ = 0, base_ += m_;                                                          \
  } while (0)

#define EDGEC_SPARSE__FOR_NM(VT, D, IDX, VALS, R, C0, C1, BODY)                                         \
  do {                                                                                                  \
    const int32_t bits_ = (D)->index_bits, n_ = (D)->n, m_ = (D)->m;                                    \
    const int32_t g0_ = (C0) / m_, slots_ = (((C1) + m_ - 1) / m_ - g0_) * n_;                          \
    const uint8_t* ip_ = (IDX) + (size_t)(R) * (D)->row_index_bytes + (size_t)g0_ * n_ * bits_ / 8;     \
    const VT* vp_ = (VALS) + ((size_t)(R) * (((D)->cols + m_ - 1) / m_) + g0_) * n_;                    \
    const uint32_t mask_ = (1u << bits_) - 1u;                                                          \
    int32_t s_ = 0, slot_ = 0, base_ = 0, have_ = 0;                                                    \
    size_t k1, k2;                                                                                      \
    uint32_t buf_ = 0;                                                                                  \
    VT odd_[2];                                                                                         \
    const VT* wp;                                                                                       \
    if (n_ == 2 && bits_ == 2) {                                                                        \
      size_t gb_ = 0; /* size_t: no sign extension in the address arithmetic */                         \
      for (; s_ + 4 <= slots_; s_ += 4, vp_ += 4, gb_ += 8) {                                           \
        const size_t b_ = *ip_++;                                                                       \
        k1 = gb_ + (b_ & 3u), k2 = gb_ + ((b_ >> 2) & 3u), wp = vp_;                                    \
        BODY;                                                                                           \
        k1 = gb_ + 4 + ((b_ >> 4) & 3u), k2 = gb_ + 4 + (b_ >> 6), wp = vp_ + 2;                        \
        BODY;                                                                                           \
      }                                                                                                 \
      base_ = (int32_t)gb_;                                                                             \
    } else if (n_ == 4 && bits_ == 3) { /* 4:8: two groups in three bytes */                            \
      size_t gb_ = 0;                                                                                   \
      for (; s_ + 8 <= slots_; s_ += 8, vp_ += 8, gb_ += 16, ip_ += 3) {                                \
        const size_t b_ = (size_t)ip_[0] | (size_t)ip_[1] << 8 | (size_t)ip_[2] << 16;                  \
        k1 = gb_ + (b_ & 7u), k2 = gb_ + ((b_ >> 3) & 7u), wp = vp_;                                    \
        BODY;                                                                                           \
        k1 = gb_ + ((b_ >> 6) & 7u), k2 = gb_ + ((b_ >> 9) & 7u), wp = vp_ + 2;                         \
        BODY;                                                                                           \
        k1 = gb_ + 8 + ((b_ >> 12) & 7u), k2 = gb_ + 8 + ((b_ >> 15) & 7u), wp = vp_ + 4;               \
        BODY;                                                                                           \
        k1 = gb_ + 8 + ((b_ >> 18) & 7u), k2 = gb_ + 8 + (b_ >> 21), wp = vp_ + 6;                      \
        BODY;                                                                                           \
      }                                                                                                 \
      base_ = (int32_t)gb_;                                                                             \
    }                                                                                                   \
    for (; s_ < slots_; s_ += 2, vp_ += 2) {                                                            \
      EDGEC_SPARSE__NM_NEXT(k1);                                                                        \
      wp = vp_;                                                                                         \
      if (s_ + 1 < slots_) {                                                                            \
        EDGEC_SPARSE__NM_NEXT(k2);                                                                      \
      } else {                                                                                          \
        k2 = k1, odd_[0] = vp_[0], odd_[1] = 0, wp = odd_;                                              \
      }                                                                                                 \
      BODY;                                                                                             \
    }                                                                                                   \
  } while (0)

/* BSR (C0, C1 multiples of bc or the padded end): the row's values in a block are adjacent. */
#define EDGEC_SPARSE__FOR_BSR(VT, D, VALS, R, C0, C1, BODY)                                             \
  do {                                                                                                  \
    const int32_t br_ = (D)->br, bc_ = (D)->bc, row_ = (R) / br_, i_ = (R) % br_;                       \
    int32_t b_, j_;                                                                                     \
    size_t k1, k2;                                                                                      \
    VT odd_[2];                                                                                         \
    const VT* wp;                                                                                       \
    for (b_ = (D)->row_start[row_]; b_ < (D)->row_start[row_ + 1]; ++b_) {                              \
      const int32_t c_ = (D)->block_col[b_] * bc_ - (C0);                                               \
      const VT* vp_ = (VALS) + ((size_t)b_ * br_ + i_) * bc_;                                           \
      if (c_ < 0 || c_ >= (C1) - (C0)) continue;                                                        \
      for (j_ = 0; j_ + 2 <= bc_; j_ += 2) {                                                            \
        k1 = (size_t)(c_ + j_), k2 = k1 + 1, wp = vp_ + j_;                                             \
        BODY;                                                                                           \
      }                                                                                                 \
      if (j_ < bc_) {                                                                                   \
        k1 = k2 = (size_t)(c_ + j_), odd_[0] = vp_[j_], odd_[1] = 0, wp = odd_;                         \
        BODY;                                                                                           \
      }                                                                                                 \
    }                                                                                                   \
  } while (0)

#define EDGEC_SPARSE__FOR(VT, A, R, C0, C1, BODY)                                                       \
  do {                                                                                                  \
    if ((A)->nm)                                                                                        \
      EDGEC_SPARSE__FOR_NM(VT, (A)->nm, (A)->indices, (const VT*)(A)->values, R, C0, C1, BODY);         \
    else                                                                                                \
      EDGEC_SPARSE__FOR_BSR(VT, (A)->bsr, (const VT*)(A)->values, R, C0, C1, BODY);                     \
  } while (0)

/* ACC[0..NP) += tile column k1 * wp[0] + tile column k2 * wp[1] (columns TS values apart),
 * added in that order. */
#define EDGEC_SPARSE__MAC2(TT, TILE, TS, NP, ACC)                                                       \
  do {                                                                                                  \
    const TT* t1_ = (TILE) + k1 * (size_t)(TS);                                                         \
    const TT* t2_ = (TILE) + k2 * (size_t)(TS);                                                         \
    int32_t l_;                                                                                         \
    for (l_ = 0; l_ < (NP); ++l_) {                                                                     \
      (ACC)[l_] += t1_[l_] * wp[0];                                                                     \
      (ACC)[l_] += t2_[l_] * wp[1];                                                                     \
    }                                                                                                   \
  } while (0)

/* int8 with SSE2: a slot pair's two products per pixel summed by one pmaddwd (int16 pairs:
 * tile values |x + offset| < 2^15 times int8 weights, exact), the 16 pixels' sums in vector
 * registers; with AVX2, in two 256-bit ones holding pixels 0-3, 8-11 and 4-7, 12-15 (the
 * in-lane order of the unpacks). */
#if defined(EDGEC_QCONV__SSE2) && EDGEC_SPARSE_PIXELS == 16
#define EDGEC_SPARSE__SIMD 1
/* The bytes wp[0], wp[1] repeated across a vector. */
static inline __m128i edgec_sparse__pair(const int8_t* wp) {
  int16_t v;
  memcpy(&v, wp, 2);
  return _mm_set1_epi16(v);
}
#ifdef __AVX2__
#include <immintrin.h>
typedef struct {
  __m256i v[2];
} edgec_sparse__acc;
static inline void edgec_sparse__acc_load(edgec_sparse__acc* a, const int32_t* s) {
  const __m256i lo = _mm256_loadu_si256((const __m256i*)(const void*)s);
  const __m256i hi = _mm256_loadu_si256((const __m256i*)(const void*)(s + 8));
  a->v[0] = _mm256_permute2x128_si256(lo, hi, 0x20);
  a->v[1] = _mm256_permute2x128_si256(lo, hi, 0x31);
}
static inline void edgec_sparse__acc_store(int32_t* s, const edgec_sparse__acc* a) {
  _mm256_storeu_si256((__m256i*)(void*)s, _mm256_permute2x128_si256(a->v[0], a->v[1], 0x20));
  _mm256_storeu_si256((__m256i*)(void*)(s + 8), _mm256_permute2x128_si256(a->v[0], a->v[1], 0x31));
}
static inline void edgec_sparse__mac2(edgec_sparse__acc* a, const int16_t* t1, const int16_t* t2, const int8_t* wp) {
  const __m256i w = _mm256_cvtepi8_epi16(edgec_sparse__pair(wp));
  const __m256i x1 = _mm256_loadu_si256((const __m256i*)(const void*)t1);
  const __m256i x2 = _mm256_loadu_si256((const __m256i*)(const void*)t2);
  a->v[0] = _mm256_add_epi32(a->v[0], _mm256_madd_epi16(_mm256_unpacklo_epi16(x1, x2), w));
  a->v[1] = _mm256_add_epi32(a->v[1], _mm256_madd_epi16(_mm256_unpackhi_epi16(x1, x2), w));
}
#else
typedef struct {
  __m128i v[4];
} edgec_sparse__acc;
static inline void edgec_sparse__acc_load(edgec_sparse__acc* a, const int32_t* s) { edgec_qconv__ob_load(s, a->v); }
static inline void edgec_sparse__acc_store(int32_t* s, const edgec_sparse__acc* a) {
  edgec_qconv__ob_store(s, a->v);
}
static inline void edgec_sparse__mac2(edgec_sparse__acc* a, const int16_t* t1, const int16_t* t2, const int8_t* wp) {
  const __m128i p = edgec_sparse__pair(wp);
  const __m128i w = _mm_srai_epi16(_mm_unpacklo_epi8(p, p), 8);
  int32_t h;
  for (h = 0; h < 2; ++h) {
    const __m128i x1 = _mm_loadu_si128((const __m128i*)(const void*)(t1 + 8 * h));
    const __m128i x2 = _mm_loadu_si128((const __m128i*)(const void*)(t2 + 8 * h));
    a->v[2 * h] = _mm_add_epi32(a->v[2 * h], _mm_madd_epi16(_mm_unpacklo_epi16(x1, x2), w));
    a->v[2 * h + 1] = _mm_add_epi32(a->v[2 * h + 1], _mm_madd_epi16(_mm_unpackhi_epi16(x1, x2), w));
  }
}
#endif
#endif

#ifdef EDGEC_SPARSE__SIMD
/* A BSR matrix-vector product (FC, batch 1) with SSE2, for bc a multiple of 8: row r's blocks
 * in columns [c0, c1) times the tile, 8 columns per pmaddwd. */
static inline int32_t edgec_sparse__dot_bsr(const edgec_bsr_desc* d, const int8_t* values, int32_t r, int32_t c0,
                                            int32_t c1, const int16_t* tile) {
  const int32_t br = d->br, bc = d->bc, row = r / br, i = r % br;
  __m128i acc = _mm_setzero_si128();
  int32_t b, j;
  for (b = d->row_start[row]; b < d->row_start[row + 1]; ++b) {
    const int32_t c = d->block_col[b] * bc - c0;
    const int8_t* vp = values + ((size_t)b * br + i) * bc;
    if (c < 0 || c >= c1 - c0) continue;
    for (j = 0; j < bc; j += 8) {
      const __m128i w8 = _mm_loadl_epi64((const __m128i*)(const void*)(vp + j));
      const __m128i x = _mm_loadu_si128((const __m128i*)(const void*)(tile + c + j));
      acc = _mm_add_epi32(acc, _mm_madd_epi16(x, _mm_srai_epi16(_mm_unpacklo_epi8(w8, w8), 8)));
    }
  }
  acc = _mm_add_epi32(acc, _mm_shuffle_epi32(acc, _MM_SHUFFLE(1, 0, 3, 2)));
  acc = _mm_add_epi32(acc, _mm_shuffle_epi32(acc, _MM_SHUFFLE(2, 3, 0, 1)));
  return _mm_cvtsi128_si32(acc);
}
#endif

#if defined(EDGEC_SPARSE__SIMD) && defined(__AVX2__)
/* 2:4 matrix-vector products (FC, batch 1) with AVX2: an index byte holds two groups, i.e. picks
 * 4 of 8 int16 tile values, which one pshufb gathers; edgec_sparse__lut24[b] is its control
 * (bytes 2c, 2c + 1 for each picked column c). Two index bytes fill the two 128-bit lanes. */
#define EDGEC_SPARSE__PICK(b, i, g) ((uint64_t)(2 * ((((b) >> (2 * (i))) & 3) + 4 * (g))) * 0x0101u << (16 * (i)))
#define EDGEC_SPARSE__LUT1(b)                                                                          \
  (EDGEC_SPARSE__PICK(b, 0, 0) + EDGEC_SPARSE__PICK(b, 1, 0) + EDGEC_SPARSE__PICK(b, 2, 1) +            \
   EDGEC_SPARSE__PICK(b, 3, 1) + 0x0100010001000100u)
#define EDGEC_SPARSE__LUT4(b) EDGEC_SPARSE__LUT1(b), EDGEC_SPARSE__LUT1(b + 1), EDGEC_SPARSE__LUT1(b + 2), EDGEC_SPARSE__LUT1(b + 3)
#define EDGEC_SPARSE__LUT16(b) EDGEC_SPARSE__LUT4(b), EDGEC_SPARSE__LUT4(b + 4), EDGEC_SPARSE__LUT4(b + 8), EDGEC_SPARSE__LUT4(b + 12)
#define EDGEC_SPARSE__LUT64(b) EDGEC_SPARSE__LUT16(b), EDGEC_SPARSE__LUT16(b + 16), EDGEC_SPARSE__LUT16(b + 32), EDGEC_SPARSE__LUT16(b + 48)
static const uint64_t edgec_sparse__lut24[256] = {EDGEC_SPARSE__LUT64(0), EDGEC_SPARSE__LUT64(64),
                                                  EDGEC_SPARSE__LUT64(128), EDGEC_SPARSE__LUT64(192)};

/* sum over the `steps` x 32 columns from t of t[c] * w[c], for the 2:4 row whose index bytes
 * start at ip and values at vp. Index bytes 0, 1 (then 2, 3) fill the two lanes of one
 * shuffle; the two shuffles' picks are joined (lane 0: bytes 0, 2; lane 1: bytes 1, 3) and the
 * 16 weights permuted to match, so one pmaddwd takes 16 slots. */
static inline int32_t edgec_sparse__dot24(const uint8_t* ip, const int8_t* vp, const int16_t* t, int32_t steps) {
  __m256i acc = _mm256_setzero_si256();
  __m128i s;
  int32_t j;
  for (j = 0; j < steps; ++j, ip += 4, vp += 16, t += 32) {
    const __m256i p01 = _mm256_inserti128_si256(
        _mm256_castsi128_si256(_mm_loadl_epi64((const __m128i*)(const void*)&edgec_sparse__lut24[ip[0]])),
        _mm_loadl_epi64((const __m128i*)(const void*)&edgec_sparse__lut24[ip[1]]), 1);
    const __m256i p23 = _mm256_inserti128_si256(
        _mm256_castsi128_si256(_mm_loadl_epi64((const __m128i*)(const void*)&edgec_sparse__lut24[ip[2]])),
        _mm_loadl_epi64((const __m128i*)(const void*)&edgec_sparse__lut24[ip[3]]), 1);
    const __m256i x01 = _mm256_shuffle_epi8(_mm256_loadu_si256((const __m256i*)(const void*)t), p01);
    const __m256i x23 = _mm256_shuffle_epi8(_mm256_loadu_si256((const __m256i*)(const void*)(t + 16)), p23);
    const __m128i w8 = _mm_shuffle_epi32(_mm_loadu_si128((const __m128i*)(const void*)vp), _MM_SHUFFLE(3, 1, 2, 0));
    acc = _mm256_add_epi32(acc, _mm256_madd_epi16(_mm256_unpacklo_epi64(x01, x23), _mm256_cvtepi8_epi16(w8)));
  }
  s = _mm_add_epi32(_mm256_castsi256_si128(acc), _mm256_extracti128_si256(acc, 1));
  s = _mm_add_epi32(s, _mm_shuffle_epi32(s, _MM_SHUFFLE(1, 0, 3, 2)));
  s = _mm_add_epi32(s, _mm_shuffle_epi32(s, _MM_SHUFFLE(2, 3, 0, 1)));
  return _mm_cvtsi128_si32(s);
}
#endif

/* acc[0..np) += row r of the matrix times the tile's columns [c0, c1). int8: tile values are
 * x + input_offset in int16; every product and sum is exact. */
static inline void edgec_sparse__row_s8(const edgec_sparse__weights* a, int32_t r, int32_t c0, int32_t c1,
                                        const int16_t* tile, int32_t np, int32_t* acc) {
  if (np == EDGEC_SPARSE_PIXELS) {
#ifdef EDGEC_SPARSE__SIMD
    edgec_sparse__acc v;
    edgec_sparse__acc_load(&v, acc);
    EDGEC_SPARSE__FOR(int8_t, a, r, c0, c1,
                      edgec_sparse__mac2(&v, tile + k1 * EDGEC_SPARSE_PIXELS, tile + k2 * EDGEC_SPARSE_PIXELS, wp));
    edgec_sparse__acc_store(acc, &v);
#else
    int32_t s[EDGEC_SPARSE_PIXELS], l;
    for (l = 0; l < EDGEC_SPARSE_PIXELS; ++l) s[l] = acc[l];
    EDGEC_SPARSE__FOR(int8_t, a, r, c0, c1,
                      EDGEC_SPARSE__MAC2(int16_t, tile, EDGEC_SPARSE_PIXELS, EDGEC_SPARSE_PIXELS, s));
    for (l = 0; l < EDGEC_SPARSE_PIXELS; ++l) acc[l] = s[l];
#endif
  } else if (np == 1) { /* a matrix-vector product (FC, batch 1): no pixel loop */
    int32_t s0 = acc[0], from = c0;
#ifdef EDGEC_SPARSE__SIMD
    if (!a->nm && a->bsr->bc % 8 == 0) {
      acc[0] = s0 + edgec_sparse__dot_bsr(a->bsr, (const int8_t*)a->values, r, c0, c1, tile);
      return;
    }
#ifdef __AVX2__
    if (a->nm && a->nm->n == 2 && a->nm->m == 4) { /* whole steps of 32 columns, the rest below */
      const edgec_nm_desc* d = a->nm;
      const int32_t steps = (c1 - c0) / 32;
      s0 += edgec_sparse__dot24(a->indices + (size_t)r * d->row_index_bytes + (size_t)c0 / 8,
                                (const int8_t*)a->values + (size_t)r * ((d->cols + 3) / 4) * 2 + (size_t)c0 / 2, tile,
                                steps);
      from = c0 + 32 * steps;
    }
#endif
#endif
    EDGEC_SPARSE__FOR(int8_t, a, r, from, c1,
                      s0 += tile[k1 + (size_t)(from - c0)] * wp[0] + tile[k2 + (size_t)(from - c0)] * wp[1]);
    acc[0] = s0;
  } else {
    EDGEC_SPARSE__FOR(int8_t, a, r, c0, c1, EDGEC_SPARSE__MAC2(int16_t, tile, np, np, acc));
  }
}

static inline void edgec_sparse__row_f32(const edgec_sparse__weights* a, int32_t r, int32_t c0, int32_t c1,
                                         const float* tile, int32_t np, float* acc) {
  float s[EDGEC_SPARSE_PIXELS];
  int32_t l;
  if (np == EDGEC_SPARSE_PIXELS) {
    for (l = 0; l < EDGEC_SPARSE_PIXELS; ++l) s[l] = acc[l];
    EDGEC_SPARSE__FOR(float, a, r, c0, c1,
                      EDGEC_SPARSE__MAC2(float, tile, EDGEC_SPARSE_PIXELS, EDGEC_SPARSE_PIXELS, s));
    for (l = 0; l < EDGEC_SPARSE_PIXELS; ++l) acc[l] = s[l];
  } else if (np == 1) {
    float s0 = acc[0];
    EDGEC_SPARSE__FOR(float, a, r, c0, c1, {
      s0 += tile[k1] * wp[0];
      s0 += tile[k2] * wp[1];
    });
    acc[0] = s0;
  } else {
    EDGEC_SPARSE__FOR(float, a, r, c0, c1, EDGEC_SPARSE__MAC2(float, tile, np, np, acc));
  }
}

/* y[l * stride] = edgec_requant_output(q, channel, acc[l]) for l < np, where rq was set up by
 * edgec_qconv__rq_init for 16 channels from channel - lane. With SSE2 (rq->simd) and more than
 * 4 pixels, the 16 pixels go through edgec_qconv__rq4 with the lane's constants in every lane. */
static inline void edgec_sparse__requant(const edgec_requant_params* q, const edgec_qconv__rq* rq, int32_t lane,
                                         int32_t channel, const int32_t* acc, int32_t np, int8_t* y, size_t stride) {
  int32_t l;
#ifdef EDGEC_QCONV__SSE2
  if (rq->simd && np > 4 && EDGEC_SPARSE_PIXELS == 16) {
    const __m128i m = _mm_set1_epi32(rq->mul[lane]), pw = _mm_set1_epi32(rq->pw[lane]);
    const __m128i mask = _mm_set1_epi32(rq->mask[lane]), off = _mm_set1_epi32(q->output_offset);
    const __m128i lo = _mm_set1_epi32(q->act_min - q->output_offset);
    const __m128i hi = _mm_set1_epi32(q->act_max - q->output_offset);
    const __m128i act_lo = _mm_set1_epi32(q->act_min), act_hi = _mm_set1_epi32(q->act_max);
    __m128i v[4];
    int8_t out[16];
    for (l = 0; l < 4; ++l)
      v[l] = edgec_qconv__rq4(_mm_loadu_si128((const __m128i*)(const void*)(acc + 4 * l)), m, pw, mask, off, lo, hi,
                              act_lo, act_hi);
    _mm_storeu_si128((__m128i*)(void*)out,
                     _mm_packs_epi16(_mm_packs_epi32(v[0], v[1]), _mm_packs_epi32(v[2], v[3])));
    for (l = 0; l + 4 <= np; l += 4, y += 4 * stride) { /* unrolled: vectorised, this costs more */
      y[0] = out[l];
      y[stride] = out[l + 1];
      y[2 * stride] = out[l + 2];
      y[3 * stride] = out[l + 3];
    }
    for (; l < np; ++l, y += stride) *y = out[l];
    return;
  }
#else
  (void)rq, (void)lane;
#endif
  for (l = 0; l < np; ++l) y[(size_t)l * stride] = (int8_t)edgec_requant_output(q, channel, acc[l]);
}

/* Fills the tile with columns [c0, c1) of the np pixels from `pixel` of image x: column col
 * reads tap col / cin, channel col % cin; padding taps and columns past the matrix give 0.
 * Exactly one of xi (int8, plus off) and xf (float) is set. */
static inline void edgec_sparse__fill(const edgec_window* w, int32_t pointwise, int32_t cin, int32_t pixel,
                                      int32_t np, int32_t c0, int32_t c1, const int8_t* xi, int32_t off,
                                      const float* xf, int16_t* ti, float* tf) {
  const size_t ts = (size_t)np;
  const int32_t kvol = w->kernel_volume;
  int32_t base[EDGEC_SPARSE_PIXELS][EDGEC_MAX_SPATIAL_RANK];
  int32_t p, d, col, next, k[EDGEC_MAX_SPATIAL_RANK];
  if (!pointwise)
    for (p = 0; p < np; ++p) edgec_conv__window_base(w, pixel + p, base[p]);
  for (col = c0; col < c1; col = next) {
    const int32_t tap = col / cin, c = col - tap * cin;
    int32_t run;
    next = (tap + 1) * cin < c1 ? (tap + 1) * cin : c1;
    run = next - col;
    if (tap >= kvol) { /* past the matrix: zeros */
      for (p = 0; p < (c1 - col) * np; ++p) {
        if (tf) tf[(size_t)(col - c0) * ts + (size_t)p] = 0.0f;
        else ti[(size_t)(col - c0) * ts + (size_t)p] = 0;
      }
      break;
    }
    edgec_unravel(tap, EDGEC_MAX_SPATIAL_RANK, w->kernel, k);
    for (p = 0; p < np; ++p) {
      int32_t in_pixel = pixel + p, j;
      size_t at = (size_t)(col - c0) * ts + p;
      if (!pointwise) {
        int32_t i[EDGEC_MAX_SPATIAL_RANK];
        for (d = 0; d < EDGEC_MAX_SPATIAL_RANK; ++d) i[d] = base[p][d] + k[d] * w->dilation[d];
        in_pixel = edgec_window_input_pixel(w, i);
      }
      if (in_pixel < 0) {
        for (j = 0; j < run; ++j, at += ts) {
          if (tf) tf[at] = 0.0f;
          else ti[at] = 0;
        }
      } else if (tf) {
        const float* xp = xf + (size_t)in_pixel * cin + c;
        for (j = 0; j < run; ++j, at += ts) tf[at] = xp[j];
      } else {
        const int8_t* xp = xi + (size_t)in_pixel * cin + c;
        int16_t* tp = ti + at;
        for (j = 0; j + 4 <= run; j += 4, tp += 4 * ts) { /* unrolled: 4 values a step */
          tp[0] = (int16_t)(xp[j] + off);
          tp[ts] = (int16_t)(xp[j + 1] + off);
          tp[2 * ts] = (int16_t)(xp[j + 2] + off);
          tp[3 * ts] = (int16_t)(xp[j + 3] + off);
        }
        for (; j < run; ++j, tp += ts) *tp = (int16_t)(xp[j] + off);
      }
    }
  }
}

/* The shared driver (groups 1; q set: int8, else float with act). For every image, block of
 * pixels, block of EDGEC_SPARSE_ROWS rows and column chunk: each row's sums over the chunk,
 * kept between chunks in `sums`; after the last chunk they are requantized or activated and
 * stored. */
static inline void edgec_sparse__run(const edgec_conv_params* p, const edgec_window* w, int32_t pointwise,
                                     const edgec_sparse__weights* a, const edgec_requant_params* q,
                                     const edgec_act* act, const void* input, const void* bias, void* output) {
  union {
    int16_t i[EDGEC_SPARSE_TILE_BYTES / 2];
    float f[EDGEC_SPARSE_TILE_BYTES / 4];
  } tile;
  union {
    int32_t i[EDGEC_SPARSE_ROWS][EDGEC_SPARSE_PIXELS];
    float f[EDGEC_SPARSE_ROWS][EDGEC_SPARSE_PIXELS];
  } sums;
  const int32_t cin = p->in_channels, cout = p->out_channels, isf = q == NULL;
  const int32_t chunk = edgec_sparse__chunk(a, isf ? 4 : 2), padded = edgec_sparse__padded_cols(a);
  edgec_qconv__rq rq;
  int32_t n, pixel, r0, r, c0, l, built;
  rq.simd = 0; /* set up with the first row of every 16 */
  for (n = 0; n < p->batch; ++n) {
    const size_t in_at = (size_t)n * w->in_volume * cin, out_at = (size_t)n * w->out_volume * cout;
    for (pixel = 0; pixel < w->out_volume; pixel += EDGEC_SPARSE_PIXELS) {
      const int32_t np = w->out_volume - pixel < EDGEC_SPARSE_PIXELS ? w->out_volume - pixel : EDGEC_SPARSE_PIXELS;
      const size_t y_at = out_at + (size_t)pixel * cout;
      built = -1;
      for (r0 = 0; r0 < cout; r0 += EDGEC_SPARSE_ROWS) {
        const int32_t r1 = r0 + EDGEC_SPARSE_ROWS < cout ? r0 + EDGEC_SPARSE_ROWS : cout;
        for (c0 = 0; c0 < padded; c0 += chunk) {
          const int32_t c1 = c0 + chunk < padded ? c0 + chunk : padded;
          if (built != c0) { /* one chunk: filled once per pixel block */
            edgec_sparse__fill(w, pointwise, cin, pixel, np, c0, c1,
                               isf ? NULL : (const int8_t*)input + in_at, isf ? 0 : q->input_offset,
                               isf ? (const float*)input + in_at : NULL, isf ? NULL : tile.i, isf ? tile.f : NULL);
            built = c0;
          }
          for (r = r0; r < r1; ++r) {
            if (isf) {
              float* acc = sums.f[r - r0];
              const float b = bias ? ((const float*)bias)[r] : 0.0f;
              if (c0 == 0)
                for (l = 0; l < EDGEC_SPARSE_PIXELS; ++l) acc[l] = b;
              edgec_sparse__row_f32(a, r, c0, c1, tile.f, np, acc);
              if (c1 == padded) {
                float* y = (float*)output + y_at + r;
                EDGEC_APPLY_ACT_N(act, acc, np);
                for (l = 0; l < np; ++l) y[(size_t)l * cout] = acc[l];
              }
            } else {
              int32_t* acc = sums.i[r - r0];
              const int32_t b = bias ? ((const int32_t*)bias)[r] : 0;
              if (c0 == 0)
                for (l = 0; l < EDGEC_SPARSE_PIXELS; ++l) acc[l] = b;
              edgec_sparse__row_s8(a, r, c0, c1, tile.i, np, acc);
              if (c1 == padded) {
                if ((r - r0) % 16 == 0) edgec_qconv__rq_init(&rq, q, r, r1 - r < 16 ? r1 - r : 16);
                edgec_sparse__requant(q, &rq, (r - r0) % 16, r, acc, np, (int8_t*)output + y_at + r, (size_t)cout);
              }
            }
          }
        }
      }
    }
  }
}

/* True when the matrix fits the conv: groups 1, rows = Cout, cols = taps * Cin, and (BSR)
 * blocks no wider than a chunk. */
static inline int edgec_sparse__fits(const edgec_conv_params* p, const edgec_window* w,
                                     const edgec_sparse__weights* a) {
  const int32_t rows = a->nm ? a->nm->rows : a->bsr->rows, cols = a->nm ? a->nm->cols : a->bsr->cols;
  return p->groups == 1 && rows == p->out_channels && cols == w->kernel_volume * p->in_channels &&
         edgec_sparse__chunk(a, 4) > 0;
}

static inline void edgec_sparse__conv(const edgec_conv_params* p, const edgec_sparse__weights* a,
                                      const edgec_requant_params* q, const void* input, const void* bias,
                                      void* output) {
  edgec_window w;
  edgec_conv_window(p, &w);
  if (edgec_sparse__fits(p, &w, a)) edgec_sparse__run(p, &w, 0, a, q, &p->act, input, bias, output);
}

static inline void edgec_sparse__fc(const edgec_fc_params* fc, const edgec_sparse__weights* a,
                                    const edgec_requant_params* q, const edgec_act* act, const void* input,
                                    const void* bias, void* output) {
  edgec_conv_params p;
  edgec_window w;
  edgec_fc_as_conv(fc, &p, &w);
  if (edgec_sparse__fits(&p, &w, a)) edgec_sparse__run(&p, &w, 1, a, q, act, input, bias, output);
}

/* ---- int8: the contracts of edgec_fully_connected_s8 and edgec_conv_s8 (groups 1), bit-exact
 * with them; |q->input_offset| <= 32640 (any int8 zero point), so x + offset fits int16. A
 * call whose matrix does not fit the layer (edgec_sparse__fits) writes nothing. */

static inline void edgec_fully_connected_nm_s8(const edgec_fc_params* p, const edgec_requant_params* q,
                                               const int8_t* input, const edgec_nm_desc* d, const int8_t* values,
                                               const uint8_t* indices, const int32_t* bias, int8_t* output) {
  const edgec_sparse__weights a = {d, indices, NULL, values};
  edgec_sparse__fc(p, &a, q, NULL, input, bias, output);
}

static inline void edgec_fully_connected_bsr_s8(const edgec_fc_params* p, const edgec_requant_params* q,
                                                const int8_t* input, const edgec_bsr_desc* d, const int8_t* values,
                                                const int32_t* bias, int8_t* output) {
  const edgec_sparse__weights a = {NULL, NULL, d, values};
  edgec_sparse__fc(p, &a, q, NULL, input, bias, output);
}

static inline void edgec_conv_nm_s8(const edgec_conv_params* p, const edgec_requant_params* q, const int8_t* input,
                                    const edgec_nm_desc* d, const int8_t* values, const uint8_t* indices,
                                    const int32_t* bias, int8_t* output) {
  const edgec_sparse__weights a = {d, indices, NULL, values};
  edgec_sparse__conv(p, &a, q, input, bias, output);
}

static inline void edgec_conv_bsr_s8(const edgec_conv_params* p, const edgec_requant_params* q, const int8_t* input,
                                     const edgec_bsr_desc* d, const int8_t* values, const int32_t* bias,
                                     int8_t* output) {
  const edgec_sparse__weights a = {NULL, NULL, d, values};
  edgec_sparse__conv(p, &a, q, input, bias, output);
}

/* ---- float. FC: y[b][o] = act(bias[o] + sum_i w[o][i] * x[b][i]) (act may be NULL); conv:
 * the contract of edgec_conv_f32 with groups 1 and p->act. Order, per output: s = bias (+0.0f
 * without), then s += w * x for every stored weight (spare zero slots and BSR block padding
 * included) in increasing column, a padding tap's x being 0, one rounding per multiply and per
 * add; then act(s). The dense kernels sum in another order, so results agree with them to
 * rounding, not bit for bit. */

static inline void edgec_fully_connected_nm_f32(const edgec_fc_params* p, const edgec_act* act, const float* input,
                                                const edgec_nm_desc* d, const float* values, const uint8_t* indices,
                                                const float* bias, float* output) {
  const edgec_sparse__weights a = {d, indices, NULL, values};
  edgec_sparse__fc(p, &a, NULL, act, input, bias, output);
}

static inline void edgec_fully_connected_bsr_f32(const edgec_fc_params* p, const edgec_act* act,
                                                 const float* input, const edgec_bsr_desc* d, const float* values,
                                                 const float* bias, float* output) {
  const edgec_sparse__weights a = {NULL, NULL, d, values};
  edgec_sparse__fc(p, &a, NULL, act, input, bias, output);
}

static inline void edgec_conv_nm_f32(const edgec_conv_params* p, const float* input, const edgec_nm_desc* d,
                                     const float* values, const uint8_t* indices, const float* bias, float* output) {
  const edgec_sparse__weights a = {d, indices, NULL, values};
  edgec_sparse__conv(p, &a, NULL, input, bias, output);
}

static inline void edgec_conv_bsr_f32(const edgec_conv_params* p, const float* input, const edgec_bsr_desc* d,
                                      const float* values, const float* bias, float* output) {
  const edgec_sparse__weights a = {NULL, NULL, d, values};
  edgec_sparse__conv(p, &a, NULL, input, bias, output);
}

#endif /* EDGEC_KERNELS_SPARSE_H */
