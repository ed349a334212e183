#!/usr/bin/env python3
"""Writes the inputs of edgec_loop_scan.test (next to this script):

loop_config.onnx: x [3, 4] float, steps int64 (a configuration input).
  loop_rows:  M = rows(x) (a shape fact, folded without --bind), no condition; carries acc (zeros)
              and adds row i of x each iteration; scan output: acc after each step.
              -> total [4] (sum of the rows), running [3, 4] (cumulative sums).
  loop_steps: M = steps; carries y = x and doubles it each iteration -> doubled [3, 4].
loop_until.onnx: a Loop whose body condition reads run-time data (sum(y) < 100).
scan_reverse.onnx: Scan over x [2, 3] along axis 1, backwards; state: s = s + column;
  scan output stacked along axis 1, backwards -> final [2], columns [2, 3].
scan8_batched.onnx: a Scan at opset 8 (batch axis), which edgec refuses."""
import os

import onnx
from onnx import TensorProto, helper

HERE = os.path.dirname(os.path.abspath(__file__))
F, I64, B = TensorProto.FLOAT, TensorProto.INT64, TensorProto.BOOL


def const(name, dtype, dims, values):
    return helper.make_node("Constant", [], [name], value=helper.make_tensor(name + "_v", dtype, dims, values))


def save(graph, name, opset=17):
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", opset)], producer_name="edgec-test")
    onnx.checker.check_model(model)
    onnx.save(model, os.path.join(HERE, name))


def loop_body(name, carried, nodes, outputs, cond_out="cond_in"):
    """A Loop body: (i, cond_in, carried...) -> (cond, outputs...)."""
    inputs = [helper.make_tensor_value_info(name + "_i", I64, []), helper.make_tensor_value_info("cond_in", B, [])]
    inputs += [helper.make_tensor_value_info(c, F, None) for c in carried]
    nodes = nodes + [helper.make_node("Identity", [cond_out], [name + "_cond"])]
    outs = [helper.make_tensor_value_info(name + "_cond", B, [])] + [helper.make_tensor_value_info(o, F, None) for o in outputs]
    return helper.make_graph(nodes, name, inputs, outs)


x = helper.make_tensor_value_info("x", F, [3, 4])
steps = helper.make_tensor_value_info("steps", I64, [])
rows_body = loop_body("rows_body", ["acc_in"],
                      [helper.make_node("Gather", ["x", "rows_body_i"], ["row"], name="row_i"),
                       helper.make_node("Add", ["acc_in", "row"], ["acc_out"], name="accumulate")],
                      ["acc_out", "acc_out"])
double_body = loop_body("double_body", ["y_in"],
                        [const("two", F, [], [2.0]), helper.make_node("Mul", ["y_in", "two"], ["y_out"], name="double")],
                        ["y_out"])
save(helper.make_graph(
    [helper.make_node("Shape", ["x"], ["shape"], name="shape_of_x"),
     const("zero", I64, [], [0]),
     helper.make_node("Gather", ["shape", "zero"], ["rows"], name="rows"),
     const("acc0", F, [4], [0.0] * 4),
     helper.make_node("Loop", ["rows", "", "acc0"], ["total", "running"], name="loop_rows", body=rows_body),
     helper.make_node("Loop", ["steps", "", "x"], ["doubled"], name="loop_steps", body=double_body)],
    "loop_config", [x, steps],
    [helper.make_tensor_value_info("total", F, [4]), helper.make_tensor_value_info("running", F, [3, 4]),
     helper.make_tensor_value_info("doubled", F, [3, 4])]), "loop_config.onnx")

until_body = loop_body("until_body", ["u_in"],
                       [const("u_two", F, [], [2.0]), helper.make_node("Mul", ["u_in", "u_two"], ["u_out"], name="u_double"),
                        helper.make_node("ReduceSum", ["u_out"], ["u_sum"], name="u_sum", keepdims=0),
                        const("limit", F, [], [100.0]),
                        helper.make_node("Less", ["u_sum", "limit"], ["below"], name="below_limit")],
                       ["u_out"], cond_out="below")
save(helper.make_graph(
    [const("max_trips", I64, [], [8]), const("go", B, [], [True]),
     helper.make_node("Loop", ["max_trips", "go", "x"], ["grown"], name="loop_until", body=until_body)],
    "loop_until", [x], [helper.make_tensor_value_info("grown", F, [3, 4])]), "loop_until.onnx")

scan_body = helper.make_graph(
    [helper.make_node("Add", ["s_in", "column"], ["s_out"], name="add_column"),
     helper.make_node("Identity", ["s_out"], ["s_scan"])],
    "scan_body", [helper.make_tensor_value_info("s_in", F, [2]), helper.make_tensor_value_info("column", F, [2])],
    [helper.make_tensor_value_info("s_out", F, [2]), helper.make_tensor_value_info("s_scan", F, [2])])
save(helper.make_graph(
    [const("s0", F, [2], [0.0, 0.0]),
     helper.make_node("Scan", ["s0", "m"], ["final", "columns"], name="scan_columns", body=scan_body, num_scan_inputs=1,
                      scan_input_axes=[1], scan_input_directions=[1], scan_output_axes=[1], scan_output_directions=[1])],
    "scan_reverse", [helper.make_tensor_value_info("m", F, [2, 3])],
    [helper.make_tensor_value_info("final", F, [2]), helper.make_tensor_value_info("columns", F, [2, 3])]), "scan_reverse.onnx")

# scan8_batched.onnx: the same sum as a Scan-8 (batch axis first, sequence_lens absent), which
# edgec refuses: ONNX's 8 -> 9 adapter would drop the batch dim from the model's interface.
scan8_body = helper.make_graph(
    [helper.make_node("Add", ["s8_in", "s8_x"], ["s8_out"]), helper.make_node("Identity", ["s8_out"], ["s8_scan"])],
    "scan8_body", [helper.make_tensor_value_info("s8_in", F, [2]), helper.make_tensor_value_info("s8_x", F, [2])],
    [helper.make_tensor_value_info("s8_out", F, [2]), helper.make_tensor_value_info("s8_scan", F, [2])])
save(helper.make_graph(
    [helper.make_node("Scan", ["", "init", "seq"], ["last", "all"], name="scan8", body=scan8_body, num_scan_inputs=1)],
    "scan8_batched", [helper.make_tensor_value_info("init", F, [1, 2]), helper.make_tensor_value_info("seq", F, [1, 3, 2])],
    [helper.make_tensor_value_info("last", F, [1, 2]), helper.make_tensor_value_info("all", F, [1, 3, 2])]),
    "scan8_batched.onnx", opset=8)
