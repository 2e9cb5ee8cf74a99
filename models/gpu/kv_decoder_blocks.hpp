// The KV-cache blocks held by the decoding sequences of a batch, in closed form: what lets the
// batching server know, without stepping tokens, how many blocks the batch holds at any
// iteration and at which iteration it first needs more than a limit. Pure: no SimGrid.
//
// Every decoding sequence gains one token per iteration, so with a global iteration counter c a
// sequence's tokens in cache are base + c for a fixed base, and it holds ceil((base + c) / B)
// blocks (B = kv_block_tokens). Writing base + B - 1 = q B + r (0 <= r < B) and c = a B + b:
//   ceil((base + c) / B) = q + a + [r + b >= B],
// so the batch holds  sum(q) + n a + #{r >= B - b}  blocks: O(1) state per residue, O(B) per
// query, independent of the batch size and of the number of tokens.
#pragma once

#include <cstdint>
#include <vector>

namespace opgsim::gpu {

class DecoderBlocks {
public:
  static constexpr std::uint64_t kNever = UINT64_MAX;

  // Empties the set; allocates only when the block size changes.
  void reset(std::uint32_t block_tokens);
  // A sequence whose tokens in cache at counter c are base + c (base + c >= 1 while it decodes).
  void add(std::int64_t base);
  void remove(std::int64_t base);
  std::uint32_t size() const { return n_; }

  // Blocks held by the set at counter c: sum over sequences of ceil((base + c) / B).
  std::uint64_t at(std::uint64_t c) const;
  // The smallest c > after with at(c) > limit; kNever for an empty set. O(B).
  std::uint64_t first_above(std::uint64_t after, std::uint64_t limit) const;

  // ceil(tokens / block_tokens).
  static std::uint64_t blocks(std::uint64_t tokens, std::uint32_t block_tokens) {
    return (tokens + block_tokens - 1) / block_tokens;
  }

private:
  std::int64_t suffix(std::int64_t x) const;  // #{r >= x}

  std::int64_t b_ = 1;
  std::vector<std::uint32_t> count_;  // sequences by residue r
  std::int64_t sum_q_ = 0;
  std::uint32_t n_ = 0;
};

}  // namespace opgsim::gpu
