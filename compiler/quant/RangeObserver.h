// Range observers for int8 calibration (minmax, percentile, mse, entropy) and quant params.
#ifndef EDGEC_COMPILER_QUANT_RANGEOBSERVER_H
#define EDGEC_COMPILER_QUANT_RANGEOBSERVER_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

namespace edgec::quant {

struct QuantParams {
  double scale;      // a float32 value (scales are float32 in ONNX), held in a double
  int32_t zeroPoint;
};

/// Asymmetric params for [lo, hi] over [qmin, qmax] (e.g. -128..127), as onnxruntime's
/// compute_scale_zp: the range is first widened to include 0 (lo = min(lo, 0), hi = max(hi,
/// 0)), then
///   scale = float((double(hi) - double(lo)) / (double(qmax) - double(qmin)))
///   zeroPoint = clamp(round_half_even(qmin - lo / scale_double), qmin, qmax)
/// where scale_double is the scale before it is rounded to float. When scale_double is below
/// FLT_MIN (lo == hi == 0) the params are scale 1, zero point 0 like onnxruntime's: any
/// positive scale represents an all-zero tensor, and 1 keeps requantization multipliers
/// (in_scale * w_scale / out_scale) finite where a tiny scale would overflow them. NaN bounds
/// count as 0, infinite ones as +-FLT_MAX. Zero is exact: dequantize(zeroPoint) == 0.
QuantParams asymmetricParams(float lo, float hi, int32_t qmin, int32_t qmax);

/// Symmetric params (zero point 0) for max |x| = \p amax over [-qmax, qmax] (weights:
/// -127..127): scale = float(double(|amax|) / qmax); scale 1 when that is below FLT_MIN.
QuantParams symmetricParams(float amax, int32_t qmax);

enum class ObserverKind { MinMax, Percentile, Mse, Entropy };

/// "minmax" | "percentile" | "mse" | "entropy"; nullopt for anything else.
std::optional<ObserverKind> parseObserverKind(llvm::StringRef name);
const char *observerKindName(ObserverKind kind);

/// A fixed-range histogram: bins[i] counts values in [lo + i*w, lo + (i+1)*w), w = (hi-lo)/n;
/// hi itself goes to the last bin, values outside are clamped into the end bins.
struct Histogram {
  double lo = 0, hi = 0;
  std::vector<double> bins;

  Histogram() = default;
  Histogram(double lo, double hi, size_t n) : lo(lo), hi(hi), bins(n, 0.0) {}
  double width() const { return bins.empty() ? 0 : (hi - lo) / double(bins.size()); }
  double edge(size_t i) const { return lo + (hi - lo) * double(i) / double(bins.size()); }
  void add(float x);
};

/// Sees every value of one tensor over all calibration samples and picks its float range.
/// The driver runs
///   for each sample: obs.observeRange(values);            // pass 1: min/max
///   if (obs.needsHistogram())
///     for each sample: obs.observeHistogram(values);      // pass 2: over pass 1's range
///   auto [lo, hi] = obs.range();
/// NaN and +-Inf values are skipped (pass 1 counts them: nonFiniteCount()). range() is always
/// finite with lo <= 0 <= hi; an empty or all-zero tensor gives [0, 0] (asymmetricParams turns
/// it into scale 1, zero point 0), a constant c gives [min(c, 0), max(c, 0)].
class RangeObserver {
public:
  struct Range {
    float lo, hi;
  };

  explicit RangeObserver(ObserverKind kind) : kind_(kind) {}
  virtual ~RangeObserver();

  ObserverKind kind() const { return kind_; }

  /// Pass 1: min/max of the finite values.
  void observeRange(llvm::ArrayRef<float> values);
  /// Whether range() needs pass 2 (and there is something to histogram).
  bool needsHistogram() const { return wantsHistogram() && finiteCount_ > 0 && min_ < max_; }
  /// Pass 2: the same values again, binned over pass 1's range.
  virtual void observeHistogram(llvm::ArrayRef<float> /*values*/) {}
  /// The clip range, widened to include 0.
  Range range() const;

  uint64_t finiteCount() const { return finiteCount_; }
  uint64_t nonFiniteCount() const { return nonFiniteCount_; }
  /// Pass 1's min and max of the finite values (0, 0 before any).
  float min() const { return finiteCount_ ? min_ : 0.0f; }
  float max() const { return finiteCount_ ? max_ : 0.0f; }

protected:
  virtual bool wantsHistogram() const { return false; }
  /// The clip range from pass 2, within [min(), max()], when needsHistogram().
  virtual Range histogramRange() const { return {min_, max_}; }

private:
  ObserverKind kind_;
  float min_ = 0, max_ = 0;
  uint64_t finiteCount_ = 0, nonFiniteCount_ = 0;
};

/// Running min/max.
class MinMaxObserver : public RangeObserver {
public:
  MinMaxObserver() : RangeObserver(ObserverKind::MinMax) {}
};

/// Clips |x| at a percentile (default 99.99) of a 2048-bin histogram of |x| over
/// [0, max |x|], like onnxruntime's HistogramCalibrater percentile method with symmetric
/// histograms: the threshold t is the upper edge of the bin where the cumulative share of |x|
/// reaches the percentile (onnxruntime takes its lower edge, which clips a bin too many),
/// and the range is [-t, t] clamped to [min, max] (a ReLU output keeps lo = 0).
class PercentileObserver : public RangeObserver {
public:
  explicit PercentileObserver(double percentile = 99.99, size_t bins = 2048)
      : RangeObserver(ObserverKind::Percentile), percentile_(percentile), numBins_(bins) {}
  void observeHistogram(llvm::ArrayRef<float> values) override;

protected:
  bool wantsHistogram() const override { return true; }
  Range histogramRange() const override;

private:
  double percentile_;
  size_t numBins_;
  Histogram hist_;
};

/// The clip range [a, b] (a <= 0 <= b) minimising the expected squared error of int8
/// (256-level) quantization over a 2048-bin histogram on [min, max]: values inside cost the
/// rounding error scale^2 / 12 (exact zeros cost nothing), values outside their clipping
/// error (x - a)^2 or (x - b)^2, each bin's values taken at its centre. Candidates a =
/// min * i/N, b = max * j/N are searched on a 128-step grid, then refined at 1/4096 around the
/// best. Note MSE keeps huge outliers that are frequent enough: clipping them costs their
/// squared distance.
class MseObserver : public RangeObserver {
public:
  explicit MseObserver(size_t bins = 2048) : RangeObserver(ObserverKind::Mse), numBins_(bins) {}
  void observeHistogram(llvm::ArrayRef<float> values) override;

protected:
  bool wantsHistogram() const override { return true; }
  Range histogramRange() const override;

private:
  size_t numBins_;
  Histogram hist_; // of the non-zero values
};

/// TensorRT's KL-divergence threshold search (as onnxruntime's compute_entropy /
/// get_entropy_threshold) over a 2048-bin histogram on [-max|x|, max|x|]: for each candidate
/// t = i bins either side of zero (i = 64..1024), the reference P is the 2i bins with the
/// outliers folded into its end bins, the candidate Q is those bins (without outliers) merged
/// into 128 levels and spread back over the non-empty bins; the t with the least KL(P||Q)
/// wins (the smallest on ties), and [-t, t] is clamped to [min, max]. Differences from
/// onnxruntime: Q is kept in floating point (onnxruntime truncates it to integers), Q's
/// remainder bins join the last level, and empty reference bins get no Q mass (as TensorRT);
/// a bin with P > 0 and Q == 0 gets Q = 1e-4 counts (onnxruntime's smoothing epsilon).
class EntropyObserver : public RangeObserver {
public:
  explicit EntropyObserver(size_t bins = 2048, size_t quantizedBins = 128)
      : RangeObserver(ObserverKind::Entropy), numBins_(bins), quantizedBins_(quantizedBins) {}
  void observeHistogram(llvm::ArrayRef<float> values) override;

protected:
  bool wantsHistogram() const override { return true; }
  Range histogramRange() const override;

private:
  size_t numBins_, quantizedBins_;
  Histogram hist_;
};

std::unique_ptr<RangeObserver> makeObserver(ObserverKind kind);

} // namespace edgec::quant

#endif
