// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <string>

#include "core/probe/ProbeReport.h"
#include "core/util/NumericCsv.h"  // the tables these files are, and their reader

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

}  // namespace comet
