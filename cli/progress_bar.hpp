#pragma once
// A progress bar on standard error, drawn only when it is a terminal. Thread-safe: update() may be called from
// any thread; redraws are throttled to whole-percent changes.
#include <atomic>
#include <mutex>
#include <string>

namespace emile::cli {

class ProgressBar {
 public:
  /// `enabled` false draws nothing (e.g. --quiet); the bar also stays silent when stderr is not a terminal.
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
  bool active_;
  std::atomic<int> shown_{-1};
  std::mutex mutex_;
};

}  // namespace emile::cli
