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
mounted=()
cleanup() {
  local i
  for ((i = ${#mounted[@]} - 1; i >= 0; i--)); do umount -l "${mounted[$i]}" 2>/dev/null || true; done
  if [ -z "${FRESH_KEEP:-}" ]; then rm -rf --one-file-system "$root"; else echo "fresh_check: kept $root"; fi
}
trap cleanup EXIT

declare -A took
# phase NAME FUNCTION: runs it in a subshell under set -e, records its time.
phase() {
  local name=$1 start=$SECONDS status
  shift
  echo "== fresh_check: $name"
  set +e
  (set -e; "$@")
  status=$?
  set -e
  took[$name]=$((SECONDS - start))
  echo "== fresh_check: $name took ${took[$name]} s (exit $status)"
  return "$status"
}

bootstrap() {
  if ! command -v mmdebstrap > /dev/null; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends mmdebstrap
  fi
  # This machine's sources (deb822 or one-line) and its apt options that decide
  # whether they can be read (a snapshot mirror's Release files may be old).
  local sources=() opts=() f
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources; do
    [ -s "$f" ] && grep -q 'debian' "$f" && sources+=("$f")
  done
  [ ${#sources[@]} -gt 0 ] || { echo "fresh_check: no Debian apt sources on this machine"; return 2; }
  while IFS= read -r line; do opts+=(--aptopt="$line"); done \
    < <(apt-config dump | grep -E '^Acquire::(Check-Valid-Until|Check-Date|http::Proxy|https::Proxy) ')
  rm -rf --one-file-system "$root"
  mmdebstrap --variant=minbase --mode=root --format=directory "${opts[@]}" bookworm "$root" "${sources[@]}" \
    || { echo "fresh_check: mmdebstrap could not make the root"; return 2; }
  # (mmdebstrap keeps the --aptopt lines in the root, for test.sh's own apt-get.)
  cp -L /etc/resolv.conf "$root/etc/resolv.conf"
}

clone() {
  git clone -q --no-hardlinks "$repo" "$root/src/comet"
  git -C "$root/src/comet" checkout -q --detach "$commit"
  echo "fresh_check: $(git -C "$root/src/comet" log -1 --format='%h %s')"
}

mount_all() {
  local m
  for m in proc sys dev dev/pts; do
    mkdir -p "$root/$m"
    if [ "$m" = sys ]; then
      # Recursively, with its cgroup mounts (slurmd needs /sys/fs/cgroup, as on any
      # real machine); as a slave, so that unmounting here never reaches the host.
      mount --rbind /sys "$root/sys"
      mount --make-rslave "$root/sys"
    else
      mount --bind "/$m" "$root/$m"
    fi
    mounted+=("$root/$m")
  done
  mkdir -p "$root/dev/shm"
  mount -t tmpfs tmpfs "$root/dev/shm" && mounted+=("$root/dev/shm")
}

inside() {  # a clean environment: no DISPLAY, nothing of this machine's
  chroot "$root" /usr/bin/env -i HOME=/root PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    LANG=C.UTF-8 COMET_EXTRA="${COMET_EXTRA-}" bash -c "cd /src/comet && $1"
}
test_inside() { inside ./test.sh; }
run_inside() { inside "COMET_HEADLESS=1 ./run.sh ${FRESH_RUN_ARGS:-train.epochs=1 data.train_subset=3000}"; }

phase bootstrap bootstrap || exit 2
phase clone clone || exit 2
mount_all
rc=0
phase test.sh test_inside || rc=$?
phase run.sh run_inside || rc=$((rc ? rc : $?))
echo "== fresh_check: commit $commit: bootstrap ${took[bootstrap]} s, clone ${took[clone]} s," \
  "test.sh ${took[test.sh]} s (set-up, build and ctest), run.sh ${took[run.sh]} s, exit $rc"
exit "$rc"
