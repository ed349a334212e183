#!/usr/bin/env python3
"""Writes the inputs of edgec_runtime_if.test next to this script:
- if_runtime.onnx: an If on run-time data whose two branches both compute, so their buffers can
  share the arena: y = If(ReduceSum(x) > 0, then: (x * 2) + 1, else: (x - 1) * 3),
  x: float[1, 4, 32, 32]. The branches read x from the enclosing graph, as exporters write them.
- if_runtime_shapes.onnx: the same If whose else branch returns x[:, :2] (another shape), which a
  run-time If cannot join."""
import os

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

SHAPE = [1, 4, 32, 32]


def scalar(name, value):
    return helper.make_node("Constant", [], [name], value=numpy_helper.from_array(np.array(value, np.float32), name + "_v"))


def branch(name, first_op, first, second_op, second):
    nodes = [scalar(name + "_a", first), scalar(name + "_b", second),
             helper.make_node(first_op, ["x", name + "_a"], [name + "_t"], name=name + "_first"),
             helper.make_node(second_op, [name + "_t", name + "_b"], [name + "_out"], name=name + "_second")]
    return helper.make_graph(nodes, name, [], [helper.make_tensor_value_info(name + "_out", TensorProto.FLOAT, SHAPE)])


def half_channels():
    nodes = [helper.make_node("Constant", [], [n], value=numpy_helper.from_array(np.array([v], np.int64), n + "_v"))
             for n, v in (("starts", 0), ("ends", 2), ("axes", 1))]
    nodes.append(helper.make_node("Slice", ["x", "starts", "ends", "axes"], ["half"], name="half"))
    return helper.make_graph(nodes, "half", [], [helper.make_tensor_value_info("half", TensorProto.FLOAT, ["n", "c", "h", "w"])])


def save(name, else_branch, y_shape):
    x = helper.make_tensor_value_info("x", TensorProto.FLOAT, SHAPE)
    y = helper.make_tensor_value_info("y", TensorProto.FLOAT, y_shape)
    graph = helper.make_graph(
        [helper.make_node("ReduceSum", ["x"], ["total"], name="total", keepdims=0),
         scalar("zero", 0.0),
         helper.make_node("Greater", ["total", "zero"], ["positive"], name="positive"),
         helper.make_node("If", ["positive"], ["y"], name="if_positive",
                          then_branch=branch("then", "Mul", 2.0, "Add", 1.0), else_branch=else_branch)],
        name, [x], [y])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)], producer_name="edgec-test")
    onnx.checker.check_model(model)
    onnx.save(model, os.path.join(os.path.dirname(os.path.abspath(__file__)), name + ".onnx"))


save("if_runtime", branch("else", "Sub", 1.0, "Mul", 3.0), SHAPE)
save("if_runtime_shapes", half_channels(), ["n", "c", "h", "w"])
