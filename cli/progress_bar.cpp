#include "progress_bar.hpp"

#include <unistd.h>

#include <cmath>
#include <cstdio>

namespace emile::cli {

namespace {

// "42 s", "3 min 05 s", "2 h 07 min".
std::string duration(double seconds) {
  const auto s = static_cast<long long>(std::lround(seconds));
  char text[32];
  if (s < 60) {
    std::snprintf(text, sizeof text, "%lld s", s);
  } else if (s < 3600) {
    std::snprintf(text, sizeof text, "%lld min %02lld s", s / 60, s % 60);
  } else {
    std::snprintf(text, sizeof text, "%lld h %02lld min", s / 3600, (s % 3600) / 60);
  }
  return text;
}

}  // namespace

ProgressBar::ProgressBar(std::string label, bool enabled)
    : label_(std::move(label)), enabled_(enabled), terminal_(enabled && isatty(STDERR_FILENO)) {}

ProgressBar::~ProgressBar() { finish(); }

void ProgressBar::update(double fraction) {
  if (!enabled_) return;
  const int percent = static_cast<int>(fraction * 100.0);
  const int step = terminal_ ? percent : percent / 10 * 10;  // what is shown: each percent, or each tenth
  int shown = shown_.load();
  if (step <= shown) return;
  const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  if (!terminal_ && (elapsed < quiet_seconds || percent >= 100)) return;
  if (!shown_.compare_exchange_strong(shown, step)) return;
  const std::string left = percent >= 1 ? "about " + duration(elapsed * (1 - fraction) / fraction) + " left" : "";
  std::lock_guard lock(mutex_);
  if (terminal_) {
    constexpr int width = 30;
    const int filled = percent * width / 100;
    std::fprintf(stderr, "\r\033[K%s [%.*s%*s] %3d%% %s elapsed%s%s", label_.c_str(), filled,
                 "##############################", width - filled, "", percent, duration(elapsed).c_str(),
                 left.empty() ? "" : ", ", left.c_str());
  } else {
    std::fprintf(stderr, "emile %s: %d %% done, %s elapsed%s%s\n", label_.c_str(), step, duration(elapsed).c_str(),
                 left.empty() ? "" : ", ", left.c_str());
  }
  std::fflush(stderr);
}

void ProgressBar::note(const std::string& line) {
  std::lock_guard lock(mutex_);
  if (terminal_) std::fprintf(stderr, "\r\033[K");
  std::fflush(stderr);
  std::printf("%s\n", line.c_str());
  std::fflush(stdout);
  if (terminal_) shown_ = -1;
}

void ProgressBar::finish() {
  if (!terminal_) return;
  std::lock_guard lock(mutex_);
  std::fprintf(stderr, "\r\033[K");
  std::fflush(stderr);
  terminal_ = false;
  enabled_ = false;
}

}  // namespace emile::cli
