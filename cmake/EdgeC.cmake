# edgec's CMake functions: compile ONNX models into static libraries from a user's build.
#
#   edgec_add_model(<lib> MODEL <file.onnx> TARGET <target>
#                   [NAME <c-identifier>] [QUANTIZE int8 CALIBRATION <dir-or-file>]
#                   [TARGET_DESC <board.json>] [INPUT_SHAPE <name=1x3x96x96>...]
#                   [PRUNE <ratio | layer=ratio>...] [SPARSITY <2:4 | 4:8 | block:RxC | auto>]
#                   [OPTIONS <flag>...])
#     A static library <lib> built from the generated <name>.cpp and weights blob; the
#     generated <name>.h is on its public include path. edgec runs again only when the model,
#     the calibration data, the target description, the options or edgec itself change.
#   edgec_cortex_m_firmware(<exe> BOARD <qemu-board>)
#     Links <exe> as Cortex-M firmware with edgec's runtime stub (start-up, semihosting,
#     SysTick counter) and the board's linker script (EDGEC_LINKER_SCRIPT overrides it).
#
# Set before including this file (EdgeCConfig.cmake does it): EDGEC_EXECUTABLE (the edgec
# program), EDGEC_DATA_DIR (its targets/ and runtime-stub/), and optionally EDGEC_DEPENDS
# (a target that builds edgec, when edgec is built in the same tree).
include_guard(GLOBAL)

# The runtime header every generated model includes, and what its code needs: shared by all
# models of a program, which link together without clashes (every symbol carries the name).
if(NOT TARGET EdgeC::runtime)
  add_library(edgec_runtime INTERFACE)
  add_library(EdgeC::runtime ALIAS edgec_runtime)
  target_include_directories(edgec_runtime INTERFACE "${EDGEC_DATA_DIR}/runtime-stub/common")
  target_compile_features(edgec_runtime INTERFACE cxx_std_17)
endif()

# enable_language() must run at file scope, so the entry point is a macro.
macro(edgec_add_model lib)
  enable_language(C)
  enable_language(ASM)
  _edgec_add_model(${lib} ${ARGN})
endmacro()

function(_edgec_add_model lib)
  cmake_parse_arguments(PARSE_ARGV 1 ARG "" "MODEL;TARGET;NAME;QUANTIZE;CALIBRATION;TARGET_DESC;SPARSITY"
                        "OPTIONS;INPUT_SHAPE;PRUNE")
  if(ARG_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "edgec_add_model(${lib}): unknown arguments: ${ARG_UNPARSED_ARGUMENTS}")
  endif()
  if(NOT ARG_MODEL OR NOT ARG_TARGET)
    message(FATAL_ERROR "edgec_add_model(${lib}): MODEL and TARGET are required")
  endif()
  if(ARG_QUANTIZE AND NOT ARG_QUANTIZE STREQUAL "int8")
    message(FATAL_ERROR "edgec_add_model(${lib}): QUANTIZE must be int8, got '${ARG_QUANTIZE}'")
  endif()
  if(ARG_QUANTIZE AND NOT ARG_CALIBRATION)
    message(FATAL_ERROR "edgec_add_model(${lib}): QUANTIZE int8 needs CALIBRATION <folder or .npz>")
  endif()
  set(name "${ARG_NAME}")
  if(NOT name)
    string(MAKE_C_IDENTIFIER "${lib}" name)
  endif()
  if(NOT name MATCHES "^[A-Za-z_][A-Za-z0-9_]*$")
    message(FATAL_ERROR "edgec_add_model(${lib}): NAME '${name}' is not a C identifier")
  endif()

  get_filename_component(model "${ARG_MODEL}" ABSOLUTE)
  set(out "${CMAKE_CURRENT_BINARY_DIR}/edgec/${lib}")
  set(args compile "${model}" -t "${ARG_TARGET}" -o "${out}" --name "${name}" --quiet)
  set(depends "${model}")
  if(ARG_QUANTIZE)
    get_filename_component(calibration "${ARG_CALIBRATION}" ABSOLUTE)
    list(APPEND args --quantize int8 --calibration "${calibration}")
    if(IS_DIRECTORY "${calibration}")
      file(GLOB samples CONFIGURE_DEPENDS "${calibration}/*.npy" "${calibration}/*.pb" "${calibration}/*.npz")
      list(APPEND depends ${samples})
    else()
      list(APPEND depends "${calibration}")
    endif()
  endif()
  if(ARG_TARGET_DESC)
    get_filename_component(desc "${ARG_TARGET_DESC}" ABSOLUTE)
    list(APPEND args --target-desc "${desc}")
    list(APPEND depends "${desc}")
  endif()
  foreach(shape IN LISTS ARG_INPUT_SHAPE)
    list(APPEND args --input-shape "${shape}")
  endforeach()
  if(ARG_PRUNE)
    # edgec --prune-channels: a ratio for every layer and/or layer=ratio entries, comma-separated.
    string(REPLACE ";" "," prune "${ARG_PRUNE}")
    list(APPEND args --prune-channels "${prune}")
  endif()
  if(ARG_SPARSITY)
    list(APPEND args --sparsity "${ARG_SPARSITY}")
  endif()
  list(APPEND args ${ARG_OPTIONS})

  # The command line, written only when it changes: a new option regenerates, nothing else.
  file(CONFIGURE OUTPUT "${out}.cmdline" CONTENT "${args}\n" @ONLY)
  list(APPEND depends "${out}.cmdline")
  if(EDGEC_DEPENDS)
    list(APPEND depends ${EDGEC_DEPENDS})
  else()
    list(APPEND depends "${EDGEC_EXECUTABLE}")
  endif()

  set(generated "${out}/${name}.cpp" "${out}/${name}.h" "${out}/${name}_weights.S" "${out}/${name}_weights.bin"
                "${out}/report.json")
  add_custom_command(
    OUTPUT ${generated}
    COMMAND "${EDGEC_EXECUTABLE}" ${args}
    DEPENDS ${depends}
    COMMENT "edgec: compiling ${ARG_MODEL} for ${ARG_TARGET} (${name})"
    VERBATIM)

  add_library(${lib} STATIC "${out}/${name}.cpp" "${out}/${name}_weights.S")
  target_include_directories(${lib} PUBLIC "$<BUILD_INTERFACE:${out}>")
  target_link_libraries(${lib} PUBLIC EdgeC::runtime)
  # The generated code needs neither exceptions nor RTTI (the kernels are tuned for -O2).
  target_compile_options(${lib} PRIVATE $<$<COMPILE_LANG_AND_ID:CXX,GNU,Clang>:-fno-exceptions -fno-rtti>)
  set_source_files_properties("${out}/${name}_weights.S" PROPERTIES
    COMPILE_OPTIONS "-Wa,-I${out}" OBJECT_DEPENDS "${out}/${name}_weights.bin")
  set_target_properties(${lib} PROPERTIES EDGEC_OUTPUT_DIR "${out}" EDGEC_NAME "${name}")
endfunction()

function(edgec_cortex_m_firmware exe)
  cmake_parse_arguments(PARSE_ARGV 1 ARG "" "BOARD;STACK_BYTES" "")
  if(NOT ARG_BOARD)
    message(FATAL_ERROR "edgec_cortex_m_firmware(${exe}): BOARD is required (e.g. mps2-an386)")
  endif()
  set(stub "${EDGEC_DATA_DIR}/runtime-stub/cortex-m")
  if(NOT EXISTS "${stub}/boards/${ARG_BOARD}.ld")
    message(FATAL_ERROR "edgec_cortex_m_firmware(${exe}): no linker script for board '${ARG_BOARD}' in ${stub}/boards")
  endif()
  if(NOT ARG_STACK_BYTES)
    set(ARG_STACK_BYTES 65536)
  endif()
  set(script "${stub}/boards/${ARG_BOARD}.ld")
  if(EDGEC_LINKER_SCRIPT)
    set(script "${EDGEC_LINKER_SCRIPT}")
  endif()
  target_sources(${exe} PRIVATE "${stub}/startup.c" "${stub}/cycles.c")
  target_include_directories(${exe} PRIVATE "${stub}")
  target_link_options(${exe} PRIVATE "-T${script}" "-L${stub}/boards"
                      "-Wl,--defsym=EDGEC_STACK_BYTES=${ARG_STACK_BYTES}")
  # Semihosting newlib (edgec's toolchain file already links it; twice is an error).
  if(NOT CMAKE_EXE_LINKER_FLAGS MATCHES "rdimon.specs")
    target_link_options(${exe} PRIVATE "--specs=rdimon.specs")
  endif()
  set_target_properties(${exe} PROPERTIES SUFFIX ".elf" LINK_DEPENDS "${script}")
endfunction()
