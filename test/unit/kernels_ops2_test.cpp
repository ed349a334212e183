// Unit tests for the second batch of reference kernels (ConvTranspose, Pad, Resize, Reduce,
// Gather, Cast, Slice, and the extra elementwise ops) against naive, independently written
// formulas. Resize expectations are numbers produced by onnx's reference implementation.
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

#include "edgec/kernels/cast.h"
#include "edgec/kernels/conv_transpose.h"
#include "edgec/kernels/elementwise.h"
#include "edgec/kernels/gather.h"
#include "edgec/kernels/pad.h"
#include "edgec/kernels/reduce.h"
#include "edgec/kernels/resize.h"
#include "edgec/kernels/slice.h"
#include "edgec/runtime.h"

namespace {

using Shape = std::vector<int32_t>;

std::vector<float> randomVector(size_t Count, std::mt19937 &Rng, float Lo = -1.0f,
                                float Hi = 1.0f) {
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

/// Row-major strides of a shape.
Shape stridesOf(const Shape &S) {
  Shape St(S.size(), 1);
  for (int I = int(S.size()) - 2; I >= 0; --I)
    St[I] = St[I + 1] * S[I + 1];
  return St;
}

/// Coordinates of linear index I in shape S.
Shape unravelIndex(int32_t I, const Shape &S) {
  Shape C(S.size(), 0);
  for (int D = int(S.size()) - 1; D >= 0; --D) {
    C[D] = I % S[D];
    I /= S[D];
  }
  return C;
}

void checkClose(const std::vector<float> &Got, const std::vector<float> &Want,
                float Tol = 1e-4f) {
  REQUIRE(Got.size() == Want.size());
  for (size_t I = 0; I < Got.size(); ++I) {
    const bool BothNan = std::isnan(Got[I]) && std::isnan(Want[I]);
    const bool SameInf = std::isinf(Got[I]) && Got[I] == Want[I];
    if (!BothNan && !SameInf &&
        !(std::fabs(Got[I] - Want[I]) <= Tol * (1.0f + std::fabs(Want[I])))) {
      std::ostringstream OS;
      OS << "first mismatch at " << I << ": got " << Got[I] << ", want " << Want[I];
      FAIL_CHECK(OS.str());
      return;
    }
  }
  SUCCEED();
}

template <size_t N> void copyInto(int32_t (&Dst)[N], const Shape &Src) {
  for (size_t I = 0; I < N; ++I)
    Dst[I] = I < Src.size() ? Src[I] : 1;
}

} // namespace

//===----------------------------------------------------------------------===//
// Elementwise additions
//===----------------------------------------------------------------------===//

TEST_CASE("prelu broadcasts its slope", "[kernels2][elementwise]") {
  std::mt19937 Rng(201);
  const Shape Out = {2, 3, 4};
  const std::vector<float> A = randomVector(24, Rng, -2.0f, 2.0f);
  const std::vector<float> Slope = randomVector(3, Rng, 0.0f, 0.5f);
  edgec_binary_params P;
  std::memset(&P, 0, sizeof(P));
  P.op = EDGEC_BIN_PRELU;
  P.rank = 3;
  for (int D = 0; D < 3; ++D)
    P.out_shape[D] = Out[D];
  P.a_stride[0] = 12, P.a_stride[1] = 4, P.a_stride[2] = 1;
  P.b_stride[0] = 0, P.b_stride[1] = 1, P.b_stride[2] = 0; // slope shape [1, 3, 1]
  P.act.kind = EDGEC_ACT_NONE;
  std::vector<float> Y(24), Want(24);
  for (int I = 0; I < 24; ++I) {
    const float S = Slope[(I / 4) % 3];
    Want[I] = A[I] >= 0.0f ? A[I] : A[I] * S;
  }
  edgec_binary_f32(&P, A.data(), Slope.data(), Y.data());
  checkClose(Y, Want, 1e-6f);
}

TEST_CASE("new unary ops match independent formulas", "[kernels2][elementwise]") {
  std::mt19937 Rng(202);
  std::vector<float> In = randomVector(41, Rng, -5.0f, 5.0f);
  // Edge values: zeros, exact halves for round-half-to-even, large magnitudes.
  const float Extra[] = {0.0f, -0.0f, 0.5f, 1.5f, 2.5f, -0.5f, -1.5f, -2.5f, 3.0f,
                         -3.0f, 30.0f, -30.0f, 100.0f, -100.0f, 1.0f, -1.0f};
  In.insert(In.end(), std::begin(Extra), std::end(Extra));
  struct Case {
    int32_t Op;
    float Alpha, Beta;
    double (*Ref)(double, double, double);
  };
  const Case Cases[] = {
      {EDGEC_UN_ELU, 0.7f, 0, [](double X, double A, double) { return X >= 0 ? X : A * (std::exp(X) - 1); }},
      {EDGEC_UN_SELU, 1.67326f, 1.0507f,
       [](double X, double A, double G) { return X > 0 ? G * X : G * A * (std::exp(X) - 1); }},
      {EDGEC_UN_SOFTPLUS, 0, 0, [](double X, double, double) { return std::log(1 + std::exp(X)); }},
      {EDGEC_UN_SOFTSIGN, 0, 0, [](double X, double, double) { return X / (1 + std::fabs(X)); }},
      {EDGEC_UN_HARD_SIGMOID, 0.2f, 0.5f,
       [](double X, double A, double B) { return std::max(0.0, std::min(1.0, A * X + B)); }},
      {EDGEC_UN_HARD_SWISH, 0, 0,
       [](double X, double, double) { return X * std::max(0.0, std::min(1.0, X / 6 + 0.5)); }},
      {EDGEC_UN_ERF, 0, 0, [](double X, double, double) { return std::erf(X); }},
      {EDGEC_UN_CEIL, 0, 0, [](double X, double, double) { return std::ceil(X); }},
      {EDGEC_UN_FLOOR, 0, 0, [](double X, double, double) { return std::floor(X); }},
      {EDGEC_UN_ROUND, 0, 0,
       [](double X, double, double) {
         // Round half to even, written out by hand.
         const double F = std::floor(X), D = X - F;
         if (D < 0.5) return F;
         if (D > 0.5) return F + 1;
         return std::fmod(F, 2.0) == 0 ? F : F + 1;
       }},
      {EDGEC_UN_SIN, 0, 0, [](double X, double, double) { return std::sin(X); }},
      {EDGEC_UN_COS, 0, 0, [](double X, double, double) { return std::cos(X); }},
      {EDGEC_UN_SIGN, 0, 0, [](double X, double, double) { return X > 0 ? 1.0 : (X < 0 ? -1.0 : 0.0); }},
      {EDGEC_UN_IDENTITY, 0, 0, [](double X, double, double) { return X; }},
  };
  for (const Case &C : Cases) {
    INFO("unary op " << C.Op);
    std::vector<float> Want;
    for (float X : In)
      Want.push_back(float(C.Ref(X, C.Alpha, C.Beta)));
    const edgec_unary_params P = {C.Op, C.Alpha, C.Beta};
    std::vector<float> Out(In.size());
    edgec_unary_f32(&P, int32_t(In.size()), In.data(), Out.data());
    checkClose(Out, Want, 2e-6f);
  }
  // Softplus stays finite and accurate far from zero (the naive form overflows).
  const edgec_unary_params Sp = {EDGEC_UN_SOFTPLUS, 0, 0};
  CHECK(edgec_unary_apply(&Sp, 200.0f) == 200.0f);
  CHECK(edgec_unary_apply(&Sp, -200.0f) >= 0.0f);
  CHECK(edgec_unary_apply(&Sp, -200.0f) < 1e-30f);
  // NOT on 0/1 masks; SIGN keeps NaN.
  const edgec_unary_params Not = {EDGEC_UN_NOT, 0, 0};
  CHECK(edgec_unary_apply(&Not, 0.0f) == 1.0f);
  CHECK(edgec_unary_apply(&Not, 1.0f) == 0.0f);
  const edgec_unary_params Sign = {EDGEC_UN_SIGN, 0, 0};
  CHECK(std::isnan(edgec_unary_apply(&Sign, std::numeric_limits<float>::quiet_NaN())));
  const edgec_unary_params Round = {EDGEC_UN_ROUND, 0, 0};
  CHECK(edgec_unary_apply(&Round, 2.5f) == 2.0f);
  CHECK(edgec_unary_apply(&Round, 3.5f) == 4.0f);
  CHECK(edgec_unary_apply(&Round, -0.5f) == 0.0f);
}

//===----------------------------------------------------------------------===//
// ConvTranspose
//===----------------------------------------------------------------------===//

namespace {

struct ConvTCase {
  int32_t Rank, N, Cin, Cout, Groups;
  Shape In, Kernel, Stride, Dilation, PadBegin, PadEnd, OutPad;
  int32_t ActKind = EDGEC_ACT_NONE;
  bool Bias = true;
};

Shape convTOutShape(const ConvTCase &C) {
  Shape Out(C.Rank);
  for (int D = 0; D < C.Rank; ++D)
    Out[D] = (C.In[D] - 1) * C.Stride[D] + (C.Kernel[D] - 1) * C.Dilation[D] + 1 +
             C.OutPad[D] - C.PadBegin[D] - C.PadEnd[D];
  return Out;
}

/// Scatter form of ConvTranspose in channels-last layout: every input pixel spreads
/// input * weight over the output pixels its taps land on (accumulated in double).
std::vector<float> refConvTranspose(const ConvTCase &C, const std::vector<float> &X,
                                    const std::vector<float> &W, const std::vector<float> &B) {
  const Shape Out = convTOutShape(C);
  const int32_t CinG = C.Cin / C.Groups, CoutG = C.Cout / C.Groups;
  const int32_t InVol = product(C.In), OutVol = product(Out), KVol = product(C.Kernel);
  std::vector<double> Acc(size_t(C.N) * OutVol * C.Cout, 0.0);
  for (int32_t Nn = 0; Nn < C.N; ++Nn)
    for (int32_t Ip = 0; Ip < InVol; ++Ip) {
      const Shape I = unravelIndex(Ip, C.In);
      for (int32_t Kp = 0; Kp < KVol; ++Kp) {
        const Shape K = unravelIndex(Kp, C.Kernel);
        int32_t Op = 0;
        bool Inside = true;
        for (int D = 0; D < C.Rank; ++D) {
          const int32_t O = I[D] * C.Stride[D] - C.PadBegin[D] + K[D] * C.Dilation[D];
          if (O < 0 || O >= Out[D])
            Inside = false;
          Op = Op * Out[D] + O;
        }
        if (!Inside)
          continue;
        for (int32_t G = 0; G < C.Groups; ++G)
          for (int32_t Ci = 0; Ci < CinG; ++Ci)
            for (int32_t Co = 0; Co < CoutG; ++Co) {
              const int32_t InC = G * CinG + Ci;
              const double Xv = X[(size_t(Nn) * InVol + Ip) * C.Cin + InC];
              const double Wv = W[(size_t(InC) * KVol + Kp) * CoutG + Co];
              Acc[(size_t(Nn) * OutVol + Op) * C.Cout + G * CoutG + Co] += Xv * Wv;
            }
      }
    }
  std::vector<float> Y(Acc.size());
  for (size_t I = 0; I < Y.size(); ++I) {
    double V = Acc[I] + (C.Bias ? B[I % C.Cout] : 0.0);
    if (C.ActKind == EDGEC_ACT_RELU)
      V = std::max(V, 0.0);
    Y[I] = float(V);
  }
  return Y;
}

edgec_conv_params convTParams(const ConvTCase &C) {
  edgec_conv_params P;
  std::memset(&P, 0, sizeof(P));
  const Shape Out = convTOutShape(C);
  P.spatial_rank = C.Rank;
  P.batch = C.N;
  P.in_channels = C.Cin;
  P.out_channels = C.Cout;
  P.groups = C.Groups;
  for (int D = 0; D < 3; ++D) {
    const bool Used = D < C.Rank;
    P.in_spatial[D] = Used ? C.In[D] : 1;
    P.out_spatial[D] = Used ? Out[D] : 1;
    P.kernel[D] = Used ? C.Kernel[D] : 1;
    P.stride[D] = Used ? C.Stride[D] : 1;
    P.dilation[D] = Used ? C.Dilation[D] : 1;
    P.pad_begin[D] = Used ? C.PadBegin[D] : 0;
  }
  P.act.kind = C.ActKind;
  return P;
}

void checkConvTranspose(const ConvTCase &C, uint32_t Seed) {
  std::mt19937 Rng(Seed);
  const int32_t CoutG = C.Cout / C.Groups;
  const std::vector<float> X = randomVector(size_t(C.N) * product(C.In) * C.Cin, Rng);
  const std::vector<float> W = randomVector(size_t(C.Cin) * product(C.Kernel) * CoutG, Rng);
  const std::vector<float> B = randomVector(size_t(C.Cout), Rng);
  const std::vector<float> Want = refConvTranspose(C, X, W, B);
  const edgec_conv_params P = convTParams(C);
  std::vector<float> Y(Want.size(), -12345.0f);
  edgec_conv_transpose_f32(&P, X.data(), W.data(), C.Bias ? B.data() : nullptr, Y.data());
  checkClose(Y, Want, 1e-5f);
}

} // namespace

TEST_CASE("conv transpose 2-D stride 2 with output padding and pads", "[kernels2][conv_transpose]") {
  ConvTCase C{2, 2, 3, 4, 1, {3, 4}, {3, 3}, {2, 2}, {1, 1}, {1, 0}, {0, 1}, {1, 1}};
  checkConvTranspose(C, 301);
  C.ActKind = EDGEC_ACT_RELU;
  C.Bias = false;
  checkConvTranspose(C, 302);
}

TEST_CASE("conv transpose upsampling (kernel == stride, no pads): one tap per output", "[kernels2][conv_transpose]") {
  // The fast path: 20 output channels = two 8-channel blocks + 4, then a single channel
  // (a segmentation head), batch 2, with and without bias and activation; 1-D with 3 taps.
  ConvTCase C{2, 2, 5, 20, 1, {3, 4}, {2, 2}, {2, 2}, {1, 1}, {0, 0}, {0, 0}, {0, 0}};
  checkConvTranspose(C, 311);
  C.Cout = 1;
  C.ActKind = EDGEC_ACT_RELU;
  checkConvTranspose(C, 312);
  C.Bias = false;
  checkConvTranspose(C, 313);
  checkConvTranspose({1, 1, 3, 9, 1, {5}, {3}, {3}, {1}, {0}, {0}, {0}}, 314);
  // Output padding: some outputs have no tap, so the general path runs (bias only there).
  checkConvTranspose({2, 1, 3, 8, 1, {3, 3}, {2, 2}, {2, 2}, {1, 1}, {0, 0}, {0, 0}, {1, 1}}, 315);
}

TEST_CASE("conv transpose groups 2 and dilation 2", "[kernels2][conv_transpose]") {
  checkConvTranspose({2, 1, 4, 6, 2, {4, 3}, {3, 2}, {1, 2}, {2, 2}, {1, 1}, {2, 0}, {0, 1}}, 303);
  checkConvTranspose({2, 2, 6, 4, 2, {3, 3}, {2, 3}, {3, 2}, {2, 1}, {0, 2}, {1, 0}, {2, 1}}, 304);
}

TEST_CASE("conv transpose 1-D and 3-D", "[kernels2][conv_transpose]") {
  checkConvTranspose({1, 2, 3, 5, 1, {7}, {4}, {3}, {1}, {2}, {1}, {2}}, 305);
  checkConvTranspose({1, 1, 4, 2, 2, {5}, {3}, {2}, {3}, {0}, {0}, {0}}, 306);
  checkConvTranspose({3, 1, 2, 3, 1, {2, 3, 2}, {2, 3, 2}, {2, 1, 2}, {1, 2, 1}, {0, 1, 1}, {1, 0, 0}, {1, 0, 1}},
                     307);
  // Depthwise-style: groups == Cin == Cout.
  checkConvTranspose({3, 1, 3, 3, 3, {2, 2, 3}, {3, 2, 2}, {2, 2, 1}, {1, 1, 2}, {1, 0, 0}, {0, 0, 1}, {0, 1, 0}},
                     308);
}

TEST_CASE("conv transpose equals zero insertion followed by a flipped convolution",
          "[kernels2][conv_transpose]") {
  // 2-D, groups 1: insert (stride - 1) zeros between input pixels, pad each side with
  // dilation * (kernel - 1) - pad (plus output padding at the end), then correlate with
  // the spatially flipped kernel whose in/out channel roles are swapped.
  const ConvTCase C{2, 1, 3, 2, 1, {3, 4}, {3, 2}, {2, 3}, {2, 1}, {1, 0}, {2, 1}, {1, 2}};
  std::mt19937 Rng(309);
  const Shape Out = convTOutShape(C);
  const std::vector<float> X = randomVector(size_t(product(C.In)) * C.Cin, Rng);
  const std::vector<float> W = randomVector(size_t(C.Cin) * product(C.Kernel) * C.Cout, Rng);
  const std::vector<float> B = randomVector(size_t(C.Cout), Rng);
  Shape Up(2), Lo(2);
  for (int D = 0; D < 2; ++D) {
    Lo[D] = C.Dilation[D] * (C.Kernel[D] - 1) - C.PadBegin[D];
    Up[D] = Lo[D] + (C.In[D] - 1) * C.Stride[D] + 1 + C.Dilation[D] * (C.Kernel[D] - 1) - C.PadEnd[D] + C.OutPad[D];
  }
  // Zero-inserted, padded input Z[h][w][c] (Lo[D] >= 0 for this geometry).
  REQUIRE(Lo[0] >= 0);
  REQUIRE(Lo[1] >= 0);
  std::vector<double> Z(size_t(Up[0]) * Up[1] * C.Cin, 0.0);
  for (int32_t H = 0; H < C.In[0]; ++H)
    for (int32_t Wd = 0; Wd < C.In[1]; ++Wd)
      for (int32_t Ci = 0; Ci < C.Cin; ++Ci)
        Z[(size_t(Lo[0] + H * C.Stride[0]) * Up[1] + Lo[1] + Wd * C.Stride[1]) * C.Cin + Ci] =
            X[(size_t(H) * C.In[1] + Wd) * C.Cin + Ci];
  std::vector<float> Want(size_t(product(Out)) * C.Cout);
  for (int32_t Oh = 0; Oh < Out[0]; ++Oh)
    for (int32_t Ow = 0; Ow < Out[1]; ++Ow)
      for (int32_t Co = 0; Co < C.Cout; ++Co) {
        double Acc = B[Co];
        for (int32_t Kh = 0; Kh < C.Kernel[0]; ++Kh)
          for (int32_t Kw = 0; Kw < C.Kernel[1]; ++Kw) {
            const int32_t Zh = Oh + Kh * C.Dilation[0], Zw = Ow + Kw * C.Dilation[1];
            if (Zh >= Up[0] || Zw >= Up[1])
              continue;
            const int32_t Fh = C.Kernel[0] - 1 - Kh, Fw = C.Kernel[1] - 1 - Kw; // flipped
            for (int32_t Ci = 0; Ci < C.Cin; ++Ci)
              Acc += Z[(size_t(Zh) * Up[1] + Zw) * C.Cin + Ci] *
                     W[((size_t(Ci) * C.Kernel[0] + Fh) * C.Kernel[1] + Fw) * C.Cout + Co];
          }
        Want[(size_t(Oh) * Out[1] + Ow) * C.Cout + Co] = float(Acc);
      }
  const edgec_conv_params P = convTParams(C);
  std::vector<float> Y(Want.size(), -12345.0f);
  edgec_conv_transpose_f32(&P, X.data(), W.data(), B.data(), Y.data());
  checkClose(Y, Want, 1e-5f);
}

//===----------------------------------------------------------------------===//
// Pad
//===----------------------------------------------------------------------===//

namespace {

/// Pad reference: crop the negative pads away first, then pad the cropped tensor, mapping
/// each out-of-range coordinate by bouncing (reflect), clamping (edge) or modulo (wrap).
std::vector<float> refPad(const Shape &In, const std::vector<float> &X, const Shape &Begin,
                          const Shape &End, int32_t Mode, float Value, Shape &OutShape) {
  const int R = int(In.size());
  Shape CropLo(R), Crop(R);
  OutShape.assign(R, 0);
  for (int D = 0; D < R; ++D) {
    CropLo[D] = std::max(0, -Begin[D]);
    Crop[D] = In[D] - CropLo[D] - std::max(0, -End[D]);
    OutShape[D] = In[D] + Begin[D] + End[D];
  }
  const Shape InStride = stridesOf(In);
  std::vector<float> Y(size_t(product(OutShape)));
  for (int32_t I = 0; I < int32_t(Y.size()); ++I) {
    const Shape O = unravelIndex(I, OutShape);
    int32_t Off = 0;
    bool IsConst = false;
    for (int D = 0; D < R; ++D) {
      int32_t J = O[D] - std::max(0, Begin[D]);
      const int32_t N = Crop[D];
      if (J < 0 || J >= N) {
        if (Mode == EDGEC_PAD_CONSTANT) {
          IsConst = true;
          break;
        }
        if (Mode == EDGEC_PAD_EDGE)
          J = J < 0 ? 0 : N - 1;
        else if (Mode == EDGEC_PAD_WRAP)
          while (J < 0 || J >= N)
            J += J < 0 ? N : -N;
        else if (N == 1)
          J = 0;
        else
          while (J < 0 || J >= N)
            J = J < 0 ? -J : 2 * (N - 1) - J;
      }
      Off += (CropLo[D] + J) * InStride[D];
    }
    Y[I] = IsConst ? Value : X[Off];
  }
  return Y;
}

void checkPad(const Shape &In, const Shape &Begin, const Shape &End, int32_t Mode, float Value,
              uint32_t Seed) {
  std::mt19937 Rng(Seed);
  const std::vector<float> X = randomVector(size_t(product(In)), Rng);
  Shape Out;
  const std::vector<float> Want = refPad(In, X, Begin, End, Mode, Value, Out);
  edgec_pad_params P;
  std::memset(&P, 0, sizeof(P));
  P.rank = int32_t(In.size());
  for (size_t D = 0; D < In.size(); ++D) {
    P.in_shape[D] = In[D];
    P.out_shape[D] = Out[D];
    P.pad_begin[D] = Begin[D];
  }
  P.mode = Mode;
  P.value = Value;
  P.elem_size = 4;
  std::vector<float> Y(Want.size(), -12345.0f);
  INFO("pad mode " << Mode);
  edgec_pad(&P, X.data(), Y.data());
  CHECK(Y == Want);
  // Same geometry on 2-byte elements (zero constant): compare the moved bit patterns.
  if (Mode != EDGEC_PAD_CONSTANT || Value == 0.0f) {
    std::vector<uint16_t> X16(X.size()), Y16(Want.size(), 0xBEEF), Want16(Want.size());
    for (size_t I = 0; I < X.size(); ++I)
      X16[I] = uint16_t(I + 1);
    std::vector<float> Idx(X.size());
    for (size_t I = 0; I < X.size(); ++I)
      Idx[I] = float(I + 1);
    Shape Ignored;
    const std::vector<float> WantIdx = refPad(In, Idx, Begin, End, Mode, 0.0f, Ignored);
    for (size_t I = 0; I < WantIdx.size(); ++I)
      Want16[I] = uint16_t(WantIdx[I]);
    P.elem_size = 2;
    edgec_pad(&P, X16.data(), Y16.data());
    CHECK(Y16 == Want16);
  }
}

const int32_t AllPadModes[] = {EDGEC_PAD_CONSTANT, EDGEC_PAD_REFLECT, EDGEC_PAD_EDGE, EDGEC_PAD_WRAP};

} // namespace

TEST_CASE("pad all modes, 2-D and 4-D", "[kernels2][pad]") {
  for (int32_t Mode : AllPadModes) {
    checkPad({3, 4}, {1, 2}, {2, 1}, Mode, 0.75f, 401);
    checkPad({2, 3, 4, 5}, {0, 1, 2, 3}, {1, 0, 3, 2}, Mode, -1.5f, 402);
    checkPad({5}, {0}, {0}, Mode, 2.0f, 403); // no-op
  }
}

TEST_CASE("pad with negative pads crops first", "[kernels2][pad]") {
  for (int32_t Mode : AllPadModes) {
    checkPad({4, 6}, {-1, 2}, {3, -2}, Mode, 0.5f, 404);
    checkPad({5, 5}, {-2, -1}, {-1, -3}, Mode, 0.0f, 405); // pure crop
    checkPad({6, 3}, {-3, 0}, {2, 0}, Mode, 1.0f, 406);    // reflect/wrap off the cropped border
  }
}

TEST_CASE("pad rank 5 and pads larger than the input", "[kernels2][pad]") {
  for (int32_t Mode : AllPadModes) {
    checkPad({2, 1, 3, 2, 4}, {1, 0, -1, 2, 1}, {0, 2, 1, 0, -2}, Mode, 3.0f, 407);
    // Edge and wrap allow arbitrary widths; reflect bounces periodically like numpy.
    checkPad({3, 2}, {5, 4}, {7, 3}, Mode, 0.0f, 408);
  }
}

//===----------------------------------------------------------------------===//
// Reduce
//===----------------------------------------------------------------------===//

namespace {

/// Reduce reference: for every output, scan the whole input and keep the elements whose
/// kept coordinates match; accumulate in double.
std::vector<float> refReduce(const Shape &In, const std::vector<float> &X, int32_t Mask, int32_t Op) {
  const int R = int(In.size());
  Shape Out = In;
  for (int D = 0; D < R; ++D)
    if (Mask >> D & 1)
      Out[D] = 1;
  std::vector<float> Y(size_t(product(Out)));
  for (int32_t O = 0; O < int32_t(Y.size()); ++O) {
    const Shape OC = unravelIndex(O, Out);
    std::vector<double> Vals;
    for (int32_t I = 0; I < int32_t(X.size()); ++I) {
      const Shape IC = unravelIndex(I, In);
      bool Match = true;
      for (int D = 0; D < R; ++D)
        if (!(Mask >> D & 1) && IC[D] != OC[D])
          Match = false;
      if (Match)
        Vals.push_back(X[I]);
    }
    double Acc = 0;
    switch (Op) {
    case EDGEC_REDUCE_MAX:
      Acc = -std::numeric_limits<double>::infinity();
      for (double V : Vals)
        Acc = std::max(Acc, V);
      break;
    case EDGEC_REDUCE_MIN:
      Acc = std::numeric_limits<double>::infinity();
      for (double V : Vals)
        Acc = std::min(Acc, V);
      break;
    case EDGEC_REDUCE_PROD:
      Acc = 1;
      for (double V : Vals)
        Acc *= V;
      break;
    case EDGEC_REDUCE_L1:
      for (double V : Vals)
        Acc += std::fabs(V);
      break;
    case EDGEC_REDUCE_L2:
    case EDGEC_REDUCE_SUM_SQUARE:
      for (double V : Vals)
        Acc += V * V;
      if (Op == EDGEC_REDUCE_L2)
        Acc = std::sqrt(Acc);
      break;
    case EDGEC_REDUCE_LOG_SUM_EXP:
      for (double V : Vals)
        Acc += std::exp(V);
      Acc = std::log(Acc);
      break;
    default:
      for (double V : Vals)
        Acc += V;
      if (Op == EDGEC_REDUCE_MEAN)
        Acc /= double(Vals.size()); // 0/0 = NaN for an empty reduction
      if (Op == EDGEC_REDUCE_LOG_SUM)
        Acc = std::log(Acc);
      break;
    }
    Y[O] = float(Acc);
  }
  return Y;
}

void checkReduce(const Shape &In, int32_t Mask, int32_t Op, uint32_t Seed) {
  std::mt19937 Rng(Seed);
  // Positive data keeps log-sum defined; PROD uses values near 1 to stay well scaled.
  std::vector<float> X = Op == EDGEC_REDUCE_LOG_SUM ? randomVector(size_t(product(In)), Rng, 0.1f, 2.0f)
                         : Op == EDGEC_REDUCE_PROD  ? randomVector(size_t(product(In)), Rng, 0.5f, 1.5f)
                                                    : randomVector(size_t(product(In)), Rng, -3.0f, 3.0f);
  if (Op == EDGEC_REDUCE_PROD)
    for (size_t I = 0; I < X.size(); I += 3)
      X[I] = -X[I];
  const std::vector<float> Want = refReduce(In, X, Mask, Op);
  edgec_reduce_params P;
  std::memset(&P, 0, sizeof(P));
  P.rank = int32_t(In.size());
  for (size_t D = 0; D < In.size(); ++D)
    P.in_shape[D] = In[D];
  P.reduce_mask = Mask;
  P.op = Op;
  std::vector<float> Y(Want.size(), -12345.0f);
  INFO("reduce op " << Op << " mask " << Mask);
  edgec_reduce_f32(&P, X.data(), Y.data());
  checkClose(Y, Want, 2e-5f);
}

} // namespace

TEST_CASE("reduce all ops over several masks", "[kernels2][reduce]") {
  const Shape In = {2, 3, 4, 5};
  const int32_t Masks[] = {0x0, 0x1, 0x2, 0x8, 0x5, 0xA, 0x6, 0xE, 0xF};
  for (int32_t Op = EDGEC_REDUCE_SUM; Op <= EDGEC_REDUCE_SUM_SQUARE; ++Op)
    for (int32_t Mask : Masks)
      checkReduce(In, Mask, Op, uint32_t(500 + Op * 16 + Mask));
  // Rank 1 and rank 0 (a scalar: nothing to reduce).
  for (int32_t Op = EDGEC_REDUCE_SUM; Op <= EDGEC_REDUCE_SUM_SQUARE; ++Op) {
    checkReduce({7}, 1, Op, 600);
    checkReduce({}, 0, Op, 601);
  }
}

TEST_CASE("reduce over an empty dim gives the ONNX identity", "[kernels2][reduce]") {
  const float Inf = std::numeric_limits<float>::infinity();
  struct Want {
    int32_t Op;
    float V;
  };
  const Want Cases[] = {{EDGEC_REDUCE_SUM, 0.0f},         {EDGEC_REDUCE_MAX, -Inf},
                        {EDGEC_REDUCE_MIN, Inf},          {EDGEC_REDUCE_PROD, 1.0f},
                        {EDGEC_REDUCE_L1, 0.0f},          {EDGEC_REDUCE_L2, 0.0f},
                        {EDGEC_REDUCE_LOG_SUM, -Inf},     {EDGEC_REDUCE_LOG_SUM_EXP, -Inf},
                        {EDGEC_REDUCE_SUM_SQUARE, 0.0f}};
  const float Dummy = 1.0f;
  for (const Want &C : Cases) {
    edgec_reduce_params P;
    std::memset(&P, 0, sizeof(P));
    P.rank = 2;
    P.in_shape[0] = 3;
    P.in_shape[1] = 0;
    P.reduce_mask = 0x2;
    P.op = C.Op;
    float Y[3] = {5.0f, 5.0f, 5.0f};
    edgec_reduce_f32(&P, &Dummy, Y);
    INFO("reduce op " << C.Op);
    for (float V : Y)
      CHECK(V == C.V);
  }
  edgec_reduce_params P;
  std::memset(&P, 0, sizeof(P));
  P.rank = 1;
  P.in_shape[0] = 0;
  P.reduce_mask = 1;
  P.op = EDGEC_REDUCE_MEAN;
  float Y = 5.0f;
  edgec_reduce_f32(&P, &Dummy, &Y);
  CHECK(std::isnan(Y));
}

TEST_CASE("reduce log-sum-exp is stable and max propagates NaN", "[kernels2][reduce]") {
  const float X[4] = {1000.0f, 1000.0f, 999.0f, -1000.0f};
  edgec_reduce_params P;
  std::memset(&P, 0, sizeof(P));
  P.rank = 1;
  P.in_shape[0] = 4;
  P.reduce_mask = 1;
  P.op = EDGEC_REDUCE_LOG_SUM_EXP;
  float Y = 0.0f;
  edgec_reduce_f32(&P, X, &Y);
  const double Want = 1000.0 + std::log(2.0 + std::exp(-1.0));
  CHECK(std::fabs(Y - Want) < 1e-3);
  const float N[3] = {1.0f, std::numeric_limits<float>::quiet_NaN(), 2.0f};
  P.in_shape[0] = 3;
  P.op = EDGEC_REDUCE_MAX;
  edgec_reduce_f32(&P, N, &Y);
  CHECK(std::isnan(Y));
  P.op = EDGEC_REDUCE_MIN;
  edgec_reduce_f32(&P, N, &Y);
  CHECK(std::isnan(Y));
}

//===----------------------------------------------------------------------===//
// Resize
//===----------------------------------------------------------------------===//

namespace {

struct ResizeCase {
  const char *Name;
  int32_t Mode, Coord, Nearest;
  float CubicA;
  int32_t ExcludeOutside;
  float Extrapolation;
  int32_t Rank;
  int32_t In[4], Out[4];
  float Scale[4], RoiStart[4], RoiEnd[4];
  int32_t FromSizes; // Resize was given `sizes`: scale is out/in.
  std::vector<float> X, Want;
};

// Every expected output below was produced ONCE by onnx's reference implementation
// (onnx 1.17 onnx.reference.ReferenceEvaluator running a one-node opset-19 Resize model:
// the operator spec, not this project's code) and pasted here. Inputs are quarter steps
// so they are exact in float32.
const ResizeCase ResizeCases[] = {
    {"nearest half_pixel round_prefer_floor a=-0.75 excl=0 sizes [1, 1, 2, 3]->[1, 1, 4, 7]", EDGEC_RESIZE_NEAREST, EDGEC_COORD_HALF_PIXEL, EDGEC_NEAREST_ROUND_PREFER_FLOOR, -0.75f, 0, -7.5f, 4, {1, 1, 2, 3}, {1, 1, 4, 7}, {1.0f, 1.0f, 2.0f, 2.3333332538604736f}, {0.0f, 0.0f, 0.0f, 0.0f}, {1.0f, 1.0f, 1.0f, 1.0f}, 1,
     {-1.0f, -2.0f, -1.75f, -1.25f, -2.75f, -0.25f},
     {-1.0f, -1.0f, -2.0f, -2.0f, -2.0f, -1.75f, -1.75f, -1.0f, -1.0f, -2.0f, -2.0f, -2.0f, -1.75f, -1.75f, -1.25f, -1.25f, -2.75f, -2.75f, -2.75f, -0.25f, -0.25f, -1.25f, -1.25f, -2.75f, -2.75f, -2.75f, -0.25f, -0.25f}},
    {"nearest half_pixel round_prefer_ceil a=-0.75 excl=0 sizes [1, 1, 2, 3]->[1, 1, 4, 7]", EDGEC_RESIZE_NEAREST, EDGEC_COORD_HALF_PIXEL, EDGEC_NEAREST_ROUND_PREFER_CEIL, -0.75f, 0, -7.5f, 4, {1, 1, 2, 3}, {1, 1, 4, 7}, {1.0f, 1.0f, 2.0f, 2.3333332538604736f}, {0.0f, 0.0f, 0.0f, 0.0f}, {1.0f, 1.0f, 1.0f, 1.0f}, 1,
     {-1.0f, -2.0f, -1.75f, -1.25f, -2.75f, -0.25f},
     {-1.0f, -1.0f, -2.0f, -2.0f, -2.0f, -1.75f, -1.75f, -1.0f, -1.0f, -2.0f, -2.0f, -2.0f, -1.75f, -1.75f, -1.25f, -1.25f, -2.75f, -2.75f, -2.75f, -0.25f, -0.25f, -1.25f, -1.25f, -2.75f, -2.75f, -2.75f, -0.25f, -0.25f}},
    {"nearest half_pixel floor a=-0.75 excl=0 sizes [1, 1, 2, 3]->[1, 1, 4, 7]", EDGEC_RESIZE_NEAREST, EDGEC_COORD_HALF_PIXEL, EDGEC_NEAREST_FLOOR, -0.75f, 0, -7.5f, 4, {1, 1, 2, 3}, {1, 1, 4, 7}, {1.0f, 1.0f, 2.0f, 2.3333332538604736f}, {0.0f, 0.0f, 0.0f, 0.0f}, {1.0f, 1.0f, 1.0f, 1.0f}, 1,
     {-1.0f, -2.0f, -1.75f, -1.25f, -2.75f, -0.25f},
     {-1.0f, -1.0f, -1.0f, -2.0f, -2.0f, -2.0f, -1.75f, -1.0f, -1.0f, -1.0f, -2.0f, -2.0f, -2.0f, -1.75f, -1.0f, -1.0f, -1.0f, -2.0f, -2.0f, -2.0f, -1.75f, -1.25f, -1.25f, -1.25f, -2.75f, -2.75f, -2.75f, -0.25f}},
    {"nearest half_pixel ceil a=-0.75 excl=0 sizes [1, 1, 2, 3]->[1, 1, 4, 7]", EDGEC_RESIZE_NEAREST, EDGEC_COORD_HALF_PIXEL, EDGEC_NEAREST_CEIL, -0.75f, 0, -7.5f, 4, {1, 1, 2, 3}, {1, 1, 4, 7}, {1.0f, 1.0f, 2.0f, 2.3333332538604736f}, {0.0f, 0.0f, 0.0f, 0.0f}, {1.0f, 1.0f, 1.0f, 1.0f}, 1,
     {-1.0f, -2.0f, -1.75f, -1.25f, -2.75f, -0.25f},
     {-1.0f, -2.0f, -2.0f, -2.0f, -1.75f, -1.75f, -1.75f, -1.25f, -2.75f, -2.75f, -2.75f, -0.25f, -0.25f, -0.25f, -1.25f, -2.75f, -2.75f, -2.75f, -0.25f, -0.25f, -0.25f, -1.25f, -2.75f, -2.75f, -2.75f, -0.25f, -0.25f, -0.25f}},
    {"nearest half_pixel round_prefer_floor a=-0.75 excl=0 scales [1, 1, 4, 6]->[1, 1, 2, 3]", EDGEC_RESIZE_NEAREST, EDGEC_COORD_HALF_PIXEL, EDGEC_NEAREST_ROUND_PREFER_FLOOR, -0.75f, 0, -7.5f, 4, {1, 1, 4, 6}, {1, 1, 2, 3}, {1.0f, 1.0f, 0.5f, 0.6000000238418579f}, {0.0f, 0.0f, 0.0f, 0.0f}, {1.0f, 1.0f, 1.0f, 1.0f}, 0,
     {-0.25f, -2.0f, 1.5f, 0.5f, -1.25f, -2.25f, 3.75f, -1.25f, 1.25f, 3.75f, 2.5f, 1.0f, -3.25f, -3.0f, -3.25f, -2.75f, 2.0f, -3.0f, -2.5f, 3.75f, 0.75f, 3.75f, -3.5f, 0.0f},
     {-0.25f, 1.5f, -1.25f, -3.25f, -3.25f, 2.0f}},
    {"nearest half_pixel round_prefer_ceil a=-0.75 excl=0 scales [1, 1, 4, 6]->[1, 1, 2, 3]", EDGEC_RESIZE_NEAREST, EDGEC_COORD_HALF_PIXEL, EDGEC_NEAREST_ROUND_PREFER_CEIL, -0.75f, 0, -7.5f, 4, {1, 1, 4, 6}, {1, 1, 2, 3}, {1.0f, 1.0f, 0.5f, 0.6000000238418579f}, {0.0f, 0.0f, 0.0f, 0.0f}, {1.0f, 1.0f, 1.0f, 1.0f}, 0,
     {-0.25f, -2.0f, 1.5f, 0.5f, -1.25f, -2.25f, 3.75f, -1.25f, 1.25f, 3.75f, 2.5f, 1.0f, -3.25f, -3.0f, -3.25f, -2.75f, 2.0f, -3.0f, -2.5f, 3.75f, 0.75f, 3.75f, -3.5f, 0.0f},
     {3.75f, 1.25f, 2.5f, -2.5f, 0.75f, -3.5f}},
    {"nearest half_pixel round_prefer_ceil a=-0.75 excl=0 scales [1, 1, 2, 3]->[1, 1, 3, 7]", EDGEC_RESIZE_NEAREST, EDGEC_COORD_HALF_PIXEL, EDGEC_NEAREST_ROUND_PREFER_CEIL, -0.75f, 0, -7.5f, 4, {1, 1, 2, 3}, {1, 1, 3, 7}, {1.0f, 1.0f, 1.7000000476837158f, 2.5f}, {0.0f, 0.0f, 0.0f, 0.0f}, {1.0f, 1.0f, 1.0f, 1.0f}, 0,
     {-1.0f, -2.0f, -1.75f, -1.25f, -2.75f, -0.25f},
     {-1.0f, -1.0f, -2.0f, -2.0f, -2.0f, -1.75f, -1.75f, -1.0f, -1.0f, -2.0f, -2.0f, -2.0f, -1.75f, -1.75f, -1.25f, -1.25f, -2.75f, -2.75f, -2.75f, -0.25f, -0.25f}},
    {"nearest asymmetric round_prefer_floor a=-0.75 excl=0 sizes [1, 1, 2, 3]->[1, 1, 4, 7]", EDGEC_RESIZE_NEAREST, EDGEC_COORD_ASYMMETRIC, EDGEC_NEAREST_ROUND_PREFER_FLOOR, -0.75f, 0, -7.5f, 4, {1, 1, 2, 3}, {1, 1, 4, 7}, {1.0f, 1.0f, 2.0f, 2.3333332538604736f}, {0.0f, 0.0f, 0.0f, 0.0f}, {1.0f, 1.0f, 1.0f, 1.0f}, 1,
     {-1.0f, -2.0f, -1.75f, -1.25f, -2.75f, -0.25f},
     {-1.0f, -1.0f, -2.0f, -2.0f, -1.75f, -1.75f, -1.75f, -1.0f, -1.0f, -2.0f, -2.0f, -1.75f, -1.75f, -1.75f, -1.25f, -1.25f, -2.75f, -2.75f, -0.25f, -0.25f, -0.25f, -1.25f, -1.25f, -2.75f, -2.75f, -0.25f, -0.25f, -0.25f}},
    {"nearest asymmetric round_prefer_ceil a=-0.75 excl=0 sizes [1, 1, 2, 3]->[1, 1, 4, 7]", EDGEC_RESIZE_NEAREST, EDGEC_COORD_ASYMMETRIC, EDGEC_NEAREST_ROUND_PREFER_CEIL, -0.75f, 0, -7.5f, 4, {1, 1, 2, 3}, {1, 1, 4, 7}, {1.0f, 1.0f, 2.0f, 2.3333332538604736f}, {0.0f, 0.0f, 0.0f, 0.0f}, {1.0f, 1.0f, 1.0f, 1.0f}, 1,
     {-1.0f, -2.0f, -1.75f, -1.25f, -2.75f, -0.25f},
     {-1.0f, -1.0f, -2.0f, -2.0f, -1.75f, -1.75f, -1.75f, -1.25f, -1.25f, -2.75f, -2.75f, -0.25f, -0.25f, -0.25f, -1.25f, -1.25f, -2.75f, -2.75f, -0.25f, -0.25f, -0.25f, -1.25f, -1.25f, -2.75f, -2.75f, -0.25f, -0.25f, -0.25f}},
    {"nearest asymmetric floor a=-0.75 excl=0 sizes [1, 1, 2, 3]->[1, 1, 4, 7]", EDGEC_RESIZE_NEAREST, EDGEC_COORD_ASYMMETRIC, EDGEC_NEAREST_FLOOR, -0.75f, 0, -7.5f, 4, {1, 1, 2, 3}, {1, 1, 4, 7}, {1.0f, 1.0f, 2.0f, 2.3333332538604736f}, {0.0f, 0.0f, 0.0f, 0.0f}, {1.0f, 1.0f, 1.0f, 1.0f}, 1,
     {-1.0f, -2.0f, -1.75f, -1.25f, -2.75f, -0.25f},
     {-1.0f, -1.0f, -1.0f, -2.0f, -2.0f, -1.75f, -1.75f, -1.0f, -1.0f, -1.0f, -2.0f, -2.0f, -1.75f, -1.75f, -1.25f, -1.25f, -1.25f, -2.75f, -2.75f, -0.25f, -0.25f, -1.25f, -1.25f, -1.25f, -2.75f, -2.75f, -0.25f, -0.25f}},
    {"nearest asymmetric ceil a=-0.75 excl=0 sizes [1, 1, 2, 3]->[1, 1, 4, 7]", EDGEC_RESIZE_NEAREST, EDGEC_COORD_ASYMMETRIC, EDGEC_NEAREST_CEIL, -0.75f, 0, -7.5f, 4, {1, 1, 2, 3}, {1, 1, 4, 7}, {1.0f, 1.0f, 2.0f, 2.3333332538604736f}, {0.0f, 0.0f, 0.0f, 0.0f}, {1.0f, 1.0f, 1.0f, 1.0f}, 1,
     {-1.0f, -2.0f, -1.75f, -1.25f, -2.75f, -0.25f},
     {-1.0f, -2.0f, -2.0f, -1.75f, -1.75f, -1.75f, -1.75f, -1.25f, -2.75f, -2.75f, -0.25f, -0.25f, -0.25f, -0.25f, -1.25f, -2.75f, -2.75f, -0.25f, -0.25f, -0.25f, -0.25f, -1.25f, -2.75f, -2.75f, -0.25f, -0.25f, -0.25f, -0.25f}},
    {"nearest asymmetric round_prefer_floor a=-0.75 excl=0 scales [1, 1, 4, 6]->[1, 1, 2, 3]", EDGEC_RESIZE_NEAREST, EDGEC_COORD_ASYMMETRIC, EDGEC_NEAREST_ROUND_PREFER_FLOOR, -0.75f, 0, -7.5f, 4, {1, 1, 4, 6}, {1, 1, 2, 3}, {1.0f, 1.0f, 0.5f, 0.6000000238418579f}, {0.0f, 0.0f, 0.0f, 0.0f}, {1.0f, 1.0f, 1.0f, 1.0f}, 0,
     {-0.25f, -2.0f, 1.5f, 0.5f, -1.25f, -2.25f, 3.75f, -1.25f, 1.25f, 3.75f, 2.5f, 1.0f, -3.25f, -3.0f, -3.25f, -2.75f, 2.0f, -3.0f, -2.5f, 3.75f, 0.75f, 3.75f, -3.5f, 0.0f},
     {-0.25f, 1.5f, 0.5f, -3.25f, -3.25f, -2.75f}},
    {"nearest asymmetric round_prefer_ceil a=-0.75 excl=0 scales [1, 1, 4, 6]->[1, 1, 2, 3]", EDGEC_RESIZE_NEAREST, EDGEC_COORD_ASYMMETRIC, EDGEC_NEAREST_ROUND_PREFER_CEIL, -0.75f, 0, -7.5f, 4, {1, 1, 4, 6}, {1, 1, 2, 3}, {1.0f, 1.0f, 0.5f, 0.6000000238418579f}, {0.0f, 0.0f, 0.0f, 0.0f}, {1.0f, 1.0f, 1.0f, 1.0f}, 0,
     {-0.25f, -2.0f, 1.5f, 0.5f, -1.25f, -2.25f, 3.75f, -1.25f, 1.25f, 3.75f, 2.5f, 1.0f, -3.25f, -3.0f, -3.25f, -2.75f, 2.0f, -3.0f, -2.5f, 3.75f, 0.75f, 3.75f, -3.5f, 0.0f},
     {-0.25f, 1.5f, 0.5f, -3.25f, -3.25f, -2.75f}},
    {"nearest asymmetric round_prefer_ceil a=-0.75 excl=0 scales [1, 1, 2, 3]->[1, 1, 3, 7]", EDGEC_RESIZE_NEAREST, EDGEC_COORD_ASYMMETRIC, EDGEC_NEAREST_ROUND_PREFER_CEIL, -0.75f, 0, -7.5f, 4, {1, 1, 2, 3}, {1, 1, 3, 7}, {1.0f, 1.0f, 1.7000000476837158f, 2.5f}, {0.0f, 0.0f, 0.0f, 0.0f}, {1.0f, 1.0f, 1.0f, 1.0f}, 0,
     {-1.0f, -2.0f, -1.75f, -1.25f, -2.75f, -0.25f},
     {-1.0f, -1.0f, -2.0f, -2.0f, -1.75f, -1.75f, -1.75f, -1.25f, -1.25f, -2.75f, -2.75f, -0.25f, -0.25f, -0.25f, -1.25f, -1.25f, -2.75f, -2.75f, -0.25f, -0.25f, -0.25f}},
    {"nearest align_corners round_prefer_floor a=-0.75 excl=0 sizes [1, 1, 2, 3]->[1, 1, 4, 7]", EDGEC_RESIZE_NEAREST, EDGEC_COORD_ALIGN_CORNERS, EDGEC_NEAREST_ROUND_PREFER_FLOOR, -0.75f, 0, -7.5f, 4, {1, 1, 2, 3}, {1, 1, 4, 7}, {1.0f, 1.0f, 2.0f, 2.3333332538604736f}, {0.0f, 0.0f, 0.0f, 0.0f}, {1.0f, 1.0f, 1.0f, 1.0f}, 1,
     {-1.0f, -2.0f, -1.75f, -1.25f, -2.75f, -0.25f},
     {-1.0f, -1.0f, -2.0f, -2.0f, -2.0f, -1.75f, -1.75f, -1.0f, -1.0f, -2.0f, -2.0f, -2.0f, -1.75f, -1.75f, -1.25f, -1.25f, -2.75f, -2.75f, -2.75f, -0.25f, -0.25f, -1.25f, -1.25f, -2.75f, -2.75f, -2.75f, -0.25f, -0.25f}},
    {"nearest align_corners round_prefer_ceil a=-0.75 excl=0 sizes [1, 1, 2, 3]->[1, 1, 4, 7]", EDGEC_RESIZE_NEAREST, EDGEC_COORD_ALIGN_CORNERS, EDGEC_NEAREST_ROUND_PREFER_CEIL, -0.75f, 0, -7.5f, 4, {1, 1, 2, 3}, {1, 1, 4, 7}, {1.0f, 1.0f, 2.0f, 2.3333332538604736f}, {0.0f, 0.0f, 0.0f, 0.0f}, {1.0f, 1.0f, 1.0f, 1.0f}, 1,
     {-1.0f, -2.0f, -1.75f, -1.25f, -2.75f, -0.25f},
     {-1.0f, -1.0f, -2.0f, -2.0f, -2.0f, -1.75f, -1.75f, -1.0f, -1.0f, -2.0f, -2.0f, -2.0f, -1.75f, -1.75f, -1.25f, -1.25f, -2.75f, -2.75f, -2.75f, -0.25f, -0.25f, -1.25f, -1.25f, -2.75f, -2.75f, -2.75f, -0.25f, -0.25f}},
    {"nearest align_corners floor a=-0.75 excl=0 sizes [1, 1, 2, 3]->[1, 1, 4, 7]", EDGEC_RESIZE_NEAREST, EDGEC_COORD_ALIGN_CORNERS, EDGEC_NEAREST_FLOOR, -0.75f, 0, -7.5f, 4, {1, 1, 2, 3}, {1, 1, 4, 7}, {1.0f, 1.0f, 2.0f, 2.3333332538604736f}, {0.0f, 0.0f, 0.0f, 0.0f}, {1.0f, 1.0f, 1.0f, 1.0f}, 1,
     {-1.0f, -2.0f, -1.75f, -1.25f, -2.75f, -0.25f},
     {-1.0f, -1.0f, -1.0f, -2.0f, -2.0f, -2.0f, -1.75f, -1.0f, -1.0f, -1.0f, -2.0f, -2.0f, -2.0f, -1.75f, -1.0f, -1.0f, -1.0f, -2.0f, -2.0f, -2.0f, -1.75f, -1.25f, -1.25f, -1.25f, -2.75f, -2.75f, -2.75f, -0.25f}},
    {"nearest align_corners ceil a=-0.75 excl=0 sizes [1, 1, 2, 3]->[1, 1, 4, 7]", EDGEC_RESIZE_NEAREST, EDGEC_COORD_ALIGN_CORNERS, EDGEC_NEAREST_CEIL, -0.75f, 0, -7.5f, 4, {1, 1, 2, 3}, {1, 1, 4, 7}, {1.0f, 1.0f, 2.0f, 2.3333332538604736f}, {0.0f, 0.0f, 0.0f, 0.0f}, {1.0f, 1.0f, 1.0f, 1.0f}, 1,
     {-1.0f, -2.0f, -1.75f, -1.25f, -2.75f, -0.25f},
     {-1.0f, -2.0f, -2.0f, -2.0f, -1.75f, -1.75f, -1.75f, -1.25f, -2.75f, -2.75f, -2.75f, -0.25f, -0.25f, -0.25f, -1.25f, -2.75f, -2.75f, -2.75f, -0.25f, -0.25f, -0.25f, -1.25f, -2.75f, -2.75f, -2.75f, -0.25f, -0.25f, -0.25f}},
    {"nearest align_corners round_prefer_floor a=-0.75 excl=0 scales [1, 1, 4, 6]->[1, 1, 2, 3]", EDGEC_RESIZE_NEAREST, EDGEC_COORD_ALIGN_CORNERS, EDGEC_NEAREST_ROUND_PREFER_FLOOR, -0.75f, 0, -7.5f, 4, {1, 1, 4, 6}, {1, 1, 2, 3}, {1.0f, 1.0f, 0.5f, 0.6000000238418579f}, {0.0f, 0.0f, 0.0f, 0.0f}, {1.0f, 1.0f, 1.0f, 1.0f}, 0,
     {-0.25f, -2.0f, 1.5f, 0.5f, -1.25f, -2.25f, 3.75f, -1.25f, 1.25f, 3.75f, 2.5f, 1.0f, -3.25f, -3.0f, -3.25f, -2.75f, 2.0f, -3.0f, -2.5f, 3.75f, 0.75f, 3.75f, -3.5f, 0.0f},
     {-0.25f, 1.5f, -1.25f, -2.5f, 0.75f, -3.5f}},
    {"nearest align_corners round_prefer_ceil a=-0.75 excl=0 scales [1, 1, 4, 6]->[1, 1, 2, 3]", EDGEC_RESIZE_NEAREST, EDGEC_COORD_ALIGN_CORNERS, EDGEC_NEAREST_ROUND_PREFER_CEIL, -0.75f, 0, -7.5f, 4, {1, 1, 4, 6}, {1, 1, 2, 3}, {1.0f, 1.0f, 0.5f, 0.6000000238418579f}, {0.0f, 0.0f, 0.0f, 0.0f}, {1.0f, 1.0f, 1.0f, 1.0f}, 0,
     {-0.25f, -2.0f, 1.5f, 0.5f, -1.25f, -2.25f, 3.75f, -1.25f, 1.25f, 3.75f, 2.5f, 1.0f, -3.25f, -3.0f, -3.25f, -2.75f, 2.0f, -3.0f, -2.5f, 3.75f, 0.75f, 3.75f, -3.5f, 0.0f},
     {-0.25f, 1.5f, -1.25f, -2.5f, 0.75f, -3.5f}},
    {"nearest align_corners round_prefer_ceil a=-0.75 excl=0 scales [1, 1, 2, 3]->[1, 1, 3, 7]", EDGEC_RESIZE_NEAREST, EDGEC_COORD_ALIGN_CORNERS, EDGEC_NEAREST_ROUND_PREFER_CEIL, -0.75f, 0, -7.5f, 4, {1, 1, 2, 3}, {1, 1, 3, 7}, {1.0f, 1.0f, 1.7000000476837158f, 2.5f}, {0.0f, 0.0f, 0.0f, 0.0f}, {1.0f, 1.0f, 1.0f, 1.0f}, 0,
     {-1.0f, -2.0f, -1.75f, -1.25f, -2.75f, -0.25f},
     {-1.0f, -1.0f, -2.0f, -2.0f, -2.0f, -1.75f, -1.75f, -1.0f, -1.0f, -2.0f, -2.0f, -2.0f, -1.75f, -1.75f, -1.25f, -1.25f, -2.75f, -2.75f, -2.75f, -0.25f, -0.25f}},
    {"nearest pytorch_half_pixel round_prefer_floor a=-0.75 excl=0 sizes [1, 1, 2, 3]->[1, 1, 4, 7]", EDGEC_RESIZE_NEAREST, EDGEC_COORD_PYTORCH_HALF_PIXEL, EDGEC_NEAREST_ROUND_PREFER_FLOOR, -0.75f, 0, -7.5f, 4, {1, 1, 2, 3}, {1, 1, 4, 7}, {1.0f, 1.0f, 2.0f, 2.3333332538604736f}, {0.0f, 0.0f, 0.0f, 0.0f}, {1.0f, 1.0f, 1.0f, 1.0f}, 1,
     {-1.0f, -2.0f, -1.75f, -1.25f, -2.75f, -0.25f},
     {-1.0f, -1.0f, -2.0f, -2.0f, -2.0f, -1.75f, -1.75f, -1.0f, -1.0f, -2.0f, -2.0f, -2.0f, -1.75f, -1.75f, -1.25f, -1.25f, -2.75f, -2.75f, -2.75f, -0.25f, -0.25f, -1.25f, -1.25f, -2.75f, -2.75f, -2.75f, -0.25f, -0.25f}},
    {"nearest pytorch_half_pixel round_prefer_ceil a=-0.75 excl=0 sizes [1, 1, 2, 3]->[1, 1, 4, 7]", EDGEC_RESIZE_NEAREST, EDGEC_COORD_PYTORCH_HALF_PIXEL, EDGEC_NEAREST_ROUND_PREFER_CEIL, -0.75f, 0, -7.5f, 4, {1, 1, 2, 3}, {1, 1, 4, 7}, {1.0f, 1.0f, 2.0f, 2.3333332538604736f}, {0.0f, 0.0f, 0.0f, 0.0f}, {1.0f, 1.0f, 1.0f, 1.0f}, 1,
     {-1.0f, -2.0f, -1.75f, -1.25f, -2.75f, -0.25f},
     {-1.0f, -1.0f, -2.0f, -2.0f, -2.0f, -1.75f, -1.75f, -1.0f, -1.0f, -2.0f, -2.0f, -2.0f, -1.75f, -1.75f, -1.25f, -1.25f, -2.75f, -2.75f, -2.75f, -0.25f, -0.25f, -1.25f, -1.25f, -2.75f, -2.75f, -2.75f, -0.25f, -0.25f}},
    {"nearest pytorch_half_pixel floor a=-0.75 excl=0 sizes [1, 1, 2, 3]->[1, 1, 4, 7]", EDGEC_RESIZE_NEAREST, EDGEC_COORD_PYTORCH_HALF_PIXEL, EDGEC_NEAREST_FLOOR, -0.75f, 0, -7.5f, 4, {1, 1, 2, 3}, {1, 1, 4, 7}, {1.0f, 1.0f, 2.0f, 2.3333332538604736f}, {0.0f, 0.0f, 0.0f, 0.0f}, {1.0f, 1.0f, 1.0f, 1.0f}, 1,
     {-1.0f, -2.0f, -1.75f, -1.25f, -2.75f, -0.25f},
     {-1.0f, -1.0f, -1.0f, -2.0f, -2.0f, -2.0f, -1.75f, -1.0f, -1.0f, -1.0f, -2.0f, -2.0f, -2.0f, -1.75f, -1.0f, -1.0f, -1.0f, -2.0f, -2.0f, -2.0f, -1.75f, -1.25f, -1.25f, -1.25f, -2.75f, -2.75f, -2.75f, -0.25f}},
    {"nearest pytorch_half_pixel ceil a=-0.75 excl=0 sizes [1, 1, 2, 3]->[1, 1, 4, 7]", EDGEC_RESIZE_NEAREST, EDGEC_COORD_PYTORCH_HALF_PIXEL, EDGEC_NEAREST_CEIL, -0.75f, 0, -7.5f, 4, {1, 1, 2, 3}, {1, 1, 4, 7}, {1.0f, 1.0f, 2.0f, 2.3333332538604736f}, {0.0f, 0.0f, 0.0f, 0.0f}, {1.0f, 1.0f, 1.0f, 1.0f}, 1,
     {-1.0f, -2.0f, -1.75f, -1.25f, -2.75f, -0.25f},
     {-1.0f, -2.0f, -2.0f, -2.0f, -1.75f, -1.75f, -1.75f, -1.25f, -2.75f, -2.75f, -2.75f, -0.25f, -0.25f, -0.25f, -1.25f, -2.75f, -2.75f, -2.75f, -0.25f, -0.25f, -0.25f, -1.25f, -2.75f, -2.75f, -2.75f, -0.25f, -0.25f, -0.25f}},
    {"nearest pytorch_half_pixel round_prefer_floor a=-0.75 excl=0 scales [1, 1, 4, 6]->[1, 1, 2, 3]", EDGEC_RESIZE_NEAREST, EDGEC_COORD_PYTORCH_HALF_PIXEL, EDGEC_NEAREST_ROUND_PREFER_FLOOR, -0.75f, 0, -7.5f, 4, {1, 1, 4, 6}, {1, 1, 2, 3}, {1.0f, 1.0f, 0.5f, 0.6000000238418579f}, {0.0f, 0.0f, 0.0f, 0.0f}, {1.0f, 1.0f, 1.0f, 1.0f}, 0,
     {-0.25f, -2.0f, 1.5f, 0.5f, -1.25f, -2.25f, 3.75f, -1.25f, 1.25f, 3.75f, 2.5f, 1.0f, -3.25f, -3.0f, -3.25f, -2.75f, 2.0f, -3.0f, -2.5f, 3.75f, 0.75f, 3.75f, -3.5f, 0.0f},
     {-0.25f, 1.5f, -1.25f, -3.25f, -3.25f, 2.0f}},
    {"nearest pytorch_half_pixel round_prefer_ceil a=-0.75 excl=0 scales [1, 1, 4, 6]->[1, 1, 2, 3]", EDGEC_RESIZE_NEAREST, EDGEC_COORD_PYTORCH_HALF_PIXEL, EDGEC_NEAREST_ROUND_PREFER_CEIL, -0.75f, 0, -7.5f, 4, {1, 1, 4, 6}, {1, 1, 2, 3}, {1.0f, 1.0f, 0.5f, 0.6000000238418579f}, {0.0f, 0.0f, 0.0f, 0.0f}, {1.0f, 1.0f, 1.0f, 1.0f}, 0,
     {-0.25f, -2.0f, 1.5f, 0.5f, -1.25f, -2.25f, 3.75f, -1.25f, 1.25f, 3.75f, 2.5f, 1.0f, -3.25f, -3.0f, -3.25f, -2.75f, 2.0f, -3.0f, -2.5f, 3.75f, 0.75f, 3.75f, -3.5f, 0.0f},
     {3.75f, 1.25f, 2.5f, -2.5f, 0.75f, -3.5f}},
    {"nearest pytorch_half_pixel round_prefer_ceil a=-0.75 excl=0 scales [1, 1, 2, 3]->[1, 1, 3, 7]", EDGEC_RESIZE_NEAREST, EDGEC_COORD_PYTORCH_HALF_PIXEL, EDGEC_NEAREST_ROUND_PREFER_CEIL, -0.75f, 0, -7.5f, 4, {1, 1, 2, 3}, {1, 1, 3, 7}, {1.0f, 1.0f, 1.7000000476837158f, 2.5f}, {0.0f, 0.0f, 0.0f, 0.0f}, {1.0f, 1.0f, 1.0f, 1.0f}, 0,
     {-1.0f, -2.0f, -1.75f, -1.25f, -2.75f, -0.25f},
     {-1.0f, -1.0f, -2.0f, -2.0f, -2.0f, -1.75f, -1.75f, -1.0f, -1.0f, -2.0f, -2.0f, -2.0f, -1.75f, -1.75f, -1.25f, -1.25f, -2.75f, -2.75f, -2.75f, -0.25f, -0.25f}},
    {"nearest tf_crop_and_resize round_prefer_floor a=-0.75 excl=0 sizes [1, 1, 2, 3]->[1, 1, 4, 7]", EDGEC_RESIZE_NEAREST, EDGEC_COORD_TF_CROP_AND_RESIZE, EDGEC_NEAREST_ROUND_PREFER_FLOOR, -0.75f, 0, -7.5f, 4, {1, 1, 2, 3}, {1, 1, 4, 7}, {1.0f, 1.0f, 2.0f, 2.3333332538604736f}, {0.0f, 0.0f, 0.20000000298023224f, 0.10000000149011612f}, {1.0f, 1.0f, 0.8999999761581421f, 1.2000000476837158f}, 1,
     {-1.0f, -2.0f, -1.75f, -1.25f, -2.75f, -0.25f},
     {-1.0f, -2.0f, -2.0f, -2.0f, -1.75f, -7.5f, -7.5f, -1.0f, -2.0f, -2.0f, -2.0f, -1.75f, -7.5f, -7.5f, -1.25f, -2.75f, -2.75f, -2.75f, -0.25f, -7.5f, -7.5f, -1.25f, -2.75f, -2.75f, -2.75f, -0.25f, -7.5f, -7.5f}},
    {"nearest tf_crop_and_resize round_prefer_ceil a=-0.75 excl=0 sizes [1, 1, 2, 3]->[1, 1, 4, 7]", EDGEC_RESIZE_NEAREST, EDGEC_COORD_TF_CROP_AND_RESIZE, EDGEC_NEAREST_ROUND_PREFER_CEIL, -0.75f, 0, -7.5f, 4, {1, 1, 2, 3}, {1, 1, 4, 7}, {1.0f, 1.0f, 2.0f, 2.3333332538604736f}, {0.0f, 0.0f, 0.20000000298023224f, 0.10000000149011612f}, {1.0f, 1.0f, 0.8999999761581421f, 1.2000000476837158f}, 1,
     {-1.0f, -2.0f, -1.75f, -1.25f, -2.75f, -0.25f},
     {-1.0f, -2.0f, -2.0f, -2.0f, -1.75f, -7.5f, -7.5f, -1.0f, -2.0f, -2.0f, -2.0f, -1.75f, -7.5f, -7.5f, -1.25f, -2.75f, -2.75f, -2.75f, -0.25f, -7.5f, -7.5f, -1.25f, -2.75f, -2.75f, -2.75f, -0.25f, -7.5f, -7.5f}},
    {"nearest tf_crop_and_resize floor a=-0.75 excl=0 sizes [1, 1, 2, 3]->[1, 1, 4, 7]", EDGEC_RESIZE_NEAREST, EDGEC_COORD_TF_CROP_AND_RESIZE, EDGEC_NEAREST_FLOOR, -0.75f, 0, -7.5f, 4, {1, 1, 2, 3}, {1, 1, 4, 7}, {1.0f, 1.0f, 2.0f, 2.3333332538604736f}, {0.0f, 0.0f, 0.20000000298023224f, 0.10000000149011612f}, {1.0f, 1.0f, 0.8999999761581421f, 1.2000000476837158f}, 1,
     {-1.0f, -2.0f, -1.75f, -1.25f, -2.75f, -0.25f},
     {-1.0f, -1.0f, -1.0f, -2.0f, -2.0f, -7.5f, -7.5f, -1.0f, -1.0f, -1.0f, -2.0f, -2.0f, -7.5f, -7.5f, -1.0f, -1.0f, -1.0f, -2.0f, -2.0f, -7.5f, -7.5f, -1.0f, -1.0f, -1.0f, -2.0f, -2.0f, -7.5f, -7.5f}},
    {"nearest tf_crop_and_resize ceil a=-0.75 excl=0 sizes [1, 1, 2, 3]->[1, 1, 4, 7]", EDGEC_RESIZE_NEAREST, EDGEC_COORD_TF_CROP_AND_RESIZE, EDGEC_NEAREST_CEIL, -0.75f, 0, -7.5f, 4, {1, 1, 2, 3}, {1, 1, 4, 7}, {1.0f, 1.0f, 2.0f, 2.3333332538604736f}, {0.0f, 0.0f, 0.20000000298023224f, 0.10000000149011612f}, {1.0f, 1.0f, 0.8999999761581421f, 1.2000000476837158f}, 1,
     {-1.0f, -2.0f, -1.75f, -1.25f, -2.75f, -0.25f},
     {-2.75f, -2.75f, -2.75f, -0.25f, -0.25f, -7.5f, -7.5f, -2.75f, -2.75f, -2.75f, -0.25f, -0.25f, -7.5f, -7.5f, -2.75f, -2.75f, -2.75f, -0.25f, -0.25f, -7.5f, -7.5f, -2.75f, -2.75f, -2.75f, -0.25f, -0.25f, -7.5f, -7.5f}},
    {"nearest tf_crop_and_resize round_prefer_floor a=-0.75 excl=0 scales [1, 1, 4, 6]->[1, 1, 2, 3]", EDGEC_RESIZE_NEAREST, EDGEC_COORD_TF_CROP_AND_RESIZE, EDGEC_NEAREST_ROUND_PREFER_FLOOR, -0.75f, 0, -7.5f, 4, {1, 1, 4, 6}, {1, 1, 2, 3}, {1.0f, 1.0f, 0.5f, 0.6000000238418579f}, {0.0f, 0.0f, 0.20000000298023224f, 0.10000000149011612f}, {1.0f, 1.0f, 0.8999999761581421f, 1.2000000476837158f}, 0,
     {-0.25f, -2.0f, 1.5f, 0.5f, -1.25f, -2.25f, 3.75f, -1.25f, 1.25f, 3.75f, 2.5f, 1.0f, -3.25f, -3.0f, -3.25f, -2.75f, 2.0f, -3.0f, -2.5f, 3.75f, 0.75f, 3.75f, -3.5f, 0.0f},
     {3.75f, 3.75f, 1.0f, -2.5f, 3.75f, 0.0f}},
    {"nearest tf_crop_and_resize round_prefer_ceil a=-0.75 excl=0 scales [1, 1, 4, 6]->[1, 1, 2, 3]", EDGEC_RESIZE_NEAREST, EDGEC_COORD_TF_CROP_AND_RESIZE, EDGEC_NEAREST_ROUND_PREFER_CEIL, -0.75f, 0, -7.5f, 4, {1, 1, 4, 6}, {1, 1, 2, 3}, {1.0f, 1.0f, 0.5f, 0.6000000238418579f}, {0.0f, 0.0f, 0.20000000298023224f, 0.10000000149011612f}, {1.0f, 1.0f, 0.8999999761581421f, 1.2000000476837158f}, 0,
     {-0.25f, -2.0f, 1.5f, 0.5f, -1.25f, -2.25f, 3.75f, -1.25f, 1.25f, 3.75f, 2.5f, 1.0f, -3.25f, -3.0f, -3.25f, -2.75f, 2.0f, -3.0f, -2.5f, 3.75f, 0.75f, 3.75f, -3.5f, 0.0f},
     {-1.25f, 3.75f, 1.0f, 3.75f, 3.75f, 0.0f}},
    {"nearest tf_crop_and_resize round_prefer_ceil a=-0.75 excl=0 scales [1, 1, 2, 3]->[1, 1, 3, 7]", EDGEC_RESIZE_NEAREST, EDGEC_COORD_TF_CROP_AND_RESIZE, EDGEC_NEAREST_ROUND_PREFER_CEIL, -0.75f, 0, -7.5f, 4, {1, 1, 2, 3}, {1, 1, 3, 7}, {1.0f, 1.0f, 1.7000000476837158f, 2.5f}, {0.0f, 0.0f, 0.20000000298023224f, 0.10000000149011612f}, {1.0f, 1.0f, 0.8999999761581421f, 1.2000000476837158f}, 0,
     {-1.0f, -2.0f, -1.75f, -1.25f, -2.75f, -0.25f},
     {-1.0f, -2.0f, -2.0f, -2.0f, -1.75f, -1.75f, -7.5f, -1.0f, -2.0f, -2.0f, -2.0f, -1.75f, -1.75f, -7.5f, -1.25f, -2.75f, -2.75f, -2.75f, -0.25f, -0.25f, -7.5f}},
    {"nearest half_pixel_symmetric round_prefer_floor a=-0.75 excl=0 sizes [1, 1, 2, 3]->[1, 1, 4, 7]", EDGEC_RESIZE_NEAREST, EDGEC_COORD_HALF_PIXEL_SYMMETRIC, EDGEC_NEAREST_ROUND_PREFER_FLOOR, -0.75f, 0, -7.5f, 4, {1, 1, 2, 3}, {1, 1, 4, 7}, {1.0f, 1.0f, 2.0f, 2.3333332538604736f}, {0.0f, 0.0f, 0.0f, 0.0f}, {1.0f, 1.0f, 1.0f, 1.0f}, 1,
     {-1.0f, -2.0f, -1.75f, -1.25f, -2.75f, -0.25f},
     {-1.0f, -1.0f, -2.0f, -2.0f, -2.0f, -1.75f, -1.75f, -1.0f, -1.0f, -2.0f, -2.0f, -2.0f, -1.75f, -1.75f, -1.25f, -1.25f, -2.75f, -2.75f, -2.75f, -0.25f, -0.25f, -1.25f, -1.25f, -2.75f, -2.75f, -2.75f, -0.25f, -0.25f}},
    {"nearest half_pixel_symmetric round_prefer_ceil a=-0.75 excl=0 sizes [1, 1, 2, 3]->[1, 1, 4, 7]", EDGEC_RESIZE_NEAREST, EDGEC_COORD_HALF_PIXEL_SYMMETRIC, EDGEC_NEAREST_ROUND_PREFER_CEIL, -0.75f, 0, -7.5f, 4, {1, 1, 2, 3}, {1, 1, 4, 7}, {1.0f, 1.0f, 2.0f, 2.3333332538604736f}, {0.0f, 0.0f, 0.0f, 0.0f}, {1.0f, 1.0f, 1.0f, 1.0f}, 1,
     {-1.0f, -2.0f, -1.75f, -1.25f, -2.75f, -0.25f},
     {-1.0f, -1.0f, -2.0f, -2.0f, -2.0f, -1.75f, -1.75f, -1.0f, -1.0f, -2.0f, -2.0f, -2.0f, -1.75f, -1.75f, -1.25f, -1.25f, -2.75f, -2.75f, -2.75f, -0.25f, -0.25f, -1.25f, -1.25f, -2.75f, -2.75f, -2.75f, -0.25f, -0.25f}},
    {"nearest half_pixel_symmetric floor a=-0.75 excl=0 sizes [1, 1, 2, 3]->[1, 1, 4, 7]", EDGEC_RESIZE_NEAREST, EDGEC_COORD_HALF_PIXEL_SYMMETRIC, EDGEC_NEAREST_FLOOR, -0.75f, 0, -7.5f, 4, {1, 1, 2, 3}, {1, 1, 4, 7}, {1.0f, 1.0f, 2.0f, 2.3333332538604736f}, {0.0f, 0.0f, 0.0f, 0.0f}, {1.0f, 1.0f, 1.0f, 1.0f}, 1,
     {-1.0f, -2.0f, -1.75f, -1.25f, -2.75f, -0.25f},
     {-1.0f, -1.0f, -1.0f, -2.0f, -2.0f, -2.0f, -1.75f, -1.0f, -1.0f, -1.0f, -2.0f, -2.0f, -2.0f, -1.75f, -1.0f, -1.0f, -1.0f, -2.0f, -2.0f, -2.0f, -1.75f, -1.25f, -1.25f, -1.25f, -2.75f, -2.75f, -2.75f, -0.25f}},
    {"nearest half_pixel_symmetric ceil a=-0.75 excl=0 sizes [1, 1, 2, 3]->[1, 1, 4, 7]", EDGEC_RESIZE_NEAREST, EDGEC_COORD_HALF_PIXEL_SYMMETRIC, EDGEC_NEAREST_CEIL, -0.75f, 0, -7.5f, 4, {1, 1, 2, 3}, {1, 1, 4, 7}, {1.0f, 1.0f, 2.0f, 2.3333332538604736f}, {0.0f, 0.0f, 0.0f, 0.0f}, {1.0f, 1.0f, 1.0f, 1.0f}, 1,
     {-1.0f, -2.0f, -1.75f, -1.25f, -2.75f, -0.25f},
     {-1.0f, -2.0f, -2.0f, -2.0f, -1.75f, -1.75f, -1.75f, -1.25f, -2.75f, -2.75f, -2.75f, -0.25f, -0.25f, -0.25f, -1.25f, -2.75f, -2.75f, -2.75f, -0.25f, -0.25f, -0.25f, -1.25f, -2.75f, -2.75f, -2.75f, -0.25f, -0.25f, -0.25f}},
    {"nearest half_pixel_symmetric round_prefer_floor a=-0.75 excl=0 scales [1, 1, 4, 6]->[1, 1, 2, 3]", EDGEC_RESIZE_NEAREST, EDGEC_COORD_HALF_PIXEL_SYMMETRIC, EDGEC_NEAREST_ROUND_PREFER_FLOOR, -0.75f, 0, -7.5f, 4, {1, 1, 4, 6}, {1, 1, 2, 3}, {1.0f, 1.0f, 0.5f, 0.6000000238418579f}, {0.0f, 0.0f, 0.0f, 0.0f}, {1.0f, 1.0f, 1.0f, 1.0f}, 0,
     {-0.25f, -2.0f, 1.5f, 0.5f, -1.25f, -2.25f, 3.75f, -1.25f, 1.25f, 3.75f, 2.5f, 1.0f, -3.25f, -3.0f, -3.25f, -2.75f, 2.0f, -3.0f, -2.5f, 3.75f, 0.75f, 3.75f, -3.5f, 0.0f},
     {-2.0f, 1.5f, -1.25f, -3.0f, -3.25f, 2.0f}},
    {"nearest half_pixel_symmetric round_prefer_ceil a=-0.75 excl=0 scales [1, 1, 4, 6]->[1, 1, 2, 3]", EDGEC_RESIZE_NEAREST, EDGEC_COORD_HALF_PIXEL_SYMMETRIC, EDGEC_NEAREST_ROUND_PREFER_CEIL, -0.75f, 0, -7.5f, 4, {1, 1, 4, 6}, {1, 1, 2, 3}, {1.0f, 1.0f, 0.5f, 0.6000000238418579f}, {0.0f, 0.0f, 0.0f, 0.0f}, {1.0f, 1.0f, 1.0f, 1.0f}, 0,
     {-0.25f, -2.0f, 1.5f, 0.5f, -1.25f, -2.25f, 3.75f, -1.25f, 1.25f, 3.75f, 2.5f, 1.0f, -3.25f, -3.0f, -3.25f, -2.75f, 2.0f, -3.0f, -2.5f, 3.75f, 0.75f, 3.75f, -3.5f, 0.0f},
     {-1.25f, 3.75f, 2.5f, 3.75f, 3.75f, -3.5f}},
    {"nearest half_pixel_symmetric round_prefer_ceil a=-0.75 excl=0 scales [1, 1, 2, 3]->[1, 1, 3, 7]", EDGEC_RESIZE_NEAREST, EDGEC_COORD_HALF_PIXEL_SYMMETRIC, EDGEC_NEAREST_ROUND_PREFER_CEIL, -0.75f, 0, -7.5f, 4, {1, 1, 2, 3}, {1, 1, 3, 7}, {1.0f, 1.0f, 1.7000000476837158f, 2.5f}, {0.0f, 0.0f, 0.0f, 0.0f}, {1.0f, 1.0f, 1.0f, 1.0f}, 0,
     {-1.0f, -2.0f, -1.75f, -1.25f, -2.75f, -0.25f},
     {-1.0f, -1.0f, -2.0f, -2.0f, -2.0f, -1.75f, -1.75f, -1.25f, -1.25f, -2.75f, -2.75f, -2.75f, -0.25f, -0.25f, -1.25f, -1.25f, -2.75f, -2.75f, -2.75f, -0.25f, -0.25f}},
    {"linear half_pixel  a=-0.75 excl=0 sizes [1, 1, 2, 3]->[1, 1, 4, 7]", EDGEC_RESIZE_LINEAR, EDGEC_COORD_HALF_PIXEL, EDGEC_NEAREST_ROUND_PREFER_FLOOR, -0.75f, 0, -7.5f, 4, {1, 1, 2, 3}, {1, 1, 4, 7}, {1.0f, 1.0f, 2.0f, 2.3333332538604736f}, {0.0f, 0.0f, 0.0f, 0.0f}, {1.0f, 1.0f, 1.0f, 1.0f}, 1,
     {-1.0f, -2.0f, -1.75f, -1.25f, -2.75f, -0.25f},
     {-1.0f, -1.1428571939468384f, -1.5714285373687744f, -2.0f, -1.8928571939468384f, -1.7857142686843872f, -1.75f, -1.0625f, -1.2232142686843872f, -1.7053571939468384f, -2.1875f, -1.8392857313156128f, -1.4910714626312256f, -1.375f, -1.1875f, -1.3839285373687744f, -1.9732142686843872f, -2.5625f, -1.7321428060531616f, -0.9017857313156128f, -0.625f, -1.25f, -1.4642857313156128f, -2.107142925262451f, -2.75f, -1.6785714626312256f, -0.6071428656578064f, -0.25f}},
    {"linear half_pixel  a=-0.75 excl=0 scales [1, 1, 4, 6]->[1, 1, 2, 3]", EDGEC_RESIZE_LINEAR, EDGEC_COORD_HALF_PIXEL, EDGEC_NEAREST_ROUND_PREFER_FLOOR, -0.75f, 0, -7.5f, 4, {1, 1, 4, 6}, {1, 1, 2, 3}, {1.0f, 1.0f, 0.5f, 0.6000000238418579f}, {0.0f, 0.0f, 0.0f, 0.0f}, {1.0f, 1.0f, 1.0f, 1.0f}, 0,
     {-0.25f, -2.0f, 1.5f, 0.5f, -1.25f, -2.25f, 3.75f, -1.25f, 1.25f, 3.75f, 2.5f, 1.0f, -3.25f, -3.0f, -3.25f, -2.75f, 2.0f, -3.0f, -2.5f, 3.75f, 0.75f, 3.75f, -3.5f, 0.0f},
     {0.6250001192092896f, 1.374999761581421f, 1.125000238418579f, -1.7916667461395264f, -1.2499998807907104f, -0.3333331346511841f}},
    {"linear asymmetric  a=-0.75 excl=0 sizes [1, 1, 2, 3]->[1, 1, 4, 7]", EDGEC_RESIZE_LINEAR, EDGEC_COORD_ASYMMETRIC, EDGEC_NEAREST_ROUND_PREFER_FLOOR, -0.75f, 0, -7.5f, 4, {1, 1, 2, 3}, {1, 1, 4, 7}, {1.0f, 1.0f, 2.0f, 2.3333332538604736f}, {0.0f, 0.0f, 0.0f, 0.0f}, {1.0f, 1.0f, 1.0f, 1.0f}, 1,
     {-1.0f, -2.0f, -1.75f, -1.25f, -2.75f, -0.25f},
     {-1.0f, -1.4285714626312256f, -1.8571428060531616f, -1.9285714626312256f, -1.8214285373687744f, -1.75f, -1.75f, -1.125f, -1.6607142686843872f, -2.1964285373687744f, -1.9821428060531616f, -1.3928571939468384f, -1.0f, -1.0f, -1.25f, -1.8928571939468384f, -2.5357143878936768f, -2.0357143878936768f, -0.9642857313156128f, -0.25f, -0.25f, -1.25f, -1.8928571939468384f, -2.5357143878936768f, -2.0357143878936768f, -0.9642857313156128f, -0.25f, -0.25f}},
    {"linear asymmetric  a=-0.75 excl=0 scales [1, 1, 4, 6]->[1, 1, 2, 3]", EDGEC_RESIZE_LINEAR, EDGEC_COORD_ASYMMETRIC, EDGEC_NEAREST_ROUND_PREFER_FLOOR, -0.75f, 0, -7.5f, 4, {1, 1, 4, 6}, {1, 1, 2, 3}, {1.0f, 1.0f, 0.5f, 0.6000000238418579f}, {0.0f, 0.0f, 0.0f, 0.0f}, {1.0f, 1.0f, 1.0f, 1.0f}, 0,
     {-0.25f, -2.0f, 1.5f, 0.5f, -1.25f, -2.25f, 3.75f, -1.25f, 1.25f, 3.75f, 2.5f, 1.0f, -3.25f, -3.0f, -3.25f, -2.75f, 2.0f, -3.0f, -2.5f, 3.75f, 0.75f, 3.75f, -3.5f, 0.0f},
     {-0.25f, 0.3333331048488617f, -0.0833331048488617f, -3.25f, -3.1666667461395264f, -1.1666673421859741f}},
    {"linear align_corners  a=-0.75 excl=0 sizes [1, 1, 2, 3]->[1, 1, 4, 7]", EDGEC_RESIZE_LINEAR, EDGEC_COORD_ALIGN_CORNERS, EDGEC_NEAREST_ROUND_PREFER_FLOOR, -0.75f, 0, -7.5f, 4, {1, 1, 2, 3}, {1, 1, 4, 7}, {1.0f, 1.0f, 2.0f, 2.3333332538604736f}, {0.0f, 0.0f, 0.0f, 0.0f}, {1.0f, 1.0f, 1.0f, 1.0f}, 1,
     {-1.0f, -2.0f, -1.75f, -1.25f, -2.75f, -0.25f},
     {-1.0f, -1.3333333730697632f, -1.6666666269302368f, -2.0f, -1.9166666269302368f, -1.8333333730697632f, -1.75f, -1.0833333730697632f, -1.4722222089767456f, -1.8611111640930176f, -2.25f, -1.9166666269302368f, -1.5833333730697632f, -1.25f, -1.1666666269302368f, -1.6111111640930176f, -2.055555582046509f, -2.5f, -1.9166666269302368f, -1.3333333730697632f, -0.75f, -1.25f, -1.75f, -2.25f, -2.75f, -1.9166666269302368f, -1.0833333730697632f, -0.25f}},
    {"linear align_corners  a=-0.75 excl=0 scales [1, 1, 4, 6]->[1, 1, 2, 3]", EDGEC_RESIZE_LINEAR, EDGEC_COORD_ALIGN_CORNERS, EDGEC_NEAREST_ROUND_PREFER_FLOOR, -0.75f, 0, -7.5f, 4, {1, 1, 4, 6}, {1, 1, 2, 3}, {1.0f, 1.0f, 0.5f, 0.6000000238418579f}, {0.0f, 0.0f, 0.0f, 0.0f}, {1.0f, 1.0f, 1.0f, 1.0f}, 0,
     {-0.25f, -2.0f, 1.5f, 0.5f, -1.25f, -2.25f, 3.75f, -1.25f, 1.25f, 3.75f, 2.5f, 1.0f, -3.25f, -3.0f, -3.25f, -2.75f, 2.0f, -3.0f, -2.5f, 3.75f, 0.75f, 3.75f, -3.5f, 0.0f},
     {-0.25f, 1.2307689189910889f, -0.9807688593864441f, -2.5f, 0.9807695746421814f, -2.3846137523651123f}},
    {"linear pytorch_half_pixel  a=-0.75 excl=0 sizes [1, 1, 2, 3]->[1, 1, 4, 7]", EDGEC_RESIZE_LINEAR, EDGEC_COORD_PYTORCH_HALF_PIXEL, EDGEC_NEAREST_ROUND_PREFER_FLOOR, -0.75f, 0, -7.5f, 4, {1, 1, 2, 3}, {1, 1, 4, 7}, {1.0f, 1.0f, 2.0f, 2.3333332538604736f}, {0.0f, 0.0f, 0.0f, 0.0f}, {1.0f, 1.0f, 1.0f, 1.0f}, 1,
     {-1.0f, -2.0f, -1.75f, -1.25f, -2.75f, -0.25f},
     {-1.0f, -1.1428571939468384f, -1.5714285373687744f, -2.0f, -1.8928571939468384f, -1.7857142686843872f, -1.75f, -1.0625f, -1.2232142686843872f, -1.7053571939468384f, -2.1875f, -1.8392857313156128f, -1.4910714626312256f, -1.375f, -1.1875f, -1.3839285373687744f, -1.9732142686843872f, -2.5625f, -1.7321428060531616f, -0.9017857313156128f, -0.625f, -1.25f, -1.4642857313156128f, -2.107142925262451f, -2.75f, -1.6785714626312256f, -0.6071428656578064f, -0.25f}},
    {"linear pytorch_half_pixel  a=-0.75 excl=0 scales [1, 1, 4, 6]->[1, 1, 2, 3]", EDGEC_RESIZE_LINEAR, EDGEC_COORD_PYTORCH_HALF_PIXEL, EDGEC_NEAREST_ROUND_PREFER_FLOOR, -0.75f, 0, -7.5f, 4, {1, 1, 4, 6}, {1, 1, 2, 3}, {1.0f, 1.0f, 0.5f, 0.6000000238418579f}, {0.0f, 0.0f, 0.0f, 0.0f}, {1.0f, 1.0f, 1.0f, 1.0f}, 0,
     {-0.25f, -2.0f, 1.5f, 0.5f, -1.25f, -2.25f, 3.75f, -1.25f, 1.25f, 3.75f, 2.5f, 1.0f, -3.25f, -3.0f, -3.25f, -2.75f, 2.0f, -3.0f, -2.5f, 3.75f, 0.75f, 3.75f, -3.5f, 0.0f},
     {0.6250001192092896f, 1.374999761581421f, 1.125000238418579f, -1.7916667461395264f, -1.2499998807907104f, -0.3333331346511841f}},
    {"linear tf_crop_and_resize  a=-0.75 excl=0 sizes [1, 1, 2, 3]->[1, 1, 4, 7]", EDGEC_RESIZE_LINEAR, EDGEC_COORD_TF_CROP_AND_RESIZE, EDGEC_NEAREST_ROUND_PREFER_FLOOR, -0.75f, 0, -7.5f, 4, {1, 1, 2, 3}, {1, 1, 4, 7}, {1.0f, 1.0f, 2.0f, 2.3333332538604736f}, {0.0f, 0.0f, 0.20000000298023224f, 0.10000000149011612f}, {1.0f, 1.0f, 0.8999999761581421f, 1.2000000476837158f}, 1,
     {-1.0f, -2.0f, -1.75f, -1.25f, -2.75f, -0.25f},
     {-1.2699999809265137f, -1.6733334064483643f, -2.0766665935516357f, -1.9399999380111694f, -1.6833332777023315f, -7.5f, -7.5f, -1.3516666889190674f, -1.797777771949768f, -2.2438888549804688f, -1.9574999809265137f, -1.5083333253860474f, -7.5f, -7.5f, -1.4333332777023315f, -1.9222222566604614f, -2.4111111164093018f, -1.9749999046325684f, -1.3333332538604736f, -7.5f, -7.5f, -1.5149999856948853f, -2.0466666221618652f, -2.5783333778381348f, -1.9924999475479126f, -1.1583333015441895f, -7.5f, -7.5f}},
    {"linear tf_crop_and_resize  a=-0.75 excl=0 scales [1, 1, 4, 6]->[1, 1, 2, 3]", EDGEC_RESIZE_LINEAR, EDGEC_COORD_TF_CROP_AND_RESIZE, EDGEC_NEAREST_ROUND_PREFER_FLOOR, -0.75f, 0, -7.5f, 4, {1, 1, 4, 6}, {1, 1, 2, 3}, {1.0f, 1.0f, 0.5f, 0.6000000238418579f}, {0.0f, 0.0f, 0.20000000298023224f, 0.10000000149011612f}, {1.0f, 1.0f, 0.8999999761581421f, 1.2000000476837158f}, 0,
     {-0.25f, -2.0f, 1.5f, 0.5f, -1.25f, -2.25f, 3.75f, -1.25f, 1.25f, 3.75f, 2.5f, 1.0f, -3.25f, -3.0f, -3.25f, -2.75f, 2.0f, -3.0f, -2.5f, 3.75f, 0.75f, 3.75f, -3.5f, 0.0f},
     {0.30000007152557373f, 2.0269229412078857f, 0.05000026524066925f, -0.5000000596046448f, 0.9346151351928711f, -1.1557693481445312f}},
    {"linear half_pixel_symmetric  a=-0.75 excl=0 sizes [1, 1, 2, 3]->[1, 1, 4, 7]", EDGEC_RESIZE_LINEAR, EDGEC_COORD_HALF_PIXEL_SYMMETRIC, EDGEC_NEAREST_ROUND_PREFER_FLOOR, -0.75f, 0, -7.5f, 4, {1, 1, 2, 3}, {1, 1, 4, 7}, {1.0f, 1.0f, 2.0f, 2.3333332538604736f}, {0.0f, 0.0f, 0.0f, 0.0f}, {1.0f, 1.0f, 1.0f, 1.0f}, 1,
     {-1.0f, -2.0f, -1.75f, -1.25f, -2.75f, -0.25f},
     {-1.0f, -1.1428571939468384f, -1.5714285373687744f, -2.0f, -1.8928571939468384f, -1.7857142686843872f, -1.75f, -1.0625f, -1.2232142686843872f, -1.7053571939468384f, -2.1875f, -1.8392857313156128f, -1.4910714626312256f, -1.375f, -1.1875f, -1.3839285373687744f, -1.9732142686843872f, -2.5625f, -1.7321428060531616f, -0.9017857313156128f, -0.625f, -1.25f, -1.4642857313156128f, -2.107142925262451f, -2.75f, -1.6785714626312256f, -0.6071428656578064f, -0.25f}},
    {"linear half_pixel_symmetric  a=-0.75 excl=0 scales [1, 1, 4, 6]->[1, 1, 2, 3]", EDGEC_RESIZE_LINEAR, EDGEC_COORD_HALF_PIXEL_SYMMETRIC, EDGEC_NEAREST_ROUND_PREFER_FLOOR, -0.75f, 0, -7.5f, 4, {1, 1, 4, 6}, {1, 1, 2, 3}, {1.0f, 1.0f, 0.5f, 0.6000000238418579f}, {0.0f, 0.0f, 0.0f, 0.0f}, {1.0f, 1.0f, 1.0f, 1.0f}, 0,
     {-0.25f, -2.0f, 1.5f, 0.5f, -1.25f, -2.25f, 3.75f, -1.25f, 1.25f, 3.75f, 2.5f, 1.0f, -3.25f, -3.0f, -3.25f, -2.75f, 2.0f, -3.0f, -2.5f, 3.75f, 0.75f, 3.75f, -3.5f, 0.0f},
     {-1.062500238418579f, 1.75f, 0.41666674613952637f, -0.1666664481163025f, -0.375f, -0.8749999403953552f}},
    {"linear pytorch_half_pixel  a=-0.75 excl=0 sizes [1, 1, 4, 6]->[1, 1, 1, 3]", EDGEC_RESIZE_LINEAR, EDGEC_COORD_PYTORCH_HALF_PIXEL, EDGEC_NEAREST_ROUND_PREFER_FLOOR, -0.75f, 0, 0.0f, 4, {1, 1, 4, 6}, {1, 1, 1, 3}, {1.0f, 1.0f, 0.25f, 0.5f}, {0.0f, 0.0f, 0.0f, 0.0f}, {1.0f, 1.0f, 1.0f, 1.0f}, 1,
     {-0.25f, -2.0f, 1.5f, 0.5f, -1.25f, -2.25f, 3.75f, -1.25f, 1.25f, 3.75f, 2.5f, 1.0f, -3.25f, -3.0f, -3.25f, -2.75f, 2.0f, -3.0f, -2.5f, 3.75f, 0.75f, 3.75f, -3.5f, 0.0f},
     {-1.125f, 1.0f, -1.75f}},
    {"linear align_corners  a=-0.75 excl=0 sizes [1, 1, 4, 6]->[1, 1, 1, 3]", EDGEC_RESIZE_LINEAR, EDGEC_COORD_ALIGN_CORNERS, EDGEC_NEAREST_ROUND_PREFER_FLOOR, -0.75f, 0, 0.0f, 4, {1, 1, 4, 6}, {1, 1, 1, 3}, {1.0f, 1.0f, 0.25f, 0.5f}, {0.0f, 0.0f, 0.0f, 0.0f}, {1.0f, 1.0f, 1.0f, 1.0f}, 1,
     {-0.25f, -2.0f, 1.5f, 0.5f, -1.25f, -2.25f, 3.75f, -1.25f, 1.25f, 3.75f, 2.5f, 1.0f, -3.25f, -3.0f, -3.25f, -2.75f, 2.0f, -3.0f, -2.5f, 3.75f, 0.75f, 3.75f, -3.5f, 0.0f},
     {-0.25f, 1.0f, -2.25f}},
    {"linear half_pixel  a=-0.75 excl=0 scales [1, 1, 2, 3]->[1, 1, 5, 4]", EDGEC_RESIZE_LINEAR, EDGEC_COORD_HALF_PIXEL, EDGEC_NEAREST_ROUND_PREFER_FLOOR, -0.75f, 0, 0.0f, 4, {1, 1, 2, 3}, {1, 1, 5, 4}, {1.0f, 1.0f, 2.5f, 1.5f}, {0.0f, 0.0f, 0.0f, 0.0f}, {1.0f, 1.0f, 1.0f, 1.0f}, 0,
     {-1.0f, -2.0f, -1.75f, -1.25f, -2.75f, -0.25f},
     {-1.0f, -1.5f, -1.9583333730697632f, -1.7916666269302368f, -1.024999976158142f, -1.5499999523162842f, -1.9958332777023315f, -1.6791666746139526f, -1.125f, -1.75f, -2.1458332538604736f, -1.2291666269302368f, -1.225000023841858f, -1.9500000476837158f, -2.2958333492279053f, -0.7791666388511658f, -1.25f, -2.0f, -2.3333332538604736f, -0.6666666865348816f}},
    {"linear half_pixel  a=-0.75 excl=0 scales [3, 2, 4]->[6, 2, 3]", EDGEC_RESIZE_LINEAR, EDGEC_COORD_HALF_PIXEL, EDGEC_NEAREST_ROUND_PREFER_FLOOR, -0.75f, 0, 0.0f, 3, {3, 2, 4}, {6, 2, 3}, {2.0f, 1.0f, 0.75f}, {0.0f, 0.0f, 0.0f}, {1.0f, 1.0f, 1.0f}, 0,
     {-2.75f, -3.75f, 1.75f, -2.0f, -1.75f, 3.5f, -3.25f, -4.0f, 1.25f, 1.25f, -1.75f, -3.5f, 3.5f, -2.0f, -3.5f, 1.75f, 4.0f, 4.0f, 3.0f, -3.25f, -0.25f, 3.75f, 0.25f, 0.25f},
     {-2.9166667461395264f, -1.0f, -1.375f, -0.875f, 0.125f, -3.875f, -1.875f, -0.8125f, -1.8333333730697632f, -0.010416666977107525f, -0.59375f, -2.6875f, 0.2083333283662796f, -0.4375f, -2.75f, 1.71875f, -2.03125f, -0.3125f, 1.9375f, 0.6875f, -2.9583332538604736f, 2.0416667461395264f, -1.5625f, 0.71875f, 3.3125f, 2.5625f, -2.4583332538604736f, 0.9583333134651184f, 0.8125f, 0.40625f, 4.0f, 3.5f, -2.2083332538604736f, 0.4166666567325592f, 2.0f, 0.25f}},
    {"cubic half_pixel  a=-0.75 excl=0 sizes [1, 1, 4, 4]->[1, 1, 7, 9]", EDGEC_RESIZE_CUBIC, EDGEC_COORD_HALF_PIXEL, EDGEC_NEAREST_ROUND_PREFER_FLOOR, -0.75f, 0, 0.0f, 4, {1, 1, 4, 4}, {1, 1, 7, 9}, {1.0f, 1.0f, 1.75f, 2.25f}, {0.0f, 0.0f, 0.0f, 0.0f}, {1.0f, 1.0f, 1.0f, 1.0f}, 1,
     {2.0f, -3.25f, -2.0f, -4.0f, 1.25f, 0.75f, -1.5f, -1.5f, 1.25f, 4.0f, 1.0f, 3.25f, -0.5f, 2.5f, 0.25f, 2.5f},
     {2.6961305141448975f, 1.2255728244781494f, -1.6714435815811157f, -3.7845818996429443f, -3.1785037517547607f, -2.050522804260254f, -2.701547384262085f, -3.9047951698303223f, -4.486939907073975f, 2.160784959793091f, 1.192777395248413f, -0.658791184425354f, -2.2215590476989746f, -2.2577385902404785f, -1.942147135734558f, -2.5194272994995117f, -3.2293691635131836f, -3.598572254180908f, 1.3930922746658325f, 1.1955868005752563f, 0.9368526935577393f, 0.24877412617206573f, -0.7024929523468018f, -1.5495326519012451f, -1.9456175565719604f, -1.8660951852798462f, -1.8861788511276245f, 1.175654649734497f, 1.6182454824447632f, 2.6388134956359863f, 2.812530040740967f, 1.40087890625f, -0.045494548976421356f, 0.03094758652150631f, 0.9388291835784912f, 1.322313904762268f, 0.8331683874130249f, 1.620086431503296f, 3.295264482498169f, 4.036145210266113f, 2.6209797859191895f, 1.1227779388427734f, 1.631032109260559f, 3.036726236343384f, 3.682295083999634f, -0.24216429889202118f, 0.5876156091690063f, 2.3187825679779053f, 3.209512710571289f, 2.003234386444092f, 0.6893541216850281f, 1.278637409210205f, 2.6605968475341797f, 3.307210922241211f, -1.0023273229599f, -0.20174279808998108f, 1.4517748355865479f, 2.363176107406616f, 1.3360193967819214f, 0.19407688081264496f, 0.7839052081108093f, 2.0649003982543945f, 2.6700899600982666f}},
    {"cubic asymmetric  a=-0.75 excl=0 sizes [1, 1, 4, 4]->[1, 1, 7, 9]", EDGEC_RESIZE_CUBIC, EDGEC_COORD_ASYMMETRIC, EDGEC_NEAREST_ROUND_PREFER_FLOOR, -0.75f, 0, 0.0f, 4, {1, 1, 4, 4}, {1, 1, 7, 9}, {1.0f, 1.0f, 1.75f, 2.25f}, {0.0f, 0.0f, 0.0f, 0.0f}, {1.0f, 1.0f, 1.0f, 1.0f}, 1,
     {2.0f, -3.25f, -2.0f, -4.0f, 1.25f, 0.75f, -1.5f, -1.5f, 1.25f, 4.0f, 1.0f, 3.25f, -0.5f, 2.5f, 0.25f, 2.5f},
     {2.0f, -0.4002057611942291f, -2.8497941493988037f, -3.3287036418914795f, -2.197359323501587f, -2.270404577255249f, -3.3009259700775146f, -4.131687164306641f, -4.164608955383301f, 1.5648688077926636f, 0.3819611966609955f, -0.9636118412017822f, -1.7466391324996948f, -1.8063849210739136f, -2.256312370300293f, -2.7484207153320312f, -3.1189396381378174f, -3.136648416519165f, 1.213921308517456f, 1.5455169677734375f, 1.6264317035675049f, 0.6564828157424927f, -0.6635075211524963f, -1.327927589416504f, -0.9998177886009216f, -0.6903682351112366f, -0.6832955479621887f, 1.4085277318954468f, 2.565566062927246f, 3.490880250930786f, 2.65871000289917f, 0.9301573634147644f, 0.48367631435394287f, 1.470339298248291f, 2.3028650283813477f, 2.3315696716308594f, 0.7882652878761292f, 2.41334867477417f, 3.8579862117767334f, 3.2652859687805176f, 1.4868167638778687f, 1.2793997526168823f, 2.625425100326538f, 3.7357735633850098f, 3.776859998703003f, -0.28826531767845154f, 1.2233774662017822f, 2.6020374298095703f, 2.19219708442688f, 0.6964158415794373f, 0.5883881449699402f, 1.8048468828201294f, 2.8031530380249023f, 2.8406760692596436f, -0.6836734414100647f, 0.819271981716156f, 2.2073988914489746f, 1.8702623844146729f, 0.4619911313056946f, 0.398355096578598f, 1.592322587966919f, 2.5694308280944824f, 2.6064679622650146f}},
    {"cubic align_corners  a=-0.75 excl=0 sizes [1, 1, 4, 4]->[1, 1, 7, 9]", EDGEC_RESIZE_CUBIC, EDGEC_COORD_ALIGN_CORNERS, EDGEC_NEAREST_ROUND_PREFER_FLOOR, -0.75f, 0, 0.0f, 4, {1, 1, 4, 4}, {1, 1, 7, 9}, {1.0f, 1.0f, 1.75f, 2.25f}, {0.0f, 0.0f, 0.0f, 0.0f}, {1.0f, 1.0f, 1.0f, 1.0f}, 1,
     {2.0f, -3.25f, -2.0f, -4.0f, 1.25f, 0.75f, -1.5f, -1.5f, 1.25f, 4.0f, 1.0f, 3.25f, -0.5f, 2.5f, 0.25f, 2.5f},
     {2.0f, 0.0257568359375f, -2.1923828125f, -3.4757080078125f, -2.9296875f, -2.0408935546875f, -2.3212890625f, -3.1968994140625f, -4.0f, 1.625f, 0.5075187683105469f, -0.788970947265625f, -1.815399169921875f, -1.9541015625f, -1.885162353515625f, -2.304046630859375f, -2.787273406982422f, -3.1953125f, 1.25f, 1.2181396484375f, 1.1005859375f, 0.47900390625f, -0.421875f, -1.27001953125f, -1.7373046875f, -1.6483154296875f, -1.5f, 1.34375f, 2.1004676818847656f, 2.859039306640625f, 2.672271728515625f, 1.40087890625f, 0.104766845703125f, -0.154327392578125f, 0.5074272155761719f, 1.1796875f, 1.25f, 2.438720703125f, 3.693359375f, 3.86083984375f, 2.546875f, 1.18017578125f, 1.193359375f, 2.241455078125f, 3.25f, 0.375f, 1.6984748840332031f, 3.118560791015625f, 3.476043701171875f, 2.2744140625f, 0.996978759765625f, 1.132659912109375f, 2.255840301513672f, 3.3203125f, -0.5f, 0.7293701171875f, 2.0576171875f, 2.4571533203125f, 1.4453125f, 0.3543701171875f, 0.5224609375f, 1.5408935546875f, 2.5f}},
    {"cubic pytorch_half_pixel  a=-0.75 excl=0 sizes [1, 1, 4, 4]->[1, 1, 7, 9]", EDGEC_RESIZE_CUBIC, EDGEC_COORD_PYTORCH_HALF_PIXEL, EDGEC_NEAREST_ROUND_PREFER_FLOOR, -0.75f, 0, 0.0f, 4, {1, 1, 4, 4}, {1, 1, 7, 9}, {1.0f, 1.0f, 1.75f, 2.25f}, {0.0f, 0.0f, 0.0f, 0.0f}, {1.0f, 1.0f, 1.0f, 1.0f}, 1,
     {2.0f, -3.25f, -2.0f, -4.0f, 1.25f, 0.75f, -1.5f, -1.5f, 1.25f, 4.0f, 1.0f, 3.25f, -0.5f, 2.5f, 0.25f, 2.5f},
     {2.6961305141448975f, 1.2255728244781494f, -1.6714435815811157f, -3.7845818996429443f, -3.1785037517547607f, -2.050522804260254f, -2.701547384262085f, -3.9047951698303223f, -4.486939907073975f, 2.160784959793091f, 1.192777395248413f, -0.658791184425354f, -2.2215590476989746f, -2.2577385902404785f, -1.942147135734558f, -2.5194272994995117f, -3.2293691635131836f, -3.598572254180908f, 1.3930922746658325f, 1.1955868005752563f, 0.9368526935577393f, 0.24877412617206573f, -0.7024929523468018f, -1.5495326519012451f, -1.9456175565719604f, -1.8660951852798462f, -1.8861788511276245f, 1.175654649734497f, 1.6182454824447632f, 2.6388134956359863f, 2.812530040740967f, 1.40087890625f, -0.045494548976421356f, 0.03094758652150631f, 0.9388291835784912f, 1.322313904762268f, 0.8331683874130249f, 1.620086431503296f, 3.295264482498169f, 4.036145210266113f, 2.6209797859191895f, 1.1227779388427734f, 1.631032109260559f, 3.036726236343384f, 3.682295083999634f, -0.24216429889202118f, 0.5876156091690063f, 2.3187825679779053f, 3.209512710571289f, 2.003234386444092f, 0.6893541216850281f, 1.278637409210205f, 2.6605968475341797f, 3.307210922241211f, -1.0023273229599f, -0.20174279808998108f, 1.4517748355865479f, 2.363176107406616f, 1.3360193967819214f, 0.19407688081264496f, 0.7839052081108093f, 2.0649003982543945f, 2.6700899600982666f}},
    {"cubic half_pixel_symmetric  a=-0.75 excl=0 sizes [1, 1, 4, 4]->[1, 1, 7, 9]", EDGEC_RESIZE_CUBIC, EDGEC_COORD_HALF_PIXEL_SYMMETRIC, EDGEC_NEAREST_ROUND_PREFER_FLOOR, -0.75f, 0, 0.0f, 4, {1, 1, 4, 4}, {1, 1, 7, 9}, {1.0f, 1.0f, 1.75f, 2.25f}, {0.0f, 0.0f, 0.0f, 0.0f}, {1.0f, 1.0f, 1.0f, 1.0f}, 1,
     {2.0f, -3.25f, -2.0f, -4.0f, 1.25f, 0.75f, -1.5f, -1.5f, 1.25f, 4.0f, 1.0f, 3.25f, -0.5f, 2.5f, 0.25f, 2.5f},
     {2.6961305141448975f, 1.2255728244781494f, -1.6714435815811157f, -3.7845818996429443f, -3.1785037517547607f, -2.050522804260254f, -2.701547384262085f, -3.9047951698303223f, -4.486939907073975f, 2.160784959793091f, 1.192777395248413f, -0.658791184425354f, -2.2215590476989746f, -2.2577385902404785f, -1.942147135734558f, -2.5194272994995117f, -3.2293691635131836f, -3.598572254180908f, 1.3930922746658325f, 1.1955868005752563f, 0.9368526935577393f, 0.24877412617206573f, -0.7024929523468018f, -1.5495326519012451f, -1.9456175565719604f, -1.8660951852798462f, -1.8861788511276245f, 1.175654649734497f, 1.6182454824447632f, 2.6388134956359863f, 2.812530040740967f, 1.40087890625f, -0.045494548976421356f, 0.03094758652150631f, 0.9388291835784912f, 1.322313904762268f, 0.8331683874130249f, 1.620086431503296f, 3.295264482498169f, 4.036145210266113f, 2.6209797859191895f, 1.1227779388427734f, 1.631032109260559f, 3.036726236343384f, 3.682295083999634f, -0.24216429889202118f, 0.5876156091690063f, 2.3187825679779053f, 3.209512710571289f, 2.003234386444092f, 0.6893541216850281f, 1.278637409210205f, 2.6605968475341797f, 3.307210922241211f, -1.0023273229599f, -0.20174279808998108f, 1.4517748355865479f, 2.363176107406616f, 1.3360193967819214f, 0.19407688081264496f, 0.7839052081108093f, 2.0649003982543945f, 2.6700899600982666f}},
    {"cubic half_pixel  a=-0.5 excl=0 sizes [1, 1, 4, 4]->[1, 1, 7, 9]", EDGEC_RESIZE_CUBIC, EDGEC_COORD_HALF_PIXEL, EDGEC_NEAREST_ROUND_PREFER_FLOOR, -0.5f, 0, 0.0f, 4, {1, 1, 4, 4}, {1, 1, 7, 9}, {1.0f, 1.0f, 1.75f, 2.25f}, {0.0f, 0.0f, 0.0f, 0.0f}, {1.0f, 1.0f, 1.0f, 1.0f}, 1,
     {2.0f, -3.25f, -2.0f, -4.0f, 1.25f, 0.75f, -1.5f, -1.5f, 1.25f, 4.0f, 1.0f, 3.25f, -0.5f, 2.5f, 0.25f, 2.5f},
     {2.4527063369750977f, 1.3626980781555176f, -1.6052372455596924f, -3.601576089859009f, -2.9883182048797607f, -2.0361075401306152f, -2.698408365249634f, -3.8915493488311768f, -4.3198347091674805f, 2.0351204872131348f, 1.2925208806991577f, -0.7035574913024902f, -2.1742820739746094f, -2.1630375385284424f, -1.9148494005203247f, -2.4530205726623535f, -3.2084367275238037f, -3.48846173286438f, 1.34052312374115f, 1.2094651460647583f, 0.9202485680580139f, 0.3912688195705414f, -0.6008564233779907f, -1.5288777351379395f, -1.805559515953064f, -1.7591205835342407f, -1.7650312185287476f, 1.2106239795684814f, 1.515227198600769f, 2.4189157485961914f, 2.6585888862609863f, 1.283203125f, -0.10761477798223495f, 0.07132121175527573f, 0.8942057490348816f, 1.1686813831329346f, 0.9674915075302124f, 1.5537205934524536f, 3.215759754180908f, 4.006667613983154f, 2.574002265930176f, 1.0878510475158691f, 1.6682510375976562f, 3.050231695175171f, 3.5320425033569336f, -0.15351203083992004f, 0.4642046093940735f, 2.196690797805786f, 3.110607385635376f, 1.9021273851394653f, 0.6235324740409851f, 1.2614938020706177f, 2.6268508434295654f, 3.1076855659484863f, -0.8342859148979187f, -0.2271834909915924f, 1.4671258926391602f, 2.401313543319702f, 1.3484961986541748f, 0.21997153759002686f, 0.8561932444572449f, 2.1540908813476562f, 2.6133933067321777f}},
    {"cubic asymmetric  a=-0.5 excl=0 scales [1, 1, 4, 4]->[1, 1, 8, 8]", EDGEC_RESIZE_CUBIC, EDGEC_COORD_ASYMMETRIC, EDGEC_NEAREST_ROUND_PREFER_FLOOR, -0.5f, 0, 0.0f, 4, {1, 1, 4, 4}, {1, 1, 8, 8}, {1.0f, 1.0f, 2.0f, 2.0f}, {0.0f, 0.0f, 0.0f, 0.0f}, {1.0f, 1.0f, 1.0f, 1.0f}, 0,
     {2.0f, -3.25f, -2.0f, -4.0f, 1.25f, 0.75f, -1.5f, -1.5f, 1.25f, 4.0f, 1.0f, 3.25f, -0.5f, 2.5f, 0.25f, 2.5f},
     {2.0f, -0.703125f, -3.25f, -2.828125f, -2.0f, -2.921875f, -4.0f, -4.125f, 1.625f, 0.1142578125f, -1.453125f, -1.80078125f, -1.90625f, -2.5048828125f, -3.046875f, -3.1181640625f, 1.25f, 1.140625f, 0.75f, -0.40625f, -1.5f, -1.640625f, -1.5f, -1.5f, 1.3125f, 2.1962890625f, 2.71875f, 1.283203125f, -0.171875f, 0.2724609375f, 1.078125f, 1.15625f, 1.25f, 2.8125f, 4.0f, 2.53125f, 1.0f, 1.9375f, 3.25f, 3.390625f, 0.375f, 2.0810546875f, 3.453125f, 2.16015625f, 0.78125f, 1.8095703125f, 3.171875f, 3.3212890625f, -0.5f, 1.140625f, 2.5f, 1.421875f, 0.25f, 1.234375f, 2.5f, 2.640625f, -0.609375f, 1.0361328125f, 2.40625f, 1.3525390625f, 0.203125f, 1.1904296875f, 2.453125f, 2.59375f}},
    {"cubic half_pixel  a=-0.75 excl=1 sizes [1, 1, 4, 4]->[1, 1, 7, 9]", EDGEC_RESIZE_CUBIC, EDGEC_COORD_HALF_PIXEL, EDGEC_NEAREST_ROUND_PREFER_FLOOR, -0.75f, 1, 0.0f, 4, {1, 1, 4, 4}, {1, 1, 7, 9}, {1.0f, 1.0f, 1.75f, 2.25f}, {0.0f, 0.0f, 0.0f, 0.0f}, {1.0f, 1.0f, 1.0f, 1.0f}, 1,
     {2.0f, -3.25f, -2.0f, -4.0f, 1.25f, 0.75f, -1.5f, -1.5f, 1.25f, 4.0f, 1.0f, 3.25f, -0.5f, 2.5f, 0.25f, 2.5f},
     {2.943120002746582f, 1.2949291467666626f, -1.4840961694717407f, -3.878246784210205f, -3.2369565963745117f, -2.06426739692688f, -2.8245389461517334f, -3.983022451400757f, -4.633995056152344f, 2.3497636318206787f, 1.2418134212493896f, -0.5717260241508484f, -2.337599277496338f, -2.324707508087158f, -1.9471172094345093f, -2.5916616916656494f, -3.2930259704589844f, -3.7165865898132324f, 1.4322104454040527f, 1.2036556005477905f, 0.9523123502731323f, 0.23590518534183502f, -0.7103785872459412f, -1.5510993003845215f, -1.9429341554641724f, -1.8723546266555786f, -1.9028106927871704f, 1.1179710626602173f, 1.5963208675384521f, 2.5548641681671143f, 2.812530040740967f, 1.40087890625f, -0.045494548976421356f, 0.10541190952062607f, 0.9580671191215515f, 1.3712575435638428f, 0.7186024785041809f, 1.576685905456543f, 3.1502623558044434f, 4.030734062194824f, 2.6168172359466553f, 1.1197645664215088f, 1.7446209192276f, 3.0646684169769287f, 3.766739845275879f, -0.4160733222961426f, 0.486954003572464f, 2.1055500507354736f, 3.1395788192749023f, 1.9476298093795776f, 0.6477293372154236f, 1.3498420715332031f, 2.6392316818237305f, 3.3396782875061035f, -1.1567634344100952f, -0.2797326147556305f, 1.2748324871063232f, 2.329197645187378f, 1.310343861579895f, 0.1758410483598709f, 0.8746228218078613f, 2.076507329940796f, 2.7365121841430664f}},
    {"cubic half_pixel  a=-0.5 excl=1 sizes [1, 1, 4, 4]->[1, 1, 7, 9]", EDGEC_RESIZE_CUBIC, EDGEC_COORD_HALF_PIXEL, EDGEC_NEAREST_ROUND_PREFER_FLOOR, -0.5f, 1, 0.0f, 4, {1, 1, 4, 4}, {1, 1, 7, 9}, {1.0f, 1.0f, 1.75f, 2.25f}, {0.0f, 0.0f, 0.0f, 0.0f}, {1.0f, 1.0f, 1.0f, 1.0f}, 1,
     {2.0f, -3.25f, -2.0f, -4.0f, 1.25f, 0.75f, -1.5f, -1.5f, 1.25f, 4.0f, 1.0f, 3.25f, -0.5f, 2.5f, 0.25f, 2.5f},
     {2.591097116470337f, 1.4025324583053589f, -1.4752767086029053f, -3.654332160949707f, -3.020244836807251f, -2.04362416267395f, -2.776890993118286f, -3.9359798431396484f, -4.402259826660156f, 2.1456356048583984f, 1.3227977752685547f, -0.6423771381378174f, -2.2541816234588623f, -2.2087461948394775f, -1.9205909967422485f, -2.5079078674316406f, -3.2551956176757812f, -3.5662217140197754f, 1.3609329462051392f, 1.2138617038726807f, 0.930986762046814f, 0.3824584484100342f, -0.6061199307441711f, -1.5299872159957886f, -1.8053786754608154f, -1.7635546922683716f, -1.7741727828979492f, 1.1796420812606812f, 1.5041370391845703f, 2.3700461387634277f, 2.6585888862609863f, 1.283203125f, -0.10761477798223495f, 0.1157912015914917f, 0.9042669534683228f, 1.196220874786377f, 0.9004738926887512f, 1.5290493965148926f, 3.121730327606201f, 4.003103733062744f, 2.571279764175415f, 1.085921049118042f, 1.741331696510315f, 3.0653934478759766f, 3.581082820892334f, -0.25942614674568176f, 0.40288594365119934f, 2.060149669647217f, 3.0685415267944336f, 1.869121789932251f, 0.5993151068687439f, 1.3106125593185425f, 2.6146976947784424f, 3.1285881996154785f, -0.9241259694099426f, -0.27124273777008057f, 1.3533786535263062f, 2.3819398880004883f, 1.3338717222213745f, 0.20977066457271576f, 0.9174073934555054f, 2.1605212688446045f, 2.6530773639678955f}},
    {"cubic half_pixel  a=-0.75 excl=0 scales [1, 1, 4, 6]->[1, 1, 2, 3]", EDGEC_RESIZE_CUBIC, EDGEC_COORD_HALF_PIXEL, EDGEC_NEAREST_ROUND_PREFER_FLOOR, -0.75f, 0, 0.0f, 4, {1, 1, 4, 6}, {1, 1, 2, 3}, {1.0f, 1.0f, 0.5f, 0.6000000238418579f}, {0.0f, 0.0f, 0.0f, 0.0f}, {1.0f, 1.0f, 1.0f, 1.0f}, 0,
     {-0.25f, -2.0f, 1.5f, 0.5f, -1.25f, -2.25f, 3.75f, -1.25f, 1.25f, 3.75f, 2.5f, 1.0f, -3.25f, -3.0f, -3.25f, -2.75f, 2.0f, -3.0f, -2.5f, 3.75f, 0.75f, 3.75f, -3.5f, 0.0f},
     {1.0078126192092896f, 1.7968746423721313f, 1.4756948947906494f, -2.2485532760620117f, -1.671875f, -0.37384241819381714f}},
    {"cubic tf_crop_and_resize  a=-0.75 excl=0 sizes [1, 1, 4, 4]->[1, 1, 5, 6]", EDGEC_RESIZE_CUBIC, EDGEC_COORD_TF_CROP_AND_RESIZE, EDGEC_NEAREST_ROUND_PREFER_FLOOR, -0.75f, 0, 2.5f, 4, {1, 1, 4, 4}, {1, 1, 5, 6}, {1.0f, 1.0f, 1.25f, 1.5f}, {0.0f, 0.0f, 0.20000000298023224f, 0.10000000149011612f}, {1.0f, 1.0f, 0.8999999761581421f, 1.2000000476837158f}, 1,
     {2.0f, -3.25f, -2.0f, -4.0f, 1.25f, 0.75f, -1.5f, -1.5f, 1.25f, 4.0f, 1.0f, 3.25f, -0.5f, 2.5f, 0.25f, 2.5f},
     {0.82769376039505f, -1.0466108322143555f, -1.7365400791168213f, -2.315011501312256f, -2.9365620613098145f, 2.5f, 1.3860163688659668f, 1.458075761795044f, -0.2781311869621277f, -1.3792238235473633f, -0.8411160111427307f, 2.5f, 2.079820156097412f, 3.3473424911499023f, 1.3455016613006592f, 0.36723703145980835f, 1.8161870241165161f, 2.5f, 1.9831738471984863f, 4.048732757568359f, 2.128371238708496f, 1.4200888872146606f, 3.4365296363830566f, 2.5f, 0.9665077328681946f, 3.044919490814209f, 1.4390134811401367f, 0.9133073687553406f, 2.8152146339416504f, 2.5f}},
};

edgec_resize_params resizeParams(const ResizeCase &C, bool UseSizeRatio) {
  edgec_resize_params P;
  std::memset(&P, 0, sizeof(P));
  P.rank = C.Rank;
  for (int D = 0; D < C.Rank; ++D) {
    P.in_shape[D] = C.In[D];
    P.out_shape[D] = C.Out[D];
    P.scale[D] = C.Scale[D];
    P.roi_start[D] = C.RoiStart[D];
    P.roi_end[D] = C.RoiEnd[D];
  }
  P.mode = C.Mode;
  P.coord_mode = C.Coord;
  P.nearest_mode = C.Nearest;
  P.cubic_coeff_a = C.CubicA;
  P.exclude_outside = C.ExcludeOutside;
  P.extrapolation_value = C.Extrapolation;
  P.use_size_ratio = UseSizeRatio ? 1 : 0;
  return P;
}

} // namespace

TEST_CASE("resize matches the ONNX reference implementation", "[kernels2][resize]") {
  int Checked = 0;
  for (const ResizeCase &C : ResizeCases) {
    INFO(C.Name);
    const edgec_resize_params P = resizeParams(C, C.FromSizes != 0);
    std::vector<float> Y(C.Want.size(), -12345.0f);
    REQUIRE(int32_t(Y.size()) == C.Out[0] * C.Out[1] * C.Out[2] * (C.Rank == 4 ? C.Out[3] : 1));
    edgec_resize_f32(&P, C.X.data(), Y.data());
    checkClose(Y, C.Want, 1e-5f);
    ++Checked;
  }
  CHECK(Checked == int(sizeof(ResizeCases) / sizeof(ResizeCases[0])));
}

TEST_CASE("resize linear and cubic do not need the exact size ratio", "[kernels2][resize]") {
  // With only the float32 scale (use_size_ratio = 0) interpolating modes stay within 1e-5.
  for (const ResizeCase &C : ResizeCases) {
    if (C.Mode == EDGEC_RESIZE_NEAREST)
      continue;
    INFO(C.Name);
    const edgec_resize_params P = resizeParams(C, false);
    std::vector<float> Y(C.Want.size(), -12345.0f);
    edgec_resize_f32(&P, C.X.data(), Y.data());
    checkClose(Y, C.Want, 1e-5f);
  }
}

TEST_CASE("resize by scale 1 is the identity", "[kernels2][resize]") {
  std::mt19937 Rng(701);
  const std::vector<float> X = randomVector(2 * 3 * 4, Rng);
  for (int32_t Mode : {EDGEC_RESIZE_NEAREST, EDGEC_RESIZE_LINEAR, EDGEC_RESIZE_CUBIC})
    for (int32_t Coord : {EDGEC_COORD_HALF_PIXEL, EDGEC_COORD_ASYMMETRIC, EDGEC_COORD_ALIGN_CORNERS,
                          EDGEC_COORD_PYTORCH_HALF_PIXEL, EDGEC_COORD_HALF_PIXEL_SYMMETRIC}) {
      edgec_resize_params P;
      std::memset(&P, 0, sizeof(P));
      P.rank = 3;
      P.in_shape[0] = P.out_shape[0] = 2;
      P.in_shape[1] = P.out_shape[1] = 3;
      P.in_shape[2] = P.out_shape[2] = 4;
      for (int D = 0; D < 3; ++D)
        P.scale[D] = 1.0f;
      P.mode = Mode;
      P.coord_mode = Coord;
      P.cubic_coeff_a = -0.75f;
      std::vector<float> Y(X.size());
      edgec_resize_f32(&P, X.data(), Y.data());
      CHECK(Y == X);
    }
}

//===----------------------------------------------------------------------===//
// Gather
//===----------------------------------------------------------------------===//

TEST_CASE("gather with int32 and int64 indices, negative wrap", "[kernels2][gather]") {
  std::mt19937 Rng(801);
  const int32_t Outer = 3, Axis = 5, Inner = 4;
  const std::vector<float> X = randomVector(size_t(Outer) * Axis * Inner, Rng);
  const std::vector<int64_t> Idx = {4, 0, -1, 2, -5, 2};
  std::vector<float> Want;
  for (int32_t O = 0; O < Outer; ++O)
    for (int64_t K : Idx) {
      const int64_t J = K < 0 ? K + Axis : K;
      for (int32_t I = 0; I < Inner; ++I)
        Want.push_back(X[(size_t(O) * Axis + size_t(J)) * Inner + I]);
    }
  edgec_gather_params P = {Outer, Axis, Inner, int32_t(Idx.size()), 4, 8};
  std::vector<float> Y(Want.size(), -12345.0f);
  CHECK(edgec_gather(&P, X.data(), Idx.data(), Y.data()) == EDGEC_OK);
  CHECK(Y == Want);
  const std::vector<int32_t> Idx32(Idx.begin(), Idx.end());
  P.index_size = 4;
  std::fill(Y.begin(), Y.end(), -12345.0f);
  CHECK(edgec_gather(&P, X.data(), Idx32.data(), Y.data()) == EDGEC_OK);
  CHECK(Y == Want);
  // Scalar-index gather on int64 data (inner 1, one index), e.g. Shape -> Gather.
  const int64_t Dims[4] = {1, 3, 224, 224};
  const int64_t Two = -2;
  int64_t Out = 0;
  const edgec_gather_params Q = {1, 4, 1, 1, 8, 8};
  CHECK(edgec_gather(&Q, Dims, &Two, &Out) == EDGEC_OK);
  CHECK(Out == 224);
}

TEST_CASE("gather out-of-range index zeroes its slice and reports an error", "[kernels2][gather]") {
  const float X[6] = {1, 2, 3, 4, 5, 6}; // [outer 1, axis 3, inner 2]
  const int64_t Idx[4] = {1, 3, -4, int64_t(1) << 40};
  float Y[8];
  std::fill(Y, Y + 8, -1.0f);
  const edgec_gather_params P = {1, 3, 2, 4, 4, 8};
  CHECK(edgec_gather(&P, X, Idx, Y) == EDGEC_ERR_ARG);
  const float Want[8] = {3, 4, 0, 0, 0, 0, 0, 0};
  CHECK(std::equal(Y, Y + 8, Want));
  const int32_t Idx32[2] = {-3, 7};
  const edgec_gather_params Q = {1, 3, 2, 2, 4, 4};
  CHECK(edgec_gather(&Q, X, Idx32, Y) == EDGEC_ERR_ARG);
  CHECK(Y[0] == 1.0f);
  CHECK(Y[1] == 2.0f);
  CHECK(Y[2] == 0.0f);
  CHECK(Y[3] == 0.0f);
}

//===----------------------------------------------------------------------===//
// Cast
//===----------------------------------------------------------------------===//

namespace {

const int32_t AllTypes[] = {EDGEC_DT_F32, EDGEC_DT_U8,  EDGEC_DT_I8,   EDGEC_DT_I16,
                            EDGEC_DT_I32, EDGEC_DT_I64, EDGEC_DT_BOOL, EDGEC_DT_F64};

size_t typeSize(int32_t T) {
  switch (T) {
  case EDGEC_DT_U8:
  case EDGEC_DT_I8:
  case EDGEC_DT_BOOL:
    return 1;
  case EDGEC_DT_I16:
    return 2;
  case EDGEC_DT_F32:
  case EDGEC_DT_I32:
    return 4;
  default:
    return 8;
  }
}

bool isFloatType(int32_t T) { return T == EDGEC_DT_F32 || T == EDGEC_DT_F64; }

/// Integer range of a type as long double (exact for every bound involved).
void intRange(int32_t T, long double &Lo, long double &Hi) {
  switch (T) {
  case EDGEC_DT_U8:
    Lo = 0, Hi = 255;
    break;
  case EDGEC_DT_I8:
    Lo = -128, Hi = 127;
    break;
  case EDGEC_DT_I16:
    Lo = -32768, Hi = 32767;
    break;
  case EDGEC_DT_I32:
    Lo = -2147483648.0L, Hi = 2147483647.0L;
    break;
  case EDGEC_DT_BOOL:
    Lo = 0, Hi = 1;
    break;
  default:
    Lo = -9223372036854775808.0L, Hi = 9223372036854775807.0L;
    break;
  }
}

/// Encodes an exact value (given as long double, already representable) in type T.
std::vector<unsigned char> encode(int32_t T, long double V) {
  std::vector<unsigned char> B(typeSize(T));
  switch (T) {
  case EDGEC_DT_F32: {
    // IEEE round-to-nearest, spelled out beyond FLT_MAX where a C++ cast is undefined.
    const long double Max = std::numeric_limits<float>::max();
    const long double Half = 3.40282356779733661637e38L; // FLT_MAX + half an ulp
    float F;
    if (std::isnan(V)) F = std::numeric_limits<float>::quiet_NaN();
    else if (std::fabs(V) >= Half) F = V > 0 ? std::numeric_limits<float>::infinity() : -std::numeric_limits<float>::infinity();
    else if (std::fabs(V) > Max) F = V > 0 ? std::numeric_limits<float>::max() : -std::numeric_limits<float>::max();
    else F = float(V);
    std::memcpy(B.data(), &F, 4);
    break;
  }
  case EDGEC_DT_F64: { const double F = double(V); std::memcpy(B.data(), &F, 8); break; }
  case EDGEC_DT_U8: B[0] = uint8_t(V); break;
  case EDGEC_DT_BOOL: B[0] = V != 0; break;
  case EDGEC_DT_I8: { const int8_t I = int8_t(V); std::memcpy(B.data(), &I, 1); break; }
  case EDGEC_DT_I16: { const int16_t I = int16_t(V); std::memcpy(B.data(), &I, 2); break; }
  case EDGEC_DT_I32: { const int32_t I = int32_t(V); std::memcpy(B.data(), &I, 4); break; }
  default: { const int64_t I = int64_t(V); std::memcpy(B.data(), &I, 8); break; }
  }
  return B;
}

/// Expected Cast result written from the ONNX rules (floats held as long double;
/// `SrcIsFloat` tells float sources from integer ones).
std::vector<unsigned char> expectCast(long double V, bool IsNan, bool SrcIsFloat, int32_t To) {
  if (To == EDGEC_DT_BOOL)
    return encode(To, (IsNan || V != 0) ? 1 : 0);
  if (isFloatType(To)) {
    if (IsNan) {
      std::vector<unsigned char> B(typeSize(To));
      if (To == EDGEC_DT_F32) { const float N = std::numeric_limits<float>::quiet_NaN(); std::memcpy(B.data(), &N, 4); }
      else { const double N = std::numeric_limits<double>::quiet_NaN(); std::memcpy(B.data(), &N, 8); }
      return B;
    }
    return encode(To, V); // float(V)/double(V) round to nearest
  }
  long double Lo, Hi;
  intRange(To, Lo, Hi);
  if (SrcIsFloat) {
    if (IsNan)
      return encode(To, 0);
    const long double T = std::trunc(V);
    return encode(To, T < Lo ? Lo : (T > Hi ? Hi : T));
  }
  // Integer source: wrap modulo 2^bits.
  const long double Span = Hi - Lo + 1;
  long double W = V;
  if (To != EDGEC_DT_I64) {
    W = std::fmod(V - Lo, Span);
    if (W < 0)
      W += Span;
    W += Lo;
  }
  return encode(To, W);
}

} // namespace

TEST_CASE("cast between all type pairs", "[kernels2][cast]") {
  const long double Inf = std::numeric_limits<long double>::infinity();
  // Representative values per source type (each exactly representable in it).
  auto valuesFor = [&](int32_t T) {
    std::vector<long double> V;
    if (isFloatType(T)) {
      V = {0.0L, -0.0L, 1.0L, -1.0L, 2.75L, -2.75L, 0.5L, -0.5L, 127.9L, 128.5L, 255.5L, 300.0L,
           -129.7L, 40000.25L, -3.0e9L, 3.0e9L, 1e20L, -1e20L, Inf, -Inf, 16777217.0L};
      if (T == EDGEC_DT_F32)
        for (long double &X : V)
          X = (long double)float(X); // what a float32 tensor really holds
      else
        V.push_back(1.0e300L), V.push_back(-3.4028235677973366e38L), V.push_back(3.4028235e38L * 0.9999999L);
    } else if (T == EDGEC_DT_BOOL) {
      V = {0, 1};
    } else {
      long double Lo, Hi;
      intRange(T, Lo, Hi);
      V = {0, 1, Lo, Hi, 100};
      if (Lo < 0)
        V.push_back(-1), V.push_back(-100);
      if (Hi > 70000)
        V.push_back(70000), V.push_back(-70000), V.push_back(16777217);
      if (T == EDGEC_DT_I64)
        V.push_back(9007199254740993.0L);
    }
    return V;
  };
  int Pairs = 0;
  for (int32_t From : AllTypes)
    for (int32_t To : AllTypes) {
      std::vector<long double> Vals = valuesFor(From);
      std::vector<unsigned char> In, Want;
      for (long double V : Vals) {
        const std::vector<unsigned char> E = encode(From, V);
        In.insert(In.end(), E.begin(), E.end());
        // Expected from the value as stored in the source type.
        long double Stored = V;
        if (From == EDGEC_DT_F32) { float F; std::memcpy(&F, E.data(), 4); Stored = F; }
        if (From == EDGEC_DT_F64) { double F; std::memcpy(&F, E.data(), 8); Stored = F; }
        std::vector<unsigned char> W = expectCast(Stored, false, isFloatType(From), To);
        if (To == EDGEC_DT_F32 && isFloatType(From) == false) {
          const float F = float(Stored);
          std::memcpy(W.data(), &F, 4);
        }
        Want.insert(Want.end(), W.begin(), W.end());
      }
      if (isFloatType(From)) { // NaN
        const long double Nan = std::numeric_limits<long double>::quiet_NaN();
        const std::vector<unsigned char> E = encode(From, Nan);
        In.insert(In.end(), E.begin(), E.end());
        const std::vector<unsigned char> W = expectCast(0, true, true, To);
        Want.insert(Want.end(), W.begin(), W.end());
        Vals.push_back(Nan);
      }
      std::vector<unsigned char> Out(Want.size(), 0xAB);
      INFO("cast " << From << " -> " << To);
      edgec_cast(In.data(), From, Out.data(), To, int32_t(Vals.size()));
      // Compare element by element; NaN payloads may differ, so compare NaN-ness for floats.
      const size_t S = typeSize(To);
      for (size_t I = 0; I < Vals.size(); ++I) {
        INFO("element " << I << " value " << double(Vals[I]));
        if (To == EDGEC_DT_F32) {
          float G, E;
          std::memcpy(&G, &Out[I * S], 4);
          std::memcpy(&E, &Want[I * S], 4);
          CHECK(((std::isnan(G) && std::isnan(E)) || std::memcmp(&G, &E, 4) == 0));
        } else if (To == EDGEC_DT_F64) {
          double G, E;
          std::memcpy(&G, &Out[I * S], 8);
          std::memcpy(&E, &Want[I * S], 8);
          CHECK(((std::isnan(G) && std::isnan(E)) || std::memcmp(&G, &E, 8) == 0));
        } else {
          CHECK(std::memcmp(&Out[I * S], &Want[I * S], S) == 0);
        }
      }
      ++Pairs;
    }
  CHECK(Pairs == 64);
}

TEST_CASE("cast spot checks", "[kernels2][cast]") {
  const float F[5] = {-1.5f, 1e20f, std::numeric_limits<float>::quiet_NaN(), 255.9f, -0.0f};
  uint8_t U[5];
  edgec_cast(F, EDGEC_DT_F32, U, EDGEC_DT_U8, 5);
  CHECK(U[0] == 0);
  CHECK(U[1] == 255);
  CHECK(U[2] == 0);
  CHECK(U[3] == 255);
  CHECK(U[4] == 0);
  int64_t L[5];
  edgec_cast(F, EDGEC_DT_F32, L, EDGEC_DT_I64, 5);
  CHECK(L[0] == -1);
  CHECK(L[1] == std::numeric_limits<int64_t>::max());
  CHECK(L[2] == 0);
  CHECK(L[3] == 255);
  uint8_t B[5];
  edgec_cast(F, EDGEC_DT_F32, B, EDGEC_DT_BOOL, 5);
  CHECK(B[0] == 1);
  CHECK(B[2] == 1); // NaN != 0
  CHECK(B[4] == 0);
  const double D[3] = {0.1, 1e300, -1e300};
  float G[3];
  edgec_cast(D, EDGEC_DT_F64, G, EDGEC_DT_F32, 3);
  CHECK(G[0] == 0.1f);
  CHECK(G[1] == std::numeric_limits<float>::infinity());
  CHECK(G[2] == -std::numeric_limits<float>::infinity());
  const int32_t I[3] = {300, -1, -129};
  int8_t S8[3];
  edgec_cast(I, EDGEC_DT_I32, S8, EDGEC_DT_I8, 3);
  CHECK(S8[0] == 44);
  CHECK(S8[1] == -1);
  CHECK(S8[2] == 127);
}

//===----------------------------------------------------------------------===//
// Slice
//===----------------------------------------------------------------------===//

namespace {

/// Slice reference: out[idx] = in[start + idx * step] per dim, computed per element.
void checkSlice(const Shape &In, const Shape &Start, const Shape &Step, const Shape &Out,
                uint32_t Seed) {
  std::mt19937 Rng(Seed);
  const std::vector<float> X = randomVector(size_t(product(In)), Rng);
  const Shape InStride = stridesOf(In);
  std::vector<float> Want(size_t(product(Out)));
  for (int32_t I = 0; I < int32_t(Want.size()); ++I) {
    const Shape C = unravelIndex(I, Out);
    int32_t Off = 0;
    for (size_t D = 0; D < In.size(); ++D) {
      const int32_t Src = Start[D] + C[D] * Step[D];
      REQUIRE(Src >= 0);
      REQUIRE(Src < In[D]);
      Off += Src * InStride[D];
    }
    Want[I] = X[Off];
  }
  edgec_slice_params P;
  std::memset(&P, 0, sizeof(P));
  P.rank = int32_t(In.size());
  for (size_t D = 0; D < In.size(); ++D) {
    P.in_shape[D] = In[D];
    P.out_shape[D] = Out[D];
    P.start[D] = Start[D];
    P.step[D] = Step[D];
  }
  P.elem_size = 4;
  std::vector<float> Y(Want.size() + 1, -12345.0f); // one guard element
  edgec_slice(&P, X.data(), Y.data());
  CHECK(Y.back() == -12345.0f);
  Y.pop_back();
  CHECK(Y == Want);
  // 8-byte elements move the same way.
  std::vector<int64_t> X64(X.size()), Y64(Want.size(), -1);
  for (size_t I = 0; I < X.size(); ++I)
    X64[I] = int64_t(I) * 1000003;
  P.elem_size = 8;
  edgec_slice(&P, X64.data(), Y64.data());
  for (size_t I = 0; I < Want.size(); ++I) {
    const size_t J = size_t(std::find(X.begin(), X.end(), Want[I]) - X.begin());
    CHECK(Y64[I] == int64_t(J) * 1000003);
  }
}

} // namespace

TEST_CASE("slice with unit steps uses whole rows", "[kernels2][slice]") {
  checkSlice({4, 5, 6}, {1, 0, 2}, {1, 1, 1}, {2, 5, 3}, 901);
  checkSlice({4, 5, 6}, {1, 0, 0}, {1, 1, 1}, {2, 5, 6}, 902); // one contiguous block
  checkSlice({4, 5, 6}, {0, 2, 0}, {1, 1, 1}, {4, 2, 6}, 903);
  checkSlice({3, 4}, {0, 0}, {1, 1}, {3, 4}, 904); // full copy
}

TEST_CASE("slice with strided and negative steps", "[kernels2][slice]") {
  checkSlice({4, 5, 6}, {3, 0, 5}, {-1, 2, -2}, {4, 3, 3}, 905);
  checkSlice({7}, {6}, {-3}, {3}, 906);
  checkSlice({2, 3, 4, 5, 6}, {1, 2, 0, 4, 1}, {-1, -2, 3, -1, 1}, {2, 2, 2, 5, 4}, 907);
  checkSlice({5, 6}, {4, 1}, {-2, 1}, {3, 4}, 908); // negative outer step, unit inner
  checkSlice({5, 1, 6}, {0, 0, 0}, {2, -1, 1}, {3, 1, 6}, 909);
}

TEST_CASE("slice with an empty output writes nothing", "[kernels2][slice]") {
  checkSlice({4, 5}, {2, 0}, {1, 1}, {0, 5}, 910);
  checkSlice({4, 5}, {0, 4}, {1, -1}, {4, 0}, 911);
}
