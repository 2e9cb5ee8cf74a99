// One file replaced atomically (curve.csv, sweep.json, capacity.json): written beside its
// target and renamed over it, so a reader or a killed writer never sees half a file.
#pragma once

#include <string>

namespace opgsim::analysis {

// Writes `text` to `path` through `path`.tmp; std::runtime_error naming the file on failure.
void write_file_atomically(const std::string& path, const std::string& text);

}  // namespace opgsim::analysis
