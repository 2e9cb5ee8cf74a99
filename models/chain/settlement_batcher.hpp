// How the facilitator turns settled inferences into settlement transactions.
//
// per_request: one transaction per item, submitted at once (the "individual" mode, verified
// on chain by TEEInferenceVerifier). batched: items wait in a buffer that becomes one
// Merkle-root transaction (the "batch" mode, the default) when it holds batch_size items,
// when no item arrived for idle_s, or when its oldest item is max_age_s old (notes §1.2 item
// 6, §1.5). Event-driven: the caller asks next_deadline() and calls flush_due() then.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <vector>

namespace opgsim::chain {

enum class SettlementMode { PerRequest, Batched };
enum class FlushReason { PerRequest, Full, Idle, MaxAge, Drain };

struct SettlementConfig {
  SettlementMode mode = SettlementMode::Batched;  // "batch (the default)", notes §1.2 item 6
  // Facilitator defaults, inference-facilitator all_networks_types_helpers.ts (notes §1.5).
  // A value of +inf for idle_s or max_age_s disables that trigger.
  std::uint32_t batch_size = 20;  // DATA_SETTLEMENT_BATCH_BUFFER_SIZE
  double idle_s = 300.0;          // idle flush 5 min; the timer restarts at every item
  double max_age_s = 900.0;       // maximum batch age 15 min
  // Gas, all assumptions (no measured og-evm figure): 21,000 intrinsic transaction gas
  // (Ethereum yellow paper G_transaction) + 20,000 for one new storage slot (G_sset) + ~9,000
  // calldata and event for the Walrus blob id, rounded to 50,000.
  std::uint64_t base_gas = 50'000;
  // batched: batchSettle(root, size, blobId) stores only the root, so its gas does not grow
  // with the batch (inference-facilitator all_networks_shared.ts); 0 by default.
  std::uint64_t per_item_gas = 0;
  // per_request: settleIndividual checks the TEE's RSA-PSS signature, verifyRSAPSS = 20,000 gas
  // (og-evm precompiles/tee/precompile.go, notes §1.4).
  std::uint64_t individual_verify_gas = 20'000;
  // Per-class on-chain verification (off by default, the settlement above): each item adds the
  // gas of checking its class's proof on chain, by verification mode (index: vanilla, tee, zkml,
  // zk_crv), in both modes, instead of individual_verify_gas. tee: verifyRSAPSS 20,000 (og-evm
  // precompiles/tee/precompile.go, notes §1.4). zkml: a Groth16 proof on BN254 with the EIP-1108
  // precompile prices (EIP-197 pairing 34,000 k + 45,000, k = 4 pairings: 181,000) plus 6,150 per
  // public input (ECMUL 6,000 + ECADD 150), 4 inputs assumed: 205,600. zk_crv: its proof is checked
  // only when challenged (assumption: 0). vanilla: nothing to check.
  bool verify_gas_per_class = false;
  std::array<std::uint64_t, 4> verify_gas{0, 20'000, 205'600, 0};
};

// Throws InputError (one line, "chain.settlement.<key>: ...") on a bad config.
void validate(const SettlementConfig& cfg);
// Gas of one settlement transaction carrying `items` items under cfg (without their per-class
// verification gas, which the batcher adds item by item).
std::uint64_t settlement_gas(const SettlementConfig& cfg, std::uint64_t items);
// The per-class verification gas of one item of verification mode `mode` (0 unless
// verify_gas_per_class; mode: 0 vanilla, 1 tee, 2 zkml, 3 zk_crv).
std::uint64_t item_verify_gas(const SettlementConfig& cfg, std::size_t mode);
// Gas of the largest transaction cfg can produce (a full batch, or one individual item, of the
// costliest class).
std::uint64_t max_settlement_gas(const SettlementConfig& cfg);

// One settlement transaction.
struct Batch {
  std::uint64_t id = 0;                // sequence number from its batcher: 0, 1, 2, ...
  std::vector<std::uint64_t> items;    // item ids, in arrival order
  std::uint64_t gas = 0;               // settlement_gas(cfg, items.size())
  double flushed_at = 0;               // when the transaction is submitted to the mempool
  FlushReason reason = FlushReason::Full;
};

class SettlementBatcher {
public:
  explicit SettlementBatcher(const SettlementConfig& cfg = {});  // validates cfg

  // Item item_id is ready to settle at `now`. per_request: returns its own transaction.
  // batched: buffers it and returns the batch if the buffer is now full. If an idle/max-age
  // flush was already due at `now` (the caller has not called flush_due yet), that older
  // buffer is returned instead, and the item starts the next buffer.
  // item_gas: its per-class verification gas (item_verify_gas), added to its transaction's.
  std::optional<Batch> add(std::uint64_t item_id, double now, std::uint64_t item_gas = 0);
  // When an idle or max-age flush falls due: min(last + idle_s, oldest + max_age_s); +inf if
  // the buffer is empty (and always in per_request mode).
  double next_deadline() const;
  // The buffered batch if next_deadline() <= now, otherwise nothing.
  std::optional<Batch> flush_due(double now);
  // End of a run: whatever is buffered, as one batch (nothing if empty).
  std::optional<Batch> drain(double now);

  std::size_t buffered() const { return items_.size(); }
  const SettlementConfig& config() const { return cfg_; }

private:
  Batch take(double now, FlushReason reason);

  SettlementConfig cfg_;
  std::vector<std::uint64_t> items_;
  std::uint64_t items_gas_ = 0;  // the buffered items' per-class verification gas
  double oldest_ = 0, last_ = 0;  // arrival of the first and of the latest buffered item
  std::uint64_t next_id_ = 0;
};

}  // namespace opgsim::chain
