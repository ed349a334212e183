#!/usr/bin/env python3
"""Runs `edgec inspect --json` on every ONNX node test model; checks it never crashes.

Usage: test_inspect_all.py --edgec PATH [--jobs 2] [--root DIR ...]

Models: every model.onnx under /usr/share/libonnx-testdata/data/node and the onnx
wheel's onnx/backend/test/data/node (roots that do not exist are skipped; --root
replaces them). A model passes iff edgec exits 0 or 1 (never a signal, a crash or 3),
stdout is valid JSON with a "nodes" list, and every node has a status in
{imported, unsupported, blocked} and a non-empty "reason" when it is not imported.

Prints the counts (models, nodes, imported/unsupported/blocked) and
"N passed, N failed" (models); exits 0 iff every model passed.
"""

import argparse
import collections
import concurrent.futures
import glob
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
DEFAULT_ROOTS = [
    "/usr/share/libonnx-testdata/data/node",
    os.path.join(REPO, ".venv", "lib", "python3.11", "site-packages", "onnx", "backend", "test",
                 "data", "node"),
]
STATUSES = ("imported", "unsupported", "blocked")


def check_model(edgec, path, timeout):
    """Returns (problem or None, [node statuses])."""
    try:
        p = subprocess.run([edgec, "inspect", "--json", path], stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, timeout=timeout)
    except subprocess.TimeoutExpired:
        return "timed out after %ds" % timeout, []
    except OSError as e:
        return "cannot run edgec: %s" % e, []
    err = p.stderr.decode(errors="replace").strip()
    if p.returncode < 0:
        return "killed by signal %d%s" % (-p.returncode, (": " + err[-300:]) if err else ""), []
    if p.returncode not in (0, 1):
        return "exit status %d%s" % (p.returncode, (": " + err[-300:]) if err else ""), []
    try:
        report = json.loads(p.stdout.decode(errors="replace"))
    except ValueError as e:
        return "stdout is not JSON (%s): %r" % (e, p.stdout[:200]), []
    nodes = report.get("nodes") if isinstance(report, dict) else None
    if not isinstance(nodes, list):
        return "no \"nodes\" list in the report", []
    statuses = []
    for k, n in enumerate(nodes):
        if not isinstance(n, dict):
            return "node %d is not an object" % k, statuses
        status = n.get("status")
        label = "node %d (%s '%s')" % (k, n.get("op"), n.get("name"))
        if status not in STATUSES:
            return "%s: status %r" % (label, status), statuses
        reason = n.get("reason")
        if status != "imported" and not (isinstance(reason, str) and reason.strip()):
            return "%s: status %s without a reason" % (label, status), statuses
        statuses.append(status)
    return None, statuses


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--edgec", required=True)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--timeout", type=int, default=60, help="seconds per model")
    ap.add_argument("--root", action="append", default=None,
                    help="folder searched for */model.onnx (repeatable)")
    args = ap.parse_args()

    roots = [r for r in (args.root or DEFAULT_ROOTS) if os.path.isdir(r)]
    models = []
    for r in roots:
        models += sorted(glob.glob(os.path.join(r, "**", "model.onnx"), recursive=True))
    if not models:
        print("no model.onnx found under %s" % ", ".join(args.root or DEFAULT_ROOTS))
        print("0 passed, 1 failed")
        return 1

    counts = collections.Counter()
    failures = []
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        results = pool.map(lambda m: (m, check_model(args.edgec, m, args.timeout)), models)
        for model, (problem, statuses) in results:
            counts.update(statuses)
            if problem:
                failures.append((model, problem))

    for model, problem in failures:
        print("FAIL %s: %s" % (model, problem))
    nodes = sum(counts.values())
    print("roots: %s" % ", ".join(roots))
    print("models: %d, nodes: %d (imported %d, unsupported %d, blocked %d)" % (
        len(models), nodes, counts["imported"], counts["unsupported"], counts["blocked"]))
    print("%d passed, %d failed" % (len(models) - len(failures), len(failures)))
    return 0 if not failures else 1


if __name__ == "__main__":
    sys.exit(main())
