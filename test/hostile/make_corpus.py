#!/usr/bin/env python3
"""Builds the hostile-input corpus: models edgec must refuse cleanly.

Usage: make_corpus.py [--out DIR]   (default: corpus/ next to this script)

Writes DIR/<case>.onnx for every case, DIR/external/<case>/model.onnx (plus its data
files) for the external-data cases, a sibling DIR/external/outside.bin that only a read
outside a model's folder could reach, and cases.json next to DIR. Everything is built
from onnx.helper or raw bytes with fixed contents, so the output is byte-identical on
every run. Absurd sizes are claims (dims, external-data lengths), never real bytes.

Each case in cases.json: name, file (relative to this folder), args (extra edgec compile
arguments), exit (expected exit code), message (regex the single `error:` line must
match), proves (what the case shows); for external-data cases `outside`: file names
that must never be opened outside the model's folder; `precreated_output`: the runner
puts an earlier edgec output in the output folder, which must survive the failure.
"""

import argparse
import json
import os
import shutil

import numpy as np
from onnx import TensorProto, helper, numpy_helper

HERE = os.path.dirname(os.path.abspath(__file__))
FLOAT, INT64 = TensorProto.FLOAT, TensorProto.INT64
GIB = 1 << 30


def vi(name, shape, elem=FLOAT):
    return helper.make_tensor_value_info(name, elem, shape)


def const(name, array):
    return numpy_helper.from_array(np.asarray(array), name)


def model(nodes, inputs, outputs, inits=(), opset=13, extra_opsets=()):
    graph = helper.make_graph(list(nodes), "hostile", list(inputs), list(outputs), list(inits))
    imports = [helper.make_opsetid("", opset)] + [helper.make_opsetid(d, v) for d, v in extra_opsets]
    m = helper.make_model(graph, opset_imports=imports, producer_name="edgec-hostile")
    m.ir_version = 8
    return m.SerializeToString()


def relu_model():
    """A valid one-node model: the base of the byte-level cases."""
    return model([helper.make_node("Relu", ["x"], ["y"], name="relu")],
                 [vi("x", [1, 4])], [vi("y", [1, 4])])


def external(name, location, offset=None, length=None, dims=(4,)):
    """An initializer whose data lives in an external file (claims only, no bytes here)."""
    t = TensorProto(name=name, data_type=FLOAT, dims=list(dims))
    t.data_location = TensorProto.EXTERNAL
    for key, value in (("location", location), ("offset", offset), ("length", length)):
        if value is not None:
            entry = t.external_data.add()
            entry.key, entry.value = key, str(value)
    return t


def add_weight_model(init, n=4):
    """y = x + w (x of `n` floats), with `w` the given initializer."""
    return model([helper.make_node("Add", ["x", "w"], ["y"], name="add_w")],
                 [vi("x", [n])], [vi("y", None)], [init])


def conv_model(x_shape, w_shape, **attrs):
    rng = np.random.default_rng(0)
    w = const("w", rng.standard_normal(w_shape).astype(np.float32))
    return model([helper.make_node("Conv", ["x", "w"], ["y"], name="conv", **attrs)],
                 [vi("x", x_shape)], [vi("y", None)], [w])


# ---------------------------------------------------------------------------
# The cases: (name, build() -> bytes, args, exit, message regex, proves)
# ---------------------------------------------------------------------------

def c_truncated():
    data = relu_model()
    return data[: len(data) // 2]


def c_garbage():
    return bytes((i * 73 + 41) % 256 for i in range(256)) + b"\xff" * 64


def c_text():
    return b"# an ONNX model, honest\nir_version: 8\ngraph {\n  node { op_type: \"Relu\" }\n}\n"


def c_cycle():
    return model([helper.make_node("Add", ["x", "b"], ["a"], name="first"),
                  helper.make_node("Relu", ["a"], ["b"], name="second")],
                 [vi("x", [4])], [vi("b", [4])])


def c_dangling():
    return model([helper.make_node("Add", ["x", "nowhere"], ["y"], name="add_dangling")],
                 [vi("x", [4])], [vi("y", [4])])


def c_duplicate_output():
    return model([helper.make_node("Relu", ["x"], ["y"], name="relu_a"),
                  helper.make_node("Neg", ["x"], ["y"], name="neg_b")],
                 [vi("x", [4])], [vi("y", [4])])


def c_input_twice():
    return model([helper.make_node("Relu", ["x"], ["y"], name="relu")],
                 [vi("x", [4]), vi("x", [4])], [vi("y", [4])])


def c_unknown_op():
    return model([helper.make_node("FrobnicateTensor", ["x"], ["y"], name="frob")],
                 [vi("x", [4])], [vi("y", [4])])


def c_unknown_domain():
    return model([helper.make_node("Relu", ["x"], ["y"], name="evil_relu", domain="com.evil")],
                 [vi("x", [4])], [vi("y", [4])], extra_opsets=[("com.evil", 1)])


def c_opset_99():
    return model([helper.make_node("Relu", ["x"], ["y"], name="relu")],
                 [vi("x", [4])], [vi("y", [4])], opset=99)


def c_negative_dim():
    return model([helper.make_node("Relu", ["x"], ["y"], name="relu")],
                 [vi("x", [1, -3])], [vi("y", None)])


def c_negative_initializer_dim():
    t = TensorProto(name="w", data_type=FLOAT, dims=[-4])
    return add_weight_model(t)


def c_absurd_dims():
    n = 1 << 40
    return model([helper.make_node("Relu", ["x"], ["y"], name="relu")],
                 [vi("x", [n, n, n])], [vi("y", None)])


def c_absurd_pad():
    pads = const("pads", np.array([0, 1 << 40, 0, 1 << 40], dtype=np.int64))
    return model([helper.make_node("Pad", ["x", "pads"], ["y"], name="pad_huge")],
                 [vi("x", [2, 2])], [vi("y", None)], [pads])


def c_shape_mismatch():
    return model([helper.make_node("Add", ["a", "b"], ["y"], name="add_3_4")],
                 [vi("a", [3]), vi("b", [4])], [vi("y", None)])


def c_conv_channels():
    return conv_model([1, 3, 8, 8], [4, 5, 3, 3])


def c_wrong_type_data():
    # A FLOAT tensor whose values sit in int64_data: no float data at all.
    t = TensorProto(name="w", data_type=FLOAT, dims=[4])
    t.int64_data.extend([1, 2, 3, 4])
    return add_weight_model(t)


def c_unsupported_dtype():
    t = TensorProto(name="w", data_type=TensorProto.STRING, dims=[4])
    t.string_data.extend([b"a", b"b", b"c", b"d"])
    return add_weight_model(t)


def c_short_raw_data():
    t = TensorProto(name="w", data_type=FLOAT, dims=[4], raw_data=b"\0" * 8)
    return add_weight_model(t)


def c_conv_stride_zero():
    return conv_model([1, 1, 8, 8], [1, 1, 3, 3], strides=[0, 1])


def c_conv_group_zero():
    return conv_model([1, 2, 8, 8], [2, 2, 3, 3], group=0)


def c_conv_kernel_too_big():
    return conv_model([1, 1, 2, 2], [1, 1, 3, 3])


def c_maxpool_kernel_too_big():
    return model([helper.make_node("MaxPool", ["x"], ["y"], name="pool", kernel_shape=[5, 5])],
                 [vi("x", [1, 1, 3, 3])], [vi("y", None)])


def c_reshape_count():
    shape = const("shape", np.array([4, 2], dtype=np.int64))
    return model([helper.make_node("Reshape", ["x", "shape"], ["y"], name="reshape_bad")],
                 [vi("x", [2, 3])], [vi("y", None)], [shape])


def c_no_outputs():
    return model([helper.make_node("Relu", ["x"], ["y"], name="relu")], [vi("x", [4])], [])


def c_output_never_produced():
    return model([helper.make_node("Relu", ["x"], ["y"], name="relu")],
                 [vi("x", [4])], [vi("y", [4]), vi("ghost", [4])])


def c_attribute_wrong_type():
    return conv_model([1, 1, 8, 8], [1, 1, 3, 3], strides=[1.0, 1.0])


def c_missing_attribute():
    return model([helper.make_node("Concat", ["a", "b"], ["y"], name="concat_no_axis")],
                 [vi("a", [2]), vi("b", [2])], [vi("y", None)])


def c_gather_index():
    data = const("data", np.arange(4, dtype=np.float32))
    idx = const("idx", np.array([7], dtype=np.int64))
    return model([helper.make_node("Gather", ["data", "idx"], ["y"], name="gather_oob")],
                 [], [vi("y", None)], [data, idx])


def c_gather_runtime_index():
    idx = const("idx", np.array([0, 9], dtype=np.int64))
    return model([helper.make_node("Gather", ["x", "idx"], ["y"], name="gather_oob_x")],
                 [vi("x", [4, 2])], [vi("y", None)], [idx])


def c_split_sizes():
    split = const("split", np.array([2, 3], dtype=np.int64))
    return model([helper.make_node("Split", ["x", "split"], ["y0", "y1"], name="split_bad", axis=0)],
                 [vi("x", [4])], [vi("y0", None), vi("y1", None)], [split])


def three_live(shape):
    """Intermediates `a`, `b`, `c` of `shape` all live when `c` is computed (both inputs of
    `product` are read again later, so it cannot write over either in place)."""
    return model([helper.make_node("Add", ["x", "x"], ["a"], name="double"),
                  helper.make_node("Mul", ["x", "x"], ["b"], name="square"),
                  helper.make_node("Mul", ["a", "b"], ["c"], name="product"),
                  helper.make_node("Add", ["c", "a"], ["d"], name="sum"),
                  helper.make_node("Add", ["d", "b"], ["y"], name="total")],
                 [vi("x", shape)], [vi("y", shape)])


def c_split_negative():
    # Sums to the dim, but a negative part would make the other read past the input.
    split = const("split", np.array([6, -2], dtype=np.int64))
    return model([helper.make_node("Split", ["x", "split"], ["y0", "y1"], name="split_neg", axis=0)],
                 [vi("x", [4])], [vi("y0", None), vi("y1", None)], [split])


def c_slice_step_zero():
    ints = lambda name, v: const(name, np.array(v, dtype=np.int64))
    return model([helper.make_node("Slice", ["x", "starts", "ends", "axes", "steps"], ["y"], name="slice0")],
                 [vi("x", [8])], [vi("y", None)],
                 [ints("starts", [0]), ints("ends", [8]), ints("axes", [0]), ints("steps", [0])])


def c_resize_scale_zero():
    scales = const("scales", np.array([1, 1, 0, 0], dtype=np.float32))
    return model([helper.make_node("Resize", ["x", "", "scales"], ["y"], name="resize0")],
                 [vi("x", [1, 1, 4, 4])], [vi("y", None)], [scales])


def c_conv_transpose_overflow():
    w = const("w", np.ones([1, 1, 3, 3], dtype=np.float32))
    return model([helper.make_node("ConvTranspose", ["x", "w"], ["y"], name="deconv", strides=[1 << 40, 1 << 40])],
                 [vi("x", [1, 1, 4, 4])], [vi("y", None)], [w])


def c_arena_too_big():
    return three_live([1, 256, 1024, 1024])  # 1 GiB tensors, each within the limit: 3 GiB arena


def c_tensor_too_big():
    shape = [1, 1024, 1024, 1024]  # 4 GiB of float
    return model([helper.make_node("Add", ["x", "x"], ["a"], name="double"),
                  helper.make_node("Relu", ["a"], ["y"], name="relu")],
                 [vi("x", shape)], [vi("y", shape)])


def c_weights_over_limit():
    # Three 1 KiB weights, each within a 2 KiB limit, 3 KiB together.
    ws = [const("w%d" % i, np.full(256, i, dtype=np.float32)) for i in range(3)]
    return model([helper.make_node("Add", ["x", "w0"], ["a"], name="add0"),
                  helper.make_node("Add", ["a", "w1"], ["b"], name="add1"),
                  helper.make_node("Add", ["b", "w2"], ["y"], name="add2")],
                 [vi("x", [256])], [vi("y", [256])], ws)


def c_arena_over_limit():
    return three_live([1, 64, 32, 32])  # 256 KiB tensors: a 768 KiB arena


def c_untouched_output():
    return c_shape_mismatch()


CASES = [
    ("truncated", c_truncated, [], 1, r"not a valid ONNX protobuf",
     "a file cut in half is refused as corrupt"),
    ("empty", lambda: b"", [], 1, r"the file is empty", "an empty file is refused"),
    ("garbage", c_garbage, [], 1, r"not a valid ONNX protobuf|has no graph",
     "random bytes are refused"),
    ("text_file", c_text, [], 1, r"not a valid ONNX protobuf|has no graph",
     "a text (prototxt-like) file is refused"),
    ("cycle", c_cycle, [], 1, r"node '(first|second)' \((Add|Relu)\): the graph has a cycle",
     "a cyclic graph is refused, naming a node on the cycle"),
    ("dangling_input", c_dangling, [], 1,
     r"node 'add_dangling' \(Add\): input 'nowhere' is not a graph input, initializer or node output",
     "a node reading an undefined tensor is refused"),
    ("duplicate_output", c_duplicate_output, [], 1,
     r"node '(relu_a|neg_b)' \((Relu|Neg)\): tensor 'y' is produced more than once",
     "two nodes writing one tensor name are refused"),
    ("input_twice", c_input_twice, [], 1, r"graph input 'x' is .*repeated",
     "a graph input listed twice is refused"),
    ("unknown_op", c_unknown_op, [], 1,
     r"node 'frob' \(FrobnicateTensor\): operator 'FrobnicateTensor' is not supported",
     "an unknown op is named"),
    ("unknown_domain", c_unknown_domain, [], 1,
     r"node 'evil_relu' \(Relu\): operator domain 'com.evil' is not supported",
     "an op from a foreign domain is refused"),
    ("opset_99", c_opset_99, [], 1, r"opset 99 is newer than the newest edgec knows",
     "a future opset is refused"),
    ("negative_dim", c_negative_dim, [], 1, r"graph input 'x' has a negative dim -3",
     "a negative input dim is refused"),
    ("negative_initializer_dim", c_negative_initializer_dim, [], 1,
     r"tensor 'w' has a negative dim -4", "a negative initializer dim is refused"),
    ("input_dim_zero", relu_model, ["--input-shape", "x=1x0"], 1,
     r"--input-shape for 'x' has a dim < 1", "a zero dim given for an input is refused"),
    ("absurd_dims", c_absurd_dims, [], 1,
     r"graph input 'x' .*1099511627776x1099511627776x1099511627776.* overflow",
     "dims whose element count overflows int64 are refused before any allocation"),
    ("absurd_pad", c_absurd_pad, [], 1, r"node 'pad_huge' \(Pad\): .*(overflow|limit)",
     "an op whose output would be absurdly large is refused at import"),
    ("shape_mismatch", c_shape_mismatch, [], 1, r"node 'add_3_4' \(Add\): .*(broadcast|incompatible)",
     "Add of shapes 3 and 4 is refused"),
    ("conv_channel_mismatch", c_conv_channels, [], 1, r"node 'conv' \(Conv\): .*channel",
     "a Conv weight whose input channels disagree with the input is refused"),
    ("wrong_type_data", c_wrong_type_data, [], 1,
     r"tensor 'w' of shape 4 and type 'f32' needs 16 bytes of data but has 0",
     "a float initializer carrying int64 data is refused"),
    ("unsupported_dtype", c_unsupported_dtype, [], 1, r"tensor 'w' has unsupported data type 8",
     "a string initializer is refused"),
    ("short_raw_data", c_short_raw_data, [], 1, r"tensor 'w' .*needs 16 bytes of data but has 8",
     "raw_data shorter than the dims claim is refused"),
    ("conv_stride_zero", c_conv_stride_zero, [], 1, r"node 'conv' \(Conv\): strides .*>= 1",
     "a zero stride is refused (no division by zero)"),
    ("conv_group_zero", c_conv_group_zero, [], 1, r"node 'conv' \(Conv\): .*group",
     "group 0 is refused (no division by zero)"),
    ("conv_kernel_too_big", c_conv_kernel_too_big, [], 1,
     r"node 'conv' \(Conv\): .*window of 3 \(kernel 3.*does not fit input dim 0 of 2", "a kernel larger than its unpadded input is refused"),
    ("maxpool_kernel_too_big", c_maxpool_kernel_too_big, [], 1,
     r"node 'pool' \(MaxPool\): .*window of 5 \(kernel 5.*does not fit input dim 0 of 3", "a pooling window larger than its input is refused"),
    ("reshape_count", c_reshape_count, [], 1,
     r"node 'reshape_bad' \(Reshape\): .*(6|8) elements",
     "a Reshape to a different element count is refused"),
    ("no_outputs", c_no_outputs, [], 1, r"the graph has no outputs", "a graph without outputs is refused"),
    ("output_never_produced", c_output_never_produced, [], 1,
     r"graph output 'ghost' is never produced", "an output no node writes is refused"),
    ("missing_attribute", c_missing_attribute, [], 1,
     r"node 'concat_no_axis' \(Concat\): required attribute 'axis' is missing", "a missing required attribute is named"),
    ("attribute_wrong_type", c_attribute_wrong_type, [], 1,
     r"node 'conv' \(Conv\): attribute 'strides' is FLOATS, expected INTS",
     "an attribute of the wrong type is refused, not silently defaulted"),
    ("gather_index", c_gather_index, [], 1, r"node 'gather_oob' \(Gather\): index 7 is out of range",
     "a constant Gather index out of range is refused"),
    ("gather_runtime_index", c_gather_runtime_index, [], 1,
     r"node 'gather_oob_x' \(Gather\): index 9 is out of range",
     "a constant index into run-time data is checked too"),
    ("split_sizes", c_split_sizes, [], 1, r"node 'split_bad' \(Split\): split sizes do not add up to dim 4",
     "Split sizes that do not sum to the dim are refused"),
    ("conv_negative_pads", lambda: conv_model([1, 1, 4, 4], [1, 1, 3, 3], pads=[-5, -5, -5, -5]), [], 1,
     r"node 'conv' \(Conv\): conv: negative padding", "negative pads are refused"),
    ("slice_step_zero", c_slice_step_zero, [], 1, r"node 'slice0' \(Slice\): slice: step must not be 0",
     "a zero Slice step is refused (no endless loop)"),
    ("resize_scale_zero", c_resize_scale_zero, [], 1, r"node 'resize0' \(Resize\): scales must be positive",
     "zero Resize scales are refused"),
    ("conv_transpose_overflow", c_conv_transpose_overflow, [], 1,
     r"node 'deconv' \(ConvTranspose\): output 'y' .* overflows int64",
     "absurd strides whose output size overflows are refused at import"),
    ("split_negative", c_split_negative, [], 1,
     r"node 'split_neg' \(Split\): split size 6 is outside 0\.\.4",
     "split sizes that sum right but include a negative part are refused"),
    ("tensor_too_big", c_tensor_too_big, [], 1,
     r"graph input 'x' .*4,294,967,296 bytes \(4\.0 GiB\).*limit",
     "a 4 GiB tensor is refused at import with the figures, before any allocation"),
    ("arena_too_big", c_arena_too_big, [], 1,
     r"needs an arena of 3,221,225,472 bytes \(3\.0 GiB\) and 0 bytes of weights; the limit for target 'host'",
     "an arena no sane memory holds is refused after planning, with the figures"),
    ("arena_over_max_memory", c_arena_over_limit, ["--max-memory", "512K"], 1,
     r"needs an arena of 786,432 bytes \(768\.0 KiB\) and 0 bytes of weights; the limit set by --max-memory is 512\.0 KiB each",
     "--max-memory lowers the limit"),
    ("weights_over_max_memory", c_weights_over_limit, ["--max-memory", "2K"], 1,
     r"and 3,072 bytes \(3\.0 KiB\) of weights; the limit set by --max-memory is 2\.0 KiB each", "weights over --max-memory are refused with the figures"),
    ("untouched_output", c_untouched_output, [], 1, r"node 'add_3_4' \(Add\)",
     "an existing edgec output folder is left untouched when a compile fails"),
]

# Cases whose output folder the runner fills with an earlier edgec output first.
PRECREATED_OUTPUT = {"untouched_output"}

# External-data cases: DIR/external/<name>/model.onnx; `files` are written next to it.
OUTSIDE = "outside.bin"
EXTERNAL_CASES = [
    ("external_escape_relative", lambda: add_weight_model(external("w", "../" + OUTSIDE, length=16)),
     {}, 1, r"tensor 'w': external data location '\.\./outside\.bin' leaves the model's folder",
     "a relative path out of the folder is refused without opening it"),
    ("external_escape_absolute", lambda: add_weight_model(external("w", "/etc/passwd", length=16)),
     {}, 1, r"tensor 'w': external data location '/etc/passwd' is absolute",
     "an absolute path is refused without opening it"),
    ("external_escape_symlink", lambda: add_weight_model(external("w", "data.bin", length=16)),
     {"data.bin": "->../" + OUTSIDE}, 1, r"tensor 'w': external data location 'data\.bin' leaves the model's folder",
     "a symlink inside the folder pointing out of it is refused"),
    ("external_missing", lambda: add_weight_model(external("w", "weights.bin", length=16)),
     {}, 1, r"tensor 'w': external data file 'weights\.bin' not found",
     "a missing data file is refused"),
    ("external_short", lambda: add_weight_model(external("w", "weights.bin", length=4096, dims=[1024]), 1024),
     {"weights.bin": b"\0" * 16}, 1, r"tensor 'w': external data file 'weights\.bin' has 16 bytes, shorter than offset 0 \+ length 4096",
     "a data file shorter than its length claim is refused"),
    ("external_offset_beyond", lambda: add_weight_model(external("w", "weights.bin", offset=4096, length=16)),
     {"weights.bin": b"\0" * 16}, 1, r"has 16 bytes, shorter than offset 4096 \+ length 16",
     "an offset beyond the end of the file is refused"),
    ("external_length_mismatch", lambda: add_weight_model(external("w", "weights.bin", length=8)),
     {"weights.bin": b"\0" * 16}, 1, r"external data claims 8 bytes at offset 0, the tensor needs 16",
     "a length that disagrees with the dims is refused"),
    ("external_weights_too_big",
     lambda: add_weight_model(external("w", "weights.bin", length=4 * GIB, dims=[GIB]), 1),
     {"weights.bin": b"\0" * 16}, 1, r"tensor 'w' .*4,294,967,296 bytes \(4\.0 GiB\).*limit",
     "4 GiB of weights claimed through external data are refused before reading"),
]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=os.path.join(HERE, "corpus"))
    args = parser.parse_args()
    out = os.path.abspath(args.out)
    shutil.rmtree(out, ignore_errors=True)
    os.makedirs(os.path.join(out, "external"))
    rel = os.path.relpath(out, HERE)
    cases = []
    for name, build, extra, code, message, proves in CASES:
        with open(os.path.join(out, name + ".onnx"), "wb") as f:
            f.write(build())
        case = {"name": name, "file": rel + "/" + name + ".onnx", "args": extra,
                "exit": code, "message": message, "proves": proves}
        if name in PRECREATED_OUTPUT:
            case["precreated_output"] = True
        cases.append(case)
    with open(os.path.join(out, "external", OUTSIDE), "wb") as f:
        f.write(b"\x7f" * 16)  # as big as every claim: a read outside would succeed
    for name, build, files, code, message, proves in EXTERNAL_CASES:
        folder = os.path.join(out, "external", name)
        os.makedirs(folder)
        with open(os.path.join(folder, "model.onnx"), "wb") as f:
            f.write(build())
        for fname, content in files.items():
            path = os.path.join(folder, fname)
            if isinstance(content, str) and content.startswith("->"):
                os.symlink(content[2:], path)
            else:
                with open(path, "wb") as f:
                    f.write(content)
        cases.append({"name": name, "file": rel + "/external/" + name + "/model.onnx", "args": [],
                      "exit": code, "message": message, "proves": proves,
                      "outside": [OUTSIDE, "passwd"]})
    with open(os.path.join(HERE, "cases.json"), "w") as f:
        json.dump(cases, f, indent=1)
        f.write("\n")
    print("wrote %d cases under %s" % (len(cases), out))


if __name__ == "__main__":
    main()
