#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The torch-free rule, checked on what the compiler actually read: no object of
# comet_api (the torch-free core) or comet_widgets may include a LibTorch or oneDNN
# header (torch/, ATen/, c10/, caffe2/, oneapi/dnnl). The build already refuses
# <torch/torch.h> there (those targets have no torch include directories), but
# Debian installs ATen/ and c10/ under /usr/include, where any file can reach them;
# this test catches that too. Reads `ninja -t deps` of BUILD_DIR.
#
# Usage: check_torch_free.sh BUILD_DIR      the check
#        check_torch_free.sh --self-test    shows that a torch header in a widget is reported
set -euo pipefail

# Reads `ninja -t deps` output; prints "source: header" for each forbidden include.
scan() {
  awk '
    /^[^ ]/ { obj = $1; sub(/:$/, "", obj); checked = obj ~ /\/(comet_api|comet_widgets)\.dir\//; src = ""; next }
    checked && src == "" { src = $1; n++; next }
    checked && $1 ~ /\/include\/(torch|ATen|c10|caffe2)\/|\/oneapi\/dnnl|\/include\/dnnl/ { print src ": " $1 }
    END { print n + 0 > "/dev/stderr" }
  '
}

if [ "${1:-}" = "--self-test" ]; then
  found=$(printf '%s\n' \
    "widgets/CMakeFiles/comet_widgets.dir/UsageView.cpp.o: #deps 3, deps mtime 1 (VALID)" \
    "    /src/widgets/UsageView.cpp" "    /usr/include/c++/12/vector" "    /usr/include/ATen/core/Tensor.h" \
    "core/CMakeFiles/comet_core.dir/model/Cap.cpp.o: #deps 2, deps mtime 1 (VALID)" \
    "    /src/core/model/Cap.cpp" "    /usr/include/torch/csrc/api/include/torch/torch.h" | scan 2>/dev/null)
  if [ "$found" = "/src/widgets/UsageView.cpp: /usr/include/ATen/core/Tensor.h" ]; then
    echo "check_torch_free: a widget that reads ATen is reported; the torch core is not: as it must"
    exit 0
  fi
  echo "check_torch_free: FAILED self-test, got: '$found'"
  exit 1
fi

build=${1:?usage: check_torch_free.sh BUILD_DIR | --self-test}
[ -f "$build/.ninja_deps" ] || { echo "check_torch_free: $build/.ninja_deps is missing: build with Ninja first"; exit 2; }
count_file=$(mktemp)
trap 'rm -f "$count_file"' EXIT
found=$(ninja -C "$build" -t deps | scan 2> "$count_file")
objects=$(cat "$count_file")
if [ "$objects" -eq 0 ]; then
  echo "check_torch_free: no object of comet_api or comet_widgets in $build: nothing was checked"
  exit 1
fi
if [ -n "$found" ]; then
  echo "check_torch_free: torch headers in the torch-free targets (move the code to comet_core, or the include out):"
  printf '%s\n' "$found" | sed 's/^/    /' | head -40
  exit 1
fi
echo "check_torch_free: $objects objects of comet_api and comet_widgets read no torch or oneDNN header"
