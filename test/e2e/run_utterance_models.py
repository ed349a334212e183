#!/usr/bin/env python3
"""End-to-end test of models that judge a whole spoken utterance (models/real_models.json
"utterance_models"): Pipecat's Smart Turn v3.2 end-of-turn detector, a Whisper-tiny transformer
encoder quantized to int8 (QDQ), from its PyPI wheel, on real sentences spoken by espeak-ng,
finished and cut off mid-sentence.

Each utterance is prepared as Pipecat's LocalSmartTurnAnalyzerV3 does it: 16 kHz audio, the last
`seconds` kept (zeros in front of a shorter one), then the package's own Whisper log-mel feature
extractor (the Python file fetched with the model). The model is compiled once; every utterance
runs through the harness and through onnxruntime (one thread) twice: with its graph optimizations
off, which executes every QuantizeLinear/DequantizeLinear as written (ONNX's own semantics, the
reference), and with them on (its default, fused integer kernels). An utterance passes iff edgec
says the same as the reference (probability > 0.5: the turn is over) and the probabilities agree
within PROB_ATOL. The tolerance is that of int8 arithmetic, not of float: edgec's integer kernels
round like TFLM, and onnxruntime's two executions of the same int8 model already differ by up to
0.07 on these sentences (printed as "onnxruntime fused"). Prints one line per utterance and ends
with "N passed, N failed".
"""
import importlib.util
import pathlib
import sys

import numpy as np

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent.parent / "scripts"))
import real_models  # noqa: E402
from run_e2e import ErrorRange, Failure, build_harness, model_work_dir, ort_session, run_harness, run_tallied  # noqa: E402
from run_stream_models import say  # noqa: E402

# Finished sentences and the same sentences cut off where a speaker pauses mid-thought.
UTTERANCES = [
    "What is the weather like in Paris today?",
    "What is the weather like in",
    "Please set a timer for ten minutes.",
    "Please set a timer for",
    "I would like to order a large pizza with mushrooms.",
    "I would like to order a large pizza with",
    "Thank you, that is all for now.",
    "Can you tell me how to get to the",
]
TRAILING_SILENCE_S = 0.2  # what a VAD waits before it asks the turn detector
PROB_ATOL = 0.1


def feature_extractor(path):
    spec = importlib.util.spec_from_file_location("smart_turn_features", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.compute_whisper_log_mel_features


def utterance_features(text, model, extract, work):
    rate, keep = model["rate"], model["seconds"] * model["rate"]
    audio = np.concatenate([say(text, rate, work), np.zeros(int(TRAILING_SILENCE_S * rate), np.float32)])
    audio = audio[-keep:] if len(audio) > keep else np.pad(audio, (keep - len(audio), 0))
    return extract(audio)[None].astype(np.float32)


def run_model(model, args, tally):
    name = model["name"]
    work = model_work_dir(args, name, model["path"], model["features"])
    extract = feature_extractor(model["features"])
    exe = build_harness(args, model["path"], work / "out", name, {model["input"]: model["shape"]})
    literal, fused = ort_session(model["path"], optimize=False), ort_session(model["path"])
    errors = ErrorRange()
    for text in UTTERANCES:
        x = utterance_features(text, model, extract, work)
        ref = float(literal.run(None, {model["input"]: x})[0].ravel()[0])
        ref_fused = float(fused.run(None, {model["input"]: x})[0].ravel()[0])
        try:
            got = float(run_harness(exe, [x], work)[0].ravel()[0])
        except Failure as e:
            tally.fail("%s '%s'" % (name, text), e)
            continue
        errors.add("probability", got, ref)
        verdict = lambda p: "finished" if p > 0.5 else "not finished"  # noqa: E731
        line = "%s '%s': onnxruntime %.4f (%s; fused %.4f), edgec %.4f (%s), error %.2g" % (
            name, text, ref, verdict(ref), ref_fused, got, verdict(got), abs(got - ref))
        if verdict(got) != verdict(ref) or not abs(got - ref) <= PROB_ATOL:
            tally.fail(line, "decisions differ or the error exceeds %g" % PROB_ATOL)
        else:
            tally.ok(line)
    print("%s over all utterances: max abs error %s" % (name, errors))


def main(argv=None):
    return run_tallied(real_models.load_utterance_models(), run_model, argv, __doc__)


if __name__ == "__main__":
    sys.exit(main())
