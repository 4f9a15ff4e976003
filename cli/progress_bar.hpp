#pragma once
// Progress of a long command on standard error, with the time elapsed and an estimate of the time left
// (elapsed × (1 − done) ÷ done, once 1 % is done). On a terminal, a bar redrawn in place at each whole percent.
// Elsewhere (a log file, a batch job's output), once the command has run `quiet_seconds`, a line at each tenth
// done: `emile compare: 40 % done, 1 min 12 s elapsed, about 1 min 48 s left`. Thread-safe: update() may be called
// from any thread.
#include <atomic>
#include <chrono>
#include <mutex>
#include <string>

namespace emile::cli {

class ProgressBar {
 public:
  /// Seconds a command runs before its progress is logged off a terminal: short commands stay silent.
  static constexpr double quiet_seconds = 5;

  /// `enabled` false prints nothing (e.g. --quiet).
  ProgressBar(std::string label, bool enabled);
  ~ProgressBar();
  /// Reports the fraction done, 0–1.
  void update(double fraction);
  /// Prints `line` (and a newline) on standard output, clearing the bar first; the next update redraws it.
  void note(const std::string& line);
  /// Clears the bar's line.
  void finish();

 private:
  std::string label_;
  bool enabled_;
  bool terminal_;
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
  std::atomic<int> shown_{-1};  ///< the last percent drawn (terminal) or tenth logged, ×10 (elsewhere)
  std::mutex mutex_;
};

}  // namespace emile::cli
