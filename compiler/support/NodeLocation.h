// ONNX node identity carried in MLIR locations: NameLoc(node name, NameLoc(op type)).
#ifndef EDGEC_COMPILER_SUPPORT_NODELOCATION_H
#define EDGEC_COMPILER_SUPPORT_NODELOCATION_H

#include "mlir/IR/Location.h"

#include <string>

namespace edgec {

/// The location the importer gives an op: prints as loc("conv1"("Conv")).
mlir::Location nodeLocation(mlir::MLIRContext *context, llvm::StringRef nodeName,
                            llvm::StringRef opType);

/// The ONNX node name of the first node a (possibly fused) location names; "" if none.
std::string nodeName(mlir::Location loc);

/// The ONNX node name of the last node a fused location names: the node whose
/// output the fused op produces (Conv+BatchNorm+Relu -> the Relu).
std::string lastNodeName(mlir::Location loc);

/// The ONNX op type of the first node; "" if none.
std::string nodeOpType(mlir::Location loc);

} // namespace edgec

#endif
