#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Proves the README's set-up on a machine with nothing installed by hand: builds a
# fresh Debian bookworm root with mmdebstrap (variant minbase: the Essential
# packages and apt, nothing else: harsher than any real installation), from the
# apt sources this machine already uses, clones the commit into it and runs
# `./test.sh` there (COMET_EXTRA="" unless set: the ctest suite, not the sanitizer
# stages), then `./run.sh` headless on a small experiment (FRESH_RUN_ARGS).
# Prints the time each phase took.
#
# Usage: scripts/fresh_check.sh [COMMIT]      (default HEAD; run as root)
#   FRESH_ROOT=DIR   where to build the root (default: a new folder in /var/tmp)
#   FRESH_KEEP=1     keep the root afterwards (default: removed)
#   COMET_EXTRA=...  passed on to test.sh (default: "")
#   FRESH_RUN_ARGS   overrides for ./run.sh (default: one epoch on 3000 examples)
# Exit status: test.sh's inside the root; 2 when the root cannot be made.
set -euo pipefail
cd "$(dirname "$0")/.."
repo="$PWD"
commit=$(git rev-parse --verify "${1:-HEAD}^{commit}")
[ "$(id -u)" -eq 0 ] || { echo "fresh_check: run as root (mmdebstrap root mode and chroot)"; exit 2; }

root="${FRESH_ROOT:-$(mktemp -d /var/tmp/comet-fresh.XXXXXX)}"
tag=fresh_check
keep="${FRESH_KEEP:-}"
source "$repo/scripts/lib/debian_root.sh"

bootstrap() { bootstrap_root; }

clone() {
  git clone -q --no-hardlinks "$repo" "$root/src/comet"
  git -C "$root/src/comet" checkout -q --detach "$commit"
  echo "fresh_check: $(git -C "$root/src/comet" log -1 --format='%h %s')"
}

inside() {  # a clean environment: no DISPLAY, nothing of this machine's
  chroot "$root" /usr/bin/env -i HOME=/root PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    LANG=C.UTF-8 COMET_EXTRA="${COMET_EXTRA-}" bash -c "cd /src/comet && $1"
}
test_inside() { inside ./test.sh; }
run_inside() { inside "COMET_HEADLESS=1 ./run.sh ${FRESH_RUN_ARGS:-train.epochs=1 data.train_subset=3000}"; }

phase bootstrap bootstrap || exit 2
phase clone clone || exit 2
mount_root
rc=0
phase test.sh test_inside || rc=$?
phase run.sh run_inside || rc=$((rc ? rc : $?))
echo "== fresh_check: commit $commit: bootstrap ${took[bootstrap]} s, clone ${took[clone]} s," \
  "test.sh ${took[test.sh]} s (set-up, build and ctest), run.sh ${took[run.sh]} s, exit $rc"
exit "$rc"
