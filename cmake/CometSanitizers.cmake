# Sanitizer builds (docs/reliability.md), each in its own build folder:
#   -DCOMET_SANITIZE=address   AddressSanitizer + UndefinedBehaviorSanitizer
#   -DCOMET_SANITIZE=thread    ThreadSanitizer
# LibTorch, Qt and the other Debian libraries are not instrumented; that is fine
# for ASan/UBSan. Run the ASan tests with ASAN_OPTIONS=detect_leaks=0 (libtorch's
# and Qt's global caches look like leaks at exit); scripts/ci_extra.sh does.
set(COMET_SANITIZE "" CACHE STRING "Sanitizers: empty, address (ASan+UBSan) or thread (TSan)")
option(COMET_BUILD_FUZZERS "Build the libFuzzer targets (clang only, tests/fuzz)" OFF)
if(COMET_SANITIZE STREQUAL "address")
  add_compile_options(-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer)
  add_link_options(-fsanitize=address,undefined)
elseif(COMET_SANITIZE STREQUAL "thread")
  add_compile_options(-fsanitize=thread -fno-omit-frame-pointer)
  add_link_options(-fsanitize=thread)
elseif(NOT COMET_SANITIZE STREQUAL "")
  message(FATAL_ERROR "COMET_SANITIZE must be empty, address or thread (got '${COMET_SANITIZE}')")
endif()
