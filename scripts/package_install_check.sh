#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Installs the Debian package into a fresh Debian bookworm root and runs it from
# the installed paths: proves that its Depends are complete (apt resolves them from
# the archive, without Recommends) and that nothing reaches back into the build.
# Like scripts/fresh_check.sh it makes the root with mmdebstrap (variant minbase),
# from the apt sources this machine uses. In the root it then
#   - installs the package with apt-get --no-install-recommends, and
#     dataset-fashion-mnist (the package only recommends it),
#   - runs `comet --version` and checks that no library is missing (ldd),
#   - starts the workbench offscreen: --version, then the installed quick-start
#     preset with --screenshot (the picture is copied out),
#   - trains one epoch of the installed preset on 3000 examples (comet run) and
#     draws its figures (comet plot),
#   - removes the package and checks that none of its files are left.
# Prints the time each phase took. Not part of ctest (it needs root, the network
# and some minutes); run it after changing the package or its dependencies.
#
# Usage: scripts/package_install_check.sh [DEB]   (run as root)
#   DEB          the package (default: built with cpack from build/, which must be built)
#   PKG_ROOT=DIR where to make the root (default: a new folder in /var/tmp)
#   PKG_KEEP=1   keep the root afterwards (default: removed)
#   PKG_OUT=DIR  where the screenshot and the command outputs go
#                (default: /tmp/comet-package-check)
# Exit status: 0 when every phase passed, 1 when one failed, 2 when the package or
# the root cannot be made.
set -euo pipefail
cd "$(dirname "$0")/.."
repo="$PWD"
[ "$(id -u)" -eq 0 ] || { echo "package_install_check: run as root (mmdebstrap root mode and chroot)"; exit 2; }

root="${PKG_ROOT:-$(mktemp -d /var/tmp/comet-package.XXXXXX)}"
out="${PKG_OUT:-/tmp/comet-package-check}"
mkdir -p "$out"
work=$(mktemp -d)
tag=package_install_check
keep="${PKG_KEEP:-}"
root_cleanup_extra() { rm -rf "$work"; }
source "$repo/scripts/lib/debian_root.sh"

package() {
  if [ -n "${1:-}" ]; then
    cp "$1" "$work/"
  else
    [ -f build/CPackConfig.cmake ] || { echo "no build/CPackConfig.cmake: build first (./test.sh or cmake)"; return 2; }
    cpack --config build/CPackConfig.cmake -G DEB -B "$work/cpack" > "$work/cpack.log" 2>&1 \
      || { cat "$work/cpack.log"; return 2; }
    cp "$work"/cpack/*.deb "$work/"
  fi
  local debs=("$work"/*.deb)
  [ ${#debs[@]} -eq 1 ] || { echo "expected one .deb, found ${#debs[@]}"; return 2; }
  echo "package: ${debs[0]##*/}, $(du -k "${debs[0]}" | cut -f1) KiB"
}

bootstrap() {
  bootstrap_root
  mkdir -p "$root/tmp/pkg"
  cp "$work"/*.deb "$root/tmp/pkg/"
}

inside() {  # a clean environment: no DISPLAY, nothing of this machine's; cwd /root
  chroot "$root" /usr/bin/env -i HOME=/root PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    LANG=C.UTF-8 DEBIAN_FRONTEND=noninteractive bash -c "cd /root && set -euo pipefail && $1"
}

install_package() {
  inside 'apt-get update -qq
    apt-get install -y -q --no-install-recommends /tmp/pkg/*.deb > /tmp/apt.log
    grep -E "^(Need to get|After this|[0-9]+ upgraded)" /tmp/apt.log || true
    apt-get install -y -q --no-install-recommends dataset-fashion-mnist > /dev/null
    echo "installed: $(dpkg-query -W -f="\${Package} \${Version}, Installed-Size \${Installed-Size} KiB" comet-workbench)"
    echo "Depends: $(dpkg-query -W -f="\${Depends}" comet-workbench)"
    echo "Recommends: $(dpkg-query -W -f="\${Recommends}" comet-workbench) (dataset-fashion-mnist installed by hand)"'
}

versions() {
  inside 'command -v comet comet-workbench
    comet --version
    for b in /usr/bin/comet /usr/bin/comet-workbench; do
      if ldd "$b" | grep "not found"; then echo "$b: libraries missing"; exit 1; fi
    done
    echo "ldd: every library of /usr/bin/comet and /usr/bin/comet-workbench found"
    QT_QPA_PLATFORM=offscreen comet-workbench --version'
}

workbench() {
  inside 'QT_QPA_PLATFORM=offscreen comet-workbench /usr/share/comet-workbench/experiments/quickstart.yaml \
      --screenshot /tmp/workbench.png --after 2000 2>&1 | tee /tmp/workbench.log
    test -s /tmp/workbench.png
    echo "screenshot: /tmp/workbench.png, $(stat -c %s /tmp/workbench.png) bytes"'
  cp "$root/tmp/workbench.png" "$out/workbench.png"
  echo "copied to $out/workbench.png"
}

train() {
  inside 'comet run /usr/share/comet-workbench/experiments/quickstart.yaml train.epochs=1 data.train_subset=3000 \
      --out /root/runs/one-epoch --quiet
    ls /root/runs/one-epoch
    comet plot /root/runs/one-epoch --format png --out /root/figures > /tmp/plot.log
    head -3 /tmp/plot.log
    echo "figures: $(find /root/figures -type f -name "*.png" | wc -l) PNG, $(find /root/figures -type f -name "*.csv" | wc -l) CSV"' 2>&1 | tee "$out/train.log"
  return "${PIPESTATUS[0]}"
}

remove_package() {
  inside 'files=$(dpkg -L comet-workbench | while read -r f; do [ -d "$f" ] || echo "$f"; done)
    apt-get purge -y -q comet-workbench > /dev/null
    left=0
    for f in $files; do if [ -e "$f" ]; then echo "left after purge: $f"; left=1; fi; done
    [ -e /usr/share/comet-workbench ] && { echo "left after purge: /usr/share/comet-workbench"; left=1; }
    [ "$left" -eq 0 ] && echo "purge: none of its $(echo "$files" | wc -l) files left"'
}

phase package package "${1:-}" || exit 2
phase bootstrap bootstrap || exit 2
mount_root
rc=0
phase install install_package || rc=1
if [ "$rc" -eq 0 ]; then
  phase versions versions || rc=1
  phase workbench workbench || rc=1
  phase train train || rc=1
  phase remove remove_package || rc=1
fi
summary=""
for n in "${order[@]}"; do summary+=" $n ${took[$n]} s,"; done
echo "== package_install_check:${summary%,}; exit $rc"
exit "$rc"
