// Every edgec pass, its registration, and the pipeline in order.
#ifndef EDGEC_PASSES_PASSES_H
#define EDGEC_PASSES_PASSES_H

#include "compiler/dialect/Kernel/KernelDialect.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Pass/Pass.h"

#include <memory>

namespace edgec {

#define GEN_PASS_DECL
#include "passes/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "passes/Passes.h.inc"

inline void registerAllPasses() { registerEdgecPasses(); }

/// edge-to-nhwc's transpose movement (sink toward outputs, compose, cancel), shared with
/// edge-fold-qdq, whose folds bring new transposes together.
void populateTransposeSinkingPatterns(mlir::RewritePatternSet &patterns);

} // namespace edgec

#endif
