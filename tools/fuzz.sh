#!/usr/bin/env bash
# Runs one fuzz harness under libFuzzer with the address sanitizer.
#   tools/fuzz.sh NAME SECONDS [libFuzzer options…]
# NAME is a reader of outside data (tools/fuzz/README.md lists them). The build goes to
# .build-fuzz/ (debug, -sanitize=fuzzer,address); the working corpus starts from
# tools/fuzz/corpus/NAME and grows in .build-fuzz/corpus/NAME; crashes, timeouts (an input
# slower than 5 s) and out-of-memory inputs (RSS over 2 GB) land in .build-fuzz/artifacts/.
# `tools/fuzz.sh --replay` replays every committed corpus once with the normal build.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${1:-}" = "--replay" ]; then
  swift build --product tessera-fuzz >&2
  for folder in tools/fuzz/corpus/*/; do
    .build/debug/tessera-fuzz "$(basename "$folder")" "$folder"
  done
  exit 0
fi
name=${1:?usage: tools/fuzz.sh NAME SECONDS [libFuzzer options…] | --replay}
seconds=${2:?usage: tools/fuzz.sh NAME SECONDS}
shift 2
[ -d "tools/fuzz/corpus/$name" ] || { echo "no corpus tools/fuzz/corpus/$name" >&2; exit 2; }
# lld: gold fails on the instrumented binary's debug information.
swift build --product tessera-fuzz --scratch-path .build-fuzz \
  -Xswiftc -sanitize=fuzzer,address -Xswiftc -DFUZZING -Xswiftc -use-ld=lld >&2
work=.build-fuzz/corpus/$name
mkdir -p "$work" .build-fuzz/artifacts
TESSERA_FUZZ_TARGET=$name exec .build-fuzz/debug/tessera-fuzz -max_total_time="$seconds" -timeout=5 -rss_limit_mb=2048 \
  -artifact_prefix=.build-fuzz/artifacts/"$name"- -print_final_stats=1 "$@" "$work" "tools/fuzz/corpus/$name"
