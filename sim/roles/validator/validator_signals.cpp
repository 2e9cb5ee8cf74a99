// The validator role's window signals (see role_runtime.hpp): up_validator (those counted by
// consensus), settlement_pending and base_fee_gwei, read from the chain's published state. The
// blocks column is a per-window difference: the probe keeps the previous count.
#include "sim/roles/role_runtime.hpp"
#include "sim/roles/validator/settlement_chain.hpp"

namespace opgsim::engine {

void sample_validator(const World& world, analysis::RunMetrics::WindowSample& sample) {
  sample.nodes_up[up_slot(faults::Role::Validator)] = world.chain != nullptr ? world.chain->validators_up() : 0;
  if (world.chain == nullptr) return;
  sample.settlement_pending = world.chain->pending_items();
  sample.base_fee_gwei = world.chain->base_fee_gwei();
}

}  // namespace opgsim::engine
