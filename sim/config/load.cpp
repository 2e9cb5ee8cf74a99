// Load -> override -> validate (see load.hpp).
#include "sim/config/load.hpp"

#include "sim/config/set_override.hpp"
#include "sim/config/validate.hpp"

namespace opgsim::config {

Document load_validated(const std::string& file, const std::vector<std::string>& sets,
                        const ObjectSchema& schema) {
  Document d = load_with_extends(file);
  apply_sets(d, sets);
  d.value = validate(schema, d.value, d.origins);
  return d;
}

}  // namespace opgsim::config
