// Bit-exactness check and instruction counts of the Helium (MVE) int8 non-conv kernels
// (elementwise_s8_mve.h, lut_s8_mve.h, pool_s8_mve.h) against the reference kernels, run
// bare-metal under QEMU (mps3-an547, Cortex-M55):
//   1. randomized problems from a fixed-seed PRNG, output compared byte for byte (a mismatch
//      prints the case and exits 1);
//   2. executed instructions of reference vs MVE on typical layer shapes.
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "edgec/cortex_m.h"
#include "edgec/kernels/elementwise_s8_mve.h"
#include "edgec/kernels/lut_s8_mve.h"
#include "edgec/kernels/pool_s8_mve.h"
#include "edgec/kernels/quantized_elementwise.h"
#include "edgec/kernels/quantized_pool.h"

#if !defined(__ARM_FEATURE_MVE)
#error "build for an MVE core (-mcpu=cortex-m55)"
#endif

static uint32_t g_rng = 0x9E3779B9u;
static uint32_t rnd(void) {  // xorshift32
  g_rng ^= g_rng << 13;
  g_rng ^= g_rng >> 17;
  g_rng ^= g_rng << 5;
  return g_rng;
}
static int32_t rnd_in(int32_t lo, int32_t hi) { return lo + (int32_t)(rnd() % (uint32_t)(hi - lo + 1)); }

enum { MAX_IN = 100 * 1024, MAX_OUT = 100 * 1024 };
static int8_t g_a[MAX_IN], g_b[MAX_IN], g_ref[MAX_OUT + 64], g_mve[MAX_OUT + 64];
static int8_t g_table[256];
static int32_t g_mult[4], g_shift[4];

static void fill_s8(int8_t* p, int32_t n) {
  for (int32_t i = 0; i < n; ++i) p[i] = (int8_t)rnd();
}

// Output buffers get the same random guard bytes, so writes past the end are compared too.
static void prime_out(int32_t n) {
  for (int32_t i = 0; i < n + 64; ++i) g_ref[i] = g_mve[i] = (int8_t)rnd();
}

static int compare(const char* what, int32_t n, int32_t it) {
  if (memcmp(g_ref, g_mve, (size_t)n + 64) == 0) return 0;
  for (int32_t i = 0; i < n + 64; ++i)
    if (g_ref[i] != g_mve[i]) {
      printf("MISMATCH %s case %ld at %ld of %ld: ref %d mve %d\n", what, (long)it, (long)i, (long)n, g_ref[i],
             g_mve[i]);
      break;
    }
  return 1;
}

static int32_t mult_any(void) { return rnd() % 16 == 0 ? (int32_t)rnd() : (int32_t)(0x40000000u + (rnd() & 0x3FFFFFFFu)); }

static void act_range(int32_t* lo, int32_t* hi) {
  *lo = -128;
  *hi = 127;
  if (rnd() % 3 == 0) {
    *lo = rnd_in(-128, 0);
    *hi = rnd_in(*lo, 127);
  }
  if (rnd() % 16 == 0) {  // inverted or wider than int8
    *lo = rnd_in(-300, 300);
    *hi = rnd_in(-300, 300);
  }
}

static void print_bin(const edgec_binary_params* p) {
  printf("  rank %ld:", (long)p->rank);
  for (int d = 0; d < p->rank; ++d)
    printf(" [%ld a%ld b%ld]", (long)p->out_shape[d], (long)p->a_stride[d], (long)p->b_stride[d]);
  printf("\n");
}

// A random broadcasting problem: each input's dims are the output's or 1 (stride 0), laid
// out contiguously; sometimes an input is a transposed view (strides other than 0 / 1).
static int32_t random_binary(edgec_binary_params* p, int32_t* na, int32_t* nb) {
  memset(p, 0, sizeof *p);
  p->rank = rnd() % 8 == 0 ? rnd_in(6, 8) : rnd_in(0, 5);
  int32_t total = 1;
  for (int d = 0; d < p->rank; ++d) {
    p->out_shape[d] = rnd() % 4 == 0 ? 1 : rnd_in(1, d == p->rank - 1 ? 70 : (p->rank > 5 ? 3 : 9));
    if (rnd() % 64 == 0) p->out_shape[d] = 0;
    total *= p->out_shape[d];
  }
  if (total > 20000) p->rank = 0, total = 1;
  const int transpose = p->rank >= 2 && rnd() % 6 == 0;
  if (transpose) p->out_shape[p->rank - 1] = p->out_shape[p->rank - 2];
  for (int s = 0; s < 2; ++s) {
    int32_t* st = s ? p->b_stride : p->a_stride;
    int32_t v = 1;
    const int bcast_mask = rnd() % 3 == 0 ? 0 : (int)rnd();
    for (int d = p->rank - 1; d >= 0; --d) {
      const int keep = p->out_shape[d] > 1 && !(bcast_mask >> d & 1);
      st[d] = keep ? v : 0;
      if (keep) v *= p->out_shape[d];
    }
    if (transpose && (s == 0 || rnd() % 2)) {  // a transposed view: the last two dims' strides swapped
      const int32_t t = st[p->rank - 1];
      st[p->rank - 1] = st[p->rank - 2];
      st[p->rank - 2] = t;
    }
  }
  // recompute extents: the largest offset + 1 of each input
  total = edgec_volume(p->rank, p->out_shape);
  for (int s = 0; s < 2; ++s) {
    const int32_t* st = s ? p->b_stride : p->a_stride;
    int32_t mx = 0;
    for (int d = 0; d < p->rank; ++d)
      if (p->out_shape[d] > 0) mx += (p->out_shape[d] - 1) * st[d];
    (s ? *nb : *na) = mx + 1;
  }
  return total;
}

static int check_add(int32_t it) {
  edgec_binary_params p;
  int32_t na, nb;
  const int32_t n = random_binary(&p, &na, &nb);
  if (na > MAX_IN || nb > MAX_IN || n > MAX_OUT) return 0;
  edgec_add_s8_params q;
  q.input1_offset = rnd_in(-127, 128);
  q.input2_offset = rnd_in(-127, 128);
  q.output_offset = rnd_in(-128, 127);
  q.left_shift = rnd() % 8 == 0 ? rnd_in(0, 20) : 20;
  q.input1_multiplier = mult_any();
  q.input2_multiplier = mult_any();
  if (q.input1_multiplier < 0) q.input1_multiplier = -(q.input1_multiplier / 2);
  if (q.input2_multiplier < 0) q.input2_multiplier = rnd() % 2 ? q.input2_multiplier / 2 : -(q.input2_multiplier / 2);
  q.input1_shift = rnd_in(-31, 0);
  q.input2_shift = rnd() % 8 == 0 ? 0 : rnd_in(-12, 0);
  if (rnd() % 16 == 0) {  // positive input shifts (the sums then wrap, in both kernels alike)
    q.left_shift = rnd_in(0, 12);
    q.input1_shift = rnd_in(1, 31 - q.left_shift - 9);
  }
  q.output_multiplier = mult_any();
  q.output_shift = rnd() % 8 == 0 ? rnd_in(-31, 10) : rnd_in(-25, 0);
  act_range(&q.act_min, &q.act_max);
  fill_s8(g_a, na);
  fill_s8(g_b, nb);
  const int subtract = it & 1;
  prime_out(n);
  if (subtract) {
    edgec_sub_s8(&p, &q, g_a, g_b, g_ref);
    edgec_sub_s8_mve(&p, &q, g_a, g_b, g_mve);
  } else {
    edgec_add_s8(&p, &q, g_a, g_b, g_ref);
    edgec_add_s8_mve(&p, &q, g_a, g_b, g_mve);
  }
  if (compare(subtract ? "sub" : "add", n, it)) {
    print_bin(&p);
    return 1;
  }
  return 0;
}

static int check_mul(int32_t it) {
  edgec_binary_params p;
  int32_t na, nb;
  const int32_t n = random_binary(&p, &na, &nb);
  if (na > MAX_IN || nb > MAX_IN || n > MAX_OUT) return 0;
  edgec_mul_s8_params q;
  q.input1_offset = rnd_in(-127, 128);
  q.input2_offset = rnd_in(-127, 128);
  q.output_offset = rnd_in(-128, 127);
  q.output_multiplier = mult_any();
  q.output_shift = rnd() % 8 == 0 ? rnd_in(-31, 31) : rnd_in(-16, 0);
  act_range(&q.act_min, &q.act_max);
  fill_s8(g_a, na);
  fill_s8(g_b, nb);
  prime_out(n);
  edgec_mul_s8(&p, &q, g_a, g_b, g_ref);
  edgec_mul_s8_mve(&p, &q, g_a, g_b, g_mve);
  if (compare("mul", n, it)) {
    print_bin(&p);
    return 1;
  }
  return 0;
}

static int check_lut(int32_t it) {
  const int32_t n = rnd() % 4 == 0 ? rnd_in(0, 40) : rnd_in(0, 3000);
  fill_s8(g_table, 256);
  fill_s8(g_a, n);
  prime_out(n);
  edgec_lut_s8(n, g_table, g_a, g_ref);
  edgec_lut_s8_mve(n, g_table, g_a, g_mve);
  if (compare("lut", n, it)) return 1;
  if (rnd() % 4 == 0) {  // in place
    memcpy(g_ref, g_a, (size_t)n);
    memcpy(g_mve, g_a, (size_t)n);
    edgec_lut_s8(n, g_table, g_ref, g_ref);
    edgec_lut_s8_mve(n, g_table, g_mve, g_mve);
    if (compare("lut in place", n, it)) return 1;
  }
  return 0;
}

static void print_pool(const edgec_pool_params* p) {
  printf("  rank %ld batch %ld channels %ld include_pad %ld\n", (long)p->spatial_rank, (long)p->batch,
         (long)p->channels, (long)p->count_include_pad);
  for (int d = 0; d < p->spatial_rank; ++d)
    printf("  dim %d: in %ld out %ld k %ld s %ld dil %ld pad %ld\n", d, (long)p->in_spatial[d],
           (long)p->out_spatial[d], (long)p->kernel[d], (long)p->stride[d], (long)p->dilation[d],
           (long)p->pad_begin[d]);
}

// A random pooling geometry; returns the output size (0: skip).
static int32_t random_pool(edgec_pool_params* p, int32_t* nin) {
  memset(p, 0, sizeof *p);
  p->spatial_rank = rnd_in(1, 3);
  p->batch = rnd_in(1, 2);
  p->channels = rnd() % 3 == 0 ? rnd_in(1, 20) : rnd_in(1, 150);
  p->count_include_pad = rnd() % 2;
  int32_t in_vol = 1, out_vol = 1;
  for (int d = 0; d < p->spatial_rank; ++d) {
    const int32_t k = rnd() % 10 == 0 ? rnd_in(1, 18) : rnd_in(1, 4);
    const int32_t s = rnd_in(1, 3), dil = rnd() % 5 == 0 ? 2 : 1;
    const int32_t in = rnd_in(1, p->spatial_rank == 3 ? 7 : 20);
    const int32_t pad = rnd_in(0, k > 1 ? k - 1 : 0);
    const int32_t pad_end = rnd_in(0, k > 1 ? k - 1 : 0);
    const int32_t span = (k - 1) * dil + 1;
    int32_t out = in + pad + pad_end - span;
    if (out < 0) out = 0;
    out = (rnd() % 3 == 0 ? (out + s - 1) : out) / s + 1;  // ceil mode sometimes
    p->in_spatial[d] = in;
    p->out_spatial[d] = out;
    p->kernel[d] = k;
    p->stride[d] = s;
    p->dilation[d] = dil;
    p->pad_begin[d] = pad;
    p->pad_end[d] = pad_end;
    in_vol *= in;
    out_vol *= out;
  }
  *nin = p->batch * in_vol * p->channels;
  const int32_t n = p->batch * out_vol * p->channels;
  return *nin > MAX_IN || n > MAX_OUT ? 0 : n;
}

static int check_maxpool(int32_t it) {
  edgec_pool_params p;
  int32_t nin;
  const int32_t n = random_pool(&p, &nin);
  if (!n) return 0;
  int32_t lo, hi;
  act_range(&lo, &hi);
  fill_s8(g_a, nin);
  prime_out(n);
  edgec_maxpool_s8(&p, lo, hi, g_a, g_ref);
  edgec_maxpool_s8_mve(&p, lo, hi, g_a, g_mve);
  if (compare("maxpool", n, it)) {
    print_pool(&p);
    printf("  act [%ld, %ld]\n", (long)lo, (long)hi);
    return 1;
  }
  return 0;
}

static int check_avgpool(int32_t it) {
  edgec_pool_params p;
  int32_t nin;
  const int32_t n = random_pool(&p, &nin);
  if (!n) return 0;
  int32_t lo, hi;
  act_range(&lo, &hi);
  const int32_t zp = rnd() % 10 == 0 ? rnd_in(-1000, 1000) : rnd_in(-128, 127);
  fill_s8(g_a, nin);
  prime_out(n);
  edgec_avgpool_s8(&p, lo, hi, zp, g_a, g_ref);
  edgec_avgpool_s8_mve(&p, lo, hi, zp, g_a, g_mve);
  if (compare("avgpool", n, it)) {
    print_pool(&p);
    printf("  act [%ld, %ld] zero_point %ld\n", (long)lo, (long)hi, (long)zp);
    return 1;
  }
  return 0;
}

static int check_global_avgpool(int32_t it) {
  const int32_t batch = rnd_in(1, 2);
  const int32_t pixels = rnd() % 8 == 0 ? rnd_in(200, 700) : rnd_in(1, 64);
  const int32_t channels = rnd() % 3 == 0 ? rnd_in(1, 20) : rnd_in(1, 130);
  const int32_t nin = batch * pixels * channels, n = batch * channels;
  if (nin > MAX_IN) return 0;
  edgec_requant_params q;
  g_mult[0] = mult_any();
  g_shift[0] = rnd() % 8 == 0 ? rnd_in(-31, 31) : rnd_in(-20, 0);
  g_mult[1] = mult_any();
  g_shift[1] = rnd_in(-31, 31);
  q.per_channel = rnd() % 4 == 0;  // the reference reads entry 0 regardless
  q.multiplier = g_mult;
  q.shift = g_shift;
  q.input_offset = rnd_in(-127, 128);
  q.output_offset = rnd_in(-128, 127);
  act_range(&q.act_min, &q.act_max);
  fill_s8(g_a, nin);
  prime_out(n);
  edgec_global_avgpool_s8(batch, pixels, channels, &q, g_a, g_ref);
  edgec_global_avgpool_s8_mve(batch, pixels, channels, &q, g_a, g_mve);
  if (compare("global_avgpool", n, it)) {
    printf("  batch %ld pixels %ld channels %ld in_off %ld out_off %ld mult %ld shift %ld act [%ld, %ld]\n",
           (long)batch, (long)pixels, (long)channels, (long)q.input_offset, (long)q.output_offset, (long)g_mult[0],
           (long)g_shift[0], (long)q.act_min, (long)q.act_max);
    return 1;
  }
  return 0;
}

static double g_ipt;
static void calibrate(void) {
  const uint32_t n = 1000000;
  uint64_t t0 = edgec_cycles();
  uint32_t r = n;
  __asm__ volatile("1: subs %0, %0, #1\n bne 1b" : "+r"(r) : : "cc");
  const uint64_t t1 = edgec_cycles();
  g_ipt = 2.0 * n / (double)(t1 - t0);
}

static uint64_t g_t0, g_t1, g_t2;
static int report(const char* name, int32_t n) {
  const double ref_m = (double)(g_t1 - g_t0) * g_ipt / 1e6, mve_m = (double)(g_t2 - g_t1) * g_ipt / 1e6;
  printf("%-34s %10.3fM %10.3fM %7.2fx\n", name, ref_m, mve_m, ref_m / mve_m);
  if (memcmp(g_ref, g_mve, (size_t)n) != 0) {
    printf("MISMATCH on benchmark %s\n", name);
    return 1;
  }
  return 0;
}

static void pool2d(edgec_pool_params* p, int32_t hw, int32_t c, int32_t k, int32_t s, int32_t pad) {
  memset(p, 0, sizeof *p);
  p->spatial_rank = 2;
  p->batch = 1;
  p->channels = c;
  for (int d = 0; d < 2; ++d) {
    p->in_spatial[d] = hw;
    p->kernel[d] = k;
    p->stride[d] = s;
    p->dilation[d] = 1;
    p->pad_begin[d] = pad;
    p->pad_end[d] = pad;
    p->out_spatial[d] = (hw + 2 * pad - k) / s + 1;
  }
}

static int bench(void) {
  printf("%-34s %11s %11s %8s\n", "instructions (millions)", "reference", "mve", "speedup");
  {  // add 32x32x96 + 32x32x96
    edgec_binary_params p;
    memset(&p, 0, sizeof p);
    p.rank = 3;
    const int32_t shape[3] = {32, 32, 96}, st[3] = {32 * 96, 96, 1};
    for (int d = 0; d < 3; ++d) p.out_shape[d] = shape[d], p.a_stride[d] = p.b_stride[d] = st[d];
    edgec_add_s8_params q = {-3, 7, -5, 20, 1623821475, -1, 1344536892, -1, 1861709158, -19, -128, 127};
    fill_s8(g_a, 32 * 32 * 96);
    fill_s8(g_b, 32 * 32 * 96);
    g_t0 = edgec_cycles();
    edgec_add_s8(&p, &q, g_a, g_b, g_ref);
    g_t1 = edgec_cycles();
    edgec_add_s8_mve(&p, &q, g_a, g_b, g_mve);
    g_t2 = edgec_cycles();
    if (report("add 32x32x96 + 32x32x96", 32 * 32 * 96)) return 1;
  }
  {  // mul 32x32x96 * 1x1x96 (squeeze-excitation)
    edgec_binary_params p;
    memset(&p, 0, sizeof p);
    p.rank = 3;
    const int32_t shape[3] = {32, 32, 96}, st[3] = {32 * 96, 96, 1}, bst[3] = {0, 0, 1};
    for (int d = 0; d < 3; ++d) p.out_shape[d] = shape[d], p.a_stride[d] = st[d], p.b_stride[d] = bst[d];
    edgec_mul_s8_params q = {3, 128, -12, 1518500250, -8, -128, 127};
    fill_s8(g_a, 32 * 32 * 96);
    fill_s8(g_b, 96);
    g_t0 = edgec_cycles();
    edgec_mul_s8(&p, &q, g_a, g_b, g_ref);
    g_t1 = edgec_cycles();
    edgec_mul_s8_mve(&p, &q, g_a, g_b, g_mve);
    g_t2 = edgec_cycles();
    if (report("mul 32x32x96 * 1x1x96", 32 * 32 * 96)) return 1;
  }
  {  // lut 32x32x96
    const int32_t n = 32 * 32 * 96;
    fill_s8(g_table, 256);
    fill_s8(g_a, n);
    g_t0 = edgec_cycles();
    edgec_lut_s8(n, g_table, g_a, g_ref);
    g_t1 = edgec_cycles();
    edgec_lut_s8_mve(n, g_table, g_a, g_mve);
    g_t2 = edgec_cycles();
    if (report("lut 32x32x96", n)) return 1;
  }
  {  // global avgpool 7x7x576
    edgec_requant_params q;
    g_mult[0] = 1402438301;
    g_shift[0] = -5;
    q.per_channel = 0;
    q.multiplier = g_mult;
    q.shift = g_shift;
    q.input_offset = 128;
    q.output_offset = -128;
    q.act_min = -128;
    q.act_max = 127;
    fill_s8(g_a, 49 * 576);
    g_t0 = edgec_cycles();
    edgec_global_avgpool_s8(1, 49, 576, &q, g_a, g_ref);
    g_t1 = edgec_cycles();
    edgec_global_avgpool_s8_mve(1, 49, 576, &q, g_a, g_mve);
    g_t2 = edgec_cycles();
    if (report("global avgpool 7x7x576", 576)) return 1;
  }
  {  // maxpool 3x3 / 2, pad 1, 32x32x64
    edgec_pool_params p;
    pool2d(&p, 32, 64, 3, 2, 1);
    fill_s8(g_a, 32 * 32 * 64);
    g_t0 = edgec_cycles();
    edgec_maxpool_s8(&p, -128, 127, g_a, g_ref);
    g_t1 = edgec_cycles();
    edgec_maxpool_s8_mve(&p, -128, 127, g_a, g_mve);
    g_t2 = edgec_cycles();
    if (report("maxpool 3x3/2 pad 1, 32x32x64", 16 * 16 * 64)) return 1;
  }
  {  // avgpool 2x2 / 2, 32x32x64
    edgec_pool_params p;
    pool2d(&p, 32, 64, 2, 2, 0);
    fill_s8(g_a, 32 * 32 * 64);
    g_t0 = edgec_cycles();
    edgec_avgpool_s8(&p, -128, 127, -128, g_a, g_ref);
    g_t1 = edgec_cycles();
    edgec_avgpool_s8_mve(&p, -128, 127, -128, g_a, g_mve);
    g_t2 = edgec_cycles();
    if (report("avgpool 2x2/2, 32x32x64", 16 * 16 * 64)) return 1;
  }
  return 0;
}

int main(void) {
  edgec_cycles_start();
  calibrate();
  printf("instructions per SysTick tick: %.2f\n", g_ipt);
  struct {
    const char* name;
    int (*fn)(int32_t);
    int32_t n;
  } const checks[] = {{"add/sub", check_add, 1500},         {"mul", check_mul, 1500},
                      {"lut", check_lut, 400},              {"global_avgpool", check_global_avgpool, 600},
                      {"maxpool", check_maxpool, 800},      {"avgpool", check_avgpool, 800}};
  for (const auto& c : checks) {
    for (int32_t it = 0; it < c.n; ++it)
      if (c.fn(it)) return 1;
    printf("%s: %ld random cases ok\n", c.name, (long)c.n);
  }
  if (bench()) return 1;
  printf("PASS\n");
  return 0;
}
