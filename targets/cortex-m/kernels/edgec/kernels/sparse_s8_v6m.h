/* ARMv6-M (Cortex-M0/M0+: Thumb-1, 8 low registers, MULS only) int8 2:4-sparse convolution and
 * fully connected: edgec_conv_nm_s8_v6m and edgec_fully_connected_nm_s8_v6m have exactly the
 * signatures and results, bit for bit, of edgec_conv_nm_s8 and edgec_fully_connected_nm_s8
 * (sparse.h).
 *
 * Fast path: 2:4 weights (2-bit positions, rows starting on a byte) and an input offset in
 * [-127, 128] (every int8 zero point); anything else (other N:M, wider offsets, a matrix that
 * does not fit the layer) calls the reference kernel.
 *
 * The input offset is folded out as in conv_s8_v6m.h: sum (x + off) * w = sum x * w +
 * off * (sum of the row's decoded weights), exact modulo 2^32 like the reference's int32 sums;
 * padding taps are gathered as -off (so they add 0), and stored positions past the matrix
 * (the last group of a row whose length is not a multiple of 4) are dropped, as the reference's
 * zero tile columns drop them.
 * Output pixels (FC: batch rows) go in blocks. A pointwise conv (1x1, stride 1, no padding) or
 * an FC reads the pixels in place; any other conv gathers the block's columns into a byte tile,
 * a pixel per line ([pixel][column], padding taps as -off; in-bounds taps along the innermost
 * kernel dimension copied as one run). When a row is one chunk (up to 256 columns in place,
 * 128 gathered) a block is up to 64 pixels (as many as the tile holds) and each row is
 * requantized straight after it; longer rows go in chunks with 16-pixel blocks, the sums of
 * EDGEC_V6MSP_ROWS rows kept between chunks. Per block, row and chunk, the row's index bytes
 * are decoded into a table of {column, weight} words and the weights' sum
 * (Thumb-1 assembly: 34 instructions per index byte, i.e. per 4 stored weights, shared by the
 * block's pixels), then an assembly loop walks the table for 4 pixels at a time with the sums
 * in r8-r11: one LDM per stored weight, LDRSB + MULS + ADD per pixel, 14.25 instructions per
 * stored weight and 4 pixels (unrolled 4 times), against the dense kernel's 4 per MAC on every
 * weight. A single pixel (FC with batch 1, a lone last pixel of a pointwise layer) takes a dot
 * product over the packed row instead (assembly, 38 instructions per index byte; no table).
 * Requantization is the dense ARMv6-M kernel's (edgec_v6m__rq_right / edgec_v6m__rq).
 * Measured (scripts/bench_sparse.py --core m0plus --formats 2:4, QEMU instruction counts, 2:4
 * weights against the dense ARMv6-M kernels on the same layer): 1x1 conv 64->64 16x16 0.53x,
 * 3x3 conv 32->32 16x16 0.41x, FC 512->256 batch 1 0.35x, batch 16 0.46x.
 *
 * No heap. Stack (GCC -O2) about 6 KiB for a conv, 3.7 KiB for an FC (no tile): the decoded
 * table (EDGEC_V6MSP_KEPT = 128 weights, 1 KiB: chunks of 256 columns), the gather tile
 * (EDGEC_V6MSP_TILE_BYTES = 2 KiB: 16 pixels x 128 columns) and the sums of EDGEC_V6MSP_ROWS =
 * 32 rows x 16 pixels (2 KiB; 16 rows halve it for about 7% more instructions on chunked
 * gathered convs). The reference fallback (other formats, wide offsets) needs far more (about
 * 20 KiB); the layers the compiler packs for ARMv6-M (int8 2:4, int8 zero points) take the
 * fast path.
 * EDGEC_KERNELS_NO_ASM (or any target other than Thumb-1 GCC): the same loops in plain C. */
#ifndef EDGEC_KERNELS_SPARSE_S8_V6M_H
#define EDGEC_KERNELS_SPARSE_S8_V6M_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "edgec/kernels/conv_s8_v6m.h"
#include "edgec/kernels/quantized_gemm.h"
#include "edgec/kernels/sparse.h"

#ifndef EDGEC_V6MSP_KEPT
#define EDGEC_V6MSP_KEPT 128 /* table entries (stored weights per chunk), a multiple of 4 */
#endif
#ifndef EDGEC_V6MSP_TILE_BYTES
#define EDGEC_V6MSP_TILE_BYTES 2048 /* gather tile: 16 pixels x (this / 16) columns */
#endif
#ifndef EDGEC_V6MSP_ROWS
#define EDGEC_V6MSP_ROWS 32
#endif
#define EDGEC_V6MSP_PIXELS 16
#define EDGEC_V6MSP_WIDE 64 /* pixels of a block read in place with one chunk per row */
#if EDGEC_V6MSP_KEPT < 4 || EDGEC_V6MSP_KEPT % 4 != 0 || EDGEC_V6MSP_TILE_BYTES < 8 * EDGEC_V6MSP_PIXELS ||     \
    EDGEC_V6MSP_ROWS < 4
#error "EDGEC_V6MSP_KEPT: a multiple of 4; EDGEC_V6MSP_TILE_BYTES: at least 8 columns of 16 pixels; ROWS >= 4"
#endif

/* Arguments of the 4-pixel loop: for each of `quads` groups of 4 pixels (pointers x[4 q ..]),
 * acc[4 q + l] = init + (first ? 0 : acc[4 q + l]) + the sum over the table [tab, end) of
 * x[4 q + l][entry column] * entry weight. The table has an even number (> 0) of {column,
 * weight} word pairs. */
typedef struct {
  const int32_t* tab;  /* 0 */
  const int32_t* end;  /* 4 */
  uint32_t* acc;       /* 8: 4 per quad */
  int32_t quads;       /* 12: 1 to 16 */
  int32_t first;       /* 16 */
  uint32_t init;       /* 20 */
  const int8_t* x[EDGEC_V6MSP_WIDE]; /* 24 */
} edgec_v6msp__args;

#if defined(EDGEC_V6M__ASM)
#define EDGEC_V6MSP__ASM 1
void edgec_v6msp__quads_asm(const edgec_v6msp__args* a) __asm__("edgec_v6msp__quads_asm");
/* r0 table, r1-r4 the quad's pixel pointers, r5 column, r6 weight, r7 product, r8-r11 sums,
 * r12 table end. Stack: 0 x cursor, 4 quads left, 8 acc cursor, 12 table start, 16 first,
 * 20 init, 24 16 when the count is 2 mod 4 (the loop entered half way). A local symbol in its own section (dropped by --gc-sections when unused). */
__asm__(".pushsection .text.edgec_v6msp__quads_asm,\"ax\",%progbits\n\t"
        ".syntax unified\n\t.thumb\n\t.p2align 2\n\t.thumb_func\n\t"
        ".type edgec_v6msp__quads_asm, %function\n"
        "edgec_v6msp__quads_asm:\n\t"
        "push {r4-r7, lr}\n\t"
        "mov r4, r8\n\tmov r5, r9\n\tmov r6, r10\n\tmov r7, r11\n\t"
        "push {r4-r7}\n\t"
        "sub sp, sp, #32\n\t"
        "ldr r1, [r0, #16]\n\tstr r1, [sp, #16]\n\t"
        "ldr r1, [r0, #20]\n\tstr r1, [sp, #20]\n\t"
        "ldr r1, [r0, #4]\n\tmov r12, r1\n\t"
        "ldr r2, [r0, #0]\n\tstr r2, [sp, #12]\n\t"
        "subs r1, r1, r2\n\tmovs r2, #16\n\tands r1, r2\n\tstr r1, [sp, #24]\n\t"
        "ldr r1, [r0, #8]\n\tstr r1, [sp, #8]\n\t"
        "ldr r1, [r0, #12]\n\tstr r1, [sp, #4]\n\t"
        "adds r0, r0, #24\n\tstr r0, [sp, #0]\n"
        "2:\n\t" /* a quad */
        "ldr r4, [sp, #20]\n\t"
        "mov r8, r4\n\tmov r9, r4\n\tmov r10, r4\n\tmov r11, r4\n\t"
        "ldr r4, [sp, #16]\n\tcmp r4, #0\n\tbne 3f\n\t"
        "ldr r0, [sp, #8]\n\t"
        "ldm r0!, {r4-r7}\n\t"
        "add r8, r4\n\tadd r9, r5\n\tadd r10, r6\n\tadd r11, r7\n"
        "3:\n\t"
        "ldr r0, [sp, #0]\n\tldm r0!, {r1-r4}\n\tstr r0, [sp, #0]\n\t"
        "ldr r0, [sp, #12]\n\t"
        "ldr r5, [sp, #24]\n\tcmp r5, #0\n\tbne 5f\n"
        "1:\n\t" /* four stored weights (from 5: the first two, for a count of 2 mod 4) */
        "ldm r0!, {r5, r6}\n\t"
        "ldrsb r7, [r1, r5]\n\tmuls r7, r6, r7\n\tadd r8, r7\n\t"
        "ldrsb r7, [r2, r5]\n\tmuls r7, r6, r7\n\tadd r9, r7\n\t"
        "ldrsb r7, [r3, r5]\n\tmuls r7, r6, r7\n\tadd r10, r7\n\t"
        "ldrsb r7, [r4, r5]\n\tmuls r7, r6, r7\n\tadd r11, r7\n\t"
        "ldm r0!, {r5, r6}\n\t"
        "ldrsb r7, [r1, r5]\n\tmuls r7, r6, r7\n\tadd r8, r7\n\t"
        "ldrsb r7, [r2, r5]\n\tmuls r7, r6, r7\n\tadd r9, r7\n\t"
        "ldrsb r7, [r3, r5]\n\tmuls r7, r6, r7\n\tadd r10, r7\n\t"
        "ldrsb r7, [r4, r5]\n\tmuls r7, r6, r7\n\tadd r11, r7\n"
        "5:\n\t"
        "ldm r0!, {r5, r6}\n\t"
        "ldrsb r7, [r1, r5]\n\tmuls r7, r6, r7\n\tadd r8, r7\n\t"
        "ldrsb r7, [r2, r5]\n\tmuls r7, r6, r7\n\tadd r9, r7\n\t"
        "ldrsb r7, [r3, r5]\n\tmuls r7, r6, r7\n\tadd r10, r7\n\t"
        "ldrsb r7, [r4, r5]\n\tmuls r7, r6, r7\n\tadd r11, r7\n\t"
        "ldm r0!, {r5, r6}\n\t"
        "ldrsb r7, [r1, r5]\n\tmuls r7, r6, r7\n\tadd r8, r7\n\t"
        "ldrsb r7, [r2, r5]\n\tmuls r7, r6, r7\n\tadd r9, r7\n\t"
        "ldrsb r7, [r3, r5]\n\tmuls r7, r6, r7\n\tadd r10, r7\n\t"
        "ldrsb r7, [r4, r5]\n\tmuls r7, r6, r7\n\tadd r11, r7\n\t"
        "cmp r0, r12\n\tbne 1b\n\t"
        "ldr r0, [sp, #8]\n\t"
        "mov r4, r8\n\tmov r5, r9\n\tmov r6, r10\n\tmov r7, r11\n\t"
        "stm r0!, {r4-r7}\n\tstr r0, [sp, #8]\n\t"
        "ldr r0, [sp, #4]\n\tsubs r0, r0, #1\n\tstr r0, [sp, #4]\n\tbne 2b\n\t"
        "add sp, sp, #32\n\t"
        "pop {r4-r7}\n\t"
        "mov r8, r4\n\tmov r9, r5\n\tmov r10, r6\n\tmov r11, r7\n\t"
        "pop {r4-r7, pc}\n\t"
        ".size edgec_v6msp__quads_asm, . - edgec_v6msp__quads_asm\n\t"
        ".popsection");

/* Decodes `bytes` (> 0) whole index bytes (ip) and their 4 values each (vp) into {column,
 * weight} pairs at tab, columns from 0 (8 per byte); returns the weights' sum. 34 instructions
 * per byte. */
uint32_t edgec_v6msp__decode_asm(const uint8_t* ip, const int8_t* vp, int32_t* tab, int32_t bytes)
    __asm__("edgec_v6msp__decode_asm");
/* r0 ip, r1 vp, r2 tab, r3 bytes left, r4 index byte, r5 column, r6 weight, r7 column base,
 * r12 sum. */
__asm__(".pushsection .text.edgec_v6msp__decode_asm,\"ax\",%progbits\n\t"
        ".syntax unified\n\t.thumb\n\t.p2align 2\n\t.thumb_func\n\t"
        ".type edgec_v6msp__decode_asm, %function\n"
        "edgec_v6msp__decode_asm:\n\t"
        "push {r4-r7, lr}\n\t"
        "movs r7, #0\n\tmov r12, r7\n"
        "1:\n\t"
        "ldrb r4, [r0, #0]\n\tadds r0, r0, #1\n\t"
        "lsls r5, r4, #30\n\tlsrs r5, r5, #30\n\tadds r5, r5, r7\n\t"
        "ldrb r6, [r1, #0]\n\tsxtb r6, r6\n\tadd r12, r6\n\tstm r2!, {r5, r6}\n\t"
        "lsls r5, r4, #28\n\tlsrs r5, r5, #30\n\tadds r5, r5, r7\n\t"
        "ldrb r6, [r1, #1]\n\tsxtb r6, r6\n\tadd r12, r6\n\tstm r2!, {r5, r6}\n\t"
        "adds r7, r7, #4\n\t"
        "lsls r5, r4, #26\n\tlsrs r5, r5, #30\n\tadds r5, r5, r7\n\t"
        "ldrb r6, [r1, #2]\n\tsxtb r6, r6\n\tadd r12, r6\n\tstm r2!, {r5, r6}\n\t"
        "lsrs r5, r4, #6\n\tadds r5, r5, r7\n\t"
        "ldrb r6, [r1, #3]\n\tsxtb r6, r6\n\tadd r12, r6\n\tstm r2!, {r5, r6}\n\t"
        "adds r7, r7, #4\n\tadds r1, r1, #4\n\t"
        "subs r3, r3, #1\n\tbne 1b\n\t"
        "mov r0, r12\n\t"
        "pop {r4-r7, pc}\n\t"
        ".size edgec_v6msp__decode_asm, . - edgec_v6msp__decode_asm\n\t"
        ".popsection");

/* One pixel: over `bytes` (> 0) whole index bytes (ip) and their 4 values each (vp), the sum of
 * x[column] * weight (low word) and of the weights (high word). 38 instructions per byte. */
uint64_t edgec_v6msp__dot1_asm(const uint8_t* ip, const int8_t* vp, const int8_t* x, int32_t bytes)
    __asm__("edgec_v6msp__dot1_asm");
/* r0 ip, r1 vp, r2 x (+ 8 per byte), r3 bytes left, r4 index byte, r5 column then product,
 * r6 weight, r7 weight sum, r12 dot product. */
__asm__(".pushsection .text.edgec_v6msp__dot1_asm,\"ax\",%progbits\n\t"
        ".syntax unified\n\t.thumb\n\t.p2align 2\n\t.thumb_func\n\t"
        ".type edgec_v6msp__dot1_asm, %function\n"
        "edgec_v6msp__dot1_asm:\n\t"
        "push {r4-r7, lr}\n\t"
        "movs r7, #0\n\tmov r12, r7\n"
        "1:\n\t"
        "ldrb r4, [r0, #0]\n\tadds r0, r0, #1\n\t"
        "lsls r5, r4, #30\n\tlsrs r5, r5, #30\n\tldrsb r5, [r2, r5]\n\t"
        "ldrb r6, [r1, #0]\n\tsxtb r6, r6\n\tadds r7, r7, r6\n\tmuls r5, r6, r5\n\tadd r12, r5\n\t"
        "lsls r5, r4, #28\n\tlsrs r5, r5, #30\n\tldrsb r5, [r2, r5]\n\t"
        "ldrb r6, [r1, #1]\n\tsxtb r6, r6\n\tadds r7, r7, r6\n\tmuls r5, r6, r5\n\tadd r12, r5\n\t"
        "adds r2, r2, #4\n\t"
        "lsls r5, r4, #26\n\tlsrs r5, r5, #30\n\tldrsb r5, [r2, r5]\n\t"
        "ldrb r6, [r1, #2]\n\tsxtb r6, r6\n\tadds r7, r7, r6\n\tmuls r5, r6, r5\n\tadd r12, r5\n\t"
        "lsrs r5, r4, #6\n\tldrsb r5, [r2, r5]\n\t"
        "ldrb r6, [r1, #3]\n\tsxtb r6, r6\n\tadds r7, r7, r6\n\tmuls r5, r6, r5\n\tadd r12, r5\n\t"
        "adds r2, r2, #4\n\tadds r1, r1, #4\n\t"
        "subs r3, r3, #1\n\tbne 1b\n\t"
        "mov r0, r12\n\tmovs r1, r7\n\t"
        "pop {r4-r7, pc}\n\t"
        ".size edgec_v6msp__dot1_asm, . - edgec_v6msp__dot1_asm\n\t"
        ".popsection");
#endif

static inline void edgec_v6msp__quads(const edgec_v6msp__args* a) {
#ifdef EDGEC_V6MSP__ASM
  edgec_v6msp__quads_asm(a);
#else
  int32_t k, l;
  for (k = 0; k < a->quads; ++k) {
    uint32_t s[4];
    const int32_t* t;
    for (l = 0; l < 4; ++l) s[l] = a->init + (a->first ? 0u : a->acc[4 * k + l]);
    for (t = a->tab; t != a->end; t += 2)
      for (l = 0; l < 4; ++l) s[l] += (uint32_t)((int32_t)a->x[4 * k + l][t[0]] * t[1]);
    for (l = 0; l < 4; ++l) a->acc[4 * k + l] = s[l];
  }
#endif
}

/* Stored slots [s, slots) of a chunk (ip, vp at its first index byte and value), each kept
 * only where its column (from the chunk start) is below lim: decoded into tab when tab is set
 * (returns the new end), else multiplied with x into *dot. *wsum += the kept weights. */
static inline int32_t* edgec_v6msp__careful(const uint8_t* ip, const int8_t* vp, int32_t s, int32_t slots,
                                            int32_t lim, int32_t* tab, const int8_t* x, uint32_t* dot,
                                            uint32_t* wsum) {
  for (; s < slots; ++s) {
    const int32_t col = (s >> 1) * 4 + ((ip[s >> 2] >> (2 * (s & 3))) & 3), wt = vp[s];
    if (col >= lim) continue;
    *wsum += (uint32_t)wt;
    if (tab) {
      tab[0] = col;
      tab[1] = wt;
      tab += 2;
    } else {
      *dot += (uint32_t)(x[col] * wt);
    }
  }
  return tab;
}

/* Decodes a chunk's `slots` stored slots (ip, vp at its first index byte and value; columns
 * from the chunk start below lim are kept) into {column, weight} pairs at tab, padded with
 * {0, 0} to an even count; returns the count and adds the weights to *wsum. */
static inline int32_t edgec_v6msp__decode(const uint8_t* ip, const int8_t* vp, int32_t slots, int32_t lim,
                                          int32_t* tab, uint32_t* wsum) {
  int32_t full = slots / 4, j, n;
  uint32_t s = 0;
  int32_t* t = tab;
  if (full > 0 && 8 * full > lim) --full; /* the row's last byte reaches past the matrix */
#ifdef EDGEC_V6MSP__ASM
  if (full > 0) s = edgec_v6msp__decode_asm(ip, vp, tab, full);
  vp += 4 * full;
  t += 8 * full;
#else
  for (j = 0; j < full; ++j, vp += 4, t += 8) {
    const uint32_t b = ip[j];
    const int32_t gb = 8 * j, w0 = vp[0], w1 = vp[1], w2 = vp[2], w3 = vp[3];
    t[0] = gb + (int32_t)(b & 3u);
    t[1] = w0;
    t[2] = gb + (int32_t)((b >> 2) & 3u);
    t[3] = w1;
    t[4] = gb + 4 + (int32_t)((b >> 4) & 3u);
    t[5] = w2;
    t[6] = gb + 4 + (int32_t)(b >> 6);
    t[7] = w3;
    s += (uint32_t)(w0 + w1 + w2 + w3);
  }
#endif
  *wsum += s;
  t = edgec_v6msp__careful(ip + full, vp, 0, slots - 4 * full, lim - 8 * full, t, NULL, NULL, wsum);
  /* the careful slots' columns are from their own first byte: shift them back */
  for (j = 8 * full, n = (int32_t)(t - tab); j < n; j += 2) tab[j] += 8 * full;
  if (n & 2 || n == 0) { /* {0, 0}: column 0 (there is one) times 0 */
    t[0] = t[1] = 0;
    t[2] = t[3] = 0;
    n += n ? 2 : 4;
  }
  return n / 2;
}

/* One pixel (x at the chunk start, in place): sum over the row's stored slots [0, slots) with
 * columns below lim of x[column] * weight; *wsum += their weights. */
static inline uint32_t edgec_v6msp__dot1(const uint8_t* ip, const int8_t* vp, int32_t slots, int32_t lim,
                                         const int8_t* x, uint32_t* wsum) {
  int32_t full = slots / 4, j;
  uint32_t a = 0, s = 0;
  if (full > 0 && 8 * full > lim) --full;
#ifdef EDGEC_V6MSP__ASM
  if (full > 0) {
    const uint64_t r = edgec_v6msp__dot1_asm(ip, vp, x, full);
    a = (uint32_t)r;
    s = (uint32_t)(r >> 32);
  }
  vp += 4 * full;
  x += 8 * full;
  (void)j;
#else
  for (j = 0; j < full; ++j, vp += 4, x += 8) {
    const uint32_t b = ip[j];
    const int32_t w0 = vp[0], w1 = vp[1], w2 = vp[2], w3 = vp[3];
    a += (uint32_t)(x[b & 3u] * w0 + x[(b >> 2) & 3u] * w1 + x[4 + ((b >> 4) & 3u)] * w2 + x[4 + (b >> 6)] * w3);
    s += (uint32_t)(w0 + w1 + w2 + w3);
  }
#endif
  *wsum += s;
  edgec_v6msp__careful(ip + full, vp, 0, slots - 4 * full, lim - 8 * full, NULL, x, &a, wsum);
  return a;
}

/* n bytes from s to d (memcpy's call costs more than a short run), or n copies of v (s NULL). */
static inline void edgec_v6msp__copy(int8_t* d, const int8_t* s, int8_t v, int32_t n) {
  int8_t* e = d + n;
  if (n >= 32) {
    if (s)
      memcpy(d, s, (size_t)n);
    else
      memset(d, v, (size_t)n);
    return;
  }
  if (s) {
    for (; e - d >= 4; d += 4, s += 4) {
      const int8_t a0 = s[0], a1 = s[1], a2 = s[2], a3 = s[3];
      d[0] = a0, d[1] = a1, d[2] = a2, d[3] = a3;
      __asm__("" : "+r"(d)); /* kept a loop, not turned into a memcpy call */
    }
    for (; d != e; ++d, ++s) {
      *d = *s;
      __asm__("" : "+r"(d));
    }
  } else
    for (; d != e; ++d) {
      *d = v;
      __asm__("" : "+r"(d));
    }
}

/* Columns [c0, c1) (c1 <= the matrix's) of the window at `base` into buf, padding taps as pad;
 * neighbouring in-bounds taps along the innermost spatial dimension of the layer (md, dilation
 * 1) are one run. */
static inline void edgec_v6msp__gather(const edgec_window* w, int32_t md, const int32_t* base, const int8_t* x,
                                       int32_t cin, int32_t c0, int32_t c1, int8_t pad, int8_t* buf) {
  int32_t col = c0, c = 0, d, k[EDGEC_MAX_SPATIAL_RANK] = {0, 0, 0};
  if (c0 > 0) { /* a later chunk (divisions cost a library call on ARMv6-M) */
    const int32_t tap = c0 / cin;
    c = c0 - tap * cin;
    edgec_unravel(tap, EDGEC_MAX_SPATIAL_RANK, w->kernel, k);
  }
  while (col < c1) {
    int32_t i[EDGEC_MAX_SPATIAL_RANK], taps = 1, want, run, inside = 1;
    const int8_t* src = NULL;
    for (d = 0; d < EDGEC_MAX_SPATIAL_RANK; ++d) {
      i[d] = base[d] + k[d] * w->dilation[d];
      if (i[d] < 0 || i[d] >= w->in[d]) inside = 0;
    }
    if (inside) {
      if (w->dilation[md] == 1) {
        taps = w->kernel[md] - k[md];
        if (taps > w->in[md] - i[md]) taps = w->in[md] - i[md];
      }
      src = x + ((size_t)(i[0] * w->in[1] + i[1]) * w->in[2] + i[2]) * cin + c;
    }
    want = taps * cin - c;
    run = want < c1 - col ? want : c1 - col;
    edgec_v6msp__copy(buf + (col - c0), src, pad, run);
    if (run < want) break; /* the chunk's end */
    col += run;
    c = 0;
    k[md] += taps;
    for (d = md; d > 0 && k[d] == w->kernel[d]; --d) {
      k[d] = 0;
      ++k[d - 1];
    }
  }
}

/* The whole window at `base` (all columns) into buf, padding taps as pad, for md >= 1 with
 * dilation 1 along md: per line of the kernel along md, the in-bounds taps are one run. */
static inline void edgec_v6msp__window(const edgec_window* w, int32_t md, const int32_t* base, const int8_t* x,
                                       int32_t cin, int8_t pad, int8_t* buf) {
  const int32_t kn = w->kernel[md], b = base[md], ka = md == 2 ? w->kernel[0] : 1, kb = w->kernel[md - 1];
  const int32_t lo = b < 0 ? (-b < kn ? -b : kn) : 0, hi0 = w->in[md] - b < kn ? w->in[md] - b : kn;
  const int32_t hi = hi0 > lo ? hi0 : lo; /* in-bounds taps [lo, hi) of every line */
  const int32_t nlo = lo * cin, nmid = (hi - lo) * cin, nhi = (kn - hi) * cin, line = kn * cin;
  int32_t a, bb;
  for (a = 0; a < ka; ++a) {
    const int32_t ia = md == 2 ? base[0] + a * w->dilation[0] : 0;
    const int a_ok = ia >= 0 && ia < w->in[0];
    for (bb = 0; bb < kb; ++bb, buf += line) {
      const int32_t ib = base[md - 1] + bb * w->dilation[md - 1];
      size_t px;
      if (!a_ok || ib < 0 || ib >= w->in[md - 1] || nmid == 0) {
        edgec_v6msp__copy(buf, NULL, pad, line);
        continue;
      }
      px = md == 2 ? ((size_t)ia * w->in[1] + (size_t)ib) * w->in[2] + (size_t)(b + lo)
                   : ((size_t)ib * w->in[1] + (size_t)(b + lo)) * w->in[2];
      if (nlo) edgec_v6msp__copy(buf, NULL, pad, nlo);
      edgec_v6msp__copy(buf + nlo, x + px * cin, 0, nmid);
      if (nhi) edgec_v6msp__copy(buf + nlo + nmid, NULL, pad, nhi);
    }
  }
}

/* y[l * stride] = the requantized acc[l] of channel ch, l < np. */
static inline void edgec_v6msp__requant(const edgec_requant_params* q, const edgec_v6m__rqp* r, int32_t ch,
                                        const uint32_t* acc, int32_t np, int8_t* y, int32_t stride) {
  int32_t l;
  if (r->right) {
    const int32_t i = r->per_channel ? ch : 0, s = r->shift[i], lo = r->lo_s, hi = r->hi_s, o = r->off;
    const uint32_t m = (uint32_t)r->mult[i];
    for (l = 0; l < np; ++l, y += stride) {
      int32_t v = edgec_v6m__rq_right(acc[l], m, s);
      v = v < lo ? lo : v;
      v = v > hi ? hi : v;
      *y = (int8_t)(v + o);
    }
  } else {
    for (l = 0; l < np; ++l, y += stride) *y = edgec_v6m__rq(q, r, ch, acc[l]);
  }
}

/* The fast path (see the top of the file). */
static inline void edgec_v6msp__body(const edgec_conv_params* p, const edgec_window* w, int pointwise,
                                     const edgec_requant_params* q, const int8_t* input, const edgec_nm_desc* d,
                                     const int8_t* values, const uint8_t* indices, const int32_t* bias,
                                     int8_t* output) {
  int32_t tab[2 * EDGEC_V6MSP_KEPT + 2];
  uint32_t sums[EDGEC_V6MSP_ROWS][EDGEC_V6MSP_PIXELS];
  int8_t tile[EDGEC_V6MSP_TILE_BYTES];
  int32_t base[EDGEC_V6MSP_PIXELS][EDGEC_MAX_SPATIAL_RANK];
  const int32_t cin = p->in_channels, cout = p->out_channels, cols = d->cols, groups = (cols + 3) / 4;
  const int32_t rib = d->row_index_bytes, vpr = 2 * groups, padded = 4 * groups;
  const uint32_t off = (uint32_t)q->input_offset;
  const int8_t pad = (int8_t)-q->input_offset;
  /* chunk columns: whole index bytes, the table's capacity and (gathered) the tile's width */
  const int32_t cap = pointwise ? 2 * EDGEC_V6MSP_KEPT : EDGEC_V6MSP_TILE_BYTES / EDGEC_V6MSP_PIXELS / 8 * 8;
  const int32_t cc = cap < 2 * EDGEC_V6MSP_KEPT ? cap : 2 * EDGEC_V6MSP_KEPT;
  const int32_t chunks = (padded + cc - 1) / cc;
  edgec_v6m__rqp r;
  int32_t n, pixel, l, md = EDGEC_MAX_SPATIAL_RANK - 1;
  edgec_v6m__rq_init(&r, q, cout);
  while (md > 0 && w->kernel[md] == 1 && w->in[md] == 1) --md; /* the innermost dimension in use */
  /* rows of one chunk: blocks of up to EDGEC_V6MSP_WIDE pixels (as many as the tile holds when
   * gathered), each row requantized after its one chunk (no sums kept between chunks) */
  const int32_t wide = chunks == 1, fit = EDGEC_V6MSP_TILE_BYTES / padded / 4 * 4;
  const int32_t pb = !wide ? EDGEC_V6MSP_PIXELS : pointwise || fit > EDGEC_V6MSP_WIDE ? EDGEC_V6MSP_WIDE : fit;
  for (n = 0; n < p->batch; ++n) {
    const int8_t* x = input + (size_t)n * w->in_volume * cin;
    int8_t* y_img = output + (size_t)n * w->out_volume * cout;
    int32_t o3[EDGEC_MAX_SPATIAL_RANK] = {0, 0, 0};
    for (pixel = 0; pixel < w->out_volume; pixel += pb) {
      const int32_t np = w->out_volume - pixel < pb ? w->out_volume - pixel : pb;
      int8_t* y = y_img + (size_t)pixel * cout;
      int32_t r0, built = -1;
      if (np == 1 && pointwise) { /* a matrix-vector product: no table */
        const int8_t* xp = x + (size_t)pixel * cin;
        int32_t rr;
        for (rr = 0; rr < cout; ++rr) {
          uint32_t ws = 0, a;
          a = edgec_v6msp__dot1(indices + (size_t)rr * rib, values + (size_t)rr * vpr, vpr, cols, xp, &ws);
          a += (bias ? (uint32_t)bias[rr] : 0u) + off * ws;
          y[rr] = edgec_v6m__rq(q, &r, rr, a);
        }
        continue;
      }
      if (wide) {
        uint32_t* acc = &sums[0][0]; /* np sums */
        edgec_v6msp__args args;
        int32_t rr;
        args.quads = (np + 3) / 4;
        if (pointwise) {
          for (l = 0; l < 4 * args.quads; ++l) args.x[l] = x + (size_t)(pixel + (l < np ? l : np - 1)) * cin;
        } else {
          for (l = 0; l < np; ++l) {
            int32_t b[EDGEC_MAX_SPATIAL_RANK];
            edgec_v6m__step(w, o3, b);
            if (md > 0 && w->dilation[md] == 1)
              edgec_v6msp__window(w, md, b, x, cin, pad, tile + l * padded);
            else
              edgec_v6msp__gather(w, md, b, x, cin, 0, cols, pad, tile + l * padded);
          }
          for (l = 0; l < 4 * args.quads; ++l) args.x[l] = tile + (l < np ? l : np - 1) * padded;
        }
        args.acc = acc;
        args.first = 1;
        for (rr = 0; rr < cout; ++rr) {
          uint32_t ws = 0;
          const int32_t ne = edgec_v6msp__decode(indices + (size_t)rr * rib, values + (size_t)rr * vpr, vpr, cols,
                                                 tab, &ws);
          args.tab = tab;
          args.end = tab + 2 * ne;
          args.init = off * ws + (bias ? (uint32_t)bias[rr] : 0u);
          edgec_v6msp__quads(&args);
          edgec_v6msp__requant(q, &r, rr, acc, np, y + rr, cout);
        }
        continue;
      }
      if (!pointwise)
        for (l = 0; l < np; ++l) edgec_v6m__step(w, o3, base[l]); /* o3: pixel + l's coordinates */
      for (r0 = 0; r0 < cout; r0 += EDGEC_V6MSP_ROWS) {
        const int32_t r1 = cout - r0 < EDGEC_V6MSP_ROWS ? cout : r0 + EDGEC_V6MSP_ROWS;
        int32_t k, rr;
        for (k = 0; k < chunks; ++k) {
          const int32_t c0 = k * cc, c1 = padded - c0 < cc ? padded : c0 + cc;
          const int32_t slots = (c1 - c0) / 2, lim = cols - c0;
          edgec_v6msp__args args;
          args.quads = (np + 3) / 4;
          for (l = 0; l < 4 * args.quads; ++l) {
            const int32_t lp = l < np ? l : np - 1;
            args.x[l] = pointwise ? x + (size_t)(pixel + lp) * cin + c0 : tile + lp * cc;
          }
          if (!pointwise && built != k) {
            const int32_t ce = c1 < cols ? c1 : cols;
            if (c0 == 0 && ce == cols && md > 0 && w->dilation[md] == 1)
              for (l = 0; l < np; ++l) edgec_v6msp__window(w, md, base[l], x, cin, pad, tile + l * cc);
            else
              for (l = 0; l < np; ++l) edgec_v6msp__gather(w, md, base[l], x, cin, c0, ce, pad, tile + l * cc);
            built = k;
          }
          for (rr = r0; rr < r1; ++rr) {
            uint32_t* acc = sums[rr - r0];
            uint32_t ws = 0;
            const int32_t ne = edgec_v6msp__decode(indices + (size_t)rr * rib + c0 / 8,
                                                   values + (size_t)rr * vpr + c0 / 2, slots, lim, tab, &ws);
            args.tab = tab;
            args.end = tab + 2 * ne;
            args.acc = acc;
            args.first = k == 0;
            args.init = off * ws + (k == 0 && bias ? (uint32_t)bias[rr] : 0u);
            edgec_v6msp__quads(&args);
            if (k + 1 == chunks) edgec_v6msp__requant(q, &r, rr, acc, np, y + rr, cout);
          }
        }
      }
    }
  }
}

/* True when the fast path applies: 2:4 (2-bit positions, rows starting on a byte), groups 1,
 * the matrix matching the layer, and an int8 zero point's offset. */
static inline int edgec_v6msp__fast(const edgec_conv_params* p, const edgec_window* w, const edgec_requant_params* q,
                                    const edgec_nm_desc* d) {
  return d->n == 2 && d->m == 4 && d->index_bits == 2 && d->row_index_bytes == ((d->cols + 3) / 4 + 1) / 2 &&
         p->groups == 1 && d->rows == p->out_channels && d->cols == w->kernel_volume * p->in_channels &&
         d->cols > 0 && q->input_offset >= -127 && q->input_offset <= 128;
}

static inline void edgec_conv_nm_s8_v6m(const edgec_conv_params* p, const edgec_requant_params* q,
                                        const int8_t* input, const edgec_nm_desc* d, const int8_t* values,
                                        const uint8_t* indices, const int32_t* bias, int8_t* output) {
  edgec_window w;
  int32_t pointwise = 1, i;
  edgec_conv_window(p, &w);
  if (!edgec_v6msp__fast(p, &w, q, d)) {
    edgec_conv_nm_s8(p, q, input, d, values, indices, bias, output);
    return;
  }
  for (i = 0; i < EDGEC_MAX_SPATIAL_RANK; ++i)
    if (w.kernel[i] != 1 || w.stride[i] != 1 || w.pad_begin[i] != 0 || w.in[i] != w.out[i]) pointwise = 0;
  edgec_v6msp__body(p, &w, pointwise, q, input, d, values, indices, bias, output);
}

static inline void edgec_fully_connected_nm_s8_v6m(const edgec_fc_params* p, const edgec_requant_params* q,
                                                   const int8_t* input, const edgec_nm_desc* d, const int8_t* values,
                                                   const uint8_t* indices, const int32_t* bias, int8_t* output) {
  edgec_conv_params c;
  edgec_window w;
  edgec_fc_as_conv(p, &c, &w);
  if (!edgec_v6msp__fast(&c, &w, q, d)) {
    edgec_fully_connected_nm_s8(p, q, input, d, values, indices, bias, output);
    return;
  }
  edgec_v6msp__body(&c, &w, 1, q, input, d, values, indices, bias, output);
}

#endif /* EDGEC_KERNELS_SPARSE_S8_V6M_H */
