// Names of the terminal states (see outcome.hpp).
#include "models/lifecycle/outcome.hpp"

namespace opgsim::lifecycle {

const char* to_string(Outcome o) {
  switch (o) {
    case Outcome::Completed: return "completed";
    case Outcome::Rejected: return "rejected";
    case Outcome::TimedOut: return "timed_out";
    case Outcome::Failed: return "failed";
    case Outcome::Invalid: return "invalid";
    case Outcome::Unfinished: return "unfinished";
  }
  return "?";
}

}  // namespace opgsim::lifecycle
