/* The cycle counter of edgec/cortex_m.h: SysTick (or DWT CYCCNT with EDGEC_USE_DWT). */
#include "edgec/cortex_m.h"

#define EDGEC_REG(address) (*(volatile uint32_t*)(address))
#define SYST_CSR EDGEC_REG(0xE000E010u)
#define SYST_RVR EDGEC_REG(0xE000E014u)
#define SYST_CVR EDGEC_REG(0xE000E018u)
#define DEMCR EDGEC_REG(0xE000EDFCu)
#define DWT_CTRL EDGEC_REG(0xE0001000u)
#define DWT_CYCCNT EDGEC_REG(0xE0001004u)

static volatile uint32_t g_wraps;
static int g_started;

void SysTick_Handler(void) { ++g_wraps; }

void edgec_cycles_start(void) {
  if (g_started) return;
  g_started = 1;
#ifdef EDGEC_USE_DWT
  DEMCR |= 1u << 24; /* TRCENA */
  DWT_CYCCNT = 0;
  DWT_CTRL |= 1u;
#else
  SYST_RVR = 0x00FFFFFFu;
  SYST_CVR = 0;
  SYST_CSR = 7u; /* enable, interrupt on wrap, processor clock */
  /* The counter reads 0 until its first reload; wait for it, boundedly (QEMU without
   * -icount never ticks, and then every figure reads 0). */
  for (int spin = 0; spin < 1000 && SYST_CVR == 0; ++spin) {
  }
#endif
}

uint64_t edgec_cycles(void) {
#ifdef EDGEC_USE_DWT
  return DWT_CYCCNT;
#else
  uint32_t wraps, value;
  do { /* read the wrap count around the value so a wrap in between is seen */
    wraps = g_wraps;
    value = SYST_CVR;
  } while (wraps != g_wraps);
  return value == 0 ? 0 : ((uint64_t)wraps << 24) + (0x00FFFFFFu - value);
#endif
}
