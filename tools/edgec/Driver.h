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
  std::string dumpAfter;      // pass name or "all"
  std::string dumpDir;
  std::string emit = "cpp";   // cpp | mlir
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
  std::string flags;          // normalized flags recorded in the module
};

struct InspectRequest {
  std::string model;
  std::vector<std::pair<std::string, std::vector<int64_t>>> inputShapes;
  bool json = false;
};

int runCompile(const CompileRequest &request);
int runInspect(const InspectRequest &request);
int runTargets(bool json);
std::string versionString();

} // namespace edgec

#endif
