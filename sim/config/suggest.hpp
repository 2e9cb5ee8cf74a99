// "Did you mean ...?" for misspelled keys and type names.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace opgsim::config {

// Edit distance with adjacent transpositions (optimal string alignment), so "cuont" is one edit
// from "count".
std::size_t edit_distance(const std::string& a, const std::string& b);

// The candidate closest to `word` when it is close enough to be a plausible typo (at most
// max(1, len/3) edits, or one is a prefix of the other), ties broken by candidate order.
std::optional<std::string> closest(const std::string& word, const std::vector<std::string>& candidates);

}  // namespace opgsim::config
