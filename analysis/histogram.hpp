// A streaming histogram of non-negative values (latencies in seconds, token counts, ...).
//
// Log-linear buckets (HDR-histogram style) give every quantile with a relative error below
// 2^-kSubBucketBits (< 0.1 %), in constant memory, with O(1) add. count, sum (so the mean), min
// and max are exact. Two histograms merge exactly. No SimGrid.
#pragma once

#include <cstdint>
#include <vector>

namespace opgsim::analysis {

class Histogram {
public:
  static constexpr int kSubBucketBits = 10;  // 1024 sub-buckets per power of two

  Histogram();
  void add(double x);                  // x < 0 is clamped to 0; NaN is ignored
  void merge(const Histogram& other);
  void clear();

  std::uint64_t count() const { return count_; }
  double sum() const { return sum_; }
  double mean() const;                  // 0 when empty
  double min() const;                   // 0 when empty
  double max() const;                   // 0 when empty
  // The q-quantile (0 <= q <= 1) by the nearest-rank definition: the smallest recorded value v
  // such that at least ceil(q * count) values are <= v, reported as its bucket's midpoint
  // clamped to [min, max]. 0 when empty.
  double quantile(double q) const;

private:
  std::vector<std::uint64_t> buckets_;
  std::uint64_t count_ = 0;
  double sum_ = 0;
  double min_ = 0;
  double max_ = 0;
};

}  // namespace opgsim::analysis
