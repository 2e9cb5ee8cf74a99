// The in-flight state of one request and the messages that carry it between actors.
//
// A request's record lives in a RequestPool slot from submission to its terminal state; the
// same object travels through the mailboxes (SimGrid passes the pointer, the byte size is what
// crosses the simulated network), so a request costs no allocation after the pool has grown to
// the peak number in flight.
#pragma once

#include <cstdint>
#include <deque>
#include <vector>

#include "analysis/run_metrics.hpp"
#include "models/lifecycle/request_state.hpp"

namespace opgsim::engine {

// What a mailbox payload is. Every payload starts with a Message header.
enum class MessageKind : std::uint8_t {
  Submit,     // client -> router (gateway placement) or client -> node: a new request
  Dispatch,   // router -> node: a request routed to that node
  Result,     // node -> client: the response (completed, or rejected by the node)
  Pull,       // node -> router (central_queue): the node has a free slot
  Fetch,      // node -> a node serving Fetch: fetch the outside data this request needs
  Fetched,    // -> node: the data is here (or no node could fetch it)
  Store,      // -> a node serving Store: write the result and proof blob
  Verify,     // -> a node serving Verify: check the request's proof or attestation
  Settle,     // -> the chain: settle the request
  Load,       // node -> a node serving LoadWeights: read the model's weights (cold start)
  Loaded,     // -> node: the weights are loaded
  Wake,       // world / economy -> an actor: something it reads changed, recompute the next timer
  Control,    // economy -> node: its operator joined or left (ControlMessage)
  Prove,      // node -> a node serving Prove: produce this result's zkml / zk_crv proof
};

struct Message {
  MessageKind kind;
};

struct Request : Message {
  std::uint32_t slot = 0;           // index in the pool
  std::uint32_t client = 0;
  std::uint32_t user = 0;           // closed loop: the user (of its client) who sent it
  std::uint32_t node = 0;
  std::uint32_t class_index = 0;
  std::uint32_t prompt_tokens = 0;
  std::uint32_t output_tokens = 0;
  // Where it is in its life (deadline, delivery, background path, caught or not): the
  // lifecycle's state machine decides its next stage and its terminal state from this.
  lifecycle::RequestState state;
  lifecycle::Outcome answer = lifecycle::Outcome::Unfinished;  // Result: what the node (or router) answered
  bool fetch_failed = false;        // Fetched: no data node could serve it
  std::uint32_t helper = 0;         // the node serving it now (for its current service)
  std::uint32_t proof_bytes = 0;    // proof or attestation bytes (models/proof)
  double verify_core_s = 0;         // work to check its proof, core-seconds
  double prove_s = 0;               // Prove: proving time at speed 1
  double challenge_s = 0;           // zk_crv: settlement waits this long after the proof
  // Economy: who served it and what its settlement cost (fees are split among them).
  std::uint32_t cohort = 0;         // the user cohort that sent it
  std::uint32_t checked_by = 0;     // the node that checked it (when times.verified >= 0)
  std::int64_t proved_by = -1;      // the dedicated proving node that made its proof (-1: none)
  std::uint32_t proposer = 0;       // who proposed its settlement block
  std::int64_t gas_fee_units = 0;   // its share of the settlement transaction's base fee, base units
  // x402 (economy.payments.type x402): its payment authorization, accepted by the gateway's
  // handshake, then used by a charge; one still Authorized at its end lapsed (the refund rule).
  enum class Payment : std::uint8_t { None, Authorized, Charged };
  Payment payment = Payment::None;
  // x402 escrow (sim/engine/economy_escrow.cpp): the roles (a bit per role index) whose fee share
  // waits for them to serve it, the number of its charge on the payment chain, and the fee its
  // charge paid once it landed (-1: not landed, or nothing held).
  std::uint8_t escrow_roles = 0;
  std::uint64_t charge_seq = 0;
  std::int64_t escrow_fee = -1;
  double enqueued_at = 0;           // when it entered the router's central queue
  // router.view piggyback only: the node's outstanding count when it sent this response, read by
  // the router's view when the response arrives; -1 when it carries none.
  std::int64_t reported_load = -1;
  analysis::RequestTimes times;     // stage timestamps (see analysis/run_metrics.hpp)
  // Its result's way back to the client travels in an envelope of its own, so that the request
  // can be on its background path (its background services) at the same time without two
  // mailboxes sharing one message header.
  struct ResultEnvelope : Message {
    Request* request = nullptr;
  } result;

  double deadline() const { return state.deadline().at; }
};

struct PullMessage : Message {
  std::uint32_t node = 0;
};

// A change a node's owner asks of it. The node applies it when the message arrives, in its own
// loop (services own their state), and deletes it: control messages are rare (one per operator
// decision), so they are allocated.
struct ControlMessage : Message {
  enum class Op : std::uint8_t { Join, Leave };
  Op op = Op::Join;
  std::uint32_t node = 0;  // which node, for an actor that holds several (the settlement chain's validators)
  explicit ControlMessage(Op o, std::uint32_t n = 0) : Message{MessageKind::Control}, op(o), node(n) {}
};

// Load / Loaded: a node's cold start, between the node and the node that serves its weights.
struct LoadMessage : Message {
  std::uint32_t node = 0;           // the node loading its model
  std::uint32_t server = 0;         // the node serving the read
};

// Stable-address storage for in-flight requests with a free list.
class RequestPool {
public:
  Request* acquire() {
    if (free_.empty()) {
      storage_.emplace_back();
      storage_.back().slot = static_cast<std::uint32_t>(storage_.size() - 1);
      live_.push_back(true);
      ++in_use_;
      return &storage_.back();
    }
    const std::uint32_t slot = free_.back();
    free_.pop_back();
    Request* r = &storage_[slot];
    *r = Request{};
    r->slot = slot;
    live_[slot] = true;
    ++in_use_;
    return r;
  }
  void release(Request* r) {
    live_[r->slot] = false;
    free_.push_back(r->slot);
    --in_use_;
  }
  Request& at(std::uint32_t slot) { return storage_[slot]; }
  std::size_t in_use() const { return in_use_; }
  std::size_t capacity() const { return storage_.size(); }
  // Visits every request still in flight (at the end of the drain).
  template <class F> void for_each_live(F&& f) {
    for (std::size_t i = 0; i < storage_.size(); ++i)
      if (live_[i]) f(storage_[i]);
  }

private:
  std::deque<Request> storage_;     // deque: growing never moves existing requests
  std::vector<bool> live_;
  std::vector<std::uint32_t> free_;
  std::size_t in_use_ = 0;
};

}  // namespace opgsim::engine
