#!/usr/bin/env python3
"""Writes the --custom-op test models next to this script (edgec_custom_op.test, e2e.custom_op):
- custom_op.onnx: x -> Conv -> Relu -> com.example.ScaleShift -> GlobalAveragePool -> Flatten -> y,
  ScaleShift (s = r * alpha + shift[c] along `axis`) carrying an INT, a FLOAT, a FLOATS and a
  STRING attribute, its output's type declared in value_info (edgec cannot infer it);
- custom_op_untyped.onnx: the same without that value_info (the error case);
- custom_op_opset11.onnx: the same at opset 11, which ONNX's version converter cannot upgrade.
reference_model() is the same graph with ScaleShift spelled as Mul and Add, for onnxruntime."""
import os

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

HERE = os.path.dirname(os.path.abspath(__file__))
ALPHA = 0.5
SHIFT = [0.25, -1.0, 2.0, 0.0]


def _graph(custom_nodes, extra_inits=(), value_info=True):
    rng = np.random.default_rng(7)
    w = numpy_helper.from_array(rng.standard_normal((4, 3, 3, 3)).astype(np.float32), "conv.weight")
    b = numpy_helper.from_array(rng.standard_normal(4).astype(np.float32), "conv.bias")
    nodes = [helper.make_node("Conv", ["x", "conv.weight", "conv.bias"], ["c"], name="conv", pads=[1, 1, 1, 1]),
             helper.make_node("Relu", ["c"], ["r"], name="relu"),
             *custom_nodes,
             helper.make_node("GlobalAveragePool", ["s"], ["g"], name="pool"),
             helper.make_node("Flatten", ["g"], ["y"], name="flatten")]
    infos = [helper.make_tensor_value_info("s", TensorProto.FLOAT, [1, 4, 8, 8])] if value_info else []
    return helper.make_graph(nodes, "custom_op", [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 3, 8, 8])],
                             [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 4])],
                             initializer=[w, b, *extra_inits], value_info=infos)


def custom_model(value_info=True, opset=17):
    node = helper.make_node("ScaleShift", ["r"], ["s"], name="scale_shift", domain="com.example",
                            alpha=ALPHA, shift=SHIFT, axis=1, mode="affine")
    return helper.make_model(_graph([node], value_info=value_info), producer_name="edgec-test",
                             opset_imports=[helper.make_opsetid("", opset), helper.make_opsetid("com.example", 1)])


def reference_model():
    alpha = numpy_helper.from_array(np.array(ALPHA, dtype=np.float32), "alpha")
    shift = numpy_helper.from_array(np.array(SHIFT, dtype=np.float32).reshape(1, 4, 1, 1), "shift")
    nodes = [helper.make_node("Mul", ["r", "alpha"], ["scaled"], name="scale"),
             helper.make_node("Add", ["scaled", "shift"], ["s"], name="shift")]
    model = helper.make_model(_graph(nodes, [alpha, shift]), producer_name="edgec-test",
                              opset_imports=[helper.make_opsetid("", 17)])
    onnx.checker.check_model(model)
    return model


if __name__ == "__main__":
    onnx.save(custom_model(), os.path.join(HERE, "custom_op.onnx"))
    onnx.save(custom_model(value_info=False), os.path.join(HERE, "custom_op_untyped.onnx"))
    onnx.save(custom_model(opset=11), os.path.join(HERE, "custom_op_opset11.onnx"))
