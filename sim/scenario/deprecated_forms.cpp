// The deprecated scenario forms and their rewrites (see deprecated_forms.hpp).
#include "sim/scenario/deprecated_forms.hpp"

#include <algorithm>
#include <functional>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "models/policy/router_policy.hpp"
#include "sim/scenario/families.hpp"

namespace opgsim {
namespace {

void warn_once(std::ostream& out, const std::string& line) {
  static std::mutex m;
  static std::set<std::string> written;
  std::lock_guard lock(m);
  if (written.insert(line).second) out << line << '\n' << std::flush;
}

// A family field once written as a bare type name. `keys` leads to it from the root, "[]" stepping
// into every element of an array; `moved` are the type's parameters that sat beside the name (in
// the enclosing object) and now go inside {"type": ...}, for the types that take them.
struct BareNameForm {
  std::vector<std::string> keys;
  const char* noun;  // "a bare <noun> name is deprecated"
  std::function<std::vector<std::string>()> names;
  std::vector<std::string> moved;
  std::function<bool(const std::string& type, const std::string& param)> takes = nullptr;
};

const std::vector<BareNameForm>& forms() {
  static const std::vector<BareNameForm> list{
      {{"router", "policy"}, "policy", [] { return entry_names(policy::router_policies()); }, {}},
      {{"roles", "verifier", "policy"}, "policy", [] { return verifier_policies().names(); }, {}},
      {{"workload", "classes", "[]", "verification"}, "verification", [] { return verification_modes().names(); }, {}},
      {{"faults", "processes", "[]", "distribution"}, "distribution", [] { return fault_time_distributions().names(); },
       {"shape"}, [](const std::string& type, const std::string&) { return type == "weibull"; }},
  };
  return list;
}

void upgrade(nlohmann::json& parent, const BareNameForm& form, std::size_t step, const config::Path& at,
             config::Document& d, std::ostream& warnings) {
  const std::string& key = form.keys[step];
  if (!parent.is_object()) return;
  auto it = parent.find(key);
  if (it == parent.end()) return;
  if (step + 1 < form.keys.size()) {
    if (form.keys[step + 1] != "[]") return upgrade(*it, form, step + 1, at.key(key), d, warnings);
    if (!it->is_array()) return;
    for (std::size_t i = 0; i < it->size(); ++i)
      if (step + 2 < form.keys.size()) upgrade((*it)[i], form, step + 2, at.key(key).index(i), d, warnings);
    return;
  }
  if (!it->is_string()) return;
  const std::string name = it->get<std::string>();
  const config::Path path = at.key(key);
  nlohmann::json replacement{{"type", name}};
  std::string written = "{\"type\": \"" + name + "\"";
  for (const std::string& p : form.moved) {
    auto beside = parent.find(p);
    if (beside == parent.end()) continue;
    if (form.takes(name, p)) {
      replacement[p] = *beside;
      written += ", \"" + p + "\": " + beside->dump();
    }
    parent.erase(beside);  // a parameter of another type had no effect; it has no place now
  }
  written += "}";
  const auto names = form.names();
  if (std::find(names.begin(), names.end(), name) != names.end())
    warn_once(warnings, config::located(d.origins.of(path), path,
                                        std::string("warning: a bare ") + form.noun + " name is deprecated; write " +
                                            written + " (bare names will be refused in the next release)"));
  parent[key] = std::move(replacement);
}

}  // namespace

void upgrade_deprecated_forms(config::Document& d, std::ostream& warnings) {
  for (const BareNameForm& form : forms()) upgrade(d.value, form, 0, config::Path(), d, warnings);
}

}  // namespace opgsim
