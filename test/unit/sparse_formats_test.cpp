// Sparse weight formats (compiler/support/SparseFormats): pack -> unpack round trips for every
// format on random shapes, N:M magnitude sparsification, and the format choice.
#include <catch2/catch.hpp>

#include "compiler/support/SparseFormats.h"

#include <cmath>
#include <cstring>
#include <random>

using namespace edgec;

namespace {

template <typename T> std::vector<T> randomMatrix(int64_t rows, int64_t cols, double density, std::mt19937 &rng) {
  std::uniform_real_distribution<double> u(0.0, 1.0);
  std::uniform_int_distribution<int> q(-127, 127);
  std::vector<T> w(static_cast<size_t>(rows * cols), T(0));
  for (T &v : w)
    if (u(rng) < density) {
      int x = q(rng);
      v = static_cast<T>(x == 0 ? 1 : x);
      if (std::is_floating_point<T>::value)
        v = static_cast<T>(static_cast<double>(v) / 37.0);
    }
  return w;
}

template <typename T> bool sameBits(const std::vector<T> &a, const std::vector<T> &b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(T)) == 0;
}

/// At most n nonzeros in every group of m of every row.
template <typename T> bool isNM(const std::vector<T> &w, int64_t rows, int64_t cols, int64_t n, int64_t m) {
  for (int64_t r = 0; r < rows; ++r)
    for (int64_t g = 0; g < cols; g += m) {
      int64_t count = 0;
      for (int64_t c = g; c < std::min(cols, g + m); ++c)
        count += w[static_cast<size_t>(r * cols + c)] != T(0);
      if (count > n)
        return false;
    }
  return true;
}

template <typename T> void roundTrips(unsigned seed) {
  std::mt19937 rng(seed);
  auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  const int64_t nm[][2] = {{2, 4}, {4, 8}, {1, 4}, {3, 8}, {1, 2}, {2, 16}};
  for (int iter = 0; iter < 200; ++iter) {
    const int64_t rows = pick(1, 37), cols = pick(1, 70);
    const auto &f = nm[iter % 6];
    const int64_t n = f[0], m = f[1];
    std::vector<T> w = randomMatrix<T>(rows, cols, iter % 3 == 0 ? 1.0 : 0.4, rng);
    INFO("rows " << rows << " cols " << cols << " " << n << ":" << m);
    // Magnitude sparsification keeps the n largest of each group, and nothing else changes.
    const std::vector<T> before = w;
    sparsifyNM(w, rows, cols, n, m);
    REQUIRE(isNM(w, rows, cols, n, m));
    for (size_t i = 0; i < w.size(); ++i)
      REQUIRE((w[i] == T(0) || w[i] == before[i]));
    for (int64_t r = 0; r < rows; ++r)
      for (int64_t g = 0; g < cols; g += m) {
        // Every zeroed value is no larger in magnitude than every kept one of its group.
        double keptMin = 1e300, droppedMax = 0;
        for (int64_t c = g; c < std::min(cols, g + m); ++c) {
          const size_t i = static_cast<size_t>(r * cols + c);
          const double mag = std::fabs(static_cast<double>(before[i]));
          if (w[i] != T(0))
            keptMin = std::min(keptMin, mag);
          else
            droppedMax = std::max(droppedMax, mag);
        }
        REQUIRE(droppedMax <= keptMin);
      }
    auto packed = packNM(w, rows, cols, n, m);
    REQUIRE(packed);
    REQUIRE(packed->values.size() == static_cast<size_t>(rows * ((cols + m - 1) / m) * n));
    REQUIRE(sameBits(unpackNM(*packed), w));
    // BSR with blocks that do and do not divide the shape.
    const int64_t br = pick(1, 5), bc = pick(1, 9);
    PackedBSR<T> bsr = packBSR(before, rows, cols, br, bc);
    REQUIRE(sameBits(unpackBSR(bsr), before));
    REQUIRE(bsr.rowStart.size() == static_cast<size_t>((rows + br - 1) / br + 1));
  }
}

} // namespace

TEST_CASE("sparse formats: pack -> unpack round trips (float and int8, random shapes)", "[sparse]") {
  roundTrips<float>(91);
  roundTrips<int8_t>(92);
}

TEST_CASE("sparse formats: N:M refuses a group with too many nonzeros and names it", "[sparse]") {
  const std::vector<float> w = {1, 2, 0, 0, /**/ 1, 2, 3, 0};
  std::string why;
  REQUIRE_FALSE(packNM(w, 1, 8, 2, 4, &why));
  CHECK(why == "row 0, columns 4..7 hold 3 nonzeros, more than 2 of 4");
  REQUIRE_FALSE(packNM(w, 1, 8, 5, 4, &why));
  CHECK(why == "N:M needs 0 < N <= M <= 16");
}

TEST_CASE("sparse formats: 2:4 metadata is 2 bits a slot, spare slots at the lowest free positions", "[sparse]") {
  // Row 0: groups [0 5 0 7] and [0 0 0 9]: slots (1,5)(3,7) and (0,0)(3,9).
  const std::vector<int8_t> w = {0, 5, 0, 7, 0, 0, 0, 9};
  auto p = packNM(w, 1, 8, 2, 4);
  REQUIRE(p);
  CHECK(p->values == std::vector<int8_t>({5, 7, 0, 9}));
  // Positions 1, 3, 0, 3 in 2-bit fields from bit 0: 0b11'00'11'01 = 0xCD.
  REQUIRE(p->indices.size() == 1);
  CHECK(p->indices[0] == 0xCD);
  CHECK(p->bytes() == 5);
}

TEST_CASE("sparse formats: the choice follows the bytes", "[sparse]") {
  std::mt19937 rng(93);
  // Dense weights stay dense.
  std::vector<int8_t> dense = randomMatrix<int8_t>(16, 64, 1.0, rng);
  CHECK(chooseSparseFormat(dense, 16, 64, 2, 4, 16).kind == SparseChoice::Dense);
  // 2:4 int8: half the values plus 2 bits per kept value, 62.5% of dense.
  std::vector<int8_t> nm = dense;
  sparsifyNM(nm, 16, 64, 2, 4);
  SparseChoice c = chooseSparseFormat(nm, 16, 64, 2, 4, 16);
  CHECK(c.name() == "2:4");
  CHECK(c.bytes == 16 * 32 + 16 * 8);
  CHECK(c.macs == 16 * 32);
  // Whole zero blocks of 4 x 16: BSR keeps only the others.
  std::vector<float> blocks(static_cast<size_t>(16 * 64), 0.0f);
  for (int64_t r = 4; r < 8; ++r)
    for (int64_t col = 16; col < 32; ++col)
      blocks[static_cast<size_t>(r * 64 + col)] = 1.0f;
  c = chooseSparseFormat(blocks, 16, 64, 2, 4, 16);
  CHECK(c.name() == "bsr 4x16");
  CHECK(c.macs == 64);
  CHECK(c.density == Approx(64.0 / 1024.0));
}

TEST_CASE("sparse formats: block sparsification keeps the heaviest blocks", "[sparse]") {
  // 4 x 6 in 2 x 3 blocks, L1 norms 6, 60, 0.6 and 6000: keeping half keeps the last two
  // by weight, 60 and 6000.
  std::vector<float> w = {1, 1, 1, 10, 10, 10, //
                          1, 1, 1, 10, 10, 10, //
                          0.1f, 0.1f, 0.1f, 1000, 1000, 1000, //
                          0.1f, 0.1f, 0.1f, 1000, 1000, 1000};
  sparsifyBlocks(w, 4, 6, 2, 3, 0.5);
  CHECK(w == std::vector<float>({0, 0, 0, 10, 10, 10, 0, 0, 0, 10, 10, 10, //
                                 0, 0, 0, 1000, 1000, 1000, 0, 0, 0, 1000, 1000, 1000}));
  // The requested block shape is one of the candidates.
  CHECK(chooseSparseFormat(w, 4, 6, 0, 0, 16, 2, 3).name() == "bsr 2x3");
}

TEST_CASE("sparse formats: --sparsity patterns", "[sparse]") {
  auto nm = SparsityPattern::parse("2:4");
  REQUIRE(nm);
  CHECK((nm->kind == SparsityPattern::NM && nm->n == 2 && nm->m == 4));
  auto block = SparsityPattern::parse("block:4x16");
  REQUIRE(block);
  CHECK((block->kind == SparsityPattern::Block && block->br == 4 && block->bc == 16));
  CHECK(SparsityPattern::parse("auto")->kind == SparsityPattern::Auto);
  for (const char *bad : {"", "4:2", "4:4", "0:4", "2:32", "2:", ":4", "block:4", "block:0x8", "block:4x", "x",
                          "2:4:8", "block:4x8x2", "-1:4"})
    CHECK_FALSE(SparsityPattern::parse(bad));
}
