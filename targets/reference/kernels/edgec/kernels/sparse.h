/* Sparse-weight fully connected and convolution kernels (issue 9): int8 and float weights
 * packed as N:M or block-sparse rows (BSR), the layouts of compiler/support/SparseFormats.h. */
#ifndef EDGEC_KERNELS_SPARSE_H
#define EDGEC_KERNELS_SPARSE_H

#include <stddef.h>
#include <stdint.h>

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
 * with the sums of EDGEC_SPARSE_ROWS rows kept between chunks. */
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

/* Chunk width in columns for tile elements of `elem` bytes: a multiple of 8 m (a chunk's
 * N:M positions start on a byte) or of bc (no block straddles two chunks). */
static inline int32_t edgec_sparse__chunk(const edgec_sparse__weights* a, int32_t elem) {
  const int32_t cap = EDGEC_SPARSE_TILE_BYTES / (EDGEC_SPARSE_PIXELS * elem);
  const int32_t unit = a->nm ? 8 * a->nm->m : a->bsr->bc;
  return cap / unit * unit;
}

/* Columns of the matrix as stored: cols rounded up to whole groups or blocks. */
static inline int32_t edgec_sparse__padded_cols(const edgec_sparse__weights* a) {
  const int32_t cols = a->nm ? a->nm->cols : a->bsr->cols, unit = a->nm ? a->nm->m : a->bsr->bc;
  return (cols + unit - 1) / unit * unit;
}

/* Calls BODY with k (column - C0) and v (the value, of type VT) for every nonzero slot of row R
 * of an N:M matrix in columns [C0, C1) (C0 a multiple of 8 m, C1 of m or the padded end), in
 * increasing column. 2:4 reads two groups per index byte; other formats a bit buffer. */
#define EDGEC_SPARSE__FOR_NM(VT, D, IDX, VALS, R, C0, C1, BODY)                                         \
  do {                                                                                                  \
    const int32_t bits_ = (D)->index_bits, n_ = (D)->n, m_ = (D)->m;                                    \
    const int32_t g0_ = (C0) / m_, g1_ = ((C1) + m_ - 1) / m_;                                          \
    const uint8_t* ip_ = (IDX) + (size_t)(R) * (D)->row_index_bytes + (size_t)g0_ * n_ * bits_ / 8;     \
    const VT* vp_ = (VALS) + ((size_t)(R) * (((D)->cols + m_ - 1) / m_) + g0_) * n_;                    \
    const uint32_t mask_ = (1u << bits_) - 1u;                                                          \
    int32_t g_ = g0_, s_, base_ = 0, have_ = 0;                                                         \
    uint32_t buf_ = 0;                                                                                  \
    if (n_ == 2 && bits_ == 2)                                                                          \
      for (; g_ + 2 <= g1_; g_ += 2, base_ += 8, vp_ += 4) {                                            \
        const uint32_t b_ = *ip_++;                                                                     \
        int32_t k;                                                                                      \
        VT v;                                                                                           \
        if ((v = vp_[0]) != 0) { k = base_ + (int32_t)(b_ & 3u); BODY; }                                \
        if ((v = vp_[1]) != 0) { k = base_ + (int32_t)((b_ >> 2) & 3u); BODY; }                         \
        if ((v = vp_[2]) != 0) { k = base_ + 4 + (int32_t)((b_ >> 4) & 3u); BODY; }                     \
        if ((v = vp_[3]) != 0) { k = base_ + 4 + (int32_t)(b_ >> 6); BODY; }                            \
      }                                                                                                 \
    for (; g_ < g1_; ++g_, base_ += m_)                                                                 \
      for (s_ = 0; s_ < n_; ++s_, ++vp_) {                                                              \
        int32_t k;                                                                                      \
        VT v;                                                                                           \
        if (have_ < bits_) {                                                                            \
          buf_ |= (uint32_t)*ip_++ << have_;                                                            \
          have_ += 8;                                                                                   \
        }                                                                                               \
        k = base_ + (int32_t)(buf_ & mask_);                                                            \
        buf_ >>= bits_;                                                                                 \
        have_ -= bits_;                                                                                 \
        if ((v = *vp_) != 0) BODY;                                                                      \
      }                                                                                                 \
  } while (0)

/* The same for row R of a BSR matrix (C0, C1 multiples of bc or the padded end). */
#define EDGEC_SPARSE__FOR_BSR(VT, D, VALS, R, C0, C1, BODY)                                             \
  do {                                                                                                  \
    const int32_t br_ = (D)->br, bc_ = (D)->bc, row_ = (R) / br_, i_ = (R) % br_;                       \
    int32_t b_, j_;                                                                                     \
    for (b_ = (D)->row_start[row_]; b_ < (D)->row_start[row_ + 1]; ++b_) {                              \
      const int32_t c_ = (D)->block_col[b_] * bc_ - (C0);                                               \
      const VT* vp_ = (VALS) + ((size_t)b_ * br_ + i_) * bc_;                                           \
      if (c_ < 0 || c_ >= (C1) - (C0)) continue;                                                        \
      for (j_ = 0; j_ < bc_; ++j_) {                                                                    \
        const int32_t k = c_ + j_;                                                                      \
        const VT v = vp_[j_];                                                                           \
        if (v != 0) BODY;                                                                               \
      }                                                                                                 \
    }                                                                                                   \
  } while (0)

#define EDGEC_SPARSE__FOR(VT, A, VALS, R, C0, C1, BODY)                                                 \
  do {                                                                                                  \
    if ((A)->nm)                                                                                        \
      EDGEC_SPARSE__FOR_NM(VT, (A)->nm, (A)->indices, VALS, R, C0, C1, BODY);                           \
    else                                                                                                \
      EDGEC_SPARSE__FOR_BSR(VT, (A)->bsr, VALS, R, C0, C1, BODY);                                       \
  } while (0)

/* ACC[0..NP) += tile column k (TS values apart) * v. */
#define EDGEC_SPARSE__MAC(TT, TILE, TS, NP, ACC)                                                        \
  do {                                                                                                  \
    const TT* t_ = (TILE) + (size_t)k * (TS);                                                           \
    int32_t l_;                                                                                         \
    for (l_ = 0; l_ < (NP); ++l_) (ACC)[l_] += t_[l_] * v;                                              \
  } while (0)

/* ACC[0..NP) += row R's columns [C0, C1) times the tile's: a fixed-length loop for a whole
 * block of pixels (which compilers vectorise), a variable one for the last, short block. */
#define EDGEC_SPARSE__ROW(VT, TT, A, R, C0, C1, TILE, NP, ACC)                                          \
  do {                                                                                                  \
    const VT* vals_ = (const VT*)(A)->values;                                                           \
    if ((NP) == EDGEC_SPARSE_PIXELS)                                                                    \
      EDGEC_SPARSE__FOR(VT, A, vals_, R, C0, C1,                                                        \
                        EDGEC_SPARSE__MAC(TT, TILE, EDGEC_SPARSE_PIXELS, EDGEC_SPARSE_PIXELS, ACC));    \
    else                                                                                                \
      EDGEC_SPARSE__FOR(VT, A, vals_, R, C0, C1, EDGEC_SPARSE__MAC(TT, TILE, NP, NP, ACC));             \
  } while (0)

/* sums[0..np) += row r of the matrix times the tile's columns [c0, c1) (int8: tile values are
 * x + input_offset in int16; every product and sum is exact). */
static inline void edgec_sparse__row_s8(const edgec_sparse__weights* a, int32_t r, int32_t c0, int32_t c1,
                                        const int16_t* tile, int32_t np, int32_t* sums) {
  int32_t acc[EDGEC_SPARSE_PIXELS], l;
  for (l = 0; l < EDGEC_SPARSE_PIXELS; ++l) acc[l] = sums[l];
  EDGEC_SPARSE__ROW(int8_t, int16_t, a, r, c0, c1, tile, np, acc);
  for (l = 0; l < EDGEC_SPARSE_PIXELS; ++l) sums[l] = acc[l];
}

static inline void edgec_sparse__row_f32(const edgec_sparse__weights* a, int32_t r, int32_t c0, int32_t c1,
                                         const float* tile, int32_t np, float* sums) {
  float acc[EDGEC_SPARSE_PIXELS];
  int32_t l;
  for (l = 0; l < EDGEC_SPARSE_PIXELS; ++l) acc[l] = sums[l];
  EDGEC_SPARSE__ROW(float, float, a, r, c0, c1, tile, np, acc);
  for (l = 0; l < EDGEC_SPARSE_PIXELS; ++l) sums[l] = acc[l];
}

/* Fills the tile with columns [c0, c1) of the np pixels from `pixel` of image x: column col
 * reads tap col / cin, channel col % cin; padding taps and columns past the matrix give 0.
 * Exactly one of xi (int8, plus off) and xf (float) is set. */
static inline void edgec_sparse__fill(const edgec_window* w, int32_t pointwise, int32_t cin, int32_t pixel,
                                      int32_t np, int32_t c0, int32_t c1, const int8_t* xi, int32_t off,
                                      const float* xf, int16_t* ti, float* tf) {
  const int32_t ts = np, kvol = w->kernel_volume;
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
      for (p = 0; p < (c1 - col) * ts; ++p) {
        if (tf) tf[(size_t)(col - c0) * ts + p] = 0.0f;
        else ti[(size_t)(col - c0) * ts + p] = 0;
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
        for (j = 0; j < run; ++j, at += ts) ti[at] = (int16_t)(xp[j] + off);
      }
    }
  }
}

/* The shared driver (groups 1; q set: int8, else float with act). For every image, block of
 * pixels, block of EDGEC_SPARSE_ROWS rows and column chunk: the rows' sums over the chunk;
 * after the last chunk the block's outputs are requantized or activated and stored. */
static inline void edgec_sparse__run(const edgec_conv_params* p, const edgec_window* w, int32_t pointwise,
                                     const edgec_sparse__weights* a, const edgec_requant_params* q,
                                     const edgec_act* act, const void* input, const void* bias, void* output) {
  union {
    int16_t i[EDGEC_SPARSE_TILE_BYTES / 2];
    float f[EDGEC_SPARSE_TILE_BYTES / 4];
  } tile;
  union {
    int32_t i[EDGEC_SPARSE_ROWS * EDGEC_SPARSE_PIXELS];
    float f[EDGEC_SPARSE_ROWS * EDGEC_SPARSE_PIXELS];
  } sums;
  const int32_t cin = p->in_channels, cout = p->out_channels, isf = q == NULL;
  const int32_t chunk = edgec_sparse__chunk(a, isf ? 4 : 2), padded = edgec_sparse__padded_cols(a);
  const int32_t* bi = (const int32_t*)bias;
  const float* bf = (const float*)bias;
  int32_t n, pixel, r0, r, c0, j, l, built;
  for (n = 0; n < p->batch; ++n) {
    const size_t in_at = (size_t)n * w->in_volume * cin, out_at = (size_t)n * w->out_volume * cout;
    for (pixel = 0; pixel < w->out_volume; pixel += EDGEC_SPARSE_PIXELS) {
      const int32_t np = w->out_volume - pixel < EDGEC_SPARSE_PIXELS ? w->out_volume - pixel : EDGEC_SPARSE_PIXELS;
      built = -1;
      for (r0 = 0; r0 < cout; r0 += EDGEC_SPARSE_ROWS) {
        const int32_t rb = cout - r0 < EDGEC_SPARSE_ROWS ? cout - r0 : EDGEC_SPARSE_ROWS;
        for (c0 = 0; c0 < padded; c0 += chunk) {
          const int32_t c1 = c0 + chunk < padded ? c0 + chunk : padded;
          if (built != c0) { /* one chunk: filled once per pixel block */
            edgec_sparse__fill(w, pointwise, cin, pixel, np, c0, c1,
                               isf ? NULL : (const int8_t*)input + in_at, isf ? 0 : q->input_offset,
                               isf ? (const float*)input + in_at : NULL, isf ? NULL : tile.i, isf ? tile.f : NULL);
            built = c0;
          }
          for (r = r0; r < r0 + rb; ++r) {
            const size_t at = (size_t)(r - r0) * EDGEC_SPARSE_PIXELS;
            if (isf) {
              if (c0 == 0)
                for (l = 0; l < EDGEC_SPARSE_PIXELS; ++l) sums.f[at + l] = bf ? bf[r] : 0.0f;
              edgec_sparse__row_f32(a, r, c0, c1, tile.f, np, sums.f + at);
            } else {
              if (c0 == 0)
                for (l = 0; l < EDGEC_SPARSE_PIXELS; ++l) sums.i[at + l] = bi ? bi[r] : 0;
              edgec_sparse__row_s8(a, r, c0, c1, tile.i, np, sums.i + at);
            }
          }
        }
        if (isf) {
          float* y = (float*)output + out_at + (size_t)pixel * cout;
          for (r = r0; r < r0 + rb; ++r) {
            float* s = sums.f + (size_t)(r - r0) * EDGEC_SPARSE_PIXELS;
            EDGEC_APPLY_ACT_N(act, s, np);
            for (l = 0; l < np; ++l) y[(size_t)l * cout + r] = s[l];
          }
        } else {
          /* Requantized 16 channels of one pixel at a time (edgec_qconv__rq_store). */
          int8_t* y = (int8_t*)output + out_at + (size_t)pixel * cout;
          for (r = r0; r < r0 + rb; r += 16) {
            const int32_t m = r0 + rb - r < 16 ? r0 + rb - r : 16;
            edgec_qconv__rq rq;
            int32_t acc[16];
            edgec_qconv__rq_init(&rq, q, r, m);
            for (l = 0; l < np; ++l) {
              for (j = 0; j < 16; ++j) acc[j] = j < m ? sums.i[(size_t)(r - r0 + j) * EDGEC_SPARSE_PIXELS + l] : 0;
              edgec_qconv__rq_store(&rq, q, r, m, acc, y + (size_t)l * cout + r);
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
 * without), then s += w * x for every nonzero stored weight in increasing column (a padding
 * tap's x is 0), one rounding per multiply and per add, then act(s). That differs from the
 * dense kernels' order, so results agree with them to rounding, not bit for bit; a weight of
 * zero is skipped, so an infinite or NaN input under it does not propagate. */

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
