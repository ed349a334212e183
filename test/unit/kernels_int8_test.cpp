// Unit tests for the int8 reference kernels and the requantization math (TFLM semantics).
// Every expectation comes from a plain reference written here (int64 loops, exact integer
// rounding formulas), sharing no code with the kernels; comparisons are exact.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <random>
#include <vector>

#include "edgec/kernels/pad.h"
#include "edgec/kernels/quantize.h"
#include "edgec/kernels/quantized_conv.h"
#include "edgec/kernels/quantized_elementwise.h"
#include "edgec/kernels/quantized_gemm.h"
#include "edgec/kernels/quantized_mixed.h"
#include "edgec/kernels/quantized_pool.h"
#include "edgec/kernels/requant.h"

namespace {

using Rng = std::mt19937;
using I128 = __int128;

int32_t uni(Rng &R, int32_t Lo, int32_t Hi) { return std::uniform_int_distribution<int32_t>(Lo, Hi)(R); }

// ---- Reference requantization -------------------------------------------------------------

// floor(A / 2^E) for any sign, on 128 bits.
I128 floorDivPot(I128 A, int E) {
  const I128 D = I128(1) << E;
  I128 Q = A / D;
  if (A % D != 0 && A < 0)
    --Q;
  return Q;
}

// gemmlowp's high-mul is round-half-up of a*b / 2^31 (the nudge makes negative ties go up).
int32_t refHighMul(int32_t A, int32_t B) {
  if (A == INT32_MIN && B == INT32_MIN)
    return INT32_MAX;
  return int32_t(floorDivPot(I128(A) * B + (I128(1) << 30), 31));
}

// Round half away from zero of X / 2^E.
int32_t refDivPot(int32_t X, int E) {
  if (E == 0)
    return X;
  const I128 Half = I128(1) << (E - 1);
  if (X >= 0)
    return int32_t(floorDivPot(I128(X) + Half, E));
  return int32_t(-floorDivPot(-I128(X) + Half, E));
}

// TFLM MultiplyByQuantizedMultiplier: X * 2^left wrapped to int32, high-mul, rounding shift.
int32_t refRequant(int32_t X, int32_t M, int32_t S) {
  const int Left = S > 0 ? S : 0, Right = S > 0 ? 0 : -S;
  I128 W = (I128(X) * (I128(1) << Left)) % (I128(1) << 32);
  if (W < 0)
    W += I128(1) << 32;
  if (W >= (I128(1) << 31))
    W -= I128(1) << 32;
  return refDivPot(refHighMul(int32_t(W), M), Right);
}

int32_t refOut(int64_t Acc, int32_t M, int32_t S, int32_t Off, int32_t Lo, int32_t Hi) {
  REQUIRE(Acc >= INT32_MIN);
  REQUIRE(Acc <= INT32_MAX);
  const int64_t V = int64_t(refRequant(int32_t(Acc), M, S)) + Off;
  return int32_t(std::min<int64_t>(Hi, std::max<int64_t>(Lo, V)));
}

// Reference of TFLM's 64-bit MultiplyByQuantizedMultiplier: 16-bit multiplier, one rounding.
int32_t refRequant64(int64_t X, int32_t M, int32_t S) {
  const int64_t Reduced = M < 0x7FFF0000 ? int64_t(floorDivPot(I128(M) + (1 << 15), 16)) : 0x7FFF;
  const I128 V = floorDivPot(I128(X) * Reduced + (I128(1) << (14 - S)), 15 - S);
  return int32_t(std::min<I128>(INT32_MAX, std::max<I128>(INT32_MIN, V)));
}

// A multiplier as TFLM derives it (the compiler-side function lives in the compiler library).
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

std::vector<int8_t> randomI8(size_t N, Rng &R) {
  std::vector<int8_t> V(N);
  for (auto &X : V)
    X = int8_t(uni(R, -128, 127));
  return V;
}

// Per-channel or per-tensor requantization with random, realistic parameters.
struct Requant {
  std::vector<int32_t> Mult, Shift;
  edgec_requant_params Q;
  Requant(Rng &R, int32_t Channels, bool PerChannel, int32_t MinShift, int32_t MaxShift) {
    const int32_t N = PerChannel ? Channels : 1;
    for (int32_t I = 0; I < N; ++I) {
      Mult.push_back(uni(R, 0, 3) == 0 ? INT32_MAX : uni(R, 1 << 30, INT32_MAX));
      Shift.push_back(uni(R, MinShift, MaxShift));
    }
    std::memset(&Q, 0, sizeof(Q));
    Q.input_offset = uni(R, -127, 128);
    Q.output_offset = uni(R, -128, 127);
    Q.act_min = -128;
    Q.act_max = 127;
    if (uni(R, 0, 2) == 0) { // a fused activation range
      Q.act_min = uni(R, -128, 0);
      Q.act_max = uni(R, Q.act_min, 127);
    }
    Q.per_channel = PerChannel ? 1 : 0;
    Q.multiplier = Mult.data();
    Q.shift = Shift.data();
  }
  int32_t out(int32_t Channel, int64_t Acc) const {
    const int32_t I = Q.per_channel ? Channel : 0;
    return refOut(Acc, Mult[I], Shift[I], Q.output_offset, Q.act_min, Q.act_max);
  }
};

} // namespace

// ---- Requantization math ---------------------------------------------------------------------

TEST_CASE("int8: high-mul and rounding shifts, hand-checked", "[int8][requant]") {
  CHECK(edgec_sat_rounding_doubling_high_mul(INT32_MIN, INT32_MIN) == INT32_MAX);
  CHECK(edgec_sat_rounding_doubling_high_mul(INT32_MIN, INT32_MAX) == -INT32_MAX);
  CHECK(edgec_sat_rounding_doubling_high_mul(1 << 30, 1 << 30) == 1 << 29);
  CHECK(edgec_sat_rounding_doubling_high_mul(3, 1 << 30) == 2);   // 1.5 -> 2
  CHECK(edgec_sat_rounding_doubling_high_mul(-3, 1 << 30) == -1); // -1.5 -> -1 (ties up)
  CHECK(edgec_sat_rounding_doubling_high_mul(-1, 1) == 0);
  CHECK(edgec_rounding_divide_by_pot(5, 1) == 3);
  CHECK(edgec_rounding_divide_by_pot(-5, 1) == -3);
  CHECK(edgec_rounding_divide_by_pot(-6, 2) == -2);
  CHECK(edgec_rounding_divide_by_pot(-5, 2) == -1);
  CHECK(edgec_rounding_divide_by_pot(7, 0) == 7);
  CHECK(edgec_rounding_divide_by_pot(INT32_MIN, 31) == -1);
  CHECK(edgec_rounding_divide_by_pot(INT32_MAX, 31) == 1);
  CHECK(edgec_rounding_divide_by_pot(-(1 << 30), 31) == -1); // -0.5 -> away from zero
  CHECK(edgec_rounding_divide_by_pot((1 << 30) - 1, 31) == 0);
  CHECK(edgec_requantize(100, 1 << 30, 0) == 50);
  CHECK(edgec_requantize(3, 1 << 30, -1) == 1);
  CHECK(edgec_requantize(-3, 1 << 30, -1) == -1);
  CHECK(edgec_requantize(1000, 1 << 30, 2) == 2000);
  // The left shift wraps as TFLM's int32 arithmetic: 2^30 * 2 = INT32_MIN.
  CHECK(edgec_requantize(1 << 30, INT32_MAX, 1) == -INT32_MAX);
  CHECK(edgec_requantize(INT32_MIN, INT32_MIN, 0) == INT32_MAX);
  CHECK(edgec_requantize(12345, 0, 0) == 0);
}

TEST_CASE("int8: edgec_requantize matches an exact 128-bit reference", "[int8][requant]") {
  Rng R(1234);
  const int32_t Edge[] = {0, 1, -1, 2, -2, 3, -3, 127, -128, 255, -255, 1 << 20, -(1 << 20), INT32_MAX, INT32_MIN,
                          INT32_MAX - 1, INT32_MIN + 1, 1 << 30, -(1 << 30)};
  const int32_t Mults[] = {1 << 30, (1 << 30) + 1, INT32_MAX, INT32_MAX - 1, 1518500250, INT32_MIN, 0, 1, -1};
  int64_t Checked = 0;
  for (int32_t X : Edge)
    for (int32_t M : Mults)
      for (int32_t S = -31; S <= 30; ++S) {
        INFO("x " << X << " m " << M << " s " << S);
        REQUIRE(edgec_requantize(X, M, S) == refRequant(X, M, S));
        ++Checked;
      }
  for (int I = 0; I < 300000; ++I) {
    int32_t X;
    switch (I % 4) {
      case 0: X = uni(R, INT32_MIN, INT32_MAX); break;
      case 1: X = uni(R, -70000, 70000); break;
      case 2: X = uni(R, -300, 300); break;
      default: X = uni(R, -4096, 4096) * 4096 + (I % 8 == 3 ? 2048 : 0); break; // ties after a shift
    }
    const int32_t M = uni(R, 0, 9) == 0 ? uni(R, INT32_MIN, INT32_MAX) : uni(R, 1 << 30, INT32_MAX);
    const int32_t S = uni(R, 0, 3) == 0 ? uni(R, 0, 30) : uni(R, -31, 0);
    INFO("x " << X << " m " << M << " s " << S);
    REQUIRE(edgec_requantize(X, M, S) == refRequant(X, M, S));
    ++Checked;
  }
  // Exact ties of the rounding shift: x * m / 2^31 an odd multiple of 2^(e-1).
  for (int32_t E = 1; E <= 20; ++E)
    for (int32_t K = -50; K <= 50; ++K) {
      const int32_t X = (2 * K + 1) * (1 << (E - 1)) * 2; // with m = 2^30: high-mul halves exactly
      if (X / 2 != (2 * K + 1) * (1 << (E - 1)))
        continue;
      REQUIRE(edgec_requantize(X, 1 << 30, -E) == refDivPot(X / 2, E));
      REQUIRE(edgec_rounding_divide_by_pot(X / 2, E) == refDivPot(X / 2, E));
    }
  for (int I = 0; I < 200000; ++I) {
    const int32_t X = uni(R, INT32_MIN, INT32_MAX), E = uni(R, 0, 31);
    REQUIRE(edgec_rounding_divide_by_pot(X, E) == refDivPot(X, E));
    const int32_t A = uni(R, INT32_MIN, INT32_MAX), B = I % 2 ? uni(R, INT32_MIN, INT32_MAX) : uni(R, -99, 99);
    REQUIRE(edgec_sat_rounding_doubling_high_mul(A, B) == refHighMul(A, B));
  }
  CHECK(Checked > 300000);
}

TEST_CASE("int16x8: 64-bit requantization", "[int8][requant]") {
  // 2^30 reduces to 2^14: x * 2^14 / 2^15 = x / 2 (ties upward).
  CHECK(edgec_requantize_s64(3, 1 << 30, 0) == 2);
  CHECK(edgec_requantize_s64(-3, 1 << 30, 0) == -1);
  CHECK(edgec_requantize_s64(-5, 1 << 30, 0) == -2);
  CHECK(edgec_requantize_s64(1000, 1 << 30, 3) == 4000);
  CHECK(edgec_requantize_s64(int64_t(1) << 40, INT32_MAX, -31) == 512); // reduced to 0x7FFF
  CHECK(edgec_requantize_s64(int64_t(1) << 46, INT32_MAX, 7) == INT32_MAX); // saturates
  Rng R(99);
  for (int I = 0; I < 300000; ++I) {
    const int64_t X = I % 2 ? (int64_t(uni(R, INT32_MIN, INT32_MAX)) * 65536 + uni(R, 0, 65535)) / (1 << uni(R, 0, 16))
                            : uni(R, -100000, 100000);
    const int32_t M = uni(R, 0, 9) == 0 ? uni(R, 0x7FFEFF00, INT32_MAX) : uni(R, 1 << 30, INT32_MAX);
    const int32_t S = uni(R, -31, 7);
    INFO("x " << X << " m " << M << " s " << S);
    REQUIRE(edgec_requantize_s64(X, M, S) == refRequant64(X, M, S));
  }
}

TEST_CASE("int8: round half to even", "[int8][quantize]") {
  CHECK(edgec_round_half_even(0.5f) == 0.0f);
  CHECK(edgec_round_half_even(1.5f) == 2.0f);
  CHECK(edgec_round_half_even(2.5f) == 2.0f);
  CHECK(edgec_round_half_even(-0.5f) == 0.0f);
  CHECK(edgec_round_half_even(-1.5f) == -2.0f);
  CHECK(edgec_round_half_even(-2.5f) == -2.0f);
  CHECK(edgec_round_half_even(-2.4999998f) == -2.0f);
  CHECK(edgec_round_half_even(8388607.5f) == 8388608.0f);
  CHECK(edgec_round_half_even(-8388607.5f) == -8388608.0f);
  CHECK(edgec_round_half_even(8388609.0f) == 8388609.0f);
  CHECK(edgec_round_half_even(1e30f) == 1e30f);
  CHECK(edgec_round_half_even(-INFINITY) == -INFINITY);
  CHECK(std::isnan(edgec_round_half_even(NAN)));
  Rng R(77);
  for (int I = 0; I < 200000; ++I) {
    float X;
    uint32_t Bits = uint32_t(uni(R, INT32_MIN, INT32_MAX));
    if (I % 3 == 0) {
      X = float(uni(R, -20000000, 20000000)) * 0.5f; // many exact ties
    } else {
      std::memcpy(&X, &Bits, 4);
      if (std::isnan(X))
        continue;
    }
    INFO("x " << X);
    REQUIRE(edgec_round_half_even(X) == std::nearbyint(X)); // default mode: ties to even
  }
}

// ---- Quantize / dequantize -------------------------------------------------------------------

TEST_CASE("int8: QuantizeLinear / DequantizeLinear per tensor and per axis", "[int8][quantize]") {
  Rng R(5);
  const int32_t Types[] = {3, 2, 5, 4};
  for (int Iter = 0; Iter < 200; ++Iter) {
    const int32_t Type = Types[Iter % 4];
    int32_t QMin = 0, QMax = 0;
    switch (Type) {
      case 3: QMin = -128, QMax = 127; break;
      case 2: QMin = 0, QMax = 255; break;
      case 5: QMin = -32768, QMax = 32767; break;
      default: QMin = 0, QMax = 65535; break;
    }
    const int32_t Outer = uni(R, 1, 3), Axis = Iter % 3 == 0 ? 1 : uni(R, 1, 4), Inner = uni(R, 1, 5);
    const size_t N = size_t(Outer * Axis * Inner);
    std::vector<float> Scale(static_cast<size_t>(Axis));
    std::vector<int32_t> Zp(static_cast<size_t>(Axis));
    for (int32_t A = 0; A < Axis; ++A) {
      Scale[size_t(A)] = std::ldexp(float(uni(R, 1, 1 << 20)), -uni(R, 14, 28));
      Zp[size_t(A)] = uni(R, QMin, QMax);
    }
    std::vector<float> X(N);
    for (size_t I = 0; I < N; ++I) {
      const float S = Scale[(I / size_t(Inner)) % size_t(Axis)];
      switch (uni(R, 0, 5)) {
        case 0: X[I] = S * (float(uni(R, -400, 400)) + 0.5f); break; // near ties
        case 1: X[I] = float(uni(R, -1000, 1000)) * S; break;
        case 2: X[I] = I % 2 ? INFINITY : -INFINITY; break;
        case 3: X[I] = NAN; break;
        default: X[I] = std::ldexp(float(uni(R, -(1 << 20), 1 << 20)), -uni(R, 0, 30)); break;
      }
    }
    edgec_quant_params P;
    P.outer = Outer, P.axis_size = Axis, P.inner = Inner, P.dtype = Type;
    P.scale = Scale.data();
    P.zero_point = Zp.data();
    std::vector<int32_t> Want(N);
    for (size_t I = 0; I < N; ++I) {
      const size_t A = (I / size_t(Inner)) % size_t(Axis);
      const float Q = X[I] / Scale[A];
      if (std::isnan(Q)) {
        Want[I] = Zp[A];
        continue;
      }
      const double V = double(std::nearbyint(Q)) + Zp[A];
      Want[I] = int32_t(std::min<double>(QMax, std::max<double>(QMin, V)));
    }
    std::vector<unsigned char> Buf(N * 2 + 8, 0xAB);
    edgec_quantize(&P, X.data(), Buf.data());
    std::vector<float> Back(N), WantBack(N);
    for (size_t I = 0; I < N; ++I) {
      const size_t A = (I / size_t(Inner)) % size_t(Axis);
      int32_t Got = 0;
      switch (Type) {
        case 3: Got = reinterpret_cast<int8_t *>(Buf.data())[I]; break;
        case 2: Got = Buf[I]; break;
        case 5: {
          int16_t V;
          std::memcpy(&V, Buf.data() + 2 * I, 2);
          Got = V;
          break;
        }
        default: {
          uint16_t V;
          std::memcpy(&V, Buf.data() + 2 * I, 2);
          Got = V;
          break;
        }
      }
      INFO("type " << Type << " x " << X[I] << " scale " << Scale[A] << " zp " << Zp[A]);
      REQUIRE(Got == Want[I]);
      WantBack[I] = float(double(Want[I] - Zp[A])) * Scale[A];
    }
    edgec_dequantize(&P, Buf.data(), Back.data());
    CHECK(std::memcmp(Back.data(), WantBack.data(), N * sizeof(float)) == 0);
  }
  // Dequantize of int32 (bias-like tensors), extremes included; no zero point.
  const int32_t I32[] = {INT32_MIN, -1, 0, 1, INT32_MAX, 16777217};
  const float Scale = 0.25f;
  edgec_quant_params P = {1, 1, 6, 6, &Scale, nullptr};
  float Out[6];
  edgec_dequantize(&P, I32, Out);
  for (int I = 0; I < 6; ++I)
    CHECK(Out[I] == float(I32[I]) * 0.25f);
}

// ---- Convolution -----------------------------------------------------------------------------

namespace {

// Returns how many outputs hit the clamp bounds.
// TIn int8_t: edgec_conv_s8 (int32 bias); int16_t: edgec_conv_mixed 16 -> 16 (TFLM 16x8, int64 bias).
template <typename TIn, typename TBias>
int64_t checkConv(Rng &R, int32_t Rank,
                  int32_t Mode /*0 dense, 1 grouped, 2 depthwise, 3 pointwise, 4 deep, 5 dense and 6 pointwise
                                 with 16..48 outputs (full blocks of the output-channel blocked path),
                                 7 depthwise with many channels and kernels up to 7x7 on maps of a few
                                 pixels (several chunk groups; windows mostly in the padding), 8 pointwise
                                 and small dense kernels over 150..1000 input channels*/) {
  const bool Pointwise = Mode == 3 || Mode == 6;
  constexpr bool Wide = sizeof(TIn) == 2;
  edgec_conv_params P;
  std::memset(&P, 0, sizeof(P));
  P.spatial_rank = Rank;
  P.batch = uni(R, 1, 2);
  int32_t Groups = 1, Cin, Cout;
  if (Mode == 2) {
    Cin = uni(R, 1, 40);
    Groups = Cin;
    Cout = Cin * (uni(R, 0, 1) ? 1 : uni(R, 2, 3)); // depth multiplier
  } else if (Mode == 7) {
    Cin = uni(R, 0, 3) == 0 ? uni(R, 1, 40) : uni(R, 100, 600);
    Groups = Cin;
    Cout = Cin;
  } else if (Mode == 8) {
    Cin = uni(R, 150, 1000);
    Cout = uni(R, 1, 40);
  } else if (Mode == 1) {
    Groups = uni(R, 2, 3);
    Cin = Groups * uni(R, 1, 20);
    Cout = Groups * uni(R, 1, 3);
  } else if (Mode == 4) { // many input channels: long dot products (int16 partial sums)
    Cin = uni(R, 100, 700);
    Cout = uni(R, 1, 4);
  } else if (Mode == 5 || Mode == 6) {
    Cin = uni(R, 1, 40);
    Cout = uni(R, 16, 48);
  } else {
    Cin = uni(R, 1, 40);
    Cout = uni(R, 1, 9);
  }
  P.in_channels = Cin, P.out_channels = Cout, P.groups = Groups;
  int32_t In[3] = {1, 1, 1}, Out[3] = {1, 1, 1}, K[3] = {1, 1, 1}, St[3] = {1, 1, 1}, Dil[3] = {1, 1, 1},
          Pb[3] = {0, 0, 0};
  const bool BigKernel = Mode == 2 && Rank == 2 && uni(R, 0, 2) == 0; // 49..81 taps
  for (int32_t D = 0; D < Rank; ++D) {
    In[D] = uni(R, 1, Rank == 3 ? 5 : 8);
    if (Mode == 4 || Mode == 7 || Mode == 8)
      In[D] = uni(R, 1, 3);
    if (Mode == 8 && uni(R, 0, 1) == 0) { // pointwise
    } else if (Mode == 7 || Mode == 8) {
      K[D] = Mode == 8 ? (D == 0 ? uni(R, 1, 2) : 1) : Rank == 3 ? uni(R, 1, 3) : uni(R, 3, 7);
      St[D] = uni(R, 1, 2);
      Dil[D] = uni(R, 0, 3) == 0 ? 2 : 1;
      Pb[D] = uni(R, 0, K[D] - 1);
    } else if (!Pointwise) {
      K[D] = BigKernel ? uni(R, 7, 9) : uni(R, 1, 3);
      St[D] = uni(R, 1, 3);
      Dil[D] = uni(R, 1, 2);
      Pb[D] = uni(R, 0, 2);
    }
    const int32_t Pe = Pointwise || Mode == 8 ? 0 : Mode == 7 ? uni(R, 0, K[D] - 1) : uni(R, 0, 2);
    const int32_t Span = Dil[D] * (K[D] - 1) + 1;
    if (In[D] + Pb[D] + Pe < Span)
      In[D] = Span;
    Out[D] = (In[D] + Pb[D] + Pe - Span) / St[D] + 1;
    P.in_spatial[D] = In[D], P.out_spatial[D] = Out[D], P.kernel[D] = K[D];
    P.stride[D] = St[D], P.dilation[D] = Dil[D], P.pad_begin[D] = Pb[D];
  }
  const int32_t Cg = Cin / Groups, Og = Cout / Groups;
  const int32_t InVol = In[0] * In[1] * In[2], OutVol = Out[0] * Out[1] * Out[2], KVol = K[0] * K[1] * K[2];
  std::vector<TIn> X(size_t(P.batch * InVol * Cin));
  for (auto &V : X)
    V = TIn(Wide ? uni(R, -32768, 32767) : uni(R, -128, 127));
  const std::vector<int8_t> F = randomI8(size_t(Cout * KVol * Cg), R);
  std::vector<TBias> Bias(static_cast<size_t>(Cout));
  for (auto &B : Bias)
    B = Wide ? TBias(uni(R, -2000000000, 2000000000)) * 64 : uni(R, -20000, 20000);
  const bool HasBias = uni(R, 0, 3) != 0;
  const bool PerChannel = uni(R, 0, 1) == 1;
  Requant Q(R, Cout, PerChannel, Wide ? -20 : -16, Wide ? -4 : -6);
  if (!Wide && uni(R, 0, 5) == 0) // not an int8 zero point: the kernel's int32-product path
    Q.Q.input_offset = uni(R, 0, 1) ? uni(R, 129, 1000) : uni(R, -1000, -128);
  if (Wide) { // symmetric int16 activations, as TFLM; sometimes offsets anyway
    Q.Q.input_offset = uni(R, 0, 3) == 0 ? uni(R, -100, 100) : 0;
    Q.Q.output_offset = uni(R, 0, 3) == 0 ? uni(R, -100, 100) : 0;
    Q.Q.act_min = uni(R, 0, 2) == 0 ? uni(R, -32768, 0) : -32768;
    Q.Q.act_max = uni(R, 0, 2) == 0 ? uni(R, Q.Q.act_min, 32767) : 32767;
  }
  std::vector<TIn> Y(size_t(P.batch * OutVol * Cout), 99);
  if constexpr (Wide)
    edgec_conv_mixed(&P, &Q.Q, X.data(), 16, F.data(), HasBias ? Bias.data() : nullptr, Y.data(), 16);
  else
    edgec_conv_s8(&P, &Q.Q, X.data(), F.data(), HasBias ? Bias.data() : nullptr, Y.data());
  size_t Idx = 0;
  int64_t Saturated = 0;
  for (int32_t N = 0; N < P.batch; ++N)
    for (int32_t O0 = 0; O0 < Out[0]; ++O0)
      for (int32_t O1 = 0; O1 < Out[1]; ++O1)
        for (int32_t O2 = 0; O2 < Out[2]; ++O2)
          for (int32_t Oc = 0; Oc < Cout; ++Oc, ++Idx) {
            int64_t Acc = HasBias ? Bias[size_t(Oc)] : 0;
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
                    const int64_t XV =
                        X[size_t((((N * In[0] + I0) * In[1] + I1) * In[2] + I2) * Cin + G * Cg + C)];
                    const int64_t WV = F[size_t((((Oc * K[0] + K0) * K[1] + K1) * K[2] + K2) * Cg + C)];
                    Acc += (XV + Q.Q.input_offset) * WV;
                  }
                }
            int32_t Want;
            if (Wide) {
              const int32_t I = Q.Q.per_channel ? Oc : 0;
              const int64_t V = int64_t(refRequant64(Acc, Q.Mult[size_t(I)], Q.Shift[size_t(I)])) + Q.Q.output_offset;
              Want = int32_t(std::min<int64_t>(Q.Q.act_max, std::max<int64_t>(Q.Q.act_min, V)));
            } else {
              Want = Q.out(Oc, Acc);
            }
            Saturated += Want == Q.Q.act_min || Want == Q.Q.act_max;
            INFO("mode " << Mode << " rank " << Rank << " oc " << Oc << " idx " << Idx);
            REQUIRE(int32_t(Y[Idx]) == Want);
          }
  REQUIRE(Idx == Y.size());
  return Saturated;
}

} // namespace

TEST_CASE("int8: conv (dense, grouped, depthwise, pointwise; 1-D..3-D)", "[int8][conv]") {
  Rng R(42);
  int64_t Saturated = 0;
  for (int Iter = 0; Iter < 600; ++Iter) {
    const int32_t Rank = 1 + Iter % 3, Mode = (Iter / 3) % 5;
    INFO("iter " << Iter);
    Saturated += checkConv<int8_t, int32_t>(R, Rank, Mode);
  }
  CHECK(Saturated > 100); // the clamp is exercised
}

TEST_CASE("int8: conv, output-channel blocked path (16..48 outputs, dense and pointwise)", "[int8][conv]") {
  Rng R(4242);
  for (int Iter = 0; Iter < 300; ++Iter) {
    const int32_t Rank = 1 + Iter % 3, Mode = 5 + (Iter / 3) % 2;
    INFO("iter " << Iter);
    checkConv<int8_t, int32_t>(R, Rank, Mode);
  }
}

TEST_CASE("int8 / int16x8: depthwise on small maps with many channels, long pointwise and dense dots",
          "[int8][conv]") {
  Rng R(4343);
  for (int Iter = 0; Iter < 240; ++Iter) {
    const int32_t Rank = Iter % 4 == 3 ? 1 + Iter % 3 : 2, Mode = 7 + (Iter / 4) % 2;
    INFO("iter " << Iter);
    if (Iter % 2)
      checkConv<int16_t, int64_t>(R, Rank, Mode);
    else
      checkConv<int8_t, int32_t>(R, Rank, Mode);
  }
}

TEST_CASE("int8: blocked requantization of 16 channels matches edgec_requant_output", "[int8][requant]") {
  Rng R(77);
  const int32_t Special[] = {INT32_MIN, INT32_MIN + 1, -1, 0, 1, INT32_MAX, INT32_MAX - 1, 1 << 30, -(1 << 30)};
  for (int Iter = 0; Iter < 20000; ++Iter) {
    std::vector<int32_t> Mult(16), Shift(16);
    const int Kind = Iter % 4; // 0 realistic, 1 any multiplier >= 0 and shift -31..0, 2 some shift > 0, 3 edges
    for (int J = 0; J < 16; ++J) {
      Mult[size_t(J)] = Kind == 0 ? uni(R, 1 << 30, INT32_MAX) : uni(R, 0, INT32_MAX);
      Shift[size_t(J)] = Kind == 0 ? uni(R, -20, -1) : uni(R, -31, 0);
      if (Kind == 2 && uni(R, 0, 7) == 0)
        Shift[size_t(J)] = uni(R, 1, 10);
      if (Kind == 3 && uni(R, 0, 1))
        Mult[size_t(J)] = uni(R, 0, 1) ? INT32_MAX : 0;
      if (Kind == 3 && uni(R, 0, 1))
        Shift[size_t(J)] = uni(R, 0, 1) ? -31 : 0;
    }
    edgec_requant_params Q;
    std::memset(&Q, 0, sizeof(Q));
    Q.output_offset = uni(R, -128, 127);
    Q.act_min = uni(R, 0, 1) ? -128 : uni(R, -128, 0);
    Q.act_max = uni(R, 0, 1) ? 127 : uni(R, Q.act_min, 127);
    if (uni(R, 0, 9) == 0) // not an int8 range: the scalar fallback
      Q.act_max = 1000;
    Q.per_channel = uni(R, 0, 3) != 0;
    Q.multiplier = Mult.data();
    Q.shift = Shift.data();
    const int32_t M = uni(R, 0, 2) ? 16 : uni(R, 1, 16);
    int32_t Acc[16];
    for (int J = 0; J < 16; ++J) {
      const int Pick = uni(R, 0, 5);
      Acc[J] = Pick == 0 ? Special[uni(R, 0, 8)] : Pick == 1 ? uni(R, INT32_MIN, INT32_MAX) : uni(R, -300000, 300000);
    }
    edgec_qconv__rq Rq;
    edgec_qconv__rq_init(&Rq, &Q, 0, M);
    int8_t Y[17];
    std::memset(Y, 99, sizeof(Y));
    edgec_qconv__rq_store(&Rq, &Q, 0, M, Acc, Y);
    for (int J = 0; J < M; ++J) {
      INFO("iter " << Iter << " lane " << J << " acc " << Acc[J]);
      REQUIRE(int32_t(Y[J]) == int32_t(int8_t(edgec_requant_output(&Q, J, Acc[J]))));
    }
    for (int J = M; J < 17; ++J)
      REQUIRE(Y[J] == 99);
  }
}

TEST_CASE("int16x8: conv with 64-bit accumulators (TFLM 16x8)", "[int8][conv]") {
  Rng R(43);
  int64_t Saturated = 0;
  for (int Iter = 0; Iter < 300; ++Iter) {
    const int32_t Rank = 1 + Iter % 3, Mode = (Iter / 3) % 5;
    INFO("iter " << Iter);
    Saturated += checkConv<int16_t, int64_t>(R, Rank, Mode);
  }
  CHECK(Saturated > 10);
}

// ---- Fully connected and MatMul --------------------------------------------------------------

namespace {

// x * m / 2^(31 - s) rounded once, ties to even, in 128 bits (edgec_requantize_round_even's spec).
int32_t refRoundEven(int64_t Acc, int32_t M, int32_t S) {
  const __int128 P = (__int128)Acc * M, Mag = P < 0 ? -P : P;
  const int E = 31 - S;
  __int128 Q = Mag >> E;
  const __int128 Rest = Mag - (Q << E), Half = (__int128)1 << (E - 1);
  if (Rest > Half || (Rest == Half && (Q & 1)))
    ++Q;
  const __int128 V = P < 0 ? -Q : Q;
  return int32_t(std::min<__int128>(INT32_MAX, std::max<__int128>(INT32_MIN, V)));
}

} // namespace

TEST_CASE("int8: single rounding, ties to even, matches a 128-bit reference", "[int8][requant]") {
  Rng R(99);
  for (int32_t S = -31; S <= 30; ++S)
    for (int32_t X : {0, 1, -1, 3, -3, 1 << 20, -(1 << 20), INT32_MAX, INT32_MIN})
      for (int32_t M : {1 << 30, INT32_MAX, 1518500250}) {
        INFO("x " << X << " m " << M << " s " << S);
        REQUIRE(edgec_requantize_round_even(X, M, S) == refRoundEven(X, M, S));
      }
  for (int I = 0; I < 200000; ++I) {
    // Half the cases are exact ties: x * 2^30 / 2^e = k + 1/2.
    const int32_t E = uni(R, 1, 20), S = -E;
    const int32_t X = I % 2 ? (2 * uni(R, -1000, 1000) + 1) * (1 << (E - 1)) * 2 : uni(R, INT32_MIN, INT32_MAX);
    const int32_t M = I % 2 ? 1 << 30 : uni(R, 1 << 30, INT32_MAX);
    INFO("x " << X << " m " << M << " s " << S);
    REQUIRE(edgec_requantize_round_even(X, M, S) == refRoundEven(X, M, S));
  }
}

TEST_CASE("int8: fully connected, per channel and per tensor", "[int8][fc]") {
  Rng R(8);
  for (int Iter = 0; Iter < 300; ++Iter) {
    edgec_fc_params P = {uni(R, 1, 9), uni(R, 1, 40), uni(R, 1, 70)};
    const auto X = randomI8(size_t(P.batches * P.in_features), R);
    const auto W = randomI8(size_t(P.out_features * P.in_features), R);
    std::vector<int32_t> Bias(size_t(P.out_features));
    for (auto &B : Bias)
      B = uni(R, -30000, 30000);
    const bool HasBias = Iter % 4 != 0;
    const Requant Q(R, P.out_features, Iter % 2 == 0, -15, -5);
    std::vector<int8_t> Y(size_t(P.batches * P.out_features));
    edgec_fully_connected_s8(&P, &Q.Q, X.data(), W.data(), HasBias ? Bias.data() : nullptr, Y.data());
    for (int32_t B = 0; B < P.batches; ++B)
      for (int32_t O = 0; O < P.out_features; ++O) {
        int64_t Acc = HasBias ? Bias[size_t(O)] : 0;
        for (int32_t I = 0; I < P.in_features; ++I)
          Acc += (int64_t(X[size_t(B * P.in_features + I)]) + Q.Q.input_offset) * W[size_t(O * P.in_features + I)];
        REQUIRE(int32_t(Y[size_t(B * P.out_features + O)]) == Q.out(O, Acc));
      }
    // The ONNX-rounding variant: the same sums, one rounding.
    edgec_fully_connected_s8_round_even(&P, &Q.Q, X.data(), W.data(), HasBias ? Bias.data() : nullptr, Y.data());
    for (int32_t B = 0; B < P.batches; ++B)
      for (int32_t O = 0; O < P.out_features; ++O) {
        int64_t Acc = HasBias ? Bias[size_t(O)] : 0;
        for (int32_t I = 0; I < P.in_features; ++I)
          Acc += (int64_t(X[size_t(B * P.in_features + I)]) + Q.Q.input_offset) * W[size_t(O * P.in_features + I)];
        const int32_t C = Q.Q.per_channel ? O : 0;
        const int64_t V = int64_t(refRoundEven(Acc, Q.Mult[size_t(C)], Q.Shift[size_t(C)])) + Q.Q.output_offset;
        REQUIRE(int32_t(Y[size_t(B * P.out_features + O)]) == std::min<int64_t>(Q.Q.act_max, std::max<int64_t>(Q.Q.act_min, V)));
      }
  }
}

TEST_CASE("int8: matmul with batch broadcasting", "[int8][matmul]") {
  Rng R(9);
  for (int Iter = 0; Iter < 300; ++Iter) {
    edgec_matmul_params P;
    std::memset(&P, 0, sizeof(P));
    P.m = uni(R, 1, 7), P.n = uni(R, 1, 37), P.k = uni(R, 1, 20);
    P.batch_rank = uni(R, 0, 3);
    int32_t ABatch[6], BBatch[6];
    for (int32_t D = 0; D < P.batch_rank; ++D) {
      P.out_batch[D] = uni(R, 1, 3);
      ABatch[D] = uni(R, 0, 1) ? P.out_batch[D] : 1;
      BBatch[D] = uni(R, 0, 1) ? P.out_batch[D] : 1;
    }
    int32_t AS = P.m * P.k, BS = P.k * P.n;
    for (int32_t D = P.batch_rank - 1; D >= 0; --D) {
      P.a_batch_stride[D] = ABatch[D] == 1 ? 0 : AS;
      P.b_batch_stride[D] = BBatch[D] == 1 ? 0 : BS;
      AS *= ABatch[D];
      BS *= BBatch[D];
    }
    const auto A = randomI8(size_t(AS), R), B = randomI8(size_t(BS), R);
    const int32_t AOff = uni(R, -127, 128), BOff = uni(R, -127, 128);
    const Requant Q(R, 1, false, -16, -8);
    int32_t Batches = 1;
    for (int32_t D = 0; D < P.batch_rank; ++D)
      Batches *= P.out_batch[D];
    std::vector<int8_t> Y(size_t(Batches * P.m * P.n));
    edgec_matmul_s8(&P, AOff, BOff, &Q.Q, A.data(), B.data(), Y.data());
    for (int32_t Bt = 0; Bt < Batches; ++Bt) {
      // Batch coordinates, then the operands' own (broadcast) offsets.
      int64_t AO = 0, BO = 0, Rem = Bt, AStride = P.m * P.k, BStride = P.k * P.n;
      for (int32_t D = P.batch_rank - 1; D >= 0; --D) {
        const int64_t C = Rem % P.out_batch[D];
        Rem /= P.out_batch[D];
        AO += (ABatch[D] == 1 ? 0 : C) * AStride;
        BO += (BBatch[D] == 1 ? 0 : C) * BStride;
        AStride *= ABatch[D];
        BStride *= BBatch[D];
      }
      for (int32_t I = 0; I < P.m; ++I)
        for (int32_t J = 0; J < P.n; ++J) {
          int64_t Acc = 0;
          for (int32_t Kk = 0; Kk < P.k; ++Kk)
            Acc += (int64_t(A[size_t(AO + I * P.k + Kk)]) + AOff) * (int64_t(B[size_t(BO + Kk * P.n + J)]) + BOff);
          REQUIRE(int32_t(Y[size_t((Bt * P.m + I) * P.n + J)]) == Q.out(0, Acc));
        }
    }
  }
}

// ---- Broadcasting Add / Sub / Mul ------------------------------------------------------------

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
  // Offsets of output element I in a and b.
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

void randomActRange(Rng &R, int32_t &Lo, int32_t &Hi) {
  Lo = -128, Hi = 127;
  if (uni(R, 0, 2) == 0) {
    Lo = uni(R, -128, 0);
    Hi = uni(R, Lo, 127);
  }
}

} // namespace

TEST_CASE("int8: add and sub with broadcasting (TFLM parameters)", "[int8][add]") {
  Rng R(10);
  for (int Iter = 0; Iter < 400; ++Iter) {
    const Bcast Bc(R);
    const auto A = randomI8(size_t(Bc.ACount), R), B = randomI8(size_t(Bc.BCount), R);
    // Parameters as TFLM derives them from random scales.
    const double S1 = std::ldexp(double(uni(R, 1000, 100000)), -uni(R, 14, 20));
    const double S2 = std::ldexp(double(uni(R, 1000, 100000)), -uni(R, 14, 20));
    const double SO = std::ldexp(double(uni(R, 1000, 100000)), -uni(R, 13, 20));
    edgec_add_s8_params Q;
    Q.input1_offset = uni(R, -127, 128), Q.input2_offset = uni(R, -127, 128), Q.output_offset = uni(R, -128, 127);
    Q.left_shift = 20;
    const double Twice = 2 * std::max(S1, S2);
    quantMult(S1 / Twice, Q.input1_multiplier, Q.input1_shift);
    quantMult(S2 / Twice, Q.input2_multiplier, Q.input2_shift);
    quantMult(Twice / (double(1 << 20) * SO), Q.output_multiplier, Q.output_shift);
    randomActRange(R, Q.act_min, Q.act_max);
    std::vector<int8_t> YA(size_t(Bc.Count)), YS(size_t(Bc.Count));
    edgec_add_s8(&Bc.P, &Q, A.data(), B.data(), YA.data());
    edgec_sub_s8(&Bc.P, &Q, A.data(), B.data(), YS.data());
    for (int32_t I = 0; I < Bc.Count; ++I) {
      int32_t OA, OB;
      Bc.offsets(I, OA, OB);
      const int32_t X1 = (A[size_t(OA)] + Q.input1_offset) * (1 << 20);
      const int32_t X2 = (B[size_t(OB)] + Q.input2_offset) * (1 << 20);
      const int32_t V1 = refRequant(X1, Q.input1_multiplier, Q.input1_shift);
      const int32_t V2 = refRequant(X2, Q.input2_multiplier, Q.input2_shift);
      INFO("iter " << Iter << " i " << I);
      REQUIRE(int32_t(YA[size_t(I)]) ==
              refOut(int64_t(V1) + V2, Q.output_multiplier, Q.output_shift, Q.output_offset, Q.act_min, Q.act_max));
      REQUIRE(int32_t(YS[size_t(I)]) ==
              refOut(int64_t(V1) - V2, Q.output_multiplier, Q.output_shift, Q.output_offset, Q.act_min, Q.act_max));
    }
  }
}

TEST_CASE("int8: mul with broadcasting", "[int8][mul]") {
  Rng R(11);
  for (int Iter = 0; Iter < 400; ++Iter) {
    const Bcast Bc(R);
    const auto A = randomI8(size_t(Bc.ACount), R), B = randomI8(size_t(Bc.BCount), R);
    edgec_mul_s8_params Q;
    Q.input1_offset = uni(R, -127, 128), Q.input2_offset = uni(R, -127, 128), Q.output_offset = uni(R, -128, 127);
    Q.output_multiplier = uni(R, 1 << 30, INT32_MAX);
    Q.output_shift = uni(R, -12, -2);
    randomActRange(R, Q.act_min, Q.act_max);
    std::vector<int8_t> Y(size_t(Bc.Count));
    edgec_mul_s8(&Bc.P, &Q, A.data(), B.data(), Y.data());
    for (int32_t I = 0; I < Bc.Count; ++I) {
      int32_t OA, OB;
      Bc.offsets(I, OA, OB);
      const int64_t Prod = (int64_t(A[size_t(OA)]) + Q.input1_offset) * (int64_t(B[size_t(OB)]) + Q.input2_offset);
      REQUIRE(int32_t(Y[size_t(I)]) ==
              refOut(Prod, Q.output_multiplier, Q.output_shift, Q.output_offset, Q.act_min, Q.act_max));
    }
  }
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
  // Visits the in-bounds taps of output (o0, o1, o2): F(input pixel).
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

TEST_CASE("int8: max and average pooling", "[int8][pool]") {
  Rng R(12);
  for (int Iter = 0; Iter < 400; ++Iter) {
    const PoolCase Pc(R);
    const int32_t C = Pc.P.channels;
    const auto X = randomI8(size_t(Pc.P.batch * Pc.InVol * C), R);
    int32_t Lo, Hi;
    randomActRange(R, Lo, Hi);
    const int32_t Zp = uni(R, -128, 127);
    std::vector<int8_t> YMax(size_t(Pc.P.batch * Pc.OutVol * C)), YAvg(YMax.size());
    edgec_maxpool_s8(&Pc.P, Lo, Hi, X.data(), YMax.data());
    edgec_avgpool_s8(&Pc.P, Lo, Hi, Zp, X.data(), YAvg.data());
    size_t Idx = 0;
    for (int32_t N = 0; N < Pc.P.batch; ++N)
      for (int32_t O0 = 0; O0 < Pc.Out[0]; ++O0)
        for (int32_t O1 = 0; O1 < Pc.Out[1]; ++O1)
          for (int32_t O2 = 0; O2 < Pc.Out[2]; ++O2)
            for (int32_t Ch = 0; Ch < C; ++Ch, ++Idx) {
              int64_t Max = -128, Sum = 0;
              const int32_t Valid = Pc.taps(O0, O1, O2, [&](int32_t Pix) {
                const int64_t V = X[size_t((N * Pc.InVol + Pix) * C + Ch)];
                Max = std::max(Max, V);
                Sum += V;
              });
              const int64_t Count = Pc.P.count_include_pad ? Pc.KVol : Valid;
              Sum += (Count - Valid) * Zp;
              int64_t Avg = Zp;
              if (Count > 0) // rounded half away from zero
                Avg = Sum >= 0 ? (2 * Sum + Count) / (2 * Count) : -((-2 * Sum + Count) / (2 * Count));
              INFO("iter " << Iter << " idx " << Idx << " sum " << Sum << " count " << Count);
              REQUIRE(int64_t(YMax[Idx]) == std::min<int64_t>(Hi, std::max<int64_t>(Lo, Max)));
              REQUIRE(int64_t(YAvg[Idx]) == std::min<int64_t>(Hi, std::max<int64_t>(Lo, Avg)));
            }
  }
}

TEST_CASE("int8: global average pooling", "[int8][pool]") {
  Rng R(13);
  for (int Iter = 0; Iter < 200; ++Iter) {
    const int32_t Batch = uni(R, 1, 3), Pixels = uni(R, 1, 300), C = uni(R, 1, 40);
    const auto X = randomI8(size_t(Batch * Pixels * C), R);
    Requant Q(R, 1, false, -20, -9);
    // The compiler folds 1 / pixels into the multiplier.
    quantMult(std::ldexp(double(uni(R, 1000, 4000)), -12) / Pixels, Q.Mult[0], Q.Shift[0]);
    std::vector<int8_t> Y(size_t(Batch * C));
    edgec_global_avgpool_s8(Batch, Pixels, C, &Q.Q, X.data(), Y.data());
    for (int32_t N = 0; N < Batch; ++N)
      for (int32_t Ch = 0; Ch < C; ++Ch) {
        int64_t Acc = 0;
        for (int32_t S = 0; S < Pixels; ++S)
          Acc += int64_t(X[size_t((N * Pixels + S) * C + Ch)]) + Q.Q.input_offset;
        REQUIRE(int32_t(Y[size_t(N * C + Ch)]) == Q.out(0, Acc));
      }
  }
}

// ---- Requantize, LUT, pad --------------------------------------------------------------------

TEST_CASE("int8: requantize between encodings and lookup tables", "[int8][elementwise]") {
  Rng R(14);
  for (int Iter = 0; Iter < 100; ++Iter) {
    const Requant Q(R, 1, false, -3, 2);
    const auto X = randomI8(300, R);
    std::vector<int8_t> Y(X.size());
    edgec_requantize_s8(int32_t(X.size()), &Q.Q, X.data(), Y.data());
    for (size_t I = 0; I < X.size(); ++I)
      REQUIRE(int32_t(Y[I]) == Q.out(0, int64_t(X[I]) + Q.Q.input_offset));
  }
  int8_t Table[256];
  for (int I = 0; I < 256; ++I)
    Table[I] = int8_t(127 - I); // x -> -x - 1
  std::vector<int8_t> X(256), Y(256);
  for (int I = 0; I < 256; ++I)
    X[size_t(I)] = int8_t(I - 128);
  edgec_lut_s8(256, Table, X.data(), Y.data());
  for (int I = 0; I < 256; ++I)
    REQUIRE(int32_t(Y[size_t(I)]) == -int32_t(X[size_t(I)]) - 1);
}

TEST_CASE("int8: pad with an integer fill value (zero point)", "[int8][pad]") {
  edgec_pad_params P;
  std::memset(&P, 0, sizeof(P));
  P.rank = 2;
  P.in_shape[0] = 2, P.in_shape[1] = 2;
  P.out_shape[0] = 3, P.out_shape[1] = 5;
  P.pad_begin[0] = 1, P.pad_begin[1] = 2;
  P.mode = EDGEC_PAD_CONSTANT;
  P.value = 3.0f; // ignored by edgec_pad_int
  P.elem_size = 1;
  const int8_t X[4] = {1, 2, 3, 4};
  int8_t Y[15];
  edgec_pad_int(&P, -7, X, Y);
  const int8_t Want[15] = {-7, -7, -7, -7, -7, -7, -7, 1, 2, -7, -7, -7, 3, 4, -7};
  CHECK(std::memcmp(Y, Want, sizeof(Want)) == 0);
  // 2-byte and 4-byte elements, and a non-constant mode (the fill is unused).
  const int16_t X16[4] = {100, -200, 300, -400};
  int16_t Y16[15];
  P.elem_size = 2;
  edgec_pad_int(&P, -30000, X16, Y16);
  const int16_t Want16[15] = {-30000, -30000, -30000, -30000, -30000, -30000, -30000, 100,
                              -200,   -30000, -30000, -30000, 300,    -400,   -30000};
  CHECK(std::memcmp(Y16, Want16, sizeof(Want16)) == 0);
  const int32_t X32[4] = {1, 2, 3, 4};
  int32_t Y32[15];
  P.elem_size = 4;
  edgec_pad_int(&P, INT32_MIN, X32, Y32);
  CHECK(Y32[0] == INT32_MIN);
  CHECK(Y32[7] == 1);
  CHECK(Y32[13] == 4);
  P.mode = EDGEC_PAD_EDGE;
  P.elem_size = 1;
  edgec_pad_int(&P, -7, X, Y);
  const int8_t WantEdge[15] = {1, 1, 1, 2, 2, 1, 1, 1, 2, 2, 3, 3, 3, 4, 4};
  CHECK(std::memcmp(Y, WantEdge, sizeof(WantEdge)) == 0);
}
