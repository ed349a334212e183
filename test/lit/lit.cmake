# FileCheck tests of edgec-opt (test/lit), run by lit as one ctest test: `ctest -R lit`.
# Included from test/CMakeLists.txt. Needs the target `edgec-opt`; the `edgec` CLI, when
# built, lands in the same directory and is on the tests' PATH too.
#
# The build tree gets test/lit/lit.site.cfg.py (tools dirs), which loads the source
# lit.cfg.py; ctest also passes the exact tools dir with --param, so a generator-specific
# output directory works too. By hand:
#   python3 /usr/lib/llvm-19/build/utils/lit/lit.py -sv <build>/test/lit
#   python3 /usr/lib/llvm-19/build/utils/lit/lit.py -sv test/lit --param edgec_tools_dir=<dir>

if(LLVM_EXTERNAL_LIT AND EXISTS "${LLVM_EXTERNAL_LIT}")
  set(EDGEC_LIT_PY "${LLVM_EXTERNAL_LIT}" CACHE FILEPATH "lit.py used by the lit test")
endif()
find_file(EDGEC_LIT_PY lit.py
  HINTS "${LLVM_TOOLS_BINARY_DIR}/../build/utils/lit" /usr/lib/llvm-19/build/utils/lit
  NO_DEFAULT_PATH)
if(NOT EDGEC_LIT_PY)
  find_program(EDGEC_LIT_PY NAMES lit llvm-lit)
endif()
find_program(EDGEC_FILECHECK FileCheck
  HINTS "${LLVM_TOOLS_BINARY_DIR}" /usr/lib/llvm-19/bin NO_DEFAULT_PATH)
find_package(Python3 COMPONENTS Interpreter QUIET)

if(NOT EDGEC_LIT_PY OR NOT EDGEC_FILECHECK OR NOT Python3_Interpreter_FOUND)
  message(STATUS "edgec lit tests disabled (lit: ${EDGEC_LIT_PY}, FileCheck: ${EDGEC_FILECHECK})")
  return()
endif()

get_filename_component(EDGEC_LIT_LLVM_TOOLS_DIR "${EDGEC_FILECHECK}" DIRECTORY)
set(EDGEC_LIT_SOURCE_DIR "${CMAKE_CURRENT_LIST_DIR}")
set(EDGEC_LIT_BINARY_DIR "${CMAKE_CURRENT_BINARY_DIR}/lit")
# Default for a plain `lit.py <build>/test/lit`; ctest passes the exact dir via --param below.
set(EDGEC_LIT_TOOLS_DIR "${PROJECT_BINARY_DIR}/tools")
configure_file("${EDGEC_LIT_SOURCE_DIR}/lit.site.cfg.py.in"
               "${EDGEC_LIT_BINARY_DIR}/lit.site.cfg.py" @ONLY)

add_test(NAME lit
  COMMAND ${Python3_EXECUTABLE} ${EDGEC_LIT_PY} -sv
          --param edgec_tools_dir=$<TARGET_FILE_DIR:edgec-opt>
          ${EDGEC_LIT_BINARY_DIR})
