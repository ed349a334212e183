# End-to-end tests: include()d from test/CMakeLists.txt.
#
#   e2e.onnxruntime  - every model of make_models.py compiled by edgec, built with one
#                      direct compiler call, run, and compared with onnxruntime.
#   e2e.determinism  - edgec output is byte-identical across output folders, and
#                      compiling the last --dump-after .mlir reproduces the direct compile.
#
# Both need a Python with numpy, onnx and onnxruntime (EDGEC_PYTHON).

set(EDGEC_E2E_DIR "${CMAKE_CURRENT_LIST_DIR}")

add_test(NAME e2e.onnxruntime
  COMMAND ${EDGEC_PYTHON} ${EDGEC_E2E_DIR}/run_e2e.py
          --edgec $<TARGET_FILE:edgec>
          --cxx ${CMAKE_CXX_COMPILER}
          --work ${CMAKE_CURRENT_BINARY_DIR}/e2e-work)
set_tests_properties(e2e.onnxruntime PROPERTIES
  LABELS "e2e" PROCESSORS 2 TIMEOUT 1200)

add_test(NAME e2e.determinism
  COMMAND ${EDGEC_PYTHON} ${EDGEC_E2E_DIR}/test_determinism.py
          --edgec $<TARGET_FILE:edgec>
          --work ${CMAKE_CURRENT_BINARY_DIR}/e2e-determinism)
set_tests_properties(e2e.determinism PROPERTIES
  LABELS "e2e" TIMEOUT 300)

# e2e.export_onnx - --emit onnx: every make_models case (also from a dump after
#                   edge-fuse-activations), the bundled and QDQ models and the ONNX node tests
#                   edgec imports, exported, checked by onnx.checker and run by onnxruntime
#                   against the original model.
add_test(NAME e2e.export_onnx
  COMMAND ${EDGEC_PYTHON} ${EDGEC_E2E_DIR}/run_export_onnx.py
          --edgec $<TARGET_FILE:edgec>
          --work ${CMAKE_CURRENT_BINARY_DIR}/export-onnx-work)
set_tests_properties(e2e.export_onnx PROPERTIES
  LABELS "e2e" PROCESSORS 2 TIMEOUT 300)

# e2e.custom_op - --custom-op: a model with a custom node between standard ops, its C
#                 implementation (custom_scale_shift.c) built by the generated CMakeLists.txt,
#                 float and int8, against onnxruntime running the node as standard ops.
add_test(NAME e2e.custom_op
  COMMAND ${EDGEC_PYTHON} ${EDGEC_E2E_DIR}/run_custom_op.py
          --edgec $<TARGET_FILE:edgec>
          --cxx ${CMAKE_CXX_COMPILER}
          --work ${CMAKE_CURRENT_BINARY_DIR}/custom-op-work)
set_tests_properties(e2e.custom_op PROPERTIES
  LABELS "e2e" TIMEOUT 600)

# e2e.real_models - the real pretrained models of models/real_models.json (fetched by
#                   scripts/setup.sh) on their real samples, against onnxruntime.
add_test(NAME e2e.real_models
  COMMAND ${EDGEC_PYTHON} ${EDGEC_E2E_DIR}/run_real_models.py
          --edgec $<TARGET_FILE:edgec>
          --cxx ${CMAKE_CXX_COMPILER}
          --work ${CMAKE_CURRENT_BINARY_DIR}/real-models-work)
set_tests_properties(e2e.real_models PROPERTIES
  LABELS "e2e" TIMEOUT 1200)

# e2e.stream_models - the audio models of models/real_models.json "stream_models" chunk by
#                     chunk on speech from espeak-ng, state carried between calls, every
#                     chunk against onnxruntime.
add_test(NAME e2e.stream_models
  COMMAND ${EDGEC_PYTHON} ${EDGEC_E2E_DIR}/run_stream_models.py
          --edgec $<TARGET_FILE:edgec>
          --cxx ${CMAKE_CXX_COMPILER}
          --work ${CMAKE_CURRENT_BINARY_DIR}/stream-models-work)
set_tests_properties(e2e.stream_models PROPERTIES
  LABELS "e2e" TIMEOUT 900)

# e2e.stateful_stream - the same stream models compiled with --stateful (the state stays in the
#                       arena): every chunk in one harness process (--steps), each chunk and
#                       the final state against onnxruntime.
add_test(NAME e2e.stateful_stream
  COMMAND ${EDGEC_PYTHON} ${EDGEC_E2E_DIR}/run_stateful_stream.py
          --edgec $<TARGET_FILE:edgec>
          --cxx ${CMAKE_CXX_COMPILER}
          --work ${CMAKE_CURRENT_BINARY_DIR}/stateful-stream-work)
set_tests_properties(e2e.stateful_stream PROPERTIES
  LABELS "e2e" TIMEOUT 900)

# e2e.audio_pipeline - openWakeWord's mel spectrogram, embedding network and wake-word
#                      classifiers chained over spoken phrases, edgec against onnxruntime.
add_test(NAME e2e.audio_pipeline
  COMMAND ${EDGEC_PYTHON} ${EDGEC_E2E_DIR}/run_audio_pipeline.py
          --edgec $<TARGET_FILE:edgec>
          --cxx ${CMAKE_CXX_COMPILER}
          --work ${CMAKE_CURRENT_BINARY_DIR}/audio-pipeline-work)
set_tests_properties(e2e.audio_pipeline PROPERTIES
  LABELS "e2e" TIMEOUT 900)

# e2e.byte_models - Magika's content-type classifier on real files of ten kinds, against
#                   onnxruntime.
add_test(NAME e2e.byte_models
  COMMAND ${EDGEC_PYTHON} ${EDGEC_E2E_DIR}/run_byte_models.py
          --edgec $<TARGET_FILE:edgec>
          --cxx ${CMAKE_CXX_COMPILER}
          --work ${CMAKE_CURRENT_BINARY_DIR}/byte-models-work)
set_tests_properties(e2e.byte_models PROPERTIES
  LABELS "e2e" TIMEOUT 600)

# e2e.utterance_models - Pipecat's Smart Turn v3 (an int8 Whisper-tiny transformer encoder) on
#                        finished and cut-off spoken sentences, against onnxruntime.
add_test(NAME e2e.utterance_models
  COMMAND ${EDGEC_PYTHON} ${EDGEC_E2E_DIR}/run_utterance_models.py
          --edgec $<TARGET_FILE:edgec>
          --cxx ${CMAKE_CXX_COMPILER}
          --work ${CMAKE_CURRENT_BINARY_DIR}/utterance-models-work)
set_tests_properties(e2e.utterance_models PROPERTIES
  LABELS "e2e" TIMEOUT 900)

# e2e.runtime_if - a cascade (a cheap conv net whose score decides, through an If on run-time
#                  data, whether a verifier net runs) on inputs taking each branch, against
#                  onnxruntime; report.json's MACs per path.
add_test(NAME e2e.runtime_if
  COMMAND ${EDGEC_PYTHON} ${EDGEC_E2E_DIR}/run_runtime_if.py
          --edgec $<TARGET_FILE:edgec>
          --cxx ${CMAKE_CXX_COMPILER}
          --work ${CMAKE_CURRENT_BINARY_DIR}/runtime-if-work)
set_tests_properties(e2e.runtime_if PROPERTIES
  LABELS "e2e" TIMEOUT 300)

# e2e.warnings   - the emitted code of every model (NAME.cpp, main.cpp, the kernels and the
#                  runtime stub they include) compiles with -c and EDGEC_E2E_WARNING_FLAGS
#                  without a single diagnostic, under ${CMAKE_CXX_COMPILER} and clang++-19,
#                  at -O0 and -O2 (some gcc warnings need the optimiser's flow analysis).
# e2e.sanitizers - e2e.onnxruntime with the harness built with ASan + UBSan (leaks included);
#                  any report fails the case.
set(EDGEC_E2E_WARNING_FLAGS "-Wall -Wextra -Werror -Wshadow -Wconversion -Wno-sign-conversion" CACHE STRING
    "Warning flags the emitted code must compile cleanly with (e2e.warnings)")
set(EDGEC_SANITIZER_ENV
    "ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:strict_string_checks=1:detect_stack_use_after_return=1"
    "UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1:abort_on_error=1")
find_program(EDGEC_CLANGXX NAMES clang++-19 clang++)
set(_edgec_warn_cxx --cxx ${CMAKE_CXX_COMPILER})
if(EDGEC_CLANGXX)
  list(APPEND _edgec_warn_cxx --cxx ${EDGEC_CLANGXX})
else()
  message(WARNING "clang++-19 not found: e2e.warnings checks ${CMAKE_CXX_COMPILER} only")
endif()

add_test(NAME e2e.warnings
  COMMAND ${EDGEC_PYTHON} ${EDGEC_E2E_DIR}/run_e2e.py --until objects
          --edgec $<TARGET_FILE:edgec> ${_edgec_warn_cxx} --opt=-O0 --opt=-O2
          "--cxxflags=${EDGEC_E2E_WARNING_FLAGS}"
          --work ${CMAKE_CURRENT_BINARY_DIR}/e2e-warnings)
set_tests_properties(e2e.warnings PROPERTIES
  LABELS "e2e" PROCESSORS 2 TIMEOUT 1200)

add_test(NAME e2e.sanitizers
  COMMAND ${EDGEC_PYTHON} ${EDGEC_E2E_DIR}/run_e2e.py
          --edgec $<TARGET_FILE:edgec> --cxx ${CMAKE_CXX_COMPILER}
          "--cxxflags=-fsanitize=address,undefined -fno-sanitize-recover=all -g -O1"
          --work ${CMAKE_CURRENT_BINARY_DIR}/e2e-sanitizers)
set_tests_properties(e2e.sanitizers PROPERTIES
  LABELS "e2e" PROCESSORS 2 TIMEOUT 1200
  ENVIRONMENT "${EDGEC_SANITIZER_ENV}")

# Quantized ONNX models (QDQ from onnxruntime's quantizer, QOperator) through the integer kernels.
add_test(NAME e2e.quantized_models
  COMMAND ${EDGEC_PYTHON} ${EDGEC_E2E_DIR}/run_qdq.py
          --edgec $<TARGET_FILE:edgec>
          --work ${CMAKE_CURRENT_BINARY_DIR}/qdq-work)
set_tests_properties(e2e.quantized_models PROPERTIES
  LABELS "e2e" PROCESSORS 2 TIMEOUT 900)

# Post-training int8 quantization on real inputs: edgec vs onnxruntime's quantize_static.
add_test(NAME e2e.ptq_vs_onnxruntime
  COMMAND ${EDGEC_PYTHON} ${EDGEC_E2E_DIR}/run_ptq.py
          --edgec $<TARGET_FILE:edgec>
          --work ${CMAKE_CURRENT_BINARY_DIR}/ptq-work)
set_tests_properties(e2e.ptq_vs_onnxruntime PROPERTIES
  LABELS "e2e" TIMEOUT 900)

# Mixed precision on the real classifiers: int16 activations with int8 weights (16x8 kernels)
# everywhere must give >= 99 % top-1 agreement with float on held-out inputs. Weights may grow
# to 0.30x float (int8 alone: 0.27x): 16x8 biases are int64 and an int16 input's activation
# table has 513 int16 entries instead of 256 bytes. (--mixed-precision auto is exercised by test/lit/tools/edgec_mixed_precision.test.)
add_test(NAME e2e.mixed_precision
  COMMAND ${EDGEC_PYTHON} ${EDGEC_E2E_DIR}/run_ptq.py
          --edgec $<TARGET_FILE:edgec>
          --models ppocr_mobilenetv3_cls,pp_lcnet_orientation
          --edgec-arg=--int16-layers --edgec-arg=all
          --min-top1 0.99 --max-weights-ratio 0.30
          --work ${CMAKE_CURRENT_BINARY_DIR}/mixed-work)
set_tests_properties(e2e.mixed_precision PROPERTIES
  LABELS "e2e" TIMEOUT 1800)

# The int8 kernels against a specification: an independent numpy model of TFLM's integer
# semantics, driven by report.json's scales, reproduces every integer layer bit for bit. The
# emitted int8 code is built with the warning flags (-Werror) and ASan + UBSan.
add_test(NAME e2e.int8_spec
  COMMAND ${EDGEC_PYTHON} ${EDGEC_E2E_DIR}/run_int8_spec.py
          --edgec $<TARGET_FILE:edgec>
          "--cxxflags=-fsanitize=address,undefined -fno-sanitize-recover=all ${EDGEC_E2E_WARNING_FLAGS}"
          --work ${CMAKE_CURRENT_BINARY_DIR}/int8-spec-work)
set_tests_properties(e2e.int8_spec PROPERTIES
  LABELS "e2e" TIMEOUT 900)

# The same specification with int16 activations (--int16-layers): the _mixed kernels, TFLM's
# 16x8 conv / FC (int64 accumulator and bias, 64-bit requantization), add with 15 bits of
# headroom, the interpolated 513-entry int16 tables; every layer int16, then int8 and int16
# layers meeting (.mixed). Same sanitizers and warning flags.
add_test(NAME e2e.int16_spec
  COMMAND ${EDGEC_PYTHON} ${EDGEC_E2E_DIR}/run_int8_spec.py
          --edgec $<TARGET_FILE:edgec> --models tiny_cnn,ppocr_mobilenetv3_cls
          --edgec-arg=--int16-layers --edgec-arg=all
          "--cxxflags=-fsanitize=address,undefined -fno-sanitize-recover=all ${EDGEC_E2E_WARNING_FLAGS}"
          --work ${CMAKE_CURRENT_BINARY_DIR}/int16-spec-work)
set_tests_properties(e2e.int16_spec PROPERTIES
  LABELS "e2e" TIMEOUT 900)
add_test(NAME e2e.int16_spec.mixed
  COMMAND ${EDGEC_PYTHON} ${EDGEC_E2E_DIR}/run_int8_spec.py
          --edgec $<TARGET_FILE:edgec> --models tiny_cnn
          --edgec-arg=--int16-layers --edgec-arg=n_Conv_3,n_Add_33
          "--cxxflags=-fsanitize=address,undefined -fno-sanitize-recover=all ${EDGEC_E2E_WARNING_FLAGS}"
          --work ${CMAKE_CURRENT_BINARY_DIR}/int16-spec-mixed-work)
set_tests_properties(e2e.int16_spec.mixed PROPERTIES
  LABELS "e2e" TIMEOUT 900)
# The checker can fail: a 16x8 conv's multiplier perturbed in the model (2^22 of ~2^30, i.e.
# 6 of the 16 bits TFLM's 64-bit requantization keeps) must be the first mismatching layer.
add_test(NAME e2e.int16_spec.corrupt
  COMMAND ${EDGEC_PYTHON} ${EDGEC_E2E_DIR}/run_int8_spec.py
          --edgec $<TARGET_FILE:edgec> --models tiny_cnn --samples 1
          --edgec-arg=--int16-layers --edgec-arg=all --corrupt n_Conv_3:multiplier
          --work ${CMAKE_CURRENT_BINARY_DIR}/int16-spec-corrupt-work)
set_tests_properties(e2e.int16_spec.corrupt PROPERTIES
  LABELS "e2e" TIMEOUT 600
  PASS_REGULAR_EXPRESSION "first mismatching layer: \\[[0-9]+\\] n_Conv_3 \\(edgec_conv_mixed\\)")

# e2e.memory_plan - every bundled model: arena within 1.05x of the lower bound; a two-pool
#                   board whose fast pool takes the busiest tensors; --arena-limit at 75 %
#                   (patch-based execution); a chain model under six --patch shapes, float
#                   and int8, built with EDGEC_E2E_WARNING_FLAGS. Every build's outputs equal
#                   the plain build's, byte for byte.
add_test(NAME e2e.memory_plan
  COMMAND ${EDGEC_PYTHON} ${EDGEC_E2E_DIR}/run_memory_plan.py
          --edgec $<TARGET_FILE:edgec>
          --cxx ${CMAKE_CXX_COMPILER}
          --work ${CMAKE_CURRENT_BINARY_DIR}/memory-plan-work
          "--warning-flags=${EDGEC_E2E_WARNING_FLAGS}")
set_tests_properties(e2e.memory_plan PROPERTIES
  LABELS "e2e" TIMEOUT 1200)

# e2e.prune - structured pruning on a model with planted zero channels (residual tie,
#             concat, depthwise, Gemm): exactly the planted channels go, and the outputs
#             stay equal (float within 1e-6, int8 within one output step).
add_test(NAME e2e.prune
  COMMAND ${EDGEC_PYTHON} ${EDGEC_E2E_DIR}/run_prune.py
          --edgec $<TARGET_FILE:edgec>
          --cxx ${CMAKE_CXX_COMPILER}
          --work ${CMAKE_CURRENT_BINARY_DIR}/e2e-prune)
set_tests_properties(e2e.prune PROPERTIES LABELS "e2e" TIMEOUT 600)

# e2e.sparsity - --sparsity (N:M and blocks, float and int8) on tiny_cnn and the cls model
#                against onnxruntime on the same model sparsified independently with numpy.
add_test(NAME e2e.sparsity
  COMMAND ${EDGEC_PYTHON} ${EDGEC_E2E_DIR}/run_sparsity.py
          --edgec $<TARGET_FILE:edgec>
          --cxx ${CMAKE_CXX_COMPILER}
          --work ${CMAKE_CURRENT_BINARY_DIR}/e2e-sparsity)
set_tests_properties(e2e.sparsity PROPERTIES LABELS "e2e" TIMEOUT 900)

# e2e.compress_models - every bundled model pruned (30 %) and pruned + 2:4: edgec's build
#                       against onnxruntime on the same compressed model exported with
#                       --emit onnx, and smaller parameters, MACs and weights in report.json.
add_test(NAME e2e.compress_models
  COMMAND ${EDGEC_PYTHON} ${EDGEC_E2E_DIR}/run_compress_models.py
          --edgec $<TARGET_FILE:edgec>
          --cxx ${CMAKE_CXX_COMPILER}
          --work ${CMAKE_CURRENT_BINARY_DIR}/e2e-compress-models)
set_tests_properties(e2e.compress_models PROPERTIES LABELS "e2e" TIMEOUT 1200)
