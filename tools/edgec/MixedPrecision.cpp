// --mixed-precision auto. Sensitivity is measured, not guessed: the all-int8 model runs on the
// calibration set against float, and each layer's sensitivity is the SQNR it loses (the
// SQNR of its inputs minus the SQNR of its output). Layers are promoted to int16 worst
// first, doubling the count until the budget is met, then bisecting back to the smallest
// count that meets it.
#include "tools/edgec/MixedPrecision.h"

#include "compiler/support/NodeLocation.h"
#include "passes/Passes.h"
#include "passes/Pipeline.h"
#include "passes/compress/QuantTypes.h"
#include "targets/emit/KernelCallWriter.h"

#include "mlir/IR/Builders.h"
#include "mlir/Pass/PassManager.h"
#include "llvm/ADT/StringSet.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cmath>
#include <map>

using namespace mlir;

namespace edgec {

std::optional<AccuracyBudget> AccuracyBudget::parse(const std::string &text) {
  StringRef s = StringRef(text).trim();
  AccuracyBudget budget;
  if (s.consume_back_insensitive("db"))
    budget.kind = MinSqnrDb;
  else if (s.consume_back("%"))
    budget.kind = MaxTop1Loss;
  else
    return std::nullopt;
  double v;
  if (s.trim().getAsDouble(v) || !std::isfinite(v) || v < 0 || (budget.kind == MaxTop1Loss && v > 100))
    return std::nullopt;
  budget.value = budget.kind == MaxTop1Loss ? v / 100.0 : v;
  return budget;
}

bool AccuracyBudget::met(double sqnrDb, std::optional<double> top1) const {
  if (kind == MinSqnrDb)
    return sqnrDb >= value;
  return top1 && 1.0 - *top1 <= value + 1e-12;
}

std::string AccuracyBudget::str() const {
  return kind == MinSqnrDb ? fmt::format("{:g}dB", value) : fmt::format("{:g}%", value * 100.0);
}

LogicalResult runPhasesFrom(ModuleOp module, size_t fromPhase, size_t toPhase) {
  PassManager pm(module.getContext(), ModuleOp::getOperationName(), OpPassManager::Nesting::Implicit);
  const auto &phases = pipelinePhases();
  for (size_t i = fromPhase; i < std::min(toPhase, phases.size()); ++i)
    pm.addPass(phases[i].create());
  return pm.run(module);
}

namespace {

constexpr const char *kObserveAttr = "edgec.observe";

/// One candidate set of int16 layers, compiled and evaluated.
struct Trial {
  std::vector<std::string> layers;
  double sqnrDb = 0;                // worst graph output
  std::optional<double> top1;       // worst classifier output
  int64_t samples = 0;              // calibration samples evaluated
  int64_t arenaBytes = 0, weightsBytes = 0, int16Macs = 0;
  std::map<int64_t, double> layerSqnr; // observe id -> SQNR of that value against float
  llvm::StringSet<> integerLayers;     // names of the layers computed by integer kernels
};

bool meets(const AccuracyBudget &budget, const Trial &t) { return budget.met(t.sqnrDb, t.top1); }

std::string describe(const Trial &t) {
  return fmt::format("{} int16 layers: output SQNR {:.1f} dB{}", t.layers.size(), t.sqnrDb,
                     t.top1 ? fmt::format(", top-1 agreement {:.1f} %", 100.0 * *t.top1) : "");
}

class Search {
public:
  Search(ModuleOp module, size_t fromPhase, Calibration &calibration, CalibrationOptions::Subset subset,
         size_t samples)
      : module(module), fromPhase(fromPhase), calibration(calibration), subset(subset), samples(samples) {}

  FailureOr<Trial> run(std::vector<std::string> layers) {
    OwningOpRef<ModuleOp> copy(module.clone());
    Builder b(module.getContext());
    SmallVector<Attribute> names;
    for (const std::string &n : layers)
      names.push_back(b.getStringAttr(n));
    (*copy)->setAttr("edgec.int16_layers", b.getArrayAttr(names));
    if (failed(runPhasesFrom(*copy, fromPhase)) || failed(calibration.evaluate(*copy, subset, samples, true)))
      return failure();
    Trial t;
    t.layers = std::move(layers);
    OutputQuality quality = OutputQuality::of((*copy)->getAttrOfType<DictionaryAttr>("edgec.quant_eval"));
    t.sqnrDb = quality.sqnrDb;
    t.top1 = quality.top1;
    t.samples = quality.samples;
    auto intAttr = [&](StringRef name) {
      auto a = (*copy)->getAttrOfType<IntegerAttr>(name);
      return a ? a.getInt() : 0;
    };
    t.arenaBytes = intAttr("edgec.arena_bytes");
    t.weightsBytes = intAttr("edgec.weights_bytes");
    (*copy)->walk([&](Operation *op) {
      if (auto id = op->getAttrOfType<IntegerAttr>(kObserveAttr)) {
        if (auto sqnr = op->getAttrOfType<FloatAttr>("edgec.sqnr_db"))
          t.layerSqnr[id.getInt()] = sqnr.getValueAsDouble();
        if (op->hasAttr("output_params"))
          t.integerLayers.insert(nodeName(op->getLoc()));
      }
      if (isa<kernel::ConvOp, kernel::GemmOp>(op) && op->hasAttr("input_params") &&
          cast<MemRefType>(op->getOperand(0).getType()).getElementType().isInteger(16))
        t.int16Macs += kernel::kernelMacs(op);
    });
    spdlog::info("mixed precision: {}", describe(t));
    return t;
  }

  /// Layer names, most sensitive first: the SQNR each loses against its inputs in `base`.
  std::vector<std::string> rank(const Trial &base, const llvm::StringSet<> &exclude) {
    double best = -200.0;
    for (const auto &[id, sqnr] : base.layerSqnr)
      best = std::max(best, sqnr);
    auto sqnrOf = [&](Operation *op) -> std::optional<double> {
      auto id = op ? op->getAttrOfType<IntegerAttr>(kObserveAttr) : IntegerAttr();
      auto it = id ? base.layerSqnr.find(id.getInt()) : base.layerSqnr.end();
      return it == base.layerSqnr.end() ? std::nullopt : std::optional<double>(it->second);
    };
    std::vector<std::pair<double, std::string>> drops;
    llvm::StringSet<> seen;
    module.walk([&](Operation *op) {
      std::optional<double> own = sqnrOf(op);
      std::string name = nodeName(op->getLoc());
      if (!own || !base.integerLayers.contains(name) || exclude.contains(name) || !seen.insert(name).second)
        return;
      double in = best;
      for (Value v : op->getOperands()) {
        Operation *producer = v.getDefiningOp();
        // Data movement passes its input's values on unchanged.
        while (producer && keepsInputParams(producer))
          producer = producer->getOperand(0).getDefiningOp();
        if (std::optional<double> s = sqnrOf(producer))
          in = std::min(in, *s);
      }
      drops.push_back({in - *own, name});
    });
    std::stable_sort(drops.begin(), drops.end(), [](const auto &a, const auto &b) { return a.first > b.first; });
    std::vector<std::string> names;
    for (auto &d : drops)
      names.push_back(d.second);
    return names;
  }

private:
  ModuleOp module;
  size_t fromPhase;
  Calibration &calibration;
  CalibrationOptions::Subset subset;
  size_t samples;
};

DictionaryAttr trialAttr(Builder &b, const Trial &t) {
  NamedAttrList entry;
  entry.set("int16_layers", b.getI64IntegerAttr(static_cast<int64_t>(t.layers.size())));
  entry.set("sqnr_db", b.getF64FloatAttr(t.sqnrDb));
  if (t.top1)
    entry.set("top1_agreement", b.getF64FloatAttr(*t.top1));
  entry.set("arena_bytes", b.getI64IntegerAttr(t.arenaBytes));
  entry.set("int16x8_macs", b.getI64IntegerAttr(t.int16Macs));
  return entry.getDictionary(b.getContext());
}

} // namespace

LogicalResult searchMixedPrecision(ModuleOp module, size_t fromPhase, Calibration &calibration,
                                   const AccuracyBudget &budget, const std::vector<std::string> &forced,
                                   size_t samples) {
  // Calibrated on the even samples, judged on the odd ones: evaluating on the samples the
  // ranges came from hides the clipping that costs accuracy on new inputs.
  bool heldOut = calibration.sampleCount() >= 2;
  if (!heldOut)
    spdlog::warn("warning: --mixed-precision auto: one calibration sample, so trials are judged on the sample the "
                 "ranges came from; give more samples");
  Search search(module, fromPhase, calibration,
                heldOut ? CalibrationOptions::Subset::Odd : CalibrationOptions::Subset::All, samples);
  std::vector<Trial> trials;
  auto attempt = [&](std::vector<std::string> layers) -> FailureOr<size_t> {
    FailureOr<Trial> t = search.run(std::move(layers));
    if (failed(t))
      return failure();
    trials.push_back(std::move(*t));
    return trials.size() - 1;
  };
  FailureOr<size_t> base = attempt(forced);
  if (failed(base))
    return failure();
  if (budget.kind == AccuracyBudget::MaxTop1Loss && !trials[*base].top1)
    return module.emitError() << "--accuracy-budget " << budget.str()
                              << " is a top-1 budget, but no graph output is a classifier's ([..., classes]); "
                                 "give a minimum SQNR instead (e.g. 30dB)";
  llvm::StringSet<> exclude;
  for (const std::string &n : forced)
    exclude.insert(n);
  std::vector<std::string> ranked = search.rank(trials[*base], exclude);
  auto withTop = [&](size_t k) {
    std::vector<std::string> layers = forced;
    layers.insert(layers.end(), ranked.begin(), ranked.begin() + static_cast<std::ptrdiff_t>(k));
    return layers;
  };
  // Smallest k (worst-first prefix of `ranked`) that meets the budget: doubling, then bisection.
  size_t chosen = *base, failedK = 0, passedK = 0;
  bool met = meets(budget, trials[*base]);
  for (size_t k = 1; !met && !ranked.empty(); k = std::min(2 * k, ranked.size())) {
    FailureOr<size_t> t = attempt(withTop(k));
    if (failed(t))
      return failure();
    chosen = *t;
    if ((met = meets(budget, trials[*t]))) {
      passedK = k;
      break;
    }
    failedK = k;
    if (k == ranked.size())
      break;
  }
  while (met && passedK - failedK > 1) {
    size_t mid = (failedK + passedK) / 2;
    FailureOr<size_t> t = attempt(withTop(mid));
    if (failed(t))
      return failure();
    if (meets(budget, trials[*t])) {
      passedK = mid;
      chosen = *t;
    } else {
      failedK = mid;
    }
  }
  const Trial &result = trials[chosen];
  if (!met)
    spdlog::warn("warning: --accuracy-budget {} not met even with every layer in int16 ({}); keeping that",
                 budget.str(), describe(result));
  else
    spdlog::info("mixed precision: budget {} met with {} (int8 alone: {})", budget.str(), describe(result),
                 describe(trials[*base]));

  Builder b(module.getContext());
  SmallVector<Attribute> names, trialAttrs;
  for (const std::string &n : result.layers)
    names.push_back(b.getStringAttr(n));
  for (const Trial &t : trials)
    trialAttrs.push_back(trialAttr(b, t));
  module->setAttr("edgec.int16_layers", b.getArrayAttr(names));
  module->setAttr("edgec.mixed_precision",
                  b.getDictionaryAttr({
                      b.getNamedAttr("budget", b.getStringAttr(budget.str())),
                      b.getNamedAttr("met", b.getBoolAttr(met)),
                      b.getNamedAttr("samples", b.getI64IntegerAttr(result.samples)),
                      b.getNamedAttr("held_out", b.getBoolAttr(heldOut)),
                      b.getNamedAttr("int8", trialAttr(b, trials[*base])),
                      b.getNamedAttr("chosen", trialAttr(b, result)),
                      b.getNamedAttr("cost", b.getDictionaryAttr({
                                                 b.getNamedAttr("arena_bytes", b.getI64IntegerAttr(
                                                                                   result.arenaBytes -
                                                                                   trials[*base].arenaBytes)),
                                                 b.getNamedAttr("weights_bytes", b.getI64IntegerAttr(
                                                                                     result.weightsBytes -
                                                                                     trials[*base].weightsBytes)),
                                                 b.getNamedAttr("int16x8_macs", b.getI64IntegerAttr(result.int16Macs)),
                                             })),
                      b.getNamedAttr("trials", b.getArrayAttr(trialAttrs)),
                  }));
  return success();
}

} // namespace edgec
