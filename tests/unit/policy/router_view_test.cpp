// Router views, in-process: exact is the truth itself; periodic refreshes at period boundaries
// and counts the router's own dispatches (or not) in between; piggyback takes each node's last
// report; up/down reaches every view at once. And the herding a stale view causes, by hand.
#include <doctest/doctest.h>

#include <stdexcept>
#include <vector>

#include "models/policy/router_view.hpp"
#include "tests/unit/allocation_counter.hpp"

using namespace opgsim::policy;
using opgsim::ParamValues;

namespace {

std::unique_ptr<RouterView> view(const char* type, ParamValues p = {}) {
  return make_router_view(RouterViewSpec{type, std::move(p)});
}

std::vector<std::uint32_t> loads(std::span<const NodeView> s) {
  std::vector<std::uint32_t> out;
  for (const auto& v : s) out.push_back(v.outstanding);
  return out;
}

using L = std::vector<std::uint32_t>;

}  // namespace

TEST_CASE("the registry lists exact, periodic and piggyback, and unknown types and parameters throw") {
  std::vector<std::string> names;
  for (const auto& e : router_views()) names.emplace_back(e.name);
  CHECK(names == std::vector<std::string>{"exact", "periodic", "piggyback"});
  CHECK_THROWS_AS(view("stale"), std::invalid_argument);
  CHECK_THROWS_AS(view("exact", ParamValues().set("period_s", 1)), std::invalid_argument);
  CHECK_THROWS_AS(view("periodic", ParamValues().set("period_s", 0)), std::invalid_argument);
}

TEST_CASE("exact: the policy sees the truth itself") {
  std::vector<NodeView> truth(3);
  auto v = view("exact");
  v->attach(truth);
  const auto s = v->seen(truth, 0);
  CHECK(s.data() == truth.data());
  truth[1].outstanding = 4;
  CHECK(loads(v->seen(truth, 0.1)) == L{0, 4, 0});
  CHECK_FALSE(v->wants_reports());
}

TEST_CASE("periodic: refreshed at the first decision at or after each multiple of period_s") {
  std::vector<NodeView> truth(3);
  auto v = view("periodic", ParamValues().set("period_s", 1.0).set("count_dispatches", 1));
  v->attach(truth);
  truth[0].outstanding = 2;
  CHECK(loads(v->seen(truth, 0.0)) == L{2, 0, 0});  // the first decision refreshes
  truth[0].outstanding = 0;                         // node 0 finished both: not seen yet
  truth[1].outstanding = 1;
  ++truth[2].outstanding;
  v->on_routed(2);  // the router's own dispatch is counted at once
  CHECK(loads(v->seen(truth, 0.999)) == L{2, 0, 1});
  CHECK(loads(v->seen(truth, 1.0)) == L{0, 1, 1});  // boundary: refreshed
  truth[1].outstanding = 5;
  CHECK(loads(v->seen(truth, 1.5)) == L{0, 1, 1});
  CHECK(loads(v->seen(truth, 3.2)) == L{0, 5, 1});  // a skipped period: refreshed once, next at 4
  truth[1].outstanding = 0;
  CHECK(loads(v->seen(truth, 3.9)) == L{0, 5, 1});
  CHECK(loads(v->seen(truth, 4.0)) == L{0, 0, 1});
  // Up/down and weights are never stale.
  truth[2].up = false;
  truth[2].weight = 7;
  v->on_status(2, truth[2]);
  CHECK_FALSE(v->seen(truth, 4.1)[2].up);
  CHECK(v->seen(truth, 4.1)[2].weight == 7);
}

TEST_CASE("periodic without count_dispatches: own sends are invisible until the refresh") {
  std::vector<NodeView> truth(2);
  auto v = view("periodic", ParamValues().set("period_s", 2.0).set("count_dispatches", 0));
  v->attach(truth);
  v->seen(truth, 0);
  for (int i = 0; i < 3; ++i) {
    ++truth[0].outstanding;
    v->on_routed(0);
  }
  CHECK(loads(v->seen(truth, 1.9)) == L{0, 0});
  CHECK(loads(v->seen(truth, 2.0)) == L{3, 0});
}

TEST_CASE("piggyback: each node's last report plus the router's sends since") {
  std::vector<NodeView> truth(3);
  auto v = view("piggyback");
  v->attach(truth);
  CHECK(v->wants_reports());
  v->on_routed(1);
  v->on_routed(1);
  CHECK(loads(v->seen(truth, 5)) == L{0, 2, 0});
  v->on_report(1, 7);  // the node had 7 when it answered (others' sends, or a slow node)
  CHECK(loads(v->seen(truth, 5)) == L{0, 7, 0});
  v->on_routed(1);
  CHECK(loads(v->seen(truth, 5)) == L{0, 8, 0});
  truth[0].outstanding = 9;  // the truth alone changes nothing
  CHECK(loads(v->seen(truth, 9)) == L{0, 8, 0});
  auto quiet = view("piggyback", ParamValues().set("count_dispatches", 0));
  quiet->attach(truth);
  quiet->on_routed(2);
  CHECK(loads(quiet->seen(truth, 0)) == L{9, 0, 0});  // attached: the truth at the start
  quiet->on_report(2, 1);
  CHECK(loads(quiet->seen(truth, 0)) == L{9, 0, 1});
}

TEST_CASE("herding by hand: least_outstanding on a stale view sends a whole period to one node") {
  opgsim::Rng rng(1);
  const auto run = [&](RouterView& v) {
    std::vector<NodeView> truth(4);
    truth[0].outstanding = 3, truth[1].outstanding = 1, truth[2].outstanding = 2, truth[3].outstanding = 2;
    v.attach(truth);
    auto lo = make_router_policy("least_outstanding");
    std::vector<std::uint32_t> sent(4, 0);
    for (int i = 0; i < 6; ++i) {  // six requests within one period
      const auto k = static_cast<std::uint32_t>(lo->decide(RouterSnapshot{v.seen(truth, 0.1 * i)}, rng));
      ++truth[k].outstanding;
      v.on_routed(k);
      ++sent[k];
    }
    return sent;
  };
  auto exact = view("exact");
  auto counting = view("periodic", ParamValues().set("period_s", 1.0).set("count_dispatches", 1));
  auto blind = view("periodic", ParamValues().set("period_s", 1.0).set("count_dispatches", 0));
  // Water-filling: loads 3, 1, 2, 2 end 3, 3, 4, 4 (ties rotate).
  CHECK(run(*exact) == L{0, 2, 2, 2});
  CHECK(run(*counting) == L{0, 2, 2, 2});  // one gateway counting its sends: the same within a period
  CHECK(run(*blind) == L{0, 6, 0, 0});     // blind to its own sends: every request to node 1
}

TEST_CASE("views allocate nothing per decision") {
  std::vector<NodeView> truth(64);
  for (const char* t : {"exact", "periodic", "piggyback"}) {
    CAPTURE(t);
    auto v = view(t, std::string(t) == "periodic" ? ParamValues().set("period_s", 0.5) : ParamValues());
    v->attach(truth);
    const long before = opgsim::test::g_allocations.load();
    std::uint64_t sum = 0;
    for (int i = 0; i < 1000; ++i) {
      v->on_routed(static_cast<std::uint32_t>(i % 64));
      v->on_report(static_cast<std::uint32_t>(i % 7), 3);
      sum += v->seen(truth, 0.01 * i)[static_cast<std::size_t>(i % 64)].outstanding;
    }
    CHECK(opgsim::test::g_allocations.load() == before);
    CHECK(sum < 1000000);
  }
}
