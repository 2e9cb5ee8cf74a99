// Streaming log-linear histogram: the bucket layout, O(1) add, exact merge, nearest-rank quantiles.
//
// Layout: bucket 0 holds [0, 2^kMinExp) (zeros and sub-nanosecond values); then kOctaves octaves
// [2^e, 2^(e+1)), each split into 2^kSubBucketBits equal sub-buckets, read straight from the
// IEEE-754 exponent and the top mantissa bits; the last bucket holds everything >= 2^kMaxExp.
// A sub-bucket's half-width is 2^(e - kSubBucketBits - 1), so its midpoint is within
// 2^-(kSubBucketBits + 1) of any value in it. The two edge buckets have no useful midpoint, so
// they report the exact extreme they border (min for bucket 0, max for the overflow bucket).
#include "analysis/histogram.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace opgsim::analysis {

namespace {

constexpr int kMinExp = -30;  // 2^-30 ~ 9.3e-10 < 1e-9
constexpr int kMaxExp = 40;   // 2^40 ~ 1.1e12 > 1e12
constexpr int kOctaves = kMaxExp - kMinExp;
constexpr int kSubBuckets = 1 << Histogram::kSubBucketBits;
constexpr std::size_t kUnderflowBucket = 0;
constexpr std::size_t kOverflowBucket = 1 + static_cast<std::size_t>(kOctaves) * kSubBuckets;
constexpr std::size_t kBucketCount = kOverflowBucket + 1;

constexpr int kMantissaBits = 52;
constexpr int kExponentBias = 1023;

std::size_t bucket_of(double x) {
  // x is finite-or-+inf and >= 0 here. Reading the bits avoids log()/frexp() on the hot path.
  const auto bits = std::bit_cast<std::uint64_t>(x);
  const int exp = static_cast<int>((bits >> kMantissaBits) & 0x7ff) - kExponentBias;
  if (exp < kMinExp) return kUnderflowBucket;  // also zero and subnormals
  if (exp >= kMaxExp) return kOverflowBucket;  // also +inf
  const auto sub = static_cast<std::size_t>((bits >> (kMantissaBits - Histogram::kSubBucketBits)) &
                                            (kSubBuckets - 1));
  return 1 + static_cast<std::size_t>(exp - kMinExp) * kSubBuckets + sub;
}

// Midpoint of a regular (not edge) bucket.
double midpoint_of(std::size_t bucket) {
  const auto i = bucket - 1;
  const int exp = static_cast<int>(i / kSubBuckets) + kMinExp;
  const auto sub = static_cast<double>(i % kSubBuckets);
  return std::ldexp(1.0 + (sub + 0.5) / kSubBuckets, exp);
}

// Nearest rank ceil(q * n), in [1, n]. Decimal q such as 0.07 are not exact in binary, so a
// product within rounding noise of an integer is taken as that integer rather than ceil'd past it.
std::uint64_t nearest_rank(double q, std::uint64_t n) {
  const double r = q * static_cast<double>(n);
  const double nearest = std::round(r);
  const double rank = std::abs(r - nearest) <= 1e-9 * std::max(1.0, r) ? nearest : std::ceil(r);
  return std::clamp<std::uint64_t>(static_cast<std::uint64_t>(rank), 1, n);
}

}  // namespace

Histogram::Histogram() : buckets_(kBucketCount, 0) {}

void Histogram::add(double x) {
  if (std::isnan(x)) return;
  if (!(x > 0)) x = 0;  // negatives and -0.0 become +0.0 so min() never reports -0
  ++buckets_[bucket_of(x)];
  if (count_ == 0) {
    min_ = max_ = x;
  } else {
    min_ = std::min(min_, x);
    max_ = std::max(max_, x);
  }
  ++count_;
  sum_ += x;
}

void Histogram::merge(const Histogram& other) {
  if (other.count_ == 0) return;
  for (std::size_t i = 0; i < kBucketCount; ++i) buckets_[i] += other.buckets_[i];
  min_ = count_ == 0 ? other.min_ : std::min(min_, other.min_);
  max_ = count_ == 0 ? other.max_ : std::max(max_, other.max_);
  count_ += other.count_;
  sum_ += other.sum_;
}

void Histogram::clear() {
  std::fill(buckets_.begin(), buckets_.end(), 0);
  count_ = 0;
  sum_ = min_ = max_ = 0;
}

double Histogram::mean() const { return count_ == 0 ? 0.0 : sum_ / static_cast<double>(count_); }
double Histogram::min() const { return count_ == 0 ? 0.0 : min_; }
double Histogram::max() const { return count_ == 0 ? 0.0 : max_; }

double Histogram::quantile(double q) const {
  if (!(q >= 0 && q <= 1)) throw std::invalid_argument("Histogram::quantile: q must be in [0, 1]");
  if (count_ == 0) return 0.0;
  if (q == 0) return min_;
  if (q == 1) return max_;

  const std::uint64_t rank = nearest_rank(q, count_);
  // Only buckets between min's and max's can be non-empty; this keeps the scan short.
  const std::size_t last = bucket_of(max_);
  std::uint64_t seen = 0;
  std::size_t b = bucket_of(min_);
  for (; b < last; ++b) {
    seen += buckets_[b];
    if (seen >= rank) break;
  }
  if (b == kUnderflowBucket) return min_;
  if (b == kOverflowBucket) return max_;
  return std::clamp(midpoint_of(b), min_, max_);
}

}  // namespace opgsim::analysis
