// Memory planner units: no two live buffers overlap, space is reused, the lower bound holds.
#include "compiler/dialect/Kernel/KernelDialect.h"
#include "passes/Passes.h"

#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"

#include <catch2/catch.hpp>

#include <random>
#include <sstream>

using namespace mlir;

namespace {

OwningOpRef<ModuleOp> planned(MLIRContext &ctx, const std::string &text) {
  ctx.loadDialect<edgec::kernel::KernelDialect, func::FuncDialect, memref::MemRefDialect>();
  auto module = parseSourceString<ModuleOp>(text, &ctx);
  REQUIRE(module);
  PassManager pm(&ctx);
  pm.addPass(edgec::createKernelPlanMemory());
  REQUIRE(succeeded(pm.run(*module)));
  return module;
}

/// A chain of unary kernels over buffers of the given byte sizes (f32 elements),
/// plus extra reads: reads[i] = j means call i also reads buffer j (keeps j alive).
std::string chain(const std::vector<int64_t> &bytes, const std::vector<int> &extraReads) {
  std::ostringstream os;
  os << "func.func @main(%in: memref<4xf32>, %out: memref<" << bytes.back() / 4 << "xf32>) {\n";
  for (size_t i = 0; i < bytes.size(); ++i)
    os << "  %b" << i << " = memref.alloc() : memref<" << bytes[i] / 4 << "xf32>\n";
  for (size_t i = 0; i < bytes.size(); ++i) {
    std::string src = i == 0 ? "%in" : "%b" + std::to_string(i - 1);
    std::string srcType = i == 0 ? "memref<4xf32>" : "memref<" + std::to_string(bytes[i - 1] / 4) + "xf32>";
    if (extraReads[i] >= 0) {
      int j = extraReads[i];
      os << "  kernel.binary add " << src << ", %b" << j << ", %b" << i
         << " {impl = \"edgec_binary_f32\"} : " << srcType << ", memref<" << bytes[j] / 4
         << "xf32>, memref<" << bytes[i] / 4 << "xf32>\n";
    } else {
      os << "  kernel.unary relu " << src << ", %b" << i << " {impl = \"edgec_unary_f32\"} : "
         << srcType << ", memref<" << bytes[i] / 4 << "xf32>\n";
    }
  }
  os << "  kernel.copy %b" << bytes.size() - 1 << ", %out {impl = \"edgec_copy\"} : memref<"
     << bytes.back() / 4 << "xf32>, memref<" << bytes.back() / 4 << "xf32>\n  return\n}\n";
  return os.str();
}

struct Placed {
  int64_t offset, size, first, last;
};

std::vector<Placed> placements(ModuleOp module) {
  std::vector<Placed> out;
  module.walk([&](edgec::kernel::BufferOp b) {
    auto t = cast<MemRefType>(b.getType());
    auto live = b->getAttrOfType<DenseI64ArrayAttr>("live");
    out.push_back({static_cast<int64_t>(b.getOffset()), t.getNumElements() * 4, live[0], live[1]});
  });
  return out;
}

} // namespace

TEST_CASE("a chain reuses memory: two buffers suffice", "[planner]") {
  MLIRContext ctx;
  auto module = planned(ctx, chain({64, 64, 64, 64}, {-1, -1, -1, -1}));
  auto arena = (*module)->getAttrOfType<IntegerAttr>("edgec.arena_bytes").getInt();
  auto bound = (*module)->getAttrOfType<IntegerAttr>("edgec.lower_bound_bytes").getInt();
  CHECK(bound == 128); // a producer and its consumer are live together
  CHECK(arena == 128);
}

TEST_CASE("random schedules: live buffers never overlap and the arena meets the bound", "[planner]") {
  std::mt19937 rng(1234);
  for (int trial = 0; trial < 40; ++trial) {
    MLIRContext ctx;
    int n = 3 + static_cast<int>(rng() % 12);
    std::vector<int64_t> bytes;
    std::vector<int> reads;
    for (int i = 0; i < n; ++i) {
      bytes.push_back(16 * (1 + static_cast<int64_t>(rng() % 40)));
      reads.push_back(i >= 2 && rng() % 3 == 0 ? static_cast<int>(rng() % (i - 1)) : -1);
    }
    auto module = planned(ctx, chain(bytes, reads));
    auto all = placements(*module);
    int64_t arena = (*module)->getAttrOfType<IntegerAttr>("edgec.arena_bytes").getInt();
    int64_t bound = (*module)->getAttrOfType<IntegerAttr>("edgec.lower_bound_bytes").getInt();
    CHECK(arena >= bound);
    for (size_t a = 0; a < all.size(); ++a) {
      CHECK(all[a].offset % 16 == 0);
      CHECK(all[a].offset + all[a].size <= arena);
      for (size_t b = a + 1; b < all.size(); ++b) {
        bool timeOverlap = all[a].first <= all[b].last && all[b].first <= all[a].last;
        bool spaceOverlap = all[a].offset < all[b].offset + all[b].size &&
                            all[b].offset < all[a].offset + all[a].size;
        CHECK_FALSE((timeOverlap && spaceOverlap));
      }
    }
  }
}
