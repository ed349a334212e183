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

/* A fully connected layer is the general conv path's pixel kernel (conv_s8_mve.h): output
 * rows in blocks of EDGEC_MVE_OCB whose bias + input_offset * sum(w) and requantization
 * constants are prepared once for every batch row, then 4 weight rows at a time against
 * the input row with VMLADAVA (input offset folded out of the products, modulo 2^32 like the
 * reference's sums). */
static inline void edgec_fully_connected_s8_mve(const edgec_fc_params* p, const edgec_requant_params* q,
                                                const int8_t* input, const int8_t* weights, const int32_t* bias,
                                                int8_t* output) {
  const int32_t in = p->in_features, outs = p->out_features;
  const int8_t* wend = weights + (size_t)outs * in;
  edgec_mve__blk blk;
  edgec_mve__rq rq;
  int32_t o0, b;
  edgec_mve__rq_init(&rq, q);
  for (o0 = 0; o0 < outs; o0 += EDGEC_MVE_OCB) {
    const int32_t nb = outs - o0 < EDGEC_MVE_OCB ? outs - o0 : EDGEC_MVE_OCB;
    const int8_t* wb = weights + (size_t)o0 * in;
    edgec_mve__blk_init(&blk, q, wb, in, bias, q->input_offset, o0, nb);
    for (b = 0; b < p->batches; ++b) {
      const int8_t* x = input + (size_t)b * in;
      int8_t* y = output + (size_t)b * outs + o0;
      if (rq.inverted)
        edgec_mve__pixel(x, wb, wend, in, nb, &blk, &rq, 1, y);
      else
        edgec_mve__pixel(x, wb, wend, in, nb, &blk, &rq, 0, y);
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
