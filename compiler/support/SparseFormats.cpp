#include "compiler/support/SparseFormats.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace edgec {

namespace {

template <typename T> double magnitude(T v) { return std::fabs(static_cast<double>(v)); }

bool validNM(int64_t n, int64_t m) { return n > 0 && m > 0 && n <= m && m <= 16; }

int64_t bitsFor(int64_t m) {
  int64_t bits = 0;
  while ((int64_t(1) << bits) < m)
    ++bits;
  return std::max<int64_t>(bits, 1);
}

/// Element (r, c) of a row-major matrix, zero outside it (padding of edge groups/blocks).
template <typename T> T at(const std::vector<T> &w, int64_t rows, int64_t cols, int64_t r, int64_t c) {
  return r < rows && c < cols ? w[static_cast<size_t>(r * cols + c)] : T(0);
}

} // namespace

template <typename T> int64_t PackedNM<T>::indexBits() const { return bitsFor(m); }

template <typename T> void sparsifyNM(std::vector<T> &w, int64_t rows, int64_t cols, int64_t n, int64_t m) {
  if (!validNM(n, m))
    return;
  std::vector<int64_t> order;
  for (int64_t r = 0; r < rows; ++r)
    for (int64_t g0 = 0; g0 < cols; g0 += m) {
      const int64_t width = std::min(m, cols - g0);
      order.resize(static_cast<size_t>(width));
      std::iota(order.begin(), order.end(), g0);
      // Largest magnitudes first; stable, so the lower position wins a tie.
      std::stable_sort(order.begin(), order.end(), [&](int64_t a, int64_t b) {
        return magnitude(w[static_cast<size_t>(r * cols + a)]) > magnitude(w[static_cast<size_t>(r * cols + b)]);
      });
      for (size_t k = static_cast<size_t>(n); k < order.size(); ++k)
        w[static_cast<size_t>(r * cols + order[k])] = T(0);
    }
}

template <typename T>
void sparsifyBlocks(std::vector<T> &w, int64_t rows, int64_t cols, int64_t br, int64_t bc, double keep) {
  if (br < 1 || bc < 1)
    return;
  const int64_t blockRows = (rows + br - 1) / br, blockCols = (cols + bc - 1) / bc;
  std::vector<double> norms(static_cast<size_t>(blockRows * blockCols), 0.0);
  for (int64_t r = 0; r < rows; ++r)
    for (int64_t c = 0; c < cols; ++c)
      norms[static_cast<size_t>((r / br) * blockCols + c / bc)] += magnitude(w[static_cast<size_t>(r * cols + c)]);
  std::vector<int64_t> order(norms.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](int64_t a, int64_t b) { return norms[a] > norms[b]; });
  const size_t kept = static_cast<size_t>(std::ceil(std::clamp(keep, 0.0, 1.0) * static_cast<double>(order.size())));
  std::vector<bool> zero(norms.size(), false);
  for (size_t i = kept; i < order.size(); ++i)
    zero[static_cast<size_t>(order[i])] = true;
  for (int64_t r = 0; r < rows; ++r)
    for (int64_t c = 0; c < cols; ++c)
      if (zero[static_cast<size_t>((r / br) * blockCols + c / bc)])
        w[static_cast<size_t>(r * cols + c)] = T(0);
}

template <typename T>
std::optional<PackedNM<T>> packNM(const std::vector<T> &w, int64_t rows, int64_t cols, int64_t n, int64_t m,
                                  std::string *why) {
  if (!validNM(n, m)) {
    if (why)
      *why = "N:M needs 0 < N <= M <= 16";
    return std::nullopt;
  }
  PackedNM<T> p;
  p.rows = rows, p.cols = cols, p.n = n, p.m = m;
  const int64_t groups = p.groups(), bits = p.indexBits(), rowBytes = p.rowIndexBytes();
  p.values.assign(static_cast<size_t>(rows * groups * n), T(0));
  p.indices.assign(static_cast<size_t>(rows * rowBytes), 0);
  std::vector<int64_t> slots;
  for (int64_t r = 0; r < rows; ++r)
    for (int64_t g = 0; g < groups; ++g) {
      slots.clear();
      for (int64_t k = 0; k < m; ++k)
        if (at(w, rows, cols, r, g * m + k) != T(0))
          slots.push_back(k);
      if (static_cast<int64_t>(slots.size()) > n) {
        if (why)
          *why = "row " + std::to_string(r) + ", columns " + std::to_string(g * m) + ".." +
                 std::to_string(std::min(cols, g * m + m) - 1) + " hold " + std::to_string(slots.size()) +
                 " nonzeros, more than " + std::to_string(n) + " of " + std::to_string(m);
        return std::nullopt;
      }
      // Spare slots: zeros at the lowest free positions, then all in increasing position.
      for (int64_t k = 0; k < m && static_cast<int64_t>(slots.size()) < n; ++k)
        if (std::find(slots.begin(), slots.end(), k) == slots.end())
          slots.push_back(k);
      std::sort(slots.begin(), slots.end());
      for (int64_t s = 0; s < n; ++s) {
        const int64_t slot = g * n + s, k = slots[static_cast<size_t>(s)];
        p.values[static_cast<size_t>(r * groups * n + slot)] = at(w, rows, cols, r, g * m + k);
        for (int64_t b = 0; b < bits; ++b)
          if ((k >> b) & 1) {
            const int64_t bit = slot * bits + b;
            p.indices[static_cast<size_t>(r * rowBytes + bit / 8)] |= static_cast<uint8_t>(1u << (bit % 8));
          }
      }
    }
  return p;
}

template <typename T> std::vector<T> unpackNM(const PackedNM<T> &p) {
  std::vector<T> w(static_cast<size_t>(p.rows * p.cols), T(0));
  const int64_t groups = p.groups(), bits = p.indexBits(), rowBytes = p.rowIndexBytes();
  for (int64_t r = 0; r < p.rows; ++r)
    for (int64_t slot = 0; slot < groups * p.n; ++slot) {
      int64_t k = 0;
      for (int64_t b = 0; b < bits; ++b) {
        const int64_t bit = slot * bits + b;
        k |= static_cast<int64_t>((p.indices[static_cast<size_t>(r * rowBytes + bit / 8)] >> (bit % 8)) & 1) << b;
      }
      const int64_t c = (slot / p.n) * p.m + k;
      const T v = p.values[static_cast<size_t>(r * groups * p.n + slot)];
      if (c < p.cols && v != T(0))
        w[static_cast<size_t>(r * p.cols + c)] = v;
    }
  return w;
}

template <typename T>
PackedBSR<T> packBSR(const std::vector<T> &w, int64_t rows, int64_t cols, int64_t br, int64_t bc) {
  PackedBSR<T> p;
  p.rows = rows, p.cols = cols, p.br = std::max<int64_t>(br, 1), p.bc = std::max<int64_t>(bc, 1);
  const int64_t blockRows = (rows + p.br - 1) / p.br, blockCols = (cols + p.bc - 1) / p.bc;
  p.rowStart.push_back(0);
  for (int64_t R = 0; R < blockRows; ++R) {
    for (int64_t C = 0; C < blockCols; ++C) {
      bool any = false;
      for (int64_t i = 0; i < p.br && !any; ++i)
        for (int64_t j = 0; j < p.bc && !any; ++j)
          any = at(w, rows, cols, R * p.br + i, C * p.bc + j) != T(0);
      if (!any)
        continue;
      p.blockCol.push_back(static_cast<int32_t>(C));
      for (int64_t i = 0; i < p.br; ++i)
        for (int64_t j = 0; j < p.bc; ++j)
          p.values.push_back(at(w, rows, cols, R * p.br + i, C * p.bc + j));
    }
    p.rowStart.push_back(static_cast<int32_t>(p.blockCol.size()));
  }
  return p;
}

template <typename T> std::vector<T> unpackBSR(const PackedBSR<T> &p) {
  std::vector<T> w(static_cast<size_t>(p.rows * p.cols), T(0));
  for (size_t R = 0; R + 1 < p.rowStart.size(); ++R)
    for (int32_t b = p.rowStart[R]; b < p.rowStart[R + 1]; ++b)
      for (int64_t i = 0; i < p.br; ++i)
        for (int64_t j = 0; j < p.bc; ++j) {
          const int64_t r = static_cast<int64_t>(R) * p.br + i, c = p.blockCol[static_cast<size_t>(b)] * p.bc + j;
          if (r < p.rows && c < p.cols)
            w[static_cast<size_t>(r * p.cols + c)] = p.values[static_cast<size_t>((b * p.br + i) * p.bc + j)];
        }
  return w;
}

std::string SparseChoice::name() const {
  switch (kind) {
  case NM:
    return std::to_string(n) + ":" + std::to_string(m);
  case BSR:
    return "bsr " + std::to_string(br) + "x" + std::to_string(bc);
  case Dense:
    break;
  }
  return "dense";
}

std::optional<SparsityPattern> SparsityPattern::parse(const std::string &text) {
  SparsityPattern p;
  if (text == "auto")
    return p;
  auto number = [](const std::string &s, int64_t &v) {
    if (s.empty() || s.size() > 4 || s.find_first_not_of("0123456789") != std::string::npos)
      return false;
    v = std::stoll(s);
    return v > 0;
  };
  auto split = [](const std::string &s, char sep, std::string &a, std::string &b) {
    size_t at = s.find(sep);
    if (at == std::string::npos)
      return false;
    a = s.substr(0, at), b = s.substr(at + 1);
    return true;
  };
  std::string a, b;
  if (text.rfind("block:", 0) == 0) {
    p.kind = Block;
    if (split(text.substr(6), 'x', a, b) && number(a, p.br) && number(b, p.bc) && p.br <= 64 && p.bc <= 256)
      return p;
    return std::nullopt;
  }
  p.kind = NM;
  if (split(text, ':', a, b) && number(a, p.n) && number(b, p.m) && validNM(p.n, p.m) && p.n < p.m)
    return p;
  return std::nullopt;
}

template <typename T>
SparseChoice chooseSparseFormat(const std::vector<T> &w, int64_t rows, int64_t cols, int64_t n, int64_t m,
                                int64_t lanes, int64_t br, int64_t bc) {
  SparseChoice best;
  const int64_t nonzeros = std::count_if(w.begin(), w.end(), [](T v) { return v != T(0); });
  best.bytes = rows * cols * static_cast<int64_t>(sizeof(T));
  best.macs = rows * cols;
  best.density = rows * cols > 0 ? static_cast<double>(nonzeros) / static_cast<double>(rows * cols) : 1.0;
  if (validNM(n, m))
    if (auto p = packNM(w, rows, cols, n, m); p && p->bytes() < best.bytes) {
      best.kind = SparseChoice::NM, best.n = n, best.m = m, best.bytes = p->bytes();
      best.macs = rows * p->groups() * n;
    }
  lanes = std::max<int64_t>(lanes, 1);
  std::vector<std::pair<int64_t, int64_t>> blocks = {{1, lanes}, {4, lanes}};
  if (br > 0 && bc > 0)
    blocks.emplace_back(br, bc);
  for (auto [blockRows, blockCols] : blocks) {
    PackedBSR<T> p = packBSR(w, rows, cols, blockRows, blockCols);
    if (p.bytes() < best.bytes) {
      best.kind = SparseChoice::BSR, best.n = best.m = 0, best.br = p.br, best.bc = p.bc, best.bytes = p.bytes();
      best.macs = static_cast<int64_t>(p.values.size());
    }
  }
  return best;
}

#define EDGEC_SPARSE_INSTANTIATE(T)                                                                                \
  template struct PackedNM<T>;                                                                                     \
  template void sparsifyNM<T>(std::vector<T> &, int64_t, int64_t, int64_t, int64_t);                              \
  template void sparsifyBlocks<T>(std::vector<T> &, int64_t, int64_t, int64_t, int64_t, double);                  \
  template std::optional<PackedNM<T>> packNM<T>(const std::vector<T> &, int64_t, int64_t, int64_t, int64_t,      \
                                                std::string *);                                                   \
  template std::vector<T> unpackNM<T>(const PackedNM<T> &);                                                       \
  template PackedBSR<T> packBSR<T>(const std::vector<T> &, int64_t, int64_t, int64_t, int64_t);                  \
  template std::vector<T> unpackBSR<T>(const PackedBSR<T> &);                                                     \
  template SparseChoice chooseSparseFormat<T>(const std::vector<T> &, int64_t, int64_t, int64_t, int64_t, int64_t, \
                                              int64_t, int64_t);
EDGEC_SPARSE_INSTANTIATE(float)
EDGEC_SPARSE_INSTANTIATE(int8_t)
#undef EDGEC_SPARSE_INSTANTIATE

} // namespace edgec
