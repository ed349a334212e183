/* The user's side of e2e.custom_op: com.example.ScaleShift as a --custom-op function,
 * out = in * alpha + shift[c] with c the index along `axis`. It refuses what it does not
 * implement (returns nonzero, which fails the inference), and an input beyond 1e30, which is
 * how the test checks that path. */
#include "edgec/custom_op.h"

EDGEC_CUSTOM_OP(scale_shift) {
  const edgec_custom_attr* alpha = edgec_custom_find_attr(attrs, num_attrs, "alpha");
  const edgec_custom_attr* shift = edgec_custom_find_attr(attrs, num_attrs, "shift");
  const edgec_custom_attr* axis = edgec_custom_find_attr(attrs, num_attrs, "axis");
  const edgec_custom_attr* mode = edgec_custom_find_attr(attrs, num_attrs, "mode");
  if (num_inputs != 1 || num_outputs != 1 || !alpha || alpha->kind != EDGEC_ATTR_FLOAT || !shift ||
      shift->kind != EDGEC_ATTR_FLOATS || !axis || axis->kind != EDGEC_ATTR_INT || !mode ||
      mode->kind != EDGEC_ATTR_STRING || mode->count != 6 || mode->s[0] != 'a')
    return 1;
  const edgec_custom_tensor* x = &inputs[0];
  edgec_custom_tensor* y = &outputs[0];
  if (x->type != EDGEC_TYPE_FLOAT || y->type != EDGEC_TYPE_FLOAT || x->elements != y->elements ||
      axis->i < 0 || axis->i >= x->rank || x->dims[axis->i] != shift->count)
    return 1;
  int32_t inner = 1;
  for (int32_t d = (int32_t)axis->i + 1; d < x->rank; ++d) inner *= x->dims[d];
  const float* in = (const float*)x->data;
  float* out = (float*)y->data;
  for (int32_t i = 0; i < x->elements; ++i) {
    if (!(in[i] <= 1e30f && in[i] >= -1e30f)) return 2;
    out[i] = in[i] * alpha->f + shift->floats[(i / inner) % shift->count];
  }
  return 0;
}
