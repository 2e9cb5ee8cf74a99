// Writes a report folder (see write_report.hpp).
#include "analysis/report/write_report.hpp"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <limits>
#include <map>
#include <optional>
#include <regex>
#include <sstream>
#include <stdexcept>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "analysis/curve.hpp"
#include "models/common/input_error.hpp"
#include "analysis/report/gnuplot.hpp"
#include "analysis/report/report_html.hpp"
#include "analysis/report/report_pages.hpp"
#include "analysis/io/run_files.hpp"

namespace opgsim::analysis::report {

namespace fs = std::filesystem;
using pages::Page;

int write_report(const std::string& dir_arg, std::ostream& out, std::span<const RoleSignals> roles,
                 const std::vector<std::string>& slo) {
  const fs::path dir = fs::path(dir_arg);
  std::error_code ec;
  if (!fs::exists(dir, ec)) throw InputError(fmt::format("{}: no such folder", dir_arg));
  if (!fs::is_directory(dir, ec))
    throw InputError(fmt::format("{}: not a folder (give a sweep folder or a run folder)", dir_arg));
  const bool is_sweep = fs::is_regular_file(dir / "curve.csv");
  if (!is_sweep && !fs::is_regular_file(dir / "timeseries.csv"))
    throw InputError(fmt::format("{}: neither curve.csv (a sweep folder) nor timeseries.csv (a run folder) in it",
                                 dir_arg));

  const fs::path final_dir = dir / "report";
  const fs::path staging = dir / fmt::format(".report.tmp-{}", ::getpid());
  const fs::path old = dir / fmt::format(".report.old-{}", ::getpid());
  Page p = is_sweep ? pages::sweep_page(dir, staging / "curve-plot.csv", roles, slo) : pages::run_page(dir, roles, slo);

  const std::string gnuplot = find_on_path("gnuplot");
  if (gnuplot.empty()) throw InputError("gnuplot not found: install gnuplot-nox (bash setup.sh installs it)");

  fs::remove_all(staging);
  fs::create_directories(staging);
  try {
    for (const auto& [name, contents] : p.files) {
      std::ofstream f(staging / name, std::ios::binary);
      f << contents;
      f.close();
      if (!f) throw std::runtime_error(fmt::format("{}: cannot write file", (staging / name).string()));
    }
    for (const Figure& f : p.figures) {
      for (const char* ext : {".svg", ".png"})
        run_gnuplot(gnuplot, f.script, f.vars, fs::absolute(staging / (f.name + ext)), staging);
    }
    {
      std::ofstream f(staging / "index.html", std::ios::binary);
      f << page(p.title, p.subtitle, p.body);
      f.close();
      if (!f) throw std::runtime_error(fmt::format("{}: cannot write file", (staging / "index.html").string()));
    }
    fs::remove_all(old);
    if (fs::exists(final_dir)) fs::rename(final_dir, old);
    fs::rename(staging, final_dir);
    fs::remove_all(old);
  } catch (const GnuplotFailure& e) {
    fs::remove_all(staging, ec);
    std::cerr << "error: " << e.what() << "\n";
    return 1;
  } catch (...) {
    fs::remove_all(staging, ec);
    throw;
  }
  out << fmt::format("wrote {} ({} figure{}, SVG and PNG)\n", (final_dir / "index.html").string(), p.figures.size(),
                     p.figures.size() == 1 ? "" : "s");
  return 0;
}

}  // namespace opgsim::analysis::report
