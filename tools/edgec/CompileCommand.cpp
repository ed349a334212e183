// edgec compile: import (or resume from a dump), run the phase pipeline with dumps, emit, write atomically.
#include "compiler/export/OnnxExporter.h"
#include "compiler/import/OnnxImporter.h"
#include "compiler/support/ByteSize.h"
#include "passes/Passes.h"
#include "passes/Pipeline.h"
#include "targets/TargetDescription.h"
#include "targets/emit/CppEmitter.h"
#include "targets/emit/TargetBuild.h"
#include "tools/edgec/Calibration.h"
#include "tools/edgec/FirmwareSize.h"
#include "tools/edgec/Driver.h"
#include "tools/edgec/MemoryLimits.h"
#include "tools/edgec/MixedPrecision.h"
#include "tools/edgec/PatchSearch.h"
#include "tools/edgec/PruneSearch.h"
#include "tools/edgec/Compression.h"
#include "tools/edgec/CustomOps.h"
#include "tools/edgec/Session.h"
#include "tools/edgec/StatePairs.h"
#include "tools/edgec/Subprocess.h"

#include "mlir/IR/AsmState.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassInstrumentation.h"
#include "mlir/Pass/PassManager.h"
#include "llvm/Config/llvm-config.h"
#include "llvm/Support/CrashRecoveryContext.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include <spdlog/spdlog.h>

#include <chrono>
#include <cctype>

using namespace mlir;

namespace edgec {

std::string versionString() {
  return std::string("edgec ") + EDGEC_VERSION + " (commit " + EDGEC_GIT_COMMIT + ", MLIR " +
         LLVM_VERSION_STRING + ")";
}

namespace {

/// Calibration samples the int8 model is evaluated on against float (per-layer SQNR).
constexpr size_t kEvaluationSamples = 8;
/// Calibration samples each --mixed-precision auto trial is evaluated on.
constexpr size_t kMixedPrecisionSamples = 64;

/// The default model name: the file's stem as a C identifier.
std::string defaultName(const std::string &path) {
  std::string stem = llvm::sys::path::stem(path).str();
  for (char &c : stem)
    if (!std::isalnum(static_cast<unsigned char>(c)))
      c = '_';
  if (stem.empty() || std::isdigit(static_cast<unsigned char>(stem[0])))
    stem = "m_" + stem;
  return stem;
}

/// Prints a module so that it parses back identically (locations included).
bool writeModule(ModuleOp module, const std::string &path) {
  std::error_code ec;
  llvm::raw_fd_ostream os(path, ec);
  if (ec) {
    spdlog::error("error: cannot write {}: {}", path, ec.message());
    return false;
  }
  module->print(os, OpPrintingFlags().enableDebugInfo(true, /*prettyForm=*/false));
  return true;
}

std::string dumpPath(const std::string &dir, int position, StringRef phase) {
  char prefix[8];
  std::snprintf(prefix, sizeof(prefix), "%02d", position);
  return dir + "/" + prefix + "-" + phase.str() + ".mlir";
}

/// Marks the phase each pass completes on the module (so a dump can be resumed)
/// and writes the requested dumps.
class PhaseTracker : public PassInstrumentation {
public:
  PhaseTracker(const CompileRequest &request, bool &dumpFailed)
      : request(request), dumpFailed(dumpFailed) {}
  void runBeforePass(Pass *pass, Operation *) override {
    started = std::chrono::steady_clock::now();
    spdlog::debug("running {}", pass->getArgument().str());
  }
  void runAfterPass(Pass *pass, Operation *op) override {
    auto module = dyn_cast<ModuleOp>(op);
    if (!module)
      return;
    StringRef phase = pass->getArgument();
    module->setAttr(kCompletedPhaseAttr, StringAttr::get(op->getContext(), phase));
    double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
    spdlog::debug("{} done in {:.1f} ms", phase.str(), ms);
    if (request.dumpDir.empty() || (request.dumpAfter != "all" && request.dumpAfter != phase))
      return;
    int position = firstPhaseAfter(phase);
    if (!writeModule(module, dumpPath(request.dumpDir, position, phase)))
      dumpFailed = true;
  }

private:
  const CompileRequest &request;
  bool &dumpFailed;
  std::chrono::steady_clock::time_point started;
};

/// Writes `files` into a fresh sibling folder, then swaps it in for `outDir`:
/// a failure never leaves a half-written output. An existing folder is replaced only
/// if it is empty or an earlier edgec output (its report.json, or with --emit=mlir/onnx its
/// <name>.mlir/<name>.onnx).
int writeOutput(const FileSet &files, const std::string &outDir, const std::string &name) {
  llvm::SmallString<256> out(outDir);
  // Absolute: createUniqueDirectory puts a relative name under the system's temp folder.
  llvm::sys::fs::make_absolute(out);
  llvm::sys::path::remove_dots(out, true);
  if (llvm::sys::fs::exists(out)) {
    bool isEdgecOutput = llvm::sys::fs::exists(out + "/report.json") ||
                         llvm::sys::fs::exists(out + "/" + name + ".mlir") ||
                         llvm::sys::fs::exists(out + "/" + name + ".onnx");
    std::error_code ec;
    bool empty = llvm::sys::fs::directory_iterator(out, ec) == llvm::sys::fs::directory_iterator();
    if (!llvm::sys::fs::is_directory(out) || (!isEdgecOutput && !empty)) {
      spdlog::error("error: output '{}' exists and is not an edgec output folder; refusing to replace it", outDir);
      return kExitUsage;
    }
  }
  llvm::SmallString<256> parent(llvm::sys::path::parent_path(out));
  if (parent.empty())
    parent = ".";
  if (std::error_code ec = llvm::sys::fs::create_directories(parent)) {
    spdlog::error("error: cannot create '{}': {}", parent.str().str(), ec.message());
    return kExitUsage;
  }
  llvm::SmallString<256> staging;
  if (std::error_code ec = llvm::sys::fs::createUniqueDirectory(out + ".edgec-tmp", staging)) {
    spdlog::error("error: cannot create a staging folder next to '{}': {}", outDir, ec.message());
    return kExitUsage;
  }
  if (std::string error; !writeFiles(files, staging, error)) {
    spdlog::error("error: {}", error);
    llvm::sys::fs::remove_directories(staging);
    return kExitUsage;
  }
  if (llvm::sys::fs::exists(out))
    llvm::sys::fs::remove_directories(out);
  if (std::error_code ec = llvm::sys::fs::rename(staging, out)) {
    spdlog::error("error: cannot move the output into '{}': {}", outDir, ec.message());
    llvm::sys::fs::remove_directories(staging);
    return kExitUsage;
  }
  return kExitOk;
}

/// An int8 model's layers that run in float between dequantize and quantize (report.json's
/// float_layers): one warning naming them, so that --Werror can refuse them.
void warnFloatLayers(const std::string &reportText) {
  auto report = llvm::json::parse(reportText);
  if (!report) {
    llvm::consumeError(report.takeError());
    return;
  }
  auto *object = report->getAsObject();
  auto *quantization = object ? object->getObject("quantization") : nullptr;
  auto *layers = quantization ? quantization->getArray("float_layers") : nullptr;
  if (!layers)
    return;
  std::string names;
  size_t fallbacks = 0;
  for (const auto &layer : *layers) {
    auto *l = layer.getAsObject();
    // A float graph output is a choice (quantizing it would only round it), not a fallback;
    // so is a custom op (user code on float tensors).
    llvm::StringRef reason = l ? l->getString("reason").value_or("") : "";
    if (!l || reason.starts_with("its result is a graph output") || reason.starts_with("custom op"))
      continue;
    if (fallbacks++ < 5)
      names += (names.empty() ? "" : ", ") + l->getString("name").value_or("?").str() + " (" +
               l->getString("op").value_or("?").str() + ")";
  }
  if (fallbacks)
    spdlog::warn("warning: {} layer{} of the int8 model run{} in float: {}{} (report.json's float_layers says why)",
                 fallbacks, fallbacks == 1 ? "" : "s", fallbacks == 1 ? "s" : "", names, fallbacks > 5 ? ", ..." : "");
}

int compile(const CompileRequest &request, CompileResult *result) {
  Session session;
  MLIRContext &context = session.context();
  // Passes print IR between themselves for the dumps: one thread keeps it deterministic.
  context.disableMultithreading();
  auto status = [&](int fallback) { return session.errorCount() ? fallback : kExitInternal; };

  if (!request.name.empty() && !isCIdentifier(request.name)) {
    spdlog::error("error: --name '{}' is not a C identifier", request.name);
    return kExitUsage;
  }
  int64_t maxMemory = 0;
  if (!request.maxMemory.empty()) {
    std::optional<int64_t> parsed = parseByteSize(request.maxMemory);
    if (!parsed || *parsed < 1) {
      spdlog::error("error: --max-memory expects a size like 4096, 512K, 64M or 4G, got '{}'", request.maxMemory);
      return kExitUsage;
    }
    maxMemory = *parsed;
  }
  PatchRequest patching;
  if (!request.patch.empty()) {
    std::optional<PatchRequest> parsed = parsePatch(request.patch);
    if (!parsed) {
      spdlog::error("error: --patch expects LAYERSxGRID, e.g. 4x3 (2 to 64 kernels, 1 to 64 patches per side), got '{}'",
                    request.patch);
      return kExitUsage;
    }
    patching = *parsed;
  }
  if (!request.arenaLimit.empty()) {
    std::optional<int64_t> parsed = parseByteSize(request.arenaLimit);
    if (!parsed || *parsed < 1) {
      spdlog::error("error: --arena-limit expects a size like 4096, 256K or 2M, got '{}'", request.arenaLimit);
      return kExitUsage;
    }
    patching.arenaLimit = *parsed;
  }
  if (!llvm::sys::fs::exists(request.model)) {
    spdlog::error("error: {}: no such file", request.model);
    return kExitUsage;
  }
  if (!request.dumpAfter.empty()) {
    if (request.dumpAfter != "all" && request.dumpAfter != "import" && firstPhaseAfter(request.dumpAfter) < 0) {
      spdlog::error("error: --dump-after '{}' names no pass (try 'all')", request.dumpAfter);
      return kExitUsage;
    }
    if (request.dumpDir.empty()) {
      spdlog::error("error: --dump-after needs --dump-dir");
      return kExitUsage;
    }
    llvm::sys::fs::create_directories(request.dumpDir);
  }

  if (request.emit == "onnx" && !request.quantize.empty()) {
    spdlog::error("error: --emit onnx exports the float graph after compression; --quantize is not supported with it");
    return kExitUsage;
  }
  if (request.io == "int8" && request.quantize.empty()) {
    spdlog::error("error: --io int8 is for int8 models: add --quantize int8");
    return kExitUsage;
  }
  if ((!request.int16Layers.empty() || !request.mixedPrecision.empty()) && request.quantize.empty()) {
    spdlog::error("error: --int16-layers and --mixed-precision choose int16 layers of an int8 model: add --quantize int8");
    return kExitUsage;
  }
  std::optional<AccuracyBudget> budget;
  if (!request.mixedPrecision.empty() || !request.accuracyBudget.empty()) {
    if (request.mixedPrecision.empty() || request.accuracyBudget.empty()) {
      spdlog::error("error: --mixed-precision auto and --accuracy-budget go together");
      return kExitUsage;
    }
    budget = AccuracyBudget::parse(request.accuracyBudget);
    if (!budget) {
      spdlog::error("error: --accuracy-budget expects a minimum output SQNR like 30dB or a maximum top-1 agreement "
                    "loss like 0.5%, got '{}'", request.accuracyBudget);
      return kExitUsage;
    }
  }
  if (!request.quantize.empty() && request.calibration.empty() &&
      llvm::sys::path::extension(request.model) != ".mlir") {
    spdlog::error("error: --quantize {} needs calibration data: --calibration PATH (a folder with one .npy, .pb "
                  "or .npz sample per file, or one .npz of stacked samples); edgec never calibrates on random data",
                  request.quantize);
    return kExitUsage;
  }

  if (!request.statePairs.empty()) {
    // Calibration and compression evaluation run host builds that feed every graph input a
    // sample, the state included.
    std::string conflict;
    if (llvm::sys::path::extension(request.model) == ".mlir")
      conflict = "a dump (it keeps the pairs of the compile that wrote it)";
    else if (!request.quantize.empty() || !request.eval.empty())
      conflict = (request.quantize.empty() ? "--eval" : "--quantize") + std::string(" yet");
    if (!conflict.empty()) {
      spdlog::error("error: --stateful does not work with {}", conflict);
      return kExitUsage;
    }
  }

  DictionaryAttr prune;
  if (!request.pruneChannels.empty()) {
    std::string error;
    prune = pruneRequest(&context, request, error);
    if (!prune) {
      spdlog::error("error: {}", error);
      return kExitUsage;
    }
  } else if (!request.pruneKeep.empty() || !request.pruneBudget.empty()) {
    // --prune-budget: the search fills in each layer's ratio (criterion and kept layers as asked).
    CompileRequest keepOnly = request;
    keepOnly.pruneChannels = "0";
    std::string error;
    prune = pruneRequest(&context, keepOnly, error);
  }

  DictionaryAttr sparsity;
  if (!request.sparsity.empty()) {
    std::string error;
    sparsity = sparsityRequest(&context, request.sparsity, error);
    if (!sparsity) {
      spdlog::error("error: {}", error);
      return kExitUsage;
    }
  }

  PruneGuard guard;
  guard.evalPath = request.eval;
  guard.labelsPath = request.evalLabels;
  if (!request.evalLabels.empty() && request.eval.empty()) {
    spdlog::error("error: --eval-labels labels the --eval samples: add --eval PATH");
    return kExitUsage;
  }
  if (!request.pruneBudget.empty()) {
    double budget = 0;
    if (llvm::StringRef(request.pruneBudget).trim().getAsDouble(budget) || !(budget > 0 && budget < 1)) {
      spdlog::error("error: --prune-budget expects the fraction of MACs to remove, in (0, 1), got '{}'",
                    request.pruneBudget);
      return kExitUsage;
    }
    if (!request.pruneChannels.empty()) {
      spdlog::error("error: --prune-budget chooses each layer's ratio itself: drop --prune-channels "
                    "(--prune-keep and --prune-criterion still apply)");
      return kExitUsage;
    }
    guard.budget = budget;
  }
  if (!request.maxAccuracyDrop.empty()) {
    guard.maxDrop = AccuracyBudget::parse(request.maxAccuracyDrop);
    if (!guard.maxDrop) {
      spdlog::error("error: --max-accuracy-drop expects a top-1 agreement loss like 1% or a minimum output SQNR "
                    "like 30dB, got '{}'", request.maxAccuracyDrop);
      return kExitUsage;
    }
    if (request.eval.empty()) {
      spdlog::error("error: --max-accuracy-drop is measured on --eval samples: add --eval PATH");
      return kExitUsage;
    }
  }
  if (!request.pruneKeep.empty() && request.pruneChannels.empty() && !guard.budget) {
    spdlog::error("error: --prune-keep names layers for --prune-channels or --prune-budget: add one");
    return kExitUsage;
  }

  std::vector<CustomOpSpec> customOps;
  ArrayAttr customOpSources;
  if (!parseCustomOps(request.customOps, customOps) ||
      !readCustomOpSources(&context, request.customOpSources, customOpSources))
    return kExitUsage;
  if (!request.customOpSources.empty() && request.customOps.empty() &&
      llvm::sys::path::extension(request.model) != ".mlir") {
    spdlog::error("error: --custom-op-source implements --custom-op functions: add --custom-op OP_TYPE=function");
    return kExitUsage;
  }

  auto started = std::chrono::steady_clock::now();
  OwningOpRef<ModuleOp> module;
  MemoryLimits limits = memoryLimits({}, maxMemory);
  int firstPhase = 0;
  bool fromDump = llvm::sys::path::extension(request.model) == ".mlir";
  if (fromDump) {
    if (!customOps.empty()) {
      spdlog::error("error: --custom-op applies to an ONNX import; the dump already holds its custom ops");
      return kExitUsage;
    }
    ParserConfig config(&context);
    module = parseSourceFile<ModuleOp>(request.model, config);
    if (!module)
      return status(kExitModel);
    auto completed = (*module)->getAttrOfType<StringAttr>(kCompletedPhaseAttr);
    firstPhase = completed ? firstPhaseAfter(completed.getValue()) : -1;
    if (firstPhase < 0) {
      spdlog::error("error: {}: not an edgec dump (no valid {} attribute)", request.model, kCompletedPhaseAttr);
      return kExitModel;
    }
    limits = memoryLimits((*module)->getAttrOfType<DictionaryAttr>("edgec.target"), maxMemory);
    if (customOpSources) // given again: they replace the dump's
      (*module)->setAttr(kCustomOpSourcesAttr, customOpSources);
  } else {
    // The target first: its memory limits bound every tensor the import may build.
    OwningOpRef<ModuleOp> scratch = ModuleOp::create(UnknownLoc::get(&context));
    DictionaryAttr target =
        loadTarget(*scratch, TargetRequest{request.target, request.targetDesc, request.targetOptions});
    if (!target)
      return kExitUsage;
    limits = memoryLimits(target, maxMemory);
    ImportOptions options;
    options.inputShapes = request.inputShapes;
    options.binds = request.binds;
    options.customOps = customOps;
    // A float weight that int8 quantization will shrink to a quarter is judged by that size.
    options.maxTensorBytes = std::max(limits.arenaBytes, limits.weightsBytes);
    if (!request.quantize.empty() && options.maxTensorBytes < (int64_t(1) << 60))
      options.maxTensorBytes *= 4;
    options.limitNote = limits.note();
    module = importOnnxFile(&context, request.model, options);
    if (!module)
      return status(kExitModel);
    Builder b(&context);
    std::string name = request.name.empty() ? defaultName(request.model) : request.name;
    (*module)->setAttr("edgec.name", b.getStringAttr(name));
    (*module)->setAttr("edgec.model_hash", b.getStringAttr(hashFile(request.model)));
    (*module)->setAttr("edgec.flags", b.getStringAttr(request.flags));
    (*module)->setAttr("edgec.target", target);
    if (!recordStatePairs(*module, request))
      return kExitUsage;
    if (customOpSources)
      (*module)->setAttr(kCustomOpSourcesAttr, customOpSources);
    if (!request.quantize.empty())
      (*module)->setAttr("edgec.quantize", b.getStringAttr(request.quantize));
    if (!request.quantize.empty() && request.io == "int8")
      (*module)->setAttr("edgec.io", b.getStringAttr("int8"));
    if (prune)
      (*module)->setAttr("edgec.prune", prune);
    if (sparsity)
      (*module)->setAttr("edgec.sparsity", sparsity);
    if (!request.int16Layers.empty()) {
      SmallVector<Attribute> names;
      for (const std::string &n : request.int16Layers)
        names.push_back(b.getStringAttr(n));
      (*module)->setAttr("edgec.int16_layers", b.getArrayAttr(names));
    }
    (*module)->setAttr(kCompletedPhaseAttr, b.getStringAttr("import"));
    if (!request.dumpDir.empty() && (request.dumpAfter == "all" || request.dumpAfter == "import") &&
        !writeModule(*module, dumpPath(request.dumpDir, 0, "import")))
      return kExitUsage;
  }
  spdlog::debug("import done in {:.1f} ms",
                std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count());

  PassManager pm(&context, ModuleOp::getOperationName(), OpPassManager::Nesting::Implicit);
  bool dumpFailed = false;
  pm.addInstrumentation(std::make_unique<PhaseTracker>(request, dumpFailed));
  // A quantized compile stops before edge-quantize to calibrate (unless a dump resumes later).
  const auto &phases = pipelinePhases();
  size_t calibrateAt = firstPhaseAfter("edge-prepare-quantization");
  bool calibrating = (*module)->hasAttr("edgec.quantize") && static_cast<size_t>(firstPhase) <= calibrateAt;
  if (calibrating && hasCustomOps(*module) && !(*module)->hasAttr(kCustomOpSourcesAttr)) {
    spdlog::error("error: calibration runs the float model on this machine, custom ops included: give their "
                  "implementation with --custom-op-source FILE");
    return kExitUsage;
  }
  if (calibrating && request.calibration.empty()) {
    spdlog::error("error: this dump is quantized but not yet calibrated: give --calibration PATH");
    return kExitUsage;
  }
  Calibration calibration;
  size_t pruneAt = firstPhaseAfter("edge-fold-batchnorm");
  size_t patchAt = firstPhaseAfter("edge-lower-to-kernel");
  bool choosingPatches = patching.layers > 0 || patching.arenaLimit > 0;
  // --emit onnx stops at graph level, after the compression phases.
  size_t endPhase = request.emit == "onnx" ? firstPhaseAfter(kLastCompressionPhase) : phases.size();
  for (size_t i = firstPhase; i < endPhase; ++i) {
    if (guard.active() && i == pruneAt) {
      if (failed(pm.run(*module)) || failed(guardPruning(*module, pruneAt, guard)))
        return status(kExitModel);
      pm.clear();
    }
    if (choosingPatches && i == patchAt) {
      if (failed(pm.run(*module)) || failed(choosePatching(*module, patching)))
        return status(kExitModel);
      pm.clear();
    }
    if (calibrating && i == calibrateAt) {
      if (failed(pm.run(*module)))
        return status(kExitModel);
      pm.clear();
      CalibrationOptions options;
      options.dataPath = request.calibration;
      options.observer = *quant::parseObserverKind(request.calibrate);
      if (budget) {
        // The search runs on its own copy, calibrated on half the samples (see MixedPrecision.h);
        // the model itself is then calibrated on all of them with the layers it chose.
        OwningOpRef<ModuleOp> search(module->clone());
        Calibration searchCalibration;
        CalibrationOptions half = options;
        half.subset = CalibrationOptions::Subset::Even;
        if (failed(searchCalibration.calibrate(*search, half)) ||
            failed(searchMixedPrecision(*search, calibrateAt, searchCalibration, *budget, request.int16Layers,
                                        kMixedPrecisionSamples)))
          return status(kExitModel);
        for (StringRef name : {"edgec.int16_layers", "edgec.mixed_precision"})
          (*module)->setAttr(name, (*search)->getAttr(name));
      }
      if (failed(calibration.calibrate(*module, options)))
        return status(kExitModel);
    }
    pm.addPass(phases[i].create());
  }
  if (failed(pm.run(*module)))
    return status(kExitModel);
  // The int8 result against float, layer by layer, for the report.
  // (With --io int8 the int8 model takes int8 inputs the float samples are not: not evaluated yet.)
  if (calibrating && !(*module)->hasAttr("edgec.io") && failed(calibration.evaluate(*module, kEvaluationSamples)))
    return status(kExitModel);
  if (dumpFailed)
    return kExitUsage;
  logPruning(*module);
  logSparsity(*module);
  if (!checkMemoryLimits(*module, limits))
    return kExitModel;
  if (auto arena = (*module)->getAttrOfType<IntegerAttr>("edgec.arena_bytes");
      patching.arenaLimit > 0 && arena && arena.getInt() > patching.arenaLimit) {
    spdlog::error("error: the arena of {} does not fit --arena-limit {}", describeBytes(arena.getInt()),
                  describeBytes(patching.arenaLimit));
    return kExitModel;
  }

  std::string name = request.name;
  if (name.empty()) {
    auto recorded = (*module)->getAttrOfType<StringAttr>("edgec.name");
    name = recorded ? recorded.getValue().str() : defaultName(request.model);
  }
  FileSet files;
  llvm::json::Object firmware;
  if (request.emit == "mlir") {
    std::string text;
    llvm::raw_string_ostream os(text);
    (*module)->print(os, OpPrintingFlags().enableDebugInfo(true, false));
    files[name + ".mlir"] = os.str();
  } else if (request.emit == "onnx") {
    if (failed(exportOnnx(*module, name, files[name + ".onnx"])))
      return status(kExitModel);
  } else {
    EmitOptions options;
    options.name = name;
    options.withMain = request.withMain;
    options.weightsAsCArray = request.weightsAsCArray;
    options.traceTensors = request.traceTensors;
    if (failed(emitCpp(*module, options, files)))
      return status(kExitModel);
    // A bare-metal target's flash and RAM come from its own compiler's objects.
    if (targetBuild((*module)->getAttrOfType<DictionaryAttr>("edgec.target")).bareMetal()) {
      firmware = measureFirmware(*module, files, name);
      if (firmware.getBoolean("measured") != std::optional<bool>(true))
        spdlog::warn("warning: flash and RAM not measured: {}", firmware.getString("reason").value_or("").str());
      addFirmwareReport(files, llvm::json::Object(firmware));
      auto get = [&](llvm::StringRef key) { return firmware.getInteger(key).value_or(0); };
      if (get("ram_capacity") > 0 && get("ram_bytes") > get("ram_capacity"))
        spdlog::warn("warning: the model code needs {} of RAM (static arenas and data {}, deepest stack {}), more "
                     "than the {} the target describes",
                     describeBytes(get("ram_bytes")), describeBytes(get("data_bytes") + get("bss_bytes")),
                     describeBytes(get("stack_bytes")), describeBytes(get("ram_capacity")));
    }
    warnFloatLayers(files["report.json"]);
  }
  if (request.werror && !logRecord().warnings.empty()) {
    spdlog::error("error: --Werror: {} warning{} (nothing written)", logRecord().warnings.size(),
                  logRecord().warnings.size() == 1 ? "" : "s");
    return kExitModel;
  }
  if (int rc = writeOutput(files, request.outDir, name))
    return rc;
  if (result) {
    result->name = name;
    result->outDir = request.outDir;
    for (const auto &[path, content] : files)
      result->files.push_back({path, static_cast<int64_t>(content.size())});
    if (!firmware.empty()) {
      std::string text;
      llvm::raw_string_ostream os(text);
      os << llvm::json::Value(llvm::json::Object(firmware));
      result->firmwareJson = os.str();
    }
  }
  double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
  auto arena = (*module)->getAttrOfType<IntegerAttr>("edgec.arena_bytes");
  auto bound = (*module)->getAttrOfType<IntegerAttr>("edgec.lower_bound_bytes");
  auto weights = (*module)->getAttrOfType<IntegerAttr>("edgec.weights_bytes");
  auto target = (*module)->getAttrOfType<DictionaryAttr>("edgec.target");
  auto targetName = target ? target.getAs<StringAttr>("name") : StringAttr();
  std::string pools;
  if (auto list = (*module)->getAttrOfType<ArrayAttr>("edgec.pools"); list && list.size() > 1)
    for (auto pool : list.getAsRange<DictionaryAttr>())
      pools += (pools.empty() ? " in pools " : ", ") + pool.getAs<StringAttr>("name").getValue().str() + " " +
               std::to_string(pool.getAs<IntegerAttr>("bytes").getInt());
  if (result) {
    result->target = targetName ? targetName.getValue().str() : request.target;
    result->arenaBytes = arena ? arena.getInt() : 0;
    result->lowerBoundBytes = bound ? bound.getInt() : 0;
    result->weightsBytes = weights ? weights.getInt() : 0;
    result->milliseconds = ms;
  }
  if (request.emit == "onnx") {
    spdlog::info("exported '{}' as ONNX opset {} after {} in {:.0f} ms -> {}", name, kExportOpset,
                 (*module)->getAttrOfType<StringAttr>(kCompletedPhaseAttr).getValue().str(), ms, request.outDir);
    return kExitOk;
  }
  spdlog::info("compiled '{}' for {} in {:.0f} ms: arena {} bytes{} (lower bound {}), weights {} bytes -> {}", name,
               targetName ? targetName.getValue().str() : request.target, ms, arena ? arena.getInt() : 0, pools,
               bound ? bound.getInt() : 0, weights ? weights.getInt() : 0, request.outDir);
  if (firmware.getBoolean("measured") == std::optional<bool>(true)) {
    auto get = [&](llvm::StringRef key) { return firmware.getInteger(key).value_or(0); };
    spdlog::info("firmware ({}): flash {} of {} (text {}, rodata {}, data {}), RAM {} of {} (data {}, bss {}, "
                 "stack {})",
                 firmware.getString("toolchain").value_or("").str(), describeBytes(get("flash_bytes")),
                 describeBytes(get("flash_capacity")), get("text_bytes"), get("rodata_bytes"), get("data_bytes"),
                 describeBytes(get("ram_bytes")), describeBytes(get("ram_capacity")), get("data_bytes"),
                 get("bss_bytes"), get("stack_bytes"));
  }
  return kExitOk;
}

} // namespace

LogRecord &logRecord() {
  static LogRecord record;
  return record;
}

std::string compileResultJson(const CompileResult &result, int exitCode) {
  llvm::json::Array files, warnings, errors;
  for (const auto &[path, bytes] : result.files)
    files.push_back(llvm::json::Object{{"path", path}, {"bytes", bytes}});
  for (const std::string &w : logRecord().warnings)
    warnings.push_back(w);
  for (const std::string &e : logRecord().errors)
    errors.push_back(e);
  auto figure = [](int64_t v) { return v < 0 ? llvm::json::Value(nullptr) : llvm::json::Value(v); };
  llvm::json::Value firmware = nullptr;
  if (!result.firmwareJson.empty()) {
    if (auto parsed = llvm::json::parse(result.firmwareJson))
      firmware = std::move(*parsed);
    else
      llvm::consumeError(parsed.takeError());
  }
  llvm::json::Object object{{"status", exitCode == kExitOk ? "ok" : "error"},
                            {"exit_code", exitCode},
                            {"model", result.model},
                            {"name", result.name},
                            {"target", result.target},
                            {"output", exitCode == kExitOk ? llvm::json::Value(result.outDir) : nullptr},
                            {"files", std::move(files)},
                            {"arena_bytes", figure(result.arenaBytes)},
                            {"lower_bound_bytes", figure(result.lowerBoundBytes)},
                            {"weights_bytes", figure(result.weightsBytes)},
                            {"firmware", std::move(firmware)},
                            {"milliseconds", result.milliseconds},
                            {"warnings", std::move(warnings)},
                            {"errors", std::move(errors)}};
  std::string text;
  llvm::raw_string_ostream os(text);
  os << llvm::formatv("{0:2}", llvm::json::Value(std::move(object)));
  return os.str();
}

int runCompile(const CompileRequest &request, CompileResult *result) {
  // An internal bug must end as exit code 3 with a message, never as a signal.
  llvm::CrashRecoveryContext::Enable();
  llvm::CrashRecoveryContext crash;
  int rc = kExitInternal;
  if (!crash.RunSafely([&] { rc = compile(request, result); })) {
    spdlog::error("internal error: edgec crashed while compiling '{}' (please report it with the model)", request.model);
    return kExitInternal;
  }
  return rc;
}

} // namespace edgec
