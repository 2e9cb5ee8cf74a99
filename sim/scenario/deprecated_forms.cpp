// The deprecated scenario forms and their rewrites (see deprecated_forms.hpp).
#include "sim/scenario/deprecated_forms.hpp"

#include <mutex>
#include <set>
#include <string>

#include "models/policy/router_policy.hpp"

namespace opgsim {
namespace {

void warn_once(std::ostream& out, const std::string& line) {
  static std::mutex m;
  static std::set<std::string> written;
  std::lock_guard lock(m);
  if (written.insert(line).second) out << line << '\n' << std::flush;
}

}  // namespace

void upgrade_deprecated_forms(config::Document& d, std::ostream& warnings) {
  auto router = d.value.find("router");
  if (router == d.value.end() || !router->is_object()) return;
  auto policy = router->find("policy");
  if (policy == router->end() || !policy->is_string()) return;
  const std::string name = policy->get<std::string>();
  const config::Path at = config::Path().key("router").key("policy");
  if (find_entry(policy::router_policies(), name) != nullptr)
    warn_once(warnings, config::located(d.origins.of(at), at,
                                        "warning: a bare policy name is deprecated; write {\"type\": \"" + name +
                                            "\"} (bare names will be refused in the next release)"));
  *policy = nlohmann::json{{"type", name}};
}

}  // namespace opgsim
