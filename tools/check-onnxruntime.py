#!/usr/bin/env python3
"""Optional dev tool: load ONNX models in onnxruntime, run them on seeded random inputs and
print each output's shape. Not a build dependency; used to check `tessera compile
--export-qdq` and the exporter's output against an independent runtime.

Setup (once):
    python3 -m venv /work/venv-ort && /work/venv-ort/bin/pip install onnxruntime onnx numpy
Usage:
    /work/venv-ort/bin/python tools/check-onnxruntime.py MODEL.onnx [MODEL.onnx ...]
    /work/venv-ort/bin/python tools/check-onnxruntime.py EXPORTED.onnx --against ORIGINAL.onnx
(--against also runs ORIGINAL on the same inputs and prints the largest |difference| per output.)

Runs `onnx.checker` (full check) first, then onnxruntime with graph optimizations off, so the
graph runs as written. Integer inputs get values in [1, 3) so that index inputs (token ids)
stay in range and divisors are not zero. Exits non-zero if any model fails.
"""
import sys

import numpy as np
import onnx
import onnxruntime as ort

TYPES = {
    "tensor(float)": np.float32, "tensor(float16)": np.float16, "tensor(double)": np.float64,
    "tensor(int8)": np.int8, "tensor(int16)": np.int16, "tensor(int32)": np.int32, "tensor(int64)": np.int64,
    "tensor(uint8)": np.uint8, "tensor(uint16)": np.uint16, "tensor(uint32)": np.uint32,
    "tensor(uint64)": np.uint64, "tensor(bool)": np.bool_,
}


def session(path):
    options = ort.SessionOptions()
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_DISABLE_ALL
    return ort.InferenceSession(path, options, providers=["CPUExecutionProvider"])


def check(path, rng, reference=None):
    onnx.checker.check_model(path, full_check=True)
    session_ = session(path)
    feeds = {}
    for arg in session_.get_inputs():
        dtype = TYPES[arg.type]
        shape = [d if isinstance(d, int) else 1 for d in arg.shape]
        if np.issubdtype(dtype, np.floating):
            feeds[arg.name] = rng.standard_normal(shape).astype(dtype)
        elif dtype == np.bool_:
            feeds[arg.name] = rng.integers(0, 2, size=shape).astype(dtype)
        else:
            feeds[arg.name] = rng.integers(1, 3, size=shape).astype(dtype)
    results = session_.run(None, feeds)
    shapes = ", ".join(f"{o.name}: {r.dtype}{list(r.shape)}" for o, r in zip(session_.get_outputs(), results))
    finite = all(np.isfinite(r).all() for r in results if np.issubdtype(r.dtype, np.floating))
    line = f"ok   {path}: {shapes}{'' if finite else ' (non-finite values)'}"
    if reference:
        expected = session(reference).run(None, feeds)
        diffs = [float(np.max(np.abs(r.astype(np.float64) - e.astype(np.float64)), initial=0))
                 for r, e in zip(results, expected)]
        line += f"; max |diff| vs {reference}: " + ", ".join(f"{d:.3g}" for d in diffs)
    print(line)


def main():
    arguments = sys.argv[1:]
    reference = None
    if "--against" in arguments:
        index = arguments.index("--against")
        reference = arguments[index + 1]
        del arguments[index:index + 2]
    failed = 0
    for path in arguments:
        try:
            check(path, np.random.default_rng(0), reference)
        except Exception as error:  # report every model, then fail
            failed += 1
            message = str(error).replace("\n", " ")[:600]
            print(f"FAIL {path}: {type(error).__name__}: {message}")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
