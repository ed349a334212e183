# Catch2 units for the compiler: importer, memory planner, emitter, byte sizes, calibration,
# sparse weight formats.
# calibration_test.cpp deflates the .npz archives it writes.
find_package(ZLIB REQUIRED)
add_executable(edgec-compiler-tests
  ${CMAKE_CURRENT_LIST_DIR}/catch_main.cpp
  ${CMAKE_CURRENT_LIST_DIR}/importer_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/plan_memory_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/emitter_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/byte_size_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/requant_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/calibration_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/sparse_formats_test.cpp)
set_source_files_properties(
  ${CMAKE_CURRENT_LIST_DIR}/importer_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/plan_memory_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/emitter_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/byte_size_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/requant_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/calibration_test.cpp
  PROPERTIES COMPILE_OPTIONS "-fno-rtti")
target_link_libraries(edgec-compiler-tests PRIVATE EdgecImport EdgecPasses EdgecTargets EdgecQuant ZLIB::ZLIB Catch2::Catch2
  ${EDGEC_MLIR_LIBS})
add_test(NAME unit.compiler COMMAND edgec-compiler-tests)
