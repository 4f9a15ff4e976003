#include "emile/sim/archive.hpp"
#include "emile/sim/atomic_file.hpp"

#include <gtest/gtest.h>

#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <fstream>

namespace {

using namespace emile::sim;
namespace fs = std::filesystem;

bool mentions(const std::string& message, const std::string& part) { return message.find(part) != std::string::npos; }

template <class F>
std::string error_of(F&& f) {
  try {
    f();
  } catch (const std::exception& e) {
    return e.what();
  }
  return "no error";
}

class ArchiveFile : public ::testing::Test {
 protected:
  void SetUp() override {
    static std::atomic<int> counter{0};
    dir_ = fs::temp_directory_path() / ("emile-test-archive-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    fs::create_directories(dir_);
  }
  void TearDown() override {
    std::error_code ignored;
    fs::remove_all(dir_, ignored);
  }
  fs::path file(const std::string& name) const { return dir_ / name; }
  std::size_t entries() const { return static_cast<std::size_t>(std::distance(fs::directory_iterator(dir_), fs::directory_iterator())); }
  static std::vector<std::byte> read_bytes(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::vector<char> chars((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::vector<std::byte> bytes(chars.size());
    std::memcpy(bytes.data(), chars.data(), chars.size());
    return bytes;
  }
  static void write_bytes(const fs::path& path, std::span<const std::byte> bytes) {
    std::ofstream(path, std::ios::binary).write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
  }
  fs::path dir_;
};

ArchiveWriter sample() {
  ArchiveWriter out;
  out.tag("part");
  out.value(std::int32_t{-7});
  out.values(std::vector<double>{1.5, -2.25, 1e300});
  out.text("Évry");
  out.values(std::vector<std::uint32_t>{});
  return out;
}

}  // namespace

TEST(Archive, round_trips_values_arrays_text_and_tags) {
  const auto out = sample();
  ArchiveReader in(out.bytes(), "sample");
  in.expect("part");
  EXPECT_EQ(in.value<std::int32_t>(), -7);
  EXPECT_EQ(in.values<double>(), (std::vector<double>{1.5, -2.25, 1e300}));
  EXPECT_EQ(in.text(), "Évry");
  EXPECT_TRUE(in.values<std::uint32_t>().empty());
  EXPECT_NO_THROW(in.finish());
}

TEST(Archive, refuses_to_read_past_the_end_naming_the_archive_and_offset) {
  auto bytes = sample().bytes();
  bytes.resize(bytes.size() - 3);
  ArchiveReader in(bytes, "sample");
  in.expect("part");
  in.value<std::int32_t>();
  in.values<double>();
  in.text();
  const auto message = error_of([&] { in.values<std::uint32_t>(); });
  EXPECT_TRUE(mentions(message, "sample: damaged or incompatible at byte")) << message;
}

TEST(Archive, refuses_an_array_longer_than_the_bytes_left_without_allocating_it) {
  ArchiveWriter out;
  out.value<std::uint64_t>(std::uint64_t{1} << 60);  // a count no archive can hold
  ArchiveReader in(out.bytes(), "huge");
  EXPECT_THROW(in.values<double>(), ArchiveError);
}

TEST(Archive, refuses_a_part_other_than_the_one_expected) {
  const auto out = sample();
  ArchiveReader in(out.bytes(), "sample");
  const auto message = error_of([&] { in.expect("other"); });
  EXPECT_TRUE(mentions(message, "expected the part 'other'")) << message;
}

TEST(Archive, refuses_bytes_left_over) {
  const auto out = sample();
  ArchiveReader in(out.bytes(), "sample");
  in.expect("part");
  EXPECT_THROW(in.finish(), ArchiveError);
}

TEST_F(ArchiveFile, round_trips_through_a_file) {
  const auto out = sample();
  write_archive_file(file("a.ckpt"), "checkpoint", out.bytes());
  EXPECT_EQ(read_archive_file(file("a.ckpt"), "checkpoint"), out.bytes());
  EXPECT_EQ(entries(), 1u);  // no temporary left
}

TEST_F(ArchiveFile, refuses_a_truncated_file) {
  write_archive_file(file("a.ckpt"), "checkpoint", sample().bytes());
  const auto bytes = read_bytes(file("a.ckpt"));
  for (std::size_t cut : {std::size_t{0}, std::size_t{5}, std::size_t{20}, bytes.size() / 2, bytes.size() - 1}) {
    write_bytes(file("cut.ckpt"), std::span(bytes).first(cut));
    const auto message = error_of([&] { read_archive_file(file("cut.ckpt"), "checkpoint"); });
    EXPECT_TRUE(mentions(message, "cut.ckpt")) << cut << ": " << message;
    EXPECT_FALSE(mentions(message, "no error")) << cut;
  }
}

TEST_F(ArchiveFile, refuses_a_damaged_file) {
  write_archive_file(file("a.ckpt"), "checkpoint", sample().bytes());
  auto bytes = read_bytes(file("a.ckpt"));
  bytes.back() ^= std::byte{0x10};
  write_bytes(file("a.ckpt"), bytes);
  const auto message = error_of([&] { read_archive_file(file("a.ckpt"), "checkpoint"); });
  EXPECT_TRUE(mentions(message, "checksum")) << message;
}

TEST_F(ArchiveFile, refuses_foreign_files_and_other_kinds) {
  std::ofstream(file("text.ckpt")) << "[run]\nname = \"x\"\n";
  EXPECT_TRUE(mentions(error_of([&] { read_archive_file(file("text.ckpt"), "checkpoint"); }), "not an emile checkpoint file"));
  write_archive_file(file("other.arc"), "something else", sample().bytes());
  EXPECT_TRUE(mentions(error_of([&] { read_archive_file(file("other.arc"), "checkpoint"); }), "it holds a something else"));
  EXPECT_TRUE(mentions(error_of([&] { read_archive_file(file("missing.ckpt"), "checkpoint"); }), "not found"));
  EXPECT_TRUE(mentions(error_of([&] { read_archive_file(dir_, "checkpoint"); }), "a directory"));
}

TEST_F(ArchiveFile, refuses_a_fifo_at_once_instead_of_waiting_for_a_writer) {
  const auto fifo = file("pipe.ckpt");
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  const std::string message = error_of([&] { read_archive_file(fifo, "checkpoint"); });
  EXPECT_TRUE(mentions(message, "pipe.ckpt")) << message;
  EXPECT_TRUE(mentions(message, "not a regular file (a FIFO)")) << message;
}

TEST_F(ArchiveFile, an_uncommitted_atomic_file_leaves_the_target_as_it_was) {
  std::ofstream(file("t")) << "before";
  {
    AtomicFile out(file("t"));
    const std::array<std::byte, 3> bytes{std::byte{1}, std::byte{2}, std::byte{3}};
    out.write(bytes);
    EXPECT_EQ(entries(), 2u);  // the target and the temporary
  }
  EXPECT_EQ(entries(), 1u);
  std::ifstream in(file("t"));
  std::string text;
  in >> text;
  EXPECT_EQ(text, "before");
}

TEST_F(ArchiveFile, an_atomic_file_reports_an_unusable_target) {
  EXPECT_TRUE(mentions(error_of([&] { AtomicFile out(dir_ / "missing" / "t"); }), "does not exist"));
  EXPECT_TRUE(mentions(error_of([&] { AtomicFile out(dir_); }), "is a directory"));
}
