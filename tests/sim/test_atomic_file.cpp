#include "emile/sim/atomic_file.hpp"

#include <gtest/gtest.h>

#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <string>

namespace {

namespace fs = std::filesystem;
using emile::sim::AtomicFile;
using emile::sim::AtomicFileError;
using emile::sim::same_file;

fs::path fresh_folder(const std::string& name) {
  const fs::path folder = fs::temp_directory_path() / ("emile-atomic-" + name + "-" + std::to_string(::getpid()));
  fs::remove_all(folder);
  fs::create_directories(folder / "sub");
  std::ofstream(folder / "a.txt") << "a";
  std::ofstream(folder / "b.txt") << "b";
  return folder;
}

}  // namespace

TEST(SameFile, tells_one_file_under_several_names_from_two_files) {
  const fs::path folder = fresh_folder("same");
  fs::create_hard_link(folder / "a.txt", folder / "hard.txt");
  fs::create_symlink("a.txt", folder / "soft.txt");
  EXPECT_TRUE(same_file(folder / "a.txt", folder / "sub" / ".." / "a.txt"));
  EXPECT_TRUE(same_file(folder / "a.txt", folder / "hard.txt"));
  EXPECT_TRUE(same_file(folder / "a.txt", folder / "soft.txt"));
  EXPECT_FALSE(same_file(folder / "a.txt", folder / "b.txt"));
  EXPECT_TRUE(same_file(folder / "new.h5", folder / "sub" / ".." / "new.h5"));  // neither exists yet
  EXPECT_FALSE(same_file(folder / "new.h5", folder / "other.h5"));
  EXPECT_FALSE(same_file(folder / "a.txt", folder / "new.h5"));
  fs::remove_all(folder);
}

TEST(AtomicFile, never_replaces_a_target_that_is_not_a_regular_file) {
  const fs::path folder = fresh_folder("fifo");
  ASSERT_EQ(::mkfifo((folder / "pipe").c_str(), 0600), 0);
  EXPECT_THROW(AtomicFile(folder / "pipe"), AtomicFileError);
  EXPECT_TRUE(fs::is_fifo(folder / "pipe"));
  fs::create_symlink("a.txt", folder / "link");
  AtomicFile replaced(folder / "link");  // a symbolic link is replaced, not followed
  replaced.commit();
  EXPECT_TRUE(fs::is_regular_file(fs::symlink_status(folder / "link")));
  fs::remove_all(folder);
}

TEST(AtomicFile, counts_a_file_as_committed_before_its_temporary_stops_counting) {
  const fs::path folder = fresh_folder("counts");
  const int committed = emile::sim::outputs_committed();
  const int in_progress = emile::sim::temporaries_in_progress();
  {
    AtomicFile abandoned(folder / "abandoned.txt");
    EXPECT_EQ(emile::sim::temporaries_in_progress(), in_progress + 1);
  }
  EXPECT_EQ(emile::sim::outputs_committed(), committed);  // a file never renamed into place is not counted
  {
    AtomicFile file(folder / "written.txt");
    file.commit();
    // Renamed: counted as committed while its temporary still counts, so a signal handler reading both never
    // sees a written file that neither counter reports.
    EXPECT_EQ(emile::sim::outputs_committed(), committed + 1);
    EXPECT_EQ(emile::sim::temporaries_in_progress(), in_progress + 1);
  }
  EXPECT_EQ(emile::sim::temporaries_in_progress(), in_progress);
  EXPECT_EQ(emile::sim::outputs_committed(), committed + 1);
  fs::remove_all(folder);
}
