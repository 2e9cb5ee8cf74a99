// Reading what runs and sweeps wrote: whole files, JSON files, and CSV tables with a header line
// (timeseries.csv, ledger.csv, curve.csv), every error an InputError naming the file. Shared by
// sweep collection, analyze and report.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "analysis/curve.hpp"

namespace opgsim::analysis {

std::string read_text(const std::filesystem::path& p);
nlohmann::json read_json(const std::filesystem::path& p);

// A number written in a CSV cell or a JSON string; nullopt for an empty or malformed one.
std::optional<double> number(const std::string& s);

// A CSV file with a header line. Fields may be double-quoted (a quote inside doubled).
struct Table {
  std::string file;
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;

  int column(const std::string& name) const;
  bool has(const std::string& name) const { return column(name) >= 0; }
  // Every cell of a column as a number (an empty cell is NaN). Throws InputError naming the file.
  std::vector<double> numbers(const std::string& name) const;
};

std::vector<std::string> split_csv_line(const std::string& line);
Table read_csv(const std::filesystem::path& p);

// A sweep's curve: a curve.csv file, or the sweep folder that holds one.
Curve read_curve_file(const std::string& path);

}  // namespace opgsim::analysis
