#!/usr/bin/env python3
"""End-to-end test: edgec-compiled C++ vs onnxruntime on the models of make_models.py.

Usage: run_e2e.py --edgec PATH --cxx CXX --work DIR [--filter SUBSTR] [--jobs 2]
                  [--cxxflags FLAGS] [--opt -O1] [--until edgec|objects|run]

For each case: `edgec compile MODEL -t host -o OUT --with-main` (plus
--input-shape for inputs with symbolic dims), check the output folder's files,
build NAME.cpp + main.cpp + NAME_weights.S with one direct compiler call, run
the harness (once plainly, once with --repeat 3: outputs must be bit-identical),
and compare every output with onnxruntime (CPU, graph optimizations disabled).
An output passes iff shapes are equal, dtype is float32, and
max |out - ref| <= 1e-4 * max(1, max |ref|).

--cxxflags (split like a shell would) go after the built-in ones, so they may
override the optimisation level (-fsanitize=..., -Wall -Werror, ...). --until
stops early: `edgec` after edgec's compile and the output-folder check (to run
an instrumented edgec on every model), `objects` after compiling NAME.cpp and
main.cpp with -c (no link, no run) once per --cxx and per --opt (both may be
repeated: the warnings test). With `run` (the default) each is given at most once.

Ends with the line "N passed, N failed"; exit status 0 iff every case passed.
"""

import argparse
import concurrent.futures
import json
import os
import pathlib
import shlex
import shutil
import subprocess
import sys
import time

import numpy as np
import onnxruntime as ort
from onnx import numpy_helper

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import make_models  # noqa: E402

RTOL = 1e-4
LOG_LINES = 30
# Cases whose last input is handed to the harness as an ONNX TensorProto .pb
# instead of .npy (the harness accepts both).
PB_INPUT_CASES = {"two_in_two_out"}
TIMEOUT_COMPILE = 120
TIMEOUT_BUILD = 300
TIMEOUT_RUN = 60


def tail(text, n=LOG_LINES):
    lines = (text or "").rstrip().splitlines()
    if len(lines) > n:
        lines = ["... (%d lines omitted)" % (len(lines) - n)] + lines[-n:]
    return "\n".join(lines)


def run(cmd, timeout, cwd=None):
    """Runs cmd; returns (rc, stdout+stderr text, milliseconds)."""
    t0 = time.monotonic()
    try:
        p = subprocess.run(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           timeout=timeout)
        rc, out = p.returncode, p.stdout.decode(errors="replace")
    except subprocess.TimeoutExpired as e:
        rc, out = "timeout", (e.stdout or b"").decode(errors="replace") + \
            "\n[timed out after %ds]" % timeout
    except OSError as e:
        rc, out = "oserror", str(e)
    return rc, out, (time.monotonic() - t0) * 1000.0


def fmt_cmd(cmd):
    return " ".join(cmd)


def ort_session(model, optimize=True):
    """onnxruntime on one thread for a model path (or its serialized bytes); optimize=False
    turns its graph optimizations off, so every node runs as written (QDQ pairs included)."""
    opts = ort.SessionOptions()
    opts.intra_op_num_threads = 1
    opts.inter_op_num_threads = 1
    opts.log_severity_level = 3
    if not optimize:
        opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_DISABLE_ALL
    return ort.InferenceSession(model if isinstance(model, bytes) else str(model), sess_options=opts,
                                providers=["CPUExecutionProvider"])


def reference(case):
    sess = ort_session(case["model"], optimize=False)
    feeds = {i["name"]: np.load(i["path"]) for i in case["inputs"]}
    names = [o.name for o in sess.get_outputs()]
    assert names == case["outputs"], (names, case["outputs"])
    return sess.run(None, feeds)


def compare(out, ref, atol=None):
    """Returns (ok, max abs err, message); tolerance atol if given, else RTOL * max(1, max |ref|)."""
    if out.shape != ref.shape:
        return False, float("inf"), "shape %s, expected %s" % (list(out.shape), list(ref.shape))
    if out.dtype != np.float32:
        return False, float("inf"), "dtype %s, expected float32" % out.dtype
    ref64, out64 = ref.astype(np.float64), out.astype(np.float64)
    if ref.size == 0:
        return True, 0.0, ""
    diff = np.abs(out64 - ref64)
    err = float(np.max(diff)) if np.all(np.isfinite(diff)) else float("inf")
    scale = max(1.0, float(np.max(np.abs(ref64))))
    tol = RTOL * scale if atol is None else atol
    if not err <= tol:
        idx = np.unravel_index(int(np.nanargmax(np.where(np.isfinite(diff), diff, np.inf))),
                               diff.shape)
        return False, err, "max abs err %.3g > tol %.3g at %s: got %r, expected %r" % (
            err, tol, [int(i) for i in idx], float(out64[idx]), float(ref64[idx]))
    return True, err, ""


class ErrorRange:
    """Per output, over every call: the largest |edgec - reference| and the range of the
    reference's values, so that an error reads against what the output spans."""

    def __init__(self):
        self.err, self.lo, self.hi = {}, {}, {}

    def add(self, name, got, ref):
        got, ref = np.asarray(got, np.float64), np.asarray(ref, np.float64)
        self.err[name] = max(self.err.get(name, 0.0), float(np.abs(got - ref).max()))
        self.lo[name] = min(self.lo.get(name, np.inf), float(ref.min()))
        self.hi[name] = max(self.hi.get(name, -np.inf), float(ref.max()))

    def __str__(self):
        cells = []
        for name, err in self.err.items():
            span = self.hi[name] - self.lo[name]
            cells.append("%s %.2g (%.2g of its range [%.3g, %.3g])" % (
                name, err, err / span if span > 0 else float("nan"), self.lo[name], self.hi[name]))
        return ", ".join(cells)


def model_runner_parser(doc):
    """The arguments every per-model e2e runner takes: edgec, the C++ compiler, a work folder,
    and a filter on model names."""
    ap = argparse.ArgumentParser(description=doc.split("\n\n")[0])
    ap.add_argument("--edgec", required=True)
    ap.add_argument("--cxx", default="c++")
    ap.add_argument("--work", required=True)
    ap.add_argument("--filter", default=None, help="only models whose name contains this")
    return ap


class Failure(Exception):
    """A case that failed, with what to print."""


class Tally:
    """A runner's PASS / FAIL lines and its closing "N passed, N failed"."""

    def __init__(self):
        self.passed = self.failed = 0

    def ok(self, text):
        print("PASS " + text)
        self.passed += 1

    def fail(self, tag, error):
        print("FAIL %s: %s" % (tag, error))
        self.failed += 1

    def finish(self):
        print("%d passed, %d failed" % (self.passed, self.failed))
        return 1 if self.failed else 0


def run_each(items, run_one, argv, doc):
    """The main of a per-model runner: parses the common arguments, runs `run_one(item, args)`
    (its PASS line, or a Failure) on every item whose name --filter matches, prints the tally."""
    args = model_runner_parser(doc).parse_args(argv)
    tally = Tally()
    for item in items:
        if args.filter and args.filter not in item["name"]:
            continue
        try:
            tally.ok(run_one(item, args))
        except Failure as e:
            tally.fail(item["name"], e)
    return tally.finish()


def run_tallied(models, run_model, argv, doc):
    """The main of a runner whose `run_model(model, args, tally)` counts several cases per model:
    parses the common arguments, runs every model --filter matches, prints the tally."""
    args = model_runner_parser(doc).parse_args(argv)
    tally = Tally()
    for model in models:
        if args.filter and args.filter not in model["name"]:
            continue
        try:
            run_model(model, args, tally)
        except Failure as e:
            tally.fail(model["name"], e)
    return tally.finish()


def bundled_models(work, require_files=True):
    """models/tiny_cnn.onnx (on a random input saved in `work`) and the real models of
    models/real_models.json, as scripts/real_models.py describes them."""
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "scripts"))
    import real_models
    root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
    tiny_input = os.path.join(str(work), "tiny_cnn_input.npy")
    np.save(tiny_input, np.random.default_rng(0).standard_normal((1, 3, 16, 16)).astype(np.float32))
    yield {"name": "tiny_cnn", "path": os.path.join(root, "models", "tiny_cnn.onnx"), "inputs": {},
           "samples": {"input": tiny_input}}
    yield from real_models.load(require_files=require_files)


def model_work_dir(args, name, *files):
    """args.work/name, emptied and made anew, after checking that every real-model file the
    case reads is there (scripts/setup.sh fetches them)."""
    for f in files:
        if not os.path.isfile(f):
            raise Failure("%s is missing: run scripts/setup.sh (it fetches the real models)" % f)
    work = pathlib.Path(args.work) / name
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    return work


def harness_build_cmd(cxx, opt, outdir, name, exe, extra=()):
    """One direct compiler call (no CMake) that builds the emitted harness of `name`."""
    outdir = str(outdir)
    return [cxx, "-std=c++17", opt, "-I", outdir, os.path.join(outdir, name + ".cpp"),
            os.path.join(outdir, "main.cpp"), "-x", "assembler-with-cpp",
            os.path.join(outdir, name + "_weights.S"), "-Wa,-I," + outdir, "-o", str(exe), *extra]


def build_harness(args, model_path, out, name, shapes=None, binds=None, timeout=600, extra=()):
    """`edgec compile` MODEL for the host with --with-main (input shapes and --bind values as
    dicts, then the `extra` flags), then one direct compiler call builds the harness; returns
    its path or raises Failure with the log."""
    cmd = [args.edgec, "compile", str(model_path), "-t", "host", "-o", str(out), "--with-main", "--name", name,
           *extra]
    for input_name, shape in (shapes or {}).items():
        cmd += ["--input-shape", "%s=%s" % (input_name, "x".join(map(str, shape)))]
    for input_name, value in (binds or {}).items():
        cmd += ["--bind", "%s=%s" % (input_name, value)]
    rc, log, _ = run(cmd, timeout)
    if rc != 0:
        raise Failure("compile rc=%s\n$ %s\n%s" % (rc, fmt_cmd(cmd), tail(log)))
    exe = os.path.join(str(out), name + "_harness")
    rc, log, _ = run(harness_build_cmd(args.cxx, "-O2", out, name, exe), timeout)
    if rc != 0:
        raise Failure("build rc=%s\n%s" % (rc, tail(log)))
    return exe


def run_harness(exe, inputs, work, timeout=120):
    """Runs a harness on arrays (in graph input order, saved under `work`); returns its outputs."""
    work = str(work)
    paths = []
    for k, x in enumerate(inputs):
        paths.append(os.path.join(work, "in_%d.npy" % k))
        np.save(paths[-1], x)
    res = os.path.join(work, "result")
    shutil.rmtree(res, ignore_errors=True)
    rc, log, _ = run([str(exe), *paths, "-o", res], timeout)
    if rc != 0:
        raise Failure("harness rc=%s\n%s" % (rc, tail(log)))
    outs = []
    while os.path.exists(os.path.join(res, "output_%d.npy" % len(outs))):
        outs.append(np.load(os.path.join(res, "output_%d.npy" % len(outs))))
    return outs


def run_case(case, args):
    name = case["name"]
    r = {"name": name, "status": "PASS", "err": None, "compile_ms": None, "build_ms": None,
         "log": []}
    cdir = os.path.join(args.work, "cases", name)
    shutil.rmtree(cdir, ignore_errors=True)
    os.makedirs(cdir)
    outdir = os.path.join(cdir, "out")

    def fail(status, *log):
        r["status"] = status
        r["log"].extend(log)
        return r

    # 1. compile
    cmd = [args.edgec, "compile", case["model"], "-t", "host", "-o", outdir, "--with-main"]
    for i in case["inputs"]:
        if not i["static"]:
            cmd += ["--input-shape", "%s=%s" % (i["name"], "x".join(map(str, i["shape"])))]
    rc, out, ms = run(cmd, TIMEOUT_COMPILE)
    r["compile_ms"] = ms
    if rc != 0:
        return fail("FAIL compile rc=%s" % rc, "$ " + fmt_cmd(cmd), tail(out))

    expected = [name + ".h", name + ".cpp", name + "_weights.bin", name + "_weights.S",
                "main.cpp", "CMakeLists.txt", "report.json", "edgec/"]
    missing = [f for f in expected if not (
        os.path.isdir(os.path.join(outdir, f)) if f.endswith("/")
        else os.path.isfile(os.path.join(outdir, f)))]
    if missing:
        return fail("FAIL missing files", "$ " + fmt_cmd(cmd),
                    "missing in %s: %s" % (outdir, ", ".join(missing)),
                    "present: %s" % ", ".join(sorted(os.listdir(outdir))), tail(out))
    try:
        with open(os.path.join(outdir, "report.json")) as f:
            json.load(f)
    except ValueError as e:
        return fail("FAIL report.json", "report.json is not valid JSON: %s" % e)

    if args.until == "edgec":
        return r

    # 2. build (one direct compiler call, no CMake); --until objects: -c, every --cxx x --opt
    srcs = [os.path.join(outdir, name + ".cpp"), os.path.join(outdir, "main.cpp")]
    if args.until == "objects":
        t0 = time.monotonic()
        for k, (cxx, opt) in enumerate((c, o) for c in args.cxx for o in args.opt):
            objdir = os.path.join(cdir, "obj%d" % k)
            os.makedirs(objdir)
            bcmd = [cxx, "-std=c++17", opt, "-I", outdir, "-c"] + srcs + args.cxxflags
            rc, out, _ = run(bcmd, TIMEOUT_BUILD, cwd=objdir)
            if rc != 0 or out.strip():
                r["build_ms"] = (time.monotonic() - t0) * 1000.0
                return fail("FAIL objects rc=%s" % rc, "$ " + fmt_cmd(bcmd), tail(out, 60))
        r["build_ms"] = (time.monotonic() - t0) * 1000.0
        return r
    exe = os.path.join(outdir, name + "_main")
    bcmd = harness_build_cmd(args.cxx[0], args.opt[0], outdir, name, exe, args.cxxflags)
    rc, out, ms = run(bcmd, TIMEOUT_BUILD)
    r["build_ms"] = ms
    if rc != 0:
        return fail("FAIL build rc=%s" % rc, "$ " + fmt_cmd(bcmd), tail(out))

    # 3. run the harness
    in_paths = [i["path"] for i in case["inputs"]]
    if name in PB_INPUT_CASES:
        pb = os.path.join(cdir, "input_%d.pb" % (len(in_paths) - 1))
        t = numpy_helper.from_array(np.load(in_paths[-1]), case["inputs"][-1]["name"])
        with open(pb, "wb") as f:
            f.write(t.SerializeToString())
        in_paths[-1] = pb
    resdir = os.path.join(cdir, "result")
    hcmd = [exe] + in_paths + ["-o", resdir]
    rc, hout, _ = run(hcmd, TIMEOUT_RUN)
    if rc != 0:
        return fail("FAIL harness rc=%s" % rc, "$ " + fmt_cmd(hcmd), tail(hout))

    outs_expected = ["output_%d.npy" % k for k in range(len(case["outputs"]))]
    present = sorted(os.listdir(resdir)) if os.path.isdir(resdir) else []
    if present != sorted(outs_expected):
        return fail("FAIL outputs", "$ " + fmt_cmd(hcmd),
                    "result files %s, expected %s" % (present, outs_expected), tail(hout))
    results = [np.load(os.path.join(resdir, f)) for f in outs_expected]

    # 4. reference
    try:
        refs = reference(case)
    except Exception as e:  # a broken model is a test bug, not a compiler bug
        return fail("FAIL onnxruntime", "onnxruntime: %s" % e)

    worst = 0.0
    msgs = []
    for k, (o, ref) in enumerate(zip(results, refs)):
        ok, err, msg = compare(o, ref, case.get("atol", [None] * len(refs))[k])
        worst = max(worst, err)
        if not ok:
            msgs.append("output %d (%s): %s" % (k, case["outputs"][k], msg))
    r["err"] = worst
    if msgs:
        return fail("FAIL mismatch", "$ " + fmt_cmd(hcmd), *msgs)

    # 5. --repeat must not change the results (no state leaking between runs)
    rdir = os.path.join(cdir, "result_repeat")
    rcmd = [exe] + in_paths + ["-o", rdir, "--repeat", "3"]
    rc, rout, _ = run(rcmd, TIMEOUT_RUN)
    if rc != 0:
        return fail("FAIL repeat rc=%s" % rc, "$ " + fmt_cmd(rcmd), tail(rout))
    for f, o in zip(outs_expected, results):
        p = os.path.join(rdir, f)
        if not os.path.isfile(p):
            return fail("FAIL repeat", "$ " + fmt_cmd(rcmd), "%s not written" % f, tail(rout))
        o2 = np.load(p)
        if o2.shape != o.shape or o2.dtype != o.dtype or o2.tobytes() != o.tobytes():
            return fail("FAIL repeat", "$ " + fmt_cmd(rcmd),
                        "%s differs from the single run's (max abs diff %s)" % (
                            f, np.max(np.abs(o2.astype(np.float64) - o))
                            if o2.shape == o.shape else "shape %s" % (o2.shape,)))
    return r


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--edgec", required=True)
    ap.add_argument("--cxx", action="append", help="C++ compiler (default c++); repeatable "
                    "with --until objects")
    ap.add_argument("--opt", action="append", help="optimisation flag (default -O1); "
                    "repeatable with --until objects")
    ap.add_argument("--cxxflags", default="", help="extra flags, after the built-in ones")
    ap.add_argument("--until", choices=("edgec", "objects", "run"), default="run",
                    help="last step of each case (default run: build, run, compare)")
    ap.add_argument("--work", required=True)
    ap.add_argument("--filter", default=None, help="only cases whose name contains this")
    ap.add_argument("--jobs", type=int, default=2)
    args = ap.parse_args(argv)
    args.cxx = args.cxx or ["c++"]
    args.opt = args.opt or ["-O1"]
    args.cxxflags = shlex.split(args.cxxflags)
    if args.until == "run" and (len(args.cxx) > 1 or len(args.opt) > 1):
        ap.error("--cxx and --opt may be repeated only with --until objects")
    args.work = os.path.abspath(args.work)
    args.edgec = os.path.abspath(args.edgec) if os.sep in args.edgec else args.edgec
    os.makedirs(args.work, exist_ok=True)

    cases = make_models.build_cases(os.path.join(args.work, "models"), args.filter)
    if not cases:
        print("no case matches --filter %r" % args.filter)
        print("0 passed, 0 failed")
        return 1

    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as ex:
        futures = [ex.submit(run_case, c, args) for c in cases]
        results = []
        for c, fut in zip(cases, futures):
            try:
                results.append(fut.result())
            except Exception as e:  # never lose the summary line to a test bug
                results.append({"name": c["name"], "status": "FAIL test error", "err": None,
                                "compile_ms": None, "build_ms": None,
                                "log": ["%s: %s" % (type(e).__name__, e)]})

    def num(v, f):
        return "-" if v is None else f % v

    w = max(len(r["name"]) for r in results)
    print("%-*s  %-22s  %12s  %10s  %9s" % (w, "case", "status", "max abs err", "compile ms",
                                           "build ms"))
    print("-" * (w + 62))
    for r in results:
        print("%-*s  %-22s  %12s  %10s  %9s" % (
            w, r["name"], r["status"], num(r["err"], "%.3g"), num(r["compile_ms"], "%.0f"),
            num(r["build_ms"], "%.0f")))
    failed = [r for r in results if r["status"] != "PASS"]
    for r in failed:
        print("\n==== %s: %s ====" % (r["name"], r["status"]))
        print("\n".join(r["log"]))
    print()
    print("%d passed, %d failed" % (len(results) - len(failed), len(failed)))
    return 0 if not failed else 1


if __name__ == "__main__":
    sys.exit(main())
