// Calibration for int8 post-training quantization: the float model, compiled by edgec itself
// for the host with an observer hook after every kernel, runs on each calibration sample; the
// observed range of every value is recorded in the IR (edgec.range) for edge-quantize.
#include "tools/edgec/Calibration.h"

#include "compiler/quant/CalibrationData.h"
#include "compiler/quant/ProgressBar.h"
#include "passes/Passes.h"
#include "targets/emit/CppEmitter.h"

#include "edgec/harness_io.h"

#include "mlir/IR/Builders.h"
#include "llvm/ADT/ScopeExit.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/Pass/PassManager.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/raw_ostream.h"

#include <spdlog/spdlog.h>

#include <chrono>
#include <cstdlib>

using namespace mlir;

namespace edgec {
namespace {

constexpr const char *kObserveAttr = "edgec.observe";
constexpr const char *kRangeAttr = "edgec.range";

/// Values whose range is calibrated: the float results of compute ops (data movement keeps
/// its input's parameters, constants are weights).
bool observed(Operation &op) {
  return op.getNumResults() == 1 && !isa<edge::ConstantOp, edge::ReshapeOp, edge::TransposeOp, edge::SliceOp,
                                         edge::IdentityOp, edge::PadOp>(op) &&
         cast<ShapedType>(op.getResult(0).getType()).getElementType().isF32();
}

/// Runs `program args` with output into `log`; false (and the log's tail) on failure.
bool runProgram(StringRef program, ArrayRef<std::string> args, const std::string &log, std::string &error) {
  SmallVector<StringRef> argv{program};
  for (const std::string &a : args)
    argv.push_back(a);
  std::optional<StringRef> redirects[] = {std::nullopt, StringRef(log), StringRef(log)};
  std::string message;
  int rc = llvm::sys::ExecuteAndWait(program, argv, std::nullopt, redirects, 0, 0, &message);
  if (rc == 0)
    return true;
  std::string tail;
  if (auto buffer = llvm::MemoryBuffer::getFile(log)) {
    StringRef text = (*buffer)->getBuffer();
    tail = text.size() > 2000 ? text.take_back(2000).str() : text.str();
  }
  error = "'" + program.str() + "' failed (" + (message.empty() ? "exit " + std::to_string(rc) : message) + ")" +
          (tail.empty() ? "" : ":\n" + tail);
  return false;
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

/// The calibration build: the float module lowered for the host, observer hooks on every
/// tagged value, the --with-main harness; returns the executable's path.
std::optional<std::string> buildObservedModel(ModuleOp module, StringRef dir, std::string &error) {
  OwningOpRef<ModuleOp> clone = module.clone();
  PassManager pm(module.getContext(), ModuleOp::getOperationName());
  pm.addPass(createEdgeDCE());
  pm.addPass(createEdgeLowerToKernel());
  pm.addPass(createKernelPlanMemory());
  if (failed(pm.run(*clone))) {
    error = "the float model did not lower for calibration";
    return std::nullopt;
  }
  EmitOptions options;
  options.name = "calibration";
  options.withMain = true;
  options.observeTensors = true;
  FileSet files;
  if (failed(emitCpp(*clone, options, files))) {
    error = "the float model did not emit for calibration";
    return std::nullopt;
  }
  for (const auto &[rel, content] : files) {
    SmallString<256> path(dir);
    llvm::sys::path::append(path, rel);
    llvm::sys::fs::create_directories(llvm::sys::path::parent_path(path));
    std::error_code ec;
    llvm::raw_fd_ostream os(path, ec);
    if (ec) {
      error = "cannot write " + path.str().str() + ": " + ec.message();
      return std::nullopt;
    }
    os << content;
  }
  std::optional<std::string> cxx = hostCompiler();
  if (!cxx) {
    error = "calibration runs the float model on this machine and needs a C++17 compiler: none found "
            "(set CXX, or put c++, g++ or clang++ on PATH)";
    return std::nullopt;
  }
  std::string exe = (dir + "/calibration_main").str();
  std::vector<std::string> args = {"-std=c++17", "-O2", "-I", dir.str(), (dir + "/calibration.cpp").str(),
                                   (dir + "/main.cpp").str(), "-x", "assembler-with-cpp",
                                   (dir + "/calibration_weights.S").str(), "-Wa,-I," + dir.str(), "-o", exe};
  if (!runProgram(*cxx, args, (dir + "/build.log").str(), error)) {
    error = "building the float model for calibration: " + error;
    return std::nullopt;
  }
  return exe;
}

/// Reads one observed tensor as float32 values.
bool readObserved(const std::string &path, std::vector<float> &values, std::string &error) {
  edgec_io::Tensor t;
  if (!edgec_io::read_tensor_file(path, t, error) || !edgec_io::convert_to(t, "float32", error))
    return false;
  values.resize(t.data.size() / sizeof(float));
  std::memcpy(values.data(), t.data.data(), values.size() * sizeof(float));
  return true;
}

} // namespace

LogicalResult calibrate(ModuleOp module, const CalibrationOptions &options) {
  func::FuncOp graph;
  for (auto f : module.getOps<func::FuncOp>())
    if (!f.isExternal() && f.getFunctionType().getNumResults() > 0)
      graph = f;
  if (!graph)
    return module.emitError("calibration needs the graph function");

  // The calibration data, checked against the graph inputs.
  std::vector<quant::InputSpec> specs;
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
  std::optional<quant::CalibrationSet> data =
      quant::CalibrationSet::open(options.dataPath, specs, std::max<uint64_t>(sampleBytes, 1), error);
  if (!data)
    return module.emitError() << "calibration data: " << error;

  // Tag every observed value; the clone built for the host carries the tags to its kernels.
  std::vector<Operation *> observedOps;
  for (Operation &op : graph.getBody().front().without_terminator())
    if (observed(op)) {
      op.setAttr(kObserveAttr, Builder(module.getContext()).getI64IntegerAttr(observedOps.size()));
      observedOps.push_back(&op);
    }
  SmallString<256> dir;
  if (std::error_code ec = llvm::sys::fs::createUniqueDirectory("edgec-calibration", dir))
    return module.emitError() << "cannot create a temporary folder: " << ec.message();
  auto cleanup = llvm::make_scope_exit([&] {
    for (Operation *op : observedOps)
      op->removeAttr(kObserveAttr);
    if (!std::getenv("EDGEC_KEEP_CALIBRATION"))
      llvm::sys::fs::remove_directories(dir);
  });
  auto started = std::chrono::steady_clock::now();
  std::optional<std::string> exe = buildObservedModel(module, dir, error);
  if (!exe)
    return module.emitError() << error;
  double buildSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();

  std::vector<std::unique_ptr<quant::RangeObserver>> inputs, values;
  for (size_t i = 0; i < specs.size(); ++i)
    inputs.push_back(quant::makeObserver(options.observer));
  for (size_t i = 0; i < observedOps.size(); ++i)
    values.push_back(quant::makeObserver(options.observer));
  // Histogram observers see every sample twice: pass 1 finds the range, pass 2 bins it.
  int passes = options.observer == quant::ObserverKind::MinMax ? 1 : 2;
  quant::ProgressBar bar("calibrating", data->size() * passes);
  std::vector<float> buffer;
  auto needsHistogram = [](const std::unique_ptr<quant::RangeObserver> &o) { return o->needsHistogram(); };
  for (int pass = 0; pass < passes; ++pass) {
    if (pass == 1 && llvm::none_of(values, needsHistogram) && llvm::none_of(inputs, needsHistogram))
      break;
    for (size_t s = 0; s < data->size(); ++s) {
      quant::Sample sample;
      if (!data->load(s, sample, error))
        return module.emitError() << "calibration data: " << error;
      std::vector<std::string> args;
      for (size_t i = 0; i < specs.size(); ++i) {
        edgec_io::Tensor t;
        t.dtype = "float32";
        t.shape = specs[i].shape;
        t.data.resize(sample.inputs[i].size() * sizeof(float));
        std::memcpy(t.data.data(), sample.inputs[i].data(), t.data.size());
        std::string path = (dir + "/input_" + std::to_string(i) + ".npy").str();
        if (!edgec_io::write_npy(path, t, error))
          return module.emitError() << error;
        args.push_back(path);
        if (pass == 0)
          inputs[i]->observeRange(sample.inputs[i]);
        else
          inputs[i]->observeHistogram(sample.inputs[i]);
      }
      std::string runDir = (dir + "/run").str();
      llvm::sys::fs::remove_directories(runDir);
      args.insert(args.end(), {"-o", runDir});
      if (!runProgram(*exe, args, (dir + "/run.log").str(), error))
        return module.emitError() << "running the float model on " << data->sampleName(s) << ": " << error;
      for (size_t v = 0; v < values.size(); ++v) {
        char name[48];
        std::snprintf(name, sizeof(name), "/trace/%04zu_observe.npy", v);
        if (!readObserved(runDir + name, buffer, error))
          return module.emitError() << "calibration: " << error;
        if (pass == 0)
          values[v]->observeRange(buffer);
        else
          values[v]->observeHistogram(buffer);
      }
      bar.update(pass * data->size() + s + 1);
    }
  }
  bar.finish();

  // The ranges, in the IR for edge-quantize (and for anyone reading a dump).
  Builder b(module.getContext());
  uint64_t nonFinite = 0;
  auto rangeAttr = [&](const quant::RangeObserver &o) {
    quant::RangeObserver::Range r = o.range();
    nonFinite += o.nonFiniteCount();
    return b.getDenseF32ArrayAttr({r.lo, r.hi});
  };
  for (size_t i = 0; i < inputs.size(); ++i)
    graph.setArgAttr(i, kRangeAttr, rangeAttr(*inputs[i]));
  for (size_t v = 0; v < values.size(); ++v)
    observedOps[v]->setAttr(kRangeAttr, rangeAttr(*values[v]));
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  spdlog::info("calibrated {} values on {} samples ({} observer) in {:.1f} s (build {:.1f} s)",
               values.size() + inputs.size(), data->size(), quant::observerKindName(options.observer), seconds,
               buildSeconds);
  if (nonFinite)
    spdlog::warn("warning: calibration saw {} NaN/Inf values; they were ignored", nonFinite);
  return success();
}

} // namespace edgec
