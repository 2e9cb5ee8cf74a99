// The fields of a JSON output file (summary.json, manifest.json) declared once: a dotted path
// or path pattern, unit, doc and when it is present. Writers set values through the declared
// paths (json_writer.hpp), a test checks real outputs against the declarations, and
// results/README.md documents the file from them. No SimGrid.
//
// Path patterns: segments separated by '.'; a segment `{a,b,c}` stands for each of a, b, c; a
// segment `<name>` for each value of the registry's placeholder `name` (e.g. `<stage>`: the
// lifecycle's stages). `stages.<stage>.{mean,p99}` is 9 x 2 concrete paths.
#pragma once

#include <map>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace opgsim::analysis::output {

struct FieldDecl {
  std::string_view path;   // pattern, see above
  std::string_view unit;   // "" for none
  std::string_view doc;
  std::string_view when = {};  // "" = always present; else the condition in words ("economy only")
  // The value is an object or array whose inside is not declared field by field (the resolved
  // scenario in manifest.json): keys under it are not checked.
  bool opaque = false;
};

struct Placeholder {
  std::string_view name;            // without the angle brackets
  std::vector<std::string> values;  // what it stands for, in order
};

class FieldRegistry {
public:
  // Throws std::logic_error for a malformed pattern, an unknown placeholder or a path declared twice.
  FieldRegistry(std::string file, std::span<const FieldDecl> fields, std::vector<Placeholder> placeholders);

  const std::string& file() const { return file_; }
  std::span<const FieldDecl> fields() const { return fields_; }

  // The concrete paths a pattern stands for, in declaration order.
  std::vector<std::string> expand(std::string_view pattern) const;
  // The declaration a concrete path belongs to (itself, or an opaque field above it); null if none.
  const FieldDecl* find(std::string_view path) const;

  // Leaf paths of `doc` (objects are walked, arrays and scalars are leaves, opaque fields are
  // not entered) that no declaration covers.
  std::vector<std::string> undeclared(const nlohmann::json& doc) const;
  // Concrete paths of always-present declarations that `doc` lacks.
  std::vector<std::string> missing(const nlohmann::json& doc) const;
  // Throws std::logic_error naming the first undeclared path: a writer emitted a key no one declared.
  void require_declared(const nlohmann::json& doc) const;

  // The Markdown reference: the field table, then what each placeholder used stands for.
  std::string markdown() const;

private:
  void walk(const nlohmann::json& j, const std::string& path, std::vector<std::string>& out) const;

  std::string file_;
  std::span<const FieldDecl> fields_;
  std::vector<Placeholder> placeholders_;
  std::map<std::string, const FieldDecl*, std::less<>> concrete_;  // every concrete path -> its declaration
};

}  // namespace opgsim::analysis::output
