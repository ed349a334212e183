// Unit tests for the reference kernels against naive, independently written formulas.
// The documented orders checked here round every multiply-add twice; the fused variant of
// the kernels that follow EDGEC_F32_FMA is checked in kernels_conv_panel_fused_test.cpp.
#define EDGEC_F32_FMA 0
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "edgec/kernels/conv.h"
#include "edgec/kernels/data_movement.h"
#include "edgec/kernels/elementwise.h"
#include "edgec/kernels/gemm.h"
#include "edgec/kernels/pool.h"
#include "edgec/kernels/softmax.h"
#include "edgec/runtime.h"

namespace {

using Shape = std::vector<int32_t>;

std::vector<float> randomVector(size_t Count, std::mt19937 &Rng,
                                float Lo = -1.0f, float Hi = 1.0f) {
  std::uniform_real_distribution<float> Dist(Lo, Hi);
  std::vector<float> V(Count);
  for (float &X : V)
    X = Dist(Rng);
  return V;
}

int32_t product(const Shape &S) {
  int32_t P = 1;
  for (int32_t D : S)
    P *= D;
  return P;
}

/// Checks element-wise closeness, reporting only the first mismatch so a broken
/// kernel does not flood the log.
void checkClose(const std::vector<float> &Got, const std::vector<float> &Want,
                float Tol = 1e-4f) {
  REQUIRE(Got.size() == Want.size());
  for (size_t I = 0; I < Got.size(); ++I) {
    const bool BothNan = std::isnan(Got[I]) && std::isnan(Want[I]);
    if (!BothNan && !(std::fabs(Got[I] - Want[I]) <= Tol * (1.0f + std::fabs(Want[I])))) {
      std::ostringstream OS;
      OS << "first mismatch at " << I << ": got " << Got[I] << ", want "
         << Want[I];
      FAIL_CHECK(OS.str());
      return;
    }
  }
  SUCCEED();
}

edgec_act makeAct(int32_t Kind, float Min = 0.0f, float Max = 0.0f,
                  float Alpha = 0.0f, float Beta = 0.0f) {
  edgec_act A;
  A.kind = Kind;
  A.min = Min;
  A.max = Max;
  A.alpha = Alpha;
  A.beta = Beta;
  return A;
}

/// Test-side activation, written independently of edgec_apply_act.
float refAct(const edgec_act &A, float X) {
  switch (A.kind) {
  case EDGEC_ACT_RELU:
    return std::max(X, 0.0f);
  case EDGEC_ACT_CLIP:
    return std::min(std::max(X, A.min), A.max);
  case EDGEC_ACT_SIGMOID:
    return float(1.0 / (1.0 + std::exp(-double(X))));
  case EDGEC_ACT_TANH:
    return float(std::tanh(double(X)));
  case EDGEC_ACT_LEAKY_RELU:
    return X >= 0.0f ? X : A.alpha * X;
  case EDGEC_ACT_HARD_SIGMOID:
    return float(std::clamp(double(A.alpha) * X + A.beta, 0.0, 1.0));
  case EDGEC_ACT_HARD_SWISH:
    return float(X * std::clamp(double(X) / 6.0 + 0.5, 0.0, 1.0));
  default:
    return X;
  }
}

/// [outer, C, inner] -> [outer, inner, C]: ONNX channels-first to channels-last.
template <typename T>
std::vector<T> toChannelsLast(const std::vector<T> &X, int32_t Outer, int32_t C,
                              int32_t Inner) {
  std::vector<T> Y(X.size());
  for (int32_t O = 0; O < Outer; ++O)
    for (int32_t Ch = 0; Ch < C; ++Ch)
      for (int32_t I = 0; I < Inner; ++I)
        Y[(size_t(O) * Inner + I) * C + Ch] = X[(size_t(O) * C + Ch) * Inner + I];
  return Y;
}

/// [outer, inner, C] -> [outer, C, inner].
template <typename T>
std::vector<T> toChannelsFirst(const std::vector<T> &X, int32_t Outer, int32_t C,
                               int32_t Inner) {
  std::vector<T> Y(X.size());
  for (int32_t O = 0; O < Outer; ++O)
    for (int32_t Ch = 0; Ch < C; ++Ch)
      for (int32_t I = 0; I < Inner; ++I)
        Y[(size_t(O) * C + Ch) * Inner + I] = X[(size_t(O) * Inner + I) * C + Ch];
  return Y;
}

/// Spatial geometry of one test case, always padded to 3 dims (extra dims are 1).
struct Geometry {
  int32_t Rank = 2;
  int32_t In[3] = {1, 1, 1};
  int32_t Kernel[3] = {1, 1, 1};
  int32_t Stride[3] = {1, 1, 1};
  int32_t Dilation[3] = {1, 1, 1};
  int32_t PadBegin[3] = {0, 0, 0};
  int32_t PadEnd[3] = {0, 0, 0};
  bool CeilMode = false;
  int32_t Out[3] = {1, 1, 1};

  /// ONNX output size, including the ceil_mode rule that the last window must
  /// start inside the input or the begin padding.
  void computeOut() {
    for (int D = 0; D < 3; ++D) {
      const int32_t Span = (Kernel[D] - 1) * Dilation[D] + 1;
      const int32_t Room = In[D] + PadBegin[D] + PadEnd[D] - Span;
      int32_t O = (CeilMode ? (Room + Stride[D] - 1) / Stride[D] : Room / Stride[D]) + 1;
      if (CeilMode && (O - 1) * Stride[D] >= In[D] + PadBegin[D])
        --O;
      Out[D] = O;
    }
  }
  int32_t inVolume() const { return In[0] * In[1] * In[2]; }
  int32_t outVolume() const { return Out[0] * Out[1] * Out[2]; }
  int32_t kernelVolume() const { return Kernel[0] * Kernel[1] * Kernel[2]; }
};

/// Geometry with rank-R values given in ONNX order (first spatial dim first).
Geometry makeGeometry(int32_t Rank, Shape In, Shape Kernel, Shape Stride,
                      Shape Dilation, Shape PadBegin, Shape PadEnd,
                      bool CeilMode = false) {
  Geometry G;
  G.Rank = Rank;
  for (int32_t D = 0; D < Rank; ++D) {
    G.In[D] = In[D];
    G.Kernel[D] = Kernel[D];
    G.Stride[D] = Stride[D];
    G.Dilation[D] = Dilation[D];
    G.PadBegin[D] = PadBegin[D];
    G.PadEnd[D] = PadEnd[D];
  }
  G.CeilMode = CeilMode;
  G.computeOut();
  return G;
}

//===----------------------------------------------------------------------===//
// Convolution
//===----------------------------------------------------------------------===//

/// Straightforward ONNX Conv in NC(DHW) layout with OI(DHW) filters.
std::vector<float> refConv(const Geometry &G, int32_t N, int32_t Cin, int32_t Cout,
                           int32_t Groups, const std::vector<float> &X,
                           const std::vector<float> &W, const float *Bias,
                           const edgec_act &Act) {
  const int32_t CinG = Cin / Groups, CoutG = Cout / Groups;
  std::vector<float> Y(size_t(N) * Cout * G.outVolume());
  for (int32_t Nn = 0; Nn < N; ++Nn)
    for (int32_t Oc = 0; Oc < Cout; ++Oc)
      for (int32_t Od = 0; Od < G.Out[0]; ++Od)
        for (int32_t Oh = 0; Oh < G.Out[1]; ++Oh)
          for (int32_t Ow = 0; Ow < G.Out[2]; ++Ow) {
            double Acc = Bias ? Bias[Oc] : 0.0;
            const int32_t Group = Oc / CoutG;
            for (int32_t Ic = 0; Ic < CinG; ++Ic)
              for (int32_t Kd = 0; Kd < G.Kernel[0]; ++Kd)
                for (int32_t Kh = 0; Kh < G.Kernel[1]; ++Kh)
                  for (int32_t Kw = 0; Kw < G.Kernel[2]; ++Kw) {
                    const int32_t Id = Od * G.Stride[0] - G.PadBegin[0] + Kd * G.Dilation[0];
                    const int32_t Ih = Oh * G.Stride[1] - G.PadBegin[1] + Kh * G.Dilation[1];
                    const int32_t Iw = Ow * G.Stride[2] - G.PadBegin[2] + Kw * G.Dilation[2];
                    if (Id < 0 || Id >= G.In[0] || Ih < 0 || Ih >= G.In[1] || Iw < 0 ||
                        Iw >= G.In[2])
                      continue;
                    const int32_t C = Group * CinG + Ic;
                    const float Xv =
                        X[(((size_t(Nn) * Cin + C) * G.In[0] + Id) * G.In[1] + Ih) * G.In[2] + Iw];
                    const float Wv =
                        W[(((size_t(Oc) * CinG + Ic) * G.Kernel[0] + Kd) * G.Kernel[1] + Kh) *
                              G.Kernel[2] + Kw];
                    Acc += double(Xv) * Wv;
                  }
            Y[(((size_t(Nn) * Cout + Oc) * G.Out[0] + Od) * G.Out[1] + Oh) * G.Out[2] + Ow] =
                refAct(Act, float(Acc));
          }
  return Y;
}

edgec_conv_params convParams(const Geometry &G, int32_t N, int32_t Cin,
                             int32_t Cout, int32_t Groups, edgec_act Act) {
  edgec_conv_params P;
  std::memset(&P, 0, sizeof(P));
  P.spatial_rank = G.Rank;
  P.batch = N;
  P.in_channels = Cin;
  P.out_channels = Cout;
  P.groups = Groups;
  // Unused trailing dims stay 0: kernels must ignore them.
  for (int32_t D = 0; D < G.Rank; ++D) {
    P.in_spatial[D] = G.In[D];
    P.out_spatial[D] = G.Out[D];
    P.kernel[D] = G.Kernel[D];
    P.stride[D] = G.Stride[D];
    P.dilation[D] = G.Dilation[D];
    P.pad_begin[D] = G.PadBegin[D];
  }
  P.act = Act;
  return P;
}

using ConvFn = void (*)(const edgec_conv_params *, const float *, const float *,
                        const float *, float *);

/// Runs \p Kernel on channels-last data derived from random NCHW tensors and
/// compares with refConv. Returns the channels-last kernel output.
std::vector<float> checkConv(ConvFn Kernel, const Geometry &G, int32_t N,
                             int32_t Cin, int32_t Cout, int32_t Groups,
                             bool WithBias, edgec_act Act, uint32_t Seed) {
  std::mt19937 Rng(Seed);
  const int32_t CinG = Cin / Groups;
  const std::vector<float> X = randomVector(size_t(N) * Cin * G.inVolume(), Rng);
  const std::vector<float> W =
      randomVector(size_t(Cout) * CinG * G.kernelVolume(), Rng);
  const std::vector<float> B = randomVector(size_t(Cout), Rng);
  const float *Bias = WithBias ? B.data() : nullptr;

  const std::vector<float> XLast = toChannelsLast(X, N, Cin, G.inVolume());
  const std::vector<float> WLast = toChannelsLast(W, Cout, CinG, G.kernelVolume());
  std::vector<float> YLast(size_t(N) * Cout * G.outVolume(), -12345.0f);
  const edgec_conv_params P = convParams(G, N, Cin, Cout, Groups, Act);
  Kernel(&P, XLast.data(), WLast.data(), Bias, YLast.data());

  checkClose(toChannelsFirst(YLast, N, Cout, G.outVolume()),
             refConv(G, N, Cin, Cout, Groups, X, W, Bias, Act));
  return YLast;
}

const edgec_act NoAct = makeAct(EDGEC_ACT_NONE);

} // namespace

TEST_CASE("conv 2-D with symmetric padding and bias", "[kernels][conv]") {
  const Geometry G = makeGeometry(2, {7, 6}, {3, 3}, {1, 1}, {1, 1}, {1, 1}, {1, 1});
  CHECK(G.Out[0] == 7);
  CHECK(G.Out[1] == 6);
  checkConv(edgec_conv_f32, G, 2, 3, 4, 1, true, NoAct, 1);
}

TEST_CASE("conv 2-D groups, dilation, stride and asymmetric pads", "[kernels][conv]") {
  const Geometry G = makeGeometry(2, {9, 8}, {3, 2}, {2, 1}, {1, 2}, {0, 1}, {2, 0});
  checkConv(edgec_conv_f32, G, 2, 4, 6, 2, true, makeAct(EDGEC_ACT_RELU), 2);
}

TEST_CASE("conv 1-D with stride, dilation and clip", "[kernels][conv]") {
  const Geometry G = makeGeometry(1, {11}, {4}, {3}, {2}, {2}, {1});
  checkConv(edgec_conv_f32, G, 1, 3, 2, 1, false,
            makeAct(EDGEC_ACT_CLIP, -0.3f, 0.4f), 3);
}

TEST_CASE("conv 3-D with mixed geometry and leaky relu", "[kernels][conv]") {
  const Geometry G =
      makeGeometry(3, {4, 5, 3}, {2, 3, 2}, {1, 2, 1}, {2, 1, 1}, {1, 0, 1}, {0, 1, 1});
  checkConv(edgec_conv_f32, G, 2, 2, 3, 1, true,
            makeAct(EDGEC_ACT_LEAKY_RELU, 0, 0, 0.1f), 4);
}

TEST_CASE("conv 2-D with fused hard-sigmoid and hard-swish", "[kernels][conv]") {
  const Geometry G = makeGeometry(2, {6, 5}, {3, 3}, {1, 1}, {1, 1}, {1, 1}, {1, 1});
  checkConv(edgec_conv_f32, G, 1, 3, 4, 1, true,
            makeAct(EDGEC_ACT_HARD_SIGMOID, 0, 0, 0.2f, 0.5f), 5);
  checkConv(edgec_conv_f32, G, 1, 3, 4, 1, true, makeAct(EDGEC_ACT_HARD_SWISH), 6);
}

TEST_CASE("conv 3-D grouped with stride 2", "[kernels][conv]") {
  const Geometry G =
      makeGeometry(3, {5, 4, 6}, {3, 1, 2}, {2, 1, 2}, {1, 1, 2}, {1, 0, 0}, {1, 0, 1});
  checkConv(edgec_conv_f32, G, 1, 6, 3, 3, true, makeAct(EDGEC_ACT_TANH), 5);
}

TEST_CASE("depthwise conv with channel multiplier 2", "[kernels][conv]") {
  const Geometry G = makeGeometry(2, {6, 5}, {3, 3}, {2, 2}, {1, 1}, {1, 1}, {1, 1});
  const auto Depthwise =
      checkConv(edgec_conv_depthwise_f32, G, 2, 3, 6, 3, true, NoAct, 6);
  const auto General = checkConv(edgec_conv_f32, G, 2, 3, 6, 3, true, NoAct, 6);
  // Same documented accumulation order, so the specialised kernel is bit-identical.
  CHECK(Depthwise == General);
}

TEST_CASE("depthwise conv 1-D with dilation and sigmoid", "[kernels][conv]") {
  const Geometry G = makeGeometry(1, {10}, {3}, {1}, {3}, {3}, {2});
  checkConv(edgec_conv_depthwise_f32, G, 1, 4, 4, 4, false,
            makeAct(EDGEC_ACT_SIGMOID), 7);
}

TEST_CASE("pointwise conv is a GEMM over pixels", "[kernels][conv]") {
  const Geometry G = makeGeometry(2, {4, 3}, {1, 1}, {1, 1}, {1, 1}, {0, 0}, {0, 0});
  const auto Pointwise =
      checkConv(edgec_conv_pointwise_f32, G, 2, 5, 4, 1, true, makeAct(EDGEC_ACT_RELU), 8);
  const auto General =
      checkConv(edgec_conv_f32, G, 2, 5, 4, 1, true, makeAct(EDGEC_ACT_RELU), 8);
  CHECK(Pointwise == General);
}

namespace {

/// The accumulation order documented in conv.h, written out plainly: per output, four
/// lanes over the channels c < cg4 (lane c % 4) and a tail over the rest, each summed
/// tap by tap from +0.0f, then bias + (((l0 + l1) + (l2 + l3)) + tail). Channels-last
/// input and filter, like the kernels; returns the channels-last output.
std::vector<float> documentedOrderConv(const Geometry &G, int32_t N, int32_t Cin,
                                       int32_t Cout, int32_t Groups,
                                       const std::vector<float> &XLast,
                                       const std::vector<float> &WLast,
                                       const float *Bias) {
  const int32_t CinG = Cin / Groups, CoutG = Cout / Groups, Cg4 = CinG / 4 * 4;
  const int32_t KV = G.kernelVolume();
  std::vector<float> Y(size_t(N) * G.outVolume() * Cout);
  for (int32_t Nn = 0; Nn < N; ++Nn)
    for (int32_t Od = 0; Od < G.Out[0]; ++Od)
      for (int32_t Oh = 0; Oh < G.Out[1]; ++Oh)
        for (int32_t Ow = 0; Ow < G.Out[2]; ++Ow)
          for (int32_t Oc = 0; Oc < Cout; ++Oc) {
            float Lane[4] = {0.0f, 0.0f, 0.0f, 0.0f}, Tail = 0.0f;
            int32_t Tap = 0;
            for (int32_t Kd = 0; Kd < G.Kernel[0]; ++Kd)
              for (int32_t Kh = 0; Kh < G.Kernel[1]; ++Kh)
                for (int32_t Kw = 0; Kw < G.Kernel[2]; ++Kw, ++Tap) {
                  const int32_t Id = Od * G.Stride[0] - G.PadBegin[0] + Kd * G.Dilation[0];
                  const int32_t Ih = Oh * G.Stride[1] - G.PadBegin[1] + Kh * G.Dilation[1];
                  const int32_t Iw = Ow * G.Stride[2] - G.PadBegin[2] + Kw * G.Dilation[2];
                  if (Id < 0 || Id >= G.In[0] || Ih < 0 || Ih >= G.In[1] || Iw < 0 ||
                      Iw >= G.In[2])
                    continue;
                  const float *X =
                      &XLast[((((size_t(Nn) * G.In[0] + Id) * G.In[1] + Ih) * G.In[2] + Iw) *
                              Cin) +
                             size_t(Oc / CoutG) * CinG];
                  const float *F = &WLast[(size_t(Oc) * KV + Tap) * CinG];
                  for (int32_t C = 0; C < CinG; ++C) {
                    if (C < Cg4)
                      Lane[C % 4] += X[C] * F[C];
                    else
                      Tail += X[C] * F[C];
                  }
                }
            const float B = Bias ? Bias[Oc] : 0.0f;
            Y[(((size_t(Nn) * G.Out[0] + Od) * G.Out[1] + Oh) * G.Out[2] + Ow) * Cout + Oc] =
                B + (((Lane[0] + Lane[1]) + (Lane[2] + Lane[3])) + Tail);
          }
  return Y;
}

/// Runs \p Kernel (no activation) and checks it bit for bit against the documented
/// order, besides checkConv's double-precision reference.
std::vector<float> checkConvOrder(ConvFn Kernel, const Geometry &G, int32_t N, int32_t Cin,
                                  int32_t Cout, int32_t Groups, bool WithBias,
                                  uint32_t Seed) {
  const std::vector<float> Got =
      checkConv(Kernel, G, N, Cin, Cout, Groups, WithBias, NoAct, Seed);
  // Same inputs as checkConv draws.
  std::mt19937 Rng(Seed);
  const int32_t CinG = Cin / Groups;
  const std::vector<float> X = randomVector(size_t(N) * Cin * G.inVolume(), Rng);
  const std::vector<float> W = randomVector(size_t(Cout) * CinG * G.kernelVolume(), Rng);
  const std::vector<float> B = randomVector(size_t(Cout), Rng);
  const std::vector<float> Want = documentedOrderConv(
      G, N, Cin, Cout, Groups, toChannelsLast(X, N, Cin, G.inVolume()),
      toChannelsLast(W, Cout, CinG, G.kernelVolume()), WithBias ? B.data() : nullptr);
  CHECK(Got == Want);
  return Got;
}

} // namespace

TEST_CASE("conv kernels accumulate in the documented order", "[kernels][conv]") {
  // Cin 11 = two full lane groups + a 3-channel tail; Cout 7 = one 4-channel tile + 3
  // single outputs; 5x7 = 35 output pixels (odd, so the last pixel pair is half empty);
  // padding makes some taps of a pixel pair valid for one pixel only.
  const Geometry G = makeGeometry(2, {5, 7}, {3, 3}, {1, 1}, {1, 1}, {1, 1}, {1, 1});
  checkConvOrder(edgec_conv_f32, G, 1, 11, 7, 1, true, 21);
  // Grouped: 2 groups of 6 input channels and 8 output channels each.
  const Geometry G2 = makeGeometry(2, {6, 5}, {2, 3}, {2, 1}, {1, 2}, {1, 0}, {0, 2});
  checkConvOrder(edgec_conv_f32, G2, 2, 12, 16, 2, false, 22);
  // Fewer than 4 input channels (all tail; whole window rows are summed as one run):
  // stride 2 and padding on both sides, so rows are whole, cut or wholly outside.
  const Geometry G3 = makeGeometry(2, {9, 10}, {3, 3}, {2, 2}, {1, 1}, {1, 1}, {1, 1});
  checkConvOrder(edgec_conv_f32, G3, 2, 3, 8, 1, true, 26);
  const Geometry G4 = makeGeometry(2, {7, 8}, {3, 4}, {1, 2}, {1, 2}, {2, 1}, {0, 3});
  checkConvOrder(edgec_conv_f32, G4, 1, 2, 5, 1, false, 27);
  // Pointwise: same order with a 1x1 window, so the general kernel agrees bit for bit.
  const Geometry P = makeGeometry(2, {3, 5}, {1, 1}, {1, 1}, {1, 1}, {0, 0}, {0, 0});
  const auto Pointwise = checkConvOrder(edgec_conv_pointwise_f32, P, 2, 13, 6, 1, true, 23);
  const auto General = checkConvOrder(edgec_conv_f32, P, 2, 13, 6, 1, true, 23);
  CHECK(Pointwise == General);
}

TEST_CASE("depthwise conv: channel blocks, interior pixels and borders", "[kernels][conv]") {
  // 19 channels = one 16-channel block + a 3-channel block; a 5x5 window with padding 2
  // gives interior pixel pairs, single interior pixels and border pixels.
  const Geometry G = makeGeometry(2, {7, 9}, {5, 5}, {1, 1}, {1, 1}, {2, 2}, {2, 2});
  const auto Depthwise = checkConvOrder(edgec_conv_depthwise_f32, G, 2, 19, 19, 19, true, 24);
  const auto General = checkConv(edgec_conv_f32, G, 2, 19, 19, 19, true, NoAct, 24);
  CHECK(Depthwise == General);
  // Stride 2 and dilation 2 with a fused activation (clip).
  const Geometry G2 = makeGeometry(2, {11, 10}, {3, 3}, {2, 2}, {2, 2}, {2, 2}, {2, 2});
  const edgec_act Clip = makeAct(EDGEC_ACT_CLIP, -0.5f, 0.5f);
  const auto D2 = checkConv(edgec_conv_depthwise_f32, G2, 1, 32, 32, 32, true, Clip, 25);
  const auto G2General = checkConv(edgec_conv_f32, G2, 1, 32, 32, 32, true, Clip, 25);
  CHECK(D2 == G2General);
}

TEST_CASE("matmul blocks keep the sequential-k order", "[kernels][gemm]") {
  // M 6 = a 4-row block + 2 rows, N 19 = two 8-column blocks + 3 columns.
  const int32_t M = 6, N = 19, K = 37;
  std::mt19937 Rng(44);
  const std::vector<float> A = randomVector(size_t(M) * K, Rng);
  const std::vector<float> B = randomVector(size_t(K) * N, Rng);
  const std::vector<float> Bias = randomVector(size_t(N), Rng);
  edgec_matmul_params P;
  std::memset(&P, 0, sizeof(P));
  P.m = M;
  P.n = N;
  P.k = K;
  P.act = makeAct(EDGEC_ACT_NONE);
  std::vector<float> Y(size_t(M) * N), Want, Near;
  for (int32_t I = 0; I < M; ++I)
    for (int32_t J = 0; J < N; ++J) {
      float Acc = 0.0f;
      double Exact = 0.0;
      for (int32_t Kk = 0; Kk < K; ++Kk) {
        Acc += A[size_t(I) * K + Kk] * B[size_t(Kk) * N + J];
        Exact += double(A[size_t(I) * K + Kk]) * B[size_t(Kk) * N + J];
      }
      Want.push_back(Acc + Bias[J]);
      Near.push_back(float(Exact + Bias[J]));
    }
  edgec_matmul_f32(&P, A.data(), B.data(), Bias.data(), Y.data());
  checkClose(Y, Near);
  CHECK(Y == Want);
}

//===----------------------------------------------------------------------===//
// Pooling
//===----------------------------------------------------------------------===//

namespace {

edgec_pool_params poolParams(const Geometry &G, int32_t N, int32_t C,
                             bool CountIncludePad, edgec_act Act) {
  edgec_pool_params P;
  std::memset(&P, 0, sizeof(P));
  P.spatial_rank = G.Rank;
  P.batch = N;
  P.channels = C;
  for (int32_t D = 0; D < G.Rank; ++D) {
    P.in_spatial[D] = G.In[D];
    P.out_spatial[D] = G.Out[D];
    P.kernel[D] = G.Kernel[D];
    P.stride[D] = G.Stride[D];
    P.dilation[D] = G.Dilation[D];
    P.pad_begin[D] = G.PadBegin[D];
    P.pad_end[D] = G.PadEnd[D];
  }
  P.count_include_pad = CountIncludePad ? 1 : 0;
  P.act = Act;
  return P;
}

/// MaxPool by definition, NC(DHW): max over in-bounds dilated taps.
std::vector<float> refMaxPool(const Geometry &G, int32_t N, int32_t C,
                              const std::vector<float> &X) {
  std::vector<float> Y;
  for (int32_t Nc = 0; Nc < N * C; ++Nc)
    for (int32_t Od = 0; Od < G.Out[0]; ++Od)
      for (int32_t Oh = 0; Oh < G.Out[1]; ++Oh)
        for (int32_t Ow = 0; Ow < G.Out[2]; ++Ow) {
          float M = -std::numeric_limits<float>::max();
          for (int32_t Kd = 0; Kd < G.Kernel[0]; ++Kd)
            for (int32_t Kh = 0; Kh < G.Kernel[1]; ++Kh)
              for (int32_t Kw = 0; Kw < G.Kernel[2]; ++Kw) {
                const int32_t Id = Od * G.Stride[0] - G.PadBegin[0] + Kd * G.Dilation[0];
                const int32_t Ih = Oh * G.Stride[1] - G.PadBegin[1] + Kh * G.Dilation[1];
                const int32_t Iw = Ow * G.Stride[2] - G.PadBegin[2] + Kw * G.Dilation[2];
                if (Id >= 0 && Id < G.In[0] && Ih >= 0 && Ih < G.In[1] && Iw >= 0 &&
                    Iw < G.In[2])
                  M = std::max(M, X[((size_t(Nc) * G.In[0] + Id) * G.In[1] + Ih) * G.In[2] + Iw]);
              }
          Y.push_back(M);
        }
  return Y;
}

/// AveragePool (dilation 1): per dim the window is [start, min(start + k, in +
/// pad_end)) clamped to the input; with count_include_pad the divisor is the whole
/// kernel volume, as in the ONNX reference (op_pool_common.py zero-pads up to what a
/// ceil_mode window needs and averages every tap). onnxruntime instead clips the
/// divisor at in + pad_end; the two differ only when ceil_mode makes a window run past
/// the end padding.
std::vector<float> refAvgPool(const Geometry &G, int32_t N, int32_t C,
                              bool CountIncludePad, const std::vector<float> &X) {
  std::vector<float> Y;
  for (int32_t Nc = 0; Nc < N * C; ++Nc)
    for (int32_t Od = 0; Od < G.Out[0]; ++Od)
      for (int32_t Oh = 0; Oh < G.Out[1]; ++Oh)
        for (int32_t Ow = 0; Ow < G.Out[2]; ++Ow) {
          const int32_t O[3] = {Od, Oh, Ow};
          int32_t Lo[3], Hi[3];
          int32_t PoolSize = 1;
          for (int D = 0; D < 3; ++D) {
            const int32_t Start = O[D] * G.Stride[D] - G.PadBegin[D];
            const int32_t End = std::min(Start + G.Kernel[D], G.In[D] + G.PadEnd[D]);
            PoolSize *= G.Kernel[D];
            Lo[D] = std::max(Start, 0);
            Hi[D] = std::min(End, G.In[D]);
          }
          double Sum = 0.0;
          int32_t Valid = 0;
          for (int32_t Id = Lo[0]; Id < Hi[0]; ++Id)
            for (int32_t Ih = Lo[1]; Ih < Hi[1]; ++Ih)
              for (int32_t Iw = Lo[2]; Iw < Hi[2]; ++Iw) {
                Sum += X[((size_t(Nc) * G.In[0] + Id) * G.In[1] + Ih) * G.In[2] + Iw];
                ++Valid;
              }
          Y.push_back(float(Sum / (CountIncludePad ? PoolSize : Valid)));
        }
  return Y;
}

enum class PoolKind { Max, AvgExcludePad, AvgIncludePad };

void checkPool(PoolKind Kind, const Geometry &G, int32_t N, int32_t C,
               uint32_t Seed) {
  std::mt19937 Rng(Seed);
  const std::vector<float> X = randomVector(size_t(N) * C * G.inVolume(), Rng);
  const std::vector<float> XLast = toChannelsLast(X, N, C, G.inVolume());
  std::vector<float> YLast(size_t(N) * C * G.outVolume(), -12345.0f);
  const bool IncludePad = Kind == PoolKind::AvgIncludePad;
  const edgec_pool_params P = poolParams(G, N, C, IncludePad, NoAct);
  std::vector<float> Want;
  if (Kind == PoolKind::Max) {
    edgec_maxpool_f32(&P, XLast.data(), YLast.data());
    Want = refMaxPool(G, N, C, X);
  } else {
    edgec_avgpool_f32(&P, XLast.data(), YLast.data());
    Want = refAvgPool(G, N, C, IncludePad, X);
  }
  checkClose(toChannelsFirst(YLast, N, C, G.outVolume()), Want);
}

} // namespace

TEST_CASE("maxpool 2-D with padding, stride and ceil mode", "[kernels][pool]") {
  const Geometry G =
      makeGeometry(2, {7, 6}, {3, 2}, {2, 2}, {1, 1}, {1, 0}, {1, 1}, true);
  checkPool(PoolKind::Max, G, 2, 3, 11);
}

TEST_CASE("maxpool with dilation in 1-D and 3-D", "[kernels][pool]") {
  checkPool(PoolKind::Max, makeGeometry(1, {12}, {3}, {2}, {3}, {2}, {1}), 1, 4, 12);
  checkPool(PoolKind::Max,
            makeGeometry(3, {5, 4, 6}, {2, 2, 3}, {1, 2, 2}, {2, 1, 2}, {0, 1, 1}, {1, 0, 2}),
            2, 2, 13);
}

TEST_CASE("maxpool ignores padding even when all inputs are negative", "[kernels][pool]") {
  const Geometry G = makeGeometry(2, {2, 2}, {3, 3}, {1, 1}, {1, 1}, {1, 1}, {1, 1});
  const edgec_pool_params P = poolParams(G, 1, 1, false, NoAct);
  const std::vector<float> X = {-4.0f, -3.0f, -2.0f, -1.5f};
  std::vector<float> Y(4);
  edgec_maxpool_f32(&P, X.data(), Y.data());
  CHECK(Y == std::vector<float>(4, -1.5f));
}

TEST_CASE("avgpool count_include_pad both ways", "[kernels][pool]") {
  // Asymmetric pads, stride 2 and ceil_mode so the last window runs past the end
  // padding: with count_include_pad those taps count too (ONNX reference).
  const Geometry G =
      makeGeometry(2, {7, 8}, {3, 3}, {2, 2}, {1, 1}, {1, 0}, {0, 1}, true);
  SECTION("exclude pad") { checkPool(PoolKind::AvgExcludePad, G, 2, 3, 21); }
  SECTION("include pad") { checkPool(PoolKind::AvgIncludePad, G, 2, 3, 21); }
}

TEST_CASE("avgpool 1-D and 3-D", "[kernels][pool]") {
  const Geometry G1 = makeGeometry(1, {10}, {4}, {3}, {1}, {2}, {2}, true);
  const Geometry G3 =
      makeGeometry(3, {4, 5, 3}, {2, 3, 2}, {2, 1, 2}, {1, 1, 1}, {1, 1, 0}, {1, 0, 1});
  for (PoolKind K : {PoolKind::AvgExcludePad, PoolKind::AvgIncludePad}) {
    checkPool(K, G1, 2, 3, 22);
    checkPool(K, G3, 1, 2, 23);
  }
}

TEST_CASE("avgpool divisor on a tiny hand-computed case", "[kernels][pool]") {
  // Input [1, 2, 3, 4], kernel 3, stride 2, pads 1/1, ceil_mode: windows
  // {pad, 1, 2}, {2, 3, 4} and {4, pad, beyond-the-end-pad}. Expected values are
  // what the ONNX reference evaluator returns for this AveragePool (onnxruntime 1.22
  // returns 2.0 for the last count_include_pad window: it does not count the tap
  // beyond the end padding).
  const Geometry G = makeGeometry(1, {4}, {3}, {2}, {1}, {1}, {1}, true);
  REQUIRE(G.Out[0] == 3);
  const std::vector<float> X = {1.0f, 2.0f, 3.0f, 4.0f};
  std::vector<float> Y(3);
  edgec_pool_params P = poolParams(G, 1, 1, false, NoAct);
  edgec_avgpool_f32(&P, X.data(), Y.data());
  CHECK(Y == std::vector<float>{1.5f, 3.0f, 4.0f});
  P.count_include_pad = 1;
  edgec_avgpool_f32(&P, X.data(), Y.data());
  CHECK(Y == std::vector<float>{1.0f, 3.0f, 4.0f / 3.0f});
}

TEST_CASE("pool fused activation", "[kernels][pool]") {
  const Geometry G = makeGeometry(1, {4}, {2}, {2}, {1}, {0}, {0});
  const std::vector<float> X = {-1.0f, -3.0f, 2.0f, 4.0f};
  std::vector<float> Y(2);
  const edgec_pool_params P = poolParams(G, 1, 1, false, makeAct(EDGEC_ACT_RELU));
  edgec_avgpool_f32(&P, X.data(), Y.data());
  CHECK(Y == std::vector<float>{0.0f, 3.0f});
}

TEST_CASE("global average and max pool", "[kernels][pool]") {
  std::mt19937 Rng(31);
  const int32_t N = 2, S = 13, C = 5;
  const std::vector<float> X = randomVector(size_t(N) * S * C, Rng);
  std::vector<float> Avg(size_t(N) * C), Max(size_t(N) * C);
  edgec_global_avgpool_f32(N, S, C, X.data(), Avg.data());
  edgec_global_maxpool_f32(N, S, C, X.data(), Max.data());
  std::vector<float> WantAvg, WantMax;
  for (int32_t Nn = 0; Nn < N; ++Nn)
    for (int32_t Ch = 0; Ch < C; ++Ch) {
      double Sum = 0.0;
      float M = -std::numeric_limits<float>::max();
      for (int32_t I = 0; I < S; ++I) {
        Sum += X[(size_t(Nn) * S + I) * C + Ch];
        M = std::max(M, X[(size_t(Nn) * S + I) * C + Ch]);
      }
      WantAvg.push_back(float(Sum / S));
      WantMax.push_back(M);
    }
  checkClose(Avg, WantAvg);
  CHECK(Max == WantMax);
}

//===----------------------------------------------------------------------===//
// Gemm / MatMul
//===----------------------------------------------------------------------===//

TEST_CASE("gemm transposes, alpha/beta and C broadcasting", "[kernels][gemm]") {
  const int32_t M = 5, N = 4, K = 3;
  std::mt19937 Rng(41);
  const std::vector<float> A = randomVector(size_t(M) * K, Rng);
  const std::vector<float> B = randomVector(size_t(K) * N, Rng);
  const std::vector<float> CFull = randomVector(size_t(M) * N, Rng);
  // (rows, cols) of C; (0, 0) means no C.
  const std::pair<int32_t, int32_t> CShapes[] = {{0, 0}, {1, 1}, {1, N}, {M, 1}, {M, N}};
  for (int32_t TransA = 0; TransA < 2; ++TransA)
    for (int32_t TransB = 0; TransB < 2; ++TransB)
      for (const auto &CShape : CShapes) {
        const bool HasC = CShape.first != 0;
        edgec_gemm_params P;
        P.m = M;
        P.n = N;
        P.k = K;
        P.trans_a = TransA;
        P.trans_b = TransB;
        P.alpha = 0.5f;
        P.beta = HasC ? 2.0f : 0.0f;
        P.c_rows = HasC ? CShape.first : 1;
        P.c_cols = HasC ? CShape.second : 1;
        P.act = makeAct(TransA ? EDGEC_ACT_RELU : EDGEC_ACT_NONE);
        // Stored operands: A^T is [K, M], B^T is [N, K].
        std::vector<float> AStored(A.size()), BStored(B.size());
        for (int32_t I = 0; I < M; ++I)
          for (int32_t P2 = 0; P2 < K; ++P2)
            AStored[TransA ? size_t(P2) * M + I : size_t(I) * K + P2] = A[size_t(I) * K + P2];
        for (int32_t P2 = 0; P2 < K; ++P2)
          for (int32_t J = 0; J < N; ++J)
            BStored[TransB ? size_t(J) * K + P2 : size_t(P2) * N + J] = B[size_t(P2) * N + J];
        std::vector<float> Y(size_t(M) * N), Want(size_t(M) * N);
        for (int32_t I = 0; I < M; ++I)
          for (int32_t J = 0; J < N; ++J) {
            double Acc = 0.0;
            for (int32_t P2 = 0; P2 < K; ++P2)
              Acc += double(A[size_t(I) * K + P2]) * B[size_t(P2) * N + J];
            double V = 0.5 * Acc;
            if (HasC) {
              const int32_t Ci = CShape.first == 1 ? 0 : I;
              const int32_t Cj = CShape.second == 1 ? 0 : J;
              V += 2.0 * CFull[size_t(Ci) * CShape.second + Cj];
            }
            Want[size_t(I) * N + J] = refAct(P.act, float(V));
          }
        edgec_gemm_f32(&P, AStored.data(), BStored.data(), HasC ? CFull.data() : nullptr,
                       Y.data());
        INFO("trans_a=" << TransA << " trans_b=" << TransB << " C=" << CShape.first
                        << "x" << CShape.second);
        checkClose(Y, Want);
      }
}

TEST_CASE("matmul with broadcast batch dims and bias", "[kernels][gemm]") {
  // A: [2, 1, M, K], B: [3, K, N] -> Y: [2, 3, M, N].
  const int32_t M = 3, N = 4, K = 5;
  std::mt19937 Rng(42);
  const std::vector<float> A = randomVector(size_t(2) * M * K, Rng);
  const std::vector<float> B = randomVector(size_t(3) * K * N, Rng);
  const std::vector<float> Bias = randomVector(size_t(N), Rng);
  edgec_matmul_params P;
  std::memset(&P, 0, sizeof(P));
  P.m = M;
  P.n = N;
  P.k = K;
  P.batch_rank = 2;
  P.out_batch[0] = 2;
  P.out_batch[1] = 3;
  P.a_batch_stride[0] = M * K;
  P.a_batch_stride[1] = 0;
  P.b_batch_stride[0] = 0;
  P.b_batch_stride[1] = K * N;
  P.act = NoAct;
  std::vector<float> Y(size_t(6) * M * N), Want;
  for (int32_t Ba = 0; Ba < 2; ++Ba)
    for (int32_t Bb = 0; Bb < 3; ++Bb)
      for (int32_t I = 0; I < M; ++I)
        for (int32_t J = 0; J < N; ++J) {
          double Acc = Bias[J];
          for (int32_t P2 = 0; P2 < K; ++P2)
            Acc += double(A[(size_t(Ba) * M + I) * K + P2]) * B[(size_t(Bb) * K + P2) * N + J];
          Want.push_back(float(Acc));
        }
  edgec_matmul_f32(&P, A.data(), B.data(), Bias.data(), Y.data());
  checkClose(Y, Want);
}

TEST_CASE("matmul without batch dims, no bias, relu", "[kernels][gemm]") {
  const int32_t M = 4, N = 2, K = 6;
  std::mt19937 Rng(43);
  const std::vector<float> A = randomVector(size_t(M) * K, Rng);
  const std::vector<float> B = randomVector(size_t(K) * N, Rng);
  edgec_matmul_params P;
  std::memset(&P, 0, sizeof(P));
  P.m = M;
  P.n = N;
  P.k = K;
  P.act = makeAct(EDGEC_ACT_RELU);
  std::vector<float> Y(size_t(M) * N), Want;
  for (int32_t I = 0; I < M; ++I)
    for (int32_t J = 0; J < N; ++J) {
      double Acc = 0.0;
      for (int32_t P2 = 0; P2 < K; ++P2)
        Acc += double(A[size_t(I) * K + P2]) * B[size_t(P2) * N + J];
      Want.push_back(std::max(float(Acc), 0.0f));
    }
  edgec_matmul_f32(&P, A.data(), B.data(), nullptr, Y.data());
  checkClose(Y, Want);
}

//===----------------------------------------------------------------------===//
// Elementwise
//===----------------------------------------------------------------------===//

namespace {

float refBinary(int32_t Op, float X, float Y) {
  switch (Op) {
  case EDGEC_BIN_ADD:
    return X + Y;
  case EDGEC_BIN_SUB:
    return X - Y;
  case EDGEC_BIN_MUL:
    return X * Y;
  case EDGEC_BIN_DIV:
    return X / Y;
  case EDGEC_BIN_POW:
    return float(std::pow(double(X), double(Y)));
  case EDGEC_BIN_MIN:
    return std::min(X, Y);
  default:
    return std::max(X, Y);
  }
}

/// Operand shape right-aligned to the output rank (numpy rules).
Shape alignShape(const Shape &Operand, size_t Rank) {
  Shape S(Rank - Operand.size(), 1);
  S.insert(S.end(), Operand.begin(), Operand.end());
  return S;
}

/// Element strides of an operand as seen from the output: 0 on broadcast dims.
void broadcastStrides(const Shape &Operand, const Shape &Out, int32_t *Stride) {
  const Shape S = alignShape(Operand, Out.size());
  int32_t Dense = 1;
  for (int32_t D = int32_t(Out.size()) - 1; D >= 0; --D) {
    Stride[D] = S[D] == 1 ? 0 : Dense;
    Dense *= S[D];
  }
}

/// Broadcasting reference: explicit multi-index math with index clamping.
std::vector<float> refBroadcast(int32_t Op, const Shape &Out, const Shape &AS,
                                const std::vector<float> &A, const Shape &BS,
                                const std::vector<float> &B, const edgec_act &Act) {
  const Shape AA = alignShape(AS, Out.size()), BB = alignShape(BS, Out.size());
  std::vector<float> Y(size_t(product(Out)));
  std::vector<int32_t> Index(Out.size());
  for (size_t Linear = 0; Linear < Y.size(); ++Linear) {
    size_t Rest = Linear;
    for (int32_t D = int32_t(Out.size()) - 1; D >= 0; --D) {
      Index[D] = int32_t(Rest % Out[D]);
      Rest /= Out[D];
    }
    size_t AIdx = 0, BIdx = 0;
    for (size_t D = 0; D < Out.size(); ++D) {
      AIdx = AIdx * AA[D] + (AA[D] == 1 ? 0 : Index[D]);
      BIdx = BIdx * BB[D] + (BB[D] == 1 ? 0 : Index[D]);
    }
    Y[Linear] = refAct(Act, refBinary(Op, A[AIdx], B[BIdx]));
  }
  return Y;
}

edgec_binary_params binaryParams(int32_t Op, const Shape &Out, const Shape &AS,
                                 const Shape &BS, edgec_act Act) {
  edgec_binary_params P;
  std::memset(&P, 0, sizeof(P));
  P.op = Op;
  P.rank = int32_t(Out.size());
  for (size_t D = 0; D < Out.size(); ++D)
    P.out_shape[D] = Out[D];
  broadcastStrides(AS, Out, P.a_stride);
  broadcastStrides(BS, Out, P.b_stride);
  P.act = Act;
  return P;
}

enum class Alias { None, OutIsA, OutIsB };

void checkBinary(int32_t Op, const Shape &Out, const Shape &AS, const Shape &BS,
                 uint32_t Seed, edgec_act Act = NoAct, Alias InPlace = Alias::None) {
  std::mt19937 Rng(Seed);
  std::vector<float> A = randomVector(size_t(product(AS)), Rng);
  std::vector<float> B = randomVector(size_t(product(BS)), Rng);
  // Keep pow/div well conditioned: positive bases, divisors away from zero.
  if (Op == EDGEC_BIN_POW)
    for (float &X : A)
      X = std::fabs(X) + 0.1f;
  if (Op == EDGEC_BIN_DIV)
    for (float &X : B)
      X = std::fabs(X) + 0.5f;
  const std::vector<float> Want = refBroadcast(Op, Out, AS, A, BS, B, Act);
  const edgec_binary_params P = binaryParams(Op, Out, AS, BS, Act);
  INFO("op " << Op);
  if (InPlace == Alias::OutIsA) {
    edgec_binary_f32(&P, A.data(), B.data(), A.data());
    checkClose(A, Want);
  } else if (InPlace == Alias::OutIsB) {
    edgec_binary_f32(&P, A.data(), B.data(), B.data());
    checkClose(B, Want);
  } else {
    std::vector<float> Y(Want.size(), -12345.0f);
    edgec_binary_f32(&P, A.data(), B.data(), Y.data());
    checkClose(Y, Want);
  }
}

const int32_t AllBinaryOps[] = {EDGEC_BIN_ADD, EDGEC_BIN_SUB, EDGEC_BIN_MUL,
                                EDGEC_BIN_DIV, EDGEC_BIN_POW, EDGEC_BIN_MIN,
                                EDGEC_BIN_MAX};

} // namespace

TEST_CASE("binary ops, same shape", "[kernels][elementwise]") {
  for (int32_t Op : AllBinaryOps)
    checkBinary(Op, {2, 3, 4}, {2, 3, 4}, {2, 3, 4}, 51);
}

TEST_CASE("binary ops, [1,C,1,1] per-channel operand", "[kernels][elementwise]") {
  for (int32_t Op : AllBinaryOps) {
    checkBinary(Op, {2, 3, 4, 5}, {2, 3, 4, 5}, {1, 3, 1, 1}, 52);
    checkBinary(Op, {2, 3, 4, 5}, {3, 1, 1}, {2, 3, 4, 5}, 53);
  }
}

TEST_CASE("binary ops with a scalar operand", "[kernels][elementwise]") {
  for (int32_t Op : AllBinaryOps) {
    checkBinary(Op, {3, 4}, {3, 4}, {}, 54);
    checkBinary(Op, {3, 4}, {1, 1}, {3, 4}, 55);
    checkBinary(Op, {}, {}, {}, 56);
  }
}

TEST_CASE("binary ops with both operands broadcast", "[kernels][elementwise]") {
  for (int32_t Op : AllBinaryOps) {
    checkBinary(Op, {2, 3, 4}, {2, 1, 4}, {1, 3, 1}, 57);
    checkBinary(Op, {4, 3}, {4, 1}, {3}, 58); // Innermost dim broadcast in A.
  }
}

TEST_CASE("binary ops in place and with fused activation", "[kernels][elementwise]") {
  checkBinary(EDGEC_BIN_ADD, {2, 3, 4, 5}, {2, 3, 4, 5}, {1, 3, 1, 1}, 59,
              makeAct(EDGEC_ACT_RELU), Alias::OutIsA);
  checkBinary(EDGEC_BIN_SUB, {2, 3, 4, 5}, {1, 3, 1, 1}, {2, 3, 4, 5}, 60, NoAct,
              Alias::OutIsB);
  checkBinary(EDGEC_BIN_MUL, {3, 4}, {}, {3, 4}, 61, NoAct, Alias::OutIsB);
  checkBinary(EDGEC_BIN_DIV, {3, 4}, {3, 4}, {3, 4}, 62,
              makeAct(EDGEC_ACT_CLIP, -1.0f, 1.0f), Alias::OutIsA);
}

TEST_CASE("unary ops match libm and are in-place safe", "[kernels][elementwise]") {
  std::mt19937 Rng(63);
  const std::vector<float> Signed = randomVector(37, Rng, -3.0f, 3.0f);
  const std::vector<float> Positive = randomVector(37, Rng, 0.1f, 4.0f);
  struct Case {
    int32_t Op;
    float Alpha, Beta;
    bool PositiveOnly;
    float (*Ref)(float, float, float);
  };
  const Case Cases[] = {
      {EDGEC_UN_RELU, 0, 0, false, [](float X, float, float) { return X > 0 ? X : 0.0f; }},
      {EDGEC_UN_CLIP, -0.5f, 1.5f, false,
       [](float X, float Lo, float Hi) { return std::min(std::max(X, Lo), Hi); }},
      {EDGEC_UN_SIGMOID, 0, 0, false,
       [](float X, float, float) { return float(1.0 / (1.0 + std::exp(-double(X)))); }},
      {EDGEC_UN_TANH, 0, 0, false, [](float X, float, float) { return std::tanh(X); }},
      {EDGEC_UN_LEAKY_RELU, 0.2f, 0, false,
       [](float X, float Alpha, float) { return X < 0 ? Alpha * X : X; }},
      {EDGEC_UN_NEG, 0, 0, false, [](float X, float, float) { return -X; }},
      {EDGEC_UN_ABS, 0, 0, false, [](float X, float, float) { return std::fabs(X); }},
      {EDGEC_UN_EXP, 0, 0, false, [](float X, float, float) { return std::exp(X); }},
      {EDGEC_UN_LOG, 0, 0, true, [](float X, float, float) { return std::log(X); }},
      {EDGEC_UN_SQRT, 0, 0, true, [](float X, float, float) { return std::sqrt(X); }},
      {EDGEC_UN_RECIPROCAL, 0, 0, true, [](float X, float, float) { return 1.0f / X; }},
  };
  for (const Case &C : Cases) {
    INFO("unary op " << C.Op);
    const std::vector<float> &In = C.PositiveOnly ? Positive : Signed;
    std::vector<float> Want;
    for (float X : In)
      Want.push_back(C.Ref(X, C.Alpha, C.Beta));
    const edgec_unary_params P = {C.Op, C.Alpha, C.Beta};
    std::vector<float> Out(In.size());
    edgec_unary_f32(&P, int32_t(In.size()), In.data(), Out.data());
    checkClose(Out, Want);
    std::vector<float> InPlace = In;
    edgec_unary_f32(&P, int32_t(InPlace.size()), InPlace.data(), InPlace.data());
    CHECK(InPlace == Out);
  }
}

TEST_CASE("channel affine over [outer, C, inner]", "[kernels][elementwise]") {
  std::mt19937 Rng(64);
  const int32_t Outer = 2, C = 3, Inner = 4;
  std::vector<float> X = randomVector(size_t(Outer) * C * Inner, Rng);
  const std::vector<float> Scale = randomVector(size_t(C), Rng);
  const std::vector<float> Shift = randomVector(size_t(C), Rng);
  std::vector<float> Want(X.size());
  for (int32_t O = 0; O < Outer; ++O)
    for (int32_t Ch = 0; Ch < C; ++Ch)
      for (int32_t I = 0; I < Inner; ++I) {
        const size_t Idx = (size_t(O) * C + Ch) * Inner + I;
        Want[Idx] = X[Idx] * Scale[Ch] + Shift[Ch];
      }
  std::vector<float> Y(X.size());
  edgec_channel_affine_f32(Outer, C, Inner, Scale.data(), Shift.data(), X.data(), Y.data());
  checkClose(Y, Want);
  edgec_channel_affine_f32(Outer, C, Inner, Scale.data(), Shift.data(), X.data(), X.data());
  checkClose(X, Want);
}

TEST_CASE("runtime activation helper", "[kernels][runtime]") {
  const edgec_act Clip = makeAct(EDGEC_ACT_CLIP, -1.0f, 2.0f);
  CHECK(edgec_apply_act(&Clip, -3.0f) == -1.0f);
  CHECK(edgec_apply_act(&Clip, 3.0f) == 2.0f);
  CHECK(edgec_apply_act(&Clip, 0.5f) == 0.5f);
  const edgec_act Relu = makeAct(EDGEC_ACT_RELU);
  CHECK(edgec_apply_act(&Relu, -2.0f) == 0.0f);
  CHECK(edgec_apply_act(&Relu, 2.0f) == 2.0f);
  const edgec_act Leaky = makeAct(EDGEC_ACT_LEAKY_RELU, 0, 0, 0.1f);
  CHECK(edgec_apply_act(&Leaky, -2.0f) == Approx(-0.2f));
  const edgec_act Sigmoid = makeAct(EDGEC_ACT_SIGMOID);
  CHECK(edgec_apply_act(&Sigmoid, 0.0f) == 0.5f);
  const edgec_act Tanh = makeAct(EDGEC_ACT_TANH);
  CHECK(edgec_apply_act(&Tanh, 1.0f) == Approx(std::tanh(1.0f)));
  CHECK(edgec_apply_act(&NoAct, -7.0f) == -7.0f);
}

//===----------------------------------------------------------------------===//
// Softmax
//===----------------------------------------------------------------------===//

TEST_CASE("softmax and log-softmax along a middle axis", "[kernels][softmax]") {
  const int32_t Outer = 2, Axis = 5, Inner = 3;
  std::mt19937 Rng(71);
  std::vector<float> X = randomVector(size_t(Outer) * Axis * Inner, Rng, -4.0f, 4.0f);
  // Large logits in one row: a naive exp would overflow to inf.
  for (int32_t A = 0; A < Axis; ++A)
    X[size_t(A) * Inner] += 1000.0f;
  std::vector<float> Soft(X.size()), LogSoft(X.size());
  edgec_softmax_f32(Outer, Axis, Inner, X.data(), Soft.data());
  edgec_log_softmax_f32(Outer, Axis, Inner, X.data(), LogSoft.data());

  std::vector<float> WantSoft(X.size()), WantLog(X.size());
  for (int32_t O = 0; O < Outer; ++O)
    for (int32_t I = 0; I < Inner; ++I) {
      auto At = [&](int32_t A) { return (size_t(O) * Axis + A) * Inner + I; };
      double Max = -1e30, Sum = 0.0, SoftSum = 0.0;
      for (int32_t A = 0; A < Axis; ++A)
        Max = std::max(Max, double(X[At(A)]));
      for (int32_t A = 0; A < Axis; ++A)
        Sum += std::exp(double(X[At(A)]) - Max);
      for (int32_t A = 0; A < Axis; ++A) {
        WantSoft[At(A)] = float(std::exp(double(X[At(A)]) - Max) / Sum);
        WantLog[At(A)] = float(double(X[At(A)]) - Max - std::log(Sum));
        SoftSum += Soft[At(A)];
      }
      CHECK(SoftSum == Approx(1.0).epsilon(1e-5));
    }
  checkClose(Soft, WantSoft);
  checkClose(LogSoft, WantLog);

  // In place gives the same result.
  std::vector<float> InPlace = X;
  edgec_softmax_f32(Outer, Axis, Inner, InPlace.data(), InPlace.data());
  CHECK(InPlace == Soft);
  InPlace = X;
  edgec_log_softmax_f32(Outer, Axis, Inner, InPlace.data(), InPlace.data());
  CHECK(InPlace == LogSoft);
}

//===----------------------------------------------------------------------===//
// Data movement
//===----------------------------------------------------------------------===//

namespace {

/// Transpose reference: output index i reads input index with in[perm[i]] = out[i].
template <typename T>
std::vector<T> refTranspose(const std::vector<T> &X, const Shape &InShape,
                            const Shape &Perm) {
  const size_t Rank = InShape.size();
  Shape OutShape(Rank);
  for (size_t D = 0; D < Rank; ++D)
    OutShape[D] = InShape[Perm[D]];
  std::vector<T> Y(X.size());
  std::vector<int32_t> OutIdx(Rank), InIdx(Rank);
  for (size_t Linear = 0; Linear < Y.size(); ++Linear) {
    size_t Rest = Linear;
    for (int32_t D = int32_t(Rank) - 1; D >= 0; --D) {
      OutIdx[D] = int32_t(Rest % OutShape[D]);
      Rest /= OutShape[D];
    }
    for (size_t D = 0; D < Rank; ++D)
      InIdx[Perm[D]] = OutIdx[D];
    size_t In = 0;
    for (size_t D = 0; D < Rank; ++D)
      In = In * InShape[D] + InIdx[D];
    Y[Linear] = X[In];
  }
  return Y;
}

template <typename T>
void checkTranspose(const Shape &InShape, const Shape &Perm) {
  std::vector<T> X(size_t(product(InShape)));
  for (size_t I = 0; I < X.size(); ++I)
    X[I] = T(I * 7 + 3); // Distinct (mod 256 for bytes) values.
  edgec_transpose_params P;
  std::memset(&P, 0, sizeof(P));
  P.rank = int32_t(InShape.size());
  for (size_t D = 0; D < InShape.size(); ++D) {
    P.in_shape[D] = InShape[D];
    P.perm[D] = Perm[D];
  }
  P.elem_size = int32_t(sizeof(T));
  std::vector<T> Y(X.size());
  edgec_transpose(&P, X.data(), Y.data());
  CHECK(Y == refTranspose(X, InShape, Perm));
}

} // namespace

TEST_CASE("transpose rank 5 for several element sizes", "[kernels][data]") {
  const Shape InShape = {2, 3, 4, 1, 5};
  checkTranspose<float>(InShape, {4, 0, 3, 2, 1});
  checkTranspose<int64_t>(InShape, {1, 4, 2, 0, 3});
  checkTranspose<int8_t>(InShape, {3, 2, 4, 1, 0});
  checkTranspose<uint16_t>(InShape, {2, 0, 1, 3, 4}); // Innermost dim kept.
}

TEST_CASE("transpose NCHW <-> NHWC and rank 1", "[kernels][data]") {
  checkTranspose<float>({2, 3, 4, 5}, {0, 2, 3, 1});
  checkTranspose<float>({2, 4, 5, 3}, {0, 3, 1, 2});
  checkTranspose<float>({7}, {0});
}

TEST_CASE("concat of three inputs along a middle axis", "[kernels][data]") {
  // [2,1,3] ++ [2,2,3] ++ [2,3,3] along axis 1 -> [2,6,3].
  std::vector<float> A(6), B(12), C(18);
  for (size_t I = 0; I < A.size(); ++I)
    A[I] = 100.0f + I;
  for (size_t I = 0; I < B.size(); ++I)
    B[I] = 200.0f + I;
  for (size_t I = 0; I < C.size(); ++I)
    C[I] = 300.0f + I;
  const int32_t InnerSizes[3] = {3, 6, 9};
  edgec_concat_params P;
  P.outer = 2;
  P.num_inputs = 3;
  P.elem_size = int32_t(sizeof(float));
  P.inner_sizes = InnerSizes;
  const void *Inputs[3] = {A.data(), B.data(), C.data()};
  std::vector<float> Y(36);
  edgec_concat(&P, Inputs, Y.data());
  std::vector<float> Want;
  for (int32_t O = 0; O < 2; ++O) {
    for (int32_t Row = 0; Row < 1; ++Row)
      for (int32_t I = 0; I < 3; ++I)
        Want.push_back(A[(size_t(O) * 1 + Row) * 3 + I]);
    for (int32_t Row = 0; Row < 2; ++Row)
      for (int32_t I = 0; I < 3; ++I)
        Want.push_back(B[(size_t(O) * 2 + Row) * 3 + I]);
    for (int32_t Row = 0; Row < 3; ++Row)
      for (int32_t I = 0; I < 3; ++I)
        Want.push_back(C[(size_t(O) * 3 + Row) * 3 + I]);
  }
  CHECK(Y == Want);
}

TEST_CASE("copy has memmove semantics", "[kernels][data]") {
  std::vector<uint8_t> Buf = {1, 2, 3, 4, 5, 6, 7, 8};
  edgec_copy(Buf.data(), Buf.data() + 2, 5); // Overlapping, forward.
  CHECK(Buf == std::vector<uint8_t>{1, 2, 1, 2, 3, 4, 5, 8});
  edgec_copy(Buf.data() + 3, Buf.data(), 4); // Overlapping, backward.
  CHECK(Buf == std::vector<uint8_t>{2, 3, 4, 5, 3, 4, 5, 8});
  edgec_copy(Buf.data(), Buf.data() + 1, 0); // Zero bytes: no-op.
  CHECK(Buf[1] == 3);
}

TEST_CASE("a tiled conv equals the untiled one bit for bit", "[kernels][conv][tile]") {
  // kernel-tile's tile (output-channel block, pixel block) only reorders which outputs are
  // computed when; every output keeps the documented order. Odd sizes, groups, leftovers of
  // the 4-channel register tile, a batch, the pointwise kernel.
  struct Case {
    ConvFn Kernel;
    Geometry G;
    int32_t N, Cin, Cout, Groups;
  };
  const Case Cases[] = {
      {edgec_conv_f32, makeGeometry(2, {9, 7}, {3, 3}, {1, 1}, {1, 1}, {1, 1}, {1, 1}), 2, 13, 22, 1},
      {edgec_conv_f32, makeGeometry(2, {8, 9}, {3, 2}, {2, 1}, {1, 2}, {1, 0}, {0, 1}), 1, 12, 18, 2},
      {edgec_conv_f32, makeGeometry(2, {10, 6}, {3, 3}, {1, 1}, {1, 1}, {1, 1}, {1, 1}), 1, 3, 16, 1},
      {edgec_conv_pointwise_f32, makeGeometry(2, {7, 5}, {1, 1}, {1, 1}, {1, 1}, {0, 0}, {0, 0}), 2, 20, 37, 1},
  };
  const int32_t Tiles[][2] = {{4, 2}, {4, 7}, {8, 16}, {12, 0}, {0, 6}, {5, 3}, {64, 1000}, {-1, -4}};
  uint32_t Seed = 100;
  for (const Case &C : Cases) {
    std::mt19937 Rng(Seed++);
    const int32_t CinG = C.Cin / C.Groups;
    const std::vector<float> X = randomVector(size_t(C.N) * C.Cin * C.G.inVolume(), Rng);
    const std::vector<float> W = randomVector(size_t(C.Cout) * CinG * C.G.kernelVolume(), Rng);
    const std::vector<float> B = randomVector(size_t(C.Cout), Rng);
    const size_t OutSize = size_t(C.N) * C.Cout * C.G.outVolume();
    edgec_conv_params P = convParams(C.G, C.N, C.Cin, C.Cout, C.Groups, makeAct(EDGEC_ACT_RELU));
    std::vector<float> Untiled(OutSize, -1.0f);
    C.Kernel(&P, X.data(), W.data(), B.data(), Untiled.data());
    for (const auto &T : Tiles) {
      P.tile_oc = T[0];
      P.tile_pixels = T[1];
      std::vector<float> Tiled(OutSize, -2.0f);
      C.Kernel(&P, X.data(), W.data(), B.data(), Tiled.data());
      INFO("Cin " << C.Cin << " Cout " << C.Cout << " tile " << T[0] << " x " << T[1]);
      CHECK(std::memcmp(Tiled.data(), Untiled.data(), OutSize * sizeof(float)) == 0);
    }
  }
}
