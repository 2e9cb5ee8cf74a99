// What a scenario says about the validators and settlement (roles.validator); declared in
// validator_schema.cpp. No SimGrid.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "models/chain/consensus.hpp"
#include "models/chain/fee_market.hpp"
#include "models/chain/settlement_batcher.hpp"

namespace opgsim {

// Validators: the settlement chain (consensus, blocks, fee market) and the facilitator that
// batches settlements.
struct ValidatorRoleSpec {
  std::uint32_t count = 0;              // 0: no settlement (no settle stage, no finality_s)
  std::vector<std::string> regions;
  chain::ConsensusConfig consensus;     // consensus.validators == count
  chain::SettlementConfig settlement;
  chain::FeeMarketConfig fee_market;    // fee_market.gas_limit is the block gas limit
};

}  // namespace opgsim
