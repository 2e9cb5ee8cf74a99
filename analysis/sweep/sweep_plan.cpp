// The runs of a sweep (see sweep_plan.hpp).
#include "analysis/sweep/sweep_plan.hpp"

#include <fmt/format.h>

#include "models/common/input_error.hpp"
#include "models/common/rng.hpp"

namespace opgsim::analysis {

SweepParam parse_param(const std::string& text) {
  const auto eq = text.find('=');
  if (eq == std::string::npos || eq == 0)
    throw InputError(fmt::format("--param '{}': expected dotted.path=v1,v2,...", text));
  SweepParam p;
  p.path = text.substr(0, eq);
  const std::string list = text.substr(eq + 1);
  std::size_t b = 0;
  while (true) {
    const auto comma = list.find(',', b);
    const std::string v = list.substr(b, comma == std::string::npos ? std::string::npos : comma - b);
    if (v.empty()) throw InputError(fmt::format("--param '{}': empty value", text));
    p.values.push_back(v);
    if (comma == std::string::npos) break;
    b = comma + 1;
  }
  return p;
}

std::size_t point_count(const SweepSpec& spec) {
  if (spec.params.empty()) return 1;
  if (spec.zip) return spec.params.front().values.size();
  std::size_t n = 1;
  for (const SweepParam& p : spec.params) n *= p.values.size();
  return n;
}

// Product order: the last parameter varies fastest.
std::vector<std::string> point_values(const SweepSpec& spec, std::size_t point) {
  std::vector<std::string> values(spec.params.size());
  if (spec.zip) {
    for (std::size_t k = 0; k < spec.params.size(); ++k) values[k] = spec.params[k].values[point];
    return values;
  }
  for (std::size_t k = spec.params.size(); k-- > 0;) {
    const std::size_t n = spec.params[k].values.size();
    values[k] = spec.params[k].values[point % n];
    point /= n;
  }
  return values;
}

std::vector<SweepRun> plan_sweep(const SweepSpec& spec, const std::string& out_dir) {
  if (spec.zip)
    for (const SweepParam& p : spec.params)
      if (p.values.size() != spec.params.front().values.size())
        throw InputError(fmt::format("--zip: --param {} has {} values but {} has {}", p.path, p.values.size(),
                                     spec.params.front().path, spec.params.front().values.size()));
  std::vector<SweepRun> runs;
  const std::size_t points = point_count(spec);
  for (std::size_t point = 0; point < points; ++point) {
    for (std::uint32_t r = 0; r < spec.replications; ++r) {
      SweepRun run;
      run.point = point;
      run.replication = r;
      run.values = point_values(spec, point);
      run.seed = r == 0 ? spec.base_seed : (Rng::stream(spec.base_seed, "sweep.replication", r).next_u64() >> 12);
      run.dir = fmt::format("runs/p{:04}-r{}", point, r);
      run.run_args = {spec.command, spec.scenario, "--quiet", "--out", out_dir + "/" + run.dir};
      for (const std::string& c : spec.cfgs) run.run_args.insert(run.run_args.end(), {"--cfg", c});
      for (const std::string& s : spec.sets) run.run_args.insert(run.run_args.end(), {"--set", s});
      for (std::size_t k = 0; k < spec.params.size(); ++k)
        run.run_args.insert(run.run_args.end(), {"--set", spec.params[k].path + "=" + run.values[k]});
      run.run_args.insert(run.run_args.end(), {"--seed", std::to_string(run.seed)});
      runs.push_back(std::move(run));
    }
  }
  return runs;
}

nlohmann::json to_json(const SweepSpec& spec) {
  nlohmann::json params = nlohmann::json::array();
  for (const SweepParam& p : spec.params) params.push_back({{"path", p.path}, {"values", p.values}});
  nlohmann::json j = {{"scenario", spec.scenario},   {"params", params}, {"zip", spec.zip},
                      {"replications", spec.replications}, {"sets", spec.sets}, {"base_seed", spec.base_seed}};
  if (spec.command != "run") j["command"] = spec.command;  // absent for scenario sweeps (older sweep.json)
  if (!spec.cfgs.empty()) j["cfgs"] = spec.cfgs;           // absent without --cfg (older sweep.json)
  return j;
}

SweepSpec sweep_from_json(const nlohmann::json& j, const std::string& file) {
  try {
    SweepSpec spec;
    spec.scenario = j.at("scenario").get<std::string>();
    for (const auto& p : j.at("params")) spec.params.push_back({p.at("path"), p.at("values")});
    spec.zip = j.at("zip");
    spec.replications = j.at("replications");
    spec.sets = j.at("sets").get<std::vector<std::string>>();
    spec.base_seed = j.at("base_seed");
    spec.command = j.value("command", std::string("run"));
    spec.cfgs = j.value("cfgs", std::vector<std::string>{});
    return spec;
  } catch (const nlohmann::json::exception& e) {
    throw InputError(fmt::format("{}: not a sweep description ({})", file, e.what()));
  }
}

}  // namespace opgsim::analysis
