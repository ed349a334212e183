// Unit tests for the typed (non-float32) reference kernels, MaxPool indices, runtime
// BatchNormalization, float16/bfloat16 conversion and their harness I/O. Expected
// values come from naive formulas written here, independently of the kernels.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <limits>
#include <random>
#include <sstream>
#include <string>
#include <type_traits>
#include <vector>

#include "edgec/harness_io.h"
#include "edgec/kernels/cast.h"
#include "edgec/kernels/elementwise.h"
#include "edgec/kernels/half.h"
#include "edgec/kernels/pool.h"
#include "edgec/kernels/reduce.h"

namespace {

using I128 = __int128;

// ---------------------------------------------------------------------------
// Integer reference arithmetic: exact in 128 bits, then reduced modulo 2^bits.
// ---------------------------------------------------------------------------

template <typename T> T wrapTo(I128 V) {
  // Reduce modulo 2^bits into the type's range by explicit arithmetic.
  const int Bits = int(sizeof(T) * 8);
  const I128 Mod = I128(1) << Bits;
  I128 R = V % Mod;
  if (R < 0)
    R += Mod;
  if (std::is_signed<T>::value && R >= Mod / 2)
    R -= Mod;
  return T(R);
}

template <typename T> T refBinaryInt(int32_t Op, T X, T Y) {
  const I128 A = X, B = Y;
  switch (Op) {
  case EDGEC_BIN_ADD:
    return wrapTo<T>(A + B);
  case EDGEC_BIN_SUB:
    return wrapTo<T>(A - B);
  case EDGEC_BIN_MUL:
    return wrapTo<T>(A * B);
  case EDGEC_BIN_DIV:
    return B == 0 ? T(0) : wrapTo<T>(A / B); // C++ '/' truncates toward zero
  case EDGEC_BIN_POW: {
    if (B < 0)
      return A == 1 ? T(1) : (A == -1 ? T((B % 2) ? -1 : 1) : T(0));
    I128 R = 1;
    for (I128 K = 0; K < B; ++K)
      R = I128(wrapTo<T>(R * A)); // naive repeated multiplication, wrapping each step
    return wrapTo<T>(R);
  }
  case EDGEC_BIN_MIN:
    return std::min(X, Y);
  case EDGEC_BIN_MAX:
    return std::max(X, Y);
  case EDGEC_BIN_PRELU:
    return A < 0 ? wrapTo<T>(A * B) : X;
  }
  return T(0);
}

double refBinaryF64(int32_t Op, double X, double Y) {
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
    return std::pow(X, Y);
  case EDGEC_BIN_MIN:
    return std::min(X, Y);
  case EDGEC_BIN_MAX:
    return std::max(X, Y);
  case EDGEC_BIN_PRELU:
    return X < 0 ? X * Y : X;
  }
  return 0.0;
}

edgec_binary_params denseParams(int32_t Op, int32_t Count) {
  edgec_binary_params P;
  std::memset(&P, 0, sizeof(P));
  P.op = Op;
  P.rank = 1;
  P.out_shape[0] = Count;
  P.a_stride[0] = 1;
  P.b_stride[0] = 1;
  return P;
}

template <typename T> std::vector<T> interestingValues() {
  std::vector<T> V = {T(0), T(1), T(2), T(3), T(7), T(100), std::numeric_limits<T>::max(),
                      T(std::numeric_limits<T>::max() - 1), std::numeric_limits<T>::min()};
  if (std::is_signed<T>::value) {
    for (int X : {-1, -2, -3, -7, -100})
      V.push_back(T(X));
    V.push_back(T(std::numeric_limits<T>::min() + 1));
  }
  return V;
}

// Calls the kernel under test for element type T.
#define EDGEC_TEST_DISPATCH(FAMILY)                                                                      \
  template <typename T> struct FAMILY##Fn;                                                               \
  template <> struct FAMILY##Fn<int8_t> { static constexpr auto F = &edgec_##FAMILY##_i8; };             \
  template <> struct FAMILY##Fn<uint8_t> { static constexpr auto F = &edgec_##FAMILY##_u8; };

EDGEC_TEST_DISPATCH(binary)
template <> struct binaryFn<int16_t> { static constexpr auto F = &edgec_binary_i16; };
template <> struct binaryFn<int32_t> { static constexpr auto F = &edgec_binary_i32; };
template <> struct binaryFn<int64_t> { static constexpr auto F = &edgec_binary_i64; };
EDGEC_TEST_DISPATCH(unary)
template <> struct unaryFn<int16_t> { static constexpr auto F = &edgec_unary_i16; };
template <> struct unaryFn<int32_t> { static constexpr auto F = &edgec_unary_i32; };
template <> struct unaryFn<int64_t> { static constexpr auto F = &edgec_unary_i64; };
template <typename T> struct reduceFn;
template <> struct reduceFn<int8_t> { static constexpr auto F = &edgec_reduce_i8; };
template <> struct reduceFn<uint8_t> { static constexpr auto F = &edgec_reduce_u8; };
template <> struct reduceFn<int32_t> { static constexpr auto F = &edgec_reduce_i32; };
template <> struct reduceFn<int64_t> { static constexpr auto F = &edgec_reduce_i64; };
template <typename T> struct maxpoolFn;
template <> struct maxpoolFn<int8_t> { static constexpr auto F = &edgec_maxpool_i8; };
template <> struct maxpoolFn<uint8_t> { static constexpr auto F = &edgec_maxpool_u8; };
template <> struct maxpoolFn<double> { static constexpr auto F = &edgec_maxpool_f64; };

const int32_t AllBinaryOps[] = {EDGEC_BIN_ADD, EDGEC_BIN_SUB, EDGEC_BIN_MUL, EDGEC_BIN_DIV,
                                EDGEC_BIN_POW, EDGEC_BIN_MIN, EDGEC_BIN_MAX, EDGEC_BIN_PRELU};

/// Every op on every pair of interesting values (all pairs, dense path), plus
/// random small exponents for POW.
template <typename T> void checkBinaryInt() {
  const std::vector<T> V = interestingValues<T>();
  std::vector<T> A, B;
  for (T X : V)
    for (T Y : V) {
      A.push_back(X);
      B.push_back(Y);
    }
  for (int32_t Op : AllBinaryOps) {
    std::vector<T> AA = A, BB = B;
    if (Op == EDGEC_BIN_POW) {
      // Naive reference pow loops B times: keep exponents small but include negatives.
      for (size_t I = 0; I < BB.size(); ++I)
        BB[I] = T(std::is_signed<T>::value ? int(I % 13) - 4 : int(I % 40));
    }
    const edgec_binary_params P = denseParams(Op, int32_t(AA.size()));
    std::vector<T> Out(AA.size());
    binaryFn<T>::F(&P, AA.data(), BB.data(), Out.data());
    for (size_t I = 0; I < AA.size(); ++I) {
      INFO("op " << Op << " x " << int64_t(AA[I]) << " y " << int64_t(BB[I]));
      REQUIRE(int64_t(Out[I]) == int64_t(refBinaryInt<T>(Op, AA[I], BB[I])));
    }
  }
}

template <typename T> void checkBinaryBroadcast() {
  // out [2,3,4]; a [2,1,4] (stride 0 on dim 1); b [3,1] (strides 0, 1, 0).
  std::mt19937 Rng(5);
  std::uniform_int_distribution<int> Dist(-50, 50);
  std::vector<T> A(8), B(3);
  for (T &X : A)
    X = T(Dist(Rng));
  for (T &X : B)
    X = T(Dist(Rng) == 0 ? 3 : Dist(Rng));
  for (int32_t Op : AllBinaryOps) {
    if (Op == EDGEC_BIN_POW)
      continue;
    edgec_binary_params P;
    std::memset(&P, 0, sizeof(P));
    P.op = Op;
    P.rank = 3;
    const int32_t Shape[3] = {2, 3, 4}, As[3] = {4, 0, 1}, Bs[3] = {0, 1, 0};
    for (int D = 0; D < 3; ++D) {
      P.out_shape[D] = Shape[D];
      P.a_stride[D] = As[D];
      P.b_stride[D] = Bs[D];
    }
    std::vector<T> Out(24);
    binaryFn<T>::F(&P, A.data(), B.data(), Out.data());
    for (int I = 0; I < 2; ++I)
      for (int J = 0; J < 3; ++J)
        for (int K = 0; K < 4; ++K)
          REQUIRE(int64_t(Out[(I * 3 + J) * 4 + K]) ==
                  int64_t(refBinaryInt<T>(Op, A[I * 4 + K], B[J])));
  }
}

// ---------------------------------------------------------------------------
// Unary on integers.
// ---------------------------------------------------------------------------

template <typename T> T refUnaryInt(int32_t Op, float Alpha, float Beta, T X) {
  const I128 A = X;
  switch (Op) {
  case EDGEC_UN_RELU:
    return A > 0 ? X : T(0);
  case EDGEC_UN_CLIP: {
    // Exact clamp to the real interval [Alpha, Beta] (hi wins when lo > hi).
    long double V = (long double)A;
    if (V < (long double)Alpha)
      V = std::ceil((long double)Alpha);
    if (V > (long double)Beta)
      V = std::floor((long double)Beta);
    V = std::max(V, (long double)std::numeric_limits<T>::min());
    V = std::min(V, (long double)std::numeric_limits<T>::max());
    return T(V);
  }
  case EDGEC_UN_NEG:
    return wrapTo<T>(-A);
  case EDGEC_UN_ABS:
    return wrapTo<T>(A < 0 ? -A : A);
  case EDGEC_UN_SIGN:
    return T(A > 0 ? 1 : (A < 0 ? -1 : 0));
  default:
    return X;
  }
}

template <typename T> void checkUnaryInt() {
  std::vector<T> X = interestingValues<T>();
  const int32_t Ops[] = {EDGEC_UN_RELU,  EDGEC_UN_NEG,   EDGEC_UN_ABS,     EDGEC_UN_SIGN,
                         EDGEC_UN_CEIL,  EDGEC_UN_FLOOR, EDGEC_UN_ROUND,   EDGEC_UN_IDENTITY,
                         EDGEC_UN_SIGMOID, EDGEC_UN_EXP, EDGEC_UN_LOG};
  for (int32_t Op : Ops) {
    const edgec_unary_params P = {Op, 0.0f, 0.0f};
    std::vector<T> Y(X.size());
    unaryFn<T>::F(&P, int32_t(X.size()), X.data(), Y.data());
    for (size_t I = 0; I < X.size(); ++I) {
      INFO("op " << Op << " x " << int64_t(X[I]));
      REQUIRE(int64_t(Y[I]) == int64_t(refUnaryInt<T>(Op, 0, 0, X[I])));
    }
  }
  const float Bounds[][2] = {{-5.5f, 7.5f},
                             {2.0f, 100.0f},
                             {-FLT_MAX, FLT_MAX},
                             {-INFINITY, INFINITY},
                             {-1e30f, 3.0f},
                             {1.0f, 1e30f},
                             {10.0f, 5.0f}};
  for (const auto &B : Bounds) {
    const edgec_unary_params P = {EDGEC_UN_CLIP, B[0], B[1]};
    std::vector<T> Y = X;
    unaryFn<T>::F(&P, int32_t(Y.size()), Y.data(), Y.data()); // in place
    for (size_t I = 0; I < X.size(); ++I) {
      INFO("clip [" << B[0] << ", " << B[1] << "] x " << int64_t(X[I]));
      REQUIRE(int64_t(Y[I]) == int64_t(refUnaryInt<T>(EDGEC_UN_CLIP, B[0], B[1], X[I])));
    }
  }
}

// ---------------------------------------------------------------------------
// Reductions: naive grouping over the full index space.
// ---------------------------------------------------------------------------

/// Values grouped by output index for input shape \p Shape and reduce mask \p Mask.
template <typename T>
std::vector<std::vector<T>> groupForReduce(const std::vector<int32_t> &Shape, int32_t Mask,
                                           const std::vector<T> &X, size_t &OutCount) {
  const size_t Rank = Shape.size();
  std::vector<int32_t> OutShape(Shape);
  for (size_t D = 0; D < Rank; ++D)
    if ((Mask >> D) & 1)
      OutShape[D] = 1;
  OutCount = 1;
  for (int32_t D : OutShape)
    OutCount *= size_t(D);
  std::vector<std::vector<T>> Groups(OutCount);
  for (size_t I = 0; I < X.size(); ++I) {
    size_t Rem = I, Out = 0, OutMul = 1;
    for (size_t D = Rank; D-- > 0;) {
      const size_t C = Rem % size_t(Shape[D]);
      Rem /= size_t(Shape[D]);
      Out += ((Mask >> D) & 1 ? 0 : C) * OutMul;
      OutMul *= size_t(OutShape[D]);
    }
    Groups[Out].push_back(X[I]);
  }
  return Groups;
}

template <typename T> T refReduceInt(int32_t Op, const std::vector<T> &G) {
  I128 Acc = Op == EDGEC_REDUCE_PROD ? 1 : 0;
  double F = 0.0;
  switch (Op) {
  case EDGEC_REDUCE_MAX: {
    T M = std::numeric_limits<T>::lowest();
    for (T V : G)
      M = std::max(M, V);
    return M;
  }
  case EDGEC_REDUCE_MIN: {
    T M = std::numeric_limits<T>::max();
    for (T V : G)
      M = std::min(M, V);
    return M;
  }
  case EDGEC_REDUCE_SUM:
    for (T V : G)
      Acc += V;
    return wrapTo<T>(Acc);
  case EDGEC_REDUCE_MEAN:
    for (T V : G)
      Acc += V;
    return G.empty() ? T(0) : T(I128(wrapTo<T>(Acc)) / I128(G.size()));
  case EDGEC_REDUCE_PROD:
    for (T V : G)
      Acc = wrapTo<int64_t>(Acc * V);
    return wrapTo<T>(Acc);
  case EDGEC_REDUCE_L1:
    for (T V : G)
      Acc += I128(V) < 0 ? -I128(V) : I128(V);
    return wrapTo<T>(Acc);
  case EDGEC_REDUCE_SUM_SQUARE:
    for (T V : G)
      Acc += I128(V) * I128(V);
    return wrapTo<T>(Acc);
  case EDGEC_REDUCE_L2:
    for (T V : G)
      F += double(V) * double(V);
    F = std::sqrt(F);
    break;
  case EDGEC_REDUCE_LOG_SUM:
    for (T V : G)
      F += double(V);
    F = std::log(F);
    break;
  case EDGEC_REDUCE_LOG_SUM_EXP:
    for (T V : G)
      F += std::exp(double(V));
    F = std::log(F);
    break;
  }
  if (std::isnan(F))
    return T(0);
  F = std::trunc(F);
  if (F <= double(std::numeric_limits<T>::lowest()))
    return std::numeric_limits<T>::lowest();
  if (F >= double(std::numeric_limits<T>::max()))
    return std::numeric_limits<T>::max();
  return T(F);
}

edgec_reduce_params reduceParams(const std::vector<int32_t> &Shape, int32_t Mask, int32_t Op) {
  edgec_reduce_params P;
  std::memset(&P, 0, sizeof(P));
  P.rank = int32_t(Shape.size());
  for (size_t D = 0; D < Shape.size(); ++D)
    P.in_shape[D] = Shape[D];
  P.reduce_mask = Mask;
  P.op = Op;
  return P;
}

const int32_t AllReduceOps[] = {EDGEC_REDUCE_SUM,     EDGEC_REDUCE_MEAN, EDGEC_REDUCE_MAX,
                                EDGEC_REDUCE_MIN,     EDGEC_REDUCE_PROD, EDGEC_REDUCE_L1,
                                EDGEC_REDUCE_L2,      EDGEC_REDUCE_LOG_SUM,
                                EDGEC_REDUCE_LOG_SUM_EXP, EDGEC_REDUCE_SUM_SQUARE};

template <typename T> void checkReduceInt(int Lo, int Hi) {
  std::mt19937 Rng(77);
  std::uniform_int_distribution<int> Dist(Lo, Hi);
  const std::vector<int32_t> Shape = {2, 3, 4};
  std::vector<T> X(24);
  for (T &V : X)
    V = T(Dist(Rng));
  X[5] = std::numeric_limits<T>::max(); // make sums and products wrap
  X[6] = std::numeric_limits<T>::max();
  for (int32_t Op : AllReduceOps)
    for (int32_t Mask = 0; Mask < 8; ++Mask) {
      // LOG_SUM_EXP of large integers overflows exp: keep it to small-valued types.
      if (Op == EDGEC_REDUCE_LOG_SUM_EXP && sizeof(T) > 1)
        continue;
      size_t OutCount = 0;
      const auto Groups = groupForReduce(Shape, Mask, X, OutCount);
      const edgec_reduce_params P = reduceParams(Shape, Mask, Op);
      std::vector<T> Y(OutCount);
      reduceFn<T>::F(&P, X.data(), Y.data());
      for (size_t O = 0; O < OutCount; ++O) {
        INFO("op " << Op << " mask " << Mask << " out " << O);
        REQUIRE(int64_t(Y[O]) == int64_t(refReduceInt<T>(Op, Groups[O])));
      }
    }
  // Empty reduction: shape [2, 0, 3] reducing dim 1 gives 6 identity values.
  const std::vector<int32_t> Empty = {2, 0, 3};
  for (int32_t Op : AllReduceOps) {
    const edgec_reduce_params P = reduceParams(Empty, 2, Op);
    std::vector<T> Y(6, T(42));
    reduceFn<T>::F(&P, X.data(), Y.data());
    for (T V : Y) {
      INFO("empty op " << Op);
      REQUIRE(int64_t(V) == int64_t(refReduceInt<T>(Op, std::vector<T>())));
    }
  }
}

// ---------------------------------------------------------------------------
// Pooling.
// ---------------------------------------------------------------------------

/// 2-D pool params for a single image batch (channels-last).
edgec_pool_params pool2d(int32_t N, int32_t C, int32_t H, int32_t W, int32_t K, int32_t S, int32_t Pad,
                         int32_t Dil, int32_t OH, int32_t OW) {
  edgec_pool_params P;
  std::memset(&P, 0, sizeof(P));
  P.spatial_rank = 2;
  P.batch = N;
  P.channels = C;
  P.in_spatial[0] = H;
  P.in_spatial[1] = W;
  P.out_spatial[0] = OH;
  P.out_spatial[1] = OW;
  for (int D = 0; D < 2; ++D) {
    P.kernel[D] = K;
    P.stride[D] = S;
    P.dilation[D] = Dil;
    P.pad_begin[D] = Pad;
    P.pad_end[D] = Pad;
  }
  return P;
}

/// Naive NCHW max pooling, returning values and NCHW flat argmax (first max wins).
template <typename T>
void refMaxPoolNchw(const edgec_pool_params &P, const std::vector<T> &X, std::vector<T> &Y,
                    std::vector<int64_t> &Idx) {
  const int32_t N = P.batch, C = P.channels, H = P.in_spatial[0], W = P.in_spatial[1];
  const int32_t OH = P.out_spatial[0], OW = P.out_spatial[1];
  Y.clear();
  Idx.clear();
  for (int32_t Nn = 0; Nn < N; ++Nn)
    for (int32_t Cc = 0; Cc < C; ++Cc)
      for (int32_t Oh = 0; Oh < OH; ++Oh)
        for (int32_t Ow = 0; Ow < OW; ++Ow) {
          T Best = std::numeric_limits<T>::lowest();
          int64_t BestIdx = -1;
          for (int32_t Kh = 0; Kh < P.kernel[0]; ++Kh)
            for (int32_t Kw = 0; Kw < P.kernel[1]; ++Kw) {
              const int32_t Ih = Oh * P.stride[0] - P.pad_begin[0] + Kh * P.dilation[0];
              const int32_t Iw = Ow * P.stride[1] - P.pad_begin[1] + Kw * P.dilation[1];
              if (Ih < 0 || Ih >= H || Iw < 0 || Iw >= W)
                continue;
              const int64_t Flat = ((int64_t(Nn) * C + Cc) * H + Ih) * W + Iw;
              if (BestIdx < 0 || X[size_t(Flat)] > Best) {
                Best = X[size_t(Flat)];
                BestIdx = Flat;
              }
            }
          Y.push_back(Best);
          Idx.push_back(BestIdx);
        }
}

template <typename T>
std::vector<T> nchwToNhwc(const std::vector<T> &X, int32_t N, int32_t C, int32_t Spatial) {
  std::vector<T> Y(X.size());
  for (int32_t Nn = 0; Nn < N; ++Nn)
    for (int32_t Cc = 0; Cc < C; ++Cc)
      for (int32_t S = 0; S < Spatial; ++S)
        Y[(size_t(Nn) * Spatial + S) * C + Cc] = X[(size_t(Nn) * C + Cc) * Spatial + S];
  return Y;
}

template <typename T> void checkMaxPoolTyped(int Lo, int Hi) {
  std::mt19937 Rng(9);
  std::uniform_int_distribution<int> Dist(Lo, Hi);
  // 2x3 channels, 7x6 image, kernel 3, stride 2, pad 1, dilation 1 -> 4x3 (plus a
  // dilated variant); values have many ties.
  for (int32_t Dil : {1, 2}) {
    const int32_t OH = Dil == 1 ? 4 : 3, OW = Dil == 1 ? 3 : 2;
    const edgec_pool_params P = pool2d(2, 3, 7, 6, 3, 2, 1, Dil, OH, OW);
    std::vector<T> X(size_t(2) * 3 * 7 * 6);
    for (T &V : X)
      V = T(Dist(Rng));
    std::vector<T> Want;
    std::vector<int64_t> WantIdx;
    refMaxPoolNchw(P, X, Want, WantIdx);
    std::vector<T> Y(Want.size());
    maxpoolFn<T>::F(&P, nchwToNhwc(X, 2, 3, 42).data(), Y.data());
    REQUIRE(Y == nchwToNhwc(Want, 2, 3, OH * OW));
  }
  // All-padding window: 1x1 input, kernel 3, pad 2, output 3x3: corners see only padding.
  const edgec_pool_params P = pool2d(1, 1, 1, 1, 2, 1, 2, 1, 3, 3);
  const std::vector<T> X = {T(Lo)};
  std::vector<T> Y(9);
  maxpoolFn<T>::F(&P, X.data(), Y.data());
  CHECK(Y[0] == std::numeric_limits<T>::lowest());
  CHECK(Y[4] == T(Lo));
}

// ---------------------------------------------------------------------------
// Half precision helpers (independent definitions by value).
// ---------------------------------------------------------------------------

/// Value of a binary16 bit pattern, from the definition.
double halfValue(uint16_t H) {
  const int E = (H >> 10) & 31, M = H & 1023;
  double V;
  if (E == 31)
    V = M ? std::nan("") : INFINITY;
  else if (E == 0)
    V = std::ldexp(double(M), -24);
  else
    V = std::ldexp(double(1024 + M), E - 25);
  return (H & 0x8000) ? -V : V;
}

uint32_t floatBits(float F) {
  uint32_t U;
  std::memcpy(&U, &F, 4);
  return U;
}

float bitsFloat(uint32_t U) {
  float F;
  std::memcpy(&F, &U, 4);
  return F;
}

std::string tempFile(const std::string &Name) {
  const std::filesystem::path Dir = std::filesystem::temp_directory_path() / "edgec-kernels-typed-test";
  std::filesystem::create_directories(Dir);
  return (Dir / Name).string();
}

std::vector<uint8_t> protoVarint(uint64_t V) {
  std::vector<uint8_t> B;
  while (V >= 0x80) {
    B.push_back(uint8_t(V | 0x80));
    V >>= 7;
  }
  B.push_back(uint8_t(V));
  return B;
}

void append(std::vector<uint8_t> &To, const std::vector<uint8_t> &From) {
  To.insert(To.end(), From.begin(), From.end());
}

/// TensorProto with dims, data_type and either packed int32_data or raw_data.
std::vector<uint8_t> makeTensorProto(const std::vector<int64_t> &Dims, int32_t DataType,
                                     const std::vector<uint16_t> &Values, bool Raw) {
  std::vector<uint8_t> Msg, Payload;
  for (int64_t D : Dims) {
    append(Msg, protoVarint((1 << 3) | 0));
    append(Msg, protoVarint(uint64_t(D)));
  }
  append(Msg, protoVarint((2 << 3) | 0));
  append(Msg, protoVarint(uint64_t(DataType)));
  for (uint16_t V : Values) {
    if (Raw) {
      Payload.push_back(uint8_t(V));
      Payload.push_back(uint8_t(V >> 8));
    } else {
      append(Payload, protoVarint(V));
    }
  }
  append(Msg, protoVarint(((Raw ? 9u : 5u) << 3) | 2));
  append(Msg, protoVarint(Payload.size()));
  append(Msg, Payload);
  return Msg;
}

void writeFile(const std::string &Path, const std::vector<uint8_t> &Data) {
  std::ofstream Out(Path, std::ios::binary | std::ios::trunc);
  Out.write(reinterpret_cast<const char *>(Data.data()), std::streamsize(Data.size()));
}

std::vector<uint16_t> asU16(const std::vector<uint8_t> &B) {
  std::vector<uint16_t> V(B.size() / 2);
  if (!V.empty())
    std::memcpy(V.data(), B.data(), V.size() * 2);
  return V;
}

std::vector<uint8_t> asBytes(const std::vector<uint16_t> &V) {
  std::vector<uint8_t> B(V.size() * 2);
  if (!B.empty())
    std::memcpy(B.data(), V.data(), B.size());
  return B;
}

} // namespace

// ===========================================================================
// Binary
// ===========================================================================

TEST_CASE("typed binary ops on every integer type", "[kernels][typed][elementwise]") {
  SECTION("int8") { checkBinaryInt<int8_t>(); }
  SECTION("uint8") { checkBinaryInt<uint8_t>(); }
  SECTION("int16") { checkBinaryInt<int16_t>(); }
  SECTION("int32") { checkBinaryInt<int32_t>(); }
  SECTION("int64") { checkBinaryInt<int64_t>(); }
}

TEST_CASE("typed binary ops with broadcasting", "[kernels][typed][elementwise]") {
  checkBinaryBroadcast<int8_t>();
  checkBinaryBroadcast<int16_t>();
  checkBinaryBroadcast<int32_t>();
  checkBinaryBroadcast<int64_t>();
}

TEST_CASE("typed binary integer edge cases spelled out", "[kernels][typed][elementwise]") {
  auto One = [](auto Fn, int32_t Op, auto X, auto Y) {
    const edgec_binary_params P = denseParams(Op, 1);
    decltype(X) Out = 0;
    Fn(&P, &X, &Y, &Out);
    return Out;
  };
  CHECK(One(edgec_binary_i8, EDGEC_BIN_ADD, int8_t(127), int8_t(1)) == -128);
  CHECK(One(edgec_binary_u8, EDGEC_BIN_SUB, uint8_t(0), uint8_t(1)) == 255);
  CHECK(One(edgec_binary_i16, EDGEC_BIN_MUL, int16_t(300), int16_t(300)) == int16_t(90000 - 131072));
  CHECK(One(edgec_binary_i32, EDGEC_BIN_MUL, INT32_MAX, int32_t(2)) == -2);
  CHECK(One(edgec_binary_i64, EDGEC_BIN_ADD, INT64_MAX, int64_t(1)) == INT64_MIN);
  CHECK(One(edgec_binary_i32, EDGEC_BIN_DIV, int32_t(-7), int32_t(2)) == -3);
  CHECK(One(edgec_binary_i32, EDGEC_BIN_DIV, int32_t(7), int32_t(0)) == 0);
  CHECK(One(edgec_binary_u8, EDGEC_BIN_DIV, uint8_t(7), uint8_t(0)) == 0);
  CHECK(One(edgec_binary_i64, EDGEC_BIN_DIV, INT64_MIN, int64_t(-1)) == INT64_MIN);
  CHECK(One(edgec_binary_i8, EDGEC_BIN_DIV, int8_t(-128), int8_t(-1)) == -128);
  CHECK(One(edgec_binary_i32, EDGEC_BIN_POW, int32_t(3), int32_t(4)) == 81);
  CHECK(One(edgec_binary_i32, EDGEC_BIN_POW, int32_t(2), int32_t(-1)) == 0);
  CHECK(One(edgec_binary_i32, EDGEC_BIN_POW, int32_t(1), int32_t(-5)) == 1);
  CHECK(One(edgec_binary_i32, EDGEC_BIN_POW, int32_t(-1), int32_t(-5)) == -1);
  CHECK(One(edgec_binary_i32, EDGEC_BIN_POW, int32_t(-1), int32_t(-4)) == 1);
  CHECK(One(edgec_binary_i32, EDGEC_BIN_POW, int32_t(0), int32_t(0)) == 1);
  CHECK(One(edgec_binary_i64, EDGEC_BIN_POW, int64_t(2), int64_t(63)) == INT64_MIN);
  CHECK(One(edgec_binary_i64, EDGEC_BIN_POW, int64_t(3), int64_t(40)) == int64_t(12157665459056928801ull));
  // Huge exponent: 3^k mod 2^8 by a naive loop.
  {
    uint32_t R = 1;
    for (int K = 0; K < 1000001; ++K)
      R = (R * 3u) & 0xffu;
    CHECK(One(edgec_binary_u8, EDGEC_BIN_POW, uint8_t(3), uint8_t(255)) == uint8_t([] {
            uint32_t S = 1;
            for (int K = 0; K < 255; ++K)
              S = (S * 3u) & 0xffu;
            return S;
          }()));
    CHECK((uint32_t(One(edgec_binary_i32, EDGEC_BIN_POW, int32_t(3), int32_t(1000001))) & 0xffu) == R);
  }
  CHECK(One(edgec_binary_i8, EDGEC_BIN_PRELU, int8_t(-100), int8_t(3)) == int8_t(-300 + 256));
  CHECK(One(edgec_binary_u8, EDGEC_BIN_PRELU, uint8_t(200), uint8_t(3)) == 200);
}

TEST_CASE("typed binary f64 matches double formulas", "[kernels][typed][elementwise]") {
  std::mt19937 Rng(3);
  std::uniform_real_distribution<double> Dist(-3.0, 3.0);
  std::vector<double> A(64), B(64);
  for (size_t I = 0; I < A.size(); ++I) {
    A[I] = Dist(Rng);
    B[I] = Dist(Rng);
  }
  A[0] = 1e300; // beyond float range: must stay double
  B[0] = 1e-300;
  for (int32_t Op : AllBinaryOps) {
    const edgec_binary_params P = denseParams(Op, 64);
    std::vector<double> Out(64);
    edgec_binary_f64(&P, A.data(), B.data(), Out.data());
    for (size_t I = 0; I < 64; ++I) {
      const double W = refBinaryF64(Op, A[I], B[I]);
      INFO("op " << Op << " i " << I);
      REQUIRE(((std::isnan(W) && std::isnan(Out[I])) || Out[I] == W));
    }
  }
  // Scalar broadcast and in place.
  edgec_binary_params P = denseParams(EDGEC_BIN_MUL, 64);
  P.b_stride[0] = 0;
  std::vector<double> Out = A;
  const double Two = 2.0;
  edgec_binary_f64(&P, Out.data(), &Two, Out.data());
  for (size_t I = 0; I < 64; ++I)
    REQUIRE(Out[I] == A[I] * 2.0);
}

// ===========================================================================
// Unary
// ===========================================================================

TEST_CASE("typed unary ops on integers", "[kernels][typed][elementwise]") {
  SECTION("int8") { checkUnaryInt<int8_t>(); }
  SECTION("uint8") { checkUnaryInt<uint8_t>(); }
  SECTION("int16") { checkUnaryInt<int16_t>(); }
  SECTION("int32") { checkUnaryInt<int32_t>(); }
  SECTION("int64") { checkUnaryInt<int64_t>(); }
}

TEST_CASE("typed unary f64 matches libm in double", "[kernels][typed][elementwise]") {
  std::vector<double> X;
  for (int I = -40; I <= 40; ++I)
    X.push_back(I * 0.173);
  X.push_back(0.5);
  X.push_back(-2.5);
  X.push_back(1e-300);
  const double A = 0.75, B = 1.25; // float-exact alpha / beta
  auto Clamp01 = [](double V) { return V < 0 ? 0.0 : (V > 1 ? 1.0 : V); };
  for (int32_t Op = EDGEC_UN_RELU; Op <= EDGEC_UN_IDENTITY; ++Op) {
    const edgec_unary_params P = {Op, float(A), float(B)};
    std::vector<double> Y(X.size());
    edgec_unary_f64(&P, int32_t(X.size()), X.data(), Y.data());
    for (size_t I = 0; I < X.size(); ++I) {
      const double V = X[I];
      double W = V;
      switch (Op) {
      case EDGEC_UN_RELU: W = std::max(V, 0.0); break;
      case EDGEC_UN_CLIP: W = std::min(std::max(V, A), B); break;
      case EDGEC_UN_SIGMOID: W = 1.0 / (1.0 + std::exp(-V)); break;
      case EDGEC_UN_TANH: W = std::tanh(V); break;
      case EDGEC_UN_LEAKY_RELU: W = V >= 0 ? V : A * V; break;
      case EDGEC_UN_NEG: W = -V; break;
      case EDGEC_UN_ABS: W = std::fabs(V); break;
      case EDGEC_UN_EXP: W = std::exp(V); break;
      case EDGEC_UN_LOG: W = std::log(V); break;
      case EDGEC_UN_SQRT: W = std::sqrt(V); break;
      case EDGEC_UN_RECIPROCAL: W = 1.0 / V; break;
      case EDGEC_UN_ELU: W = V >= 0 ? V : A * std::expm1(V); break;
      case EDGEC_UN_SELU: W = B * (V > 0 ? V : A * std::expm1(V)); break;
      case EDGEC_UN_SOFTPLUS: W = std::log(1.0 + std::exp(V)); break;
      case EDGEC_UN_SOFTSIGN: W = V / (1.0 + std::fabs(V)); break;
      case EDGEC_UN_HARD_SIGMOID: W = Clamp01(A * V + B); break;
      case EDGEC_UN_HARD_SWISH: W = V * Clamp01(V / 6.0 + 0.5); break;
      case EDGEC_UN_ERF: W = std::erf(V); break;
      case EDGEC_UN_CEIL: W = std::ceil(V); break;
      case EDGEC_UN_FLOOR: W = std::floor(V); break;
      case EDGEC_UN_ROUND: // half to even, by hand
        W = std::floor(V + 0.5);
        if (W - V == 0.5 && std::fmod(W, 2.0) != 0.0)
          W -= 1.0;
        break;
      case EDGEC_UN_SIN: W = std::sin(V); break;
      case EDGEC_UN_COS: W = std::cos(V); break;
      case EDGEC_UN_SIGN: W = V > 0 ? 1.0 : (V < 0 ? -1.0 : 0.0); break;
      case EDGEC_UN_NOT: W = V == 0 ? 1.0 : 0.0; break;
      default: break;
      }
      INFO("op " << Op << " x " << V << " got " << Y[I] << " want " << W);
      const bool BothNan = std::isnan(W) && std::isnan(Y[I]);
      REQUIRE((BothNan || Y[I] == W || std::fabs(Y[I] - W) <= 1e-13 * (1.0 + std::fabs(W))));
    }
  }
  // Values outside float range stay exact (computed in double, not float).
  const edgec_unary_params Neg = {EDGEC_UN_NEG, 0.0f, 0.0f};
  double Big = 1e300, Out = 0.0;
  edgec_unary_f64(&Neg, 1, &Big, &Out);
  CHECK(Out == -1e300);
}

// ===========================================================================
// Reduce
// ===========================================================================

TEST_CASE("typed integer reductions incl. wrap and empty", "[kernels][typed][reduce]") {
  SECTION("int8") { checkReduceInt<int8_t>(-9, 9); }
  SECTION("uint8") { checkReduceInt<uint8_t>(0, 9); }
  SECTION("int32") { checkReduceInt<int32_t>(-1000000, 1000000); }
  SECTION("int64") { checkReduceInt<int64_t>(-1000000000, 1000000000); }
}

TEST_CASE("typed integer reduction spot values", "[kernels][typed][reduce]") {
  const std::vector<int32_t> X = {INT32_MAX, 10, -7, 2};
  auto Run = [&](int32_t Op) {
    const edgec_reduce_params P = reduceParams({4}, 1, Op);
    int32_t Y = 0;
    edgec_reduce_i32(&P, X.data(), &Y);
    return Y;
  };
  CHECK(Run(EDGEC_REDUCE_SUM) == INT32_MIN + 4);                 // 2^31 + 4 wraps
  CHECK(Run(EDGEC_REDUCE_MEAN) == (INT32_MIN + 4) / 4);           // wrapped sum, truncated
  CHECK(Run(EDGEC_REDUCE_MAX) == INT32_MAX);
  CHECK(Run(EDGEC_REDUCE_MIN) == -7);
  const std::vector<int8_t> M = {-7, 2};
  const edgec_reduce_params P = reduceParams({2}, 1, EDGEC_REDUCE_MEAN);
  int8_t Y = 0;
  edgec_reduce_i8(&P, M.data(), &Y);
  CHECK(Y == -2); // -5 / 2 truncates toward zero
  const std::vector<int8_t> Wrap = {100, 101, 0}; // numpy: mean(dtype=int8) == -18
  const edgec_reduce_params P3 = reduceParams({3}, 1, EDGEC_REDUCE_MEAN);
  edgec_reduce_i8(&P3, Wrap.data(), &Y);
  CHECK(Y == -18);
}

TEST_CASE("typed f64 reduction matches double formulas", "[kernels][typed][reduce]") {
  std::mt19937 Rng(8);
  std::uniform_real_distribution<double> Dist(0.1, 2.0);
  const std::vector<int32_t> Shape = {3, 2, 5};
  std::vector<double> X(30);
  for (double &V : X)
    V = Dist(Rng);
  for (int32_t Op : AllReduceOps)
    for (int32_t Mask = 0; Mask < 8; ++Mask) {
      size_t OutCount = 0;
      const auto Groups = groupForReduce(Shape, Mask, X, OutCount);
      const edgec_reduce_params P = reduceParams(Shape, Mask, Op);
      std::vector<double> Y(OutCount);
      edgec_reduce_f64(&P, X.data(), Y.data());
      for (size_t O = 0; O < OutCount; ++O) {
        const auto &G = Groups[O];
        double W = 0.0;
        switch (Op) {
        case EDGEC_REDUCE_SUM: for (double V : G) W += V; break;
        case EDGEC_REDUCE_MEAN: for (double V : G) W += V; W /= double(G.size()); break;
        case EDGEC_REDUCE_MAX: W = *std::max_element(G.begin(), G.end()); break;
        case EDGEC_REDUCE_MIN: W = *std::min_element(G.begin(), G.end()); break;
        case EDGEC_REDUCE_PROD: W = 1.0; for (double V : G) W *= V; break;
        case EDGEC_REDUCE_L1: for (double V : G) W += std::fabs(V); break;
        case EDGEC_REDUCE_L2: for (double V : G) W += V * V; W = std::sqrt(W); break;
        case EDGEC_REDUCE_LOG_SUM: for (double V : G) W += V; W = std::log(W); break;
        case EDGEC_REDUCE_LOG_SUM_EXP: for (double V : G) W += std::exp(V); W = std::log(W); break;
        case EDGEC_REDUCE_SUM_SQUARE: for (double V : G) W += V * V; break;
        }
        INFO("op " << Op << " mask " << Mask);
        REQUIRE(std::fabs(Y[O] - W) <= 1e-12 * (1.0 + std::fabs(W)));
      }
    }
  // Empty: ONNX identities in double.
  const std::vector<int32_t> Empty = {0, 4};
  const double Want[] = {0.0, NAN, -INFINITY, INFINITY, 1.0, 0.0, 0.0, -INFINITY, -INFINITY, 0.0};
  for (int32_t Op : AllReduceOps) {
    const edgec_reduce_params P = reduceParams(Empty, 1, Op);
    std::vector<double> Y(4, 42.0);
    edgec_reduce_f64(&P, X.data(), Y.data());
    for (double V : Y) {
      INFO("empty op " << Op);
      REQUIRE(((std::isnan(Want[Op]) && std::isnan(V)) || V == Want[Op]));
    }
  }
}

// ===========================================================================
// Pooling
// ===========================================================================

TEST_CASE("typed maxpool f64, int8, uint8", "[kernels][typed][pool]") {
  SECTION("int8") { checkMaxPoolTyped<int8_t>(-128, 127); }
  SECTION("uint8") { checkMaxPoolTyped<uint8_t>(0, 5); }
  SECTION("float64") { checkMaxPoolTyped<double>(-1000, 1000); }
}

TEST_CASE("maxpool indices are NCHW flat offsets on an NHWC buffer", "[kernels][typed][pool]") {
  // NCHW input 1x2x4x4: channel 0 is 0..15, channel 1 is 15..0 (descending).
  std::vector<float> Nchw(32);
  for (int I = 0; I < 16; ++I) {
    Nchw[size_t(I)] = float(I);
    Nchw[size_t(16 + I)] = float(15 - I);
  }
  const std::vector<float> Nhwc = nchwToNhwc(Nchw, 1, 2, 16);
  const edgec_pool_params P = pool2d(1, 2, 4, 4, 2, 2, 0, 1, 2, 2);
  std::vector<float> Y(8);
  std::vector<int64_t> Idx(8, 99);
  edgec_maxpool_indices_f32(&P, Nhwc.data(), Y.data(), Idx.data());
  // Output NHWC (1, 2, 2, 2): per output pixel (c0, c1). Channel 0's max is the
  // bottom-right tap (index h*4+w); channel 1's is the top-left tap, offset by 16.
  CHECK(Y == std::vector<float>{5, 15, 7, 13, 13, 7, 15, 5});
  CHECK(Idx == std::vector<int64_t>{5, 16, 7, 18, 13, 24, 15, 26});
  // The values equal the plain maxpool's.
  std::vector<float> Plain(8);
  edgec_maxpool_f32(&P, Nhwc.data(), Plain.data());
  CHECK(Plain == Y);
}

TEST_CASE("maxpool indices: ties, padding, batch and dilation vs naive", "[kernels][typed][pool]") {
  std::mt19937 Rng(17);
  std::uniform_int_distribution<int> Dist(-3, 3); // many ties
  for (int32_t Dil : {1, 2}) {
    const int32_t OH = Dil == 1 ? 4 : 3, OW = Dil == 1 ? 3 : 2;
    const edgec_pool_params P = pool2d(2, 3, 7, 6, 3, 2, 1, Dil, OH, OW);
    std::vector<float> X(size_t(2) * 3 * 42);
    for (float &V : X)
      V = float(Dist(Rng));
    std::vector<float> Want;
    std::vector<int64_t> WantIdx;
    refMaxPoolNchw(P, X, Want, WantIdx);
    std::vector<float> Y(Want.size());
    std::vector<int64_t> Idx(Want.size());
    edgec_maxpool_indices_f32(&P, nchwToNhwc(X, 2, 3, 42).data(), Y.data(), Idx.data());
    CHECK(Y == nchwToNhwc(Want, 2, 3, OH * OW));
    CHECK(Idx == nchwToNhwc(WantIdx, 2, 3, OH * OW));
  }
  // 1-D and 3-D: indices follow the same flat NC(spatial) rule.
  edgec_pool_params P;
  std::memset(&P, 0, sizeof(P));
  P.spatial_rank = 3;
  P.batch = 1;
  P.channels = 2;
  const int32_t In[3] = {2, 3, 2};
  for (int D = 0; D < 3; ++D) {
    P.in_spatial[D] = In[D];
    P.out_spatial[D] = 1;
    P.kernel[D] = In[D];
    P.stride[D] = 1;
    P.dilation[D] = 1;
  }
  std::vector<float> X(24, 0.0f);
  X[7] = 5.0f;       // channel 0, spatial 7
  X[12 + 10] = 1.0f; // channel 1, spatial 10
  std::vector<float> Y(2);
  std::vector<int64_t> Idx(2);
  edgec_maxpool_indices_f32(&P, nchwToNhwc(X, 1, 2, 12).data(), Y.data(), Idx.data());
  CHECK(Y == std::vector<float>{5.0f, 1.0f});
  CHECK(Idx == std::vector<int64_t>{7, 22});
}

// ===========================================================================
// BatchNormalization
// ===========================================================================

TEST_CASE("batchnorm with runtime parameters", "[kernels][typed][batchnorm]") {
  const int32_t Outer = 2, C = 3, Inner = 5;
  std::mt19937 Rng(21);
  std::uniform_real_distribution<float> Dist(-2.0f, 2.0f);
  std::vector<float> X(size_t(Outer) * C * Inner), Scale(C), Bias(C), Mean(C), Var(C);
  for (float &V : X)
    V = Dist(Rng);
  for (int32_t Ch = 0; Ch < C; ++Ch) {
    Scale[size_t(Ch)] = Dist(Rng);
    Bias[size_t(Ch)] = Dist(Rng);
    Mean[size_t(Ch)] = Dist(Rng);
    Var[size_t(Ch)] = std::fabs(Dist(Rng)) + 0.1f;
  }
  const float Eps = 1e-3f;
  std::vector<float> Y(X.size());
  edgec_batchnorm_f32(Outer, C, Inner, Scale.data(), Bias.data(), Mean.data(), Var.data(), Eps, X.data(),
                      Y.data());
  for (int32_t O = 0; O < Outer; ++O)
    for (int32_t Ch = 0; Ch < C; ++Ch)
      for (int32_t I = 0; I < Inner; ++I) {
        const size_t K = (size_t(O) * C + Ch) * Inner + I;
        // The documented float expression, bit for bit.
        const float S = Scale[size_t(Ch)] / std::sqrt(Var[size_t(Ch)] + Eps);
        const float Exact = (X[K] - Mean[size_t(Ch)]) * S + Bias[size_t(Ch)];
        REQUIRE(Y[K] == Exact);
        // And the ONNX formula in double.
        const double Ref = double(Scale[size_t(Ch)]) * (double(X[K]) - Mean[size_t(Ch)]) /
                               std::sqrt(double(Var[size_t(Ch)]) + double(Eps)) +
                           Bias[size_t(Ch)];
        REQUIRE(std::fabs(Y[K] - Ref) <= 1e-5 * (1.0 + std::fabs(Ref)));
      }
  // In place.
  std::vector<float> Z = X;
  edgec_batchnorm_f32(Outer, C, Inner, Scale.data(), Bias.data(), Mean.data(), Var.data(), Eps, Z.data(),
                      Z.data());
  CHECK(Z == Y);
}

TEST_CASE("batchnorm training mode", "[kernels][typed][batchnorm]") {
  const int32_t N = 3, C = 2, HW = 4; // layout [N, C, HW]
  std::mt19937 Rng(22);
  std::uniform_real_distribution<float> Dist(-3.0f, 3.0f);
  std::vector<float> X(size_t(N) * C * HW);
  for (float &V : X)
    V = Dist(Rng);
  const std::vector<float> Scale = {1.5f, -0.5f}, Bias = {0.25f, 2.0f}, InMean = {0.1f, -0.2f},
                           InVar = {1.0f, 2.0f};
  const float Eps = 1e-5f, Momentum = 0.9f;
  std::vector<float> Y(X.size()), RunMean(C), RunVar(C);
  edgec_batchnorm_training_f32(N, C, HW, Scale.data(), Bias.data(), InMean.data(), InVar.data(), Eps, Momentum,
                               X.data(), Y.data(), RunMean.data(), RunVar.data());
  for (int32_t Ch = 0; Ch < C; ++Ch) {
    double Sum = 0.0;
    for (int32_t Nn = 0; Nn < N; ++Nn)
      for (int32_t I = 0; I < HW; ++I)
        Sum += X[(size_t(Nn) * C + Ch) * HW + I];
    const double Mean = Sum / (N * HW);
    double Sq = 0.0;
    for (int32_t Nn = 0; Nn < N; ++Nn)
      for (int32_t I = 0; I < HW; ++I) {
        const double D = X[(size_t(Nn) * C + Ch) * HW + I] - Mean;
        Sq += D * D;
      }
    const double Var = Sq / (N * HW); // population variance (numpy x.var())
    CHECK(std::fabs(RunMean[size_t(Ch)] - (InMean[size_t(Ch)] * 0.9 + Mean * 0.1)) < 1e-6);
    CHECK(std::fabs(RunVar[size_t(Ch)] - (InVar[size_t(Ch)] * 0.9 + Var * 0.1)) < 1e-5);
    for (int32_t Nn = 0; Nn < N; ++Nn)
      for (int32_t I = 0; I < HW; ++I) {
        const size_t K = (size_t(Nn) * C + Ch) * HW + I;
        const double Want = Scale[size_t(Ch)] * (X[K] - Mean) / std::sqrt(Var + Eps) + Bias[size_t(Ch)];
        REQUIRE(std::fabs(Y[K] - Want) < 1e-5 * (1.0 + std::fabs(Want)));
      }
  }
  // Optional outputs absent, in place, and aliasing running stats onto the inputs.
  std::vector<float> Z = X;
  edgec_batchnorm_training_f32(N, C, HW, Scale.data(), Bias.data(), InMean.data(), InVar.data(), Eps, Momentum,
                               Z.data(), Z.data(), nullptr, nullptr);
  CHECK(Z == Y);
  std::vector<float> M = InMean, V = InVar;
  edgec_batchnorm_training_f32(N, C, HW, Scale.data(), Bias.data(), M.data(), V.data(), Eps, Momentum, X.data(),
                               Z.data(), M.data(), V.data());
  CHECK(M == RunMean);
  CHECK(V == RunVar);
}

// ===========================================================================
// float16 / bfloat16
// ===========================================================================

TEST_CASE("float16 <-> float32 over all 65536 patterns", "[kernels][typed][half]") {
  for (uint32_t H = 0; H < 65536; ++H) {
    const uint16_t Bits = uint16_t(H);
    const float F = edgec_f16_to_f32(Bits);
    const double Want = halfValue(Bits);
    INFO("half 0x" << std::hex << H);
    if (std::isnan(Want)) {
      REQUIRE(std::isnan(F));
      const uint16_t Back = edgec_f32_to_f16(F);
      REQUIRE((Back & 0x7c00) == 0x7c00);
      REQUIRE((Back & 0x3ff) != 0);
      REQUIRE((Back & 0x8000) == (Bits & 0x8000));
      REQUIRE(edgec_f64_to_f16(double(F)) == Back);
      continue;
    }
    REQUIRE(double(F) == Want);
    REQUIRE(std::signbit(F) == bool(Bits & 0x8000));
    REQUIRE(edgec_f32_to_f16(F) == Bits);
    REQUIRE(edgec_f64_to_f16(double(F)) == Bits);
    // The harness's independent conversion agrees.
    REQUIRE(edgec_io::detail::floatToHalf(double(F)) == Bits);
    REQUIRE(edgec_io::detail::halfToFloat(Bits) == F);
  }
}

TEST_CASE("float16 rounding: ties to even, near ties, overflow, subnormals", "[kernels][typed][half]") {
  // Every pair of adjacent finite positive halves (and their negatives).
  for (uint32_t H = 0; H < 0x7bff; ++H) {
    const double Lo = halfValue(uint16_t(H)), Hi = halfValue(uint16_t(H + 1));
    const double Mid = (Lo + Hi) / 2; // exact in float and double
    const uint16_t Even = (H & 1) ? uint16_t(H + 1) : uint16_t(H);
    INFO("between 0x" << std::hex << H << " and 0x" << H + 1);
    REQUIRE(edgec_f32_to_f16(float(Mid)) == Even);
    REQUIRE(edgec_f64_to_f16(Mid) == Even);
    REQUIRE(edgec_f32_to_f16(float(-Mid)) == (Even | 0x8000));
    REQUIRE(edgec_f32_to_f16(std::nextafter(float(Mid), 0.0f)) == H);
    REQUIRE(edgec_f32_to_f16(std::nextafter(float(Mid), INFINITY)) == H + 1);
    REQUIRE(edgec_f64_to_f16(std::nextafter(Mid, 0.0)) == H);
    REQUIRE(edgec_f64_to_f16(std::nextafter(Mid, INFINITY)) == H + 1);
    REQUIRE(edgec_io::detail::floatToHalf(Mid) == Even);
    REQUIRE(edgec_io::detail::floatToHalf(std::nextafter(Mid, INFINITY)) == H + 1);
  }
  CHECK(edgec_f32_to_f16(65504.0f) == 0x7bff);
  CHECK(edgec_f32_to_f16(std::nextafter(65520.0f, 0.0f)) == 0x7bff);
  CHECK(edgec_f32_to_f16(65520.0f) == 0x7c00); // tie between 65504 and "65536": to even = inf
  CHECK(edgec_f32_to_f16(-1e10f) == 0xfc00);
  CHECK(edgec_f32_to_f16(INFINITY) == 0x7c00);
  CHECK(edgec_f32_to_f16(FLT_MAX) == 0x7c00);
  CHECK(edgec_f64_to_f16(1e300) == 0x7c00);
  CHECK(edgec_f64_to_f16(std::nextafter(65520.0, 0.0)) == 0x7bff);
  CHECK(edgec_f32_to_f16(std::ldexp(1.0f, -24)) == 0x0001);
  CHECK(edgec_f32_to_f16(std::ldexp(1.0f, -25)) == 0x0000); // tie to even (0)
  CHECK(edgec_f32_to_f16(std::ldexp(1.5f, -25)) == 0x0001);
  CHECK(edgec_f32_to_f16(std::ldexp(1.0f, -26)) == 0x0000);
  CHECK(edgec_f32_to_f16(-std::ldexp(1.0f, -30)) == 0x8000);
  CHECK(edgec_f32_to_f16(FLT_TRUE_MIN) == 0x0000);
  CHECK(edgec_f64_to_f16(DBL_TRUE_MIN) == 0x0000);
  CHECK(edgec_f64_to_f16(-0.0) == 0x8000);
  CHECK(edgec_f32_to_f16(std::ldexp(1023.0f, -24)) == 0x03ff); // largest subnormal
  CHECK(edgec_f32_to_f16(std::ldexp(2047.0f, -25)) == 0x0400); // rounds up into the normals
  CHECK((edgec_f32_to_f16(NAN) & 0x7fff) > 0x7c00);
  CHECK((edgec_f64_to_f16(-NAN) & 0xfc00) == 0xfc00);
  CHECK((edgec_f32_to_f16(bitsFloat(0x7f800001u)) & 0x7fff) > 0x7c00); // payload only in low bits
  // Double rounding: 1 + 2^-11 + 2^-40 is just above the tie between 1 and
  // 1 + 2^-10. Rounding to float first lands exactly on the tie (-> 1.0 by
  // even), but numpy rounds float64 directly: up.
  const double Above = 1.0 + std::ldexp(1.0, -11) + std::ldexp(1.0, -40);
  CHECK(edgec_f32_to_f16(float(Above)) == 0x3c00);
  CHECK(edgec_f64_to_f16(Above) == 0x3c01);
  CHECK(edgec_io::detail::floatToHalf(Above) == 0x3c01);
}

TEST_CASE("bfloat16 <-> float32 round trips and rounding", "[kernels][typed][half]") {
  for (uint32_t B = 0; B < 65536; ++B) {
    const float F = edgec_bf16_to_f32(uint16_t(B));
    INFO("bf16 0x" << std::hex << B);
    REQUIRE(floatBits(F) == B << 16);
    if (std::isnan(F)) {
      REQUIRE(std::isnan(edgec_bf16_to_f32(edgec_f32_to_bf16(F))));
      continue;
    }
    REQUIRE(edgec_f32_to_bf16(F) == B);
    REQUIRE(edgec_io::detail::floatToBfloat16(double(F)) == B);
    REQUIRE(edgec_io::detail::bfloat16ToFloat(uint16_t(B)) == F);
    // Ties and near ties above this pattern (within the same sign).
    if ((B & 0x7fff) < 0x7f80 && (B & 0x7fff) != 0x7f7f) {
      const uint32_t Mid = (B << 16) | 0x8000u;
      const uint16_t Even = uint16_t((B & 1) ? B + 1 : B);
      REQUIRE(edgec_f32_to_bf16(bitsFloat(Mid)) == Even);
      REQUIRE(edgec_f32_to_bf16(bitsFloat(Mid - 1)) == B);
      REQUIRE(edgec_f32_to_bf16(bitsFloat(Mid + 1)) == B + 1);
    }
  }
  CHECK(edgec_f32_to_bf16(FLT_MAX) == 0x7f80); // rounds to inf
  CHECK(edgec_f32_to_bf16(-INFINITY) == 0xff80);
  for (uint32_t Nan : {0x7f800001u, 0x7fc00000u, 0xff800001u, 0x7fffffffu}) {
    const uint16_t B = edgec_f32_to_bf16(bitsFloat(Nan));
    CHECK(std::isnan(edgec_bf16_to_f32(B)));
    CHECK((B & 0x8000) == ((Nan >> 16) & 0x8000));
  }
}

TEST_CASE("cast to and from float16 / bfloat16", "[kernels][typed][half][cast]") {
  const std::vector<float> F = {0.0f, -1.5f, 65504.0f, 1e6f, 3.14159f, -2.5e-8f, 100.7f};
  std::vector<uint16_t> H(F.size()), B(F.size());
  edgec_cast(F.data(), EDGEC_DT_F32, H.data(), EDGEC_DT_F16, int32_t(F.size()));
  edgec_cast(F.data(), EDGEC_DT_F32, B.data(), EDGEC_DT_BF16, int32_t(F.size()));
  for (size_t I = 0; I < F.size(); ++I) {
    CHECK(H[I] == edgec_io::detail::floatToHalf(F[I]));
    CHECK(B[I] == edgec_io::detail::floatToBfloat16(F[I]));
  }
  std::vector<float> Back(F.size());
  edgec_cast(H.data(), EDGEC_DT_F16, Back.data(), EDGEC_DT_F32, int32_t(F.size()));
  for (size_t I = 0; I < F.size(); ++I)
    CHECK(double(Back[I]) == halfValue(H[I]));
  edgec_cast(B.data(), EDGEC_DT_BF16, Back.data(), EDGEC_DT_F32, int32_t(F.size()));
  for (size_t I = 0; I < F.size(); ++I)
    CHECK(floatBits(Back[I]) == uint32_t(B[I]) << 16);
  // float64 -> float16 rounds once (the double-rounding case).
  const double Above = 1.0 + std::ldexp(1.0, -11) + std::ldexp(1.0, -40);
  uint16_t One = 0;
  edgec_cast(&Above, EDGEC_DT_F64, &One, EDGEC_DT_F16, 1);
  CHECK(One == 0x3c01);
  // float16 -> int32 truncates; int32 -> float16 rounds; int8 <-> bf16.
  const std::vector<uint16_t> Hs = {0x4170 /* 2.71875 */, 0xc170, 0x7c00, 0x7e00};
  std::vector<int32_t> I32(4);
  edgec_cast(Hs.data(), EDGEC_DT_F16, I32.data(), EDGEC_DT_I32, 4);
  CHECK(I32 == std::vector<int32_t>{2, -2, INT32_MAX, 0});
  const std::vector<int32_t> Ints = {2049, 2051, 70000, -3};
  std::vector<uint16_t> HI(4);
  edgec_cast(Ints.data(), EDGEC_DT_I32, HI.data(), EDGEC_DT_F16, 4);
  CHECK(HI == std::vector<uint16_t>{0x6800 /* 2048 */, 0x6802 /* 2052 */, 0x7c00, 0xc200});
  const int8_t I8 = -100;
  uint16_t Bf = 0;
  edgec_cast(&I8, EDGEC_DT_I8, &Bf, EDGEC_DT_BF16, 1);
  CHECK(edgec_bf16_to_f32(Bf) == -100.0f);
  double D = 0.0;
  edgec_cast(&Bf, EDGEC_DT_BF16, &D, EDGEC_DT_F64, 1);
  CHECK(D == -100.0);
  // f16 -> bf16 (through float) and same-type copy.
  uint16_t HB = 0;
  const uint16_t Half = 0x3555; // 0.333251953125
  edgec_cast(&Half, EDGEC_DT_F16, &HB, EDGEC_DT_BF16, 1);
  CHECK(HB == edgec_f32_to_bf16(edgec_f16_to_f32(Half)));
  CHECK(edgec_dtype_size(EDGEC_DT_F16) == 2);
  CHECK(edgec_dtype_size(EDGEC_DT_BF16) == 2);
}

// ===========================================================================
// Harness I/O
// ===========================================================================

TEST_CASE("harness_io float16 .npy round trip", "[harness_io][typed][half]") {
  edgec_io::Tensor T;
  T.dtype = "float16";
  T.shape = {2, 3};
  const std::vector<uint16_t> Values = {0x3c00, 0xc000, 0x7bff, 0x0001, 0x7c00, 0x8000};
  T.data = asBytes(Values);
  const std::string Path = tempFile("half.npy");
  std::string Err;
  REQUIRE(edgec_io::write_npy(Path, T, Err));
  std::ifstream In(Path, std::ios::binary);
  const std::string Text((std::istreambuf_iterator<char>(In)), std::istreambuf_iterator<char>());
  CHECK(Text.find("'descr': '<f2'") != std::string::npos);
  CHECK(Text.size() % 64 == 12 % 64); // 64-aligned header + 12 data bytes
  edgec_io::Tensor Back;
  REQUIRE(edgec_io::read_tensor_file(Path, Back, Err));
  CHECK(Back.dtype == "float16");
  CHECK(Back.shape == T.shape);
  CHECK(asU16(Back.data) == Values);
  // convert_to float32 and back.
  REQUIRE(edgec_io::convert_to(Back, "float32", Err));
  std::vector<float> F(6);
  std::memcpy(F.data(), Back.data.data(), 24);
  CHECK(F == std::vector<float>{1.0f, -2.0f, 65504.0f, std::ldexp(1.0f, -24), INFINITY, -0.0f});
  CHECK(std::signbit(F[5]));
  REQUIRE(edgec_io::convert_to(Back, "float16", Err));
  CHECK(asU16(Back.data) == Values);
  // float16 -> int32 must be exact.
  edgec_io::Tensor Ints = T;
  Ints.data = asBytes(std::vector<uint16_t>{0x3c00, 0xc000});
  Ints.shape = {2};
  REQUIRE(edgec_io::convert_to(Ints, "int32", Err));
  edgec_io::Tensor Frac = Ints;
  Frac.dtype = "float16";
  Frac.data = asBytes(std::vector<uint16_t>{0x3e00, 0x3c00}); // 1.5 is not integral
  CHECK_FALSE(edgec_io::convert_to(Frac, "int32", Err));
}

TEST_CASE("harness_io float16 / bfloat16 TensorProto", "[harness_io][typed][half]") {
  std::string Err;
  const std::vector<uint16_t> Values = {0x3c00, 0xbc00, 0x3555, 0x7bff};
  for (bool Raw : {false, true}) {
    const std::string Path = tempFile(Raw ? "half_raw.pb" : "half_int32.pb");
    writeFile(Path, makeTensorProto({2, 2}, 10, Values, Raw));
    edgec_io::Tensor T;
    REQUIRE(edgec_io::read_tensor_file(Path, T, Err));
    CHECK(T.dtype == "float16");
    CHECK(T.shape == std::vector<int64_t>{2, 2});
    CHECK(asU16(T.data) == Values);
    REQUIRE(edgec_io::convert_to(T, "float32", Err));
    std::vector<float> F(4);
    std::memcpy(F.data(), T.data.data(), 16);
    CHECK(F == std::vector<float>{1.0f, -1.0f, 0.333251953125f, 65504.0f});
  }
  const std::vector<uint16_t> BValues = {0x3f80, 0xc040, 0x7f80};
  const std::string Path = tempFile("bf16.pb");
  writeFile(Path, makeTensorProto({3}, 16, BValues, false));
  edgec_io::Tensor T;
  REQUIRE(edgec_io::read_tensor_file(Path, T, Err));
  CHECK(T.dtype == "bfloat16");
  CHECK(asU16(T.data) == BValues);
  // bfloat16 .npy is written as float32.
  const std::string Npy = tempFile("bf16.npy");
  REQUIRE(edgec_io::write_npy(Npy, T, Err));
  edgec_io::Tensor Back;
  REQUIRE(edgec_io::read_tensor_file(Npy, Back, Err));
  CHECK(Back.dtype == "float32");
  std::vector<float> F(3);
  std::memcpy(F.data(), Back.data.data(), 12);
  CHECK(F == std::vector<float>{1.0f, -3.0f, INFINITY});
  REQUIRE(edgec_io::convert_to(Back, "bfloat16", Err));
  CHECK(asU16(Back.data) == BValues);
  // A size mismatch is still caught for the 2-byte types.
  writeFile(Path, makeTensorProto({5}, 10, Values, true));
  CHECK_FALSE(edgec_io::read_tensor_file(Path, T, Err));
}
