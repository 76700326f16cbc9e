#!/usr/bin/env bash
# Every fuzz harness in turn for SECONDS each, then one line per harness: executions, new
# corpus units, the slowest input, peak RSS and the outcome (a crash, timeout or OOM leaves its
# input in .build-fuzz/artifacts/ and fails the script).
#   tools/fuzz-all.sh SECONDS [NAME …]
set -uo pipefail
cd "$(dirname "$0")/.."
seconds=${1:?usage: tools/fuzz-all.sh SECONDS [NAME …]}
shift
names=("${@:-$(ls tools/fuzz/corpus)}")
failed=0
mkdir -p .build-fuzz/logs
for name in ${names[@]}; do
  log=.build-fuzz/logs/$name.log
  tools/fuzz.sh "$name" "$seconds" > "$log" 2>&1
  status=$?
  stat() { grep -o "stat::$1: *[0-9]*" "$log" | tail -n 1 | grep -o '[0-9]*$' || echo "?"; }
  outcome=clean
  if [ "$status" -ne 0 ]; then
    outcome=$(grep -oE 'ERROR: (libFuzzer|AddressSanitizer|LeakSanitizer): [a-z -]+' "$log" | head -n 1)
    outcome=${outcome:-"exit $status"}
    failed=1
  fi
  printf '%-13s %4s s  %9s runs  %5s new  slowest %2s s  peak %5s MB  %s\n' "$name" "$seconds" \
    "$(stat number_of_executed_units)" "$(stat new_units_added)" "$(stat slowest_unit_time_sec)" \
    "$(stat peak_rss_mb)" "$outcome"
done
exit $failed
