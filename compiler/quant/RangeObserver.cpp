// Range observers for int8 calibration (minmax, percentile, mse, entropy) and quant params.
#include "compiler/quant/RangeObserver.h"

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <limits>

namespace edgec::quant {

//===----------------------------------------------------------------------===//
// Quant params
//===----------------------------------------------------------------------===//

namespace {

/// NaN as 0, +-inf as +-FLT_MAX: params must come out finite whatever the range.
float sanitize(float x) {
  if (std::isnan(x))
    return 0.0f;
  return std::max(-FLT_MAX, std::min(FLT_MAX, x));
}

} // namespace

QuantParams asymmetricParams(float lo, float hi, int32_t qmin, int32_t qmax) {
  lo = std::min(sanitize(lo), 0.0f);
  hi = std::max(sanitize(hi), 0.0f);
  if (qmax <= qmin)
    return {1.0, 0};
  const double scale = (double(hi) - double(lo)) / (double(qmax) - double(qmin));
  if (!(scale >= double(FLT_MIN)))
    return {1.0, std::max(qmin, std::min(qmax, int32_t(0)))};
  // nearbyint rounds half to even in the default rounding mode, like numpy.round.
  const double zp = std::nearbyint(double(qmin) - double(lo) / scale);
  const double clamped = std::max(double(qmin), std::min(double(qmax), zp));
  return {double(float(scale)), int32_t(clamped)};
}

QuantParams symmetricParams(float amax, int32_t qmax) {
  amax = std::fabs(sanitize(amax));
  if (qmax <= 0)
    return {1.0, 0};
  const double scale = double(amax) / double(qmax);
  if (!(scale >= double(FLT_MIN)))
    return {1.0, 0};
  return {double(float(scale)), 0};
}

std::optional<ObserverKind> parseObserverKind(llvm::StringRef name) {
  if (name == "minmax")
    return ObserverKind::MinMax;
  if (name == "percentile")
    return ObserverKind::Percentile;
  if (name == "mse")
    return ObserverKind::Mse;
  if (name == "entropy")
    return ObserverKind::Entropy;
  return std::nullopt;
}

const char *observerKindName(ObserverKind kind) {
  switch (kind) {
  case ObserverKind::MinMax:
    return "minmax";
  case ObserverKind::Percentile:
    return "percentile";
  case ObserverKind::Mse:
    return "mse";
  case ObserverKind::Entropy:
    return "entropy";
  }
  return "?";
}

std::unique_ptr<RangeObserver> makeObserver(ObserverKind kind) {
  switch (kind) {
  case ObserverKind::MinMax:
    return std::make_unique<MinMaxObserver>();
  case ObserverKind::Percentile:
    return std::make_unique<PercentileObserver>();
  case ObserverKind::Mse:
    return std::make_unique<MseObserver>();
  case ObserverKind::Entropy:
    return std::make_unique<EntropyObserver>();
  }
  return nullptr;
}

//===----------------------------------------------------------------------===//
// Histogram and the base observer
//===----------------------------------------------------------------------===//

void Histogram::add(float x) {
  if (!std::isfinite(x) || bins.empty())
    return;
  const size_t n = bins.size();
  size_t index = 0;
  if (hi > lo) {
    const double pos = (double(x) - lo) / (hi - lo) * double(n);
    index = pos <= 0 ? 0 : pos >= double(n) ? n - 1 : size_t(pos);
  }
  bins[index] += 1;
}

RangeObserver::~RangeObserver() = default;

void RangeObserver::observeRange(llvm::ArrayRef<float> values) {
  float lo = finiteCount_ ? min_ : std::numeric_limits<float>::infinity();
  float hi = finiteCount_ ? max_ : -std::numeric_limits<float>::infinity();
  uint64_t finite = 0;
  for (float x : values) {
    if (!std::isfinite(x))
      continue;
    ++finite;
    lo = std::min(lo, x);
    hi = std::max(hi, x);
  }
  nonFiniteCount_ += values.size() - finite;
  finiteCount_ += finite;
  if (finiteCount_) {
    min_ = lo;
    max_ = hi;
  }
}

RangeObserver::Range RangeObserver::range() const {
  Range r{0.0f, 0.0f};
  if (finiteCount_)
    r = needsHistogram() ? histogramRange() : Range{min_, max_};
  // Stay within what was seen, then include zero.
  r.lo = std::max(sanitize(r.lo), min());
  r.hi = std::min(sanitize(r.hi), max());
  return {std::min(r.lo, 0.0f), std::max(r.hi, 0.0f)};
}

//===----------------------------------------------------------------------===//
// Percentile
//===----------------------------------------------------------------------===//

void PercentileObserver::observeHistogram(llvm::ArrayRef<float> values) {
  if (hist_.bins.empty()) {
    const double amax = std::max(std::fabs(double(min())), std::fabs(double(max())));
    hist_ = Histogram(0.0, amax, numBins_);
  }
  for (float x : values)
    hist_.add(std::fabs(x));
}

RangeObserver::Range PercentileObserver::histogramRange() const {
  double total = 0;
  for (double c : hist_.bins)
    total += c;
  if (total == 0)
    return {min(), max()};
  const double target = total * std::max(0.0, std::min(100.0, percentile_)) / 100.0;
  // The first bin where the cumulative count reaches the target (a relative tolerance keeps
  // 100% from missing the last bin to rounding); clip at its upper edge.
  double cumulative = 0;
  size_t index = hist_.bins.size() - 1;
  for (size_t i = 0; i < hist_.bins.size(); ++i) {
    cumulative += hist_.bins[i];
    if (cumulative >= target * (1 - 1e-12)) {
      index = i;
      break;
    }
  }
  const float t = float(hist_.edge(index + 1));
  return {std::max(-t, min()), std::min(t, max())};
}

//===----------------------------------------------------------------------===//
// MSE
//===----------------------------------------------------------------------===//

void MseObserver::observeHistogram(llvm::ArrayRef<float> values) {
  if (hist_.bins.empty())
    hist_ = Histogram(min(), max(), numBins_);
  for (float x : values)
    if (x != 0.0f) // Exactly representable, never clipped: zeros cost nothing anywhere.
      hist_.add(x);
}

RangeObserver::Range MseObserver::histogramRange() const {
  const size_t n = hist_.bins.size();
  if (n == 0)
    return {min(), max()};
  const double w = hist_.width();
  // Prefix sums of count, count * x and count * x^2 over bin centres.
  std::vector<double> s0(n + 1, 0.0), s1(n + 1, 0.0), s2(n + 1, 0.0);
  for (size_t k = 0; k < n; ++k) {
    const double c = hist_.bins[k], x = hist_.lo + (double(k) + 0.5) * w;
    s0[k + 1] = s0[k] + c;
    s1[k + 1] = s1[k] + c * x;
    s2[k + 1] = s2[k] + c * x * x;
  }
  if (s0[n] == 0)
    return {min(), max()};
  auto clampIndex = [n](double v) {
    return v <= 0 ? size_t(0) : v >= double(n) ? n : size_t(v);
  };
  // Expected squared error of quantizing to 256 levels over [a, b].
  auto cost = [&](double a, double b) {
    // Bins with centre < a are clipped to a, those with centre > b to b.
    const size_t below = clampIndex(std::ceil((a - hist_.lo) / w - 0.5));
    const size_t above = std::max(below, clampIndex(std::floor((b - hist_.lo) / w - 0.5) + 1));
    const double clipLo = s2[below] - 2 * a * s1[below] + a * a * s0[below];
    const double clipHi = (s2[n] - s2[above]) - 2 * b * (s1[n] - s1[above]) +
                          b * b * (s0[n] - s0[above]);
    const double scale = (b - a) / 255.0;
    const double round = (s0[above] - s0[below]) * scale * scale / 12.0;
    return std::max(clipLo, 0.0) + std::max(clipHi, 0.0) + round;
  };
  const double lo0 = std::min(double(min()), 0.0), hi0 = std::max(double(max()), 0.0);
  // Search fractions i/steps of lo0 and j/steps of hi0 (just 0 on a side with no values).
  double bestCost = std::numeric_limits<double>::infinity();
  double bestA = lo0, bestB = hi0;
  auto search = [&](long steps, long iFrom, long iTo, long jFrom, long jTo) {
    if (lo0 == 0)
      iFrom = iTo = 0;
    if (hi0 == 0)
      jFrom = jTo = 0;
    long bi = -1, bj = -1;
    for (long i = std::max(iFrom, 0L); i <= std::min(iTo, steps); ++i)
      for (long j = std::max(jFrom, 0L); j <= std::min(jTo, steps); ++j) {
        const double a = lo0 * double(i) / double(steps), b = hi0 * double(j) / double(steps);
        if (!(b > a))
          continue;
        const double c = cost(a, b);
        if (c < bestCost) {
          bestCost = c;
          bestA = a;
          bestB = b;
          bi = i;
          bj = j;
        }
      }
    return std::make_pair(bi, bj);
  };
  const long coarse = 128, fine = 4096, ratio = fine / coarse;
  auto [ci, cj] = search(coarse, 0, coarse, 0, coarse);
  if (ci >= 0)
    search(fine, (ci - 1) * ratio, (ci + 1) * ratio, (cj - 1) * ratio, (cj + 1) * ratio);
  return {float(bestA), float(bestB)};
}

//===----------------------------------------------------------------------===//
// Entropy
//===----------------------------------------------------------------------===//

void EntropyObserver::observeHistogram(llvm::ArrayRef<float> values) {
  if (hist_.bins.empty()) {
    const double amax = std::max(std::fabs(double(min())), std::fabs(double(max())));
    // An even bin count keeps zero on an edge: bins [zero - i, zero + i) span [-t, t].
    hist_ = Histogram(-amax, amax, (numBins_ + 1) / 2 * 2);
  }
  for (float x : values)
    hist_.add(x);
}

RangeObserver::Range EntropyObserver::histogramRange() const {
  const std::vector<double> &h = hist_.bins;
  const size_t n = h.size(), zero = n / 2, half = std::max<size_t>(quantizedBins_ / 2, 1);
  if (n == 0 || half > zero)
    return {min(), max()};
  const size_t levels = 2 * half;
  std::vector<double> prefix(n + 1, 0.0);
  for (size_t k = 0; k < n; ++k)
    prefix[k + 1] = prefix[k] + h[k];
  if (prefix[n] == 0)
    return {min(), max()};

  std::vector<double> p, q;
  double bestKl = std::numeric_limits<double>::infinity();
  size_t bestI = zero;
  for (size_t i = half; i <= zero; ++i) {
    const size_t start = zero - i, end = zero + i, len = end - start;
    p.assign(h.begin() + long(start), h.begin() + long(end));
    p.front() += prefix[start];
    p.back() += prefix[n] - prefix[end];
    // Merge the slice (without outliers) into `levels` groups, the remainder joining the last,
    // and spread each group's mass evenly over its bins where P is non-empty.
    q.assign(len, 0.0);
    const size_t merged = len / levels;
    for (size_t g = 0; g < levels; ++g) {
      const size_t from = g * merged, to = g + 1 == levels ? len : from + merged;
      double mass = 0, nonEmpty = 0;
      for (size_t k = from; k < to; ++k) {
        mass += h[start + k];
        nonEmpty += p[k] != 0;
      }
      if (nonEmpty == 0)
        continue;
      for (size_t k = from; k < to; ++k)
        if (p[k] != 0)
          q[k] = mass / nonEmpty;
    }
    double pSum = 0, qSum = 0;
    for (size_t k = 0; k < len; ++k) {
      if (p[k] != 0 && q[k] == 0)
        q[k] = 1e-4;
      pSum += p[k];
      qSum += q[k];
    }
    double kl = 0;
    for (size_t k = 0; k < len; ++k)
      if (p[k] != 0) {
        const double pk = p[k] / pSum, qk = q[k] / qSum;
        kl += pk * std::log(pk / qk);
      }
    // Ties (within rounding) go to the smaller threshold.
    if (i == half || kl < bestKl - 1e-9 * bestKl - 1e-15) {
      bestKl = kl;
      bestI = i;
    }
  }
  const float t = float(hist_.width() * double(bestI));
  return {std::max(-t, min()), std::min(t, max())};
}

} // namespace edgec::quant
