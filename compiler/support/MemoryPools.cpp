// The memory pools of a resolved target description, fastest first.
#include "compiler/support/MemoryPools.h"

#include <algorithm>

using namespace mlir;

namespace edgec {

std::vector<MemoryPool> targetPools(DictionaryAttr target) {
  std::vector<MemoryPool> pools;
  if (auto list = target ? target.getAs<ArrayAttr>("pools") : ArrayAttr())
    for (auto p : list.getAsRange<DictionaryAttr>()) {
      MemoryPool pool;
      if (auto n = p.getAs<StringAttr>("name"))
        pool.name = n.getValue().str();
      if (auto bytes = p.getAs<IntegerAttr>("bytes"))
        pool.capacity = bytes.getInt();
      if (auto speed = p.getAs<FloatAttr>("speed"))
        pool.speed = speed.getValueAsDouble();
      else if (auto speedInt = p.getAs<IntegerAttr>("speed"))
        pool.speed = static_cast<double>(speedInt.getInt());
      if (auto section = p.getAs<StringAttr>("section"))
        pool.section = section.getValue().str();
      pools.push_back(std::move(pool));
    }
  if (pools.empty())
    pools.push_back({"arena", INT64_MAX, 1, ""});
  std::stable_sort(pools.begin(), pools.end(),
                   [](const MemoryPool &a, const MemoryPool &b) { return a.speed > b.speed; });
  return pools;
}

} // namespace edgec
