// Unit tests for the sparse-weight kernels (sparse.h): weights packed by the compiler's own
// packer (compiler/support/SparseFormats.cpp), results compared with the dense kernels on the
// unpacked weights: bit for bit for int8, within a relative tolerance for float.
#include <catch2/catch.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <random>
#include <vector>

#include "compiler/support/SparseFormats.h"
#include "edgec/kernels/conv.h"
#include "edgec/kernels/gemm.h"
#include "edgec/kernels/quantized_conv.h"
#include "edgec/kernels/quantized_gemm.h"
#include "edgec/kernels/sparse.h"

namespace {

using Rng = std::mt19937;

int32_t uni(Rng &R, int32_t Lo, int32_t Hi) { return std::uniform_int_distribution<int32_t>(Lo, Hi)(R); }
float unif(Rng &R) { return std::uniform_real_distribution<float>(-1.0f, 1.0f)(R); }

struct Format {
  bool Nm;
  int32_t N, M, Br, Bc;
};
const Format Formats[] = {{true, 2, 4, 0, 0},  {true, 4, 8, 0, 0},  {true, 1, 4, 0, 0},   {true, 3, 16, 0, 0},
                          {true, 1, 2, 0, 0},  {false, 0, 0, 1, 8}, {false, 0, 0, 4, 8}, {false, 0, 0, 4, 16},
                          {false, 0, 0, 2, 3}};
constexpr int NumFormats = sizeof(Formats) / sizeof(Formats[0]);

// Zeros `W` ([Rows][Cols]) to fit the format, then some more: random slots, and now and then
// whole rows, so spare N:M slots, sparse blocks and empty rows all occur.
template <typename T> void sparsify(std::vector<T> &W, int32_t Rows, int32_t Cols, const Format &F, Rng &R) {
  if (F.Nm) {
    edgec::sparsifyNM(W, Rows, Cols, F.N, F.M);
  } else {
    const int32_t Keep = uni(R, 1, 9); // blocks kept, in tenths
    for (int32_t R0 = 0; R0 < Rows; R0 += F.Br)
      for (int32_t C0 = 0; C0 < Cols; C0 += F.Bc)
        if (uni(R, 0, 9) >= Keep)
          for (int32_t I = R0; I < std::min(Rows, R0 + F.Br); ++I)
            for (int32_t J = C0; J < std::min(Cols, C0 + F.Bc); ++J)
              W[size_t(I * Cols + J)] = T(0);
  }
  const int32_t Extra = uni(R, 0, 3) * 10; // percent of slots zeroed
  for (int32_t I = 0; I < Rows; ++I) {
    const bool EmptyRow = uni(R, 0, 9) == 0;
    for (int32_t J = 0; J < Cols; ++J)
      if (EmptyRow || uni(R, 0, 99) < Extra)
        W[size_t(I * Cols + J)] = T(0);
  }
}

// The packed weights and their descriptors; `dense` is what the kernels must compute with.
template <typename T> struct Packed {
  bool Nm = true;
  edgec::PackedNM<T> NmW;
  edgec::PackedBSR<T> BsrW;
  edgec_nm_desc Nd{};
  edgec_bsr_desc Bd{};
  std::vector<T> Dense;

  Packed(std::vector<T> W, int32_t Rows, int32_t Cols, const Format &F, Rng &R) : Nm(F.Nm) {
    sparsify(W, Rows, Cols, F, R);
    if (Nm) {
      std::string Why;
      auto P = edgec::packNM(W, Rows, Cols, F.N, F.M, &Why);
      INFO(Why);
      REQUIRE(P);
      NmW = std::move(*P);
      Nd = {Rows, Cols, F.N, F.M, int32_t(NmW.indexBits()), int32_t(NmW.rowIndexBytes())};
      Dense = edgec::unpackNM(NmW);
    } else {
      BsrW = edgec::packBSR(W, Rows, Cols, F.Br, F.Bc);
      Bd = {Rows, Cols, F.Br, F.Bc, BsrW.rowStart.data(), BsrW.blockCol.data()};
      Dense = edgec::unpackBSR(BsrW);
    }
    REQUIRE(Dense == W);
  }
};

std::vector<int8_t> randomI8(size_t N, Rng &R) {
  std::vector<int8_t> V(N);
  for (auto &X : V)
    X = int8_t(uni(R, -128, 127));
  return V;
}

std::vector<float> randomF32(size_t N, Rng &R) {
  std::vector<float> V(N);
  for (auto &X : V)
    X = unif(R);
  return V;
}

// Per-channel or per-tensor requantization with realistic random parameters.
struct Requant {
  std::vector<int32_t> Mult, Shift;
  edgec_requant_params Q;
  Requant(Rng &R, int32_t Channels, bool PerChannel) {
    for (int32_t I = 0; I < (PerChannel ? Channels : 1); ++I) {
      Mult.push_back(uni(R, 1 << 30, INT32_MAX));
      Shift.push_back(uni(R, 0, 19) == 0 ? uni(R, 0, 1) : uni(R, -13, -6)); // > 0: the scalar path
    }
    std::memset(&Q, 0, sizeof(Q));
    Q.input_offset = uni(R, -127, 128);
    Q.output_offset = uni(R, -128, 127);
    Q.act_min = -128;
    Q.act_max = 127;
    if (uni(R, 0, 2) == 0) {
      Q.act_min = uni(R, -128, 0);
      Q.act_max = uni(R, Q.act_min, 127);
    }
    Q.per_channel = PerChannel ? 1 : 0;
    Q.multiplier = Mult.data();
    Q.shift = Shift.data();
  }
};

edgec_act randomAct(Rng &R) {
  edgec_act A{};
  A.kind = std::array<int32_t, 3>{EDGEC_ACT_NONE, EDGEC_ACT_RELU, EDGEC_ACT_CLIP}[size_t(uni(R, 0, 2))];
  A.min = -0.5f, A.max = 0.75f;
  return A;
}

// A random groups-1 conv of rank 1 or 2: stride, dilation, asymmetric pads; `Big` makes the
// reduction longer than a tile chunk and the outputs more than a row block.
edgec_conv_params randomConv(Rng &R, bool Big) {
  edgec_conv_params P;
  std::memset(&P, 0, sizeof(P));
  P.spatial_rank = uni(R, 1, 2);
  P.batch = uni(R, 1, 2);
  P.in_channels = Big ? uni(R, 60, 70) : uni(R, 1, 24);
  P.out_channels = Big ? uni(R, 60, 80) : uni(R, 1, 40);
  P.groups = 1;
  for (int D = 0; D < 3; ++D) {
    const bool Used = D < P.spatial_rank;
    P.kernel[D] = Used ? uni(R, 1, 3) : 1;
    P.stride[D] = Used ? uni(R, 1, 2) : 1;
    P.dilation[D] = Used ? uni(R, 1, 2) : 1;
    P.pad_begin[D] = Used ? uni(R, 0, 2) : 0;
    const int32_t PadEnd = Used ? uni(R, 0, 2) : 0, Span = (P.kernel[D] - 1) * P.dilation[D] + 1;
    P.in_spatial[D] = Used ? std::max(uni(R, 1, P.spatial_rank == 1 ? 30 : 9), Span - P.pad_begin[D] - PadEnd) : 1;
    P.out_spatial[D] = (P.in_spatial[D] + P.pad_begin[D] + PadEnd - Span) / P.stride[D] + 1;
  }
  return P;
}

int32_t volume(const int32_t *V) { return V[0] * V[1] * V[2]; }
int32_t taps(const edgec_conv_params &P) { return volume(P.kernel); }

// |dense - sparse| <= 1e-5 * (|bias| + sum |w x|), per output: both are sums of the same
// products in different orders.
void checkClose(const std::vector<float> &Want, const std::vector<float> &Got, const std::vector<float> &Scale) {
  for (size_t I = 0; I < Want.size(); ++I) {
    INFO("output " << I << ": dense " << Want[I] << ", sparse " << Got[I]);
    REQUIRE(std::fabs(Want[I] - Got[I]) <= 1e-5f * Scale[I] + 1e-7f);
  }
}

} // namespace

TEST_CASE("sparse: int8 conv, N:M and BSR, bit-exact with edgec_conv_s8", "[sparse][int8][conv]") {
  Rng R(9001);
  int64_t Unclamped = 0, Total = 0;
  for (int Iter = 0; Iter < 400; ++Iter) {
    const Format &F = Formats[Iter % NumFormats];
    const edgec_conv_params P = randomConv(R, Iter % 25 == 24);
    const int32_t Cols = taps(P) * P.in_channels;
    INFO("iter " << Iter << ", format " << (F.Nm ? F.N : F.Br) << (F.Nm ? ":" : "x") << (F.Nm ? F.M : F.Bc)
                 << ", cin " << P.in_channels << ", cout " << P.out_channels << ", taps " << taps(P));
    const auto X = randomI8(size_t(P.batch * volume(P.in_spatial) * P.in_channels), R);
    Packed<int8_t> W(randomI8(size_t(P.out_channels * Cols), R), P.out_channels, Cols, F, R);
    std::vector<int32_t> Bias(size_t(P.out_channels));
    for (auto &B : Bias)
      B = uni(R, -20000, 20000);
    const bool HasBias = Iter % 5 != 0;
    const Requant Q(R, P.out_channels, Iter % 3 != 0);
    const size_t OutN = size_t(P.batch * volume(P.out_spatial) * P.out_channels);
    std::vector<int8_t> Want(OutN), Got(OutN, 0x55);
    edgec_conv_s8(&P, &Q.Q, X.data(), W.Dense.data(), HasBias ? Bias.data() : nullptr, Want.data());
    if (W.Nm)
      edgec_conv_nm_s8(&P, &Q.Q, X.data(), &W.Nd, W.NmW.values.data(), W.NmW.indices.data(),
                       HasBias ? Bias.data() : nullptr, Got.data());
    else
      edgec_conv_bsr_s8(&P, &Q.Q, X.data(), &W.Bd, W.BsrW.values.data(), HasBias ? Bias.data() : nullptr,
                        Got.data());
    REQUIRE(Got == Want);
    for (int8_t V : Want)
      Unclamped += V != Q.Q.act_min && V != Q.Q.act_max;
    Total += int64_t(OutN);
  }
  CHECK(Unclamped > Total / 2); // the requantization is exercised, not just the clamp
}

TEST_CASE("sparse: int8 fully connected, N:M and BSR, bit-exact with edgec_fully_connected_s8",
          "[sparse][int8][fc]") {
  Rng R(9002);
  for (int Iter = 0; Iter < 300; ++Iter) {
    const Format &F = Formats[Iter % NumFormats];
    const bool Big = Iter % 20 == 19;
    // A third at batch 1 (the matrix-vector path), long rows now and then (SIMD 2:4 steps).
    edgec_fc_params P = {Iter % 3 == 0 ? 1 : uni(R, 2, 40), Big ? uni(R, 60, 140) : uni(R, 1, 40),
                         Big || Iter % 3 == 0 ? uni(R, 1, 1100) : uni(R, 1, 70)};
    INFO("iter " << Iter << ", batches " << P.batches << ", out " << P.out_features << ", in " << P.in_features);
    const auto X = randomI8(size_t(P.batches * P.in_features), R);
    Packed<int8_t> W(randomI8(size_t(P.out_features * P.in_features), R), P.out_features, P.in_features, F, R);
    std::vector<int32_t> Bias(size_t(P.out_features));
    for (auto &B : Bias)
      B = uni(R, -20000, 20000);
    const int32_t *B = Iter % 4 != 0 ? Bias.data() : nullptr;
    const Requant Q(R, P.out_features, Iter % 2 == 0);
    std::vector<int8_t> Want(size_t(P.batches * P.out_features)), Got(Want.size(), 0x55);
    edgec_fully_connected_s8(&P, &Q.Q, X.data(), W.Dense.data(), B, Want.data());
    if (W.Nm)
      edgec_fully_connected_nm_s8(&P, &Q.Q, X.data(), &W.Nd, W.NmW.values.data(), W.NmW.indices.data(), B,
                                  Got.data());
    else
      edgec_fully_connected_bsr_s8(&P, &Q.Q, X.data(), &W.Bd, W.BsrW.values.data(), B, Got.data());
    REQUIRE(Got == Want);
  }
}

TEST_CASE("sparse: float conv, N:M and BSR, close to edgec_conv_f32", "[sparse][float][conv]") {
  Rng R(9003);
  for (int Iter = 0; Iter < 250; ++Iter) {
    const Format &F = Formats[Iter % NumFormats];
    edgec_conv_params P = randomConv(R, Iter % 25 == 24);
    P.act = randomAct(R);
    const int32_t Cols = taps(P) * P.in_channels;
    INFO("iter " << Iter << ", cin " << P.in_channels << ", cout " << P.out_channels << ", taps " << taps(P));
    const auto X = randomF32(size_t(P.batch * volume(P.in_spatial) * P.in_channels), R);
    Packed<float> W(randomF32(size_t(P.out_channels * Cols), R), P.out_channels, Cols, F, R);
    const auto Bias = randomF32(size_t(P.out_channels), R);
    const float *B = Iter % 5 != 0 ? Bias.data() : nullptr;
    const size_t OutN = size_t(P.batch * volume(P.out_spatial) * P.out_channels);
    std::vector<float> Want(OutN), Got(OutN, NAN), Scale(OutN);
    edgec_conv_f32(&P, X.data(), W.Dense.data(), B, Want.data());
    if (W.Nm)
      edgec_conv_nm_f32(&P, X.data(), &W.Nd, W.NmW.values.data(), W.NmW.indices.data(), B, Got.data());
    else
      edgec_conv_bsr_f32(&P, X.data(), &W.Bd, W.BsrW.values.data(), B, Got.data());
    // The scale: the same conv on |x| and |w|, no activation.
    edgec_conv_params A = P;
    A.act.kind = EDGEC_ACT_NONE;
    std::vector<float> AbsX(X), AbsW(W.Dense), AbsB(Bias);
    for (auto *V : {&AbsX, &AbsW, &AbsB})
      for (float &E : *V)
        E = std::fabs(E);
    edgec_conv_f32(&A, AbsX.data(), AbsW.data(), B ? AbsB.data() : nullptr, Scale.data());
    checkClose(Want, Got, Scale);
  }
}

TEST_CASE("sparse: float fully connected, N:M and BSR, close to edgec_gemm_f32", "[sparse][float][fc]") {
  Rng R(9004);
  for (int Iter = 0; Iter < 200; ++Iter) {
    const Format &F = Formats[Iter % NumFormats];
    const bool Big = Iter % 20 == 19;
    edgec_fc_params P = {uni(R, 1, 40), Big ? uni(R, 60, 140) : uni(R, 1, 40), Big ? uni(R, 250, 600) : uni(R, 1, 70)};
    INFO("iter " << Iter << ", batches " << P.batches << ", out " << P.out_features << ", in " << P.in_features);
    const edgec_act Act = randomAct(R);
    const auto X = randomF32(size_t(P.batches * P.in_features), R);
    Packed<float> W(randomF32(size_t(P.out_features * P.in_features), R), P.out_features, P.in_features, F, R);
    const auto Bias = randomF32(size_t(P.out_features), R);
    const bool HasBias = Iter % 4 != 0;
    // Dense: Gemm with B = W^T and C = bias broadcast over the rows (how FC is emitted).
    edgec_gemm_params G{};
    G.m = P.batches, G.n = P.out_features, G.k = P.in_features, G.trans_b = 1, G.alpha = 1.0f, G.beta = 1.0f;
    G.c_rows = 1, G.c_cols = P.out_features, G.act = Act;
    std::vector<float> Want(size_t(P.batches * P.out_features)), Got(Want.size(), NAN), Scale(Want.size());
    edgec_gemm_f32(&G, X.data(), W.Dense.data(), HasBias ? Bias.data() : nullptr, Want.data());
    if (W.Nm)
      edgec_fully_connected_nm_f32(&P, &Act, X.data(), &W.Nd, W.NmW.values.data(), W.NmW.indices.data(),
                                   HasBias ? Bias.data() : nullptr, Got.data());
    else
      edgec_fully_connected_bsr_f32(&P, &Act, X.data(), &W.Bd, W.BsrW.values.data(),
                                    HasBias ? Bias.data() : nullptr, Got.data());
    for (int32_t B = 0; B < P.batches; ++B)
      for (int32_t O = 0; O < P.out_features; ++O) {
        double S = HasBias ? std::fabs(Bias[size_t(O)]) : 0.0;
        for (int32_t I = 0; I < P.in_features; ++I)
          S += std::fabs(double(X[size_t(B * P.in_features + I)]) * W.Dense[size_t(O * P.in_features + I)]);
        Scale[size_t(B * P.out_features + O)] = float(S);
      }
    checkClose(Want, Got, Scale);
  }
}

TEST_CASE("sparse: a matrix that does not fit the layer writes nothing", "[sparse]") {
  Rng R(9005);
  edgec_fc_params P = {2, 8, 16};
  const auto X = randomI8(32, R);
  Packed<int8_t> W(randomI8(8 * 16, R), 8, 16, Formats[0], R);
  W.Nd.cols = 15; // not the layer's reduction
  const Requant Q(R, 8, true);
  std::vector<int8_t> Y(16, 0x55);
  edgec_fully_connected_nm_s8(&P, &Q.Q, X.data(), &W.Nd, W.NmW.values.data(), W.NmW.indices.data(), nullptr,
                              Y.data());
  CHECK(Y == std::vector<int8_t>(16, 0x55));
}
