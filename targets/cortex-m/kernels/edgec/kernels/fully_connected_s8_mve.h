/* Cortex-M55 Helium (MVE) int8 fully connected, bit-identical to edgec_fully_connected_s8
 * (quantized_gemm.h). Without MVE it is the reference kernel itself. */
#ifndef EDGEC_KERNELS_FULLY_CONNECTED_S8_MVE_H
#define EDGEC_KERNELS_FULLY_CONNECTED_S8_MVE_H

#include <stddef.h>
#include <stdint.h>

#include "edgec/kernels/conv_s8_mve.h"
#include "edgec/kernels/quantized_gemm.h"
#include "edgec/kernels/requant.h"

#if defined(__ARM_FEATURE_MVE) && (__ARM_FEATURE_MVE & 1)

/* acc[j] += sum_i x[i] * w_j[i] and sums[j] += sum_i w_j[i], j < 4: the row sums come from
 * the weight vectors already loaded, for the input offset folded out of the products
 * (sum((x + off) * w) = sum(x * w) + off * sum(w), modulo 2^32 like the reference). */
static inline void edgec_mve__dot4_sums(const int8_t* x, const int8_t* w0, const int8_t* w1, const int8_t* w2,
                                        const int8_t* w3, int32_t n, int32_t* acc, int32_t* sums) {
  int32_t a0 = 0, a1 = 0, a2 = 0, a3 = 0, s0 = 0, s1 = 0, s2 = 0, s3 = 0;
  int8x16_t xv, wv;
  for (; n >= 16; n -= 16) {
    xv = vldrbq_s8(x);
    wv = vldrbq_s8(w0);
    a0 = vmladavaq_s8(a0, xv, wv);
    s0 = vaddvaq_s8(s0, wv);
    wv = vldrbq_s8(w1);
    a1 = vmladavaq_s8(a1, xv, wv);
    s1 = vaddvaq_s8(s1, wv);
    wv = vldrbq_s8(w2);
    a2 = vmladavaq_s8(a2, xv, wv);
    s2 = vaddvaq_s8(s2, wv);
    wv = vldrbq_s8(w3);
    a3 = vmladavaq_s8(a3, xv, wv);
    s3 = vaddvaq_s8(s3, wv);
    x += 16, w0 += 16, w1 += 16, w2 += 16, w3 += 16;
  }
  if (n > 0) { /* predicated loads: nothing past the arrays is read; zero lanes add nothing */
    const mve_pred16_t p = vctp8q((uint32_t)n);
    xv = vldrbq_z_s8(x, p);
    wv = vldrbq_z_s8(w0, p);
    a0 = vmladavaq_s8(a0, xv, wv);
    s0 = vaddvaq_s8(s0, wv);
    wv = vldrbq_z_s8(w1, p);
    a1 = vmladavaq_s8(a1, xv, wv);
    s1 = vaddvaq_s8(s1, wv);
    wv = vldrbq_z_s8(w2, p);
    a2 = vmladavaq_s8(a2, xv, wv);
    s2 = vaddvaq_s8(s2, wv);
    wv = vldrbq_z_s8(w3, p);
    a3 = vmladavaq_s8(a3, xv, wv);
    s3 = vaddvaq_s8(s3, wv);
  }
  acc[0] = a0, acc[1] = a1, acc[2] = a2, acc[3] = a3;
  sums[0] = s0, sums[1] = s1, sums[2] = s2, sums[3] = s3;
}

static inline void edgec_fully_connected_s8_mve(const edgec_fc_params* p, const edgec_requant_params* q,
                                                const int8_t* input, const int8_t* weights, const int32_t* bias,
                                                int8_t* output) {
  const int32_t in = p->in_features, outs = p->out_features, off = q->input_offset;
  edgec_mve__rq rq;
  int32_t b, o, j;
  edgec_mve__rq_init(&rq, q);
  for (b = 0; b < p->batches; ++b) {
    const int8_t* x = input + (size_t)b * in;
    int8_t* y = output + (size_t)b * outs;
    /* Four rows at a time; a short last block repeats its last row (results dropped). */
    for (o = 0; o < outs; o += 4) {
      const int32_t nb = outs - o < 4 ? outs - o : 4;
      const int8_t* r0 = weights + (size_t)o * in;
      const int8_t* r1 = nb > 1 ? r0 + in : r0;
      const int8_t* r2 = nb > 2 ? r0 + 2 * in : r1;
      const int8_t* r3 = nb > 3 ? r0 + 3 * in : r2;
      int32_t acc[4], sums[4];
      edgec_mve__dot4_sums(x, r0, r1, r2, r3, in, acc, sums);
      for (j = 0; j < nb; ++j) acc[j] = edgec_mve__mad(off, sums[j], edgec_mve__mad(1, acc[j], bias ? bias[o + j] : 0));
      edgec_mve__rq_store(&rq, o, acc, nb, y + o);
    }
  }
}

#else /* no MVE: the portable reference */
static inline void edgec_fully_connected_s8_mve(const edgec_fc_params* p, const edgec_requant_params* q,
                                                const int8_t* input, const int8_t* weights, const int32_t* bias,
                                                int8_t* output) {
  edgec_fully_connected_s8(p, q, input, weights, bias, output);
}
#endif

#endif /* EDGEC_KERNELS_FULLY_CONNECTED_S8_MVE_H */
