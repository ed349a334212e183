// Reading and building constant tensors (dense and dense_resource) as plain bytes or numbers.
#ifndef EDGEC_COMPILER_SUPPORT_CONSTANTDATA_H
#define EDGEC_COMPILER_SUPPORT_CONSTANTDATA_H

#include "mlir/IR/BuiltinAttributeInterfaces.h"
#include "mlir/IR/BuiltinTypes.h"

#include <cstdint>
#include <vector>

namespace edgec {

/// Bytes per element as edgec stores it (i1 takes one byte).
int64_t elementByteSize(mlir::Type elementType);

/// Bytes of a statically shaped tensor or buffer as edgec stores it.
int64_t byteSizeOf(mlir::ShapedType type);

/// The elements of a dense or dense_resource constant, little-endian, one after
/// another (splats expanded, i1 one byte each).
std::vector<char> getConstantBytes(mlir::ElementsAttr attr);

/// Builds a constant from `bytes` (layout as getConstantBytes): a named
/// dense_resource blob when large (weights), an inline dense attr when small
/// (shapes, scalars) so dumps stay readable.
mlir::ElementsAttr makeConstant(mlir::ShapedType type, llvm::ArrayRef<char> bytes,
                                llvm::StringRef resourceName);

/// Every element converted to double / int64 (for folding arithmetic).
std::vector<double> getConstantAsDoubles(mlir::ElementsAttr attr);
std::vector<int64_t> getConstantAsInts(mlir::ElementsAttr attr);

/// Builds a constant of `type`'s element type from numbers (rounded / truncated
/// the way a C cast does).
mlir::ElementsAttr makeConstantFromDoubles(mlir::ShapedType type, llvm::ArrayRef<double> values,
                                           llvm::StringRef resourceName);
mlir::ElementsAttr makeConstantFromInts(mlir::ShapedType type, llvm::ArrayRef<int64_t> values,
                                        llvm::StringRef resourceName);

/// Row-major strides of a static shape, in elements.
llvm::SmallVector<int64_t> stridesOf(llvm::ArrayRef<int64_t> shape);

} // namespace edgec

#endif
