// Panel and depthwise conv kernels, multiply-add as the build machine's default rounds it (see conv_panel_check.h).
#include "conv_panel_check.h"

TEST_CASE("panel and depthwise conv equal their documented orders on random shapes", "[conv][panel]") {
  conv_panel_check::runRandomCases(EDGEC_F32_FMA ? 11u : 7u);
}
