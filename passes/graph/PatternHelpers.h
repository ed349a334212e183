// Small matchers the graph-recognition patterns share (spelled-out activations, normalizations).
#ifndef EDGEC_PASSES_GRAPH_PATTERNHELPERS_H
#define EDGEC_PASSES_GRAPH_PATTERNHELPERS_H

#include "compiler/dialect/Edge/EdgeDialect.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Matchers.h"

#include <algorithm>
#include <cmath>

namespace edgec {

inline bool nearly(double a, double b) { return std::abs(a - b) <= 1e-6 * std::max(1.0, std::abs(b)); }

/// A float constant whose every element is `expected`.
inline bool isSplatOf(mlir::Value v, double expected) {
  mlir::DenseElementsAttr attr;
  if (!mlir::matchPattern(v, mlir::m_Constant(&attr)) || !mlir::isa<mlir::FloatType>(attr.getElementType()))
    return false;
  return llvm::all_of(attr.getValues<mlir::APFloat>(),
                      [&](const mlir::APFloat &f) { return nearly(f.convertToDouble(), expected); });
}

/// The binary op `kind` defining `v` with no fused activation, or null.
inline edge::BinaryOp binaryOf(mlir::Value v, edge::BinaryKind kind) {
  auto op = v.getDefiningOp<edge::BinaryOp>();
  if (!op || op.getKind() != kind || op.getAct() != edge::ActivationKind::none)
    return {};
  return op;
}

/// The unary op `kind` defining `v`, or null.
inline edge::UnaryOp unaryOf(mlir::Value v, edge::UnaryKind kind) {
  auto op = v.getDefiningOp<edge::UnaryOp>();
  return op && op.getKind() == kind ? op : edge::UnaryOp();
}

} // namespace edgec

#endif
