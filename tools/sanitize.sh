#!/usr/bin/env bash
# The whole test suite under the address sanitizer (with LeakSanitizer), in .build-asan/.
#   tools/sanitize.sh [swift test options…]
# Leaks inside the toolchain's own libraries are suppressed by tools/sanitizers/lsan.supp
# (each entry says why). About 12 minutes on 2 cores (most of it the instrumented build).
set -euo pipefail
cd "$(dirname "$0")/.."
export LSAN_OPTIONS="suppressions=$PWD/tools/sanitizers/lsan.supp:print_suppressions=0"
# Deep stacks, so a leak's stack reaches the frame a suppression names.
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=0:malloc_context_size=100"
swift test --sanitize=address --scratch-path .build-asan "$@"
