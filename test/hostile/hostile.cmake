# The hostile-input corpus: include()d from test/CMakeLists.txt
# (EDGEC_PYTHON is set there).
#
#   hostile.corpus - every model of test/hostile/cases.json (built by make_corpus.py)
#                    is refused with the documented exit code and one matching error
#                    line, no output, no hang, no read outside the model's folder;
#                    `edgec inspect` never crashes on it.

add_test(NAME hostile.corpus
  COMMAND ${EDGEC_PYTHON} ${CMAKE_CURRENT_LIST_DIR}/run_hostile.py
          --edgec $<TARGET_FILE:edgec>
          --work ${CMAKE_CURRENT_BINARY_DIR}/hostile-work)
set_tests_properties(hostile.corpus PROPERTIES
  LABELS "hostile" TIMEOUT 600)
