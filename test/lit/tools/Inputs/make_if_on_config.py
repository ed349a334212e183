#!/usr/bin/env python3
"""Writes if_on_config.onnx (next to this script), the input of edgec_bind_if.test:
y = If(mode == 1, then: x * 2, else: If(rows == 1, then: x + 1, else: x - 1)), where mode is an
int64 configuration input and rows is x's first dim (a shape fact, folded without --bind). The
branches read x from the enclosing graph, as exporters write them."""
import os

import onnx
from onnx import TensorProto, helper

x = helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 4])
mode = helper.make_tensor_value_info("mode", TensorProto.INT64, [])
y = helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 4])


def branch(name, op, value):
    c = helper.make_node("Constant", [], [name + "_c"], value=helper.make_tensor(name + "_v", TensorProto.FLOAT, [], [value]))
    n = helper.make_node(op, ["x", name + "_c"], [name + "_out"], name=name)
    return helper.make_graph([c, n], name, [], [helper.make_tensor_value_info(name + "_out", TensorProto.FLOAT, [1, 4])])


inner = helper.make_graph(
    [helper.make_node("Shape", ["x"], ["shape"], name="shape_of_x"),
     helper.make_node("Constant", [], ["zero"], value=helper.make_tensor("zero_v", TensorProto.INT64, [], [0])),
     helper.make_node("Gather", ["shape", "zero"], ["rows"], name="rows"),
     helper.make_node("Constant", [], ["one_i"], value=helper.make_tensor("one_v", TensorProto.INT64, [], [1])),
     helper.make_node("Equal", ["rows", "one_i"], ["single_row"], name="single_row"),
     helper.make_node("If", ["single_row"], ["inner_out"], name="if_rows",
                      then_branch=branch("plus_one", "Add", 1.0), else_branch=branch("minus_one", "Sub", 1.0))],
    "else_mode", [], [helper.make_tensor_value_info("inner_out", TensorProto.FLOAT, [1, 4])])
graph = helper.make_graph(
    [helper.make_node("Constant", [], ["one"], value=helper.make_tensor("one_m", TensorProto.INT64, [], [1])),
     helper.make_node("Equal", ["mode", "one"], ["is_double"], name="is_double"),
     helper.make_node("If", ["is_double"], ["y"], name="if_mode", then_branch=branch("times_two", "Mul", 2.0),
                      else_branch=inner)],
    "if_on_config", [x, mode], [y])
model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)], producer_name="edgec-test")
onnx.checker.check_model(model)
onnx.save(model, os.path.join(os.path.dirname(os.path.abspath(__file__)), "if_on_config.onnx"))
