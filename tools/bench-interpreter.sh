#!/usr/bin/env bash
# Interpreter speed: fp32 forward time of models (placeholder weights materialized with
# seeded random values) on `tessera run` vs onnxruntime on the same machine, both cores.
# Release build. Usage: tools/bench-interpreter.sh [MODEL…] (default: mobilenet_v2, resnet18)
#
# Installs onnxruntime into .build-bench-venv/ on first use (for the comparison only;
# Tessera itself needs no Python).
set -euo pipefail
cd "$(dirname "$0")/.."
models=("$@")
[ ${#models[@]} -eq 0 ] && models=(onnx-samples/mobilenet_v2.onnx onnx-samples/resnet18.onnx)
runs=10

swift build -c release --product tessera >&2
[ -x .build-bench-venv/bin/python ] || python3 -m venv .build-bench-venv
.build-bench-venv/bin/python -c 'import onnxruntime, numpy' 2>/dev/null ||
  .build-bench-venv/bin/pip install --quiet onnxruntime numpy onnx >&2

printf '%-34s %12s %14s %8s\n' model "tessera ms" "onnxruntime ms" ratio
for model in "${models[@]}"; do
  tessera_line="$(.build/release/tessera run "$model" --random-weights 1 --random-inputs 1 --repeat "$runs")"
  tessera_ms="$(echo "$tessera_line" | sed -n 's/.*median \([0-9.]*\) ms.*/\1/p' | head -1)"
  ort_ms="$(.build-bench-venv/bin/python - "$model" "$runs" <<'PY'
import statistics, sys, time
import numpy as np, onnxruntime as ort
model, runs = sys.argv[1], int(sys.argv[2])
options = ort.SessionOptions()
options.intra_op_num_threads = 2
session = ort.InferenceSession(model, options, providers=["CPUExecutionProvider"])
rng = np.random.default_rng(1)
feed = {i.name: rng.standard_normal([d if isinstance(d, int) else 1 for d in i.shape]).astype(np.float32)
        for i in session.get_inputs()}
session.run(None, feed)
times = []
for _ in range(runs):
    start = time.perf_counter(); session.run(None, feed); times.append((time.perf_counter() - start) * 1000)
print(f"{statistics.median(times):.1f}")
PY
)"
  ratio="$(python3 -c "print(f'{$tessera_ms / $ort_ms:.1f}x')")"
  printf '%-34s %12s %14s %8s\n' "$(basename "$model")" "$tessera_ms" "$ort_ms" "$ratio"
done
