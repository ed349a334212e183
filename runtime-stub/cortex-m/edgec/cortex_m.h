/* Cortex-M runtime stub: semihosting calls and the cycle counter.
 *
 * edgec_cycles() counts processor clock ticks with SysTick (24 bits, extended to 64 by its
 * wrap interrupt). Under QEMU with `-icount shift=0` the virtual clock advances 1 ns per
 * executed instruction and SysTick runs at the board's clock (25 MHz on mps2-an385/386/500,
 * 20 MHz on mps2-an505, 32 MHz on mps3-an547), so a tick is 1e9 / clock instructions: an
 * instruction count, not a cycle count. On hardware, define EDGEC_USE_DWT to read the DWT
 * cycle counter. */
#ifndef EDGEC_CORTEX_M_H
#define EDGEC_CORTEX_M_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Semihosting call (ARM DUI0471): operation in r0, argument block in r1, result in r0. */
static inline int32_t edgec_semihost_call(int32_t op, const void* arg) {
  register int32_t r0 __asm__("r0") = op;
  register const void* r1 __asm__("r1") = arg;
  __asm__ volatile("bkpt 0xab" : "+r"(r0) : "r"(r1) : "memory");
  return r0;
}

static inline void edgec_semihost_write0(const char* text) { edgec_semihost_call(0x04, text); }

/* SYS_EXIT_EXTENDED (0x20): ADP_Stopped_ApplicationExit with a status. */
static inline void edgec_semihost_exit(int32_t status) {
  const uint32_t block[2] = {0x20026u, (uint32_t)status};
  edgec_semihost_call(0x20, block);
}

/* Starts the counter (idempotent). */
void edgec_cycles_start(void);
/* Ticks of the processor clock since edgec_cycles_start(). */
uint64_t edgec_cycles(void);

#ifdef __cplusplus
}
#endif

#endif /* EDGEC_CORTEX_M_H */
