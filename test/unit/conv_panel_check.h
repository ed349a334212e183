// The panel conv kernel (edgec/kernels/conv_panel.h) and the depthwise kernel (conv.h), whose
// multiply-adds round per EDGEC_F32_FMA, against naive loops written from their documented
// layouts and orders, on random shapes. Included by two test files: one built with
// the multiply-add rounded twice and one with it fused (EDGEC_F32_FMA=1), so both orders the
// kernel documents are checked bit for bit whatever the build machine has.
#include <catch2/catch.hpp>

#include <cstring>
#include <random>
#include <vector>

#include "edgec/kernels/conv_panel.h"

namespace conv_panel_check {

struct Case {
  int32_t rank, batch, cin, cout;
  int32_t in[3], kernel[3], stride[3], dilation[3], pad[3], padEnd[3];
  bool bias;
  edgec_act act;
  int32_t multiplier; // > 0: depthwise with this channel multiplier (cout = cin * multiplier)
};

// Filter [cout][taps][cin] into panels of eight output channels: panel p starts at
// 8 p * taps * cin and holds filter[8p + j][tap][c] at (tap * cin + c) * w + j.
inline std::vector<float> pack(const std::vector<float> &f, int32_t cout, int32_t taps, int32_t cin) {
  std::vector<float> packed(f.size());
  for (int32_t oc0 = 0; oc0 < cout; oc0 += 8) {
    const int32_t w = std::min(8, cout - oc0);
    for (int32_t j = 0; j < w; ++j)
      for (int32_t t = 0; t < taps; ++t)
        for (int32_t c = 0; c < cin; ++c)
          packed[(size_t)oc0 * taps * cin + ((size_t)t * cin + c) * w + j] =
              f[((size_t)(oc0 + j) * taps + t) * cin + c];
  }
  return packed;
}

inline void check(const Case &k, std::mt19937 &rng) {
  edgec_conv_params p{};
  p.spatial_rank = k.rank;
  p.batch = k.batch;
  p.in_channels = k.cin;
  p.out_channels = k.cout;
  p.groups = k.multiplier > 0 ? k.cin : 1;
  p.act = k.act;
  int32_t taps = 1, inVol = 1, outVol = 1;
  for (int32_t d = 0; d < k.rank; ++d) {
    p.in_spatial[d] = k.in[d];
    p.kernel[d] = k.kernel[d];
    p.stride[d] = k.stride[d];
    p.dilation[d] = k.dilation[d];
    p.pad_begin[d] = k.pad[d];
    const int32_t span = (k.kernel[d] - 1) * k.dilation[d] + 1;
    p.out_spatial[d] = (k.in[d] + k.pad[d] + k.padEnd[d] - span) / k.stride[d] + 1;
    taps *= k.kernel[d];
    inVol *= k.in[d];
    outVol *= p.out_spatial[d];
  }
  std::uniform_real_distribution<float> u(-1.0f, 1.0f);
  const int32_t cg = k.multiplier > 0 ? 1 : k.cin; // input channels per output
  std::vector<float> x((size_t)k.batch * inVol * k.cin), f((size_t)k.cout * taps * cg), b(k.cout);
  for (float &v : x) v = u(rng);
  for (float &v : f) v = u(rng);
  for (float &v : b) v = u(rng);
  std::vector<float> want((size_t)k.batch * outVol * k.cout), got(want.size(), -7.0f);
  // Naive: every output, taps in kernel order (padding skipped), channels in order.
  for (int32_t n = 0; n < k.batch; ++n)
    for (int32_t o = 0; o < outVol; ++o)
      for (int32_t oc = 0; oc < k.cout; ++oc) {
        // Panel: the sum starts at the bias. Depthwise: at 0, and act(bias + (0 + sum)).
        float s = k.bias && k.multiplier == 0 ? b[oc] : 0.0f;
        int32_t oco[3] = {0, 0, 0}, rest = o;
        for (int32_t d = k.rank - 1; d >= 0; --d) oco[d] = rest % p.out_spatial[d], rest /= p.out_spatial[d];
        for (int32_t t = 0; t < taps; ++t) {
          int32_t kc[3] = {0, 0, 0}, tr = t, ip = 0;
          bool inside = true;
          for (int32_t d = k.rank - 1; d >= 0; --d) kc[d] = tr % k.kernel[d], tr /= k.kernel[d];
          for (int32_t d = 0; d < k.rank; ++d) {
            const int32_t i = oco[d] * k.stride[d] - k.pad[d] + kc[d] * k.dilation[d];
            inside = inside && i >= 0 && i < k.in[d];
            ip = ip * k.in[d] + i;
          }
          if (!inside) continue;
          const int32_t c0 = k.multiplier > 0 ? oc / k.multiplier : 0;
          for (int32_t c = 0; c < cg; ++c)
            s = edgec_f32_madd(x[((size_t)n * inVol + ip) * k.cin + c0 + c], f[((size_t)oc * taps + t) * cg + c], s);
        }
        if (k.multiplier > 0) s = (k.bias ? b[oc] : 0.0f) + (0.0f + s);
        want[((size_t)n * outVol + o) * k.cout + oc] = edgec_apply_act(&k.act, s);
      }
  if (k.multiplier > 0) {
    edgec_conv_depthwise_f32(&p, x.data(), f.data(), k.bias ? b.data() : nullptr, got.data());
  } else {
    const std::vector<float> packed = pack(f, k.cout, taps, k.cin);
    edgec_conv_panel_f32(&p, x.data(), packed.data(), k.bias ? b.data() : nullptr, got.data());
    // The same into a slice of a wider tensor (a concat's output): same values, every pixel
    // `wide` floats apart, the other channels untouched.
    const int32_t wide = k.cout + 5, pixels = k.batch * outVol;
    std::vector<float> slice((size_t)pixels * wide, 7.0f);
    edgec_conv_panel_strided_f32(&p, wide, x.data(), packed.data(), k.bias ? b.data() : nullptr, slice.data() + 2);
    for (int32_t i = 0; i < pixels; ++i) {
      REQUIRE(std::memcmp(&slice[(size_t)i * wide + 2], &want[(size_t)i * k.cout], k.cout * sizeof(float)) == 0);
      REQUIRE(slice[(size_t)i * wide] == 7.0f);
      REQUIRE(slice[(size_t)i * wide + 1] == 7.0f);
      REQUIRE(slice[(size_t)i * wide + 2 + k.cout] == 7.0f);
    }
  }
  INFO((k.multiplier > 0 ? "depthwise x" : "panel ") << k.multiplier << " rank " << k.rank << " batch " << k.batch << " cin " << k.cin << " cout " << k.cout << " in " << k.in[0]
               << "x" << k.in[1] << "x" << k.in[2] << " kernel " << k.kernel[0] << "x" << k.kernel[1] << "x"
               << k.kernel[2] << " stride " << k.stride[0] << "," << k.stride[1] << "," << k.stride[2]
               << " dilation " << k.dilation[0] << "," << k.dilation[1] << "," << k.dilation[2] << " pad "
               << k.pad[0] << "," << k.pad[1] << "," << k.pad[2] << " act " << k.act.kind);
  REQUIRE(std::memcmp(want.data(), got.data(), want.size() * sizeof(float)) == 0);
}

inline void runRandomCases(unsigned seed) {
  std::mt19937 rng(seed);
  auto pick = [&](int32_t lo, int32_t hi) { return std::uniform_int_distribution<int32_t>(lo, hi)(rng); };
  for (int iter = 0; iter < 600; ++iter) {
    Case k{};
    k.rank = pick(1, 3);
    k.batch = pick(1, 2);
    k.multiplier = iter % 3 == 0 ? 0 : iter % 3 == 1 ? 1 : pick(1, 2);
    k.cin = pick(1, 40);
    k.cout = k.multiplier > 0 ? k.cin * k.multiplier : pick(1, 41);
    k.bias = pick(0, 1) == 1;
    const int32_t a = pick(0, 2);
    k.act.kind = a == 0 ? EDGEC_ACT_NONE : a == 1 ? EDGEC_ACT_RELU : EDGEC_ACT_CLIP;
    k.act.min = -0.5f;
    k.act.max = 0.5f;
    const bool pointwise = pick(0, 3) == 0;
    for (int32_t d = 0; d < k.rank; ++d) {
      k.in[d] = pick(1, k.rank == 3 ? 6 : 15);
      k.kernel[d] = pointwise ? 1 : pick(1, 3);
      k.stride[d] = pointwise ? 1 : pick(1, 3);
      k.dilation[d] = pointwise ? 1 : pick(1, 2);
      k.pad[d] = pointwise ? 0 : pick(0, 2);
      k.padEnd[d] = pointwise ? 0 : pick(0, 2);
      const int32_t span = (k.kernel[d] - 1) * k.dilation[d] + 1;
      if (k.in[d] + k.pad[d] + k.padEnd[d] < span) k.padEnd[d] = span - k.in[d] - k.pad[d];
    }
    check(k, rng);
  }
  // Windows longer than one tap list (EDGEC_WINDOW_MAX_TAPS): an STFT written as a 1-D Conv
  // of a few hundred taps and a 12x12 kernel, taken chunk by chunk with the partial sums held
  // in the output, in the same order; and 1-D convs written as 2-D with a trailing width of
  // 1 (Magika's Conv2D 5x1), whose unit dim the kernel drops.
  for (int iter = 0; iter < 36; ++iter) {
    Case k{};
    k.rank = iter % 2 == 0 ? 1 : 2;
    k.batch = pick(1, 2);
    k.cin = pick(1, 3);
    k.cout = pick(1, 20);
    k.bias = pick(0, 1) == 1;
    k.act.kind = iter % 3 == 0 ? EDGEC_ACT_RELU : EDGEC_ACT_NONE;
    for (int32_t d = 0; d < 3; ++d) k.in[d] = k.kernel[d] = k.stride[d] = k.dilation[d] = 1;
    for (int32_t d = 0; d < k.rank; ++d) {
      k.kernel[d] = k.rank == 1 ? pick(129, 520) : 12;
      k.in[d] = k.kernel[d] + pick(-3, k.rank == 1 ? 200 : 4);
      k.stride[d] = k.rank == 1 ? pick(1, 64) : pick(1, 2);
      k.pad[d] = pick(0, 3);
      k.padEnd[d] = pick(0, 3);
      if (k.in[d] + k.pad[d] + k.padEnd[d] < k.kernel[d]) k.padEnd[d] = k.kernel[d] - k.in[d] - k.pad[d];
    }
    if (iter >= 24) {
      k.rank = 2;
      k.cin = pick(1, 20);
      k.kernel[0] = pick(1, 7), k.kernel[1] = 1;
      k.in[0] = k.kernel[0] + pick(0, 40), k.in[1] = 1;
      k.stride[0] = pick(1, 2), k.stride[1] = pick(1, 2);
      k.pad[0] = pick(0, 2), k.padEnd[0] = pick(0, 2), k.pad[1] = k.padEnd[1] = 0;
    }
    check(k, rng);
  }
}

} // namespace conv_panel_check
