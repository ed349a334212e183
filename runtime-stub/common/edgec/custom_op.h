/* edgec custom ops (--custom-op OP_TYPE=SYMBOL): the signature of the user's function and the
 * descriptors the generated code passes it (C11 and C++17 compatible, no heap, no OS calls). */
#ifndef EDGEC_CUSTOM_OP_H
#define EDGEC_CUSTOM_OP_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Element types: ONNX's TensorProto data type codes. */
enum {
  EDGEC_TYPE_FLOAT = 1,
  EDGEC_TYPE_UINT8 = 2,
  EDGEC_TYPE_INT8 = 3,
  EDGEC_TYPE_UINT16 = 4,
  EDGEC_TYPE_INT16 = 5,
  EDGEC_TYPE_INT32 = 6,
  EDGEC_TYPE_INT64 = 7,
  EDGEC_TYPE_BOOL = 9, /* one byte per element, 0 or 1 */
  EDGEC_TYPE_FLOAT16 = 10,
  EDGEC_TYPE_DOUBLE = 11,
  EDGEC_TYPE_UINT32 = 12,
  EDGEC_TYPE_UINT64 = 13,
  EDGEC_TYPE_BFLOAT16 = 16
};

/* One input or output: a dense row-major buffer in the ONNX node's own shape and layout
 * (NCHW stays NCHW). Inputs are read-only (they may be weights in flash); outputs are
 * arena or caller buffers of exactly the declared shape, which the function must fill. */
typedef struct {
  void* data;
  const int32_t* dims; /* rank entries */
  int32_t rank;
  int32_t type;     /* EDGEC_TYPE_* */
  int32_t elements; /* product of dims */
} edgec_custom_tensor;

/* Attribute kinds: ONNX's AttributeProto codes. */
enum {
  EDGEC_ATTR_FLOAT = 1,
  EDGEC_ATTR_INT = 2,
  EDGEC_ATTR_STRING = 3,
  EDGEC_ATTR_FLOATS = 6,
  EDGEC_ATTR_INTS = 7
};

/* One of the node's attributes; the array is sorted by name. Only the field of its
 * kind is set; the others are 0 / NULL. */
typedef struct {
  const char* name;
  int32_t kind;          /* EDGEC_ATTR_* */
  int32_t count;         /* INTS / FLOATS: entries; STRING: bytes (without the final 0); else 1 */
  int64_t i;             /* INT */
  float f;               /* FLOAT */
  const int64_t* ints;   /* INTS */
  const float* floats;   /* FLOATS */
  const char* s;         /* STRING, 0-terminated */
} edgec_custom_attr;

/* The signature of every custom op function: define yours as
 *   EDGEC_CUSTOM_OP(my_op) { ... return 0; }
 * A nonzero return makes the model's _run return EDGEC_ERR_CUSTOM_OP (3) at once. The
 * function is called once per node per inference, in graph order, never concurrently for one
 * context; it must not keep the pointers. */
#define EDGEC_CUSTOM_OP(symbol)                                                               \
  int32_t symbol(const edgec_custom_tensor* inputs, int32_t num_inputs, edgec_custom_tensor* outputs, \
                 int32_t num_outputs, const edgec_custom_attr* attrs, int32_t num_attrs)

/* The attribute called `name`, or NULL. */
static inline const edgec_custom_attr* edgec_custom_find_attr(const edgec_custom_attr* attrs, int32_t num_attrs,
                                                              const char* name) {
  int32_t a;
  for (a = 0; a < num_attrs; ++a) {
    const char* x = attrs[a].name;
    const char* y = name;
    while (*x && *x == *y) {
      ++x;
      ++y;
    }
    if (*x == *y) return &attrs[a];
  }
  return 0;
}

#ifdef __cplusplus
}
#endif

#endif /* EDGEC_CUSTOM_OP_H */
