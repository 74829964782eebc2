#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Guard against a dependency that set-up does not install (issue 9: the OpenCL dev
# package that Debian's oneDNN CMake config needs was only a Recommends of
# libdnnl-dev, set-up installs without recommends, and a green CI on machines that
# had it by hand hid that nothing built on a fresh one).
#
# Takes every file outside the project that the build used:
#   - the paths recorded in BUILD/CMakeCache.txt (libraries, include and config dirs,
#     tools),
#   - the CMake files configure loaded (the dependencies of build.ninja's re-run rule:
#     TorchConfig.cmake, dnnl-config.cmake, FindOpenCL.cmake, ...),
#   - the libraries the targets link (build.ninja's LINK_LIBRARIES) and every header
#     the compiler read (ninja -t deps),
# finds each one's Debian package with dpkg -S, and fails, naming the file and the
# package, when a package is neither listed in scripts/setup.sh (COMET_PACKAGES) nor
# in the Depends/PreDepends closure of the listed ones, nor Essential (on every
# Debian system). A file (not a directory) that no package installed fails too:
# a hand install.
#
# Usage: check_packages.sh BUILD_DIR [--without PKG]... [--expect-missing PKG]
#   --without PKG         check as if scripts/setup.sh did not list PKG
#   --expect-missing PKG  self-test: drop PKG from the list and pass only if the
#                         check then fails and names PKG (e.g. ocl-icd-opencl-dev)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source_dir=$(cd "$here/../.." && pwd)
build=${1:?usage: check_packages.sh BUILD_DIR [--without PKG]... [--expect-missing PKG]}
build=$(cd "$build" && pwd)
shift
without=()
expect=""
while [ $# -gt 0 ]; do
  case "$1" in
    --without) without+=("$2"); shift 2 ;;
    --expect-missing) expect=$2; without+=("$2"); shift 2 ;;
    *) echo "check_packages: unknown argument '$1'"; exit 2 ;;
  esac
done

if [ -n "$expect" ]; then
  args=()
  for w in "${without[@]}"; do args+=(--without "$w"); done
  set +e
  out=$("$0" "$build" "${args[@]}" 2>&1)
  rc=$?
  set -e
  printf '%s\n' "$out" | sed 's/^/  | /'
  if [ $rc -ne 0 ] && printf '%s\n' "$out" | grep -q "package $expect,"; then
    echo "check_packages: without $expect in scripts/setup.sh the check fails and names it, as it must"
    exit 0
  fi
  echo "check_packages: FAILED: without $expect in scripts/setup.sh the check did not report $expect (exit $rc)"
  exit 1
fi

for f in CMakeCache.txt build.ninja .ninja_deps; do
  [ -f "$build/$f" ] || { echo "check_packages: $build/$f is missing: configure and build with Ninja first"; exit 2; }
done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# The packages set-up installs, less the --without ones.
mapfile -t listed < <(bash -c 'source "$1/scripts/setup.sh" >/dev/null && printf "%s\n" "${COMET_PACKAGES[@]}"' _ "$source_dir")
[ ${#listed[@]} -gt 0 ] || { echo "check_packages: cannot read COMET_PACKAGES from scripts/setup.sh"; exit 2; }
for w in "${without[@]}"; do
  for i in "${!listed[@]}"; do [ "${listed[$i]}" = "$w" ] && unset 'listed[i]'; done
done
# Their Depends/PreDepends closure (apt-cache lists alternatives and the providers
# of virtual packages too), and the Essential packages.
apt-cache depends --recurse --no-recommends --no-suggests --no-conflicts --no-breaks \
  --no-replaces --no-enhances "${listed[@]}" | grep -v '^ ' | grep -v '^<' | sed 's/:[a-z0-9]*$//' > "$tmp/allowed"
dpkg-query -W -f '${Package} ${Essential}\n' | awk '$2 == "yes" {print $1}' >> "$tmp/allowed"
sort -u -o "$tmp/allowed" "$tmp/allowed"

# Every file outside the project that configure resolved or the build read.
{
  sed -n 's/^[A-Za-z0-9_.+-]*:[A-Z]*=//p' "$build/CMakeCache.txt" | tr ';' '\n'
  grep '^build build.ninja: RERUN_CMAKE' "$build/build.ninja" | tr ' ' '\n'
  sed -n 's/^ *LINK_LIBRARIES = //p' "$build/build.ninja" | tr ' ' '\n'
  ninja -C "$build" -t deps | sed -n 's/^    //p'
} | grep '^/' | grep -v -e "^$source_dir\(/\|\$\)" -e "^$build\(/\|\$\)" -e '^/tmp/' | sort -u > "$tmp/candidates"
: > "$tmp/paths"
while IFS= read -r p; do
  [ -e "$p" ] && printf '%s\n' "$p" >> "$tmp/paths"
done < "$tmp/candidates"

# Owner of each path: as given, then with symlinks resolved, then the other spelling
# of a merged-/usr path (/lib <-> /usr/lib).
owners() {  # reads paths on stdin, prints "path<TAB>pkg, pkg" for the owned ones
  xargs -d '\n' dpkg-query -S 2>/dev/null | grep -v '^diversion by' \
    | awk -F': ' '{path = substr($0, length($1) + 3); print path "\t" $1}' || true
}
owners < "$tmp/paths" > "$tmp/owned"
cut -f1 "$tmp/owned" | sort -u > "$tmp/owned.paths"
sort "$tmp/paths" | comm -23 - "$tmp/owned.paths" > "$tmp/unowned"
: > "$tmp/alias"
while IFS= read -r p; do
  r=$(readlink -f "$p")
  for a in "$r" "${r/#\/usr\/lib\//\/lib\/}" "${r/#\/usr\/bin\//\/bin\/}" "${p/#\/usr\/lib\//\/lib\/}"; do
    if [ "$a" != "$p" ]; then printf '%s\t%s\n' "$p" "$a"; fi
  done
done < "$tmp/unowned" | sort -u > "$tmp/alias"
cut -f2 "$tmp/alias" | sort -u | owners > "$tmp/owned.alias"
# Map the aliases' owners back to the original paths.
awk -F'\t' 'NR == FNR {own[$1] = $2; next} ($2 in own) {print $1 "\t" own[$2]}' \
  "$tmp/owned.alias" "$tmp/alias" >> "$tmp/owned"
cut -f1 "$tmp/owned" | sort -u > "$tmp/owned.paths"
# Files no package owns (a directory without an owner, such as the install prefix
# /usr/local, is only a place; the files in it are what counts).
sort "$tmp/paths" | comm -23 - "$tmp/owned.paths" | while IFS= read -r p; do
  if [ ! -d "$p" ]; then printf '%s\n' "$p"; fi
done > "$tmp/unowned"

# A path passes when one of its owners is allowed (a directory has many owners).
awk -F'\t' 'NR == FNR {ok[$1] = 1; next}
  { n = split($2, pk, /, /); pass = 0
    for (i = 1; i <= n; i++) { sub(/:[a-z0-9]+$/, "", pk[i]); if (pk[i] in ok) pass = 1 }
    if (!pass) print pk[1] "\t" $1 }' "$tmp/allowed" "$tmp/owned" | sort -u > "$tmp/missing"

checked=$(wc -l < "$tmp/paths")
packages=$(cut -f2 "$tmp/owned" | tr ',' '\n' | sed 's/^ *//; s/:[a-z0-9]*$//' | sort -u | wc -l)
echo "check_packages: $checked files outside the project, from $packages Debian packages;" \
  "scripts/setup.sh lists ${#listed[@]} packages whose closure holds $(wc -l < "$tmp/allowed")"
status=0
if [ -s "$tmp/missing" ]; then
  status=1
  for pkg in $(cut -f1 "$tmp/missing" | sort -u); do
    n=$(awk -F'\t' -v p="$pkg" '$1 == p' "$tmp/missing" | wc -l)
    echo "MISSING: package $pkg, which scripts/setup.sh neither lists nor pulls in through Depends/PreDepends," \
      "provides $n file(s) the build used; add it to COMET_PACKAGES. For example:"
    awk -F'\t' -v p="$pkg" '$1 == p {print "    " $2}' "$tmp/missing" | head -5
  done
fi
if [ -s "$tmp/unowned" ]; then
  status=1
  echo "NOT FROM A PACKAGE: $(wc -l < "$tmp/unowned") file(s) the build used were installed by hand, not by any Debian package:"
  sed 's/^/    /' "$tmp/unowned" | head -20
fi
[ $status -eq 0 ] && echo "check_packages: every file comes from a package that set-up installs"
exit $status
