// Closed-form block counts of the decoding sequences; see kv_decoder_blocks.hpp.
#include "models/gpu/kv_decoder_blocks.hpp"

#include <algorithm>

namespace opgsim::gpu {
namespace {
// Floor division for a possibly negative numerator (bases go negative as the counter grows).
std::int64_t floor_div(std::int64_t x, std::int64_t d) {
  const std::int64_t q = x / d;
  return (x % d != 0 && (x < 0) != (d < 0)) ? q - 1 : q;
}
}  // namespace

void DecoderBlocks::reset(std::uint32_t block_tokens) {
  b_ = block_tokens;
  count_.assign(block_tokens, 0);
  sum_q_ = 0;
  n_ = 0;
}

void DecoderBlocks::add(std::int64_t base) {
  const std::int64_t u = base + b_ - 1;
  const std::int64_t q = floor_div(u, b_);
  sum_q_ += q;
  ++count_[static_cast<std::size_t>(u - q * b_)];
  ++n_;
}

void DecoderBlocks::remove(std::int64_t base) {
  const std::int64_t u = base + b_ - 1;
  const std::int64_t q = floor_div(u, b_);
  sum_q_ -= q;
  --count_[static_cast<std::size_t>(u - q * b_)];
  --n_;
}

std::int64_t DecoderBlocks::suffix(std::int64_t x) const {
  std::int64_t s = 0;
  for (std::int64_t r = x; r < b_; ++r) s += count_[static_cast<std::size_t>(r)];
  return s;
}

std::uint64_t DecoderBlocks::at(std::uint64_t c) const {
  if (n_ == 0) return 0;
  const auto a = static_cast<std::int64_t>(c / static_cast<std::uint64_t>(b_));
  const auto b = static_cast<std::int64_t>(c % static_cast<std::uint64_t>(b_));
  return static_cast<std::uint64_t>(sum_q_ + static_cast<std::int64_t>(n_) * a + (b == 0 ? 0 : suffix(b_ - b)));
}

std::uint64_t DecoderBlocks::first_above(std::uint64_t after, std::uint64_t limit) const {
  if (n_ == 0) return kNever;
  const auto n = static_cast<std::int64_t>(n_);
  const auto lim = static_cast<std::int64_t>(limit);
  // Within block a the count runs from sum_q + n a (b = 0) to sum_q + n a + #{r >= 1} (b = B - 1):
  // the first block whose top exceeds the limit holds the answer.
  const std::int64_t a = floor_div(lim - sum_q_ - suffix(1), n) + 1;
  const std::int64_t y = lim - sum_q_ - n * a;  // the answer's b is the first with #{r >= B - b} > y
  std::int64_t b = 0, s = 0;
  while (s <= y) {
    ++b;
    s += count_[static_cast<std::size_t>(b_ - b)];
  }
  const std::int64_t c = a * b_ + b;
  const auto first = static_cast<std::int64_t>(after) + 1;
  return static_cast<std::uint64_t>(std::max(c, first));
}

}  // namespace opgsim::gpu
