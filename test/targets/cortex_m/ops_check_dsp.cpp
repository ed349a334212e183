// Bare-metal check of the Cortex-M DSP int8 non-conv kernels (elementwise_s8_dsp.h,
// lut_s8_dsp.h, pool_s8_dsp.h) against the reference kernels.
//
// Built for one core by run_check.sh and run under QEMU (semihosting). It
//   1. runs randomized problems (fixed-seed PRNG; broadcasting shapes, odd strides,
//      unaligned buffers, TFLM-derived and arbitrary parameters, any pool geometry) and
//      compares each DSP variant's output with the reference byte for byte (and checks that
//      nothing is written past the output); the first mismatch is printed, main returns 1;
//   2. measures executed instructions (SysTick ticks under QEMU -icount shift=0) of the
//      reference and of the DSP variant on realistic sizes and prints a table.
// Without __ARM_FEATURE_DSP the variants still compile (their C emulation of the intrinsics).
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "edgec/cortex_m.h"
#include "edgec/kernels/elementwise_s8_dsp.h"
#include "edgec/kernels/lut_s8_dsp.h"
#include "edgec/kernels/pool_s8_dsp.h"
#include "edgec/kernels/quantized_elementwise.h"
#include "edgec/kernels/quantized_pool.h"

#ifndef EDGEC_CHECK_CLOCK_HZ
#define EDGEC_CHECK_CLOCK_HZ 25000000u
#endif
#ifndef EDGEC_CHECK_SEED
#define EDGEC_CHECK_SEED 0x1234ABCDu
#endif
#ifndef EDGEC_CHECK_CASES
#define EDGEC_CHECK_CASES 400
#endif

enum { kMax = 32 * 32 * 96 + 64 };
static int8_t g_a[kMax];
static int8_t g_b[kMax];
static int8_t g_ref[kMax + 64];
static int8_t g_var[kMax + 64];
static int8_t g_table[256];
static int32_t g_mult[4], g_shift[4];

static uint32_t g_rng = EDGEC_CHECK_SEED;
static uint32_t rnd() {
  g_rng ^= g_rng << 13;
  g_rng ^= g_rng >> 17;
  g_rng ^= g_rng << 5;
  return g_rng;
}
static int32_t rnd_in(int32_t lo, int32_t hi) { return lo + (int32_t)(rnd() % (uint32_t)(hi - lo + 1)); }
static void fill_s8(int8_t* p, int32_t n) {
  for (int32_t i = 0; i < n; ++i) p[i] = (int8_t)rnd_in(-128, 127);
}

// TFLM QuantizeMultiplier.
static void quantize_multiplier(double m, int32_t* mult, int32_t* shift) {
  if (m == 0.0) {
    *mult = 0;
    *shift = 0;
    return;
  }
  int e;
  const double q = frexp(m, &e);
  int64_t f = (int64_t)llround(q * 2147483648.0);
  if (f == ((int64_t)1 << 31)) {
    f /= 2;
    ++e;
  }
  if (e < -31) {
    e = 0;
    f = 0;
  }
  *mult = (int32_t)f;
  *shift = e;
}
static double rnd_scale() { return ldexp(1.0 + (rnd() % 1000) / 1000.0, rnd_in(-10, -4)); }
static int32_t rnd_zp() { return rnd() % 4 == 0 ? 0 : rnd_in(-128, 127); }
static void rnd_act(int32_t* lo, int32_t* hi) {
  *lo = -128;
  *hi = 127;
  const uint32_t r = rnd() % 8;
  if (r == 0) *lo = rnd_in(-128, 0);
  if (r == 1) {
    *lo = rnd_in(-128, 50);
    *hi = rnd_in(*lo, 127);
  }
  if (r == 2) {
    *lo = rnd_in(-300, -100);
    *hi = rnd_in(100, 300);
  }
  if (r == 3 && rnd() % 4 == 0) {  // inverted or out-of-int8 ranges (the reference's rule still defines them)
    *lo = rnd_in(-20, 40);
    *hi = rnd_in(-60, 10);
  }
}

static uint64_t instructions(uint64_t ticks) { return ticks * 1000000000ull / EDGEC_CHECK_CLOCK_HZ; }

static int compare(const char* op, int32_t index, int32_t n) {
  for (int32_t i = 0; i < n; ++i)
    if (g_ref[i] != g_var[i]) {
      printf("FAIL %s case %ld: output %ld of %ld: reference %d, dsp %d\n", op, (long)index, (long)i, (long)n,
             g_ref[i], g_var[i]);
      return 1;
    }
  if ((uint8_t)g_var[n] != 0xA5) {
    printf("FAIL %s case %ld: wrote past the output\n", op, (long)index);
    return 1;
  }
  return 0;
}
static void prepare_out(int32_t n) {
  memset(g_ref, 0x5A, (size_t)n + 64);
  memset(g_var, 0xA5, (size_t)n + 64);
}

// ---- binary ops ----
// A random broadcasting problem: out shape, and for each input either dense strides of a
// shape with some dims set to 1 (stride 0), sometimes a transposed (column-major) layout.
static int32_t random_binary(edgec_binary_params* p, int32_t* na, int32_t* nb) {
  memset(p, 0, sizeof *p);
  p->rank = rnd_in(0, 5);
  int32_t count = 1;
  for (int d = 0; d < p->rank; ++d) {
    p->out_shape[d] = rnd() % 5 == 0 ? 1 : rnd_in(1, 6);
    if (d == p->rank - 1 && rnd() % 3 == 0) p->out_shape[d] = rnd_in(1, 70);
    count *= p->out_shape[d];
  }
  if (rnd() % 20 == 0 && p->rank > 0) {  // occasionally an empty tensor
    p->out_shape[0] = 0;
    count = 0;
  }
  int32_t* strides[2] = {p->a_stride, p->b_stride};
  int32_t* sizes[2] = {na, nb};
  for (int k = 0; k < 2; ++k) {
    int32_t shape[8];
    const uint32_t mode = rnd() % 6;  // 0..2 same shape, 3 scalar, 4 random broadcast dims, 5 column-major
    for (int d = 0; d < p->rank; ++d) {
      shape[d] = p->out_shape[d];
      if (mode == 3 || (mode == 4 && rnd() % 2)) shape[d] = 1;
    }
    int32_t s = 1;
    if (mode == 5) {
      for (int d = 0; d < p->rank; ++d) {
        strides[k][d] = shape[d] == 1 ? 0 : s;
        s *= shape[d];
      }
    } else {
      for (int d = p->rank - 1; d >= 0; --d) {
        strides[k][d] = shape[d] == 1 ? 0 : s;
        s *= shape[d];
      }
    }
    *sizes[k] = s;
  }
  return count;
}

static void random_add_params(edgec_add_s8_params* q) {
  const double s1 = rnd_scale(), s2 = rnd_scale(), so = rnd_scale() * (rnd() % 2 ? 1.0 : 2.0);
  const double twice_max = 2.0 * (s1 > s2 ? s1 : s2);
  q->left_shift = 20;
  q->input1_offset = -rnd_zp();
  q->input2_offset = -rnd_zp();
  q->output_offset = rnd_zp();
  quantize_multiplier(s1 / twice_max, &q->input1_multiplier, &q->input1_shift);
  quantize_multiplier(s2 / twice_max, &q->input2_multiplier, &q->input2_shift);
  quantize_multiplier(twice_max / ((double)(1 << 20) * so), &q->output_multiplier, &q->output_shift);
  rnd_act(&q->act_min, &q->act_max);
  const uint32_t e = rnd() % 16;  // edge parameters: the scalar paths
  if (e == 0) q->output_shift = rnd_in(-2, 1);
  if (e == 1) q->output_multiplier = INT32_MIN;
  if (e == 2) {
    q->input1_multiplier = (int32_t)(0x40000000u + (rnd() & 0x3FFFFFFFu));
    q->input1_shift = rnd_in(-2, 0);
    q->left_shift = rnd_in(0, 10);
    q->output_shift = rnd_in(-31, -12);
  }
  if (e == 3) q->output_shift = -31;
  if (e == 4) q->input2_offset = rnd_in(-256, 256);
  if (e == 5) q->output_offset = rnd_in(-300, 300);
}

static void random_mul_params(edgec_mul_s8_params* q) {
  const double s1 = rnd_scale(), s2 = rnd_scale(), so = rnd_scale() * ldexp(1.0, rnd_in(-8, 0));
  q->input1_offset = -rnd_zp();
  q->input2_offset = -rnd_zp();
  q->output_offset = rnd_zp();
  quantize_multiplier(s1 * s2 / so, &q->output_multiplier, &q->output_shift);
  rnd_act(&q->act_min, &q->act_max);
  const uint32_t e = rnd() % 16;
  if (e == 0) q->output_shift = rnd_in(-1, 3);
  if (e == 1) q->output_multiplier = INT32_MIN;
  if (e == 2) q->input1_offset = rnd_in(-20000, 20000);
  if (e == 3) q->input2_offset = rnd_in(-20000, 20000);
  if (e == 4) q->output_shift = -31;
  if (e == 5) q->output_shift = rnd_in(-3, -1);
}

static void print_binary(const edgec_binary_params& p) {
  printf("  rank %ld:", (long)p.rank);
  for (int d = 0; d < p.rank; ++d)
    printf(" [%ld a%ld b%ld]", (long)p.out_shape[d], (long)p.a_stride[d], (long)p.b_stride[d]);
  printf("\n");
}

static int run_binary_tests() {
  for (int32_t index = 0; index < EDGEC_CHECK_CASES * 3; ++index) {
    edgec_binary_params p;
    int32_t na, nb;
    const int32_t n = random_binary(&p, &na, &nb);
    const int32_t oa = rnd_in(0, 3), ob = rnd_in(0, 3);
    fill_s8(g_a + oa, na);
    fill_s8(g_b + ob, nb);
    const int which = (int)(index % 3);
    prepare_out(n);
    if (which < 2) {
      edgec_add_s8_params q;
      random_add_params(&q);
      if (which == 0) {
        edgec_add_s8(&p, &q, g_a + oa, g_b + ob, g_ref);
        edgec_add_s8_dsp(&p, &q, g_a + oa, g_b + ob, g_var);
      } else {
        edgec_sub_s8(&p, &q, g_a + oa, g_b + ob, g_ref);
        edgec_sub_s8_dsp(&p, &q, g_a + oa, g_b + ob, g_var);
      }
      if (compare(which == 0 ? "add" : "sub", index, n)) {
        print_binary(p);
        printf("  offsets %ld %ld %ld ls %ld m1 %ld/%ld m2 %ld/%ld mo %ld/%ld act [%ld, %ld]\n",
               (long)q.input1_offset, (long)q.input2_offset, (long)q.output_offset, (long)q.left_shift,
               (long)q.input1_multiplier, (long)q.input1_shift, (long)q.input2_multiplier, (long)q.input2_shift,
               (long)q.output_multiplier, (long)q.output_shift, (long)q.act_min, (long)q.act_max);
        return 1;
      }
    } else {
      edgec_mul_s8_params q;
      random_mul_params(&q);
      edgec_mul_s8(&p, &q, g_a + oa, g_b + ob, g_ref);
      edgec_mul_s8_dsp(&p, &q, g_a + oa, g_b + ob, g_var);
      if (compare("mul", index, n)) {
        print_binary(p);
        printf("  offsets %ld %ld %ld mo %ld/%ld act [%ld, %ld]\n", (long)q.input1_offset, (long)q.input2_offset,
               (long)q.output_offset, (long)q.output_multiplier, (long)q.output_shift, (long)q.act_min,
               (long)q.act_max);
        return 1;
      }
    }
  }
  // In place (out == a) on a same-shape add and mul.
  {
    edgec_binary_params p;
    memset(&p, 0, sizeof p);
    p.rank = 1;
    p.out_shape[0] = 203;
    p.a_stride[0] = p.b_stride[0] = 1;
    edgec_add_s8_params qa;
    random_add_params(&qa);
    fill_s8(g_a, 203);
    fill_s8(g_b, 203);
    prepare_out(203);
    edgec_add_s8(&p, &qa, g_a, g_b, g_ref);
    memcpy(g_var, g_a, 203);
    edgec_add_s8_dsp(&p, &qa, g_var, g_b, g_var);
    if (compare("add in place", 0, 203)) return 1;
    edgec_mul_s8_params qm;
    random_mul_params(&qm);
    prepare_out(203);
    edgec_mul_s8(&p, &qm, g_a, g_b, g_ref);
    memcpy(g_var, g_a, 203);
    edgec_mul_s8_dsp(&p, &qm, g_var, g_b, g_var);
    if (compare("mul in place", 0, 203)) return 1;
  }
  printf("add/sub/mul: %ld cases match the reference\n", (long)EDGEC_CHECK_CASES * 3 + 2);
  return 0;
}

static int run_lut_tests() {
  for (int32_t index = 0; index < EDGEC_CHECK_CASES; ++index) {
    const int32_t n = index % 10 == 0 ? rnd_in(0, 9) : rnd_in(0, 700);
    const int32_t oi = rnd_in(0, 3), oo = rnd_in(0, 3);
    fill_s8(g_table, 256);
    fill_s8(g_a + oi, n);
    memset(g_ref, 0x5A, (size_t)n + 68);
    memset(g_var, 0xA5, (size_t)n + 68);
    edgec_lut_s8(n, g_table, g_a + oi, g_ref);
    edgec_lut_s8_dsp(n, g_table, g_a + oi, g_var + oo);
    if (memcmp(g_ref, g_var + oo, (size_t)n) != 0 || (uint8_t)g_var[oo + n] != 0xA5) {
      printf("FAIL lut case %ld (n %ld)\n", (long)index, (long)n);
      return 1;
    }
  }
  printf("lut: %ld cases match the reference\n", (long)EDGEC_CHECK_CASES);
  return 0;
}

// ---- pools ----
static void random_requant(edgec_requant_params* q, int32_t pixels) {
  q->per_channel = 0;
  q->input_offset = -rnd_zp();
  q->output_offset = rnd_zp();
  rnd_act(&q->act_min, &q->act_max);
  quantize_multiplier((rnd() % 2 ? 1.0 : 0.7 + (rnd() % 100) / 100.0) / (pixels > 0 ? pixels : 1), &g_mult[0],
                      &g_shift[0]);
  const uint32_t e = rnd() % 16;
  if (e == 0) g_mult[0] = INT32_MIN;
  if (e == 1) g_shift[0] = rnd_in(0, 3);
  if (e == 2) g_shift[0] = -31;
  if (e == 3) g_mult[0] = 0;
  if (e == 4) q->input_offset = rnd_in(-100000, 100000);
  q->multiplier = g_mult;
  q->shift = g_shift;
}

static int run_global_tests() {
  for (int32_t index = 0; index < EDGEC_CHECK_CASES; ++index) {
    const int32_t batch = rnd_in(1, 2);
    int32_t channels = rnd() % 3 == 0 ? rnd_in(1, 7) : rnd_in(1, 70);
    int32_t pixels = rnd() % 8 == 0 ? rnd_in(0, 3) : rnd_in(1, 60);
    if (index % 25 == 0) {
      pixels = rnd_in(250, 700);  // past the int16 flush
      channels = rnd_in(1, 20);
    }
    const int32_t off = rnd_in(0, 3);
    edgec_requant_params q;
    random_requant(&q, pixels);
    fill_s8(g_a + off, batch * pixels * channels);
    if (index % 50 == 1) memset(g_a + off, index % 100 == 1 ? -128 : 127, (size_t)batch * pixels * channels);
    prepare_out(batch * channels);
    edgec_global_avgpool_s8(batch, pixels, channels, &q, g_a + off, g_ref);
    edgec_global_avgpool_s8_dsp(batch, pixels, channels, &q, g_a + off, g_var);
    if (compare("global_avgpool", index, batch * channels)) {
      printf("  batch %ld pixels %ld channels %ld in_off %ld out_off %ld m %ld shift %ld act [%ld, %ld]\n",
             (long)batch, (long)pixels, (long)channels, (long)q.input_offset, (long)q.output_offset,
             (long)g_mult[0], (long)g_shift[0], (long)q.act_min, (long)q.act_max);
      return 1;
    }
  }
  printf("global_avgpool: %ld cases match the reference\n", (long)EDGEC_CHECK_CASES);
  return 0;
}

static int32_t pool_out_count(const edgec_pool_params& p) {
  return p.batch * edgec_volume(p.spatial_rank, p.out_spatial) * p.channels;
}
static int32_t pool_in_count(const edgec_pool_params& p) {
  return p.batch * edgec_volume(p.spatial_rank, p.in_spatial) * p.channels;
}

static int random_pool(edgec_pool_params* p, int big) {
  memset(p, 0, sizeof *p);
  p->spatial_rank = rnd() % 8 == 0 ? 1 : (rnd() % 8 == 0 ? 3 : 2);
  p->batch = rnd() % 6 == 0 ? 2 : 1;
  p->channels = rnd() % 3 == 0 ? rnd_in(1, 9) : rnd_in(1, 40);
  p->count_include_pad = (int32_t)(rnd() & 1);
  for (int d = 0; d < p->spatial_rank; ++d) {
    const int32_t k = big ? rnd_in(12, 20) : rnd_in(1, 4);
    const int32_t s = rnd_in(1, 3);
    const int32_t dil = rnd() % 5 == 0 ? 2 : 1;
    const int32_t pb = rnd_in(0, k - 1 < 3 ? k - 1 : 3);
    const int32_t pe = rnd_in(0, k);  // past k - 1: a ceil_mode window running off the padding
    const int32_t span = dil * (k - 1) + 1;
    int32_t in = big ? rnd_in(12, 24) : rnd_in(1, p->spatial_rank == 3 ? 6 : 10);
    if (in + pb + pe < span) in = span - pb - pe;
    if (in < 1) in = 1;
    p->in_spatial[d] = in;
    p->kernel[d] = k;
    p->stride[d] = s;
    p->dilation[d] = dil;
    p->pad_begin[d] = pb;
    p->pad_end[d] = pe;
    p->out_spatial[d] = (in + pb + pe - span) / s + 1;
  }
  if (big) p->channels = rnd_in(1, 9);
  return pool_in_count(*p) <= kMax - 8 && pool_out_count(*p) <= kMax;
}

static void print_pool(const edgec_pool_params& p) {
  printf("  rank %ld batch %ld channels %ld include_pad %ld\n", (long)p.spatial_rank, (long)p.batch,
         (long)p.channels, (long)p.count_include_pad);
  for (int d = 0; d < p.spatial_rank; ++d)
    printf("  dim %d: in %ld out %ld kernel %ld stride %ld dilation %ld pad_begin %ld\n", d, (long)p.in_spatial[d],
           (long)p.out_spatial[d], (long)p.kernel[d], (long)p.stride[d], (long)p.dilation[d], (long)p.pad_begin[d]);
}

static int run_pool_tests() {
  int32_t cases = 0;
  for (int32_t index = 0; cases < EDGEC_CHECK_CASES * 2; ++index) {
    edgec_pool_params p;
    if (!random_pool(&p, index % 40 == 0)) continue;
    const int32_t off = rnd_in(0, 3);
    int32_t lo, hi;
    rnd_act(&lo, &hi);
    fill_s8(g_a + off, pool_in_count(p));
    const int32_t n = pool_out_count(p);
    prepare_out(n);
    const char* op;
    if (index % 2 == 0) {
      op = "maxpool";
      edgec_maxpool_s8(&p, lo, hi, g_a + off, g_ref);
      edgec_maxpool_s8_dsp(&p, lo, hi, g_a + off, g_var);
    } else {
      op = "avgpool";
      const int32_t zp = rnd() % 10 == 0 ? rnd_in(-1000, 1000) : rnd_zp();
      edgec_avgpool_s8(&p, lo, hi, zp, g_a + off, g_ref);
      edgec_avgpool_s8_dsp(&p, lo, hi, zp, g_a + off, g_var);
    }
    if (compare(op, index, n)) {
      print_pool(p);
      printf("  act [%ld, %ld]\n", (long)lo, (long)hi);
      return 1;
    }
    ++cases;
  }
  printf("maxpool/avgpool: %ld cases match the reference\n", (long)cases);
  return 0;
}

// ---- timing ----
static int g_bench_failed = 0;
static void report(const char* name, uint64_t ref, uint64_t dsp, int32_t n) {
  const int same = memcmp(g_ref, g_var, (size_t)n) == 0;
  printf("%-34s %12lu %12lu %7lu.%02lux%s\n", name, (unsigned long)ref, (unsigned long)dsp,
         (unsigned long)(ref / (dsp ? dsp : 1)), (unsigned long)(ref * 100 / (dsp ? dsp : 1) % 100),
         same ? "" : " MISMATCH");
  if (!same) g_bench_failed = 1;
}

// Each timed kernel is compiled alone in an out-of-line wrapper, so that its code (and
// count) does not depend on what else got inlined around the call.
template <auto F, typename... A>
__attribute__((noinline)) static void timed(A... a) {
  F(a...);
}

#define EDGEC_TIME(VAR, CALL)                  \
  do {                                         \
    const uint64_t t0_ = edgec_cycles();       \
    CALL;                                      \
    VAR = instructions(edgec_cycles() - t0_);  \
  } while (0)

static void pool_geometry(edgec_pool_params* p, int32_t hw, int32_t c, int32_t k, int32_t s) {
  memset(p, 0, sizeof *p);
  p->spatial_rank = 2;
  p->batch = 1;
  p->channels = c;
  for (int d = 0; d < 2; ++d) {
    p->in_spatial[d] = hw;
    p->kernel[d] = k;
    p->stride[d] = s;
    p->dilation[d] = 1;
    p->out_spatial[d] = (hw - k) / s + 1;
  }
}

static int run_benchmarks() {
  uint64_t r, v;
  printf("\n%-34s %12s %12s %8s\n", "op (instructions)", "reference", "dsp", "speedup");
  const int32_t n = 32 * 32 * 96;
  fill_s8(g_a, n);
  fill_s8(g_b, n);
  {
    edgec_binary_params p;
    memset(&p, 0, sizeof p);
    p.rank = 3;
    p.out_shape[0] = 32;
    p.out_shape[1] = 32;
    p.out_shape[2] = 96;
    p.a_stride[0] = p.b_stride[0] = 32 * 96;
    p.a_stride[1] = p.b_stride[1] = 96;
    p.a_stride[2] = p.b_stride[2] = 1;
    edgec_add_s8_params qa;
    const double s1 = 0.05, s2 = 0.03, so = 0.07, tm = 0.1;
    qa.left_shift = 20;
    qa.input1_offset = 3;
    qa.input2_offset = -7;
    qa.output_offset = -2;
    quantize_multiplier(s1 / tm, &qa.input1_multiplier, &qa.input1_shift);
    quantize_multiplier(s2 / tm, &qa.input2_multiplier, &qa.input2_shift);
    quantize_multiplier(tm / ((double)(1 << 20) * so), &qa.output_multiplier, &qa.output_shift);
    qa.act_min = -128;
    qa.act_max = 127;
    EDGEC_TIME(r, timed<edgec_add_s8>(&p, &qa, g_a, g_b, g_ref));
    EDGEC_TIME(v, timed<edgec_add_s8_dsp>(&p, &qa, g_a, g_b, g_var));
    report("add 32x32x96 + 32x32x96", r, v, n);
    EDGEC_TIME(r, timed<edgec_sub_s8>(&p, &qa, g_a, g_b, g_ref));
    EDGEC_TIME(v, timed<edgec_sub_s8_dsp>(&p, &qa, g_a, g_b, g_var));
    report("sub 32x32x96 - 32x32x96", r, v, n);
    qa.act_min = qa.output_offset;  // fused ReLU
    EDGEC_TIME(r, timed<edgec_add_s8>(&p, &qa, g_a, g_b, g_ref));
    EDGEC_TIME(v, timed<edgec_add_s8_dsp>(&p, &qa, g_a, g_b, g_var));
    report("add+relu 32x32x96 + 32x32x96", r, v, n);
    edgec_mul_s8_params qm;
    qm.input1_offset = 5;
    qm.input2_offset = 128;
    qm.output_offset = 3;
    quantize_multiplier(0.05 * (1.0 / 256) / 0.045, &qm.output_multiplier, &qm.output_shift);
    qm.act_min = -128;
    qm.act_max = 127;
    EDGEC_TIME(r, timed<edgec_mul_s8>(&p, &qm, g_a, g_b, g_ref));
    EDGEC_TIME(v, timed<edgec_mul_s8_dsp>(&p, &qm, g_a, g_b, g_var));
    report("mul 32x32x96 * 32x32x96", r, v, n);
    // SE block: b is 1x1x96
    p.b_stride[0] = p.b_stride[1] = 0;
    EDGEC_TIME(r, timed<edgec_mul_s8>(&p, &qm, g_a, g_b, g_ref));
    EDGEC_TIME(v, timed<edgec_mul_s8_dsp>(&p, &qm, g_a, g_b, g_var));
    report("mul 32x32x96 * 1x1x96 (SE)", r, v, n);
  }
  fill_s8(g_table, 256);
  EDGEC_TIME(r, timed<edgec_lut_s8>(n, g_table, g_a, g_ref));
  EDGEC_TIME(v, timed<edgec_lut_s8_dsp>(n, g_table, g_a, g_var));
  report("lut 32x32x96", r, v, n);
  {
    edgec_requant_params q;
    q.per_channel = 0;
    q.input_offset = 12;
    q.output_offset = -9;
    q.act_min = -128;
    q.act_max = 127;
    quantize_multiplier(1.0 / 49 * 0.9, &g_mult[0], &g_shift[0]);
    q.multiplier = g_mult;
    q.shift = g_shift;
    EDGEC_TIME(r, timed<edgec_global_avgpool_s8>(1, 49, 576, &q, g_a, g_ref));
    EDGEC_TIME(v, timed<edgec_global_avgpool_s8_dsp>(1, 49, 576, &q, g_a, g_var));
    report("global avgpool 7x7x576", r, v, 576);
  }
  {
    edgec_pool_params p;
    pool_geometry(&p, 32, 64, 3, 2);
    p.pad_begin[0] = p.pad_begin[1] = 1;
    p.out_spatial[0] = p.out_spatial[1] = 16;
    EDGEC_TIME(r, timed<edgec_maxpool_s8>(&p, -128, 127, g_a, g_ref));
    EDGEC_TIME(v, timed<edgec_maxpool_s8_dsp>(&p, -128, 127, g_a, g_var));
    report("maxpool 3x3/2 pad 1 32x32x64", r, v, pool_out_count(p));
    pool_geometry(&p, 32, 64, 2, 2);
    EDGEC_TIME(r, timed<edgec_avgpool_s8>(&p, -128, 127, -3, g_a, g_ref));
    EDGEC_TIME(v, timed<edgec_avgpool_s8_dsp>(&p, -128, 127, -3, g_a, g_var));
    report("avgpool 2x2/2 32x32x64", r, v, pool_out_count(p));
  }
  return g_bench_failed;
}

int main(int, char**) {
  edgec_cycles_start();
  int status = run_binary_tests();
  if (!status) status |= run_lut_tests();
  if (!status) status |= run_global_tests();
  if (!status) status |= run_pool_tests();
  if (!status) status |= run_benchmarks();
  printf(status ? "ops_check_dsp: FAILED\n" : "ops_check_dsp: OK\n");
  return status;
}
