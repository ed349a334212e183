/* Cortex-M DSP-extension (ARMv7E-M, ARMv8-M Mainline with DSP: Cortex-M4, M7, M33) int8
 * lookup table: edgec_lut_s8_dsp has exactly edgec_lut_s8's signature and results
 * (out[i] = table[in[i] + 128], quantized_elementwise.h).
 *
 * A table lookup has no SIMD form on this ISA; the loop is what remains to cut: the table
 * base is moved to entry 128 so a sign-extended byte indexes it directly (LDRSB, LDRB with
 * a register offset, STRB: three instructions per element), eight elements per iteration
 * with immediate offsets. Reads precede writes within each group of four, and each output
 * depends only on the same input element, so in-place use (out == in) works. */
#ifndef EDGEC_KERNELS_LUT_S8_DSP_H
#define EDGEC_KERNELS_LUT_S8_DSP_H

#include <stddef.h>
#include <stdint.h>

#include "edgec/kernels/quantized_elementwise.h"

#if defined(__GNUC__) && defined(__thumb2__)
/* Four elements at byte offset K of in / out: four LDRSB, four LDRB, four STRB (written out
 * because GCC would merge the four byte stores into a word with BFI, more instructions). */
#define EDGEC_DSPL__FOUR(K)                                                                         \
  __asm__ volatile("ldrsb %0, [%4, #" #K "+0]\n\tldrsb %1, [%4, #" #K "+1]\n\t"                     \
                   "ldrsb %2, [%4, #" #K "+2]\n\tldrsb %3, [%4, #" #K "+3]\n\t"                     \
                   "ldrb %0, [%5, %0]\n\tldrb %1, [%5, %1]\n\tldrb %2, [%5, %2]\n\tldrb %3, [%5, %3]\n\t" \
                   "strb %0, [%6, #" #K "+0]\n\tstrb %1, [%6, #" #K "+1]\n\t"                      \
                   "strb %2, [%6, #" #K "+2]\n\tstrb %3, [%6, #" #K "+3]"                            \
                   : "=&r"(t0), "=&r"(t1), "=&r"(t2), "=&r"(t3)                                         \
                   : "r"(in), "r"(t), "r"(out)                                                          \
                   : "memory")
#endif

static inline void edgec_lut_s8_dsp(int32_t n, const int8_t* table, const int8_t* in, int8_t* out) {
  const int8_t* t = table + 128;
  int32_t i;
#if defined(EDGEC_DSPL__FOUR)
  for (i = 0; i + 8 <= n; i += 8) {
    int32_t t0, t1, t2, t3;
    EDGEC_DSPL__FOUR(0);
    EDGEC_DSPL__FOUR(4);
    in += 8;
    out += 8;
  }
#else
  for (i = 0; i + 8 <= n; i += 8) {
    int32_t j;
    for (j = 0; j < 8; ++j) out[j] = t[in[j]];
    in += 8;
    out += 8;
  }
#endif
  for (; i < n; ++i) *out++ = t[*in++];
}

#endif /* EDGEC_KERNELS_LUT_S8_DSP_H */
