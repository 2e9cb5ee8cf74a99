// The extends chain (see extends.hpp).
#include "sim/config/extends.hpp"

#include <filesystem>
#include <vector>

#include "models/common/input_error.hpp"
#include "models/common/input_file.hpp"
#include "sim/config/json_file.hpp"
#include "sim/config/merge_patch.hpp"

namespace opgsim::config {
namespace fs = std::filesystem;
namespace {

// Identity of a file for cycle detection: the same file reached through "./" or "../x/" must
// still be recognized.
std::string identity(const std::string& file) {
  std::error_code ec;
  fs::path p = fs::weakly_canonical(fs::path(file), ec);
  return ec ? fs::path(file).lexically_normal().string() : p.string();
}

std::string short_json(const nlohmann::json& v) {
  std::string s = v.dump();
  return s.size() > 60 ? s.substr(0, 57) + "..." : s;
}

// `chain` holds the files being loaded, outermost first (display names and identities). Each
// file is applied to `into` after its base, so the base's values are there to be patched.
void load(const std::string& file, std::vector<std::pair<std::string, std::string>>& chain,
          Document& into, nlohmann::json doc) {
  if (!doc.is_object())
    throw InputError(file + ": expected a JSON object at the top level, got " + short_json(doc));

  if (auto it = doc.find("extends"); it != doc.end()) {
    if (!it->is_string())
      throw InputError(file + ": extends: expected a string (a path relative to this file), got " +
                       short_json(*it));
    const std::string base =
        (fs::path(file).parent_path() / it->get<std::string>()).lexically_normal().string();
    const std::string base_id = identity(base);
    for (std::size_t i = 0; i < chain.size(); ++i) {
      if (chain[i].second != base_id) continue;
      std::string cycle;
      for (std::size_t j = i; j < chain.size(); ++j) cycle += chain[j].first + " -> ";
      throw InputError(file + ": extends: cycle " + cycle + chain[i].first);
    }
    std::error_code ec;
    if (!fs::exists(base, ec))
      throw InputError(file + ": extends: cannot open '" + base + "' (No such file or directory)");
    try {
      check_input_file(base, kMaxJsonFileBytes);  // /dev/zero would be read forever
    } catch (const InputError& e) {
      throw InputError(file + ": extends: " + e.what());
    }
    chain.emplace_back(base, base_id);
    load(base, chain, into, read_json_file(base));
    chain.pop_back();
    doc.erase(it);
  }
  merge_patch(into.value, doc, file, into.origins);
}

}  // namespace

Document load_with_extends(const std::string& file) {
  Document d;
  d.origins = Origins(file);
  std::vector<std::pair<std::string, std::string>> chain{{file, identity(file)}};
  load(file, chain, d, read_json_file(file));
  return d;
}

Document load_with_extends_text(const std::string& text, const std::string& file) {
  Document d;
  d.origins = Origins(file);
  std::vector<std::pair<std::string, std::string>> chain{{file, identity(file)}};
  load(file, chain, d, parse_json_text(text, file));
  return d;
}

}  // namespace opgsim::config
