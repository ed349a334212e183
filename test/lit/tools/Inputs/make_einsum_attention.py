#!/usr/bin/env python3
"""Writes einsum_attention.onnx (next to this script), the input of edgec_einsum.test: attention
scores and context as exporters write them with Einsum, q,k,v [1, 2, 4, 8] (batch, heads,
tokens, head dim): s = Einsum("bhqd,bhkd->bhqk", q, k); y = Einsum("bhqk,bhkd->bqhd", s, v)."""
import os

import onnx
from onnx import TensorProto, helper

io = [helper.make_tensor_value_info(n, TensorProto.FLOAT, [1, 2, 4, 8]) for n in "qkv"]
graph = helper.make_graph(
    [helper.make_node("Einsum", ["q", "k"], ["s"], name="scores", equation="bhqd,bhkd->bhqk"),
     helper.make_node("Einsum", ["s", "v"], ["y"], name="context", equation="bhqk,bhkd->bqhd")],
    "einsum_attention", io, [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 4, 2, 8])])
model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)], producer_name="edgec-test")
onnx.checker.check_model(model)
onnx.save(model, os.path.join(os.path.dirname(os.path.abspath(__file__)), "einsum_attention.onnx"))
