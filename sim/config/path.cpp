// Formatting of document paths (see path.hpp).
#include "sim/config/path.hpp"

namespace opgsim::config {

Path Path::key(const std::string& k) const {
  Path p = *this;
  p.segments_.push_back(Segment{k, 0, false});
  return p;
}

Path Path::index(std::size_t i) const {
  Path p = *this;
  p.segments_.push_back(Segment{{}, i, true});
  return p;
}

Path Path::parent() const {
  Path p = *this;
  if (!p.segments_.empty()) p.segments_.pop_back();
  return p;
}

std::string Path::dotted() const {
  std::string out;
  for (const auto& s : segments_) {
    if (s.is_index) {
      out += '[';
      out += std::to_string(s.index);
      out += ']';
    } else {
      if (!out.empty()) out += ".";
      out += s.key;
    }
  }
  return out;
}

std::string Path::pointer() const {
  std::string out;
  for (const auto& s : segments_) {
    out += "/";
    if (s.is_index) {
      out += std::to_string(s.index);
      continue;
    }
    // RFC 6901 escaping keeps "/" inside a key from being read as a separator.
    for (char c : s.key) {
      if (c == '~') out += "~0";
      else if (c == '/') out += "~1";
      else out += c;
    }
  }
  return out;
}

}  // namespace opgsim::config
