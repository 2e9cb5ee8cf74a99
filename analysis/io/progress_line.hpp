// The self-overwriting progress line a run or a sweep shows on a terminal: carriage return, the
// text, then "erase to the end of the line" (ANSI EL, ESC [ K), so a line shorter than the one
// before leaves none of the old characters behind. Only ever written when stderr is a TTY.
#pragma once

#include <string>
#include <string_view>

namespace opgsim::analysis {

inline std::string progress_line(std::string_view text) {
  std::string out = "\r";
  out += text;
  out += "\x1b[K";
  return out;
}

}  // namespace opgsim::analysis
