// libFuzzer target for the scenario input path: the bytes are a scenario file's contents, run
// through load_scenario_text, the same stages `opgsim run` and `opgsim validate` apply before
// anything else (parse, extends, deprecated forms, --set, schema, cross-field rules, typed
// Scenario). Every input must end in a Scenario or one opgsim::InputError of one line; any
// other exception escapes (libFuzzer reports it as a crash), as does a crash or a sanitizer report.
//
// Input layout: the scenario text, optionally followed by a NUL byte and `--set` overrides, one
// per line ("path=value"), so the override path is fuzzed too. The document is named as if it
// lived in the shipped scenarios folder (scenarios/ or, when it extends "../x", scenarios/economy/),
// so a seed's "extends" reaches its real base file.
//
// Built by tests/fuzz/run_fuzz.sh (clang, -DOPGSIM_FUZZ=ON); the g++ build links this same file
// into fuzz_replay (replay_main.cpp), which replays the seed corpus and tests/fuzz/regressions/.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "models/common/input_error.hpp"
#include "sim/scenario/load_scenario_text.hpp"

#ifndef OPGSIM_SOURCE_DIR
#error "OPGSIM_SOURCE_DIR must name the source tree (the seeds' extends bases live there)"
#endif

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string bytes(reinterpret_cast<const char*>(data), size);
  const std::size_t nul = bytes.find('\0');
  const std::string text = bytes.substr(0, nul);
  std::vector<std::string> sets;
  if (nul != std::string::npos) {
    const std::string rest = bytes.substr(nul + 1);
    std::size_t start = 0;
    while (start <= rest.size()) {
      const std::size_t end = rest.find('\n', start);
      const std::string line = rest.substr(start, end == std::string::npos ? std::string::npos : end - start);
      if (!line.empty()) sets.push_back(line);
      if (end == std::string::npos) break;
      start = end + 1;
    }
  }
  const std::string folder = text.find("\"../") != std::string::npos ? "/scenarios/economy/" : "/scenarios/";
  const std::string name = fmt::format("{}{}fuzz-input.json", OPGSIM_SOURCE_DIR, folder);
  // The loader's warnings (deprecated forms) go to std::cerr: silenced, one per input would
  // drown the fuzzer's own report. The guard restores std::cerr however the load ends.
  struct Silence {
    std::ostringstream sink;
    std::streambuf* saved = std::cerr.rdbuf(sink.rdbuf());
    ~Silence() { std::cerr.rdbuf(saved); }
  };
  try {
    const Silence silence;
    (void)opgsim::load_scenario_text(text, name, sets);
  } catch (const opgsim::InputError& e) {
    // The documented outcome for bad input: one line (the CLI prints it and exits 2).
    const std::string message = e.what();
    if (message.empty() || message.find('\n') != std::string::npos) {
      std::cerr << "InputError is not one non-empty line: [" << message << "]\n";
      std::abort();
    }
  }
  return 0;
}
