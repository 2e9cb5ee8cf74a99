// The installed binary (cmake --install) reads the GPU catalog and kernel tables it was installed
// with, not the source checkout it was built in, so a prefix copied to a cluster's shared file
// system works alone; OPGSIM_CATALOG moves the kernel tables along with the catalog.
#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "tests/engine/opgsim_process.hpp"

namespace fs = std::filesystem;
using namespace opgsim::test;

namespace {
// Runs `command` through the shell with stdout and stderr in scratch; returns the exit code.
ProcessResult shell(const std::string& command, const fs::path& scratch) {
  const fs::path out = scratch / "out.txt", err = scratch / "err.txt";
  const int status =
      std::system(fmt::format("{} >{} 2>{}", command, shell_quote(out.string()), shell_quote(err.string())).c_str());
  ProcessResult r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.out = read_file(out);
  r.err = read_file(err);
  return r;
}

void write_text(const fs::path& p, const std::string& text) {
  fs::create_directories(p.parent_path());
  std::ofstream(p) << text;
}

const char* kShortRun = "--set duration_s=2 --set warmup_s=0 --set workload.arrivals.rate_rps=5";
}  // namespace

TEST_CASE("an installed binary reads the catalog installed next to it") {
  const fs::path dir = temp_dir("install");
  const fs::path prefix = dir / "prefix";
  const fs::path build = fs::path(OPGSIM_BINARY).parent_path();
  const ProcessResult inst =
      shell(fmt::format("cmake --install {} --prefix {}", shell_quote(build.string()), shell_quote(prefix.string())), dir);
  REQUIRE_MESSAGE(inst.exit_code == 0, inst.err);
  const fs::path catalog = prefix / "share/opgsim/gpu/catalog.json";
  REQUIRE(fs::exists(prefix / "bin/opgsim"));
  REQUIRE(fs::exists(catalog));
  CHECK(fs::exists(prefix / "share/opgsim/gpu/kernels/h100-sxm_llama-2-7b.json"));
  CHECK_FALSE(fs::exists(prefix / "share/opgsim/gpu/kernels/excerpts"));

  // From a folder outside the checkout, with the scenario copied there: the run completes.
  const fs::path work = dir / "work";
  fs::create_directories(work);
  fs::copy_file(fs::path(OPGSIM_SOURCE_DIR) / "scenarios/baseline.json", work / "baseline.json");
  const std::string run = fmt::format("cd {} && env -u OPGSIM_CATALOG {} run baseline.json {} --out {}", shell_quote(work.string()),
                                      shell_quote((prefix / "bin/opgsim").string()), kShortRun,
                                      shell_quote((work / "out").string()));
  const ProcessResult ok = shell(run, dir);
  CHECK_MESSAGE(ok.exit_code == 0, ok.err);

  // The catalog it reads is the installed one: broken, it is named in the one-line error.
  write_text(catalog, "{");
  const ProcessResult broken = shell(run, dir);
  CHECK(broken.exit_code == 2);
  CHECK(broken.err.find(catalog.string()) != std::string::npos);
  fs::remove_all(dir);
}

TEST_CASE("OPGSIM_CATALOG moves the kernel tables with the catalog") {
  const fs::path dir = temp_dir("catalog-env");
  const fs::path copy = dir / "gpu";
  fs::create_directories(copy / "kernels");
  fs::copy_file(fs::path(OPGSIM_SOURCE_DIR) / "models/gpu/catalog.json", copy / "catalog.json");
  // A table next to the copied catalog wins over the built-in one: broken, it is named.
  write_text(copy / "kernels/a100-80gb_llama-3.1-8b.json", "{");
  const std::string cmd = fmt::format(
      "cd {} && OPGSIM_CATALOG={} {} run scenarios/baseline.json {} --set "
      "'roles.inference.service.step_time={{\"type\":\"measured\"}}' --set roles.inference.service.gpu=a100-80gb --out {}",
      shell_quote(OPGSIM_SOURCE_DIR), shell_quote((copy / "catalog.json").string()), shell_quote(OPGSIM_BINARY), kShortRun,
      shell_quote((dir / "out").string()));
  const ProcessResult broken = shell(cmd, dir);
  CHECK(broken.exit_code == 2);
  CHECK_MESSAGE(broken.err.find((copy / "kernels/a100-80gb_llama-3.1-8b.json").string()) != std::string::npos, broken.err);
  // Without a table beside it, the built-in table is used and the run completes.
  fs::remove(copy / "kernels/a100-80gb_llama-3.1-8b.json");
  const ProcessResult ok = shell(cmd, dir);
  CHECK_MESSAGE(ok.exit_code == 0, ok.err);
  fs::remove_all(dir);
}
