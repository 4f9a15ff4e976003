#pragma once
// Results files: the HDF5 file every run writes and every notebook, test and tool reads.
//
// A results file is a tree of groups (like folders) holding datasets (N-dimensional arrays, strings, text)
// and attributes (small named values attached to a group or dataset). Objects are named by absolute paths
// such as "/timeseries/moved_households"; "/" is the root group. emile's files use only what any HDF5
// reader (h5py, R's hdf5r, HDFView, h5dump) understands, in the file format of HDF5 1.8, so they stay
// readable by HDF5 1.8 and every later version.
//
// Writing is all-or-nothing: a ResultsWriter builds the file under a temporary name beside the target and
// renames it over the target only in commit(), so a reader sees either the previous file or the complete
// new one, never half a file, and a run that fails or is interrupted leaves no partial results behind. (A
// process killed outright cannot remove its temporary; the next writer of the same target does.)
//
// Reproducibility: writing the same content in the same order gives byte-identical files with the same
// HDF5 library version (no modification times are stored; the file format is pinned to HDF5 1.8).
//
// How h5py sees what is written here (checked with h5py 3.7):
//   f["/run"].attrs["scenario"]          -> str     (string attributes are variable-length UTF-8)
//   f["/run"].attrs["seed"]              -> numpy.int64;  attrs["weeks"] (double) -> numpy.float64
//   f["/run/scenario_toml"][()]          -> numpy.bytes_ (.decode() gives str; or f[path].asstr()[()])
//   f["/timeseries/x"][()]               -> numpy.ndarray of the written dtype and shape
//   f["/communes/name"][()]              -> numpy object array of bytes; f[path].asstr()[()] gives str
//   a table (see write_table):
//     g = f["/households"]
//     df = pd.DataFrame({c: g[c][()] for c in g.attrs["columns"].split(",")})
//   (string columns arrive as bytes there; g[c].asstr()[()] gives str.)
//
// Errors: every failure of the file or the library throws ResultsFileError, whose message names the file
// and the object, e.g. "results.h5: /timeseries/moved_households: not found". Arguments that can never be
// written (data whose size does not match its shape, strings that are not UTF-8 or contain NUL, unequal
// table columns) throw std::invalid_argument. Nothing here exits or aborts the process.
//
// HDF5 side effect: constructing a writer or reader turns off HDF5's automatic printing of its error stack
// to stderr (for the whole process, and for the calling thread in HDF5's thread-safe build); the same
// information is carried in the exceptions instead.
//
// Moved-from writers and readers may only be destroyed or assigned to.
//
// Thread-safety: a ResultsWriter or ResultsReader must be used from one thread at a time. Distinct objects
// may be used from different threads only with a thread-safe HDF5 build, which serialises every HDF5 call
// behind one global lock anyway, so there is nothing to gain: the engine writes its results after the
// parallel work is done.
#include "emile/sim/table_schema.hpp"

#include <concepts>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <limits>
#include <memory>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

namespace emile::sim {

/// A results file could not be written or read. The message names the file and the object, and ends with
/// the HDF5 library's own explanation when there is one.
class ResultsFileError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// A column-oriented table: named, equally long columns, written by ResultsWriter::write_table.
///
/// Column names must be non-empty and unique, and may not contain ',' or '/' (the names are joined with ','
/// into the group's `columns` attribute and each column is an HDF5 object). Strings must be UTF-8 without NUL.
///
/// A table built from a TableSchema (the declaration of a results table, see table_schema.hpp) takes its
/// columns in the declared order and of the declared types, further columns where the declaration puts them,
/// and takes each column's unit and meaning from the declaration; anything else throws std::logic_error (a
/// writer out of step with its declaration). The schema must outlive the table. A table built without one
/// (`Table{}`) takes any columns, described by the `description` given.
///
///   Table t(jobs_schema);
///   t.add_column("household", std::vector<std::int64_t>{1, 2}).add_column("start_step", std::vector<std::int64_t>{0, 3});
class Table {
 public:
  using Values = std::variant<std::vector<std::int64_t>, std::vector<double>, std::vector<std::int32_t>,
                              std::vector<std::uint8_t>, std::vector<std::string>>;

  struct Column {
    std::string name;
    Values values;
    std::string description;  ///< empty: no `description` attribute is written
    std::string unit;         ///< empty: no `unit` attribute is written
  };

  Table() = default;
  explicit Table(const TableSchema& schema) : schema_(&schema) {}

  /// Appends a column. Throws std::invalid_argument if the name is invalid or already used, or if the
  /// column's length differs from the columns already added; std::logic_error when the table has a schema
  /// and the column is not the next one it declares, is of another type, or has a `description` of its own
  /// while declared (further columns may have one: it replaces the declared meaning).
  Table& add_column(std::string name, std::vector<std::int64_t> values, std::string description = {});
  Table& add_column(std::string name, std::vector<double> values, std::string description = {});
  Table& add_column(std::string name, std::vector<std::int32_t> values, std::string description = {});
  Table& add_column(std::string name, std::vector<std::uint8_t> values, std::string description = {});
  Table& add_column(std::string name, std::vector<std::string> values, std::string description = {});

  /// The columns, in insertion order.
  const std::vector<Column>& columns() const noexcept { return columns_; }
  /// The number of rows: the common length of the columns (0 for a table without columns).
  std::size_t rows() const noexcept { return rows_; }
  /// The declaration the table follows, or nullptr.
  const TableSchema* schema() const noexcept { return schema_; }
  /// Throws std::logic_error naming the first declared column not added yet (nothing without a schema).
  void require_complete() const;

 private:
  Table& add(std::string name, Values values, std::string description);

  const TableSchema* schema_ = nullptr;
  std::size_t declared_added_ = 0;  ///< how many of the schema's declared columns were added
  std::vector<Column> columns_;
  std::size_t rows_ = 0;
};

/// How `values` are stored.
ColumnType column_type(const Table::Values& values) noexcept;

/// One column of a table built from rows: `projection(row)` for each of `rows`, in order. The projection's type
/// is the column's, so it must be one a Table stores (int64, double, int32, uint8, string):
///   table.add_column("outcome", column_of(rows, [](const Row& r) { return r.outcome; }));
template <class Rows, class Projection>
auto column_of(const Rows& rows, Projection projection) {
  std::vector<std::decay_t<std::invoke_result_t<Projection&, const typename Rows::value_type&>>> values;
  values.reserve(rows.size());
  for (const auto& row : rows) values.push_back(projection(row));
  return values;
}

/// Writes one results file atomically: everything goes into a temporary file beside the target, which
/// commit() renames over the target. Without commit() (an exception, an early return) the destructor
/// removes the temporary and the target is left as it was.
///
/// The file is assembled in memory and its bytes are written to the temporary in commit(): a full disk or
/// an exceeded quota is reported by commit(), as a ResultsFileError, and peak memory is about twice the
/// (compressed) file size. (HDF5 before 1.14 crashes at process exit after a failed write to disk; in
/// memory, its writes cannot fail that way.)
///
/// Paths are absolute HDF5 paths ("/timeseries/moved_households"); missing intermediate groups are created.
/// Writing a dataset or table where an object already exists throws ResultsFileError.
///
///   ResultsWriter out{"results/run-1.h5"};
///   out.set_attribute("/", "emile_version", "0.1.0");
///   out.write_text("/run/scenario_toml", toml_text);
///   out.write_array("/timeseries/moved_households", moved, std::array<std::size_t, 1>{moved.size()});
///   out.commit();
class ResultsWriter {
 public:
  /// Creates the (empty) temporary file `.<target name>.tmp-<process id>-<counter>` in the target's
  /// directory. Throws ResultsFileError if the directory does not exist or is not writable, or if the target
  /// is a directory.
  ///
  /// A writer killed before commit() or its destructor (SIGKILL, a crash, a power cut) leaves its temporary
  /// behind. Each new writer first removes the temporaries of the same target left that way: those whose
  /// process no longer exists on this machine and that no live writer holds locked (a writer keeps its
  /// temporary locked with flock(2) until commit). Temporaries of other targets are never touched.
  explicit ResultsWriter(std::filesystem::path target);
  ~ResultsWriter();  ///< removes the temporary unless committed; never throws
  ResultsWriter(ResultsWriter&&) noexcept;
  ResultsWriter& operator=(ResultsWriter&&) noexcept;
  ResultsWriter(const ResultsWriter&) = delete;
  ResultsWriter& operator=(const ResultsWriter&) = delete;

  /// The file that commit() creates or replaces.
  const std::filesystem::path& target() const noexcept;

  /// Sets (or replaces) an attribute of the group or dataset at `object_path`; a missing object is created
  /// as a group. Strings are stored as variable-length UTF-8 scalars (h5py reads them as str), integers as
  /// 64-bit signed, doubles as IEEE 64-bit.
  void set_attribute(std::string_view object_path, std::string_view name, std::string_view value);
  void set_attribute(std::string_view object_path, std::string_view name, std::int64_t value);
  void set_attribute(std::string_view object_path, std::string_view name, double value);
  /// Other integer types (int, std::size_t…) are stored as 64-bit signed; a value above INT64_MAX throws
  /// std::invalid_argument. (Without this, `set_attribute(p, "n", 42)` would be ambiguous.)
  template <std::integral T>
    requires(!std::same_as<T, std::int64_t> && !std::same_as<T, bool>)
  void set_attribute(std::string_view object_path, std::string_view name, T value) {
    if (std::cmp_greater(value, std::numeric_limits<std::int64_t>::max()))
      throw std::invalid_argument("attribute " + std::string(name) + " of " + std::string(object_path) +
                                  ": integer exceeds the int64 range");
    set_attribute(object_path, name, static_cast<std::int64_t>(value));
  }

  /// Writes `text` (UTF-8, e.g. a whole TOML file) as a scalar fixed-length string dataset. In h5py:
  /// `f[path][()].decode()`.
  void write_text(std::string_view path, std::string_view text);

  /// Writes an N-dimensional array, row-major (the last index varies fastest): `shape` gives the extent of
  /// each dimension and its product must equal data.size() (else std::invalid_argument); an empty shape
  /// writes a scalar. Non-empty arrays are chunked (at most ~256 KiB per chunk, whole trailing rows where
  /// they fit) and compressed with shuffle + deflate level 4; arrays with a zero extent are written empty.
  void write_array(std::string_view path, std::span<const std::int64_t> data, std::span<const std::size_t> shape);
  void write_array(std::string_view path, std::span<const double> data, std::span<const std::size_t> shape);
  void write_array(std::string_view path, std::span<const std::int32_t> data, std::span<const std::size_t> shape);
  void write_array(std::string_view path, std::span<const std::uint8_t> data, std::span<const std::size_t> shape);
  /// One-dimensional shorthands: shape = {data.size()}.
  void write_array(std::string_view path, std::span<const std::int64_t> data);
  void write_array(std::string_view path, std::span<const double> data);
  void write_array(std::string_view path, std::span<const std::int32_t> data);
  void write_array(std::string_view path, std::span<const std::uint8_t> data);

  /// Writes a 1-D dataset of variable-length UTF-8 strings.
  void write_strings(std::string_view path, std::span<const std::string> values);

  /// Writes `table` as the group `group_path`: one 1-D dataset per column (each with a `description` and a
  /// `unit` attribute when it has them), plus group attributes `kind = "table"` and `columns` (the column names
  /// in insertion order, joined with ','; HDF5 itself lists a group's members by name). In pandas:
  ///   g = f[group_path]
  ///   pd.DataFrame({c: g[c][()] for c in g.attrs["columns"].split(",")})
  /// String columns come out as bytes that way; for str, read them with g[c].asstr()[()]:
  ///   pd.DataFrame({c: g[c].asstr()[()] if h5py.check_string_dtype(g[c].dtype) else g[c][()]
  ///                 for c in g.attrs["columns"].split(",")})
  /// Strings are checked before anything is written; std::invalid_argument leaves no partial table.
  void write_table(std::string_view group_path, const Table& table);
  /// Writes a table built from a schema at the schema's path; std::logic_error if it lacks a declared column.
  void write_table(const Table& table);

  /// Appends `rows` to the dataset at `path` along its first dimension, creating it at the first call with the
  /// rows' `trailing_shape` (the dimensions after the first; empty: a 1-D dataset): extendable, chunked and
  /// compressed like write_array's. Rows are held until they fill a chunk, so each chunk is compressed and
  /// written once, whole; the last ones at commit(). The same path must always be given rows of the same type
  /// and trailing shape (else std::logic_error / std::invalid_argument), and `rows.size()` must be whole rows.
  /// For data that arrives in parts (a run's replications as they finish): memory holds at most a chunk per
  /// dataset besides the file.
  void append_array(std::string_view path, std::span<const std::int64_t> rows, std::span<const std::size_t> trailing_shape);
  void append_array(std::string_view path, std::span<const double> rows, std::span<const std::size_t> trailing_shape);
  void append_array(std::string_view path, std::span<const std::int32_t> rows, std::span<const std::size_t> trailing_shape);
  void append_array(std::string_view path, std::span<const std::uint8_t> rows, std::span<const std::size_t> trailing_shape);

  /// Appends `rows` to the table at their schema's path, creating it at the first call with the attributes
  /// write_table gives a table; every column is appended as append_array does (strings too), in chunks of at most
  /// 8 KiB, so that a table of many columns given a row at a time holds little. Every call must bring the same
  /// columns. Throws as write_table does, std::logic_error for other columns than the first
  /// call's.
  void append_table(const Table& rows);

  /// Writes the file's bytes to the temporary, syncs and closes it, then renames it over the target in one
  /// atomic step (a symbolic link at the target is replaced, not followed). Afterwards every method throws
  /// ResultsFileError. On failure (disk full…) the temporary is removed, the target is left as it was, and
  /// ResultsFileError is thrown.
  void commit();

 private:
  template <class T>
  void append_rows(std::string_view path, std::span<const T> rows, std::span<const std::size_t> trailing_shape);

  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// Reads a results file (or any HDF5 file whose data starts at offset 0, without a user block).
///
/// Before handing the file to HDF5 the constructor checks that it exists, is a regular file and starts
/// with the HDF5 signature, so a missing, empty, text or truncated file gives a ResultsFileError rather
/// than an HDF5 failure. Every method throws ResultsFileError naming the file and the object on failure.
///
/// Damaged files: HDF5 checks most of a file with checksums, but trusts its global heaps (where variable-length
/// strings live) and the shapes datasets declare. So before the first variable-length string is read, every
/// global heap of the file is checked as HDF5 will read it, and the string references of a contiguous dataset
/// against them; and no read allocates more than the dataset stores could expand to (deflate: 1032 to 1), nor
/// an attribute more than 1 MiB. A file that fails is refused with a ResultsFileError ending "the file is
/// damaged", never a crash nor an allocation of gigabytes.
class ResultsReader {
 public:
  explicit ResultsReader(std::filesystem::path file);
  ~ResultsReader();
  ResultsReader(ResultsReader&&) noexcept;
  ResultsReader& operator=(ResultsReader&&) noexcept;
  ResultsReader(const ResultsReader&) = delete;
  ResultsReader& operator=(const ResultsReader&) = delete;

  const std::filesystem::path& file() const noexcept;

  /// Whether a group or dataset exists at `path` ("/" always does). False for malformed paths.
  bool contains(std::string_view path);
  /// Whether the group or dataset at `path` has the attribute `name`. False when there is no object at `path`.
  bool has_attribute(std::string_view path, std::string_view name);

  /// What a dataset's elements are, from its HDF5 type class.
  enum class ValueClass { integer, floating_point, string, other };
  ValueClass value_class(std::string_view path);

  /// An attribute of the group or dataset at `path`. attribute_string accepts fixed- and variable-length
  /// strings; attribute_int any integer type; attribute_double any integer or floating-point type.
  std::string attribute_string(std::string_view path, std::string_view name);
  std::int64_t attribute_int(std::string_view path, std::string_view name);
  double attribute_double(std::string_view path, std::string_view name);

  /// A scalar string dataset (fixed- or variable-length), as written by ResultsWriter::write_text.
  std::string read_text(std::string_view path);

  /// The extent of each dimension of a dataset (empty for a scalar). Like every read, refuses a dataset that
  /// declares more values than its storage can hold (see "Damaged files" above).
  std::vector<std::size_t> shape(std::string_view path);

  /// A dataset's values, flattened in row-major order. read_int64 accepts any integer dataset (values that
  /// do not fit an int64 are clamped by HDF5's conversion); read_double any integer or floating-point one.
  std::vector<std::int64_t> read_int64(std::string_view path);
  std::vector<double> read_double(std::string_view path);
  /// A string dataset of any shape (fixed- or variable-length), flattened in row-major order.
  std::vector<std::string> read_strings(std::string_view path);

  /// The table at `group_path` (see ResultsWriter::write_table), its columns in the order of its `columns`
  /// attribute: integer columns as int64, floating-point ones as double, strings as strings. Throws
  /// ResultsFileError when it is not a table or its columns are not 1-D and equally long.
  Table read_table(std::string_view group_path);

  /// The names of the members of the group at `path`, sorted by byte value.
  std::vector<std::string> list(std::string_view group_path);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace emile::sim
