// A list of tables that always has an element (Schema::one_or_more): written as one table or as an array of
// tables, addressed without a code while it has one element, amended by a variant's table without a code.
#include "emile/sim/parameters.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace {

using namespace emile::sim;

struct Region {
  std::string code;
  std::int64_t staff = 0;
};
struct Plan {
  std::int64_t weeks = 0;
  std::vector<Region> regions;
};

const Schema<Plan>& schema() {
  static const Schema<Plan> plan = [] {
    Schema<Region> region;
    region.text("code", &Region::code, "HOME", any_value(), "Code")
        .integer("staff", &Region::staff, 3, "people", at_least(0), "Staff");
    Schema<Plan> s;
    s.integer("weeks", &Plan::weeks, 10, "weeks", at_least(0), "Weeks")
        .one_or_more("region", &Plan::regions, region, "Regions");
    return s;
  }();
  return plan;
}

Plan read(const std::string& text, const std::vector<Override>& overrides = {}) {
  Plan out = schema().defaults();
  read_toml_text(text, "plan.toml", *schema().node(), &out, overrides);
  return out;
}

std::string error_of(const std::string& text, const std::vector<Override>& overrides = {}) {
  try {
    read(text, overrides);
  } catch (const ScenarioError& e) {
    return e.what();
  }
  return "no error";
}

// A base file and a variant over it in a fresh folder; returns the variant read, or its error.
struct Files {
  std::filesystem::path dir = std::filesystem::temp_directory_path() / ("emile-one-or-more-" + std::to_string(::getpid()));
  Files(const std::string& base) {
    std::filesystem::create_directories(dir);
    std::ofstream(dir / "base.toml") << base;
  }
  ~Files() { std::filesystem::remove_all(dir); }
  Plan variant(const std::string& text) const {
    std::ofstream(dir / "variant.toml") << "base = \"base.toml\"\n" << text;
    Plan out = schema().defaults();
    read_toml_file(dir / "variant.toml", *schema().node(), &out);
    return out;
  }
  std::string variant_error(const std::string& text) const {
    try {
      variant(text);
    } catch (const ScenarioError& e) {
      return e.what();
    }
    return "no error";
  }
};

}  // namespace

TEST(OneOrMoreLists, have_one_element_of_defaults_when_absent_and_read_a_single_table_as_one) {
  EXPECT_EQ(schema().defaults().regions.size(), 1u);
  const auto absent = read("weeks = 4\n");
  ASSERT_EQ(absent.regions.size(), 1u);
  EXPECT_EQ(absent.regions[0].code, "HOME");
  EXPECT_EQ(absent.regions[0].staff, 3);
  const auto single = read("[region]\nstaff = 7\n");
  ASSERT_EQ(single.regions.size(), 1u);
  EXPECT_EQ(single.regions[0].code, "HOME");
  EXPECT_EQ(single.regions[0].staff, 7);
  const auto several = read("[[region]]\ncode = \"A\"\n[[region]]\ncode = \"B\"\nstaff = 1\n");
  ASSERT_EQ(several.regions.size(), 2u);
  EXPECT_EQ(several.regions[1].code, "B");
  EXPECT_EQ(several.regions[1].staff, 1);
}

TEST(OneOrMoreLists, name_their_only_element_as_a_section_in_messages) {
  EXPECT_EQ(error_of("[region]\nstaff = -1\n"), "plan.toml:2:9: region.staff = -1: must be ≥ 0");
  EXPECT_EQ(error_of("[[region]]\ncode = \"A\"\n[[region]]\nstaff = -1\n"),
            "plan.toml:4:9: region[1].staff = -1: must be ≥ 0");
}

TEST(OneOrMoreLists, address_the_only_element_without_a_code_and_refuse_that_with_several) {
  EXPECT_EQ(read("[region]\n", {{"region.staff", "9"}}).regions[0].staff, 9);
  EXPECT_EQ(read("", {{"region.staff", "9"}}).regions[0].staff, 9);
  EXPECT_EQ(read("[region]\n", {{"region.HOME.staff", "8"}}).regions[0].staff, 8);
  const std::string two = "[[region]]\ncode = \"A\"\n[[region]]\ncode = \"B\"\n";
  EXPECT_EQ(read(two, {{"region.B.staff", "5"}}).regions[1].staff, 5);
  EXPECT_EQ(error_of(two, {{"region.staff", "5"}}),
            "--set region.staff=5: region.staff = 5: there are 2 [[region]] (A, B): name one by its code, "
            "region.CODE.<key>");

  Plan plan = read(two);
  const SourceLocation here{"test", 0, 0};
  EXPECT_THROW(set_number(*schema().node(), &plan, "region.staff", 1, here), ScenarioError);
  set_number(*schema().node(), &plan, "region.A.staff", 1, here);
  EXPECT_EQ(plan.regions[0].staff, 1);
  Plan one = read("");
  set_number(*schema().node(), &one, "region.staff", 6, here);
  EXPECT_EQ(std::get<std::int64_t>(get_value(*schema().node(), &one, "region.staff", here)), 6);
  EXPECT_EQ(address_of(*schema().node(), &one, "region.staff", here),
            address_of(*schema().node(), &one, "region.HOME.staff", here));
}

TEST(OneOrMoreLists, are_written_as_arrays_of_tables_and_read_back) {
  const auto plan = read("[[region]]\ncode = \"A\"\nstaff = 2\n[[region]]\ncode = \"B\"\n");
  const std::string text = write_toml(*schema().node(), &plan);
  EXPECT_NE(text.find("[[region]]\ncode = \"A\"\nstaff = 2\n"), std::string::npos) << text;
  const auto again = read(text);
  ASSERT_EQ(again.regions.size(), 2u);
  EXPECT_EQ(again.regions[0].staff, 2);
  EXPECT_EQ(again.regions[1].code, "B");
}

TEST(OneOrMoreLists, in_a_variant_a_table_without_a_code_amends_the_bases_only_element) {
  const Files single("[region]\nstaff = 4\n");
  auto plan = single.variant("[region]\nstaff = 6\n");
  ASSERT_EQ(plan.regions.size(), 1u);
  EXPECT_EQ(plan.regions[0].staff, 6);
  // An element with the default code amends the base's table that gave none.
  plan = single.variant("[[region]]\ncode = \"HOME\"\nstaff = 7\n");
  ASSERT_EQ(plan.regions.size(), 1u);
  EXPECT_EQ(plan.regions[0].staff, 7);
  // A new code adds an element.
  plan = single.variant("[[region]]\ncode = \"NEW\"\n");
  ASSERT_EQ(plan.regions.size(), 2u);
  EXPECT_EQ(plan.regions[0].staff, 4);
  EXPECT_EQ(plan.regions[1].code, "NEW");

  const Files two("[[region]]\ncode = \"A\"\n[[region]]\ncode = \"B\"\n");
  EXPECT_EQ(two.variant("[[region]]\ncode = \"B\"\nstaff = 1\n").regions[1].staff, 1);
  const auto error = two.variant_error("[region]\nstaff = 6\n");
  EXPECT_NE(error.find("variant.toml:2:1: region: the base has 2 [[region]] (A, B): give this one a code to amend or "
                       "add one"),
            std::string::npos)
      << error;
}

TEST(OneOrMoreLists, are_documented_as_lists) {
  const auto rows = schema().node()->describe();
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[1].key, "region[].code");
  EXPECT_EQ(rows[2].key, "region[].staff");
}
