#!/usr/bin/env python3
"""Recurrent layers beyond ONNX's node tests, through the conformance runner.

Usage: run_recurrent_cases.py --edgec PATH --work DIR [--cxx CXX] [--jobs 2]

The node tests of LSTM, GRU and RNN cover one direction, default activations and no clip.
This writes node-test-shaped cases (model.onnx, test_data_set_0/) under DIR/node for
what they leave out -- bidirectional and reverse runs, sequence_lens shorter than the
sequence, initial states, peepholes, clip, input_forget, linear_before_reset, activations
with alpha/beta, layout 1, a lone Y_c, and LSTM/GRU cells written out with primitives
(which edgec folds into the recurrent op) -- with onnxruntime's outputs as the expected ones
(layout 1, which onnxruntime refuses, from the layout-0 model with transposed data), then
runs run_conformance.py on them alone (every case must pass).
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

GATES = {"LSTM": 4, "GRU": 3, "RNN": 1}
INPUTS = ["X", "W", "R", "B", "sequence_lens", "initial_h", "initial_c", "P"]


def build(rng, op, seq, batch, inp, hidden, direction="forward", attrs=None, optional=(), outputs=("Y", "Y_h", "Y_c"),
          lengths=None, layout=0):
    """(model, feeds, expected) of one node. `optional` names the optional inputs given
    ("B", "h0", "c0", "P"); `lengths` is sequence_lens; `outputs` the outputs read."""
    dirs = 2 if direction == "bidirectional" else 1
    g = GATES[op]
    feeds = {"X": rng.standard_normal((seq, batch, inp)).astype(np.float32),
             "W": (rng.standard_normal((dirs, g * hidden, inp)) * 0.5).astype(np.float32),
             "R": (rng.standard_normal((dirs, g * hidden, hidden)) * 0.5).astype(np.float32)}
    if "B" in optional:
        feeds["B"] = (rng.standard_normal((dirs, 2 * g * hidden)) * 0.5).astype(np.float32)
    if lengths is not None:
        feeds["sequence_lens"] = np.array(lengths, np.int32)
    if "h0" in optional:
        feeds["initial_h"] = rng.standard_normal((dirs, batch, hidden)).astype(np.float32)
    if "c0" in optional:
        feeds["initial_c"] = rng.standard_normal((dirs, batch, hidden)).astype(np.float32)
    if "P" in optional:
        feeds["P"] = rng.standard_normal((dirs, 3 * hidden)).astype(np.float32)
    inputs = [n if n in feeds else "" for n in INPUTS]
    while inputs[-1] == "":
        inputs.pop()
    if op != "LSTM":
        outputs = tuple(o for o in outputs if o != "Y_c")
    node_outputs = [o if o in outputs else "" for o in (["Y", "Y_h", "Y_c"] if op == "LSTM" else ["Y", "Y_h"])]
    while node_outputs[-1] == "":
        node_outputs.pop()
    attributes = dict(hidden_size=hidden, direction=direction, **(attrs or {}))

    def model(lay, data):
        node = helper.make_node(op, inputs, node_outputs, **attributes, **({"layout": 1} if lay else {}))
        ins = [helper.make_tensor_value_info(k, TensorProto.INT32 if k == "sequence_lens" else TensorProto.FLOAT,
                                             data[k].shape) for k in INPUTS if k in data]
        outs = [helper.make_tensor_value_info(o, TensorProto.FLOAT, None) for o in outputs]
        return helper.make_model(helper.make_graph([node], "g", ins, outs), opset_imports=[helper.make_opsetid("", 14)])

    m = model(0, feeds)
    session = ort.InferenceSession(m.SerializeToString(), providers=["CPUExecutionProvider"])
    expected = dict(zip(outputs, session.run(list(outputs), feeds)))
    if layout == 1:
        feeds = dict(feeds)
        for k in ("X", "initial_h", "initial_c"):
            if k in feeds:
                feeds[k] = feeds[k].transpose(1, 0, 2).copy()
        for k in expected:
            expected[k] = expected[k].transpose((2, 0, 1, 3) if k == "Y" else (1, 0, 2)).copy()
        m = model(1, feeds)
    return m, feeds, expected


def written_out_cell(rng, kind, batch, inp, hidden, form="aten"):
    """(model, feeds, expected) of one LSTM or GRU step written with Gemm, Split, Sigmoid/Tanh
    and Mul/Add/Sub as PyTorch exports an LSTMCell / GRUCell (gates i, f, g, o / r, z, n), with
    constant weights, so edgec folds it into one recurrent op; onnxruntime runs the primitives.
    GRU's `form` is ATen's h' = n + z * (h - n) or the textbook (1 - z) * n + z * h."""
    g = 4 if kind == "lstm" else 3
    init = [helper.make_tensor(name, TensorProto.FLOAT, shape, (rng.standard_normal(shape) * 0.5).astype(np.float32).ravel())
            for name, shape in (("w_ih", (g * hidden, inp)), ("w_hh", (g * hidden, hidden)), ("b_ih", (g * hidden,)),
                                ("b_hh", (g * hidden,)))]
    init.append(helper.make_tensor("one", TensorProto.FLOAT, (), [1.0]))
    feeds = {"x": rng.standard_normal((batch, inp)).astype(np.float32),
             "h": rng.standard_normal((batch, hidden)).astype(np.float32)}
    if kind == "lstm":
        feeds["c"] = rng.standard_normal((batch, hidden)).astype(np.float32)
    n = helper.make_node
    nodes = [n("Gemm", ["x", "w_ih", "b_ih"], ["gx"], transB=1), n("Gemm", ["h", "w_hh", "b_hh"], ["gh"], transB=1)]
    if kind == "lstm":
        outputs = ["h_new", "c_new"]
        nodes += [n("Add", ["gx", "gh"], ["gates"]), n("Split", ["gates"], ["si", "sf", "sg", "so"], axis=1, num_outputs=4),
                  n("Sigmoid", ["si"], ["i"]), n("Sigmoid", ["sf"], ["f"]), n("Tanh", ["sg"], ["gg"]),
                  n("Sigmoid", ["so"], ["o"]), n("Mul", ["f", "c"], ["fc"]), n("Mul", ["i", "gg"], ["ig"]),
                  n("Add", ["fc", "ig"], ["c_new"]), n("Tanh", ["c_new"], ["tc"]), n("Mul", ["o", "tc"], ["h_new"])]
    else:
        outputs = ["h_new"]
        nodes += [n("Split", ["gx"], ["xr", "xz", "xn"], axis=1, num_outputs=3),
                  n("Split", ["gh"], ["hr", "hz", "hn"], axis=1, num_outputs=3),
                  n("Add", ["xr", "hr"], ["ar"]), n("Sigmoid", ["ar"], ["r"]), n("Add", ["xz", "hz"], ["az"]),
                  n("Sigmoid", ["az"], ["z"]), n("Mul", ["r", "hn"], ["rhn"]), n("Add", ["xn", "rhn"], ["an"]),
                  n("Tanh", ["an"], ["nn"])]
        if form == "aten":
            nodes += [n("Sub", ["h", "nn"], ["d"]), n("Mul", ["z", "d"], ["zd"]), n("Add", ["nn", "zd"], ["h_new"])]
        else:
            nodes += [n("Sub", ["one", "z"], ["omz"]), n("Mul", ["omz", "nn"], ["a"]), n("Mul", ["z", "h"], ["b"]),
                      n("Add", ["a", "b"], ["h_new"])]
    ins = [helper.make_tensor_value_info(k, TensorProto.FLOAT, v.shape) for k, v in feeds.items()]
    outs = [helper.make_tensor_value_info(o, TensorProto.FLOAT, None) for o in outputs]
    m = helper.make_model(helper.make_graph(nodes, "cell", ins, outs, init), opset_imports=[helper.make_opsetid("", 18)])
    session = ort.InferenceSession(m.SerializeToString(), providers=["CPUExecutionProvider"])
    return m, feeds, dict(zip(outputs, session.run(outputs, feeds)))


def write_cases(out):
    shutil.rmtree(out, ignore_errors=True)
    rng = np.random.default_rng(0)
    cases = {
        "lstm_bidirectional_full": build(rng, "LSTM", 4, 3, 5, 6, "bidirectional", optional=("B", "h0", "c0", "P"),
                                         lengths=[4, 2, 1]),
        "lstm_reverse_clip_input_forget": build(rng, "LSTM", 5, 2, 3, 4, "reverse", {
            "clip": 0.7, "input_forget": 1, "activations": ["HardSigmoid", "Tanh", "Softsign"],
            "activation_alpha": [0.3], "activation_beta": [0.4]}, optional=("B", "h0")),
        "lstm_activations": build(rng, "LSTM", 3, 2, 3, 4, "forward", {
            "activations": ["Sigmoid", "LeakyRelu", "ScaledTanh"], "activation_alpha": [0.2, 0.9],
            "activation_beta": [1.1]}, optional=("B",)),
        "lstm_zero_length": build(rng, "LSTM", 3, 2, 2, 3, "forward", optional=("h0", "c0"), lengths=[0, 3]),
        "lstm_layout1": build(rng, "LSTM", 3, 2, 4, 5, "bidirectional", optional=("B", "h0", "c0"), layout=1),
        "lstm_y_c_only": build(rng, "LSTM", 3, 2, 4, 5, "forward", optional=("B",), outputs=("Y_c",)),
        "gru_bidirectional_linear_before_reset": build(rng, "GRU", 4, 3, 2, 5, "bidirectional",
                                                       {"linear_before_reset": 1}, optional=("B", "h0"),
                                                       lengths=[3, 4, 1]),
        "gru_reverse_clip_softplus": build(rng, "GRU", 4, 2, 3, 3, "reverse",
                                           {"clip": 1.0, "activations": ["Sigmoid", "Softplus"]},
                                           optional=("B", "h0"), lengths=[2, 4]),
        "gru_bidirectional": build(rng, "GRU", 3, 2, 3, 4, "bidirectional", optional=("B",)),
        "gru_layout1": build(rng, "GRU", 3, 2, 4, 5, "forward", optional=("h0",), outputs=("Y_h",), layout=1),
        "rnn_bidirectional_relu": build(rng, "RNN", 5, 3, 2, 4, "bidirectional", {"activations": ["Relu", "Tanh"]},
                                        optional=("B", "h0"), lengths=[5, 3, 2]),
        "rnn_reverse_elu": build(rng, "RNN", 3, 2, 2, 3, "reverse", {"activations": ["Elu"], "activation_alpha": [0.5]},
                                 optional=("B",)),
        "lstm_cell_written_out": written_out_cell(rng, "lstm", 2, 5, 4),
        "gru_cell_written_out_aten": written_out_cell(rng, "gru", 3, 4, 6, "aten"),
        "gru_cell_written_out_textbook": written_out_cell(rng, "gru", 1, 3, 5, "textbook"),
    }
    for name, case in cases.items():
        generated_cases.save(out, name, *case)
    return len(cases)


if __name__ == "__main__":
    sys.exit(generated_cases.main("recurrent", write_cases))
