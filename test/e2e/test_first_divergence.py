#!/usr/bin/env python3
"""End-to-end test of scripts/first_divergence.py on models/tiny_cnn.onnx.

Usage: test_first_divergence.py --edgec PATH [--work DIR] [--cxx CXX]

1. tiny_cnn against itself on a generated input: exit 0, "all ... traced outputs match".
2. tiny_cnn against a reference copy whose SECOND Conv has other weights: exit 1 and
   that Conv's node named as the first divergence (the first Conv must still match).

Prints "N passed, N failed"; exits 0 iff every check passed.
"""

import argparse
import os
import re
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
SCRIPT = os.path.join(REPO, "scripts", "first_divergence.py")
MODEL = os.path.join(REPO, "models", "tiny_cnn.onnx")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--edgec", required=True)
    ap.add_argument("--work", default=None, help="work folder (default: a temporary one)")
    ap.add_argument("--cxx", default=os.environ.get("CXX", "c++"))
    args = ap.parse_args()

    import numpy as np
    import onnx
    from onnx import numpy_helper

    work = os.path.abspath(args.work) if args.work else None
    tmp = None
    if work is None:
        import tempfile
        tmp = tempfile.mkdtemp(prefix="test_first_divergence-")
        work = tmp
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)

    passed, failed = 0, 0

    def check(name, ok, detail=""):
        nonlocal passed, failed
        if ok:
            passed += 1
            print("PASS %s" % name)
        else:
            failed += 1
            print("FAIL %s%s" % (name, ("\n" + detail) if detail else ""))

    try:
        model = onnx.load(MODEL)
        inits = {t.name for t in model.graph.initializer}
        inputs = [i for i in model.graph.input if i.name not in inits]
        if len(inputs) != 1:
            check("tiny_cnn has one input", False, "inputs: %s" % [i.name for i in inputs])
            return finish(passed, failed, tmp)
        shape = [d.dim_value or 1 for d in inputs[0].type.tensor_type.shape.dim]
        x = np.random.default_rng(7).standard_normal(shape).astype(np.float32)
        in_path = os.path.join(work, "input.npy")
        np.save(in_path, x)

        # The reference: the second Conv (in graph order) with other weights.
        convs = [n for n in model.graph.node if n.op_type == "Conv"]
        if len(convs) < 2:
            check("tiny_cnn has two Conv nodes", False)
            return finish(passed, failed, tmp)
        second = convs[1]
        ref = onnx.load(MODEL)
        wname = second.input[1]
        for k, t in enumerate(ref.graph.initializer):
            if t.name == wname:
                w = numpy_helper.to_array(t).astype(np.float32)
                changed = (-w + 0.25).astype(np.float32)
                ref.graph.initializer[k].CopyFrom(numpy_helper.from_array(changed, wname))
                break
        else:
            check("second Conv's weight is an initializer", False, "weight %s" % wname)
            return finish(passed, failed, tmp)
        ref_path = os.path.join(work, "tiny_cnn_changed_conv2.onnx")
        onnx.save(ref, ref_path)

        def run(tag, extra):
            cmd = [sys.executable, SCRIPT, MODEL, in_path, "--edgec", args.edgec,
                   "--work", os.path.join(work, tag), "--cxx", args.cxx] + extra
            try:
                p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                   timeout=280)
            except subprocess.TimeoutExpired:
                return None, "timed out: %s" % " ".join(cmd)
            return p.returncode, p.stdout.decode(errors="replace")

        # 1. same model: everything matches.
        rc, out = run("same", [])
        check("same model exits 0", rc == 0, "rc=%s\n%s" % (rc, out))
        check("same model reports a match", bool(re.search(r"all \d+ traced outputs match", out))
              and "FIRST DIVERGENCE" not in out, out)

        # 2. changed second conv: it is the first divergence.
        rc, out = run("changed", ["--reference-model", ref_path])
        check("changed reference exits 1", rc == 1, "rc=%s\n%s" % (rc, out))
        m = re.search(r"FIRST DIVERGENCE: node '([^']*)'", out)
        named = m.group(1) if m else None
        check("first divergence is the second Conv '%s'" % second.name,
              named == second.name, "named: %s\n%s" % (named, out))
        first_ok = re.search(r"^\s*\d+\s+%s(\.\.\S+)?\s+\S+\s+\S+\s+\S+\s+ok\s*$"
                             % re.escape(convs[0].name), out, re.M)
        check("first Conv '%s' still matches" % convs[0].name, bool(first_ok), out)
    finally:
        pass
    return finish(passed, failed, tmp)


def finish(passed, failed, tmp):
    if tmp:
        shutil.rmtree(tmp, ignore_errors=True)
    print("%d passed, %d failed" % (passed, failed))
    return 0 if failed == 0 and passed > 0 else 1


if __name__ == "__main__":
    sys.exit(main())
