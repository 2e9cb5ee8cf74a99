// Output folders committed as a whole: nothing under the target's name until commit, the marker
// written last, an earlier run's files never left beside a new run's, no temporary folder left
// behind, and a target that cannot be written reported as bad input when the folder is opened.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

#include "analysis/io/output_folder.hpp"
#include "analysis/io/run_files.hpp"
#include "models/common/input_error.hpp"
#include "tests/unit/config/temp_files.hpp"

using namespace opgsim::analysis;
namespace fs = std::filesystem;

using opgsim::testing::names_in;

TEST_CASE("a staged folder appears under its name only when committed, marker included") {
  opgsim::testing::TempDir tmp;
  const fs::path target = fs::path(tmp / "a/b/run");
  {
    StagedFolder folder(target.string());
    CHECK(fs::is_directory(target.parent_path()));  // the parent is created at once
    CHECK(!fs::exists(target));
    folder.write("summary.json", "{}");
    CHECK(!fs::exists(target));
    CHECK(!is_complete(target));
    folder.commit();
  }
  CHECK(is_complete(target));
  CHECK(names_in(target) == std::vector<std::string>{kCompleteMarker, "summary.json"});
  CHECK(names_in(target.parent_path()) == std::vector<std::string>{"run"});  // no temporary folder left
}

TEST_CASE("a folder dropped before commit leaves nothing behind") {
  opgsim::testing::TempDir tmp;
  {
    StagedFolder folder(tmp / "run");
    folder.write("summary.json", "{}");
  }
  CHECK(names_in(fs::path(tmp / "")).empty());
}

TEST_CASE("committing over an earlier run replaces the whole folder") {
  opgsim::testing::TempDir tmp;
  const std::string target = tmp / "run";
  write_output_files(target, {{"manifest.json", "old"}, {"summary.json", "old"}, {"ledger.csv", "old"}});
  write_output_files(target + "/", {{"manifest.json", "new"}, {"summary.json", "new"}});
  CHECK(names_in(target) == std::vector<std::string>{kCompleteMarker, "manifest.json", "summary.json"});
  CHECK(read_text(fs::path(target) / "summary.json") == "new");
  CHECK(names_in(fs::path(tmp / "")) == std::vector<std::string>{"run"});
}

TEST_CASE("a target that is a symlink to a run folder is committed where it points") {
  opgsim::testing::TempDir tmp;
  write_output_files(tmp / "real", {{"summary.json", "old"}, {"ledger.csv", "old"}});
  fs::create_directory_symlink(tmp / "real", tmp / "link");
  write_output_files(tmp / "link", {{"summary.json", "new"}});
  CHECK(fs::is_symlink(fs::path(tmp / "link")));
  CHECK(read_text(fs::path(tmp / "link/summary.json")) == "new");
  CHECK(!fs::exists(fs::path(tmp / "real/ledger.csv")));
}

TEST_CASE("an unwritable or unrelated target is bad input when the folder is opened") {
  opgsim::testing::TempDir tmp;
  tmp.write("file.txt", "x");
  CHECK_THROWS_AS(StagedFolder(tmp / "file.txt/sub"), opgsim::InputError);  // parent is a file
  CHECK_THROWS_AS(StagedFolder(tmp / "file.txt"), opgsim::InputError);      // target is a file
  tmp.write("mine/notes.md", "keep me");
  CHECK_THROWS_AS(StagedFolder(tmp / "mine"), opgsim::InputError);          // not a run's folder
  CHECK(fs::exists(fs::path(tmp / "mine/notes.md")));
  fs::create_directories(tmp / "empty");
  CHECK_NOTHROW(StagedFolder(tmp / "empty"));                               // an empty folder is fine
  try {
    StagedFolder f(tmp / "file.txt/sub");
  } catch (const opgsim::InputError& e) {
    const std::string msg = e.what();
    CHECK(msg.find("file.txt/sub") != std::string::npos);
    CHECK(msg.find('\n') == std::string::npos);
  }
}

TEST_CASE("a folder committed as not finished has its files but no marker, and a new run may replace it") {
  opgsim::testing::TempDir tmp;
  const fs::path target = fs::path(tmp / "run");
  {
    StagedFolder folder(target.string());
    folder.write("manifest.json", "{}");
    folder.write("summary.json", "{\"invariants\": {}}");
    folder.commit(false);  // what `opgsim run` does when an invariant check failed (exit code 3)
  }
  CHECK(!is_complete(target));  // so a sweep re-runs it and collect does not count it
  CHECK(names_in(target) == std::vector<std::string>{"manifest.json", "summary.json"});
  {
    StagedFolder again(target.string());  // replaceable: an earlier run wrote it
    again.write("summary.json", "{}");
    again.commit();
  }
  CHECK(is_complete(target));
  CHECK(names_in(target) == std::vector<std::string>{kCompleteMarker, "summary.json"});
}
