#!/usr/bin/env python3
"""Shrinks testdata/models/bert_tiny: keeps the first ROWS rows of the word-embedding table.

The test input's token ids are all below 100, so the Gather reads the same rows and the model
computes exactly the same output; the file drops from 17 MB to about 2 MB. The script checks
that with onnxruntime (no graph optimizations) against the stored expected output.

  pip install onnx onnxruntime
  python3 tools/testdata/trim_bert_vocab.py testdata/models/bert_tiny [ROWS]
"""
import sys

import numpy as np
import onnx
import onnxruntime as ort
from onnx import numpy_helper

folder = sys.argv[1]
rows = int(sys.argv[2]) if len(sys.argv) > 2 else 1024
name = "m.embeddings.word_embeddings.weight"
model = onnx.load(f"{folder}/model.onnx")
table = next(t for t in model.graph.initializer if t.name == name)
kept = numpy_helper.to_array(table)[:rows]
table.CopyFrom(numpy_helper.from_array(np.ascontiguousarray(kept), name))

ids = numpy_helper.to_array(onnx.load_tensor(f"{folder}/test_data_set_0/input_0.pb"))
expected = numpy_helper.to_array(onnx.load_tensor(f"{folder}/test_data_set_0/output_0.pb"))
assert ids.max() < rows, f"token id {ids.max()} is outside the kept {rows} rows"
options = ort.SessionOptions()
options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_DISABLE_ALL
session = ort.InferenceSession(model.SerializeToString(), options)
(got,) = session.run(None, {session.get_inputs()[0].name: ids})
error = float(np.abs(got - expected).max())
assert error <= 1e-5, f"the trimmed model differs from the expected output by {error}"
onnx.save(model, f"{folder}/model.onnx")
print(f"kept {rows} of the embedding rows; max abs difference from the expected output {error}")
