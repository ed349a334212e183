// --mixed-precision auto: promote the most sensitive layers of an int8 model to int16
// activations (16x8 kernels) until an accuracy budget is met on the calibration set.
#ifndef EDGEC_TOOLS_EDGEC_MIXEDPRECISION_H
#define EDGEC_TOOLS_EDGEC_MIXEDPRECISION_H

#include "tools/edgec/Calibration.h"

#include "mlir/IR/BuiltinOps.h"

#include <optional>
#include <string>
#include <vector>

namespace edgec {

/// --accuracy-budget: a minimum output SQNR ("30dB") or a maximum loss of top-1 agreement
/// with float ("0.5%").
struct AccuracyBudget {
  enum Kind { MinSqnrDb, MaxTop1Loss } kind = MinSqnrDb;
  double value = 0; // dB, or a fraction (0.005 for 0.5 %)

  static std::optional<AccuracyBudget> parse(const std::string &text);
  /// Whether an output SQNR and top-1 agreement (against the reference) meet it.
  bool met(double sqnrDb, std::optional<double> top1) const;
  std::string str() const;
};

/// Searches the smallest set of int16 layers that meets `budget`. `module` was calibrated by
/// `calibration` on the even-numbered samples (CalibrationOptions::Subset::Even; edgec.range on
/// its values, before edge-quantize); every trial runs the rest of the pipeline from phase
/// `fromPhase` on a copy and evaluates it on up to `samples` of the odd-numbered ones, which
/// the ranges never saw. `forced` layers (--int16-layers) are in every trial. On success, sets
/// `edgec.int16_layers` and `edgec.mixed_precision` (budget, trials, cost) on `module`.
mlir::LogicalResult searchMixedPrecision(mlir::ModuleOp module, size_t fromPhase, Calibration &calibration,
                                         const AccuracyBudget &budget, const std::vector<std::string> &forced,
                                         size_t samples);

/// Runs pipeline phases [fromPhase, toPhase) on `module` (to the end by default).
mlir::LogicalResult runPhasesFrom(mlir::ModuleOp module, size_t fromPhase, size_t toPhase = SIZE_MAX);

} // namespace edgec

#endif
