#!/usr/bin/env bash
# Design-space exploration speed and crash safety (issue 18), release build:
#  1. ResNet-50 on gemmini, analytical tier: points per minute on every core (goal ≥ 2,000);
#  2. the same with the simulate tier (goal ≥ 50);
#  3. a 1,000-point grid over three models killed halfway (SIGKILL) and run again: the store
#     must hold every point once, and the second run evaluate exactly the missing ones.
#   tools/bench-explore.sh
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product tessera >&2
tessera=$PWD/.build/release/tessera
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp onnx-samples/resnet50.onnx onnx-samples/lenet5.onnx onnx-samples/mlp.onnx onnx-samples/tc_resnet8.onnx "$work"
rate() { grep -o '[0-9]* per minute' "$1"; }
cat > "$work/analytical.yaml" <<'YAML'
base: gemmini
models: [resnet50.onnx]
axes:
  compute.mesh.rows: [4, 8, 12, 16, 20, 24, 28, 32]
  compute.mesh.cols: [4, 8, 12, 16, 20, 24, 28, 32]
  memory.scratchpad.size_bytes: [131072, 262144, 393216, 524288]
YAML
"$tessera" explore "$work/analytical.yaml" > /dev/null 2> "$work/a.log"
echo "ResNet-50 analytical: $(rate "$work/a.log") (256 points)"
sed -e 's/^axes:/timing: simulate\naxes:/' -e 's/\[4, 8, 12, 16, 20, 24, 28, 32\]/[8, 16, 32]/' \
  -e 's/\[131072, 262144, 393216, 524288\]/[131072, 262144]/' "$work/analytical.yaml" > "$work/simulate.yaml"
"$tessera" explore "$work/simulate.yaml" > /dev/null 2> "$work/s.log"
echo "ResNet-50 simulate: $(rate "$work/s.log") (18 points)"
cat > "$work/grid.yaml" <<'YAML'
base: gemmini
models: [lenet5.onnx, mlp.onnx, tc_resnet8.onnx]
axes:
  compute.mesh.rows: [2, 4, 6, 8, 10, 12, 14, 16, 24, 32]
  compute.mesh.cols: [2, 4, 6, 8, 10, 12, 14, 16, 24, 32]
  memory.scratchpad.size_bytes: [16384, 32768, 65536, 98304, 131072, 196608, 262144, 393216, 524288, 1048576]
YAML
count() { python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('select count(*) from points').fetchone()[0])" "$work/grid.yaml.explore.sqlite" 2>/dev/null || echo 0; }
"$tessera" explore "$work/grid.yaml" > /dev/null 2>&1 &
pid=$!
while [ "$(count)" -lt 500 ]; do sleep 0.2; done
kill -9 "$pid"; wait "$pid" 2>/dev/null || true
before=$(count)
"$tessera" explore "$work/grid.yaml" --resume --format csv > "$work/grid.csv" 2> "$work/g.log"
after=$(count)
again=$(grep -o '[0-9]* evaluated now' "$work/g.log" | grep -o '^[0-9]*')
rows=$(($(wc -l < "$work/grid.csv") - 1))
echo "kill/resume: $before stored at the kill, $again evaluated on resume, $after stored, $rows in the report"
[ "$after" -eq 1000 ] && [ "$rows" -eq 1000 ] && [ $((before + again)) -eq 1000 ] || { echo "FAILED" >&2; exit 1; }
