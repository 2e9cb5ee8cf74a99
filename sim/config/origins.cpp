// Origin bookkeeping and the common error line (see origins.hpp).
#include "sim/config/origins.hpp"

#include "models/common/input_error.hpp"

namespace opgsim::config {
namespace {

// True when pointer `p` is `prefix` itself or lies below it ("/a/b" is under "/a", "/ab" is not).
bool at_or_under(const std::string& p, const std::string& prefix) {
  if (prefix.empty()) return true;
  if (p.size() < prefix.size() || p.compare(0, prefix.size(), prefix) != 0) return false;
  return p.size() == prefix.size() || p[prefix.size()] == '/';
}

}  // namespace

void Origins::set(const Path& path, const std::string& source) {
  erase(path);
  by_pointer_[path.pointer()] = source;
}

void Origins::erase(const Path& path) {
  const std::string p = path.pointer();
  for (auto it = by_pointer_.lower_bound(p); it != by_pointer_.end() && at_or_under(it->first, p);)
    it = by_pointer_.erase(it);
}

std::string Origins::of(const Path& path) const {
  const std::string p = path.pointer();
  // Nearest ancestor-or-self: walk up the pointer one component at a time.
  for (std::string q = p;; q = q.substr(0, q.rfind('/'))) {
    if (auto it = by_pointer_.find(q); it != by_pointer_.end()) return it->second;
    if (q.empty()) break;
  }
  // Below: e.g. a missing required key inside an object that one base file wrote.
  std::string only;
  for (auto it = by_pointer_.lower_bound(p); it != by_pointer_.end() && at_or_under(it->first, p);
       ++it) {
    if (!only.empty() && only != it->second) return top_;
    only = it->second;
  }
  return only.empty() ? top_ : only;
}

std::string located(const std::string& source, const Path& path, const std::string& what) {
  if (path.empty()) return source + ": " + what;
  return source + ": " + path.dotted() + ": " + what;
}

void fail_at(const Origins& origins, const Path& path, const std::string& what) {
  throw InputError(located(origins.of(path), path, what));
}

}  // namespace opgsim::config
