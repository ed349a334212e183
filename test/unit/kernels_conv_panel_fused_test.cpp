// Panel and depthwise conv kernels with the multiply-add fused, whatever the build machine's default (see
// conv_panel_check.h): the order that x86-64-v3 and AArch64 builds use.
#define EDGEC_F32_FMA 1
#include "conv_panel_check.h"

TEST_CASE("panel and depthwise conv with fused multiply-add equal their documented orders", "[conv][panel]") {
  conv_panel_check::runRandomCases(5u);
}
