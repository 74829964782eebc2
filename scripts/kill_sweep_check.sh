#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Kills `comet sweep` with SIGKILL at random moments and starts it again each time,
# then checks that the finished sweep equals an uninterrupted one: every cell's
# per-epoch metrics, every step's loss and its test metrics (scripts/run_compare.sh),
# with no cell missing and no cell run twice from scratch after its first checkpoint.
#
# Each kill is one of:
#   parent  kill -9 of the sweep process only (--jobs 2): its cells get SIGTERM
#           from the kernel (PR_SET_PDEATHSIG), stop cleanly, and are resumed;
#   group   kill -9 of the sweep and its cells at once (--jobs 2), a power cut;
#   inproc  kill -9 of a sequential sweep (--jobs 1), its cell inside it.
#
#   scripts/kill_sweep_check.sh [BUILD_DIR] [KILLS]
#
# COMET_KEEP=1 keeps the work folder (its path is printed first).
# Needs Debian's dataset-fashion-mnist (or COMET_KILL_DATA=<IDX folder>).
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
build="${1:-$here/build}"
kills="${2:-8}"
comet="$build/bin/comet"
data="${COMET_KILL_DATA:-/usr/share/datasets/fashion-mnist}"
work="$(mktemp -d /tmp/comet-kill-sweep.XXXXXX)"
trap 'pkill -KILL -f -- "--out $work/" 2>/dev/null || true; [ -n "${COMET_KEEP:-}" ] || rm -rf "$work"' EXIT
[ -x "$comet" ] || { echo "no $comet (build first)"; exit 2; }
# shellcheck source=scripts/run_compare.sh
source "$here/scripts/run_compare.sh"

cat > "$work/base.yaml" <<YAML
name: kill-sweep
data: {dataset: idx, root: $data, train_subset: 8000, test_subset: 1000}
model: {width: 256, pk: 0.5}
train: {epochs: 6, batch_size: 32, checkpoint_every_steps: 9}
probe: {examples: 200, pair_examples: 50}
YAML
cat > "$work/sweep.yaml" <<YAML
experiment: base.yaml
grid:
  model.method: [standard, topk, comet]
seeds: 2
YAML
# Every cell gets one thread whether the sweep runs 1 or 2 jobs, so that resumed
# cells compute exactly what the uninterrupted ones did.
# (exec: in the background, $! must be comet itself, not a subshell around it)
sweep() { exec "$comet" sweep "$work/sweep.yaml" train.threads=1 --quiet "$@"; }
cells=$( (sweep --list --out "$work/ref") | grep -c pending)

echo "work folder: $work"
echo "reference sweep (uninterrupted, --jobs 2): $cells cells"
t0=$SECONDS
(sweep --jobs 2 --out "$work/ref") > /dev/null
full=$((SECONDS - t0))
echo "  took ${full}s"

# Job control: every background sweep leads its own process group (kill -9 -PGID).
set -m
out="$work/killed"
restarts=0
for k in $(seq 1 "$kills"); do
  mode=$(shuf -n1 -e parent group inproc)
  jobs=2
  [ "$mode" = inproc ] && jobs=1
  sweep --jobs $jobs --out "$out" > "$work/log.$k" 2>&1 & pid=$!
  delay=$(awk -v s="$RANDOM" -v f="$full" 'BEGIN { srand(s); printf "%.2f", 0.5 + rand() * f * 0.3 }')
  sleep "$delay"
  if ! kill -0 $pid 2>/dev/null; then
    wait $pid || true
    echo "  kill $k: the sweep finished before ${delay}s"
    break
  fi
  if [ "$mode" = group ]; then kill -9 -- -$pid; else kill -9 $pid; fi
  wait $pid 2>/dev/null || true
  # Cells orphaned by a parent kill stop by themselves; wait for them.
  for _ in $(seq 1 300); do pgrep -f -- "--out $out( |\$)" > /dev/null || break; sleep 0.1; done
  if pgrep -f -- "--out $out( |\$)" > /dev/null; then echo "  FAIL: comet still running 30 s after the sweep was killed"; exit 1; fi
  line=$( (sweep --list --out "$out") | awk '{ n[$2]++ } END { printf "%d done, %d resumable, %d pending", n["done"], n["resumable"], n["pending"] }')
  echo "  kill $k ($mode, --jobs $jobs) after ${delay}s: $line"
  restarts=$((restarts + 1))
done

echo "final run of the sweep"
rc=0
(sweep --jobs 2 --out "$out") > "$work/log.final" 2>&1 || rc=$?
grep -h "resumed\|cannot resume" "$work"/log.* | sed 's/^/  /' | head -20 || true
echo "  exit code $rc; $(tail -1 "$work/log.final")"

failures=0
[ "$rc" = 0 ] || failures=$((failures + 1))
for ref in "$work"/ref/*/; do
  name=$(basename "$ref")
  if [ ! -d "$out/$name" ]; then echo "  FAIL: cell $name missing"; failures=$((failures + 1)); continue; fi
  [ "$(status_of "$out/$name")" = completed ] || { echo "  FAIL: $name status $(status_of "$out/$name")"; failures=$((failures + 1)); }
  if result=$(compare "$ref" "$out/$name"); then echo "  $name:${result#  }"; else echo "  FAIL: $name differs: $result"; failures=$((failures + 1)); fi
done
# sweep.csv: the same results (the directory column aside, it is the last one).
if ! diff <(cut -d, -f1-8 "$work/ref/sweep.csv") <(cut -d, -f1-8 "$out/sweep.csv") > /dev/null; then
  echo "  FAIL: sweep.csv differs"; failures=$((failures + 1))
fi
leftovers=$(find "$out" -name '*.tmp.*' | wc -l)
[ "$leftovers" = 0 ] || echo "  note: $leftovers temporary files left by kills"
if [ "$failures" = 0 ]; then echo "kill/resume sweep check: OK ($restarts kills, $cells cells)"; else echo "kill/resume sweep check: $failures FAILED"; exit 1; fi
