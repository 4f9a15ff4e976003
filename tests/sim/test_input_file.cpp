#include "emile/sim/input_file.hpp"

#include <gtest/gtest.h>

#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <string>

namespace {

using namespace emile::sim;
namespace fs = std::filesystem;

class InputFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("emile-input-" + std::to_string(::getpid()));
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
};

InputFileError::Problem problem_of(const fs::path& path) {
  try {
    InputFile{path};
  } catch (const InputFileError& e) {
    return e.problem();
  }
  ADD_FAILURE() << path << " was opened";
  return InputFileError::Problem::unreadable;
}

TEST_F(InputFileTest, reads_a_regular_file_whole_and_by_offset) {
  const fs::path file = dir_ / "a.toml";
  std::ofstream(file, std::ios::binary) << "[run]\nname = \"x\"\n";
  const InputFile in(file);
  EXPECT_EQ(in.size(), 17u);
  EXPECT_EQ(in.read_all(), "[run]\nname = \"x\"\n");
  std::string part(4, '\0');
  in.read_at(6, std::as_writable_bytes(std::span(part)));
  EXPECT_EQ(part, "name");
}

TEST_F(InputFileTest, refuses_to_read_past_the_end) {
  const fs::path file = dir_ / "short";
  std::ofstream(file, std::ios::binary) << "abc";
  const InputFile in(file);
  std::string buffer(8, '\0');
  EXPECT_THROW(in.read_at(0, std::as_writable_bytes(std::span(buffer))), InputFileError);
}

TEST_F(InputFileTest, tells_a_missing_file_from_a_directory) {
  EXPECT_EQ(problem_of(dir_ / "missing"), InputFileError::Problem::missing);
  EXPECT_EQ(problem_of(dir_), InputFileError::Problem::directory);
}

TEST_F(InputFileTest, refuses_a_fifo_without_waiting_for_a_writer_and_a_device) {
  const fs::path fifo = dir_ / "pipe";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  EXPECT_EQ(problem_of(fifo), InputFileError::Problem::not_regular);  // would block forever in a plain open()
  try {
    InputFile{fifo};
  } catch (const InputFileError& e) {
    EXPECT_STREQ(e.what(), "not a regular file (a FIFO)");
  }
  EXPECT_EQ(problem_of("/dev/zero"), InputFileError::Problem::not_regular);  // would never end
}

TEST_F(InputFileTest, follows_a_symbolic_link_to_a_regular_file) {
  std::ofstream(dir_ / "target", std::ios::binary) << "x";
  fs::create_symlink("target", dir_ / "link");
  EXPECT_EQ(InputFile(dir_ / "link").read_all(), "x");
}

}  // namespace
