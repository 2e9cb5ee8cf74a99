// The payment chain's facilitator queue and block cadence (see x402_payments.hpp).
#include "models/economy/x402_payments.hpp"

#include <cmath>
#include <stdexcept>

#include <fmt/format.h>

#include "models/common/input_error.hpp"

namespace opgsim::economy {

void X402Config::validate(const char* prefix) const {
  const auto bad = [&](const char* key, const char* rule, double v) {
    throw InputError(fmt::format("{}.{}: must be {}, got {}", prefix, key, rule, v));
  };
  if (!(block_time_s >= 0.001 && block_time_s <= 3600)) bad("block_time_s", "a number in [0.001, 3600]", block_time_s);
  if (!(precheck_opg >= 0 && precheck_opg <= 1e6)) bad("precheck_opg", "a number in [0, 1e6]", precheck_opg);
}

PaymentChain::PaymentChain(const X402Config& cfg) : cfg_(cfg) {
  cfg_.validate("economy.x402");
  precheck_ = opg_to_units(cfg_.precheck_opg);
}

void PaymentChain::charge(const Charge& c) {
  if (c.amount < 0) throw std::logic_error("PaymentChain::charge: negative amount");
  pending_.push_back(c);
  pending_amount_ += c.amount;
}

double PaymentChain::next_block_after(double now) const {
  const double k = std::floor(now / cfg_.block_time_s) + 1;
  return k * cfg_.block_time_s;
}

std::size_t PaymentChain::produce_block(std::vector<Charge>& out) {
  if (!up_) return 0;
  std::size_t n = pending_.size();
  if (cfg_.max_per_block > 0 && n > cfg_.max_per_block) n = cfg_.max_per_block;
  for (std::size_t i = 0; i < n; ++i) {
    const Charge& c = pending_.front();
    pending_amount_ -= c.amount;
    settled_amount_ += c.amount;
    ++settled_;
    out.push_back(c);
    pending_.pop_front();
  }
  return n;
}

}  // namespace opgsim::economy
