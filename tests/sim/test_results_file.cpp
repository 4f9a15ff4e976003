// Tests for emile/sim/results_file.hpp: round trips of every kind of content, atomic commit, reproducible
// bytes, and clean errors for bad files and unwritable places. Every file lives in a fresh temporary
// directory that the fixture removes.
#include "emile/sim/results_file.hpp"

#include <gtest/gtest.h>

#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <numeric>
#include <random>
#include <span>
#include <string>
#include <thread>
#include <vector>

namespace {

namespace fs = std::filesystem;
using emile::sim::ColumnType;
using emile::sim::ResultsFileError;
using emile::sim::ResultsReader;
using emile::sim::ResultsWriter;
using emile::sim::Table;
using emile::sim::TableSchema;

std::vector<char> bytes_of(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void write_bytes(const fs::path& file, const char* data, std::size_t size) {
  std::ofstream out(file, std::ios::binary);
  out.write(data, static_cast<std::streamsize>(size));
}

// Runs `action`, expects it to throw `Error`, and returns the message ("" after reporting a failure).
template <class Error, class Action>
std::string message_of(Action action) {
  try {
    action();
  } catch (const Error& error) {
    return error.what();
  } catch (const std::exception& other) {
    ADD_FAILURE() << "threw another exception: " << other.what();
    return {};
  }
  ADD_FAILURE() << "did not throw";
  return {};
}

bool mentions(const std::string& message, const std::string& part) {
  return message.find(part) != std::string::npos;
}

class ResultsFile : public ::testing::Test {
 protected:
  void SetUp() override {
    static std::atomic<int> counter{0};
    const auto now = std::chrono::steady_clock::now().time_since_epoch().count();
    dir_ = fs::temp_directory_path() / ("emile-test-results-file-" + std::to_string(::getpid()) + "-" +
                                        std::to_string(now) + "-" + std::to_string(counter++));
    fs::create_directories(dir_);
  }
  void TearDown() override {
    std::error_code ignored;
    fs::permissions(dir_, fs::perms::owner_all, fs::perm_options::add, ignored);
    fs::remove_all(dir_, ignored);
  }

  fs::path file(const std::string& name) const { return dir_ / name; }
  std::vector<fs::path> entries() const {
    std::vector<fs::path> found;
    for (const auto& entry : fs::directory_iterator(dir_)) found.push_back(entry.path().filename());
    return found;
  }

  // A small file holding a bit of everything.
  void write_sample(const fs::path& target) const {
    ResultsWriter out{target};
    out.set_attribute("/", "emile_version", "0.1.0");
    out.set_attribute("/run", "seed", std::int64_t{42});
    out.write_text("/run/scenario_toml", "[run]\nweeks = 52\n");
    const std::vector<double> series{1.5, 2.5, 3.5, 4.5, 5.5, 6.5};
    out.write_array("/timeseries/moved_households", series, std::array<std::size_t, 2>{2, 3});
    out.write_strings("/communes/name", std::vector<std::string>{"Paris", "Évry", "Orsay"});
    Table table;
    table.add_column("id", std::vector<std::int64_t>{1, 2, 3}, "household id");
    table.add_column("income", std::vector<double>{1200.0, 2500.5, 0.0}, "euros per month");
    out.write_table("/households", table);
    out.commit();
  }

  fs::path dir_;
};

TEST_F(ResultsFile, round_trips_attributes) {
  const fs::path target = file("results.h5");
  {
    ResultsWriter out{target};
    out.set_attribute("/", "name", "résumé ✓");
    out.set_attribute("/", "empty", "");
    out.set_attribute("/run", "seed", std::int64_t{-9'000'000'000});
    out.set_attribute("/run", "weeks", 52);  // int: stored as int64
    out.set_attribute("/run", "households", std::size_t{123456});
    out.set_attribute("/run", "scale", 0.25);
    out.set_attribute("/run", "scale", 0.5);  // replaces
    out.write_array("/data", std::vector<std::int32_t>{1, 2});
    out.set_attribute("/data", "unit", "households per week");
    out.commit();
  }
  ResultsReader in{target};
  EXPECT_EQ(in.attribute_string("/", "name"), "résumé ✓");
  EXPECT_EQ(in.attribute_string("/", "empty"), "");
  EXPECT_EQ(in.attribute_int("/run", "seed"), -9'000'000'000);
  EXPECT_EQ(in.attribute_int("/run", "weeks"), 52);
  EXPECT_EQ(in.attribute_int("/run", "households"), 123456);
  EXPECT_EQ(in.attribute_double("/run", "scale"), 0.5);
  EXPECT_EQ(in.attribute_double("/run", "weeks"), 52.0);  // integers read as doubles too
  EXPECT_EQ(in.attribute_string("/data", "unit"), "households per week");
  EXPECT_TRUE(in.contains("/run"));  // created by set_attribute
}

TEST_F(ResultsFile, round_trips_text) {
  const fs::path target = file("results.h5");
  const std::string toml = "# scénario\n[run]\nweeks = 52\nseed = 7\n\n[market]\nrate = 0.3\n";
  {
    ResultsWriter out{target};
    out.write_text("/run/scenario_toml", toml);
    out.write_text("/run/empty", "");
    out.commit();
  }
  ResultsReader in{target};
  EXPECT_EQ(in.read_text("/run/scenario_toml"), toml);
  EXPECT_EQ(in.read_text("/run/empty"), "");
  EXPECT_EQ(in.shape("/run/scenario_toml"), std::vector<std::size_t>{});
}

TEST_F(ResultsFile, round_trips_n_dimensional_arrays_of_every_type) {
  const fs::path target = file("results.h5");
  const std::vector<std::int64_t> i64{-1, 0, 1, std::numeric_limits<std::int64_t>::max(), 5, 6};
  const std::vector<double> f64{0.5, -1.25, 1e300, -0.0, std::nan(""), INFINITY, 7.0, 8.0};
  const std::vector<std::int32_t> i32{-7, 7, 2'000'000'000};
  const std::vector<std::uint8_t> u8{0, 1, 255, 128};
  const std::vector<std::int64_t> scalar{99};
  {
    ResultsWriter out{target};
    out.write_array("/a/i64", i64, std::array<std::size_t, 2>{2, 3});
    out.write_array("/a/f64", f64, std::array<std::size_t, 3>{2, 2, 2});
    out.write_array("/a/i32", i32);
    out.write_array("/a/u8", u8, std::array<std::size_t, 2>{4, 1});
    out.write_array("/a/scalar", scalar, std::span<const std::size_t>{});
    out.commit();
  }
  ResultsReader in{target};
  EXPECT_EQ(in.shape("/a/i64"), (std::vector<std::size_t>{2, 3}));
  EXPECT_EQ(in.read_int64("/a/i64"), i64);
  EXPECT_EQ(in.shape("/a/f64"), (std::vector<std::size_t>{2, 2, 2}));
  const std::vector<double> f64_back = in.read_double("/a/f64");
  ASSERT_EQ(f64_back.size(), f64.size());
  for (std::size_t i = 0; i < f64.size(); ++i) {
    if (std::isnan(f64[i])) {
      EXPECT_TRUE(std::isnan(f64_back[i]));
    } else {
      EXPECT_EQ(f64_back[i], f64[i]);
      EXPECT_EQ(std::signbit(f64_back[i]), std::signbit(f64[i]));
    }
  }
  EXPECT_EQ(in.shape("/a/i32"), std::vector<std::size_t>{3});
  EXPECT_EQ(in.read_int64("/a/i32"), (std::vector<std::int64_t>{-7, 7, 2'000'000'000}));
  EXPECT_EQ(in.shape("/a/u8"), (std::vector<std::size_t>{4, 1}));
  EXPECT_EQ(in.read_int64("/a/u8"), (std::vector<std::int64_t>{0, 1, 255, 128}));
  EXPECT_EQ(in.read_double("/a/u8"), (std::vector<double>{0, 1, 255, 128}));
  EXPECT_EQ(in.shape("/a/scalar"), std::vector<std::size_t>{});
  EXPECT_EQ(in.read_int64("/a/scalar"), scalar);
}

TEST_F(ResultsFile, round_trips_arrays_larger_than_one_chunk) {
  const fs::path target = file("results.h5");
  std::mt19937_64 random(7);
  std::vector<double> wide(3 * 70'000);  // rows of 560 KB: chunks cut inside rows
  for (double& x : wide) x = std::uniform_real_distribution<double>(-1, 1)(random);
  std::vector<std::int64_t> tall(100'000 * 3);  // many rows per chunk
  for (std::size_t i = 0; i < tall.size(); ++i) tall[i] = static_cast<std::int64_t>(i * i);
  {
    ResultsWriter out{target};
    out.write_array("/wide", wide, std::array<std::size_t, 2>{3, 70'000});
    out.write_array("/tall", tall, std::array<std::size_t, 2>{100'000, 3});
    out.commit();
  }
  ResultsReader in{target};
  EXPECT_EQ(in.read_double("/wide"), wide);
  EXPECT_EQ(in.read_int64("/tall"), tall);
  // Compression works: 300k small-step int64 take well under their raw 2.4 MB.
  EXPECT_LT(fs::file_size(target), 8 * wide.size() + 8 * tall.size() / 2);
}

TEST_F(ResultsFile, round_trips_empty_arrays_and_strings) {
  const fs::path target = file("results.h5");
  {
    ResultsWriter out{target};
    out.write_array("/empty/i64", std::vector<std::int64_t>{});
    out.write_array("/empty/f64", std::vector<double>{}, std::array<std::size_t, 2>{3, 0});
    out.write_array("/empty/u8", std::vector<std::uint8_t>{}, std::array<std::size_t, 2>{0, 5});
    out.write_strings("/empty/names", std::vector<std::string>{});
    out.commit();
  }
  ResultsReader in{target};
  EXPECT_EQ(in.shape("/empty/i64"), std::vector<std::size_t>{0});
  EXPECT_TRUE(in.read_int64("/empty/i64").empty());
  EXPECT_EQ(in.shape("/empty/f64"), (std::vector<std::size_t>{3, 0}));
  EXPECT_TRUE(in.read_double("/empty/f64").empty());
  EXPECT_EQ(in.shape("/empty/u8"), (std::vector<std::size_t>{0, 5}));
  EXPECT_TRUE(in.read_strings("/empty/names").empty());
}

TEST_F(ResultsFile, round_trips_strings) {
  const fs::path target = file("results.h5");
  const std::vector<std::string> names{"Paris", "", "Évry-Courcouronnes", "Saint-Rémy-lès-Chevreuse", "東京"};
  {
    ResultsWriter out{target};
    out.write_strings("/communes/name", names);
    out.commit();
  }
  ResultsReader in{target};
  EXPECT_EQ(in.shape("/communes/name"), std::vector<std::size_t>{names.size()});
  EXPECT_EQ(in.read_strings("/communes/name"), names);
}

TEST_F(ResultsFile, round_trips_tables_in_column_order) {
  const fs::path target = file("results.h5");
  Table table;
  table.add_column("zeta", std::vector<std::int64_t>{3, 2, 1}, "household id")
      .add_column("income", std::vector<double>{1.5, 2.5, 3.5}, "euros per month")
      .add_column("size", std::vector<std::int32_t>{1, 4, 2})
      .add_column("owner", std::vector<std::uint8_t>{1, 0, 1}, "1 if owner-occupier")
      .add_column("commune", std::vector<std::string>{"Paris", "Évry", "Orsay"});
  EXPECT_EQ(table.rows(), 3u);
  {
    ResultsWriter out{target};
    out.write_table("/households", table);
    out.write_table("/empty_table", Table{}.add_column("x", std::vector<double>{}));
    out.commit();
  }
  ResultsReader in{target};
  EXPECT_EQ(in.attribute_string("/households", "kind"), "table");
  EXPECT_EQ(in.attribute_string("/households", "columns"), "zeta,income,size,owner,commune");
  EXPECT_EQ(in.list("/households"), (std::vector<std::string>{"commune", "income", "owner", "size", "zeta"}));
  EXPECT_EQ(in.read_int64("/households/zeta"), (std::vector<std::int64_t>{3, 2, 1}));
  EXPECT_EQ(in.read_double("/households/income"), (std::vector<double>{1.5, 2.5, 3.5}));
  EXPECT_EQ(in.read_int64("/households/size"), (std::vector<std::int64_t>{1, 4, 2}));
  EXPECT_EQ(in.read_int64("/households/owner"), (std::vector<std::int64_t>{1, 0, 1}));
  EXPECT_EQ(in.read_strings("/households/commune"), (std::vector<std::string>{"Paris", "Évry", "Orsay"}));
  EXPECT_EQ(in.attribute_string("/households/zeta", "description"), "household id");
  EXPECT_EQ(in.attribute_string("/households/income", "description"), "euros per month");
  EXPECT_EQ(message_of<ResultsFileError>([&] { in.attribute_string("/households/size", "description"); }),
            target.string() + ": /households/size: attribute description: not found");
  EXPECT_EQ(in.attribute_string("/empty_table", "columns"), "x");
  EXPECT_EQ(in.shape("/empty_table/x"), std::vector<std::size_t>{0});
}

TEST(Table, rejects_columns_of_unequal_length) {
  Table table;
  table.add_column("a", std::vector<std::int64_t>{1, 2, 3});
  const std::string message = message_of<std::invalid_argument>([&] {
    table.add_column("b", std::vector<double>{1.0, 2.0});
  });
  EXPECT_TRUE(mentions(message, "'b' has 2 rows")) << message;
  EXPECT_EQ(table.columns().size(), 1u);
}

TEST(Table, rejects_invalid_or_repeated_column_names) {
  Table table;
  table.add_column("a", std::vector<std::int64_t>{1});
  message_of<std::invalid_argument>([&] { table.add_column("a", std::vector<std::int64_t>{2}); });
  message_of<std::invalid_argument>([&] { table.add_column("", std::vector<std::int64_t>{2}); });
  message_of<std::invalid_argument>([&] { table.add_column("x,y", std::vector<std::int64_t>{2}); });
  message_of<std::invalid_argument>([&] { table.add_column("x/y", std::vector<std::int64_t>{2}); });
  EXPECT_EQ(table.columns().size(), 1u);
}

TEST_F(ResultsFile, lists_group_members_sorted_and_answers_contains) {
  const fs::path target = file("results.h5");
  write_sample(target);
  ResultsReader in{target};
  EXPECT_EQ(in.list("/"), (std::vector<std::string>{"communes", "households", "run", "timeseries"}));
  EXPECT_EQ(in.list("/households"), (std::vector<std::string>{"id", "income"}));
  EXPECT_TRUE(in.contains("/"));
  EXPECT_TRUE(in.contains("/timeseries/moved_households"));
  EXPECT_FALSE(in.contains("/timeseries/nothing"));
  EXPECT_FALSE(in.contains("/nothing/deeper"));
  EXPECT_FALSE(in.contains("/timeseries/moved_households/below_a_dataset"));
  EXPECT_FALSE(in.contains("relative/path"));
  EXPECT_TRUE(mentions(message_of<ResultsFileError>([&] { in.list("/timeseries/moved_households"); }),
                       "/timeseries/moved_households: not a group"));
}

TEST_F(ResultsFile, target_appears_only_at_commit_and_leaves_no_temporary) {
  const fs::path target = file("results.h5");
  ResultsWriter out{target};
  out.write_array("/x", std::vector<double>{1, 2, 3});
  EXPECT_FALSE(fs::exists(target));
  const std::vector<fs::path> during = entries();
  ASSERT_EQ(during.size(), 1u);
  EXPECT_EQ(during.front().string().rfind(".results.h5.tmp-", 0), 0u) << during.front();
  out.commit();
  EXPECT_TRUE(fs::exists(target));
  EXPECT_EQ(entries(), std::vector<fs::path>{"results.h5"});
  EXPECT_TRUE(mentions(message_of<ResultsFileError>([&] { out.write_array("/y", std::vector<double>{1}); }),
                       "already committed"));
  message_of<ResultsFileError>([&] { out.commit(); });
}

TEST_F(ResultsFile, writer_destroyed_without_commit_leaves_nothing) {
  const fs::path target = file("results.h5");
  {
    ResultsWriter out{target};
    out.write_array("/x", std::vector<double>{1, 2, 3});
    out.set_attribute("/", "a", "b");
  }
  EXPECT_TRUE(entries().empty());
}

TEST_F(ResultsFile, commit_replaces_an_existing_target_whole) {
  const fs::path target = file("results.h5");
  write_sample(target);
  {
    ResultsWriter out{target};
    out.write_text("/note", "second");
    ResultsReader old{target};  // the previous file stays readable until the commit
    EXPECT_TRUE(old.contains("/households"));
  }
  EXPECT_TRUE(ResultsReader{target}.contains("/households"));  // no commit: untouched
  {
    ResultsWriter out{target};
    out.write_text("/note", "second");
    out.commit();
  }
  ResultsReader in{target};
  EXPECT_FALSE(in.contains("/households"));
  EXPECT_EQ(in.read_text("/note"), "second");
  EXPECT_EQ(entries(), std::vector<fs::path>{"results.h5"});
}

TEST_F(ResultsFile, same_content_gives_identical_bytes) {
  write_sample(file("first.h5"));
  // HDF5 timestamps have one-second resolution: write the second file in a later second, so that a stored
  // modification time would make the files differ.
  const auto now = std::chrono::system_clock::now();
  std::this_thread::sleep_until(std::chrono::ceil<std::chrono::seconds>(now) + std::chrono::milliseconds(20));
  write_sample(file("second.h5"));
  const std::vector<char> first = bytes_of(file("first.h5"));
  EXPECT_FALSE(first.empty());
  EXPECT_TRUE(first == bytes_of(file("second.h5")));
}

TEST_F(ResultsFile, reader_rejects_a_missing_file) {
  const fs::path missing = file("missing.h5");
  EXPECT_EQ(message_of<ResultsFileError>([&] { ResultsReader{missing}; }), missing.string() + ": not found");
  EXPECT_TRUE(mentions(message_of<ResultsFileError>([&] { ResultsReader{dir_}; }), "not a regular file"));
}

TEST_F(ResultsFile, reader_rejects_an_empty_file) {
  const fs::path empty = file("empty.h5");
  write_bytes(empty, "", 0);
  EXPECT_TRUE(mentions(message_of<ResultsFileError>([&] { ResultsReader{empty}; }), "empty file"));
}

TEST_F(ResultsFile, reader_rejects_a_text_file) {
  const fs::path text = file("notes.h5");
  const std::string content = "[run]\nweeks = 52\nthis is not HDF5 at all, only a text file.\n";
  write_bytes(text, content.data(), content.size());
  EXPECT_TRUE(mentions(message_of<ResultsFileError>([&] { ResultsReader{text}; }), "not an HDF5 file"));
}

TEST_F(ResultsFile, reader_rejects_truncated_files) {
  const fs::path whole = file("whole.h5");
  write_sample(whole);
  const std::vector<char> bytes = bytes_of(whole);
  for (std::size_t size : {bytes.size() / 2, std::size_t{100}, std::size_t{20}, std::size_t{5}}) {
    const fs::path part = file("part.h5");
    write_bytes(part, bytes.data(), size);
    const std::string message = message_of<ResultsFileError>([&] {
      ResultsReader in{part};
      // Should the truncation not be caught at opening, reading must still fail cleanly.
      in.read_double("/timeseries/moved_households");
      in.read_strings("/communes/name");
    });
    EXPECT_TRUE(mentions(message, "truncated")) << size << " bytes: " << message;
  }
}

TEST_F(ResultsFile, writing_into_a_missing_directory_throws) {
  const fs::path target = dir_ / "no" / "such" / "results.h5";
  const std::string message = message_of<ResultsFileError>([&] { ResultsWriter{target}; });
  EXPECT_TRUE(mentions(message, target.string())) << message;
  EXPECT_TRUE(mentions(message, "does not exist")) << message;
}

TEST_F(ResultsFile, writing_under_a_regular_file_throws) {
  const fs::path plain = file("plain.txt");
  write_bytes(plain, "x", 1);
  const std::string message = message_of<ResultsFileError>([&] { ResultsWriter{plain / "results.h5"}; });
  EXPECT_TRUE(mentions(message, "is not a directory")) << message;
  EXPECT_TRUE(mentions(message_of<ResultsFileError>([&] { ResultsWriter{dir_}; }), "is a directory"));
}

TEST_F(ResultsFile, writing_into_a_read_only_directory_throws) {
  if (::geteuid() == 0) GTEST_SKIP() << "root ignores directory permissions";
  const fs::path locked = file("locked");
  fs::create_directory(locked);
  fs::permissions(locked, fs::perms::owner_read | fs::perms::owner_exec);
  const std::string message = message_of<ResultsFileError>([&] { ResultsWriter{locked / "results.h5"}; });
  EXPECT_TRUE(mentions(message, "cannot create the temporary file")) << message;
  fs::permissions(locked, fs::perms::owner_all);
}

TEST_F(ResultsFile, a_new_writer_removes_the_temporaries_killed_writers_left_and_nothing_else) {
  // A process that has exited (and been reaped) stands for a writer killed by SIGKILL.
  const pid_t child = ::fork();
  if (child == 0) ::_exit(0);
  ASSERT_GT(child, 0);
  ASSERT_EQ(::waitpid(child, nullptr, 0), child);
  const std::string dead = std::to_string(child);
  const auto make = [&](const std::string& name) { write_bytes(file(name), "partial", 7); };
  make(".results.h5.tmp-" + dead + "-0");  // stale: removed
  make(".results.h5.tmp-" + dead + "-7");  // stale: removed
  make(".results.h5.tmp-1-0");             // process 1 runs: kept
  make(".results.h5.tmp-" + dead);         // not the pattern: kept
  make(".results.h5.tmp-" + dead + "-x");  // not the pattern: kept
  make(".other.h5.tmp-" + dead + "-0");    // another target's: kept
  make("results.h5.tmp-" + dead + "-0");   // not hidden: kept
  write_sample(file("results.h5"));
  std::vector<fs::path> expected = {".other.h5.tmp-" + dead + "-0", ".results.h5.tmp-" + dead,
                                    ".results.h5.tmp-" + dead + "-x", ".results.h5.tmp-1-0", "results.h5",
                                    "results.h5.tmp-" + dead + "-0"};
  std::vector<fs::path> found = entries();
  std::sort(found.begin(), found.end());
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(found, expected);
}

TEST_F(ResultsFile, a_new_writer_keeps_the_temporary_a_live_writer_holds) {
  const fs::path target = file("results.h5");
  ResultsWriter first{target};
  std::vector<fs::path> temporaries = entries();
  ASSERT_EQ(temporaries.size(), 1u);
  // Renamed as if another process, no longer running, had made it: only the writer's lock protects it now.
  const pid_t child = ::fork();
  if (child == 0) ::_exit(0);
  ASSERT_GT(child, 0);
  ASSERT_EQ(::waitpid(child, nullptr, 0), child);
  const fs::path borrowed = file(".results.h5.tmp-" + std::to_string(child) + "-0");
  fs::rename(file(temporaries[0].string()), borrowed);
  write_sample(target);
  EXPECT_TRUE(fs::exists(borrowed));
  fs::rename(borrowed, file(temporaries[0].string()));
  first.set_attribute("/", "n", std::int64_t{1});
  first.commit();
  EXPECT_EQ(entries(), std::vector<fs::path>{"results.h5"});
}

TEST_F(ResultsFile, a_full_disk_surfaces_as_an_exception_and_keeps_the_previous_file) {
  // A child process with a 64 KiB file-size limit stands for a full disk: its writes fail with EFBIG. The
  // child leaves through exit(), so HDF5's exit handler runs too: it must not crash after the failure.
  const fs::path target = file("results.h5");
  write_sample(target);
  const std::vector<char> previous = bytes_of(target);
  std::fflush(nullptr);
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    ::signal(SIGXFSZ, SIG_IGN);
    const rlimit limit{64 * 1024, 64 * 1024};
    ::setrlimit(RLIMIT_FSIZE, &limit);
    std::mt19937_64 random(1);
    std::vector<std::int64_t> noise(1 << 17);  // 1 MiB that deflate cannot shrink
    for (auto& x : noise) x = static_cast<std::int64_t>(random());
    int code = 1;  // no exception
    try {
      ResultsWriter out{target};
      out.write_array("/noise", noise);
      out.commit();
    } catch (const ResultsFileError& error) {
      code = mentions(error.what(), target.string()) && mentions(error.what(), "File too large") ? 0 : 2;
    } catch (...) {
      code = 3;
    }
    std::exit(code);
  }
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFEXITED(status)) << "the writing process crashed";
  EXPECT_EQ(WEXITSTATUS(status), 0) << "1: no exception, 2: message without the file or the cause, "
                                       "3: another exception";
  EXPECT_EQ(entries(), std::vector<fs::path>{"results.h5"});  // no temporary left
  EXPECT_TRUE(bytes_of(target) == previous);
}

TEST_F(ResultsFile, reading_a_missing_object_throws_naming_it) {
  const fs::path target = file("results.h5");
  write_sample(target);
  ResultsReader in{target};
  EXPECT_EQ(message_of<ResultsFileError>([&] { in.read_int64("/timeseries/nothing"); }),
            target.string() + ": /timeseries/nothing: not found");
  EXPECT_EQ(message_of<ResultsFileError>([&] { in.shape("/nothing/deeper"); }),
            target.string() + ": /nothing/deeper: not found");
  EXPECT_EQ(message_of<ResultsFileError>([&] { in.attribute_int("/run", "nothing"); }),
            target.string() + ": /run: attribute nothing: not found");
  EXPECT_TRUE(mentions(message_of<ResultsFileError>([&] { in.read_int64("/timeseries/moved_households"); }),
                       "expected integers"));
  EXPECT_TRUE(mentions(message_of<ResultsFileError>([&] { in.read_double("/communes/name"); }), "expected numbers"));
  EXPECT_TRUE(mentions(message_of<ResultsFileError>([&] { in.read_strings("/households/id"); }), "expected strings"));
  EXPECT_TRUE(mentions(message_of<ResultsFileError>([&] { in.read_text("/run"); }), "/run: not a dataset"));
  EXPECT_TRUE(
      mentions(message_of<ResultsFileError>([&] { in.attribute_int("/", "emile_version"); }), "expected integers"));
  EXPECT_TRUE(mentions(message_of<ResultsFileError>([&] { in.read_double("no_slash"); }), "not an absolute"));
}

TEST_F(ResultsFile, writer_rejects_misuse_and_stays_usable) {
  const fs::path target = file("results.h5");
  ResultsWriter out{target};
  out.write_array("/x", std::vector<double>{1, 2});
  EXPECT_TRUE(mentions(message_of<ResultsFileError>([&] { out.write_array("/x", std::vector<double>{3}); }),
                       "/x: already exists"));
  EXPECT_TRUE(mentions(message_of<ResultsFileError>([&] { out.write_array("/x/y", std::vector<double>{3}); }),
                       "/x exists and is not a group"));
  EXPECT_TRUE(mentions(message_of<std::invalid_argument>([&] {
                         out.write_array("/y", std::vector<double>{1, 2, 3}, std::array<std::size_t, 2>{2, 2});
                       }),
                       "shape [2x2] does not match 3 values"));
  message_of<ResultsFileError>([&] { out.write_text("relative", "t"); });
  message_of<ResultsFileError>([&] { out.write_text("/a//b", "t"); });
  message_of<ResultsFileError>([&] { out.write_text("/", "t"); });
  message_of<std::invalid_argument>([&] { out.write_text("/latin1", "caf\xe9"); });
  message_of<std::invalid_argument>([&] { out.set_attribute("/", "nul", std::string_view("a\0b", 3)); });
  message_of<std::invalid_argument>([&] { out.write_strings("/s", std::vector<std::string>{"ok", "\xff"}); });
  message_of<std::invalid_argument>([&] { out.set_attribute("/", "big", std::uint64_t{1} << 63); });
  out.write_array("/z", std::vector<std::int32_t>{5});
  out.commit();
  ResultsReader in{target};
  EXPECT_EQ(in.list("/"), (std::vector<std::string>{"x", "z"}));
}

}  // namespace

TEST_F(ResultsFile, rows_appended_in_parts_read_back_as_written_at_once) {
  const fs::path target = file("appended.h5");
  // More than one chunk of int64 rows of 3 × 2 (256 KiB / 48 bytes: 5461 rows per chunk), in uneven parts.
  const std::size_t rows = 12'000;
  std::vector<std::int64_t> all(rows * 6);
  std::iota(all.begin(), all.end(), 0);
  const std::array<std::size_t, 2> trailing{3, 2};
  {
    ResultsWriter out{target};
    for (std::size_t begin = 0, part = 1; begin < rows; begin += part, part = part * 3 + 1) {
      const std::size_t count = std::min(part, rows - begin);
      out.append_array("/series", std::span<const std::int64_t>(all).subspan(begin * 6, count * 6), trailing);
    }
    out.append_array("/nothing", std::span<const double>(), std::array<std::size_t, 1>{4});
    out.commit();
  }
  ResultsReader in{target};
  EXPECT_EQ(in.shape("/series"), (std::vector<std::size_t>{rows, 3, 2}));
  EXPECT_EQ(in.read_int64("/series"), all);
  EXPECT_EQ(in.shape("/nothing"), (std::vector<std::size_t>{0, 4}));
}

TEST_F(ResultsFile, a_table_appended_in_parts_equals_the_table_written_at_once) {
  const TableSchema schema{"/households", "one household",
                           {{"id", ColumnType::int64, "", "household id"},
                            {"income", ColumnType::float64, "EUR", "monthly income"},
                            {"commune", ColumnType::string, "", "where it lives"}}};
  const auto part = [&](std::int64_t first, std::size_t count) {
    Table t(schema);
    std::vector<std::int64_t> id(count);
    std::iota(id.begin(), id.end(), first);
    std::vector<double> income;
    std::vector<std::string> commune;
    for (auto i : id) {
      income.push_back(static_cast<double>(i) * 1.5);
      commune.push_back(i % 2 ? "Évry" : "Aurillac " + std::to_string(i));
    }
    t.add_column("id", std::move(id)).add_column("income", std::move(income)).add_column("commune", std::move(commune));
    return t;
  };
  const fs::path whole = file("whole.h5"), parts = file("parts.h5");
  {
    ResultsWriter out{whole};
    out.write_table(part(0, 10'000));
    out.commit();
  }
  {
    ResultsWriter out{parts};
    out.append_table(part(0, 0));
    out.append_table(part(0, 4'500));
    out.append_table(part(4'500, 5'500));
    EXPECT_THROW(out.append_array("/households/id", std::span<const double>(std::vector<double>{1.0}), {}), std::logic_error);
    out.commit();
  }
  ResultsReader a{whole}, b{parts};
  for (const std::string& column : {"id", "income", "commune"}) {
    const std::string path = "/households/" + column;
    EXPECT_EQ(a.shape(path), b.shape(path)) << path;
    if (column == "commune") {
      EXPECT_EQ(a.read_strings(path), b.read_strings(path));
    } else {
      EXPECT_EQ(a.read_double(path), b.read_double(path)) << path;
    }
    EXPECT_EQ(a.attribute_string(path, "description"), b.attribute_string(path, "description")) << path;
  }
  EXPECT_EQ(b.attribute_string("/households", "columns"), "id,income,commune");
  EXPECT_EQ(b.attribute_string("/households", "kind"), "table");
  EXPECT_EQ(b.attribute_string("/households/income", "unit"), "EUR");
}

TEST_F(ResultsFile, appending_refuses_rows_of_another_shape_or_partial_rows) {
  ResultsWriter out{file("refused.h5")};
  const std::vector<std::int64_t> six(6);
  out.append_array("/a", std::span<const std::int64_t>(six), std::array<std::size_t, 1>{3});
  EXPECT_THROW(out.append_array("/a", std::span<const std::int64_t>(six), std::array<std::size_t, 1>{2}), std::invalid_argument);
  EXPECT_THROW(out.append_array("/a", std::span<const std::int64_t>(six).first(4), std::array<std::size_t, 1>{3}),
               std::invalid_argument);
  out.append_array("/a", std::span<const std::int64_t>(six), std::array<std::size_t, 1>{3});
  out.commit();
  EXPECT_EQ(ResultsReader(file("refused.h5")).shape("/a"), (std::vector<std::size_t>{4, 3}));
}
