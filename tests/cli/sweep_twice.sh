#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Two `comet sweep`s started on one folder at the same time share its cells: each
# cell runs exactly once (the run directory's lock), and every cell ends completed.
# Then `--jobs 2` (cells in forked processes) on a fresh folder: every cell once,
# each reported once, sweep.csv complete, the same test losses.
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

"$comet" sweep sweep.yaml --out jobs --jobs 2 > jobs.log 2>&1 ||
  { rc=$?; cat jobs.log; echo "FAIL: --jobs 2 exited $rc"; exit 1; }  # $? after cat would be cat's
cat jobs.log
for i in 0 1 2 3 4 5; do
  lines=$(grep -c "^cell $i " jobs.log || true)
  [ "$lines" = 1 ] || { echo "FAIL: cell $i reported $lines times under --jobs 2"; fail=1; }
done
starts=$(grep -c "^sweep sweep: 6 cells" jobs.log || true)
[ "$starts" = 1 ] || { echo "FAIL: the sweep's first line printed $starts times (a child repeated buffered output)"; fail=1; }
rows=$(($(wc -l < jobs/sweep.csv) - 1))
[ "$rows" = 6 ] || { echo "FAIL: jobs/sweep.csv has $rows rows"; fail=1; }
# threads is 1 in both (base.yaml; --jobs 2 on 2 cores), so the runs are the same.
for d in out/*/; do
  cell=$(basename "$d")
  a=$(grep -o '"test_loss": *[0-9.e-]*' "out/$cell/summary.json")
  b=$(grep -o '"test_loss": *[0-9.e-]*' "jobs/$cell/summary.json")
  [ -n "$a" ] && [ "$a" = "$b" ] || { echo "FAIL: $cell: '$a' alone, '$b' under --jobs 2"; fail=1; }
done
[ "$fail" = 0 ] && echo "--jobs 2 ran each cell once, to the same results"
exit $fail
