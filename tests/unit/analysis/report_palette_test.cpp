// The report's colour table and text helpers (analysis/report/palette.hpp, report_html.hpp): a
// stage or metric has one colour in every report, the lifecycle's stages are told apart, a name
// the table does not list gets a stable colour, and Markdown code spans become <code>.
#include <doctest/doctest.h>

#include <set>
#include <string>

#include "analysis/report/gnuplot.hpp"
#include "analysis/report/palette.hpp"
#include "analysis/report/report_html.hpp"
#include "analysis/report/report_pages.hpp"
#include "models/lifecycle/stage.hpp"

using namespace opgsim::analysis::report;

TEST_CASE("report palette: one colour per stage, the stages told apart, unknown names stable") {
  std::set<std::string> seen;
  for (const auto& stage : opgsim::lifecycle::stage_table()) {
    const std::string c = colour_of(stage.name);
    CHECK(c.size() == 7);
    CHECK(c[0] == '#');
    CHECK(seen.insert(c).second);  // no two stages share a colour
  }
  CHECK(colour_of("queue") == "#ff7f0e");
  CHECK(colour_of("latency_p99") == "#08519c");
  CHECK(colour_of("token_price_usd") == "#9467bd");
  CHECK(colour_of("a_signal_declared_later") == colour_of("a_signal_declared_later"));
  CHECK(gp_colours({"queue", "inference"}) == "\"#ff7f0e\" \"#1f77b4\"");
}

TEST_CASE("report text: Markdown code spans as <code>, the rest escaped") {
  CHECK(inline_md("set `duration_s` to <60>") == "set <code>duration_s</code> to &lt;60&gt;");
  CHECK(inline_md("`a<b` and `c`") == "<code>a&lt;b</code> and <code>c</code>");
  CHECK(inline_md("an odd ` stays") == "an odd ` stays");
  CHECK(inline_md("") == "");
}

TEST_CASE("report title: the --set overrides of a command line") {
  using pages::overrides_title;
  using pages::set_overrides;
  const auto o = set_overrides("opgsim run scenarios/ramp.json --set drain_s=30 --out x --set=roles.inference.count=4");
  REQUIRE(o.size() == 2);
  CHECK(o[0] == "drain_s=30");
  CHECK(o[1] == "roles.inference.count=4");
  CHECK(overrides_title(o) == " (--set drain_s=30, roles.inference.count=4)");
  CHECK(overrides_title({}) == "");
  CHECK(set_overrides("opgsim run a.json --set").empty());
}
