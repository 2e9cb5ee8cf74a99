// World: the operations that several roles share (see world.hpp).
#include "sim/engine/world.hpp"

#include "sim/engine/inbox.hpp"

namespace opgsim::engine {

namespace {
analysis::MetricsConfig metrics_config(const Scenario& s) {
  analysis::MetricsConfig c;
  c.warmup_s = s.warmup_s;
  c.duration_s = s.duration_s;
  c.horizon_s = s.duration_s + s.drain_s;
  c.window_s = s.output.window_s;
  c.token_metrics = s.inference.service.type == service::ServiceSpec::Type::Gpu;
  c.has_router = s.router.placement == RouterSpec::Placement::Gateway;
  return c;
}
}  // namespace

World::World(const Scenario& s, Hosts h, std::vector<std::uint32_t> node_slots)
    : scenario(s),
      hosts(std::move(h)),
      metrics(metrics_config(s)),
      router(s.router.policy, std::move(node_slots), Rng::stream(s.seed, "router"), s.router.queue_limit) {}

double World::prompt_bytes(const Request& r) const {
  return r.prompt_tokens * scenario.workload.bytes_per_token + scenario.workload.payload_overhead_bytes;
}
double World::result_bytes(const Request& r) const {
  return r.output_tokens * scenario.workload.bytes_per_token + scenario.workload.payload_overhead_bytes;
}
double World::control_bytes() const { return scenario.workload.payload_overhead_bytes; }

void World::dispatch(Request* r, std::uint32_t node) {
  router.on_routed(node);
  r->node = node;
  r->kind = MessageKind::Dispatch;
  send(node_mailboxes[node], r, prompt_bytes(*r));
}

void World::respond(Request* r, analysis::Outcome outcome) {
  r->kind = MessageKind::Result;
  r->outcome = outcome;
  send(client_mailboxes[r->client], r,
       outcome == analysis::Outcome::Completed ? result_bytes(*r) : control_bytes());
}

void World::end_request(Request* r, analysis::Outcome outcome, double end) {
  if (r->terminal) {  // cannot happen by construction; the invariant check reports it
    ++double_ends;
    return;
  }
  r->terminal = true;
  metrics.on_terminal(sg4::Engine::get_clock(), end, outcome, r->times, r->output_tokens);
  pool.release(r);
}

bool World::expire_if_late(Request* r, double now) {
  if (now < r->deadline) return false;
  end_request(r, analysis::Outcome::TimedOut, r->deadline);
  return true;
}

}  // namespace opgsim::engine
