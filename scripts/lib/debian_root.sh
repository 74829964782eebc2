# SPDX-License-Identifier: GPL-3.0-or-later
# A fresh Debian bookworm root for scripts/fresh_check.sh and
# scripts/package_install_check.sh (sourced, not run). Before sourcing, set
#   root=DIR     where the root goes
#   tag=NAME     the prefix of every message ("fresh_check")
#   keep=VALUE   non-empty: keep the root afterwards
# and define root_cleanup_extra() if the script has more to clean up. Then
#   phase NAME FUNCTION [ARGS]  runs FUNCTION in a subshell under set -e, records
#                               took[NAME] and the order, prints both
#   bootstrap_root              mmdebstrap --variant=minbase from this machine's apt
#                               sources (Essential packages and apt: harsher than
#                               any real installation)
#   mount_root                  /proc, /sys (recursively, with its cgroups), /dev,
#                               /dev/pts and a /dev/shm tmpfs; undone on exit
# The EXIT trap unmounts and removes the root (one file system only).

mounted=()
declare -A took
order=()

root_cleanup() {
  local i
  for ((i = ${#mounted[@]} - 1; i >= 0; i--)); do umount -l "${mounted[$i]}" 2>/dev/null || true; done
  if [ -z "${keep:-}" ]; then rm -rf --one-file-system "$root"; else echo "$tag: kept $root"; fi
  if declare -F root_cleanup_extra > /dev/null; then root_cleanup_extra; fi
}
trap root_cleanup EXIT

phase() {
  local name=$1 start=$SECONDS status
  shift
  echo "== $tag: $name"
  set +e
  (set -e; "$@")
  status=$?
  set -e
  took[$name]=$((SECONDS - start))
  order+=("$name")
  echo "== $tag: $name took ${took[$name]} s (exit $status)"
  return "$status"
}

bootstrap_root() {
  if ! command -v mmdebstrap > /dev/null; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends mmdebstrap
  fi
  # This machine's sources (deb822 or one-line) and its apt options that decide
  # whether they can be read (a snapshot mirror's Release files may be old).
  local sources=() opts=() f line
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources; do
    [ -s "$f" ] && grep -q 'debian' "$f" && sources+=("$f")
  done
  [ ${#sources[@]} -gt 0 ] || { echo "$tag: no Debian apt sources on this machine"; return 2; }
  while IFS= read -r line; do opts+=(--aptopt="$line"); done \
    < <(apt-config dump | grep -E '^Acquire::(Check-Valid-Until|Check-Date|http::Proxy|https::Proxy) ')
  rm -rf --one-file-system "$root"
  mmdebstrap --variant=minbase --mode=root --format=directory "${opts[@]}" bookworm "$root" "${sources[@]}" \
    || { echo "$tag: mmdebstrap could not make the root"; return 2; }
  # (mmdebstrap keeps the --aptopt lines in the root, for apt-get inside it.)
  cp -L /etc/resolv.conf "$root/etc/resolv.conf"
}

mount_root() {
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
