#!/usr/bin/env python3
"""End-to-end test of models on raw file bytes (models/real_models.json "byte_models"): Google's
Magika content-type classifier (from its PyPI wheel) on real files of several kinds (this
project's sources, scripts, JSON, CMake, an ONNX model, a PNG picture, espeak-ng speech as WAV,
the edgec executable itself), its features extracted as Magika's own Python does (the first and
last `beg_size` / `end_size` bytes of the stripped content, padded with `padding_token`).

The model is compiled once for one file, then each file runs through the harness and through
onnxruntime (one thread). A file passes iff the probabilities agree within
1e-4 x max(1, max |onnxruntime|) and both pick the same content type. Prints one line per file
(the type both found, its probability, the error) and ends with "N passed, N failed".
"""
import json
import pathlib
import shutil
import subprocess
import sys

import numpy as np

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT / "scripts"))
import real_models  # noqa: E402
from run_e2e import ErrorRange, Failure, build_harness, model_work_dir, compare, ort_session, run_harness, run_tallied  # noqa: E402

WHITESPACE = b" \t\n\r\x0b\x0c"


def features(content, config):
    """Magika's input for one file: the first and the last bytes of the stripped content."""
    beg_size, end_size, pad = config["beg_size"], config["end_size"], config["padding_token"]
    block = config["block_size"]
    beg = list(content[:block].lstrip(WHITESPACE)[:beg_size])
    end = list(content[-block:].rstrip(WHITESPACE)[-end_size:]) if end_size else []
    beg += [pad] * (beg_size - len(beg))
    end = [pad] * (end_size - len(end)) + end
    return np.array([beg + end], dtype=np.int32)


def sample_files(args, work):
    wav = work / "speech.wav"
    if shutil.which("espeak-ng"):
        subprocess.run(["espeak-ng", "-w", str(wav), "A file type classifier reads bytes."], check=True)
    files = [ROOT / "README.md", ROOT / "compiler" / "import" / "OnnxImporter.cpp", ROOT / "scripts" / "setup.sh",
             ROOT / "scripts" / "real_models.py", ROOT / "models" / "real_models.json", ROOT / "CMakeLists.txt",
             ROOT / "models" / "tiny_cnn.onnx", ROOT / "models" / "third_party" / "images" / "page.png",
             wav, pathlib.Path(args.edgec)]
    missing = [str(f) for f in files if not f.is_file()]
    if missing:
        raise Failure("missing sample files (run scripts/setup.sh): " + ", ".join(missing))
    return files


def run_model(model, args, tally):
    name = model["name"]
    work = model_work_dir(args, name, model["path"])
    config = json.loads(model["config"].read_text())
    labels = config["target_labels_space"]
    width = config["beg_size"] + config["mid_size"] + config["end_size"]
    exe = build_harness(args, model["path"], work / "out", name, {model["input"]: [1, width]})
    sess = ort_session(model["path"])
    errors = ErrorRange()
    for path in sample_files(args, work):
        x = features(path.read_bytes(), config)
        ref = sess.run(None, {model["input"]: x})[0]
        try:
            got = run_harness(exe, [x], work)[0]  # files under work/result
        except Failure as e:
            tally.fail("%s %s" % (name, path.name), e)
            continue
        ok, err, msg = compare(got, ref)
        errors.add("probabilities", got, ref)
        want, have = labels[int(ref.argmax())], labels[int(got.argmax())]
        if not ok or want != have:
            tally.fail("%s %s" % (name, path.name), msg or "onnxruntime says %s, edgec %s" % (want, have))
        else:
            tally.ok("%s %s: %s (p %.3f on both), max abs error %.2g" % (name, path.name, have, float(got.max()), err))
    print("%s over all files: max abs error %s" % (name, errors))


def main(argv=None):
    return run_tallied(real_models.load_byte_models(), run_model, argv, __doc__)


if __name__ == "__main__":
    sys.exit(main())
