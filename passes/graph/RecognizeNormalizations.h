// Patterns folding LayerNorm (with its affine part) and GELU written with primitive ops into one op each.
#ifndef EDGEC_PASSES_GRAPH_RECOGNIZENORMALIZATIONS_H
#define EDGEC_PASSES_GRAPH_RECOGNIZENORMALIZATIONS_H

#include "compiler/dialect/Edge/EdgeDialect.h"
#include "mlir/IR/PatternMatch.h"

namespace edgec {
void populateNormalizationPatterns(mlir::RewritePatternSet &patterns);
} // namespace edgec

#endif
