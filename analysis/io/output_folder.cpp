// Output folders committed as a whole (see output_folder.hpp).
#include "analysis/io/output_folder.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <stdexcept>
#include <system_error>

#include <fmt/format.h>

#include "models/common/environment_error.hpp"
#include "models/common/input_error.hpp"

namespace opgsim::analysis {

namespace fs = std::filesystem;

namespace {

// The target as an absolute path without a trailing slash, so that it has a name and a parent.
fs::path normalized(const std::string& dir) {
  std::error_code ec;
  fs::path p = fs::absolute(fs::path(dir), ec).lexically_normal();
  if (ec) p = fs::path(dir).lexically_normal();
  if (!p.has_filename() && p.has_parent_path() && p != p.root_path()) p = p.parent_path();
  // A symlink to a folder: commit where it points, so the link keeps working (renaming the link
  // itself would replace it by a plain folder).
  if (fs::is_symlink(p, ec)) {
    const fs::path real = fs::weakly_canonical(p, ec);
    if (!ec) return real;
  }
  return p;
}

// A folder an earlier run wrote (or an empty one): the only kind a new run may replace.
bool replaceable(const fs::path& dir) {
  std::error_code ec;
  if (fs::is_empty(dir, ec) && !ec) return true;
  for (const char* f : {kCompleteMarker, "manifest.json", "summary.json"})
    if (fs::exists(dir / f, ec)) return true;
  return false;
}

}  // namespace

bool is_complete(const fs::path& dir) {
  std::error_code ec;
  return fs::is_regular_file(dir / kCompleteMarker, ec);
}

StagedFolder::StagedFolder(const std::string& dir) : target_(normalized(dir)) {
  if (!target_.has_filename() || target_ == target_.root_path())
    throw InputError(fmt::format("{}: cannot be an output folder (give a folder name)", dir));
  std::error_code ec;
  const auto status = fs::status(target_, ec);
  if (fs::exists(status) && !fs::is_directory(status))
    throw InputError(fmt::format("{}: exists and is not a folder; give another output folder", dir));
  if (fs::is_directory(status) && !replaceable(target_))
    throw InputError(fmt::format("{}: exists and holds no run's files (no manifest.json); a run replaces its whole "
                                 "output folder, so give a new or empty one",
                                 dir));
  fs::create_directories(target_.parent_path(), ec);
  if (ec) throw InputError(fmt::format("{}: cannot create the output folder ({})", dir, ec.message()));
  staging_ = target_.parent_path() / fmt::format(".{}.tmp-{}", target_.filename().string(), ::getpid());
  fs::remove_all(staging_, ec);
  if (!fs::create_directory(staging_, ec) || ec)
    throw InputError(fmt::format("{}: cannot write the output folder ({})", dir,
                                 ec ? ec.message() : std::string("temporary folder exists")));
}

StagedFolder::~StagedFolder() {
  if (committed_) return;
  std::error_code ec;
  fs::remove_all(staging_, ec);
}

void StagedFolder::write(const std::string& name, const std::string& contents) {
  errno = 0;
  std::ofstream out(staging_ / name, std::ios::binary);
  out << contents;
  out.close();
  if (!out)
    throw EnvironmentError(fmt::format("{}: cannot write the file ({})", (target_ / name).string(),
                                       errno != 0 ? std::strerror(errno) : "unknown reason"));
}

void StagedFolder::commit(bool finished) {
  if (finished) write(kCompleteMarker, "");
  const fs::path old = target_.parent_path() / fmt::format(".{}.old-{}", target_.filename().string(), ::getpid());
  fs::remove_all(old);
  const bool had_old = fs::exists(target_);
  std::error_code moved;
  if (had_old) fs::rename(target_, old, moved);
  if (moved)
    throw EnvironmentError(fmt::format("{}: cannot move the earlier run's folder aside ({})", target_.string(),
                                       moved.message()));
  fs::rename(staging_, target_, moved);
  if (moved) {
    std::error_code ec;
    if (had_old) fs::rename(old, target_, ec);  // put the earlier run back rather than leave nothing
    throw EnvironmentError(fmt::format("{}: cannot put the run's folder in place ({})", target_.string(),
                                       moved.message()));
  }
  committed_ = true;
  std::error_code ec;
  fs::remove_all(old, ec);  // the new run is in place; a leftover here is only garbage beside it
}

void write_output_files(const std::string& dir, const std::vector<std::pair<std::string, std::string>>& files) {
  StagedFolder folder(dir);
  for (const auto& [name, contents] : files) folder.write(name, contents);
  folder.commit();
}

}  // namespace opgsim::analysis
