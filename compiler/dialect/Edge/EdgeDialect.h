// The edge graph dialect: ONNX-semantics tensor ops (see EdgeOps.td).
#ifndef EDGEC_COMPILER_DIALECT_EDGE_EDGEDIALECT_H
#define EDGEC_COMPILER_DIALECT_EDGE_EDGEDIALECT_H

#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Dialect.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "mlir/Dialect/Quant/QuantOps.h"
#include "mlir/Dialect/Quant/QuantTypes.h"

namespace edgec::edge {
/// Inferred vs. declared result types: equal, or equal in shape where either side is quantized.
bool compatibleReturnTypes(mlir::TypeRange inferred, mlir::TypeRange actual);
/// As compatibleReturnTypes, and the last result (int64 indices) may be int32 of the same shape.
bool compatibleIndexReturnTypes(mlir::TypeRange inferred, mlir::TypeRange actual);
/// The integer type a quantized element is stored as (i8, i32...); other types unchanged.
mlir::Type storageType(mlir::Type element);
/// Whether a tensor (or element) type is quantized.
bool isQuantized(mlir::Type type);
} // namespace edgec::edge

#include "compiler/dialect/Edge/EdgeEnums.h.inc"
#define GET_ATTRDEF_CLASSES
#include "compiler/dialect/Edge/EdgeAttrs.h.inc"
#include "compiler/dialect/Edge/EdgeDialect.h.inc"
#define GET_OP_CLASSES
#include "compiler/dialect/Edge/EdgeOps.h.inc"

namespace edgec::edge {
/// ONNX Slice rules for one axis: the clamped first index and the element count.
void normalizeSlice(int64_t dim, int64_t start, int64_t end, int64_t step, int64_t &first,
                    int64_t &count);

/// Multiply-accumulates of a conv, gemm, matmul or recurrent op (0 for other ops): what
/// inspect reports and pruning counts before and after.
int64_t graphMacs(mlir::Operation *op);

/// What a recurrent op (edge.recurrent, kernel.recurrent) costs per time step: the MACs of
/// one step's input projection and recurrent product over every row and direction, the
/// number of steps, and the bytes of the state carried from step to step (h, and c for an
/// LSTM). Shapes: X [seq, batch, input], W [dirs, G*hidden, input], R [dirs, G*hidden, hidden].
struct RecurrentCost {
  int64_t stepMacs = 0, steps = 0, stateBytes = 0;
};
RecurrentCost recurrentCost(mlir::ShapedType x, mlir::ShapedType w, mlir::ShapedType r, llvm::StringRef kind);

/// Result types of an op not yet built (importer, rewrites); diagnostics go to `loc`.
template <typename OpTy>
mlir::LogicalResult inferResultTypes(mlir::MLIRContext *context, mlir::Location loc,
                                     mlir::ValueRange operands, mlir::DictionaryAttr attrs,
                                     llvm::SmallVectorImpl<mlir::Type> &types) {
  // Adaptors read attributes as given: fill in the ODS defaults first.
  mlir::NamedAttrList all(attrs);
  if (auto name = mlir::RegisteredOperationName::lookup(OpTy::getOperationName(), context))
    name->populateDefaultAttrs(all);
  return OpTy::inferReturnTypes(context, loc, operands, all.getDictionary(context),
                                mlir::OpaqueProperties(nullptr), mlir::RegionRange(), types);
}
} // namespace edgec::edge

#endif
