// A segment tree over n keys, for picks that must not scan every node per request: the least
// key, how many keys hold it, the first index at or after a position whose key is at most a
// bound, the k-th index holding the least key, and the count, k-th and rank of present keys
// (kAbsent marks an excluded index: a node that is down, cut off or full). set() and every query
// are O(log n); build() is O(n); nothing allocates after reset(). Ties are resolved by index, so
// a pick through the tree is the pick a scan in index order makes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <vector>

namespace opgsim {

class MinTree {
public:
  static constexpr std::uint64_t kAbsent = std::numeric_limits<std::uint64_t>::max();

  // n indices, every key absent.
  void reset(std::size_t n) {
    n_ = n;
    size_ = 1;
    while (size_ < n) size_ *= 2;
    min_.assign(2 * size_, kAbsent);
    count_.assign(2 * size_, 1);
    present_.assign(2 * size_, 0);
    for (std::size_t p = size_ - 1; p >= 1; --p) pull(p);
  }
  std::size_t size() const { return n_; }

  // Key of index i, the path above it updated.
  void set(std::size_t i, std::uint64_t key) {
    std::size_t p = size_ + i;
    set_leaf(p, key);
    for (p /= 2; p >= 1; p /= 2) pull(p);
  }
  // Keys set one by one without the paths, then every inner node at once (O(n)).
  void set_only(std::size_t i, std::uint64_t key) { set_leaf(size_ + i, key); }
  void build() {
    for (std::size_t p = size_ - 1; p >= 1; --p) pull(p);
  }

  std::uint64_t key(std::size_t i) const { return min_[size_ + i]; }
  std::uint64_t min() const { return min_[1]; }                   // kAbsent when none is present
  std::uint64_t count_min() const { return min() == kAbsent ? 0 : count_[1]; }
  std::uint64_t present() const { return present_[1]; }

  // The first index >= start whose key is <= bound, or -1.
  std::int64_t first_at_most(std::size_t start, std::uint64_t bound) const {
    return first_at_most(1, 0, size_, start, bound);
  }
  // The k-th (from 0) index, in index order, whose key is min(); k < count_min().
  std::size_t nth_min(std::uint64_t k) const {
    const std::uint64_t m = min();
    std::size_t p = 1;
    while (p < size_) {
      const std::size_t l = 2 * p;
      if (min_[l] == m && k < count_[l]) {
        p = l;
      } else {
        if (min_[l] == m) k -= count_[l];
        p = l + 1;
      }
    }
    return p - size_;
  }
  // The k-th (from 0) present index; k < present().
  std::size_t nth_present(std::uint64_t k) const {
    std::size_t p = 1;
    while (p < size_) {
      const std::size_t l = 2 * p;
      if (k < present_[l]) {
        p = l;
      } else {
        k -= present_[l];
        p = l + 1;
      }
    }
    return p - size_;
  }
  // Present indices before i.
  std::uint64_t present_before(std::size_t i) const {
    std::uint64_t n = 0;
    for (std::size_t p = size_ + i; p > 1; p /= 2)
      if (p & 1) n += present_[p - 1];
    return n;
  }

private:
  void set_leaf(std::size_t p, std::uint64_t key) {
    min_[p] = key;
    count_[p] = 1;
    present_[p] = key != kAbsent ? 1 : 0;
  }
  void pull(std::size_t p) {
    const std::size_t l = 2 * p, r = l + 1;
    if (min_[l] < min_[r]) {
      min_[p] = min_[l];
      count_[p] = count_[l];
    } else if (min_[r] < min_[l]) {
      min_[p] = min_[r];
      count_[p] = count_[r];
    } else {
      min_[p] = min_[l];
      count_[p] = count_[l] + count_[r];
    }
    present_[p] = present_[l] + present_[r];
  }
  std::int64_t first_at_most(std::size_t p, std::size_t lo, std::size_t hi, std::size_t start, std::uint64_t bound) const {
    if (hi <= start || min_[p] > bound) return -1;
    if (p >= size_) return static_cast<std::int64_t>(p - size_);
    const std::size_t mid = lo + (hi - lo) / 2;
    const std::int64_t left = first_at_most(2 * p, lo, mid, start, bound);
    if (left >= 0) return left;
    return first_at_most(2 * p + 1, mid, hi, start, bound);
  }

  std::size_t n_ = 0;
  std::size_t size_ = 1;               // leaves: a power of two >= n
  std::vector<std::uint64_t> min_;     // least key of the subtree
  std::vector<std::uint32_t> count_;   // how many leaves of the subtree hold it
  std::vector<std::uint32_t> present_; // leaves of the subtree that are not absent
};

}  // namespace opgsim
