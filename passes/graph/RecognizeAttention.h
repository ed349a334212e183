// Pattern folding scaled dot-product attention written with primitive ops into one op.
#ifndef EDGEC_PASSES_GRAPH_RECOGNIZEATTENTION_H
#define EDGEC_PASSES_GRAPH_RECOGNIZEATTENTION_H

#include "compiler/dialect/Edge/EdgeDialect.h"
#include "mlir/IR/PatternMatch.h"

namespace edgec {
void populateAttentionPatterns(mlir::RewritePatternSet &patterns);
} // namespace edgec

#endif
