// Writes a run's files all or nothing: every file goes to a temporary folder beside the output
// directory first and is renamed into place only when all of them are written, so a failed or
// interrupted run never leaves half-written output.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace opgsim::cli {

// files: (file name, contents). Creates `dir` if needed; replaces files of the same name.
void write_output_files(const std::string& dir, const std::vector<std::pair<std::string, std::string>>& files);

}  // namespace opgsim::cli
