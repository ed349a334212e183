// Unit tests for the int8 Softmax kernel (against an exact rational reference written here
// from its definition) and the element-type-agnostic nearest Resize (against the float
// kernel's picks on the same, exactly representable, values).
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "edgec/kernels/quantized.h"
#include "edgec/kernels/quantized_softmax.h"
#include "edgec/kernels/resize.h"
#include "edgec/kernels/softmax.h"

namespace {

using Rng = std::mt19937;
using I128 = __int128;

int32_t uni(Rng &R, int32_t Lo, int32_t Hi) { return std::uniform_int_distribution<int32_t>(Lo, Hi)(R); }

// ---- Softmax ---------------------------------------------------------------------------------

// Straight from the definition: per slice max, table lookups, int64 sum, then
// round_half_away_from_zero(e * M / (sum * 65536)) = floor((2 * e * M + den) / (2 * den)) on
// 128 bits (all values non-negative), offset, clamp.
std::vector<int8_t> refSoftmax(const edgec_softmax_s8_params &P, const std::vector<int8_t> &X) {
  std::vector<int8_t> Y(X.size());
  for (int32_t O = 0; O < P.outer; ++O)
    for (int32_t I = 0; I < P.inner; ++I) {
      auto At = [&](int32_t K) { return (size_t(O) * P.axis_size + size_t(K)) * P.inner + size_t(I); };
      int32_t M = -1000;
      for (int32_t K = 0; K < P.axis_size; ++K)
        M = std::max<int32_t>(M, X[At(K)]);
      int64_t Sum = 0;
      for (int32_t K = 0; K < P.axis_size; ++K) {
        const int32_t D = M - X[At(K)];
        REQUIRE(D >= 0);
        REQUIRE(D <= 255);
        Sum += P.exp_table[D];
      }
      for (int32_t K = 0; K < P.axis_size; ++K) {
        I128 V = P.output_offset;
        if (Sum != 0) {
          const I128 Num = I128(P.exp_table[M - X[At(K)]]) * P.out_multiplier;
          const I128 Den = I128(Sum) * 65536;
          V += (2 * Num + Den) / (2 * Den);
        }
        V = std::min<I128>(std::max<I128>(V, P.act_min), P.act_max);
        Y[At(K)] = int8_t(V);
      }
    }
  return Y;
}

std::vector<int32_t> expTable(double ScaleIn) {
  std::vector<int32_t> T(256);
  for (int D = 0; D < 256; ++D)
    T[size_t(D)] = int32_t(std::lround(1048576.0 * std::exp(-ScaleIn * D)));
  return T;
}

struct Table {
  std::string Name;
  std::vector<int32_t> T;
};

std::vector<Table> softmaxTables(Rng &R) {
  std::vector<Table> Tables;
  for (double S : {0.01, 0.0625, 0.1, 0.25})
    Tables.push_back({"exp scale " + std::to_string(S), expTable(S)});
  // exp(-0.2 d) * 2^20 rounds to 0 from d ~ 73 on: a real table with a zero tail.
  Tables.push_back({"exp scale 0.2 (zero tail)", expTable(0.2)});
  Tables.push_back({"exp scale 1.0 (long zero tail)", expTable(1.0)});
  {
    std::vector<int32_t> T = expTable(0.03);
    for (int D = 40; D < 256; ++D)
      T[size_t(D)] = 0;
    Tables.push_back({"truncated at 40", T});
  }
  {
    // Random non-increasing table with the extremes 2^20 and 0.
    std::vector<int32_t> T(256);
    for (auto &V : T)
      V = uni(R, 0, 1 << 20);
    std::sort(T.begin(), T.end(), [](int32_t A, int32_t B) { return A > B; });
    T[0] = 1 << 20;
    for (int D = 200; D < 256; ++D)
      T[size_t(D)] = 0;
    Tables.push_back({"random non-increasing", T});
  }
  Tables.push_back({"constant 2^20", std::vector<int32_t>(256, 1 << 20)});
  Tables.push_back({"all zero (sum 0)", std::vector<int32_t>(256, 0)});
  {
    std::vector<int32_t> T(256, 0);
    T[0] = 1; // sums are tiny: large quotients
    Tables.push_back({"only head = 1", T});
  }
  return Tables;
}

enum class Fill { Random, AllEqual, Extremes, Narrow };

std::vector<int8_t> softmaxInput(Rng &R, size_t N, Fill F, int32_t AxisSize, int32_t Inner) {
  std::vector<int8_t> X(N);
  switch (F) {
  case Fill::Random:
    for (auto &V : X)
      V = int8_t(uni(R, -128, 127));
    break;
  case Fill::AllEqual: {
    // Every slice constant, with a different constant per slice.
    for (size_t E = 0; E < N; ++E) {
      const size_t Slice = (E / (size_t(AxisSize) * Inner)) * Inner + E % size_t(Inner);
      X[E] = int8_t(int32_t((Slice * 37) % 256) - 128);
    }
    break;
  }
  case Fill::Extremes:
    for (auto &V : X)
      V = int8_t(uni(R, 0, 1) ? 127 : -128);
    break;
  case Fill::Narrow: {
    const int32_t Base = uni(R, -128, 117);
    for (auto &V : X)
      V = int8_t(Base + uni(R, 0, 10));
    break;
  }
  }
  return X;
}

// ---- Resize ----------------------------------------------------------------------------------

struct ResizeConfig {
  edgec_resize_params P;
  size_t InCount = 1, OutCount = 1;
  std::string Desc;
};

// A random rank 1..4 problem mixing unresized, upscaled and downscaled dims.
ResizeConfig randomResize(Rng &R, int32_t Coord, int32_t Nearest) {
  ResizeConfig C;
  edgec_resize_params &P = C.P;
  std::memset(&P, 0, sizeof(P));
  P.rank = uni(R, 1, 4);
  P.mode = EDGEC_RESIZE_NEAREST;
  P.coord_mode = Coord;
  P.nearest_mode = Nearest;
  P.cubic_coeff_a = -0.75f;
  P.extrapolation_value = -7.0f;
  P.use_size_ratio = uni(R, 0, 1);
  for (int32_t D = 0; D < P.rank; ++D) {
    const int32_t Kind = uni(R, 0, 3); // 0: unresized, 1: upscale, 2: downscale, 3: any
    int32_t In = uni(R, 1, 6), Out;
    if (Kind == 0)
      Out = In;
    else if (Kind == 1)
      Out = In + uni(R, 1, 7);
    else if (Kind == 2) {
      In = uni(R, 2, 9);
      Out = uni(R, 1, In - 1);
    } else
      Out = uni(R, 1, 9);
    P.in_shape[D] = In;
    P.out_shape[D] = Out;
    P.scale[D] = float(Out) / float(In);
    if (!P.use_size_ratio && Kind != 0 && uni(R, 0, 2) == 0) {
      // A given scale whose floor(in * scale) is the output size.
      const float S = float(Out) / float(In) + float(uni(R, 0, 99)) / (100.0f * float(In));
      if (int32_t(std::floor(S * float(In))) == Out)
        P.scale[D] = S;
    }
    P.roi_start[D] = 0.0f;
    P.roi_end[D] = 1.0f;
    if (Coord == EDGEC_COORD_TF_CROP_AND_RESIZE && uni(R, 0, 3) != 0) {
      // Crops that reach outside the input extrapolate.
      P.roi_start[D] = float(uni(R, -30, 60)) / 100.0f;
      P.roi_end[D] = float(uni(R, 40, 130)) / 100.0f;
    }
    C.InCount *= size_t(In);
    C.OutCount *= size_t(Out);
    C.Desc += std::to_string(In) + "->" + std::to_string(Out) + " (s=" + std::to_string(P.scale[D]) + ", roi " +
              std::to_string(P.roi_start[D]) + ".." + std::to_string(P.roi_end[D]) + ") ";
  }
  C.Desc += "coord " + std::to_string(Coord) + " nearest " + std::to_string(Nearest) + " size_ratio " +
            std::to_string(P.use_size_ratio);
  return C;
}

// Which input element edgec_resize_f32 picks for each output (-1: extrapolated), found by
// resizing the element indices (exact in float: the inputs have < 2^24 elements).
std::vector<int64_t> floatPicks(const edgec_resize_params &P, size_t InCount, size_t OutCount) {
  std::vector<float> X(InCount), Y(OutCount, -12345.0f);
  for (size_t E = 0; E < InCount; ++E)
    X[E] = float(E);
  edgec_resize_params Q = P;
  Q.extrapolation_value = -1.0f;
  edgec_resize_f32(&Q, X.data(), Y.data());
  std::vector<int64_t> Picks(OutCount);
  for (size_t E = 0; E < OutCount; ++E) {
    REQUIRE(Y[E] == std::floor(Y[E]));
    REQUIRE(Y[E] >= -1.0f);
    REQUIRE(Y[E] < float(InCount));
    Picks[E] = int64_t(Y[E]);
  }
  return Picks;
}

// Values of T that float represents exactly.
template <typename T> T exactValue(Rng &R) {
  if (sizeof(T) == 1)
    return T(uni(R, -128, 127));
  if (sizeof(T) == 2)
    return T(uni(R, 0, 65535));
  return T(uni(R, -(1 << 24), 1 << 24));
}

template <typename T> void checkResizeType(Rng &R, const ResizeConfig &C, int &Checked, int *Extrapolated = nullptr) {
  const edgec_resize_params &P = C.P;
  INFO("elem_size " << sizeof(T) << ": " << C.Desc);
  // 1. The same values as float: the float kernel's output, converted back, must be identical.
  std::vector<T> X(C.InCount), Y(C.OutCount, T(99));
  std::vector<float> Xf(C.InCount), Yf(C.OutCount, -12345.0f);
  for (size_t E = 0; E < C.InCount; ++E) {
    X[E] = exactValue<T>(R);
    Xf[E] = float(X[E]);
    REQUIRE(T(Xf[E]) == X[E]);
  }
  const T Ext = sizeof(T) == 2 ? T(4321) : T(-7);
  edgec_resize_params Pf = P;
  Pf.extrapolation_value = float(Ext);
  edgec_resize_f32(&Pf, Xf.data(), Yf.data());
  edgec_resize_nearest_bytes(&P, int32_t(sizeof(T)), &Ext, X.data(), Y.data());
  for (size_t E = 0; E < C.OutCount; ++E)
    if (float(Y[E]) != Yf[E]) {
      INFO("output " << E);
      REQUIRE(float(Y[E]) == Yf[E]);
    }
  // 2. Arbitrary bit patterns: every output's bytes are those of the input element (or
  // the extrapolation value) the float kernel picks.
  const std::vector<int64_t> Picks = floatPicks(P, C.InCount, C.OutCount);
  if (Extrapolated)
    *Extrapolated += int(std::count(Picks.begin(), Picks.end(), int64_t(-1)));
  std::vector<unsigned char> Xb(C.InCount * sizeof(T)), Yb(C.OutCount * sizeof(T), 0xA5), Eb(sizeof(T));
  for (auto &B : Xb)
    B = (unsigned char)uni(R, 0, 255);
  for (auto &B : Eb)
    B = (unsigned char)uni(R, 0, 255);
  edgec_resize_nearest_bytes(&P, int32_t(sizeof(T)), Eb.data(), Xb.data(), Yb.data());
  for (size_t E = 0; E < C.OutCount; ++E) {
    const unsigned char *Want = Picks[E] < 0 ? Eb.data() : Xb.data() + size_t(Picks[E]) * sizeof(T);
    if (std::memcmp(Yb.data() + E * sizeof(T), Want, sizeof(T)) != 0) {
      INFO("output " << E << " picks " << Picks[E]);
      REQUIRE(std::memcmp(Yb.data() + E * sizeof(T), Want, sizeof(T)) == 0);
    }
  }
  ++Checked;
}

} // namespace

TEST_CASE("int8 softmax matches the exact definition", "[int8][softmax]") {
  Rng R(2718);
  const std::vector<Table> Tables = softmaxTables(R);
  struct Shape {
    int32_t Outer, Axis, Inner;
  };
  const Shape Shapes[] = {{1, 1, 1},  {3, 1, 5},  {1, 2, 1},  {2, 2, 3},   {1, 10, 1}, {4, 10, 1},
                          {2, 10, 7}, {1, 10, 40}, {1, 1000, 1}, {2, 1000, 3}, {3, 7, 33}, {2, 300, 65}};
  struct Out {
    int64_t Mult;
    int32_t Offset, Lo, Hi;
  };
  const Out Outs[] = {{1 << 24, -128, -128, 127},   {1 << 24, 0, -128, 127},        {16777216 - 65793, -128, -128, 127},
                      {6553600, 0, -128, 127},      {1 << 23, 0, 0, 127},           {1 << 24, -128, -100, 50},
                      {4294967295LL, -128, -128, 127}, {4294967295LL, 0, -128, 127}, {0, 0, -128, 127},
                      {65536, -128, -128, 127},     {1 << 24, 0, 10, 20}};
  int Checked = 0;
  for (const Table &T : Tables)
    for (const Shape &S : Shapes)
      for (const Out &Q : Outs)
        for (Fill F : {Fill::Random, Fill::AllEqual, Fill::Extremes, Fill::Narrow}) {
          edgec_softmax_s8_params P;
          P.outer = S.Outer;
          P.axis_size = S.Axis;
          P.inner = S.Inner;
          P.exp_table = T.T.data();
          P.out_multiplier = Q.Mult;
          P.output_offset = Q.Offset;
          P.act_min = Q.Lo;
          P.act_max = Q.Hi;
          const size_t N = size_t(S.Outer) * S.Axis * S.Inner;
          const std::vector<int8_t> X = softmaxInput(R, N, F, S.Axis, S.Inner);
          std::vector<int8_t> Y(N, int8_t(99));
          edgec_softmax_s8(&P, X.data(), Y.data());
          const std::vector<int8_t> Want = refSoftmax(P, X);
          INFO("table " << T.Name << ", shape " << S.Outer << "x" << S.Axis << "x" << S.Inner << ", mult " << Q.Mult
                        << ", offset " << Q.Offset << ", clamp " << Q.Lo << ".." << Q.Hi << ", fill " << int(F));
          if (Y != Want) {
            const size_t E = size_t(std::mismatch(Y.begin(), Y.end(), Want.begin()).first - Y.begin());
            INFO("first mismatch at element " << E << " x " << int(X[E]));
            REQUIRE(int(Y[E]) == int(Want[E]));
          }
          // In place gives the same result.
          std::vector<int8_t> Z = X;
          edgec_softmax_s8(&P, Z.data(), Z.data());
          REQUIRE(Z == Want);
          ++Checked;
        }
  CHECK(Checked == int(Tables.size() * (sizeof(Shapes) / sizeof(Shapes[0])) * (sizeof(Outs) / sizeof(Outs[0])) * 4));
}

TEST_CASE("int8 softmax spot values", "[int8][softmax]") {
  // Two equal logits with a constant table: each gets 1/2 -> 128 steps of 1/256 -> 0 + zp.
  const std::vector<int32_t> T(256, 1 << 20);
  edgec_softmax_s8_params P{1, 2, 1, T.data(), 1 << 24, -128, -128, 127};
  const int8_t X[2] = {5, 5};
  int8_t Y[2] = {0, 0};
  edgec_softmax_s8(&P, X, Y);
  CHECK(int(Y[0]) == 0);
  CHECK(int(Y[1]) == 0);
  // One element: probability 1 = 256 steps, clamped to 127.
  P.axis_size = 1;
  edgec_softmax_s8(&P, X, Y);
  CHECK(int(Y[0]) == 127);
  // Ties round away from zero: e * M / (sum * 2^16) = 1 * 98304 / (2 * 65536) = 0.75 -> 1,
  // and 3 * 65536 / (2 * 65536) = 1.5 -> 2.
  const std::vector<int32_t> T2(256, 1);
  edgec_softmax_s8_params P2{1, 2, 1, T2.data(), 98304, 0, -128, 127};
  edgec_softmax_s8(&P2, X, Y);
  CHECK(int(Y[0]) == 1);
  P2.out_multiplier = 3 * 65536;
  edgec_softmax_s8(&P2, X, Y);
  CHECK(int(Y[0]) == 2);
  P2.out_multiplier = 65536; // 0.5 -> 1
  edgec_softmax_s8(&P2, X, Y);
  CHECK(int(Y[0]) == 1);
  P2.out_multiplier = 65535; // just under 0.5 -> 0
  edgec_softmax_s8(&P2, X, Y);
  CHECK(int(Y[0]) == 0);
}

TEST_CASE("int8 softmax with the compiler's table approximates float softmax", "[int8][softmax]") {
  Rng R(31415);
  const double ScaleOut = 1.0 / 256.0;
  const int64_t Mult = std::llround(65536.0 / ScaleOut);
  double Worst = 0.0;
  for (double ScaleIn : {0.005, 0.02, 0.0625, 0.1, 0.3, 1.0})
    for (int32_t Axis : {1, 2, 10, 1000})
      for (int32_t Inner : {1, 5}) {
        const int32_t ZpIn = uni(R, -20, 20);
        const std::vector<int32_t> T = expTable(ScaleIn);
        edgec_softmax_s8_params P{2, Axis, Inner, T.data(), Mult, -128, -128, 127};
        const size_t N = size_t(2) * Axis * Inner;
        std::vector<int8_t> X(N), Y(N);
        for (auto &V : X)
          V = int8_t(uni(R, -128, 127));
        edgec_softmax_s8(&P, X.data(), Y.data());
        std::vector<float> Xf(N), Yf(N);
        for (size_t E = 0; E < N; ++E)
          Xf[E] = float(ScaleIn * (X[E] - ZpIn));
        edgec_softmax_f32(2, Axis, Inner, Xf.data(), Yf.data());
        for (size_t E = 0; E < N; ++E) {
          const double Got = ScaleOut * (Y[E] + 128);
          if (!(std::fabs(Got - Yf[E]) <= 1.0 / 256.0 + 1e-5)) {
            INFO("scale_in " << ScaleIn << " axis " << Axis << " element " << E);
            REQUIRE(std::fabs(Got - Yf[E]) <= 1.0 / 256.0 + 1e-5);
          }
          Worst = std::max(Worst, std::fabs(Got - Yf[E]));
        }
      }
  CHECK(Worst > 0.0);
}

TEST_CASE("nearest resize on raw bytes picks what the float kernel picks", "[int8][resize]") {
  Rng R(1618);
  int Checked = 0, Extrapolated = 0, Unresized = 0, Up = 0, Down = 0;
  for (int32_t Coord : {EDGEC_COORD_HALF_PIXEL, EDGEC_COORD_ASYMMETRIC, EDGEC_COORD_ALIGN_CORNERS,
                        EDGEC_COORD_PYTORCH_HALF_PIXEL, EDGEC_COORD_TF_CROP_AND_RESIZE,
                        EDGEC_COORD_HALF_PIXEL_SYMMETRIC})
    for (int32_t Nearest : {EDGEC_NEAREST_ROUND_PREFER_FLOOR, EDGEC_NEAREST_ROUND_PREFER_CEIL, EDGEC_NEAREST_FLOOR,
                            EDGEC_NEAREST_CEIL})
      for (int Iter = 0; Iter < 60; ++Iter) {
        const ResizeConfig C = randomResize(R, Coord, Nearest);
        for (int32_t D = 0; D < C.P.rank; ++D) {
          Unresized += C.P.out_shape[D] == C.P.in_shape[D];
          Up += C.P.out_shape[D] > C.P.in_shape[D];
          Down += C.P.out_shape[D] < C.P.in_shape[D];
        }
        checkResizeType<int8_t>(R, C, Checked, &Extrapolated);
        checkResizeType<uint16_t>(R, C, Checked);
        checkResizeType<int32_t>(R, C, Checked);
        checkResizeType<int64_t>(R, C, Checked);
      }
  CHECK(Checked == 6 * 4 * 60 * 4);
  // The random problems cover every kind of dim and extrapolated outputs.
  CHECK(Extrapolated > 100);
  CHECK(Unresized > 100);
  CHECK(Up > 100);
  CHECK(Down > 100);
}

TEST_CASE("nearest resize on raw bytes: fixed cases", "[int8][resize]") {
  Rng R(99);
  int Checked = 0;
  // Upscale x2 of the middle dim of a rank-4 tensor with long unresized trailing runs,
  // a rank-1 downscale, an identity (nothing resized) and a tf_crop_and_resize crop that
  // lies entirely outside the input (every output extrapolated).
  for (int32_t Case = 0; Case < 4; ++Case) {
    ResizeConfig C;
    edgec_resize_params &P = C.P;
    std::memset(&P, 0, sizeof(P));
    P.mode = EDGEC_RESIZE_NEAREST;
    P.coord_mode = EDGEC_COORD_HALF_PIXEL;
    const int32_t In[4][4] = {{2, 3, 4, 5}, {9, 0, 0, 0}, {3, 4, 0, 0}, {2, 3, 0, 0}};
    const int32_t Out[4][4] = {{2, 6, 4, 5}, {4, 0, 0, 0}, {3, 4, 0, 0}, {3, 5, 0, 0}};
    const int32_t Rank[4] = {4, 1, 2, 2};
    P.rank = Rank[Case];
    for (int32_t D = 0; D < P.rank; ++D) {
      P.in_shape[D] = In[Case][D];
      P.out_shape[D] = Out[Case][D];
      P.scale[D] = float(Out[Case][D]) / float(In[Case][D]);
      P.roi_end[D] = 1.0f;
      C.InCount *= size_t(In[Case][D]);
      C.OutCount *= size_t(Out[Case][D]);
    }
    if (Case == 3) {
      P.coord_mode = EDGEC_COORD_TF_CROP_AND_RESIZE;
      P.roi_start[1] = 1.5f;
      P.roi_end[1] = 2.5f;
    }
    C.Desc = "fixed case " + std::to_string(Case);
    checkResizeType<int8_t>(R, C, Checked);
    checkResizeType<uint16_t>(R, C, Checked);
    checkResizeType<int32_t>(R, C, Checked);
    checkResizeType<int64_t>(R, C, Checked);
    if (Case == 3) {
      const std::vector<int64_t> Picks = floatPicks(P, C.InCount, C.OutCount);
      CHECK(std::all_of(Picks.begin(), Picks.end(), [](int64_t V) { return V == -1; }));
    }
  }
  CHECK(Checked == 16);
}

TEST_CASE("nearest resize on raw bytes writes nothing for other modes", "[int8][resize]") {
  edgec_resize_params P;
  std::memset(&P, 0, sizeof(P));
  P.rank = 1;
  P.in_shape[0] = 2;
  P.out_shape[0] = 4;
  P.scale[0] = 2.0f;
  P.roi_end[0] = 1.0f;
  P.cubic_coeff_a = -0.75f;
  const int8_t X[2] = {1, 2};
  for (int32_t Mode : {EDGEC_RESIZE_LINEAR, EDGEC_RESIZE_CUBIC}) {
    P.mode = Mode;
    int8_t Y[4] = {9, 9, 9, 9};
    edgec_resize_nearest_bytes(&P, 1, nullptr, X, Y);
    CHECK((Y[0] == 9 && Y[1] == 9 && Y[2] == 9 && Y[3] == 9));
  }
  P.mode = EDGEC_RESIZE_NEAREST;
  int8_t Y[4] = {9, 9, 9, 9};
  edgec_resize_nearest_bytes(&P, 1, nullptr, X, Y);
  CHECK((Y[0] == 1 && Y[1] == 1 && Y[2] == 2 && Y[3] == 2));
}
