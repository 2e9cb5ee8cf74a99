// The runs of a sweep (see sweep_plan.hpp).
#include "analysis/sweep/sweep_plan.hpp"

#include <fmt/format.h>

#include "models/common/input_error.hpp"
#include "models/common/rng.hpp"

namespace opgsim::analysis {

namespace {

// The ';'-separated JSON values of a --param, each as compact JSON. A ';' inside a string or
// inside brackets belongs to the value.
std::vector<std::string> json_values(const std::string& text, const std::string& list) {
  std::vector<std::string> out;
  std::size_t b = 0;
  int depth = 0;
  bool in_string = false, escaped = false;
  for (std::size_t i = 0; i <= list.size(); ++i) {
    if (i < list.size()) {
      const char c = list[i];
      if (in_string) {
        if (escaped) escaped = false;
        else if (c == '\\') escaped = true;
        else if (c == '"') in_string = false;
        continue;
      }
      if (c == '"') in_string = true;
      else if (c == '[' || c == '{') ++depth;
      else if (c == ']' || c == '}') --depth;
      if (c != ';' || depth > 0) continue;
    }
    const std::string v = list.substr(b, i - b);
    if (v.find_first_not_of(" \t") == std::string::npos)
      throw InputError(fmt::format("--param '{}': empty value", text));
    try {
      out.push_back(nlohmann::json::parse(v).dump());
    } catch (const nlohmann::json::exception& e) {
      std::string why = e.what();
      if (const auto colon = why.find("]"); colon != std::string::npos) why = why.substr(colon + 2);
      throw InputError(fmt::format("--param '{}': '{}' is not a JSON value ({})", text, v, why));
    }
    b = i + 1;
  }
  return out;
}

}  // namespace

SweepParam parse_param(const std::string& text) {
  const auto eq = text.find('=');
  if (eq == std::string::npos || eq == 0)
    throw InputError(fmt::format("--param '{}': expected dotted.path=v1,v2,... or dotted.path=JSON;JSON;...", text));
  SweepParam p;
  p.path = text.substr(0, eq);
  const std::string list = text.substr(eq + 1);
  if (!list.empty() && (list.front() == '[' || list.front() == '{')) {
    p.values = json_values(text, list);
    return p;
  }
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

std::vector<std::string> parse_zip_group(const std::string& text) {
  std::vector<std::string> paths;
  std::size_t b = 0;
  while (true) {
    const auto comma = text.find(',', b);
    const std::string v = text.substr(b, comma == std::string::npos ? std::string::npos : comma - b);
    if (v.empty()) throw InputError(fmt::format("--zip-group '{}': expected path,path,... (the --param paths zipped together)", text));
    paths.push_back(v);
    if (comma == std::string::npos) break;
    b = comma + 1;
  }
  return paths;
}

std::vector<std::vector<std::size_t>> param_groups(const SweepSpec& spec) {
  std::vector<std::vector<std::size_t>> groups;
  if (spec.zip) {
    if (!spec.params.empty()) groups.emplace_back();
    for (std::size_t k = 0; k < spec.params.size(); ++k) groups.front().push_back(k);
  } else {
    std::vector<int> group_of(spec.params.size(), -1);
    for (std::size_t g = 0; g < spec.zip_groups.size(); ++g)
      for (const std::string& path : spec.zip_groups[g]) {
        std::size_t k = 0;
        while (k < spec.params.size() && spec.params[k].path != path) ++k;
        if (k == spec.params.size())
          throw InputError(fmt::format("--zip-group: '{}' is not the path of a --param", path));
        if (group_of[k] >= 0)
          throw InputError(fmt::format("--zip-group: '{}' is in two groups (or twice in one)", path));
        group_of[k] = static_cast<int>(g);
      }
    // Groups in the order of their first param; an ungrouped param is a group of its own.
    std::vector<int> placed(spec.zip_groups.size(), -1);
    for (std::size_t k = 0; k < spec.params.size(); ++k) {
      if (group_of[k] < 0) {
        groups.push_back({k});
        continue;
      }
      int& at = placed[static_cast<std::size_t>(group_of[k])];
      if (at < 0) {
        at = static_cast<int>(groups.size());
        groups.emplace_back();
      }
      groups[static_cast<std::size_t>(at)].push_back(k);
    }
  }
  for (const auto& g : groups)
    for (std::size_t k : g)
      if (spec.params[k].values.size() != spec.params[g.front()].values.size())
        throw InputError(fmt::format("{}: --param {} has {} values but {} has {}",
                                     spec.zip ? "--zip" : "--zip-group", spec.params[k].path,
                                     spec.params[k].values.size(), spec.params[g.front()].path,
                                     spec.params[g.front()].values.size()));
  return groups;
}

std::size_t point_count(const SweepSpec& spec) {
  std::size_t n = 1;
  for (const auto& g : param_groups(spec)) n *= spec.params[g.front()].values.size();
  return n;
}

// Product order over the groups: the last group varies fastest.
std::vector<std::string> point_values(const SweepSpec& spec, std::size_t point) {
  std::vector<std::string> values(spec.params.size());
  const auto groups = param_groups(spec);
  for (std::size_t g = groups.size(); g-- > 0;) {
    const std::size_t n = spec.params[groups[g].front()].values.size();
    for (std::size_t k : groups[g]) values[k] = spec.params[k].values[point % n];
    point /= n;
  }
  return values;
}

std::vector<SweepRun> plan_sweep(const SweepSpec& spec, const std::string& out_dir) {
  param_groups(spec);  // zipped lists of different lengths are bad input
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
  if (!spec.zip_groups.empty()) j["zip_groups"] = spec.zip_groups;  // absent without --zip-group
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
    spec.zip_groups = j.value("zip_groups", std::vector<std::vector<std::string>>{});
    return spec;
  } catch (const nlohmann::json::exception& e) {
    throw InputError(fmt::format("{}: not a sweep description ({})", file, e.what()));
  }
}

}  // namespace opgsim::analysis
