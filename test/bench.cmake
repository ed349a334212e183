# Benchmark script smoke test: include()d from test/CMakeLists.txt
# (EDGEC_PYTHON is set there).
#
#   bench.smoke - scripts/bench_host.py on tiny_cnn only, --repeat 3: compiles, builds, checks
#                 the outputs against onnxruntime and prints the table, so the script keeps
#                 working. It asserts nothing about the figures (no timed tests).

add_test(NAME bench.smoke
  COMMAND ${EDGEC_PYTHON} ${PROJECT_SOURCE_DIR}/scripts/bench_host.py
          --edgec $<TARGET_FILE:edgec>
          --cxx ${CMAKE_CXX_COMPILER}
          --models tiny_cnn --repeat 3
          --work ${CMAKE_CURRENT_BINARY_DIR}/bench-smoke
          --json ${CMAKE_CURRENT_BINARY_DIR}/bench-smoke/bench.json)
set_tests_properties(bench.smoke PROPERTIES
  LABELS "bench" TIMEOUT 300)
