// JSON file reading with one-line errors (see json_file.hpp).
//
// The text goes through nlohmann's SAX parser with our own DOM builder rather than
// json::parse, because the builder sees what the DOM parser hides: a key repeated in one object
// (json::parse keeps the last one silently), the nesting depth (deep input is refused before
// anything recursive walks it), and the position of a number too large for a double (json::parse
// reports "number overflow" without one).
#include "sim/config/json_file.hpp"

#include <algorithm>
#include <vector>

#include "models/common/input_error.hpp"
#include "models/common/input_file.hpp"
#include "sim/config/path.hpp"

namespace opgsim::config {
namespace {

using nlohmann::json;

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

std::string shortened_path(const Path& p) {
  std::string s = p.dotted();
  constexpr std::size_t kMax = 120;
  return s.size() > kMax ? s.substr(0, kMax - 3) + "..." : s;
}

// Builds the document like nlohmann's json_sax_dom_parser, plus the checks above.
class Builder : public json::json_sax_t {
public:
  Builder(const std::string& text, const std::string& name) : text_(text), name_(name) {}

  json& root() { return root_; }

  bool null() override { value(nullptr); return true; }
  bool boolean(bool v) override { value(v); return true; }
  bool number_integer(number_integer_t v) override { value(v); return true; }
  bool number_unsigned(number_unsigned_t v) override { value(v); return true; }
  bool number_float(number_float_t v, const string_t&) override { value(v); return true; }
  bool string(string_t& v) override { value(std::move(v)); return true; }
  bool binary(binary_t& v) override { value(std::move(v)); return true; }

  bool start_object(std::size_t) override { open(json::object()); return true; }
  bool end_object() override { close(); return true; }
  bool start_array(std::size_t) override { open(json::array()); return true; }
  bool end_array() override { close(); return true; }

  bool key(string_t& k) override {
    json& obj = *stack_.back();
    if (obj.contains(k))
      throw InputError(name_ + ": " + shortened_path(path(true).key(k)) +
                       ": duplicate key (a key may appear only once in an object)");
    slots_.back().key = k;
    element_ = &obj[k];
    return true;
  }

  bool parse_error(std::size_t end, const std::string& token, const nlohmann::detail::exception& e) override {
    // Line and column come from the lexer's own position, so they are exact for any input.
    const std::string what = e.what();
    std::string pos;
    if (auto p = what.find("at line "); p != std::string::npos) {
      auto colon = what.find(": ", p);
      pos = what.substr(p + 3, colon - (p + 3));  // "line L, column C"
    }
    if (e.id == 406) {
      // "number overflow parsing '1e999'" comes without a position: `end` is just after the number.
      const std::size_t at = std::min(end, text_.size()) - std::min(token.size(), std::min(end, text_.size()));
      const std::size_t line_start = text_.rfind('\n', at == 0 ? 0 : at - 1);
      const std::size_t line = 1 + static_cast<std::size_t>(std::count(text_.begin(), text_.begin() + at, '\n'));
      const std::size_t column = at - (line_start == std::string::npos || at == 0 ? 0 : line_start + 1) + 1;
      throw InputError(name_ + ": line " + std::to_string(line) + ", column " + std::to_string(column) +
                       ": number out of range (beyond +-1.8e308, a double's limit), got " +
                       (token.size() > 40 ? token.substr(0, 37) + "..." : token));
    }
    if (pos.empty()) throw InputError(name_ + ": " + shorten(what));
    throw InputError(name_ + ": " + pos + ": " + shorten(what));
  }

private:
  struct Slot {
    std::string key;
    std::size_t index = 0;
  };

  // Where the next value goes; with `of_container`, the innermost open container itself.
  Path path(bool of_container = false) const {
    Path p;
    for (std::size_t i = 0; i + (of_container ? 1 : 0) < stack_.size(); ++i)
      p = stack_[i]->is_array() ? p.index(slots_[i].index) : p.key(slots_[i].key);
    return p;
  }

  json* value(json v) {
    if (stack_.empty()) {
      root_ = std::move(v);
      return &root_;
    }
    json& top = *stack_.back();
    if (top.is_array()) {
      top.push_back(std::move(v));
      slots_.back().index = top.size() - 1;
      return &top.back();
    }
    *element_ = std::move(v);
    return element_;
  }

  void open(json container) {
    json* p = value(std::move(container));  // first, so that path() says where it went
    if (stack_.size() >= kMaxJsonDepth)
      throw InputError(name_ + ": " + (stack_.empty() ? std::string() : shortened_path(path()) + ": ") +
                       "nested deeper than " + std::to_string(kMaxJsonDepth) + " levels");
    stack_.push_back(p);
    slots_.emplace_back();
  }

  void close() {
    stack_.pop_back();
    slots_.pop_back();
  }

  const std::string& text_;
  const std::string& name_;
  json root_;
  std::vector<json*> stack_;  // open containers, outermost first
  std::vector<Slot> slots_;   // where in each open container the next value goes
  json* element_ = nullptr;   // the object member the next value fills
};

}  // namespace

nlohmann::json parse_json_text(const std::string& text, const std::string& name) {
  Builder b(text, name);
  nlohmann::json::sax_parse(text, &b);
  return std::move(b.root());
}

nlohmann::json read_json_file(const std::string& file) {
  return parse_json_text(read_input_file(file, kMaxJsonFileBytes), file);
}

}  // namespace opgsim::config
