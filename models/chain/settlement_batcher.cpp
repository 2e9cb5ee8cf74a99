// Settlement batching: per-request transactions, or a size/idle/age-flushed Merkle-root batch.
#include "models/chain/settlement_batcher.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <utility>

#include "models/common/input_error.hpp"

namespace opgsim::chain {

namespace {
constexpr double kInf = std::numeric_limits<double>::infinity();
}

void validate(const SettlementConfig& cfg) {
  if (cfg.batch_size == 0) throw InputError("chain.settlement.batch_size: must be at least 1");
  if (!(cfg.idle_s > 0)) throw InputError("chain.settlement.idle_s: must be a positive number of seconds");
  if (!(cfg.max_age_s > 0)) throw InputError("chain.settlement.max_age_s: must be a positive number of seconds");
  // A full batch's gas must fit in 64 bits (it must also fit a block: BlockBuilder checks that).
  const auto n = cfg.mode == SettlementMode::Batched ? cfg.batch_size : 1u;
  const std::uint64_t verify = cfg.verify_gas_per_class ? *std::max_element(cfg.verify_gas.begin(), cfg.verify_gas.end())
                                                         : 0;
  const __uint128_t gas = (static_cast<__uint128_t>(cfg.per_item_gas) + verify) * n + cfg.base_gas +
                          (cfg.mode == SettlementMode::PerRequest && !cfg.verify_gas_per_class ? cfg.individual_verify_gas : 0);
  if (gas > std::numeric_limits<std::uint64_t>::max())
    throw InputError("chain.settlement.per_item_gas: a settlement transaction's gas overflows 64 bits");
}

std::uint64_t settlement_gas(const SettlementConfig& cfg, std::uint64_t items) {
  std::uint64_t gas = cfg.base_gas + cfg.per_item_gas * items;
  if (cfg.mode == SettlementMode::PerRequest && !cfg.verify_gas_per_class) gas += cfg.individual_verify_gas * items;
  return gas;
}

std::uint64_t item_verify_gas(const SettlementConfig& cfg, std::size_t mode) {
  return cfg.verify_gas_per_class && mode < cfg.verify_gas.size() ? cfg.verify_gas[mode] : 0;
}

std::uint64_t max_settlement_gas(const SettlementConfig& cfg) {
  const std::uint64_t n = cfg.mode == SettlementMode::Batched ? cfg.batch_size : 1u;
  const std::uint64_t verify =
      cfg.verify_gas_per_class ? *std::max_element(cfg.verify_gas.begin(), cfg.verify_gas.end()) : 0;
  return settlement_gas(cfg, n) + verify * n;
}

SettlementBatcher::SettlementBatcher(const SettlementConfig& cfg) : cfg_(cfg) {
  validate(cfg_);
  if (cfg_.mode == SettlementMode::Batched) items_.reserve(cfg_.batch_size);
}

Batch SettlementBatcher::take(double now, FlushReason reason) {
  Batch b;
  b.id = next_id_++;
  b.items = std::move(items_);
  b.gas = settlement_gas(cfg_, b.items.size()) + items_gas_;
  items_gas_ = 0;
  b.flushed_at = now;
  b.reason = reason;
  items_.clear();
  if (cfg_.mode == SettlementMode::Batched) items_.reserve(cfg_.batch_size);
  return b;
}

std::optional<Batch> SettlementBatcher::add(std::uint64_t item_id, double now, std::uint64_t item_gas) {
  if (!std::isfinite(now)) throw std::logic_error("settlement batcher: item added at a non-finite time");
  if (cfg_.mode == SettlementMode::PerRequest) {
    items_.push_back(item_id);
    items_gas_ = item_gas;
    return take(now, FlushReason::PerRequest);
  }
  // A flush that fell due at or before now happened before this item arrived (the
  // facilitator's timer fires first); a batch_size of 1 never leaves items buffered.
  if (auto stale = flush_due(now)) {
    items_.push_back(item_id);
    items_gas_ = item_gas;
    oldest_ = last_ = now;
    return stale;
  }
  if (items_.empty()) oldest_ = now;
  last_ = now;
  items_.push_back(item_id);
  items_gas_ += item_gas;
  if (items_.size() >= cfg_.batch_size) return take(now, FlushReason::Full);
  return std::nullopt;
}

double SettlementBatcher::next_deadline() const {
  if (items_.empty()) return kInf;
  return std::min(last_ + cfg_.idle_s, oldest_ + cfg_.max_age_s);
}

std::optional<Batch> SettlementBatcher::flush_due(double now) {
  if (items_.empty() || now < next_deadline()) return std::nullopt;
  // Both due at once: report idle, the facilitator's own trigger.
  const FlushReason why = last_ + cfg_.idle_s <= oldest_ + cfg_.max_age_s ? FlushReason::Idle : FlushReason::MaxAge;
  return take(now, why);
}

std::optional<Batch> SettlementBatcher::drain(double now) {
  if (items_.empty()) return std::nullopt;
  return take(now, FlushReason::Drain);
}

}  // namespace opgsim::chain
