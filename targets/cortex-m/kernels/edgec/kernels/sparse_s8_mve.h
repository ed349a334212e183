/* Cortex-M55 Helium (MVE) int8 2:4-sparse convolution and fully connected:
 * edgec_conv_nm_s8_mve and edgec_fully_connected_nm_s8_mve have exactly the signatures and
 * results, bit for bit, of edgec_conv_nm_s8 and edgec_fully_connected_nm_s8 (sparse.h).
 *
 * Fast path: 2:4 weights (2-bit positions, index rows of ceil(groups / 2) bytes; the positions
 * need not be increasing), groups 1 and an input offset in [-127, 128] (every int8 zero point).
 * Anything else calls the reference kernel.
 *
 * A row's 16 values of 8 groups (32 columns, a "chunk") are one vector as stored. Their
 * positions: the chunk's 4 index bytes, widened to 4 word lanes (VLDRB.U32), pick 4 words of a
 * 256-entry table (a word gather): the byte offsets of an index byte's 4 slots within its 8
 * columns; adding (0, 8, 16, 24) per word lane and 32 per chunk (wrapping every 8 chunks, where
 * the gather bases move on 256 columns) gives the 16 byte offsets from the 256-column window's
 * start. Then, per output pixel, one byte gather (VLDRB.U8 [Rn, Qm]) of the 16 kept inputs and
 * one VMLADAVA.S8: 16 kept MACs in 2 instructions. Pixels (FC: batch rows) go in blocks of 4:
 * a chunk costs 10 instructions for 4 pixels (offsets and values loaded once) with the offsets
 * decoded once per block of 64 rows into the stack buffer (wherever more than one pixel block
 * uses them and they fit), 13 when decoded on the fly; one pixel (FC, batch 1) takes 2 chunks in
 * 15. The row loops are Thumb-2 assembly (GCC keeps too few values in registers there): 9 to 12
 * instructions a row and window besides the chunks, the 4 pixels' sums of a row one LDM/STM.
 * The dense Helium kernel needs about 9 instructions per 4 rows x 16 columns.
 *
 * The input offset is folded out as in the dense kernels (sum((x + off) * w) = sum(x * w) + off
 * * sum(w), modulo 2^32 like the reference's int32 sums): into the dense kernel's block biases
 * (edgec_mve__blk_init), or, for a single pixel, summed with the products (VADDVA). Padding taps
 * and the columns past a row's end read x = -off (the tile's fill), adding nothing, as x + off
 * = 0 does in the reference. Requantization is the dense kernel's (edgec_mve__rq4v), 4 channels
 * of 4 pixels per constant load. Rows whose length is not a whole number of chunks end with a
 * predicated chunk (nothing past a row's index bytes, values or input columns is read). The
 * stack tile holds 4 pixels' gathered columns (convs other than a plain 1x1, rows whose length
 * is not a multiple of 4) up to EDGEC_SMVE_BUF / 4 columns; longer rows go in pieces of 1536
 * columns through the dense kernel's im2col, with the offsets decoded on the fly (exercised by
 * test/targets/cortex_m/run_check.sh with EDGEC_CHECK_FLAGS=-DEDGEC_SMVE_BUF=1024).
 *
 * scripts/bench_sparse.py --core m55 (instructions under QEMU -icount): 2:4 layers run in
 * 0.60x (1x1 conv 64->64), 0.63x (3x3 conv 32->32), 0.76x (FC 512->256, batch 1) and 0.67x
 * (batch 16) of the dense Helium kernels; small layers gain less (3x3 convs 3->8 and 8->8 on
 * 16x16: 0.69x and 0.73x, the im2col fill weighing more; an FC 8->10: 1.45x, 400 instructions
 * more); a 3x3 conv 256->32 on 8x8 (2304 columns, in pieces): 0.30x.
 *
 * No heap. Stack about 9.2 KiB: the 6 KiB buffer (EDGEC_SMVE_BUF: 4 pixels' gathered columns,
 * then the decoded offsets of a row block), the sums of 4 pixels x 64 rows (1 KiB), the dense
 * kernel's block constants (1 KiB) and the callees' (under 400 bytes). EDGEC_SMVE_NO_ASM: the
 * row loops in C (intrinsics) instead of assembly. */
#ifndef EDGEC_KERNELS_SPARSE_S8_MVE_H
#define EDGEC_KERNELS_SPARSE_S8_MVE_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "edgec/kernels/conv_s8_mve.h"
#include "edgec/kernels/sparse.h"

#if defined(__ARM_FEATURE_MVE) && (__ARM_FEATURE_MVE & 1)

#ifndef EDGEC_SMVE_BUF
#define EDGEC_SMVE_BUF 6144 /* bytes: 4 pixels' gathered columns (1536 at a time), then decoded offsets */
#endif
#if EDGEC_SMVE_BUF < 1024
#error "EDGEC_SMVE_BUF holds at least 4 pixels x 256 columns"
#endif

/* Index byte b (groups 2k, 2k + 1) -> the byte offsets of its 4 slots within the pair's 8
 * columns, little-endian: (b & 3, b >> 2 & 3, 4 + (b >> 4 & 3), 4 + (b >> 6)). */
#define EDGEC_SMVE__E(b)                                                                                \
  ((uint32_t)((b) & 3) | (uint32_t)(((b) >> 2) & 3) << 8 | (uint32_t)(4 + (((b) >> 4) & 3)) << 16 |       \
   (uint32_t)(4 + ((b) >> 6)) << 24)
#define EDGEC_SMVE__E4(b) EDGEC_SMVE__E(b), EDGEC_SMVE__E(b + 1), EDGEC_SMVE__E(b + 2), EDGEC_SMVE__E(b + 3)
#define EDGEC_SMVE__E16(b) EDGEC_SMVE__E4(b), EDGEC_SMVE__E4(b + 4), EDGEC_SMVE__E4(b + 8), EDGEC_SMVE__E4(b + 12)
#define EDGEC_SMVE__E64(b) EDGEC_SMVE__E16(b), EDGEC_SMVE__E16(b + 16), EDGEC_SMVE__E16(b + 32), EDGEC_SMVE__E16(b + 48)
static const uint32_t edgec_smve__pos[256] = {EDGEC_SMVE__E64(0), EDGEC_SMVE__E64(64), EDGEC_SMVE__E64(128),
                                              EDGEC_SMVE__E64(192)};

/* The byte offsets of a chunk's 16 slots from its window start: idx its 4 index bytes (one a
 * word lane), lb the lane bases (0, 8, 16, 24 per word, plus 32 per chunk of the window). */
EDGEC_MVE_INLINE uint8x16_t edgec_smve__offsets(uint32x4_t idx, uint8x16_t lb) {
  return vaddq_u8(vreinterpretq_u8_u32(vldrwq_gather_shifted_offset_u32(edgec_smve__pos, idx)), lb);
}

/* Rows [0, nrows) of a block (index bytes from ip, rib per row; values from vp, vpr per row)
 * times 4 pixels' columns at x0..x3, over `chunks` (1..8) whole chunks of one 256-column window
 * (ip, vp, x0..x3 at its start): sums[4 * r + l] += the products. */
EDGEC_MVE_NOINLINE void edgec_smve__win4(const uint8_t* ip, const int8_t* vp, int32_t rib, int32_t vpr,
                                         int32_t chunks, int32_t nrows, const int8_t* x0, const int8_t* x1,
                                         const int8_t* x2, const int8_t* x3, int32_t* sums) {
  const uint8x16_t lb0 = vshlq_n_u8(vshrq_n_u8(vidupq_n_u8(0, 1), 2), 3);
  int32_t r;
  for (r = 0; r < nrows; ++r, ip += rib, vp += vpr, sums += 4) {
    const uint8_t* i = ip;
    const int8_t* v = vp;
    int32_t a0 = sums[0], a1 = sums[1], a2 = sums[2], a3 = sums[3], k;
    uint8x16_t lb = lb0;
    for (k = 0; k < chunks; ++k, i += 4, v += 16) {
      const uint8x16_t o = edgec_smve__offsets(vldrbq_u32(i), lb);
      const int8x16_t w = vldrbq_s8(v);
      a0 = vmladavaq_s8(a0, vldrbq_gather_offset_s8(x0, o), w);
      a1 = vmladavaq_s8(a1, vldrbq_gather_offset_s8(x1, o), w);
      a2 = vmladavaq_s8(a2, vldrbq_gather_offset_s8(x2, o), w);
      a3 = vmladavaq_s8(a3, vldrbq_gather_offset_s8(x3, o), w);
      lb = vaddq_n_u8(lb, 32);
    }
    sums[0] = a0, sums[1] = a1, sums[2] = a2, sums[3] = a3;
  }
}

/* The same for one pixel (FC with batch 1, a last lone pixel), adding off * sum(values) too
 * (off 0 where the folded biases hold it). */
EDGEC_MVE_NOINLINE void edgec_smve__win1(const uint8_t* ip, const int8_t* vp, int32_t rib, int32_t vpr,
                                         int32_t chunks, int32_t nrows, const int8_t* x0, int32_t* sums,
                                         int32_t off) {
  const uint8x16_t lb0 = vshlq_n_u8(vshrq_n_u8(vidupq_n_u8(0, 1), 2), 3);
  int32_t r;
  for (r = 0; r < nrows; ++r, ip += rib, vp += vpr) {
    const uint8_t* i = ip;
    const int8_t* v = vp;
    int32_t a0 = sums[r], sw = 0, k;
    uint8x16_t lb = lb0;
    for (k = 0; k < chunks; ++k, i += 4, v += 16) {
      const uint8x16_t o = edgec_smve__offsets(vldrbq_u32(i), lb);
      const int8x16_t w = vldrbq_s8(v);
      a0 = vmladavaq_s8(a0, vldrbq_gather_offset_s8(x0, o), w);
      sw = vaddvaq_s8(sw, w);
      lb = vaddq_n_u8(lb, 32);
    }
    sums[r] = edgec_mve__mad(off, sw, a0);
  }
}

/* The offsets of rows [0, nrows) and their `full` whole chunks, decoded once for all the
 * pixel blocks: dec[(r * full + c) * 16 ...], from the window start. On the way, fold[r] +=
 * off * the sum of the row's values (vpr of them from vp + r * vpr). */
static inline void edgec_smve__decode(const uint8_t* ip, const int8_t* vp, int32_t rib, int32_t vpr, int32_t nrows,
                                      int32_t full, int32_t off, uint8_t* dec, int32_t* fold) {
  const uint8x16_t lb0 = vshlq_n_u8(vshrq_n_u8(vidupq_n_u8(0, 1), 2), 3);
  const int32_t rest = vpr - 16 * full; /* values of a last partial chunk */
  const mve_pred16_t pr = vctp8q((uint32_t)rest);
  int32_t r, c;
  for (r = 0; r < nrows; ++r, ip += rib, vp += vpr) {
    const uint8_t* i = ip;
    const int8_t* v = vp;
    uint8x16_t lb = lb0; /* + 32 a chunk, wrapping to lb0 every 8 (256 columns) */
    int32_t sw = 0;
    for (c = 0; c < full; ++c, i += 4, v += 16, dec += 16) {
      vstrbq_u8(dec, edgec_smve__offsets(vldrbq_u32(i), lb));
      sw = vaddvaq_s8(sw, vldrbq_s8(v));
      lb = vaddq_n_u8(lb, 32);
    }
    if (rest) sw = vaddvaq_s8(sw, vldrbq_z_s8(v, pr));
    fold[r] = edgec_mve__mad(off, sw, fold[r]);
  }
}

/* edgec_smve__win4 with the offsets decoded (dp: the window's first chunk of row 0, dstride
 * bytes a row). */
EDGEC_MVE_NOINLINE void edgec_smve__win4d(const uint8_t* dp, const int8_t* vp, int32_t dstride, int32_t vpr,
                                          int32_t chunks, int32_t nrows, const int8_t* x0, const int8_t* x1,
                                          const int8_t* x2, const int8_t* x3, int32_t* sums) {
  int32_t r;
  for (r = 0; r < nrows; ++r, dp += dstride, vp += vpr, sums += 4) {
    const uint8_t* i = dp;
    const int8_t* v = vp;
    int32_t a0 = sums[0], a1 = sums[1], a2 = sums[2], a3 = sums[3], k;
    for (k = 0; k < chunks; ++k, i += 16, v += 16) {
      const uint8x16_t o = vldrbq_u8(i);
      const int8x16_t w = vldrbq_s8(v);
      a0 = vmladavaq_s8(a0, vldrbq_gather_offset_s8(x0, o), w);
      a1 = vmladavaq_s8(a1, vldrbq_gather_offset_s8(x1, o), w);
      a2 = vmladavaq_s8(a2, vldrbq_gather_offset_s8(x2, o), w);
      a3 = vmladavaq_s8(a3, vldrbq_gather_offset_s8(x3, o), w);
    }
    sums[0] = a0, sums[1] = a1, sums[2] = a2, sums[3] = a3;
  }
}

/* The hot loops in assembly (GCC, Thumb-2 with MVE): GCC's row loops keep too few values in
 * registers and spend about 35 instructions a row around the chunk loop; these spend 16
 * (edgec_smve__win4_asm: the chunk loop of edgec_smve__win4, 13 instructions a chunk) and 9
 * (edgec_smve__win1_asm: a whole row of one pixel, two chunks a step, the gather base moving 64
 * columns a step instead of windows: 13 instructions per 2 chunks). Arguments in a struct (the
 * offsets below); rows, chunks (pairs) > 0; both add to the sums. Local symbols in their own
 * sections (dropped by --gc-sections when unused). */
#if defined(__GNUC__) && defined(__thumb2__) && !defined(EDGEC_SMVE_NO_ASM)
#define EDGEC_SMVE__ASM 1
typedef struct {
  int32_t rib_adj;  /* 0: index bytes from a row's end of the loop to the next row's start */
  int32_t vpr_adj;  /* 4: the same for values */
  int32_t* end;     /* 8: sums + rows */
  int32_t chunks;   /* 12: chunks (win4) or pairs of chunks (win1) a row */
  const uint8_t* ip; /* 16 */
  const int8_t* vp; /* 20 */
  const int8_t* x[4]; /* 24..36 */
  int32_t* sums;    /* 40 */
  const uint32_t* pos; /* 44: edgec_smve__pos */
  int32_t off;      /* 48: win1: off * sum(values) is added too */
} edgec_smve__args;
void edgec_smve__win4_asm(const edgec_smve__args* a) __asm__("edgec_smve__win4_asm");
void edgec_smve__win1_asm(const edgec_smve__args* a) __asm__("edgec_smve__win1_asm");
void edgec_smve__win4d_asm(const edgec_smve__args* a) __asm__("edgec_smve__win4d_asm");
__asm__(".pushsection .text.edgec_smve__win4_asm,\"ax\",%progbits\n\t"
        ".p2align 2\n\t.thumb\n\t.thumb_func\n\t"
        ".type edgec_smve__win4_asm, %function\n"
        "edgec_smve__win4_asm:\n\t"
        "push {r4-r11, lr}\n\tvpush {d8-d13}\n\t"
        "mov r12, r0\n\tldrd r1, r9, [r12, #16]\n\tldr r3, [r12, #24]\n\tldr r5, [r12, #28]\n\t"
        "ldr r7, [r12, #32]\n\tldr r8, [r12, #36]\n\tldrd r11, r10, [r12, #40]\n\t"
        "movs r0, #0\n\tvidup.u8 q5, r0, #1\n\tvshr.u8 q5, q5, #2\n\tvshl.u8 q5, q5, #3\n\t"
        "movs r0, #32\n\tvdup.8 q6, r0\n"
        "1:\n\t"
        "ldr lr, [r12, #12]\n\tvmov q1, q5\n\t"
        "ldm r11, {r0, r2, r4, r6}\n\t"
        "dls lr, lr\n"
        "2:\n\t"
        "vldrb.u32 q0, [r1], #4\n\tvldrw.u32 q3, [r10, q0, uxtw #2]\n\tvadd.i8 q0, q3, q1\n\t"
        "vldrb.8 q2, [r9], #16\n\tvadd.i8 q1, q1, q6\n\t"
        "vldrb.u8 q3, [r3, q0]\n\tvldrb.u8 q4, [r5, q0]\n\tvmladava.s8 r0, q3, q2\n\t"
        "vldrb.u8 q3, [r7, q0]\n\tvmladava.s8 r2, q4, q2\n\tvldrb.u8 q4, [r8, q0]\n\t"
        "vmladava.s8 r4, q3, q2\n\tvmladava.s8 r6, q4, q2\n\t"
        "le lr, 2b\n\t"
        "stm r11!, {r0, r2, r4, r6}\n\t"
        "ldm r12, {r0, r2, r4}\n\tadd r1, r1, r0\n\tadd r9, r9, r2\n\tcmp r11, r4\n\tbne 1b\n\t"
        "vpop {d8-d13}\n\tpop {r4-r11, pc}\n\t"
        ".size edgec_smve__win4_asm, . - edgec_smve__win4_asm\n\t"
        ".popsection\n\t"
        ".pushsection .text.edgec_smve__win1_asm,\"ax\",%progbits\n\t"
        ".p2align 2\n\t.thumb\n\t.thumb_func\n\t"
        ".type edgec_smve__win1_asm, %function\n"
        "edgec_smve__win1_asm:\n\t"
        "push {r4-r11, lr}\n\tvpush {d8-d13}\n\t"
        "mov r12, r0\n\tldrd r1, r9, [r12, #16]\n\tldr r4, [r12, #24]\n\tldrd r11, r10, [r12, #40]\n\t"
        "ldr r7, [r12, #48]\n\t"
        "movs r0, #0\n\tvidup.u8 q5, r0, #1\n\tvshr.u8 q5, q5, #2\n\tvshl.u8 q5, q5, #3\n\t"
        "movs r0, #32\n\tvadd.i8 q6, q5, r0\n"
        "1:\n\t"
        "ldr lr, [r12, #12]\n\tldr r0, [r11]\n\tmov r5, r4\n\tmovs r6, #0\n\t"
        "dls lr, lr\n"
        "2:\n\t"
        "vldrb.u32 q0, [r1], #4\n\tvldrw.u32 q3, [r10, q0, uxtw #2]\n\tvadd.i8 q0, q3, q5\n\t"
        "vldrb.8 q2, [r9], #16\n\tvldrb.u8 q3, [r5, q0]\n\tvaddva.s8 r6, q2\n\tvmladava.s8 r0, q3, q2\n\t"
        "vldrb.u32 q0, [r1], #4\n\tvldrw.u32 q3, [r10, q0, uxtw #2]\n\tvadd.i8 q0, q3, q6\n\t"
        "vldrb.8 q2, [r9], #16\n\tvldrb.u8 q3, [r5, q0]\n\tadds r5, r5, #64\n\tvaddva.s8 r6, q2\n\t"
        "vmladava.s8 r0, q3, q2\n\t"
        "le lr, 2b\n\t"
        "mla r0, r6, r7, r0\n\tstr r0, [r11], #4\n\t"
        "ldm r12, {r0, r2, r3}\n\tadd r1, r1, r0\n\tadd r9, r9, r2\n\tcmp r11, r3\n\tbne 1b\n\t"
        "vpop {d8-d13}\n\tpop {r4-r11, pc}\n\t"
        ".size edgec_smve__win1_asm, . - edgec_smve__win1_asm\n\t"
        ".popsection\n\t"
        ".pushsection .text.edgec_smve__win4d_asm,\"ax\",%progbits\n\t"
        ".p2align 2\n\t.thumb\n\t.thumb_func\n\t"
        ".type edgec_smve__win4d_asm, %function\n"
        "edgec_smve__win4d_asm:\n\t"
        "push {r4-r11, lr}\n\tvpush {d8-d9}\n\t"
        "mov r12, r0\n\tldrd r1, r9, [r12, #16]\n\tldr r3, [r12, #24]\n\tldr r5, [r12, #28]\n\t"
        "ldr r7, [r12, #32]\n\tldr r8, [r12, #36]\n\tldr r11, [r12, #40]\n"
        "1:\n\t"
        "ldr lr, [r12, #12]\n\t"
        "ldm r11, {r0, r2, r4, r6}\n\t"
        "dls lr, lr\n"
        "2:\n\t"
        "vldrb.8 q0, [r1], #16\n\tvldrb.8 q2, [r9], #16\n\t"
        "vldrb.u8 q3, [r3, q0]\n\tvldrb.u8 q4, [r5, q0]\n\tvmladava.s8 r0, q3, q2\n\t"
        "vldrb.u8 q3, [r7, q0]\n\tvmladava.s8 r2, q4, q2\n\tvldrb.u8 q4, [r8, q0]\n\t"
        "vmladava.s8 r4, q3, q2\n\tvmladava.s8 r6, q4, q2\n\t"
        "le lr, 2b\n\t"
        "stm r11!, {r0, r2, r4, r6}\n\t"
        "ldm r12, {r0, r2, r4}\n\tadd r1, r1, r0\n\tadd r9, r9, r2\n\tcmp r11, r4\n\tbne 1b\n\t"
        "vpop {d8-d9}\n\tpop {r4-r11, pc}\n\t"
        ".size edgec_smve__win4d_asm, . - edgec_smve__win4d_asm\n\t"
        ".popsection");
#endif

/* A last chunk of tg (1..8) groups, chunk c (0..7) of its window (ip, vp at the chunk, xs at
 * the window's start), added to the sums of `np` pixels (1 or 4), the index bytes and values
 * past the row not read (their lanes 0); the inputs read through predicated gathers too unless
 * `safe` (the tile, whose rows hold whole chunks). off: as in edgec_smve__win1 (np 1). NP and
 * SAFE are constants where this is inlined. */
EDGEC_MVE_INLINE void edgec_smve__tail_body(const uint8_t* ip, const int8_t* vp, int32_t rib, int32_t vpr, int32_t tg,
                                            int32_t c, int32_t nrows, const int8_t* const* xs, int32_t* sums,
                                            int32_t off, int NP, int SAFE) {
  const uint8x16_t lb = vaddq_n_u8(vshlq_n_u8(vshrq_n_u8(vidupq_n_u8(0, 1), 2), 3), (uint8_t)(32 * c));
  const mve_pred16_t pi = vctp32q((uint32_t)(tg + 1) >> 1), pv = vctp8q((uint32_t)(2 * tg));
  const int8_t *x0 = xs[0], *x1 = xs[1], *x2 = xs[2], *x3 = xs[3];
  int32_t r;
  for (r = 0; r < nrows; ++r, ip += rib, vp += vpr, sums += NP) {
    const uint8x16_t o = edgec_smve__offsets(vldrbq_z_u32(ip, pi), lb);
    const int8x16_t w = vldrbq_z_s8(vp, pv);
#define EDGEC_SMVE__G(X) (SAFE ? vldrbq_gather_offset_s8(X, o) : vldrbq_gather_offset_z_s8(X, o, pv))
    sums[0] = vmladavaq_s8(sums[0], EDGEC_SMVE__G(x0), w);
    if (NP == 4) {
      sums[1] = vmladavaq_s8(sums[1], EDGEC_SMVE__G(x1), w);
      sums[2] = vmladavaq_s8(sums[2], EDGEC_SMVE__G(x2), w);
      sums[3] = vmladavaq_s8(sums[3], EDGEC_SMVE__G(x3), w);
    } else {
      sums[0] = edgec_mve__mad(off, vaddvq_s8(w), sums[0]);
    }
#undef EDGEC_SMVE__G
  }
}

EDGEC_MVE_NOINLINE void edgec_smve__tail(const uint8_t* ip, const int8_t* vp, int32_t rib, int32_t vpr, int32_t tg,
                                         int32_t c, int32_t nrows, const int8_t* const* xs, int32_t np, int safe,
                                         int32_t* sums, int32_t off) {
  if (np == 4) {
    if (safe)
      edgec_smve__tail_body(ip, vp, rib, vpr, tg, c, nrows, xs, sums, off, 4, 1);
    else
      edgec_smve__tail_body(ip, vp, rib, vpr, tg, c, nrows, xs, sums, off, 4, 0);
  } else {
    if (safe)
      edgec_smve__tail_body(ip, vp, rib, vpr, tg, c, nrows, xs, sums, off, 1, 1);
    else
      edgec_smve__tail_body(ip, vp, rib, vpr, tg, c, nrows, xs, sums, off, 1, 0);
  }
}

/* Requantizes the sums of np pixels (sums[4 * j + l], or sums[j] for one pixel; the folded
 * biases already in) of the block's nb channels into y + l * cout + j: a channel quad's
 * constants loaded once for all its pixels. */
EDGEC_MVE_INLINE void edgec_smve__out(const edgec_mve__rq* rq, const edgec_mve__blk* b, const int32_t* sums,
                                      int32_t np, int32_t nb, int8_t* y, int32_t cout, int inverted) {
  const edgec_mve__rq r = *rq; /* in registers: the int8 stores may alias *rq */
  int32_t j, l;
  for (j = 0; j < nb; j += 4) {
    const int32x4_t m = vldrwq_s32(b->mult + j), lf = vldrwq_s32(b->left + j), nr = vldrwq_s32(b->nright + j);
    /* pixel l's sums of channels j..j+3: words 4 apart from sums + 4 * j + l, one gather */
    const uint32x4_t i4 = vidupq_n_u32(0, 4);
    if (j + 4 <= nb) {
#if defined(__GNUC__)
#pragma GCC unroll 4
#endif
      for (l = 0; l < np; ++l) {
        const int32x4_t v = np == 1 ? vldrwq_s32(sums + j) : vldrwq_gather_shifted_offset_s32(sums + 4 * j + l, i4);
        vstrbq_s32(y + (size_t)l * cout + j, edgec_mve__rq4v(&r, v, m, lf, nr, inverted));
      }
    } else {
      const mve_pred16_t p = vctp32q((uint32_t)(nb - j));
      for (l = 0; l < np; ++l) {
        const int32x4_t v = np == 1 ? vldrwq_s32(sums + j) : vldrwq_gather_shifted_offset_s32(sums + 4 * j + l, i4);
        vstrbq_p_s32(y + (size_t)l * cout + j, edgec_mve__rq4v(&r, v, m, lf, nr, inverted), p);
      }
    }
  }
}

EDGEC_MVE_NOINLINE void edgec_smve__out_call(const edgec_mve__rq* rq, const edgec_mve__blk* b, const int32_t* sums,
                                             int32_t np, int32_t nb, int8_t* y, int32_t cout) {
  if (rq->inverted)
    edgec_smve__out(rq, b, sums, np, nb, y, cout, 1);
  else if (np == 4)
    edgec_smve__out(rq, b, sums, 4, nb, y, cout, 0);
  else
    edgec_smve__out(rq, b, sums, np, nb, y, cout, 0);
}

/* True when the fast path applies (see the top of the file); *direct: the columns of a pixel
 * are read in place (a plain 1x1 conv or an FC, with cols % 4 == 0), else gathered. */
static inline int edgec_smve__fast(const edgec_conv_params* p, const edgec_window* w, const edgec_requant_params* q,
                                   const edgec_nm_desc* d, int pointwise, int* direct) {
  const int32_t groups = (d->cols + 3) / 4;
  if (!(d->n == 2 && d->m == 4 && d->index_bits == 2 && d->row_index_bytes == (groups + 1) / 2 &&
        p->groups == 1 && d->rows == p->out_channels && d->cols == w->kernel_volume * p->in_channels && d->cols > 0 &&
        q->input_offset >= -127 && q->input_offset <= 128))
    return 0;
  *direct = pointwise && d->cols % 4 == 0;
  return 1;
}

/* n bytes from s to d, whole vectors then one predicated (nothing past s + n is read): a
 * tail-predicated loop (WLSTP/LETP) in assembly. */
EDGEC_MVE_INLINE void edgec_smve__copy(int8_t* d, const int8_t* s, int32_t n) {
#if defined(__GNUC__) && defined(__thumb2__) && !defined(EDGEC_SMVE_NO_ASM)
  __asm__ volatile("wlstp.8 lr, %[n], 2f\n"
                   "1:\n\tvldrb.8 q0, [%[s]], #16\n\tvstrb.8 q0, [%[d]], #16\n\tletp lr, 1b\n"
                   "2:"
                   : [d] "+r"(d), [s] "+r"(s)
                   : [n] "r"(n)
                   : "lr", "d0", "d1", "memory");
#else
  for (; n > 16; n -= 16, d += 16, s += 16) vstrbq_s8(d, vldrbq_s8(s));
  {
    const mve_pred16_t p = vctp8q((uint32_t)n);
    vstrbq_p_s8(d, vldrbq_z_s8(s, p), p);
  }
#endif
}

/* n bytes at d set to v (edgec_mve__fill as a tail-predicated loop). */
EDGEC_MVE_INLINE void edgec_smve__set(int8_t* d, int8_t v, int32_t n) {
#if defined(__GNUC__) && defined(__thumb2__) && !defined(EDGEC_SMVE_NO_ASM)
  __asm__ volatile("vdup.8 q0, %[v]\n\twlstp.8 lr, %[n], 2f\n"
                   "1:\n\tvstrb.8 q0, [%[d]], #16\n\tletp lr, 1b\n"
                   "2:"
                   : [d] "+r"(d)
                   : [n] "r"(n), [v] "r"((int32_t)v)
                   : "lr", "d0", "d1", "memory");
#else
  edgec_mve__fill(d, v, n);
#endif
}

/* One pixel's columns [0, cols) into the tile row t, its window corner `base` partly outside
 * the input: with unit dilation along the last dim, each kernel row's valid run copied between
 * -off for the padding taps; else the dense kernel's im2col (-off as the padding value). */
EDGEC_MVE_NOINLINE void edgec_smve__fill_edge(const edgec_window* w, const int32_t* base, const int8_t* x, int32_t cin,
                                              int32_t cols, int8_t pad, int8_t* t) {
  const int32_t K2 = w->kernel[2], rowlen = K2 * cin, in0 = w->in[0], in1 = w->in[1], in2 = w->in[2];
  const int32_t k0n = w->kernel[0], k1n = w->kernel[1], d0 = w->dilation[0], d1 = w->dilation[1];
  int32_t k0, k1;
  if (w->dilation[2] == 1) {
    const int32_t lo2 = base[2] < 0 ? (-base[2] < K2 ? -base[2] : K2) : 0;
    const int32_t e2 = in2 - base[2], hi2 = e2 < lo2 ? lo2 : (e2 < K2 ? e2 : K2);
    for (k0 = 0; k0 < k0n; ++k0) {
      const int32_t i0 = base[0] + k0 * d0;
      for (k1 = 0; k1 < k1n; ++k1, t += rowlen) {
        const int32_t i1 = base[1] + k1 * d1;
        if (i0 < 0 || i0 >= in0 || i1 < 0 || i1 >= in1 || lo2 == hi2) {
          edgec_smve__set(t, pad, rowlen);
          continue;
        }
        if (lo2 > 0) edgec_smve__set(t, pad, lo2 * cin);
        edgec_smve__copy(t + lo2 * cin, x + (size_t)((i0 * in1 + i1) * in2 + base[2] + lo2) * cin, (hi2 - lo2) * cin);
        if (hi2 < K2) edgec_smve__set(t + hi2 * cin, pad, (K2 - hi2) * cin);
      }
    }
  } else {
    edgec_mve__piece piece;
    piece.col = t;
    piece.mask = NULL;
    piece.k0 = 0;
    piece.k1 = cols;
    piece.pad = pad;
    edgec_mve__im2col(w, base, x, cin, cin, &piece);
  }
}

/* The columns [0, cols) of pixels [pixel, pixel + np) into the tile rows tile + l * tcols (the
 * columns past them hold -off from the start of the call). A window inside the input along every
 * dim with unit dilation along the last copies whole kernel rows (kernel[2] * cin bytes each);
 * others go through edgec_smve__fill_edge. */
EDGEC_MVE_NOINLINE void edgec_smve__fill(const edgec_window* w, int pointwise, int32_t pixel, int32_t np,
                                         const int8_t* x, int32_t cin, int32_t cols, int32_t tcols, int8_t pad,
                                         int8_t* tile) {
  /* w's fields in locals: the int8 stores would make GCC reload them */
  const int32_t rowlen = w->kernel[2] * cin, k0n = w->kernel[0], k1n = w->kernel[1];
  const int32_t in1 = w->in[1], in2 = w->in[2], out1 = w->out[1], out2 = w->out[2];
  const int32_t s0 = w->stride[0], s1 = w->stride[1], s2 = w->stride[2];
  const int32_t p0 = w->pad_begin[0], p1 = w->pad_begin[1], p2 = w->pad_begin[2];
  const size_t rs1 = (size_t)w->dilation[1] * in2 * cin, rs0 = (size_t)w->dilation[0] * in1 * in2 * cin;
  /* base[d] < lim[d] (unsigned: and >= 0): the window lies inside along d */
  const int32_t l0 = w->in[0] - (k0n - 1) * w->dilation[0], l1 = in1 - (k1n - 1) * w->dilation[1];
  const int32_t l2 = w->dilation[2] == 1 ? in2 - (w->kernel[2] - 1) : 0;
  const uint32_t lim0 = l0 > 0 ? (uint32_t)l0 : 0u, lim1 = l1 > 0 ? (uint32_t)l1 : 0u, lim2 = l2 > 0 ? (uint32_t)l2 : 0u;
  const mve_pred16_t pr = vctp8q((uint32_t)(rowlen < 16 ? rowlen : 16));
  int32_t o[EDGEC_MAX_SPATIAL_RANK], l, k0, k1, o0, o1, o2;
  if (pointwise) {
    for (l = 0; l < np; ++l, tile += tcols) edgec_smve__copy(tile, x + (size_t)(pixel + l) * cin, cols);
    return;
  }
  edgec_unravel(pixel, EDGEC_MAX_SPATIAL_RANK, w->out, o);
  o0 = o[0], o1 = o[1], o2 = o[2];
  for (l = 0; l < np; ++l, tile += tcols) {
    int32_t b0, b1, b2;
    if (l > 0 && ++o2 == out2) {
      o2 = 0;
      if (++o1 == out1) o1 = 0, ++o0;
    }
    b0 = o0 * s0 - p0, b1 = o1 * s1 - p1, b2 = o2 * s2 - p2;
    if ((uint32_t)b0 < lim0 && (uint32_t)b1 < lim1 && (uint32_t)b2 < lim2) {
      const int8_t* r0 = x + (size_t)((b0 * in1 + b1) * in2 + b2) * cin;
      int8_t* t = tile;
      for (k0 = 0; k0 < k0n; ++k0, r0 += rs0) {
        const int8_t* r = r0;
        if (rowlen <= 16)
          for (k1 = 0; k1 < k1n; ++k1, r += rs1, t += rowlen) vstrbq_p_s8(t, vldrbq_z_s8(r, pr), pr);
        else
          for (k1 = 0; k1 < k1n; ++k1, r += rs1, t += rowlen) edgec_smve__copy(t, r, rowlen);
      }
    } else {
      const int32_t base[EDGEC_MAX_SPATIAL_RANK] = {b0, b1, b2};
      edgec_smve__fill_edge(w, base, x, cin, cols, pad, tile);
    }
  }
}

/* Columns [c0, c1) of one pixel (c1 <= the columns rounded up to a chunk) into t: the dense
 * kernel's im2col (-off as the padding value), -off past the matrix. For rows longer than the
 * tile holds. */
EDGEC_MVE_NOINLINE void edgec_smve__fill_piece(const edgec_window* w, int pointwise, int32_t pixel, const int8_t* x,
                                               int32_t cin, int32_t cols, int32_t c0, int32_t c1, int8_t pad,
                                               int8_t* t) {
  const int32_t e = c1 < cols ? c1 : cols;
  if (pointwise) {
    edgec_smve__copy(t, x + (size_t)pixel * cin + c0, e - c0);
  } else {
    int32_t base[EDGEC_MAX_SPATIAL_RANK];
    edgec_mve__piece piece;
    edgec_conv__window_base(w, pixel, base);
    piece.col = t;
    piece.mask = NULL;
    piece.k0 = c0;
    piece.k1 = e;
    piece.pad = pad;
    edgec_mve__im2col(w, base, x, cin, cin, &piece);
  }
  if (c1 > e) edgec_smve__set(t + (e - c0), pad, c1 - e);
}

/* One pixel block of a row block whose rows are longer than the tile holds: the 4 pixels' sums
 * (np 1: repeated) chunk by chunk from pieces of pcols columns (whole windows), then requantized
 * into y. Out of line: edgec_smve__run's registers are kept for the common case. */
EDGEC_MVE_NOINLINE void edgec_smve__pieces(const edgec_window* w, int pointwise, const int8_t* x, int32_t cin,
                                           int32_t cols, int32_t pcols, int8_t pad, int8_t* tile, int32_t pixel,
                                           int32_t np, const uint8_t* ip, const int8_t* vp, int32_t rib, int32_t nb,
                                           int32_t* sums, const edgec_mve__blk* blk, const edgec_mve__rq* rq,
                                           int8_t* y, int32_t cout) {
  const int32_t groups = (cols + 3) / 4, vpr = 2 * groups, tcols = (4 * groups + 31) / 32 * 32, full = groups / 8;
  const int8_t* xs[4];
  int32_t j, l, c;
  int32_t c0;
  for (j = 0; j < nb; j += 4) {
    const int32x4_t f = vldrwq_s32(blk->fold + j);
    const int32x4x4_t f4 = {{f, f, f, f}};
    vst4q_s32(sums + 4 * j, f4);
  }
  for (c0 = 0; c0 < tcols; c0 += pcols) {
    const int32_t c1 = tcols - c0 < pcols ? tcols : c0 + pcols, k1 = c1 / 32;
    for (l = 0; l < 4; ++l) {
      const int32_t lp = l < np ? l : np - 1;
      if (l == lp) edgec_smve__fill_piece(w, pointwise, pixel + l, x, cin, cols, c0, c1, pad, tile + l * pcols);
      xs[l] = tile + lp * pcols;
    }
    for (c = c0 / 32; c < full && c < k1; c += 8) {
      const int32_t nc = (full < k1 ? full : k1) - c < 8 ? (full < k1 ? full : k1) - c : 8;
      const int8_t *x0 = xs[0] + (32 * c - c0), *x1 = xs[1] + (32 * c - c0);
      const int8_t *x2 = xs[2] + (32 * c - c0), *x3 = xs[3] + (32 * c - c0);
#ifdef EDGEC_SMVE__ASM
      const edgec_smve__args a = {rib - 4 * nc, vpr - 16 * nc, sums + 4 * nb, nc, ip + 4 * c, vp + 16 * c,
                                  {x0, x1, x2, x3}, sums, edgec_smve__pos, 0};
      edgec_smve__win4_asm(&a);
#else
      edgec_smve__win4(ip + 4 * c, vp + 16 * c, rib, vpr, nc, nb, x0, x1, x2, x3, sums);
#endif
    }
    if ((groups & 7) && 32 * full >= c0 && 32 * full < c1) {
      const int8_t* xt[4];
      for (l = 0; l < 4; ++l) xt[l] = xs[l] + (32 * (full & ~7) - c0);
      edgec_smve__tail(ip + 4 * full, vp + 16 * full, rib, vpr, groups & 7, full & 7, nb, xt, 4, 1, sums, 0);
    }
  }
  if (np == 1)
    for (j = 0; j < nb; ++j) sums[j] = sums[4 * j];
  edgec_smve__out_call(rq, blk, sums, np, nb, y, cout);
}

/* edgec_mve__blk_init without the input offset's part (added by edgec_smve__decode or the
 * row loops instead). */
static inline void edgec_smve__blk_bias(edgec_mve__blk* b, const edgec_requant_params* q, const int32_t* bias,
                                        int32_t c0, int32_t n) {
  int32_t j;
  for (j = 0; j < n; ++j) {
    const int32_t i = q->per_channel ? c0 + j : 0;
    const int32_t s = q->shift[i];
    b->fold[j] = bias ? bias[c0 + j] : 0;
    b->mult[j] = q->multiplier[i];
    b->left[j] = s > 0 ? s : 0;
    b->nright[j] = s > 0 ? 0 : s;
  }
  for (; j & 3; ++j) b->fold[j] = b->mult[j] = b->left[j] = b->nright[j] = 0;
}

static inline void edgec_smve__run(const edgec_conv_params* p, const edgec_window* w, int pointwise, int direct,
                                   const edgec_requant_params* q, const int8_t* input, const edgec_nm_desc* d,
                                   const int8_t* values, const uint8_t* indices, const int32_t* bias, int8_t* output) {
  int8_t buf[EDGEC_SMVE_BUF];
  int32_t sums[4 * EDGEC_MVE_OCB];
  edgec_mve__blk blk;
  edgec_mve__rq rq;
  const int32_t cin = p->in_channels, cout = p->out_channels, cols = d->cols, groups = (cols + 3) / 4;
  const int32_t vpr = 2 * groups, rib = d->row_index_bytes, tcols = (4 * groups + 31) / 32 * 32;
  const int32_t full = groups / 8; /* whole chunks of 8 groups (32 columns) */
  /* rows longer than the tile holds (4 x tcols bytes) go in pieces of pcols columns (whole windows) */
  const int pieces = !direct && 4 * tcols > EDGEC_SMVE_BUF;
  const int32_t pcols = pieces ? EDGEC_SMVE_BUF / 4 / 256 * 256 : tcols;
  const int32_t total = p->batch * w->out_volume, tbytes = direct ? 0 : 4 * pcols;
  const int32_t off = q->input_offset;
  const int32_t loop_off = total == 1 && !pieces ? off : 0; /* one pixel: fold in the row loop */
  const int8_t pad = (int8_t)-off;
  int8_t* tile = buf;
  uint8_t* dec = NULL; /* offsets decoded once per row block, where more than one pixel block shares them */
  int32_t step = EDGEC_MVE_OCB, ob0, n, pixel, l, j, c;
  if (total > 4 && full > 0) {
    const int32_t fit = (EDGEC_SMVE_BUF - tbytes) / (full * 16); /* rows whose offsets fit */
    if (fit >= (cout < EDGEC_MVE_OCB ? cout : EDGEC_MVE_OCB)) {
      dec = (uint8_t*)buf + tbytes;
    } else if (direct && fit >= 4) { /* no tile to refill: smaller row blocks */
      dec = (uint8_t*)buf;
      step = fit & ~3;
    }
  }
  if (!direct && !pieces && tcols > cols)
    for (l = 0; l < 4; ++l) edgec_mve__fill(tile + l * tcols + cols, pad, tcols - cols);
  edgec_mve__rq_init(&rq, q);
  for (ob0 = 0; ob0 < cout; ob0 += step) {
    const int32_t nb = cout - ob0 < step ? cout - ob0 : step;
    const uint8_t* ip = indices + (size_t)ob0 * rib;
    const int8_t* vp = values + (size_t)ob0 * vpr;
    if (loop_off || dec)
      edgec_smve__blk_bias(&blk, q, bias, ob0, nb);
    else
      edgec_mve__blk_init(&blk, q, vp, vpr, bias, off, ob0, nb);
    if (dec) edgec_smve__decode(ip, vp, rib, vpr, nb, full, off, dec, blk.fold);
    for (n = 0; n < p->batch; ++n) {
      const int8_t* x = input + (size_t)n * w->in_volume * cin;
      int8_t* y_img = output + (size_t)n * w->out_volume * cout;
      for (pixel = 0; pixel < w->out_volume; pixel += 4) {
        const int32_t np = w->out_volume - pixel < 4 ? w->out_volume - pixel : 4, lanes = np == 1 ? 1 : 4;
        const int8_t* xs[4];
        int32_t done = 0; /* whole chunks done */
        if (pieces) {
          edgec_smve__pieces(w, pointwise, x, cin, cols, pcols, pad, tile, pixel, np, ip, vp, rib, nb, sums, &blk, &rq,
                             y_img + (size_t)pixel * cout + ob0, cout);
          continue;
        }
        if (!direct) edgec_smve__fill(w, pointwise, pixel, np, x, cin, cols, tcols, pad, tile);
        for (l = 0; l < 4; ++l) {
          const int32_t lp = l < np ? l : np - 1;
          xs[l] = direct ? x + (size_t)(pixel + lp) * cin : tile + lp * tcols;
        }
        for (j = 0; j < nb; j += 4) { /* the sums start at the folded biases */
          const int32x4_t f = vldrwq_s32(blk.fold + j);
          if (lanes == 1) {
            vstrwq_s32(sums + j, f);
          } else {
            const int32x4x4_t f4 = {{f, f, f, f}};
            vst4q_s32(sums + 4 * j, f4);
          }
        }
        if (np == 1) {
#ifdef EDGEC_SMVE__ASM
          if (full >= 2) { /* whole rows, two chunks a step */
            const edgec_smve__args a = {rib - 4 * (full & ~1), vpr - 16 * (full & ~1), sums + nb, full / 2, ip, vp,
                                        {xs[0], xs[0], xs[0], xs[0]}, sums, edgec_smve__pos, loop_off};
            edgec_smve__win1_asm(&a);
            done = full & ~1;
          }
#else
          for (c = 0; c < full; c += 8) {
            const int32_t nc = full - c < 8 ? full - c : 8;
            edgec_smve__win1(ip + 4 * c, vp + 16 * c, rib, vpr, nc, nb, xs[0] + 32 * c, sums, loop_off);
            done = c + nc;
          }
#endif
        } else {
          for (c = 0; c < full; c += 8) { /* 256-column windows */
            const int32_t nc = full - c < 8 ? full - c : 8;
            const int8_t *x0 = xs[0] + 32 * c, *x1 = xs[1] + 32 * c, *x2 = xs[2] + 32 * c, *x3 = xs[3] + 32 * c;
#ifdef EDGEC_SMVE__ASM
            const edgec_smve__args a = {dec ? 16 * (full - nc) : rib - 4 * nc, vpr - 16 * nc, sums + 4 * nb, nc,
                                        dec ? dec + 16 * c : ip + 4 * c, vp + 16 * c, {x0, x1, x2, x3}, sums,
                                        edgec_smve__pos, 0};
            if (dec)
              edgec_smve__win4d_asm(&a);
            else
              edgec_smve__win4_asm(&a);
#else
            if (dec)
              edgec_smve__win4d(dec + 16 * c, vp + 16 * c, 16 * full, vpr, nc, nb, x0, x1, x2, x3, sums);
            else
              edgec_smve__win4(ip + 4 * c, vp + 16 * c, rib, vpr, nc, nb, x0, x1, x2, x3, sums);
#endif
            done = c + nc;
          }
        }
        for (c = done; c <= full; ++c) { /* a last whole chunk (win1_asm), a last partial one */
          const int32_t tg = c < full ? 8 : groups & 7;
          const int8_t* xt[4];
          for (l = 0; l < 4; ++l) xt[l] = xs[l] + 32 * (c & ~7);
          if (tg) edgec_smve__tail(ip + 4 * c, vp + 16 * c, rib, vpr, tg, c & 7, nb, xt, lanes, !direct, sums, loop_off);
        }
        edgec_smve__out_call(&rq, &blk, sums, np, nb, y_img + (size_t)pixel * cout + ob0, cout);
      }
    }
  }
}

/* edgec_conv_s8_mve's window with the unused dims moved first (the last dim a real one). */
static inline void edgec_smve__window(const edgec_conv_params* p, edgec_window* w) {
  edgec_conv_window(p, w);
  edgec_window_real_dims_last(w, p->spatial_rank);
}

static inline void edgec_conv_nm_s8_mve(const edgec_conv_params* p, const edgec_requant_params* q,
                                        const int8_t* input, const edgec_nm_desc* d, const int8_t* values,
                                        const uint8_t* indices, const int32_t* bias, int8_t* output) {
  edgec_window w;
  int pointwise = 1, direct = 0;
  int32_t i;
  edgec_smve__window(p, &w);
  for (i = 0; i < EDGEC_MAX_SPATIAL_RANK; ++i)
    if (w.kernel[i] != 1 || w.stride[i] != 1 || w.pad_begin[i] != 0 || w.in[i] != w.out[i]) pointwise = 0;
  if (!edgec_smve__fast(p, &w, q, d, pointwise, &direct)) {
    edgec_conv_nm_s8(p, q, input, d, values, indices, bias, output);
    return;
  }
  edgec_smve__run(p, &w, pointwise, direct, q, input, d, values, indices, bias, output);
}

static inline void edgec_fully_connected_nm_s8_mve(const edgec_fc_params* p, const edgec_requant_params* q,
                                                   const int8_t* input, const edgec_nm_desc* d, const int8_t* values,
                                                   const uint8_t* indices, const int32_t* bias, int8_t* output) {
  edgec_conv_params c;
  edgec_window w;
  int direct = 0;
  edgec_fc_as_conv(p, &c, &w);
  if (!edgec_smve__fast(&c, &w, q, d, 1, &direct)) {
    edgec_fully_connected_nm_s8(p, q, input, d, values, indices, bias, output);
    return;
  }
  edgec_smve__run(&c, &w, 1, direct, q, input, d, values, indices, bias, output);
}

#else /* no MVE: the portable reference */
static inline void edgec_conv_nm_s8_mve(const edgec_conv_params* p, const edgec_requant_params* q,
                                        const int8_t* input, const edgec_nm_desc* d, const int8_t* values,
                                        const uint8_t* indices, const int32_t* bias, int8_t* output) {
  edgec_conv_nm_s8(p, q, input, d, values, indices, bias, output);
}

static inline void edgec_fully_connected_nm_s8_mve(const edgec_fc_params* p, const edgec_requant_params* q,
                                                   const int8_t* input, const edgec_nm_desc* d, const int8_t* values,
                                                   const uint8_t* indices, const int32_t* bias, int8_t* output) {
  edgec_fully_connected_nm_s8(p, q, input, d, values, indices, bias, output);
}
#endif

#endif /* EDGEC_KERNELS_SPARSE_S8_MVE_H */
