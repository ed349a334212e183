# Cross targets, each run under its emulator and compared bit for bit with the host
# reference kernels: include()d from test/CMakeLists.txt.
#
#   targets.cortex_m  - every Cortex-M core (m0plus, m4, m7, m33, m55) runs every bundled model
#                       that fits its description, float and int8, under qemu-system-arm
#                       through the emitted run.sh; plus one plain `cmake -S -B` build.

set(EDGEC_TARGETS_TEST_DIR "${CMAKE_CURRENT_LIST_DIR}")

add_test(NAME targets.cortex_m
  COMMAND ${EDGEC_PYTHON} ${EDGEC_TARGETS_TEST_DIR}/run_cortex_m.py
          --edgec $<TARGET_FILE:edgec>
          --cxx ${CMAKE_CXX_COMPILER}
          --work ${CMAKE_CURRENT_BINARY_DIR}/cortex-m-work
          --cmake-check)
set_tests_properties(targets.cortex_m PROPERTIES
  LABELS "targets" PROCESSORS 2 TIMEOUT 1800)

#   targets.cortex_m_kernels*, _ops_* - each core's kernel variants (ARMv6-M, DSP, Helium)
#                       against the reference kernels on randomized convs, FCs, elementwise
#                       ops, LUTs and pooling, bit for bit, under QEMU (cortex_m/run_check.sh).
add_test(NAME targets.cortex_m_kernels
  COMMAND bash ${EDGEC_TARGETS_TEST_DIR}/cortex_m/run_check.sh kernel_check m0plus m4 m7 m33 m55)
set_tests_properties(targets.cortex_m_kernels PROPERTIES LABELS "targets" TIMEOUT 900)
# The 2:4 sparse DSP kernels' plain-C paths (no assembly), which kernel_check above skips.
add_test(NAME targets.cortex_m_kernels_sparse_noasm
  COMMAND bash ${EDGEC_TARGETS_TEST_DIR}/cortex_m/run_check.sh kernel_check m4)
set_tests_properties(targets.cortex_m_kernels_sparse_noasm PROPERTIES LABELS "targets" TIMEOUT 900
  ENVIRONMENT "EDGEC_CHECK_FLAGS=-DEDGEC_SMSP_NO_ASM")
add_test(NAME targets.cortex_m_kernels_mve
  COMMAND bash ${EDGEC_TARGETS_TEST_DIR}/cortex_m/run_check.sh kernel_check_mve m55)
set_tests_properties(targets.cortex_m_kernels_mve PROPERTIES LABELS "targets" TIMEOUT 900)
add_test(NAME targets.cortex_m_ops_mve
  COMMAND bash ${EDGEC_TARGETS_TEST_DIR}/cortex_m/run_check.sh ops_check_mve m55)
set_tests_properties(targets.cortex_m_ops_mve PROPERTIES LABELS "targets" TIMEOUT 900)
add_test(NAME targets.cortex_m_ops_dsp
  COMMAND bash ${EDGEC_TARGETS_TEST_DIR}/cortex_m/run_check.sh ops_check_dsp m4 m7 m33)
set_tests_properties(targets.cortex_m_ops_dsp PROPERTIES LABELS "targets" TIMEOUT 900)

#   targets.cortex_m_stateful - a --stateful model's code on four cores under QEMU: three runs
#                       with the state in the arena, then save, reset and restore through the
#                       generated accessors (cortex_m/run_stateful_check.sh).
add_test(NAME targets.cortex_m_stateful
  COMMAND bash ${EDGEC_TARGETS_TEST_DIR}/cortex_m/run_stateful_check.sh $<TARGET_FILE:edgec> m4 m7 m33 m55)
set_tests_properties(targets.cortex_m_stateful PROPERTIES LABELS "targets" TIMEOUT 600)
