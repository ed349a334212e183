/* Cortex-M55 Helium (MVE) int8 lookup table, bit-identical to edgec_lut_s8
 * (quantized_elementwise.h). Without MVE it is the reference kernel itself.
 *
 * 16 outputs per iteration: the inputs' bytes XOR 0x80 are x + 128 as unsigned offsets,
 * and one byte gather (VLDRB.U8 with vector offsets) reads table[x + 128] for all 16 lanes;
 * the tail is predicated (vctp8q), so nothing past in, out or the table is touched. In place
 * (in == out) works as in the reference: each 16 bytes are read before they are written. */
#ifndef EDGEC_KERNELS_LUT_S8_MVE_H
#define EDGEC_KERNELS_LUT_S8_MVE_H

#include <stdint.h>

#include "edgec/kernels/quantized_elementwise.h"

#if defined(__ARM_FEATURE_MVE) && (__ARM_FEATURE_MVE & 1)
#include <arm_mve.h>

static inline void edgec_lut_s8_mve(int32_t n, const int8_t* table, const int8_t* in, int8_t* out) {
  const uint8_t* t = (const uint8_t*)table;
  const uint8_t* x = (const uint8_t*)in;
  uint8_t* y = (uint8_t*)out;
  const uint8x16_t bias = vdupq_n_u8(0x80);
  int32_t i = 0;
  for (; i + 32 <= n; i += 32) { /* both loads first: in place, y may be x */
    const uint8x16_t x0 = vldrbq_u8(x + i), x1 = vldrbq_u8(x + i + 16);
    vstrbq_u8(y + i, vldrbq_gather_offset_u8(t, veorq_u8(x0, bias)));
    vstrbq_u8(y + i + 16, vldrbq_gather_offset_u8(t, veorq_u8(x1, bias)));
  }
  for (; i + 16 <= n; i += 16) vstrbq_u8(y + i, vldrbq_gather_offset_u8(t, veorq_u8(vldrbq_u8(x + i), bias)));
  if (i < n) {
    const mve_pred16_t p = vctp8q((uint32_t)(n - i));
    vstrbq_p_u8(y + i, vldrbq_gather_offset_z_u8(t, veorq_u8(vldrbq_z_u8(x + i, p), bias), p), p);
  }
}

#else /* no MVE: the portable reference */
static inline void edgec_lut_s8_mve(int32_t n, const int8_t* table, const int8_t* in, int8_t* out) {
  edgec_lut_s8(n, table, in, out);
}
#endif

#endif /* EDGEC_KERNELS_LUT_S8_MVE_H */
