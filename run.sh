#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# One command on a fresh Debian 12 machine: install what is missing, build, and
# run the default experiment (experiments/quickstart.yaml: COMET against the
# standard MLP on Fashion-MNIST). With a display, the workbench opens on it and
# starts both runs (live curves, inspection views); without one (or with
# COMET_HEADLESS=1) the comet command line trains them and prints the results.
# Extra arguments go to both headless runs as overrides, e.g. ./run.sh train.epochs=3
set -euo pipefail
cd "$(dirname "$0")"
source scripts/setup.sh
comet_setup

if [ -z "${COMET_HEADLESS:-}" ] && [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] && [ -x build/bin/comet-workbench ]; then
  echo "== comet-workbench experiments/quickstart.yaml --compare standard --start"
  exec ./build/bin/comet-workbench experiments/quickstart.yaml --compare standard --start
fi

stamp=$(date +%Y%m%d-%H%M%S)
results=()
for method in comet standard; do
  out="runs/quickstart-$stamp/$method"
  echo
  echo "== comet run experiments/quickstart.yaml model.method=$method $*"
  ./build/bin/comet run experiments/quickstart.yaml "model.method=$method" "$@" --out "$out"
  results+=("$method: $(grep -o '"test_acc": [0-9.]*' "$out/summary.json" | cut -d' ' -f2) test accuracy, in $out")
done
echo
echo "== quickstart results (Fashion-MNIST, 4-layer MLP, width 1000, p_k 0.5)"
printf '  %s\n' "${results[@]}"
