#!/usr/bin/env python3
"""Runs an edgec harness and onnxruntime on the same input and prints outputs, errors and figures."""
import argparse
import json
import pathlib
import subprocess
import sys

import numpy as np
import onnxruntime as ort


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--model", required=True)
    ap.add_argument("--harness", required=True)
    ap.add_argument("--report", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--repeat", type=int, default=200)
    args = ap.parse_args()
    work = pathlib.Path(args.work)

    sess = ort.InferenceSession(args.model, providers=["CPUExecutionProvider"])
    rng = np.random.default_rng(0)
    feeds, paths = {}, []
    for i, inp in enumerate(sess.get_inputs()):
        x = rng.standard_normal([d if isinstance(d, int) else 1 for d in inp.shape]).astype(np.float32)
        feeds[inp.name] = x
        paths.append(str(work / f"input_{i}.npy"))
        np.save(paths[-1], x)
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
        tol = 1e-4 * max(1.0, float(np.abs(ref).max()))
        ok &= err <= tol
        print(f"output {i} {sess.get_outputs()[i].name}: shape {list(got.shape)}, "
              f"max |edgec - onnxruntime| = {err:.3g} (tolerance {tol:.3g})")
        flat = got.reshape(-1)
        print(f"  first values: {np.array2string(flat[:8], precision=5)}")
        if got.ndim == 2 and got.shape[0] == 1:
            print(f"  top-1 class: edgec {int(flat.argmax())}, onnxruntime {int(ref.reshape(-1).argmax())}")

    # onnxruntime latency on the same machine, for a ratio.
    import time
    times = []
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        sess.run(None, feeds)
        times.append((time.perf_counter() - t0) * 1e6)
    times.sort()
    print(f"onnxruntime latency over {args.repeat} runs: median {times[len(times) // 2]:.1f} us, min {times[0]:.1f} us")

    report = json.loads(pathlib.Path(args.report).read_text())
    mem = report["memory"]
    macs = sum(layer["macs"] for layer in report["layers"])
    params = sum(layer["params"] for layer in report["layers"])
    print(f"model {report['model']}: {len(report['layers'])} kernel calls, {macs} MACs, {params} params")
    print(f"arena {mem['arena_bytes']} bytes (lower bound {mem['lower_bound_bytes']}), "
          f"weights {report['totals']['weights_bytes']} bytes")
    print("result:", "MATCH" if ok else "MISMATCH")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
