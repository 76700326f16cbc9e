#!/usr/bin/env bash
# Benchmarks: import (Tessera vs python `onnx.load` + `onnx.shape_inference.infer_shapes`
# on the same file and machine), analytical estimates of every layer on every built-in
# target, and SCALE-Sim's reference runs (vs SCALE-Sim's recorded wall time). Release build.
# Usage: tools/bench.sh [MODEL]
#
# Needs python3; installs the `onnx` wheel into .build-bench-venv/ on first use
# (for the comparison only; Tessera itself needs no Python).
set -euo pipefail
cd "$(dirname "$0")/.."
model="${1:-onnx-samples/resnet50.onnx}"

swift build -c release --product tessera-bench >&2
scalesim=()
scalesim=(--scalesim testdata/scalesim)
tessera_out="$(.build/release/tessera-bench "$model" --runs 200 --weights-mb 100 "${scalesim[@]}")"
echo "$tessera_out" | grep -v '^weights-file'

python=python3
if ! python3 -c 'import onnx' 2>/dev/null; then
  [ -x .build-bench-venv/bin/python ] || python3 -m venv .build-bench-venv
  .build-bench-venv/bin/pip install --quiet onnx
  python=.build-bench-venv/bin/python
fi

"$python" - "$model" "$tessera_out" <<'PY'
import re, statistics, sys, time
import onnx
from onnx import shape_inference

model, tessera_out = sys.argv[1], sys.argv[2]
def median_ms(f, runs=200):
    times = []
    for _ in range(runs):
        t = time.perf_counter(); f(); times.append(time.perf_counter() - t)
    return statistics.median(times) * 1e3

python_ms = median_ms(lambda: shape_inference.infer_shapes(onnx.load(model)))
tessera_ms = float(re.search(r"import\+shapes .*?: ([0-9.]+) ms", tessera_out).group(1))
print(f"python onnx {onnx.__version__} load+infer_shapes {model}: {python_ms:.3f} ms median of 200")
print(f"ratio: tessera is {python_ms / tessera_ms:.2f}x faster than onnx.load+infer_shapes")
PY
