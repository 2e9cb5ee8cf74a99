// compare, capacity and analyze (see curve_commands.hpp).
#include "sim/cli/curve_commands.hpp"

#include <filesystem>
#include <iostream>

#include <fmt/format.h>

#include "analysis/curve_compare.hpp"
#include "analysis/io/run_files.hpp"
#include "analysis/sweep/breaking_point.hpp"
#include "analysis/sweep/capacity_band.hpp"
#include "analysis/sweep/capacity_runner.hpp"
#include "analysis/sweep/curve_writer.hpp"
#include "analysis/sweep/sweep_settings.hpp"
#include "models/service/service_model.hpp"
#include "sim/cli/capacity_band.hpp"
#include "models/common/input_error.hpp"
#include "sim/cli/metric_paths.hpp"
#include "analysis/sweep/horizon_verdict.hpp"
#include "sim/cli/search_path.hpp"
#include "sim/engine/engine_setup.hpp"
#include "sim/roles/role_registry.hpp"
#include "sim/scenario/scenario.hpp"

namespace opgsim::cli {

namespace {
// The folder holding a curve's sweep.json (a sweep folder, or the folder of its curve.csv), or
// "" when there is none (a curve.csv copied elsewhere alone).
std::string sweep_folder_of(const std::string& curve) {
  const std::filesystem::path p(curve);
  const std::filesystem::path dir = std::filesystem::is_directory(p) ? p : p.parent_path();
  return std::filesystem::exists(dir / "sweep.json") ? (dir.empty() ? std::string(".") : dir.string()) : "";
}
}  // namespace

int cmd_compare(const CompareArgs& a) {
  const analysis::Curve baseline = analysis::read_curve_file(a.baseline);
  const analysis::Curve current = analysis::read_curve_file(a.current);
  // Curves made with different settings differ for that reason: say so before any verdict.
  if (const std::string b = sweep_folder_of(a.baseline), c = sweep_folder_of(a.current); !b.empty() && !c.empty()) {
    const auto diffs = analysis::settings_differences(analysis::read_sweep_spec(b), analysis::read_sweep_spec(c));
    if (!diffs.empty()) {
      std::cout << "note: the two curves were made with different settings (baseline vs current):\n";
      for (const std::string& d : diffs) std::cout << "  " << d << "\n";
    }
  }
  analysis::CompareOptions opt;
  opt.tolerance = a.tolerance;
  opt.only = a.metrics;
  const analysis::Comparison c = analysis::compare(baseline, current, opt);
  std::cout << analysis::format_comparison(c);
  return c.regression() ? 1 : 0;
}

int cmd_capacity(const CapacityArgs& a) {
  analysis::CapacitySpec spec = a.spec;
  if (a.seed >= 0) spec.sets.push_back(fmt::format("seed={}", a.seed));
  analysis::capacity_slo_terms(spec.slo);  // a bad --slo is reported before the scenario
  check_slo_paths(spec.slo);
  spec.find = a.find == "lowest" ? analysis::SearchFind::Lowest : analysis::SearchFind::Highest;
  if (a.has_min) spec.min = a.min;
  if (a.has_max) spec.max = a.max;
  const auto kind = scenario_field_kind(spec.rate_path);
  if (kind && *kind != config::Type::Kind::Integer && *kind != config::Type::Kind::Number)
    throw InputError(fmt::format("--search {}: not a number in the scenario (a search needs a numeric parameter; "
                                 "sweep other values with opgsim sweep)",
                                 spec.rate_path));
  spec.integer = a.integer || kind == config::Type::Kind::Integer;
  if (!analysis::classic_search(spec)) analysis::check_search_options(analysis::search_options(spec));
  if (spec.min && spec.max && a.start_given)
    throw InputError("--start is for a search without both bounds; with --min and --max the search starts at the "
                     "bounds");
  // Every value the search may try first must load: the start, or both bounds (bad input stops here).
  std::vector<std::string> probe = spec.sets;
  if (spec.min && spec.max) {
    std::vector<std::string> low = spec.sets;
    low.push_back(spec.rate_path + "=" + analysis::search_value_text(spec, *spec.min));
    load_scenario(spec.scenario, low);
    probe.push_back(spec.rate_path + "=" + analysis::search_value_text(spec, *spec.max));
  } else {
    probe.push_back(spec.rate_path + "=" + (analysis::classic_search(spec)
                                                ? fmt::format("{}", spec.start_rps)
                                                : analysis::search_value_text(spec, spec.start_rps)));
  }
  const Scenario base = load_scenario(spec.scenario, probe);  // bad input stops here, before any run
  spec.base_seed = base.seed;
  engine::check_cfgs(base, spec.cfgs);
  spec.dir = a.out.empty() ? "results/capacity/" + base.name + (a.band ? "-band" : "") : a.out;
  if (!a.band) return analysis::run_capacity(spec, std::cout, std::cerr);
  if (!analysis::classic_search(spec))
    throw InputError("capacity --band searches the highest request rate: leave out --find lowest, --min, --max and "
                     "integer parameters");
  const std::vector<analysis::BandVariant> variants = gpu_band_variants(base.roles.inference.service);
  for (const analysis::BandVariant& v : variants) {  // a variant the scenario refuses stops here, before any run
    std::vector<std::string> sets = probe;
    sets.insert(sets.end(), v.sets.begin(), v.sets.end());
    service::resolve_profile(load_scenario(spec.scenario, sets).roles.inference.service);
  }
  return analysis::run_capacity_band(spec, variants, std::cout, std::cerr);
}

int cmd_analyze(const std::string& dir, const std::vector<std::string>& slo) {
  // A long-horizon run's periods have values of their own (horizon_verdict.hpp), checked there.
  if (!std::filesystem::exists(std::filesystem::path(dir) / "curve.csv") && analysis::is_horizon_run(dir))
    return std::cout << analysis::horizon_verdict(dir, slo), 0;
  check_slo_paths(slo);
  std::cout << analysis::analyze_folder(dir, slo, role_signals());
  return 0;
}

}  // namespace opgsim::cli
