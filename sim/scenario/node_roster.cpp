// The scenario's node roster (see node_roster.hpp).
#include "sim/scenario/node_roster.hpp"

#include <cstdint>
#include <string>

namespace opgsim {
namespace {

void add_role(std::vector<faults::NodeRef>& out, faults::Role role, std::uint32_t count,
              const std::vector<std::string>& regions) {
  for (std::uint32_t i = 0; i < count; ++i)
    out.push_back({role, i, regions.empty() ? std::string() : regions[i % regions.size()]});
}

}  // namespace

std::vector<faults::NodeRef> node_roster(const Scenario& s) {
  std::vector<faults::NodeRef> out;
  out.reserve(std::size_t{s.inference.count} + s.verifier.count + s.data.count + s.storage.count +
              s.validator.count);
  add_role(out, faults::Role::Inference, s.inference.count, s.inference.regions);
  add_role(out, faults::Role::Verifier, s.verifier.count, s.verifier.regions);
  add_role(out, faults::Role::Data, s.data.count, s.data.regions);
  add_role(out, faults::Role::Storage, s.storage.count, s.storage.regions);
  add_role(out, faults::Role::Validator, s.validator.count, s.validator.regions);
  return out;
}

}  // namespace opgsim
