#!/usr/bin/env python3
"""Loop and Scan beyond ONNX's node tests, through the conformance runner.

Usage: run_loop_cases.py --edgec PATH --work DIR [--cxx CXX] [--jobs 2]

The node tests have one Loop (a trip count, no early stop) and one Scan (axis 0, forwards).
This writes node-test-shaped cases under DIR/node for what edgec's unrolling must also get
right -- a body condition that stops the loop early, no trip count, a trip count from x's
shape, several carried values and scan outputs, an If and a Loop inside a Loop body, Scan
axes and directions on inputs and outputs -- with onnxruntime's outputs as the expected ones,
then runs run_conformance.py on them alone (every case must pass).
"""

import os
import shutil
import sys

import numpy as np
import onnxruntime as ort
from onnx import TensorProto, helper

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import generated_cases  # noqa: E402

F, I64, B = TensorProto.FLOAT, TensorProto.INT64, TensorProto.BOOL


def const(name, dtype, dims, values):
    return helper.make_node("Constant", [], [name], value=helper.make_tensor(name + "_v", dtype, dims, values))


def body(prefix, carried, nodes, outputs, cond_out):
    """A Loop body (prefix_i, prefix_cond, carried...) -> (cond_out, outputs...), float values."""
    inputs = [helper.make_tensor_value_info(prefix + "_i", I64, []), helper.make_tensor_value_info(prefix + "_cond", B, [])]
    inputs += [helper.make_tensor_value_info(c, F, None) for c in carried]
    outs = [helper.make_tensor_value_info(cond_out, B, [])] + [helper.make_tensor_value_info(o, F, None) for o in outputs]
    return helper.make_graph(nodes, prefix, inputs, outs)


def case(nodes, feeds, outputs, opset=17):
    """(model, feeds, onnxruntime's outputs) of a graph of `nodes` on float inputs `feeds`."""
    ins = [helper.make_tensor_value_info(k, F, v.shape) for k, v in feeds.items()]
    outs = [helper.make_tensor_value_info(o, F, None) for o in outputs]
    m = helper.make_model(helper.make_graph(nodes, "g", ins, outs), opset_imports=[helper.make_opsetid("", opset)])
    options = ort.SessionOptions()
    options.log_severity_level = 3  # not the warnings about constants a case leaves unused
    session = ort.InferenceSession(m.SerializeToString(), options, providers=["CPUExecutionProvider"])
    return m, feeds, dict(zip(outputs, session.run(outputs, feeds)))


def write_cases(out):
    shutil.rmtree(out, ignore_errors=True)
    rng = np.random.default_rng(0)
    x = rng.standard_normal((5, 3)).astype(np.float32)
    y = rng.standard_normal((2, 4, 3)).astype(np.float32)

    # y *= 1.5 while i < 3 (at most 10 times): the condition folds to false at i = 3.
    early = body("e", ["e_y"], [const("e_k", F, [], [1.5]), helper.make_node("Mul", ["e_y", "e_k"], ["e_y2"]),
                                const("e_three", I64, [], [3]), helper.make_node("Less", ["e_i", "e_three"], ["e_go"])],
                 ["e_y2", "e_y2"], "e_go")
    # No trip count: runs until i < 4 turns false; carries a sum and a product, scans both.
    open_ended = body("o", ["o_s", "o_p"],
                      [helper.make_node("Add", ["o_s", "x"], ["o_s2"]), helper.make_node("Mul", ["o_p", "x"], ["o_p2"]),
                       const("o_four", I64, [], [4]), helper.make_node("Less", ["o_i", "o_four"], ["o_go"])],
                      ["o_s2", "o_p2", "o_s2", "o_p2"], "o_go")
    # M = rows(x): each iteration scales row i by i.
    rows = body("r", [], [helper.make_node("Gather", ["x", "r_i"], ["r_row"]),
                          helper.make_node("Cast", ["r_i"], ["r_f"], to=F),
                          helper.make_node("Mul", ["r_row", "r_f"], ["r_out"]),
                          helper.make_node("Identity", ["r_cond"], ["r_go"])], ["r_out"], "r_go")
    # An If on the iteration number inside the body: add x while i < 2, subtract it after.
    branch = lambda name, op: helper.make_graph(  # noqa: E731
        [helper.make_node(op, ["b_acc", "x"], [name])], name, [], [helper.make_tensor_value_info(name, F, None)])
    with_if = body("b", ["b_acc"], [const("b_two", I64, [], [2]), helper.make_node("Less", ["b_i", "b_two"], ["b_small"]),
                                    helper.make_node("If", ["b_small"], ["b_next"], then_branch=branch("b_plus", "Add"),
                                                     else_branch=branch("b_minus", "Sub")),
                                    helper.make_node("Identity", ["b_cond"], ["b_go"])], ["b_next"], "b_go")
    # A Loop in a Loop: the inner one runs i + 1 times and doubles; the outer adds its result.
    inner = body("n", ["n_v"], [const("n_k", F, [], [2.0]), helper.make_node("Mul", ["n_v", "n_k"], ["n_v2"]),
                                helper.make_node("Identity", ["n_cond"], ["n_go"])], ["n_v2"], "n_go")
    outer = body("u", ["u_acc"], [const("u_one", I64, [], [1]), helper.make_node("Add", ["u_i", "u_one"], ["u_m"]),
                                  helper.make_node("Loop", ["u_m", "", "x"], ["u_pow"], body=inner),
                                  helper.make_node("Add", ["u_acc", "u_pow"], ["u_acc2"]),
                                  helper.make_node("Identity", ["u_cond"], ["u_go"])], ["u_acc2"], "u_go")
    # Scan: two states, y scanned along axis 1 forwards, x along axis 0 backwards (both 4 steps
    # after slicing x to 4 rows); scan outputs along axis 0 backwards and along the last axis.
    scan_body = helper.make_graph(
        [const("s_axis", I64, [1], [0]), helper.make_node("ReduceSum", ["s_y", "s_axis"], ["s_ysum"], keepdims=0),
         helper.make_node("Add", ["s_a", "s_ysum"], ["s_a2"]),
         helper.make_node("Mul", ["s_b", "s_x"], ["s_b2"]),
         helper.make_node("Sub", ["s_a2", "s_b2"], ["s_d"]),
         helper.make_node("Identity", ["s_a2"], ["s_a_out"])],
        "scan_body", [helper.make_tensor_value_info(n, F, None) for n in ("s_a", "s_b", "s_y", "s_x")],
        [helper.make_tensor_value_info(n, F, None) for n in ("s_a2", "s_b2", "s_d", "s_a_out")])
    ones = [const("one3", F, [3], [1.0] * 3), const("zero3", F, [3], [0.0] * 3)]
    cases = {
        "loop_early_stop": case([const("m10", I64, [], [10]), const("go", B, [], [True]),
                                 helper.make_node("Loop", ["m10", "go", "x"], ["y_last", "y_all"], body=early)],
                                {"x": x}, ["y_last", "y_all"]),
        "loop_no_trip_count": case(ones + [const("go", B, [], [True]),
                                           helper.make_node("Loop", ["", "go", "zero3", "one3"],
                                                            ["s", "p", "s_all", "p_all"], body=open_ended)],
                                   {"x": x[0]}, ["s", "p", "s_all", "p_all"]),
        "loop_trip_count_from_shape": case([helper.make_node("Shape", ["x"], ["shape"]), const("zero", I64, [], [0]),
                                            helper.make_node("Gather", ["shape", "zero"], ["n_rows"]),
                                            helper.make_node("Loop", ["n_rows", ""], ["scaled"], body=rows)],
                                           {"x": x}, ["scaled"]),
        "loop_if_inside": case(ones + [const("m4", I64, [], [4]),
                                       helper.make_node("Loop", ["m4", "", "zero3"], ["acc"], body=with_if)],
                               {"x": x[1]}, ["acc"]),
        "loop_in_loop": case(ones + [const("m3", I64, [], [3]),
                                     helper.make_node("Loop", ["m3", "", "zero3"], ["total"], body=outer)],
                             {"x": x[2]}, ["total"]),
        "scan_axes_directions": case(
            [const("a0", F, [2, 3], [0.0] * 6), const("b0", F, [3], [1.0] * 3),
             const("st", I64, [1], [0]), const("en", I64, [1], [4]),
             helper.make_node("Slice", ["x", "st", "en"], ["x4"]),
             helper.make_node("Scan", ["a0", "b0", "y", "x4"], ["a", "b", "d_all", "a_all"], body=scan_body,
                              num_scan_inputs=2, scan_input_axes=[1, 0], scan_input_directions=[0, 1],
                              scan_output_axes=[0, -1], scan_output_directions=[1, 0])],
            {"x": x, "y": y}, ["a", "b", "d_all", "a_all"]),
    }
    for name, c in cases.items():
        generated_cases.save(out, name, *c)
    return len(cases)


if __name__ == "__main__":
    sys.exit(generated_cases.main("loop", write_cases))
