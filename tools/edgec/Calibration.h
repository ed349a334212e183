// Calibration for int8 post-training quantization (edgec compile --quantize int8).
#ifndef EDGEC_TOOLS_EDGEC_CALIBRATION_H
#define EDGEC_TOOLS_EDGEC_CALIBRATION_H

#include "compiler/quant/RangeObserver.h"

#include "mlir/IR/BuiltinOps.h"

#include <string>

namespace edgec {

struct CalibrationOptions {
  std::string dataPath;                                       // --calibration
  quant::ObserverKind observer = quant::ObserverKind::MinMax; // --calibrate
};

/// Runs the float module (after edge-prepare-quantization) on every calibration sample, built
/// for this machine with the host C++ compiler, and records the range of each float value as
/// `edgec.range = array<f32: lo, hi>` on its producer (graph inputs: an argument attribute).
/// Errors are emitted as diagnostics.
mlir::LogicalResult calibrate(mlir::ModuleOp module, const CalibrationOptions &options);

} // namespace edgec

#endif
