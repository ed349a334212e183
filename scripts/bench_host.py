#!/usr/bin/env python3
"""Host benchmark: edgec against onnxruntime and against the theoretical lower bounds.

Usage: bench_host.py [--edgec PATH] [--repeat N] [--big-repeat N] [--models M ...] [--json OUT]
                     [--work DIR] [--cxx CXX] [--arch-flags FLAGS] [--peak-gmacs G] [--int8 [--int16] [--int8-calibration N]]

Models (default: all): `tiny_cnn` (models/tiny_cnn.onnx), `resnet50` (a ResNet-50 v1 with
random weights, written by scripts/make_resnet50.py into out/bench/ when missing), and every
entry of models/real_models.json whose file exists (`{"models": [{"name", "file", "inputs":
{"x": [1,3,224,224]}, "sample": {...}}]}`), fed the preprocessed real sample that
scripts/real_models.py wrote for it (models/third_party/samples/) when present; an input given
as a string instead of a shape names a .npy/.pb file. A --models entry may also be a path to
any .onnx file.

Per model: `edgec compile -t host --with-main` (wall time, peak RSS of the edgec process),
the emitted code's size (.cpp bytes, the model object's .text, the weight blob), the time to
build it (one g++ call per file, flags printed), the arena against its lower bound
(report.json), and the latency of the emitted code (the harness's --repeat median) against
onnxruntime (1 intra-op and 1 inter-op thread, same input, median of as many runs) and
against MACs / the single-core peak MAC rate of this machine (measured by an FMA
micro-benchmark this script compiles, or --peak-gmacs). Outputs are compared with
onnxruntime before anything is timed: a model whose outputs disagree is not timed.

With --int8 (off by default: it adds a data set, a second edgec compile and build, and
onnxruntime's quantization per model), every model that scripts/quant_data.py makes calibration
data for (tiny_cnn and the real models; not resnet50 or other .onnx files) also gets an int8 row
("NAME int8"): quant_data.py's real calibration crops (--int8-calibration, default 16),
`edgec compile --quantize int8 --calibration DATA/calibration`, built and run on the float row's
input, its SQNR against onnxruntime float and top-1 agreement reported instead of the tolerance
check, and timed (as many runs as the float row) against the float code and against onnxruntime
on the model scripts/compare_quant.py's ort_quantize makes (QDQ, per-channel, int8, MinMax, same
calibration data), 1 thread. --int16 adds a "NAME int16" row after it: the same with every
activation in int16 and int8 weights (`--int16-layers all`, TFLM's 16x8 kernels).

Prints one table and its legend; --json writes every figure. Exit status 0 iff every model
compiled, built and matched onnxruntime (and, with --int8, every int8 row compiled, built and
ran to finite outputs).
"""

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import time

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIG_MACS = 1_000_000_000     # models at or above this many MACs get --big-repeat runs
RTOL = 1e-4                  # outputs agree iff max |edgec - ort| <= RTOL * max(1, max |ort|)
INT8_RTOL = 0.1              # the same for a model quantized by its authors (QDQ): int8 rounding
CXXFLAGS = ["-std=c++17", "-O2"]   # plus --arch-flags (the emitted CMakeLists.txt's EDGEC_ARCH_FLAGS)


def default_arch_flags():
    """What the emitted CMakeLists.txt's EDGEC_ARCH_FLAGS defaults to on this machine: the host
    target's ISA level (targets/host/target.json "isa_level") where the CPU has it, else nothing.
    -ffp-contract=off keeps every float kernel's accumulation order bit-identical to the
    default-target (-O2, no -march) build: no multiply-add is fused behind the kernel's back."""
    machine = platform.machine().lower()
    if machine in ("x86_64", "amd64"):
        try:
            flags = set()
            with open("/proc/cpuinfo") as f:
                for line in f:
                    if line.startswith("flags"):
                        flags.update(line.split(":", 1)[1].split())
        except OSError:
            return ""
        return "-march=x86-64-v3 -ffp-contract=off" if {"avx2", "fma"} <= flags else ""
    if machine in ("aarch64", "arm64"):
        return "-march=armv8-a -ffp-contract=off"
    return ""


RESNET_LIMITS = {"compile_s": 10.0, "rss_mb": 2048.0}

FMA_BENCH = r"""
/* Peak multiply-accumulate rate of one core: 16 independent FMA chains. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#ifdef SCALAR
typedef float vec;
#define LANES 1
#else
typedef float vec __attribute__((vector_size(64)));
#define LANES 16
#endif
static double now(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec + 1e-9 * t.tv_nsec; }
int main(int argc, char** argv) {
  long iters = argc > 1 ? atol(argv[1]) : 1000000, reps = argc > 2 ? atol(argv[2]) : 30;
  volatile float seed = 1.0f;
  vec b = (vec){0} + seed * 0.999999f, c = (vec){0} + seed * 1e-7f;
  vec a0 = b, a1 = b + c, a2 = b + 2 * c, a3 = b + 3 * c, a4 = b + 4 * c, a5 = b + 5 * c, a6 = b + 6 * c;
  vec a7 = b + 7 * c, a8 = b - c, a9 = b - 2 * c, a10 = b - 3 * c, a11 = b - 4 * c, a12 = b - 5 * c;
  vec a13 = b - 6 * c, a14 = b - 7 * c, a15 = b - 8 * c;
  double best = 1e30;
  for (long rep = 0; rep < reps; ++rep) {
    double t0 = now(), t;
    for (long i = 0; i < iters; ++i) {
#define F(a) a = a * b + c; __asm__("" : "+v"(a));
      F(a0) F(a1) F(a2) F(a3) F(a4) F(a5) F(a6) F(a7) F(a8) F(a9) F(a10) F(a11) F(a12) F(a13) F(a14) F(a15)
    }
    t = now() - t0;
    if (t < best) best = t;
  }
  vec s = a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11 + a12 + a13 + a14 + a15;
  float sum = 0;
  for (int l = 0; l < LANES; ++l) sum += ((float*)&s)[l];
  printf("%.6e %g\n", 16.0 * LANES * iters / best, (double)sum);
  return 0;
}
"""


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def run(cmd, timeout=None, cwd=None):
    """Runs cmd; returns (returncode, combined output, wall seconds)."""
    t0 = time.perf_counter()
    try:
        p = subprocess.run(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=timeout)
        return p.returncode, p.stdout.decode(errors="replace"), time.perf_counter() - t0
    except subprocess.TimeoutExpired:
        return "timeout", "timed out after %s s" % timeout, time.perf_counter() - t0


# Peak RSS: a child's ru_maxrss survives exec, so a child of this (large: numpy, onnxruntime,
# models) process would report at least this process's RSS. A tiny interpreter (-S -I, no
# imports beyond os/sys/signal/time) forks edgec instead and writes edgec's own wall time and
# ru_maxrss; the floor this leaves is that interpreter's few MiB, not this process's.
RUSAGE_WRAPPER = r"""
import os, signal, sys, time
result, timeout, cmd = sys.argv[1], float(sys.argv[2]), sys.argv[3:]
t0 = time.perf_counter()
pid = os.fork()
if pid == 0:
    try:
        os.execvp(cmd[0], cmd)
    finally:
        os._exit(127)
signal.signal(signal.SIGALRM, lambda *_: os.kill(pid, signal.SIGKILL))
signal.setitimer(signal.ITIMER_REAL, timeout)
_, status, usage = os.wait4(pid, 0)
wall = time.perf_counter() - t0
with open(result, "w") as f:
    f.write("%d %.6f %d\n" % (os.waitstatus_to_exitcode(status), wall, usage.ru_maxrss))
"""


def run_measured(cmd, log_path, timeout):
    """Runs cmd with output to log_path; returns (returncode, wall s, peak RSS MiB) of cmd itself."""
    result = log_path + ".rusage"
    with open(log_path, "wb") as out:
        p = subprocess.run([sys.executable, "-S", "-I", "-c", RUSAGE_WRAPPER, result, str(timeout), *cmd],
                           stdout=out, stderr=subprocess.STDOUT)
    if p.returncode != 0 or not os.path.isfile(result):
        return "wrapper rc %s" % p.returncode, 0.0, 0.0
    rc, wall, maxrss_kib = open(result).read().split()
    return int(rc), float(wall), int(maxrss_kib) / 1024.0  # ru_maxrss is KiB on Linux


def tail(path_or_text, n=15):
    text = open(path_or_text, errors="replace").read() if os.path.isfile(path_or_text) else path_or_text
    return "\n".join(text.rstrip().splitlines()[-n:])


# ---------------------------------------------------------------------------------------------
# The single-core peak MAC rate


def measure_peak(work, cc):
    """Returns a dict: vector (FMA, -march=native) and scalar (-O2 default target) MAC/s."""
    os.makedirs(work, exist_ok=True)
    src = os.path.join(work, "fma_peak.c")
    with open(src, "w") as f:
        f.write(FMA_BENCH)
    result = {"method": "measured", "compiler": cc}
    for kind, flags in (("vector", ["-O2", "-march=native", "-ffp-contract=fast"]),
                        ("scalar", ["-O2", "-DSCALAR"])):
        exe = os.path.join(work, "fma_peak_" + kind)
        rc, out, _ = run([cc, *flags, src, "-o", exe], timeout=120)
        if rc != 0:
            raise RuntimeError("cannot build the FMA micro-benchmark: " + tail(out))
        rc, out, _ = run([exe, "1000000", "40"], timeout=120)
        if rc != 0:
            raise RuntimeError("the FMA micro-benchmark failed: " + tail(out))
        result[kind + "_macs_per_s"] = float(out.split()[0])
        result[kind + "_flags"] = " ".join(flags)
    return result


def derived_peak():
    """Fallback: lanes x FMA pipes x clock, from /proc/cpuinfo (assumes 2 FMA pipes)."""
    flags, mhz = "", 0.0
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("flags") and not flags:
                flags = line
            if line.startswith("cpu MHz") and not mhz:
                mhz = float(line.split(":")[1])
    lanes = 16 if " avx512f" in flags else 8 if " avx" in flags else 4
    return {"method": "derived: %d float lanes x 2 FMA pipes x %.0f MHz (/proc/cpuinfo)" % (lanes, mhz),
            "vector_macs_per_s": lanes * 2 * mhz * 1e6}


# ---------------------------------------------------------------------------------------------
# Models


def c_name(name):
    s = re.sub(r"[^A-Za-z0-9_]", "_", name)
    return s if re.match(r"[A-Za-z_]", s) else "m_" + s


def load_manifest(path):
    """Real pretrained models whose files exist: list of dicts (name, path, shapes, files)."""
    if not os.path.isfile(path):
        return [], []
    with open(path) as f:
        manifest = json.load(f)
    try:  # the manifest's own helper names each model's preprocessed sample (a real picture)
        sys.path.insert(0, os.path.join(ROOT, "scripts"))
        import real_models
    except ImportError:
        real_models = None
    found, missing = [], []
    for entry in manifest.get("models", []):
        model_path = os.path.join(ROOT, entry["file"])
        if not os.path.isfile(model_path):
            missing.append(entry.get("name", entry["file"]))
            continue
        shapes, files = {}, {}
        for key, val in (entry.get("inputs") or {}).items():
            if isinstance(val, str):
                files[key] = os.path.join(ROOT, val)
            else:
                shapes[key] = [int(d) for d in val]
        if real_models is not None and "sample" in entry:
            for key in shapes:
                sample = real_models.sample_path(entry, key)
                if sample.is_file():
                    files[key] = str(sample)
        found.append({"name": entry.get("name") or os.path.splitext(os.path.basename(model_path))[0],
                      "path": model_path, "shapes": shapes, "files": files, "real": True})
    # Audio, byte and utterance models (random inputs of their shapes; --bind values fixed), and the two
    # big stages of each pipeline.
    extra = [(m["name"], m["file"], m["inputs"], m.get("bind", {}), RTOL) for m in manifest.get("stream_models", [])]
    extra += [(m["name"], m["file"], {m["input"]: [1, 2048]}, {}, RTOL) for m in manifest.get("byte_models", [])]
    # An int8 (QDQ) model agrees with onnxruntime to int8 rounding, not to float's RTOL.
    extra += [(m["name"], m["file"], {m["input"]: m["shape"]}, {}, INT8_RTOL) for m in manifest.get("utterance_models", [])]
    for p in manifest.get("pipelines", []):
        extra += [(p["name"] + "_features", p["features"], {"input": [1, 64000]}, {}, RTOL),
                  (p["name"] + "_embedding", p["embedding"], {"input_1": [41, 76, 32, 1]}, {}, RTOL)]
    for name, file, inputs, binds, rtol in extra:
        model_path = os.path.join(ROOT, file)
        if not os.path.isfile(model_path):
            missing.append(name)
            continue
        found.append({"name": name, "path": model_path, "shapes": {k: [int(d) for d in v] for k, v in inputs.items()},
                      "files": {}, "binds": binds, "rtol": rtol, "real": True})
    return found, missing


def resolve_models(args, work):
    real, missing = load_manifest(args.manifest)
    builtin = {
        "tiny_cnn": {"name": "tiny_cnn", "path": os.path.join(ROOT, "models", "tiny_cnn.onnx")},
        "resnet50": {"name": "resnet50", "path": os.path.join(ROOT, "out", "bench", "resnet50.onnx"),
                     "generate": True},
    }
    by_name = dict(builtin)
    by_name.update({m["name"]: m for m in real})
    wanted = args.models or (list(builtin) + [m["name"] for m in real])
    models = []
    for w in wanted:
        if w in by_name:
            m = dict(by_name[w])
        elif w.endswith(".onnx") and os.path.isfile(w):
            m = {"name": os.path.splitext(os.path.basename(w))[0], "path": os.path.abspath(w)}
        else:
            raise SystemExit("bench_host.py: unknown model %r (known: %s, or a path to an .onnx file)"
                             % (w, ", ".join(by_name)))
        m.setdefault("shapes", {})
        m.setdefault("files", {})
        models.append(m)
    return models, missing


def make_resnet(path):
    log("== generating %s with scripts/make_resnet50.py" % os.path.relpath(path, ROOT))
    rc, out, _ = run([sys.executable, os.path.join(ROOT, "scripts", "make_resnet50.py"), "--out", path],
                     timeout=600)
    if rc != 0:
        raise RuntimeError("make_resnet50.py failed:\n" + tail(out))


def read_input_file(path):
    if path.endswith(".npy"):
        return np.load(path)
    import onnx
    from onnx import numpy_helper
    t = onnx.TensorProto()
    with open(path, "rb") as f:
        t.ParseFromString(f.read())
    return numpy_helper.to_array(t)


ORT_DTYPES = {"tensor(float)": np.float32, "tensor(double)": np.float64, "tensor(int64)": np.int64,
              "tensor(int32)": np.int32, "tensor(uint8)": np.uint8, "tensor(int8)": np.int8,
              "tensor(bool)": np.bool_, "tensor(float16)": np.float16}


def make_inputs(sess, model, mdir, seed):
    """Returns (feeds, harness paths, --input-shape args, description of where inputs came from)."""
    rng = np.random.default_rng(seed)
    feeds, paths, shape_args, origin = {}, [], [], []
    for i, inp in enumerate(sess.get_inputs()):
        dtype = ORT_DTYPES.get(inp.type)
        if dtype is None:
            raise RuntimeError("input %s has unsupported type %s" % (inp.name, inp.type))
        if inp.name in model.get("binds", {}):
            # Fixed at compile time: onnxruntime gets the value, the harness no input.
            feeds[inp.name] = np.array(model["binds"][inp.name], dtype=dtype)
            shape_args += ["--bind", "%s=%s" % (inp.name, model["binds"][inp.name])]
            continue
        symbolic = any(not isinstance(d, int) or d < 0 for d in inp.shape)
        if inp.name in model["files"]:
            path = model["files"][inp.name]
            x = read_input_file(path).astype(dtype)
            origin.append("file " + os.path.relpath(path, ROOT))
        else:
            shape = model["shapes"].get(inp.name) or [d if isinstance(d, int) and d >= 0 else 1 for d in inp.shape]
            if np.issubdtype(dtype, np.floating):
                x = rng.standard_normal(shape).astype(dtype)
            elif dtype == np.bool_:
                x = rng.integers(0, 2, shape).astype(dtype)
            else:
                x = rng.integers(0, 10, shape).astype(dtype)
            path = os.path.join(mdir, "input_%d.npy" % i)
            np.save(path, x)
            origin.append("random seed %d" % seed)
        feeds[inp.name] = x
        paths.append(path)
        if symbolic or inp.name in model["shapes"] or model.get("real"):
            shape_args += ["--input-shape", "%s=%s" % (inp.name, "x".join(str(d) for d in x.shape))]
    return feeds, paths, shape_args, sorted(set(origin))


def text_bytes(obj):
    """Bytes of the .text sections of an object file (`size -A`)."""
    rc, out, _ = run(["size", "-A", obj], timeout=60)
    if rc != 0:
        return None
    total = 0
    for line in out.splitlines():
        parts = line.split()
        if len(parts) >= 2 and (parts[0] == ".text" or parts[0].startswith(".text.")) and parts[1].isdigit():
            total += int(parts[1])
    return total


class Failed(Exception):
    """A step of a row failed: args are (status, detail)."""


def failed(r, e):
    r["status"], r["detail"] = e.args
    log("   %s: %s" % e.args)
    return r


def repeats(args, macs):
    """Timed runs for a model of `macs` MACs: --repeat, or --big-repeat for big ones."""
    return args.repeat if macs < BIG_MACS else min(args.repeat, args.big_repeat)


def ort_session(ort, path):
    """onnxruntime on one core: 1 intra-op and 1 inter-op thread, sequential execution."""
    opts = ort.SessionOptions()
    opts.intra_op_num_threads = 1
    opts.inter_op_num_threads = 1
    opts.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    return ort.InferenceSession(str(path), sess_options=opts, providers=["CPUExecutionProvider"])


def compile_and_build(model, name, rdir, shape_args, args, r, extra=()):
    """`edgec compile -t host --with-main` (+ extra) into rdir/gen, then the build in rdir/build;
    fills r with the compile's, the report's and the build's figures; returns the harness."""
    gen = os.path.join(rdir, "gen")
    cmd = [args.edgec, "compile", model["path"], "-t", "host", "-o", gen, "--with-main", "--name", name,
           *extra, *shape_args]
    log("== %s: $ %s" % (r["model"], " ".join(os.path.relpath(c, ROOT) if c.startswith(ROOT) else c
                                                for c in cmd)))
    # 1. edgec compile: wall time and the edgec process's peak RSS.
    rc, wall, rss = run_measured(cmd, os.path.join(rdir, "compile.log"), args.compile_timeout)
    r["compile_s"], r["compile_rss_mb"] = wall, rss
    if rc != 0:
        raise Failed("compile failed (rc %s)" % rc, tail(os.path.join(rdir, "compile.log")))
    with open(os.path.join(gen, "report.json")) as f:
        report = json.load(f)
    r["macs"] = int(report["totals"]["macs"])
    r["params"] = int(report["totals"]["params"])
    r["kernel_calls"] = len(report["layers"])
    r["arena_bytes"] = int(report["memory"]["arena_bytes"])
    r["arena_lower_bound_bytes"] = int(report["memory"]["lower_bound_bytes"])
    r["arena_ratio"] = r["arena_bytes"] / r["arena_lower_bound_bytes"] if r["arena_lower_bound_bytes"] else None
    r["cpp_bytes"] = os.path.getsize(os.path.join(gen, name + ".cpp"))
    r["weights_bytes"] = os.path.getsize(os.path.join(gen, name + "_weights.bin"))

    # 2. build the emitted code: one compiler call per file, then a link.
    bdir = os.path.join(rdir, "build")
    os.makedirs(bdir)
    objs = {"model": os.path.join(bdir, name + ".o"), "main": os.path.join(bdir, "main.o"),
            "weights": os.path.join(bdir, name + "_weights.o")}
    exe = os.path.join(bdir, name + "_main")
    flags = CXXFLAGS + args.arch_flags.split()
    steps = [("model", [args.cxx, *flags, "-I", gen, "-c", os.path.join(gen, name + ".cpp"), "-o", objs["model"]]),
             ("main", [args.cxx, *flags, "-I", gen, "-c", os.path.join(gen, "main.cpp"), "-o", objs["main"]]),
             ("weights", [args.cxx, "-c", "-x", "assembler-with-cpp", os.path.join(gen, name + "_weights.S"),
                          "-Wa,-I," + gen, "-o", objs["weights"]]),
             ("link", [args.cxx, objs["model"], objs["main"], objs["weights"], "-o", exe])]
    r["build_s"] = {}
    for step, bcmd in steps:
        rc, out, secs = run(bcmd, timeout=args.build_timeout)
        r["build_s"][step] = secs
        if rc != 0:
            raise Failed("build failed at %s (rc %s)" % (step, rc), "$ " + " ".join(bcmd) + "\n" + tail(out))
    r["build_total_s"] = sum(r["build_s"].values())
    r["model_text_bytes"] = text_bytes(objs["model"])
    return exe


def run_harness(exe, in_paths, res, n_outputs, args):
    """One inference by the harness; returns its outputs."""
    rc, out, _ = run([exe, *in_paths, "-o", res], timeout=args.run_timeout)
    if rc != 0:
        raise Failed("harness failed (rc %s)" % rc, tail(out))
    return [np.load(os.path.join(res, "output_%d.npy" % k)) for k in range(n_outputs)]


def time_harness(exe, in_paths, res, repeat, args):
    """The harness's --repeat median and min, in ms."""
    rc, out, _ = run([exe, *in_paths, "-o", res, "--repeat", str(repeat)], timeout=args.run_timeout + 60 * repeat)
    m = re.search(r"latency over (\d+) runs: median ([0-9.]+) us, min ([0-9.]+) us", out)
    if rc != 0 or not m:
        raise Failed("harness --repeat failed (rc %s)" % rc, tail(out))
    return float(m.group(2)) / 1e3, float(m.group(3)) / 1e3


def time_ort(sess, feeds, repeat):
    """Median and min of `repeat` onnxruntime runs, in ms (the caller made an untimed run)."""
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        sess.run(None, feeds)
        times.append(time.perf_counter() - t0)
    return statistics.median(times) * 1e3, min(times) * 1e3


def bench_model(model, args, peak, ort, ctx):
    """The float row. Leaves in ctx what the int8 row reuses (session, inputs, onnxruntime's outputs)."""
    name = c_name(model["name"])
    mdir = os.path.join(args.work, name)
    shutil.rmtree(mdir, ignore_errors=True)
    os.makedirs(mdir)
    r = {"model": model["name"], "file": os.path.relpath(model["path"], ROOT), "status": "ok"}
    rtol = model.get("rtol", RTOL)

    if model.get("generate") and not os.path.isfile(model["path"]):
        make_resnet(model["path"])

    sess = ort_session(ort, model["path"])
    feeds, in_paths, shape_args, origin = make_inputs(sess, model, mdir, args.seed)
    r["inputs"] = {k: list(v.shape) for k, v in feeds.items()}
    r["input_origin"] = origin
    r["input_kind"] = "sample" if any(o.startswith("file") for o in origin) else "random"
    refs = sess.run(None, feeds)
    ctx.update(name=name, mdir=mdir, sess=sess, feeds=feeds, in_paths=in_paths, shape_args=shape_args, refs=refs)
    try:
        exe = compile_and_build(model, name, mdir, shape_args, args, r)

        # 3. correctness first: one inference, compared with onnxruntime.
        res = os.path.join(mdir, "result")
        outs = run_harness(exe, in_paths, res, len(refs), args)
        worst, ok = 0.0, True
        for k, (got, ref) in enumerate(zip(outs, refs)):
            if got.shape != ref.shape:
                raise Failed("mismatch", "output %d: shape %s, onnxruntime %s" % (k, list(got.shape), list(ref.shape)))
            ref64 = ref.astype(np.float64)
            err = float(np.max(np.abs(got.astype(np.float64) - ref64))) if ref.size else 0.0
            if not np.isfinite(err):
                err = float("inf")
            worst = max(worst, err)
            ok &= err <= rtol * max(1.0, float(np.max(np.abs(ref64))) if ref.size else 1.0)
        r["max_abs_err"] = worst
        if not ok:
            raise Failed("mismatch", "max |edgec - onnxruntime| = %.3g exceeds %g x max(1, max |ref|): not timed"
                         % (worst, rtol))

        # 4. latency: the harness's --repeat median; onnxruntime's median over as many runs.
        r["repeat"] = repeat = repeats(args, r["macs"])
        r["edgec_ms"], r["edgec_min_ms"] = time_harness(exe, in_paths, res, repeat, args)
        r["ort_ms"], r["ort_min_ms"] = time_ort(sess, feeds, repeat)
    except Failed as e:
        return failed(r, e)
    r["edgec_vs_ort"] = r["edgec_ms"] / r["ort_ms"]
    r["bound_ms"] = r["macs"] / peak["vector_macs_per_s"] * 1e3
    if r["bound_ms"] > 0:
        r["edgec_vs_bound"] = r["edgec_ms"] / r["bound_ms"]
        r["ort_vs_bound"] = r["ort_ms"] / r["bound_ms"]
    log("   compile %.2f s, %.0f MiB; build %.1f s; edgec %.3f ms, onnxruntime %.3f ms; max err %.2g"
        % (r["compile_s"], r["compile_rss_mb"], r["build_total_s"], r["edgec_ms"], r["ort_ms"], worst))
    return r


# ---------------------------------------------------------------------------------------------
# Int8 rows


def int8_entry(model):
    """quant_data.py's entry for a model it makes calibration data for, else None."""
    if os.path.join(ROOT, "scripts") not in sys.path:
        sys.path.insert(0, os.path.join(ROOT, "scripts"))
    import quant_data
    if model["name"] not in quant_data.KINDS:
        return None
    entry = quant_data.models().get(model["name"])
    if entry is None or os.path.realpath(str(entry["path"])) != os.path.realpath(model["path"]):
        return None
    return entry


def bench_int8(model, entry, args, ort, fr, ctx, int16=False):
    """The int8 row of a model whose float row `fr` left ctx: edgec's int8 code and onnxruntime's
    quantize_static model, on the float row's input, against onnxruntime's float outputs. With
    int16: the "NAME int16" row, edgec with every activation in int16 (--int16-layers all), and
    no onnxruntime model of its own (the int8 row has it)."""
    import pathlib
    import types
    import compare_quant
    import quant_data
    variant = "int16" if int16 else "int8"
    r = {"model": model["name"] + " " + variant, "file": fr["file"], "status": "ok", "int8": True,
         "inputs": fr["inputs"], "input_origin": fr["input_origin"], "input_kind": fr["input_kind"]}
    name, mdir, feeds, refs = ctx["name"], ctx["mdir"], ctx["feeds"], ctx["refs"]
    output_names = [o.name for o in ctx["sess"].get_outputs()]
    try:
        # 1. calibration data: real crops, as quant_data.py makes them (one eval sample: unused).
        data = pathlib.Path(mdir) / "data"
        t0 = time.perf_counter()
        if not (data / "calibration").is_dir():
            quant_data.make(model["name"], data, args.int8_calibration, 1, quiet=True)
        r["data_s"] = time.perf_counter() - t0
        cal_files = compare_quant.sample_files(data / "calibration")
        r["calibration_samples"] = len(cal_files)

        # 2. edgec --quantize int8: compiled and built like the float code, run on the same input.
        rdir = os.path.join(mdir, variant)
        os.makedirs(rdir)
        exe = compile_and_build(model, name, rdir, ctx["shape_args"], args, r,
                                extra=["--quantize", "int8", "--calibration", str(data / "calibration")]
                                + (["--int16-layers", "all"] if int16 else []))
        res = os.path.join(rdir, "result")
        outs = run_harness(exe, ctx["in_paths"], res, len(refs), args)
        if not all(np.all(np.isfinite(o)) for o in outs):
            raise Failed("non-finite outputs", "edgec's int8 code wrote NaN or inf")
        r["outputs"] = compare_quant.metrics(entry, output_names, [refs], [outs])
        bad = [o for o in r["outputs"] if "error" in o]
        if bad:
            raise Failed("mismatch", "output %s: %s" % (bad[0]["output"], bad[0]["error"]))
        r["sqnr_db"] = min(o["sqnr_db"] for o in r["outputs"])
        r["top1_agreement"] = r["outputs"][0].get("top1_agreement")
        if fr.get("weights_bytes"):
            r["float_weights_bytes"] = fr["weights_bytes"]
            r["weights_vs_float"] = r["weights_bytes"] / fr["weights_bytes"]
        if fr.get("arena_bytes"):
            r["float_arena_bytes"] = fr["arena_bytes"]

        # 3. latency, as many runs as the float row.
        r["repeat"] = repeat = fr.get("repeat") or repeats(args, r["macs"])
        r["edgec_ms"], r["edgec_min_ms"] = time_harness(exe, ctx["in_paths"], res, repeat, args)
    except Failed as e:
        return failed(r, e)
    if fr.get("edgec_ms"):
        r["edgec_float_ms"] = fr["edgec_ms"]
        r["int8_vs_float"] = r["edgec_ms"] / fr["edgec_ms"]

    # 4. onnxruntime int8: compare_quant.py's quantize_static (QDQ, per-channel, MinMax, int8),
    # same calibration data, timed like the float model. Its failure is noted, not a failure.
    if int16:
        log("   int16: edgec %.3f ms (float %s ms); SQNR %.1f dB" % (r["edgec_ms"], ms(r.get("edgec_float_ms")),
                                                                 r["sqnr_db"]))
        return r
    try:
        qargs = types.SimpleNamespace(ort_method="MinMax", activation_type="QInt8", weight_type="QInt8",
                                      ort_extra=[])
        odir = pathlib.Path(mdir) / "ort_int8"
        odir.mkdir()
        qpath, r["ort_int8_notes"] = compare_quant.ort_quantize(entry, cal_files, list(feeds), odir, qargs)
        r["ort_int8_onnx_bytes"] = os.path.getsize(qpath)
        qsess = ort_session(ort, qpath)
        r["ort_int8_outputs"] = compare_quant.metrics(entry, output_names, [refs], [qsess.run(None, feeds)])
        r["ort_sqnr_db"] = min(o.get("sqnr_db", float("nan")) for o in r["ort_int8_outputs"])
        r["ort_ms"], r["ort_min_ms"] = time_ort(qsess, feeds, r["repeat"])
        r["edgec_vs_ort"] = r["edgec_ms"] / r["ort_ms"]
    except Exception as e:
        r["ort_int8_status"] = "not available: %s: %s" % (type(e).__name__, compare_quant.first_line(e))
        log("   onnxruntime int8 %s" % r["ort_int8_status"])
    log("   int8: edgec %.3f ms (float %s ms), onnxruntime int8 %s ms; SQNR %.1f dB"
        % (r["edgec_ms"], ms(r.get("edgec_float_ms")), ms(r.get("ort_ms")), r["sqnr_db"]))
    return r


# ---------------------------------------------------------------------------------------------
# Output


def si(n):
    for div, suffix in ((1e9, "G"), (1e6, "M"), (1e3, "k")):
        if n >= div:
            return "%.3g%s" % (n / div, suffix)
    return "%d" % n


def ms(x):
    return "-" if x is None else "%.4g" % x


def ratio(x):
    return "-" if x is None else ("%.3g" % x) + "x"


COLUMNS = [
    ("model", lambda r: r["model"]),
    ("input", lambda r: r.get("input_kind", "-")),
    ("MACs", lambda r: si(r["macs"]) if "macs" in r else "-"),
    ("params", lambda r: si(r["params"]) if "params" in r else "-"),
    ("compile s", lambda r: "%.2f" % r["compile_s"] if "compile_s" in r else "-"),
    ("RSS MiB", lambda r: "%.0f" % r["compile_rss_mb"] if "compile_rss_mb" in r else "-"),
    (".cpp KiB", lambda r: "%.1f" % (r["cpp_bytes"] / 1024) if "cpp_bytes" in r else "-"),
    (".text KiB", lambda r: "%.1f" % (r["model_text_bytes"] / 1024) if r.get("model_text_bytes") is not None else "-"),
    ("weights MiB", lambda r: "%.2f" % (r["weights_bytes"] / 2**20) if "weights_bytes" in r else "-"),
    ("build s", lambda r: "%.1f" % r["build_total_s"] if "build_total_s" in r else "-"),
    ("model.o s", lambda r: "%.2f" % r["build_s"]["model"] if "build_total_s" in r else "-"),
    ("arena KiB", lambda r: "%.1f" % (r["arena_bytes"] / 1024) if "arena_bytes" in r else "-"),
    ("LB KiB", lambda r: "%.1f" % (r["arena_lower_bound_bytes"] / 1024) if "arena_bytes" in r else "-"),
    ("arena/LB", lambda r: "%.2fx" % r["arena_ratio"] if r.get("arena_ratio") else "-"),
    ("runs", lambda r: str(r["repeat"]) if "repeat" in r else "-"),
    ("edgec ms", lambda r: ms(r.get("edgec_ms"))),
    ("ORT ms", lambda r: ms(r.get("ort_ms"))),
    ("edgec/ORT", lambda r: ratio(r.get("edgec_vs_ort"))),
    ("bound ms", lambda r: ms(r.get("bound_ms"))),
    ("edgec/bound", lambda r: ratio(r.get("edgec_vs_bound"))),
    ("ORT/bound", lambda r: ratio(r.get("ort_vs_bound"))),
    ("max err", lambda r: "%.2g" % r["max_abs_err"] if "max_abs_err" in r else "-"),
    ("status", lambda r: r["status"]),
]


def top1(r):
    a = r.get("top1_agreement")
    if a is None:
        return "-"
    return ("yes" if a == 1 else "no") if r["outputs"][0].get("top1_positions") == 1 else "%.0f%%" % (100 * a)


# With --int8: appended after "max err" (before "status"); "-" on the float rows.
INT8_COLUMNS = [
    ("float ms", lambda r: ms(r.get("edgec_float_ms"))),
    ("int8/float", lambda r: ratio(r.get("int8_vs_float"))),
    ("w int8/float", lambda r: ratio(r.get("weights_vs_float"))),
    ("SQNR dB", lambda r: "%.1f" % r["sqnr_db"] if "sqnr_db" in r else "-"),
    ("ORT SQNR", lambda r: "%.1f" % r["ort_sqnr_db"] if "ort_sqnr_db" in r else "-"),
    ("top-1", top1),
]


def table(results, int8=False):
    columns = COLUMNS[:-1] + INT8_COLUMNS + COLUMNS[-1:] if int8 else COLUMNS
    rows = [[h for h, _ in columns]] + [[f(r) for _, f in columns] for r in results]
    widths = [max(len(row[i]) for row in rows) for i in range(len(columns))]
    lines = []
    for k, row in enumerate(rows):
        cells = [c.ljust(w) if columns[i][0] in ("model", "input", "status") else c.rjust(w)
                 for i, (c, w) in enumerate(zip(row, widths))]
        lines.append("  ".join(cells).rstrip())
        if k == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def legend(args, peak, cxx_version, results):
    vec = peak["vector_macs_per_s"] / 1e9
    lines = [
        "Machine: %s, %s, %d logical CPUs; onnxruntime %s; %s." % (
            platform.node(), cpu_model(), os.cpu_count() or 0, ort_version(), cxx_version),
        "MACs, params: edgec's report.json (after BatchNorm folding). compile s / RSS MiB: wall time and peak",
        "  resident memory (its own ru_maxrss, forked by a tiny wrapper so this script's memory is not counted)",
        "  of the `edgec compile -t host --with-main` process. .cpp KiB: the emitted schedule;",
        "  .text KiB: the model object's .text sections (`size -A`); weights MiB: the linked blob (_weights.bin).",
        "build s: %s -c NAME.cpp, -c main.cpp, -c NAME_weights.S (assembler-with-cpp, .incbin), link;" % " ".join([args.cxx] + CXXFLAGS + args.arch_flags.split()),
        "  (--arch-flags: %s, what the emitted CMakeLists.txt's EDGEC_ARCH_FLAGS defaults to here);" % (repr(args.arch_flags) if args.arch_flags else "none, the default target"),
        "  model.o s: NAME.cpp -> NAME.o alone",
        "  (the rest is mostly the harness, main.cpp, and the .incbin of the blob).",
        "arena KiB / LB KiB: the planned arena and its lower bound (largest sum of simultaneously live buffers).",
        "edgec ms: median of `runs` timed calls of NAME_run in the harness (--repeat, after one untimed run);",
        "  ORT ms: median of as many onnxruntime runs, 1 intra-op and 1 inter-op thread, default graph",
        "  optimisations, same input, after one untimed run. Models of >= %s MACs get %d runs (--big-repeat)," % (si(BIG_MACS), args.big_repeat),
        "  the others %d (--repeat)." % args.repeat,
        "bound ms: MACs / %.1f GMAC/s, the single-core peak of this machine," % vec,
        "  %s." % peak_method(peak),
        "edgec/ORT, edgec/bound, ORT/bound: latency ratios (1x at the bound; above 1x is slower).",
    ]
    if "scalar_macs_per_s" in peak:
        lines.append("  (For scale: scalar multiply-add without FMA, %s, peaks at %.2f GMAC/s; the reference" % (
            peak["scalar_flags"], peak["scalar_macs_per_s"] / 1e9))
        lines.append("  kernels are scalar loops, built with the flags above.)")
    lines += [
        "max err: max |edgec - onnxruntime| over the outputs; a model is timed only if it is <= %g x max(1, max |ref|)"
        " (%g for a model its authors quantized to int8)." % (RTOL, INT8_RTOL),
        "Inputs: seeded standard-normal (seed %d), except the real models' preprocessed sample pictures" % args.seed,
        "  (models/third_party/samples/, written by scripts/real_models.py) where present.",
    ]
    if args.int8:
        lines += int8_legend(args, results)
    for r in results:
        if r["model"] == "resnet50" and "compile_s" in r:
            ok = r["compile_s"] < RESNET_LIMITS["compile_s"] and r["compile_rss_mb"] < RESNET_LIMITS["rss_mb"]
            lines.append("ResNet-50 limits: compile %.2f s (< %.0f s), peak RSS %.0f MiB (< %.0f MiB): %s." % (
                r["compile_s"], RESNET_LIMITS["compile_s"], r["compile_rss_mb"], RESNET_LIMITS["rss_mb"],
                "met" if ok else "NOT MET"))
    return "\n".join(lines)


def int8_legend(args, results):
    lines = [
        "int8 rows (--int8), for the models scripts/quant_data.py makes calibration data for: `edgec compile",
        "  --quantize int8 --calibration DATA/calibration` (%d real calibration crops, quant_data.py make NAME" % args.int8_calibration,
        "  --calibration %d, in WORK/NAME/data), built like the float code and run on the float row's input." % args.int8_calibration,
        "  Columns as in the float rows, of the int8 code (weights MiB: its blob; arena KiB: its arena), except:",
        "  edgec ms: the int8 code; ORT ms: onnxruntime on its own int8 model (scripts/compare_quant.py's",
        "  ort_quantize: quant_pre_process, then quantize_static, QDQ, per-channel int8 weights, int8",
        "  activations, MinMax over the same calibration samples), 1 thread, timed like the float model;",
        "  edgec/ORT: edgec int8 / onnxruntime int8; float ms: the float row's edgec ms; int8/float: edgec",
        "  int8 ms / edgec float ms; w int8/float: the weight blobs' sizes, int8 / float. No bound, no max err:",
        "  SQNR dB: 10 log10(sum ref^2 / sum (ref - int8)^2) against onnxruntime's float outputs (the lowest",
        "  over the outputs), of edgec's int8 code; ORT SQNR: the same of onnxruntime's int8 model; top-1:",
        "  whether edgec int8's argmax over the classes agrees with float's (a recogniser's [1, steps, classes]:",
        "  the share of steps that agree; detectors' outputs: -). One input: SQNR and top-1 are indications,",
        "  not an accuracy (scripts/compare_quant.py measures that over held-out data). No threshold: an int8",
        "  row fails only if a step fails (compile, build, harness, non-finite outputs).",
    ]
    skipped = [r["model"] for r in results if r.get("int8_skipped")]
    if skipped:
        lines.append("  No int8 row (no calibration data from quant_data.py): %s." % ", ".join(skipped))
    for r in results:
        if r.get("ort_int8_status"):
            lines.append("  %s: onnxruntime int8 %s." % (r["model"], r["ort_int8_status"]))
        for note in r.get("ort_int8_notes") or []:
            lines.append("  %s: onnxruntime int8: %s." % (r["model"], note))
    return lines


def peak_method(peak):
    if peak["method"] == "measured":
        return "measured by a 16-chain FMA micro-benchmark (%s %s, 16 float lanes, best of 40)" % (
            peak["compiler"], peak["vector_flags"])
    return peak["method"]


def cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def ort_version():
    import onnxruntime
    return onnxruntime.__version__


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--edgec", default=os.path.join(ROOT, "build", "tools", "edgec"))
    ap.add_argument("--repeat", type=int, default=20, help="timed runs per model (default 20)")
    ap.add_argument("--big-repeat", type=int, default=3,
                    help="timed runs for models of >= 1 G MACs (default 3: a reference-kernel ResNet-50 "
                         "inference takes seconds)")
    ap.add_argument("--models", nargs="+", help="tiny_cnn, resnet50, names from models/real_models.json, "
                                                "or .onnx paths (default: all)")
    ap.add_argument("--json", help="write every figure here")
    ap.add_argument("--work", default=os.path.join(ROOT, "out", "bench"))
    ap.add_argument("--manifest", default=os.path.join(ROOT, "models", "real_models.json"))
    ap.add_argument("--cxx", default=os.environ.get("CXX", "g++"))
    ap.add_argument("--arch-flags", default=None,
                    help="ISA flags added to the emitted code's build (default: what the emitted CMakeLists.txt's "
                         "EDGEC_ARCH_FLAGS defaults to on this machine, '-march=x86-64-v3 -ffp-contract=off' where "
                         "/proc/cpuinfo has avx2 and fma; '' for the default target)")
    ap.add_argument("--cc", default=os.environ.get("CC", "gcc"), help="compiler for the FMA micro-benchmark")
    ap.add_argument("--peak-gmacs", type=float, help="use this single-core peak (GMAC/s) instead of measuring")
    ap.add_argument("--int8", action="store_true",
                    help="also an int8 row per model with quant_data.py calibration data: edgec --quantize int8 "
                         "against edgec float and onnxruntime int8 (quantize_static)")
    ap.add_argument("--int16", action="store_true",
                    help="with --int8, also an int16 row per model: every activation int16, weights int8 "
                         "(--int16-layers all, 16x8 kernels)")
    ap.add_argument("--int8-calibration", type=int, default=16,
                    help="calibration samples for the int8 rows (default 16)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--compile-timeout", type=float, default=600)
    ap.add_argument("--build-timeout", type=float, default=900)
    ap.add_argument("--run-timeout", type=float, default=300)
    args = ap.parse_args()
    args.work = os.path.abspath(args.work)
    if args.arch_flags is None:
        args.arch_flags = default_arch_flags()
    log("emitted code built with: %s" % " ".join([args.cxx] + CXXFLAGS + args.arch_flags.split()))
    if not os.path.isfile(args.edgec):
        raise SystemExit("bench_host.py: no edgec at %s (build it: bash scripts/build.sh edgec)" % args.edgec)
    import onnxruntime as ort

    models, missing = resolve_models(args, args.work)
    if missing:
        log("note: real models listed in %s but not present (skipped): %s" % (
            os.path.relpath(args.manifest, ROOT), ", ".join(missing)))
    os.makedirs(args.work, exist_ok=True)

    if args.peak_gmacs:
        peak = {"method": "given with --peak-gmacs", "vector_macs_per_s": args.peak_gmacs * 1e9}
    else:
        try:
            peak = measure_peak(os.path.join(args.work, "peak"), args.cc)
        except RuntimeError as e:
            log("note: %s; deriving the peak from /proc/cpuinfo instead" % e)
            peak = derived_peak()
    log("single-core peak: %.1f GMAC/s (%s)" % (peak["vector_macs_per_s"] / 1e9, peak_method(peak)))
    cxx_version = run([args.cxx, "--version"], timeout=30)[1].splitlines()[0]

    results = []
    for model in models:
        ctx = {}
        try:
            results.append(bench_model(model, args, peak, ort, ctx))
        except Exception as e:  # one broken model must not hide the others' figures
            results.append({"model": model["name"], "status": "error", "detail": "%s: %s" % (type(e).__name__, e)})
            log("   error: %s" % results[-1]["detail"])
        if not args.int8:
            continue
        entry = int8_entry(model)
        if entry is None or "refs" not in ctx:
            results[-1]["int8_skipped"] = True
            log("   no int8 row: %s" % ("no calibration data from quant_data.py" if entry is None
                                       else "the float row failed before its input was made"))
            continue
        fr = results[-1]
        for int16 in ([False, True] if args.int16 else [False]):
            try:
                results.append(bench_int8(model, entry, args, ort, fr, ctx, int16=int16))
            except Exception as e:
                results.append({"model": model["name"] + (" int16" if int16 else " int8"), "int8": True,
                                "status": "error", "detail": "%s: %s" % (type(e).__name__, e)})
                log("   error: %s" % results[-1]["detail"])

    print(table(results, args.int8))
    print()
    print(legend(args, peak, cxx_version, results))
    failed = [r for r in results if r["status"] != "ok"]
    for r in failed:
        print("\n%s: %s\n%s" % (r["model"], r["status"], r.get("detail", "")))
    if args.json:
        doc = {"machine": {"host": platform.node(), "cpu": cpu_model(), "cpus": os.cpu_count(),
                           "onnxruntime": ort_version(), "cxx": cxx_version},
               "cxxflags": CXXFLAGS + args.arch_flags.split(), "arch_flags": args.arch_flags, "peak": peak, "repeat": args.repeat, "big_repeat": args.big_repeat,
               "big_macs": BIG_MACS, "rtol": RTOL, "results": results}
        if args.int8:
            doc["int8"] = {"calibration_samples": args.int8_calibration, "ort_quantize": {
                "format": "QDQ", "per_channel": True, "activation_type": "QInt8", "weight_type": "QInt8",
                "calibrate_method": "MinMax"}}
        os.makedirs(os.path.dirname(os.path.abspath(args.json)), exist_ok=True)
        with open(args.json, "w") as f:
            json.dump(doc, f, indent=2)
            f.write("\n")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
