// A one-line terminal progress bar for long loops (the calibration pass), shown on a TTY only.
#ifndef EDGEC_COMPILER_QUANT_PROGRESSBAR_H
#define EDGEC_COMPILER_QUANT_PROGRESSBAR_H

#include "llvm/ADT/StringRef.h"

#include <chrono>
#include <cstdint>
#include <string>

namespace llvm {
class raw_ostream;
}

namespace edgec::quant {

/// ProgressBar bar("calibrating", total); for (...) bar.update(done); bar.finish();
/// draws "\r calibrating [######........] 12/50 2.3 s" on stderr when stderr is a terminal
/// (llvm::sys::Process::StandardErrIsDisplayed()), at most ~10 times a second (the first and
/// the final update always draw), and ends the line on finish() or destruction. When stderr is
/// not a terminal it prints nothing: the caller prints a one-line summary instead.
class ProgressBar {
public:
  ProgressBar(llvm::StringRef label, uint64_t total);
  /// Draws to \p os when \p enabled (tests; a forced bar in a log).
  ProgressBar(llvm::StringRef label, uint64_t total, llvm::raw_ostream &os, bool enabled);
  ~ProgressBar();
  ProgressBar(const ProgressBar &) = delete;
  ProgressBar &operator=(const ProgressBar &) = delete;

  /// \p done of total steps are complete (clamped to total).
  void update(uint64_t done);
  /// Draws the final state and ends the line (once; later calls do nothing).
  void finish();
  bool enabled() const { return enabled_; }
  /// Seconds since construction.
  double elapsed() const;
  /// The line update() draws for \p done after \p seconds, without the leading '\r'.
  std::string render(uint64_t done, double seconds) const;

private:
  void draw();

  std::string label_;
  uint64_t total_, done_ = 0;
  llvm::raw_ostream &os_;
  bool enabled_, drawn_ = false, finished_ = false;
  std::chrono::steady_clock::time_point start_, lastDraw_;
  size_t lastWidth_ = 0;
};

} // namespace edgec::quant

#endif
