// A run's output folder, committed as a whole. Every file is written into a temporary sibling
// folder (`.NAME.tmp-PID`), a marker file last, and the folder is then renamed into place; an
// earlier folder of the same name is renamed aside first and deleted after, so a reader sees
// either the old run's folder or the new one, never a mix, and a kill at any moment leaves no
// half-written folder under the target's name. Sweeps count a run as finished only when its
// folder holds the marker (folders of older opgsim versions, written file by file, do not).
//
// The folder is opened before the simulation starts, so an output path that cannot be written
// is bad input found in a second, not an internal error found after the whole run.
#pragma once

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

namespace opgsim::analysis {

// Written last into a run folder; its presence means every file of the run is there.
inline constexpr const char* kCompleteMarker = ".complete";

// True when `dir` is a committed output folder.
bool is_complete(const std::filesystem::path& dir);

class StagedFolder {
public:
  // Creates the parent folders of `dir` and the empty temporary folder. Throws InputError (one
  // line naming `dir`) when they cannot be created, or when `dir` exists but is neither a folder
  // nor one that an opgsim run wrote (so that a mistyped --out never replaces unrelated files).
  explicit StagedFolder(const std::string& dir);
  ~StagedFolder();  // removes the temporary folder unless it was committed
  StagedFolder(const StagedFolder&) = delete;
  StagedFolder& operator=(const StagedFolder&) = delete;

  // Writes one file into the temporary folder (EnvironmentError naming the target and the
  // system's reason on failure: a full disk, a file size limit).
  void write(const std::string& name, const std::string& contents);
  // Writes the marker and puts the temporary folder in the target's place (see the top).
  // finished = false leaves the marker out: the files are there to inspect (a run whose
  // invariant check failed), but sweeps do not count the run as finished. EnvironmentError when
  // a folder cannot be renamed (the earlier run is put back where it can be).
  void commit(bool finished = true);

  const std::filesystem::path& target() const { return target_; }
  const std::filesystem::path& staging() const { return staging_; }

private:
  std::filesystem::path target_, staging_;
  bool committed_ = false;
};

// Opens, writes every (file name, contents) and commits: the whole output of one run.
void write_output_files(const std::string& dir, const std::vector<std::pair<std::string, std::string>>& files);

}  // namespace opgsim::analysis
