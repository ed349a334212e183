# The CMake package and the examples, built as a user would: include()d from test/CMakeLists.txt.
#   cmake.examples - install, find_package(EdgeC), edgec_add_model() on the host and in a
#                    Cortex-M cross build, regeneration only when a model changes.
add_test(NAME cmake.examples
  COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/run_examples.sh ${CMAKE_BINARY_DIR}
          ${CMAKE_CURRENT_BINARY_DIR}/examples-work)
set_tests_properties(cmake.examples PROPERTIES LABELS "cmake" TIMEOUT 900)
