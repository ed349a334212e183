/* All int8 (TFLite-Micro semantics) kernels: one include for emitted code. */
#ifndef EDGEC_KERNELS_QUANTIZED_H
#define EDGEC_KERNELS_QUANTIZED_H

#include "edgec/kernels/quantize.h"
#include "edgec/kernels/quantized_conv.h"
#include "edgec/kernels/quantized_elementwise.h"
#include "edgec/kernels/quantized_gemm.h"
#include "edgec/kernels/quantized_mixed.h"
#include "edgec/kernels/quantized_pool.h"
#include "edgec/kernels/quantized_softmax.h"
#include "edgec/kernels/requant.h"

#endif /* EDGEC_KERNELS_QUANTIZED_H */
