#!/usr/bin/env python3
"""Determinism of edgec output.

Usage: test_determinism.py --edgec PATH --work DIR

Checks, on the tiny_cnn model of make_models.py:
  1. two compiles into differently named folders (same --name) give byte-identical
     trees (same relative file list, same bytes);
  2. a compile with --dump-after=all --dump-dir D gives the same tree as well
     (dumping must not change the output);
  3. compiling the last dumped .mlir (by file name: NN-<pass>.mlir) with the same
     --name gives the same NAME.h, NAME.cpp, NAME_weights.bin, NAME_weights.S as
     the direct compile.
  4. every bundled model (models/tiny_cnn.onnx and each model of models/real_models.json
     whose file is there) compiled twice gives byte-identical trees, and so does an int8
     compile for cortex-m4 (calibration runs and the firmware measurement included).
Ends with the line "N passed, N failed"; exit status 0 iff all passed.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import make_models  # noqa: E402

CASE = "tiny_cnn"
NAME = "det_model"
LOG_LINES = 30


def tail(text, n=LOG_LINES):
    lines = (text or "").rstrip().splitlines()
    if len(lines) > n:
        lines = ["... (%d lines omitted)" % (len(lines) - n)] + lines[-n:]
    return "\n".join(lines)


def compile_(edgec, src, outdir, extra=(), target="host"):
    shutil.rmtree(outdir, ignore_errors=True)
    cmd = [edgec, "compile", src, "-t", target, "-o", outdir, "--with-main",
           "--name", NAME] + list(extra)
    try:
        p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=120)
        rc, out = p.returncode, p.stdout.decode(errors="replace")
    except subprocess.TimeoutExpired:
        rc, out = "timeout", ""
    if rc != 0:
        raise RuntimeError("$ %s\nexit %s\n%s" % (" ".join(cmd), rc, tail(out)))


def tree(root):
    files = {}
    for d, dirs, names in os.walk(root):
        dirs.sort()
        for n in sorted(names):
            p = os.path.join(d, n)
            files[os.path.relpath(p, root)] = p
    return files


def diff_trees(a, b, only=None):
    """Returns a list of differences between folders a and b (restricted to `only`)."""
    ta, tb = tree(a), tree(b)
    if only is not None:
        ta = {k: v for k, v in ta.items() if k in only}
        tb = {k: v for k, v in tb.items() if k in only}
        missing = [f for f in only if f not in ta or f not in tb]
        if missing:
            return ["missing: %s" % ", ".join(sorted(missing))]
    problems = []
    for k in sorted(set(ta) ^ set(tb)):
        problems.append("only in %s: %s" % (a if k in ta else b, k))
    for k in sorted(set(ta) & set(tb)):
        with open(ta[k], "rb") as fa, open(tb[k], "rb") as fb:
            da, db = fa.read(), fb.read()
        if da != db:
            problems.append("differs: %s (%d vs %d bytes)%s" % (k, len(da), len(db),
                                                               first_diff(da, db)))
    return problems


def first_diff(da, db):
    try:
        la, lb = da.decode().splitlines(), db.decode().splitlines()
    except UnicodeDecodeError:
        i = next((i for i, (x, y) in enumerate(zip(da, db)) if x != y), min(len(da), len(db)))
        return "; first differing byte at offset %d" % i
    for i, (x, y) in enumerate(zip(la, lb)):
        if x != y:
            return "; first differing line %d:\n    - %s\n    + %s" % (i + 1, x[:200], y[:200])
    return "; one is a prefix of the other (%d vs %d lines)" % (len(la), len(lb))


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--edgec", required=True)
    ap.add_argument("--work", required=True)
    args = ap.parse_args(argv)
    work = os.path.abspath(args.work)
    edgec = os.path.abspath(args.edgec) if os.sep in args.edgec else args.edgec
    os.makedirs(work, exist_ok=True)
    model = make_models.build_cases(os.path.join(work, "models"), names={CASE})[0]["model"]

    out_a = os.path.join(work, "out_a")
    out_b = os.path.join(work, "second-output-folder")
    out_dump = os.path.join(work, "out_dumped")
    dump_dir = os.path.join(work, "dump")
    out_mlir = os.path.join(work, "out_from_mlir")

    results = []

    def check(label, fn):
        try:
            problems = fn()
        except Exception as e:
            problems = [str(e)]
        results.append((label, problems))
        print("%s: %s" % ("PASS" if not problems else "FAIL", label))
        for p in problems:
            print("    " + p.replace("\n", "\n    "))

    def two_folders():
        compile_(edgec, model, out_a)
        compile_(edgec, model, out_b)
        return diff_trees(out_a, out_b)

    def with_dump():
        shutil.rmtree(dump_dir, ignore_errors=True)
        compile_(edgec, model, out_dump, ["--dump-after=all", "--dump-dir", dump_dir])
        return diff_trees(out_a, out_dump)

    def from_mlir():
        dumps = sorted(f for f in os.listdir(dump_dir) if f.endswith(".mlir")) \
            if os.path.isdir(dump_dir) else []
        if not dumps:
            return ["no .mlir files in %s" % dump_dir]
        last = os.path.join(dump_dir, dumps[-1])
        compile_(edgec, last, out_mlir)
        only = {NAME + ".h", NAME + ".cpp", NAME + "_weights.bin", NAME + "_weights.S"}
        return ["(from %s) %s" % (dumps[-1], p) for p in diff_trees(out_a, out_mlir, only)]

    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

    def bundled(path, extra, target="host"):
        def twice():
            a, b = os.path.join(work, "bundled_a"), os.path.join(work, "bundled_b")
            compile_(edgec, path, a, extra, target)
            compile_(edgec, path, b, extra, target)
            return diff_trees(a, b)
        return twice

    check("same output in two differently named folders", two_folders)
    tiny = os.path.join(root, "models", "tiny_cnn.onnx")
    check("bundled tiny_cnn: two compiles, same bytes", bundled(tiny, []))
    calibration = os.path.join(root, "test", "lit", "tools", "Inputs", "calibration")
    check("bundled tiny_cnn int8 for cortex-m4: two compiles, same bytes",
          bundled(tiny, ["--quantize", "int8", "--calibration", calibration], "cortex-m4"))
    with open(os.path.join(root, "models", "real_models.json")) as f:
        for entry in json.load(f)["models"]:
            path = os.path.join(root, entry["file"])
            if os.path.exists(path):
                shapes = ["--input-shape=%s=%s" % (k, "x".join(map(str, v))) for k, v in entry["inputs"].items()
                          if isinstance(v, list)]
                check("bundled %s: two compiles, same bytes" % entry["name"], bundled(path, shapes))
    if not os.path.isdir(out_a):
        results.append(("dump / mlir checks", ["skipped: the direct compile failed"]))
        print("FAIL: dump / mlir checks skipped: the direct compile failed")
    else:
        check("--dump-after=all does not change the output", with_dump)
        check("compiling the last dumped .mlir reproduces the C++/header/weights", from_mlir)

    failed = sum(1 for _, p in results if p)
    print("%d passed, %d failed" % (len(results) - failed, failed))
    return 0 if not failed else 1


if __name__ == "__main__":
    sys.exit(main())
