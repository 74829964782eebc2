#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Two `comet sweep`s started on one folder at the same time share its cells: each
# cell runs exactly once (the run directory's lock), and every cell ends completed.
#
#   tests/cli/sweep_twice.sh COMET_BINARY [FASHION_MNIST_FOLDER]
set -euo pipefail
comet="$(realpath "${1:?usage: sweep_twice.sh COMET_BINARY}")"
data="${2:-/usr/share/datasets/fashion-mnist}"
work="$(mktemp -d /tmp/comet-sweep-twice.XXXXXX)"
trap 'rm -rf "$work"' EXIT
cd "$work"
cat > base.yaml <<YAML
name: twice
data: {root: $data, train_subset: 1500, test_subset: 300}
model: {width: 64}
train: {epochs: 2, threads: 1}
probe: {enabled: false}
YAML
printf 'experiment: base.yaml\ngrid:\n  model.method: [standard, topk, comet]\nseeds: 2\n' > sweep.yaml

"$comet" sweep sweep.yaml --out out --quiet > a.log 2>&1 & a=$!
"$comet" sweep sweep.yaml --out out --quiet > b.log 2>&1 & b=$!
wait $a || true  # one of them may end while the other still has a cell: exit 1
wait $b || true
cat a.log b.log
fail=0
for i in 0 1 2 3 4 5; do
  runs=$(cat a.log b.log | grep -c "^cell $i .*: completed" || true)
  [ "$runs" = 1 ] || { echo "FAIL: cell $i ran $runs times"; fail=1; }
done
done=$("$comet" sweep sweep.yaml --out out --list | grep -c " done ")
[ "$done" = 6 ] || { echo "FAIL: $done of 6 cells done"; fail=1; }
[ "$fail" = 0 ] && echo "both sweeps together ran each of the 6 cells once"
exit $fail
