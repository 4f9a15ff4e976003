#include "emile/sim/results_file.hpp"
#include "emile/sim/table_schema.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <string>
#include <unistd.h>
#include <vector>

namespace emile::sim {
namespace {

const TableSchema& spells() {
  static const TableSchema schema{
      "/spells",
      "one spell",
      {{"household", ColumnType::int64, "", "household index"},
       {"weeks", ColumnType::float64, "weeks", "its length", 1, Rename{3, "length"}},
       {"note", ColumnType::string, "", "free text", 2}},
      FurtherColumns{"<outcome>", ColumnType::float64, "euros", "one column per outcome", 2}};
  return schema;
}

TEST(TableSchema, a_column_is_named_as_the_version_of_the_file_holds_it) {
  const TableSchema& schema = spells();
  EXPECT_EQ(schema.columns[1].name_in(3), "weeks");
  EXPECT_EQ(schema.columns[1].name_in(2), "length");
  EXPECT_EQ(schema.columns[2].name_in(1), std::nullopt);
  EXPECT_EQ(schema.columns[2].name_in(2), "note");
  EXPECT_EQ(schema.column("weeks"), &schema.columns[1]);
  EXPECT_EQ(schema.column("length"), nullptr);
}

TEST(TableSchema, a_table_takes_the_declared_columns_in_order_with_their_meaning_and_unit) {
  Table table(spells());
  table.add_column("household", std::vector<std::int64_t>{1, 2})
      .add_column("weeks", std::vector<double>{3, 4})
      .add_column("cost", std::vector<double>{5, 6})
      .add_column("benefit", std::vector<double>{7, 8}, "what was avoided")
      .add_column("note", std::vector<std::string>{"a", "b"});
  table.require_complete();
  ASSERT_EQ(table.columns().size(), 5u);
  EXPECT_EQ(table.columns()[1].description, "its length");
  EXPECT_EQ(table.columns()[1].unit, "weeks");
  EXPECT_EQ(table.columns()[2].description, "one column per outcome");
  EXPECT_EQ(table.columns()[2].unit, "euros");
  EXPECT_EQ(table.columns()[3].description, "what was avoided");
  EXPECT_EQ(table.columns()[0].unit, "");
}

TEST(TableSchema, a_writer_out_of_step_with_its_declaration_is_a_logic_error) {
  {
    Table table(spells());
    EXPECT_THROW(table.add_column("weeks", std::vector<double>{1}), std::logic_error);  // household comes first
  }
  {
    Table table(spells());
    EXPECT_THROW(table.add_column("household", std::vector<double>{1}), std::logic_error);  // declared int64
  }
  {
    Table table(spells());
    EXPECT_THROW(table.add_column("household", std::vector<std::int64_t>{1}, "a second meaning"), std::logic_error);
  }
  {
    Table table(spells());
    table.add_column("household", std::vector<std::int64_t>{1});
    EXPECT_THROW(table.add_column("cost", std::vector<double>{1}), std::logic_error);  // further columns follow weeks
    table.add_column("weeks", std::vector<double>{1});
    EXPECT_THROW(table.add_column("cost", std::vector<std::int64_t>{1}), std::logic_error);  // further are float64
    EXPECT_THROW(table.require_complete(), std::logic_error);                                 // note is missing
  }
}

TEST(TableSchema, the_markdown_names_every_column_with_its_type_unit_version_and_former_name) {
  const std::string text = describe_markdown(spells());
  EXPECT_NE(text.find("`/spells`: one spell"), std::string::npos);
  EXPECT_NE(text.find("| `weeks` | float64 | weeks | its length (called `length` before schema 3) |"), std::string::npos);
  EXPECT_NE(text.find("| `<outcome>` | float64 | euros | one column per outcome |"), std::string::npos);
  EXPECT_NE(text.find("| `note` | string |  | free text (since schema 2) |"), std::string::npos);
  // The further columns sit where they are written: after `weeks`, before `note`.
  EXPECT_LT(text.find("`weeks`"), text.find("`<outcome>`"));
  EXPECT_LT(text.find("`<outcome>`"), text.find("`note`"));
}

TEST(TableSchema, a_table_written_from_its_declaration_reads_back_with_units) {
  const auto path = std::filesystem::temp_directory_path() / ("table-schema-" + std::to_string(getpid()) + ".h5");
  {
    ResultsWriter out(path);
    Table table(spells());
    table.add_column("household", std::vector<std::int64_t>{1, 2})
        .add_column("weeks", std::vector<double>{3.5, 4})
        .add_column("note", std::vector<std::string>{"a", "é"});
    out.write_table(table);
    Table incomplete(spells());
    incomplete.add_column("household", std::vector<std::int64_t>{1});
    EXPECT_THROW(out.write_table(incomplete), std::logic_error);
    out.commit();
  }
  ResultsReader in(path);
  EXPECT_EQ(in.attribute_string("/spells/weeks", "unit"), "weeks");
  EXPECT_EQ(in.attribute_string("/spells/weeks", "description"), "its length");
  EXPECT_FALSE(in.has_attribute("/spells/household", "unit"));
  const Table read = in.read_table("/spells");
  ASSERT_EQ(read.columns().size(), 3u);
  EXPECT_EQ(std::get<std::vector<std::int64_t>>(read.columns()[0].values), (std::vector<std::int64_t>{1, 2}));
  EXPECT_EQ(std::get<std::vector<double>>(read.columns()[1].values), (std::vector<double>{3.5, 4}));
  EXPECT_EQ(std::get<std::vector<std::string>>(read.columns()[2].values), (std::vector<std::string>{"a", "é"}));
  std::filesystem::remove(path);
}

}  // namespace
}  // namespace emile::sim
