// Memory planner units: no two live buffers overlap, space is reused, in-place outputs share
// their input's bytes, pools respect their capacities, the lower bound holds.
#include "compiler/dialect/Kernel/KernelDialect.h"
#include "passes/Passes.h"
#include "passes/lower/ArenaPlanner.h"

#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"

#include <catch2/catch.hpp>

#include <random>
#include <sstream>

using namespace mlir;

namespace {

OwningOpRef<ModuleOp> planned(MLIRContext &ctx, const std::string &text, bool inPlace = true) {
  ctx.loadDialect<edgec::kernel::KernelDialect, func::FuncDialect, memref::MemRefDialect>();
  auto module = parseSourceString<ModuleOp>(text, &ctx);
  REQUIRE(module);
  PassManager pm(&ctx);
  edgec::KernelPlanMemoryOptions options;
  options.inPlace = inPlace;
  pm.addPass(edgec::createKernelPlanMemory(options));
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

TEST_CASE("a chain reuses memory: two buffers suffice, one in place", "[planner]") {
  MLIRContext ctx;
  auto module = planned(ctx, chain({64, 64, 64, 64}, {-1, -1, -1, -1}), /*inPlace=*/false);
  auto arena = (*module)->getAttrOfType<IntegerAttr>("edgec.arena_bytes").getInt();
  auto bound = (*module)->getAttrOfType<IntegerAttr>("edgec.lower_bound_bytes").getInt();
  CHECK(bound == 128); // a producer and its consumer are live together
  CHECK(arena == 128);
  MLIRContext ctx2;
  auto inPlace = planned(ctx2, chain({64, 64, 64, 64}, {-1, -1, -1, -1}));
  CHECK((*inPlace)->getAttrOfType<IntegerAttr>("edgec.arena_bytes").getInt() == 64); // relu over itself
}

TEST_CASE("random schedules: live buffers never overlap but in place, and the arena meets the bound", "[planner]") {
  std::mt19937 rng(1234);
  for (int trial = 0; trial < 60; ++trial) {
    MLIRContext ctx;
    int n = 3 + static_cast<int>(rng() % 12);
    std::vector<int64_t> bytes;
    std::vector<int> reads;
    for (int i = 0; i < n; ++i) {
      // Equal sizes now and then, so that in-place reuse happens.
      bytes.push_back(rng() % 3 == 0 ? 64 : 16 * (1 + static_cast<int64_t>(rng() % 40)));
      reads.push_back(i >= 2 && rng() % 3 == 0 ? static_cast<int>(rng() % (i - 1)) : -1);
    }
    bool inPlace = trial % 2 == 0;
    auto module = planned(ctx, chain(bytes, reads), inPlace);
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
        // In place: the output (b, written at the call where a is read for the last time)
        // takes exactly a's bytes; nothing else may share.
        bool handOver = inPlace && all[a].offset == all[b].offset && all[a].size == all[b].size &&
                        all[a].last == all[b].first;
        CHECK_FALSE((timeOverlap && spaceOverlap && !handOver));
      }
    }
  }
}

namespace {

std::vector<edgec::PlanBuffer> randomBuffers(std::mt19937 &rng, int n, int calls) {
  std::vector<edgec::PlanBuffer> buffers;
  for (int i = 0; i < n; ++i) {
    int64_t first = rng() % calls;
    int64_t last = first + rng() % 6;
    int64_t size = 16 * (1 + static_cast<int64_t>(rng() % 64));
    buffers.push_back({size, first, last, size * static_cast<int64_t>(1 + rng() % 4)});
  }
  return buffers;
}

/// Buffers of one pool that are live together never share a byte, and all lie within `bytes`.
void checkDisjoint(const std::vector<edgec::PlanBuffer> &buffers, const edgec::ArenaPlan &plan) {
  for (size_t a = 0; a < buffers.size(); ++a) {
    CHECK(plan.offset[a] >= 0);
    CHECK(plan.offset[a] + buffers[a].size <= plan.poolBytes[plan.pool[a]]);
    for (size_t b = a + 1; b < buffers.size(); ++b) {
      if (plan.pool[a] != plan.pool[b])
        continue;
      bool time = buffers[a].first <= buffers[b].last && buffers[b].first <= buffers[a].last;
      bool space = plan.offset[a] < plan.offset[b] + buffers[b].size &&
                   plan.offset[b] < plan.offset[a] + buffers[a].size;
      CHECK_FALSE((time && space));
    }
  }
}

} // namespace

TEST_CASE("fuzzed lifetimes: best fit never overlaps live buffers and stays near the bound", "[planner]") {
  std::mt19937 rng(99);
  int64_t worstPermille = 0;
  for (int trial = 0; trial < 300; ++trial) {
    auto buffers = randomBuffers(rng, 2 + static_cast<int>(rng() % 60), 1 + static_cast<int>(rng() % 40));
    edgec::ArenaPlan plan = edgec::planArenas(buffers, {INT64_MAX});
    checkDisjoint(buffers, plan);
    int64_t bound = edgec::liveLowerBound(buffers);
    CHECK(plan.poolBytes[0] >= bound);
    worstPermille = std::max(worstPermille, plan.poolBytes[0] * 1000 / bound);
  }
  // Greedy best fit is not optimal on adversarial interval graphs, but on random ones it
  // stays within a few tens of percent of the bound; a regression in placement shows here.
  CHECK(worstPermille <= 1500);
}

TEST_CASE("fuzzed lifetimes over two pools: the fast pool holds its capacity, nothing overlaps", "[planner]") {
  std::mt19937 rng(7);
  for (int trial = 0; trial < 200; ++trial) {
    auto buffers = randomBuffers(rng, 2 + static_cast<int>(rng() % 50), 1 + static_cast<int>(rng() % 30));
    int64_t fast = 16 * static_cast<int64_t>(rng() % 200);
    edgec::ArenaPlan plan = edgec::planArenas(buffers, {fast, INT64_MAX});
    checkDisjoint(buffers, plan);
    CHECK(plan.poolBytes[0] <= fast);
  }
}

TEST_CASE("the fast pool takes the busiest bytes", "[planner]") {
  // Three buffers live together; the fast pool fits one 256-byte buffer. The one read
  // most per byte goes there, whatever its position.
  std::vector<edgec::PlanBuffer> buffers = {
      {256, 0, 2, 512}, {256, 0, 2, 2048}, {256, 0, 2, 768}};
  edgec::ArenaPlan plan = edgec::planArenas(buffers, {256, 4096});
  CHECK(plan.pool == std::vector<int>{1, 0, 1});
  CHECK(plan.poolBytes == std::vector<int64_t>{256, 512});
  // At equal traffic per byte, the smaller ones first: two 128-byte buffers beat one 256.
  std::vector<edgec::PlanBuffer> sized = {{256, 0, 1, 512}, {128, 0, 1, 256}, {128, 0, 1, 256}};
  plan = edgec::planArenas(sized, {256, 4096});
  CHECK(plan.pool == std::vector<int>{1, 0, 0});
}

TEST_CASE("the two sides of a run-time If share bytes; anything else live with them does not", "[planner]") {
  // A common buffer lives through both sides; the then side (alternative 1) and the else side
  // (alternative 0) of If 0 each hold 1000 bytes while the other side's result is still live.
  std::vector<edgec::PlanBuffer> buffers = {
      {96, 0, 6, 0, -1}, {1008, 1, 6, 0, 1}, {1008, 2, 6, 0, 0}, {64, 2, 3, 0, 0}};
  edgec::ArenaPlan plan = edgec::planArenas(buffers, {INT64_MAX});
  CHECK(edgec::liveLowerBound(buffers) == 96 + 1008 + 64);
  CHECK(plan.poolBytes[0] == 96 + 1008 + 64);
  for (size_t a = 0; a < buffers.size(); ++a)
    for (size_t b = a + 1; b < buffers.size(); ++b) {
      bool space = plan.offset[a] < plan.offset[b] + buffers[b].size &&
                   plan.offset[b] < plan.offset[a] + buffers[a].size;
      CHECK_FALSE((space && edgec::liveTogether(buffers[a], buffers[b])));
    }
  // Without the alternatives every buffer is live with the others: the sum.
  for (edgec::PlanBuffer &b : buffers)
    b.alternative = -1;
  CHECK(edgec::planArenas(buffers, {INT64_MAX}).poolBytes[0] == 96 + 1008 + 1008 + 64);
}
