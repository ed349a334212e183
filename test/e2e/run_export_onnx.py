#!/usr/bin/env python3
"""--emit onnx end to end: the exported model against the original, both run by onnxruntime.

Usage: run_export_onnx.py --edgec PATH --work DIR [--filter SUBSTR] [--jobs 2]

Models: every case of make_models.py, the bundled float models (models/tiny_cnn.onnx and
those of models/real_models.json that scripts/setup.sh fetched), the QDQ models of
make_qdq_models.py, and the ONNX backend node tests of the onnx wheel whose op types edgec
imports, with every input but the first made an initializer (pads, axes, scales...: edgec
needs them constant); those edgec still cannot import count as skipped, an export error
fails. For each, `edgec compile MODEL --emit onnx -o OUT --name net` must write
OUT/net.onnx and nothing else; the file must pass onnx.checker's full check (ONNX shape
inference included), keep the graph's input and output names, and give the original model's
outputs on the same inputs (the case's own, the real model's sample, the node test's, else
seeded normal data), both run with graph optimizations off. An output passes iff
    max |out - ref| <= TOLERANCE * max(1, max |ref|)
(constant and BatchNorm folding round differently from the original's separate ops: the real
PP-OCRv4 detector, BatchNorm after every conv, moves by 1.1e-5). A QDQ model may in addition
move by one quantization step where a value lies on a rounding boundary (onnxruntime's
AveragePool-19 kernel rounds an ulp apart from its AveragePool-11: avgpool_exclude_pad.qdq_*):
its outputs pass within QDQ_STEPS steps of the scale of the DequantizeLinear ops upstream
(run_qdq.py's rule). The make_models cases and tiny_cnn are also exported from a
dump after edge-fuse-activations (`--emit mlir --dump-after`, then the dump with --emit onnx),
which exports each fused activation (`act`) as its own node.

Prints one line per export and ends with "N passed, N failed"; exit status 0 iff all passed.
"""
import argparse
import concurrent.futures
import json
import os
import pathlib
import shutil
import sys

import numpy as np
import onnx
from onnx import numpy_helper

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT / "scripts"))
import make_models  # noqa: E402
import make_qdq_models  # noqa: E402
import real_models  # noqa: E402
from run_e2e import fmt_cmd, ort_session, run, tail  # noqa: E402
from run_qdq import TOLERANCE_STEPS as QDQ_STEPS, output_steps  # noqa: E402

TOLERANCE = 3e-5
TIMEOUT = 300
NEWEST_OPSET = 22  # the newest edgec imports: every importer applies
# Node tests with no ONNX form once imported: the export must refuse them with this error.
REFUSED = {
    # keep_aspect_ratio_policy: the output size is round(in x scale), ONNX's scales give floor.
    "node.resize_downsample_sizes_nearest_not_smaller": "which ONNX's scales cannot express",
}


class Failure(Exception):
    pass


class Skip(Exception):
    pass


def session(path):
    return ort_session(path, optimize=False)


def edgec(args, cmd, may_not_import=False):
    rc, log, _ = run([args.edgec, "compile", *map(str, cmd), "--quiet"], TIMEOUT)
    if rc != 0 and may_not_import and "cannot export" not in log:
        raise Skip(log.strip().splitlines()[-1] if log.strip() else "exit %s" % rc)
    if rc != 0:
        raise Failure("edgec exit %s\n$ %s\n%s" % (rc, fmt_cmd(["edgec", "compile", *map(str, cmd)]),
                                                   tail(log)))


def export(args, model, work, shapes, from_fused_dump, may_not_import):
    """Exports `model` (directly, or from its dump after edge-fuse-activations) as work/out/net.onnx."""
    shutil.rmtree(work, ignore_errors=True)
    extra = [a for name, shape in shapes.items()
             for a in ("--input-shape", "%s=%s" % (name, "x".join(map(str, shape))))]
    if from_fused_dump:
        edgec(args, [model, "--emit", "mlir", "-o", work / "mlir", "--dump-after", "edge-fuse-activations",
                     "--dump-dir", work / "dumps", *extra])
        model, extra = next((work / "dumps").glob("*-edge-fuse-activations.mlir")), []
    out = work / "out"
    edgec(args, [model, "--emit", "onnx", "-o", out, "--name", "net", *extra], may_not_import)
    if sorted(os.listdir(out)) != ["net.onnx"]:
        raise Failure("expected only net.onnx in %s, found %s" % (out, sorted(os.listdir(out))))
    path = out / "net.onnx"
    onnx.checker.check_model(str(path), full_check=True)
    return path


def check_refused(args, job):
    try:
        export(args, job["model"], args.work / "cases" / job["name"], job["shapes"], False, False)
    except Failure as e:
        if REFUSED[job["name"]] in str(e):
            return 0.0, 0
        raise
    raise Failure("exported, but expected the error '%s'" % REFUSED[job["name"]])


def check(args, job):
    """Exports one model and compares it; returns (max abs error, nodes in the export)."""
    if job["name"] in REFUSED:
        return check_refused(args, job)
    try:
        ref_sess = session(job["model"])
        refs = ref_sess.run(None, job["feeds"])
    except Exception as e:  # noqa: BLE001 - onnxruntime's errors have no common base
        if not job.get("may_not_import"):
            raise Failure("onnxruntime cannot run the original: %s" % e)
        raise Skip("onnxruntime cannot run the original: %s" % e)
    path = export(args, job["model"], args.work / "cases" / job["name"], job["shapes"], job["fused"],
                  job.get("may_not_import", False))
    got_sess = session(path)
    for what, a, b in (("inputs", ref_sess.get_inputs(), got_sess.get_inputs()),
                       ("outputs", ref_sess.get_outputs(), got_sess.get_outputs())):
        if [x.name for x in a] != [x.name for x in b]:
            raise Failure("%s renamed: %s -> %s" % (what, [x.name for x in a], [x.name for x in b]))
    outs = got_sess.run(None, job["feeds"])
    worst = 0.0
    for i, (ref, out) in enumerate(zip(refs, outs)):
        if ref.shape != out.shape or ref.dtype != out.dtype:
            raise Failure("output %d: %s %s, expected %s %s" % (i, out.dtype, out.shape, ref.dtype, ref.shape))
        ref, out = ref.astype(np.float64), out.astype(np.float64)
        same = (out == ref) | (np.isnan(out) & np.isnan(ref))  # infinities and NaNs too
        with np.errstate(invalid="ignore"):
            err = float(np.max(np.where(same, 0.0, np.abs(out - ref)), initial=0.0))
        tol = TOLERANCE * max(1.0, float(np.max(np.abs(ref[np.isfinite(ref)]), initial=0.0)))
        if job["steps"] and job["steps"][i] is not None:
            tol = max(tol, QDQ_STEPS * job["steps"][i])
        if not err <= tol:
            raise Failure("output %d: max abs error %.3g > %.3g" % (i, err, tol))
        worst = max(worst, err)
    return worst, len(onnx.load(str(path), load_external_data=False).graph.node)


def jobs(args):
    """Every export to check: name, model, feeds, --input-shape overrides, QDQ steps, from a dump."""
    for c in make_models.build_cases(str(args.work / "models"), args.filter):
        feeds = {i["name"]: np.load(i["path"]) for i in c["inputs"]}
        shapes = {i["name"]: i["shape"] for i in c["inputs"] if not i["static"]}
        for fused in (False, True):
            yield {"name": c["name"] + (".fused" if fused else ""), "model": c["model"], "feeds": feeds,
                   "shapes": shapes, "steps": None, "fused": fused}
    bundled = [{"name": "bundled.tiny_cnn", "path": ROOT / "models" / "tiny_cnn.onnx", "inputs": {},
                "samples": {}}]
    for m in bundled + real_models.load(require_files=True):
        if args.filter and args.filter not in m["name"]:
            continue
        rng = np.random.default_rng(0)
        feeds = {}
        for i in session(m["path"]).get_inputs():
            sample = m["samples"].get(i.name)
            feeds[i.name] = np.load(sample) if sample and os.path.exists(sample) else \
                rng.standard_normal(m["inputs"].get(i.name, i.shape)).astype(np.float32)
        for fused in (False, True) if m["name"] == "bundled.tiny_cnn" else (False,):
            yield {"name": m["name"] + (".fused" if fused else ""), "model": m["path"], "feeds": feeds,
                   "shapes": m["inputs"], "steps": None, "fused": fused}
    for q in make_qdq_models.build(str(args.work / "qdq"), args.filter):
        yield {"name": q["name"], "model": q["model"], "shapes": {}, "fused": False,
               "feeds": {i["name"]: np.load(i["path"]) for i in q["inputs"]}, "steps": output_steps(q["model"])}
    yield from node_tests(args)


def importable_ops(args, op_types):
    """The op types edgec imports, from one `edgec inspect --json` of a model holding a node of
    each (inspect lists every node's `supported` even when the model does not import)."""
    nodes = [onnx.helper.make_node(op, ["x"], ["y%d" % i]) for i, op in enumerate(sorted(op_types))]
    x = onnx.helper.make_tensor_value_info("x", onnx.TensorProto.FLOAT, [1])
    y = onnx.helper.make_tensor_value_info("y0", onnx.TensorProto.FLOAT, [1])
    graph = onnx.helper.make_graph(nodes, "ops", [x], [y])
    path = args.work / "ops.onnx"
    onnx.save(onnx.helper.make_model(graph, opset_imports=[onnx.helper.make_opsetid("", NEWEST_OPSET)]), path)
    _, log, _ = run([args.edgec, "inspect", str(path), "--json"], TIMEOUT)
    return {n["op"] for n in json.loads(log[log.index("{"):])["nodes"] if n["supported"]}


def node_tests(args):
    suite = pathlib.Path(onnx.__file__).parent / "backend" / "test" / "data" / "node"
    if not suite.is_dir():
        return
    tests = {}
    for d in sorted(suite.iterdir()):
        if args.filter and args.filter not in d.name:
            continue
        model = onnx.load(str(d / "model.onnx"), load_external_data=False)
        if all(n.domain in ("", "ai.onnx") for n in model.graph.node):
            tests[d] = model
    known = importable_ops(args, {n.op_type for m in tests.values() for n in m.graph.node})
    for d, model in tests.items():
        inputs = sorted((d / "test_data_set_0").glob("input_*.pb"))
        if not {n.op_type for n in model.graph.node} <= known or not inputs or \
                len(inputs) != len(model.graph.input) or \
                not all(i.type.HasField("tensor_type") for i in model.graph.input):
            continue
        # Inputs after the first become initializers: edgec wants pads, axes, sizes... constant.
        name = "node." + d.name[len("test_"):]
        tensors = [onnx.load_tensor(str(pb)) for pb in inputs]
        for i, t in zip(model.graph.input[1:], tensors[1:]):
            t.name = i.name
        model.graph.initializer.extend(tensors[1:])
        del model.graph.input[1:]
        path = args.work / "frozen" / (name + ".onnx")
        path.parent.mkdir(parents=True, exist_ok=True)
        onnx.save(model, str(path))
        feeds = {model.graph.input[0].name: numpy_helper.to_array(tensors[0])}
        yield {"name": name, "model": path, "feeds": feeds, "shapes": {}, "steps": None, "fused": False,
               "may_not_import": True}


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--edgec", required=True)
    ap.add_argument("--work", required=True, type=pathlib.Path)
    ap.add_argument("--filter", default=None, help="only models whose name contains this")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("-v", "--verbose", action="store_true", help="also list the skipped node tests")
    args = ap.parse_args(argv)
    args.work = args.work.resolve()
    args.work.mkdir(parents=True, exist_ok=True)
    all_jobs = list(jobs(args))
    passed = failed = skipped = 0
    worst = 0.0
    with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
        futures = [pool.submit(check, args, j) for j in all_jobs]
        for job, future in zip(all_jobs, futures):
            try:
                err, nodes = future.result()
            except Skip as e:
                skipped += 1
                if args.verbose:
                    print("%-36s SKIP %s" % (job["name"], e), flush=True)
                continue
            except Exception as e:  # noqa: BLE001 - a failed check, the checker's or onnxruntime's error
                failed += 1
                print("%-36s FAIL %s" % (job["name"], e), flush=True)
                continue
            passed += 1
            worst = max(worst, err)
            print("%-36s PASS %s" % (job["name"], "refused as expected" if job["name"] in REFUSED else
                                         "%3d nodes, max abs err %.3g" % (nodes, err)), flush=True)
    print("largest error of a passing export: %.3g" % worst)
    print("%d skipped (node tests edgec does not import)" % skipped)
    print("%d passed, %d failed" % (passed, failed))
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
