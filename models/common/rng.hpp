// Seeded random streams for the whole simulator.
//
// Every actor and purpose draws from its own stream, derived from the scenario seed plus a
// purpose name and an index (SplitMix64 over an FNV-1a hash). Adding a node therefore never
// changes another node's draws, and results do not depend on the standard library's
// distribution code (we implement the few distributions we need ourselves), so a scenario and
// seed give the same numbers on any platform.
#pragma once

#include <cmath>
#include <cstdint>
#include <limits>
#include <string_view>

namespace opgsim {

constexpr std::uint64_t fnv1a64(std::string_view s) {
  std::uint64_t h = 14695981039346656037ull;
  for (char c : s) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ull;
  }
  return h;
}

constexpr std::uint64_t splitmix64(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

// xoshiro256** (Blackman & Vigna): small state, fast, good statistical quality.
class Rng {
public:
  // The stream for (seed, purpose, index), e.g. Rng::stream(seed, "inference.service", node_id).
  static Rng stream(std::uint64_t seed, std::string_view purpose, std::uint64_t index = 0) {
    std::uint64_t sm = seed ^ fnv1a64(purpose);
    sm = splitmix64(sm) ^ (index * 0xD1B54A32D192ED03ull);
    return Rng(sm);
  }

  explicit Rng(std::uint64_t seed = 1) {
    std::uint64_t sm = seed;
    for (auto& w : s_) w = splitmix64(sm);
  }

  std::uint64_t next_u64() {
    const std::uint64_t result = rotl(s_[1] * 5, 7) * 9;
    const std::uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 45);
    return result;
  }

  // Uniform in [0, 1), 53 bits.
  double uniform01() { return static_cast<double>(next_u64() >> 11) * 0x1.0p-53; }
  // Uniform in (0, 1]: safe for log().
  double uniform_open0() { return 1.0 - uniform01(); }
  double uniform(double lo, double hi) { return lo + (hi - lo) * uniform01(); }
  // Uniform integer in [0, n) without modulo bias (Lemire's method).
  std::uint64_t below(std::uint64_t n) {
    if (n == 0) return 0;
    __uint128_t m = static_cast<__uint128_t>(next_u64()) * n;
    auto low = static_cast<std::uint64_t>(m);
    if (low < n) {
      const std::uint64_t threshold = (0 - n) % n;
      while (low < threshold) {
        m = static_cast<__uint128_t>(next_u64()) * n;
        low = static_cast<std::uint64_t>(m);
      }
    }
    return static_cast<std::uint64_t>(m >> 64);
  }
  // Exponential with the given mean (not rate): mean * -ln(U).
  double exponential_mean(double mean) { return -mean * std::log(uniform_open0()); }
  // Standard normal (Marsaglia polar method; the spare value is kept for the next call).
  double normal() {
    if (has_spare_) {
      has_spare_ = false;
      return spare_;
    }
    double u, v, s;
    do {
      u = 2.0 * uniform01() - 1.0;
      v = 2.0 * uniform01() - 1.0;
      s = u * u + v * v;
    } while (s >= 1.0 || s == 0.0);
    const double f = std::sqrt(-2.0 * std::log(s) / s);
    spare_ = v * f;
    has_spare_ = true;
    return u * f;
  }
  // Lognormal: exp(mu + sigma * N(0,1)).
  double lognormal(double mu, double sigma) { return std::exp(mu + sigma * normal()); }

private:
  static constexpr std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  std::uint64_t s_[4];
  double spare_ = 0.0;
  bool has_spare_ = false;
};

}  // namespace opgsim
