#!/usr/bin/env python3
"""Deterministic real-input data sets for int8 post-training quantization: a calibration set and
a disjoint held-out evaluation set per model.

    quant_data.py make NAME --out DIR [--calibration N] [--eval M]
    quant_data.py make-all --out DIR [--calibration N] [--eval M]   (DIR/NAME for each model)
    quant_data.py list

NAME is a model of models/real_models.json or `tiny_cnn` (models/tiny_cnn.onnx). `make` writes
DIR/calibration/sample_0000.npy ... and DIR/eval/sample_0000.npy ... (one array per sample, the
model's input shape, float32; a model with several inputs gets one .npz per sample with arrays
named by graph input), and DIR/samples.json: the model, and for each sample its recipe (image,
crop box, rotation, preprocessing; for the orientation and line-direction classifiers also
`label`, the index of the class the rotation makes true). `edgec compile --calibration
DIR/calibration` and scripts/compare_quant.py read these folders.

Every sample is a crop of a real picture from the pinned scikit-image wheel (models/third_party/
images, fetched by `real_models.py fetch`), preprocessed by the model's own preprocessing
(scripts/real_models.py's functions):

  document pages (orientation classifier, text detector, layout detector): crops of page.png and
    text.png at random positions and scales; the orientation classifier's crops are rotated by
    0/90/180/270 degrees in turn;
  text lines (line-direction classifier, recogniser): the rows of page.png that a horizontal
    projection profile finds, cut at random start and width with random vertical margins; the
    line classifier's crops are rotated by 180 degrees in every other sample;
  tiny_cnn (random weights, 3x16x16): crops of the natural pictures (camera, astronaut, coffee,
    chelsea), ImageNet normalisation.

Calibration and evaluation never share a crop and, where the picture allows, not a source region
either: text lines are split between the two sets (every third line calibrates, the others
evaluate); page and picture crops centre in the left half of the picture for calibration and in
the right half for evaluation. Seeds are fixed (the set and the model's name), so the same command
writes the same files.
"""
import argparse
import json
import pathlib
import shutil
import sys
import zlib

import numpy as np

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import real_models  # noqa: E402

PAGES = ["page.png", "text.png"]            # document pictures
LINE_PAGES = ["page.png"]                  # text.png's lines slant: no clean rows to cut
PICTURES = ["camera.png", "astronaut.png", "coffee.png", "chelsea.png"]

# name -> (kind of data, default calibration count, default eval count)
KINDS = {
    "pp_lcnet_orientation": ("page_rotations", 32, 200),
    "ppocr_mobilenetv3_cls": ("line_flips", 32, 200),
    "ppocrv4_det": ("pages", 16, 24),
    "picodet_layout_cdla": ("pages", 16, 24),
    "ppocrv4_rec": ("lines", 16, 24),
    "tiny_cnn": ("pictures", 32, 200),
}
SETS = ("calibration", "eval")


def tiny_cnn_entry() -> dict:
    import onnx
    path = real_models.ROOT / "models" / "tiny_cnn.onnx"
    m = onnx.load(str(path), load_external_data=False)
    inits = {t.name for t in m.graph.initializer}
    inputs = {i.name: [d.dim_value for d in i.type.tensor_type.shape.dim]
              for i in m.graph.input if i.name not in inits}
    return {"name": "tiny_cnn", "path": path, "inputs": inputs,
            "sample": {"preprocess": "imagenet_resize"}, "task": "random-weight 10-class CNN"}


def models() -> dict:
    """name -> entry (as real_models.load() gives it), every model this script knows."""
    out = {m["name"]: m for m in real_models.load(require_files=False)}
    out["tiny_cnn"] = tiny_cnn_entry()
    return out


def image_size(name):
    from PIL import Image
    with Image.open(real_models.IMAGES / name) as img:
        return img.size


def text_lines(name, min_height=8, threshold=0.05):
    """Rows of text in a picture as (top, bottom) pixel ranges: the share of ink pixels (darker
    than a 25x25 box blur of the picture by 20 levels) per row above `threshold`, rows closer
    than 3 pixels merged, bands lower than `min_height` dropped."""
    from PIL import Image, ImageFilter
    img = Image.open(real_models.IMAGES / name).convert("L")
    g = np.asarray(img, np.float32)
    background = np.asarray(img.filter(ImageFilter.BoxBlur(12)), np.float32)
    profile = (g < background - 20).mean(axis=1)
    rows = np.flatnonzero(profile > threshold)
    bands = []
    for r in rows:
        if bands and r - bands[-1][1] <= 3:
            bands[-1][1] = r + 1
        else:
            bands.append([r, r + 1])
    return [(int(a), int(b)) for a, b in bands if b - a >= min_height]


def region_crop(rng, size, which, min_frac, max_frac, aspect=None):
    """A crop box [l, t, r, b] of a picture of `size`: width a random fraction of the picture's,
    height too (or width / aspect), its centre in the picture's left half for calibration and
    right half for evaluation (as far as the box's size allows)."""
    W, H = size
    w = int(round(W * rng.uniform(min_frac, max_frac)))
    h = int(round(w / aspect)) if aspect else int(round(H * rng.uniform(min_frac, max_frac)))
    w, h = max(8, min(w, W)), max(8, min(h, H))
    lo, hi = (w / 2, W / 2) if which == "calibration" else (W / 2, W - w / 2)
    cx = rng.uniform(min(lo, hi), max(lo, hi))
    left = int(np.clip(round(cx - w / 2), 0, W - w))
    top = int(rng.integers(0, H - h + 1))
    return [left, top, left + w, top + h]


def line_crop(rng, size, band):
    """A piece of a text line: random start and width (at least 3 line heights), 1-6 pixels of
    margin above and below."""
    W, H = size
    top, bottom = band
    h = bottom - top
    w = int(rng.integers(min(W, 3 * h), W + 1))
    left = int(rng.integers(0, W - w + 1))
    return [left, max(0, top - int(rng.integers(1, 7))), left + w, min(H, bottom + int(rng.integers(1, 7)))]


def recipes(kind: str, which: str, n: int, seed: int, exclude=frozenset()) -> list:
    """n sample recipes (dicts real_models' preprocessing reads: image, crop, rotate), none of
    whose (image, crop box) is in `exclude`."""
    rng = np.random.default_rng([seed, SETS.index(which)])
    out, seen = [], set()

    def add(r):
        key = json.dumps(r, sort_keys=True)
        if key in seen or (r["image"], tuple(r["crop"])) in exclude:
            return False
        seen.add(key)
        out.append(r)
        return True

    if kind in ("lines", "line_flips"):
        bands = [(img, band) for img in LINE_PAGES for band in text_lines(img)]
        # Every third line calibrates, the others evaluate.
        bands = [b for i, b in enumerate(bands) if (i % 3 == 1) == (which == "calibration")]
        i = 0
        while len(out) < n:
            img, band = bands[i % len(bands)]
            r = {"image": img, "crop": line_crop(rng, image_size(img), band)}
            if kind == "line_flips":  # label: the class index, 0 (0 degrees) or 1 (180)
                r["label"] = i % 2
                if i % 2 == 1:
                    r["rotate"] = 180
            i += add(r)
        return out
    images = PICTURES if kind == "pictures" else PAGES
    i = 0
    while len(out) < n:
        img = images[i % len(images)]
        if kind == "pictures":
            box = region_crop(rng, image_size(img), which, 0.1, 0.5, aspect=1.0)
        else:
            box = region_crop(rng, image_size(img), which, 0.45, 1.0)
        r = {"image": img, "crop": box}
        if kind == "page_rotations":  # label: the class index of 0/90/180/270
            r["rotate"] = 90 * (i % 4)
            r["label"] = i % 4
        i += add(r)
    return out


def make(name: str, out: pathlib.Path, n_cal=None, n_eval=None, quiet=False) -> dict:
    entry = models()[name]
    kind, d_cal, d_eval = KINDS[name]
    counts = {"calibration": d_cal if n_cal is None else n_cal, "eval": d_eval if n_eval is None else n_eval}
    preprocess = real_models.PREPROCESS[entry["sample"]["preprocess"]]
    seed = zlib.crc32(name.encode())
    out.mkdir(parents=True, exist_ok=True)
    listing = {"model": name, "file": str(entry["path"]), "kind": kind,
               "inputs": entry["inputs"], "preprocess": entry["sample"]["preprocess"]}
    boxes = set()  # the calibration crops, which no eval sample may use
    for which in SETS:
        folder = out / which
        if folder.exists():
            shutil.rmtree(folder)
        folder.mkdir(parents=True)
        listing[which] = []
        chosen = recipes(kind, which, counts[which], seed, frozenset(boxes))
        boxes.update((r["image"], tuple(r["crop"])) for r in chosen)
        for k, r in enumerate(chosen):
            sample = dict(r, preprocess=entry["sample"]["preprocess"])
            arrays = {}
            for input_name, shape in entry["inputs"].items():
                x = preprocess(sample, shape)
                assert list(x.shape) == list(shape), (name, x.shape, shape)
                arrays[input_name] = x
            if len(arrays) == 1:
                path = folder / ("sample_%04d.npy" % k)
                np.save(path, next(iter(arrays.values())))
            else:
                path = folder / ("sample_%04d.npz" % k)
                np.savez(path, **arrays)
            listing[which].append(dict(r, file=str(path.relative_to(out))))
    (out / "samples.json").write_text(json.dumps(listing, indent=1) + "\n")
    if not quiet:
        print("%-22s %3d calibration, %3d eval samples (%s) -> %s"
              % (name, counts["calibration"], counts["eval"], kind, out))
    return listing


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("command", choices=["make", "make-all", "list"])
    ap.add_argument("name", nargs="?", help="the model, for make")
    ap.add_argument("--out", help="output folder (make-all: one subfolder per model)")
    ap.add_argument("--calibration", type=int, help="calibration samples (default: per model)")
    ap.add_argument("--eval", type=int, help="held-out evaluation samples (default: per model)")
    args = ap.parse_args(argv)
    known = models()
    if args.command == "list":
        for name, (kind, c, e) in KINDS.items():
            print("%-22s %-15s %3d calibration %3d eval  %s" % (name, kind, c, e, known[name]["path"]))
        return 0
    if not args.out:
        ap.error("--out is required")
    missing = [img for img in PAGES + PICTURES if not (real_models.IMAGES / img).is_file()]
    if missing:
        print("quant_data.py: %s missing from %s: run scripts/real_models.py fetch"
              % (", ".join(missing), real_models.IMAGES), file=sys.stderr)
        return 2
    if args.command == "make":
        if args.name not in KINDS:
            print("quant_data.py: no model named %r (known: %s)" % (args.name, ", ".join(KINDS)), file=sys.stderr)
            return 2
        make(args.name, pathlib.Path(args.out), args.calibration, args.eval)
    else:
        for name in KINDS:
            make(name, pathlib.Path(args.out) / name, args.calibration, args.eval)
    return 0


if __name__ == "__main__":
    sys.exit(main())
