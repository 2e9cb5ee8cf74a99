// RFC 7386 merge patch with origin tracking (see merge_patch.hpp).
#include "sim/config/merge_patch.hpp"

namespace opgsim::config {

void merge_patch(nlohmann::json& target, const nlohmann::json& patch, const std::string& source,
                 Origins& origins, const Path& at) {
  if (!patch.is_object()) {
    target = patch;
    origins.set(at, source);
    return;
  }
  if (!target.is_object()) {
    // The RFC replaces a non-object target by {} before merging; its old origin goes with it.
    target = nlohmann::json::object();
    origins.erase(at);
  }
  for (const auto& [key, value] : patch.items()) {
    const Path child = at.key(key);
    if (value.is_null()) {
      target.erase(key);
      origins.erase(child);
    } else {
      merge_patch(target[key], value, source, origins, child);
    }
  }
}

nlohmann::json merge_patched(nlohmann::json target, const nlohmann::json& patch) {
  Origins scratch;
  merge_patch(target, patch, "", scratch);
  return target;
}

}  // namespace opgsim::config
