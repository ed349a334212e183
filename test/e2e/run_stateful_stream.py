#!/usr/bin/env python3
"""End-to-end test of --stateful: the state stays in the arena between calls and leaves the API.

- two_states (test/lit/tools/Inputs/two_states.onnx): one state updated in place, one copied
  in after the last call; 5 steps of random inputs in one harness process (`--steps`) against
  numpy.
- The stream models (models/real_models.json "stream_models"), compiled with `--stateful IN=OUT`
  for every state pair of the manifest: all chunks of the speech stream in ONE harness process
  (`--steps K` over the K windows concatenated), every chunk's outputs against onnxruntime
  carrying the state from call to call (as run_stream_models.py does, one process per chunk),
  and the final state (state_<i>.npy, read through <name>_state()) against onnxruntime's. Where
  arm-none-eabi-g++ is installed, the Cortex-M7 compile must build (report.json's firmware
  measured by edgec with it); where its C++ library and qemu-system-arm are there too, the
  firmware runs the first CORTEX_M_CHUNKS chunks under QEMU (the emitted run.sh), checked alike.
Prints per model the chunks, the largest errors, the state bytes and how each state is updated
(report.json memory.states), and ends with "N passed, N failed".
"""
import json
import pathlib
import shutil
import subprocess
import sys
import time
from types import SimpleNamespace

import numpy as np

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT / "test" / "targets"))
import real_models  # noqa: E402
from run_e2e import Failure, build_harness, model_work_dir, compare, ort_session, run, run_each, tail  # noqa: E402
from run_stream_models import speech  # noqa: E402

TWO_STATES = ROOT / "test" / "lit" / "tools" / "Inputs" / "two_states.onnx"
CORTEX_M_CORE = "m7"  # 2 MiB of flash: silero-vad has 1.2 MiB of float weights
CORTEX_M_CHUNKS = 48  # 1.5 s: silence, then the first phrase


def run_steps(cmd, inputs, steps, result):
    """Runs a harness command on arrays of `steps` concatenated inputs; returns the seconds."""
    paths = []
    for k, x in enumerate(inputs):
        paths.append(str(result.parent / ("steps_in_%d.npy" % k)))
        np.save(paths[-1], x)
    started = time.perf_counter()
    rc, log, _ = run([*cmd, *paths, "--steps", str(steps), "-o", str(result)], 900)
    if rc != 0:
        raise Failure("%s exited %s\n%s" % (cmd[0], rc, tail(log)))
    return time.perf_counter() - started


def check_steps(result, refs, outputs, states):
    """Each step's outputs (output_<n>.npy, steps concatenated on axis 0) and the final states
    (state_<n>.npy) against the references: refs[k][name]; returns the largest error per output."""
    worst = {o: 0.0 for o in outputs}
    for n, o in enumerate(outputs):
        per_step = np.split(np.load(result / ("output_%d.npy" % n)), len(refs), axis=0)
        for k, ref in enumerate(refs):
            ok, err, msg = compare(per_step[k].reshape(ref[o].shape), ref[o])
            worst[o] = max(worst[o], err)
            if not ok:
                raise Failure("step %d of %d, output '%s': %s" % (k, len(refs), o, msg))
    for n, o in enumerate(states):
        ok, _, msg = compare(np.load(result / ("state_%d.npy" % n)), refs[-1][o])
        if not ok:
            raise Failure("final state (next value '%s'): %s" % (o, msg))
    return worst


def stateful_flags(pairs):
    return [f for i, o in pairs.items() for f in ("--stateful", "%s=%s" % (i, o))]


def report_states(out, pairs):
    states = json.loads((out / "report.json").read_text())["memory"]["states"]
    if sorted(s["input"] for s in states) != sorted(pairs):
        raise Failure("report.json memory.states lists %s, expected %s" % ([s["input"] for s in states], list(pairs)))
    return ", ".join("%s %d bytes %s" % (s["input"], s["bytes"], s["update"]) for s in states)


def run_two_states(args):
    work = pathlib.Path(args.work) / "two_states"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    pairs = {"h": "hN", "c": "cN"}
    exe = build_harness(args, TWO_STATES, work / "out", "two_states", extra=stateful_flags(pairs))
    xs = np.random.default_rng(0).standard_normal((5, 1, 4)).astype(np.float32)
    h = c = np.zeros((1, 4), np.float32)
    refs = []
    for x in xs:
        hN = np.maximum(h, 0) + x
        cN = c * np.float32(0.5) + x
        refs.append({"y": cN * c + hN, "hN": hN, "cN": cN, "mean": hN.mean(axis=1, keepdims=True)})
        h, c = hN, cN
    result = work / "result"
    run_steps([exe], [xs.reshape(5, 4)], len(xs), result)
    worst = check_steps(result, refs, ["y", "mean"], ["hN", "cN"])
    return "two_states: %d steps in one process, max abs error %s; state %s" % (
        len(xs), ", ".join("%s %.2g" % kv for kv in worst.items()), report_states(work / "out", pairs))


def has_arm_cxx_library():
    """Whether arm-none-eabi-g++ has the C++ library headers the harness includes."""
    return subprocess.run(["arm-none-eabi-g++", "-x", "c++", "-fsyntax-only", "-"], input="#include <string>\n",
                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, text=True).returncode == 0


def cortex_m(model, work, flags, windows, refs, outputs, states):
    """The model compiled for Cortex-M (its code built by edgec's firmware measurement) and, where
    the toolchain allows, run under QEMU on the first CORTEX_M_CHUNKS chunks in one run; a line
    for the PASS message ("" without the toolchain)."""
    if not shutil.which("arm-none-eabi-g++"):
        return ""
    out = work / ("cortex-" + CORTEX_M_CORE)
    cmd = [model["edgec"], "compile", str(model["path"]), "-t", "cortex-" + CORTEX_M_CORE, "-o", str(out),
           "--with-main", "--quiet", "--name", model["name"], *flags]
    rc, log, _ = run(cmd, 600)
    if rc != 0:
        raise Failure("cortex-%s compile rc=%s\n%s" % (CORTEX_M_CORE, rc, tail(log)))
    firmware = json.loads((out / "report.json").read_text())["firmware"]
    if not firmware.get("measured"):
        raise Failure("cortex-%s: the model code did not build: %s" % (CORTEX_M_CORE, firmware.get("reason")))
    built = "; cortex-%s firmware builds (flash %d bytes, RAM %d bytes)" % (
        CORTEX_M_CORE, firmware["flash_bytes"], firmware["ram_bytes"])
    if not (shutil.which("qemu-system-arm") and has_arm_cxx_library()):
        return built + ", not run (no qemu-system-arm or no C++ library for arm-none-eabi-g++)"
    from run_cortex_m import Runner  # noqa: E402
    runner = Runner(SimpleNamespace(work=str(work)))
    ok, log = runner.build_firmware(CORTEX_M_CORE, str(out), model["name"], str(out / "build"))
    if not ok:
        raise Failure("cortex-%s firmware build failed:\n%s" % (CORTEX_M_CORE, log))
    k = min(CORTEX_M_CHUNKS, len(windows))
    seconds = run_steps([str(out / "run.sh"), str(out / "build")], [np.concatenate(windows[:k], axis=0)], k,
                        out / "result")
    try:
        worst = check_steps(out / "result", refs[:k], outputs, states)
    except Failure as e:
        raise Failure("cortex-%s: %s" % (CORTEX_M_CORE, e))
    return built + ", under QEMU %d chunks in one run (%.1f s), max abs error %.2g" % (k, seconds, max(worst.values()))


def run_model(model, args):
    if model["name"] == "two_states":
        return run_two_states(args)
    name = model["name"]
    work = model_work_dir(args, name, model["path"])
    pairs = model["state"]  # input -> output
    flags = stateful_flags(pairs)
    out = work / "out"
    exe = build_harness(args, model["path"], out, name, model["inputs"], model.get("bind"), extra=flags)
    for i, shape in model["inputs"].items():
        flags += ["--input-shape", "%s=%s" % (i, "x".join(map(str, shape)))]
    for i, v in model.get("bind", {}).items():
        flags += ["--bind", "%s=%s" % (i, v)]

    sess = ort_session(model["path"])
    outputs = [o.name for o in sess.get_outputs()]
    kept_outputs = [o for o in outputs if o not in pairs.values()]
    chunk_name = model["chunk_input"]
    kept_inputs = [i.name for i in sess.get_inputs() if i.name not in model.get("bind", {}) and i.name not in pairs]
    if kept_inputs != [chunk_name]:
        raise Failure("expected the chunk as the only input left, got %s" % kept_inputs)
    context = model.get("context", 0)
    chunk = model["inputs"][chunk_name][-1] - context
    audio = speech(model["rate"], work)
    chunks = len(audio) // chunk
    audio = np.concatenate([np.zeros(context, np.float32), audio])
    windows = [audio[k * chunk:(k + 1) * chunk + context].reshape(model["inputs"][chunk_name]) for k in range(chunks)]

    # onnxruntime, the state carried by hand.
    state = {i: np.zeros(model["inputs"][i], np.float32) for i in pairs}
    binds = {i: np.array(v, dtype=np.int64) for i, v in model.get("bind", {}).items()}
    refs = []
    for x in windows:
        refs.append(dict(zip(outputs, sess.run(None, {chunk_name: x, **state, **binds}))))
        state = {i: refs[-1][o] for i, o in pairs.items()}

    # edgec: one process, K runs, the state in the arena.
    result = work / "result"
    seconds = run_steps([exe], [np.concatenate(windows, axis=0)], chunks, result)
    worst = check_steps(result, refs, kept_outputs, list(pairs.values()))
    prob = kept_outputs[0]
    got = np.load(result / "output_0.npy").ravel() > 0.5
    expected = np.array([float(r[prob].ravel()[0]) > 0.5 for r in refs])
    if (got != expected).any():
        raise Failure("chunk %d: onnxruntime and edgec disagree on speech" % int(np.argmax(got != expected)))
    if expected.sum() in (0, chunks):
        raise Failure("the detector found speech in %d of %d chunks: the stream should have both" % (expected.sum(), chunks))
    line = "%s: %d chunks in one process (%.2f s), max abs error %s; speech in %d chunks; state %s" % (
        name, chunks, seconds, ", ".join("%s %.2g" % kv for kv in worst.items()), expected.sum(),
        report_states(out, pairs))
    return line + cortex_m(dict(model, edgec=args.edgec), work, flags, windows, refs, kept_outputs,
                           list(pairs.values()))


def main(argv=None):
    return run_each([{"name": "two_states"}] + real_models.load_stream(), run_model, argv, __doc__)


if __name__ == "__main__":
    sys.exit(main())
