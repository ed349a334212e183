# Tests of an edgec built with -DEDGEC_SANITIZE=... (scripts/test.sh's build-asan, which builds
# only edgec and edgec-opt): `ctest -L sanitize` there runs them; any sanitizer report fails.
#
#   lit                      - the lit tests, with the instrumented edgec-opt and edgec
#   sanitize.e2e_compile     - `edgec compile` of every e2e model (run_e2e.py --until edgec)
#   sanitize.hostile         - test/hostile/run_hostile.py, when that runner exists
#
# Included from test/CMakeLists.txt after lit.cmake and e2e.cmake (EDGEC_SANITIZER_ENV).
# abort_on_error: a report kills edgec with SIGABRT, so a lit `not edgec` cannot mistake it for an expected failure.

if(NOT EDGEC_SANITIZE)
  return()
endif()
# test/hostile/ may appear later: re-configure when test/ changes.
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${CMAKE_CURRENT_LIST_DIR})

if(TEST lit)
  set_tests_properties(lit PROPERTIES LABELS "sanitize" ENVIRONMENT "${EDGEC_SANITIZER_ENV}")
endif()

add_test(NAME sanitize.e2e_compile
  COMMAND ${EDGEC_PYTHON} ${CMAKE_CURRENT_LIST_DIR}/e2e/run_e2e.py --until edgec
          --edgec $<TARGET_FILE:edgec> --work ${CMAKE_CURRENT_BINARY_DIR}/sanitize-e2e)
set_tests_properties(sanitize.e2e_compile PROPERTIES
  LABELS "sanitize" PROCESSORS 2 TIMEOUT 1200 ENVIRONMENT "${EDGEC_SANITIZER_ENV}")

if(EXISTS ${CMAKE_CURRENT_LIST_DIR}/hostile/run_hostile.py)
  add_test(NAME sanitize.hostile
    COMMAND ${EDGEC_PYTHON} ${CMAKE_CURRENT_LIST_DIR}/hostile/run_hostile.py
            --edgec $<TARGET_FILE:edgec> --work ${CMAKE_CURRENT_BINARY_DIR}/sanitize-hostile)
  set_tests_properties(sanitize.hostile PROPERTIES
    LABELS "sanitize" TIMEOUT 1200 ENVIRONMENT "${EDGEC_SANITIZER_ENV}")
endif()
