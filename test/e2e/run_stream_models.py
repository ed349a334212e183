#!/usr/bin/env python3
"""End-to-end test of stream models (models/real_models.json "stream_models"): real pretrained
audio models run chunk by chunk on real speech, their state carried from call to call.

The speech is synthesized with espeak-ng (Debian package) from a few phrases, resampled to the
model's rate, with silence between the phrases so the detector has both classes to find. For
each model: `edgec compile` with the manifest's input shapes and --bind values, one direct
compiler call builds the emitted harness, then every chunk runs through the harness and through
onnxruntime (one thread), each side carrying its own state (the harness's state output feeds
its next call). A chunk passes iff every output is within 1e-4 x max(1, max |onnxruntime|);
the model passes iff every chunk does, the speech decisions (probability > 0.5) are equal, and
its report shows the manifest's recurrent cell as one recurrent layer.
Prints one line per model (chunks, largest error per output, chunks detected as speech) and
ends with "N passed, N failed".
"""
import json
import pathlib
import shutil
import subprocess
import sys
import wave

import numpy as np

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent.parent / "scripts"))
import real_models  # noqa: E402
from run_e2e import ErrorRange, Failure, build_harness, model_work_dir, compare, ort_session, run_each, run_harness  # noqa: E402

PHRASES = ["Turn on the kitchen lights.", "What is the weather like tomorrow morning?",
           "Set a timer for ten minutes."]
SILENCE_S = 0.4


def say(text, rate, work):
    """`text` spoken by espeak-ng, as float32 samples at `rate`."""
    if not shutil.which("espeak-ng"):
        raise Failure("espeak-ng is missing: run scripts/setup.sh (it installs the Debian package)")
    wav = pathlib.Path(work) / "say.wav"
    subprocess.run(["espeak-ng", "-v", "en", "-s", "150", "-w", str(wav), text], check=True)
    with wave.open(str(wav)) as w:
        pcm = np.frombuffer(w.readframes(w.getnframes()), np.int16).astype(np.float32) / 32768.0
        src = w.getframerate()
    # Linear resampling is enough for these models' inputs; both sides get the same samples.
    t = np.arange(int(len(pcm) * rate / src)) * (src / rate)
    return np.interp(t, np.arange(len(pcm)), pcm).astype(np.float32)


def speech(rate, work):
    """PHRASES with silence before, between and after them."""
    parts = [np.zeros(int(SILENCE_S * rate), np.float32)]
    for text in PHRASES:
        parts += [say(text, rate, work), np.zeros(int(SILENCE_S * rate), np.float32)]
    return np.concatenate(parts)


def speech_clip(text, rate, samples, work, lead_s=0.5):
    """`text` after `lead_s` of silence, padded with silence (or cut) to `samples`."""
    clip = np.zeros(samples, np.float32)
    spoken = say(text, rate, work)[:samples - int(lead_s * rate)]
    clip[int(lead_s * rate):int(lead_s * rate) + len(spoken)] = spoken
    return clip


def run_model(model, args):
    name = model["name"]
    work = model_work_dir(args, name, model["path"])
    io = work / "io"
    io.mkdir()
    exe = build_harness(args, model["path"], work / "out", name, model["inputs"], model.get("bind"))
    # Its recurrent cell, an ONNX LSTM or one written out with Gemm/Sigmoid/Tanh/Mul/Add, must be
    # one recurrent kernel.
    report = json.loads((work / "out" / "report.json").read_text())
    cells = [layer["recurrent"]["kind"] for layer in report["layers"] if "recurrent" in layer]
    if cells != [model["recurrent"]]:
        raise Failure("recurrent layers %s, expected one %s" % (cells, model["recurrent"]))
    sess = ort_session(model["path"])
    outputs = [o.name for o in sess.get_outputs()]
    runtime_inputs = [i.name for i in sess.get_inputs() if i.name not in model.get("bind", {})]
    chunk_name = model["chunk_input"]
    # A model with `context` sees the last `context` samples of the previous chunk first (as
    # silero-vad's own wrapper feeds it): a window of context + chunk samples.
    context = model.get("context", 0)
    chunk = model["inputs"][chunk_name][-1] - context
    audio = speech(model["rate"], work)
    chunks = len(audio) // chunk
    state_ref = {i: np.zeros(model["inputs"][i], np.float32) for i in model["state"]}
    state_got = {i: v.copy() for i, v in state_ref.items()}
    binds = {i: np.array(v, dtype=np.int64) for i, v in model.get("bind", {}).items()}
    errors = ErrorRange()
    speech_ref = speech_got = 0
    audio = np.concatenate([np.zeros(context, np.float32), audio])
    for k in range(chunks):
        x = audio[k * chunk:(k + 1) * chunk + context].reshape(model["inputs"][chunk_name])
        ref = dict(zip(outputs, sess.run(None, {chunk_name: x, **state_ref, **binds})))
        try:
            got = run_harness(exe, [x if i == chunk_name else state_got[i] for i in runtime_inputs], io)
        except Failure as e:
            raise Failure("chunk %d: %s" % (k, e))
        got = dict(zip(outputs, got))
        for o in outputs:
            ok, err, msg = compare(got[o], ref[o])
            errors.add(o, got[o], ref[o])
            if not ok:
                raise Failure("chunk %d of %d, output '%s': %s" % (k, chunks, o, msg))
        for i, o in model["state"].items():
            state_ref[i], state_got[i] = ref[o], got[o]
        prob = [o for o in outputs if o not in model["state"].values()][0]
        is_ref, is_got = float(ref[prob].ravel()[0]) > 0.5, float(got[prob].ravel()[0]) > 0.5
        if is_ref != is_got:
            raise Failure("chunk %d: onnxruntime says %s, edgec %s" % (k, is_ref, is_got))
        speech_ref += is_ref
        speech_got += is_got
    if speech_ref == 0 or speech_ref == chunks:
        raise Failure("the detector found speech in %d of %d chunks: the stream should have both" % (speech_ref, chunks))
    return "%s: %d chunks of %d samples (%.1f s of speech and silence), max abs error %s; speech in %d chunks on both" % (
        name, chunks, chunk, (len(audio) - context) / model["rate"], errors, speech_got)


def main(argv=None):
    return run_each(real_models.load_stream(), run_model, argv, __doc__)


if __name__ == "__main__":
    sys.exit(main())
