// The directory of published node views (sim/engine/directory.hpp): a node's load is what was
// sent to it minus what it published as finished; the pick skips nodes that are down or cut off;
// the router hears of every release an inference node publishes and every stake the economy
// publishes.
#include <doctest/doctest.h>

#include <vector>

#include "sim/engine/directory.hpp"

using opgsim::engine::InferenceDirectory;
using opgsim::engine::RoleDirectory;

TEST_CASE("a helper node's load is what was sent to it minus what it published as finished") {
  RoleDirectory d;
  d.add(nullptr, 0);
  d.add(nullptr, 1);
  d.on_sent(0);
  d.on_sent(0);
  d.on_sent(1);
  CHECK(d.load(0) == 2);
  CHECK(d.load(1) == 1);
  CHECK(d.total_load() == 3);
  d.publish_finished(0);
  CHECK(d.load(0) == 1);
  CHECK(d.total_load() == 2);
}

TEST_CASE("the pick takes the least loaded available node and skips down and cut-off ones") {
  RoleDirectory d;
  for (int region = 0; region < 3; ++region) d.add(nullptr, region);
  const auto no_cut = [](int) { return false; };
  CHECK(d.choose(no_cut) == 0);  // all equal: the cursor starts at 0 and moves past each pick
  d.on_sent(0);
  CHECK(d.choose(no_cut) == 1);
  d.on_sent(1);
  d.publish_up(2, false);  // node 2 crashed: nodes 0 and 1 tie at one each
  CHECK(d.choose(no_cut) == 0);
  CHECK(d.choose([](int region) { return region == 0; }) == 1);  // region 0 cut off
  d.publish_up(0, false);
  d.publish_up(1, false);
  CHECK(d.choose(no_cut) == -1);
}

TEST_CASE("the router hears every release an inference node publishes") {
  struct Counter final : InferenceDirectory::ReleaseListener {
    std::vector<std::uint32_t> released;
    void on_released(std::uint32_t node) override { released.push_back(node); }
  } router;
  InferenceDirectory d(3);
  d.listen(&router);
  CHECK(d.available(2));
  d.publish_available(2, false);
  CHECK_FALSE(d.available(2));
  d.publish_released(1);
  d.publish_released(1);
  CHECK(d.released(1) == 2);
  CHECK(router.released == std::vector<std::uint32_t>{1, 1});
}

TEST_CASE("the router hears each stake the economy publishes for a node") {
  struct Weights final : InferenceDirectory::Listener {
    std::vector<double> weight = std::vector<double>(2, 0.0);
    void on_released(std::uint32_t) override {}
    void on_stake(std::uint32_t node, double stake) override { weight[node] = stake; }
  } router;
  InferenceDirectory d(2);
  d.listen(&router);
  CHECK(d.stake(1) == 0.0);
  d.publish_stake(1, 1500.0);
  CHECK(d.stake(1) == 1500.0);
  CHECK(router.weight == std::vector<double>{0.0, 1500.0});
}

namespace {

// The pick as the directory made it before its index: a scan of every node from the cursor.
struct NaivePick {
  std::uint32_t cursor = 0;
  template <class IsCut> std::int64_t choose(const RoleDirectory& d, IsCut&& is_cut) {
    const auto n = static_cast<std::uint32_t>(d.size());
    std::int64_t best = -1;
    std::uint32_t best_load = 0;
    for (std::uint32_t k = 0; k < n; ++k) {
      const std::uint32_t i = (cursor + k) % n;
      if (!d.up(i) || is_cut(d.region(i))) continue;
      if (best < 0 || d.load(i) < best_load) {
        best = i;
        best_load = d.load(i);
      }
    }
    if (best >= 0) cursor = static_cast<std::uint32_t>(best + 1) % n;
    return best;
  }
};

}  // namespace

TEST_CASE("the indexed pick equals a scan of every node on random sends, completions, crashes and cuts") {
  for (std::uint32_t n : {1u, 2u, 9u, 40u}) {
    CAPTURE(n);
    RoleDirectory d;
    for (std::uint32_t i = 0; i < n; ++i) d.add(nullptr, static_cast<int>(i % 3));
    NaivePick naive;
    std::uint64_t state = 12345;
    const auto draw = [&](std::uint64_t below) {
      state = state * 6364136223846793005ULL + 1442695040888963407ULL;
      return (state >> 33) % below;
    };
    std::vector<std::uint8_t> cut(3, 0);
    const auto is_cut = [&](int region) { return cut[static_cast<std::size_t>(region)] != 0; };
    for (int step = 0; step < 5000; ++step) {
      const auto i = static_cast<std::uint32_t>(draw(n));
      switch (draw(10)) {
        case 0: d.publish_up(i, draw(3) != 0); break;
        case 1: cut[draw(3)] = draw(4) == 0 ? 1 : 0; break;
        case 2: case 3: case 4: if (d.load(i) > 0) d.publish_finished(i); break;
        default: break;
      }
      const std::int64_t want = naive.choose(d, is_cut);
      REQUIRE(d.choose(is_cut) == want);
      if (want >= 0) d.on_sent(static_cast<std::uint32_t>(want));
    }
  }
}
