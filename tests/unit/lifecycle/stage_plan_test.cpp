// Stage plans: every combination of a class's inputs gives the stages it passes through, in
// lifecycle order, and the background path's next stage after each.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "models/lifecycle/stage_plan.hpp"

using namespace opgsim::lifecycle;

TEST_CASE("the stage table lists the foreground stages first, then the background ones, in order") {
  const std::vector<std::string> names{"route", "data", "queue", "inference", "proof",
                                       "deliver", "storage", "verify", "settle"};
  REQUIRE(stage_table().size() == names.size());
  for (std::size_t i = 0; i < names.size(); ++i) {
    CHECK(stage_table()[i].name == names[i]);
    CHECK(static_cast<std::size_t>(stage_table()[i].stage) == i);
    CHECK(path_of(stage_table()[i].stage) == (i < 6 ? Path::Foreground : Path::Background));
    CHECK(std::string(stage_table()[i].doc).size() > 10);
  }
}

TEST_CASE("a vanilla class with no helper roles has only the foreground path") {
  const StagePlan p = StagePlan::make({});
  CHECK(p.describe() == "route -> queue -> inference -> proof -> deliver");
  CHECK_FALSE(p.has_background());
  CHECK_FALSE(p.first_background().has_value());
  CHECK_FALSE(p.has(Stage::Data));
}

TEST_CASE("a class with data, verification, storage and settlement passes through every stage") {
  const StagePlan p = StagePlan::make({.needs_data = true, .verified = true, .storage = true, .settlement = true});
  CHECK(p.describe() ==
        "route -> data -> queue -> inference -> proof -> deliver | storage -> verify -> settle");
  CHECK(p.first_background() == Stage::Storage);
  CHECK(p.next_background_after(Stage::Storage) == Stage::Verify);
  CHECK(p.next_background_after(Stage::Verify) == Stage::Settle);
  CHECK_FALSE(p.next_background_after(Stage::Settle).has_value());
}

TEST_CASE("every one of the 16 plans: the background path is storage? -> verify? -> settle? in order") {
  for (int bits = 0; bits < 16; ++bits) {
    const PlanInputs in{.needs_data = (bits & 1) != 0, .verified = (bits & 2) != 0,
                        .storage = (bits & 4) != 0, .settlement = (bits & 8) != 0};
    const StagePlan p = StagePlan::make(in);
    CAPTURE(bits);
    std::vector<Stage> expected;
    if (in.storage) expected.push_back(Stage::Storage);
    if (in.verified) expected.push_back(Stage::Verify);
    if (in.settlement) expected.push_back(Stage::Settle);
    std::vector<Stage> walked;
    for (auto s = p.first_background(); s; s = p.next_background_after(*s)) walked.push_back(*s);
    CHECK(walked == expected);
    CHECK(p.has_background() == !expected.empty());
    CHECK(p.has(Stage::Data) == in.needs_data);
    for (Stage always : {Stage::Route, Stage::Queue, Stage::Inference, Stage::Proof, Stage::Deliver})
      CHECK(p.has(always));
  }
}
