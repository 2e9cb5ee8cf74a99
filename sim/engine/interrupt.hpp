// Ctrl-C (SIGINT) or SIGTERM while a simulation runs: one line on stderr and exit 128 + signal
// (130 for Ctrl-C), with nothing half-written. SimGrid's own handler would instead dump every
// actor's state (dozens of lines) and exit 1; ours replaces it once the engine exists.
#pragma once

#include <filesystem>

namespace opgsim::engine {

// The run's empty staging folder (analysis::StagedFolder), removed by the handler so that an
// interrupted run leaves nothing behind. Optional; the last call wins.
void remove_on_interrupt(const std::filesystem::path& empty_dir);

// Installs the handler for SIGINT and SIGTERM (call after creating the SimGrid engine, which
// installs its own).
void install_interrupt_handler();

}  // namespace opgsim::engine
