// A one-line terminal progress bar for long loops (the calibration pass), shown on a TTY only.
#include "compiler/quant/ProgressBar.h"

#include "llvm/Support/Process.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <cstdio>

namespace edgec::quant {

namespace {
constexpr unsigned kBarWidth = 30;
constexpr auto kRedrawInterval = std::chrono::milliseconds(100);
} // namespace

ProgressBar::ProgressBar(llvm::StringRef label, uint64_t total)
    : ProgressBar(label, total, llvm::errs(), llvm::sys::Process::StandardErrIsDisplayed()) {}

ProgressBar::ProgressBar(llvm::StringRef label, uint64_t total, llvm::raw_ostream &os,
                         bool enabled)
    : label_(label.str()), total_(total), os_(os), enabled_(enabled),
      start_(std::chrono::steady_clock::now()), lastDraw_(start_) {}

ProgressBar::~ProgressBar() { finish(); }

double ProgressBar::elapsed() const {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
}

std::string ProgressBar::render(uint64_t done, double seconds) const {
  done = std::min(done, total_);
  const unsigned filled =
      total_ ? unsigned(double(done) / double(total_) * kBarWidth) : kBarWidth;
  std::string line = " " + label_ + " [" + std::string(filled, '#') +
                     std::string(kBarWidth - filled, '.') + "] " + std::to_string(done) + "/" +
                     std::to_string(total_);
  char time[32];
  std::snprintf(time, sizeof(time), " %.1f s", seconds);
  return line + time;
}

void ProgressBar::draw() {
  std::string line = render(done_, elapsed());
  const size_t width = line.size();
  // Blank what a longer previous line left behind.
  if (width < lastWidth_)
    line.append(lastWidth_ - width, ' ');
  lastWidth_ = width;
  os_ << '\r' << line;
  os_.flush();
  drawn_ = true;
  lastDraw_ = std::chrono::steady_clock::now();
}

void ProgressBar::update(uint64_t done) {
  done_ = std::min(done, total_);
  if (!enabled_ || finished_)
    return;
  if (drawn_ && done_ < total_ && std::chrono::steady_clock::now() - lastDraw_ < kRedrawInterval)
    return;
  draw();
}

void ProgressBar::finish() {
  if (finished_)
    return;
  finished_ = true;
  if (!enabled_)
    return;
  draw();
  os_ << '\n';
  os_.flush();
}

} // namespace edgec::quant
