#!/usr/bin/env python3
"""Runs an edgec harness and onnxruntime on the same input and prints outputs, errors and figures.

The input is the real sample of a model from models/real_models.json (--name), or seeded
random data for any other model (--model). onnxruntime runs on one thread, as the harness does.
"""
import argparse
import json
import pathlib
import subprocess
import sys
import time

import numpy as np
import onnxruntime as ort

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import real_models  # noqa: E402


def median_us(fn, repeat):
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1e6)
    times.sort()
    return times[len(times) // 2], times[0]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", required=True)
    ap.add_argument("--name", help="the model's name in models/real_models.json, for its sample")
    ap.add_argument("--harness", required=True)
    ap.add_argument("--report", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--repeat", type=int, default=20)
    args = ap.parse_args()
    work = pathlib.Path(args.work)

    opts = ort.SessionOptions()
    opts.intra_op_num_threads = 1
    opts.inter_op_num_threads = 1
    sess = ort.InferenceSession(args.model, sess_options=opts, providers=["CPUExecutionProvider"])
    entry = next((m for m in real_models.load() if m["name"] == args.name), None) if args.name else None
    rng = np.random.default_rng(0)
    feeds, paths = {}, []
    for i, inp in enumerate(sess.get_inputs()):
        if entry:
            path = entry["samples"][inp.name]
            feeds[inp.name] = np.load(path)
            print(f"input {inp.name}: {entry['sample']['image']} from scikit-image, "
                  f"{entry['sample']['preprocess']} -> {list(feeds[inp.name].shape)}")
        else:
            feeds[inp.name] = rng.standard_normal(
                [d if isinstance(d, int) else 1 for d in inp.shape]).astype(np.float32)
            path = work / f"input_{i}.npy"
            np.save(path, feeds[inp.name])
            print(f"input {inp.name}: seeded random data {list(feeds[inp.name].shape)}")
        paths.append(str(path))
    run = subprocess.run([args.harness, *paths, "-o", str(work), "--repeat", str(args.repeat)],
                         capture_output=True, text=True)
    print(run.stdout, end="")
    if run.returncode != 0:
        print(run.stderr, file=sys.stderr)
        return 1
    refs = sess.run(None, feeds)
    ok = True
    for i, ref in enumerate(refs):
        got = np.load(work / f"output_{i}.npy")
        err = float(np.abs(got - ref).max()) if got.shape == ref.shape else float("inf")
        tol = 1e-4 * float(np.abs(ref).max())
        ok &= err <= tol
        print(f"output {i} {sess.get_outputs()[i].name}: shape {list(got.shape)}, "
              f"max |edgec - onnxruntime| = {err:.3g} (tolerance 1e-4 x max|ref| = {tol:.3g})")
        if entry:
            print(f"  prediction: edgec {real_models.prediction(entry, got)}, "
                  f"onnxruntime {real_models.prediction(entry, ref)}")

    med, best = median_us(lambda: sess.run(None, feeds), args.repeat)
    print(f"onnxruntime (1 thread) latency over {args.repeat} runs: median {med:.1f} us, min {best:.1f} us")

    report = json.loads(pathlib.Path(args.report).read_text())
    mem = report["memory"]
    macs = sum(layer["macs"] for layer in report["layers"])
    params = sum(layer["params"] for layer in report["layers"])
    print(f"model {report['model']}: {len(report['layers'])} kernel calls, {macs:,} MACs, {params:,} params")
    print(f"arena {mem['arena_bytes']:,} bytes (lower bound {mem['lower_bound_bytes']:,}), "
          f"weights {report['totals']['weights_bytes']:,} bytes")
    print("result:", "MATCH" if ok else "MISMATCH")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
