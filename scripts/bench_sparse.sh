#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The table of docs/performance.md, "Sparse execution": ms per training step of
# COMET dense, COMET sparse and the standard MLP (dense), plain SGD, 3 hidden layers,
# over p_k x width x batch, measured by `comet bench` (steps only: no start-up, no
# mask-cache preparation) in ROUNDS interleaved rounds (dense, sparse, standard,
# then again), the median of each cell. Then the fp32 GEMM peak (`comet bench
# --peak`) and the standard MLP's fraction of it at width 3000, batch 256.
#
#   scripts/bench_sparse.sh [BUILD_DIR] [ROUNDS]     (about 15 minutes, idle machine)
set -euo pipefail
build="${1:-build}"
rounds="${2:-2}"
comet="$build/bin/comet"
config="$(dirname "$0")/../experiments/quickstart.yaml"
common=(train.optimizer=sgd train.lr=0.01 data.train_subset=12000)

ms() {  # METHOD EXECUTION PK WIDTH BATCH STEPS -> ms per step
  "$comet" bench "$config" "${common[@]}" model.method="$1" model.execution="$2" model.pk="$3" \
    model.width="$4" train.batch_size="$5" --steps "$6" --warmup 3 |
    python3 -c 'import json, sys; d = json.load(sys.stdin); print(d["ms_per_step"], d["execution"], d["dense_equivalent_gflops"])'
}
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR] = $1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }

echo "| p_k | width | batch | standard dense ms | COMET dense ms | COMET sparse ms | sparse speed-up over COMET dense | sparse vs standard |"
echo "| --- | --- | --- | --- | --- | --- | --- | --- |"
for width in 1000 3000; do
  for batch in 32 256; do
    steps=$(( width == 3000 ? (batch == 256 ? 12 : 60) : (batch == 256 ? 60 : 300) ))
    for pk in 0.1 0.5 0.9; do
      d=(); s=(); st=()
      for _ in $(seq "$rounds"); do
        read -r a ex _ < <(ms comet dense "$pk" "$width" "$batch" "$steps"); d+=("$a")
        read -r b ex _ < <(ms comet sparse "$pk" "$width" "$batch" "$steps"); s+=("$b")
        read -r c ex _ < <(ms standard dense "$pk" "$width" "$batch" "$steps"); st+=("$c")
      done
      D=$(median "${d[@]}"); S=$(median "${s[@]}"); T=$(median "${st[@]}")
      awk -v pk="$pk" -v w="$width" -v b="$batch" -v T="$T" -v D="$D" -v S="$S" \
        'BEGIN { printf "| %s | %s | %s | %.2f | %.2f | %.2f | %.2fx | %.2fx |\n", pk, w, b, T, D, S, D / S, T / S }'
    done
  done
done

echo
"$comet" bench --peak
read -r t _ g < <(ms standard dense 0.5 3000 256 12)
echo "standard MLP, width 3000, batch 256, SGD: $t ms per step, $g dense GFLOP/s"
