// Runs an edgec-generated model on a fixed input and prints its outputs, one per line.
// The host application and the Cortex-M firmware both build this file: their int8 lines
// must be identical (every target's int8 kernels give the host reference's bits).
#include "keyword_net.h"

#include <cstdint>
#include <cstdio>

#ifdef EXAMPLE_FEATURE_NET
#include "feature_net.h"
#endif

// Static buffers: no heap anywhere in the inference path.
static float g_input[1 * 3 * 16 * 16];
static float g_scores[10];

int main() {
  // A fixed, deterministic input (a ramp with a sign pattern).
  for (int i = 0; i < 3 * 16 * 16; ++i)
    g_input[i] = static_cast<float>((i * 37) % 101) / 50.0f - 1.0f;
  keyword_net_context ctx;
  if (keyword_net_init(&ctx, nullptr, 0) != 0)
    return 1;
  const void* inputs[] = {g_input};
  void* outputs[] = {g_scores};
  if (keyword_net_run(&ctx, inputs, outputs) != 0)
    return 2;
  for (int i = 0; i < 10; ++i)
    std::printf("keyword_net[%d] = %.6f\n", i, static_cast<double>(g_scores[i]));
#ifdef EXAMPLE_FEATURE_NET
  // A second model in the same program: its own symbols, the same runtime and kernels.
  static float features[10];
  feature_net_context fctx;
  void* feature_outputs[] = {features};
  if (feature_net_init(&fctx, nullptr, 0) != 0 || feature_net_run(&fctx, inputs, feature_outputs) != 0)
    return 3;
  for (int i = 0; i < 10; ++i)
    std::printf("feature_net[%d] = %.6f\n", i, static_cast<double>(features[i]));
#endif
  return 0;
}
