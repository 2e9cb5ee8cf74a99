// A location inside a JSON document, printed the way users write it.
//
// Error messages and --set both use dotted keys with [i] for array elements
// ("workload.arrivals.phases[1].duration_s"), so users can paste a path from an error
// straight into --set. The JSON-pointer form is only an internal map key.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace opgsim::config {

class Path {
public:
  struct Segment {
    std::string key;         // object member (when !is_index)
    std::size_t index = 0;   // array element (when is_index)
    bool is_index = false;
  };

  Path() = default;

  Path key(const std::string& k) const;
  Path index(std::size_t i) const;
  Path parent() const;

  bool empty() const { return segments_.empty(); }
  const std::vector<Segment>& segments() const { return segments_; }

  // "roles.inference.regions[1]"; the root is "".
  std::string dotted() const;
  // RFC 6901 pointer ("/roles/inference/regions/1"); the root is "".
  std::string pointer() const;

  bool operator==(const Path& other) const { return pointer() == other.pointer(); }

private:
  std::vector<Segment> segments_;
};

}  // namespace opgsim::config
