// Reading and building the `!quant.uniform` types that quantized tensors carry.
#include "passes/compress/QuantTypes.h"

using namespace mlir;

namespace edgec {

std::optional<QuantInfo> quantInfo(Type type) {
  if (auto shaped = dyn_cast<ShapedType>(type))
    type = shaped.getElementType();
  auto q = dyn_cast<quant::QuantizedType>(type);
  if (!q)
    return std::nullopt;
  QuantInfo info;
  info.qmin = q.getStorageTypeMin();
  info.qmax = q.getStorageTypeMax();
  info.bits = q.getStorageTypeIntegralWidth();
  info.isSigned = q.isSigned();
  if (auto u = dyn_cast<quant::UniformQuantizedType>(q)) {
    info.scales = {u.getScale()};
    info.zeroPoints = {u.getZeroPoint()};
    return info;
  }
  if (auto a = dyn_cast<quant::UniformQuantizedPerAxisType>(q)) {
    info.scales.assign(a.getScales().begin(), a.getScales().end());
    info.zeroPoints.assign(a.getZeroPoints().begin(), a.getZeroPoints().end());
    info.axis = a.getQuantizedDimension();
    return info;
  }
  return std::nullopt;
}

Type int8Type(MLIRContext *context, double scale, int64_t zeroPoint) {
  return quant::UniformQuantizedType::get(quant::QuantizationFlags::Signed, IntegerType::get(context, 8),
                                          Float32Type::get(context), scale, zeroPoint, -128, 127);
}

Type int16Type(MLIRContext *context, double scale) {
  return quant::UniformQuantizedType::get(quant::QuantizationFlags::Signed, IntegerType::get(context, 16),
                                          Float32Type::get(context), scale, 0, -32768, 32767);
}

Type symmetricType(MLIRContext *context, unsigned bits, ArrayRef<double> scales, int32_t axis) {
  // Weights use the symmetric range (-127..127 for int8) so negating a weight never saturates.
  int64_t qmax = (int64_t(1) << (bits - 1)) - 1, qmin = bits == 8 ? -qmax : -qmax - 1;
  Type storage = IntegerType::get(context, bits), f32 = Float32Type::get(context);
  if (scales.size() == 1)
    return quant::UniformQuantizedType::get(quant::QuantizationFlags::Signed, storage, f32, scales[0], 0, qmin,
                                            qmax);
  std::vector<int64_t> zeros(scales.size(), 0);
  return quant::UniformQuantizedPerAxisType::get(quant::QuantizationFlags::Signed, storage, f32, scales, zeros,
                                                 axis, qmin, qmax);
}

RankedTensorType withElement(Type type, Type element) {
  return RankedTensorType::get(cast<ShapedType>(type).getShape(), element);
}

bool isInt8PerTensor(Value v) {
  auto info = quantInfo(v.getType());
  return info && info->perTensor() && info->bits == 8 && info->isSigned;
}

std::vector<double> biasScales(const QuantInfo &input, const QuantInfo &weights, int64_t channels) {
  std::vector<double> scales;
  for (int64_t c = 0; c < channels; ++c)
    scales.push_back(static_cast<double>(static_cast<float>(input.scale()) *
                                         static_cast<float>(weights.scales[weights.perTensor() ? 0 : c])));
  return scales;
}

bool keepsInputParams(Operation *op) {
  if (auto resize = dyn_cast<edge::ResizeOp>(op))
    return resize.getMode() == edge::ResizeMode::nearest;
  return isa<edge::ReshapeOp, edge::TransposeOp, edge::SliceOp, edge::IdentityOp, edge::PadOp>(op);
}

bool isInt16Activation(Value v) {
  auto info = quantInfo(v.getType());
  return info && info->perTensor() && info->bits == 16 && info->isSigned && info->zeroPoint() == 0;
}

bool isIntegerActivation(Value v) { return isInt8PerTensor(v) || isInt16Activation(v); }

} // namespace edgec
