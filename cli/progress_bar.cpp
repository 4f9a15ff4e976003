#include "progress_bar.hpp"

#include <unistd.h>

#include <cstdio>

namespace emile::cli {

ProgressBar::ProgressBar(std::string label, bool enabled) : label_(std::move(label)), active_(enabled && isatty(STDERR_FILENO)) {}

ProgressBar::~ProgressBar() { finish(); }

void ProgressBar::update(double fraction) {
  if (!active_) return;
  const int percent = static_cast<int>(fraction * 100.0);
  int shown = shown_.load();
  if (percent <= shown || !shown_.compare_exchange_strong(shown, percent)) return;
  std::lock_guard lock(mutex_);
  constexpr int width = 40;
  const int filled = percent * width / 100;
  std::fprintf(stderr, "\r%s [%.*s%*s] %3d%%", label_.c_str(), filled, "########################################",
               width - filled, "", percent);
  std::fflush(stderr);
}

void ProgressBar::note(const std::string& line) {
  std::lock_guard lock(mutex_);
  if (active_) std::fprintf(stderr, "\r\033[K");
  std::fflush(stderr);
  std::printf("%s\n", line.c_str());
  std::fflush(stdout);
  shown_ = -1;
}

void ProgressBar::finish() {
  if (!active_) return;
  std::lock_guard lock(mutex_);
  std::fprintf(stderr, "\r\033[K");
  std::fflush(stderr);
  active_ = false;
}

}  // namespace emile::cli
