// Drawing with gnuplot (Debian's gnuplot-nox): finding it, quoting values for its -e
// variables, and running one of the scripts in analysis/plots/ to write an SVG or PNG. Used by
// `opgsim report`.
#pragma once

#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

namespace opgsim::analysis::report {

class GnuplotFailure : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

struct Var {
  std::string name;
  std::string value;  // a gnuplot expression
};

// The executable `program` on PATH, or "" if there is none.
std::string find_on_path(const std::string& program);
// Where the scripts are: analysis/plots/ of the source tree.
std::filesystem::path scripts_dir();
// A gnuplot string literal: single quotes, a quote inside doubled.
std::string gp_string(const std::string& s);
Var str_var(const std::string& name, const std::string& s);
Var int_var(const std::string& name, long v);
// A list of words for gnuplot's word(): each one double-quoted, so it may contain spaces.
std::string gp_words(const std::vector<std::string>& words);
// Runs `gnuplot -e "<vars>; out='<out>'" <script>`; throws GnuplotFailure on a failure.
void run_gnuplot(const std::string& gnuplot, const std::string& script, const std::vector<Var>& vars,
                 const std::filesystem::path& out, const std::filesystem::path& scratch);

}  // namespace opgsim::analysis::report
