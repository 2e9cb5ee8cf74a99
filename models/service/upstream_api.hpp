// The upstream LLM API a TEE proxy node relays to (OpenGradient's LLM proxy nodes relay to OpenAI,
// Anthropic, Google and xAI from inside an AWS Nitro enclave: opengradient-notes §1). The notes
// have no measured latency for that path (§ "Time for the TEE gateway's call to the upstream
// provider: unknown"), so the defaults are assumptions, typical of hosted frontier-model APIs,
// and every one is a scenario field to sweep. Pure: no SimGrid.
//
// Two parts: the latency of one upstream call (time to first token and output tokens/s, each
// lognormal given its median and 90th percentile), and the rate limit of the node's API key (a
// token bucket in its GCRA form: `rate_rps` calls per second, up to `burst` at once). A call
// over the limit is queued, not rejected: it leaves when the bucket allows, first come first
// served (the proxy's HTTP client waits and retries; the node's queue_limit and the request's
// timeout bound the wait).
#pragma once

#include <cstdint>

#include "models/common/rng.hpp"

namespace opgsim::service {

// A lognormal given by its median and 90th percentile (p90 >= median > 0; p90 == median: the
// constant median).
class MedianP90 {
public:
  MedianP90(double median, double p90);
  double draw(Rng& rng) const;
  double median() const { return median_; }
  double sigma() const { return sigma_; }

private:
  double median_, sigma_;
};

// The upstream key's rate limit. rate_rps <= 0: no limit.
class RateLimiter {
public:
  RateLimiter(double rate_rps, std::uint32_t burst);
  // A call asked for at `now` (calls asked in time order) leaves at the returned time (>= now);
  // the limiter counts it as made then.
  double reserve(double now);

private:
  double interval_s_ = 0;   // 1 / rate
  double tolerance_s_ = 0;  // (burst - 1) / rate: how far ahead of its schedule a call may go
  double next_s_ = 0;       // the theoretical time of the next call (GCRA's TAT)
};

struct UpstreamConfig {
  double ttft_median_s = 0.5;        // assumption inside published probes (0.32-4.2 s medians; docs in service_family.cpp)
  double ttft_p90_s = 1.5;           // assumption
  double tokens_per_s_median = 60;   // assumption: output tokens per second of one stream
  double tokens_per_s_p90 = 100;     // assumption
  double rate_limit_rps = 10;        // assumption: per node (one API key per node); <= 0: none
  std::uint32_t rate_limit_burst = 10;
  std::uint32_t concurrency = 256;   // calls in flight at once per node (HTTP connections)
};

}  // namespace opgsim::service
