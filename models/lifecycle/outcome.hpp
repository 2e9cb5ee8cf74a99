// The terminal states a request can end in (DESIGN.md, "Request lifecycle"): every request ends
// in exactly one of them. The lifecycle's state machine decides which (request_state.hpp);
// metrics count them under these names in summary.json's `requests`.
#pragma once

#include <cstdint>

namespace opgsim::lifecycle {

enum class Outcome : std::uint8_t { Completed, Rejected, TimedOut, Failed, Invalid, Unfinished };
inline constexpr int kOutcomeCount = 6;

// The name used in summary.json and the docs ("completed", "timed_out", ...).
const char* to_string(Outcome o);

}  // namespace opgsim::lifecycle
