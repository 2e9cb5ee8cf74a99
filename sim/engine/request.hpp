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

namespace opgsim::engine {

// What a mailbox payload is. Every payload starts with a Message header.
enum class MessageKind : std::uint8_t {
  Submit,     // client -> router (gateway placement) or client -> node: a new request
  Dispatch,   // router -> node: a request routed to that node
  Result,     // node -> client: the response (completed, or rejected by the node)
  Pull,       // node -> router (central_queue): the node has a free slot
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
  analysis::Outcome outcome = analysis::Outcome::Unfinished;  // set when the node answers
  bool terminal = false;            // guards against ending a request twice
  double deadline = 0;              // submit + timeout: the client gives up then
  double enqueued_at = 0;           // when it entered the router's central queue
  analysis::RequestTimes times;     // stage timestamps (see analysis/run_metrics.hpp)
};

struct PullMessage : Message {
  std::uint32_t node = 0;
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
