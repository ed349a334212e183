// quantizeMultiplier: TFLM QuantizeMultiplier's (multiplier, shift) for real requantization scales,
// checked by hand, against a long-double reference and by round trip.
#include "compiler/support/FixedPointMultiplier.h"

#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <limits>
#include <random>

using edgec::quantizeMultiplier;

namespace {

struct MS {
  int32_t M = -1, S = -1;
  bool Ok = false;
};

MS qm(double Real) {
  MS R;
  R.Ok = quantizeMultiplier(Real, R.M, R.S);
  return R;
}

// Reference: the exponent by repeated halving / doubling, then the nearest 31-bit
// fraction, all in long double (every step is exact up to the final rounding).
MS reference(double Real) {
  MS R;
  R.Ok = true;
  long double Q = Real;
  int E = 0;
  while (Q >= 1.0L) {
    Q /= 2;
    ++E;
  }
  while (Q < 0.5L) {
    Q *= 2;
    --E;
  }
  long double Fixed = std::floor(Q * 2147483648.0L + 0.5L); // half away from zero (Q > 0)
  if (Fixed == 2147483648.0L) {
    Fixed /= 2;
    ++E;
  }
  if (E < -31) {
    R.M = 0, R.S = 0;
  } else if (E > 30) {
    R.M = INT32_MAX, R.S = 30;
  } else {
    R.M = int32_t(Fixed), R.S = E;
  }
  return R;
}

} // namespace

TEST_CASE("quantizeMultiplier: hand-checked values", "[requant]") {
  auto check = [](double Real, int32_t M, int32_t S) {
    const MS R = qm(Real);
    INFO("real " << Real);
    CHECK(R.Ok);
    CHECK(R.M == M);
    CHECK(R.S == S);
  };
  check(0.0, 0, 0);
  check(0.5, 1 << 30, 0);
  check(1.0, 1 << 30, 1);
  check(0.25, 1 << 30, -1);
  check(0.75, 1610612736, 0);
  check(1.0 / 3.0, 1431655765, -1);
  check(2.0 / 3.0, 1431655765, 0);
  check(0.1, 1717986918, -3);
  check(1.0 - std::ldexp(1.0, -40), 1 << 30, 1); // the fraction rounds up to 1.0
  check(std::ldexp(1.0, -32), 1 << 30, -31);     // smallest kept exponent
  check(std::ldexp(1.0, -33), 0, 0);             // underflows
  check(1e-10, 0, 0);
  check(std::ldexp(1.0, 29), 1 << 30, 30);
  check(std::ldexp(1.0, 30), INT32_MAX, 30); // saturates
  check(1e20, INT32_MAX, 30);
  for (double Bad : {-1.0, -1e-30, std::numeric_limits<double>::quiet_NaN(),
                     std::numeric_limits<double>::infinity(), -std::numeric_limits<double>::infinity()}) {
    const MS R = qm(Bad);
    INFO("real " << Bad);
    CHECK_FALSE(R.Ok);
    CHECK(R.M == 0);
    CHECK(R.S == 0);
  }
}

TEST_CASE("quantizeMultiplier: long-double reference and round trip", "[requant]") {
  std::mt19937_64 Rng(2024);
  std::uniform_real_distribution<double> LogUniform(std::log(1e-10), std::log(1e3));
  int Kept = 0;
  for (int I = 0; I < 200000; ++I) {
    double Real = std::exp(LogUniform(Rng));
    if (I % 5 == 0) // exact halves of the last kept bit: rounding ties
      Real = std::ldexp(double((int64_t(1) << 31) + 2 * (I % 1000) + 1), -32 - I % 40);
    const MS Got = qm(Real), Want = reference(Real);
    INFO("real " << Real);
    REQUIRE(Got.Ok);
    REQUIRE(Got.M == Want.M);
    REQUIRE(Got.S == Want.S);
    if (Got.M == 0)
      continue;
    REQUIRE(Got.M >= (1 << 30));
    ++Kept;
    const long double Back = std::ldexp((long double)Got.M, Got.S - 31);
    REQUIRE(std::fabs(Back - Real) <= std::ldexp((long double)Real, -31));
  }
  CHECK(Kept > 150000);
}
