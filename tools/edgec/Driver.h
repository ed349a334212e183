// The edgec commands as plain functions over option structs (the CLI parsing lives in main.cpp).
#ifndef EDGEC_TOOLS_EDGEC_DRIVER_H
#define EDGEC_TOOLS_EDGEC_DRIVER_H

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace edgec {

/// Documented exit codes.
enum ExitCode : int { kExitOk = 0, kExitModel = 1, kExitUsage = 2, kExitInternal = 3 };

struct CompileRequest {
  std::string model;          // .onnx, or .mlir from any dump
  std::string target = "host";
  std::string targetDesc;     // --target-desc FILE (inherits a built-in target)
  std::string targetOptions;  // --target-opt key=value,...
  std::string arenaLimit;     // --arena-limit SIZE: patch until the arena fits
  std::string patch;          // --patch LAYERSxGRID
  std::string outDir;
  std::string name;           // default: from the model (or the dump's edgec.name)
  std::vector<std::pair<std::string, std::vector<int64_t>>> inputShapes;
  std::vector<std::pair<std::string, std::vector<double>>> binds; // --bind NAME=VALUE
  std::vector<std::pair<std::string, std::string>> statePairs;   // --stateful NAME_IN=NAME_OUT
  std::vector<std::string> customOps;       // --custom-op [DOMAIN.]OP_TYPE=SYMBOL
  std::vector<std::string> customOpSources; // --custom-op-source FILE: built into the model library
  std::string dumpAfter;      // pass name or "all"
  std::string dumpDir;
  std::string emit = "cpp";   // cpp | mlir | onnx
  bool withMain = false;
  bool weightsAsCArray = false;
  bool traceTensors = false;
  std::string maxMemory;      // --max-memory SIZE (512K, 64M, 4G); empty: the target's limits
  std::string quantize;       // "" (float) or "int8"
  std::string calibration;    // calibration data (folder or .npz)
  std::string io = "float32"; // graph inputs/outputs of an int8 model: float32 or int8
  std::string calibrate = "percentile"; // range observer (measured best on the bundled models)
  std::vector<std::string> int16Layers; // --int16-layers: ONNX node names with int16 activations
  std::string mixedPrecision;           // "" or "auto"
  std::string accuracyBudget;           // --accuracy-budget: "30dB" or "0.5%"
  std::string pruneChannels;            // --prune-channels: "0.3" and/or "conv3=0.5,..."
  std::string pruneCriterion = "l1";    // --prune-criterion: l1 | l2
  std::vector<std::string> pruneKeep;   // --prune-keep: layers whose channels stay
  std::string sparsity;                 // --sparsity: 2:4 | 4:8 | block:RxC | auto
  std::string eval;                     // --eval: samples to judge compression on (as --calibration)
  std::string evalLabels;               // --eval-labels: their classes (.npy of integers)
  std::string pruneBudget;              // --prune-budget: fraction of the MACs to remove
  std::string maxAccuracyDrop;          // --max-accuracy-drop: "1%" of top-1 agreement or "30dB"
  std::string flags;          // normalized flags recorded in the module
  bool werror = false;        // --Werror: any warning fails the compile (exit 1, nothing written)
  bool json = false;          // --json: a result object on stdout (CompileResult)
};

/// What a compile did, for --json: the files written, the figures, the warnings and errors.
struct CompileResult {
  std::string model, name, target, outDir;
  std::vector<std::pair<std::string, int64_t>> files; // path in outDir, bytes
  int64_t arenaBytes = -1, lowerBoundBytes = -1, weightsBytes = -1;
  std::string firmwareJson; // report.json's "firmware" (bare-metal targets), or empty
  double milliseconds = 0;
};

/// Warnings and errors printed so far (main.cpp's log sink records them): what --Werror
/// counts and --json lists.
struct LogRecord {
  std::vector<std::string> warnings, errors;
};
LogRecord &logRecord();

struct InspectRequest {
  std::string model;
  std::vector<std::pair<std::string, std::vector<int64_t>>> inputShapes;
  std::vector<std::pair<std::string, std::vector<double>>> binds;
  std::vector<std::string> customOps; // --custom-op [DOMAIN.]OP_TYPE=SYMBOL
  bool json = false;
};

int runCompile(const CompileRequest &request, CompileResult *result = nullptr);
/// The JSON object --json prints for a compile that ended with `exitCode`.
std::string compileResultJson(const CompileResult &result, int exitCode);
int runInspect(const InspectRequest &request);
int runTargets(bool json);
std::string versionString();

} // namespace edgec

#endif
