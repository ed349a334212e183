#!/usr/bin/env python3
"""report.html, the memory report page, against the report.json beside it.

Usage: test_report_html.py --edgec PATH --work DIR [MODEL.onnx[:NAME=DIMS,...] ...]

Without models: models/tiny_cnn.onnx, every real model of models/real_models.json whose file
exists (input shapes from its "inputs"), and a model written here whose node and tensor names
hold XML's special characters. For each, `edgec compile` and then checks that report.html
  1. parses as XML (xml.etree.ElementTree) and fetches nothing (no src/href, no <link>);
  2. has one <rect class="tensor"> per memory.timeline entry, in timeline order within the
     <svg class="lifetime"> panel of its pool (one panel per pool), with data-tensor, -pool,
     -offset, -size, -first, -last equal to the entry's, and x, y, width, height equal to the
     mapping documented in targets/emit/ReportHtml.h, from the panel's data-x0,
     data-px-per-call, data-y0, data-px-per-byte, data-min-height, within 0.01 px;
  3. has one <rect class="layer-bar"> per layers[] entry (data-layer = its index), of height
     live_bytes (else working_set_bytes), or else the sum of the sizes of the timeline entries live at that call,
     times the chart's data-px-per-byte (same tolerance), and x/width per the mapping;
  4. names every layer in the layer table, and for the hostile-names model, holds the names
     unchanged after XML unescaping.
Python standard library only. Ends with "N passed, N failed"; exit status 0 iff all passed.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET

ROOT = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
SVG = "{http://www.w3.org/2000/svg}"
XHTML = "{http://www.w3.org/1999/xhtml}"
TOL = 0.01
HOSTILE = "a<b&\"c'>\u00e9"


# ---- A tiny ONNX writer (protobuf wire format by hand) for the hostile-names model.
def _varint(n):
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        out.append(b | (0x80 if n else 0))
        if not n:
            return bytes(out)


def _field(num, value):
    if isinstance(value, int):
        return _varint(num << 3) + _varint(value)
    if isinstance(value, str):
        value = value.encode()
    return _varint(num << 3 | 2) + _varint(len(value)) + value


def _value_info(name, dims):
    shape = b"".join(_field(1, _field(1, d)) for d in dims)
    tensor = _field(1, 1) + _field(2, shape)  # elem_type FLOAT, shape
    return _field(1, name) + _field(2, _field(1, tensor))


def hostile_model(path):
    dims = [1, 4, 8, 8]
    nodes = [("x", HOSTILE + ":t", "Relu", HOSTILE),
             (HOSTILE + ":t", "u&v", "Sigmoid", "<sig>"),
             ("u&v", "y", "Relu", "r2\"")]
    graph = b"".join(_field(1, _field(1, i) + _field(2, o) + _field(3, n) + _field(4, op))
                     for i, o, op, n in nodes)
    graph += _field(2, "g") + _field(11, _value_info("x", dims)) + _field(12, _value_info("y", dims))
    model = _field(1, 8) + _field(2, "test_report_html") + _field(7, graph) + \
        _field(8, _field(1, "") + _field(2, 13))
    with open(path, "wb") as f:
        f.write(model)


# ---- Checks.
def close(a, b):
    return abs(float(a) - float(b)) <= TOL


def check_page(html_path, report):
    """Returns a list of problems (empty when the page matches the report)."""
    problems = []
    with open(html_path, "rb") as f:
        text = f.read()
    if not text.startswith(b"<!DOCTYPE html>"):
        problems.append("does not start with <!DOCTYPE html>")
    try:
        root = ET.fromstring(text)
    except ET.ParseError as e:
        return problems + ["not well-formed XML: %s" % e]
    if root.tag != XHTML + "html":
        problems.append("root element is %s, not XHTML html" % root.tag)
    for el in root.iter():
        if "src" in el.attrib or "href" in el.attrib or el.tag.endswith("}link"):
            problems.append("fetches something: <%s %s>" % (el.tag, el.attrib))

    memory = report.get("memory") or {}
    timeline = memory.get("timeline") or []
    layers = report.get("layers") or []

    # Lifetime panels: one per pool, rects in timeline order within each.
    panels = [s for s in root.iter(SVG + "svg") if "lifetime" in s.get("class", "").split()]
    pools_seen = [p.get("data-pool") for p in panels]
    if len(set(pools_seen)) != len(pools_seen):
        problems.append("two lifetime panels for one pool: %s" % pools_seen)
    for pool in sorted({e.get("pool", "arena") for e in timeline}):
        if pool not in pools_seen:
            problems.append("no lifetime panel for pool %r" % pool)
    total = 0
    for panel in panels:
        pool = panel.get("data-pool")
        x0, ppc = float(panel.get("data-x0")), float(panel.get("data-px-per-call"))
        y0, ppb = float(panel.get("data-y0")), float(panel.get("data-px-per-byte"))
        min_h = float(panel.get("data-min-height"))
        rects = [r for r in panel.iter(SVG + "rect") if r.get("class") == "tensor"]
        entries = [e for e in timeline if e.get("pool", "arena") == pool]
        total += len(rects)
        if len(rects) != len(entries):
            problems.append("pool %r: %d tensor boxes for %d timeline entries"
                            % (pool, len(rects), len(entries)))
            continue
        for r, e in zip(rects, entries):
            want = {"data-tensor": e["tensor"], "data-pool": pool}
            for k in ("offset", "size", "first", "last"):
                want["data-" + k] = str(e[k])
            got = {k: r.get(k) for k in want}
            if got != want:
                problems.append("box %s != entry %s" % (got, want))
                continue
            h = max(min_h, e["size"] * ppb)
            geometry = {"x": x0 + e["first"] * ppc, "width": (e["last"] - e["first"] + 1) * ppc,
                        "height": h, "y": y0 - e["offset"] * ppb - h}
            bad = {k: (r.get(k), round(v, 3)) for k, v in geometry.items() if not close(r.get(k), v)}
            if bad:
                problems.append("box of %r (offset %d, calls %d..%d) misplaced: %s"
                                % (e["tensor"], e["offset"], e["first"], e["last"], bad))
            title = r.find(SVG + "title")
            if title is None or e["tensor"] not in (title.text or ""):
                problems.append("box of %r: no <title> naming it" % e["tensor"])
    if total != len(timeline):
        problems.append("%d tensor boxes for %d timeline entries" % (total, len(timeline)))

    # Working-set chart: one bar per layer.
    charts = [s for s in root.iter(SVG + "svg") if "working-set" in s.get("class", "").split()]
    if layers and len(charts) != 1:
        problems.append("%d working-set charts, want 1" % len(charts))
    bars = [r for r in root.iter(SVG + "rect") if "layer-bar" in r.get("class", "").split()]
    if len(bars) != len(layers):
        problems.append("%d layer bars for %d layers" % (len(bars), len(layers)))
    elif layers:
        c = charts[0]
        x0, ppc = float(c.get("data-x0")), float(c.get("data-px-per-call"))
        y0, ppb = float(c.get("data-y0")), float(c.get("data-px-per-byte"))
        inset, width = float(c.get("data-bar-inset")), float(c.get("data-bar-width"))
        for i, (bar, layer) in enumerate(zip(bars, layers)):
            want = layer.get("live_bytes", layer.get("working_set_bytes"))
            if want is None:
                want = sum(e["size"] for e in timeline if e["first"] <= i <= e["last"])
            h = want * ppb
            geometry = {"x": x0 + (i + inset) * ppc, "width": width * ppc, "height": h, "y": y0 - h}
            bad = {k: (bar.get(k), round(v, 3)) for k, v in geometry.items() if not close(bar.get(k), v)}
            if bar.get("data-layer") != str(i) or bar.get("data-bytes") != str(want) or bad:
                problems.append("bar %d (%s): data-layer %s, data-bytes %s (want %d), %s"
                                % (i, layer.get("name"), bar.get("data-layer"), bar.get("data-bytes"),
                                   want, bad))
            title = bar.find(SVG + "title")
            if title is None or layer.get("name", "") not in (title.text or ""):
                problems.append("bar %d: no <title> naming %r" % (i, layer.get("name")))

    # Layer table: every name, in order.
    tables = [t for t in root.iter(XHTML + "table") if t.get("class") == "layers"]
    if layers:
        names = [tr.findall(XHTML + "td")[1].text or "" for t in tables for tr in t.iter(XHTML + "tr")
                 if len(tr.findall(XHTML + "td")) > 1]
        want_names = [l.get("name", "") for l in layers]
        if len(tables) != 1 or names != want_names:
            problems.append("layer table: %d tables, names %s... != %s..."
                            % (len(tables), names[:3], want_names[:3]))
    return problems[:20]


def default_models(work):
    models = [(os.path.join(ROOT, "models", "tiny_cnn.onnx"), [])]
    manifest = os.path.join(ROOT, "models", "real_models.json")
    if os.path.exists(manifest):
        with open(manifest) as f:
            for m in json.load(f).get("models", []):
                shapes = ["%s=%s" % (k, "x".join(map(str, v))) for k, v in m.get("inputs", {}).items()]
                models.append((os.path.join(ROOT, m["file"]), shapes))
    hostile = os.path.join(work, "hostile_names.onnx")
    hostile_model(hostile)
    models.append((hostile, []))
    return models


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--edgec", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("models", nargs="*", help="MODEL.onnx[:NAME=DIMS,...] (input shapes)")
    args = ap.parse_args()
    os.makedirs(args.work, exist_ok=True)
    if args.models:
        models = []
        for spec in args.models:
            path, _, shapes = spec.partition(":")
            models.append((path, [s for s in shapes.split(",") if s]))
    else:
        models = default_models(args.work)

    passed = failed = 0
    for path, shapes in models:
        label = os.path.basename(path)
        if not os.path.exists(path):
            print("SKIP %s (missing)" % label)
            continue
        out = os.path.join(args.work, os.path.splitext(label)[0].replace(".", "_"))
        shutil.rmtree(out, ignore_errors=True)
        cmd = [args.edgec, "compile", path, "-o", out, "--name", "model", "--quiet"]
        for s in shapes:
            cmd += ["--input-shape", s]
        p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=300)
        problems = []
        if p.returncode != 0:
            problems.append("$ %s\nexit %d\n%s" % (" ".join(cmd), p.returncode,
                                                  p.stdout.decode(errors="replace")[-3000:]))
        else:
            with open(os.path.join(out, "report.json"), encoding="utf-8") as f:
                report = json.load(f)
            problems = check_page(os.path.join(out, "report.html"), report)
            if label == "hostile_names.onnx":
                tensors = {e["tensor"] for e in report["memory"]["timeline"]}
                layer_names = {l["name"] for l in report["layers"]}
                if not any(c in "".join(tensors | layer_names) for c in "<&\"'"):
                    problems.append("the hostile names did not reach the report: %s %s"
                                    % (sorted(tensors), sorted(layer_names)))
        n_t = len(((report.get("memory") or {}).get("timeline") or [])) if not p.returncode else 0
        if problems:
            failed += 1
            print("FAIL %s\n  %s" % (label, "\n  ".join(problems)))
        else:
            passed += 1
            print("PASS %s (%d tensors, %d layers)" % (label, n_t, len(report.get("layers") or [])))
    print("%d passed, %d failed" % (passed, failed))
    return 0 if failed == 0 and passed > 0 else 1


if __name__ == "__main__":
    sys.exit(main())
