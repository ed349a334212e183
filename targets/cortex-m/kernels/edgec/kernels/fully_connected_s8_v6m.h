/* ARMv6-M (Cortex-M0/M0+) int8 fully connected: edgec_fully_connected_s8_v6m has exactly
 * edgec_fully_connected_s8's signature and results, bit for bit.
 *
 * A fully connected layer is a 1x1 convolution whose pixels are the batch rows (channels-last
 * input [batches][in], weights [out][in] = OHWI with a 1x1 kernel), so it runs on the v6-M
 * convolution's general path: rows read in place, 2 rows x 2 weight rows per inner loop, the
 * input offset folded into the bias (off * row sum of the weights), the same requantization. */
#ifndef EDGEC_KERNELS_FULLY_CONNECTED_S8_V6M_H
#define EDGEC_KERNELS_FULLY_CONNECTED_S8_V6M_H

#include <stddef.h>
#include <stdint.h>

#include "edgec/kernels/conv_s8_v6m.h"
#include "edgec/kernels/quantized_gemm.h"

static inline void edgec_fully_connected_s8_v6m(const edgec_fc_params* p, const edgec_requant_params* q,
                                                const int8_t* input, const int8_t* weights, const int32_t* bias,
                                                int8_t* output) {
  edgec_conv_params c;
  edgec_window w;
  if (p->batches <= 0 || p->out_features <= 0) return;
  edgec_fc_as_conv(p, &c, &w);
  /* the general path even for in = out = 1, which the depthwise test would pick */
  edgec_v6m__conv_general(&c, &w, q, input, weights, bias, output);
}

#endif /* EDGEC_KERNELS_FULLY_CONNECTED_S8_V6M_H */
