// Results files through the HDF5 C API. This is the only translation unit of emile that includes HDF5.
//
// Conventions inside this file: every HDF5 call's return code is checked and a failure becomes a
// ResultsFileError built by fail(), which appends the innermost message of HDF5's error stack. fail() must
// be called right after the failing call: any other HDF5 API call clears that stack.
//
// The writer builds the file in memory (HDF5's "core" driver without backing store) and writes the bytes
// itself at commit, through an AtomicFile. The reason is a defect of HDF5 before 1.14: when closing a file
// fails because a write failed (disk full, quota, file-size limit), the half-closed file stays in HDF5's table
// of identifiers and the library's exit handler then crashes the process. In memory, HDF5 never writes to disk, so its close
// cannot fail that way, and every disk error is a plain write(2) error here.
#include "emile/sim/results_file.hpp"

#include "emile/sim/atomic_file.hpp"
#include "emile/sim/input_file.hpp"

#include <hdf5.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <map>
#include <memory>
#include <optional>
#include <mutex>
#include <system_error>
#include <utility>

namespace emile::sim {
namespace fs = std::filesystem;

namespace {

// ---------------------------------------------------------------------------------------------------------
// Errors

// HDF5 prints its error stack to stderr by default; the exceptions carry it instead. The default error
// stack is global in a serial build and per thread in a thread-safe build (Debian's "serial" HDF5 is built
// thread-safe), hence once for the process and once more for each further thread that uses this file.
void silence_hdf5_errors() {
  static std::once_flag process_once;
  std::call_once(process_once, [] { H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr); });
#ifdef H5_HAVE_THREADSAFE
  thread_local bool thread_done = false;
  if (!thread_done) {
    H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
    thread_done = true;
  }
#endif
}

struct ErrorStackSummary {
  std::string innermost;  // the description of the deepest frame: usually the most specific one
  bool truncated = false;
  bool corrupt = false;  // a checksum failed: the bytes on disk are not what HDF5 wrote
};

// HDF5's messages for system errors are long ("file write failed: time = <date>\n, filename = …, errno = 28,
// error message = 'No space left on device', buf = …"): keep the system's message when there is one.
std::string readable(std::string_view description) {
  constexpr std::string_view marker = "error message = '";
  if (const std::size_t at = description.find(marker); at != std::string_view::npos) {
    const std::size_t begin = at + marker.size();
    const std::size_t end = description.find('\'', begin);
    if (end != std::string_view::npos) return std::string(description.substr(begin, end - begin));
  }
  std::string text(description);
  std::replace(text.begin(), text.end(), '\n', ' ');
  return text;
}

herr_t collect_error(unsigned, const H5E_error2_t* error, void* data) {
  auto* summary = static_cast<ErrorStackSummary*>(data);
  if (summary->innermost.empty() && error->desc != nullptr) summary->innermost = readable(error->desc);
  if (error->min_num == H5E_TRUNCATED) summary->truncated = true;
  if (error->desc != nullptr && std::strstr(error->desc, "checksum") != nullptr) summary->corrupt = true;
  return 0;
}

// Reads and clears the calling thread's HDF5 error stack.
ErrorStackSummary take_error_stack() {
  ErrorStackSummary summary;
  H5Ewalk2(H5E_DEFAULT, H5E_WALK_UPWARD, collect_error, &summary);
  H5Eclear2(H5E_DEFAULT);
  return summary;
}

// Throws "<where>: <what>", followed by HDF5's explanation when its error stack has one.
[[noreturn]] void fail(const std::string& where, std::string_view what) {
  const ErrorStackSummary stack = take_error_stack();
  std::string message = where + ": " + std::string(what);
  if (stack.corrupt) message += ": the file is corrupt";
  if (!stack.innermost.empty()) message += " (HDF5: " + stack.innermost + ")";
  throw ResultsFileError(message);
}

hid_t check_id(hid_t id, const std::string& where, std::string_view what) {
  if (id < 0) fail(where, what);
  return id;
}

void check(herr_t status, const std::string& where, std::string_view what) {
  if (status < 0) fail(where, what);
}

std::string where_in(const fs::path& file, std::string_view object) {
  return file.string() + ": " + std::string(object);
}

std::string where_attribute(const fs::path& file, std::string_view object, std::string_view name) {
  return where_in(file, object) + ": attribute " + std::string(name);
}

// ---------------------------------------------------------------------------------------------------------
// Handles: one owner per HDF5 identifier. close() reports failure (closing a dataset or file may write
// buffered data, so on the success path it is called explicitly and checked); the destructor closes
// quietly, for the error paths.

template <herr_t (*Close)(hid_t)>
class Handle {
 public:
  Handle() = default;
  explicit Handle(hid_t id) noexcept : id_(id) {}
  Handle(Handle&& other) noexcept : id_(std::exchange(other.id_, H5I_INVALID_HID)) {}
  Handle& operator=(Handle&& other) noexcept {
    if (this != &other) {
      reset();
      id_ = std::exchange(other.id_, H5I_INVALID_HID);
    }
    return *this;
  }
  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;
  ~Handle() { reset(); }

  hid_t get() const noexcept { return id_; }
  bool is_open() const noexcept { return id_ >= 0; }

  herr_t close() noexcept {
    const hid_t id = std::exchange(id_, H5I_INVALID_HID);
    return id >= 0 ? Close(id) : 0;
  }

 private:
  void reset() noexcept {
    if (id_ >= 0) Close(std::exchange(id_, H5I_INVALID_HID));
  }
  hid_t id_ = H5I_INVALID_HID;
};

using FileHandle = Handle<H5Fclose>;
using ObjectHandle = Handle<H5Oclose>;  // a group or dataset opened or created by name
using SpaceHandle = Handle<H5Sclose>;
using TypeHandle = Handle<H5Tclose>;
using PlistHandle = Handle<H5Pclose>;
using AttributeHandle = Handle<H5Aclose>;

// ---------------------------------------------------------------------------------------------------------
// Text validation: h5py decodes every string as UTF-8, and HDF5's variable-length strings end at a NUL.

bool is_utf8_without_nul(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c == 0) return false;
    if (c < 0x80) {
      ++i;
      continue;
    }
    std::size_t length = 0;
    std::uint32_t code = 0;
    std::uint32_t minimum = 0;
    if ((c & 0xE0) == 0xC0) {
      length = 2, code = c & 0x1F, minimum = 0x80;
    } else if ((c & 0xF0) == 0xE0) {
      length = 3, code = c & 0x0F, minimum = 0x800;
    } else if ((c & 0xF8) == 0xF0) {
      length = 4, code = c & 0x07, minimum = 0x10000;
    } else {
      return false;
    }
    if (i + length > s.size()) return false;
    for (std::size_t k = 1; k < length; ++k) {
      const auto continuation = static_cast<unsigned char>(s[i + k]);
      if ((continuation & 0xC0) != 0x80) return false;
      code = (code << 6) | (continuation & 0x3F);
    }
    // Overlong encodings, UTF-16 surrogates and code points past U+10FFFF are not UTF-8.
    if (code < minimum || (code >= 0xD800 && code <= 0xDFFF) || code > 0x10FFFF) return false;
    i += length;
  }
  return true;
}

void require_text(std::string_view text, const std::string& where) {
  if (!is_utf8_without_nul(text))
    throw std::invalid_argument(where + ": strings must be UTF-8 without NUL characters");
}

// ---------------------------------------------------------------------------------------------------------
// Paths

// Splits an absolute HDF5 path ("/a/b") into its components ({"a", "b"}; {} for "/"). Returns false for
// anything else: relative paths, empty components ("/a//b", "/a/"), "." and "..", non-UTF-8 names.
bool split_path(std::string_view path, std::vector<std::string>& components) {
  components.clear();
  if (path.empty() || path.front() != '/') return false;
  if (path == "/") return true;
  std::size_t start = 1;
  while (true) {
    const std::size_t end = path.find('/', start);
    const std::string_view part = path.substr(start, end == std::string_view::npos ? end : end - start);
    if (part.empty() || part == "." || part == ".." || !is_utf8_without_nul(part)) return false;
    components.emplace_back(part);
    if (end == std::string_view::npos) return true;
    start = end + 1;
  }
}

std::vector<std::string> components_or_throw(const fs::path& file, std::string_view path) {
  std::vector<std::string> components;
  if (!split_path(path, components))
    throw ResultsFileError(where_in(file, path) + ": not an absolute HDF5 path like /group/dataset");
  return components;
}

// ---------------------------------------------------------------------------------------------------------
// Types

// The file stores little-endian types whatever the machine, so equal content gives equal bytes.
template <class T>
struct Element;
template <>
struct Element<std::int64_t> {
  static hid_t memory() { return H5T_NATIVE_INT64; }
  static hid_t file() { return H5T_STD_I64LE; }
};
template <>
struct Element<double> {
  static hid_t memory() { return H5T_NATIVE_DOUBLE; }
  static hid_t file() { return H5T_IEEE_F64LE; }
};
template <>
struct Element<std::int32_t> {
  static hid_t memory() { return H5T_NATIVE_INT32; }
  static hid_t file() { return H5T_STD_I32LE; }
};
template <>
struct Element<std::uint8_t> {
  static hid_t memory() { return H5T_NATIVE_UINT8; }
  static hid_t file() { return H5T_STD_U8LE; }
};

TypeHandle variable_string_type(H5T_cset_t charset, const std::string& where) {
  TypeHandle type(check_id(H5Tcopy(H5T_C_S1), where, "cannot create a string type"));
  check(H5Tset_size(type.get(), H5T_VARIABLE), where, "cannot create a string type");
  check(H5Tset_cset(type.get(), charset), where, "cannot create a string type");
  return type;
}

TypeHandle fixed_utf8_type(std::size_t size, const std::string& where) {
  TypeHandle type(check_id(H5Tcopy(H5T_C_S1), where, "cannot create a string type"));
  check(H5Tset_size(type.get(), size), where, "cannot create a string type");
  check(H5Tset_strpad(type.get(), H5T_STR_NULLPAD), where, "cannot create a string type");
  check(H5Tset_cset(type.get(), H5T_CSET_UTF8), where, "cannot create a string type");
  return type;
}

herr_t reclaim_variable_strings(hid_t type, hid_t space, void* buffer) {
#if H5_VERSION_GE(1, 12, 0)
  return H5Treclaim(type, space, H5P_DEFAULT, buffer);
#else
  return H5Dvlen_reclaim(type, space, H5P_DEFAULT, buffer);
#endif
}

// ---------------------------------------------------------------------------------------------------------
// Chunking

constexpr std::size_t chunk_byte_cap = 256 * 1024;
// The columns of a table appended in parts hold one chunk each until it fills (see append_table): smaller chunks
// keep that memory small for tables of many columns and few rows per part (a row per replication).
constexpr std::size_t appended_column_chunk_cap = 8 * 1024;

// Whole trailing rows per chunk where they fit under the cap, so a chunk is one contiguous run of the
// row-major data; a dimension is cut only when the dimensions after it alone reach the cap.
std::vector<hsize_t> chunk_shape(std::span<const std::size_t> shape, std::size_t element_size,
                                 std::size_t cap = chunk_byte_cap) {
  std::vector<hsize_t> chunk(shape.begin(), shape.end());
  for (std::size_t d = 0; d < chunk.size(); ++d) {
    std::size_t rest = element_size;  // bytes of one step along dimension d
    for (std::size_t e = d + 1; e < chunk.size(); ++e) {
      rest = chunk[e] > cap / rest ? cap + 1 : rest * chunk[e];
    }
    if (rest > cap) {
      chunk[d] = 1;
    } else {
      chunk[d] = std::min<hsize_t>(chunk[d], std::max<std::size_t>(1, cap / rest));
    }
  }
  return chunk;
}

// ---------------------------------------------------------------------------------------------------------
// Reading values from a dataset or an attribute (HDF5 has parallel APIs for the two).

// ---------------------------------------------------------------------------------------------------------
// Checks of what HDF5 trusts. libhdf5 1.10 checks the metadata it reads with checksums, except two things that
// a damaged or crafted file can use to crash it or exhaust memory:
//
// - Global heaps, where variable-length strings live, have no checksum, and H5HG_read trusts the object sizes
//   it finds there: one flipped bit in a size makes it copy far past the heap (a SIGSEGV, not an error). The
//   string references of a contiguous dataset have no checksum either (those in attributes live in object
//   headers, which do). So before the first variable-length read, every global heap collection of the file is
//   walked as HDF5 will walk it and the file refused if one is inconsistent; before a contiguous string dataset
//   is read, each of its references must name an object of the right size in one of those collections.
//   Collections are found by their signature and version ("GCOL" 1 and three zero bytes); a file's data cannot
//   hold that pattern by accident except with a probability of about 2^-64 per byte.
// - A dataset declares its shape, and HDF5 fills unwritten chunks with the fill value: a file of a few
//   kilobytes can declare billions of values. A read must fit what the dataset stores, expanded at most as much
//   as deflate can (1032 to 1); shuffle does not change sizes.

constexpr std::uint64_t deflate_max_expansion = 1032;
constexpr std::uint64_t storage_slack_bytes = 64 * 1024;  // headers and fill of tiny datasets
constexpr std::uint64_t max_attribute_bytes = 1 << 20;    // emile's attributes are scalars and short lists

class FileChecks {
 public:
  // Opens `file` (throws InputFileError when it is not a regular file that can be read). Every check reads through
  // this one descriptor.
  explicit FileChecks(const fs::path& file) : in_(file), size_(in_.size()) {}

  const InputFile& file() const noexcept { return in_; }

  // Throws ResultsFileError naming `where` unless reading the variable-length strings of `source`, `count` of
  // them, cannot make HDF5 read outside a heap object.
  void before_variable_strings(hid_t source, bool attribute, std::size_t count, const std::string& where) {
    if (!collections_) collections_ = read_collections(where);
    if (attribute) return;  // references in attributes are covered by their object header's checksum
    const haddr_t offset = H5Dget_offset(source);
    if (offset == HADDR_UNDEF) {
      take_error_stack();  // chunked or compact: covered by deflate's and the object header's checksums
      return;
    }
    constexpr std::size_t reference_bytes = 16;  // length (4), collection address (8), object index (4)
    if (count > (size_ - std::min<std::uint64_t>(size_, offset)) / reference_bytes)
      throw ResultsFileError(where + ": its strings lie past the end of the file: the file is damaged");
    std::vector<std::byte> references(count * reference_bytes);
    read_bytes(offset, references, where);
    for (std::size_t i = 0; i < count; ++i) {
      const std::byte* r = references.data() + i * reference_bytes;
      const auto length = little_endian<std::uint32_t>(r);
      const auto collection = little_endian<std::uint64_t>(r + 4);
      const auto index = little_endian<std::uint32_t>(r + 12);
      if (collection == 0 && length == 0) continue;  // an empty string
      const auto heap = collections_->find(collection);
      const auto object = heap == collections_->end() ? decltype(heap->second)::const_iterator{} : heap->second.find(index);
      if (heap == collections_->end() || object == heap->second.end() || object->second != length)
        throw ResultsFileError(where + ": string " + std::to_string(i) +
                               " refers to no stored string of its length: the file is damaged");
    }
  }

  // Throws ResultsFileError naming `where` unless `count` values of `type` fit what `source` stores.
  void before_reading(hid_t source, bool attribute, hid_t type, std::uint64_t count, const std::string& where) const {
    const std::uint64_t element_bytes = std::max<std::size_t>(H5Tget_size(type), 1);
    const std::uint64_t bytes = element_bytes == 0 || count <= UINT64_MAX / element_bytes ? count * element_bytes : UINT64_MAX;
    if (attribute) {
      if (bytes > max_attribute_bytes)
        throw ResultsFileError(where + ": declares " + std::to_string(count) + " values, more than an attribute can " +
                               "hold: the file is damaged");
      return;
    }
    const std::uint64_t stored = std::min<std::uint64_t>(H5Dget_storage_size(source), size_);
    const std::uint64_t capacity = stored > (UINT64_MAX - storage_slack_bytes) / deflate_max_expansion
                                       ? UINT64_MAX
                                       : stored * deflate_max_expansion + storage_slack_bytes;
    if (bytes > capacity)
      throw ResultsFileError(where + ": declares " + std::to_string(count) + " values but stores " +
                             std::to_string(stored) + " bytes, too few to hold them: the file is damaged");
  }

 private:
  using Collection = std::map<std::uint32_t, std::uint64_t>;  // object index -> size in bytes

  template <class T>
  static T little_endian(const std::byte* p) {
    T value = 0;
    for (std::size_t k = 0; k < sizeof(T); ++k) value |= static_cast<T>(std::to_integer<T>(p[k]) << (8 * k));
    return value;
  }

  void read_bytes(std::uint64_t offset, std::span<std::byte> into, const std::string& where) const {
    try {
      in_.read_at(offset, into);
    } catch (const InputFileError& e) {
      throw ResultsFileError(where + ": " + e.what());
    }
  }

  std::map<std::uint64_t, Collection> read_collections(const std::string& where) const {
    static constexpr std::array<std::byte, 8> signature = {std::byte{'G'}, std::byte{'C'}, std::byte{'O'},
                                                           std::byte{'L'}, std::byte{1},   std::byte{0},
                                                           std::byte{0},   std::byte{0}};
    std::map<std::uint64_t, Collection> collections;
    try {
      constexpr std::size_t block = 1 << 20;
      std::vector<std::byte> bytes;
      for (std::uint64_t start = 0; start < size_; start += block) {
        // Each block overlaps the next by the signature's length less one, so no signature is cut in two.
        bytes.resize(static_cast<std::size_t>(std::min<std::uint64_t>(block + signature.size() - 1, size_ - start)));
        in_.read_at(start, bytes);
        for (auto at = std::search(bytes.begin(), bytes.end(), signature.begin(), signature.end()); at != bytes.end();
             at = std::search(at + 1, bytes.end(), signature.begin(), signature.end())) {
          const std::uint64_t address = start + static_cast<std::uint64_t>(at - bytes.begin());
          if (address < start + block) collections.emplace(address, read_collection(address, where));
        }
      }
    } catch (const InputFileError& e) {
      throw ResultsFileError(where + ": " + e.what());
    }
    return collections;
  }

  // Walks a collection as H5HG's deserialiser does (HDF5 file format, "Global Heap"): a 16-byte header (signature,
  // version, reserved, collection size), then objects, each a 16-byte header (index, reference count, reserved,
  // size) and its data padded to 8 bytes; index 0 is the free space, whose size includes its header; a tail
  // shorter than a header is free space too.
  Collection read_collection(std::uint64_t address, const std::string& where) const {
    const auto damaged = [&](const std::string& problem) {
      return ResultsFileError(where + ": the global heap at byte " + std::to_string(address) + " " + problem +
                              ": the file is damaged");
    };
    std::array<std::byte, 16> header{};
    if (size_ - address < header.size()) throw damaged("is cut off by the end of the file");
    in_.read_at(address, header);
    const auto size = little_endian<std::uint64_t>(header.data() + 8);
    constexpr std::uint64_t smallest = 4096;  // H5HG_MINSIZE
    if (size < smallest || size > size_ - address) throw damaged("has an impossible size");
    std::vector<std::byte> bytes(static_cast<std::size_t>(size));
    in_.read_at(address, bytes);
    Collection objects;
    std::uint64_t p = header.size();
    while (p < size) {
      if (size - p < header.size()) break;  // a tail of free space
      const auto index = little_endian<std::uint16_t>(bytes.data() + p);
      const auto object_size = little_endian<std::uint64_t>(bytes.data() + p + 8);
      const std::uint64_t room = size - p - header.size();
      std::uint64_t need = 0;
      if (index == 0) {
        if (object_size < header.size() || object_size % 8 != 0 || object_size - header.size() > room)
          throw damaged("has free space of an impossible size");
        need = object_size;
      } else {
        if (object_size > room || (object_size + 7) / 8 * 8 > room) throw damaged("holds an object larger than itself");
        if (!objects.emplace(index, object_size).second) throw damaged("holds two objects of one index");
        need = header.size() + (object_size + 7) / 8 * 8;
      }
      p += need;
    }
    return objects;
  }

  InputFile in_;
  std::uint64_t size_;
  std::optional<std::map<std::uint64_t, Collection>> collections_;
};

struct Source {
  hid_t id;
  bool attribute;
  FileChecks& checks;

  hid_t type() const { return attribute ? H5Aget_type(id) : H5Dget_type(id); }
  hid_t space() const { return attribute ? H5Aget_space(id) : H5Dget_space(id); }
  herr_t read(hid_t memory_type, void* buffer) const {
    return attribute ? H5Aread(id, memory_type, buffer)
                     : H5Dread(id, memory_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, buffer);
  }
};

std::size_t element_count(hid_t space, const std::string& where) {
  const hssize_t count = H5Sget_simple_extent_npoints(space);
  if (count < 0) fail(where, "cannot read the dataspace");
  return static_cast<std::size_t>(count);
}

const char* class_name(H5T_class_t type_class) {
  switch (type_class) {
    case H5T_INTEGER: return "integer";
    case H5T_FLOAT: return "floating-point";
    case H5T_STRING: return "string";
    case H5T_COMPOUND: return "compound";
    case H5T_ENUM: return "enum";
    case H5T_ARRAY: return "array";
    case H5T_VLEN: return "variable-length";
    case H5T_REFERENCE: return "reference";
    case H5T_OPAQUE: return "opaque";
    case H5T_BITFIELD: return "bitfield";
    case H5T_TIME: return "time";
    default: return "unknown";
  }
}

template <class T>
std::vector<T> read_numbers(const Source& source, bool accept_float, const std::string& where) {
  TypeHandle type(check_id(source.type(), where, "cannot read the type"));
  const H5T_class_t type_class = H5Tget_class(type.get());
  if (type_class < 0) fail(where, "cannot read the type");
  if (type_class != H5T_INTEGER && !(accept_float && type_class == H5T_FLOAT))
    throw ResultsFileError(where + ": holds " + class_name(type_class) + " values, expected " +
                           (accept_float ? "numbers" : "integers"));
  SpaceHandle space(check_id(source.space(), where, "cannot read the dataspace"));
  const std::size_t count = element_count(space.get(), where);
  source.checks.before_reading(source.id, source.attribute, type.get(), count, where);
  std::vector<T> values(count);
  if (!values.empty()) check(source.read(Element<T>::memory(), values.data()), where, "read failed");
  return values;
}

// Fixed-length strings end at the first NUL (NULLTERM) or lose their trailing padding (NULLPAD, SPACEPAD).
std::string trim_fixed(const char* data, std::size_t size, H5T_str_t padding) {
  std::string_view value(data, size);
  if (padding == H5T_STR_NULLTERM) {
    value = value.substr(0, value.find('\0'));
  } else {
    const char pad = padding == H5T_STR_SPACEPAD ? ' ' : '\0';
    const std::size_t last = value.find_last_not_of(pad);
    value = last == std::string_view::npos ? std::string_view{} : value.substr(0, last + 1);
  }
  return std::string(value);
}

std::vector<std::string> read_string_values(const Source& source, const std::string& where) {
  TypeHandle type(check_id(source.type(), where, "cannot read the type"));
  const H5T_class_t type_class = H5Tget_class(type.get());
  if (type_class < 0) fail(where, "cannot read the type");
  if (type_class != H5T_STRING)
    throw ResultsFileError(where + ": holds " + std::string(class_name(type_class)) + " values, expected strings");
  SpaceHandle space(check_id(source.space(), where, "cannot read the dataspace"));
  const std::size_t count = element_count(space.get(), where);
  source.checks.before_reading(source.id, source.attribute, type.get(), count, where);
  std::vector<std::string> values;
  values.reserve(count);
  if (count == 0) return values;

  const htri_t variable = H5Tis_variable_str(type.get());
  if (variable < 0) fail(where, "cannot read the type");
  if (variable > 0) {
    const H5T_cset_t charset = H5Tget_cset(type.get());
    if (charset < 0) fail(where, "cannot read the type");
    TypeHandle memory = variable_string_type(charset, where);
    source.checks.before_variable_strings(source.id, source.attribute, count, where);
    std::vector<char*> pointers(count, nullptr);
    check(source.read(memory.get(), pointers.data()), where, "read failed");
    // HDF5 allocated the strings: give them back even if copying them throws.
    struct Reclaim {
      hid_t type, space;
      void* buffer;
      ~Reclaim() { reclaim_variable_strings(type, space, buffer); }
    } reclaim{memory.get(), space.get(), pointers.data()};
    for (const char* p : pointers) values.emplace_back(p != nullptr ? p : "");
  } else {
    const std::size_t size = H5Tget_size(type.get());
    const H5T_str_t padding = H5Tget_strpad(type.get());
    if (size == 0 || padding < 0) fail(where, "cannot read the type");
    std::vector<char> buffer(count * size);
    check(source.read(type.get(), buffer.data()), where, "read failed");
    for (std::size_t i = 0; i < count; ++i) values.push_back(trim_fixed(buffer.data() + i * size, size, padding));
  }
  // Every string emile writes is UTF-8 (h5py decodes them so): anything else is damage, refused here rather than
  // printed to a terminal or failing later in a decoder.
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (!is_utf8_without_nul(values[i]))
      throw ResultsFileError(where + ": string " + std::to_string(i) + " is not UTF-8 text: the file is damaged");
  }
  return values;
}

// ---------------------------------------------------------------------------------------------------------
// Files

constexpr std::array<unsigned char, 8> hdf5_signature = {0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};
// The smallest superblock (versions 2 and 3) is 48 bytes; anything shorter cannot be a whole file.
constexpr std::uintmax_t smallest_hdf5_file = 48;

// The in-memory file grows by this much at a time.
constexpr std::size_t memory_file_increment = 1024 * 1024;

// Jenkins' lookup3 hash ("hashlittle", initial value 0): HDF5's checksum of metadata.
std::uint32_t lookup3(const unsigned char* k, std::size_t length) {
  const auto rot = [](std::uint32_t x, int r) { return (x << r) | (x >> (32 - r)); };
  const auto word = [](const unsigned char* p) {
    return std::uint32_t{p[0]} | std::uint32_t{p[1]} << 8 | std::uint32_t{p[2]} << 16 | std::uint32_t{p[3]} << 24;
  };
  std::uint32_t a = 0xdeadbeefu + static_cast<std::uint32_t>(length);
  std::uint32_t b = a;
  std::uint32_t c = a;
  if (length == 0) return c;
  while (length > 12) {
    a += word(k), b += word(k + 4), c += word(k + 8);
    a -= c, a ^= rot(c, 4), c += b;
    b -= a, b ^= rot(a, 6), a += c;
    c -= b, c ^= rot(b, 8), b += a;
    a -= c, a ^= rot(c, 16), c += b;
    b -= a, b ^= rot(a, 19), a += c;
    c -= b, c ^= rot(b, 4), b += a;
    length -= 12, k += 12;
  }
  std::uint32_t tail[3] = {0, 0, 0};
  for (std::size_t i = 0; i < length; ++i) tail[i / 4] |= std::uint32_t{k[i]} << (8 * (i % 4));
  a += tail[0], b += tail[1], c += tail[2];
  c ^= b, c -= rot(b, 14);
  a ^= c, a -= rot(c, 11);
  b ^= a, b -= rot(a, 25);
  c ^= b, c -= rot(b, 16);
  a ^= c, a -= rot(c, 4);
  b ^= a, b -= rot(a, 14);
  c ^= b, c -= rot(b, 24);
  return c;
}

// H5Fget_file_image (HDF5 1.10) clears the superblock's status flags, which mark a file open for writing,
// but leaves the checksum computed with them set, so the image would fail its own checksum on reopening.
// Superblocks of versions 2 and 3 are: signature (8 bytes), version, size of offsets, size of lengths,
// status flags (1 byte each), four addresses, then the checksum of everything before it.
void repair_superblock_checksum(unsigned char* image, std::size_t size, const std::string& where) {
  if (size < 12 || !std::equal(hdf5_signature.begin(), hdf5_signature.end(), image))
    throw ResultsFileError(where + ": the file image has no HDF5 superblock");
  const unsigned version = image[8];
  if (version < 2) return;  // versions 0 and 1 carry no checksum
  if (version > 3) throw ResultsFileError(where + ": unexpected superblock version " + std::to_string(version));
  const std::size_t covered = 12 + 4 * std::size_t{image[9]};
  if (size < covered + 4) throw ResultsFileError(where + ": the file image's superblock is truncated");
  if (image[11] != 0) throw ResultsFileError(where + ": the file image is still marked open for writing");
  const std::uint32_t checksum = lookup3(image, covered);
  for (std::size_t i = 0; i < 4; ++i) image[covered + i] = static_cast<unsigned char>(checksum >> (8 * i));
}

}  // namespace

// =========================================================================================================
// Table

ColumnType column_type(const Table::Values& values) noexcept {
  constexpr ColumnType types[] = {ColumnType::int64, ColumnType::float64, ColumnType::int32, ColumnType::uint8,
                                  ColumnType::string};
  return types[values.index()];
}

Table& Table::add(std::string name, Values values, std::string description) {
  if (name.empty() || name == "." || name == ".." || name.find_first_of(",/") != std::string::npos ||
      !is_utf8_without_nul(name))
    throw std::invalid_argument("table column name '" + name +
                                "': must be non-empty UTF-8 without ',', '/' or NUL, and not . or ..");
  for (const Column& column : columns_) {
    if (column.name == name) throw std::invalid_argument("table column '" + name + "': added twice");
  }
  const std::size_t length = std::visit([](const auto& v) { return v.size(); }, values);
  if (!columns_.empty() && length != rows_)
    throw std::invalid_argument("table column '" + name + "' has " + std::to_string(length) + " rows, column '" +
                                columns_.front().name + "' has " + std::to_string(rows_));
  std::string unit;
  if (schema_) {
    const auto& declared = schema_->columns;
    const auto& further = schema_->further;
    const bool next_is_declared = declared_added_ < declared.size() && declared[declared_added_].name == name;
    const auto where = schema_->path + ": column '" + name + "'";
    const auto require_type = [&](ColumnType expected) {
      if (column_type(values) != expected)
        throw std::logic_error(where + " holds " + std::string(sim::name(column_type(values))) + ", declared " +
                               std::string(sim::name(expected)));
    };
    if (next_is_declared) {
      const ColumnSpec& spec = declared[declared_added_++];
      require_type(spec.type);
      if (!description.empty()) throw std::logic_error(where + ": a declared column takes the declared meaning");
      description = spec.meaning;
      unit = spec.unit;
    } else if (further && declared_added_ == further->position) {
      require_type(further->type);
      if (description.empty()) description = further->meaning;
      unit = further->unit;
    } else {
      throw std::logic_error(where + ": not declared here" +
                             (declared_added_ < declared.size() ? ", expected '" + declared[declared_added_].name + "'"
                                                                 : std::string(", every declared column was added")));
    }
  }
  rows_ = length;
  columns_.push_back(Column{std::move(name), std::move(values), std::move(description), std::move(unit)});
  return *this;
}

void Table::require_complete() const {
  if (schema_ && declared_added_ < schema_->columns.size())
    throw std::logic_error(schema_->path + ": declared column '" + schema_->columns[declared_added_].name +
                           "' was not added");
}

Table& Table::add_column(std::string name, std::vector<std::int64_t> values, std::string description) {
  return add(std::move(name), Values(std::move(values)), std::move(description));
}
Table& Table::add_column(std::string name, std::vector<double> values, std::string description) {
  return add(std::move(name), Values(std::move(values)), std::move(description));
}
Table& Table::add_column(std::string name, std::vector<std::int32_t> values, std::string description) {
  return add(std::move(name), Values(std::move(values)), std::move(description));
}
Table& Table::add_column(std::string name, std::vector<std::uint8_t> values, std::string description) {
  return add(std::move(name), Values(std::move(values)), std::move(description));
}
Table& Table::add_column(std::string name, std::vector<std::string> values, std::string description) {
  return add(std::move(name), Values(std::move(values)), std::move(description));
}

// =========================================================================================================
// ResultsWriter

struct ResultsWriter::Impl {
  fs::path target;
  std::unique_ptr<AtomicFile> out;  // the temporary on disk, filled by commit()
  FileHandle file;                 // in memory
  PlistHandle link_creation;       // UTF-8 names
  PlistHandle group_creation;      // no timestamps
  PlistHandle attribute_creation;  // UTF-8 names
  bool committed = false;

  ~Impl() {
    if (!committed) abandon();
  }

  std::string where(std::string_view object) const { return where_in(target, object); }

  void require_open(std::string_view object) const {
    if (!file.is_open())
      throw ResultsFileError(where(object) + (committed ? ": already committed" : ": the writer failed to commit"));
  }

  // Opens the group at components[0..count), creating missing groups. `path` is for messages.
  ObjectHandle group(const std::vector<std::string>& components, std::size_t count, std::string_view path) {
    ObjectHandle current(check_id(H5Oopen(file.get(), "/", H5P_DEFAULT), where("/"), "cannot open the root group"));
    std::string walked;
    for (std::size_t i = 0; i < count; ++i) {
      const std::string& name = components[i];
      walked += "/" + name;
      const htri_t exists = H5Lexists(current.get(), name.c_str(), H5P_DEFAULT);
      if (exists < 0) fail(where(walked), "cannot look up");
      if (exists > 0) {
        ObjectHandle next(check_id(H5Oopen(current.get(), name.c_str(), H5P_DEFAULT), where(walked), "cannot open"));
        if (H5Iget_type(next.get()) != H5I_GROUP)
          throw ResultsFileError(where(path) + ": " + walked + " exists and is not a group");
        current = std::move(next);
      } else {
        current = ObjectHandle(
            check_id(H5Gcreate2(current.get(), name.c_str(), link_creation.get(), group_creation.get(), H5P_DEFAULT),
                     where(walked), "cannot create the group"));
      }
    }
    return current;
  }

  // Opens the parent group of `path` (creating it as needed) and checks that `path` itself is free.
  ObjectHandle parent_of_new(std::string_view path, std::string& leaf) {
    const std::vector<std::string> components = components_or_throw(target, path);
    if (components.empty()) throw ResultsFileError(where(path) + ": the root group already exists");
    ObjectHandle parent = group(components, components.size() - 1, path);
    leaf = components.back();
    const htri_t exists = H5Lexists(parent.get(), leaf.c_str(), H5P_DEFAULT);
    if (exists < 0) fail(where(path), "cannot look up");
    if (exists > 0) throw ResultsFileError(where(path) + ": already exists");
    return parent;
  }

  // Creates the dataset `path` and writes `data` (nullptr: nothing to write) through `memory_type`.
  void create_dataset(std::string_view path, hid_t file_type, hid_t memory_type, hid_t space, hid_t dcpl,
                      const void* data) {
    require_open(path);
    std::string leaf;
    ObjectHandle parent = parent_of_new(path, leaf);
    Handle<H5Dclose> dataset(
        check_id(H5Dcreate2(parent.get(), leaf.c_str(), file_type, space, link_creation.get(), dcpl, H5P_DEFAULT),
                 where(path), "cannot create the dataset"));
    if (data != nullptr)
      check(H5Dwrite(dataset.get(), memory_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, data), where(path), "write failed");
    // Closing writes the dataset's cached chunks: a full disk shows up here.
    check(dataset.close(), where(path), "write failed");
  }

  PlistHandle dataset_creation(std::string_view path) const {
    PlistHandle dcpl(check_id(H5Pcreate(H5P_DATASET_CREATE), where(path), "cannot create a property list"));
    check(H5Pset_obj_track_times(dcpl.get(), 0), where(path), "cannot turn off timestamps");
    return dcpl;
  }

  template <class T>
  void write_array(std::string_view path, std::span<const T> data, std::span<const std::size_t> shape) {
    require_open(path);
    std::size_t count = 1;
    for (std::size_t extent : shape) {
      if (extent != 0 && count > SIZE_MAX / extent)
        count = SIZE_MAX;  // overflow: cannot match data.size()
      else
        count *= extent;
    }
    if (count != data.size()) {
      std::string dims;
      for (std::size_t extent : shape) dims += (dims.empty() ? "" : "x") + std::to_string(extent);
      throw std::invalid_argument(where(path) + ": shape [" + dims + "] does not match " +
                                  std::to_string(data.size()) + " values");
    }
    PlistHandle dcpl = dataset_creation(path);
    SpaceHandle space;
    if (shape.empty()) {
      space = SpaceHandle(check_id(H5Screate(H5S_SCALAR), where(path), "cannot create the dataspace"));
    } else {
      const std::vector<hsize_t> dims(shape.begin(), shape.end());
      space = SpaceHandle(check_id(H5Screate_simple(static_cast<int>(dims.size()), dims.data(), nullptr), where(path),
                                   "cannot create the dataspace"));
      if (count > 0) {
        const std::vector<hsize_t> chunk = chunk_shape(shape, sizeof(T));
        check(H5Pset_chunk(dcpl.get(), static_cast<int>(chunk.size()), chunk.data()), where(path),
              "cannot set the chunk shape");
        if (sizeof(T) > 1) check(H5Pset_shuffle(dcpl.get()), where(path), "cannot set the shuffle filter");
        check(H5Pset_deflate(dcpl.get(), 4), where(path), "cannot set deflate compression");
      }
    }
    create_dataset(path, Element<T>::file(), Element<T>::memory(), space.get(), dcpl.get(),
                   count > 0 ? static_cast<const void*>(data.data()) : nullptr);
  }

  void write_strings(std::string_view path, std::span<const std::string> values) {
    require_open(path);
    for (const std::string& value : values) require_text(value, where(path));
    std::vector<const char*> pointers;
    pointers.reserve(values.size());
    for (const std::string& value : values) pointers.push_back(value.c_str());
    const hsize_t dims[1] = {values.size()};
    SpaceHandle space(check_id(H5Screate_simple(1, dims, nullptr), where(path), "cannot create the dataspace"));
    TypeHandle type = variable_string_type(H5T_CSET_UTF8, where(path));
    PlistHandle dcpl = dataset_creation(path);
    create_dataset(path, type.get(), type.get(), space.get(), dcpl.get(),
                   pointers.empty() ? nullptr : static_cast<const void*>(pointers.data()));
  }

  // Opens the object at `object_path` for an attribute; a missing object becomes a group.
  ObjectHandle attribute_owner(std::string_view object_path) {
    const std::vector<std::string> components = components_or_throw(target, object_path);
    if (components.empty())
      return ObjectHandle(check_id(H5Oopen(file.get(), "/", H5P_DEFAULT), where("/"), "cannot open the root group"));
    ObjectHandle parent = group(components, components.size() - 1, object_path);
    const std::string& leaf = components.back();
    const htri_t exists = H5Lexists(parent.get(), leaf.c_str(), H5P_DEFAULT);
    if (exists < 0) fail(where(object_path), "cannot look up");
    if (exists > 0)
      return ObjectHandle(
          check_id(H5Oopen(parent.get(), leaf.c_str(), H5P_DEFAULT), where(object_path), "cannot open"));
    return ObjectHandle(
        check_id(H5Gcreate2(parent.get(), leaf.c_str(), link_creation.get(), group_creation.get(), H5P_DEFAULT),
                 where(object_path), "cannot create the group"));
  }

  void set_attribute(std::string_view object_path, std::string_view name, hid_t file_type, hid_t memory_type,
                     const void* value) {
    const std::string at = where_attribute(target, object_path, name);
    require_open(object_path);
    if (name.empty()) throw std::invalid_argument(at + ": the name is empty");
    require_text(name, at);
    const std::string key(name);
    ObjectHandle owner = attribute_owner(object_path);
    const htri_t exists = H5Aexists(owner.get(), key.c_str());
    if (exists < 0) fail(at, "cannot look up");
    if (exists > 0) check(H5Adelete(owner.get(), key.c_str()), at, "cannot replace");
    SpaceHandle scalar(check_id(H5Screate(H5S_SCALAR), at, "cannot create the dataspace"));
    AttributeHandle attribute(
        check_id(H5Acreate2(owner.get(), key.c_str(), file_type, scalar.get(), attribute_creation.get(), H5P_DEFAULT),
                 at, "cannot create"));
    check(H5Awrite(attribute.get(), memory_type, value), at, "write failed");
    check(attribute.close(), at, "write failed");
  }

  // A dataset written in parts along its first dimension (append_array, append_table): its trailing shape,
  // its chunk, how many rows it holds and the rows given but not written yet — fewer than a chunk's worth, so
  // that every chunk is compressed and written once, whole (the last one at commit).
  struct Appendable {
    std::vector<hsize_t> trailing;  // the dimensions after the first
    std::size_t row_values = 1;     // values per row: the product of `trailing`
    hsize_t chunk_rows = 1;
    hsize_t written = 0;
    Table::Values pending;  // of the dataset's type
  };
  std::map<std::string, Appendable, std::less<>> appendables;
  std::map<std::string, std::string, std::less<>> appended_tables;  // group → its column names, joined with ','

  static std::size_t pending_values(const Table::Values& values) {
    return std::visit([](const auto& v) { return v.size(); }, values);
  }

  // Creates the extendable dataset `path` of the type of `type_of` (whose values are ignored), with rows of
  // `trailing` shape and the given element size (for the chunk).
  Appendable& create_appendable(std::string_view path, const Table::Values& type_of, std::span<const std::size_t> trailing,
                                std::size_t element_size, std::size_t cap) {
    require_open(path);
    Appendable a;
    a.trailing.assign(trailing.begin(), trailing.end());
    for (hsize_t extent : a.trailing) a.row_values *= static_cast<std::size_t>(extent);
    a.pending = std::visit([](const auto& v) { return Table::Values(std::decay_t<decltype(v)>{}); }, type_of);
    std::vector<std::size_t> shape{cap};  // a first extent no chunk reaches
    shape.insert(shape.end(), trailing.begin(), trailing.end());
    std::vector<hsize_t> chunk = chunk_shape(shape, element_size, cap);
    for (hsize_t& extent : chunk) extent = std::max<hsize_t>(extent, 1);  // a zero trailing extent
    a.chunk_rows = chunk[0];
    std::vector<hsize_t> dims{0}, max_dims{H5S_UNLIMITED};
    dims.insert(dims.end(), a.trailing.begin(), a.trailing.end());
    max_dims.insert(max_dims.end(), a.trailing.begin(), a.trailing.end());
    SpaceHandle space(check_id(H5Screate_simple(static_cast<int>(dims.size()), dims.data(), max_dims.data()), where(path),
                               "cannot create the dataspace"));
    PlistHandle dcpl = dataset_creation(path);
    check(H5Pset_chunk(dcpl.get(), static_cast<int>(chunk.size()), chunk.data()), where(path), "cannot set the chunk shape");
    const bool strings = std::holds_alternative<std::vector<std::string>>(type_of);
    if (!strings && element_size > 1) check(H5Pset_shuffle(dcpl.get()), where(path), "cannot set the shuffle filter");
    check(H5Pset_deflate(dcpl.get(), 4), where(path), "cannot set deflate compression");
    std::visit(
        [&](const auto& v) {
          using T = typename std::decay_t<decltype(v)>::value_type;
          if constexpr (std::is_same_v<T, std::string>) {
            TypeHandle type = variable_string_type(H5T_CSET_UTF8, where(path));
            create_dataset(path, type.get(), type.get(), space.get(), dcpl.get(), nullptr);
          } else {
            create_dataset(path, Element<T>::file(), Element<T>::memory(), space.get(), dcpl.get(), nullptr);
          }
        },
        type_of);
    return appendables.emplace(std::string(path), std::move(a)).first->second;
  }

  // Adds `values` (whole rows) to what `path` has pending, then writes the whole chunks that are ready.
  template <class T>
  void append(std::string_view path, Appendable& a, std::span<const T> values) {
    auto* pending = std::get_if<std::vector<T>>(&a.pending);
    if (pending == nullptr) throw std::logic_error(where(path) + ": appended values of another type");
    if (values.size() % a.row_values != 0) {
      throw std::invalid_argument(where(path) + ": " + std::to_string(values.size()) + " values are not whole rows of " +
                                  std::to_string(a.row_values));
    }
    if constexpr (std::is_same_v<T, std::string>) {
      for (const std::string& value : values) require_text(value, where(path));
    }
    pending->insert(pending->end(), values.begin(), values.end());
    write_pending(path, a, false);
  }

  // Writes the pending rows that fill whole chunks (all of them when `all`) at the end of the dataset.
  void write_pending(std::string_view path, Appendable& a, bool all) {
    const hsize_t rows = pending_values(a.pending) / a.row_values;
    const hsize_t count = all ? rows : rows / a.chunk_rows * a.chunk_rows;
    if (count == 0) return;
    const std::string name(path);
    Handle<H5Dclose> dataset(check_id(H5Dopen2(file.get(), name.c_str(), H5P_DEFAULT), where(path), "cannot open"));
    std::vector<hsize_t> dims{a.written + count}, start{a.written}, extent{count};
    dims.insert(dims.end(), a.trailing.begin(), a.trailing.end());
    start.resize(dims.size(), 0);
    extent.insert(extent.end(), a.trailing.begin(), a.trailing.end());
    check(H5Dset_extent(dataset.get(), dims.data()), where(path), "cannot extend");
    SpaceHandle file_space(check_id(H5Dget_space(dataset.get()), where(path), "cannot get the dataspace"));
    check(H5Sselect_hyperslab(file_space.get(), H5S_SELECT_SET, start.data(), nullptr, extent.data(), nullptr), where(path),
          "cannot select the rows");
    const hsize_t values = count * a.row_values;
    SpaceHandle memory_space(check_id(H5Screate_simple(1, &values, nullptr), where(path), "cannot create the dataspace"));
    std::visit(
        [&](auto& pending) {
          using T = typename std::decay_t<decltype(pending)>::value_type;
          if constexpr (std::is_same_v<T, std::string>) {
            std::vector<const char*> pointers;
            pointers.reserve(values);
            for (hsize_t i = 0; i < values; ++i) pointers.push_back(pending[i].c_str());
            TypeHandle type = variable_string_type(H5T_CSET_UTF8, where(path));
            check(H5Dwrite(dataset.get(), type.get(), memory_space.get(), file_space.get(), H5P_DEFAULT, pointers.data()),
                  where(path), "write failed");
          } else {
            check(H5Dwrite(dataset.get(), Element<T>::memory(), memory_space.get(), file_space.get(), H5P_DEFAULT,
                           pending.data()),
                  where(path), "write failed");
          }
          pending.erase(pending.begin(), pending.begin() + static_cast<std::ptrdiff_t>(values));
        },
        a.pending);
    check(dataset.close(), where(path), "write failed");
    a.written += count;
  }

  // Closes and removes the temporary file; for the destructor and failed commits. Never throws.
  void abandon() noexcept {
    file.close();
    out.reset();
  }
};

ResultsWriter::ResultsWriter(fs::path target) : impl_(std::make_unique<Impl>()) {
  silence_hdf5_errors();
  Impl& w = *impl_;
  w.target = std::move(target);
  const std::string where = w.target.string();
  // Created first, so that an unusable path or an unwritable directory is reported before any work is done.
  try {
    w.out = std::make_unique<AtomicFile>(w.target);
  } catch (const AtomicFileError& e) {
    throw ResultsFileError(e.what());
  }

  PlistHandle fcpl(check_id(H5Pcreate(H5P_FILE_CREATE), where, "cannot create a property list"));
  check(H5Pset_obj_track_times(fcpl.get(), 0), where, "cannot turn off timestamps");  // the root group's
  PlistHandle fapl(check_id(H5Pcreate(H5P_FILE_ACCESS), where, "cannot create a property list"));
  check(H5Pset_fapl_core(fapl.get(), memory_file_increment, 0), where, "cannot select the in-memory driver");
  // The HDF5 1.8 file format, both bounds pinned: the same calls give the same bytes, and the files open
  // in every HDF5 from 1.8 on.
  check(H5Pset_libver_bounds(fapl.get(), H5F_LIBVER_V18, H5F_LIBVER_V18), where, "cannot set the file format");
  // Closing the file closes everything in it, so nothing keeps it open behind our back.
  check(H5Pset_fclose_degree(fapl.get(), H5F_CLOSE_STRONG), where, "cannot set the close degree");
  w.link_creation = PlistHandle(check_id(H5Pcreate(H5P_LINK_CREATE), where, "cannot create a property list"));
  check(H5Pset_char_encoding(w.link_creation.get(), H5T_CSET_UTF8), where, "cannot set UTF-8 names");
  w.group_creation = PlistHandle(check_id(H5Pcreate(H5P_GROUP_CREATE), where, "cannot create a property list"));
  check(H5Pset_obj_track_times(w.group_creation.get(), 0), where, "cannot turn off timestamps");
  w.attribute_creation =
      PlistHandle(check_id(H5Pcreate(H5P_ATTRIBUTE_CREATE), where, "cannot create a property list"));
  check(H5Pset_char_encoding(w.attribute_creation.get(), H5T_CSET_UTF8), where, "cannot set UTF-8 names");

  // The in-memory file's name only has to be unique among the files this process has open; it is never
  // created on disk (no backing store).
  const std::string memory_name = w.out->temporary().string() + ".in-memory";
  const hid_t id = H5Fcreate(memory_name.c_str(), H5F_ACC_TRUNC, fcpl.get(), fapl.get());
  w.file = FileHandle(check_id(id, where, "cannot create the file in memory"));
}

// Impl's destructor removes an uncommitted temporary, also when the constructor throws half-way.
ResultsWriter::~ResultsWriter() = default;
ResultsWriter::ResultsWriter(ResultsWriter&&) noexcept = default;
ResultsWriter& ResultsWriter::operator=(ResultsWriter&&) noexcept = default;

const fs::path& ResultsWriter::target() const noexcept {
  return impl_->target;
}

void ResultsWriter::set_attribute(std::string_view object_path, std::string_view name, std::string_view value) {
  const std::string at = where_attribute(impl_->target, object_path, name);
  require_text(value, at);
  const std::string text(value);  // NUL-terminated, as HDF5 reads variable-length strings
  const char* pointer = text.c_str();
  TypeHandle type = variable_string_type(H5T_CSET_UTF8, at);
  impl_->set_attribute(object_path, name, type.get(), type.get(), &pointer);
}

void ResultsWriter::set_attribute(std::string_view object_path, std::string_view name, std::int64_t value) {
  impl_->set_attribute(object_path, name, H5T_STD_I64LE, H5T_NATIVE_INT64, &value);
}

void ResultsWriter::set_attribute(std::string_view object_path, std::string_view name, double value) {
  impl_->set_attribute(object_path, name, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, &value);
}

void ResultsWriter::write_text(std::string_view path, std::string_view text) {
  Impl& w = *impl_;
  w.require_open(path);
  require_text(text, w.where(path));
  // A fixed-length string of exactly the text's bytes; HDF5 has no zero-length fixed strings, so the empty
  // text is one byte of NUL padding, which readers strip.
  const char nothing = '\0';
  TypeHandle type = fixed_utf8_type(std::max<std::size_t>(text.size(), 1), w.where(path));
  SpaceHandle scalar(check_id(H5Screate(H5S_SCALAR), w.where(path), "cannot create the dataspace"));
  PlistHandle dcpl = w.dataset_creation(path);
  w.create_dataset(path, type.get(), type.get(), scalar.get(), dcpl.get(), text.empty() ? &nothing : text.data());
}

void ResultsWriter::write_array(std::string_view path, std::span<const std::int64_t> data,
                                std::span<const std::size_t> shape) {
  impl_->write_array(path, data, shape);
}
void ResultsWriter::write_array(std::string_view path, std::span<const double> data,
                                std::span<const std::size_t> shape) {
  impl_->write_array(path, data, shape);
}
void ResultsWriter::write_array(std::string_view path, std::span<const std::int32_t> data,
                                std::span<const std::size_t> shape) {
  impl_->write_array(path, data, shape);
}
void ResultsWriter::write_array(std::string_view path, std::span<const std::uint8_t> data,
                                std::span<const std::size_t> shape) {
  impl_->write_array(path, data, shape);
}
void ResultsWriter::write_array(std::string_view path, std::span<const std::int64_t> data) {
  const std::size_t shape[1] = {data.size()};
  impl_->write_array(path, data, std::span<const std::size_t>(shape));
}
void ResultsWriter::write_array(std::string_view path, std::span<const double> data) {
  const std::size_t shape[1] = {data.size()};
  impl_->write_array(path, data, std::span<const std::size_t>(shape));
}
void ResultsWriter::write_array(std::string_view path, std::span<const std::int32_t> data) {
  const std::size_t shape[1] = {data.size()};
  impl_->write_array(path, data, std::span<const std::size_t>(shape));
}
void ResultsWriter::write_array(std::string_view path, std::span<const std::uint8_t> data) {
  const std::size_t shape[1] = {data.size()};
  impl_->write_array(path, data, std::span<const std::size_t>(shape));
}

void ResultsWriter::write_strings(std::string_view path, std::span<const std::string> values) {
  impl_->write_strings(path, values);
}

void ResultsWriter::write_table(const Table& table) {
  if (!table.schema()) throw std::logic_error("write_table(table): the table has no schema to name its path");
  table.require_complete();
  write_table(table.schema()->path, table);
}

void ResultsWriter::write_table(std::string_view group_path, const Table& table) {
  Impl& w = *impl_;
  w.require_open(group_path);
  // Checked before anything is created, so that a bad string leaves no half-written table behind.
  for (const Table::Column& column : table.columns()) {
    const std::string column_where = w.where(group_path) + "/" + column.name;
    require_text(column.description, column_where + ": description");
    require_text(column.unit, column_where + ": unit");
    if (const auto* strings = std::get_if<std::vector<std::string>>(&column.values)) {
      for (const std::string& value : *strings) require_text(value, column_where);
    }
  }
  std::string leaf;
  {
    ObjectHandle parent = w.parent_of_new(group_path, leaf);
    ObjectHandle created(
        check_id(H5Gcreate2(parent.get(), leaf.c_str(), w.link_creation.get(), w.group_creation.get(), H5P_DEFAULT),
                 w.where(group_path), "cannot create the group"));
  }
  std::string names;
  for (const Table::Column& column : table.columns()) {
    const std::string path = std::string(group_path) + "/" + column.name;
    std::visit(
        [&](const auto& values) {
          using Vector = std::decay_t<decltype(values)>;
          if constexpr (std::is_same_v<Vector, std::vector<std::string>>) {
            w.write_strings(path, values);
          } else {
            using T = typename Vector::value_type;
            const std::size_t shape[1] = {values.size()};
            w.write_array(path, std::span<const T>(values), std::span<const std::size_t>(shape));
          }
        },
        column.values);
    if (!column.description.empty()) set_attribute(path, "description", column.description);
    if (!column.unit.empty()) set_attribute(path, "unit", column.unit);
    names += (names.empty() ? "" : ",") + column.name;
  }
  set_attribute(group_path, "kind", "table");
  set_attribute(group_path, "columns", names);
}

template <class T>
void ResultsWriter::append_rows(std::string_view path, std::span<const T> rows, std::span<const std::size_t> trailing_shape) {
  Impl& w = *impl_;
  w.require_open(path);
  auto found = w.appendables.find(path);
  Impl::Appendable& a = found != w.appendables.end()
                            ? found->second
                            : w.create_appendable(path, Table::Values(std::vector<T>{}), trailing_shape, sizeof(T),
                                                  chunk_byte_cap);
  if (!std::equal(a.trailing.begin(), a.trailing.end(), trailing_shape.begin(), trailing_shape.end())) {
    throw std::invalid_argument(w.where(path) + ": rows of another shape than the first ones");
  }
  w.append(path, a, rows);
}

void ResultsWriter::append_array(std::string_view path, std::span<const std::int64_t> rows, std::span<const std::size_t> trailing_shape) {
  append_rows(path, rows, trailing_shape);
}
void ResultsWriter::append_array(std::string_view path, std::span<const double> rows, std::span<const std::size_t> trailing_shape) {
  append_rows(path, rows, trailing_shape);
}
void ResultsWriter::append_array(std::string_view path, std::span<const std::int32_t> rows, std::span<const std::size_t> trailing_shape) {
  append_rows(path, rows, trailing_shape);
}
void ResultsWriter::append_array(std::string_view path, std::span<const std::uint8_t> rows, std::span<const std::size_t> trailing_shape) {
  append_rows(path, rows, trailing_shape);
}

void ResultsWriter::append_table(const Table& rows) {
  if (!rows.schema()) throw std::logic_error("append_table(rows): the table has no schema to name its path");
  rows.require_complete();
  Impl& w = *impl_;
  const std::string& group_path = rows.schema()->path;
  w.require_open(group_path);
  std::string names;
  for (const Table::Column& column : rows.columns()) {
    names += (names.empty() ? "" : ",") + column.name;
    // Checked before anything is appended, so that a bad string leaves no column longer than the others.
    if (const auto* strings = std::get_if<std::vector<std::string>>(&column.values)) {
      for (const std::string& value : *strings) require_text(value, w.where(group_path) + "/" + column.name);
    }
  }
  const auto known = w.appended_tables.find(group_path);
  if (known == w.appended_tables.end()) {
    for (const Table::Column& column : rows.columns()) {
      const std::string path = group_path + "/" + column.name;
      const std::size_t element_size = std::visit(
          [](const auto& v) {
            using T = typename std::decay_t<decltype(v)>::value_type;
            return std::is_same_v<T, std::string> ? std::size_t{64} : sizeof(T);  // a string: its nominal size
          },
          column.values);
      w.create_appendable(path, column.values, {}, element_size, appended_column_chunk_cap);
      if (!column.description.empty()) set_attribute(path, "description", column.description);
      if (!column.unit.empty()) set_attribute(path, "unit", column.unit);
    }
    set_attribute(group_path, "kind", "table");
    set_attribute(group_path, "columns", names);
    w.appended_tables.emplace(group_path, names);
  } else if (known->second != names) {
    throw std::logic_error(w.where(group_path) + ": appended rows with other columns than the first ones");
  }
  for (const Table::Column& column : rows.columns()) {
    const std::string path = group_path + "/" + column.name;
    std::visit([&](const auto& values) { w.append(path, w.appendables.at(path), std::span(values)); }, column.values);
  }
}

void ResultsWriter::commit() {
  Impl& w = *impl_;
  w.require_open("/");
  const std::string where = w.target.string();
  try {
    for (auto& [path, appendable] : w.appendables) w.write_pending(path, appendable, true);
    check(H5Fflush(w.file.get(), H5F_SCOPE_GLOBAL), where, "flush failed");
    const ssize_t size = H5Fget_file_image(w.file.get(), nullptr, 0);
    if (size < 0) fail(where, "cannot take the file image");
    const std::unique_ptr<unsigned char[]> image(new unsigned char[static_cast<std::size_t>(size)]);
    if (H5Fget_file_image(w.file.get(), image.get(), static_cast<std::size_t>(size)) != size)
      fail(where, "cannot take the file image");
    check(w.file.close(), where, "closing the file in memory failed");
    repair_superblock_checksum(image.get(), static_cast<std::size_t>(size), where);

    w.out->write(std::as_bytes(std::span(image.get(), static_cast<std::size_t>(size))));
    w.out->commit();
  } catch (const AtomicFileError& e) {
    w.abandon();
    throw ResultsFileError(e.what());
  } catch (...) {
    w.abandon();
    throw;
  }
  w.committed = true;
}

// =========================================================================================================
// ResultsReader

struct ResultsReader::Impl {
  fs::path path;
  FileHandle file;
  std::unique_ptr<FileChecks> checks;

  std::string where(std::string_view object) const { return where_in(path, object); }

  // Opens the object at `object`; returns an unopened handle if it does not exist (or the path is malformed).
  ObjectHandle find(std::string_view object) const {
    std::vector<std::string> components;
    if (!split_path(object, components)) return {};
    ObjectHandle current(check_id(H5Oopen(file.get(), "/", H5P_DEFAULT), where("/"), "cannot open the root group"));
    std::string walked;
    for (const std::string& name : components) {
      walked += "/" + name;
      if (H5Iget_type(current.get()) != H5I_GROUP) return {};
      const htri_t exists = H5Lexists(current.get(), name.c_str(), H5P_DEFAULT);
      if (exists < 0) fail(where(walked), "cannot look up");
      if (exists == 0) return {};
      // A link may dangle (a soft or external link to nothing): treat it as absent.
      const htri_t resolves = H5Oexists_by_name(current.get(), name.c_str(), H5P_DEFAULT);
      if (resolves <= 0) {
        take_error_stack();
        return {};
      }
      current =
          ObjectHandle(check_id(H5Oopen(current.get(), name.c_str(), H5P_DEFAULT), where(walked), "cannot open"));
    }
    return current;
  }

  ObjectHandle open(std::string_view object) const {
    ObjectHandle handle = find(object);
    if (!handle.is_open()) {
      std::vector<std::string> components;
      if (!split_path(object, components))
        throw ResultsFileError(where(object) + ": not an absolute HDF5 path like /group/dataset");
      throw ResultsFileError(where(object) + ": not found");
    }
    return handle;
  }

  ObjectHandle open_dataset(std::string_view object) const {
    ObjectHandle handle = open(object);
    if (H5Iget_type(handle.get()) != H5I_DATASET) throw ResultsFileError(where(object) + ": not a dataset");
    return handle;
  }

  AttributeHandle open_attribute(std::string_view object, std::string_view name) const {
    ObjectHandle owner = open(object);
    const std::string at = where_attribute(path, object, name);
    const std::string key(name);
    if (key.empty() || key.find('\0') != std::string::npos) throw ResultsFileError(at + ": not found");
    const htri_t exists = H5Aexists(owner.get(), key.c_str());
    if (exists < 0) fail(at, "cannot look up");
    if (exists == 0) throw ResultsFileError(at + ": not found");
    return AttributeHandle(check_id(H5Aopen(owner.get(), key.c_str(), H5P_DEFAULT), at, "cannot open"));
  }
};

ResultsReader::ResultsReader(fs::path file) : impl_(std::make_unique<Impl>()) {
  silence_hdf5_errors();
  Impl& r = *impl_;
  r.path = std::move(file);
  const std::string where = r.path.string();

  // Checked before HDF5 sees the file, so that the common mistakes get plain messages.
  std::array<std::byte, hdf5_signature.size()> head{};
  std::uint64_t size = 0;
  try {
    r.checks = std::make_unique<FileChecks>(r.path);
    size = r.checks->file().size();
    r.checks->file().read_at(0, std::span(head).first(static_cast<std::size_t>(std::min<std::uint64_t>(size, head.size()))));
  } catch (const InputFileError& e) {
    throw ResultsFileError(where + ": " + e.what());
  }
  if (size == 0) throw ResultsFileError(where + ": empty file, not an HDF5 file");
  const std::size_t compared = static_cast<std::size_t>(std::min<std::uint64_t>(size, head.size()));
  if (!std::equal(head.begin(), head.begin() + static_cast<std::ptrdiff_t>(compared), hdf5_signature.begin(),
                  [](std::byte a, unsigned char b) { return std::to_integer<unsigned char>(a) == b; }))
    throw ResultsFileError(where + ": not an HDF5 file (no HDF5 signature at its start)");
  if (size < smallest_hdf5_file)
    throw ResultsFileError(where + ": truncated HDF5 file (" + std::to_string(size) + " bytes)");

  PlistHandle fapl(check_id(H5Pcreate(H5P_FILE_ACCESS), where, "cannot create a property list"));
  check(H5Pset_fclose_degree(fapl.get(), H5F_CLOSE_STRONG), where, "cannot set the close degree");
  const hid_t id = H5Fopen(r.path.c_str(), H5F_ACC_RDONLY, fapl.get());
  if (id < 0) {
    const ErrorStackSummary stack = take_error_stack();
    std::string message = where + (stack.truncated ? ": truncated HDF5 file" : ": cannot open as HDF5 (corrupt?)");
    if (!stack.innermost.empty()) message += " (HDF5: " + stack.innermost + ")";
    throw ResultsFileError(message);
  }
  r.file = FileHandle(id);
}

ResultsReader::~ResultsReader() = default;
ResultsReader::ResultsReader(ResultsReader&&) noexcept = default;
ResultsReader& ResultsReader::operator=(ResultsReader&&) noexcept = default;

const fs::path& ResultsReader::file() const noexcept {
  return impl_->path;
}

bool ResultsReader::contains(std::string_view path) {
  return impl_->find(path).is_open();
}

bool ResultsReader::has_attribute(std::string_view path, std::string_view name) {
  ObjectHandle owner = impl_->find(path);
  const std::string key(name);
  if (!owner.is_open() || key.empty() || key.find('\0') != std::string::npos) return false;
  const htri_t exists = H5Aexists(owner.get(), key.c_str());
  if (exists < 0) fail(where_attribute(impl_->path, path, name), "cannot look up");
  return exists > 0;
}

ResultsReader::ValueClass ResultsReader::value_class(std::string_view path) {
  ObjectHandle dataset = impl_->open_dataset(path);
  const std::string where = impl_->where(path);
  TypeHandle type(check_id(H5Dget_type(dataset.get()), where, "cannot read the type"));
  switch (H5Tget_class(type.get())) {
    case H5T_INTEGER: return ValueClass::integer;
    case H5T_FLOAT: return ValueClass::floating_point;
    case H5T_STRING: return ValueClass::string;
    case H5T_NO_CLASS: fail(where, "cannot read the type");
    default: return ValueClass::other;
  }
}

std::string ResultsReader::attribute_string(std::string_view path, std::string_view name) {
  AttributeHandle attribute = impl_->open_attribute(path, name);
  const std::string at = where_attribute(impl_->path, path, name);
  std::vector<std::string> values = read_string_values(Source{attribute.get(), true, *impl_->checks}, at);
  if (values.size() != 1)
    throw ResultsFileError(at + ": holds " + std::to_string(values.size()) + " strings, expected 1");
  return std::move(values.front());
}

std::int64_t ResultsReader::attribute_int(std::string_view path, std::string_view name) {
  AttributeHandle attribute = impl_->open_attribute(path, name);
  const std::string at = where_attribute(impl_->path, path, name);
  const std::vector<std::int64_t> values = read_numbers<std::int64_t>(Source{attribute.get(), true, *impl_->checks}, false, at);
  if (values.size() != 1)
    throw ResultsFileError(at + ": holds " + std::to_string(values.size()) + " values, expected 1");
  return values.front();
}

double ResultsReader::attribute_double(std::string_view path, std::string_view name) {
  AttributeHandle attribute = impl_->open_attribute(path, name);
  const std::string at = where_attribute(impl_->path, path, name);
  const std::vector<double> values = read_numbers<double>(Source{attribute.get(), true, *impl_->checks}, true, at);
  if (values.size() != 1)
    throw ResultsFileError(at + ": holds " + std::to_string(values.size()) + " values, expected 1");
  return values.front();
}

std::string ResultsReader::read_text(std::string_view path) {
  ObjectHandle dataset = impl_->open_dataset(path);
  std::vector<std::string> values = read_string_values(Source{dataset.get(), false, *impl_->checks}, impl_->where(path));
  if (values.size() != 1)
    throw ResultsFileError(impl_->where(path) + ": holds " + std::to_string(values.size()) + " strings, expected 1");
  return std::move(values.front());
}

std::vector<std::size_t> ResultsReader::shape(std::string_view path) {
  ObjectHandle dataset = impl_->open_dataset(path);
  const std::string where = impl_->where(path);
  SpaceHandle space(check_id(H5Dget_space(dataset.get()), where, "cannot read the dataspace"));
  const int rank = H5Sget_simple_extent_ndims(space.get());
  if (rank < 0) fail(where, "cannot read the dataspace");
  std::vector<hsize_t> dims(static_cast<std::size_t>(rank));
  if (rank > 0 && H5Sget_simple_extent_dims(space.get(), dims.data(), nullptr) < 0)
    fail(where, "cannot read the dataspace");
  TypeHandle type(check_id(H5Dget_type(dataset.get()), where, "cannot read the type"));
  impl_->checks->before_reading(dataset.get(), false, type.get(), element_count(space.get(), where), where);
  return std::vector<std::size_t>(dims.begin(), dims.end());
}

std::vector<std::int64_t> ResultsReader::read_int64(std::string_view path) {
  ObjectHandle dataset = impl_->open_dataset(path);
  return read_numbers<std::int64_t>(Source{dataset.get(), false, *impl_->checks}, false, impl_->where(path));
}

std::vector<double> ResultsReader::read_double(std::string_view path) {
  ObjectHandle dataset = impl_->open_dataset(path);
  return read_numbers<double>(Source{dataset.get(), false, *impl_->checks}, true, impl_->where(path));
}

std::vector<std::string> ResultsReader::read_strings(std::string_view path) {
  ObjectHandle dataset = impl_->open_dataset(path);
  return read_string_values(Source{dataset.get(), false, *impl_->checks}, impl_->where(path));
}

Table ResultsReader::read_table(std::string_view group_path) {
  const std::string where = impl_->where(group_path);
  if (!has_attribute(group_path, "columns")) throw ResultsFileError(where + ": not a table (no columns attribute)");
  const std::string listed = attribute_string(group_path, "columns");
  Table table;
  for (std::size_t begin = 0; begin <= listed.size();) {
    const std::size_t end = std::min(listed.find(',', begin), listed.size());
    const std::string name = listed.substr(begin, end - begin);
    begin = end + 1;
    const std::string path = std::string(group_path) + "/" + name;
    if (shape(path).size() != 1) throw ResultsFileError(impl_->where(path) + ": not a column (1-D)");
    try {
      switch (value_class(path)) {
        case ValueClass::integer: table.add_column(name, read_int64(path)); break;
        case ValueClass::floating_point: table.add_column(name, read_double(path)); break;
        case ValueClass::string: table.add_column(name, read_strings(path)); break;
        case ValueClass::other: throw ResultsFileError(impl_->where(path) + ": holds values of another type");
      }
    } catch (const std::invalid_argument& e) {
      throw ResultsFileError(where + ": " + e.what());
    }
  }
  return table;
}

std::vector<std::string> ResultsReader::list(std::string_view group_path) {
  ObjectHandle group = impl_->open(group_path);
  const std::string where = impl_->where(group_path);
  if (H5Iget_type(group.get()) != H5I_GROUP) throw ResultsFileError(where + ": not a group");
  H5G_info_t info;
  check(H5Gget_info(group.get(), &info), where, "cannot read the group");
  std::vector<std::string> names;
  names.reserve(info.nlinks);
  for (hsize_t i = 0; i < info.nlinks; ++i) {
    const ssize_t length =
        H5Lget_name_by_idx(group.get(), ".", H5_INDEX_NAME, H5_ITER_INC, i, nullptr, 0, H5P_DEFAULT);
    if (length < 0) fail(where, "cannot read a member name");
    std::string name(static_cast<std::size_t>(length) + 1, '\0');
    if (H5Lget_name_by_idx(group.get(), ".", H5_INDEX_NAME, H5_ITER_INC, i, name.data(), name.size(), H5P_DEFAULT) <
        0)
      fail(where, "cannot read a member name");
    name.resize(static_cast<std::size_t>(length));
    names.push_back(std::move(name));
  }
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace emile::sim
