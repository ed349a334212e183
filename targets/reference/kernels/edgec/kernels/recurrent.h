/* Reference recurrent layers: ONNX LSTM, GRU and RNN (float32, time-major layout 0).
 * No heap: the input projections and a step's gates live in the caller's `work` buffer,
 * the running state in y_h (and y_c). */
#ifndef EDGEC_KERNELS_RECURRENT_H
#define EDGEC_KERNELS_RECURRENT_H

#include <math.h>
#include <stddef.h>
#include <stdint.h>

enum {
  EDGEC_RNN_CELL = 0,
  EDGEC_GRU_CELL = 1,
  EDGEC_LSTM_CELL = 2
};

/* ONNX recurrent activations, in the order the emitter numbers them. */
enum {
  EDGEC_RACT_SIGMOID = 0,
  EDGEC_RACT_TANH,
  EDGEC_RACT_RELU,
  EDGEC_RACT_HARD_SIGMOID,
  EDGEC_RACT_LEAKY_RELU,
  EDGEC_RACT_AFFINE,
  EDGEC_RACT_SCALED_TANH,
  EDGEC_RACT_ELU,
  EDGEC_RACT_SOFTSIGN,
  EDGEC_RACT_SOFTPLUS,
  EDGEC_RACT_THRESHOLDED_RELU
};

typedef struct {
  int32_t cell;                 /* EDGEC_*_CELL */
  int32_t seq, batch, input, hidden;
  int32_t directions;           /* 1 or 2 */
  int32_t reverse;              /* one direction, run backwards ("reverse") */
  int32_t act[6];               /* per direction: lstm f g h, gru f g, rnn f */
  float alpha[6], beta[6];
  int32_t has_clip;
  float clip;
  int32_t input_forget;         /* lstm: f = 1 - i */
  int32_t linear_before_reset;  /* gru */
} edgec_recurrent_params;

static inline float edgec_recurrent_act(int32_t kind, float alpha, float beta, float x) {
  switch (kind) {
  case EDGEC_RACT_SIGMOID: return 1.0f / (1.0f + expf(-x));
  case EDGEC_RACT_TANH: return tanhf(x);
  case EDGEC_RACT_RELU: return x > 0.0f ? x : 0.0f;
  case EDGEC_RACT_HARD_SIGMOID: {
    float v = alpha * x + beta;
    return v < 0.0f ? 0.0f : v > 1.0f ? 1.0f : v;
  }
  case EDGEC_RACT_LEAKY_RELU: return x >= 0.0f ? x : alpha * x;
  case EDGEC_RACT_AFFINE: return alpha * x + beta;
  case EDGEC_RACT_SCALED_TANH: return alpha * tanhf(beta * x);
  case EDGEC_RACT_ELU: return x >= 0.0f ? x : alpha * (expf(x) - 1.0f);
  case EDGEC_RACT_SOFTSIGN: return x / (1.0f + fabsf(x));
  case EDGEC_RACT_SOFTPLUS: return x > 20.0f ? x : log1pf(expf(x));
  case EDGEC_RACT_THRESHOLDED_RELU: return x > alpha ? x : 0.0f;
  default: return x;
  }
}

static inline float edgec_recurrent_clip(const edgec_recurrent_params* p, float x) {
  if (!p->has_clip) return x;
  return x < -p->clip ? -p->clip : x > p->clip ? p->clip : x;
}

/* x [seq, batch, input]; w [dirs, G*hidden, input]; r [dirs, G*hidden, hidden];
 * b [dirs, 2*G*hidden] or NULL; seq_lens [batch] or NULL; h0 / c0 [dirs, batch, hidden]
 * or NULL; peep [dirs, 3*hidden] or NULL. Writes y [seq, dirs, batch, hidden] (NULL:
 * not wanted), y_h and (lstm) y_c [dirs, batch, hidden]. work holds
 * seq*batch*G*hidden + (G+1)*hidden floats. Rows past their length are zero in y and
 * keep the state of their last step (zero for a length of 0). */
static inline void edgec_recurrent_f32(const edgec_recurrent_params* p, const float* x, const float* w,
                                       const float* r, const float* b, const int32_t* seq_lens,
                                       const float* h0, const float* c0, const float* peep, float* y,
                                       float* y_h, float* y_c, float* work) {
  const int32_t S = p->seq, N = p->batch, I = p->input, H = p->hidden, D = p->directions;
  const int32_t G = p->cell == EDGEC_LSTM_CELL ? 4 : p->cell == EDGEC_GRU_CELL ? 3 : 1;
  const int32_t GH = G * H;
  float* proj = work;                          /* [S, N, G*H] */
  float* gates = work + (size_t)S * N * GH;    /* [G*H] */
  float* tmp = gates + GH;                     /* [H] */
  int32_t d, t, n, g, j, k, s;
  if (y)
    for (k = 0; k < S * D * N * H; ++k) y[k] = 0.0f;
  for (d = 0; d < D; ++d) {
    const float* wd = w + (size_t)d * GH * I;
    const float* rd = r + (size_t)d * GH * H;
    const float* wb = b ? b + (size_t)d * 2 * GH : NULL;
    const float* rb = b ? wb + GH : NULL;
    const float* pd = peep ? peep + (size_t)d * 3 * H : NULL;
    const int32_t backwards = D == 2 ? d == 1 : p->reverse;
    const int32_t* act = p->act + d * (p->cell == EDGEC_LSTM_CELL ? 3 : p->cell == EDGEC_GRU_CELL ? 2 : 1);
    const float* alpha = p->alpha + (act - p->act);
    const float* beta = p->beta + (act - p->act);
    float* hd = y_h + (size_t)d * N * H;
    float* cd = y_c ? y_c + (size_t)d * N * H : NULL;
    /* Input projection of every step: X W^T + Wb (+ Rb where it is outside the reset gate). */
    for (t = 0; t < S; ++t)
      for (n = 0; n < N; ++n) {
        const float* xr = x + ((size_t)t * N + n) * I;
        float* pr = proj + ((size_t)t * N + n) * GH;
        for (g = 0; g < GH; ++g) {
          const float* wr = wd + (size_t)g * I;
          float acc = 0.0f;
          for (k = 0; k < I; ++k) acc += xr[k] * wr[k];
          if (wb) {
            acc += wb[g];
            if (!(p->cell == EDGEC_GRU_CELL && p->linear_before_reset && g >= 2 * H)) acc += rb[g];
          }
          pr[g] = acc;
        }
      }
    for (n = 0; n < N; ++n) {
      for (j = 0; j < H; ++j) {
        hd[(size_t)n * H + j] = h0 ? h0[((size_t)d * N + n) * H + j] : 0.0f;
        if (cd) cd[(size_t)n * H + j] = c0 ? c0[((size_t)d * N + n) * H + j] : 0.0f;
      }
    }
    for (n = 0; n < N; ++n) {
      int32_t len = seq_lens ? seq_lens[n] : S;
      float* h = hd + (size_t)n * H;
      float* c = cd ? cd + (size_t)n * H : NULL;
      if (len > S) len = S;
      if (len <= 0) {
        for (j = 0; j < H; ++j) {
          h[j] = 0.0f;
          if (c) c[j] = 0.0f;
        }
        continue;
      }
      for (s = 0; s < len; ++s) {
        t = backwards ? len - 1 - s : s;
        {
          const float* pr = proj + ((size_t)t * N + n) * GH;
          /* gates = proj + R h (for gru's h gate: R_h h alone, used after the reset gate) */
          for (g = 0; g < GH; ++g) {
            const float* rr = rd + (size_t)g * H;
            float acc = 0.0f;
            for (k = 0; k < H; ++k) acc += rr[k] * h[k];
            gates[g] = acc;
          }
          if (p->cell == EDGEC_LSTM_CELL) {
            for (j = 0; j < H; ++j) {
              float cp = c[j];
              float gi = pr[j] + gates[j], go = pr[H + j] + gates[H + j];
              float gf = pr[2 * H + j] + gates[2 * H + j], gc = pr[3 * H + j] + gates[3 * H + j];
              float it, ft, ct, ot, cn;
              if (pd) {
                gi += pd[j] * cp;
                gf += pd[2 * H + j] * cp;
              }
              it = edgec_recurrent_act(act[0], alpha[0], beta[0], edgec_recurrent_clip(p, gi));
              ft = p->input_forget ? 1.0f - it
                                   : edgec_recurrent_act(act[0], alpha[0], beta[0], edgec_recurrent_clip(p, gf));
              ct = edgec_recurrent_act(act[1], alpha[1], beta[1], edgec_recurrent_clip(p, gc));
              cn = ft * cp + it * ct;
              if (pd) go += pd[H + j] * cn;
              ot = edgec_recurrent_act(act[0], alpha[0], beta[0], edgec_recurrent_clip(p, go));
              c[j] = cn;
              tmp[j] = ot * edgec_recurrent_act(act[2], alpha[2], beta[2], cn);
            }
          } else if (p->cell == EDGEC_GRU_CELL) {
            for (j = 0; j < H; ++j) {
              float z = edgec_recurrent_act(act[0], alpha[0], beta[0], edgec_recurrent_clip(p, pr[j] + gates[j]));
              float rt = edgec_recurrent_act(act[0], alpha[0], beta[0],
                                             edgec_recurrent_clip(p, pr[H + j] + gates[H + j]));
              float hh;
              if (p->linear_before_reset) {
                float rbh = rb ? rb[2 * H + j] : 0.0f;
                hh = pr[2 * H + j] + rt * (gates[2 * H + j] + rbh);
              } else {
                /* (r . h) R_h^T: needs every r first; keep r in tmp, z in gates[j]. */
                gates[j] = z;
                tmp[j] = rt;
                continue;
              }
              hh = edgec_recurrent_act(act[1], alpha[1], beta[1], edgec_recurrent_clip(p, hh));
              gates[j] = (1.0f - z) * hh + z * h[j];
            }
            if (!p->linear_before_reset) {
              /* gates[H..2H) are free now: r . h there, then the candidate. */
              float* rh = gates + H;
              for (j = 0; j < H; ++j) rh[j] = tmp[j] * h[j];
              for (j = 0; j < H; ++j) {
                const float* rr = rd + (size_t)(2 * H + j) * H;
                float acc = pr[2 * H + j];
                float z = gates[j], hh;
                for (k = 0; k < H; ++k) acc += rr[k] * rh[k];
                hh = edgec_recurrent_act(act[1], alpha[1], beta[1], edgec_recurrent_clip(p, acc));
                tmp[j] = (1.0f - z) * hh + z * h[j];
              }
            } else {
              for (j = 0; j < H; ++j) tmp[j] = gates[j];
            }
          } else {
            for (j = 0; j < H; ++j)
              tmp[j] = edgec_recurrent_act(act[0], alpha[0], beta[0], edgec_recurrent_clip(p, pr[j] + gates[j]));
          }
          for (j = 0; j < H; ++j) h[j] = tmp[j];
          if (y) {
            float* yr = y + (((size_t)t * D + d) * N + n) * H;
            for (j = 0; j < H; ++j) yr[j] = h[j];
          }
        }
      }
    }
  }
}

#endif
