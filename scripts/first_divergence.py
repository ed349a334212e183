#!/usr/bin/env python3
"""Finds the first ONNX node whose edgec-computed output diverges from onnxruntime's.

Usage: first_divergence.py MODEL INPUT... [--edgec PATH] [--work DIR] [--cxx CXX]
                           [--atol 1e-5] [--rtol 1e-4] [--reference-model REF.onnx]
                           [--input-shape NAME=1x3x96x96 ...]

Compiles MODEL with `edgec compile --with-main --trace-tensors`, builds the harness with
one direct compiler call, runs it on the INPUTs (.npy or ONNX TensorProto .pb, in graph
input order) so that it writes every kernel call's output as trace/<NNNN>_<node>.npy,
runs onnxruntime (graph optimizations off) on the same inputs with every node output
exposed as a graph output, and compares the traces in kernel order with the output 0 of
the ONNX node of the same name: a trace diverges if its shape differs or
max |edgec - ort| > atol + rtol * max |ort|.

Prints a table of every traced node, then names the first diverging node (or says that
all traced outputs match). --reference-model runs onnxruntime on another model (same
node names, e.g. with changed weights) instead of MODEL.

Exit status: 0 nothing diverges, 1 a node (or a graph output) diverges, 2 usage or tool
error (edgec, the C++ build, the harness or onnxruntime failed).
"""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TRACE_FILE = re.compile(r"^(\d{4,})_(.*)\.npy$")


class ToolError(Exception):
    pass


def sanitize(name):
    """The harness's file-name form of a node name."""
    return re.sub(r"[^A-Za-z0-9_.\-]", "_", name)


def run(cmd, what, timeout=600):
    try:
        p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           timeout=timeout)
    except (OSError, subprocess.TimeoutExpired) as e:
        raise ToolError("%s: %s" % (what, e))
    out = p.stdout.decode(errors="replace")
    if p.returncode != 0:
        raise ToolError("%s failed (rc=%d):\n$ %s\n%s" % (what, p.returncode, " ".join(cmd),
                                                          out.rstrip()))
    return out


def default_edgec():
    for p in (os.path.join(REPO, "build", "tools", "edgec"), shutil.which("edgec")):
        if p and os.path.isfile(p) and os.access(p, os.X_OK):
            return p
    return None


def load_input(path):
    import numpy as np
    import onnx
    from onnx import numpy_helper
    with open(path, "rb") as f:
        head = f.read(6)
    if head == b"\x93NUMPY":
        return np.load(path)
    t = onnx.TensorProto()
    with open(path, "rb") as f:
        t.ParseFromString(f.read())
    return numpy_helper.to_array(t)


def graph_inputs(model):
    inits = {t.name for t in model.graph.initializer}
    return [i for i in model.graph.input if i.name not in inits]


def node_names(model):
    """ONNX node name as edgec reports it (unnamed nodes: <op>_<position>) -> node."""
    out = {}
    for i, n in enumerate(model.graph.node):
        out.setdefault(sanitize(n.name or "%s_%d" % (n.op_type, i)), n)
    return out


def reference_outputs(ref_path, arrays):
    """Runs onnxruntime on ref_path with every node output exposed; returns name -> array."""
    import numpy as np
    import onnx
    import onnxruntime as ort

    model = onnx.load(ref_path)
    try:
        inferred = onnx.shape_inference.infer_shapes(model)
    except Exception:  # shape inference is a nicety: ORT can run without it
        inferred = model
    known = {vi.name: vi for vi in list(inferred.graph.value_info) + list(inferred.graph.output)
             + list(inferred.graph.input)}
    have = {o.name for o in model.graph.output}
    for n in model.graph.node:
        for name in n.output:
            if name and name not in have:
                vi = known.get(name)
                if vi is None or not vi.type.HasField("tensor_type"):
                    vi = onnx.ValueInfoProto(name=name)
                model.graph.output.append(vi)
                have.add(name)
    opts = ort.SessionOptions()
    opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_DISABLE_ALL
    opts.intra_op_num_threads = 1
    opts.inter_op_num_threads = 1
    try:
        sess = ort.InferenceSession(model.SerializeToString(), sess_options=opts,
                                    providers=["CPUExecutionProvider"])
    except Exception as e:
        raise ToolError("onnxruntime cannot load %s: %s" % (ref_path, e))
    ins = sess.get_inputs()
    if len(ins) != len(arrays):
        raise ToolError("%s has %d inputs (%s), %d given" % (
            ref_path, len(ins), ", ".join(i.name for i in ins), len(arrays)))
    type_map = {"tensor(float)": np.float32, "tensor(double)": np.float64,
                "tensor(int64)": np.int64, "tensor(int32)": np.int32, "tensor(int8)": np.int8,
                "tensor(uint8)": np.uint8, "tensor(bool)": np.bool_}
    feeds = {}
    for i, a in zip(ins, arrays):
        t = type_map.get(i.type)
        feeds[i.name] = a.astype(t) if t is not None and a.dtype != t else a
    names = [o.name for o in sess.get_outputs()]
    try:
        values = sess.run(names, feeds)
    except Exception as e:
        raise ToolError("onnxruntime failed on %s: %s" % (ref_path, e))
    return dict(zip(names, values)), model


def compare(got, ref, atol, rtol):
    """Returns (ok, max abs err, max |ref|, note)."""
    import numpy as np
    if tuple(got.shape) != tuple(ref.shape):
        return False, float("inf"), float("nan"), "shape %s, reference %s" % (
            list(got.shape), list(ref.shape))
    if ref.size == 0:
        return True, 0.0, 0.0, ""
    g, r = got.astype(np.float64), ref.astype(np.float64)
    gnan, rnan = np.isnan(g), np.isnan(r)
    same = (g == r) | (gnan & rnan)
    diff = np.where(same, 0.0, np.abs(g - r))
    diff = np.where(np.isnan(diff), np.inf, diff)
    err = float(np.max(diff))
    finite = np.abs(r[np.isfinite(r)])
    ref_max = float(np.max(finite)) if finite.size else 0.0
    tol = atol + rtol * ref_max
    note = ""
    if not err <= tol:
        idx = np.unravel_index(int(np.argmax(diff)), diff.shape)
        note = "at %s: edgec %r, reference %r" % ([int(i) for i in idx], float(g[idx]),
                                                  float(r[idx]))
    return err <= tol, err, ref_max, note


def main(argv=None):
    ap = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="\n\n".join(__doc__.split("\n\n")[1:]))
    ap.add_argument("model")
    ap.add_argument("inputs", nargs="+", metavar="INPUT")
    ap.add_argument("--edgec", default=None, help="edgec binary (default: build/tools/edgec)")
    ap.add_argument("--work", default=None, help="work folder (default: a temporary one)")
    ap.add_argument("--cxx", default=os.environ.get("CXX", "c++"))
    ap.add_argument("--atol", type=float, default=1e-5)
    ap.add_argument("--rtol", type=float, default=1e-4)
    ap.add_argument("--reference-model", default=None,
                    help="model onnxruntime runs instead of MODEL (same node names)")
    ap.add_argument("--input-shape", action="append", default=[],
                    help="passed to edgec compile (NAME=1x3x96x96); repeatable")
    try:
        args = ap.parse_args(argv)
    except SystemExit as e:
        return 2 if e.code else 0

    edgec = args.edgec or default_edgec()
    if not edgec:
        print("first_divergence: no edgec found; pass --edgec PATH", file=sys.stderr)
        return 2
    for p in [args.model] + args.inputs + ([args.reference_model] if args.reference_model
                                           else []):
        if not os.path.isfile(p):
            print("first_divergence: no such file: %s" % p, file=sys.stderr)
            return 2
    tmp = None
    if args.work:
        work = os.path.abspath(args.work)
        os.makedirs(work, exist_ok=True)
    else:
        tmp = tempfile.mkdtemp(prefix="first_divergence-")
        work = tmp
    try:
        return investigate(args, edgec, work, tmp)
    except ToolError as e:
        print("first_divergence: %s" % e, file=sys.stderr)
        return 2
    finally:
        if tmp:
            shutil.rmtree(tmp, ignore_errors=True)


def investigate(args, edgec, work, tmp):
    import numpy as np
    import onnx
    try:
        model = onnx.load(args.model)
    except Exception as e:
        raise ToolError("cannot load %s: %s" % (args.model, e))
    g_inputs = graph_inputs(model)
    if len(args.inputs) != len(g_inputs):
        raise ToolError("%s has %d run-time inputs (%s), %d given" % (
            args.model, len(g_inputs), ", ".join(i.name for i in g_inputs), len(args.inputs)))
    try:
        arrays = [load_input(p) for p in args.inputs]
    except Exception as e:
        raise ToolError("cannot read an input: %s" % e)

    # 1. compile with traces (fixing symbolic input dims to the given inputs' shapes)
    out = os.path.join(work, "out")
    cmd = [edgec, "compile", args.model, "-t", "host", "-o", out, "--with-main",
           "--trace-tensors"]
    fixed = {s.split("=", 1)[0] for s in args.input_shape}
    for s in args.input_shape:
        cmd += ["--input-shape", s]
    for vi, a in zip(g_inputs, arrays):
        dims = vi.type.tensor_type.shape.dim
        if vi.name not in fixed and a.ndim and any(not d.HasField("dim_value") for d in dims):
            cmd += ["--input-shape", "%s=%s" % (vi.name, "x".join(str(d) for d in a.shape))]
    run(cmd, "edgec compile")
    mains = [f for f in os.listdir(out) if f.endswith("_weights.S")]
    if len(mains) != 1 or not os.path.isfile(os.path.join(out, "main.cpp")):
        raise ToolError("unexpected edgec output in %s: %s" % (out, sorted(os.listdir(out))))
    name = mains[0][:-len("_weights.S")]

    # 2. build the harness (one compiler call, as test/e2e/run_e2e.py does)
    exe = os.path.join(work, name + "_main")
    run([args.cxx, "-std=c++17", "-O1", "-I", out, os.path.join(out, name + ".cpp"),
         os.path.join(out, "main.cpp"), "-x", "assembler-with-cpp",
         os.path.join(out, name + "_weights.S"), "-Wa,-I," + out, "-o", exe], "C++ build")

    # 3. run it
    res = os.path.join(work, "result")
    shutil.rmtree(res, ignore_errors=True)
    run([exe] + [os.path.abspath(p) for p in args.inputs] + ["-o", res], "harness")
    tdir = os.path.join(res, "trace")
    traces = []
    for f in (os.listdir(tdir) if os.path.isdir(tdir) else []):
        m = TRACE_FILE.match(f)
        if m:
            traces.append((int(m.group(1)), m.group(2), os.path.join(tdir, f)))
    traces.sort()
    if not traces:
        raise ToolError("the harness wrote no trace files in %s (does this edgec support "
                        "--trace-tensors?)" % tdir)

    # 4. reference
    ref_path = args.reference_model or args.model
    refs, ref_model = reference_outputs(ref_path, arrays)
    nodes = node_names(ref_model)

    # report.json lists the same kernel calls in order: name = the group's FIRST node
    # (a fused Conv+BatchNormalization+Relu is traced under its last node).
    layers = []
    try:
        with open(os.path.join(out, "report.json")) as f:
            layers = json.load(f).get("layers", [])
    except (OSError, ValueError):
        pass

    # 5. walk the traces in kernel order
    rows, first = [], None
    for index, node, path in traces:
        got = np.load(path)
        n = nodes.get(node)
        layer = layers[index] if index < len(layers) else {}
        group = sanitize(layer.get("name", "")) or node
        op = layer.get("op") or (n.op_type if n is not None else "?")
        label = group if group == node else "%s..%s" % (group, node)
        if not node:  # a kernel call of no ONNX node (e.g. a copy into an output buffer)
            rows.append((index, "(%s)" % (layer.get("kernel") or "no node"), "-",
                         list(got.shape), None, "internal", ""))
            continue
        if n is None or not n.output or n.output[0] not in refs:
            rows.append((index, label, op, list(got.shape), None, "no reference", ""))
            continue
        ok, err, ref_max, note = compare(got, refs[n.output[0]], args.atol, args.rtol)
        rows.append((index, label, op, list(got.shape), err, "ok" if ok else "DIVERGES", note))
        if not ok and first is None:
            g = nodes.get(group)
            first = (index, group, g.op_type if g is not None else op, node, n.op_type, err,
                     ref_max, note, n.output[0])

    # The graph outputs, for completeness (a divergence after the last trace).
    out_rows = []
    for k, o in enumerate(model.graph.output):
        p = os.path.join(res, "output_%d.npy" % k)
        if os.path.isfile(p) and o.name in refs:
            ok, err, ref_max, note = compare(np.load(p), refs[o.name], args.atol, args.rtol)
            out_rows.append((k, o.name, ok, err, ref_max, note))

    print("node: the kernel call's ONNX nodes, FIRST..LAST for a fused group (its output is "
          "LAST's)")
    wn = max(len(r[1]) for r in rows)
    wo = max(len(r[2]) for r in rows)
    print("%5s  %-*s  %-*s  %-18s  %12s  %s" % ("index", wn, "node", wo, "op", "shape",
                                                "max abs err", "status"))
    print("-" * (wn + wo + 56))
    for index, node, op, shape, err, status, note in rows:
        print("%5d  %-*s  %-*s  %-18s  %12s  %s" % (
            index, wn, node, wo, op, "x".join(map(str, shape)) or "scalar",
            "-" if err is None else "%.3g" % err, status))
    print()
    for k, oname, ok, err, ref_max, note in out_rows:
        print("graph output %d '%s': max abs err %.3g (max |ref| %.3g): %s" % (
            k, oname, err, ref_max, "ok" if ok else "DIVERGES " + note))
    unmapped = [r for r in rows if r[5] == "no reference"]
    internal = [r for r in rows if r[5] == "internal"]
    if unmapped:
        print("%d trace(s) without a reference node: %s" % (
            len(unmapped), ", ".join(r[1] for r in unmapped)))
    print("work folder: %s" % work if not tmp else "", end="\n" if not tmp else "")
    if first:
        index, group, gop, node, op, err, ref_max, note, oname = first
        fused = "" if group == node else " (fused group %s..%s; compared: output '%s' of '%s' " \
            "(%s))" % (group, node, oname, node, op)
        if not fused:
            fused = " (output '%s')" % oname
        print("FIRST DIVERGENCE: node '%s' (%s), kernel call %d%s: max abs err %.6g, "
              "max |ref| %.6g, tolerance %.3g (atol %g + rtol %g * max |ref|) %s" % (
                  group, gop, index, fused, err, ref_max, args.atol + args.rtol * ref_max,
                  args.atol, args.rtol, note))
    elif any(not r[2] for r in out_rows):
        k, oname, _, err, ref_max, note = next(r for r in out_rows if not r[2])
        print("all %d traced outputs match, but graph output %d '%s' diverges: max abs err "
              "%.6g, max |ref| %.6g %s" % (len(rows) - len(unmapped) - len(internal), k, oname, err, ref_max,
                                           note))
    else:
        print("all %d traced outputs match (atol %g, rtol %g)" % (
            len(rows) - len(unmapped) - len(internal), args.atol, args.rtol))
    if first or any(not r[2] for r in out_rows):
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
