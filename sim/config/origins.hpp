// Which file last wrote each value of a merged document, so an error names the file to fix.
//
// A document is built from a chain of `extends` files plus --set overrides; when a value is
// wrong, "base.json: duration_s: ..." is only useful if base.json really is where duration_s
// came from. Origins are recorded at the values a source replaced wholesale (scalars, arrays,
// objects set by --set); objects that were merged key by key carry no origin of their own.
#pragma once

#include <map>
#include <string>

#include "sim/config/path.hpp"

namespace opgsim::config {

class Origins {
public:
  // `top` is named for values nobody wrote (defaults) and for anything ambiguous.
  explicit Origins(std::string top = {}) : top_(std::move(top)) {}

  const std::string& top() const { return top_; }

  // `source` wrote the whole value at `path`: it replaces whatever was recorded there or below.
  void set(const Path& path, const std::string& source);
  // The value at `path` (and everything below) is gone.
  void erase(const Path& path);

  // The source of the value at `path`: the nearest recorded ancestor-or-self; else, for an
  // object whose recorded members all came from one source, that source; else top().
  std::string of(const Path& path) const;

  const std::map<std::string, std::string>& entries() const { return by_pointer_; }

private:
  std::string top_;
  std::map<std::string, std::string> by_pointer_;  // JSON pointer -> source
};

// The one-line message every configuration error uses: "<source>: <dotted path>: <what>"
// (the path part is left out at the root).
std::string located(const std::string& source, const Path& path, const std::string& what);

// Throws opgsim::InputError with located(origins.of(path), path, what).
[[noreturn]] void fail_at(const Origins& origins, const Path& path, const std::string& what);

}  // namespace opgsim::config
