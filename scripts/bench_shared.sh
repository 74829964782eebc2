#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The table of docs/performance.md, "A shared machine": ms per training step of four
# presets (the MLP dense and sparse, the ViT, the KDD gates), measured by `comet bench`
#   solo      alone on the machine
#   busy      beside one process that keeps a core busy (a shell loop)
#   two       two runs of the same preset at once (the slower of the two)
# each for the wait policy the programs set (OMP_WAIT_POLICY=PASSIVE,
# core/util/WaitPolicy.h) and for libgomp's default (GOMP_SPINCOUNT=300000, what an
# unset environment gives). The target: busy and two at most 2.6x solo (ideal 2x on
# 2 cores), and solo no slower than the default's solo.
#
#   scripts/bench_shared.sh [BUILD_DIR] [ROUNDS]     (about 10 minutes, idle machine)
set -euo pipefail
build="${1:-build}"
rounds="${2:-1}"
comet="$build/bin/comet"
exp="$(dirname "$0")/../experiments"

presets=(
  "mlp dense|$exp/quickstart.yaml model.execution=dense|60"
  "mlp sparse|$exp/quickstart.yaml train.optimizer=sgd model.pk=0.1 model.execution=sparse|150"
  "vit|$exp/vit_fashion.yaml|20"
  "gates|$exp/multifashion_gates.yaml|60"
)

ms() {  # ENV CONFIG... STEPS -> ms per step
  local env=$1 steps=$2
  shift 2
  # shellcheck disable=SC2086
  env $env "$comet" bench "$@" --steps "$steps" --warmup 3 |
    python3 -c 'import json, sys; print(json.load(sys.stdin)["ms_per_step"])'
}
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR] = $1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2fx", a / b}'; }

echo "| preset | wait | solo ms | beside a busy core ms | two at once ms (slower) | busy / solo | two / solo |"
echo "| --- | --- | --- | --- | --- | --- | --- |"
for entry in "${presets[@]}"; do
  IFS='|' read -r name args steps <<< "$entry"
  # shellcheck disable=SC2206
  config=($args)
  for wait in "OMP_WAIT_POLICY=PASSIVE" "GOMP_SPINCOUNT=300000"; do
    solo=() busy=() two=()
    for ((r = 0; r < rounds; ++r)); do
      solo+=("$(ms "$wait" "$steps" "${config[@]}")")
      sh -c 'while :; do :; done' &
      spinner=$!
      busy+=("$(ms "$wait" "$steps" "${config[@]}")")
      kill "$spinner"
      wait "$spinner" 2> /dev/null || true
      a=$(mktemp) b=$(mktemp)
      ms "$wait" "$steps" "${config[@]}" > "$a" &
      ms "$wait" "$steps" "${config[@]}" > "$b"
      wait
      two+=("$(printf '%s\n%s\n' "$(cat "$a")" "$(cat "$b")" | sort -g | tail -1)")
      rm -f "$a" "$b"
    done
    s=$(median "${solo[@]}") u=$(median "${busy[@]}") t=$(median "${two[@]}")
    printf '| %s | %s | %.1f | %.1f | %.1f | %s | %s |\n' "$name" "${wait%%=*}=${wait#*=}" "$s" "$u" "$t" \
      "$(ratio "$u" "$s")" "$(ratio "$t" "$s")"
  done
done
