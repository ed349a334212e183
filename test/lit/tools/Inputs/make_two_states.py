#!/usr/bin/env python3
"""Writes two_states.onnx (next to this script), the input of edgec_stateful.test: a model
carrying two states between calls, as RNN exports do (state in as an input, its next value out
as an output):
  hN = Relu(h) + x          (every read of h comes before hN is written: updated in place)
  cN = c * 0.5 + x
  y  = cN * c + hN          (c is read after cN is written: cN is copied into c at the end)
and `mean` = ReduceMean(hN) ([1, 1], a shape no state has)."""
import os

import onnx
from onnx import TensorProto, helper

def value(name, shape=(1, 4)):
    return helper.make_tensor_value_info(name, TensorProto.FLOAT, list(shape))


half = helper.make_tensor("half", TensorProto.FLOAT, [], [0.5])
graph = helper.make_graph(
    [helper.make_node("Relu", ["h"], ["r"], name="relu_h"),
     helper.make_node("Add", ["r", "x"], ["hN"], name="next_h"),
     helper.make_node("Mul", ["c", "half"], ["m"], name="decay_c"),
     helper.make_node("Add", ["m", "x"], ["cN"], name="next_c"),
     helper.make_node("Mul", ["cN", "c"], ["p"], name="gate"),
     helper.make_node("Add", ["p", "hN"], ["y"], name="out"),
     helper.make_node("ReduceMean", ["hN"], ["mean"], name="mean", axes=[1], keepdims=1)],
    "two_states", [value("x"), value("h"), value("c")], [value("y"), value("hN"), value("cN"), value("mean", (1, 1))],
    initializer=[half])
model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)], producer_name="edgec-test")
onnx.checker.check_model(model)
onnx.save(model, os.path.join(os.path.dirname(os.path.abspath(__file__)), "two_states.onnx"))
