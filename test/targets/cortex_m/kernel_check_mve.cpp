// Bit-exactness check and instruction counts of the Helium (MVE) int8 kernels against the
// reference kernels, run bare-metal under QEMU (mps3-an547, Cortex-M55):
//   1. requantization lanes against edgec_requant_output, extreme values included;
//   2. randomized conv / depthwise / grouped / FC problems from a fixed-seed PRNG, output
//      compared byte for byte (a mismatch prints the case and exits 1);
//   3. executed instructions of reference vs MVE on MobileNetV2 block layers.
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "edgec/cortex_m.h"
#include "edgec/kernels/conv_s8_mve.h"
#include "edgec/kernels/fully_connected_s8_mve.h"
#include "edgec/kernels/quantized_conv.h"
#include "edgec/kernels/quantized_gemm.h"

#if !defined(__ARM_FEATURE_MVE)
#error "build for an MVE core (-mcpu=cortex-m55)"
#endif

static uint32_t g_rng = 0x12345678u;
static uint32_t rnd(void) {  // xorshift32
  g_rng ^= g_rng << 13;
  g_rng ^= g_rng >> 17;
  g_rng ^= g_rng << 5;
  return g_rng;
}
static int32_t rnd_in(int32_t lo, int32_t hi) { return lo + (int32_t)(rnd() % (uint32_t)(hi - lo + 1)); }
template <int N>
static int32_t pick(const int32_t (&v)[N]) { return v[rnd() % N]; }

enum { MAX_IN = 128 * 1024, MAX_F = 96 * 1024, MAX_OUT = 128 * 1024, MAX_C = 1024 };
static int8_t g_in[MAX_IN], g_f[MAX_F], g_ref[MAX_OUT], g_mve[MAX_OUT];
static int32_t g_bias[MAX_C], g_mult[MAX_C], g_shift[MAX_C];

static void fill_s8(int8_t* p, int32_t n) {
  for (int32_t i = 0; i < n; ++i) p[i] = (int8_t)rnd();
}

// Requantization constants: realistic ones mostly, extreme ones sometimes.
static void make_requant(edgec_requant_params* q, int32_t channels, int per_channel) {
  const int extreme = rnd() % 8 == 0;
  for (int32_t c = 0; c < channels; ++c) {
    g_mult[c] = extreme ? (int32_t)rnd() : (int32_t)(0x40000000u + (rnd() & 0x3FFFFFFFu));
    g_shift[c] = extreme ? rnd_in(-31, 30) : rnd_in(-14, 1);
    if (rnd() % 64 == 0) g_mult[c] = 0;
  }
  q->per_channel = per_channel;
  q->multiplier = g_mult;
  q->shift = g_shift;
  q->output_offset = rnd() % 4 == 0 ? 0 : rnd_in(-128, 127);
  q->act_min = -128;
  q->act_max = 127;
  if (rnd() % 3 == 0) {
    q->act_min = rnd_in(-128, 0);
    q->act_max = rnd_in(q->act_min, 127);
  }
  if (rnd() % 24 == 0) {  // inverted or wider than int8 (the reference's order and int8 cast)
    q->act_min = rnd_in(-300, 300);
    q->act_max = rnd_in(-300, 300);
  }
  {
    const int32_t offs[] = {-128, 127, 128, -127, 0, 0, 5, -3};
    q->input_offset = rnd() % 2 ? pick(offs) : rnd_in(-127, 128);
    if (rnd() % 16 == 0) q->input_offset = rnd_in(-300, 300);  // no int8 zero point (mask path)
  }
}

static void fill_bias(int32_t n) {
  const int big = rnd() % 8 == 0;
  for (int32_t i = 0; i < n; ++i) g_bias[i] = big ? (int32_t)rnd() >> 4 : rnd_in(-20000, 20000);
}

static void print_conv(const edgec_conv_params* p, const edgec_requant_params* q) {
  printf("conv rank %ld batch %ld cin %ld cout %ld groups %ld\n", (long)p->spatial_rank, (long)p->batch,
         (long)p->in_channels, (long)p->out_channels, (long)p->groups);
  for (int d = 0; d < p->spatial_rank; ++d)
    printf("  dim %d: in %ld out %ld k %ld s %ld dil %ld pad %ld\n", d, (long)p->in_spatial[d], (long)p->out_spatial[d],
           (long)p->kernel[d], (long)p->stride[d], (long)p->dilation[d], (long)p->pad_begin[d]);
  printf("  in_off %ld out_off %ld act [%ld, %ld] per_channel %ld mult0 %ld shift0 %ld\n", (long)q->input_offset,
         (long)q->output_offset, (long)q->act_min, (long)q->act_max, (long)q->per_channel, (long)q->multiplier[0],
         (long)q->shift[0]);
}

// Runs both kernels on the current buffers; 0 when they agree byte for byte.
static int check_conv(const edgec_conv_params* p, const edgec_requant_params* q, int use_bias, const char* what) {
  edgec_window w;
  edgec_conv_window(p, &w);
  const int32_t out_n = p->batch * w.out_volume * p->out_channels;
  memset(g_ref, 0x55, out_n + 16);
  memset(g_mve, 0x55, out_n + 16);
  edgec_conv_s8(p, q, g_in, g_f, use_bias ? g_bias : NULL, g_ref);
  edgec_conv_s8_mve(p, q, g_in, g_f, use_bias ? g_bias : NULL, g_mve);
  for (int32_t i = 0; i < out_n + 16; ++i)
    if (g_ref[i] != g_mve[i]) {
      printf("MISMATCH (%s) at %ld of %ld: ref %d mve %d\n", what, (long)i, (long)out_n, g_ref[i], g_mve[i]);
      print_conv(p, q);
      return 1;
    }
  return 0;
}

// A random conv problem (0: agree, 1: mismatch, 2: skipped), kind: 0 general, 1 grouped, 2 depthwise, 3 depthwise multiplier, 4 pointwise.
static int random_conv(int kind) {
  edgec_conv_params p;
  edgec_requant_params q;
  memset(&p, 0, sizeof p);
  const int32_t chans[] = {1, 2, 3, 4, 5, 8, 16, 17, 24, 32, 33};
  const int32_t ks[] = {1, 1, 2, 3, 3, 3, 5};
  p.spatial_rank = rnd_in(1, 3);
  if (rnd() % 2) p.spatial_rank = 2;
  p.batch = rnd() % 4 == 0 ? 2 : 1;
  int32_t cin = pick(chans), cout = pick(chans), groups = 1;
  if (kind == 1) {
    groups = rnd() % 2 ? 2 : 3;
    cin = groups * rnd_in(1, 12);
    cout = groups * rnd_in(1, 12);
  } else if (kind == 2) {
    groups = cin = cout = rnd() % 3 ? pick(chans) : rnd_in(1, 70);
  } else if (kind == 3) {
    groups = cin;
    cout = cin * rnd_in(2, 3);
  }
  p.in_channels = cin;
  p.out_channels = cout;
  p.groups = groups;
  const int32_t maxin = p.spatial_rank == 1 ? 40 : p.spatial_rank == 2 ? 13 : 6;
  for (int d = 0; d < p.spatial_rank; ++d) {
    for (;;) {
      p.kernel[d] = kind == 4 ? 1 : pick(ks);
      p.stride[d] = kind == 4 ? rnd_in(1, 2) : rnd_in(1, 3) == 3 ? 2 : rnd_in(1, 2);
      p.dilation[d] = kind == 4 || rnd() % 4 ? 1 : 2;
      p.in_spatial[d] = rnd_in(1, maxin);
      p.pad_begin[d] = kind == 4 ? 0 : rnd_in(0, p.kernel[d] - 1 + (rnd() % 8 == 0));
      const int32_t pad_end = kind == 4 ? 0 : rnd_in(0, p.kernel[d] - 1);
      const int32_t span = p.dilation[d] * (p.kernel[d] - 1) + 1;
      const int32_t ext = p.in_spatial[d] + p.pad_begin[d] + pad_end;
      if (ext < span) continue;
      p.out_spatial[d] = (ext - span) / p.stride[d] + 1;
      break;
    }
  }
  edgec_window w;
  edgec_conv_window(&p, &w);
  const int32_t in_n = p.batch * w.in_volume * cin, f_n = cout * w.kernel_volume * (cin / groups);
  const int32_t out_n = p.batch * w.out_volume * cout;
  if (in_n > MAX_IN || f_n > MAX_F || out_n + 16 > MAX_OUT) return 2;  // too big: skipped
  fill_s8(g_in, in_n);
  fill_s8(g_f, f_n);
  fill_bias(cout);
  make_requant(&q, cout, rnd() % 4 != 0);
  static const char* names[] = {"general", "grouped", "depthwise", "depthwise-multiplier", "pointwise"};
  return check_conv(&p, &q, rnd() % 8 != 0, names[kind]);
}

// Long reduction (im2col chunking) and other explicit shapes.
static int conv_shape(int32_t rank, int32_t in, int32_t cin, int32_t cout, int32_t groups, int32_t k, int32_t s,
                      int32_t dil, int32_t pad, int32_t in_off) {
  edgec_conv_params p;
  edgec_requant_params q;
  memset(&p, 0, sizeof p);
  p.spatial_rank = rank;
  p.batch = 1;
  p.in_channels = cin;
  p.out_channels = cout;
  p.groups = groups;
  for (int d = 0; d < rank; ++d) {
    p.in_spatial[d] = in;
    p.kernel[d] = k;
    p.stride[d] = s;
    p.dilation[d] = dil;
    p.pad_begin[d] = pad;
    p.out_spatial[d] = (in + 2 * pad - dil * (k - 1) - 1) / s + 1;
  }
  edgec_window w;
  edgec_conv_window(&p, &w);
  fill_s8(g_in, w.in_volume * cin);
  fill_s8(g_f, cout * w.kernel_volume * (cin / groups));
  fill_bias(cout);
  make_requant(&q, cout, 1);
  q.input_offset = in_off;
  return check_conv(&p, &q, 1, "shape");
}

static int random_fc(void) {
  edgec_fc_params p;
  edgec_requant_params q;
  const int32_t sizes[] = {1, 3, 5, 15, 16, 17, 33, 64, 100, 257, 1000};
  p.batches = rnd_in(1, 3);
  p.in_features = pick(sizes);
  p.out_features = pick(sizes);
  if (p.batches * p.in_features > MAX_IN || p.in_features * p.out_features > MAX_F) return 0;
  fill_s8(g_in, p.batches * p.in_features);
  fill_s8(g_f, p.in_features * p.out_features);
  fill_bias(p.out_features);
  make_requant(&q, p.out_features, rnd() % 2);
  const int32_t out_n = p.batches * p.out_features;
  const int use_bias = rnd() % 8 != 0;
  memset(g_ref, 0x55, out_n + 16);
  memset(g_mve, 0x55, out_n + 16);
  edgec_fully_connected_s8(&p, &q, g_in, g_f, use_bias ? g_bias : NULL, g_ref);
  edgec_fully_connected_s8_mve(&p, &q, g_in, g_f, use_bias ? g_bias : NULL, g_mve);
  for (int32_t i = 0; i < out_n + 16; ++i)
    if (g_ref[i] != g_mve[i]) {
      printf("MISMATCH (fc) at %ld: ref %d mve %d; batches %ld in %ld out %ld in_off %ld per_channel %ld\n", (long)i,
             g_ref[i], g_mve[i], (long)p.batches, (long)p.in_features, (long)p.out_features, (long)q.input_offset,
             (long)q.per_channel);
      return 1;
    }
  return 0;
}

// Requantization lanes against the scalar reference, over random and extreme values.
static int check_requant(void) {
  const int32_t accs[] = {INT32_MIN, INT32_MIN + 1, -1, 0, 1, INT32_MAX, INT32_MAX - 1, 1 << 30, -(1 << 30)};
  const int32_t mults[] = {INT32_MIN, INT32_MAX, 0, 1 << 30, -(1 << 30), 1};
  for (int32_t it = 0; it < 20000; ++it) {
    edgec_requant_params q;
    int32_t acc[4], m[4], s[4];
    int8_t y[4];
    for (int j = 0; j < 4; ++j) {
      const uint32_t r = rnd() % 8;
      acc[j] = r == 0 ? pick(accs) : r < 4 ? (int32_t)rnd() : (int32_t)rnd() >> rnd_in(0, 31);
      m[j] = rnd() % 8 == 0 ? pick(mults) : (int32_t)rnd();
      s[j] = rnd_in(-31, 30);
      if (rnd() % 4 == 0) {  // exact ties of the right shift
        const int32_t e = rnd_in(1, 20);
        s[j] = -e;
        m[j] = INT32_MAX;
      }
    }
    q.per_channel = 1;
    q.multiplier = m;
    q.shift = s;
    q.output_offset = rnd() % 2 ? rnd_in(-128, 127) : (int32_t)rnd() >> 2;
    q.act_min = rnd() % 2 ? -128 : rnd_in(-200, 50);
    q.act_max = rnd() % 2 ? 127 : rnd_in(-50, 200);
    q.input_offset = 0;
    edgec_mve__rq rq;
    edgec_mve__rq_init(&rq, &q);
    edgec_mve__rq_store(&rq, 0, acc, 4, y);
    for (int j = 0; j < 4; ++j)
      if ((int8_t)edgec_requant_output(&q, j, acc[j]) != y[j]) {
        printf("MISMATCH (requant): acc %ld mult %ld shift %ld off %ld act [%ld, %ld]: ref %d mve %d\n", (long)acc[j],
               (long)m[j], (long)s[j], (long)q.output_offset, (long)q.act_min, (long)q.act_max,
               (int8_t)edgec_requant_output(&q, j, acc[j]), y[j]);
        return 1;
      }
  }
  return 0;
}

// Instructions per SysTick tick, measured on a loop of known length.
static double g_ipt;
static void calibrate(void) {
  const uint32_t n = 1000000;
  uint64_t t0 = edgec_cycles();
  uint32_t r = n;
  __asm__ volatile("1: subs %0, %0, #1\n bne 1b" : "+r"(r) : : "cc");
  const uint64_t t1 = edgec_cycles();
  g_ipt = 2.0 * n / (double)(t1 - t0);
}

struct Layer {
  const char* name;
  int32_t in, cin, cout, groups, k, s, pad;
  double cmsis_m;
};

static int bench(void) {
  const Layer layers[] = {
      {"(a) stem 3x3 s2 3->16 64x64", 64, 3, 16, 1, 3, 2, 1, 0.75},
      {"(b) 1x1 16->96 32x32", 32, 16, 96, 1, 1, 1, 0, 1.99},
      {"(c) dw 3x3 s1 96ch 32x32", 32, 96, 96, 96, 3, 1, 1, 2.33},
      {"(d) 1x1 96->24 32x32", 32, 96, 24, 1, 1, 1, 0, 0.91},
  };
  printf("\n%-30s %12s %12s %12s %8s\n", "layer", "reference", "mve", "cmsis-nn", "speedup");
  for (const Layer& l : layers) {
    edgec_conv_params p;
    edgec_requant_params q;
    memset(&p, 0, sizeof p);
    p.spatial_rank = 2;
    p.batch = 1;
    p.in_channels = l.cin;
    p.out_channels = l.cout;
    p.groups = l.groups;
    for (int d = 0; d < 2; ++d) {
      p.in_spatial[d] = l.in;
      p.kernel[d] = l.k;
      p.stride[d] = l.s;
      p.dilation[d] = 1;
      p.pad_begin[d] = l.pad;
      p.out_spatial[d] = (l.in + 2 * l.pad - l.k) / l.s + 1;
    }
    edgec_window w;
    edgec_conv_window(&p, &w);
    fill_s8(g_in, w.in_volume * l.cin);
    fill_s8(g_f, l.cout * w.kernel_volume * (l.cin / l.groups));
    for (int32_t c = 0; c < l.cout; ++c) {
      g_bias[c] = rnd_in(-5000, 5000);
      g_mult[c] = (int32_t)(0x40000000u + (rnd() & 0x3FFFFFFFu));
      g_shift[c] = rnd_in(-10, -6);
    }
    q.per_channel = 1;
    q.multiplier = g_mult;
    q.shift = g_shift;
    q.input_offset = 128;
    q.output_offset = -128;
    q.act_min = -128;
    q.act_max = 127;
    const uint64_t t0 = edgec_cycles();
    edgec_conv_s8(&p, &q, g_in, g_f, g_bias, g_ref);
    const uint64_t t1 = edgec_cycles();
    edgec_conv_s8_mve(&p, &q, g_in, g_f, g_bias, g_mve);
    const uint64_t t2 = edgec_cycles();
    const double ref_m = (double)(t1 - t0) * g_ipt / 1e6, mve_m = (double)(t2 - t1) * g_ipt / 1e6;
    printf("%-30s %11.3fM %11.3fM %11.2fM %7.2fx\n", l.name, ref_m, mve_m, l.cmsis_m, ref_m / mve_m);
    if (memcmp(g_ref, g_mve, (size_t)w.out_volume * l.cout) != 0) {
      printf("MISMATCH on benchmark layer %s\n", l.name);
      return 1;
    }
  }
  {  // fully connected, 1024 -> 64, per-channel
    edgec_fc_params p = {1, 64, 1024};
    edgec_requant_params q;
    fill_s8(g_in, 1024);
    fill_s8(g_f, 64 * 1024);
    for (int32_t c = 0; c < 64; ++c) {
      g_bias[c] = rnd_in(-5000, 5000);
      g_mult[c] = (int32_t)(0x40000000u + (rnd() & 0x3FFFFFFFu));
      g_shift[c] = rnd_in(-10, -6);
    }
    q.per_channel = 1;
    q.multiplier = g_mult;
    q.shift = g_shift;
    q.input_offset = 128;
    q.output_offset = -128;
    q.act_min = -128;
    q.act_max = 127;
    const uint64_t t0 = edgec_cycles();
    edgec_fully_connected_s8(&p, &q, g_in, g_f, g_bias, g_ref);
    const uint64_t t1 = edgec_cycles();
    edgec_fully_connected_s8_mve(&p, &q, g_in, g_f, g_bias, g_mve);
    const uint64_t t2 = edgec_cycles();
    const double ref_m = (double)(t1 - t0) * g_ipt / 1e6, mve_m = (double)(t2 - t1) * g_ipt / 1e6;
    printf("%-30s %11.3fM %11.3fM %12s %7.2fx\n", "fc 1024->64", ref_m, mve_m, "-", ref_m / mve_m);
    if (memcmp(g_ref, g_mve, 64) != 0) {
      printf("MISMATCH on benchmark fc\n");
      return 1;
    }
  }
  return 0;
}

int main(void) {
  edgec_cycles_start();
  calibrate();
  printf("instructions per SysTick tick: %.2f\n", g_ipt);
  if (check_requant()) return 1;
  printf("requant: ok\n");
  // Explicit shapes: long columns (chunked im2col), offsets without an int8 zero point.
  if (conv_shape(2, 7, 100, 9, 1, 5, 1, 1, 2, 128)) return 1;
  if (conv_shape(2, 7, 100, 9, 1, 5, 1, 1, 2, -300)) return 1;
  if (conv_shape(2, 6, 200, 6, 2, 5, 2, 1, 1, 7)) return 1;
  if (conv_shape(3, 5, 40, 6, 1, 3, 1, 1, 1, -128)) return 1;
  if (conv_shape(2, 9, 9, 9, 9, 9, 1, 1, 4, 3)) return 1;   // depthwise 81 taps (no interior runs)
  if (conv_shape(1, 30, 5, 5, 5, 3, 1, 2, 2, 999)) return 1; // depthwise, no int8 zero point
  if (conv_shape(2, 12, 300, 300, 300, 3, 1, 1, 1, 127)) return 1; // depthwise > one channel block
  if (conv_shape(2, 4, 300, 150, 1, 1, 1, 1, 0, 127)) return 1;    // > one output channel block
  if (conv_shape(2, 5, 4, 200, 2, 3, 1, 1, 1, 3)) return 1;        // grouped, > one block per group
  if (conv_shape(2, 6, 8, 8, 1, 3, 2, 1, 1, 100000)) return 1;     // offsets far outside int8
  if (conv_shape(2, 6, 20, 20, 20, 3, 1, 1, 1, -100000)) return 1; // depthwise, same
  if (conv_shape(1, 50, 1, 7, 1, 9, 1, 3, 8, -5)) return 1;        // cin 1, long dilated 1-D kernel
  if (conv_shape(3, 4, 16, 16, 16, 3, 1, 1, 1, 0)) return 1;       // 3-D depthwise
  printf("shapes: ok\n");
  int32_t counts[6] = {0, 0, 0, 0, 0, 0};
  for (int32_t it = 0; it < 20000; ++it) {
    const int kind = it % 5;
    const int r = random_conv(kind);
    if (r == 1) return 1;
    if (r == 0) ++counts[kind];
  }
  for (int32_t it = 0; it < 1000; ++it)
    if (random_fc()) return 1;
  printf("random: %ld general, %ld grouped, %ld depthwise, %ld depthwise-multiplier, %ld pointwise, 1000 fc: ok\n",
         (long)counts[0], (long)counts[1], (long)counts[2], (long)counts[3], (long)counts[4]);
  if (bench()) return 1;
  printf("PASS\n");
  return 0;
}
