// Unit tests of the recurrent kernel (recurrent.h) on small cases worked out by hand:
// RNN steps, reverse runs with sequence lengths, GRU's two reset placements, LSTM's
// coupled input/forget gate and peepholes. The ONNX-wide checks are the conformance runs.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <vector>

#include "edgec/kernels/recurrent.h"

namespace {

edgec_recurrent_params params(int32_t cell, int32_t seq, int32_t batch, int32_t input, int32_t hidden,
                              int32_t dirs, int32_t reverse, std::vector<int32_t> acts) {
  edgec_recurrent_params p = {};
  p.cell = cell;
  p.seq = seq;
  p.batch = batch;
  p.input = input;
  p.hidden = hidden;
  p.directions = dirs;
  p.reverse = reverse;
  for (size_t i = 0; i < acts.size(); ++i)
    p.act[i] = acts[i];
  return p;
}

size_t workSize(const edgec_recurrent_params &p) {
  int32_t g = p.cell == EDGEC_LSTM_CELL ? 4 : p.cell == EDGEC_GRU_CELL ? 3 : 1;
  return static_cast<size_t>(p.seq * p.batch * g * p.hidden + (g + 1) * p.hidden);
}

float sigmoid(float x) { return 1.0f / (1.0f + std::exp(-x)); }

} // namespace

TEST_CASE("recurrent: RNN forward, tanh, with biases", "[recurrent]") {
  auto p = params(EDGEC_RNN_CELL, 2, 1, 1, 1, 1, 0, {EDGEC_RACT_TANH});
  const float x[] = {0.3f, -0.7f}, w[] = {2.0f}, r[] = {0.5f}, b[] = {0.1f, 0.2f};
  float y[2], yh[1];
  std::vector<float> work(workSize(p));
  edgec_recurrent_f32(&p, x, w, r, b, nullptr, nullptr, nullptr, nullptr, y, yh, nullptr, work.data());
  float h1 = std::tanh(0.6f + 0.3f), h2 = std::tanh(-1.4f + 0.5f * h1 + 0.3f);
  CHECK(y[0] == Approx(h1));
  CHECK(y[1] == Approx(h2));
  CHECK(yh[0] == Approx(h2));
}

TEST_CASE("recurrent: reverse RNN with sequence lengths and clip", "[recurrent]") {
  // Two rows, lengths 1 and 2: row 0 runs its one step, row 1 runs t = 1 then t = 0.
  auto p = params(EDGEC_RNN_CELL, 2, 2, 1, 1, 1, 1, {EDGEC_RACT_RELU});
  p.has_clip = 1;
  p.clip = 1.5f;
  const float x[] = {1.0f, 2.0f, 0.25f, 0.5f}; // [t][row]
  const float w[] = {1.0f}, r[] = {1.0f}, h0[] = {0.5f, 0.0f};
  const int32_t lens[] = {1, 2};
  float y[4], yh[2];
  std::vector<float> work(workSize(p));
  edgec_recurrent_f32(&p, x, w, r, nullptr, lens, h0, nullptr, nullptr, y, yh, nullptr, work.data());
  CHECK(y[0] == Approx(1.5f));  // row 0, t 0: relu(clip(1 + 0.5))
  CHECK(y[2] == 0.0f);          // row 0, t 1: past its length
  CHECK(y[3] == Approx(0.5f));  // row 1, t 1 first: relu(0.5 + 0)
  CHECK(y[1] == Approx(1.5f));  // row 1, t 0: relu(clip(2 + 0.5))
  CHECK(yh[0] == Approx(1.5f));
  CHECK(yh[1] == Approx(1.5f));
}

TEST_CASE("recurrent: GRU reset before and after the recurrent product", "[recurrent]") {
  // hidden 1, input 1: gates z, r, h; h0 = 0.5.
  const float x[] = {0.4f}, w[] = {0.3f, -0.2f, 0.7f}, r[] = {0.1f, 0.6f, -0.9f};
  const float b[] = {0.0f, 0.0f, 0.0f, 0.05f, 0.1f, 0.2f}, h0[] = {0.5f};
  float z = sigmoid(0.12f + 0.05f + 0.05f), rt = sigmoid(-0.08f + 0.1f + 0.3f);
  for (int linear = 0; linear < 2; ++linear) {
    auto p = params(EDGEC_GRU_CELL, 1, 1, 1, 1, 1, 0, {EDGEC_RACT_SIGMOID, EDGEC_RACT_TANH});
    p.linear_before_reset = linear;
    float y[1], yh[1];
    std::vector<float> work(workSize(p));
    edgec_recurrent_f32(&p, x, w, r, b, nullptr, h0, nullptr, nullptr, y, yh, nullptr, work.data());
    float candidate = linear ? std::tanh(0.28f + rt * (-0.45f + 0.2f)) : std::tanh(0.28f + (rt * 0.5f) * -0.9f + 0.2f);
    CHECK(yh[0] == Approx((1 - z) * candidate + z * 0.5f));
    CHECK(y[0] == yh[0]);
  }
}

TEST_CASE("recurrent: LSTM peepholes and coupled input/forget gates", "[recurrent]") {
  const float x[] = {1.0f}, w[] = {0.5f, -0.5f, 0.25f, 1.0f}, r[] = {0.2f, 0.1f, -0.3f, 0.4f};
  const float h0[] = {0.3f}, c0[] = {-0.6f}, peep[] = {0.7f, -0.2f, 0.9f};
  for (int coupled = 0; coupled < 2; ++coupled) {
    auto p = params(EDGEC_LSTM_CELL, 1, 1, 1, 1, 1, 0, {EDGEC_RACT_SIGMOID, EDGEC_RACT_TANH, EDGEC_RACT_TANH});
    p.input_forget = coupled;
    float y[1], yh[1], yc[1];
    std::vector<float> work(workSize(p));
    edgec_recurrent_f32(&p, x, w, r, nullptr, nullptr, h0, c0, peep, y, yh, yc, work.data());
    float i = sigmoid(0.5f + 0.06f + 0.7f * -0.6f);
    float f = coupled ? 1.0f - i : sigmoid(0.25f - 0.09f + 0.9f * -0.6f);
    float c = f * -0.6f + i * std::tanh(1.0f + 0.12f);
    float o = sigmoid(-0.5f + 0.03f + -0.2f * c);
    CHECK(yc[0] == Approx(c));
    CHECK(yh[0] == Approx(o * std::tanh(c)));
  }
}
