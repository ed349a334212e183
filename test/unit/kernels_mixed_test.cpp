// Unit tests for the mixed-precision (int8 / int16 activations) quantized kernels.
// Every expectation comes from a plain reference written here from the kernels' definitions
// (int64 loops; requant.h's scalar requantization functions for the final scaling step, which
// kernels_int8_test.cpp checks against 128-bit references); comparisons are exact. All-int8
// width combinations are also compared byte for byte with the int8 kernels.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <random>
#include <vector>

#include "edgec/kernels/quantized.h"

namespace {

using Rng = std::mt19937;

int32_t uni(Rng &R, int32_t Lo, int32_t Hi) { return std::uniform_int_distribution<int32_t>(Lo, Hi)(R); }

int32_t typeMin(int Bits) { return Bits == 8 ? -128 : -32768; }
int32_t typeMax(int Bits) { return Bits == 8 ? 127 : 32767; }

// A random activation value, the type's extremes with probability 1/8 each.
int32_t randAct(Rng &R, int Bits) {
  const int32_t K = uni(R, 0, 15);
  if (K == 0)
    return typeMin(Bits);
  if (K == 1)
    return typeMax(Bits);
  return uni(R, typeMin(Bits), typeMax(Bits));
}

// An activation tensor stored at 8 or 16 bits, filled with a canary.
struct Buf {
  int Bits;
  std::vector<int8_t> B8;
  std::vector<int16_t> B16;
  Buf(int Bits_, size_t N)
      : Bits(Bits_), B8(Bits_ == 8 ? N : 0, int8_t(0x5A)), B16(Bits_ == 16 ? N : 0, int16_t(0x5A5A)) {}
  void *ptr() { return Bits == 8 ? static_cast<void *>(B8.data()) : static_cast<void *>(B16.data()); }
  const void *ptr() const {
    return Bits == 8 ? static_cast<const void *>(B8.data()) : static_cast<const void *>(B16.data());
  }
  size_t size() const { return Bits == 8 ? B8.size() : B16.size(); }
  int32_t get(size_t I) const { return Bits == 8 ? B8[I] : B16[I]; }
  void set(size_t I, int32_t V) {
    REQUIRE(V >= typeMin(Bits));
    REQUIRE(V <= typeMax(Bits));
    if (Bits == 8)
      B8[I] = int8_t(V);
    else
      B16[I] = int16_t(V);
  }
  void randomize(Rng &R) {
    for (size_t I = 0; I < size(); ++I)
      set(I, randAct(R, Bits));
  }
};

// floor(A / 2^E) for any sign.
int64_t floorDivPot(int64_t A, int E) {
  const int64_t D = int64_t(1) << E;
  int64_t Q = A / D;
  if (A % D != 0 && A < 0)
    --Q;
  return Q;
}

int32_t clampTo(int64_t V, int32_t Lo, int32_t Hi) { return int32_t(std::min<int64_t>(Hi, std::max<int64_t>(Lo, V))); }

// 8-bit-input requantization: the accumulator must fit int32 (the kernels' int32 accumulator).
int32_t refOut32(int64_t Acc, int32_t M, int32_t S, int32_t Off, int32_t Lo, int32_t Hi) {
  REQUIRE(Acc >= INT32_MIN);
  REQUIRE(Acc <= INT32_MAX);
  return clampTo(int64_t(edgec_requantize(int32_t(Acc), M, S)) + Off, Lo, Hi);
}

// 16-bit-input requantization (TFLM 16x8): 64-bit accumulator.
int32_t refOut64(int64_t Acc, int32_t M, int32_t S, int32_t Off, int32_t Lo, int32_t Hi) {
  return clampTo(int64_t(edgec_requantize_s64(Acc, M, S)) + Off, Lo, Hi);
}

// A multiplier as TFLM derives it (frexp, 31-bit fraction).
void quantMult(double Real, int32_t &M, int32_t &S) {
  int E = 0;
  const double Q = std::frexp(Real, &E);
  long long F = std::llround(Q * 2147483648.0);
  if (F == (1LL << 31)) {
    F /= 2;
    ++E;
  }
  M = int32_t(F);
  S = E;
}

// Per-channel or per-tensor requantization parameters for an (in_bits, out_bits) kernel.
// The real multiplier is 2^Log2Scale * [1, 2) (randomised per channel) so that outputs
// mostly land inside the output range; offsets as the types' zero points.
struct Requant {
  std::vector<int32_t> Mult, Shift;
  edgec_requant_params Q;
  Requant(Rng &R, int32_t Channels, bool PerChannel, int InBits, int OutBits, double Log2Scale) {
    const int32_t N = PerChannel ? Channels : 1;
    for (int32_t I = 0; I < N; ++I) {
      int32_t M, S;
      quantMult(std::ldexp(1.0 + double(uni(R, 0, 1000)) / 1000.0, int(Log2Scale) + uni(R, -1, 1)), M, S);
      Mult.push_back(M);
      Shift.push_back(S);
    }
    std::memset(&Q, 0, sizeof(Q));
    Q.input_offset = InBits == 8 ? uni(R, -127, 128) : (uni(R, 0, 3) == 0 ? uni(R, -100, 100) : 0);
    Q.output_offset = OutBits == 8 ? uni(R, -128, 127) : (uni(R, 0, 3) == 0 ? uni(R, -100, 100) : 0);
    Q.act_min = typeMin(OutBits);
    Q.act_max = typeMax(OutBits);
    if (uni(R, 0, 2) == 0) { // a fused activation range
      Q.act_min = uni(R, typeMin(OutBits), 0);
      Q.act_max = uni(R, Q.act_min, typeMax(OutBits));
    }
    Q.per_channel = PerChannel ? 1 : 0;
    Q.multiplier = Mult.data();
    Q.shift = Shift.data();
  }
  int32_t out(int InBits, int32_t Channel, int64_t Acc) const {
    const size_t I = size_t(Q.per_channel ? Channel : 0);
    return InBits == 8 ? refOut32(Acc, Mult[I], Shift[I], Q.output_offset, Q.act_min, Q.act_max)
                       : refOut64(Acc, Mult[I], Shift[I], Q.output_offset, Q.act_min, Q.act_max);
  }
};

const int kWidths[2] = {8, 16};

// Counts outputs strictly inside the clamp range and at its bounds.
struct Spread {
  int64_t Inside = 0, AtBound = 0;
  void add(int32_t V, int32_t Lo, int32_t Hi) {
    if (V == Lo || V == Hi)
      ++AtBound;
    else
      ++Inside;
  }
};

} // namespace

// ---- Convolution -------------------------------------------------------------------------------

namespace {

// One random conv at the given widths, checked against the reference; 8/8 also against
// edgec_conv_s8 byte for byte (kernels_int8_test.cpp checks 16/16 against TFLM's 16x8 conv).
void checkConvMixed(Rng &R, int InBits, int OutBits, int32_t Rank, int32_t Mode, Spread &Sp) {
  // Mode: 0 dense, 1 grouped, 2 depthwise (with multiplier), 3 pointwise, 4 deep (long dot
  // products, chunked partial sums), 5 depthwise with a long 1-D kernel (> 64 and > 128 taps).
  edgec_conv_params P;
  std::memset(&P, 0, sizeof(P));
  if (Mode == 5)
    Rank = 1;
  P.spatial_rank = Rank;
  P.batch = uni(R, 1, 2);
  int32_t Groups = 1, Cin, Cout;
  if (Mode == 2 || Mode == 5) {
    Cin = uni(R, 1, 40);
    Groups = Cin;
    Cout = Cin * (uni(R, 0, 1) ? 1 : uni(R, 2, 3));
  } else if (Mode == 1) {
    Groups = uni(R, 2, 3);
    Cin = Groups * uni(R, 1, 20);
    Cout = Groups * uni(R, 1, 6);
  } else if (Mode == 4) {
    Cin = uni(R, 0, 2) == 0 ? uni(R, 2040, 4200) : uni(R, 100, 700);
    Cout = uni(R, 1, 5);
  } else {
    Cin = uni(R, 1, 40);
    Cout = uni(R, 1, 9);
  }
  P.in_channels = Cin, P.out_channels = Cout, P.groups = Groups;
  int32_t In[3] = {1, 1, 1}, Out[3] = {1, 1, 1}, K[3] = {1, 1, 1}, St[3] = {1, 1, 1}, Dil[3] = {1, 1, 1},
          Pb[3] = {0, 0, 0};
  for (int32_t D = 0; D < Rank; ++D) {
    In[D] = uni(R, 1, Rank == 3 ? 5 : 8);
    if (Mode == 4)
      In[D] = uni(R, 1, 3);
    if (Mode != 3) {
      K[D] = Mode == 5 ? uni(R, 60, 200) : uni(R, 1, 3);
      St[D] = uni(R, 1, 3);
      Dil[D] = Mode == 5 ? 1 : uni(R, 1, 2);
      Pb[D] = uni(R, 0, 2);
    }
    const int32_t Pe = Mode == 3 ? 0 : uni(R, 0, 2);
    const int32_t Span = Dil[D] * (K[D] - 1) + 1;
    if (In[D] + Pb[D] + Pe < Span)
      In[D] = Span + uni(R, 0, 3);
    Out[D] = (In[D] + Pb[D] + Pe - Span) / St[D] + 1;
    P.in_spatial[D] = In[D], P.out_spatial[D] = Out[D], P.kernel[D] = K[D];
    P.stride[D] = St[D], P.dilation[D] = Dil[D], P.pad_begin[D] = Pb[D];
  }
  const int32_t Cg = Cin / Groups, Og = Cout / Groups;
  const int32_t InVol = In[0] * In[1] * In[2], OutVol = Out[0] * Out[1] * Out[2], KVol = K[0] * K[1] * K[2];
  Buf X(InBits, size_t(P.batch * InVol * Cin));
  X.randomize(R);
  std::vector<int8_t> F(size_t(Cout * KVol * Cg));
  for (auto &V : F)
    V = int8_t(uni(R, 0, 15) == 0 ? (uni(R, 0, 1) ? 127 : -128) : uni(R, -128, 127));
  std::vector<int32_t> Bias32(static_cast<size_t>(Cout));
  std::vector<int64_t> Bias64(static_cast<size_t>(Cout));
  for (size_t I = 0; I < size_t(Cout); ++I) {
    Bias32[I] = uni(R, -20000, 20000);
    Bias64[I] = int64_t(uni(R, -(1 << 22), 1 << 22)) * (uni(R, 0, 7) == 0 ? 4096 : 1);
  }
  const bool HasBias = uni(R, 0, 3) != 0;
  const bool PerChannel = uni(R, 0, 1) == 1;
  // Typical |acc| ~ sqrt(taps) * (input half-range) * 64; aim it at the output half-range.
  const double Taps = double(std::max(1, Cg * KVol));
  const double Log2Acc = 0.5 * std::log2(Taps) + (InBits == 8 ? 7 : 15) + 6;
  Requant Q(R, Cout, PerChannel, InBits, OutBits, (OutBits == 8 ? 5 : 13) - Log2Acc);
  if (InBits == 8 && uni(R, 0, 5) == 0) // not an int8 zero point
    Q.Q.input_offset = uni(R, 0, 1) ? uni(R, 129, 1000) : uni(R, -1000, -128);
  const void *BiasPtr = HasBias ? (InBits == 8 ? static_cast<const void *>(Bias32.data())
                                               : static_cast<const void *>(Bias64.data()))
                                : nullptr;
  Buf Y(OutBits, size_t(P.batch * OutVol * Cout));
  edgec_conv_mixed(&P, &Q.Q, X.ptr(), InBits, F.data(), BiasPtr, Y.ptr(), OutBits);
  size_t Idx = 0;
  for (int32_t N = 0; N < P.batch; ++N)
    for (int32_t O0 = 0; O0 < Out[0]; ++O0)
      for (int32_t O1 = 0; O1 < Out[1]; ++O1)
        for (int32_t O2 = 0; O2 < Out[2]; ++O2)
          for (int32_t Oc = 0; Oc < Cout; ++Oc, ++Idx) {
            int64_t Acc = HasBias ? (InBits == 8 ? Bias32[size_t(Oc)] : Bias64[size_t(Oc)]) : 0;
            const int32_t G = Oc / Og;
            for (int32_t K0 = 0; K0 < K[0]; ++K0)
              for (int32_t K1 = 0; K1 < K[1]; ++K1)
                for (int32_t K2 = 0; K2 < K[2]; ++K2) {
                  const int32_t I0 = O0 * St[0] - Pb[0] + K0 * Dil[0];
                  const int32_t I1 = O1 * St[1] - Pb[1] + K1 * Dil[1];
                  const int32_t I2 = O2 * St[2] - Pb[2] + K2 * Dil[2];
                  if (I0 < 0 || I0 >= In[0] || I1 < 0 || I1 >= In[1] || I2 < 0 || I2 >= In[2])
                    continue;
                  for (int32_t C = 0; C < Cg; ++C) {
                    const int64_t XV = X.get(size_t((((N * In[0] + I0) * In[1] + I1) * In[2] + I2) * Cin + G * Cg + C));
                    const int64_t WV = F[size_t((((Oc * K[0] + K0) * K[1] + K1) * K[2] + K2) * Cg + C)];
                    Acc += (XV + Q.Q.input_offset) * WV;
                  }
                }
            const int32_t Want = Q.out(InBits, Oc, Acc);
            Sp.add(Want, Q.Q.act_min, Q.Q.act_max);
            INFO("in " << InBits << " out " << OutBits << " mode " << Mode << " rank " << Rank << " oc " << Oc
                       << " idx " << Idx << " acc " << Acc);
            REQUIRE(Y.get(Idx) == Want);
          }
  REQUIRE(Idx == Y.size());
  if (InBits == 8 && OutBits == 8) {
    std::vector<int8_t> Z(Y.size(), int8_t(0x33));
    edgec_conv_s8(&P, &Q.Q, X.B8.data(), F.data(), HasBias ? Bias32.data() : nullptr, Z.data());
    REQUIRE(std::memcmp(Z.data(), Y.B8.data(), Z.size()) == 0);
  }
}

} // namespace

TEST_CASE("mixed: conv, every width combination (dense, grouped, depthwise, pointwise, deep)", "[mixed][conv]") {
  Rng R(2024);
  for (int InBits : kWidths)
    for (int OutBits : kWidths) {
      Spread Sp;
      for (int Iter = 0; Iter < 240; ++Iter) {
        const int32_t Rank = 1 + Iter % 3, Mode = (Iter / 3) % 6;
        INFO("iter " << Iter);
        checkConvMixed(R, InBits, OutBits, Rank, Mode, Sp);
      }
      INFO("in " << InBits << " out " << OutBits << " inside " << Sp.Inside << " at bounds " << Sp.AtBound);
      CHECK(Sp.Inside > 4 * Sp.AtBound / 10); // mostly unclamped results
      CHECK(Sp.AtBound > 50);                 // the clamp is exercised
    }
}

TEST_CASE("mixed: conv hand-checked (int16 in, int8 out; int8 in, int16 out)", "[mixed][conv]") {
  // 1-D, 2 taps, 1 channel: out = requant(x0 * 3 + x1 * -2 + bias).
  edgec_conv_params P;
  std::memset(&P, 0, sizeof(P));
  P.spatial_rank = 1, P.batch = 1, P.in_channels = 1, P.out_channels = 1, P.groups = 1;
  P.in_spatial[0] = 2, P.out_spatial[0] = 1, P.kernel[0] = 2, P.stride[0] = 1, P.dilation[0] = 1;
  const int8_t F[2] = {3, -2};
  const int32_t M = 1 << 30, S = 0; // x 0.5
  edgec_requant_params Q = {0, 1, -128, 127, 0, &M, &S};
  const int16_t X16[2] = {-32768, 32767};
  const int64_t B64 = 1000;
  int8_t Y8 = 0;
  // acc = -98304 - 65534 + 1000 = -162838; * 0.5 (16-bit multiplier 2^14, shift 15) = -81419 -> clamp -128.
  edgec_conv_mixed(&P, &Q, X16, 16, F, &B64, &Y8, 8);
  CHECK(int32_t(Y8) == -128);
  const int16_t X16b[2] = {40, 10}; // acc = 120 - 20 + 1000 = 1100 -> 550 + 1 -> 127
  edgec_conv_mixed(&P, &Q, X16b, 16, F, &B64, &Y8, 8);
  CHECK(int32_t(Y8) == 127);
  const int16_t X16c[2] = {-7, 4}; // acc = -21 - 8 = -29 (no bias) -> -14.5 -> -14 (half up) + 1 = -13
  edgec_conv_mixed(&P, &Q, X16c, 16, F, nullptr, &Y8, 8);
  CHECK(int32_t(Y8) == -13);
  Q.act_min = -32768, Q.act_max = 32767;
  // acc = -384 - 254 + 7 = -631 -> -315.5 -> -315 (the high-mul's ties go up) + 1.
  const int8_t X8[2] = {-128, 127};
  const int32_t B32 = 7;
  int16_t Y16 = 0;
  edgec_conv_mixed(&P, &Q, X8, 8, F, &B32, &Y16, 16);
  CHECK(int32_t(Y16) == -314);
}

TEST_CASE("mixed: long int16 accumulations of extreme values (partial sums widened in time)", "[mixed][conv]") {
  // Every product is (-32768) * (-128) = 2^22: an int32 sum overflows after 512 of them, so
  // these catch partial sums that are not widened to int64 in time. Reference: N * 2^22.
  const int32_t M = 1 << 30, S = -20; // x 2^-21
  edgec_requant_params Q = {0, 0, -32768, 32767, 0, &M, &S};
  edgec_requant_params Q8 = {0, 0, -128, 127, 0, &M, &S}; // the clamp lies in the output type
  for (int Case = 0; Case < 6; ++Case) {
    edgec_conv_params P;
    std::memset(&P, 0, sizeof(P));
    P.spatial_rank = 2, P.batch = 1, P.groups = 1;
    P.stride[0] = P.stride[1] = P.dilation[0] = P.dilation[1] = 1;
    int32_t Taps = 1;
    if (Case == 0) { // 1x1, 9000 channels
      P.in_channels = 9000, P.out_channels = 5;
      P.in_spatial[0] = P.in_spatial[1] = P.out_spatial[0] = P.out_spatial[1] = P.kernel[0] = P.kernel[1] = 1;
    } else if (Case == 1) { // 3x3 over 1000 channels: 9000 products
      P.in_channels = 1000, P.out_channels = 3;
      P.in_spatial[0] = P.in_spatial[1] = P.kernel[0] = P.kernel[1] = 3;
      P.out_spatial[0] = P.out_spatial[1] = 1;
    } else if (Case == 4) { // 1x1 over 1000 channels (output-channel blocked path): 1000 products
      P.in_channels = 1000, P.out_channels = 17;
      P.in_spatial[0] = P.in_spatial[1] = P.out_spatial[0] = P.out_spatial[1] = P.kernel[0] = P.kernel[1] = 1;
    } else if (Case == 5) { // 3x3 over 110 channels (blocked, taps widened in between): 990 products
      P.in_channels = 110, P.out_channels = 3;
      P.in_spatial[0] = P.in_spatial[1] = P.kernel[0] = P.kernel[1] = 3;
      P.out_spatial[0] = P.out_spatial[1] = 1;
    } else { // depthwise, 30x30 = 900 taps, 16 (gathered table) or 5 channels
      P.in_channels = P.out_channels = P.groups = Case == 2 ? 16 : 5;
      P.in_spatial[0] = P.in_spatial[1] = P.kernel[0] = P.kernel[1] = 30;
      P.out_spatial[0] = P.out_spatial[1] = 1;
    }
    Taps = P.kernel[0] * P.kernel[1];
    const int32_t Cg = P.in_channels / P.groups;
    const int64_t N = int64_t(Taps) * Cg;
    const std::vector<int16_t> X(size_t(Taps * P.in_channels), int16_t(-32768));
    const std::vector<int8_t> F(size_t(P.out_channels * Taps * Cg), int8_t(-128));
    std::vector<int16_t> Y(size_t(P.out_channels), 0);
    std::vector<int8_t> Y8(size_t(P.out_channels), 0);
    edgec_conv_mixed(&P, &Q, X.data(), 16, F.data(), nullptr, Y.data(), 16);
    edgec_conv_mixed(&P, &Q8, X.data(), 16, F.data(), nullptr, Y8.data(), 8);
    const int32_t Want = refOut64(N << 22, M, S, 0, -32768, 32767);
    INFO("case " << Case << " products " << N << " want " << Want);
    REQUIRE(N > 512);
    for (size_t I = 0; I < Y.size(); ++I) {
      REQUIRE(int32_t(Y[I]) == Want);
      REQUIRE(int32_t(Y8[I]) == clampTo(Want, -128, 127));
    }
    if (Case == 0) { // the same as fully connected
      edgec_fc_params Fc = {1, 5, 9000};
      std::fill(Y.begin(), Y.end(), int16_t(0));
      edgec_fully_connected_mixed(&Fc, &Q, X.data(), 16, F.data(), nullptr, Y.data(), 16);
      for (size_t I = 0; I < Y.size(); ++I)
        REQUIRE(int32_t(Y[I]) == Want);
    }
  }
}

TEST_CASE("mixed: 16-bit inputs requantize with TFLM's 64-bit rounding, 8-bit inputs with the 32-bit one",
          "[mixed][conv][fc][pool]") {
  // acc = -58, real multiplier 1/4 (2^30, shift -1): the 64-bit path rounds -14.5 half up to
  // -14; the 32-bit path computes -29 exactly and then rounds half away from zero to -15.
  const int32_t M = 1 << 30, S = -1;
  edgec_requant_params Q = {0, 0, -128, 127, 0, &M, &S};
  edgec_conv_params P;
  std::memset(&P, 0, sizeof(P));
  P.spatial_rank = 1, P.batch = 1, P.in_channels = 2, P.out_channels = 1, P.groups = 1;
  P.in_spatial[0] = 1, P.out_spatial[0] = 1, P.kernel[0] = 1, P.stride[0] = 1, P.dilation[0] = 1;
  const int8_t F[2] = {2, 1};
  const int16_t X16[2] = {-20, -18}; // -40 - 18 = -58
  const int8_t X8[2] = {-20, -18};
  int16_t Y16 = 0;
  int8_t Y8 = 0;
  edgec_conv_mixed(&P, &Q, X16, 16, F, nullptr, &Y16, 16);
  CHECK(Y16 == -14);
  edgec_conv_mixed(&P, &Q, X16, 16, F, nullptr, &Y8, 8);
  CHECK(Y8 == -14);
  edgec_conv_mixed(&P, &Q, X8, 8, F, nullptr, &Y16, 16);
  CHECK(Y16 == -15);
  edgec_conv_mixed(&P, &Q, X8, 8, F, nullptr, &Y8, 8);
  CHECK(Y8 == -15);
  const edgec_fc_params Fc = {1, 1, 2};
  edgec_fully_connected_mixed(&Fc, &Q, X16, 16, F, nullptr, &Y8, 8);
  CHECK(Y8 == -14);
  edgec_fully_connected_mixed(&Fc, &Q, X8, 8, F, nullptr, &Y16, 16);
  CHECK(Y16 == -15);
  // Global average pool: sum of 2 pixels = -58.
  const int16_t G16[2] = {-29, -29};
  const int8_t G8[2] = {-29, -29};
  edgec_global_avgpool_mixed(1, 2, 1, &Q, G16, 16, &Y8, 8);
  CHECK(Y8 == -14);
  edgec_global_avgpool_mixed(1, 2, 1, &Q, G16, 16, &Y16, 16);
  CHECK(Y16 == -14);
  edgec_global_avgpool_mixed(1, 2, 1, &Q, G8, 8, &Y16, 16);
  CHECK(Y16 == -15);
  edgec_global_avgpool_mixed(1, 2, 1, &Q, G8, 8, &Y8, 8);
  CHECK(Y8 == -15);
}

// ---- Fully connected ---------------------------------------------------------------------------

TEST_CASE("mixed: fully connected, every width combination", "[mixed][fc]") {
  Rng R(77);
  for (int InBits : kWidths)
    for (int OutBits : kWidths) {
      Spread Sp;
      for (int Iter = 0; Iter < 150; ++Iter) {
        edgec_fc_params P = {uni(R, 1, 4), uni(R, 1, 40), Iter % 10 == 0 ? uni(R, 2000, 4500) : uni(R, 1, 70)};
        Buf X(InBits, size_t(P.batches * P.in_features));
        X.randomize(R);
        std::vector<int8_t> W(size_t(P.out_features * P.in_features));
        for (auto &V : W)
          V = int8_t(uni(R, -128, 127));
        std::vector<int32_t> B32(size_t(P.out_features));
        std::vector<int64_t> B64(size_t(P.out_features));
        for (size_t I = 0; I < B32.size(); ++I) {
          B32[I] = uni(R, -30000, 30000);
          B64[I] = int64_t(uni(R, -(1 << 22), 1 << 22)) * (uni(R, 0, 7) == 0 ? 4096 : 1);
        }
        const bool HasBias = Iter % 4 != 0;
        const double Log2Acc = 0.5 * std::log2(double(P.in_features)) + (InBits == 8 ? 7 : 15) + 6;
        const Requant Q(R, P.out_features, Iter % 2 == 0, InBits, OutBits, (OutBits == 8 ? 5 : 13) - Log2Acc);
        const void *BiasPtr = HasBias ? (InBits == 8 ? static_cast<const void *>(B32.data())
                                                     : static_cast<const void *>(B64.data()))
                                      : nullptr;
        Buf Y(OutBits, size_t(P.batches * P.out_features));
        edgec_fully_connected_mixed(&P, &Q.Q, X.ptr(), InBits, W.data(), BiasPtr, Y.ptr(), OutBits);
        for (int32_t B = 0; B < P.batches; ++B)
          for (int32_t O = 0; O < P.out_features; ++O) {
            int64_t Acc = HasBias ? (InBits == 8 ? B32[size_t(O)] : B64[size_t(O)]) : 0;
            for (int32_t I = 0; I < P.in_features; ++I)
              Acc += (int64_t(X.get(size_t(B * P.in_features + I))) + Q.Q.input_offset) *
                     W[size_t(O * P.in_features + I)];
            const int32_t Want = Q.out(InBits, O, Acc);
            Sp.add(Want, Q.Q.act_min, Q.Q.act_max);
            INFO("in " << InBits << " out " << OutBits << " iter " << Iter << " b " << B << " o " << O);
            REQUIRE(Y.get(size_t(B * P.out_features + O)) == Want);
          }
        if (InBits == 8 && OutBits == 8) {
          std::vector<int8_t> Z(Y.size(), int8_t(0x33));
          edgec_fully_connected_s8(&P, &Q.Q, X.B8.data(), W.data(), HasBias ? B32.data() : nullptr, Z.data());
          REQUIRE(std::memcmp(Z.data(), Y.B8.data(), Z.size()) == 0);
        }
      }
      INFO("in " << InBits << " out " << OutBits << " inside " << Sp.Inside << " at bounds " << Sp.AtBound);
      CHECK(Sp.Inside > 4 * Sp.AtBound / 10);
      CHECK(Sp.AtBound > 20);
    }
}

// ---- Add / Sub / Mul ---------------------------------------------------------------------------

namespace {

struct Bcast {
  edgec_binary_params P;
  std::vector<int32_t> AShape, BShape;
  int32_t Count = 1, ACount = 1, BCount = 1;
  explicit Bcast(Rng &R) {
    std::memset(&P, 0, sizeof(P));
    P.rank = uni(R, 0, 4);
    AShape.resize(size_t(P.rank));
    BShape.resize(size_t(P.rank));
    for (int32_t D = 0; D < P.rank; ++D) {
      P.out_shape[D] = uni(R, 1, 5);
      AShape[size_t(D)] = uni(R, 0, 2) ? P.out_shape[D] : 1;
      BShape[size_t(D)] = uni(R, 0, 2) ? P.out_shape[D] : 1;
    }
    for (int32_t D = P.rank - 1; D >= 0; --D) {
      P.a_stride[D] = AShape[size_t(D)] == 1 ? 0 : ACount;
      P.b_stride[D] = BShape[size_t(D)] == 1 ? 0 : BCount;
      ACount *= AShape[size_t(D)];
      BCount *= BShape[size_t(D)];
      Count *= P.out_shape[D];
    }
  }
  void offsets(int32_t I, int32_t &OA, int32_t &OB) const {
    OA = OB = 0;
    int32_t SA = 1, SB = 1;
    for (int32_t D = P.rank - 1; D >= 0; --D) {
      const int32_t C = I % P.out_shape[D];
      I /= P.out_shape[D];
      if (AShape[size_t(D)] != 1)
        OA += C * SA;
      if (BShape[size_t(D)] != 1)
        OB += C * SB;
      SA *= AShape[size_t(D)];
      SB *= BShape[size_t(D)];
    }
  }
};

// An offset for a tensor of the given width: an int8 zero point, or mostly 0 for int16.
int32_t randOffset(Rng &R, int Bits) {
  if (Bits == 8)
    return uni(R, -128, 127);
  return uni(R, 0, 3) == 0 ? uni(R, -100, 100) : 0;
}

// A real scale giving the type a random real range of [0.5, 8).
double randScale(Rng &R, int Bits) {
  return std::ldexp(1.0 + double(uni(R, 0, 999)) / 1000.0, uni(R, -1, 2)) / double(typeMax(Bits) + 1);
}

void randomActRange(Rng &R, int Bits, int32_t &Lo, int32_t &Hi) {
  Lo = typeMin(Bits), Hi = typeMax(Bits);
  if (uni(R, 0, 2) == 0) {
    Lo = uni(R, typeMin(Bits), 0);
    Hi = uni(R, Lo, typeMax(Bits));
  }
}

} // namespace

TEST_CASE("mixed: add and sub, every width combination, with broadcasting", "[mixed][add]") {
  Rng R(31);
  for (int ABits : kWidths)
    for (int BBits : kWidths)
      for (int OBits : kWidths) {
        Spread Sp;
        for (int Iter = 0; Iter < 150; ++Iter) {
          const Bcast Bc(R);
          Buf A(ABits, size_t(Bc.ACount)), B(BBits, size_t(Bc.BCount));
          A.randomize(R);
          B.randomize(R);
          // TFLM PrepareGeneralSubOp: left shift 20 for all-int8, 15 with an int16 input.
          const int32_t LeftShift = ABits == 16 || BBits == 16 ? 15 : 20;
          const double S1 = randScale(R, ABits), S2 = randScale(R, BBits), SO = randScale(R, OBits);
          edgec_add_s8_params Q;
          Q.input1_offset = randOffset(R, ABits), Q.input2_offset = randOffset(R, BBits);
          Q.output_offset = randOffset(R, OBits);
          Q.left_shift = LeftShift;
          const double Twice = 2 * std::max(S1, S2);
          quantMult(S1 / Twice, Q.input1_multiplier, Q.input1_shift);
          quantMult(S2 / Twice, Q.input2_multiplier, Q.input2_shift);
          quantMult(Twice / (std::ldexp(1.0, LeftShift) * SO), Q.output_multiplier, Q.output_shift);
          randomActRange(R, OBits, Q.act_min, Q.act_max);
          Buf YA(OBits, size_t(Bc.Count)), YS(OBits, size_t(Bc.Count));
          edgec_add_mixed(&Bc.P, &Q, A.ptr(), ABits, B.ptr(), BBits, YA.ptr(), OBits);
          edgec_sub_mixed(&Bc.P, &Q, A.ptr(), ABits, B.ptr(), BBits, YS.ptr(), OBits);
          for (int32_t I = 0; I < Bc.Count; ++I) {
            int32_t OA, OB;
            Bc.offsets(I, OA, OB);
            const int64_t X1 = (int64_t(A.get(size_t(OA))) + Q.input1_offset) * (int64_t(1) << LeftShift);
            const int64_t X2 = (int64_t(B.get(size_t(OB))) + Q.input2_offset) * (int64_t(1) << LeftShift);
            REQUIRE(X1 >= INT32_MIN);
            REQUIRE(X1 <= INT32_MAX);
            REQUIRE(X2 >= INT32_MIN);
            REQUIRE(X2 <= INT32_MAX);
            const int64_t V1 = edgec_requantize(int32_t(X1), Q.input1_multiplier, Q.input1_shift);
            const int64_t V2 = edgec_requantize(int32_t(X2), Q.input2_multiplier, Q.input2_shift);
            const int32_t WantA =
                refOut32(V1 + V2, Q.output_multiplier, Q.output_shift, Q.output_offset, Q.act_min, Q.act_max);
            const int32_t WantS =
                refOut32(V1 - V2, Q.output_multiplier, Q.output_shift, Q.output_offset, Q.act_min, Q.act_max);
            Sp.add(WantA, Q.act_min, Q.act_max);
            INFO("widths " << ABits << "/" << BBits << "/" << OBits << " iter " << Iter << " i " << I);
            REQUIRE(YA.get(size_t(I)) == WantA);
            REQUIRE(YS.get(size_t(I)) == WantS);
          }
          if (ABits == 8 && BBits == 8 && OBits == 8) {
            std::vector<int8_t> ZA(size_t(Bc.Count)), ZS(size_t(Bc.Count));
            edgec_add_s8(&Bc.P, &Q, A.B8.data(), B.B8.data(), ZA.data());
            edgec_sub_s8(&Bc.P, &Q, A.B8.data(), B.B8.data(), ZS.data());
            REQUIRE(std::memcmp(ZA.data(), YA.B8.data(), ZA.size()) == 0);
            REQUIRE(std::memcmp(ZS.data(), YS.B8.data(), ZS.size()) == 0);
          }
        }
        INFO("widths " << ABits << "/" << BBits << "/" << OBits << " inside " << Sp.Inside);
        CHECK(Sp.Inside > Sp.AtBound / 4); // not clamp-dominated
      }
}

TEST_CASE("mixed: add of int16 extremes with left shift 15 does not overflow", "[mixed][add]") {
  // Equal scales: both input multipliers are exactly 1/2 (2^30, shift 0), the worst case.
  edgec_add_s8_params Q;
  Q.input1_offset = Q.input2_offset = Q.output_offset = 0;
  Q.left_shift = 15;
  Q.input1_multiplier = Q.input2_multiplier = 1 << 30;
  Q.input1_shift = Q.input2_shift = 0;
  quantMult(2.0 / 32768.0, Q.output_multiplier, Q.output_shift); // output scale = input scale
  Q.act_min = -32768, Q.act_max = 32767;
  edgec_binary_params P;
  std::memset(&P, 0, sizeof(P));
  P.rank = 1, P.out_shape[0] = 4, P.a_stride[0] = 1, P.b_stride[0] = 1;
  const int16_t A[4] = {-32768, 32767, -32768, 12345};
  const int16_t B[4] = {-32768, 32767, 32767, -345};
  int16_t Y[4], Z[4];
  edgec_add_mixed(&P, &Q, A, 16, B, 16, Y, 16);
  edgec_sub_mixed(&P, &Q, A, 16, B, 16, Z, 16);
  CHECK(Y[0] == -32768);
  CHECK(Y[1] == 32767);
  CHECK(Y[2] == -1);
  CHECK(Y[3] == 12000);
  CHECK(Z[0] == 0);
  CHECK(Z[1] == 0);
  CHECK(Z[2] == -32768);
  CHECK(Z[3] == 12690);
}

TEST_CASE("mixed: mul, every width combination, with broadcasting", "[mixed][mul]") {
  Rng R(32);
  for (int ABits : kWidths)
    for (int BBits : kWidths)
      for (int OBits : kWidths) {
        Spread Sp;
        for (int Iter = 0; Iter < 150; ++Iter) {
          const Bcast Bc(R);
          Buf A(ABits, size_t(Bc.ACount)), B(BBits, size_t(Bc.BCount));
          A.randomize(R);
          B.randomize(R);
          edgec_mul_s8_params Q;
          Q.input1_offset = randOffset(R, ABits), Q.input2_offset = randOffset(R, BBits);
          Q.output_offset = randOffset(R, OBits);
          const double S1 = randScale(R, ABits), S2 = randScale(R, BBits), SO = randScale(R, OBits);
          quantMult(S1 * S2 / SO, Q.output_multiplier, Q.output_shift);
          randomActRange(R, OBits, Q.act_min, Q.act_max);
          Buf Y(OBits, size_t(Bc.Count));
          edgec_mul_mixed(&Bc.P, &Q, A.ptr(), ABits, B.ptr(), BBits, Y.ptr(), OBits);
          for (int32_t I = 0; I < Bc.Count; ++I) {
            int32_t OA, OB;
            Bc.offsets(I, OA, OB);
            const int64_t Prod =
                (int64_t(A.get(size_t(OA))) + Q.input1_offset) * (int64_t(B.get(size_t(OB))) + Q.input2_offset);
            const int32_t Want =
                refOut32(Prod, Q.output_multiplier, Q.output_shift, Q.output_offset, Q.act_min, Q.act_max);
            Sp.add(Want, Q.act_min, Q.act_max);
            INFO("widths " << ABits << "/" << BBits << "/" << OBits << " iter " << Iter << " i " << I);
            REQUIRE(Y.get(size_t(I)) == Want);
          }
          if (ABits == 8 && BBits == 8 && OBits == 8) {
            std::vector<int8_t> Z(size_t(Bc.Count));
            edgec_mul_s8(&Bc.P, &Q, A.B8.data(), B.B8.data(), Z.data());
            REQUIRE(std::memcmp(Z.data(), Y.B8.data(), Z.size()) == 0);
          }
        }
        INFO("widths " << ABits << "/" << BBits << "/" << OBits << " inside " << Sp.Inside);
        CHECK(Sp.Inside > Sp.AtBound / 4); // not clamp-dominated
      }
}

// ---- Requantize and LUT ------------------------------------------------------------------------

TEST_CASE("mixed: requantize, every width combination", "[mixed][elementwise]") {
  Rng R(41);
  for (int InBits : kWidths)
    for (int OutBits : kWidths) {
      Spread Sp;
      for (int Iter = 0; Iter < 100; ++Iter) {
        // Scale ratio s_in / s_out as from random real ranges.
        Requant Q(R, 1, false, InBits, OutBits, 0);
        quantMult(randScale(R, InBits) / randScale(R, OutBits), Q.Mult[0], Q.Shift[0]);
        Buf X(InBits, 300);
        X.randomize(R);
        Buf Y(OutBits, X.size());
        edgec_requantize_mixed(int32_t(X.size()), &Q.Q, X.ptr(), InBits, Y.ptr(), OutBits);
        for (size_t I = 0; I < X.size(); ++I) {
          const int32_t Want = refOut32(int64_t(X.get(I)) + Q.Q.input_offset, Q.Mult[0], Q.Shift[0],
                                        Q.Q.output_offset, Q.Q.act_min, Q.Q.act_max);
          Sp.add(Want, Q.Q.act_min, Q.Q.act_max);
          REQUIRE(Y.get(I) == Want);
        }
        if (InBits == 8 && OutBits == 8) {
          std::vector<int8_t> Z(X.size());
          edgec_requantize_s8(int32_t(X.size()), &Q.Q, X.B8.data(), Z.data());
          REQUIRE(std::memcmp(Z.data(), Y.B8.data(), Z.size()) == 0);
        }
      }
      CHECK(Sp.Inside > Sp.AtBound / 4); // not clamp-dominated
    }
}

namespace {

// TFLM lut_lookup_with_interpolation from the definition, with the slope in int64 and the
// result clamped to the output type.
int32_t refLut16(const std::vector<int16_t> &T, int32_t X, int OutBits) {
  const int64_t Seg = floorDivPot(X, 7); // floor(x / 128)
  const int64_t Index = 256 + Seg, Offset = X - Seg * 128;
  REQUIRE(Index >= 0);
  REQUIRE(Index < 512);
  REQUIRE(Offset >= 0);
  REQUIRE(Offset < 128);
  const int64_t Base = T[size_t(Index)], Slope = int64_t(T[size_t(Index + 1)]) - Base;
  return clampTo(Base + floorDivPot(Slope * Offset + 64, 7), typeMin(OutBits), typeMax(OutBits));
}

} // namespace

TEST_CASE("mixed: lookup tables, 256 entries (int8 in) and 513 interpolated (int16 in)", "[mixed][lut]") {
  Rng R(51);
  // int8 input: 256 entries of the output type, every input.
  for (int OutBits : kWidths)
    for (int Iter = 0; Iter < 20; ++Iter) {
      Buf Table(OutBits, 256);
      Table.randomize(R);
      Buf X(8, 1000);
      X.randomize(R);
      for (int32_t I = 0; I < 256; ++I)
        X.set(size_t(I), I - 128);
      Buf Y(OutBits, X.size());
      edgec_lut_mixed(int32_t(X.size()), Table.ptr(), X.ptr(), 8, Y.ptr(), OutBits);
      for (size_t I = 0; I < X.size(); ++I)
        REQUIRE(Y.get(I) == Table.get(size_t(X.get(I) + 128)));
      if (OutBits == 8) {
        std::vector<int8_t> Z(X.size());
        edgec_lut_s8(int32_t(X.size()), Table.B8.data(), X.B8.data(), Z.data());
        REQUIRE(std::memcmp(Z.data(), Y.B8.data(), Z.size()) == 0);
      }
    }
  // int16 input: all 65536 inputs against random tables, smooth tables and tables with
  // extreme jumps (slopes of +-65535 between adjacent entries).
  std::vector<int16_t> AllX(65536);
  for (int32_t I = 0; I < 65536; ++I)
    AllX[size_t(I)] = int16_t(I - 32768);
  for (int OutBits : kWidths)
    for (int Kind = 0; Kind < 4; ++Kind) {
      std::vector<int16_t> T(513);
      for (int32_t I = 0; I < 513; ++I) {
        switch (Kind) {
          case 0: T[size_t(I)] = int16_t(randAct(R, 16)); break;
          case 1: T[size_t(I)] = int16_t(I % 2 ? -32768 : 32767); break;
          case 2: T[size_t(I)] = int16_t(std::lround(32767.0 * std::tanh(double(I - 256) / 64.0))); break;
          default: T[size_t(I)] = int16_t(std::lround(120.0 * std::sin(double(I) / 10.0))); break;
        }
      }
      Buf Y(OutBits, AllX.size());
      edgec_lut_mixed(int32_t(AllX.size()), T.data(), AllX.data(), 16, Y.ptr(), OutBits);
      for (size_t I = 0; I < AllX.size(); ++I) {
        INFO("out " << OutBits << " kind " << Kind << " x " << AllX[I]);
        REQUIRE(Y.get(I) == refLut16(T, AllX[I], OutBits));
      }
    }
  // Segment boundaries, hand-checked: t[i] = (i - 256) * 128 (+ 5 at odd i) up to 32767.
  std::vector<int16_t> T(513);
  for (int32_t I = 0; I < 513; ++I)
    T[size_t(I)] = int16_t(std::min(32767, (I - 256) * 128 + (I % 2 ? 5 : 0)));
  const int16_t X[7] = {-32768, -129, -128, -1, 0, 127, 32767};
  // x = -32768: index 0, offset 0 -> t[0] = -32768.
  // x = -129: index 254, offset 127, base -256, slope 133 -> -256 + (16891 + 64) / 128 = -256 + 132 = -124.
  // x = -128: index 255, offset 0 -> t[255] = -123.
  // x = -1: index 255, offset 127, base -123, slope 123 -> -123 + (15621 + 64) >> 7 = -123 + 122 = -1.
  // x = 0: index 256 -> t[256] = 0.
  // x = 127: base 0, slope 133 -> (16891 + 64) >> 7 = 132.
  // x = 32767: index 511, offset 127, base 32645, slope 32767 - 32645 = 122 -> + (15494 + 64) >> 7 = 121.
  const int32_t Want16[7] = {-32768, -124, -123, -1, 0, 132, 32766};
  int16_t Y16[7];
  int8_t Y8[7];
  edgec_lut_mixed(7, T.data(), X, 16, Y16, 16);
  edgec_lut_mixed(7, T.data(), X, 16, Y8, 8);
  for (int I = 0; I < 7; ++I) {
    INFO("x " << X[I]);
    CHECK(int32_t(Y16[I]) == Want16[I]);
    CHECK(int32_t(Y8[I]) == std::min(127, std::max(-128, Want16[I])));
    CHECK(int32_t(Y16[I]) == refLut16(T, X[I], 16));
  }
  // Negative slope with a negative product: floor, not truncation. t[255] = 10, t[256] = 0,
  // x = -1: offset 127 -> 10 + floor((-1270 + 64) / 128) = 10 - 10 = 0; x = -100: offset 28
  // -> 10 + floor(-216 / 128) = 10 - 2 = 8.
  std::fill(T.begin(), T.end(), int16_t(0));
  T[255] = 10;
  const int16_t XN[2] = {-1, -100};
  edgec_lut_mixed(2, T.data(), XN, 16, Y16, 16);
  CHECK(Y16[0] == 0);
  CHECK(Y16[1] == 8);
}

// ---- Pools -------------------------------------------------------------------------------------

namespace {

struct PoolCase {
  edgec_pool_params P;
  int32_t In[3] = {1, 1, 1}, Out[3] = {1, 1, 1}, K[3] = {1, 1, 1}, St[3] = {1, 1, 1}, Dil[3] = {1, 1, 1},
          Pb[3] = {0, 0, 0};
  int32_t InVol = 1, OutVol = 1, KVol = 1;
  explicit PoolCase(Rng &R) {
    std::memset(&P, 0, sizeof(P));
    P.spatial_rank = uni(R, 1, 3);
    P.batch = uni(R, 1, 2);
    P.channels = uni(R, 1, 35);
    P.count_include_pad = uni(R, 0, 1);
    for (int32_t D = 0; D < P.spatial_rank; ++D) {
      In[D] = uni(R, 1, 7);
      K[D] = uni(R, 1, 3);
      St[D] = uni(R, 1, 2);
      Dil[D] = uni(R, 1, 2);
      Pb[D] = uni(R, 0, K[D] - 1);
      const int32_t Pe = uni(R, 0, K[D] - 1), Span = Dil[D] * (K[D] - 1) + 1;
      if (In[D] + Pb[D] + Pe < Span)
        In[D] = Span;
      Out[D] = (In[D] + Pb[D] + Pe - Span) / St[D] + 1;
      P.in_spatial[D] = In[D], P.out_spatial[D] = Out[D], P.kernel[D] = K[D];
      P.stride[D] = St[D], P.dilation[D] = Dil[D], P.pad_begin[D] = Pb[D], P.pad_end[D] = Pe;
    }
    InVol = In[0] * In[1] * In[2], OutVol = Out[0] * Out[1] * Out[2], KVol = K[0] * K[1] * K[2];
  }
  template <typename Fn> int32_t taps(int32_t O0, int32_t O1, int32_t O2, Fn F) const {
    int32_t Valid = 0;
    for (int32_t K0 = 0; K0 < K[0]; ++K0)
      for (int32_t K1 = 0; K1 < K[1]; ++K1)
        for (int32_t K2 = 0; K2 < K[2]; ++K2) {
          const int32_t I0 = O0 * St[0] - Pb[0] + K0 * Dil[0], I1 = O1 * St[1] - Pb[1] + K1 * Dil[1],
                        I2 = O2 * St[2] - Pb[2] + K2 * Dil[2];
          if (I0 < 0 || I0 >= In[0] || I1 < 0 || I1 >= In[1] || I2 < 0 || I2 >= In[2])
            continue;
          ++Valid;
          F((I0 * In[1] + I1) * In[2] + I2);
        }
    return Valid;
  }
};

} // namespace

TEST_CASE("mixed: max and average pooling at 8 and 16 bits", "[mixed][pool]") {
  Rng R(61);
  for (int Bits : kWidths)
    for (int Iter = 0; Iter < 300; ++Iter) {
      const PoolCase Pc(R);
      const int32_t C = Pc.P.channels;
      Buf X(Bits, size_t(Pc.P.batch * Pc.InVol * C));
      X.randomize(R);
      int32_t Lo, Hi;
      randomActRange(R, Bits, Lo, Hi);
      const int32_t Zp = Bits == 8 ? uni(R, -128, 127) : (uni(R, 0, 3) == 0 ? uni(R, -100, 100) : 0);
      Buf YMax(Bits, size_t(Pc.P.batch * Pc.OutVol * C)), YAvg(Bits, YMax.size());
      edgec_maxpool_mixed(&Pc.P, Lo, Hi, X.ptr(), YMax.ptr(), Bits);
      edgec_avgpool_mixed(&Pc.P, Lo, Hi, Zp, X.ptr(), YAvg.ptr(), Bits);
      size_t Idx = 0;
      for (int32_t N = 0; N < Pc.P.batch; ++N)
        for (int32_t O0 = 0; O0 < Pc.Out[0]; ++O0)
          for (int32_t O1 = 0; O1 < Pc.Out[1]; ++O1)
            for (int32_t O2 = 0; O2 < Pc.Out[2]; ++O2)
              for (int32_t Ch = 0; Ch < C; ++Ch, ++Idx) {
                int64_t Max = typeMin(Bits), Sum = 0;
                const int32_t Valid = Pc.taps(O0, O1, O2, [&](int32_t Pix) {
                  const int64_t V = X.get(size_t((N * Pc.InVol + Pix) * C + Ch));
                  Max = std::max(Max, V);
                  Sum += V;
                });
                const int64_t Count = Pc.P.count_include_pad ? Pc.KVol : Valid;
                Sum += (Count - Valid) * Zp;
                int64_t Avg = Zp;
                if (Count > 0) // rounded half away from zero
                  Avg = Sum >= 0 ? (2 * Sum + Count) / (2 * Count) : -((-2 * Sum + Count) / (2 * Count));
                INFO("bits " << Bits << " iter " << Iter << " idx " << Idx << " sum " << Sum << " count " << Count);
                REQUIRE(YMax.get(Idx) == clampTo(Max, Lo, Hi));
                REQUIRE(YAvg.get(Idx) == clampTo(Avg, Lo, Hi));
              }
      if (Bits == 8) {
        std::vector<int8_t> ZMax(YMax.size()), ZAvg(YMax.size());
        edgec_maxpool_s8(&Pc.P, Lo, Hi, X.B8.data(), ZMax.data());
        edgec_avgpool_s8(&Pc.P, Lo, Hi, Zp, X.B8.data(), ZAvg.data());
        REQUIRE(std::memcmp(ZMax.data(), YMax.B8.data(), ZMax.size()) == 0);
        REQUIRE(std::memcmp(ZAvg.data(), YAvg.B8.data(), ZAvg.size()) == 0);
      }
    }
}

TEST_CASE("mixed: global average pooling, every width combination", "[mixed][pool]") {
  Rng R(62);
  for (int InBits : kWidths)
    for (int OutBits : kWidths) {
      Spread Sp;
      for (int Iter = 0; Iter < 100; ++Iter) {
        const int32_t Batch = uni(R, 1, 3), Pixels = uni(R, 1, 300), C = uni(R, 1, 40);
        Buf X(InBits, size_t(Batch * Pixels * C));
        X.randomize(R);
        Requant Q(R, 1, false, InBits, OutBits, 0);
        // The compiler folds 1 / pixels and the scale ratio into the multiplier.
        quantMult(randScale(R, InBits) / randScale(R, OutBits) / Pixels, Q.Mult[0], Q.Shift[0]);
        Buf Y(OutBits, size_t(Batch * C));
        edgec_global_avgpool_mixed(Batch, Pixels, C, &Q.Q, X.ptr(), InBits, Y.ptr(), OutBits);
        for (int32_t N = 0; N < Batch; ++N)
          for (int32_t Ch = 0; Ch < C; ++Ch) {
            int64_t Acc = 0;
            for (int32_t S = 0; S < Pixels; ++S)
              Acc += int64_t(X.get(size_t((N * Pixels + S) * C + Ch))) + Q.Q.input_offset;
            const int32_t Want = Q.out(InBits, 0, Acc);
            Sp.add(Want, Q.Q.act_min, Q.Q.act_max);
            REQUIRE(Y.get(size_t(N * C + Ch)) == Want);
          }
        if (InBits == 8 && OutBits == 8) {
          std::vector<int8_t> Z(Y.size());
          edgec_global_avgpool_s8(Batch, Pixels, C, &Q.Q, X.B8.data(), Z.data());
          REQUIRE(std::memcmp(Z.data(), Y.B8.data(), Z.size()) == 0);
        }
      }
      CHECK(Sp.Inside > Sp.AtBound / 4); // not clamp-dominated
    }
}
