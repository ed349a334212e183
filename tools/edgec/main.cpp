// edgec command line: parses arguments (CLI11) and hands plain requests to the driver.
#include "tools/edgec/Driver.h"

#include <CLI/CLI.hpp>
#include <spdlog/sinks/base_sink.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <sstream>

namespace {

/// "NAME=1x3x96x96" -> (NAME, {1,3,96,96}); empty name on a malformed spec.
std::pair<std::string, std::vector<int64_t>> parseShape(const std::string &spec) {
  size_t eq = spec.rfind('=');
  if (eq == std::string::npos || eq == 0 || eq + 1 == spec.size())
    return {};
  std::vector<int64_t> dims;
  std::stringstream ss(spec.substr(eq + 1));
  std::string part;
  while (std::getline(ss, part, 'x')) {
    if (part.empty() || part.find_first_not_of("0123456789") != std::string::npos || part.size() > 9)
      return {};
    dims.push_back(std::stoll(part));
  }
  return {spec.substr(0, eq), dims};
}

bool parseShapes(const std::vector<std::string> &specs,
                 std::vector<std::pair<std::string, std::vector<int64_t>>> &out) {
  for (const auto &s : specs) {
    auto parsed = parseShape(s);
    if (parsed.first.empty()) {
      std::fprintf(stderr, "edgec: error: --input-shape expects NAME=D0xD1x..., got '%s'\n", s.c_str());
      return false;
    }
    out.push_back(parsed);
  }
  return true;
}

/// "NAME=16000" or "NAME=1,0.5,2" (true/false for booleans) -> (NAME, values).
bool parseBinds(const std::vector<std::string> &specs, std::vector<std::pair<std::string, std::vector<double>>> &out) {
  for (const auto &spec : specs) {
    size_t eq = spec.find('=');
    std::vector<double> values;
    bool ok = eq != std::string::npos && eq > 0 && eq + 1 < spec.size();
    std::stringstream ss(ok ? spec.substr(eq + 1) : "");
    std::string part;
    while (ok && std::getline(ss, part, ',')) {
      if (part == "true" || part == "false") {
        values.push_back(part == "true");
        continue;
      }
      char *end = nullptr;
      double v = std::strtod(part.c_str(), &end);
      ok = !part.empty() && end == part.c_str() + part.size() && std::isfinite(v);
      values.push_back(v);
    }
    if (!ok || values.empty()) {
      std::fprintf(stderr, "edgec: error: --bind expects NAME=VALUE or NAME=V0,V1,... (numbers, true, false), got '%s'\n",
                   spec.c_str());
      return false;
    }
    out.emplace_back(spec.substr(0, eq), values);
  }
  return true;
}

/// "NAME_IN=NAME_OUT" -> (NAME_IN, NAME_OUT) for --stateful.
bool parseStatePairs(const std::vector<std::string> &specs, std::vector<std::pair<std::string, std::string>> &out) {
  for (const auto &spec : specs) {
    size_t eq = spec.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == spec.size() || spec.find('=', eq + 1) != std::string::npos) {
      std::fprintf(stderr, "edgec: error: --stateful expects NAME_IN=NAME_OUT (a graph input and output), got '%s'\n",
                   spec.c_str());
      return false;
    }
    out.emplace_back(spec.substr(0, eq), spec.substr(eq + 1));
  }
  return true;
}

/// Records every warning and error (edgec::logRecord): --Werror counts them, --json lists them.
class RecordSink : public spdlog::sinks::base_sink<spdlog::details::null_mutex> {
protected:
  void sink_it_(const spdlog::details::log_msg &msg) override {
    std::string text(msg.payload.data(), msg.payload.size());
    if (msg.level == spdlog::level::warn)
      edgec::logRecord().warnings.push_back(text);
    else if (msg.level >= spdlog::level::err)
      edgec::logRecord().errors.push_back(text);
  }
  void flush_() override {}
};

} // namespace

int main(int argc, char **argv) {
  CLI::App app{"edgec: compiles an ONNX model into self-contained C++ for an edge target"};
  app.require_subcommand(0, 1);
  app.fallthrough(); // -v and --quiet work before or after the subcommand
  bool version = false, verbose = false, quiet = false;
  app.add_flag("--version", version, "Print edgec's version, commit and MLIR version");
  app.add_flag("-v,--verbose", verbose, "Log each phase");
  app.add_flag("--quiet", quiet, "Print errors only");

  edgec::CompileRequest compile;
  std::vector<std::string> compileShapes;
  std::string weights = "incbin";
  auto *compileCmd = app.add_subcommand("compile", "Compile MODEL (.onnx, or .mlir from a dump) for a target");
  compileCmd->add_option("model", compile.model, "ONNX model or dumped .mlir")->required();
  compileCmd->add_option("-t,--target", compile.target, "Target (see `edgec targets`)");
  compileCmd->add_option("--target-desc", compile.targetDesc,
                         "Your board: a JSON target description that \"inherits\" a built-in one and overrides "
                         "its fields (pools, caches, vector_bits...)");
  compileCmd->add_option("--target-opt", compile.targetOptions,
                         "Override the target's figures: sram=320K,l1=32K,sram.speed=2 (pool sizes, caches, "
                         "vector_bits, alignment)");
  compileCmd->add_option("-o,--output", compile.outDir, "Output folder (replaced atomically)")->required();
  compileCmd->add_option("--name", compile.name, "C identifier prefixing every generated symbol");
  compileCmd->add_option("--input-shape", compileShapes, "Fix a dynamic input: NAME=1x3x96x96 (repeatable)");
  std::vector<std::string> compileBinds, inspectBinds;
  compileCmd->add_option("--bind", compileBinds,
                         "Fix an input to a constant: NAME=16000, or NAME=V0,V1,... (repeatable); it leaves the "
                         "generated API, and the If nodes and shapes it decides fold away");
  std::vector<std::string> compileStates;
  compileCmd->add_option("--stateful", compileStates,
                         "Keep a state in the arena across runs: NAME_IN=NAME_OUT, a graph input and the output that "
                         "is its next value (same shape and type; repeatable); both leave the run function's "
                         "arguments, <name>_state() reads or restores it, <name>_reset_state() zeroes it");
  compileCmd->add_option("--custom-op", compile.customOps,
                         "Compute nodes of an op type with your C function: OP_TYPE=function (any domain) or "
                         "DOMAIN.OP_TYPE=function (repeatable; signature in edgec/custom_op.h)");
  compileCmd->add_option("--custom-op-source", compile.customOpSources,
                         "A C/C++ file implementing --custom-op functions: copied to custom_ops/ and built into the "
                         "model library and calibration (repeatable)");
  compileCmd->add_option("--dump-after", compile.dumpAfter, "Dump the IR after a pass, or after 'all'");
  compileCmd->add_option("--dump-dir", compile.dumpDir, "Folder for --dump-after files (NN-<pass>.mlir)");
  compileCmd->add_option("--emit", compile.emit,
                         "What to write: cpp (default), mlir, or onnx (the graph after compression as "
                         "<name>.onnx, for fine-tuning or checking)")
      ->check(CLI::IsMember({"cpp", "mlir", "onnx"}));
  compileCmd->add_option("--arena-limit", compile.arenaLimit,
                         "Largest arena to accept (e.g. 256K): run the first layers patch by patch until "
                         "the arena fits, or fail with the smallest it can reach");
  compileCmd->add_option("--patch", compile.patch,
                         "Run the first LAYERS spatial kernels in GRIDxGRID patches, e.g. 4x3 (see --arena-limit)");
  compileCmd->add_flag("--with-main", compile.withMain, "Add main.cpp: the <name>_main test harness");
  compileCmd->add_flag("--trace-tensors", compile.traceTensors,
                       "Harness also writes every kernel's output as DIR/trace/<index>_<node>.npy");
  compileCmd->add_option("--max-memory", compile.maxMemory,
                         "Largest arena and weights to accept, e.g. 512K, 64M, 4G (default: the target's)");
  compileCmd->add_option("--quantize", compile.quantize, "Quantize: int8 (post-training, needs --calibration)")
      ->check(CLI::IsMember({"int8"}));
  compileCmd->add_option("--calibration", compile.calibration,
                         "Calibration samples: a folder of .npy/.pb (one input) or .npz files, or one .npz");
  compileCmd->add_option("--calibrate", compile.calibrate,
                         "Range observer: percentile (default: best on the bundled models), minmax, mse or entropy")
      ->check(CLI::IsMember({"minmax", "percentile", "mse", "entropy"}));
  compileCmd->add_option("--io", compile.io,
                         "Graph inputs/outputs of an int8 model: float32 (default) or int8 (raw sensor data; "
                         "scales and zero points in report.json)")
      ->check(CLI::IsMember({"float32", "int8"}));
  compileCmd->add_option("--int16-layers", compile.int16Layers,
                         "Layers (ONNX node names, or all) whose activations are int16, with int8 weights (16x8 kernels)")
      ->delimiter(',');
  compileCmd->add_option("--mixed-precision", compile.mixedPrecision,
                         "auto: promote the most sensitive layers to int16 until --accuracy-budget is met")
      ->check(CLI::IsMember({"auto"}));
  compileCmd->add_option("--accuracy-budget", compile.accuracyBudget,
                         "For --mixed-precision auto: minimum output SQNR (30dB) or maximum top-1 agreement loss "
                         "against float (0.5%), on the calibration set");
  compileCmd->add_option("--prune-channels", compile.pruneChannels,
                         "Structured pruning: the fraction of output channels to remove from every Conv/Gemm "
                         "(0.3), per layer (conv3=0.5,fc1=0.25), or both (0.3,conv3=0)");
  compileCmd->add_option("--prune-criterion", compile.pruneCriterion,
                         "Channel saliency for --prune-channels: l1 (default) or l2 norm of the filter and bias")
      ->check(CLI::IsMember({"l1", "l2"}));
  compileCmd->add_option("--prune-keep", compile.pruneKeep, "Layers (ONNX node names) --prune-channels leaves whole")
      ->delimiter(',');
  compileCmd->add_option("--prune-budget", compile.pruneBudget,
                         "Prune until this fraction of the MACs is gone (0.3), least sensitive layers first "
                         "(measured on --eval samples when given)");
  compileCmd->add_option("--eval", compile.eval,
                         "Samples (as for --calibration) to judge compression on: the compressed float model "
                         "against the uncompressed one (output SQNR, top-1 agreement), per-layer sensitivity");
  compileCmd->add_option("--eval-labels", compile.evalLabels,
                         "The class of each --eval sample (.npy of integers, in sample order): also report "
                         "top-1 accuracy, and measure --max-accuracy-drop in it");
  compileCmd->add_option("--max-accuracy-drop", compile.maxAccuracyDrop,
                         "With --prune-budget and --eval: stop pruning before the top-1 agreement drops by more "
                         "than this (1%) or the output SQNR falls below it (30dB)");
  compileCmd->add_option("--sparsity", compile.sparsity,
                         "Sparse weights: 2:4 or 4:8 (magnitude N:M), block:RxC (half the blocks zeroed) or auto "
                         "(the zeros the model has); each layer stored dense, N:M or block-sparse, whichever is "
                         "smallest, and run by kernels that skip the zeros");
  compileCmd->add_option("--weights", weights, "Weights as an .incbin blob (default) or a C array")
      ->check(CLI::IsMember({"incbin", "c-array"}));
  compileCmd->add_flag("--Werror", compile.werror,
                       "Fail (exit 1, nothing written) on any warning: float layers in an int8 model, RAM over "
                       "the board's, unmeasured firmware, ...");
  compileCmd->add_flag("--json", compile.json,
                       "Print a JSON result on stdout: status, exit code, files written with sizes, arena, "
                       "weights, firmware sizes, warnings, errors");

  edgec::InspectRequest inspect;
  std::vector<std::string> inspectShapes;
  auto *inspectCmd = app.add_subcommand("inspect", "Per node: op, shapes, params, MACs, support");
  inspectCmd->add_option("model", inspect.model, "ONNX model")->required();
  inspectCmd->add_option("--input-shape", inspectShapes, "Fix a dynamic input: NAME=1x3x96x96");
  inspectCmd->add_option("--bind", inspectBinds, "Fix an input to a constant: NAME=VALUE or NAME=V0,V1,...");
  inspectCmd->add_option("--custom-op", inspect.customOps,
                         "Compute nodes of an op type with your C function: [DOMAIN.]OP_TYPE=function");
  inspectCmd->add_flag("--json", inspect.json, "JSON instead of a table");

  bool targetsJson = false;
  auto *targetsCmd = app.add_subcommand("targets", "List the built-in targets");
  targetsCmd->add_flag("--json", targetsJson, "JSON instead of a table");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError &e) {
    int code = app.exit(e);
    return code == 0 ? edgec::kExitOk : edgec::kExitUsage;
  }
  // Diagnostics and progress go to stderr; stdout carries only what was asked for (tables, JSON).
  // The console shows what -v/--quiet ask for; the record sees every warning and error.
  auto console = std::make_shared<spdlog::sinks::stderr_color_sink_st>();
  console->set_level(quiet ? spdlog::level::err : verbose ? spdlog::level::debug : spdlog::level::info);
  auto logger = std::make_shared<spdlog::logger>("edgec", spdlog::sinks_init_list{console, std::make_shared<RecordSink>()});
  logger->set_level(verbose ? spdlog::level::debug : spdlog::level::info);
  spdlog::set_default_logger(logger);
  spdlog::set_pattern("edgec: %v");
  if (version) {
    std::printf("%s\n", edgec::versionString().c_str());
    return edgec::kExitOk;
  }
  if (compileCmd->parsed()) {
    if (!parseShapes(compileShapes, compile.inputShapes) || !parseBinds(compileBinds, compile.binds) ||
        !parseStatePairs(compileStates, compile.statePairs))
      return edgec::kExitUsage;
    compile.weightsAsCArray = weights == "c-array";
    // Only flags that change the output are recorded (and so printed in file headers).
    std::string flags = "-t " + compile.target;
    if (!compile.targetDesc.empty())
      flags += " --target-desc " + compile.targetDesc;
    if (!compile.targetOptions.empty())
      flags += " --target-opt " + compile.targetOptions;
    if (!compile.arenaLimit.empty())
      flags += " --arena-limit " + compile.arenaLimit;
    if (!compile.patch.empty())
      flags += " --patch " + compile.patch;
    for (const auto &s : compileShapes)
      flags += " --input-shape " + s;
    for (const auto &s : compileBinds)
      flags += " --bind " + s;
    for (const auto &s : compileStates)
      flags += " --stateful " + s;
    for (const auto &s : compile.customOps)
      flags += " --custom-op " + s;
    for (const auto &s : compile.customOpSources)
      flags += " --custom-op-source " + s;
    if (compile.withMain)
      flags += " --with-main";
    if (compile.weightsAsCArray)
      flags += " --weights c-array";
    if (compile.traceTensors)
      flags += " --trace-tensors";
    if (!compile.quantize.empty())
      flags += " --quantize " + compile.quantize + " --calibrate " + compile.calibrate + " --io " + compile.io;
    if (!compile.int16Layers.empty()) {
      flags += " --int16-layers ";
      for (size_t i = 0; i < compile.int16Layers.size(); ++i)
        flags += (i ? "," : "") + compile.int16Layers[i];
    }
    if (!compile.mixedPrecision.empty())
      flags += " --mixed-precision " + compile.mixedPrecision + " --accuracy-budget " + compile.accuracyBudget;
    if (!compile.pruneChannels.empty()) {
      flags += " --prune-channels " + compile.pruneChannels + " --prune-criterion " + compile.pruneCriterion;
      for (size_t i = 0; i < compile.pruneKeep.size(); ++i)
        flags += (i ? "," : " --prune-keep ") + compile.pruneKeep[i];
    }
    if (!compile.pruneBudget.empty())
      flags += " --prune-budget " + compile.pruneBudget;
    if (!compile.maxAccuracyDrop.empty())
      flags += " --max-accuracy-drop " + compile.maxAccuracyDrop;
    if (!compile.sparsity.empty())
      flags += " --sparsity " + compile.sparsity;
    compile.flags = flags;
    edgec::CompileResult result;
    result.model = compile.model;
    result.target = compile.target;
    int code = edgec::runCompile(compile, &result);
    if (compile.json)
      std::printf("%s\n", edgec::compileResultJson(result, code).c_str());
    return code;
  }
  if (inspectCmd->parsed()) {
    if (!parseShapes(inspectShapes, inspect.inputShapes) || !parseBinds(inspectBinds, inspect.binds))
      return edgec::kExitUsage;
    return edgec::runInspect(inspect);
  }
  if (targetsCmd->parsed())
    return edgec::runTargets(targetsJson);
  std::printf("%s", app.help().c_str());
  return edgec::kExitUsage;
}
