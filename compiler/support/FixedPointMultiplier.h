// Fixed-point multipliers for int8 requantization (TFLite-Micro QuantizeMultiplier).
#ifndef EDGEC_COMPILER_SUPPORT_FIXEDPOINTMULTIPLIER_H
#define EDGEC_COMPILER_SUPPORT_FIXEDPOINTMULTIPLIER_H

#include <cstdint>

namespace edgec {

// Splits `real` into multiplier * 2^(shift - 31) with multiplier in [2^30, 2^31), exactly as
// TFLM's QuantizeMultiplier, so kernels' edgec_requantize(x, multiplier, shift) computes
// x * real. real == 0 gives (0, 0); reals below 2^-32 underflow to (0, 0) and reals of 2^30
// or more saturate to (2^31 - 1, 30), as TFLM. Returns false (and (0, 0)) for a negative,
// NaN or infinite `real`, which no requantization scale can be.
bool quantizeMultiplier(double real, int32_t &multiplier, int32_t &shift);

} // namespace edgec

#endif // EDGEC_COMPILER_SUPPORT_FIXEDPOINTMULTIPLIER_H
