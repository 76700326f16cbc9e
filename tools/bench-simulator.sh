#!/bin/sh
# Simulator benchmark (issue 8 item 7): builds release and prints, for ResNet-50 on Gemmini,
# the extrapolated and full simulations' wall time (median of 5), events per second, simulated
# versus represented commands, the speed-up and the under-1-s check; then, unless --quick is
# given, extrapolated versus full on every onnx-sample × built-in target (goal: within 1 %).
# Usage: tools/bench-simulator.sh [--quick] [MODEL] [--target T]
set -eu
cd "$(dirname "$0")/.."
quick=0
if [ "${1:-}" = "--quick" ]; then
  quick=1
  shift
fi
swift build -c release --product tessera-sim-bench >/dev/null
bench=.build/release/tessera-sim-bench
echo "== simulator speed (${*:-resnet50 on gemmini})"
"$bench" --runs 5 "$@"
if [ "$quick" -eq 0 ]; then
  echo "== extrapolated vs full, every onnx-sample x built-in target"
  "$bench" --all
fi
