#!/usr/bin/env python3
"""Derives the ONNX backend node-test cases that edgec's conformance run covers.

Usage: derive_cases.py --edgec PATH --work DIR [--filter SUBSTR] [--jobs 2]

A case counts iff every node of its model has an op type that edgec supports,
as reported by `edgec inspect MODEL --json` (each node's "supported" field says
whether edgec has an importer for the op type; inspect exits 1 when the model
does not import but still lists its nodes). The list is never chosen by hand:
adding an importer to edgec grows it automatically. Cases whose model uses a
non-default operator domain (anything but "" / "ai.onnx") are ignored.

Writes DIR/derived_cases.json: {"suites": {suite: dir}, "cases": [{suite, case,
dir, ops}], "skipped": {suite: {reason: count}}, "inspect_errors": [...]}.
"""

import argparse
import concurrent.futures
import hashlib
import json
import os
import re
import subprocess
import sys
import threading

import onnx

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))

# The two suites of ONNX backend node tests: Debian's libonnx-testdata (onnx 1.12)
# and the newer one shipped inside the onnx wheel of the venv.
DEBIAN_NODE_DIR = "/usr/share/libonnx-testdata/data/node"


def wheel_node_dir():
    return os.path.join(os.path.dirname(os.path.abspath(onnx.__file__)),
                        "backend", "test", "data", "node")


def suites():
    """[(suite name, node dir)] of the suites present on this machine."""
    out = []
    for name, d in (("debian", DEBIAN_NODE_DIR), ("wheel", wheel_node_dir())):
        if os.path.isdir(d):
            out.append((name, d))
    return out


DEFAULT_DOMAINS = ("", "ai.onnx")


def model_domains(path):
    """Set of non-default domains used by the model's nodes (top level and subgraphs)."""
    m = onnx.load(path, load_external_data=False)
    found = set()

    def walk(g):
        for n in g.node:
            if n.domain not in DEFAULT_DOMAINS:
                found.add(n.domain)
            for a in n.attribute:
                if a.type == onnx.AttributeProto.GRAPH:
                    walk(a.g)
                elif a.type == onnx.AttributeProto.GRAPHS:
                    for sg in a.graphs:
                        walk(sg)

    walk(m.graph)
    return found, [n.op_type for n in m.graph.node]


def inspect(edgec, model):
    """Runs `edgec inspect --json`; returns (json dict or None, error text)."""
    try:
        p = subprocess.run([edgec, "inspect", model, "--json"], stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, timeout=60)
    except (subprocess.TimeoutExpired, OSError) as e:
        return None, str(e)
    text = p.stdout.decode(errors="replace")
    # edgec prints its "edgec: error: ..." diagnostic on stdout ahead of the JSON
    # when the model does not import: parse from the first line that opens the object.
    lines = text.splitlines(True)
    start = next((i for i, l in enumerate(lines) if l.startswith("{")), None)
    try:
        if start is None:
            raise ValueError("no JSON object")
        return json.loads("".join(lines[start:])), ""
    except ValueError:
        err = (p.stderr.decode(errors="replace") + text).strip().splitlines()
        return None, "rc=%s: %s" % (p.returncode, err[0] if err else "no JSON on stdout")


_cache = {}
_cache_lock = threading.Lock()


def classify(edgec, suite, node_dir, case):
    """Returns ("case", entry) or ("skip", reason) or ("error", entry)."""
    cdir = os.path.join(node_dir, case)
    model = os.path.join(cdir, "model.onnx")
    if not os.path.isfile(model):
        return "skip", "no model.onnx"
    # Both suites share many byte-identical models: ask edgec once per distinct model.
    with open(model, "rb") as f:
        key = (edgec, hashlib.sha256(f.read()).hexdigest())
    with _cache_lock:
        fut = _cache.get(key)
        mine = fut is None
        if mine:
            fut = _cache[key] = concurrent.futures.Future()
    if mine:
        try:
            fut.set_result(_classify_model(edgec, model))
        except BaseException as e:
            fut.set_exception(e)
    kind, val = fut.result()
    if isinstance(val, dict):
        val = dict(val, suite=suite, case=case, dir=cdir)
    return kind, val


def _classify_model(edgec, model):
    try:
        domains, onnx_ops = model_domains(model)
    except Exception as e:  # unreadable model: not a case edgec could be asked about
        return "skip", "onnx cannot load: %s" % type(e).__name__
    if domains:
        return "skip", "non-default domain"
    info, err = inspect(edgec, model)
    if info is None:
        # inspect gave no answer at all (crash): we cannot tell which ops it supports.
        return "error", {"ops": sorted(set(onnx_ops)), "error": err}
    nodes = info.get("nodes", [])
    imports = bool(info.get("imports"))
    # When the model imports, inspect lists the imported graph (nodes folded at import,
    # e.g. Constant or Shape of a static shape, are gone), and every op type of the model
    # had an importer. When it does not import, inspect lists the model's own nodes.
    # (Models below opset 13 are upgraded first, so the count may differ from the file's.)
    if not imports and not nodes and onnx_ops:
        return "error", {"ops": sorted(set(onnx_ops)),
                         "error": "inspect listed no nodes of a model that does not import"}
    if not onnx_ops:
        return "skip", "no nodes"
    if not all(n.get("supported") for n in nodes):
        return "skip", "unsupported op"
    # Ops of the model itself (inspect's list may lack the folded ones).
    ops = sorted(set(onnx_ops))
    return "case", {"ops": ops, "imports": imports}


def derive(edgec, work, filt=None, jobs=2):
    todo = []
    for suite, d in suites():
        for case in sorted(os.listdir(d)):
            if filt and not re.search(filt, "%s/%s" % (suite, case)):
                continue
            todo.append((suite, d, case))
    result = {"edgec": edgec, "suites": dict(suites()), "cases": [], "skipped": {},
              "inspect_errors": []}
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, jobs)) as ex:
        futs = [ex.submit(classify, edgec, s, d, c) for s, d, c in todo]
        for (suite, _, case), f in zip(todo, futs):
            kind, val = f.result()
            if kind == "case":
                result["cases"].append(val)
            elif kind == "error":
                result["inspect_errors"].append(val)
            else:
                sk = result["skipped"].setdefault(suite, {})
                sk[val] = sk.get(val, 0) + 1
    os.makedirs(work, exist_ok=True)
    with open(os.path.join(work, "derived_cases.json"), "w") as f:
        json.dump(result, f, indent=1, sort_keys=True)
    return result


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--edgec", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--filter", default=None)
    ap.add_argument("--jobs", type=int, default=2)
    args = ap.parse_args(argv)
    r = derive(os.path.abspath(args.edgec) if os.sep in args.edgec else args.edgec,
               os.path.abspath(args.work), args.filter, args.jobs)
    for suite, _ in suites():
        n = sum(1 for c in r["cases"] if c["suite"] == suite)
        print("%s: %d cases derived; skipped %s" % (suite, n, json.dumps(r["skipped"].get(suite, {}))))
    for e in r["inspect_errors"]:
        print("inspect error: %s/%s: %s" % (e["suite"], e["case"], e["error"]))
    print("wrote %s" % os.path.join(os.path.abspath(args.work), "derived_cases.json"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
