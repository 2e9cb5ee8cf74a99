// JSON file reading with one-line errors (see json_file.hpp).
#include "sim/config/json_file.hpp"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "models/common/input_error.hpp"

namespace opgsim::config {
namespace {

// nlohmann's parse_error::what() is "[json.exception.parse_error.101] parse error at line 3,
// column 5: syntax error while parsing value - invalid literal; last read: 'x'". Users need the
// position and the reason, not the exception class or the grammar production.
std::string shorten(std::string msg) {
  if (auto p = msg.find("column "); p != std::string::npos) {
    if (auto colon = msg.find(": ", p); colon != std::string::npos) msg = msg.substr(colon + 2);
  }
  if (msg.rfind("syntax error ", 0) == 0) msg = msg.substr(13);
  if (auto dash = msg.find(" - "); msg.rfind("while parsing ", 0) == 0 && dash != std::string::npos)
    msg = msg.substr(dash + 3) + " (" + msg.substr(0, dash) + ")";
  for (char& c : msg)
    if (c == '\n' || c == '\r') c = ' ';
  constexpr std::size_t kMax = 160;
  if (msg.size() > kMax) msg = msg.substr(0, kMax - 3) + "...";
  return msg;
}

}  // namespace

nlohmann::json parse_json_text(const std::string& text, const std::string& name) {
  try {
    return nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    // Line and column come from the lexer's own position, so they are exact for any input.
    std::string what = e.what();
    std::string pos;
    if (auto p = what.find("at line "); p != std::string::npos) {
      auto colon = what.find(": ", p);
      pos = what.substr(p + 3, colon - (p + 3));  // "line L, column C"
    }
    if (pos.empty()) throw InputError(name + ": " + shorten(what));
    throw InputError(name + ": " + pos + ": " + shorten(what));
  }
}

nlohmann::json read_json_file(const std::string& file) {
  std::error_code ec;
  if (std::filesystem::is_directory(file, ec))
    throw InputError(file + ": cannot open file (" + std::strerror(EISDIR) + ")");
  errno = 0;
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    const int err = errno;
    throw InputError(file + ": cannot open file (" + std::strerror(err ? err : ENOENT) + ")");
  }
  std::ostringstream ss;
  ss << in.rdbuf();
  if (in.bad()) throw InputError(file + ": cannot read file (" + std::strerror(errno) + ")");
  return parse_json_text(ss.str(), file);
}

}  // namespace opgsim::config
