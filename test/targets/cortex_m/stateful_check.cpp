// --stateful on a Cortex-M core: test/lit/tools/Inputs/two_states.onnx compiled with
// `--stateful h=hN --stateful c=cN` (run_stateful_check.sh), run three chunks with the state kept
// in the arena, then the state saved, reset and restored through the generated accessors.
// Expected (x = 1 each run, states from zero): y = 1, 3.5, 5.625; h = 3, c = 1.75 at the end
// (every value exact in float32). Prints "stateful: OK" and returns 0, else the first mismatch.
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "two_states.h"

static int check(const char* what, const float* got, float want) {
  for (int i = 0; i < 4; ++i)
    if (got[i] != want) {
      printf("stateful: %s[%d] = %g, expected %g\n", what, i, (double)got[i], (double)want);
      return 1;
    }
  return 0;
}

int main() {
  static two_states_context ctx;
  if (two_states_init(&ctx, NULL, 0) != 0 || TWO_STATES_NUM_INPUTS != 1 || TWO_STATES_NUM_STATES != 2)
    return 1;
  const float x[4] = {1, 1, 1, 1};
  float y[4], mean[1];
  const void* in[] = {x};
  void* out[] = {y, mean};
  const float expected[] = {1.0f, 3.5f, 5.625f};
  for (int k = 0; k < 3; ++k)
    if (two_states_run(&ctx, in, out) != 0 || check("y", y, expected[k]))
      return 1;
  const float* h = (const float*)two_states_state_h(&ctx);
  const float* c = (const float*)two_states_state_c(&ctx);
  if (!h || !c || check("h", h, 3.0f) || check("c", c, 1.75f))
    return 1;
  // Save, start a new stream, then restore the saved one: the next run continues it.
  float saved[2][4];
  memcpy(saved[0], h, TWO_STATES_STATE_H_BYTES);
  memcpy(saved[1], c, TWO_STATES_STATE_C_BYTES);
  two_states_reset_state(&ctx);
  if (check("h after reset", h, 0.0f) || two_states_run(&ctx, in, out) != 0 || check("y after reset", y, 1.0f))
    return 1;
  memcpy(two_states_state(&ctx, 0), saved[0], sizeof saved[0]);
  memcpy(two_states_state(&ctx, 1), saved[1], sizeof saved[1]);
  if (two_states_run(&ctx, in, out) != 0 || check("y after restore", y, 1.875f * 1.75f + 4.0f))
    return 1;
  printf("stateful: OK\n");
  return 0;
}
