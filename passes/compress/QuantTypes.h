// Reading and building the `!quant.uniform` types that quantized tensors carry.
#ifndef EDGEC_PASSES_COMPRESS_QUANTTYPES_H
#define EDGEC_PASSES_COMPRESS_QUANTTYPES_H

#include "compiler/dialect/Edge/EdgeDialect.h"

#include <optional>
#include <vector>

namespace edgec {

/// One scale and zero point per index of `axis` (a single entry, axis -1, when per tensor).
struct QuantInfo {
  std::vector<double> scales;
  std::vector<int64_t> zeroPoints;
  int64_t axis = -1;
  int64_t qmin = 0, qmax = 0;
  unsigned bits = 0;
  bool isSigned = true;

  bool perTensor() const { return axis < 0; }
  double scale() const { return scales.front(); }
  int64_t zeroPoint() const { return zeroPoints.front(); }
};

/// The parameters of a quantized element (or tensor) type; nullopt for other types.
std::optional<QuantInfo> quantInfo(mlir::Type type);

/// Per-tensor signed 8-bit type over f32: what activations compute in.
mlir::Type int8Type(mlir::MLIRContext *context, double scale, int64_t zeroPoint);

/// Per-tensor symmetric signed 16-bit type over f32 (zero point 0, as TFLM's int16 activations).
mlir::Type int16Type(mlir::MLIRContext *context, double scale);

/// Per-axis (or per-tensor when `scales` has one entry) symmetric type of `bits` for weights and biases.
mlir::Type symmetricType(mlir::MLIRContext *context, unsigned bits, llvm::ArrayRef<double> scales, int32_t axis);

/// `type`'s shape with element type `element`.
mlir::RankedTensorType withElement(mlir::Type type, mlir::Type element);

/// Per output channel, the scale of an integer conv/gemm's bias: input scale x weight scale,
/// multiplied in float32 as ONNX and TFLM define it.
std::vector<double> biasScales(const QuantInfo &input, const QuantInfo &weights, int64_t channels);

/// Whether `v` is a per-tensor signed 8-bit quantized tensor.
bool isInt8PerTensor(mlir::Value v);

/// Whether `v` is an activation the integer kernels take: per-tensor signed int8, or per-tensor
/// signed int16 with zero point 0 (mixed precision).
bool isIntegerActivation(mlir::Value v);

/// Ops that move or pick elements without computing new values (reshape, transpose, slice,
/// identity, pad, nearest resize): their result keeps the input's scale and zero point, so
/// calibration does not observe it.
bool keepsInputParams(mlir::Operation *op);

/// Whether `v` is a 16-bit integer activation.
bool isInt16Activation(mlir::Value v);

} // namespace edgec

#endif
