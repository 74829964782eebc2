#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The same set-up as run.sh, then the whole test suite through ctest.
set -euo pipefail
cd "$(dirname "$0")"
source scripts/setup.sh
comet_setup
cd build
ctest --output-on-failure --parallel 2 "$@"
