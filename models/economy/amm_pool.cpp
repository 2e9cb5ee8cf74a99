// Constant-product swap arithmetic in 128-bit integers (see amm_pool.hpp).
#include "models/economy/amm_pool.hpp"

#include <stdexcept>

#include <fmt/format.h>

#include "models/common/input_error.hpp"

namespace opgsim::economy {
namespace {
constexpr std::int64_t kBps = 10000;
using i128 = __int128_t;
}  // namespace

AmmPool::AmmPool(Amount opg_reserve, MicroUsd usd_reserve, std::uint32_t fee_bps, const char* prefix)
    : opg_(opg_reserve), usd_(usd_reserve), fee_bps_(fee_bps) {
  if (opg_ <= 0 || usd_ <= 0)
    throw InputError(fmt::format("{}: both reserves must be > 0, got {} OPG units and {} micro-USD", prefix, opg_, usd_));
  if (fee_bps_ >= kBps) throw InputError(fmt::format("{}.fee_bps: must be < 10000, got {}", prefix, fee_bps_));
}

double AmmPool::price_usd() const {
  return (static_cast<double>(usd_) / kMicroUsdPerUsd) / (static_cast<double>(opg_) / kUnitsPerOpg);
}

std::int64_t AmmPool::out_for(std::int64_t in, std::int64_t reserve_in, std::int64_t reserve_out, std::uint32_t fee_bps) {
  if (in < 0) throw std::logic_error("AmmPool: negative swap input");
  const i128 net = static_cast<i128>(in) * (kBps - fee_bps);  // scaled by kBps
  return static_cast<std::int64_t>(static_cast<i128>(reserve_out) * net / (static_cast<i128>(reserve_in) * kBps + net));
}

std::int64_t AmmPool::in_for(std::int64_t out, std::int64_t reserve_in, std::int64_t reserve_out, std::uint32_t fee_bps) {
  if (out < 0) throw std::logic_error("AmmPool: negative swap output");
  if (out == 0) return 0;
  if (out >= reserve_out) return -1;
  // Least in with reserve_out * in * f / (reserve_in * B + in * f) >= out, f = B - fee:
  // in >= out * reserve_in * B / ((reserve_out - out) * f), rounded up.
  const i128 num = static_cast<i128>(out) * reserve_in * kBps;
  const i128 den = static_cast<i128>(reserve_out - out) * (kBps - fee_bps);
  const i128 in = (num + den - 1) / den;
  if (in > INT64_MAX) return -1;
  return static_cast<std::int64_t>(in);
}

Amount AmmPool::quote_opg_for_usd(MicroUsd usd_in) const { return out_for(usd_in, usd_, opg_, fee_bps_); }
MicroUsd AmmPool::quote_usd_for_opg(Amount opg_in) const { return out_for(opg_in, opg_, usd_, fee_bps_); }
MicroUsd AmmPool::usd_needed_for_opg(Amount opg_out) const { return in_for(opg_out, usd_, opg_, fee_bps_); }
Amount AmmPool::opg_needed_for_usd(MicroUsd usd_out) const { return in_for(usd_out, opg_, usd_, fee_bps_); }

std::int64_t AmmPool::swap(std::int64_t in, std::int64_t& reserve_in, std::int64_t& reserve_out) const {
  const std::int64_t out = out_for(in, reserve_in, reserve_out, fee_bps_);
  if (static_cast<i128>(reserve_in) + in > INT64_MAX) throw std::logic_error("AmmPool: reserve overflow");
  reserve_in += in;
  reserve_out -= out;
  return out;
}

Amount AmmPool::buy_opg_with_usd(MicroUsd usd_in) { return swap(usd_in, usd_, opg_); }
MicroUsd AmmPool::sell_opg_for_usd(Amount opg_in) { return swap(opg_in, opg_, usd_); }

}  // namespace opgsim::economy
