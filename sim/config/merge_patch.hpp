// RFC 7386 JSON merge patch, recording which source wrote each value.
//
// Used for `extends` (the extending file is a merge patch over its base). Semantics, exactly as
// the RFC: an object patch is merged key by key (recursively), a null member deletes the key,
// anything else (scalars, arrays) replaces the target value wholesale.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "sim/config/origins.hpp"

namespace opgsim::config {

// Applies `patch` to `target` in place; values written are attributed to `source` in `origins`
// (paths relative to the document root; `at` is where target sits in the document).
void merge_patch(nlohmann::json& target, const nlohmann::json& patch, const std::string& source,
                 Origins& origins, const Path& at = {});

// Plain RFC 7386, without origins (handy for tests and tools).
nlohmann::json merge_patched(nlohmann::json target, const nlohmann::json& patch);

}  // namespace opgsim::config
