// A model's config check reported at its scenario path (see model_check.hpp).
#include "sim/scenario/model_check.hpp"

#include <algorithm>

#include "models/common/input_error.hpp"

namespace opgsim {

void model_check(const std::function<void()>& check, const std::string& prefix, const config::Path& at,
                 const std::map<std::string, std::string>& rename, const config::Origins& origins) {
  try {
    check();
  } catch (const InputError& e) {
    const std::string msg = e.what();
    const auto colon = msg.find(": ");
    if (msg.rfind(prefix, 0) != 0 || colon == std::string::npos) config::fail_at(origins, at, msg);
    std::string key = msg.substr(prefix.size(), colon - prefix.size());
    if (auto it = rename.find(key); it != rename.end()) key = it->second;
    config::Path where = at;
    for (std::size_t b = 0; b < key.size();) {
      const auto dot = std::min(key.find('.', b), key.size());
      where = where.key(key.substr(b, dot - b));
      b = dot + 1;
    }
    config::fail_at(origins, where, msg.substr(colon + 2));
  }
}

}  // namespace opgsim
