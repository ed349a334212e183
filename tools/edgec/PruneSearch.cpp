// --eval, --prune-budget, --max-accuracy-drop: structured pruning guided by measurements.
// The pruning pass itself is cheap, so MAC counts come from running it alone; accuracy comes
// from compiling the rest of the pipeline and running a host build on the --eval samples
// against the uncompressed model (Calibration's reference build).
#include "tools/edgec/PruneSearch.h"

#include "compiler/quant/ProgressBar.h"
#include "passes/Passes.h"
#include "passes/Pipeline.h"
#include "tools/edgec/Calibration.h"

#include "edgec/harness_io.h"

#include "mlir/IR/Builders.h"
#include "mlir/Pass/PassManager.h"
#include "llvm/ADT/StringSet.h"

#include <spdlog/spdlog.h>

#include <cmath>
#include <cstring>
#include <map>

using namespace mlir;

namespace edgec {
namespace {

constexpr double kStep = 0.1;       // a search step: one tenth of a layer's channels
constexpr double kMaxRatio = 0.9;   // no layer loses more
constexpr double kProbeRatio = 0.5; // a layer's sensitivity: the output with half of it gone

using Ratios = std::map<std::string, double>;

struct Layer {
  std::string name;
  double noise = 1.0; // 10^(-SQNR/10) of the output with kProbeRatio of this layer pruned
};

std::string percent(double fraction) { return fmt::format("{:.1f} %", 100.0 * fraction); }

std::string describe(const OutputQuality &q) {
  return fmt::format("output SQNR {:.1f} dB{}{}", q.sqnrDb,
                     q.top1 ? fmt::format(", top-1 agreement {}", percent(*q.top1)) : "",
                     q.accuracy && q.referenceAccuracy
                         ? fmt::format(", top-1 accuracy {} (uncompressed {})", percent(*q.accuracy),
                                       percent(*q.referenceAccuracy))
                         : "");
}

/// Whether a trial keeps --max-accuracy-drop: with labels a loss of accuracy, else of agreement.
bool keeps(const AccuracyBudget &budget, const OutputQuality &q) {
  if (q.accuracy && q.referenceAccuracy)
    return budget.met(q.sqnrDb, 1.0 - std::max(0.0, *q.referenceAccuracy - *q.accuracy));
  return budget.met(q.sqnrDb, q.top1);
}

/// --eval-labels: one integer class per sample.
FailureOr<std::vector<int64_t>> readLabels(MLIRContext *context, const std::string &path) {
  edgec_io::Tensor t;
  std::string error;
  if (!edgec_io::read_tensor_file(path, t, error) || !edgec_io::convert_to(t, "int64", error))
    return emitError(UnknownLoc::get(context)) << "--eval-labels " << path << ": " << error, failure();
  std::vector<int64_t> labels(t.data.size() / sizeof(int64_t));
  std::memcpy(labels.data(), t.data.data(), labels.size() * sizeof(int64_t));
  return labels;
}

class Trials {
public:
  Trials(ModuleOp module, size_t prunePhase, const PruneGuard &guard)
      : module(module), prunePhase(prunePhase), guard(guard), b(module.getContext()) {
    request = module->getAttrOfType<DictionaryAttr>("edgec.prune");
  }

  /// The uncompressed float model, built for this machine: the reference of every trial.
  LogicalResult buildReference() {
    OwningOpRef<ModuleOp> reference(module.clone());
    for (StringRef name : {"edgec.prune", "edgec.sparsity"})
      (*reference)->removeAttr(name);
    dropQuantization(*reference);
    CalibrationOptions options;
    options.dataPath = guard.evalPath;
    options.observer = quant::ObserverKind::MinMax;
    options.purpose = "evaluating";
    size_t calibrateAt = firstPhaseAfter("edge-prepare-quantization");
    if (failed(runPhasesFrom(*reference, prunePhase, calibrateAt)) ||
        failed(calibration.calibrate(*reference, options)))
      return failure();
    if (!guard.labelsPath.empty()) {
      FailureOr<std::vector<int64_t>> labels = readLabels(module.getContext(), guard.labelsPath);
      if (failed(labels))
        return failure();
      if (labels->size() < calibration.sampleCount())
        return emitError(module.getLoc()) << "--eval-labels has " << labels->size() << " labels for "
                                          << calibration.sampleCount() << " --eval samples";
      calibration.setLabels(std::move(*labels));
    }
    return success();
  }

  /// The prune request with these per-layer ratios (criterion and kept layers as asked).
  DictionaryAttr requestWith(const Ratios &ratios) {
    SmallVector<NamedAttribute> layers;
    for (const auto &[name, ratio] : ratios)
      if (ratio > 0)
        layers.push_back(b.getNamedAttr(name, b.getF64FloatAttr(ratio)));
    NamedAttrList attrs(request ? request : b.getDictionaryAttr({}));
    attrs.set("ratio", b.getF64FloatAttr(0.0));
    attrs.set("layers", b.getDictionaryAttr(layers));
    if (!attrs.get("criterion"))
      attrs.set("criterion", b.getStringAttr("l1"));
    return attrs.getDictionary(module.getContext());
  }

  /// edge-prune-channels alone on a copy: its report (layers, MACs before and after).
  FailureOr<DictionaryAttr> prunedReport(DictionaryAttr prune) {
    OwningOpRef<ModuleOp> copy(module.clone());
    (*copy)->setAttr("edgec.prune", prune);
    PassManager pm(module.getContext(), ModuleOp::getOperationName());
    pm.addPass(createEdgePruneChannels());
    if (failed(pm.run(*copy)))
      return failure();
    auto report = (*copy)->getAttrOfType<DictionaryAttr>("edgec.pruning");
    return report ? report : b.getDictionaryAttr({});
  }

  /// The fraction of the MACs a prune request removes.
  FailureOr<double> macsRemoved(DictionaryAttr prune) {
    FailureOr<DictionaryAttr> report = prunedReport(prune);
    if (failed(report))
      return failure();
    auto before = report->getAs<IntegerAttr>("macs_before"), after = report->getAs<IntegerAttr>("macs_after");
    return before && after && before.getInt() > 0 ? 1.0 - double(after.getInt()) / double(before.getInt()) : 0.0;
  }

  /// The compressed model (this prune request, the module's sparsity) against the reference.
  /// A request already evaluated (attributes are uniqued) is not built again.
  FailureOr<OutputQuality> evaluate(DictionaryAttr prune) {
    if (auto it = evaluated.find(prune); it != evaluated.end())
      return it->second;
    OwningOpRef<ModuleOp> copy(module.clone());
    if (prune)
      (*copy)->setAttr("edgec.prune", prune);
    dropQuantization(*copy);
    if (failed(runPhasesFrom(*copy, prunePhase)) ||
        failed(calibration.evaluate(*copy, CalibrationOptions::Subset::All, guard.samples, /*quiet=*/true)))
      return failure();
    ++builds;
    return evaluated[prune] = OutputQuality::of((*copy)->getAttrOfType<DictionaryAttr>("edgec.quant_eval"));
  }

  int builds = 0;

private:
  /// Trials compare float models: the int8 request waits for the real compile.
  static void dropQuantization(ModuleOp m) {
    for (StringRef name : {"edgec.quantize", "edgec.io", "edgec.int16_layers", "edgec.mixed_precision"})
      m->removeAttr(name);
  }

  ModuleOp module;
  size_t prunePhase;
  const PruneGuard &guard;
  Builder b;
  DictionaryAttr request;
  Calibration calibration;
  llvm::DenseMap<Attribute, OutputQuality> evaluated;
};

/// The greedy sequence of per-layer ratios: each step adds kStep to the layer whose estimated
/// output noise grows least (noise ~ sensitivity x ratio^2), until the MACs drop by `budget`.
struct Plan {
  std::vector<Ratios> steps; // steps[k]: the ratios after k + 1 steps
  std::vector<double> removed;
};

FailureOr<Plan> plan(Trials &trials, const std::vector<Layer> &layers, double budget) {
  Plan p;
  Ratios ratios;
  while (true) {
    const Layer *best = nullptr;
    double bestCost = 0;
    for (const Layer &l : layers) {
      double r = ratios[l.name];
      if (r + kStep > kMaxRatio + 1e-9)
        continue;
      double cost = l.noise * ((r + kStep) * (r + kStep) - r * r);
      if (!best || cost < bestCost)
        best = &l, bestCost = cost;
    }
    if (!best)
      return p;
    ratios[best->name] += kStep;
    FailureOr<double> removed = trials.macsRemoved(trials.requestWith(ratios));
    if (failed(removed))
      return failure();
    p.steps.push_back(ratios);
    p.removed.push_back(*removed);
    if (*removed >= budget)
      return p;
  }
}

} // namespace

LogicalResult guardPruning(ModuleOp module, size_t prunePhase, const PruneGuard &guard) {
  Trials trials(module, prunePhase, guard);
  Builder b(module.getContext());
  bool evaluating = !guard.evalPath.empty();
  if (evaluating && failed(trials.buildReference()))
    return failure();

  if (guard.budget) {
    // The prunable layers, from the pass's report with nothing removed.
    FailureOr<DictionaryAttr> listing = trials.prunedReport(trials.requestWith({}));
    if (failed(listing))
      return failure();
    llvm::StringSet<> kept;
    if (auto request = module->getAttrOfType<DictionaryAttr>("edgec.prune"))
      if (auto keep = request.getAs<ArrayAttr>("keep"))
        for (auto name : keep.getAsRange<StringAttr>())
          kept.insert(name.getValue());
    std::vector<Layer> layers;
    if (auto list = listing->getAs<ArrayAttr>("layers"))
      for (auto layer : list.getAsRange<DictionaryAttr>())
        if (!layer.getAs<BoolAttr>("pinned").getValue() && !kept.contains(layer.getAs<StringAttr>("name").getValue()))
          layers.push_back({layer.getAs<StringAttr>("name").str()});
    SmallVector<Attribute> sensitivity;
    if (evaluating) {
      quant::ProgressBar bar("layer sensitivity", layers.size());
      for (size_t i = 0; i < layers.size(); ++i) {
        FailureOr<OutputQuality> q = trials.evaluate(trials.requestWith({{layers[i].name, kProbeRatio}}));
        if (failed(q))
          return failure();
        layers[i].noise = std::pow(10.0, -q->sqnrDb / 10.0);
        sensitivity.push_back(b.getDictionaryAttr({b.getNamedAttr("name", b.getStringAttr(layers[i].name)),
                                                   b.getNamedAttr("sqnr_db", b.getF64FloatAttr(q->sqnrDb))}));
        bar.update(i + 1);
      }
      bar.finish();
    }
    FailureOr<Plan> steps = plan(trials, layers, *guard.budget);
    if (failed(steps))
      return failure();
    // The longest prefix of the plan that keeps the accuracy: the full plan first, then bisection.
    size_t chosen = steps->steps.size();
    std::string stopped = chosen && steps->removed.back() >= *guard.budget ? "budget" : "no prunable channels left";
    if (guard.maxDrop && chosen) {
      auto meets = [&](size_t k) -> FailureOr<bool> {
        if (k == 0)
          return true;
        FailureOr<OutputQuality> q = trials.evaluate(trials.requestWith(steps->steps[k - 1]));
        if (failed(q))
          return failure();
        spdlog::info("prune search: {} of the MACs removed: {}", percent(steps->removed[k - 1]), describe(*q));
        return keeps(*guard.maxDrop, *q);
      };
      FailureOr<bool> all = meets(chosen);
      if (failed(all))
        return failure();
      if (!*all) {
        size_t lo = 0, hi = chosen; // meets(lo), !meets(hi)
        while (hi - lo > 1) {
          size_t mid = (lo + hi) / 2;
          FailureOr<bool> ok = meets(mid);
          if (failed(ok))
            return failure();
          (*ok ? lo : hi) = mid;
        }
        chosen = lo;
        stopped = "accuracy";
      }
    }
    Ratios ratios = chosen ? steps->steps[chosen - 1] : Ratios();
    double removed = chosen ? steps->removed[chosen - 1] : 0.0;
    module->setAttr("edgec.prune", trials.requestWith(ratios));
    module->setAttr("edgec.prune_search",
                    b.getDictionaryAttr({b.getNamedAttr("budget", b.getF64FloatAttr(*guard.budget)),
                                         b.getNamedAttr("macs_removed", b.getF64FloatAttr(removed)),
                                         b.getNamedAttr("stopped_by", b.getStringAttr(stopped)),
                                         b.getNamedAttr("steps", b.getI64IntegerAttr(chosen)),
                                         b.getNamedAttr("builds", b.getI64IntegerAttr(trials.builds)),
                                         b.getNamedAttr("sensitivity", b.getArrayAttr(sensitivity))}));
    if (stopped == "accuracy")
      spdlog::warn("warning: --prune-budget {}: stopped at {} of the MACs removed to keep --max-accuracy-drop {}",
                   percent(*guard.budget), percent(removed), guard.maxDrop->str());
    else if (stopped != "budget")
      spdlog::warn("warning: --prune-budget {}: only {} of the MACs can be removed ({} per layer at most, graph "
                   "outputs and tied channels kept)",
                   percent(*guard.budget), percent(removed), percent(kMaxRatio));
    else
      spdlog::info("prune search: {} of the MACs removed over {} layers (budget {})", percent(removed),
                   ratios.size(), percent(*guard.budget));
  }

  if (!evaluating)
    return success();
  FailureOr<OutputQuality> q = trials.evaluate(module->getAttrOfType<DictionaryAttr>("edgec.prune"));
  if (failed(q))
    return failure();
  NamedAttrList eval;
  eval.set("samples", b.getI64IntegerAttr(q->samples));
  eval.set("sqnr_db", b.getF64FloatAttr(q->sqnrDb));
  if (q->top1)
    eval.set("top1_agreement", b.getF64FloatAttr(*q->top1));
  if (q->accuracy && q->referenceAccuracy) {
    eval.set("top1_accuracy", b.getF64FloatAttr(*q->accuracy));
    eval.set("reference_top1_accuracy", b.getF64FloatAttr(*q->referenceAccuracy));
  }
  module->setAttr("edgec.compression_eval", eval.getDictionary(module.getContext()));
  spdlog::info("compressed vs uncompressed float model on {} --eval samples: {}", q->samples, describe(*q));
  if (guard.maxDrop && !keeps(*guard.maxDrop, *q))
    spdlog::warn("warning: the compressed model misses --max-accuracy-drop {}", guard.maxDrop->str());
  return success();
}

} // namespace edgec
