#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The same set-up as run.sh, then the whole test suite through ctest.
set -euo pipefail
cd "$(dirname "$0")"
source scripts/setup.sh
comet_setup
cd build
# The test programs' OpenMP threads sleep while they wait, as the comet programs'
# do (core/util/WaitPolicy.h): two suites at once on 2 cores would otherwise spin
# against each other.
export OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-PASSIVE}"
start=$SECONDS
ctest --output-on-failure --parallel 2 "$@"
echo "test: ctest took $((SECONDS - start)) s"
# Then the extra stages of scripts/ci_extra.sh, each in its own build folder:
# fuzz (a clang build of the libFuzzer targets, 20 s per target), asan (the unit,
# integration and cli tests under ASan+UBSan) and tsan (the worker-thread tests,
# the workbench's included, under TSan). About 30 min more on 2 cores from
# scratch. COMET_EXTRA="fuzz" (or "", or any subset) chooses them; they do not run
# when test.sh is given ctest arguments.
if [ $# -eq 0 ]; then
  read -r -a extra <<< "${COMET_EXTRA-fuzz asan tsan}"
  if [ ${#extra[@]} -gt 0 ]; then cd .. && scripts/ci_extra.sh "${extra[@]}"; fi
fi
