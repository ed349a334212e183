# Unit tests for the reference kernels and host harness I/O (Catch2 v2).
# Included from the top-level CMakeLists.txt; paths are relative to this file so
# the include() site does not matter.

find_package(Catch2 REQUIRED)

add_executable(edgec-kernel-tests
  ${CMAKE_CURRENT_LIST_DIR}/catch_main.cpp
  ${CMAKE_CURRENT_LIST_DIR}/kernels_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/kernels_conv_panel_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/kernels_conv_panel_fused_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/kernels_ops2_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/kernels_typed_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/kernels_float8_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/kernels_int8_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/kernels_mixed_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/kernels_softmax_resize_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/kernels_sparse_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/kernels_recurrent_test.cpp
  ${PROJECT_SOURCE_DIR}/compiler/support/SparseFormats.cpp
  ${CMAKE_CURRENT_LIST_DIR}/harness_io_test.cpp)
# SparseFormats.cpp (std only): the sparse kernel tests pack weights with the compiler's packer.
target_include_directories(edgec-kernel-tests PRIVATE
  ${PROJECT_SOURCE_DIR}
  ${PROJECT_SOURCE_DIR}/runtime-stub/common
  ${PROJECT_SOURCE_DIR}/runtime-stub/host
  ${PROJECT_SOURCE_DIR}/targets/reference/kernels)
target_compile_features(edgec-kernel-tests PRIVATE cxx_std_17)
target_link_libraries(edgec-kernel-tests PRIVATE Catch2::Catch2)
if(CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
  target_compile_options(edgec-kernel-tests PRIVATE -Wall -Wextra -Werror)
endif()
add_test(NAME unit.kernels COMMAND edgec-kernel-tests)

# The kernels are also consumed as C11 by emitted C code: compile every kernel
# header once as C so a C++-only construct breaks the build, not a user's target.
# Skipped when the including project has not enabled the C language.
if(CMAKE_C_COMPILER_LOADED)
  set(_edgec_c_check "${CMAKE_CURRENT_BINARY_DIR}/edgec_kernels_c_check.c")
  file(GLOB _edgec_kernel_headers CONFIGURE_DEPENDS
    "${PROJECT_SOURCE_DIR}/targets/reference/kernels/edgec/kernels/*.h")
  set(_edgec_c_check_text "/* Generated: every reference kernel header must compile as C11. */\n")
  foreach(_header IN LISTS _edgec_kernel_headers)
    get_filename_component(_name "${_header}" NAME)
    string(APPEND _edgec_c_check_text "#include \"edgec/kernels/${_name}\"\n")
  endforeach()
  string(APPEND _edgec_c_check_text "int edgec_kernels_c_check(void) { return EDGEC_OK; }\n")
  file(CONFIGURE OUTPUT "${_edgec_c_check}" CONTENT "${_edgec_c_check_text}")
  add_library(edgec-kernels-c-check OBJECT "${_edgec_c_check}")
  target_include_directories(edgec-kernels-c-check PRIVATE
    ${PROJECT_SOURCE_DIR}/runtime-stub/common
    ${PROJECT_SOURCE_DIR}/targets/reference/kernels)
  set_target_properties(edgec-kernels-c-check PROPERTIES C_STANDARD 11 C_STANDARD_REQUIRED ON C_EXTENSIONS OFF)
  if(CMAKE_C_COMPILER_ID MATCHES "GNU|Clang")
    target_compile_options(edgec-kernels-c-check PRIVATE -Wall -Wextra -Werror -pedantic)
  endif()
  # Build it as part of the test executable's dependencies.
  add_dependencies(edgec-kernel-tests edgec-kernels-c-check)
endif()
