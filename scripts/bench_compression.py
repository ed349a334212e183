#!/usr/bin/env python3
"""What compression buys on the bundled models: structured pruning and 2:4 sparsity.

Usage: bench_compression.py [--edgec PATH] [--prune 0.3] [--sparsity 2:4] [--models NAME ...]

For tiny_cnn and each real model of models/real_models.json, compiles for the host three ways
(dense; --prune-channels RATIO; --sparsity PATTERN), each compressed one with --eval on eight
inputs: the model's real sample, and seven variations of it (shifted, mirrored, brightness,
noise), so the agreement is measured on inputs the model was made for. Prints a markdown table:
parameters, MACs and emitted weight bytes against dense, and the compressed float model's
output SQNR and top-1 agreement against the uncompressed one (edgec's --eval, report.json's
compression.evaluation). Pruning here is one-shot, without fine-tuning: the agreement is what
a user gets before retraining the model exported with --emit onnx.
"""
import argparse
import json
import pathlib
import subprocess
import sys
import tempfile

import numpy as np

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
import real_models  # noqa: E402

# The host packing every format (its own description keeps float dense: faster there).
ANY_SPARSE = ROOT / "test" / "lit" / "tools" / "Inputs" / "host_any_sparse.json"


def variations(x, rng):
    """Eight inputs around the real sample x (NCHW)."""
    out = [x, np.roll(x, 4, axis=3), np.roll(x, -4, axis=2), x[..., ::-1].copy(), x * 0.8, x * 1.2,
           x + rng.normal(0, 0.05 * float(np.std(x)), x.shape), np.roll(x, 8, axis=3)]
    return [v.astype(np.float32) for v in out]


def compile_model(edgec, model, out, extra):
    cmd = [edgec, "compile", str(model["path"]), "-o", str(out), "--quiet", *extra]
    for name, shape in model["inputs"].items():
        cmd += ["--input-shape", "%s=%s" % (name, "x".join(map(str, shape)))]
    subprocess.run(cmd, check=True)
    return json.loads((out / "report.json").read_text())


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--edgec", default=str(ROOT / "build" / "tools" / "edgec"))
    ap.add_argument("--prune", default="0.3")
    ap.add_argument("--sparsity", default="2:4")
    ap.add_argument("--models", nargs="*")
    args = ap.parse_args()
    rng = np.random.default_rng(0)
    models = [{"name": "tiny_cnn", "path": ROOT / "models" / "tiny_cnn.onnx", "inputs": {},
               "sample": rng.standard_normal((1, 3, 16, 16)).astype(np.float32)}]
    for m in real_models.load(require_files=True):
        if len(m["inputs"]) == 1:
            m["sample"] = np.load(next(iter(m["samples"].values())))
            models.append(m)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        work = pathlib.Path(tmp)
        for model in models:
            if args.models and model["name"] not in args.models:
                continue
            evald = work / model["name"] / "eval"
            evald.mkdir(parents=True)
            for i, x in enumerate(variations(model["sample"], rng)):
                np.save(evald / ("%02d.npy" % i), x)
            dense = compile_model(args.edgec, model, work / model["name"] / "dense", [])
            for label, flags in (("prune %s" % args.prune, ["--prune-channels", args.prune]),
                                 ("sparsity %s" % args.sparsity, ["--sparsity", args.sparsity, "--target-desc",
                                                                  str(ANY_SPARSE)])):
                r = compile_model(args.edgec, model, work / model["name"] / label.replace(" ", "_").replace(":", "_"),
                                  [*flags, "--eval", str(evald)])
                c = r["compression"]
                ev = c["evaluation"]
                if c["pruning"]:
                    params = (c["pruning"]["params_before"], c["pruning"]["params_after"])
                else:
                    params = (dense["totals"]["params"], r["totals"]["params"])
                macs = (dense["totals"]["macs"], r["totals"]["macs"])
                wbytes = (dense["totals"]["weights_bytes"], r["totals"]["weights_bytes"])
                rows.append((model["name"], label, params, macs, wbytes, ev["sqnr_db"], ev.get("top1_agreement"),
                             ev["samples"]))
                print("%s %s done" % (model["name"], label), file=sys.stderr)
    print("| model | compression | params | MACs | weight bytes | output SQNR vs dense | top-1 agreement |")
    print("|---|---|---|---|---|---|---|")
    for name, label, p, m, w, sqnr, top1, n in rows:
        def ratio(pair):
            return "%s -> %s (%.2fx)" % (f"{pair[0]:,}", f"{pair[1]:,}", pair[1] / pair[0] if pair[0] else 1)
        print("| %s | %s | %s | %s | %s | %.1f dB | %s |" % (
            name, label, ratio(p), ratio(m), ratio(w), sqnr,
            "%.0f %% of %d" % (100 * top1, n) if top1 is not None else "n/a (not a classifier)"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
