// Bare-metal check of the Cortex-M int8 kernel variants against the reference kernels.
//
// Built for one core by run_check.sh and run under QEMU (semihosting). For every
// variant compiled in for that core (the table kVariants, selected by the core's feature
// macros), it:
//   1. runs many randomized conv and fully connected problems (fixed-seed PRNG) and compares
//      the variant's output with the reference byte for byte; the first mismatch is printed
//      and main returns 1;
//   2. measures executed instructions (SysTick ticks under QEMU -icount shift=0) of the
//      reference and of the variant on the MobileNetV2 block layers and prints a table.
// Cores without DSP or MVE (Cortex-M0+) check the ARMv6-M variant.
//
// Adding a variant: include its headers under its feature macro and add a row to kVariants.
// A core's N:M-sparse variants (sparse_s8_<variant>.h; EDGEC_CHECK_SPARSE names them) are
// checked the same way against the reference sparse kernels (sparse.h), on weights packed here
// as the compiler's packer does.
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "edgec/cortex_m.h"
#include "edgec/kernels/quantized_conv.h"
#include "edgec/kernels/quantized_gemm.h"

#if defined(__ARM_FEATURE_DSP) && !defined(__ARM_FEATURE_MVE)
#include "edgec/kernels/conv_s8_dsp.h"
#include "edgec/kernels/fully_connected_s8_dsp.h"
#include "edgec/kernels/sparse_s8_dsp.h"
#define EDGEC_CHECK_SPARSE(fn) fn##_dsp
#define EDGEC_CHECK_SPARSE_NAME "dsp"
#endif
#if defined(__ARM_FEATURE_MVE)
/* The Helium (MVE) variants are added here. */
#include "edgec/kernels/sparse_s8_mve.h"
#define EDGEC_CHECK_SPARSE(fn) fn##_mve
#define EDGEC_CHECK_SPARSE_NAME "mve"
#endif
#if !defined(__ARM_FEATURE_DSP) && !defined(__ARM_FEATURE_MVE)
#include "edgec/kernels/conv_s8_v6m.h"
#include "edgec/kernels/fully_connected_s8_v6m.h"
#include "edgec/kernels/sparse_s8_v6m.h"
#define EDGEC_CHECK_SPARSE(fn) fn##_v6m
#define EDGEC_CHECK_SPARSE_NAME "v6m"
#endif

// SysTick frequency of the board (instructions per tick = 1e9 / this under -icount shift=0).
#ifndef EDGEC_CHECK_CLOCK_HZ
#define EDGEC_CHECK_CLOCK_HZ 25000000u
#endif

typedef void (*conv_fn)(const edgec_conv_params*, const edgec_requant_params*, const int8_t*, const int8_t*,
                        const int32_t*, int8_t*);
typedef void (*fc_fn)(const edgec_fc_params*, const edgec_requant_params*, const int8_t*, const int8_t*,
                      const int32_t*, int8_t*);

struct variant {
  const char* name;
  conv_fn conv;
  fc_fn fc;
};

static const variant kVariants[] = {
#if defined(__ARM_FEATURE_DSP) && !defined(__ARM_FEATURE_MVE)
    {"dsp", edgec_conv_s8_dsp, edgec_fully_connected_s8_dsp},
#endif
#if defined(__ARM_FEATURE_MVE)
/* {"mve", edgec_conv_s8_mve, edgec_fully_connected_s8_mve}, */
#endif
#if !defined(__ARM_FEATURE_DSP) && !defined(__ARM_FEATURE_MVE)
    {"v6m", edgec_conv_s8_v6m, edgec_fully_connected_s8_v6m},
#endif
    {nullptr, nullptr, nullptr}};

// ---- buffers (static: the stack is 64 KB) ----
enum { kMaxAct = 64 * 64 * 24, kMaxFilter = 96 * 96 * 9, kMaxChannels = 512 };
static int8_t g_in[kMaxAct];
static int8_t g_filter[kMaxFilter];
static int32_t g_bias[kMaxChannels];
static int32_t g_mult[kMaxChannels];
static int32_t g_shift[kMaxChannels];
static int8_t g_out_ref[kMaxAct + 64];
static int8_t g_out_var[kMaxAct + 64];

// ---- PRNG (xorshift32, fixed seed; -DEDGEC_CHECK_SEED=... and -DEDGEC_CHECK_CASES=... for
// a longer sweep) ----
#ifndef EDGEC_CHECK_SEED
#define EDGEC_CHECK_SEED 0x2545F491u
#endif
#ifndef EDGEC_CHECK_CASES
#define EDGEC_CHECK_CASES 600
#endif
static uint32_t g_rng = EDGEC_CHECK_SEED;
static uint32_t rnd() {
  g_rng ^= g_rng << 13;
  g_rng ^= g_rng >> 17;
  g_rng ^= g_rng << 5;
  return g_rng;
}
static int32_t rnd_in(int32_t lo, int32_t hi) { return lo + (int32_t)(rnd() % (uint32_t)(hi - lo + 1)); }
template <typename T, int N>
static T pick(const T (&a)[N]) {
  return a[rnd() % N];
}

static void fill_s8(int8_t* p, int32_t n) {
  for (int32_t i = 0; i < n; ++i) p[i] = (int8_t)rnd_in(-128, 127);
}

// Requantization: per-channel or per-tensor multipliers in [2^30, 2^31) and shifts that keep
// outputs mostly in range, with occasional edge values (zero multiplier, large shifts).
static void random_requant(edgec_requant_params* q, int32_t channels, int32_t input_offset, int32_t kdim) {
  static const int32_t kOffsets[] = {-128, 127, 128, -127, 0, 1, -1, 5, -77};
  q->per_channel = (int32_t)(rnd() & 1);
  q->input_offset = (rnd() % 4 == 0) ? input_offset : (rnd() % 2 ? pick(kOffsets) : rnd_in(-128, 127));
  q->output_offset = rnd_in(-128, 127);
  q->act_min = -128;
  q->act_max = 127;
  if (rnd() % 3 == 0) {
    q->act_min = rnd_in(-128, 20);
    q->act_max = rnd_in(q->act_min, 127);
  }
  int32_t base_shift = -8;
  for (int32_t k = kdim; k > 4; k >>= 1) --base_shift;
  const int32_t n = q->per_channel ? channels : 1;
  for (int32_t i = 0; i < n; ++i) {
    g_mult[i] = (int32_t)(0x40000000u + (rnd() & 0x3FFFFFFFu));
    g_shift[i] = base_shift + rnd_in(-3, 3);
    const uint32_t e = rnd() % 64;
    if (e == 0) g_mult[i] = 0;
    if (e == 1) g_shift[i] = -31;
    if (e == 2) g_shift[i] = rnd_in(0, 4);
    if (e == 3) g_mult[i] = INT32_MIN;
    if (e == 4) g_shift[i] = 0;
  }
  q->multiplier = g_mult;
  q->shift = g_shift;
}

static void print_conv(const edgec_conv_params& p, const edgec_requant_params& q) {
  printf("  rank %ld batch %ld cin %ld cout %ld groups %ld\n", (long)p.spatial_rank, (long)p.batch,
         (long)p.in_channels, (long)p.out_channels, (long)p.groups);
  for (int d = 0; d < p.spatial_rank; ++d)
    printf("  dim %d: in %ld out %ld kernel %ld stride %ld dilation %ld pad_begin %ld\n", d, (long)p.in_spatial[d],
           (long)p.out_spatial[d], (long)p.kernel[d], (long)p.stride[d], (long)p.dilation[d], (long)p.pad_begin[d]);
  printf("  input_offset %ld output_offset %ld act [%ld, %ld] per_channel %ld\n", (long)q.input_offset,
         (long)q.output_offset, (long)q.act_min, (long)q.act_max, (long)q.per_channel);
}

static int32_t conv_out_count(const edgec_conv_params& p) {
  int32_t v = p.batch * p.out_channels;
  for (int d = 0; d < p.spatial_rank; ++d) v *= p.out_spatial[d];
  return v;
}

// Compares variant v with the reference on conv p; returns 0 when equal.
static int check_conv(const variant& v, const edgec_conv_params& p, const edgec_requant_params& q, int with_bias,
                      int32_t index) {
  const int32_t n = conv_out_count(p);
  memset(g_out_ref, 0x5A, (size_t)n + 64);
  memset(g_out_var, 0xA5, (size_t)n + 64);
  edgec_conv_s8(&p, &q, g_in, g_filter, with_bias ? g_bias : nullptr, g_out_ref);
  v.conv(&p, &q, g_in, g_filter, with_bias ? g_bias : nullptr, g_out_var);
  for (int32_t i = 0; i < n; ++i)
    if (g_out_ref[i] != g_out_var[i]) {
      printf("FAIL %s conv case %ld: output %ld of %ld: reference %d, variant %d\n", v.name, (long)index, (long)i,
             (long)n, g_out_ref[i], g_out_var[i]);
      print_conv(p, q);
      return 1;
    }
  if ((uint8_t)g_out_var[n] != 0xA5) {
    printf("FAIL %s conv case %ld: wrote past the output\n", v.name, (long)index);
    print_conv(p, q);
    return 1;
  }
  return 0;
}

// A random conv that fits the buffers; `kind` 0: general (groups 1), 1: grouped, 2: depthwise,
// 3: depthwise with channel multiplier 2, 4: pointwise, 5: long reductions (chunked).
static int random_conv(edgec_conv_params* p, int kind) {
  static const int32_t kChannels[] = {1, 2, 3, 4, 5, 7, 8, 16, 17};
  static const int32_t kKernels[] = {1, 3, 5, 1, 3, 2};
  memset(p, 0, sizeof *p);
  p->spatial_rank = rnd() % 8 == 0 ? 1 : (rnd() % 8 == 0 ? 3 : 2);
  p->batch = rnd() % 6 == 0 ? 2 : 1;
  int32_t cg = pick(kChannels), og = pick(kChannels), groups = 1;
  if (kind == 1) groups = rnd_in(2, 3);
  if (kind == 2 || kind == 3) {
    groups = pick(kChannels) + (rnd() % 3 == 0 ? 20 : 0);
    cg = 1;
    og = kind == 2 ? 1 : 2;
  }
  if (kind == 5) {
    cg = rnd_in(60, 150);
    og = rnd_in(1, 70);
  }
  p->groups = groups;
  p->in_channels = cg * groups;
  p->out_channels = og * groups;
  for (int d = 0; d < 3; ++d) {
    p->in_spatial[d] = p->out_spatial[d] = p->kernel[d] = p->stride[d] = p->dilation[d] = 1;
    p->pad_begin[d] = 0;
  }
  for (int d = 0; d < p->spatial_rank; ++d) {
    const int32_t k = kind == 4 ? 1 : pick(kKernels);
    const int32_t s = kind == 4 ? 1 : (rnd() % 3 == 0 ? 2 : 1);
    const int32_t dil = kind == 4 ? 1 : (rnd() % 4 == 0 ? 2 : 1);
    const int32_t pb = kind == 4 ? 0 : rnd_in(0, k - 1);
    const int32_t pe = kind == 4 ? 0 : rnd_in(0, k - 1);
    const int32_t span = dil * (k - 1) + 1;
    int32_t in = rnd_in(1, p->spatial_rank == 3 ? 5 : 9);
    if (in + pb + pe < span) in = span - pb - pe;
    if (in < 1) in = 1;
    p->in_spatial[d] = in;
    p->kernel[d] = k;
    p->stride[d] = s;
    p->dilation[d] = dil;
    p->pad_begin[d] = pb;
    p->out_spatial[d] = (in + pb + pe - span) / s + 1;
  }
  int32_t in_n = p->batch * p->in_channels, out_n = conv_out_count(*p), kvol = 1;
  for (int d = 0; d < p->spatial_rank; ++d) {
    in_n *= p->in_spatial[d];
    kvol *= p->kernel[d];
  }
  if (in_n > kMaxAct || out_n > kMaxAct || (int32_t)p->out_channels * kvol * cg > kMaxFilter ||
      p->out_channels > kMaxChannels)
    return 0;
  fill_s8(g_in, in_n);
  fill_s8(g_filter, p->out_channels * kvol * cg);
  for (int32_t i = 0; i < p->out_channels; ++i) g_bias[i] = rnd_in(-30000, 30000);
  return kvol * cg;
}

static int run_conv_tests(const variant& v) {
  // Input offsets beyond int8 (the kernels accept any int32) are tried now and then.
  static const int32_t kWideOffsets[] = {-128, 127, 128, 32640, -32640, 32641, -40000, 100000};
  int32_t cases = 0;
  for (int32_t index = 0; cases < EDGEC_CHECK_CASES; ++index) {
    edgec_conv_params p;
    edgec_requant_params q;
    const int kind = (int)(index % 6);
    const int32_t kdim = random_conv(&p, kind);
    if (!kdim) continue;
    random_requant(&q, p.out_channels, pick(kWideOffsets), kdim);
    if (check_conv(v, p, q, rnd() % 8 != 0, index)) return 1;
    ++cases;
  }
  // Hand-picked shapes for paths the random sizes rarely reach: depthwise filters split over
  // several table chunks (with leftover channels), a depthwise kernel too large for the table,
  // reductions longer than one column chunk (general and 1x1), many output-channel blocks.
  struct shape {
    int32_t rank, cin, cout, groups, in0, in1, k0, k1, stride, dil, pad;
  };
  static const shape kShapes[] = {
      {2, 45, 45, 45, 9, 9, 7, 7, 1, 1, 3},   {2, 130, 130, 130, 5, 5, 3, 3, 1, 1, 1},
      {1, 5, 5, 5, 420, 1, 401, 1, 1, 1, 3},  {2, 64, 40, 1, 6, 6, 3, 3, 1, 1, 1},
      {2, 600, 5, 1, 3, 3, 1, 1, 1, 1, 0},    {2, 70, 70, 1, 4, 4, 3, 3, 2, 1, 1},
      {2, 8, 200, 1, 3, 3, 1, 1, 1, 1, 0},    {2, 96, 96, 96, 7, 7, 3, 3, 2, 2, 2},
  };
  for (const shape& s : kShapes)
    for (int variant_q = 0; variant_q < 3; ++variant_q) {
      edgec_conv_params p;
      edgec_requant_params q;
      memset(&p, 0, sizeof p);
      for (int d = 0; d < 3; ++d) p.in_spatial[d] = p.out_spatial[d] = p.kernel[d] = p.stride[d] = p.dilation[d] = 1;
      p.spatial_rank = s.rank;
      p.batch = 1;
      p.in_channels = s.cin;
      p.out_channels = s.cout;
      p.groups = s.groups;
      const int32_t in[2] = {s.in0, s.in1}, k[2] = {s.k0, s.k1};
      int32_t in_n = s.cin, kvol = 1;
      for (int d = 0; d < s.rank; ++d) {
        p.in_spatial[d] = in[d];
        p.kernel[d] = k[d];
        p.stride[d] = s.stride;
        p.dilation[d] = s.dil;
        p.pad_begin[d] = s.pad;
        p.out_spatial[d] = (in[d] + 2 * s.pad - s.dil * (k[d] - 1) - 1) / s.stride + 1;
        in_n *= in[d];
        kvol *= k[d];
      }
      const int32_t fn = s.cout * kvol * (s.cin / s.groups);
      if (in_n > kMaxAct || conv_out_count(p) > kMaxAct || fn > kMaxFilter) {
        printf("kernel_check: shape too large for the buffers\n");
        return 1;
      }
      fill_s8(g_in, in_n);
      fill_s8(g_filter, fn);
      for (int32_t i = 0; i < s.cout; ++i) g_bias[i] = rnd_in(-3000, 3000);
      random_requant(&q, s.cout, variant_q == 2 ? 70000 : -128, kvol * (s.cin / s.groups));
      if (variant_q == 1) q.input_offset = 128;
      if (variant_q == 2) q.input_offset = 70000;
      if (check_conv(v, p, q, 1, -1 - (int32_t)(&s - kShapes))) return 1;
      ++cases;
    }
  printf("%s: %ld conv cases match the reference\n", v.name, (long)cases);
  return 0;
}

static int run_fc_tests(const variant& v) {
  int32_t cases = 0;
  for (int32_t index = 0; index < EDGEC_CHECK_CASES / 3; ++index) {
    edgec_fc_params p;
    edgec_requant_params q;
    p.batches = rnd_in(1, 5);
    p.in_features = index % 5 == 0 ? rnd_in(500, 1100) : rnd_in(1, 70);
    p.out_features = rnd_in(1, 40);
    fill_s8(g_in, p.batches * p.in_features);
    fill_s8(g_filter, p.out_features * p.in_features);
    for (int32_t i = 0; i < p.out_features; ++i) g_bias[i] = rnd_in(-30000, 30000);
    random_requant(&q, p.out_features, index % 7 == 0 ? 50000 : -128, p.in_features);
    const int with_bias = rnd() % 8 != 0;
    const int32_t n = p.batches * p.out_features;
    memset(g_out_ref, 0x5A, (size_t)n + 64);
    memset(g_out_var, 0xA5, (size_t)n + 64);
    edgec_fully_connected_s8(&p, &q, g_in, g_filter, with_bias ? g_bias : nullptr, g_out_ref);
    v.fc(&p, &q, g_in, g_filter, with_bias ? g_bias : nullptr, g_out_var);
    for (int32_t i = 0; i < n; ++i)
      if (g_out_ref[i] != g_out_var[i] || (uint8_t)g_out_var[n] != 0xA5) {
        printf("FAIL %s fc case %ld: output %ld: reference %d, variant %d\n", v.name, (long)index, (long)i,
               g_out_ref[i], g_out_var[i]);
        printf("  batches %ld in %ld out %ld input_offset %ld output_offset %ld act [%ld, %ld] per_channel %ld\n",
               (long)p.batches, (long)p.in_features, (long)p.out_features, (long)q.input_offset,
               (long)q.output_offset, (long)q.act_min, (long)q.act_max, (long)q.per_channel);
        return 1;
      }
    ++cases;
  }
  printf("%s: %ld fully connected cases match the reference\n", v.name, (long)cases);
  return 0;
}

#ifdef EDGEC_CHECK_SPARSE
// ---- 2:4 sparse (N:M) conv and FC: edgec_*_nm_s8_<variant> against edgec_*_nm_s8 ----
static int8_t g_values[kMaxFilter];
static uint8_t g_indices[kMaxFilter / 2];

// Random N:M weights packed as SparseFormats.cpp's packNM writes them: per row and group of m
// columns, n slots in strictly increasing position (the last group padded), some values zero;
// returns 0 when they do not fit the buffers.
static int random_nm(edgec_nm_desc* d, int32_t rows, int32_t cols, int32_t n, int32_t m) {
  int32_t bits = 1;
  while ((1 << bits) < m) ++bits;
  const int32_t groups = (cols + m - 1) / m, rib = (groups * n * bits + 7) / 8;
  if (rows * groups * n > kMaxFilter || rows * rib > kMaxFilter / 2) return 0;
  *d = {rows, cols, n, m, bits, rib};
  memset(g_indices, 0, (size_t)(rows * rib));
  for (int32_t r = 0; r < rows; ++r)
    for (int32_t g = 0; g < groups; ++g) {
      int32_t k = 0;
      for (int32_t s = 0; s < n; ++s) { /* n increasing positions out of m */
        while (rnd_in(0, m - k - 1) >= n - s) ++k;
        const int32_t slot = g * n + s;
        g_values[r * groups * n + slot] = rnd() % 8 == 0 ? 0 : (int8_t)rnd_in(-128, 127);
        for (int32_t b = 0; b < bits; ++b)
          if ((k >> b) & 1) g_indices[r * rib + (slot * bits + b) / 8] |= (uint8_t)(1u << ((slot * bits + b) % 8));
        ++k;
      }
    }
  return 1;
}

static int check_sparse_out(const char* what, int32_t index, int32_t n) {
  for (int32_t i = 0; i < n; ++i)
    if (g_out_ref[i] != g_out_var[i]) {
      printf("FAIL sparse " EDGEC_CHECK_SPARSE_NAME " %s case %ld: output %ld of %ld: reference %d, variant %d\n", what, (long)index, (long)i,
             (long)n, g_out_ref[i], g_out_var[i]);
      return 1;
    }
  if ((uint8_t)g_out_var[n] != 0xA5) {
    printf("FAIL sparse " EDGEC_CHECK_SPARSE_NAME " %s case %ld: wrote past the output\n", what, (long)index);
    return 1;
  }
  return 0;
}

// Random 2:4 convs (1x1 and 3x3, strides, pads, dilation, Cin divisible by 4 and not, chunked
// reductions, several row blocks) and FCs (batches 1..17, long rows), with a few other N:M
// formats and wide input offsets that take the reference fallback.
static int run_sparse_tests() {
  static const int32_t kCin[] = {1, 3, 4, 5, 8, 12, 16, 17, 32, 64, 70};
  int32_t convs = 0, fcs = 0;
  for (int32_t index = 0; convs < EDGEC_CHECK_CASES / 2; ++index) {
    edgec_conv_params p;
    edgec_requant_params q;
    edgec_nm_desc d;
    memset(&p, 0, sizeof p);
    p.spatial_rank = 2;
    p.batch = rnd() % 5 == 0 ? 2 : 1;
    p.groups = 1;
    p.in_channels = pick(kCin);
    p.out_channels = rnd() % 4 == 0 ? rnd_in(33, 80) : rnd_in(1, 33);
    for (int d3 = 0; d3 < 3; ++d3) p.in_spatial[d3] = p.out_spatial[d3] = p.kernel[d3] = p.stride[d3] = p.dilation[d3] = 1;
    const int32_t k = rnd() % 2 ? 1 : 3;
    int32_t in_n = p.batch * p.in_channels;
    for (int d2 = 0; d2 < 2; ++d2) {
      p.kernel[d2] = k;
      p.stride[d2] = rnd() % 3 == 0 ? 2 : 1;
      p.dilation[d2] = k == 3 && rnd() % 6 == 0 ? 2 : 1;
      p.pad_begin[d2] = k == 3 ? rnd_in(0, 2) : 0;
      const int32_t span = p.dilation[d2] * (k - 1) + 1, pe = k == 3 ? rnd_in(0, 2) : 0;
      int32_t in = rnd_in(1, 11);
      if (in + p.pad_begin[d2] + pe < span) in = span - p.pad_begin[d2] - pe;
      p.in_spatial[d2] = in;
      p.out_spatial[d2] = (in + p.pad_begin[d2] + pe - span) / p.stride[d2] + 1;
      in_n *= in;
    }
    const int32_t cols = k * k * p.in_channels;
    const int other = rnd() % 10 == 0;
    if (in_n > kMaxAct || conv_out_count(p) > kMaxAct ||
        !random_nm(&d, p.out_channels, cols, other ? 1 : 2, other ? 8 : 4))
      continue;
    fill_s8(g_in, in_n);
    for (int32_t i = 0; i < p.out_channels; ++i) g_bias[i] = rnd_in(-30000, 30000);
    random_requant(&q, p.out_channels, rnd() % 2 ? -128 : 128, cols / 2);
    if (rnd() % 12 == 0) q.input_offset = 300; /* not an int8 zero point: reference fallback */
    const int32_t* bias = rnd() % 8 ? g_bias : nullptr;
    const int32_t n = conv_out_count(p);
    memset(g_out_ref, 0x5A, (size_t)n + 64);
    memset(g_out_var, 0xA5, (size_t)n + 64);
    edgec_conv_nm_s8(&p, &q, g_in, &d, g_values, g_indices, bias, g_out_ref);
    EDGEC_CHECK_SPARSE(edgec_conv_nm_s8)(&p, &q, g_in, &d, g_values, g_indices, bias, g_out_var);
    if (check_sparse_out("conv", index, n)) {
      print_conv(p, q);
      return 1;
    }
    ++convs;
  }
  for (int32_t index = 0; fcs < EDGEC_CHECK_CASES / 3; ++index) {
    edgec_fc_params p;
    edgec_requant_params q;
    edgec_nm_desc d;
    static const int32_t kBatches[] = {1, 1, 2, 3, 4, 4, 5, 8, 9, 16, 17};
    p.batches = pick(kBatches);
    p.in_features = index % 4 == 0 ? rnd_in(600, 1100) : rnd_in(1, 300);
    p.out_features = rnd_in(1, 70);
    if (p.batches * p.in_features > kMaxAct || !random_nm(&d, p.out_features, p.in_features, 2, 4)) continue;
    fill_s8(g_in, p.batches * p.in_features);
    for (int32_t i = 0; i < p.out_features; ++i) g_bias[i] = rnd_in(-30000, 30000);
    random_requant(&q, p.out_features, rnd() % 2 ? -128 : 128, p.in_features / 2);
    const int32_t* bias = rnd() % 8 ? g_bias : nullptr;
    const int32_t n = p.batches * p.out_features;
    memset(g_out_ref, 0x5A, (size_t)n + 64);
    memset(g_out_var, 0xA5, (size_t)n + 64);
    edgec_fully_connected_nm_s8(&p, &q, g_in, &d, g_values, g_indices, bias, g_out_ref);
    EDGEC_CHECK_SPARSE(edgec_fully_connected_nm_s8)(&p, &q, g_in, &d, g_values, g_indices, bias, g_out_var);
    if (check_sparse_out("fc", index, n)) {
      printf("  batches %ld in %ld out %ld input_offset %ld output_offset %ld act [%ld, %ld] per_channel %ld\n",
             (long)p.batches, (long)p.in_features, (long)p.out_features, (long)q.input_offset, (long)q.output_offset,
             (long)q.act_min, (long)q.act_max, (long)q.per_channel);
      return 1;
    }
    ++fcs;
  }
  printf("sparse " EDGEC_CHECK_SPARSE_NAME ": %ld conv and %ld fully connected N:M cases match the reference\n", (long)convs, (long)fcs);
  return 0;
}
#endif

// ---- MobileNetV2 block layers ----
struct layer {
  const char* name;
  int32_t in_hw, cin, cout, groups, kernel, stride, pad;
  uint32_t goal; /* CMSIS-NN on Cortex-M4, thousands of instructions (0: none) */
};
static const layer kLayers[] = {
    {"stem 3x3/2 3->16 64x64", 64, 3, 16, 1, 3, 2, 1, 2110},
    {"1x1 16->96 32x32", 32, 16, 96, 1, 1, 1, 0, 6100},
    {"dw 3x3 96ch 32x32", 32, 96, 96, 96, 3, 1, 1, 7020},
    {"1x1 96->24 32x32", 32, 96, 24, 1, 1, 1, 0, 4270},
};

static uint64_t instructions(uint64_t ticks) { return ticks * 1000000000ull / EDGEC_CHECK_CLOCK_HZ; }

static uint64_t time_conv(conv_fn f, const edgec_conv_params& p, const edgec_requant_params& q, int8_t* out) {
  const uint64_t t0 = edgec_cycles();
  f(&p, &q, g_in, g_filter, g_bias, out);
  return instructions(edgec_cycles() - t0);
}

static int run_benchmarks() {
  int failed = 0;
  printf("\n%-26s %14s", "layer (instructions)", "reference");
  for (const variant* v = kVariants; v->name; ++v) printf(" %14s", v->name);
  printf(" %14s\n", "CMSIS-NN M4");
  for (const layer& l : kLayers) {
    edgec_conv_params p;
    edgec_requant_params q;
    memset(&p, 0, sizeof p);
    p.spatial_rank = 2;
    p.batch = 1;
    p.in_channels = l.cin;
    p.out_channels = l.cout;
    p.groups = l.groups;
    for (int d = 0; d < 3; ++d) p.in_spatial[d] = p.out_spatial[d] = p.kernel[d] = p.stride[d] = p.dilation[d] = 1;
    for (int d = 0; d < 2; ++d) {
      p.in_spatial[d] = l.in_hw;
      p.kernel[d] = l.kernel;
      p.stride[d] = l.stride;
      p.pad_begin[d] = l.pad;
      p.out_spatial[d] = (l.in_hw + 2 * l.pad - l.kernel) / l.stride + 1;
    }
    const int32_t cg = l.cin / l.groups;
    fill_s8(g_in, l.in_hw * l.in_hw * l.cin);
    fill_s8(g_filter, l.cout * l.kernel * l.kernel * cg);
    for (int32_t i = 0; i < l.cout; ++i) g_bias[i] = rnd_in(-5000, 5000);
    q.per_channel = 1;
    q.input_offset = 128;
    q.output_offset = -5;
    q.act_min = -128;
    q.act_max = 127;
    for (int32_t i = 0; i < l.cout; ++i) {
      g_mult[i] = (int32_t)(0x40000000u + (rnd() & 0x3FFFFFFFu));
      g_shift[i] = -9;
    }
    q.multiplier = g_mult;
    q.shift = g_shift;
    const int32_t n = conv_out_count(p);
    printf("%-26s %14lu", l.name, (unsigned long)time_conv(edgec_conv_s8, p, q, g_out_ref));
    for (const variant* v = kVariants; v->name; ++v) {
      printf(" %14lu", (unsigned long)time_conv(v->conv, p, q, g_out_var));
      if (memcmp(g_out_ref, g_out_var, (size_t)n) != 0) {
        printf(" MISMATCH");
        failed = 1;
      }
    }
    printf(" %14lu\n", (unsigned long)l.goal * 1000ul);
  }
  return failed;
}

int main(int, char**) {
  edgec_cycles_start();
  int status = 0;
  for (const variant* v = kVariants; v->name && !status; ++v) {
    status |= run_conv_tests(*v);
    if (!status) status |= run_fc_tests(*v);
  }
  if (!kVariants[0].name) printf("no kernel variant for this core: reference only\n");
#ifdef EDGEC_CHECK_SPARSE
  if (!status) status |= run_sparse_tests();
#endif
  if (!status) status |= run_benchmarks();
  printf(status ? "kernel_check: FAILED\n" : "kernel_check: OK\n");
  return status;
}
