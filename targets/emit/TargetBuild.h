// How the emitted code is built and run for a target: toolchain, runtime stub, emulator.
// Read from the target description's "toolchain", "kernels" and "emulator" sections.
#ifndef EDGEC_TARGETS_EMIT_TARGETBUILD_H
#define EDGEC_TARGETS_EMIT_TARGETBUILD_H

#include "mlir/IR/BuiltinAttributes.h"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace edgec {

struct TargetBuild {
  std::string target;        // the description's name
  std::string runtime;       // runtime-stub/<runtime> ("cortex-m"); empty: hosted
  std::string toolchainFile; // runtime-stub/<runtime>/<file>, used when the user gives none
  std::string cpuFlags;      // -mcpu/-mfpu/-mfloat-abi of the core
  std::string emulator;      // "qemu-system-arm"; empty or "native": runs here
  std::string machine;       // the emulator's board
  int64_t clockHz = 0;       // the board's SysTick clock (ticks -> instructions under -icount)
  std::string kernelsDir;    // targets/<dir>/kernels holds the target's kernel variants
  std::string variant;       // "dsp", "mve", ...: what those variants are called in reports
  std::map<std::string, std::string> variantHeaders; // variant kernel name -> its header

  bool bareMetal() const { return runtime == "cortex-m"; }
};

TargetBuild targetBuild(mlir::DictionaryAttr target);

/// The same kernels, built and run on this machine (calibration harnesses).
TargetBuild hostedBuild(const TargetBuild &build);

/// Files of runtime-stub/<runtime>/ the emitted folder needs, as (source relative to the
/// runtime stub, destination in the output folder).
std::vector<std::pair<std::string, std::string>> runtimeFiles(const TargetBuild &build);

/// CMake lines before project(): the target's toolchain file unless the user gave one.
std::string cmakePreamble(const TargetBuild &build);

/// CMake lines that turn `<name>_main` into firmware (start-up, linker script, map, size).
std::string cmakeFirmware(const TargetBuild &build, const std::string &name);

/// run.sh: `./run.sh BUILD_DIR IN... [-o OUT] [ARGS...]` runs the harness natively or
/// under the target's emulator, with its exit status.
std::string runScript(const TargetBuild &build, const std::string &name);

} // namespace edgec

#endif
