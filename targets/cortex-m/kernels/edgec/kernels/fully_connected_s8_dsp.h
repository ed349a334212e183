/* Cortex-M DSP-extension int8 fully connected: edgec_fully_connected_s8_dsp has exactly
 * edgec_fully_connected_s8's signature and results, bit for bit.
 *
 * A fully connected layer is a 1x1 convolution whose pixels are the batch rows (channels-last
 * input [batches][in], weights [out][in] = OHWI with a 1x1 kernel), so it runs on the DSP
 * convolution's general path: two rows widened to int16 with the input offset, two weight rows
 * unpacked with SXTB16, 2x2 SMLAD blocks, reductions over 512 features in chunks, and the same
 * requantization (per-tensor entry 0 or per output feature, as the reference). */
#ifndef EDGEC_KERNELS_FULLY_CONNECTED_S8_DSP_H
#define EDGEC_KERNELS_FULLY_CONNECTED_S8_DSP_H

#include <stddef.h>
#include <stdint.h>

#include "edgec/kernels/conv_s8_dsp.h"
#include "edgec/kernels/quantized_gemm.h"

static inline void edgec_fully_connected_s8_dsp(const edgec_fc_params* p, const edgec_requant_params* q,
                                                const int8_t* input, const int8_t* weights, const int32_t* bias,
                                                int8_t* output) {
  edgec_conv_params c;
  edgec_window w;
  if (p->batches <= 0 || p->out_features <= 0) return;
  edgec_fc_as_conv(p, &c, &w);
  if (q->input_offset < -EDGEC_DSP_OFF_MAX || q->input_offset > EDGEC_DSP_OFF_MAX || p->in_features <= 0)
    edgec_dsp__conv_wide(&c, &w, q, input, weights, bias, output);
  else /* the general path even for in = out = 1, which the depthwise test would pick */
    edgec_dsp__conv_general(&c, &w, q, input, weights, bias, output);
}

#endif /* EDGEC_KERNELS_FULLY_CONNECTED_S8_DSP_H */
