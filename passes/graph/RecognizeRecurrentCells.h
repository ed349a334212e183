// Patterns folding one LSTM or GRU step written with primitive ops (two Gemms, a split into
// gates, Sigmoid/Tanh, Mul/Add) into one edge.recurrent of one time step.
#ifndef EDGEC_PASSES_GRAPH_RECOGNIZERECURRENTCELLS_H
#define EDGEC_PASSES_GRAPH_RECOGNIZERECURRENTCELLS_H

#include "compiler/dialect/Edge/EdgeDialect.h"
#include "mlir/IR/PatternMatch.h"

namespace edgec {
void populateRecurrentCellPatterns(mlir::RewritePatternSet &patterns);
} // namespace edgec

#endif
