#!/usr/bin/env python3
"""Writes testdata/zoo/bvlc_alexnet_replica.onnx: the graph of the ONNX model zoo's
bvlc-alexnet-12 (Caffe's AlexNet converted through Caffe2), node for node.

What is kept from the zoo file: opset 12, IR version 7; the input `data_0` fixed at
1x3x224x224 (the network needs 227x227: at 224 pool5 is 5x5 and fc6 expects 6x6x256); value
names (conv1_1 ... prob_1); empty node names; LRN, grouped convolutions, Dropout with its mask,
Softmax; the flatten before fc6 as a Reshape to the int64 initializer OC2_DUMMY_1 = [1, 9216],
which pins the batch at 1; initializers that are also listed as graph inputs.
What differs: the weight tensors are ConstantOfShape splats (as in the ONNX light model zoo:
shapes and MACs are the real ones, the file is 3 KB instead of 233 MB); biases are zero.

  pip install onnx
  python3 tools/testdata/make_zoo_alexnet.py testdata/zoo
"""
import sys

import numpy as np
import onnx
from onnx import TensorProto as T
from onnx import helper as h
from onnx import numpy_helper

out = sys.argv[1] if len(sys.argv) > 1 else "."
nodes, initializers = [], []


def splat(name, shape):
    shape_name = f"{name}_shape"
    initializers.append(numpy_helper.from_array(np.array(shape, dtype=np.int64), shape_name))
    value = h.make_tensor("value", T.FLOAT, [1], [0.01])
    nodes.append(h.make_node("ConstantOfShape", [shape_name], [name], value=value))


def bias(name, size):
    initializers.append(numpy_helper.from_array(np.zeros(size, dtype=np.float32), name))


def conv(i, x, cout, cin, k, stride, pad, group):
    splat(f"conv{i}_w_0", [cout, cin // group, k, k])
    bias(f"conv{i}_b_0", cout)
    nodes.append(h.make_node(
        "Conv", [x, f"conv{i}_w_0", f"conv{i}_b_0"], [f"conv{i}_1"], kernel_shape=[k, k],
        strides=[stride, stride], pads=[pad] * 4, group=group, dilations=[1, 1]))
    nodes.append(h.make_node("Relu", [f"conv{i}_1"], [f"conv{i}_2"]))
    return f"conv{i}_2"


def lrn(x, y):
    nodes.append(h.make_node("LRN", [x], [y], size=5, alpha=0.0001, beta=0.75, bias=1.0))
    return y


def pool(x, y):
    nodes.append(h.make_node("MaxPool", [x], [y], kernel_shape=[3, 3], strides=[2, 2], pads=[0] * 4))
    return y


def fc(i, x, n, k, dropout):
    splat(f"fc{i}_w_0", [n, k])
    bias(f"fc{i}_b_0", n)
    nodes.append(h.make_node("Gemm", [x, f"fc{i}_w_0", f"fc{i}_b_0"], [f"fc{i}_1"], transB=1))
    if not dropout:
        return f"fc{i}_1"
    nodes.append(h.make_node("Relu", [f"fc{i}_1"], [f"fc{i}_2"]))
    nodes.append(h.make_node("Dropout", [f"fc{i}_2"], [f"fc{i}_3", f"_fc{i}_mask_1"]))
    return f"fc{i}_3"


x = pool(lrn(conv(1, "data_0", 96, 3, 11, 4, 0, 1), "norm1_1"), "pool1_1")
x = pool(lrn(conv(2, x, 256, 96, 5, 1, 2, 2), "norm2_1"), "pool2_1")
x = conv(3, x, 384, 256, 3, 1, 1, 1)
x = conv(4, x, 384, 384, 3, 1, 1, 2)
x = pool(conv(5, x, 256, 384, 3, 1, 1, 2), "pool5_1")
initializers.append(numpy_helper.from_array(np.array([1, 9216], dtype=np.int64), "OC2_DUMMY_1"))
nodes.append(h.make_node("Reshape", [x, "OC2_DUMMY_1"], ["OC2_DUMMY_0"]))
x = fc(6, "OC2_DUMMY_0", 4096, 9216, True)
x = fc(7, x, 4096, 4096, True)
x = fc(8, x, 1000, 4096, False)
nodes.append(h.make_node("Softmax", [x], ["prob_1"]))

inputs = [h.make_tensor_value_info("data_0", T.FLOAT, [1, 3, 224, 224])]
inputs += [h.make_tensor_value_info(t.name, t.data_type, list(t.dims)) for t in initializers
           if not t.name.endswith("_shape")]
graph = h.make_graph(nodes, "main_graph", inputs, [h.make_tensor_value_info("prob_1", T.FLOAT, [1, 1000])],
                     initializers)
model = h.make_model(graph, opset_imports=[h.make_opsetid("", 12)], producer_name="onnx-caffe2")
model.ir_version = 7
onnx.checker.check_model(model)
onnx.save(model, f"{out}/bvlc_alexnet_replica.onnx")
