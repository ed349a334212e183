// Calibration for int8 post-training quantization: the float model, compiled by edgec itself
// for the host with an observer hook after every kernel, runs on each calibration sample; the
// observed range of every value is recorded in the IR (edgec.range) for edge-quantize.
#include "tools/edgec/Calibration.h"
#include "tools/edgec/Subprocess.h"

#include "compiler/quant/CalibrationData.h"
#include "compiler/quant/ProgressBar.h"
#include "passes/Passes.h"
#include "passes/compress/QuantTypes.h"
#include "targets/emit/CppEmitter.h"

#include "edgec/harness_io.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/Pass/PassManager.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/raw_ostream.h"

#include <spdlog/spdlog.h>

#include <chrono>
#include <cmath>
#include <cstdlib>

using namespace mlir;

namespace edgec {
namespace {

constexpr const char *kObserveAttr = "edgec.observe";
constexpr const char *kRangeAttr = "edgec.range";
constexpr const char *kExtentAttr = "edgec.extent"; // full observed min/max (int16 tensors use it)

/// Values whose range is calibrated: the float results of compute ops (data movement keeps
/// its input's parameters, constants are weights).
bool observed(Operation &op) {
  return op.getNumResults() == 1 && !isa<edge::ConstantOp>(op) && !keepsInputParams(&op) &&
         cast<ShapedType>(op.getResult(0).getType()).getElementType().isF32();
}

/// The host C++ compiler: $CXX, else c++, g++ or clang++ from PATH.
std::optional<std::string> hostCompiler() {
  if (const char *cxx = std::getenv("CXX"); cxx && *cxx)
    if (auto path = llvm::sys::findProgramByName(cxx))
      return *path;
  for (const char *name : {"c++", "g++", "clang++"})
    if (auto path = llvm::sys::findProgramByName(name))
      return *path;
  return std::nullopt;
}

/// Writes `files` under `dir` and builds the harness with the host C++ compiler.
std::optional<std::string> buildHarness(const FileSet &files, StringRef dir, std::string &error) {
  if (!writeFiles(files, dir, error))
    return std::nullopt;
  std::optional<std::string> cxx = hostCompiler();
  if (!cxx) {
    error = "calibration runs the model on this machine and needs a C++17 compiler: none found "
            "(set CXX, or put c++, g++ or clang++ on PATH)";
    return std::nullopt;
  }
  std::string exe = (dir + "/observed_main").str();
  std::vector<std::string> args = {"-std=c++17", "-O2", "-I", dir.str(), (dir + "/observed.cpp").str(),
                                   (dir + "/main.cpp").str()};
  // --custom-op-source files, each compiled on its own: a .c file as C (no -std=c++17).
  for (const auto &[path, text] : files) {
    if (!StringRef(path).starts_with("custom_ops/"))
      continue;
    std::string source = (dir + "/" + path).str(), object = source + ".o";
    std::vector<std::string> compile = {"-O2", "-I", dir.str(), "-c", source, "-o", object};
    if (StringRef(path).ends_with(".c"))
      compile.insert(compile.begin(), {"-x", "c"});
    else
      compile.insert(compile.begin(), "-std=c++17");
    if (!runProgram(*cxx, compile, (dir + "/build.log").str(), error))
      return std::nullopt;
    args.push_back(object);
  }
  args.insert(args.end(), {"-x", "assembler-with-cpp", (dir + "/observed_weights.S").str(), "-Wa,-I," + dir.str(),
                           "-o", exe});
  if (!runProgram(*cxx, args, (dir + "/build.log").str(), error))
    return std::nullopt;
  return exe;
}

/// The host build of a kernel-level module with an observer hook on every tagged value and
/// the --with-main harness; returns the executable's path.
std::optional<std::string> buildObserved(ModuleOp lowered, StringRef dir, std::string &error) {
  EmitOptions options;
  options.name = "observed";
  options.withMain = true;
  options.observeTensors = true;
  options.hostBuild = true;
  FileSet files;
  if (failed(emitCpp(lowered, options, files))) {
    error = "the model did not emit for calibration";
    return std::nullopt;
  }
  return buildHarness(files, dir, error);
}

/// A tensor file's values as float32 (integers converted by value) and, if asked, its shape.
bool readAsFloat(const std::string &path, std::vector<float> &values, std::string &error,
                 std::vector<int64_t> *shape = nullptr) {
  edgec_io::Tensor t;
  if (!edgec_io::read_tensor_file(path, t, error) || !edgec_io::convert_to(t, "float32", error))
    return false;
  values.resize(t.data.size() / sizeof(float));
  std::memcpy(values.data(), t.data.data(), values.size() * sizeof(float));
  if (shape)
    *shape = t.shape;
  return true;
}

/// Σ ref² and Σ (ref - x)² of one value over the evaluated samples.
struct ErrorSum {
  double signal = 0, noise = 0;
  void add(ArrayRef<float> ref, ArrayRef<float> x) {
    for (size_t i = 0; i < ref.size() && i < x.size(); ++i) {
      double d = static_cast<double>(ref[i]) - static_cast<double>(x[i]);
      signal += static_cast<double>(ref[i]) * ref[i];
      noise += d * d;
    }
  }
  double sqnrDb() const {
    if (noise == 0)
      return 200.0; // exact: report a large finite figure (JSON has no infinity)
    return signal == 0 ? -200.0 : 10.0 * std::log10(signal / noise);
  }
};

} // namespace

OutputQuality OutputQuality::of(DictionaryAttr eval) {
  OutputQuality q;
  if (!eval)
    return q;
  q.samples = eval.getAs<IntegerAttr>("samples").getInt();
  for (Attribute o : eval.getAs<ArrayAttr>("outputs")) {
    auto entry = cast<DictionaryAttr>(o);
    if (auto a = entry.getAs<FloatAttr>("top1_accuracy"))
      q.accuracy = a.getValueAsDouble();
    if (auto a = entry.getAs<FloatAttr>("reference_top1_accuracy"))
      q.referenceAccuracy = a.getValueAsDouble();
    q.sqnrDb = std::min(q.sqnrDb, entry.getAs<FloatAttr>("sqnr_db").getValueAsDouble());
    if (auto top1 = entry.getAs<FloatAttr>("top1_agreement"))
      q.top1 = std::min(q.top1.value_or(1.0), top1.getValueAsDouble());
  }
  return q;
}

Calibration::~Calibration() {
  if (!dir.empty() && !std::getenv("EDGEC_KEEP_CALIBRATION"))
    llvm::sys::fs::remove_directories(dir);
}

LogicalResult Calibration::runSample(StringRef exe, size_t index, const std::string &runDir, bool observeInputs,
                                     int pass) {
  quant::Sample sample;
  std::string error;
  if (!data->load(index, sample, error))
    return emitError(UnknownLoc::get(context), "calibration data: ") << error;
  std::vector<std::string> args;
  for (size_t i = 0; i < specs.size(); ++i) {
    edgec_io::Tensor t;
    t.dtype = "float32";
    t.shape = specs[i].shape;
    t.data.resize(sample.inputs[i].size() * sizeof(float));
    std::memcpy(t.data.data(), sample.inputs[i].data(), t.data.size());
    std::string path = (dir + "/input_" + std::to_string(i) + ".npy").str();
    if (!edgec_io::write_npy(path, t, error))
      return emitError(UnknownLoc::get(context)) << error;
    args.push_back(path);
    if (observeInputs && pass == 0)
      inputs[i]->observeRange(sample.inputs[i]);
    else if (observeInputs)
      inputs[i]->observeHistogram(sample.inputs[i]);
  }
  llvm::sys::fs::remove_directories(runDir);
  args.insert(args.end(), {"-o", runDir});
  if (!runProgram(exe, args, runDir + ".log", error))
    return emitError(UnknownLoc::get(context)) << "running the model on " << data->sampleName(index) << ": " << error;
  return success();
}

std::string Calibration::tracePath(const std::string &runDir, int64_t id) {
  char name[48];
  std::snprintf(name, sizeof(name), "/trace/%04lld_observe.npy", static_cast<long long>(id));
  return runDir + name;
}

std::vector<size_t> Calibration::indices(CalibrationOptions::Subset subset, size_t maxSamples) const {
  std::vector<size_t> out;
  for (size_t s = 0; s < data->size() && out.size() < maxSamples; ++s)
    if (subset == CalibrationOptions::Subset::All || (s % 2 == 0) == (subset == CalibrationOptions::Subset::Even))
      out.push_back(s);
  return out;
}

LogicalResult Calibration::calibrate(ModuleOp module, const CalibrationOptions &options) {
  context = module.getContext();
  func::FuncOp graph;
  for (auto f : module.getOps<func::FuncOp>())
    if (!f.isExternal() && f.getFunctionType().getNumResults() > 0)
      graph = f;
  if (!graph)
    return module.emitError("calibration needs the graph function");

  // The calibration data, checked against the graph inputs.
  uint64_t sampleBytes = 0;
  for (BlockArgument arg : graph.getArguments()) {
    auto type = cast<ShapedType>(arg.getType());
    auto name = graph.getArgAttrOfType<StringAttr>(arg.getArgNumber(), "edgec.name");
    if (!type.getElementType().isF32())
      return module.emitError() << "calibration feeds float32 inputs; input '" << (name ? name.getValue() : "")
                                << "' is " << type.getElementType();
    specs.push_back({name ? name.getValue().str() : "input" + std::to_string(arg.getArgNumber()),
                     std::vector<int64_t>(type.getShape().begin(), type.getShape().end())});
    sampleBytes += type.getNumElements() * sizeof(float);
  }
  std::string error;
  data = quant::CalibrationSet::open(options.dataPath, specs, std::max<uint64_t>(sampleBytes, 1), error);
  if (!data)
    return module.emitError() << "calibration data: " << error;

  // Tag every observed value. The tags stay: the float build here and the int8 build of
  // evaluate() carry them to their kernels, so both observe the same values.
  std::vector<Operation *> observedOps;
  for (Operation &op : graph.getBody().front().without_terminator())
    if (observed(op)) {
      op.setAttr(kObserveAttr, Builder(context).getI64IntegerAttr(observedOps.size()));
      observedOps.push_back(&op);
    }
  if (std::error_code ec = llvm::sys::fs::createUniqueDirectory("edgec-calibration", dir))
    return module.emitError() << "cannot create a temporary folder: " << ec.message();
  auto started = std::chrono::steady_clock::now();
  OwningOpRef<ModuleOp> lowered = module.clone();
  PassManager pm(context, ModuleOp::getOperationName());
  pm.addPass(createEdgeDCE());
  pm.addPass(createEdgeLowerToKernel());
  pm.addPass(createKernelPlanMemory());
  if (failed(pm.run(*lowered)))
    return module.emitError("the float model did not lower for calibration");
  std::optional<std::string> exe = buildObserved(*lowered, (dir + "/float").str(), error);
  if (!exe)
    return module.emitError() << "building the float model for calibration: " << error;
  floatExe = *exe;
  double buildSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();

  std::vector<std::unique_ptr<quant::RangeObserver>> values;
  for (size_t i = 0; i < specs.size(); ++i)
    inputs.push_back(quant::makeObserver(options.observer));
  for (size_t i = 0; i < observedOps.size(); ++i)
    values.push_back(quant::makeObserver(options.observer));
  // Histogram observers see every sample twice: pass 1 finds the range, pass 2 bins it.
  int passes = options.observer == quant::ObserverKind::MinMax ? 1 : 2;
  std::vector<size_t> samples = indices(options.subset, data->size());
  if (samples.empty())
    return module.emitError() << "calibration data: no samples in this subset of " << data->size();
  quant::ProgressBar bar(options.purpose, samples.size() * passes);
  std::vector<float> buffer;
  auto needsHistogram = [](const std::unique_ptr<quant::RangeObserver> &o) { return o->needsHistogram(); };
  std::string runDir = (dir + "/run-float").str();
  for (int pass = 0; pass < passes; ++pass) {
    if (pass == 1 && llvm::none_of(values, needsHistogram) && llvm::none_of(inputs, needsHistogram))
      break;
    for (size_t i = 0; i < samples.size(); ++i) {
      size_t s = samples[i];
      if (failed(runSample(floatExe, s, runDir, true, pass)))
        return failure();
      for (size_t v = 0; v < values.size(); ++v) {
        if (!readAsFloat(tracePath(runDir, v), buffer, error))
          return module.emitError() << "calibration: " << error;
        if (pass == 0)
          values[v]->observeRange(buffer);
        else
          values[v]->observeHistogram(buffer);
      }
      bar.update(pass * samples.size() + i + 1);
    }
  }
  bar.finish();

  // The ranges, in the IR for edge-quantize (and for anyone reading a dump).
  Builder b(context);
  uint64_t nonFinite = 0;
  auto rangeAttr = [&](const quant::RangeObserver &o) {
    quant::RangeObserver::Range r = o.range();
    nonFinite += o.nonFiniteCount();
    return b.getDenseF32ArrayAttr({r.lo, r.hi});
  };
  auto extentAttr = [&](const quant::RangeObserver &o) { return b.getDenseF32ArrayAttr({o.min(), o.max()}); };
  for (size_t i = 0; i < inputs.size(); ++i) {
    graph.setArgAttr(i, kRangeAttr, rangeAttr(*inputs[i]));
    graph.setArgAttr(i, kExtentAttr, extentAttr(*inputs[i]));
  }
  for (size_t v = 0; v < values.size(); ++v) {
    observedOps[v]->setAttr(kRangeAttr, rangeAttr(*values[v]));
    observedOps[v]->setAttr(kExtentAttr, extentAttr(*values[v]));
  }
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  spdlog::log(options.purpose == "calibrating" ? spdlog::level::info : spdlog::level::debug,
              "calibrated {} values on {} samples ({} observer) in {:.1f} s (build {:.1f} s)",
              values.size() + inputs.size(), samples.size(), quant::observerKindName(options.observer), seconds,
              buildSeconds);
  if (nonFinite)
    spdlog::warn("warning: calibration saw {} NaN/Inf values; they were ignored", nonFinite);
  return success();
}

LogicalResult Calibration::evaluate(ModuleOp lowered, size_t maxSamples) {
  return evaluate(lowered, CalibrationOptions::Subset::All, maxSamples, false);
}

LogicalResult Calibration::evaluate(ModuleOp lowered, CalibrationOptions::Subset subset, size_t maxSamples,
                                    bool quiet) {
  if (floatExe.empty())
    return success();
  std::string error;
  std::optional<std::string> exe = buildObserved(lowered, (dir + "/int8").str(), error);
  if (!exe)
    return lowered.emitError() << "building the int8 model to evaluate it: " << error;
  // The observed kernels of the int8 model; an integer one also dequantizes its output.
  struct Observed {
    Operation *op;
    int64_t id;
    std::optional<std::pair<double, int64_t>> params; // scale, zero point
    ErrorSum error;
  };
  std::vector<Observed> observed;
  lowered.walk([&](Operation *op) {
    auto id = op->getAttrOfType<IntegerAttr>(kObserveAttr);
    if (!id || !isa<kernel::KernelDialect>(op->getDialect()))
      return;
    Observed o{op, id.getInt()};
    if (auto params = op->getAttrOfType<DictionaryAttr>("output_params")) {
      auto scales = params.getAs<DenseF64ArrayAttr>("scales");
      auto zps = params.getAs<DenseI64ArrayAttr>("zero_points");
      if (scales && zps && scales.size() == 1)
        o.params = {scales[0], zps[0]};
    }
    observed.push_back(o);
  });
  func::FuncOp graph;
  for (auto f : lowered.getOps<func::FuncOp>())
    if (!f.isExternal())
      graph = f;
  size_t numOutputs = graph ? graph.getNumArguments() - specs.size() : 0;
  std::vector<ErrorSum> outputs(numOutputs);
  std::vector<size_t> agree(numOutputs, 0), positions(numOutputs, 0);
  size_t labeled = 0, refCorrect = 0, gotCorrect = 0;
  std::vector<size_t> sampleIndices = indices(subset, maxSamples);
  size_t samples = sampleIndices.size();
  std::string floatRun = (dir + "/run-float").str(), intRun = (dir + "/run-int8").str();
  std::vector<float> ref, got;
  std::vector<int64_t> refShape, gotShape;
  for (size_t s : sampleIndices) {
    if (failed(runSample(floatExe, s, floatRun, false, 0)) || failed(runSample(*exe, s, intRun, false, 0)))
      return failure();
    for (Observed &o : observed) {
      if (!readAsFloat(tracePath(floatRun, o.id), ref, error) || !readAsFloat(tracePath(intRun, o.id), got, error))
        continue; // a value the int8 model no longer computes on its own
      if (o.params)
        for (float &v : got)
          v = static_cast<float>((v - static_cast<double>(o.params->second)) * o.params->first);
      o.error.add(ref, got);
    }
    for (size_t k = 0; k < numOutputs; ++k) {
      std::string name = "/output_" + std::to_string(k) + ".npy";
      if (!readAsFloat(floatRun + name, ref, error, &refShape) || !readAsFloat(intRun + name, got, error, &gotShape) ||
          refShape != gotShape)
        return lowered.emitError() << "evaluating the int8 model: " << error;
      outputs[k].add(ref, got);
      // Top-1 along the last axis, position by position.
      size_t classes = refShape.empty() ? 1 : static_cast<size_t>(refShape.back());
      for (size_t at = 0; classes > 1 && at + classes <= ref.size(); at += classes) {
        auto best = [&](const std::vector<float> &v) {
          return std::max_element(v.begin() + at, v.begin() + at + classes) - v.begin();
        };
        agree[k] += best(ref) == best(got);
        ++positions[k];
        // Against the sample's label: the first output's first position.
        if (k == 0 && at == 0 && s < labels.size()) {
          ++labeled;
          refCorrect += best(ref) == labels[s];
          gotCorrect += best(got) == labels[s];
        }
      }
    }
  }
  Builder b(lowered.getContext());
  for (Observed &o : observed)
    o.op->setAttr("edgec.sqnr_db", b.getF64FloatAttr(o.error.sqnrDb()));
  SmallVector<Attribute> results;
  for (size_t k = 0; k < numOutputs; ++k) {
    NamedAttrList entry;
    entry.set("sqnr_db", b.getF64FloatAttr(outputs[k].sqnrDb()));
    if (positions[k])
      entry.set("top1_agreement", b.getF64FloatAttr(static_cast<double>(agree[k]) / positions[k]));
    if (k == 0 && labeled) {
      entry.set("labeled_samples", b.getI64IntegerAttr(static_cast<int64_t>(labeled)));
      entry.set("top1_accuracy", b.getF64FloatAttr(static_cast<double>(gotCorrect) / labeled));
      entry.set("reference_top1_accuracy", b.getF64FloatAttr(static_cast<double>(refCorrect) / labeled));
    }
    results.push_back(entry.getDictionary(lowered.getContext()));
    if (!quiet)
      spdlog::info("int8 vs float on {} calibration samples: output {} SQNR {:.1f} dB{}", samples, k,
                 outputs[k].sqnrDb(),
                 positions[k] ? fmt::format(", top-1 agreement {:.1f} %", 100.0 * agree[k] / positions[k]) : "");
  }
  lowered->setAttr("edgec.quant_eval", b.getDictionaryAttr({b.getNamedAttr("samples", b.getI64IntegerAttr(samples)),
                                                            b.getNamedAttr("outputs", b.getArrayAttr(results))}));
  return success();
}

} // namespace edgec
