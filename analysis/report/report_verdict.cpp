// `opgsim report`: the verdict section (analyze's, reused word for word), the SLO bounds and the
// overrides in the title (see report_pages.hpp).
#include <sstream>

#include <fmt/format.h>

#include "analysis/report/report_pages.hpp"
#include "models/common/input_error.hpp"

namespace opgsim::analysis::report::pages {

namespace fs = std::filesystem;

double slo_bound(const Marks& m, const std::string& prefix, std::string* text) {
  for (const SloTerm& t : m.slo)
    if (t.op == SloTerm::Op::Le && t.path.rfind(prefix, 0) == 0) {
      if (text != nullptr)
        *text = (m.default_slo ? "default knee criterion: " : "SLO: ") + fmt::format("{} <= {:.4g}", t.path, t.bound);
      return t.bound;
    }
  return -1;
}

std::optional<FolderAnalysis> analysis_of(const fs::path& dir, const std::vector<std::string>& slo,
                                          std::span<const RoleSignals> roles, std::string& why_not) {
  for (const std::string& t : slo) parse_slo(t);  // a malformed term is bad input whatever the folder holds
  try {
    return analyze_folder_result(dir.string(), slo, roles);
  } catch (const InputError& e) {
    // A term no point has a value for is the user's error, as in analyze; a folder without a
    // measured point (a run shorter than its warm-up) only has no verdict.
    if (!slo.empty() && std::string(e.what()).find("--slo") != std::string::npos) throw;
    why_not = e.what();
    return std::nullopt;
  }
}

std::string verdict_html(const std::optional<FolderAnalysis>& a, const std::string& why_not, const std::string& one_line,
                         const std::string& command) {
  std::string h = "<h2>Verdict</h2>\n";
  if (!a) return h + "<p class=\"verdict\">No verdict: " + esc(why_not) + "</p>\n";
  if (!one_line.empty()) h += "<p class=\"verdict\"><strong>" + esc(one_line) + "</strong></p>\n";
  h += "<p>What <code>" + esc(command) + "</code> says:</p>\n";
  h += "<pre class=\"analyze\">" + esc(a->text) + "</pre>\n";
  std::vector<std::string> marks;
  if (a->knee.found) marks.emplace_back("the dotted vertical line marks the knee");
  if (!a->terms.empty()) marks.emplace_back("the dashed horizontal lines are the bounds it judged by");
  if (!marks.empty()) h += fmt::format("<p>On the figures, {}.</p>\n", fmt::join(marks, "; "));
  return h;
}

std::vector<std::string> set_overrides(const std::string& command_line) {
  std::istringstream in(command_line);
  std::vector<std::string> words, out;
  for (std::string w; in >> w;) words.push_back(w);
  for (std::size_t i = 0; i < words.size(); ++i) {
    if (words[i] == "--set" && i + 1 < words.size()) out.push_back(words[++i]);
    else if (words[i].rfind("--set=", 0) == 0) out.push_back(words[i].substr(6));
  }
  return out;
}

std::string overrides_title(const std::vector<std::string>& overrides) {
  if (overrides.empty()) return "";
  std::string s;
  for (const std::string& o : overrides) s += (s.empty() ? "" : ", ") + o;
  return " (--set " + s + ")";
}

}  // namespace opgsim::analysis::report::pages
