#!/usr/bin/env python3
"""Cortex-M end to end: every core runs every model that fits it under QEMU, bit-exact.

Usage: run_cortex_m.py --edgec PATH --cxx CXX --work DIR [--cores m4,m55] [--filter SUBSTR]
                       [--cmake-check]

For each model (float and int8): `edgec compile -t host --with-main` built natively gives
the reference outputs (the host reference kernels). Then for each core, `edgec compile -t
cortex-<core> --with-main`; a model the core's description cannot hold (edgec says so and
exits 1) is listed as not fitting, not failed. The firmware is built with direct
arm-none-eabi calls (no CMake configure per case), run through the emitted run.sh under
qemu-system-arm, and compared with the host: int8 outputs must be equal byte for byte,
float outputs within 1e-4 relative (the cores' float code is not the host's). The report
must name a variant for every layer, no layer may run a reference kernel for which the
core's target has a variant, and the firmware must hold each reported variant's signature
instruction (arm-none-eabi-objdump: SMLAD for "dsp", VMLADAVA/VMLAVA for Helium "mve").

--cmake-check also configures and builds one emitted folder with plain `cmake -S OUT -B
BUILD` (the toolchain file comes from the folder) and runs it.

Ends with "N passed, N failed, N not fitting"; exit status 0 iff none failed.
"""

import argparse
import concurrent.futures
import json
import os
import shutil
import subprocess
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "test", "e2e"))
from run_e2e import harness_build_cmd, run, tail  # noqa: E402

CORES = ["m0plus", "m4", "m7", "m33", "m55"]
RTOL = 1e-4


def real_model(name):
    out = subprocess.run([sys.executable, os.path.join(ROOT, "scripts", "real_models.py"), "path", name],
                         stdout=subprocess.PIPE, check=True, text=True).stdout.strip()
    shapes = subprocess.run([sys.executable, os.path.join(ROOT, "scripts", "real_models.py"), "shapes", name],
                            stdout=subprocess.PIPE, check=True, text=True).stdout.split()
    return os.path.join(ROOT, out) if not os.path.isabs(out) else out, shapes


# Real models, with the precisions and cores to try. ppocrv4_rec fits only the M55 (int8:
# 2.8 MiB of weights, 0.5 MiB of arena; float: 10.6 MiB of weights); ppocrv4_det (int8 arena
# 2.1 MiB) and picodet_layout_cdla (5.6 MiB) fit no core's description, measured.
REAL_MODELS = [("ppocr_mobilenetv3_cls", (False, True), None),
               ("pp_lcnet_orientation", (False, True), None),
               ("ppocrv4_rec", (True,), ["m55"])]


def models():
    """(case name, onnx path, extra edgec flags, input shape, int8 choices, cores or None)."""
    tiny = os.path.join(ROOT, "models", "tiny_cnn.onnx")
    cases = [("tiny_cnn", tiny, [], (1, 3, 16, 16), (False, True), None),
             # 2:4 sparse weights: the sparse kernels (DSP variants on M4/M7/M33) against the host's.
             ("tiny_cnn_2of4", tiny, ["--sparsity", "2:4"], (1, 3, 16, 16), (False, True), None)]
    for name, precisions, cores in REAL_MODELS:
        path, shapes = real_model(name)
        if os.path.exists(path):
            dims = tuple(int(d) for d in shapes[1].split("=")[1].split("x"))
            cases.append((name, path, shapes, dims, precisions, cores))
    return cases


def fits_not(log):
    """Whether edgec's error is that the model exceeds the target's memory."""
    return "raise it with --max-memory" in log or "with --target-opt" in log


def target_json(core):
    with open(os.path.join(ROOT, "targets", "cortex-" + core, "target.json")) as f:
        return json.load(f)


class Runner:
    def __init__(self, args):
        self.args = args
        self.work = os.path.abspath(args.work)
        self.stubs = {}

    def edgec(self, model, flags, target, out):
        return run([self.args.edgec, "compile", model, "-t", target, "-o", out, "--with-main", "--quiet", *flags],
                   timeout=600)

    def stub_objects(self, core):
        """startup.o and cycles.o of a core, built once."""
        if core in self.stubs:
            return self.stubs[core]
        t = target_json(core)
        d = os.path.join(self.work, "stub-" + core)
        os.makedirs(d, exist_ok=True)
        stub = os.path.join(ROOT, "runtime-stub", "cortex-m")
        objs = []
        for src in ("startup.c", "cycles.c"):
            obj = os.path.join(d, src.replace(".c", ".o"))
            rc, log, _ = run(["arm-none-eabi-gcc", *t["toolchain"]["cpu_flags"].split(), "-mthumb", "-O2",
                              "-I", stub, "-c", os.path.join(stub, src), "-o", obj], timeout=120)
            if rc != 0:
                raise RuntimeError("building %s for %s failed:\n%s" % (src, core, tail(log)))
            objs.append(obj)
        self.stubs[core] = objs
        return objs

    def build_firmware(self, core, out, name, bdir):
        """The emitted folder's firmware with four compiler calls; returns (ok, log)."""
        t = target_json(core)
        cpu = t["toolchain"]["cpu_flags"].split() + ["-mthumb"]
        os.makedirs(bdir, exist_ok=True)
        cxx = ["arm-none-eabi-g++", *cpu, "-std=c++17", "-O2", "-fno-exceptions", "-fno-rtti", "-Wno-psabi",
               "-ffunction-sections", "-fdata-sections", "-I", out]
        steps = [
            cxx + ["-DEDGEC_LAYER_HOOKS", "-c", os.path.join(out, name + ".cpp"), "-o", os.path.join(bdir, "model.o")],
            cxx + ["-DEDGEC_CLOCK_HZ=%d" % t["emulator"]["clock_hz"], "-c", os.path.join(out, "main.cpp"),
                   "-o", os.path.join(bdir, "main.o")],
            ["arm-none-eabi-gcc", *cpu, "-c", "-x", "assembler-with-cpp", os.path.join(out, name + "_weights.S"),
             "-Wa,-I," + out, "-o", os.path.join(bdir, "weights.o")],
        ]
        link = ["arm-none-eabi-g++", *cpu, "--specs=rdimon.specs", "-Wl,--gc-sections",
                "-T", os.path.join(out, "cortex-m", t["emulator"]["machine"] + ".ld"),
                "-L", os.path.join(out, "cortex-m"), *[os.path.join(bdir, o) for o in ("model.o", "main.o", "weights.o")],
                *self.stub_objects(core), "-o", os.path.join(bdir, name + "_main.elf")]
        for cmd in steps + [link]:
            rc, log, _ = run(cmd, timeout=600)
            if rc != 0:
                return False, " ".join(cmd) + "\n" + tail(log)
        return True, ""

    def host_reference(self, case, inputs):
        name, model, flags = case["name"], case["model"], case["flags"]
        out = os.path.join(self.work, name, "host")
        shutil.rmtree(out, ignore_errors=True)
        rc, log, _ = self.edgec(model, flags, "host", out)
        if rc != 0:
            raise RuntimeError("host compile of %s failed:\n%s" % (name, tail(log)))
        cname = json.load(open(os.path.join(out, "report.json")))["model"]
        os.makedirs(os.path.join(out, "build"), exist_ok=True)
        exe = os.path.join(out, "build", cname + "_main")
        rc, log, _ = run(harness_build_cmd(self.args.cxx, "-O2", out, cname, exe), timeout=600)
        if rc != 0:
            raise RuntimeError("host build of %s failed:\n%s" % (name, tail(log)))
        # The host folder's run.sh: the same contract as every target's.
        rc, log, _ = run([os.path.join(out, "run.sh"), os.path.join(out, "build"), *inputs, "-o",
                          os.path.join(out, "result")], timeout=600)
        if rc != 0:
            raise RuntimeError("host run of %s failed:\n%s" % (name, tail(log)))
        return os.path.join(out, "result")

    def check_core(self, case, core, inputs, ref_dir):
        name = case["name"]
        out = os.path.join(self.work, name, core)
        shutil.rmtree(out, ignore_errors=True)
        rc, log, _ = self.edgec(case["model"], case["flags"], "cortex-" + core, out)
        if rc == 1 and fits_not(log):
            return "NOFIT", log.strip().splitlines()[-1]
        if rc != 0:
            return "FAIL", "edgec compile failed:\n" + tail(log)
        report = json.load(open(os.path.join(out, "report.json")))
        cname = report["model"]
        replaced = target_json(core)["kernels"].get("impls", {})
        for layer in report["layers"]:
            if "variant" not in layer:
                return "FAIL", "report.json layer %s names no variant" % layer["name"]
            if layer["kernel"] in replaced:
                return "FAIL", "layer %s runs the reference %s on %s, which has %s" % (
                    layer["name"], layer["kernel"], core, replaced[layer["kernel"]]["name"])
        bdir = os.path.join(out, "build")
        ok, log = self.build_firmware(core, out, cname, bdir)
        if not ok:
            return "FAIL", "firmware build failed:\n" + log
        # The signatures are multiply-accumulate instructions: what the conv and fully connected
        # variants must contain (a model whose convs all run sparse kernels may have none).
        used = {layer["variant"] for layer in report["layers"]
                if "conv" in layer["kernel"] or "fully_connected" in layer["kernel"]}
        missing = self.missing_instructions(os.path.join(bdir, cname + "_main.elf"), used)
        if missing:
            return "FAIL", "report.json says %s, but the firmware has no %s instruction" % missing
        res = os.path.join(out, "result")
        rc, log, ms = run([os.path.join(out, "run.sh"), bdir, *inputs, "-o", res], timeout=900)
        if rc != 0:
            return "FAIL", "run.sh exited %s:\n%s" % (rc, tail(log))
        instructions = next((line.split(":")[1].split()[0] for line in log.splitlines()
                             if line.startswith("instructions per inference")), "?")
        for f in sorted(os.listdir(ref_dir)):
            ref = np.load(os.path.join(ref_dir, f))
            got_path = os.path.join(res, f)
            if not os.path.exists(got_path):
                return "FAIL", "%s missing" % f
            got = np.load(got_path)
            if got.dtype != ref.dtype or got.shape != ref.shape:
                return "FAIL", "%s: %s%s against the host's %s%s" % (f, got.dtype, got.shape, ref.dtype, ref.shape)
            if ref.dtype.kind == "f" and not case["int8"]:
                err = float(np.max(np.abs(got.astype(np.float64) - ref))) if ref.size else 0.0
                if err > RTOL * max(1.0, float(np.max(np.abs(ref))) if ref.size else 1.0):
                    return "FAIL", "%s: max |diff| %.3g against the host" % (f, err)
            elif got.tobytes() != ref.tobytes():
                diff = int(np.count_nonzero(got != ref))
                return "FAIL", "%s: %d of %d values differ from the host reference" % (f, diff, ref.size)
        return "PASS", "%s instructions, %.1f s" % (instructions, ms / 1000)

    # A variant the report names must show in the firmware: its signature instruction.
    # (objdump prints VMLADAVA without exchange as its alias VMLAVA.)
    SIGNATURES = {"dsp": (("smlad",), []), "mve": (("vmladava", "vmlava"), ["-m", "armv8.1-m.main"])}

    def missing_instructions(self, elf, variants):
        """(variant, mnemonic) when a reported variant's instruction is absent, else None."""
        for variant in sorted(variants):
            if variant not in self.SIGNATURES:
                continue
            mnemonic, flags = self.SIGNATURES[variant]
            rc, text, _ = run(["arm-none-eabi-objdump", "-d", *flags, elf], timeout=300)
            if rc != 0 or not any(line.split("\t")[2:3] and line.split("\t")[2].startswith(mnemonic)
                                  for line in text.splitlines()):
                return (variant, "/".join(mnemonic))
        return None

    def cmake_check(self, case, inputs):
        """Plain `cmake -S OUT -B BUILD`: the folder's own toolchain file, then run.sh."""
        out = os.path.join(self.work, "cmake-check")
        shutil.rmtree(out, ignore_errors=True)
        rc, log, _ = self.edgec(case["model"], case["flags"], "cortex-m4", out)
        if rc != 0:
            return False, tail(log)
        bdir = os.path.join(out, "build")
        for cmd in (["cmake", "-S", out, "-B", bdir], ["cmake", "--build", bdir, "-j", "2"],
                    [os.path.join(out, "run.sh"), bdir, *inputs, "-o", os.path.join(out, "result")]):
            rc, log, _ = run(cmd, timeout=900)
            if rc != 0:
                return False, " ".join(cmd) + "\n" + tail(log)
        return True, ""


def calibration_set(work, shape, count=4):
    d = os.path.join(work, "calib-" + "x".join(map(str, shape)))
    os.makedirs(d, exist_ok=True)
    rng = np.random.RandomState(1)
    for i in range(count):
        np.save(os.path.join(d, "%d.npy" % i), rng.rand(*shape).astype(np.float32))
    return d


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--edgec", required=True)
    ap.add_argument("--cxx", default="c++")
    ap.add_argument("--work", required=True)
    ap.add_argument("--cores", default=",".join(CORES))
    ap.add_argument("--filter", default=None)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--cmake-check", action="store_true")
    args = ap.parse_args(argv)
    for tool in ("arm-none-eabi-g++", "qemu-system-arm"):
        if not shutil.which(tool):
            print("error: %s not found (scripts/setup.sh installs gcc-arm-none-eabi and qemu-system-arm)" % tool)
            return 1
    cores = [c for c in args.cores.split(",") if c]
    runner = Runner(args)
    os.makedirs(runner.work, exist_ok=True)
    cases = []
    for name, path, flags, shape, precisions, only in models():
        calib = calibration_set(runner.work, shape, count=2)
        for int8 in precisions:
            case = {"name": name + ("_int8" if int8 else ""), "model": path, "int8": int8, "cores": only,
                    "flags": flags + (["--quantize", "int8", "--calibration", calib] if int8 else [])}
            if args.filter and args.filter not in case["name"]:
                continue
            inp = os.path.join(runner.work, case["name"] + "_input.npy")
            np.save(inp, np.random.RandomState(7).rand(*shape).astype(np.float32))
            cases.append((case, [inp]))

    results = []
    failed = 0

    def one_case(item):
        case, inputs = item
        try:
            ref = runner.host_reference(case, inputs)
        except RuntimeError as e:
            return [(case["name"], "-", "FAIL", str(e))]
        return [(case["name"], core, *runner.check_core(case, core, inputs, ref))
                for core in cores if not case["cores"] or core in case["cores"]]

    with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
        for rows in pool.map(one_case, cases):
            for row in rows:
                results.append(row)
                print("%-5s %-28s %-7s %s" % (row[2], row[0], row[1], row[3].splitlines()[0] if row[3] else ""))
                if row[2] == "FAIL":
                    failed += 1
                    print("      " + row[3].replace("\n", "\n      "))
                sys.stdout.flush()
    if args.cmake_check and cases:
        ok, log = runner.cmake_check(cases[0][0], cases[0][1])
        print("%-5s plain cmake -S/-B build and run.sh of a cortex-m4 folder" % ("PASS" if ok else "FAIL"))
        if not ok:
            failed += 1
            print("      " + log.replace("\n", "\n      "))
    passed = sum(1 for r in results if r[2] == "PASS")
    nofit = sum(1 for r in results if r[2] == "NOFIT")
    print("%d passed, %d failed, %d not fitting" % (passed, failed, nofit))
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
