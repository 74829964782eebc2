// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/probe/ProbeReport.h"

namespace comet {

// Writes a probe report as CSV files into `directory` (created if missing):
//   summary.csv               layer,width,k,dead,always_on,mean_frequency,mean_jaccard,similarity_r,examples,positions
//   usage_layerL.csv          neuron,frequency,<one column per class>
//   overlap_classes_layerL.csv  class x class mean Jaccard (header: class names)
//   overlap_examples_layerL.csv example x example Jaccard, sorted by class (first column: label)
//   similarity_layerL.csv     bin_low,bin_high,pairs,mean_jaccard
//   similarity_pairs_layerL.csv cosine,jaccard (a sample of pairs)
void writeProbeCsv(const ProbeReport& report, const std::string& directory);

// Reads them back (the run-directory reader's probe part). An empty report when
// `directory` has no summary.csv; a layer's missing optional file leaves its part
// empty. Throws RunError naming the file and line for a corrupt one. `examples`
// is -1 for probe folders written before summary.csv had that column.
ProbeReport readProbeCsv(const std::string& directory);

// A CSV table of numbers under a header of names, as these files are written:
// "null", "nan" and empty cells read as NaN. Throws RunError (file:line) for a row
// of another width or a cell that is not a number.
struct NumericCsv {
  std::vector<std::string> header;
  std::vector<std::vector<double>> rows;
  int column(const std::string& name) const;  // -1 when absent
  // The row's cell in column `name`, NaN when the table has no such column.
  double value(const std::vector<double>& row, const std::string& name) const;
};
NumericCsv parseNumericCsv(const std::string& text, const std::string& origin);
// The table in the file `path`, or nothing when there is no such file.
std::optional<NumericCsv> readNumericCsvIfPresent(const std::string& path);
// A count read from a cell: 0 for NaN or infinity.
int64_t countCell(double value);
// A name made safe for a CSV header cell (no commas or line breaks).
std::string csvHeaderCell(std::string name);

}  // namespace comet
