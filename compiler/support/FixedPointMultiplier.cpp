// TFLite-Micro QuantizeMultiplier: real scales as int32 fixed-point multiplier and shift.
#include "compiler/support/FixedPointMultiplier.h"

#include <cmath>

namespace edgec {

bool quantizeMultiplier(double real, int32_t &multiplier, int32_t &shift) {
  multiplier = 0;
  shift = 0;
  if (!std::isfinite(real) || real < 0.0) return false;
  if (real == 0.0) return true;
  int exponent = 0;
  const double q = std::frexp(real, &exponent); // real = q * 2^exponent, q in [0.5, 1)
  // q * 2^31 is exact (a power-of-two scaling), so llround only rounds off the fraction,
  // half away from zero as TFLM's TfLiteRound.
  int64_t qFixed = std::llround(std::ldexp(q, 31));
  if (qFixed == (int64_t(1) << 31)) { // q rounded up to 1.0
    qFixed /= 2;
    ++exponent;
  }
  if (exponent < -31) {
    exponent = 0;
    qFixed = 0;
  }
  if (exponent > 30) {
    exponent = 30;
    qFixed = (int64_t(1) << 31) - 1;
  }
  multiplier = static_cast<int32_t>(qFixed);
  shift = exponent;
  return true;
}

} // namespace edgec
