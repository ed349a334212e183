#!/usr/bin/env python3
"""End-to-end test on real pretrained models (models/real_models.json) with real sample data.

For each model: `edgec compile` with the manifest's input shapes, build the emitted code with one
direct compiler call, run the harness on the model's sample (a scikit-image picture,
preprocessed as the model's own package does), and compare every output with onnxruntime
(one thread): it passes iff max |edgec - onnxruntime| <= 1e-4 * max |onnxruntime|. Prints a
table (model, output, max error, tolerance, what each side predicts) and ends with
"N passed, N failed". A model file that setup did not fetch is a failure, not a skip.
"""
import os
import pathlib
import sys

import numpy as np

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent.parent / "scripts"))
import real_models  # noqa: E402
from run_e2e import fmt_cmd, harness_build_cmd, model_runner_parser, ort_session, run, tail  # noqa: E402

RTOL = 1e-4
TIMEOUT_COMPILE = 300
TIMEOUT_BUILD = 600
TIMEOUT_RUN = 300


def reference(model):
    sess = ort_session(model["path"])
    feeds = {name: np.load(path) for name, path in model["samples"].items()}
    return [o.name for o in sess.get_outputs()], sess.run(None, feeds)


def run_model(model, args):
    """Returns a list of row dicts, one per output (or one for a failure before outputs)."""
    name = model["name"]
    work = pathlib.Path(args.work) / name
    out = work / "out"
    rows = []

    def failure(status, *log):
        return [{"model": name, "output": "-", "status": status, "log": list(log)}]

    if not model["path"].is_file():
        return failure("FAIL missing", "%s is missing: run scripts/setup.sh (it fetches the real "
                       "models)" % model["path"])
    cmd = [args.edgec, "compile", str(model["path"]), "-t", "host", "-o", str(out), "--with-main"]
    for input_name, shape in model["inputs"].items():
        cmd += ["--input-shape", "%s=%s" % (input_name, "x".join(map(str, shape)))]
    rc, log, compile_ms = run(cmd, TIMEOUT_COMPILE)
    if rc != 0:
        return failure("FAIL compile rc=%s" % rc, "$ " + fmt_cmd(cmd), tail(log))

    c_name = "".join(c if c.isalnum() or c == "_" else "_" for c in model["path"].stem)
    exe = work / (c_name + "_main")
    bcmd = harness_build_cmd(args.cxx, "-O2", out, c_name, exe)
    rc, log, build_ms = run(bcmd, TIMEOUT_BUILD)
    if rc != 0:
        return failure("FAIL build rc=%s" % rc, "$ " + fmt_cmd(bcmd), tail(log))

    result = work / "result"
    hcmd = [str(exe), *[str(p) for p in model["samples"].values()], "-o", str(result)]
    rc, log, run_ms = run(hcmd, TIMEOUT_RUN)
    if rc != 0:
        return failure("FAIL harness rc=%s" % rc, "$ " + fmt_cmd(hcmd), tail(log))

    names, refs = reference(model)
    for k, (output_name, ref) in enumerate(zip(names, refs)):
        row = {"model": name, "output": output_name, "shape": list(ref.shape),
               "compile_s": compile_ms / 1000, "run_ms": run_ms, "status": "PASS", "log": []}
        path = result / ("output_%d.npy" % k)
        if not path.is_file():
            rows.append(dict(row, status="FAIL no output", log=["%s not written" % path]))
            continue
        got = np.load(path)
        tol = RTOL * float(np.abs(ref).max())
        err = float(np.abs(got.astype(np.float64) - ref).max()) if got.shape == ref.shape else float("inf")
        span = float(ref.max() - ref.min())
        row.update(err=err, tol=tol, of_range=err / span if span > 0 else float("nan"), says="%s / %s" % (real_models.prediction(model, got),
                                                       real_models.prediction(model, ref)))
        if not err <= tol:
            row.update(status="FAIL mismatch", log=["max abs err %.3g > tolerance %.3g (shape %s vs %s)"
                                                    % (err, tol, list(got.shape), list(ref.shape))])
        rows.append(row)
    return rows


def main(argv=None):
    ap = model_runner_parser(__doc__)
    args = ap.parse_args(argv)
    args.work = os.path.abspath(args.work)
    models = [m for m in real_models.load(require_files=False)
              if not args.filter or args.filter in m["name"]]
    rows = []
    for m in models:
        print("== %s: %s" % (m["name"], m["task"]), flush=True)
        rows.extend(run_model(m, args))

    def cell(row, key, fmt):
        return fmt % row[key] if key in row else "-"

    header = ("model", "output", "shape", "max abs err", "of ref range", "tolerance", "prediction edgec / ort",
              "compile s", "status")
    table = [header] + [(r["model"], r["output"], cell(r, "shape", "%s"), cell(r, "err", "%.3g"),
                         cell(r, "of_range", "%.2g"), cell(r, "tol", "%.3g"), r.get("says", "-"), cell(r, "compile_s", "%.1f"),
                         r["status"]) for r in rows]
    widths = [max(len(str(row[i])) for row in table) for i in range(len(header))]
    for i, row in enumerate(table):
        print("  ".join(str(v).ljust(w) for v, w in zip(row, widths)))
        if i == 0:
            print("  ".join("-" * w for w in widths))
    failed_models = sorted({r["model"] for r in rows if r["status"] != "PASS"})
    for r in rows:
        if r["status"] != "PASS":
            print("\n==== %s: %s ====\n%s" % (r["model"], r["status"], "\n".join(r["log"])))
    print()
    print("%d passed, %d failed" % (len(models) - len(failed_models), len(failed_models)))
    return 0 if models and not failed_models else 1


if __name__ == "__main__":
    sys.exit(main())
