// power_of_d (parameter d >= 1): d distinct random up nodes (all up nodes when fewer), the one
// with the fewest outstanding; a tie goes to the first drawn. The draws are power_of_two's, so
// d = 2 picks exactly what power_of_two picks from the same random stream, and d = 1 exactly what
// random picks. With d >= 3 and d >= the node count the sample is every up node in random order, so the
// policy is least outstanding with ties broken uniformly at random: two O(n) passes and one draw
// instead of d rejection-sampled draws.
// Cost: O(d) expected while most nodes are up; each draw falls back to an exact pick when its
// rejection tries fail (many nodes down, or d close to the node count): O(log n + d log d) through
// the router's index, and least outstanding among all is O(log n) through it (O(n) scans without). The per-node marks of
// the current sample are sized once, at the first decision: nothing is allocated per request.
#include <algorithm>
#include <vector>

#include "models/policy/node_picks.hpp"

namespace opgsim::policy {
namespace {

class PowerOfDPolicy final : public RouterPolicy {
public:
  explicit PowerOfDPolicy(std::uint64_t d) : d_(d) {}

  std::int64_t decide(const RouterSnapshot& s, Rng& rng) override {
    const std::size_t n = s.nodes.size();
    if (d_ > 2 && d_ >= n) return s.index != nullptr ? least_among_all(*s.index, rng) : least_among_all(s.nodes, rng);
    if (marks_.size() != n) {
      marks_.assign(n, 0);
      sample_.reserve(std::min<std::uint64_t>(d_, n));
    }
    sample_.clear();
    if (++epoch_ == 0) {  // wrapped: old marks could look current
      std::fill(marks_.begin(), marks_.end(), 0);
      epoch_ = 1;
    }
    const auto sampled = [this](std::int64_t k) { return marks_[static_cast<std::size_t>(k)] == epoch_; };
    std::int64_t best = kNoNodeUp;
    for (std::uint64_t i = 0; i < d_; ++i) {
      const std::int64_t k = random_up_if(s.nodes, rng, sampled, s.index, std::span<const std::int64_t>(sample_));
      if (k == kNoNodeUp) break;  // every up node is in the sample
      marks_[static_cast<std::size_t>(k)] = epoch_;
      if (s.index != nullptr) sample_.insert(std::upper_bound(sample_.begin(), sample_.end(), k), k);  // index order
      if (best == kNoNodeUp ||
          s.nodes[static_cast<std::size_t>(k)].outstanding < s.nodes[static_cast<std::size_t>(best)].outstanding)
        best = k;
    }
    return best;
  }
  std::optional<IndexKey> index_key() const override { return IndexKey::Outstanding; }

private:
  // The same through the index: the k-th of the tied nodes in index order, O(log n).
  static std::int64_t least_among_all(const NodeIndex& index, Rng& rng) {
    const MinTree& t = index.tree();
    const std::uint64_t tied = t.count_min();
    if (tied == 0) return kNoNodeUp;
    return static_cast<std::int64_t>(t.nth_min(rng.below(tied)));
  }
  // The least outstanding up node, a tie broken by one uniform draw among the tied nodes.
  static std::int64_t least_among_all(Nodes nodes, Rng& rng) {
    std::uint32_t best = 0;
    std::uint64_t tied = 0;
    for (const NodeView& v : nodes) {
      if (!v.up) continue;
      if (tied == 0 || v.outstanding < best) {
        best = v.outstanding;
        tied = 1;
      } else if (v.outstanding == best) {
        ++tied;
      }
    }
    if (tied == 0) return kNoNodeUp;
    std::uint64_t pick = rng.below(tied);
    for (std::size_t k = 0; k < nodes.size(); ++k)
      if (nodes[k].up && nodes[k].outstanding == best && pick-- == 0) return static_cast<std::int64_t>(k);
    return kNoNodeUp;  // unreachable
  }

  std::uint64_t d_;
  std::vector<std::uint32_t> marks_;  // marks_[k] == epoch_: node k is in this decision's sample
  std::vector<std::int64_t> sample_;  // this decision's sample in index order (the index's fallback skips it)
  std::uint32_t epoch_ = 0;
};

}  // namespace

std::unique_ptr<RouterPolicy> make_power_of_d(const ParamValues& p) {
  return std::make_unique<PowerOfDPolicy>(static_cast<std::uint64_t>(p.get("d", 2)));
}

}  // namespace opgsim::policy
