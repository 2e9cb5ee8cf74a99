// The validator role's window signals (see role_runtime.hpp), from the chain's published state:
// up_validator (those counted by consensus), settlement_pending, blocks (committed during the
// window: the sampler keeps the previous count) and base_fee_gwei.
#include "sim/roles/role_runtime.hpp"
#include "sim/roles/validator/settlement_chain.hpp"

namespace opgsim::engine {

RoleSampler validator_signals(const SettlementChain* chain) {
  return [chain, last_blocks = std::uint64_t{0}](const World&, analysis::RunMetrics::WindowSample& sample, double,
                                                 double) mutable {
    sample.nodes_up[up_slot(faults::Role::Validator)] = chain != nullptr ? chain->validators_up() : 0;
    if (chain == nullptr) return;
    sample.settlement_pending = chain->pending_items();
    sample.blocks = chain->blocks() - last_blocks;
    last_blocks = chain->blocks();
    sample.base_fee_gwei = chain->base_fee_gwei();
  };
}

}  // namespace opgsim::engine
