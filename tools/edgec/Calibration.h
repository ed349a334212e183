// Calibration for int8 post-training quantization (edgec compile --quantize int8), and the
// evaluation of the int8 result against float on the same samples.
#ifndef EDGEC_TOOLS_EDGEC_CALIBRATION_H
#define EDGEC_TOOLS_EDGEC_CALIBRATION_H

#include "compiler/quant/CalibrationData.h"
#include "compiler/quant/RangeObserver.h"

#include "mlir/IR/BuiltinOps.h"
#include "llvm/ADT/SmallString.h"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace edgec {

struct CalibrationOptions {
  std::string dataPath;                                           // --calibration
  quant::ObserverKind observer = quant::ObserverKind::Percentile; // --calibrate
  /// Which samples (indices into the data set) to calibrate on, every other one ("even") or
  /// the rest ("odd"); all by default. --mixed-precision auto calibrates on half the samples
  /// and judges its trials on the other half.
  enum class Subset { All, Even, Odd } subset = Subset::All;
  /// What the runs are for, on the progress bar; the ranges are logged only when calibrating
  /// (--eval runs the uncompressed model as the reference of the compressed one).
  std::string purpose = "calibrating";
};

/// The worst graph output of an evaluation (`edgec.quant_eval`, Calibration::evaluate): its
/// SQNR and, when some output is a classifier, the lowest top-1 agreement.
struct OutputQuality {
  double sqnrDb = 200.0;
  std::optional<double> top1;
  int64_t samples = 0;
  /// With labels (Calibration::setLabels): top-1 accuracy of the first output, of the model
  /// evaluated and of the reference.
  std::optional<double> accuracy, referenceAccuracy;
  static OutputQuality of(mlir::DictionaryAttr eval);
};

/// One quantized compile's host runs. Owns a temporary folder (removed at the end unless
/// EDGEC_KEEP_CALIBRATION is set) with the float and int8 builds and their runs.
class Calibration {
public:
  Calibration() = default;
  ~Calibration();
  Calibration(const Calibration &) = delete;
  Calibration &operator=(const Calibration &) = delete;

  /// Runs the float module (after edge-prepare-quantization), built for this machine with the
  /// host C++ compiler, on every calibration sample and records the range of each float value
  /// as `edgec.range = array<f32: lo, hi>` on its producer (graph inputs: an argument
  /// attribute). Observed ops keep an `edgec.observe` id. Errors are emitted as diagnostics.
  mlir::LogicalResult calibrate(mlir::ModuleOp module, const CalibrationOptions &options);

  /// After the whole pipeline: runs the int8 model and the float one on up to `maxSamples`
  /// calibration samples and records each observed kernel's SQNR against float
  /// (`edgec.sqnr_db`) and, per graph output, SQNR and top-1 agreement (`edgec.quant_eval`
  /// on the module). Does nothing when calibrate() did not run.
  mlir::LogicalResult evaluate(mlir::ModuleOp lowered, size_t maxSamples);
  /// The same on the samples of `subset` (at most `maxSamples` of them).
  mlir::LogicalResult evaluate(mlir::ModuleOp lowered, CalibrationOptions::Subset subset, size_t maxSamples,
                               bool quiet);

  /// The number of calibration samples (after calibrate()).
  size_t sampleCount() const { return data ? data->size() : 0; }

  /// The class of each sample (in data-set order): evaluate() then also reports the top-1
  /// accuracy of the first output, of both models.
  void setLabels(std::vector<int64_t> l) { labels = std::move(l); }

private:
  mlir::LogicalResult runSample(llvm::StringRef exe, size_t index, const std::string &runDir, bool observeInputs,
                                int pass);
  static std::string tracePath(const std::string &runDir, int64_t id);
  std::vector<size_t> indices(CalibrationOptions::Subset subset, size_t maxSamples) const;

  mlir::MLIRContext *context = nullptr;
  llvm::SmallString<256> dir;
  std::string floatExe;
  std::vector<quant::InputSpec> specs;
  std::optional<quant::CalibrationSet> data;
  std::vector<std::unique_ptr<quant::RangeObserver>> inputs;
  std::vector<int64_t> labels;
};

} // namespace edgec

#endif
