# find_package(EdgeC): an installed edgec (<prefix>/bin/edgec, <prefix>/share/edgec) and its
# CMake functions, edgec_add_model() and edgec_cortex_m_firmware() (see EdgeC.cmake).
get_filename_component(_edgec_prefix "${CMAKE_CURRENT_LIST_DIR}/../../.." ABSOLUTE)
set(EDGEC_EXECUTABLE "${_edgec_prefix}/bin/edgec" CACHE FILEPATH "The edgec compiler")
set(EDGEC_DATA_DIR "${_edgec_prefix}/share/edgec" CACHE PATH "edgec's targets and runtime stubs")
# Cross builds for Cortex-M: -DCMAKE_TOOLCHAIN_FILE=${EDGEC_CORTEX_M_TOOLCHAIN_FILE}
# -DEDGEC_CPU_FLAGS="-mcpu=cortex-m4 -mfloat-abi=hard -mfpu=fpv4-sp-d16".
set(EDGEC_CORTEX_M_TOOLCHAIN_FILE "${EDGEC_DATA_DIR}/runtime-stub/cortex-m/arm-none-eabi.cmake")
if(NOT TARGET EdgeC::edgec)
  add_executable(EdgeC::edgec IMPORTED)
  set_target_properties(EdgeC::edgec PROPERTIES IMPORTED_LOCATION "${EDGEC_EXECUTABLE}")
endif()
include("${CMAKE_CURRENT_LIST_DIR}/EdgeC.cmake")
unset(_edgec_prefix)
