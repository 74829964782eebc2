#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The same set-up as run.sh, then the whole test suite through ctest.
set -euo pipefail
cd "$(dirname "$0")"
source scripts/setup.sh
comet_setup
cd build
ctest --output-on-failure --parallel 2 "$@"
# The fuzz stage of scripts/ci_extra.sh: a clang build of the libFuzzer targets and
# 20 s of fuzzing per target (about 5 min on 2 cores; COMET_FUZZ=0 skips it). The
# ASan/UBSan and TSan stages rebuild the core and would take CI past its budget:
# run `scripts/ci_extra.sh asan tsan` by hand (docs/reliability.md).
if [ $# -eq 0 ] && [ "${COMET_FUZZ:-1}" != 0 ]; then
  cd .. && scripts/ci_extra.sh fuzz
fi
