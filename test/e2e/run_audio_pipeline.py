#!/usr/bin/env python3
"""End-to-end test of a multi-model audio pipeline (models/real_models.json "pipelines"):
openWakeWord's mel spectrogram (an ONNX graph of STFT convs, power, mel matrix, log, top-dB
clip), its speech-embedding network and four wake-word / intent classifiers, driven over
spoken phrases (espeak-ng) exactly as openWakeWord's own Python does it, once with every model
run by onnxruntime and once with every model compiled by edgec.

Per phrase (4 s at 16 kHz, the phrase after 0.5 s of silence, as int16-scaled floats):
  features  = melspectrogram(audio) / 10 + 2               [frames, 32]
  windows   = 76 frames every 8 frames -> embedding model -> [windows, 96]
  score_c   = classifier c on its last N embeddings (N = its input's dim 1)
Each edgec stage reads the edgec side's previous output, so errors would compound as they do on
a device. Passes iff every decision (score > 0.5) equals onnxruntime's, and every classifier
output agrees within 1e-3 absolute (espeak-ng's voice is far from the speech these wake words
were trained on: their scores stay low on both sides, so the scores are what the test holds); prints the decision table, the largest error of each stage and the
pipeline's host time per phrase on both sides. Ends with "N passed, N failed".
"""
import pathlib
import sys
import time

import numpy as np

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent.parent / "scripts"))
import real_models  # noqa: E402
from run_e2e import ErrorRange, Failure, build_harness, model_work_dir, ort_session, run_each, run_harness  # noqa: E402
from run_stream_models import speech_clip  # noqa: E402

RATE = 16000
SAMPLES = 4 * RATE
WINDOW, STRIDE = 76, 8
PHRASES = {"alexa": "Alexa.", "hey_mycroft": "Hey Mycroft.", "weather": "What is the weather today?",
           "timer": "Set a timer for five minutes.", "none": "The quick brown fox jumps over the lazy dog."}
SCORE_ATOL = 1e-3


def score(out):
    """A classifier's wake score: its one output, or for a multi-class one (timer: class 0 is
    "no timer") the best of the other classes."""
    return float(out[0]) if out.size == 1 else float(out[1:].max())


def windows(features):
    """Embedding-model inputs: WINDOW-frame windows every STRIDE frames, [n, 76, 32, 1]."""
    starts = range(0, features.shape[0] - WINDOW + 1, STRIDE)
    return np.stack([features[s:s + WINDOW] for s in starts])[..., None].astype(np.float32)


def run_pipeline(pipeline, args):
    work = model_work_dir(args, pipeline["name"], pipeline["features"], pipeline["embedding"],
                          *pipeline["classifiers"].values())
    ort_mel, ort_emb = ort_session(pipeline["features"]), ort_session(pipeline["embedding"])
    ort_cls = {c: ort_session(p) for c, p in pipeline["classifiers"].items()}
    frames = ort_mel.run(None, {"input": np.zeros((1, SAMPLES), np.float32)})[0].squeeze().shape[0]
    n_windows = len(range(0, frames - WINDOW + 1, STRIDE))

    # edgec: one harness per model, for the pipeline's fixed shapes.
    exe_mel = build_harness(args, pipeline["features"], work / "mel", "mel", {"input": [1, SAMPLES]})
    exe_emb = build_harness(args, pipeline["embedding"], work / "emb", "emb", {"input_1": [n_windows, WINDOW, 32, 1]})
    exe_cls = {c: build_harness(args, p, work / c, c) for c, p in pipeline["classifiers"].items()}
    needs = {c: s.get_inputs()[0].shape[1] for c, s in ort_cls.items()}

    lines, errors, mismatches = [], ErrorRange(), []
    t_ort = t_edgec = 0.0
    io = work / "io"
    io.mkdir()
    for phrase, text in PHRASES.items():
        audio = speech_clip(text, RATE, SAMPLES, work) * 32768.0  # openWakeWord feeds int16 values
        x = audio[None].astype(np.float32)
        t0 = time.perf_counter()
        mel = ort_mel.run(None, {"input": x})[0].squeeze() / 10 + 2
        emb = ort_emb.run(None, {"input_1": windows(mel)})[0].reshape(n_windows, 96)
        ref = {c: s.run(None, {s.get_inputs()[0].name: emb[None, -needs[c]:]})[0].ravel() for c, s in ort_cls.items()}
        t1 = time.perf_counter()
        mel_e = run_harness(exe_mel, [x], io)[0].squeeze() / 10 + 2
        emb_e = run_harness(exe_emb, [windows(mel_e)], io)[0].reshape(n_windows, 96)
        got = {c: run_harness(e, [emb_e[None, -needs[c]:]], io)[0].ravel() for c, e in exe_cls.items()}
        t2 = time.perf_counter()
        t_ort += t1 - t0
        t_edgec += t2 - t1
        errors.add("mel", mel_e, mel)
        errors.add("embedding", emb_e, emb)
        cells = []
        for c in ref:
            errors.add("score", got[c], ref[c])
            s_ref, s_got = score(ref[c]), score(got[c])
            if (s_got > 0.5) != (s_ref > 0.5) or float(np.abs(got[c] - ref[c]).max()) > SCORE_ATOL:
                mismatches.append("%s on '%s': onnxruntime %s, edgec %s" % (c, text, ref[c], got[c]))
            cells.append("%s %.3f%s" % (c, s_got, " FIRES" if s_got > 0.5 else ""))
        lines.append("  '%s': %s" % (text, ", ".join(cells)))
    print("\n".join(lines))
    if mismatches:
        raise Failure("decisions or scores differ:\n  " + "\n  ".join(mismatches))
    return ("%s: %d phrases x %d classifiers, decisions equal; max abs error %s; "
            "host time per phrase (harness processes included) onnxruntime %.0f ms, edgec %.0f ms" % (
                pipeline["name"], len(PHRASES), len(exe_cls), errors,
                1000 * t_ort / len(PHRASES), 1000 * t_edgec / len(PHRASES)))


def main(argv=None):
    return run_each(real_models.load_pipelines(), run_pipeline, argv, __doc__)


if __name__ == "__main__":
    sys.exit(main())
