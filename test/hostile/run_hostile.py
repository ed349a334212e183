#!/usr/bin/env python3
"""Runs edgec on the hostile-input corpus (cases.json, built by make_corpus.py).

Usage: run_hostile.py --edgec PATH --work DIR [--timeout S] [--filter SUBSTR]

For every case `edgec compile` must, within the timeout (a hang fails): exit with the
expected code (never 3, never a signal); print exactly one stderr line containing
`error:`, matching the case's regex; leave no output folder (or, for a pre-created
edgec output, leave it byte-identical) and no staging folder. External-data cases run
under `strace -f -e trace=open,openat` when strace works here, and fail if a file named
like the case's `outside` files was opened outside the model's folder. `edgec inspect`
must exit 0 or 1 on every case. Prints a table and `N passed, M failed`; exits 1 on any
failure.
"""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
OPEN_RE = re.compile(r'open(?:at)?\((?:[^,]*, )?"((?:[^"\\]|\\.)*)"')


def strace_works():
    if not shutil.which("strace"):
        return False
    probe = subprocess.run(["strace", "-f", "-qq", "-e", "trace=openat", "-o", os.devnull, "true"],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return probe.returncode == 0


def run(cmd, timeout, env=None):
    """(returncode or None on timeout, stderr text)."""
    try:
        p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=timeout, env=env)
    except subprocess.TimeoutExpired:
        return None, ""
    return p.returncode, p.stderr.decode(errors="replace")


def snapshot(folder):
    """Every file under `folder` with its bytes (None if the folder does not exist)."""
    if not os.path.isdir(folder):
        return None
    files = {}
    for root, _, names in os.walk(folder):
        for n in names:
            path = os.path.join(root, n)
            with open(path, "rb") as f:
                files[os.path.relpath(path, folder)] = f.read()
    return files


def outside_opens(trace_file, model_dir, names):
    """Paths named like `names` that the trace shows opened outside `model_dir`."""
    bad = []
    with open(trace_file, errors="replace") as f:
        for line in f:
            m = OPEN_RE.search(line)
            if not m:
                continue
            path = m.group(1)
            absolute = os.path.realpath(os.path.join(model_dir, path))
            if os.path.basename(path) in names and not absolute.startswith(model_dir + os.sep):
                bad.append(path)
    return bad


def check_case(case, args, traced):
    """Problems found with one case (empty: passed) and the error message."""
    problems = []
    model = os.path.join(HERE, case["file"])
    model_dir = os.path.realpath(os.path.dirname(model))
    work = os.path.join(args.work, case["name"])
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    out = os.path.join(work, "out")
    before = None
    if case.get("precreated_output"):
        os.makedirs(out)
        for name, text in (("report.json", '{"model": "earlier"}\n'), ("earlier.cpp", "// kept\n")):
            with open(os.path.join(out, name), "w") as f:
                f.write(text)
        before = snapshot(out)

    cmd = [args.edgec, "compile", model, "-t", "host", "-o", out] + case["args"]
    trace_file = os.path.join(work, "strace.txt")
    env = None
    if traced and case.get("outside"):
        cmd = ["strace", "-f", "-qq", "-e", "trace=open,openat", "-o", trace_file] + cmd
        # LeakSanitizer cannot run under ptrace: a sanitized edgec would abort at exit.
        env = dict(os.environ)
        env["ASAN_OPTIONS"] = ":".join(filter(None, [env.get("ASAN_OPTIONS"), "detect_leaks=0"]))
    rc, err = run(cmd, args.timeout, env)
    errors = [l for l in err.splitlines() if "error:" in l]
    message = errors[0].split("error:", 1)[1].strip() if errors else ""
    if rc is None:
        problems.append("hang: no exit within %ss" % args.timeout)
    elif rc < 0:
        problems.append("killed by signal %d" % -rc)
    elif rc != case["exit"]:
        problems.append("exit %d, expected %d" % (rc, case["exit"]))
    if rc is not None:
        if len(errors) != 1:
            problems.append("%d error lines, expected 1: %r" % (len(errors), err[-300:]))
        elif not re.search(case["message"], message):
            problems.append("message does not match /%s/" % case["message"])
    if before is not None:
        if snapshot(out) != before:
            problems.append("the pre-existing output folder changed")
    elif os.path.exists(out):
        problems.append("partial output: %s exists" % out)
    leftovers = [n for n in os.listdir(work) if n.startswith("out.")]
    if leftovers:
        problems.append("staging left behind: %s" % ", ".join(leftovers))
    if traced and case.get("outside") and os.path.exists(trace_file):
        bad = outside_opens(trace_file, model_dir, set(case["outside"]))
        if bad:
            problems.append("opened outside the model's folder: %s" % ", ".join(sorted(set(bad))))

    # inspect reads the same files: it may report, never crash.
    shapes = [a for i, a in enumerate(case["args"])
              if a == "--input-shape" or (i and case["args"][i - 1] == "--input-shape")]
    irc, _ = run([args.edgec, "inspect", model] + shapes, args.timeout)
    if irc is None:
        problems.append("inspect hangs")
    elif irc not in (0, 1):
        problems.append("inspect exit %d" % irc)
    return problems, rc, message


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edgec", required=True)
    parser.add_argument("--work", required=True)
    parser.add_argument("--timeout", type=float, default=60)
    parser.add_argument("--filter", default="")
    args = parser.parse_args()
    args.edgec = os.path.abspath(args.edgec)
    args.work = os.path.abspath(args.work)
    with open(os.path.join(HERE, "cases.json")) as f:
        cases = [c for c in json.load(f) if args.filter in c["name"]]
    traced = strace_works()
    if not traced:
        print("note: strace is not usable here; external-data reads are not traced")

    failed = 0
    print("%-28s | %-4s | %s" % ("case", "exit", "message"))
    print("%s-|-%s-|-%s" % ("-" * 28, "-" * 4, "-" * 60))
    for case in cases:
        problems, rc, message = check_case(case, args, traced)
        print("%-28s | %-4s | %s" % (case["name"], "-" if rc is None else rc, message[:100]))
        for p in problems:
            print("    FAIL: " + p)
        failed += bool(problems)
    print("%d passed, %d failed" % (len(cases) - failed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
