# End-to-end tests: include()d from test/CMakeLists.txt.
#
#   e2e.onnxruntime  - every model of make_models.py compiled by edgec, built with one
#                      direct compiler call, run, and compared with onnxruntime.
#   e2e.determinism  - edgec output is byte-identical across output folders, and
#                      compiling the last --dump-after .mlir reproduces the direct compile.
#
# Both need a Python with numpy, onnx and onnxruntime (EDGEC_PYTHON).

set(EDGEC_E2E_DIR "${CMAKE_CURRENT_LIST_DIR}")

if(NOT DEFINED EDGEC_PYTHON)
  set(EDGEC_PYTHON "${PROJECT_SOURCE_DIR}/.venv/bin/python" CACHE FILEPATH
      "Python interpreter with numpy, onnx and onnxruntime for the e2e tests")
endif()
if(NOT EXISTS "${EDGEC_PYTHON}")
  message(WARNING "EDGEC_PYTHON=${EDGEC_PYTHON} does not exist: the e2e tests will fail. "
                  "Create the venv or pass -DEDGEC_PYTHON=/path/to/python.")
endif()

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

# e2e.real_models - the real pretrained models of models/real_models.json (fetched by
#                   scripts/setup.sh) on their real samples, against onnxruntime.
add_test(NAME e2e.real_models
  COMMAND ${EDGEC_PYTHON} ${EDGEC_E2E_DIR}/run_real_models.py
          --edgec $<TARGET_FILE:edgec>
          --cxx ${CMAKE_CXX_COMPILER}
          --work ${CMAKE_CURRENT_BINARY_DIR}/real-models-work)
set_tests_properties(e2e.real_models PROPERTIES
  LABELS "e2e" TIMEOUT 1200)
