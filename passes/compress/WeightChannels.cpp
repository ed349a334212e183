// Constant weights seen channel by channel (pruning reads their norms and slices them).
#include "passes/compress/WeightChannels.h"
#include "compiler/support/ConstantData.h"
#include "compiler/support/NodeLocation.h"
#include "passes/compress/QuantTypes.h"

#include "mlir/IR/Matchers.h"

#include <cmath>

using namespace mlir;

namespace edgec {

namespace {

ElementsAttr constantOf(Value v) {
  ElementsAttr attr;
  return v && matchPattern(v, m_Constant(&attr)) ? attr : ElementsAttr();
}

/// The constant under `v`'s storage_cast / dequantize wrappers, and the quantized type seen
/// on the way (null when float).
ElementsAttr underlyingConstant(Value v, Type *quantized) {
  if (auto dq = v.getDefiningOp<edge::DequantizeOp>())
    v = dq.getInput();
  if (auto cast = v.getDefiningOp<edge::StorageCastOp>()) {
    if (quantized)
      *quantized = cast.getType().getElementType();
    v = cast.getInput();
  }
  // Quantized constants exist only after edge-fold-qdq, past the passes that read weights here.
  return edge::isQuantized(v.getType()) ? ElementsAttr() : constantOf(v);
}

/// `element` with the per-axis parameters of `axis` restricted to `keep`.
Type keepAxisParams(Type element, int64_t axis, ArrayRef<int64_t> keep) {
  auto perAxis = dyn_cast<quant::UniformQuantizedPerAxisType>(element);
  if (!perAxis || perAxis.getQuantizedDimension() != axis)
    return element;
  SmallVector<double> scales;
  SmallVector<int64_t> zeros;
  for (int64_t i : keep) {
    scales.push_back(perAxis.getScales()[i]);
    zeros.push_back(perAxis.getZeroPoints()[i]);
  }
  return quant::UniformQuantizedPerAxisType::get(perAxis.getFlags(), perAxis.getStorageType(),
                                                 perAxis.getExpressedType(), scales, zeros, axis,
                                                 perAxis.getStorageTypeMin(), perAxis.getStorageTypeMax());
}

/// Outer x axis x inner view of a shape.
void splitAt(ArrayRef<int64_t> shape, int64_t axis, int64_t &outer, int64_t &inner) {
  outer = inner = 1;
  for (int64_t d = 0; d < axis; ++d)
    outer *= shape[d];
  for (int64_t d = axis + 1; d < static_cast<int64_t>(shape.size()); ++d)
    inner *= shape[d];
}

} // namespace

bool isConstantWeight(Value v) { return static_cast<bool>(underlyingConstant(v, nullptr)); }

std::optional<std::vector<double>> weightValues(Value v) {
  Type quantized;
  ElementsAttr attr = underlyingConstant(v, &quantized);
  if (!attr)
    return std::nullopt;
  std::vector<double> values = getConstantAsDoubles(attr);
  std::optional<QuantInfo> info = quantized ? quantInfo(quantized) : std::nullopt;
  if (!info)
    return values;
  auto shape = cast<ShapedType>(attr.getType()).getShape();
  int64_t outer = 1, inner = 1, n = info->perTensor() ? 1 : shape[info->axis];
  if (!info->perTensor())
    splitAt(shape, info->axis, outer, inner);
  for (size_t i = 0; i < values.size(); ++i) {
    size_t c = info->perTensor() ? 0 : (i / inner) % n;
    values[i] = (values[i] - info->zeroPoints[c]) * info->scales[c];
  }
  return values;
}

std::vector<double> channelNorms(const std::vector<double> &values, ArrayRef<int64_t> shape, int64_t axis,
                                 bool l2) {
  int64_t outer, inner, n = shape[axis];
  splitAt(shape, axis, outer, inner);
  std::vector<double> norms(n, 0.0);
  for (size_t i = 0; i < values.size(); ++i) {
    double w = values[i];
    norms[(i / inner) % n] += l2 ? w * w : std::fabs(w);
  }
  if (l2)
    for (double &x : norms)
      x = std::sqrt(x);
  return norms;
}

Value keepChannels(OpBuilder &b, Value v, int64_t axis, ArrayRef<int64_t> keep) {
  Location loc = v.getLoc();
  if (auto dq = v.getDefiningOp<edge::DequantizeOp>()) {
    Value inner = keepChannels(b, dq.getInput(), axis, keep);
    return inner ? b.create<edge::DequantizeOp>(loc, withElement(inner.getType(), dq.getType().getElementType()), inner)
                       .getResult()
                 : Value();
  }
  if (auto cast = v.getDefiningOp<edge::StorageCastOp>()) {
    Value inner = keepChannels(b, cast.getInput(), axis, keep);
    Type element = keepAxisParams(cast.getType().getElementType(), axis, keep);
    return inner ? b.create<edge::StorageCastOp>(loc, withElement(inner.getType(), element), inner).getResult()
                 : Value();
  }
  ElementsAttr attr = constantOf(v);
  if (!attr)
    return {};
  auto type = cast<ShapedType>(attr.getType());
  int64_t outer, inner, n = type.getDimSize(axis);
  splitAt(type.getShape(), axis, outer, inner);
  int64_t bytes = elementByteSize(type.getElementType()) * inner;
  std::vector<char> data = getConstantBytes(attr), kept;
  kept.reserve(outer * keep.size() * bytes);
  for (int64_t o = 0; o < outer; ++o)
    for (int64_t i : keep) {
      const char *from = data.data() + (o * n + i) * bytes;
      kept.insert(kept.end(), from, from + bytes);
    }
  SmallVector<int64_t> shape(type.getShape());
  shape[axis] = static_cast<int64_t>(keep.size());
  auto keptType = RankedTensorType::get(shape, keepAxisParams(type.getElementType(), axis, keep));
  std::string name = nodeName(loc);
  return b.create<edge::ConstantOp>(loc, keptType,
                                    makeConstant(keptType, kept, (name.empty() ? "weights" : name) + ".pruned"));
}

} // namespace edgec
