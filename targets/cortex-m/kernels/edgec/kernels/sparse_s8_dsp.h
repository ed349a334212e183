/* Cortex-M DSP-extension (Cortex-M4, M7, M33) int8 2:4-sparse convolution and fully connected:
 * edgec_conv_nm_s8_dsp and edgec_fully_connected_nm_s8_dsp have exactly the signatures and
 * results, bit for bit, of edgec_conv_nm_s8 and edgec_fully_connected_nm_s8 (sparse.h).
 *
 * Fast path: 2:4 weights (2-bit positions, strictly increasing in a group as the format and
 * compiler/support/SparseFormats.cpp's packer have them) and an input offset in [-127, 128]
 * (every int8 zero point). Anything else (other N:M, wider offsets, a matrix that does not fit
 * the layer) calls the reference kernel.
 *
 * A group of 4 columns keeps 2 weights at positions p0 < p1: one of 6 pairs. Output pixels (FC:
 * batch rows) go in blocks of P = 8 (4, 2, 1 for the last ones). Per block and column chunk the
 * tile holds, per group, all 6 pairs (x[p0] + off, x[p1] + off) as int16 halves of a word for
 * each pixel ([group][pair][8 pixel slots]; [group][pair] when P = 1), built from one 4-byte
 * load per group and pixel (2 SXTAB16 + 4 PKH, 6 stores) and shared by every output channel.
 * A row decodes an index byte (two groups) with one table load into its two pairs' offsets,
 * makes int16 weight pairs of its 4 values (2 SXTB16 + 2 PKH), and adds 2 products per pixel
 * and group with half an LDRD and one SMLAD. The P = 8 loop over a chunk's rows is Thumb-2
 * assembly (43 instructions per index byte: 32 MACs); the dense DSP kernel needs about 1.25
 * instructions per MAC on all 4 columns of a group, this one about 1.35 per kept MAC, half
 * as many. On the bench layers (scripts/bench_sparse.py --cortex-m4) a 2:4 layer runs in
 * 0.61-0.66x the dense DSP kernel's instructions, an FC with batch 1 in 0.80x.
 * Integer sums are exact modulo 2^32, like the reference's int32 accumulators; the
 * requantization is the dense DSP kernel's (edgec_dsp__rq_sat8 / edgec_dsp__requant).
 *
 * No heap. Stack about 7 KiB: the 4 KiB tile (EDGEC_SMSP_TILE_WORDS; a chunk is 80 columns at
 * P = 8, 680 at P = 1), the sums of EDGEC_SMSP_ROWS = 64 rows x 8 pixels (2 KiB; 32 rows halve
 * it for about 9% more instructions on long reductions with many rows), and a 680-byte buffer
 * gathering one pixel's columns when Cin % 4 != 0 or the row ends mid-group.
 * EDGEC_SMSP_NO_ASM: no inline or stand-alone assembly (plain C with the ACLE intrinsics). */
#ifndef EDGEC_KERNELS_SPARSE_S8_DSP_H
#define EDGEC_KERNELS_SPARSE_S8_DSP_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "edgec/kernels/conv_s8_dsp.h"
#include "edgec/kernels/sparse.h"

#ifndef EDGEC_SMSP_TILE_WORDS
#define EDGEC_SMSP_TILE_WORDS 1024 /* 4 KiB */
#endif
#define EDGEC_SMSP_PIXELS 8
#ifndef EDGEC_SMSP_ROWS
#define EDGEC_SMSP_ROWS 64
#endif
/* Columns of the widest chunk (P = 1: 170 groups). */
#define EDGEC_SMSP_MAX_COLS (EDGEC_SMSP_TILE_WORDS / 6 / 2 * 2 * 4)

/* PKH: (lo[15:0], hi[15:0]), (lo[15:0], hi[31:16]) and (lo[31:16], hi[31:16]) as (low, high). */
#if defined(__ARM_FEATURE_DSP) && defined(__GNUC__) && !defined(EDGEC_SMSP_NO_ASM)
static inline int32_t edgec_smsp__pk_ll(int32_t lo, int32_t hi) {
  int32_t r;
  __asm__("pkhbt %0, %1, %2, lsl #16" : "=r"(r) : "r"(lo), "r"(hi));
  return r;
}
static inline int32_t edgec_smsp__pk_lh(int32_t lo, int32_t hi) {
  int32_t r;
  __asm__("pkhbt %0, %1, %2" : "=r"(r) : "r"(lo), "r"(hi));
  return r;
}
static inline int32_t edgec_smsp__pk_hh(int32_t lo, int32_t hi) {
  int32_t r;
  __asm__("pkhtb %0, %1, %2, asr #16" : "=r"(r) : "r"(hi), "r"(lo));
  return r;
}
#else
static inline int32_t edgec_smsp__pk_ll(int32_t lo, int32_t hi) {
  return edgec__wrap_i32(((uint32_t)hi << 16) | ((uint32_t)lo & 0xFFFFu));
}
static inline int32_t edgec_smsp__pk_lh(int32_t lo, int32_t hi) {
  return edgec__wrap_i32(((uint32_t)hi & 0xFFFF0000u) | ((uint32_t)lo & 0xFFFFu));
}
static inline int32_t edgec_smsp__pk_hh(int32_t lo, int32_t hi) {
  return edgec__wrap_i32(((uint32_t)hi & 0xFFFF0000u) | ((uint32_t)lo >> 16));
}
#endif

/* Pair index of the 2-bit positions of a group's two slots (code p0 | p1 << 2): (0,1) 0,
 * (0,2) 1, (0,3) 2, (1,2) 3, (1,3) 4, (2,3) 5. Codes with p0 >= p1 do not occur (0: in bounds
 * all the same). */
#define EDGEC_SMSP__PAIR(c)                                                                             \
  (((c) & 3) < ((c) >> 2) ? (((c) & 3) == 0 ? ((c) >> 2) - 1 : ((c) & 3) == 1 ? ((c) >> 2) + 1 : 5) : 0)
#define EDGEC_SMSP__E(h, l, S) (EDGEC_SMSP__PAIR(l) * (S) | EDGEC_SMSP__PAIR(h) * (S) << 8)
#define EDGEC_SMSP__R(h, S)                                                                             \
  EDGEC_SMSP__E(h, 0, S), EDGEC_SMSP__E(h, 1, S), EDGEC_SMSP__E(h, 2, S), EDGEC_SMSP__E(h, 3, S),           \
      EDGEC_SMSP__E(h, 4, S), EDGEC_SMSP__E(h, 5, S), EDGEC_SMSP__E(h, 6, S), EDGEC_SMSP__E(h, 7, S),       \
      EDGEC_SMSP__E(h, 8, S), EDGEC_SMSP__E(h, 9, S), EDGEC_SMSP__E(h, 10, S), EDGEC_SMSP__E(h, 11, S),     \
      EDGEC_SMSP__E(h, 12, S), EDGEC_SMSP__E(h, 13, S), EDGEC_SMSP__E(h, 14, S), EDGEC_SMSP__E(h, 15, S)
#define EDGEC_SMSP__TABLE(S)                                                                            \
  EDGEC_SMSP__R(0, S), EDGEC_SMSP__R(1, S), EDGEC_SMSP__R(2, S), EDGEC_SMSP__R(3, S), EDGEC_SMSP__R(4, S),    \
      EDGEC_SMSP__R(5, S), EDGEC_SMSP__R(6, S), EDGEC_SMSP__R(7, S), EDGEC_SMSP__R(8, S),                   \
      EDGEC_SMSP__R(9, S), EDGEC_SMSP__R(10, S), EDGEC_SMSP__R(11, S), EDGEC_SMSP__R(12, S),                \
      EDGEC_SMSP__R(13, S), EDGEC_SMSP__R(14, S), EDGEC_SMSP__R(15, S)

/* Index byte (two groups) -> byte offsets of their pairs' words within their groups: low byte
 * group 0, next group 1; for a tile of 1 pixel slot (4 bytes a pair) and of 8 (32 bytes). */
static const uint16_t edgec_smsp__pairs1[256] = {EDGEC_SMSP__TABLE(4)};
static const uint16_t edgec_smsp__pairs8[256] = {EDGEC_SMSP__TABLE(32)};

/* The 6 pair words of `groups` groups of 4 bytes at s, plus the offset (off2 in both halves),
 * for one pixel: tile layout [group][pair][slot], S pixel slots (1 or 8, a constant where
 * this is inlined); t points at the pixel's slot of group 0, pair 0. */
EDGEC_DSP__INLINE void edgec_smsp__widen(const int8_t* s, int32_t groups, int32_t off2, int32_t* t, int32_t S) {
  for (; groups > 0; --groups, s += 4, t += 6 * S) {
    const int32_t v = edgec_dsp__ld32(s);
    const int32_t e = edgec_dsp__sxtab16(off2, v), o = edgec_dsp__sxtab16_r8(off2, v); /* (x0,x2), (x1,x3) */
    t[0] = edgec_smsp__pk_ll(e, o);
    t[S] = e;
    t[2 * S] = edgec_smsp__pk_lh(e, o);
    t[3 * S] = edgec_smsp__pk_lh(o, e);
    t[4 * S] = o;
    t[5 * S] = edgec_smsp__pk_hh(e, o);
  }
}

/* a[L0 + l] += x[L0 + l] . w for 4 adjacent pixel words (L0 a constant): 2 LDRD + 4 SMLAD.
 * Written out because GCC schedules all loads of a P = 8 step ahead of the SMLADs and spills. */
#if defined(__ARM_FEATURE_DSP) && defined(__GNUC__) && !defined(EDGEC_SMSP_NO_ASM)
#define EDGEC_SMSP__MAC4(A, X, W, L0)                                                                   \
  do {                                                                                                  \
    int32_t u_, v_;                                                                                     \
    __asm__("ldrd %[u], %[v], [%[px], %[o0]]\n\t"                                                       \
            "smlad %[a0], %[u], %[wt], %[a0]\n\tsmlad %[a1], %[v], %[wt], %[a1]\n\t"                       \
            "ldrd %[u], %[v], [%[px], %[o1]]\n\t"                                                       \
            "smlad %[a2], %[u], %[wt], %[a2]\n\tsmlad %[a3], %[v], %[wt], %[a3]"                            \
            : [a0] "+r"((A)[L0]), [a1] "+r"((A)[L0 + 1]), [a2] "+r"((A)[L0 + 2]), [a3] "+r"((A)[L0 + 3]),     \
              [u] "=&r"(u_), [v] "=&r"(v_)                                                              \
            : [px] "r"(X), [wt] "r"(W), [o0] "I"(4 * (L0)), [o1] "I"(4 * (L0) + 8)                        \
            : "memory");                                                                                \
  } while (0)
#endif

/* The P = 8 loop over a chunk's rows in assembly (GCC, Thumb-2 with DSP): with 8 accumulators
 * a C loop leaves too few registers and GCC spills about 20 instructions per index byte; here
 * one index byte (two groups, 32 MACs) takes 43 instructions (decode 13, 8 LDRD + 16 SMLAD,
 * 4 spill loads and stores, loop 4) and a row about 30 more, its sums loaded and stored with
 * LDM/STM. Arguments in a struct; pairs (index bytes per row) > 0, rows > 0. The symbol is
 * local to the translation unit, in its own section (dropped by --gc-sections when unused). */
#if defined(__ARM_FEATURE_DSP) && defined(__GNUC__) && defined(__thumb2__) && !defined(EDGEC_SMSP_NO_ASM)
#define EDGEC_SMSP__ASM8 1
typedef struct {
  const uint8_t* ip;      /* 0: the first row's index bytes */
  const int8_t* vp;       /* 4: its values, 4 per index byte */
  const int32_t* t;       /* 8: tile at the first group, 8 pixel slots */
  int32_t* sums;          /* 12: 8 sums per row, updated */
  int32_t pairs;          /* 16: index bytes per row */
  const uint16_t* pairs8; /* 20: edgec_smsp__pairs8 */
  int32_t rows;           /* 24 */
  int32_t ip_stride;      /* 28: bytes from a row's index bytes to the next row's */
  int32_t vp_stride;      /* 32: bytes from a row's values to the next row's */
} edgec_smsp__rows8_args;
void edgec_smsp__rows8_asm(const edgec_smsp__rows8_args* a) __asm__("edgec_smsp__rows8_asm");
/* r0 ip, r1 tile, r4-r11 sums, r2 r3 r12 lr scratch. Stack: 0 table, 4 vp - 4 (ip0 + 1),
 * 8 ip end, 12 args, 16 w23, 20 second group's pair pointer - 192, 24 row ip, 28 row vp,
 * 32 row sums, 36 rows left. */
__asm__(".pushsection .text.edgec_smsp__rows8_asm,\"ax\",%progbits\n\t"
        ".syntax unified\n\t.thumb\n\t.p2align 2\n\t.thumb_func\n\t"
        ".type edgec_smsp__rows8_asm, %function\n"
        "edgec_smsp__rows8_asm:\n\t"
        "push {r4-r11, lr}\n\tsub sp, sp, #40\n\t"
        "str r0, [sp, #12]\n\t"
        "ldr r3, [r0, #20]\n\tstr r3, [sp, #0]\n\t"
        "ldr r3, [r0, #0]\n\tstr r3, [sp, #24]\n\t"
        "ldr r3, [r0, #4]\n\tstr r3, [sp, #28]\n\t"
        "ldr r3, [r0, #12]\n\tstr r3, [sp, #32]\n\t"
        "ldr r3, [r0, #24]\n\tstr r3, [sp, #36]\n"
        "2:\n\t" /* a row */
        "ldr r2, [sp, #12]\n\tldr r0, [sp, #24]\n\t"
        "ldr r3, [r2, #16]\n\tadd r3, r3, r0\n\tstr r3, [sp, #8]\n\t"
        "ldr r3, [sp, #28]\n\tsub r3, r3, r0, lsl #2\n\tsub r3, r3, #4\n\tstr r3, [sp, #4]\n\t"
        "ldr r1, [r2, #8]\n\t"
        "ldr r3, [sp, #32]\n\tldm r3, {r4-r11}\n"
        "1:\n\t" /* an index byte */
        "ldrb r2, [r0], #1\n\t"
        "ldr r3, [sp, #4]\n\tldr r3, [r3, r0, lsl #2]\n\t" /* 4 weights */
        "ldr lr, [sp, #0]\n\tldrh r2, [lr, r2, lsl #1]\n\t" /* the two pairs' offsets */
        "sxtb16 r12, r3\n\tsxtb16 r3, r3, ror #8\n\t"
        "pkhbt lr, r12, r3, lsl #16\n\t" /* (w0, w1) */
        "pkhtb r3, r3, r12, asr #16\n\t" /* (w2, w3) */
        "str r3, [sp, #16]\n\t"
        "add r3, r1, r2, lsr #8\n\tstr r3, [sp, #20]\n\t"
        "uxtab r12, r1, r2\n\t"
        "ldrd r2, r3, [r12, #0]\n\tsmlad r4, r2, lr, r4\n\tsmlad r5, r3, lr, r5\n\t"
        "ldrd r2, r3, [r12, #8]\n\tsmlad r6, r2, lr, r6\n\tsmlad r7, r3, lr, r7\n\t"
        "ldrd r2, r3, [r12, #16]\n\tsmlad r8, r2, lr, r8\n\tsmlad r9, r3, lr, r9\n\t"
        "ldrd r2, r3, [r12, #24]\n\tsmlad r10, r2, lr, r10\n\tsmlad r11, r3, lr, r11\n\t"
        "ldr r12, [sp, #20]\n\tldr lr, [sp, #16]\n\t"
        "ldrd r2, r3, [r12, #192]\n\tsmlad r4, r2, lr, r4\n\tsmlad r5, r3, lr, r5\n\t"
        "ldrd r2, r3, [r12, #200]\n\tsmlad r6, r2, lr, r6\n\tsmlad r7, r3, lr, r7\n\t"
        "ldrd r2, r3, [r12, #208]\n\tsmlad r8, r2, lr, r8\n\tsmlad r9, r3, lr, r9\n\t"
        "ldrd r2, r3, [r12, #216]\n\tsmlad r10, r2, lr, r10\n\tsmlad r11, r3, lr, r11\n\t"
        "add r1, r1, #384\n\t"
        "ldr r2, [sp, #8]\n\tcmp r0, r2\n\tbne 1b\n\t"
        "ldr r3, [sp, #32]\n\tstm r3!, {r4-r11}\n\tstr r3, [sp, #32]\n\t"
        "ldr r2, [sp, #12]\n\t"
        "ldr r3, [r2, #28]\n\tldr r0, [sp, #24]\n\tadd r0, r0, r3\n\tstr r0, [sp, #24]\n\t"
        "ldr r3, [r2, #32]\n\tldr r0, [sp, #28]\n\tadd r0, r0, r3\n\tstr r0, [sp, #28]\n\t"
        "ldr r3, [sp, #36]\n\tsubs r3, r3, #1\n\tstr r3, [sp, #36]\n\tbne 2b\n\t"
        "add sp, sp, #40\n\tpop {r4-r11, pc}\n\t"
        ".size edgec_smsp__rows8_asm, . - edgec_smsp__rows8_asm\n\t"
        ".popsection");
#endif

/* Pair words of `groups` padding groups (every x + off is 0) for one pixel, as widen lays them. */
EDGEC_DSP__INLINE void edgec_smsp__zeros(int32_t groups, int32_t* t, int32_t S) {
  for (; groups > 0; --groups, t += 6 * S) t[0] = t[S] = t[2 * S] = t[3 * S] = t[4 * S] = t[5 * S] = 0;
}

/* Groups [g0, g0 + ng) of one pixel of a conv with cin % 4 == 0 (a group never straddles two
 * taps), widened straight from the input tap by tap, padding taps as zeros: no gather copy. */
EDGEC_DSP__INLINE void edgec_smsp__fill_taps(const edgec_window* w, const int32_t* base, const int8_t* x, int32_t cin,
                                             int32_t g0, int32_t ng, int32_t off2, int32_t* t, int32_t S) {
  const int32_t gpt = cin / 4; /* groups per tap */
  int32_t tap = g0 / gpt, c = g0 - tap * gpt, k[EDGEC_MAX_SPATIAL_RANK];
  edgec_unravel(tap, EDGEC_MAX_SPATIAL_RANK, w->kernel, k);
  while (ng > 0) {
    const int32_t run = gpt - c < ng ? gpt - c : ng;
    const int32_t ip = edgec_conv__input_pixel(w, base, k[0], k[1], k[2]);
    if (ip >= 0)
      edgec_smsp__widen(x + (size_t)ip * cin + 4 * c, run, off2, t, S);
    else
      edgec_smsp__zeros(run, t, S);
    t += run * 6 * S;
    ng -= run;
    c = 0;
    if (++k[2] == w->kernel[2]) {
      k[2] = 0;
      if (++k[1] == w->kernel[1]) {
        k[1] = 0;
        ++k[0];
      }
    }
  }
}

/* acc[0..P) += one row's products over `groups` groups (ip: its index bytes, vp: its values)
 * with the tile t. P is a constant where this is inlined. */
EDGEC_DSP__INLINE void edgec_smsp__row(const uint8_t* ip, const int8_t* vp, int32_t groups, const int32_t* t,
                                       int32_t P, int32_t* acc) {
  const int32_t S = P == 1 ? 1 : 8, gs = 6 * S; /* pixel slots; words per group */
  const uint16_t* pairs = P == 1 ? edgec_smsp__pairs1 : edgec_smsp__pairs8;
  int32_t a[EDGEC_SMSP_PIXELS], l;
#if defined(__GNUC__)
#pragma GCC unroll 8
#endif
  for (l = 0; l < P; ++l) a[l] = acc[l];
  if (P == 1) /* a matrix-vector product: two index bytes a step (one LDRH, two weight words) */
    for (; groups >= 4; groups -= 4, ip += 2, vp += 8, t += 24) {
      uint16_t i2;
      int32_t we, wo, x0, x1;
      uint32_t o;
      memcpy(&i2, ip, 2);
      o = pairs[i2 & 0xFFu];
      we = edgec_dsp__ld32(vp);
      wo = edgec_dsp__sxtb16_r8(we);
      we = edgec_dsp__sxtb16(we);
      x0 = *(const int32_t*)(const void*)((const char*)t + (o & 0xFFu));
      x1 = *(const int32_t*)(const void*)((const char*)(t + 6) + (o >> 8));
      a[0] = edgec_dsp__smlad(x0, edgec_smsp__pk_ll(we, wo), a[0]);
      a[0] = edgec_dsp__smlad(x1, edgec_smsp__pk_hh(we, wo), a[0]);
      o = pairs[i2 >> 8];
      we = edgec_dsp__ld32(vp + 4);
      wo = edgec_dsp__sxtb16_r8(we);
      we = edgec_dsp__sxtb16(we);
      x0 = *(const int32_t*)(const void*)((const char*)(t + 12) + (o & 0xFFu));
      x1 = *(const int32_t*)(const void*)((const char*)(t + 18) + (o >> 8));
      a[0] = edgec_dsp__smlad(x0, edgec_smsp__pk_ll(we, wo), a[0]);
      a[0] = edgec_dsp__smlad(x1, edgec_smsp__pk_hh(we, wo), a[0]);
    }
  for (; groups >= 2; groups -= 2, vp += 4, t += 2 * gs) {
    const uint32_t o = pairs[*ip++];
    const int32_t w = edgec_dsp__ld32(vp);
    const int32_t we = edgec_dsp__sxtb16(w), wo = edgec_dsp__sxtb16_r8(w);
    const int32_t w01 = edgec_smsp__pk_ll(we, wo), w23 = edgec_smsp__pk_hh(we, wo);
    const int32_t* x0 = (const int32_t*)(const void*)((const char*)t + (o & 0xFFu));
    const int32_t* x1 = (const int32_t*)(const void*)((const char*)(t + gs) + (o >> 8));
#ifdef EDGEC_SMSP__MAC4
    if (P >= 4) {
      EDGEC_SMSP__MAC4(a, x0, w01, 0);
      if (P == 8) EDGEC_SMSP__MAC4(a, x0, w01, 4);
      EDGEC_SMSP__MAC4(a, x1, w23, 0);
      if (P == 8) EDGEC_SMSP__MAC4(a, x1, w23, 4);
      continue;
    }
#endif
#if defined(__GNUC__)
#pragma GCC unroll 8
#endif
    for (l = 0; l < P; ++l) a[l] = edgec_dsp__smlad(x0[l], w01, a[l]);
#if defined(__GNUC__)
#pragma GCC unroll 8
#endif
    for (l = 0; l < P; ++l) a[l] = edgec_dsp__smlad(x1[l], w23, a[l]);
  }
  if (groups) { /* a last lone group: the low half of its index byte */
    const int32_t w01 = edgec_dsp__pack16(vp[0], vp[1]);
    const int32_t* x0 = (const int32_t*)(const void*)((const char*)t + (pairs[*ip] & 0xFFu));
#if defined(__GNUC__)
#pragma GCC unroll 8
#endif
    for (l = 0; l < P; ++l) a[l] = edgec_dsp__smlad(x0[l], w01, a[l]);
  }
#if defined(__GNUC__)
#pragma GCC unroll 8
#endif
  for (l = 0; l < P; ++l) acc[l] = a[l];
}

/* Columns [c0, c1) of one output pixel (window corner `base`, or the pixel itself when
 * pointwise) as bytes: a pointer into the input when they lie there contiguously, else into
 * buf. Padding taps and columns past `cols` read pad (= -offset, which the offset makes 0). */
static inline const int8_t* edgec_smsp__gather(const edgec_window* w, int pointwise, const int32_t* base,
                                               int32_t pixel, const int8_t* x, int32_t cin, int32_t cols, int32_t c0,
                                               int32_t c1, int8_t pad, int8_t* buf) {
  int32_t col = c0;
  if (pointwise) {
    const int8_t* s = x + (size_t)pixel * cin + c0;
    if (c1 <= cols) return s;
    memcpy(buf, s, (size_t)(cols - c0));
    col = cols;
  } else {
    int32_t tap = c0 / cin, c = c0 - tap * cin, k[EDGEC_MAX_SPATIAL_RANK];
    edgec_unravel(tap, EDGEC_MAX_SPATIAL_RANK, w->kernel, k);
    while (col < c1 && col < cols) {
      const int32_t run = cin - c < c1 - col ? cin - c : c1 - col;
      const int32_t ip = edgec_conv__input_pixel(w, base, k[0], k[1], k[2]);
      if (ip >= 0)
        memcpy(buf + (col - c0), x + (size_t)ip * cin + c, (size_t)run);
      else
        memset(buf + (col - c0), pad, (size_t)run);
      col += run;
      c = 0;
      if (++k[2] == w->kernel[2]) {
        k[2] = 0;
        if (++k[1] == w->kernel[1]) {
          k[1] = 0;
          ++k[0];
        }
      }
    }
  }
  if (col < c1) memset(buf + (col - c0), pad, (size_t)(c1 - col));
  return buf;
}

/* The fast path (see the top of the file); sat8: r->sat8, a constant where this is inlined. */
EDGEC_DSP__INLINE void edgec_smsp__body(const edgec_conv_params* p, const edgec_window* w, int pointwise,
                                        const edgec_requant_params* q, const edgec_dsp__rq* r, int sat8,
                                        const int8_t* input, const edgec_nm_desc* d, const int8_t* values,
                                        const uint8_t* indices, const int32_t* bias, int8_t* output) {
  int32_t tile[EDGEC_SMSP_TILE_WORDS];
  int32_t sums[EDGEC_SMSP_ROWS][EDGEC_SMSP_PIXELS];
  int8_t buf[EDGEC_SMSP_MAX_COLS];
  int32_t base[EDGEC_SMSP_PIXELS][EDGEC_MAX_SPATIAL_RANK];
  const int32_t cin = p->in_channels, cout = p->out_channels, cols = d->cols, groups = (cols + 3) / 4;
  const int32_t off2 = edgec_dsp__pack16(q->input_offset, q->input_offset), rib = d->row_index_bytes;
  const int8_t pad = (int8_t)-q->input_offset;
  int32_t n, pixel, l;
  for (n = 0; n < p->batch; ++n) {
    const int8_t* x = input + (size_t)n * w->in_volume * cin;
    int8_t* y_img = output + (size_t)n * w->out_volume * cout;
    for (pixel = 0; pixel < w->out_volume; pixel += EDGEC_SMSP_PIXELS) {
      const int32_t np = w->out_volume - pixel < EDGEC_SMSP_PIXELS ? w->out_volume - pixel : EDGEC_SMSP_PIXELS;
      const int32_t P = np > 4 ? 8 : (np > 2 ? 4 : np);
      const int32_t S = P == 1 ? 1 : 8; /* pixel slots of the tile */
      const int32_t cap = EDGEC_SMSP_TILE_WORDS / (6 * S) / 2 * 2; /* groups per chunk: whole index bytes */
      const int32_t chunks = (groups + cap - 1) / cap;
      int8_t* y = y_img + (size_t)pixel * cout;
      int32_t r0, built = -1;
      if (!pointwise)
        for (l = 0; l < np; ++l) edgec_conv__window_base(w, pixel + l, base[l]);
      for (r0 = 0; r0 < cout; r0 += EDGEC_SMSP_ROWS) {
        const int32_t r1 = cout - r0 < EDGEC_SMSP_ROWS ? cout : r0 + EDGEC_SMSP_ROWS;
        int32_t k, rr;
        for (k = 0; k < chunks; ++k) {
          const int32_t g0 = k * cap, ng = groups - g0 < cap ? groups - g0 : cap;
          const uint8_t* ip = indices + (size_t)r0 * rib + g0 / 2;
          const int8_t* vp = values + ((size_t)r0 * groups + g0) * 2;
          int32_t done = 0; /* groups of the chunk done by the assembly loop */
          if (built != k) { /* the chunk's pair words; pixels past np repeat the last one */
            for (l = 0; l < P; ++l) {
              const int32_t lp = l < np ? l : np - 1;
              if (!pointwise && cin % 4 == 0) {
                if (S == 1)
                  edgec_smsp__fill_taps(w, base[lp], x, cin, g0, ng, off2, tile, 1);
                else
                  edgec_smsp__fill_taps(w, base[lp], x, cin, g0, ng, off2, tile + l, 8);
              } else {
                const int8_t* s = edgec_smsp__gather(w, pointwise, base[lp], pixel + lp, x, cin, cols, 4 * g0,
                                                     4 * (g0 + ng), pad, buf);
                if (S == 1)
                  edgec_smsp__widen(s, ng, off2, tile, 1);
                else
                  edgec_smsp__widen(s, ng, off2, tile + l, 8);
              }
            }
            built = k;
          }
          if (k == 0)
            for (rr = r0; rr < r1; ++rr) {
              const int32_t b = bias ? bias[rr] : 0;
              for (l = 0; l < EDGEC_SMSP_PIXELS; ++l) sums[rr - r0][l] = b;
            }
#ifdef EDGEC_SMSP__ASM8
          if (P == 8 && ng >= 2) {
            const edgec_smsp__rows8_args args = {ip,        vp,   tile, &sums[0][0], ng / 2, edgec_smsp__pairs8,
                                                 r1 - r0, rib, 2 * groups};
            edgec_smsp__rows8_asm(&args);
            done = ng & ~1;
          }
#endif
          if (done < ng)
            for (rr = r0; rr < r1; ++rr) {
              const uint8_t* ipr = ip + (size_t)(rr - r0) * rib + done / 2;
              const int8_t* vpr = vp + (size_t)(rr - r0) * groups * 2 + done * 2;
              const int32_t* t = tile + done * 6 * S;
              switch (P) {
                case 8: edgec_smsp__row(ipr, vpr, ng - done, t, 8, sums[rr - r0]); break;
                case 4: edgec_smsp__row(ipr, vpr, ng - done, t, 4, sums[rr - r0]); break;
                case 2: edgec_smsp__row(ipr, vpr, ng - done, t, 2, sums[rr - r0]); break;
                default: edgec_smsp__row(ipr, vpr, ng - done, t, 1, sums[rr - r0]); break;
              }
            }
          if (k + 1 == chunks)
            for (rr = r0; rr < r1; ++rr) {
              const int32_t* acc = sums[rr - r0];
              if (sat8) {
                const int32_t i = r->per_channel ? rr : 0, m = r->mult[i], e = -r->shift[i], nudge = 1 << (e - 1);
                for (l = 0; l < np; ++l)
                  y[(size_t)l * cout + rr] = (int8_t)edgec_dsp__rq_sat8(acc[l], m, e, nudge, r->off);
              } else {
                for (l = 0; l < np; ++l) y[(size_t)l * cout + rr] = (int8_t)edgec_dsp__requant(q, r, rr, acc[l]);
              }
            }
        }
      }
    }
  }
}

/* True when the fast path applies: 2:4 (2-bit positions, rows starting on a byte), groups 1,
 * the matrix matching the layer, and an int8 zero point's offset. */
static inline int edgec_smsp__fast(const edgec_conv_params* p, const edgec_window* w, const edgec_requant_params* q,
                                   const edgec_nm_desc* d) {
  return d->n == 2 && d->m == 4 && d->index_bits == 2 && d->row_index_bytes == ((d->cols + 3) / 4 + 1) / 2 &&
         p->groups == 1 && d->rows == p->out_channels && d->cols == w->kernel_volume * p->in_channels &&
         d->cols > 0 && q->input_offset >= -127 && q->input_offset <= 128;
}

static inline void edgec_smsp__run(const edgec_conv_params* p, const edgec_window* w, int pointwise,
                                   const edgec_requant_params* q, const int8_t* input, const edgec_nm_desc* d,
                                   const int8_t* values, const uint8_t* indices, const int32_t* bias, int8_t* output) {
  edgec_dsp__rq r;
  edgec_dsp__rq_init(&r, q, p->out_channels);
  if (r.sat8)
    edgec_smsp__body(p, w, pointwise, q, &r, 1, input, d, values, indices, bias, output);
  else
    edgec_smsp__body(p, w, pointwise, q, &r, 0, input, d, values, indices, bias, output);
}

static inline void edgec_conv_nm_s8_dsp(const edgec_conv_params* p, const edgec_requant_params* q,
                                        const int8_t* input, const edgec_nm_desc* d, const int8_t* values,
                                        const uint8_t* indices, const int32_t* bias, int8_t* output) {
  edgec_window w;
  int32_t pointwise = 1, i;
  edgec_conv_window(p, &w);
  if (!edgec_smsp__fast(p, &w, q, d)) {
    edgec_conv_nm_s8(p, q, input, d, values, indices, bias, output);
    return;
  }
  for (i = 0; i < EDGEC_MAX_SPATIAL_RANK; ++i)
    if (w.kernel[i] != 1 || w.stride[i] != 1 || w.pad_begin[i] != 0 || w.in[i] != w.out[i]) pointwise = 0;
  edgec_smsp__run(p, &w, pointwise, q, input, d, values, indices, bias, output);
}

static inline void edgec_fully_connected_nm_s8_dsp(const edgec_fc_params* p, const edgec_requant_params* q,
                                                   const int8_t* input, const edgec_nm_desc* d, const int8_t* values,
                                                   const uint8_t* indices, const int32_t* bias, int8_t* output) {
  edgec_conv_params c;
  edgec_window w;
  edgec_fc_as_conv(p, &c, &w);
  if (!edgec_smsp__fast(&c, &w, q, d)) {
    edgec_fully_connected_nm_s8(p, q, input, d, values, indices, bias, output);
    return;
  }
  edgec_smsp__run(&c, &w, 1, q, input, d, values, indices, bias, output);
}

#endif /* EDGEC_KERNELS_SPARSE_S8_DSP_H */
