// Flash and RAM of the model code on a bare-metal target (see FirmwareSize.h).
#include "tools/edgec/FirmwareSize.h"
#include "compiler/support/MemoryPools.h"
#include "targets/emit/ReportHtml.h"
#include "targets/emit/TargetBuild.h"
#include "tools/edgec/Subprocess.h"

#include "llvm/ADT/StringMap.h"
#include "llvm/Object/ELFObjectFile.h"
#include "llvm/Object/ObjectFile.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Program.h"

#include <functional>
#include <set>

using namespace mlir;

namespace edgec {

namespace {

struct Sections {
  int64_t text = 0, rodata = 0, data = 0, bss = 0;
};

/// Sums an ELF relocatable object's allocated sections by kind.
bool addSections(const std::string &path, Sections &sum, std::string &error) {
  auto object = llvm::object::ObjectFile::createObjectFile(path);
  if (!object) {
    error = path + ": " + llvm::toString(object.takeError());
    return false;
  }
  auto *elf = llvm::dyn_cast<llvm::object::ELFObjectFileBase>(object->getBinary());
  if (!elf) {
    error = path + ": not an ELF object";
    return false;
  }
  for (const llvm::object::ELFSectionRef section : elf->sections()) {
    uint64_t flags = section.getFlags();
    if (!(flags & llvm::ELF::SHF_ALLOC))
      continue;
    int64_t size = static_cast<int64_t>(section.getSize());
    if (section.getType() == llvm::ELF::SHT_NOBITS)
      sum.bss += size;
    else if (flags & llvm::ELF::SHF_EXECINSTR)
      sum.text += size;
    else if (flags & llvm::ELF::SHF_WRITE)
      sum.data += size;
    else
      sum.rodata += size;
  }
  return true;
}

/// The deepest stack from `roots` in gcc's -fcallgraph-info=su output (VCG): each node's
/// label holds "N bytes (static|dynamic...)"; callees outside the file count 0.
int64_t deepestStack(llvm::StringRef vcg, const std::vector<std::string> &roots) {
  llvm::StringMap<int64_t> frame;
  llvm::StringMap<std::vector<std::string>> callees;
  auto quoted = [](llvm::StringRef line, llvm::StringRef key) {
    size_t at = line.find(key);
    if (at == llvm::StringRef::npos)
      return llvm::StringRef();
    llvm::StringRef rest = line.drop_front(at + key.size());
    return rest.take_until([](char c) { return c == '"'; });
  };
  llvm::SmallVector<llvm::StringRef> lines;
  vcg.split(lines, '\n');
  for (llvm::StringRef line : lines) {
    if (line.starts_with("node:")) {
      llvm::StringRef title = quoted(line, "title: \"");
      llvm::StringRef label = quoted(line, "label: \"");
      int64_t bytes = 0;
      size_t at = label.find(" bytes (");
      if (at != llvm::StringRef::npos) {
        llvm::StringRef digits = label.take_front(at);
        digits = digits.drop_front(digits.find_last_of("n ") + 1); // after "\n"
        digits.getAsInteger(10, bytes);
      }
      frame[title] = bytes;
    } else if (line.starts_with("edge:")) {
      callees[quoted(line, "sourcename: \"")].push_back(quoted(line, "targetname: \"").str());
    }
  }
  llvm::StringMap<int64_t> memo;
  std::set<std::string> active; // recursion would be unbounded: counted once
  std::function<int64_t(const std::string &)> depth = [&](const std::string &fn) -> int64_t {
    if (auto it = memo.find(fn); it != memo.end())
      return it->second;
    if (!active.insert(fn).second)
      return 0;
    int64_t deepest = 0;
    for (const std::string &callee : callees.lookup(fn))
      deepest = std::max(deepest, depth(callee));
    active.erase(fn);
    return memo[fn] = frame.lookup(fn) + deepest;
  };
  int64_t worst = 0;
  for (const std::string &root : roots)
    worst = std::max(worst, depth(root));
  return worst;
}

llvm::json::Object notMeasured(const std::string &reason) {
  return llvm::json::Object{{"measured", false}, {"reason", reason}};
}

} // namespace

llvm::json::Object measureFirmware(ModuleOp module, const FileSet &files, const std::string &name) {
  auto target = module->getAttrOfType<DictionaryAttr>("edgec.target");
  TargetBuild build = targetBuild(target);
  auto cxx = llvm::sys::findProgramByName("arm-none-eabi-g++");
  auto cc = llvm::sys::findProgramByName("arm-none-eabi-gcc");
  if (!cxx || !cc)
    return notMeasured("arm-none-eabi-g++ not found (scripts/setup.sh installs gcc-arm-none-eabi)");
  llvm::SmallString<256> dir;
  if (llvm::sys::fs::createUniqueDirectory("edgec-firmware", dir))
    return notMeasured("cannot create a temporary folder");
  std::string error;
  std::vector<std::string> cpu;
  llvm::SmallVector<llvm::StringRef> flags;
  llvm::StringRef(build.cpuFlags).split(flags, ' ', -1, false);
  for (llvm::StringRef f : flags)
    cpu.push_back(f.str());
  cpu.push_back("-mthumb");
  std::string d = dir.str().str();
  // The flags of the emitted CMakeLists.txt's Release build of the model library.
  std::vector<std::string> model = cpu;
  for (const char *f : {"-std=c++17", "-O2", "-fno-exceptions", "-fno-rtti", "-ffunction-sections",
                        "-fdata-sections", "-fcallgraph-info=su", "-Wno-psabi"})
    model.push_back(f);
  model.insert(model.end(), {"-I", d, "-c", d + "/" + name + ".cpp", "-o", d + "/model.o"});
  std::vector<std::string> weights = cpu;
  weights.insert(weights.end(),
                 {"-c", "-x", "assembler-with-cpp", d + "/" + name + "_weights.S", "-Wa,-I," + d, "-o", d + "/weights.o"});
  Sections sum;
  bool ok = writeFiles(files, d, error) && runProgram(*cxx, model, d + "/model.log", error) &&
            (!files.count(name + "_weights.S") || runProgram(*cc, weights, d + "/weights.log", error)) &&
            addSections(d + "/model.o", sum, error) &&
            (!files.count(name + "_weights.S") || addSections(d + "/weights.o", sum, error));
  int64_t stack = 0;
  if (ok) {
    auto graph = llvm::MemoryBuffer::getFile(d + "/model.ci");
    if (graph)
      stack = deepestStack((*graph)->getBuffer(), {name + "_init", name + "_run"});
  }
  std::string version;
  if (ok) {
    std::string log = d + "/version.log";
    if (runProgram(*cxx, {"-dumpversion"}, log, error))
      if (auto text = llvm::MemoryBuffer::getFile(log))
        version = (*text)->getBuffer().trim().str();
  }
  llvm::sys::fs::remove_directories(d);
  if (!ok)
    return notMeasured(error);
  int64_t ramCapacity = 0;
  if (target && target.get("pools"))
    for (const MemoryPool &pool : targetPools(target))
      ramCapacity += pool.capacity;
  auto flash = target ? target.getAs<IntegerAttr>("flash_bytes") : IntegerAttr();
  return llvm::json::Object{{"measured", true},
                            {"toolchain", "arm-none-eabi-g++ " + version + " -O2 " + build.cpuFlags},
                            {"text_bytes", sum.text},
                            {"rodata_bytes", sum.rodata},
                            {"data_bytes", sum.data},
                            {"bss_bytes", sum.bss},
                            {"stack_bytes", stack},
                            {"flash_bytes", sum.text + sum.rodata + sum.data},
                            {"ram_bytes", sum.data + sum.bss + stack},
                            {"flash_capacity", flash ? flash.getInt() : 0},
                            {"ram_capacity", ramCapacity}};
}

void addFirmwareReport(FileSet &files, llvm::json::Object firmware) {
  auto report = llvm::json::parse(files["report.json"]);
  if (!report || !report->getAsObject()) {
    llvm::consumeError(report.takeError());
    return;
  }
  (*report->getAsObject())["firmware"] = std::move(firmware);
  std::string text;
  llvm::raw_string_ostream os(text);
  os << llvm::formatv("{0:2}", *report) << "\n";
  files["report.json"] = os.str();
  files["report.html"] = renderReportHtml(files["report.json"]);
}

} // namespace edgec
