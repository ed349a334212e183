#!/usr/bin/env python3
"""ONNX backend node-test conformance for edgec.

Usage: run_conformance.py --edgec PATH --cxx CXX --work DIR [--filter SUBSTR] [--jobs 2]
                          [--min-pass-rate 0.95]

1. derive_cases.py lists every node test (Debian libonnx-testdata and the onnx wheel's
   own set) whose nodes all have op types edgec supports (per `edgec inspect --json`).
2. Parameter inputs (PARAM_INPUTS below) are baked into the model as initializers from
   the test data set; every other input stays a run-time input. One model per distinct
   set of baked values (usually one per case).
3. `edgec compile MODEL -t host -o DIR/cases/NAME --with-main --name NAME` for each.
4. One generated build.ninja compiles every NAME.cpp and NAME_weights.S (-O1) and one
   generated dispatcher, all_main.cpp, into one executable: `conformance_all NAME OUTDIR
   IN...` runs the model NAME on the input files and writes OUTDIR/output_<i>.npy.
5. Each case and data set is run and compared with output_<i>.pb: float outputs pass iff
   the shapes match, NaNs match and max |out - ref| <= 1e-4 * max(1, max |ref|); integer
   and bool outputs must be exactly equal (dtype included).

Prints a per-op table, one line per failure (case, stage, reason) and finally the line
"N passed, N failed" (cases of both suites). Writes DIR/summary.json. Exit status 0 iff
passed / (passed + failed) >= --min-pass-rate.
"""

import argparse
import concurrent.futures
import hashlib
import json
import os
import re
import shutil
import sys
import time

import numpy as np
import onnx
from onnx import numpy_helper

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import derive_cases  # noqa: E402

sys.path.insert(0, os.path.join(HERE, "..", "e2e"))
import run_e2e  # noqa: E402

RTOL = 1e-4
TIMEOUT_COMPILE = 120
TIMEOUT_BUILD = 1500
TIMEOUT_RUN = 60
REASON_WIDTH = 160

# Inputs that ONNX defines as *parameters* of an op -- mostly former attributes that
# became inputs in newer opsets, and values that fix the output shape. Node tests feed
# them as graph inputs, but edgec (an ahead-of-time compiler with static shapes) needs
# them at compile time, as any real model has them: as initializers or constants. The
# test data set fixes their values, so baking them in tests exactly what the test
# specifies. Data inputs (X, W, B, indices of Gather, BatchNormalization's statistics,
# ...) are never baked: they stay run-time inputs.
#   op type -> indices of its parameter inputs
REDUCE_OPS = ("ReduceSum", "ReduceMean", "ReduceMax", "ReduceMin", "ReduceProd", "ReduceL1",
              "ReduceL2", "ReduceLogSum", "ReduceLogSumExp", "ReduceSumSquare")
PARAM_INPUTS = {
    "Reshape": (1,),          # shape
    "Squeeze": (1,),          # axes (attribute before opset 13)
    "Unsqueeze": (1,),        # axes (attribute before opset 13)
    "Pad": (1, 2, 3),         # pads, constant_value, axes (attributes before opset 11)
    "Slice": (1, 2, 3, 4),    # starts, ends, axes, steps (attributes before opset 10)
    "Split": (1,),            # split (attribute before opset 13)
    "Resize": (1, 2, 3),      # roi, scales, sizes
    "Upsample": (1,),         # scales (attribute before opset 9)
    "Clip": (1, 2),           # min, max (attributes before opset 11)
    "Expand": (1,),           # shape: fixes the output shape
    "Tile": (1,),             # repeats: fixes the output shape
    "TopK": (1,),             # K (attribute before opset 10)
    "ConstantOfShape": (0,),  # shape: fixes the output shape
    "Range": (0, 1, 2),       # start, limit, delta: fix the output length
    "HannWindow": (0,),       # size: fixes the output length
    "HammingWindow": (0,),
    "BlackmanWindow": (0,),
    "CenterCropPad": (1,),    # shape: fixes the output shape
    "AffineGrid": (1,),       # size: fixes the output shape
    # Loop's trip count and condition: the loop is unrolled at compile time, and the trip
    # count fixes the scan outputs' length.
    "Loop": (0, 1),
    "OneHot": (1,),           # depth: fixes the output shape
    "Dropout": (1, 2),        # ratio, training_mode (attribute before opset 12)
    "CumSum": (1,),           # axis
    "Trilu": (1,),            # k
    # Scales and zero points: what the integer code is compiled for.
    "QuantizeLinear": (1, 2),
    "DequantizeLinear": (1, 2),
    "QLinearConv": (1, 2, 4, 5, 6, 7),
    "QLinearMatMul": (1, 2, 4, 5, 6, 7),
    "ConvInteger": (2, 3),
    "MatMulInteger": (2, 3),
}
for _op in REDUCE_OPS:
    PARAM_INPUTS[_op] = (1,)  # axes (attribute before opset 13 / 18)

FLOAT_KINDS = "fc"


def tail_lines(text, n=30):
    lines = (text or "").rstrip().splitlines()
    return "\n".join(lines[-n:])


def first_line(text):
    for line in (text or "").splitlines():
        line = line.strip()
        if line:
            return line
    return "(no output)"


def first_error_line(text):
    """First line of a compiler/tool log that looks like an error, else the first line."""
    for line in (text or "").splitlines():
        if "error" in line.lower():
            return line.strip()
    return first_line(text)


def run(cmd, timeout, cwd=None):
    """run_e2e.run, timed in seconds."""
    rc, out, ms = run_e2e.run(cmd, timeout, cwd)
    return rc, out, ms / 1000.0


def c_name(suite, case, taken):
    base = {"debian": "deb", "wheel": "whl"}.get(suite, suite[:3])
    stem = case[5:] if case.startswith("test_") else case
    name = re.sub(r"[^a-z0-9_]", "_", ("%s_%s" % (base, stem)).lower())
    out, k = name, 1
    while out in taken:  # case-insensitive uniqueness: macros use the upper-cased name
        k += 1
        out = "%s_%d" % (name, k)
    taken.add(out)
    return out


# float8 codes -> (decoder, fn, uz): the harness writes float8 outputs decoded to float32.
FLOAT8 = {17: ("e4m3", True, False), 18: ("e4m3", True, True),
          19: ("e5m2", False, False), 20: ("e5m2", True, True)}


def load_tensor(path):
    t = onnx.TensorProto()
    with open(path, "rb") as f:
        t.ParseFromString(f.read())
    if t.data_type in FLOAT8:
        kind, fn, uz = FLOAT8[t.data_type]
        raw = (np.frombuffer(t.raw_data, dtype=np.uint8) if t.raw_data
               else np.array(t.int32_data, dtype=np.uint8))
        decode = (numpy_helper.float8e4m3_to_float32 if kind == "e4m3"
                  else numpy_helper.float8e5m2_to_float32)
        return decode(raw, fn=fn, uz=uz).astype(np.float32).reshape(tuple(t.dims))
    return numpy_helper.to_array(t)


# ----------------------------------------------------------------------------------------
# Preparing cases: data sets, baked parameter inputs, compile units
# ----------------------------------------------------------------------------------------

def param_input_names(model, original=None):
    """Names of graph inputs that are used only as parameter inputs of their consumers. An
    `_expanded` case (the op written out as its function body) also bakes what its original
    model, `original`, bakes: the same inputs fix the same shapes."""
    if original is not None:
        return param_input_names(model) | (param_input_names(original) & {i.name for i in model.graph.input})
    graph_inputs = {i.name for i in model.graph.input}
    graph_inputs -= {t.name for t in model.graph.initializer}
    as_param, as_data = set(), set()
    for n in model.graph.node:
        params = PARAM_INPUTS.get(n.op_type, ()) if n.domain in ("", "ai.onnx") else ()
        for k, name in enumerate(n.input):
            if name in graph_inputs:
                (as_param if k in params else as_data).add(name)
    # Graph outputs that are graph inputs, or inputs read inside subgraphs, are data.
    for o in model.graph.output:
        as_data.add(o.name)
    return as_param - as_data


def prepare_case(c, work, taken_lock, taken):
    """Splits a derived case into compile units. Returns a list of unit dicts or raises."""
    model_path = os.path.join(c["dir"], "model.onnx")
    model = onnx.load(model_path)
    runtime_inputs = [i.name for i in model.graph.input
                      if i.name not in {t.name for t in model.graph.initializer}]
    outputs = [o.name for o in model.graph.output]
    datasets = sorted(d for d in os.listdir(c["dir"]) if d.startswith("test_data_set_"))
    datasets.sort(key=lambda d: int(d.rsplit("_", 1)[1]) if d.rsplit("_", 1)[1].isdigit() else 0)
    if not datasets:
        raise RuntimeError("no test_data_set_* folder")
    original = re.sub(r"_expanded(_ver\d+)?$", "", c["dir"])
    original = os.path.join(original, "model.onnx") if original != c["dir"] else None
    bake = param_input_names(model, onnx.load(original) if original and os.path.exists(original) else None)
    # Run-time inputs declared with symbolic or unknown dims: edgec compiles for static
    # shapes, so they are fixed with --input-shape to the data set's shape (as a user
    # would for a deployment).
    dynamic = set()
    for i in model.graph.input:
        if i.name in runtime_inputs and i.name not in bake:
            tt = i.type.tensor_type
            if tt.HasField("shape") and any(not d.HasField("dim_value") for d in tt.shape.dim):
                dynamic.add(i.name)
    groups = {}  # signature of baked values -> unit
    for ds in datasets:
        ddir = os.path.join(c["dir"], ds)
        inputs = {}
        for k, name in enumerate(runtime_inputs):
            p = os.path.join(ddir, "input_%d.pb" % k)
            if not os.path.isfile(p):
                raise RuntimeError("%s: missing input_%d.pb for input '%s'" % (ds, k, name))
            inputs[name] = p
        expected = []
        for k, name in enumerate(outputs):
            p = os.path.join(ddir, "output_%d.pb" % k)
            if not os.path.isfile(p):
                raise RuntimeError("%s: missing output_%d.pb for output '%s'" % (ds, k, name))
            expected.append(p)
        baked = {name: load_tensor(inputs[name]) for name in sorted(bake)}
        shapes = {name: list(load_tensor(inputs[name]).shape) for name in sorted(dynamic)}
        h = hashlib.sha256()
        h.update(json.dumps(shapes, sort_keys=True).encode())
        for name, arr in baked.items():
            h.update(name.encode() + b"\0" + str(arr.dtype).encode() + str(arr.shape).encode())
            h.update(np.ascontiguousarray(arr).tobytes())
        sig = h.hexdigest()
        if sig not in groups:
            groups[sig] = {"baked": baked, "shapes": shapes, "datasets": []}
        groups[sig]["datasets"].append({"name": ds, "inputs": inputs, "expected": expected})

    units = []
    for gi, (sig, g) in enumerate(groups.items()):
        with taken_lock:
            name = c_name(c["suite"], c["case"] + ("" if len(groups) == 1 else "_g%d" % gi),
                          taken)
        if g["baked"]:
            m = onnx.load(model_path)
            keep = [i for i in m.graph.input if i.name not in g["baked"]]
            del m.graph.input[:]
            m.graph.input.extend(keep)
            for bname, arr in g["baked"].items():
                m.graph.initializer.append(numpy_helper.from_array(arr, bname))
            mdir = os.path.join(work, "models")
            os.makedirs(mdir, exist_ok=True)
            upath = os.path.join(mdir, name + ".onnx")
            onnx.save(m, upath)
        else:
            upath = model_path
        units.append({"name": name, "suite": c["suite"], "case": c["case"], "model": upath,
                      "baked": sorted(g["baked"]), "shapes": g["shapes"], "outputs": outputs,
                      "datasets": g["datasets"]})
    return units


# ----------------------------------------------------------------------------------------
# edgec compile and the generated header
# ----------------------------------------------------------------------------------------

HEADER_IO = re.compile(r"^/\* (input|output) (\d+) '(.*)': (\w+)\[([0-9,]*)\] \*/$")


def parse_header(path):
    ins, outs = [], []
    with open(path) as f:
        for line in f:
            m = HEADER_IO.match(line.strip())
            if m:
                shape = [int(d) for d in m.group(5).split(",") if d != ""]
                (ins if m.group(1) == "input" else outs).append(
                    {"index": int(m.group(2)), "name": m.group(3), "dtype": m.group(4),
                     "shape": shape})
    ins.sort(key=lambda x: x["index"])
    outs.sort(key=lambda x: x["index"])
    return ins, outs


def compile_unit(u, args):
    outdir = os.path.join(args.work, "cases", u["name"])
    shutil.rmtree(outdir, ignore_errors=True)
    cmd = [args.edgec, "compile", u["model"], "-t", "host", "-o", outdir, "--with-main",
           "--name", u["name"]]
    for name, shape in sorted(u["shapes"].items()):
        if shape:  # rank 0 cannot be spelled; edgec sees the declared rank
            cmd += ["--input-shape", "%s=%s" % (name, "x".join(str(d) for d in shape))]
    u["cmd"] = " ".join(cmd)
    rc, out, secs = run(cmd, TIMEOUT_COMPILE)
    u["compile_s"] = secs
    if rc != 0:
        msg = first_line(out)
        return "compile", "rc=%s: %s" % (rc, msg)
    u["outdir"] = outdir
    try:
        u["h_inputs"], u["h_outputs"] = parse_header(os.path.join(outdir, u["name"] + ".h"))
    except OSError as e:
        return "compile", "no header: %s" % e
    if not u["h_outputs"]:
        return "compile", "header declares no outputs"
    return None


# ----------------------------------------------------------------------------------------
# One ninja build for everything
# ----------------------------------------------------------------------------------------

def ninja_escape(path):
    return path.replace("$", "$$").replace(" ", "$ ").replace(":", "$:")


def write_dispatcher(path, units, harness_dir):
    lines = [
        "// all_main.cpp: generated by run_conformance.py -- runs one conformance case by name.",
        "// usage: conformance_all NAME OUTDIR IN...   |   conformance_all --list",
        '#include "edgec/harness_io.h"',
    ]
    for u in units:
        lines.append('#include "%s"' % os.path.join(u["outdir"], u["name"] + ".h"))
    lines += [
        "",
        "#include <cstdio>",
        "#include <cstring>",
        "#include <filesystem>",
        "#include <string>",
        "#include <vector>",
        "",
        "namespace {",
        "",
        "template <typename Info, typename Ctx>",
        "int run_model(const char* name, const Info* ins, int nin, const Info* outs, int nout,",
        "              int (*init)(Ctx*, void*, size_t),",
        "              int (*run)(Ctx*, const void* const*, void* const*),",
        "              const std::string& out_dir, int npaths, char** paths) {",
        "  if (npaths != nin) {",
        '    std::fprintf(stderr, "%s: expected %d input files, got %d\\n", name, nin, npaths);',
        "    return 2;",
        "  }",
        "  std::vector<edgec_io::Tensor> in(nin > 0 ? nin : 1);",
        "  std::vector<const void*> in_ptrs(nin > 0 ? nin : 1, nullptr);",
        "  for (int i = 0; i < nin; ++i) {",
        "    std::string err;",
        "    if (!edgec_io::read_tensor_file(paths[i], in[i], err) ||",
        "        !edgec_io::convert_to(in[i], ins[i].dtype, err)) {",
        '      std::fprintf(stderr, "input %d: %s\\n", i, err.c_str());',
        "      return 1;",
        "    }",
        "    if (in[i].data.size() != static_cast<size_t>(ins[i].bytes)) {",
        '      std::fprintf(stderr, "input %d (\'%s\'): %zu bytes, the model needs %d\\n", i,',
        "                   ins[i].name, in[i].data.size(), ins[i].bytes);",
        "      return 1;",
        "    }",
        "    in_ptrs[i] = in[i].data.data();",
        "  }",
        "  std::vector<edgec_io::Tensor> out(nout);",
        "  std::vector<void*> out_ptrs(nout);",
        "  for (int i = 0; i < nout; ++i) {",
        "    out[i].dtype = outs[i].dtype;",
        "    out[i].shape.assign(outs[i].shape, outs[i].shape + outs[i].rank);",
        "    out[i].data.assign(static_cast<size_t>(outs[i].bytes), 0);",
        "    out_ptrs[i] = out[i].data.data();",
        "  }",
        "  Ctx ctx;",
        "  int rc = init(&ctx, nullptr, 0);",
        "  if (rc != 0) {",
        '    std::fprintf(stderr, "%s_init returned %d\\n", name, rc);',
        "    return 3;",
        "  }",
        "  rc = run(&ctx, in_ptrs.data(), out_ptrs.data());",
        "  if (rc != 0) {",
        '    std::fprintf(stderr, "%s_run returned %d\\n", name, rc);',
        "    return 3;",
        "  }",
        "  std::error_code ec;",
        "  std::filesystem::create_directories(out_dir, ec);",
        "  for (int i = 0; i < nout; ++i) {",
        "    std::string err;",
        '    std::string path = out_dir + "/output_" + std::to_string(i) + ".npy";',
        "    if (!edgec_io::write_npy(path, out[i], err)) {",
        '      std::fprintf(stderr, "%s\\n", err.c_str());',
        "      return 1;",
        "    }",
        "  }",
        "  return 0;",
        "}",
        "",
        "typedef int (*case_fn)(const std::string&, int, char**);",
        "struct Entry {",
        "  const char* name;",
        "  case_fn fn;",
        "};",
        "",
    ]
    for u in units:
        n, N = u["name"], u["name"].upper()
        lines.append(
            "int case_%s(const std::string& o, int np, char** p) {\n"
            '  return run_model("%s", %s_inputs, %s_NUM_INPUTS, %s_outputs, %s_NUM_OUTPUTS, '
            "%s_init, %s_run, o, np, p);\n}" % (n, n, n, N, n, N, n, n))
    lines.append("")
    lines.append("const Entry kEntries[] = {")
    for u in units:
        lines.append('    {"%s", case_%s},' % (u["name"], u["name"]))
    lines += [
        "};",
        "",
        "}  // namespace",
        "",
        "int main(int argc, char** argv) {",
        '  if (argc == 2 && std::strcmp(argv[1], "--list") == 0) {',
        "    for (const Entry& e : kEntries) std::printf(\"%s\\n\", e.name);",
        "    return 0;",
        "  }",
        "  if (argc < 3) {",
        '    std::fprintf(stderr, "usage: %s NAME OUTDIR IN... | --list\\n", argv[0]);',
        "    return 2;",
        "  }",
        "  for (const Entry& e : kEntries)",
        "    if (std::strcmp(e.name, argv[1]) == 0) return e.fn(argv[2], argc - 3, argv + 3);",
        '  std::fprintf(stderr, "unknown case %s\\n", argv[1]);',
        "  return 2;",
        "}",
        "",
    ]
    with open(path, "w") as f:
        f.write("\n".join(lines))


def write_ninja(path, bdir, units, cxx, dispatcher, harness_dir, exe):
    L = [
        "# build.ninja: generated by run_conformance.py",
        "cxx = %s" % cxx,
        "cxxflags = -std=c++17 -O1 -w",
        "rule cxx",
        "  command = $cxx $cxxflags -I$incdir -c $in -o $out",
        "  description = CXX $out",
        "rule asm",
        "  command = $cxx -x assembler-with-cpp -Wa,-I$incdir -c $in -o $out",
        "  description = AS $out",
        "rule link",
        # A response file: a thousand object paths overflow the argument list (E2BIG).
        "  command = $cxx @$out.rsp -o $out",
        "  rspfile = $out.rsp",
        "  rspfile_content = $in",
        "  description = LINK $out",
        "",
    ]
    objs = []
    for u in units:
        d = u["outdir"]
        o1 = os.path.join(bdir, "obj", u["name"] + ".o")
        o2 = os.path.join(bdir, "obj", u["name"] + "_weights.o")
        L.append("build %s: cxx %s" % (ninja_escape(o1),
                                        ninja_escape(os.path.join(d, u["name"] + ".cpp"))))
        L.append("  incdir = %s" % ninja_escape(d))
        L.append("build %s: asm %s" % (ninja_escape(o2),
                                        ninja_escape(os.path.join(d, u["name"] + "_weights.S"))))
        L.append("  incdir = %s" % ninja_escape(d))
        u["objs"] = [o1, o2]
        objs += [o1, o2]
    L.append("build objects: phony %s" % " ".join(ninja_escape(o) for o in objs))
    mo = os.path.join(bdir, "obj", "all_main.o")
    L.append("build %s: cxx %s" % (ninja_escape(mo), ninja_escape(dispatcher)))
    L.append("  incdir = %s" % ninja_escape(harness_dir))
    L.append("build %s: link %s %s" % (ninja_escape(exe), ninja_escape(mo),
                                       " ".join(ninja_escape(o) for o in objs)))
    L.append("default %s" % ninja_escape(exe))
    with open(path, "w") as f:
        f.write("\n".join(L) + "\n")


def build_all(units, args, log):
    """Builds every compiled unit into one executable. Sets u['stage'/'reason'] on units
    that fail to build. Returns the executable's path, or None."""
    bdir = os.path.join(args.work, "build")
    os.makedirs(os.path.join(bdir, "obj"), exist_ok=True)
    exe = os.path.join(bdir, "conformance_all")
    ok_units = [u for u in units if not u.get("stage")]
    if not ok_units:
        return None
    harness_dir = ok_units[0]["outdir"]
    dispatcher = os.path.join(bdir, "all_main.cpp")
    ninja_file = os.path.join(bdir, "build.ninja")

    # Pass 1: every case's objects; a case whose code does not compile fails alone.
    write_ninja(ninja_file, bdir, ok_units, args.cxx, dispatcher, harness_dir, exe)
    write_dispatcher(dispatcher, ok_units, harness_dir)
    rc, out, secs = run(["ninja", "-f", ninja_file, "-j", str(args.jobs), "-k", "0", "objects"],
                        TIMEOUT_BUILD)
    log("built %d case objects in %.1f s (ninja rc=%s)" % (len(ok_units), secs, rc))
    if rc != 0:
        for u in ok_units:
            if not all(os.path.isfile(o) for o in u["objs"]):
                _, err, _ = run([args.cxx, "-std=c++17", "-O1", "-w", "-fsyntax-only", "-I",
                                 u["outdir"], os.path.join(u["outdir"], u["name"] + ".cpp")],
                                TIMEOUT_COMPILE)
                u["stage"], u["reason"] = "build", first_error_line(err) if err.strip() \
                    else "weights object failed: " + first_error_line(out)
                u["log"] = tail_lines(err or out)
    # Pass 2: dispatcher + link. A header that breaks the dispatcher drops its case.
    for _attempt in range(4):
        ok_units = [u for u in units if not u.get("stage")]
        if not ok_units:
            return None
        write_ninja(ninja_file, bdir, ok_units, args.cxx, dispatcher, harness_dir, exe)
        write_dispatcher(dispatcher, ok_units, harness_dir)
        rc, out, secs = run(["ninja", "-f", ninja_file, "-j", str(args.jobs)], TIMEOUT_BUILD)
        log("built dispatcher and linked %d cases in %.1f s (ninja rc=%s)"
            % (len(ok_units), secs, rc))
        if rc == 0:
            return exe
        blamed = [u for u in ok_units if ("/%s/" % u["name"]) in out or
                  ("%s_" % u["name"]) in out]
        if not blamed:
            break
        for u in blamed:
            line = next((l for l in out.splitlines() if u["name"] in l and "error" in l.lower()),
                        None) or first_error_line(out)
            u["stage"], u["reason"] = "build", "dispatcher/link: " + line.strip()
    for u in ok_units:
        if not u.get("stage"):
            u["stage"], u["reason"] = "build", "dispatcher/link: " + first_error_line(out)
    log(tail_lines(out))
    return None


# ----------------------------------------------------------------------------------------
# Running and comparing
# ----------------------------------------------------------------------------------------

def compare(out, ref):
    """Returns None if out matches ref, else a reason."""
    if out.shape != ref.shape:
        return "shape %s, expected %s" % (list(out.shape), list(ref.shape))
    if out.dtype != ref.dtype:
        return "dtype %s, expected %s" % (out.dtype, ref.dtype)
    if ref.size == 0:
        return None
    if ref.dtype.kind in FLOAT_KINDS:
        o, r = out.astype(np.float64), ref.astype(np.float64)
        onan, rnan = np.isnan(o), np.isnan(r)
        if np.any(onan != rnan):
            idx = tuple(int(i) for i in np.argwhere(onan != rnan)[0])
            return "NaN mismatch at %s: got %r, expected %r" % (list(idx), float(o[idx]),
                                                                 float(r[idx]))
        same = (o == r) | onan  # equal infinities (and NaN where both are NaN)
        diff = np.where(same, 0.0, np.abs(o - r))
        diff = np.where(np.isnan(diff), np.inf, diff)
        err = float(np.max(diff))
        finite = np.abs(r[np.isfinite(r)])
        scale = max(1.0, float(np.max(finite)) if finite.size else 1.0)
        tol = RTOL * scale
        if not err <= tol:
            idx = np.unravel_index(int(np.argmax(diff)), diff.shape)
            return "max abs err %.3g > tol %.3g at %s: got %r, expected %r" % (
                err, tol, [int(i) for i in idx], float(o[idx]), float(r[idx]))
        return None
    if not np.array_equal(out, ref):
        bad = np.argwhere(out != ref)
        idx = tuple(int(i) for i in bad[0])
        return "%d of %d elements differ; first at %s: got %r, expected %r" % (
            len(bad), ref.size, list(idx), out[idx].item(), ref[idx].item())
    return None


def run_dataset(u, ds, exe, args):
    """Returns None on success, else (stage, reason, log)."""
    resdir = os.path.join(args.work, "results", u["name"], ds["name"])
    shutil.rmtree(resdir, ignore_errors=True)
    paths = []
    for hi in u["h_inputs"]:
        if hi["name"] not in ds["inputs"]:
            return ("run", "compiled model has input '%s' that the test does not feed"
                    % hi["name"], "")
        paths.append(ds["inputs"][hi["name"]])
    cmd = [exe, u["name"], resdir] + paths
    rc, out, _ = run(cmd, TIMEOUT_RUN)
    if rc != 0:
        sig = ""
        if isinstance(rc, int) and rc < 0:
            sig = " (signal %d)" % -rc
        return ("run", "rc=%s%s: %s" % (rc, sig, first_line(out)), " ".join(cmd) + "\n" + out)
    h_names = [o["name"] for o in u["h_outputs"]]
    missing = [n for n in u["outputs"] if n not in h_names]
    if missing:
        return ("compare", "the compiled model lacks output(s) %s" % ", ".join(missing), "")
    msgs = []
    for ho in u["h_outputs"]:
        if ho["name"] not in u["outputs"]:
            msgs.append("unexpected output '%s'" % ho["name"])
            continue
        k = u["outputs"].index(ho["name"])
        ref = load_tensor(ds["expected"][k])
        p = os.path.join(resdir, "output_%d.npy" % ho["index"])
        if not os.path.isfile(p):
            msgs.append("output %d not written" % ho["index"])
            continue
        got = np.load(p)
        # Older test data stores float16/bfloat16 outputs as uint16 bit patterns; the
        # harness writes float16 as float16 and bfloat16 widened to float32.
        if ref.dtype == np.uint16 and got.dtype == np.float16:
            ref = ref.view(np.float16)
        elif ref.dtype == np.uint16 and got.dtype == np.float32:
            ref = (ref.astype(np.uint32) << 16).view(np.float32)
        why = compare(got, ref)
        if why:
            msgs.append("output '%s': %s" % (ho["name"], why))
    if msgs:
        return ("compare", "; ".join(msgs), "")
    return None


# ----------------------------------------------------------------------------------------

def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--edgec", required=True)
    ap.add_argument("--cxx", default="c++")
    ap.add_argument("--work", required=True)
    ap.add_argument("--filter", default=None, help="only cases whose SUITE/NAME matches this regular expression")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--min-pass-rate", type=float, default=0.95)
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args(argv)
    args.work = os.path.abspath(args.work)
    args.edgec = os.path.abspath(args.edgec) if os.sep in args.edgec else args.edgec
    for sub in ("cases", "models", "results", "build"):
        shutil.rmtree(os.path.join(args.work, sub), ignore_errors=True)
    os.makedirs(args.work, exist_ok=True)
    t_start = time.monotonic()

    def log(msg):
        print("[%6.1f s] %s" % (time.monotonic() - t_start, msg), flush=True)

    # 1. derive
    derived = derive_cases.derive(args.edgec, args.work, args.filter, args.jobs)
    cases = derived["cases"]
    per_suite = {}
    for c in cases:
        per_suite[c["suite"]] = per_suite.get(c["suite"], 0) + 1
    log("derived %d cases (%s); %d inspect errors" % (
        len(cases), ", ".join("%s %d" % kv for kv in sorted(per_suite.items())),
        len(derived["inspect_errors"])))

    # results per case: {"suite","case","ops","stage","reason"}
    results = {}
    for c in cases:
        results[(c["suite"], c["case"])] = {"suite": c["suite"], "case": c["case"],
                                           "ops": c["ops"], "stage": None, "reason": None,
                                           "datasets": 0}
    # inspect crashes are failures of the cases they hit (we cannot tell their support)
    for e in derived["inspect_errors"]:
        results[(e["suite"], e["case"])] = {"suite": e["suite"], "case": e["case"],
                                           "ops": e["ops"], "stage": "compile",
                                           "reason": "edgec inspect: " + e["error"],
                                           "datasets": 0}

    def fail(key, stage, reason):
        r = results[key]
        if r["stage"] is None:
            r["stage"], r["reason"] = stage, reason

    # 2. prepare (bake parameter inputs)
    import threading
    taken, lock = set(), threading.Lock()
    units = []
    for c in cases:
        try:
            units += prepare_case(c, args.work, lock, taken)
        except Exception as e:
            fail((c["suite"], c["case"]), "prepare", "%s: %s" % (type(e).__name__, e))
    log("prepared %d compile units" % len(units))

    # 3. compile
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as ex:
        outcomes = list(ex.map(lambda u: compile_unit(u, args), units))
    for u, o in zip(units, outcomes):
        if o:
            u["stage"], u["reason"] = o
    log("edgec compiled %d of %d units" % (sum(1 for u in units if not u.get("stage")),
                                           len(units)))

    # 4. build
    exe = build_all(units, args, log)

    # 5. run + compare
    jobs = [(u, ds) for u in units if not u.get("stage") for ds in u["datasets"]]
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as ex:
        outs = list(ex.map(lambda j: run_dataset(j[0], j[1], exe, args), jobs))
    for (u, ds), o in zip(jobs, outs):
        results[(u["suite"], u["case"])]["datasets"] += 1
        if o:
            fail((u["suite"], u["case"]), o[0], "%s: %s" % (ds["name"], o[1]))
            if args.verbose and o[2]:
                print(o[2])
    for u in units:
        if u.get("stage"):
            fail((u["suite"], u["case"]), u["stage"], u["reason"])
    log("ran %d data sets" % len(jobs))

    # 6. report
    rows = sorted(results.values(), key=lambda r: (r["suite"], r["case"]))
    per_op = {}
    for r in rows:
        for op in r["ops"]:
            s = per_op.setdefault(op, {"cases": 0, "passed": 0, "failed": 0})
            s["cases"] += 1
            s["passed" if r["stage"] is None else "failed"] += 1
    w = max([len(op) for op in per_op] + [2])
    print()
    print("%-*s  %6s  %6s  %6s" % (w, "op", "cases", "passed", "failed"))
    print("-" * (w + 24))
    for op in sorted(per_op):
        s = per_op[op]
        print("%-*s  %6d  %6d  %6d" % (w, op, s["cases"], s["passed"], s["failed"]))
    failed = [r for r in rows if r["stage"] is not None]
    passed = len(rows) - len(failed)
    if failed:
        print("\nfailures (case, stage, reason):")
        for r in failed:
            reason = r["reason"] or ""
            if len(reason) > REASON_WIDTH:
                reason = reason[:REASON_WIDTH - 3] + "..."
            print("%s/%s  %s  %s" % (r["suite"], r["case"], r["stage"], reason))
    total = len(rows)
    rate = passed / total if total else 0.0
    wall = time.monotonic() - t_start
    summary = {
        "passed": passed, "failed": len(failed), "total": total, "pass_rate": rate,
        "min_pass_rate": args.min_pass_rate, "wall_s": round(wall, 1),
        "derived": per_suite, "skipped": derived["skipped"],
        "per_op": per_op,
        "failures": [{"suite": r["suite"], "case": r["case"], "stage": r["stage"],
                      "reason": r["reason"], "ops": r["ops"]} for r in failed],
        "passes": ["%s/%s" % (r["suite"], r["case"]) for r in rows if r["stage"] is None],
        "baked": {u["name"]: u["baked"] for u in units if u["baked"]},
    }
    with open(os.path.join(args.work, "summary.json"), "w") as f:
        json.dump(summary, f, indent=1, sort_keys=True)
    print()
    print("pass rate %.1f%% (required %.1f%%), %.0f s; summary in %s" % (
        100 * rate, 100 * args.min_pass_rate, wall, os.path.join(args.work, "summary.json")))
    print("%d passed, %d failed" % (passed, len(failed)))
    return 0 if total and rate >= args.min_pass_rate else 1


if __name__ == "__main__":
    sys.exit(main())
