// Writing a JSON output through its declared fields: set() takes a path relative to the
// writer's prefix and refuses (std::logic_error) one that the file's registry does not declare,
// so a writer cannot emit an undeclared key. End-of-run code only: it looks paths up in a map.
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "analysis/histogram.hpp"
#include "analysis/output/field_registry.hpp"

namespace opgsim::analysis::output {

class JsonWriter {
public:
  // Writes the subtree at `prefix` ("" = the whole document; else e.g. "economy").
  explicit JsonWriter(const FieldRegistry& registry, std::string prefix = {});

  // Sets `path` (dotted, relative to the prefix) to `value`.
  void set(std::string_view path, nlohmann::json value);
  // A distribution's fields under `path`: count, mean, p50, p90, p99, max (0 when empty, never null).
  void set_distribution(std::string_view path, const Histogram& h);

  const nlohmann::json& json() const { return doc_; }
  nlohmann::json take() { return std::move(doc_); }

private:
  const FieldRegistry& registry_;
  std::string prefix_;
  nlohmann::json doc_ = nlohmann::json::object();
};

}  // namespace opgsim::analysis::output
