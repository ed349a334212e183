/* Cortex-M bare-metal start-up: vector table, reset handler, heap, fault exit.
 *
 * The reset handler copies .data from flash, zeroes .bss, turns on the FPU/MVE coprocessors
 * when the code was built for them, opens newlib's semihosting handles (rdimon specs),
 * fetches the command line through semihosting, runs the C++ constructors and main, and
 * exits with main's status. newlib's own _mainCRTStartup is not used: it moves the stack
 * and the heap to wherever the emulator's SYS_HEAPINFO guesses (on mps3-an547, its DDR),
 * while the linker script is what the board really has. A fault ends the program through
 * semihosting with status 70 instead of spinning forever, so a run that goes wrong fails
 * at once. */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>

#include "edgec/cortex_m.h"

extern uint32_t __data_load__, __data_start__, __data_end__, __bss_start__, __bss_end__;
extern uint32_t __StackTop, __StackLimit;
extern char end;
extern void initialise_monitor_handles(void);
extern void __libc_init_array(void);
extern int main(int argc, char** argv);
void* _sbrk(ptrdiff_t increment);

void Reset_Handler(void);
void edgec_fault_handler(void);
void SysTick_Handler(void);

__attribute__((noreturn)) void Reset_Handler(void) {
  static char command_line[1024];
  static char* argv[64];
  uint32_t* from = &__data_load__;
  uint32_t* to = &__data_start__;
  int argc = 0;
  char* c;
  while (to < &__data_end__) *to++ = *from++;
  for (to = &__bss_start__; to < &__bss_end__;) *to++ = 0;
#if defined(__ARM_FP) || defined(__ARM_FEATURE_MVE)
  /* CPACR: full access to CP10/CP11 (FPU and MVE); without it the first FP or vector
   * instruction faults. */
  *(volatile uint32_t*)0xE000ED88u |= 0xFu << 20;
  __asm volatile("dsb\n\tisb" ::: "memory");
#endif
  initialise_monitor_handles();
  {
    /* SYS_GET_CMDLINE: the arguments QEMU's -semihosting-config arg=... gave, space-separated. */
    uint32_t block[2] = {(uint32_t)(uintptr_t)command_line, sizeof(command_line) - 1};
    if (edgec_semihost_call(0x15, block) != 0) command_line[0] = 0;
  }
  for (c = command_line; *c && argc < 63;) {
    while (*c == ' ') *c++ = 0;
    if (!*c) break;
    argv[argc++] = c;
    while (*c && *c != ' ') ++c;
  }
  argv[argc] = 0;
  __libc_init_array();
  exit(main(argc, argv));
}

/* The heap (the semihosting harness's file buffers; model code never allocates): from the
 * end of .bss up to the stack's reserved area. */
void* _sbrk(ptrdiff_t increment) {
  static char* heap_end = &end;
  char* previous = heap_end;
  if (increment > (char*)&__StackLimit - heap_end || -increment > heap_end - &end) {
    errno = ENOMEM;
    return (void*)-1;
  }
  heap_end += increment;
  return previous;
}

void edgec_fault_handler(void) {
  static const char message[] = "edgec: processor fault (HardFault/MemManage/BusFault/UsageFault)\n";
  edgec_semihost_write0(message);
  for (;;) edgec_semihost_exit(70);
}

/* Exception numbers 1..15, then a few external interrupts: every unexpected one is a fault. */
__attribute__((section(".vectors"), used)) void (*const edgec_vector_table[32])(void) = {
    (void (*)(void))(&__StackTop),
    Reset_Handler,
    edgec_fault_handler, /* NMI */
    edgec_fault_handler, /* HardFault */
    edgec_fault_handler, /* MemManage */
    edgec_fault_handler, /* BusFault */
    edgec_fault_handler, /* UsageFault */
    edgec_fault_handler, /* SecureFault (v8-M) */
    0, 0, 0,
    edgec_fault_handler, /* SVCall */
    edgec_fault_handler, /* DebugMonitor */
    0,
    edgec_fault_handler, /* PendSV */
    SysTick_Handler,
    edgec_fault_handler, edgec_fault_handler, edgec_fault_handler, edgec_fault_handler,
    edgec_fault_handler, edgec_fault_handler, edgec_fault_handler, edgec_fault_handler,
    edgec_fault_handler, edgec_fault_handler, edgec_fault_handler, edgec_fault_handler,
    edgec_fault_handler, edgec_fault_handler, edgec_fault_handler, edgec_fault_handler,
};
