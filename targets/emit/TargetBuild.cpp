// How the emitted code is built and run for a target (see TargetBuild.h).
#include "targets/emit/TargetBuild.h"

#include "llvm/Support/FormatVariadic.h"

using namespace mlir;

namespace edgec {

namespace {

std::string stringAt(DictionaryAttr dict, StringRef section, StringRef key) {
  auto inner = dict ? dict.getAs<DictionaryAttr>(section) : DictionaryAttr();
  auto value = inner ? inner.getAs<StringAttr>(key) : StringAttr();
  return value ? value.getValue().str() : std::string();
}

} // namespace

TargetBuild targetBuild(DictionaryAttr target) {
  TargetBuild b;
  if (auto name = target ? target.getAs<StringAttr>("name") : StringAttr())
    b.target = name.getValue().str();
  b.runtime = stringAt(target, "toolchain", "runtime");
  b.toolchainFile = stringAt(target, "toolchain", "cmake");
  b.cpuFlags = stringAt(target, "toolchain", "cpu_flags");
  b.emulator = stringAt(target, "emulator", "run");
  b.machine = stringAt(target, "emulator", "machine");
  auto emulator = target ? target.getAs<DictionaryAttr>("emulator") : DictionaryAttr();
  if (auto hz = emulator ? emulator.getAs<IntegerAttr>("clock_hz") : IntegerAttr())
    b.clockHz = hz.getInt();
  b.kernelsDir = stringAt(target, "kernels", "dir");
  b.variant = stringAt(target, "kernels", "variant");
  auto kernels = target ? target.getAs<DictionaryAttr>("kernels") : DictionaryAttr();
  if (auto impls = kernels ? kernels.getAs<DictionaryAttr>("impls") : DictionaryAttr())
    for (NamedAttribute entry : impls)
      if (auto impl = dyn_cast<DictionaryAttr>(entry.getValue()))
        if (auto name = impl.getAs<StringAttr>("name"), header = impl.getAs<StringAttr>("header"); name && header)
          b.variantHeaders[name.getValue().str()] = header.getValue().str();
  return b;
}

TargetBuild hostedBuild(const TargetBuild &build) {
  TargetBuild hosted;
  hosted.target = build.target;
  hosted.kernelsDir = build.kernelsDir;
  hosted.variant = build.variant;
  hosted.variantHeaders = build.variantHeaders;
  return hosted;
}

std::vector<std::pair<std::string, std::string>> runtimeFiles(const TargetBuild &build) {
  if (!build.bareMetal())
    return {};
  std::vector<std::pair<std::string, std::string>> files = {
      {"edgec/cortex_m.h", "edgec/cortex_m.h"},
      {"startup.c", "cortex-m/startup.c"},
      {"cycles.c", "cortex-m/cycles.c"},
      {"boards/sections.ld", "cortex-m/sections.ld"},
  };
  if (!build.toolchainFile.empty())
    files.push_back({build.toolchainFile, "cortex-m/" + build.toolchainFile});
  if (!build.machine.empty())
    files.push_back({"boards/" + build.machine + ".ld", "cortex-m/" + build.machine + ".ld"});
  return files;
}

std::string cmakePreamble(const TargetBuild &build) {
  if (!build.bareMetal() || build.toolchainFile.empty())
    return "";
  return "# Target " + build.target +
         ": cross-compiled with its toolchain file unless you give your own\n"
         "# (-DCMAKE_TOOLCHAIN_FILE=...; that file then sets the core's flags: EDGEC_CPU_FLAGS\n"
         "# is read by edgec's file only).\n"
         "set(EDGEC_CPU_FLAGS \"" +
         build.cpuFlags +
         "\" CACHE STRING \"Core flags for edgec's toolchain file\")\n"
         "if(NOT CMAKE_TOOLCHAIN_FILE)\n"
         "  set(CMAKE_TOOLCHAIN_FILE \"${CMAKE_CURRENT_SOURCE_DIR}/cortex-m/" +
         build.toolchainFile +
         "\")\n"
         "endif()\n"
         "if(NOT CMAKE_BUILD_TYPE AND NOT CMAKE_CONFIGURATION_TYPES)\n"
         "  set(CMAKE_BUILD_TYPE Release CACHE STRING \"Build type\")\n"
         "endif()\n";
}

std::string cmakeFirmware(const TargetBuild &build, const std::string &name) {
  if (!build.bareMetal())
    return "";
  std::string board = build.machine.empty() ? std::string("board") : build.machine;
  std::string main = name + "_main";
  return "\n# Firmware: the harness with the runtime stub (start-up, SysTick counter), linked for\n"
         "# the emulated board " +
         board +
         "; EDGEC_LINKER_SCRIPT selects your board's script instead\n"
         "# (it must define what cortex-m/sections.ld does).\n"
         "set(EDGEC_LINKER_SCRIPT \"${CMAKE_CURRENT_SOURCE_DIR}/cortex-m/" +
         board +
         ".ld\" CACHE FILEPATH \"Firmware linker script\")\n"
         "set(EDGEC_STACK_BYTES 65536 CACHE STRING \"Stack reserved for the firmware\")\n"
         "target_sources(" + main + " PRIVATE cortex-m/startup.c cortex-m/cycles.c)\n"
         "target_compile_definitions(" + name + " PRIVATE EDGEC_LAYER_HOOKS)\n"
         "target_compile_definitions(" + main + " PRIVATE EDGEC_CLOCK_HZ=" +
         std::to_string(build.clockHz > 0 ? build.clockHz : 25000000) +
         ")\n"
         "# -fstack-usage: the .su files beside the objects give each function's frame.\n"
         "target_compile_options(" + name + " PRIVATE -fstack-usage)\n"
         "target_compile_options(" + main + " PRIVATE -fstack-usage)\n"
         "target_link_options(" + main + " PRIVATE -T${EDGEC_LINKER_SCRIPT}\n"
         "  -L${CMAKE_CURRENT_SOURCE_DIR}/cortex-m -Wl,--defsym=EDGEC_STACK_BYTES=${EDGEC_STACK_BYTES}\n"
         "  -Wl,-Map=${CMAKE_CURRENT_BINARY_DIR}/" + main + ".map)\n"
         "set_target_properties(" + main + " PROPERTIES SUFFIX \".elf\" LINK_DEPENDS ${EDGEC_LINKER_SCRIPT})\n"
         "if(CMAKE_SIZE)\n"
         "  add_custom_command(TARGET " + main + " POST_BUILD COMMAND ${CMAKE_SIZE} $<TARGET_FILE:" + main + ">)\n"
         "endif()\n";
}

std::string runScript(const TargetBuild &build, const std::string &name) {
  std::string head = llvm::formatv("#!/usr/bin/env bash\n"
                                   "# Runs the {0} harness built from this folder: ./run.sh BUILD_DIR IN... [-o OUT] [--repeat N]\n"
                                   "# The exit status is the harness's.\n"
                                   "set -euo pipefail\n"
                                   "if [ $# -lt 1 ]; then echo \"usage: $0 BUILD_DIR IN... [-o OUT] [--repeat N]\" >&2; exit 2; fi\n"
                                   "build=\"$1\"; shift\n",
                                   build.target)
                         .str();
  if (!build.bareMetal())
    return head + "exec \"$build/" + name + "_main\" \"$@\"\n";
  return head + llvm::formatv(
                    "elf=\"$build/{0}_main.elf\"\n"
                    "[ -f \"$elf\" ] || {{ echo \"run.sh: $elf not found (build the folder first)\" >&2; exit 2; }\n"
                    "# Semihosting passes the command line space-separated: arguments cannot hold\n"
                    "# spaces; QEMU's option syntax needs commas doubled. The harness cannot create\n"
                    "# folders through semihosting, so -o's folder is made here.\n"
                    "config=\"enable=on,target=native,arg={0}_main\"\n"
                    "prev=\"\"\n"
                    "for a in \"$@\"; do\n"
                    "  case \"$a\" in *\" \"*) echo \"run.sh: argument '$a' contains a space\" >&2; exit 2;; esac\n"
                    "  [ \"$prev\" = \"-o\" ] && mkdir -p \"$a\"\n"
                    "  config=\"$config,arg=${{a//,/,,}\"\n"
                    "  prev=\"$a\"\n"
                    "done\n"
                    "# -icount shift=0: 1 ns of virtual time per instruction, so SysTick counts instructions.\n"
                    "exec timeout \"${{EDGEC_RUN_TIMEOUT:-900}\" {1} -M {2} -nographic -monitor none -serial none \\\n"
                    "  -icount shift=0 -semihosting-config \"$config\" -kernel \"$elf\"\n",
                    name, build.emulator.empty() ? std::string("qemu-system-arm") : build.emulator, build.machine)
                    .str();
}

} // namespace edgec
