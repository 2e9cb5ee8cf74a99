// Setting declared JSON output fields (see json_writer.hpp).
#include "analysis/output/json_writer.hpp"

#include <stdexcept>

#include <fmt/format.h>

namespace opgsim::analysis::output {

JsonWriter::JsonWriter(const FieldRegistry& registry, std::string prefix)
    : registry_(registry), prefix_(std::move(prefix)) {}

void JsonWriter::set(std::string_view path, nlohmann::json value) {
  const std::string full = prefix_.empty() ? std::string(path) : fmt::format("{}.{}", prefix_, path);
  if (registry_.find(full) == nullptr)
    throw std::logic_error(fmt::format("{}: field '{}' is not declared (analysis/output)", registry_.file(), full));
  nlohmann::json* j = &doc_;
  std::size_t start = 0;
  while (true) {
    const auto dot = path.find('.', start);
    j = &(*j)[std::string(path.substr(start, dot == std::string_view::npos ? dot : dot - start))];
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  *j = std::move(value);
}

void JsonWriter::set_distribution(std::string_view path, const Histogram& h) {
  const std::string p(path);
  set(p + ".count", h.count());
  set(p + ".mean", h.mean());
  set(p + ".p50", h.quantile(0.5));
  set(p + ".p90", h.quantile(0.9));
  set(p + ".p99", h.quantile(0.99));
  set(p + ".max", h.max());
}

}  // namespace opgsim::analysis::output
