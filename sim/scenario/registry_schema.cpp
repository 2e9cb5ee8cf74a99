// ParamDecl -> schema field, and validated value -> factory parameter (see registry_schema.hpp).
#include "sim/scenario/registry_schema.hpp"

#include <cmath>

namespace opgsim {

void declare_param(config::ObjectSchema& params, const ParamDecl& p) {
  using config::Type;
  Type t = Type::boolean();
  nlohmann::json def = p.default_value != 0;
  if (p.kind != ParamDecl::Kind::Boolean) {
    t = p.kind == ParamDecl::Kind::Integer ? Type::integer() : Type::number();
    if (std::isfinite(p.min)) t = p.min_exclusive ? t.gt(p.min) : t.ge(p.min);
    if (std::isfinite(p.max)) t = t.le(p.max);
    def = p.kind == ParamDecl::Kind::Integer ? nlohmann::json(static_cast<std::int64_t>(p.default_value))
                                             : nlohmann::json(p.default_value);
  }
  auto f = params.field(p.name, t);
  f.def(def).doc(p.doc);
  if (p.unit != nullptr && *p.unit != '\0') f.unit(p.unit);
}

double param_value(const ParamDecl& p, const nlohmann::json& value) {
  if (p.kind == ParamDecl::Kind::Boolean) return value.get<bool>() ? 1 : 0;
  return value.get<double>();
}

}  // namespace opgsim
