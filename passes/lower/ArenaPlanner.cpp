// Static arena planning: lower bound, greedy best fit, and pool assignment by traffic.
#include "passes/lower/ArenaPlanner.h"

#include <algorithm>
#include <climits>
#include <map>

namespace edgec {

bool liveTogether(const PlanBuffer &a, const PlanBuffer &b) {
  bool exclusive = a.alternative >= 0 && b.alternative >= 0 && a.alternative / 2 == b.alternative / 2 &&
                   a.alternative != b.alternative;
  return a.first <= b.last && b.first <= a.last && !exclusive;
}

namespace {

/// The lowest offset of the tightest gap for `b` among `placed` (limited to `capacity`),
/// or -1 when none fits.
int64_t tightestGap(const std::vector<PlanBuffer> &buffers, const std::vector<size_t> &placed,
                    const std::vector<int64_t> &offset, const PlanBuffer &b, int64_t capacity) {
  std::vector<std::pair<int64_t, int64_t>> busy;
  for (size_t p : placed)
    if (liveTogether(buffers[p], b))
      busy.push_back({offset[p], offset[p] + buffers[p].size});
  std::sort(busy.begin(), busy.end());
  int64_t best = -1, bestGap = INT64_MAX, cursor = 0;
  for (auto [begin, end] : busy) {
    if (begin - cursor >= b.size && begin - cursor < bestGap) {
      best = cursor;
      bestGap = begin - cursor;
    }
    cursor = std::max(cursor, end);
  }
  if (best < 0)
    best = cursor; // after everything live: the arena grows
  return best + b.size <= capacity ? best : -1;
}

} // namespace

int64_t liveLowerBound(const std::vector<PlanBuffer> &buffers) {
  int64_t calls = 0;
  for (const PlanBuffer &b : buffers)
    calls = std::max(calls, b.last + 1);
  // Bytes live per call, by a difference array per alternative (-1: buffers that always run).
  std::map<int64_t, std::vector<int64_t>> delta;
  for (const PlanBuffer &b : buffers) {
    std::vector<int64_t> &d = delta[b.alternative];
    d.resize(calls + 1, 0);
    d[b.first] += b.size;
    d[b.last + 1] -= b.size;
  }
  std::map<int64_t, int64_t> running;
  int64_t bound = 0;
  for (int64_t call = 0; call <= calls; ++call) {
    std::map<int64_t, int64_t> sides; // per If (or -1): the larger side's bytes
    for (auto &[alternative, d] : delta) {
      int64_t live = running[alternative] += d[call];
      int64_t key = alternative < 0 ? -1 : alternative / 2;
      sides[key] = std::max(sides[key], live);
    }
    int64_t total = 0;
    for (auto &[key, live] : sides)
      total += live;
    bound = std::max(bound, total);
  }
  return bound;
}

int64_t placeBestFit(const std::vector<PlanBuffer> &buffers, const std::vector<size_t> &which,
                     std::vector<int64_t> &offset) {
  std::vector<size_t> order = which;
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    if (buffers[a].size != buffers[b].size)
      return buffers[a].size > buffers[b].size;
    return buffers[a].first < buffers[b].first;
  });
  std::vector<size_t> placed;
  int64_t arena = 0;
  for (size_t i : order) {
    offset[i] = tightestGap(buffers, placed, offset, buffers[i], INT64_MAX);
    arena = std::max(arena, offset[i] + buffers[i].size);
    placed.push_back(i);
  }
  return arena;
}

ArenaPlan planArenas(const std::vector<PlanBuffer> &buffers, const std::vector<int64_t> &capacities) {
  ArenaPlan plan;
  plan.pool.assign(buffers.size(), static_cast<int>(capacities.size()) - 1);
  plan.offset.assign(buffers.size(), 0);
  plan.poolBytes.assign(capacities.size(), 0);
  std::vector<size_t> rest(buffers.size());
  for (size_t i = 0; i < rest.size(); ++i)
    rest[i] = i;
  for (size_t p = 0; p + 1 < capacities.size(); ++p) {
    // The busiest bytes first: traffic per byte, then the smaller buffer (more of them fit).
    std::vector<size_t> order = rest;
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
      const PlanBuffer &x = buffers[a], &y = buffers[b];
      // traffic/size compared without division: x.t * y.s > y.t * x.s (as long double: no overflow)
      long double lhs = static_cast<long double>(x.traffic) * y.size, rhs = static_cast<long double>(y.traffic) * x.size;
      if (lhs != rhs)
        return lhs > rhs;
      return x.size < y.size;
    });
    std::vector<size_t> chosen, others;
    int64_t used = 0;
    for (size_t i : order) {
      int64_t at = tightestGap(buffers, chosen, plan.offset, buffers[i], capacities[p]);
      if (at < 0) {
        others.push_back(i);
        continue;
      }
      plan.offset[i] = at;
      used = std::max(used, at + buffers[i].size);
      chosen.push_back(i);
    }
    // Largest-first packing of the same set is often tighter than the greedy insertion order.
    std::vector<int64_t> repacked = plan.offset;
    int64_t tighter = placeBestFit(buffers, chosen, repacked);
    if (tighter < used) {
      plan.offset = std::move(repacked);
      used = tighter;
    }
    for (size_t i : chosen)
      plan.pool[i] = static_cast<int>(p);
    plan.poolBytes[p] = used;
    std::sort(others.begin(), others.end());
    rest = std::move(others);
  }
  plan.poolBytes.back() = placeBestFit(buffers, rest, plan.offset);
  return plan;
}

} // namespace edgec
