// Analytic functions with known Sobol indices, evaluated by `opgsim eval-function` so that a
// sensitivity study of them runs through exactly the code path of a study of scenarios
// (design -> sweep of child processes -> collect -> indices), and its answer can be checked.
#pragma once

#include <map>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace opgsim::analysis {

struct TestFunction {
  std::string_view name;
  std::vector<std::string> inputs;  // the names --set gives values to (all required)
  double (*f)(std::span<const double> x);
  std::string_view doc;             // the function, its input ranges and where its indices come from
};

// Every test function (ishigami, sobol_g).
std::span<const TestFunction> test_functions();
// The one named `name`, or nullptr.
const TestFunction* find_test_function(std::string_view name);

// Exact first-order and total indices of a test function, in input order (for checks and docs).
struct KnownIndices {
  std::vector<double> first, total;
};
KnownIndices known_indices(std::string_view name);

}  // namespace opgsim::analysis
