# Benchmark script smoke test: include()d from test/CMakeLists.txt (after e2e.cmake,
# which defines EDGEC_PYTHON).
#
#   bench.smoke - scripts/bench_host.py on tiny_cnn only, --repeat 3: compiles, builds, checks
#                 the outputs against onnxruntime and prints the table, so the script keeps
#                 working. It asserts nothing about the figures (no timed tests).

if(NOT DEFINED EDGEC_PYTHON)
  set(EDGEC_PYTHON "${PROJECT_SOURCE_DIR}/.venv/bin/python" CACHE FILEPATH
      "Python interpreter with numpy, onnx and onnxruntime for the e2e tests")
endif()

add_test(NAME bench.smoke
  COMMAND ${EDGEC_PYTHON} ${PROJECT_SOURCE_DIR}/scripts/bench_host.py
          --edgec $<TARGET_FILE:edgec>
          --cxx ${CMAKE_CXX_COMPILER}
          --models tiny_cnn --repeat 3
          --work ${CMAKE_CURRENT_BINARY_DIR}/bench-smoke
          --json ${CMAKE_CURRENT_BINARY_DIR}/bench-smoke/bench.json)
set_tests_properties(bench.smoke PROPERTIES
  LABELS "bench" TIMEOUT 300)
