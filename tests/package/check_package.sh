#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Builds the Debian package from a finished build (cpack -G DEB, into a temporary
# folder) and checks it:
#   - lintian: no errors (warnings and infos are printed, not fatal);
#   - appstreamcli validate --no-net on its AppStream metadata, desktop-file-validate
#     on its desktop entry, and that the two, the icon, the changelog and the
#     package agree (id, launchable, Icon=, version);
#   - its files (dpkg-deb -c) are exactly the expected ones: the fixed list below,
#     plus every experiments/*.yaml and docs/*.md of the source tree; a missing or
#     an unexpected file is named;
#   - Depends names the runtime packages (libtorch, Qt 6, QCustomPlot, yaml-cpp,
#     oneDNN, OpenBLAS), and every package in Depends, Recommends and Suggests is
#     one apt knows; apt-get accepts the package (a simulated install);
#   - the binaries carry no RPATH/RUNPATH (nothing points into the build tree).
# Then a self-test feeds the same checks a package list without a man page and
# with a stray file, a Depends without OpenBLAS, a metainfo without its id and
# a copy of the .deb without its copyright file (lintian), and fails unless each
# check reports it: a check that cannot fail is no check.
# Prints what it checked and how long each step took.
#
# Usage: check_package.sh BUILD_DIR   (configured with COMET_BUILD_GUI=ON and built)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source_dir=$(cd "$here/../.." && pwd)
build=$(cd "${1:?usage: check_package.sh BUILD_DIR}" && pwd)
app_id=io.github.comet_workbench.CometWorkbench
[ -f "$build/CPackConfig.cmake" ] || { echo "check_package: $build/CPackConfig.cmake is missing: configure first"; exit 2; }
for tool in cpack dpkg-deb lintian appstreamcli desktop-file-validate apt-cache readelf; do
  command -v "$tool" > /dev/null || { echo "check_package: $tool is missing (scripts/setup.sh installs it)"; exit 2; }
done

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0
fail() { echo "check_package: FAILED: $*"; failures=$((failures + 1)); }
start_all=$SECONDS
step_start=$SECONDS
step() { echo "== check_package: $1 ($((SECONDS - step_start)) s)"; step_start=$SECONDS; }

# The files the package must hold, no more, no fewer (directories aside).
expected_files() {
  cat <<EOF
usr/bin/comet
usr/bin/comet-workbench
usr/share/applications/$app_id.desktop
usr/share/metainfo/$app_id.metainfo.xml
usr/share/icons/hicolor/scalable/apps/comet-workbench.svg
usr/share/man/man1/comet.1.gz
usr/share/man/man1/comet-workbench.1.gz
usr/share/doc/comet-workbench/README.md
usr/share/doc/comet-workbench/changelog.gz
usr/share/doc/comet-workbench/copyright
EOF
  local f
  for f in "$source_dir"/experiments/*.yaml; do echo "usr/share/comet-workbench/experiments/${f##*/}"; done
  for f in "$source_dir"/docs/*.md; do echo "usr/share/doc/comet-workbench/docs/${f##*/}"; done
}
# Packages Depends must name (dpkg-shlibdeps finds all but OpenBLAS).
required_depends=(libtorch1.13 libqt6core6 libqt6gui6 libqt6widgets6 libqt6svg6
                  libqcustomplot2.1-qt6 libyaml-cpp0.7 libdnnl2 libopenblas0-pthread zlib1g)

# check_files EXPECTED ACTUAL: both sorted lists of paths; names each difference.
check_files() {
  local missing unexpected
  missing=$(comm -23 "$1" "$2")
  unexpected=$(comm -13 "$1" "$2")
  [ -z "$missing" ] && [ -z "$unexpected" ] && return 0
  [ -z "$missing" ] || printf 'missing: %s\n' $missing
  [ -z "$unexpected" ] || printf 'unexpected: %s\n' $unexpected
  return 1
}
# check_depends DEPENDS: names every required package that DEPENDS lacks.
check_depends() {
  local names p status=0
  names=$(printf '%s\n' "$1" | tr ',|' '\n\n' | sed -E 's/\(.*\)//; s/:any//; s/[[:space:]]//g' | grep -v '^$' | sort -u)
  for p in "${required_depends[@]}"; do
    grep -qxF "$p" <<< "$names" || { echo "Depends lacks $p"; status=1; }
  done
  return $status
}
# check_lintian DEB: lintian's tags; fails on an error.
check_lintian() {
  lintian --fail-on error --display-info --tag-display-limit 0 "$1" 2>&1 | grep -v 'running with root privileges'
  return "${PIPESTATUS[0]}"
}

# 1. The package, as `cpack -G DEB` in the build makes it.
cpack --config "$build/CPackConfig.cmake" -G DEB -B "$tmp/out" > "$tmp/cpack.log" 2>&1 \
  || { cat "$tmp/cpack.log"; echo "check_package: cpack failed"; exit 1; }
debs=("$tmp"/out/*.deb)
[ ${#debs[@]} -eq 1 ] && [ -f "${debs[0]}" ] || { cat "$tmp/cpack.log"; echo "check_package: expected one .deb"; exit 1; }
deb=${debs[0]}
version=$(dpkg-deb -f "$deb" Version)
step "cpack built ${deb##*/} ($(du -k "$deb" | cut -f1) KiB)"
dpkg-deb -I "$deb" control | sed 's/^/  | /'
dpkg-deb -x "$deb" "$tmp/root"

# 2. Its files.
expected_files | sort > "$tmp/expected"
dpkg-deb -c "$deb" | awk '$1 !~ /^d/ { sub(/^[^ ]+ +[^ ]+ +[^ ]+ +[^ ]+ +[^ ]+ +\.\//, ""); print }' | sort > "$tmp/actual"
if check_files "$tmp/expected" "$tmp/actual" > "$tmp/files.out"; then
  echo "files: the $(wc -l < "$tmp/actual") expected ones, no others"
else
  sed 's/^/  /' "$tmp/files.out"
  fail "the package's files differ from the expected ones (above)"
fi
bad_owner=$(dpkg-deb -c "$deb" | awk '$2 != "root/root"' | head -3)
[ -z "$bad_owner" ] || fail "files not owned by root/root: $bad_owner"
for b in comet comet-workbench; do
  if readelf -d "$tmp/root/usr/bin/$b" | grep -E 'RPATH|RUNPATH'; then fail "usr/bin/$b has an RPATH/RUNPATH"; fi
done
echo "binaries: no RPATH or RUNPATH"
step "file list"

# 3. Depends, Recommends, Suggests.
depends=$(dpkg-deb -f "$deb" Depends)
echo "Depends: $depends"
if check_depends "$depends" > "$tmp/depends.out"; then
  echo "Depends names ${required_depends[*]}"
else
  sed 's/^/  /' "$tmp/depends.out"
  fail "Depends lacks runtime packages (above)"
fi
for field in Depends Recommends Suggests; do
  for p in $(dpkg-deb -f "$deb" "$field" | tr ',|' '\n\n' | sed -E 's/\(.*\)//; s/:any//' | sort -u); do
    apt-cache show --no-all-versions "$p" > /dev/null 2>&1 || fail "$field: apt knows no package $p"
  done
done
if apt-get install --simulate --no-install-recommends "$deb" > "$tmp/apt.out" 2>&1; then
  echo "apt-get install --simulate: the dependencies resolve"
else
  sed 's/^/  /' "$tmp/apt.out"
  fail "apt-get cannot install the package (above)"
fi
step "dependencies"

# 4. lintian.
if check_lintian "$deb" > "$tmp/lintian.out"; then
  echo "lintian: no errors ($(grep -c '^W:' "$tmp/lintian.out" || true) warnings, $(grep -c '^I:' "$tmp/lintian.out" || true) infos)"
else
  fail "lintian reports errors"
fi
sed 's/^/  | /' "$tmp/lintian.out"
step "lintian"

# 5. AppStream metadata, desktop entry, icon, versions.
metainfo=$tmp/root/usr/share/metainfo/$app_id.metainfo.xml
desktop=$tmp/root/usr/share/applications/$app_id.desktop
if appstreamcli validate --no-net "$metainfo" > "$tmp/appstream.out" 2>&1; then
  echo "appstreamcli validate --no-net: passed"
else
  fail "appstreamcli validate --no-net (below)"
fi
sed 's/^/  | /' "$tmp/appstream.out"
if desktop-file-validate "$desktop" > "$tmp/desktop.out" 2>&1; then
  echo "desktop-file-validate: passed$([ -s "$tmp/desktop.out" ] && echo ', with these hints:')"
else
  fail "desktop-file-validate (below)"
fi
sed 's/^/  | /' "$tmp/desktop.out"
grep -q "<id>$app_id</id>" "$metainfo" || fail "the metainfo's id is not $app_id"
grep -q "<launchable type=\"desktop-id\">$app_id.desktop</launchable>" "$metainfo" \
  || fail "the metainfo's launchable is not $app_id.desktop"
grep -q "<release version=\"$version\"" "$metainfo" || fail "the metainfo lists no release $version"
icon=$(sed -n 's/^Icon=//p' "$desktop")
[ -f "$tmp/root/usr/share/icons/hicolor/scalable/apps/$icon.svg" ] || fail "the desktop entry's Icon=$icon has no icon"
exec_name=$(sed -n 's/^Exec=\([^ ]*\).*/\1/p' "$desktop")
[ -x "$tmp/root/usr/bin/$exec_name" ] || fail "the desktop entry's Exec=$exec_name is not in usr/bin"
changelog_version=$(zcat "$tmp/root/usr/share/doc/comet-workbench/changelog.gz" | sed -n '1s/^comet-workbench (\([^)]*\)).*/\1/p')
[ "$changelog_version" = "$version" ] || fail "the changelog's version '$changelog_version' is not the package's $version"
echo "id $app_id, launchable, Icon=$icon, Exec=$exec_name, release and changelog $version: consistent"
step "AppStream and desktop entry"

# 6. Self-test: each check must catch a defect put in on purpose.
grep -v '^usr/share/man/man1/comet.1.gz$' "$tmp/actual" > "$tmp/actual.less"
if check_files "$tmp/expected" "$tmp/actual.less" > "$tmp/st.out" || ! grep -qx 'missing: usr/share/man/man1/comet.1.gz' "$tmp/st.out"; then
  fail "self-test: the file check did not report the missing comet.1.gz"
fi
{ cat "$tmp/actual"; echo usr/lib/stray.so; } | sort > "$tmp/actual.more"
if check_files "$tmp/expected" "$tmp/actual.more" > "$tmp/st.out" || ! grep -qx 'unexpected: usr/lib/stray.so' "$tmp/st.out"; then
  fail "self-test: the file check did not report the unexpected usr/lib/stray.so"
fi
if check_depends "$(sed -E 's/libopenblas0-pthread[^,]*//' <<< "$depends")" > "$tmp/st.out" \
   || ! grep -qx 'Depends lacks libopenblas0-pthread' "$tmp/st.out"; then
  fail "self-test: the Depends check did not report a missing libopenblas0-pthread"
fi
sed "s|<id>$app_id</id>||" "$metainfo" > "$tmp/no-id.metainfo.xml"
if appstreamcli validate --no-net "$tmp/no-id.metainfo.xml" > /dev/null 2>&1; then
  fail "self-test: appstreamcli accepted a metainfo without an id"
fi
dpkg-deb -R "$deb" "$tmp/broken"
rm "$tmp/broken/usr/share/doc/comet-workbench/copyright"
(cd "$tmp/broken/DEBIAN" && sed -i '/usr\/share\/doc\/comet-workbench\/copyright$/d' md5sums)
dpkg-deb --root-owner-group -b "$tmp/broken" "$tmp/broken.deb" > /dev/null
if check_lintian "$tmp/broken.deb" > "$tmp/st.out" || ! grep -q '^E: .*no-copyright-file' "$tmp/st.out"; then
  sed 's/^/  | /' "$tmp/st.out"
  fail "self-test: the lintian check passed a package without its copyright file"
fi
echo "self-test: a missing and a stray file, a Depends without OpenBLAS, a metainfo without id and a package without copyright are each caught"
step "self-test"

echo "check_package: ${deb##*/} $version: $failures failure(s) in $((SECONDS - start_all)) s"
[ "$failures" -eq 0 ]
