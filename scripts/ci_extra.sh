#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The extra CI stages of docs/reliability.md, each in its own build folder:
#   build-asan  GCC, -DCOMET_SANITIZE=address (ASan + UBSan): the unit, integration
#               and cli tests (ASAN_OPTIONS=detect_leaks=0: libtorch and Qt keep
#               global caches that LeakSanitizer reports at exit)
#   build-tsan  GCC, -DCOMET_SANITIZE=thread, with the GUI: the worker-thread tests
#               (tst_trainer, and the workbench's tst_training_session and
#               tst_main_window, offscreen)
#   build-fuzz  clang, -DCOMET_BUILD_FUZZERS=ON: every libFuzzer target for
#               COMET_FUZZ_SECONDS (default 20) seconds, ctest -L fuzz
# Prints the wall time of each stage. Usage: scripts/ci_extra.sh [asan] [tsan] [fuzz]
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
jobs="${COMET_JOBS:-2}"
stages=("$@")
[ ${#stages[@]} -gt 0 ] || stages=(asan tsan fuzz)
common=(-G Ninja -DCOMET_BUILD_GUI=OFF -DCOMET_BUILD_TESTS=ON)
# The sanitizer builds at -O1 with line tables only (-g1): a torch translation unit
# under ASan (Trainer.cpp, no precompiled header, a loaded machine) compiled in 31 s
# instead of 66 s at RelWithDebInfo's -O2 -g, and the reports still name file and line.
sanitizer_flags=(-DCMAKE_BUILD_TYPE=RelWithDebInfo "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O1 -g1 -DNDEBUG")
sanitizer_tests=(tst_cap tst_optimizer tst_comet_mlp tst_fast_linear tst_config tst_readers tst_data_loader tst_mask_probe tst_gate_probe tst_util tst_run_directory
                 tst_methods tst_trainer tst_checkpoint tst_run_writer tst_sweep tst_slurm tst_decoded_cache tst_sparse_step
                 tst_sparse_layer tst_mask_cache tst_epoch_metrics tst_continual_metrics tst_continual
                 tst_gates tst_multigate_moe tst_multi_task_data tst_multi_task tst_transformers tst_language_model comet
                 fuzz_replay_config fuzz_replay_idx fuzz_replay_cifar fuzz_replay_csv fuzz_replay_run_directory)
thread_tests=(tst_trainer tst_training_session tst_main_window)

stage() {
  local name=$1 start=$SECONDS
  shift
  echo "== ci_extra: $name"
  "$@"
  echo "== ci_extra: $name took $((SECONDS - start)) s"
}

asan() {
  cmake -S "$root" -B build-asan "${common[@]}" "${sanitizer_flags[@]}" -DCOMET_SANITIZE=address > /dev/null
  ninja -C build-asan -j"$jobs" "${sanitizer_tests[@]}"
  ASAN_OPTIONS=detect_leaks=0:abort_on_error=1 \
  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1:suppressions="$root/tests/sanitizers/ubsan.supp" \
    ctest --test-dir build-asan --output-on-failure -L 'unit|integration|cli' --parallel "$jobs"
}

tsan() {
  cmake -S "$root" -B build-tsan "${common[@]}" -DCOMET_BUILD_GUI=ON "${sanitizer_flags[@]}" \
    -DCOMET_SANITIZE=thread > /dev/null
  ninja -C build-tsan -j"$jobs" "${thread_tests[@]}"
  TSAN_OPTIONS="halt_on_error=1:second_deadlock_stack=1:ignore_noninstrumented_modules=1:suppressions=$root/tests/sanitizers/tsan.supp" \
    ctest --test-dir build-tsan --output-on-failure -R "^($(IFS='|'; echo "${thread_tests[*]}"))\$"
}

fuzz() {
  # clang and libFuzzer's runtime are not in the default set of scripts/setup.sh.
  # shellcheck source=scripts/setup.sh
  (source "$root/scripts/setup.sh"; COMET_PACKAGES=(clang libclang-rt-14-dev); comet_install_packages)
  CC=clang CXX=clang++ cmake -S "$root" -B build-fuzz "${common[@]}" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCOMET_BUILD_FUZZERS=ON -DCOMET_FUZZ_SECONDS="${COMET_FUZZ_SECONDS:-20}" > /dev/null
  ninja -C build-fuzz -j"$jobs" fuzz_config fuzz_idx fuzz_cifar fuzz_csv fuzz_run_directory
  # One target at a time: each is given the whole machine's time budget.
  ctest --test-dir build-fuzz --output-on-failure -L fuzz
}

total=$SECONDS
for s in "${stages[@]}"; do
  case "$s" in
    asan|tsan|fuzz) stage "$s" "$s" ;;
    *) echo "unknown stage '$s' (asan tsan fuzz)"; exit 2 ;;
  esac
done
echo "== ci_extra: all stages took $((SECONDS - total)) s"
