# SPDX-License-Identifier: GPL-3.0-or-later
# Shell functions shared by scripts/kill_resume_check.sh and kill_sweep_check.sh
# (sourced, not run).
#
# compare A B: run directory B equals run directory A: per-epoch metrics, every
# step's loss, row counts and the summary's test metrics, to 1e-5 relative. Prints
# the number of rows compared and the largest relative difference.
compare() {
  awk -F, -v a="$1" -v b="$2" '
    function rel(x, y) { if (x == y) return 0; d = x - y; if (d < 0) d = -d;
                         m = (x < 0 ? -x : x); n = (y < 0 ? -y : y); if (n > m) m = n; return d / m }
    FNR == 1 { file++; next }
    file <= 2 { A[FILENAME ":" FNR] = $0; next }
    {
      key = FILENAME; sub(b, a, key); key = key ":" FNR
      if (!(key in A)) { print "missing row " key; bad = 1; next }
      split(A[key], x, ","); cols = (FILENAME ~ /metrics/) ? 6 : 3
      for (i = 1; i <= cols; i++) { r = rel(x[i] + 0, $i + 0); if (r > worst) worst = r; if (r > 1e-5) { print "differs: " FILENAME ":" FNR " col " i ": " x[i] " vs " $i; bad = 1 } }
      rows++
    }
    END { printf "  compared %d rows, largest relative difference %.3g\n", rows, worst; exit bad }
  ' "$1/metrics.csv" "$1/steps.csv" "$2/metrics.csv" "$2/steps.csv" 2>/dev/null || return 1
  # Row counts must match too.
  for f in metrics.csv steps.csv; do
    [ "$(wc -l < "$1/$f")" = "$(wc -l < "$2/$f")" ] || { echo "  $f: row counts differ"; return 1; }
  done
  for k in test_loss test_acc best_val_acc; do
    x=$(grep "\"$k\"" "$1/summary.json"); y=$(grep "\"$k\"" "$2/summary.json")
    [ "$x" = "$y" ] || { echo "  summary $k differs: $x vs $y"; return 1; }
  done
}

# status_of DIR: the status in DIR/summary.json (empty when there is none).
status_of() { sed -n 's/.*"status": "\([a-z]*\)".*/\1/p' "$1/summary.json" 2>/dev/null || true; }
