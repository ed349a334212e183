// Reading and building constant tensors (dense and dense_resource) as plain bytes or numbers.
#include "compiler/support/ConstantData.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "llvm/ADT/APFloat.h"

#include <cstring>

using namespace mlir;

namespace edgec {

// Constants above this many bytes become dense_resource blobs.
static constexpr size_t kInlineLimitBytes = 256;

int64_t elementByteSize(Type elementType) {
  unsigned bits = elementType.getIntOrFloatBitWidth();
  return bits < 8 ? 1 : bits / 8;
}

int64_t byteSizeOf(ShapedType type) {
  return type.getNumElements() * elementByteSize(type.getElementType());
}

std::vector<char> getConstantBytes(ElementsAttr attr) {
  auto type = cast<ShapedType>(attr.getType());
  int64_t count = type.getNumElements();
  int64_t elemSize = elementByteSize(type.getElementType());
  std::vector<char> bytes(count * elemSize);
  if (auto resource = dyn_cast<DenseResourceElementsAttr>(attr)) {
    AsmResourceBlob *blob = resource.getRawHandle().getBlob();
    if (!blob)
      return {};
    ArrayRef<char> data = blob->getData();
    if (data.size() != bytes.size())
      return {};
    std::memcpy(bytes.data(), data.data(), bytes.size());
    return bytes;
  }
  auto dense = cast<DenseElementsAttr>(attr);
  if (type.getElementType().isInteger(1)) {
    int64_t i = 0;
    for (bool b : dense.getValues<bool>())
      bytes[i++] = b ? 1 : 0;
    return bytes;
  }
  ArrayRef<char> raw = dense.getRawData();
  if (dense.isSplat()) {
    for (int64_t i = 0; i < count; ++i)
      std::memcpy(bytes.data() + i * elemSize, raw.data(), elemSize);
  } else {
    std::memcpy(bytes.data(), raw.data(), bytes.size());
  }
  return bytes;
}

ElementsAttr makeConstant(ShapedType type, ArrayRef<char> bytes, StringRef resourceName) {
  if (type.getElementType().isInteger(1)) {
    SmallVector<bool> bools(bytes.begin(), bytes.end());
    return DenseElementsAttr::get(type, bools);
  }
  if (bytes.size() <= kInlineLimitBytes)
    return DenseElementsAttr::getFromRawBuffer(type, bytes);
  auto blob = HeapAsmResourceBlob::allocateAndCopyWithAlign(
      bytes, alignof(std::max_align_t));
  return DenseResourceElementsAttr::get(type, resourceName, std::move(blob));
}

template <typename T, typename Out>
static void widen(const std::vector<char> &bytes, std::vector<Out> &out) {
  size_t n = bytes.size() / sizeof(T);
  out.resize(n);
  for (size_t i = 0; i < n; ++i) {
    T v;
    std::memcpy(&v, bytes.data() + i * sizeof(T), sizeof(T));
    out[i] = static_cast<Out>(v);
  }
}

/// Small floats (half, bfloat16, float8) through APFloat, exactly.
template <typename Out>
static void widenSmallFloat(const std::vector<char> &bytes, FloatType type, std::vector<Out> &out) {
  unsigned width = type.getWidth(), size = width / 8;
  size_t n = bytes.size() / size;
  out.resize(n);
  for (size_t i = 0; i < n; ++i) {
    uint16_t bits = 0;
    std::memcpy(&bits, bytes.data() + size * i, size);
    out[i] = static_cast<Out>(APFloat(type.getFloatSemantics(), APInt(width, bits)).convertToDouble());
  }
}

template <typename Out>
static std::vector<Out> convertAll(ElementsAttr attr) {
  Type elem = cast<ShapedType>(attr.getType()).getElementType();
  std::vector<char> bytes = getConstantBytes(attr);
  std::vector<Out> out;
  if (elem.isF32())
    widen<float>(bytes, out);
  else if (elem.isF64())
    widen<double>(bytes, out);
  else if (auto small = dyn_cast<FloatType>(elem); small && small.getWidth() <= 16)
    widenSmallFloat(bytes, small, out);
  else if (elem.isInteger(1) || elem.isUnsignedInteger(8))
    widen<uint8_t>(bytes, out);
  else if (elem.isUnsignedInteger(16))
    widen<uint16_t>(bytes, out);
  else if (elem.isUnsignedInteger(32))
    widen<uint32_t>(bytes, out);
  else if (elem.isUnsignedInteger(64))
    widen<uint64_t>(bytes, out);
  else if (elem.isInteger(8))
    widen<int8_t>(bytes, out);
  else if (elem.isInteger(16))
    widen<int16_t>(bytes, out);
  else if (elem.isInteger(32))
    widen<int32_t>(bytes, out);
  else if (elem.isInteger(64))
    widen<int64_t>(bytes, out);
  return out;
}

std::vector<double> getConstantAsDoubles(ElementsAttr attr) { return convertAll<double>(attr); }
std::vector<int64_t> getConstantAsInts(ElementsAttr attr) { return convertAll<int64_t>(attr); }

template <typename T, typename In>
static void narrow(ArrayRef<In> values, std::vector<char> &bytes) {
  bytes.resize(values.size() * sizeof(T));
  for (size_t i = 0; i < values.size(); ++i) {
    T v = static_cast<T>(values[i]);
    std::memcpy(bytes.data() + i * sizeof(T), &v, sizeof(T));
  }
}

template <typename In>
static ElementsAttr buildFrom(ShapedType type, ArrayRef<In> values, StringRef name) {
  Type elem = type.getElementType();
  std::vector<char> bytes;
  if (elem.isF32())
    narrow<float>(values, bytes);
  else if (elem.isF64())
    narrow<double>(values, bytes);
  else if (elem.isInteger(1)) {
    bytes.resize(values.size());
    for (size_t i = 0; i < values.size(); ++i)
      bytes[i] = values[i] != 0;
  } else if (auto small = dyn_cast<FloatType>(elem); small && small.getWidth() <= 16) {
    unsigned size = small.getWidth() / 8;
    bytes.resize(values.size() * size);
    for (size_t i = 0; i < values.size(); ++i) {
      APFloat v(static_cast<double>(values[i]));
      bool lost;
      v.convert(small.getFloatSemantics(), APFloat::rmNearestTiesToEven, &lost);
      uint16_t bits = static_cast<uint16_t>(v.bitcastToAPInt().getZExtValue());
      std::memcpy(bytes.data() + size * i, &bits, size);
    }
  } else if (elem.isUnsignedInteger(8))
    narrow<uint8_t>(values, bytes);
  else if (elem.isUnsignedInteger(16))
    narrow<uint16_t>(values, bytes);
  else if (elem.isUnsignedInteger(32))
    narrow<uint32_t>(values, bytes);
  else if (elem.isUnsignedInteger(64))
    narrow<uint64_t>(values, bytes);
  else if (elem.isInteger(8))
    narrow<int8_t>(values, bytes);
  else if (elem.isInteger(16))
    narrow<int16_t>(values, bytes);
  else if (elem.isInteger(32))
    narrow<int32_t>(values, bytes);
  else if (elem.isInteger(64))
    narrow<int64_t>(values, bytes);
  else
    return {};
  return makeConstant(type, bytes, name);
}

ElementsAttr makeConstantFromDoubles(ShapedType type, ArrayRef<double> values, StringRef name) {
  return buildFrom(type, values, name);
}
ElementsAttr makeConstantFromInts(ShapedType type, ArrayRef<int64_t> values, StringRef name) {
  return buildFrom(type, values, name);
}

SmallVector<int64_t> stridesOf(ArrayRef<int64_t> shape) {
  SmallVector<int64_t> strides(shape.size(), 1);
  for (int64_t i = static_cast<int64_t>(shape.size()) - 2; i >= 0; --i)
    strides[i] = strides[i + 1] * shape[i + 1];
  return strides;
}

} // namespace edgec
