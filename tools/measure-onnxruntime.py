#!/usr/bin/env python3
"""Measure a model's per-node times with onnxruntime's profiler, in Tessera's measurement CSV.

    tools/measure-onnxruntime.py MODEL.onnx [MODEL.onnx ...] --out FILE.csv [--runs 10]
        [--warmup 2] [--threads 1] [--batch 1] [--seed 0]

Graph optimizations are off so every ONNX node is one profiled kernel (and one Tessera node);
execution is sequential on `--threads` intra-op threads (the host-cpu target's `cores`).
Each node's `seconds` is its median over `--runs` runs after `--warmup` discarded ones;
`spread` is the interquartile range over the median (run-to-run noise, which `tessera
calibrate` weighs). Columns: model,node,op,batch,seconds,runs,spread (docs/calibration.md);
model paths are written relative to the CSV. Inputs are seeded random normals; symbolic
dimensions take `--batch`.
"""
import argparse
import csv
import json
import os
import statistics
import sys


def quartiles(values):
    ordered = sorted(values)
    if len(ordered) < 4:
        return ordered[0], ordered[-1]
    q = statistics.quantiles(ordered, n=4)
    return q[0], q[2]


def feeds(session, batch, seed):
    import numpy as np

    rng = np.random.default_rng(seed)
    types = {"tensor(float)": np.float32, "tensor(int64)": np.int64, "tensor(int32)": np.int32,
             "tensor(uint8)": np.uint8, "tensor(int8)": np.int8, "tensor(double)": np.float64}
    result = {}
    for value in session.get_inputs():
        shape = [d if isinstance(d, int) and d > 0 else batch for d in value.shape]
        dtype = types.get(value.type)
        if dtype is None:
            sys.exit(f"error: input '{value.name}' has type {value.type}, which this harness cannot generate")
        if np.issubdtype(dtype, np.integer):
            result[value.name] = rng.integers(0, 2, size=shape).astype(dtype)
        else:
            result[value.name] = rng.standard_normal(shape).astype(dtype)
    return result


def measure(path, args):
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_DISABLE_ALL
    options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    options.intra_op_num_threads = args.threads
    options.inter_op_num_threads = 1
    options.enable_profiling = True
    options.profile_file_prefix = os.path.join(args.scratch, "profile")
    try:
        session = ort.InferenceSession(path, options, providers=["CPUExecutionProvider"])
    except Exception as error:  # onnxruntime raises several exception types
        sys.exit(f"error: {path}: onnxruntime cannot load it: {error}")
    inputs = feeds(session, args.batch, args.seed)
    for _ in range(args.warmup + args.runs):
        session.run(None, inputs)
    with open(session.end_profiling()) as file:
        events = json.load(file)
    times, ops, order = {}, {}, []
    for event in events:
        if event.get("cat") != "Node" or not event.get("name", "").endswith("_kernel_time"):
            continue
        node = event["name"][: -len("_kernel_time")]
        if node not in times:
            times[node], order = [], order + [node]
        times[node].append(event["dur"] * 1e-6)
        ops[node] = event.get("args", {}).get("op_name", "")
    rows = []
    for node in order:
        samples = times[node][args.warmup:] or times[node]
        median = statistics.median(samples)
        low, high = quartiles(samples)
        spread = (high - low) / median if median > 0 else 0.0
        rows.append((node, ops[node], median, len(samples), spread))
    return rows


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("models", nargs="+")
    parser.add_argument("--out", required=True)
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--batch", type=int, default=1)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    if args.runs < 1 or args.warmup < 0 or args.threads < 1 or args.batch < 1:
        sys.exit("error: --runs, --threads and --batch must be at least 1, --warmup at least 0")
    import tempfile

    out_dir = os.path.dirname(os.path.abspath(args.out))
    with tempfile.TemporaryDirectory() as scratch, open(args.out, "w", newline="") as file:
        args.scratch = scratch
        writer = csv.writer(file, lineterminator="\n")
        writer.writerow(["model", "node", "op", "batch", "seconds", "runs", "spread"])
        for index, model in enumerate(args.models):
            if not os.path.isfile(model):
                sys.exit(f"error: {model}: no such file")
            rows = measure(model, args)
            relative = os.path.relpath(os.path.abspath(model), out_dir)
            for node, op, seconds, runs, spread in rows:
                writer.writerow([relative, node, op, args.batch, f"{seconds:.9f}", runs, f"{spread:.4f}"])
            total = sum(row[2] for row in rows)
            if sys.stderr.isatty():
                print(f"[{index + 1}/{len(args.models)}] {model}: {len(rows)} nodes, {total * 1e3:.3f} ms", file=sys.stderr)


if __name__ == "__main__":
    main()
