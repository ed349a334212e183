// Patterns folding HardSigmoid/HardSwish written with primitive ops back into one op each.
#ifndef EDGEC_PASSES_GRAPH_RECOGNIZEHARDACTIVATIONS_H
#define EDGEC_PASSES_GRAPH_RECOGNIZEHARDACTIVATIONS_H

#include "compiler/dialect/Edge/EdgeDialect.h"
#include "mlir/IR/PatternMatch.h"

namespace edgec {
void populateHardActivationPatterns(mlir::RewritePatternSet &patterns);
} // namespace edgec

#endif
