# Tests of the developer tools: include()d from test/CMakeLists.txt
# (EDGEC_PYTHON is set there).
#
#   e2e.first_divergence   - scripts/first_divergence.py finds nothing on tiny_cnn against
#                            itself, and names the second Conv when its reference weights change.
#   conformance.inspect_all - `edgec inspect --json` on every ONNX node test model exits
#                            0 or 1 with a valid report (never a crash).
#   e2e.report_html        - report.html against report.json on tiny_cnn, the real models that
#                            are present and a model with XML-hostile names: well-formed XML, one
#                            box per timeline entry where the documented mapping puts it, one bar
#                            per layer.

add_test(NAME e2e.first_divergence
  COMMAND ${EDGEC_PYTHON} ${CMAKE_CURRENT_LIST_DIR}/test_first_divergence.py
          --edgec $<TARGET_FILE:edgec>
          --cxx ${CMAKE_CXX_COMPILER}
          --work ${CMAKE_CURRENT_BINARY_DIR}/fd-work)
set_tests_properties(e2e.first_divergence PROPERTIES
  LABELS "e2e" TIMEOUT 300)

add_test(NAME conformance.inspect_all
  COMMAND ${EDGEC_PYTHON} ${PROJECT_SOURCE_DIR}/test/conformance/test_inspect_all.py
          --edgec $<TARGET_FILE:edgec> --jobs 2)
set_tests_properties(conformance.inspect_all PROPERTIES
  LABELS "conformance" PROCESSORS 2 TIMEOUT 600)

add_test(NAME e2e.large_graph
  COMMAND ${EDGEC_PYTHON} ${CMAKE_CURRENT_LIST_DIR}/test_large_graph.py
          --edgec $<TARGET_FILE:edgec> --work ${CMAKE_CURRENT_BINARY_DIR}/large-graph-work)
set_tests_properties(e2e.large_graph PROPERTIES TIMEOUT 300)

add_test(NAME e2e.report_html
  COMMAND ${EDGEC_PYTHON} ${CMAKE_CURRENT_LIST_DIR}/test_report_html.py
          --edgec $<TARGET_FILE:edgec> --work ${CMAKE_CURRENT_BINARY_DIR}/report-html-work)
set_tests_properties(e2e.report_html PROPERTIES LABELS "e2e" TIMEOUT 120)
