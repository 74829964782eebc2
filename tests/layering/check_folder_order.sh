#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The core's folders are layers, each using only those before it:
#   util < config < data < model < probe < train < continual < run < sweep
# (docs/architecture.md). A file may include its own folder and any earlier one;
# an include of a later folder ("core/model/..." from core/config) is reported
# with the file and the line. Reads the #include lines of every source under core/.
#
# Usage: check_folder_order.sh SOURCE_DIR     the check
#        check_folder_order.sh --self-test    shows that an include that runs back up is reported
set -euo pipefail

layers="util config data model probe train continual run sweep"

# Reads "path:line:#include ..." lines; prints each include of a later folder.
scan() {
  awk -v layers="$layers" '
    BEGIN { n = split(layers, l, " "); for (i = 1; i <= n; i++) rank[l[i]] = i }
    {
      split($0, parts, ":"); file = parts[1]
      if (!match(file, /(^|\/)core\/[a-z_]+\//)) next
      from = substr(file, RSTART, RLENGTH); sub(/^.*core\//, "", from); sub(/\/$/, "", from)
      if (!match($0, /#include[ \t]*"core\/[a-z_]+\//)) next
      to = substr($0, RSTART, RLENGTH); sub(/^.*"core\//, "", to); sub(/\/$/, "", to)
      if (!(from in rank)) { print file ": the folder core/" from " is in no layer (add it to the order)"; next }
      if (!(to in rank)) { print parts[1] ":" parts[2] ": includes core/" to ", which is in no layer"; next }
      if (rank[to] > rank[from]) print parts[1] ":" parts[2] ": core/" from " includes core/" to ", a later layer"
    }'
}

if [ "${1:-}" = "--self-test" ]; then
  found=$(printf '%s\n' \
    'core/config/ConfigLoader.cpp:14:#include "core/model/MethodNames.h"' \
    'core/config/ConfigLoader.cpp:15:#include "core/util/Error.h"' \
    'core/model/Network.h:8:#include "core/model/Cap.h"' \
    'core/sweep/Sweep.cpp:3:#include "core/run/RunWriter.h"' | scan)
  if [ "$found" = "core/config/ConfigLoader.cpp:14: core/config includes core/model, a later layer" ]; then
    echo "check_folder_order: an include that runs back up is reported; includes of the same or earlier layers are not: as it must"
    exit 0
  fi
  echo "check_folder_order: FAILED self-test, got: '$found'"
  exit 1
fi

src=${1:?usage: check_folder_order.sh SOURCE_DIR | --self-test}
cd "$src"
files=$(find core -name '*.h' -o -name '*.cpp' -o -name '*.inc' | sort)
[ -n "$files" ] || { echo "check_folder_order: no sources under $src/core: nothing was checked"; exit 1; }
# shellcheck disable=SC2086
found=$(grep -Hn '^[ \t]*#include[ \t]*"core/' $files | scan)
if [ -n "$found" ]; then
  echo "check_folder_order: includes that run against the layer order ($layers):"
  printf '%s\n' "$found" | sed 's/^/    /' | head -40
  exit 1
fi
echo "check_folder_order: $(echo "$files" | wc -l) files under core/ include only their own or earlier layers ($layers)"
