#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Kills `comet run` with SIGKILL at random moments, resumes it with --resume each
# time, and checks that the finished run equals an uninterrupted one with the same
# seed: per-epoch metrics, every step's loss and the test metrics, to 1e-5 relative.
# Also checks that SIGTERM leaves a complete run directory (status stopped, exit 130).
#
#   scripts/kill_resume_check.sh [BUILD_DIR] [ROUNDS] [KILLS_PER_ROUND]
#
# Needs Debian's dataset-fashion-mnist (or COMET_KILL_DATA=<IDX folder>).
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
build="${1:-$here/build}"
rounds="${2:-3}"
kills="${3:-4}"
comet="$build/bin/comet"
data="${COMET_KILL_DATA:-/usr/share/datasets/fashion-mnist}"
work="$(mktemp -d /tmp/comet-kill-resume.XXXXXX)"
trap 'rm -rf "$work"' EXIT
[ -x "$comet" ] || { echo "no $comet (build first)"; exit 2; }

cat > "$work/exp.yaml" <<YAML
name: kill-resume
seed: 11
data: {dataset: idx, root: $data, train_subset: 4000, test_subset: 1000}
model: {method: comet, width: 256, pk: 0.5}
train: {epochs: 6, batch_size: 32, threads: 1, checkpoint_every_steps: 7}
probe: {examples: 200, pair_examples: 50}
YAML

# shellcheck source=scripts/run_compare.sh
source "$here/scripts/run_compare.sh"

echo "reference run (uninterrupted)"
t0=$(date +%s.%N)
"$comet" run "$work/exp.yaml" --out "$work/ref" --quiet > /dev/null & pid=$!
while [ ! -f "$work/ref/summary.json" ] && kill -0 $pid 2>/dev/null; do sleep 0.02; done
t1=$(date +%s.%N)
wait $pid
t2=$(date +%s.%N)
load=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }')
full=$(awk -v a="$t0" -v b="$t2" 'BEGIN { printf "%.2f", b - a }')
echo "  took ${full}s (${load}s loading the data before training starts), status $(status_of "$work/ref")"

failures=0
echo "SIGTERM: stop, check the directory, resume"
"$comet" run "$work/exp.yaml" --out "$work/term" --quiet > /dev/null & pid=$!
sleep "$(awk -v f="$full" 'BEGIN { printf "%.2f", f * 0.5 }')"
kill -TERM $pid; rc=0; wait $pid || rc=$?
st=$(status_of "$work/term")
echo "  exit code $rc, status $st, checkpoint $( [ -f "$work/term/checkpoint.pt" ] && echo yes || echo no), $(($(wc -l < "$work/term/steps.csv") - 1)) steps, $(($(wc -l < "$work/term/metrics.csv") - 1)) epochs in the files"
[ "$rc" = 130 ] && [ "$st" = stopped ] && [ -f "$work/term/checkpoint.pt" ] || { echo "  FAIL"; failures=$((failures + 1)); }
"$comet" run --resume "$work/term" --quiet > /dev/null
if compare "$work/ref" "$work/term"; then echo "  resumed run matches"; else echo "  FAIL: resumed run differs"; failures=$((failures + 1)); fi

for round in $(seq 1 "$rounds"); do
  dir="$work/round$round"
  echo "round $round: $kills kill -9 at random moments, each followed by --resume"
  started=0
  for k in $(seq 1 "$kills"); do
    [ "$(status_of "$dir")" = completed ] && break
    if [ -f "$dir/checkpoint.pt" ]; then
      "$comet" run --resume "$dir" --quiet > /dev/null 2>&1 & pid=$!
    else
      "$comet" run "$work/exp.yaml" --out "$dir" --quiet > /dev/null 2>&1 & pid=$!
    fi
    # Mostly during training (after the data is loaded), sometimes while loading.
    delay=$(awk -v s="$RANDOM" -v f="$full" -v l="$load" 'BEGIN { srand(s); r = rand();
      printf "%.2f", r < 0.2 ? 0.1 + rand() * l : l + rand() * (f - l) * 0.8 }')
    sleep "$delay"
    if kill -9 $pid 2>/dev/null; then
      wait $pid 2>/dev/null || true
      steps=0
      [ -f "$dir/steps.csv" ] && steps=$(( $(wc -l < "$dir/steps.csv") - 1 ))
      echo "  kill -9 after ${delay}s: status $(status_of "$dir"), checkpoint $( [ -f "$dir/checkpoint.pt" ] && echo yes || echo no), $steps steps in steps.csv"
    else
      wait $pid 2>/dev/null || true
      echo "  the run finished before the kill at ${delay}s"
    fi
  done
  rc=0
  if [ -f "$dir/checkpoint.pt" ]; then
    "$comet" run --resume "$dir" --quiet > /dev/null || rc=$?
  else
    "$comet" run "$work/exp.yaml" --out "$dir" --quiet > /dev/null || rc=$?
  fi
  echo "  final resume: exit code $rc, status $(status_of "$dir")"
  if [ "$rc" = 0 ] && compare "$work/ref" "$dir"; then echo "  matches the uninterrupted run"; else echo "  FAIL"; failures=$((failures + 1)); fi
  leftovers=$(find "$dir" -name '*.tmp.*' | wc -l)
  [ "$leftovers" = 0 ] || echo "  note: $leftovers temporary files left by kills"
done

if [ "$failures" = 0 ]; then echo "kill/resume check: OK"; else echo "kill/resume check: $failures FAILED"; exit 1; fi
