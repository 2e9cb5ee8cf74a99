// The declaration of indices.csv's columns (see indices_columns.hpp).
#include "analysis/sensitivity/indices_columns.hpp"

#include <array>

namespace opgsim::analysis::output {
namespace {
using Col = CsvColumn<IndexRow, IndexFile>;
bool sobol(const IndexFile& f) { return f.sobol; }
bool morris(const IndexFile& f) { return !f.sobol; }
constexpr std::string_view kSobol = "Sobol studies";
constexpr std::string_view kMorris = "Morris studies";

const std::array kColumns{
    Col{"outcome", "", "the summary.json metric the indices are of", Format::Text,
        [](const IndexRow& r) -> Value { return std::string_view(r.outcome); }},
    Col{"name", "", "the factor's scenario path, or the group's name", Format::Text,
        [](const IndexRow& r) -> Value { return std::string_view(r.name); }},
    Col{"kind", "", "factor or group", Format::Text, [](const IndexRow& r) -> Value { return std::string_view(r.kind); }},
    Col{"first", "", "first-order Sobol index: the share of the outcome's variance this factor explains alone",
        Format::Sig6, [](const IndexRow& r) -> Value { return r.first; }, &sobol, kSobol},
    Col{"first_lo", "", "95 % bootstrap interval of first", Format::Sig6, [](const IndexRow& r) -> Value { return r.first_lo; },
        &sobol, kSobol},
    Col{"first_hi", "", "95 % bootstrap interval of first", Format::Sig6, [](const IndexRow& r) -> Value { return r.first_hi; },
        &sobol, kSobol},
    Col{"total", "", "total Sobol index: the share of variance this factor explains with all its interactions",
        Format::Sig6, [](const IndexRow& r) -> Value { return r.total; }, &sobol, kSobol},
    Col{"total_lo", "", "95 % bootstrap interval of total", Format::Sig6, [](const IndexRow& r) -> Value { return r.total_lo; },
        &sobol, kSobol},
    Col{"total_hi", "", "95 % bootstrap interval of total", Format::Sig6, [](const IndexRow& r) -> Value { return r.total_hi; },
        &sobol, kSobol},
    Col{"mu", "outcome unit", "mean elementary effect over the factor's whole range (signed)", Format::Sig6,
        [](const IndexRow& r) -> Value { return r.mu; }, &morris, kMorris},
    Col{"mu_star", "outcome unit", "mean absolute elementary effect: the factor's importance", Format::Sig6,
        [](const IndexRow& r) -> Value { return r.mu_star; }, &morris, kMorris},
    Col{"mu_star_lo", "outcome unit", "95 % bootstrap interval of mu_star", Format::Sig6,
        [](const IndexRow& r) -> Value { return r.mu_star_lo; }, &morris, kMorris},
    Col{"mu_star_hi", "outcome unit", "95 % bootstrap interval of mu_star", Format::Sig6,
        [](const IndexRow& r) -> Value { return r.mu_star_hi; }, &morris, kMorris},
    Col{"sigma", "outcome unit", "standard deviation of the elementary effects: nonlinearity or interactions",
        Format::Sig6, [](const IndexRow& r) -> Value { return r.sigma; }, &morris, kMorris},
};
const IndicesTable kTable{kColumns};
}  // namespace

const IndicesTable& indices_columns() { return kTable; }

}  // namespace opgsim::analysis::output
