// The closed-loop benchmark driver (see closed_loop.hpp). The loop mirrors the inference node
// actor (sim/roles/inference/inference_node.cpp): a FIFO of waiting jobs, admitted while the model can
// admit them; at one instant, collecting events and admitting alternate until neither changes
// anything (a completion frees room, and its user's next request arrives at that same instant).
// A submitted request waits request_overhead_s in the front end first (a FIFO of pending
// requests, in submission order, each ready at submission + request_overhead_s); the clock
// wakes at the earlier of the model's next event and the next ready time.
#include "models/gpu/closed_loop.hpp"

#include <algorithm>
#include <deque>
#include <stdexcept>
#include <string>
#include <vector>

#include "models/common/input_error.hpp"

namespace opgsim::gpu {
namespace {

struct Times {
  double submitted = 0, first_token = -1, done = -1;
};

// Nearest-rank p50, as the run summaries define percentiles.
double p50(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const std::size_t rank = (v.size() + 1) / 2;  // ceil(0.5 n)
  return v[rank - 1];
}

double mean(const std::vector<double>& v) {
  double s = 0;
  for (const double x : v) s += x;
  return s / static_cast<double>(v.size());
}

}  // namespace

ClosedLoopResult run_closed_loop(service::ServiceModel& model, const ClosedLoopConfig& cfg) {
  using service::ServiceEvent;
  if (cfg.users == 0) throw InputError("closed loop: concurrency must be at least 1");
  if (!(cfg.request_overhead_s >= 0) || cfg.request_overhead_s == service::kNever)
    throw InputError("closed loop: request_overhead_s must be a finite number >= 0");
  const std::uint32_t warmup = cfg.warmup_requests ? cfg.warmup_requests : 3 * cfg.users;
  const std::uint32_t measured = cfg.measured_requests ? cfg.measured_requests : std::max(20 * cfg.users, 100u);
  const std::uint32_t needed = warmup + measured;  // requests whose completion we wait for
  const service::Job proto{0, cfg.prompt_tokens, cfg.output_tokens};
  if (!model.can_ever_admit(proto))
    throw InputError("closed loop: a request of " + std::to_string(cfg.prompt_tokens) + " + " +
                     std::to_string(cfg.output_tokens) + " tokens does not fit the whole KV cache");

  std::vector<Times> times;
  times.reserve(needed + cfg.users);
  // pending: in the front end until submitted + request_overhead_s (FIFO: submissions come in
  // time order and the overhead is the same for all, so ready times are non-decreasing);
  // waiting: ready, queued for admission.
  std::deque<std::uint32_t> pending, waiting;
  const auto ready_time = [&](std::uint32_t id) { return times[id].submitted + cfg.request_overhead_s; };
  const auto submit = [&](double t) {
    pending.push_back(static_cast<std::uint32_t>(times.size()));
    times.push_back(Times{t, -1, -1});
  };
  std::uint32_t not_started = cfg.users;
  for (; not_started > (cfg.ramp_up ? cfg.users - 1 : 0); --not_started) submit(0.0);

  std::uint32_t done_needed = 0;
  std::vector<ServiceEvent> events;
  double now = 0;
  while (done_needed < needed) {
    bool admitted = false;
    do {
      events.clear();
      model.advance(now, events);
      for (const ServiceEvent& e : events) {
        Times& r = times[e.id];
        if (e.kind == ServiceEvent::Kind::FirstToken) {
          r.first_token = e.time;
          if (not_started > 0) {  // ramp-up: the next user joins
            --not_started;
            submit(e.time);
          }
        }
        if (e.kind == ServiceEvent::Kind::Done) {
          r.done = e.time;
          if (r.first_token < 0) r.first_token = e.time;  // one output token: Done is the first
          if (e.id < needed) ++done_needed;
          submit(e.time);  // the user's next request, at once
        }
      }
      admitted = false;
      while (!pending.empty() && ready_time(pending.front()) <= now) {
        waiting.push_back(pending.front());
        pending.pop_front();
      }
      while (!waiting.empty()) {
        const service::Job job{waiting.front(), cfg.prompt_tokens, cfg.output_tokens};
        if (!model.can_admit(job)) break;
        model.admit(job, now);
        waiting.pop_front();
        admitted = true;
      }
    } while (admitted);
    if (done_needed >= needed) break;
    double next = model.next_event_time();
    if (!pending.empty()) next = std::min(next, ready_time(pending.front()));
    if (next == service::kNever) throw std::logic_error("closed loop: the model is idle with requests in flight");
    now = std::max(now, next);
  }

  std::vector<double> ttft, tpot;
  ttft.reserve(measured);
  tpot.reserve(measured);
  double t_first = times[warmup].submitted, t_last = 0;
  for (std::uint32_t i = warmup; i < needed; ++i) {
    const Times& r = times[i];
    ttft.push_back(r.first_token - r.submitted);
    if (cfg.output_tokens >= 2) tpot.push_back((r.done - r.first_token) / (cfg.output_tokens - 1));
    t_first = std::min(t_first, r.submitted);
    t_last = std::max(t_last, r.done);
  }
  ClosedLoopResult out;
  out.measured = measured;
  out.ttft_p50_s = p50(ttft);
  out.ttft_mean_s = mean(ttft);
  if (!tpot.empty()) {
    out.tpot_p50_s = p50(tpot);
    out.tpot_mean_s = mean(tpot);
  }
  const double span = t_last - t_first;
  out.output_tok_per_s = span > 0 ? static_cast<double>(measured) * std::max(cfg.output_tokens, 1u) / span : 0;
  return out;
}

}  // namespace opgsim::gpu
