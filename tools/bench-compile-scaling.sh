#!/usr/bin/env bash
# Compile time against graph size: chains of N Relus (each its own kernel before `fuse`) and
# graphs of N outputs, compiled for gemmini with the default pipeline (release build, whole
# process, best of 3). The budget: time per node stays flat (linear passes), at most 2 s for
# 10,000 nodes on a 2-core machine. Needs python3 with `onnx` (pip install onnx).
#   tools/bench-compile-scaling.sh [N …]
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("${@:-1000 2000 5000 10000 20000}")
swift build -c release --product tessera >&2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for n in ${sizes[@]}; do
  python3 - "$n" "$work" <<'PY'
import sys
from onnx import helper, TensorProto, save
n, work = int(sys.argv[1]), sys.argv[2]
def model(nodes, inputs, outputs, name):
    m = helper.make_model(helper.make_graph(nodes, name, inputs, outputs), opset_imports=[helper.make_opsetid("", 17)])
    m.ir_version = 8
    save(m, f"{work}/{name}.onnx")
value = lambda name: helper.make_tensor_value_info(name, TensorProto.FLOAT, [1, 16])
model([helper.make_node("Relu", [f"v{i}"], [f"v{i+1}"], name=f"r{i}") for i in range(n)],
      [value("v0")], [value(f"v{n}")], f"chain{n}")
model([helper.make_node("Relu", ["x"], [f"y{i}"], name=f"r{i}") for i in range(n)],
      [value("x")], [value(f"y{i}") for i in range(n)], f"outputs{n}")
PY
  for kind in chain outputs; do
    times=()
    for _ in 1 2 3; do
      start=$(date +%s.%N)
      .build/release/tessera compile "$work/$kind$n.onnx" --target gemmini > /dev/null
      times+=("$(python3 -c "import sys; print(float(sys.argv[2]) - float(sys.argv[1]))" "$start" "$(date +%s.%N)")")
    done
    best=$(printf '%s\n' "${times[@]}" | sort -g | head -1)
    python3 -c "import sys; k, n, t = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]); print(f'{k:8s} N={n:<6d} {t:7.3f} s {t * 1e6 / n:7.1f} µs/node')" "$kind" "$n" "$best"
  done
done
