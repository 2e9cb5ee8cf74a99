// Candidate sets per model (see model_groups.hpp).
#include "models/policy/model_groups.hpp"

#include <stdexcept>

namespace opgsim::policy {

ModelGroups group_nodes_by_model(const std::vector<std::string>& node_model,
                                 const std::vector<std::string>& class_model) {
  ModelGroups out;
  std::vector<std::string> keys;  // the model of each group ("" = every node)
  for (const std::string& need : class_model) {
    std::uint32_t g = 0;
    while (g < keys.size() && keys[g] != need) ++g;
    if (g == keys.size()) {
      std::vector<std::uint32_t> nodes;
      for (std::uint32_t i = 0; i < node_model.size(); ++i)
        if (need.empty() || node_model[i] == need) nodes.push_back(i);
      if (nodes.empty() && !need.empty()) throw std::invalid_argument("no node serves model '" + need + "'");
      keys.push_back(need);
      out.members.push_back(std::move(nodes));
    }
    out.class_group.push_back(g);
  }
  return out;
}

}  // namespace opgsim::policy
