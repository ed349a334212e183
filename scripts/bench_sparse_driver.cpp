// Driver of scripts/bench_sparse.py: runs one layer once, dense or sparse, with callgrind's
// collection switched on around the kernel call only. Usage: driver LAYER FORMAT [variant]
//   LAYER: pw64 (1x1 conv 64->64, 16x16), c3x3 (3x3 conv 32->32, 16x16, pad 1), fc (FC 512->256,
//          batch 1), fc16 (the same, batch 16); suffix _f32 for float
//   FORMAT: dense, N:M (2:4, 4:8, 1:4), bsrRxC (bsr1x8, bsr4x8: half the blocks kept); for a float
//           FC, dense is edgec_gemm_f32 with trans_b (the emitted form) and dense_pw the pointwise conv
// The weights are random, zeroed to fit FORMAT (the dense run gets the same 2:4 weights), and
// packed by the compiler's packer; the sparse result is checked against the dense kernel's.
// Built for a Cortex-M (EDGEC_BENCH_CORTEX_M, with EDGEC_BENCH_VARIANT_DSP, _V6M or _MVE: the
// core's kernel variant), the dense int8 kernels are that core's (edgec_conv_s8_dsp,
// edgec_fully_connected_s8_dsp, ...) and the call is timed by edgec_cycles() (instructions under
// QEMU -icount), printed as "ticks N"; with a third argument `variant`, an int8 N:M layer runs
// the core's sparse variants (edgec_conv_nm_s8_<variant>, edgec_fully_connected_nm_s8_<variant>
// from sparse_s8_<variant>.h, when EDGEC_BENCH_SPARSE_VARIANT says it exists) instead of the
// reference sparse kernels.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "compiler/support/SparseFormats.h"
#include "edgec/kernels/gemm.h"
#include "edgec/kernels/sparse.h"

#ifdef EDGEC_BENCH_CORTEX_M
#include "edgec/cortex_m.h"
#if defined(EDGEC_BENCH_VARIANT_DSP)
#include "edgec/kernels/conv_s8_dsp.h"
#include "edgec/kernels/fully_connected_s8_dsp.h"
#define EDGEC_BENCH_V(name) name##_dsp
#if defined(EDGEC_BENCH_SPARSE_VARIANT)
#include "edgec/kernels/sparse_s8_dsp.h"
#endif
#elif defined(EDGEC_BENCH_VARIANT_V6M)
#include "edgec/kernels/conv_s8_v6m.h"
#include "edgec/kernels/fully_connected_s8_v6m.h"
#define EDGEC_BENCH_V(name) name##_v6m
#if defined(EDGEC_BENCH_SPARSE_VARIANT)
#include "edgec/kernels/sparse_s8_v6m.h"
#endif
#elif defined(EDGEC_BENCH_VARIANT_MVE)
#include "edgec/kernels/conv_s8_mve.h"
#include "edgec/kernels/fully_connected_s8_mve.h"
#define EDGEC_BENCH_V(name) name##_mve
#if defined(EDGEC_BENCH_SPARSE_VARIANT)
#include "edgec/kernels/sparse_s8_mve.h"
#endif
#else
#error "EDGEC_BENCH_CORTEX_M needs EDGEC_BENCH_VARIANT_DSP, _V6M or _MVE"
#endif
#define edgec_conv_s8 EDGEC_BENCH_V(edgec_conv_s8)
#define edgec_fully_connected_s8 EDGEC_BENCH_V(edgec_fully_connected_s8)
static uint64_t g_ticks;
#define BENCH_START (edgec_cycles_start(), g_ticks = edgec_cycles())
#define BENCH_STOP (g_ticks = edgec_cycles() - g_ticks)
#else
#include <valgrind/callgrind.h>
#define BENCH_START CALLGRIND_TOGGLE_COLLECT
#define BENCH_STOP CALLGRIND_TOGGLE_COLLECT
#endif

namespace {

struct Layer {
  bool fc;
  edgec_conv_params conv;
  edgec_fc_params fcp;
  int32_t rows() const { return fc ? fcp.out_features : conv.out_channels; }
  int32_t cols() const { return fc ? fcp.in_features : conv.kernel[0] * conv.kernel[1] * conv.in_channels; }
  size_t inputs() const {
    return fc ? size_t(fcp.batches) * fcp.in_features : size_t(conv.in_spatial[0]) * conv.in_spatial[1] * conv.in_channels;
  }
  size_t outputs() const {
    return fc ? size_t(fcp.batches) * fcp.out_features
              : size_t(conv.out_spatial[0]) * conv.out_spatial[1] * conv.out_channels;
  }
};

Layer makeLayer(const std::string &name) {
  Layer l{};
  if (name == "fc" || name == "fc16") {
    l.fc = true;
    l.fcp = {name == "fc" ? 1 : 16, 256, 512};
    return l;
  }
  const bool pw = name == "pw64";
  edgec_conv_params &p = l.conv;
  p.spatial_rank = 2, p.batch = 1, p.groups = 1;
  p.in_channels = p.out_channels = pw ? 64 : 32;
  for (int d = 0; d < 3; ++d) {
    const bool used = d < 2;
    p.kernel[d] = used && !pw ? 3 : 1;
    p.stride[d] = p.dilation[d] = 1;
    p.pad_begin[d] = used && !pw ? 1 : 0;
    p.in_spatial[d] = p.out_spatial[d] = used ? 16 : 1;
  }
  return l;
}

template <typename T> void run(const Layer &l, const std::string &format, bool variant) {
  (void)variant; // only a Cortex-M build may have sparse variants
  std::mt19937 rng(1);
  std::uniform_int_distribution<int> i8(-128, 127);
  std::uniform_real_distribution<float> f(-1.0f, 1.0f);
  auto draw = [&] { return std::is_same<T, float>::value ? T(f(rng)) : T(i8(rng)); };
  const int32_t rows = l.rows(), cols = l.cols();
  const size_t nrows = static_cast<size_t>(rows);
  std::vector<T> w(nrows * cols), x(l.inputs()), bias(nrows);
  for (auto &v : w) v = draw();
  for (auto &v : x) v = draw();
  for (auto &v : bias) v = draw();
  std::vector<int32_t> bias32(nrows), mult(nrows, 1518500250), shift(nrows, -9);
  for (int32_t r = 0; r < rows; ++r) bias32[size_t(r)] = int32_t(bias[size_t(r)]) * 64;
  const edgec_requant_params q = {3, -2, -128, 127, 1, mult.data(), shift.data()};

  const bool dense = format.rfind("dense", 0) == 0, bsr = format.rfind("bsr", 0) == 0;
  int32_t n = 2, m = 4, br = 1, bc = 8;
  if (bsr)
    std::sscanf(format.c_str(), "bsr%dx%d", &br, &bc);
  else if (!dense)
    std::sscanf(format.c_str(), "%d:%d", &n, &m);
  if (bsr) { // half the blocks, at random
    std::bernoulli_distribution keep(0.5);
    for (int32_t r0 = 0; r0 < rows; r0 += br)
      for (int32_t c0 = 0; c0 < cols; c0 += bc)
        if (!keep(rng))
          for (int32_t r = r0; r < r0 + br && r < rows; ++r)
            for (int32_t c = c0; c < c0 + bc && c < cols; ++c) w[size_t(r) * cols + c] = T(0);
  } else {
    edgec::sparsifyNM(w, rows, cols, n, m);
  }
  auto nmp = edgec::packNM(w, rows, cols, n, m);
  const auto bsrp = edgec::packBSR(w, rows, cols, br, bc);
  const edgec_nm_desc nd = {rows, cols, n, m, nmp ? int32_t(nmp->indexBits()) : 0,
                            nmp ? int32_t(nmp->rowIndexBytes()) : 0};
  const edgec_bsr_desc bd = {rows, cols, br, bc, bsrp.rowStart.data(), bsrp.blockCol.data()};

  std::vector<T> want(l.outputs()), got(l.outputs());
  edgec_act act{};
  auto denseCall = [&](T *y) {
    if constexpr (std::is_same<T, float>::value) {
      if (l.fc && format == "dense_pw") { // the FC as a 1x1 conv: the register-tiled float path
        edgec_conv_params c;
        edgec_window win;
        edgec_fc_as_conv(&l.fcp, &c, &win);
        edgec_conv_pointwise_f32(&c, x.data(), w.data(), bias.data(), y);
      } else if (l.fc) { // Gemm(transB = 1), as the compiler emits a float FC
        edgec_gemm_params g{};
        g.m = l.fcp.batches, g.n = rows, g.k = cols, g.trans_b = 1, g.alpha = g.beta = 1.0f, g.c_rows = 1, g.c_cols = rows;
        edgec_gemm_f32(&g, x.data(), w.data(), bias.data(), y);
      } else {
        edgec_conv_f32(&l.conv, x.data(), w.data(), bias.data(), y);
      }
    } else {
      if (l.fc) edgec_fully_connected_s8(&l.fcp, &q, x.data(), w.data(), bias32.data(), y);
      else edgec_conv_s8(&l.conv, &q, x.data(), w.data(), bias32.data(), y);
    }
  };
  auto sparseCall = [&](T *y) {
    if constexpr (std::is_same<T, float>::value) {
      if (l.fc) {
        if (bsr) edgec_fully_connected_bsr_f32(&l.fcp, &act, x.data(), &bd, bsrp.values.data(), bias.data(), y);
        else edgec_fully_connected_nm_f32(&l.fcp, &act, x.data(), &nd, nmp->values.data(), nmp->indices.data(), bias.data(), y);
      } else {
        if (bsr) edgec_conv_bsr_f32(&l.conv, x.data(), &bd, bsrp.values.data(), bias.data(), y);
        else edgec_conv_nm_f32(&l.conv, x.data(), &nd, nmp->values.data(), nmp->indices.data(), bias.data(), y);
      }
    } else {
      if (l.fc) {
        if (bsr) edgec_fully_connected_bsr_s8(&l.fcp, &q, x.data(), &bd, bsrp.values.data(), bias32.data(), y);
#ifdef EDGEC_BENCH_SPARSE_VARIANT
        else if (variant) EDGEC_BENCH_V(edgec_fully_connected_nm_s8)(&l.fcp, &q, x.data(), &nd, nmp->values.data(), nmp->indices.data(), bias32.data(), y);
#endif
        else edgec_fully_connected_nm_s8(&l.fcp, &q, x.data(), &nd, nmp->values.data(), nmp->indices.data(), bias32.data(), y);
      } else {
        if (bsr) edgec_conv_bsr_s8(&l.conv, &q, x.data(), &bd, bsrp.values.data(), bias32.data(), y);
#ifdef EDGEC_BENCH_SPARSE_VARIANT
        else if (variant) EDGEC_BENCH_V(edgec_conv_nm_s8)(&l.conv, &q, x.data(), &nd, nmp->values.data(), nmp->indices.data(), bias32.data(), y);
#endif
        else edgec_conv_nm_s8(&l.conv, &q, x.data(), &nd, nmp->values.data(), nmp->indices.data(), bias32.data(), y);
      }
    }
  };
  denseCall(want.data());
  BENCH_START;
  if (dense) denseCall(got.data());
  else sparseCall(got.data());
  BENCH_STOP;
  double err = 0.0;
  for (size_t i = 0; i < want.size(); ++i) err = std::fmax(err, std::fabs(double(want[i]) - double(got[i])));
  const double nz = double(std::count_if(w.begin(), w.end(), [](T v) { return v != T(0); })) / double(w.size());
  std::printf("density %.3f max_abs_diff %g\n", nz, err);
#ifdef EDGEC_BENCH_CORTEX_M
  std::printf("ticks %llu\n", static_cast<unsigned long long>(g_ticks));
#endif
}

} // namespace

int main(int argc, char **argv) {
  if (argc != 3 && !(argc == 4 && std::string(argv[3]) == "variant")) {
    std::fprintf(stderr, "usage: %s LAYER FORMAT [variant]\n", argv[0]);
    return 2;
  }
  std::string name = argv[1];
  const bool f32 = name.size() > 4 && name.compare(name.size() - 4, 4, "_f32") == 0;
  if (f32) name.resize(name.size() - 4);
  const Layer l = makeLayer(name);
  const bool variant = argc == 4;
  if (f32) run<float>(l, argv[2], variant);
  else run<int8_t>(l, argv[2], variant);
  return 0;
}
