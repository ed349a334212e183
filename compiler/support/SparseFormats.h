// Packed formats for sparse weights (issue 9): N:M structured sparsity and block-sparse rows
// (BSR), for int8 and float matrices stored row-major as [rows, cols] with the reduction
// along cols (a conv filter as [Cout, taps * Cin], an FC weight as [N, K]). Packing is
// lossless: unpack(pack(w)) == w, bit for bit.
#ifndef EDGEC_COMPILER_SUPPORT_SPARSEFORMATS_H
#define EDGEC_COMPILER_SUPPORT_SPARSEFORMATS_H

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace edgec {

/// N:M: each row is cut into groups of m consecutive columns (the last one padded with
/// zeros), and each group keeps n slots. A slot holds a value and its position in the group
/// (0..m-1); a group's slots are in increasing position, and a group with fewer than n
/// nonzeros fills its spare slots with zeros at the lowest free positions. Positions take
/// ceil(log2 m) bits each, packed little-endian from bit 0, every row starting on a byte.
template <typename T> struct PackedNM {
  int64_t rows = 0, cols = 0, n = 0, m = 0;
  std::vector<T> values;         // rows x groups x n
  std::vector<uint8_t> indices;  // rows x rowIndexBytes()
  int64_t groups() const { return (cols + m - 1) / m; }
  int64_t indexBits() const;
  int64_t rowIndexBytes() const { return (groups() * n * indexBits() + 7) / 8; }
  int64_t bytes() const { return static_cast<int64_t>(values.size() * sizeof(T) + indices.size()); }
};

/// Block-sparse rows: the matrix cut into br x bc blocks (edge blocks padded with zeros);
/// only blocks with a nonzero are kept, block row by block row, columns increasing.
template <typename T> struct PackedBSR {
  int64_t rows = 0, cols = 0, br = 1, bc = 1;
  std::vector<int32_t> rowStart; // block rows + 1: the first kept block of each block row
  std::vector<int32_t> blockCol; // per kept block: its block column
  std::vector<T> values;         // per kept block: br x bc, row-major
  int64_t bytes() const {
    return static_cast<int64_t>(values.size() * sizeof(T) + (rowStart.size() + blockCol.size()) * 4);
  }
};

/// Zeros all but the n largest-magnitude values of every group of m (ties: the lower
/// position stays): magnitude sparsification to N:M. Requires 0 < n <= m <= 16.
template <typename T> void sparsifyNM(std::vector<T> &w, int64_t rows, int64_t cols, int64_t n, int64_t m);

/// Zeros the br x bc blocks (edge blocks clipped) with the smallest L1 norms until only
/// ceil(keep x blocks) remain (ties: the earlier block stays): block sparsification for BSR.
template <typename T>
void sparsifyBlocks(std::vector<T> &w, int64_t rows, int64_t cols, int64_t br, int64_t bc, double keep);

/// Packs an N:M-sparse matrix; nullopt (with `why`) when a group holds more than n nonzeros
/// or n, m are out of range.
template <typename T>
std::optional<PackedNM<T>> packNM(const std::vector<T> &w, int64_t rows, int64_t cols, int64_t n, int64_t m,
                                  std::string *why = nullptr);
template <typename T> std::vector<T> unpackNM(const PackedNM<T> &p);

template <typename T>
PackedBSR<T> packBSR(const std::vector<T> &w, int64_t rows, int64_t cols, int64_t br, int64_t bc);
template <typename T> std::vector<T> unpackBSR(const PackedBSR<T> &p);

/// --sparsity: N:M ("2:4", "4:8"), blocks ("block:4x8", half the blocks zeroed) or "auto"
/// (no sparsification: the zeros the weights already have, in whatever format is smallest).
struct SparsityPattern {
  enum Kind { Auto, NM, Block } kind = Auto;
  int64_t n = 0, m = 0, br = 0, bc = 0;
  static std::optional<SparsityPattern> parse(const std::string &text);
};

/// The format a layer's weights are stored in, chosen by bytes (the kernels' traffic): the
/// smallest of dense, the given N:M (when the weights are N:M-sparse) and BSR with blocks
/// of 1 x lanes and 4 x lanes (lanes: the target's vector width in elements) and, when
/// given, br x bc.
struct SparseChoice {
  enum Kind { Dense, NM, BSR } kind = Dense;
  int64_t n = 0, m = 0, br = 0, bc = 0;
  int64_t bytes = 0;    // of the chosen format
  int64_t macs = 0;     // multiply-adds per use of the matrix (one vector), zeros skipped
  double density = 1.0; // nonzeros / elements
  std::string name() const; // "dense", "2:4", "bsr 4x8"
};
template <typename T>
SparseChoice chooseSparseFormat(const std::vector<T> &w, int64_t rows, int64_t cols, int64_t n, int64_t m,
                                int64_t lanes, int64_t br = 0, int64_t bc = 0);

} // namespace edgec

#endif
