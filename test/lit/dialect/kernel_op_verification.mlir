// RUN: edgec-opt %s --split-input-file --verify-diagnostics

func.func @conv_no_spatial_dims(%in: memref<1x3xf32>, %w: memref<4x3xf32>, %out: memref<1x4xf32>, %b: memref<4xf32>) {
  // expected-error @+1 {{'kernel.conv' op expected 1 to 3 spatial dims, got 0}}
  kernel.conv %in, %w bias(%b), %out {impl = "edgec_conv_f32", group = 1 : i64, strides = array<i64>, dilations = array<i64>, pads = array<i64>} : memref<1x3xf32>, memref<4x3xf32>, memref<4xf32>, memref<1x4xf32>
  return
}

// -----

func.func @conv_too_many_spatial_dims(%in: memref<1x2x2x2x2x3xf32>, %w: memref<4x1x1x1x1x3xf32>, %b: memref<4xf32>, %out: memref<1x2x2x2x2x4xf32>) {
  // expected-error @+1 {{'kernel.conv' op expected 1 to 3 spatial dims, got 4}}
  kernel.conv %in, %w bias(%b), %out {impl = "edgec_conv_f32", group = 1 : i64, strides = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1, 1, 1>, pads = array<i64: 0, 0, 0, 0, 0, 0, 0, 0>} : memref<1x2x2x2x2x3xf32>, memref<4x1x1x1x1x3xf32>, memref<4xf32>, memref<1x2x2x2x2x4xf32>
  return
}

// -----

func.func @conv_pads_wrong_size(%in: memref<1x8x8x3xf32>, %w: memref<4x3x3x3xf32>, %b: memref<4xf32>, %out: memref<1x8x8x4xf32>) {
  // expected-error @+1 {{'kernel.conv' op window attributes do not match 2 spatial dims}}
  kernel.conv %in, %w bias(%b), %out {impl = "edgec_conv_f32", group = 1 : i64, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 1, 1>} : memref<1x8x8x3xf32>, memref<4x3x3x3xf32>, memref<4xf32>, memref<1x8x8x4xf32>
  return
}

// -----

func.func @conv_strides_wrong_size(%in: memref<1x8x8x3xf32>, %w: memref<4x3x3x3xf32>, %b: memref<4xf32>, %out: memref<1x8x8x4xf32>) {
  // expected-error @+1 {{'kernel.conv' op window attributes do not match 2 spatial dims}}
  kernel.conv %in, %w bias(%b), %out {impl = "edgec_conv_f32", group = 1 : i64, strides = array<i64: 1>, dilations = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>} : memref<1x8x8x3xf32>, memref<4x3x3x3xf32>, memref<4xf32>, memref<1x8x8x4xf32>
  return
}

// -----

func.func @conv_missing_impl(%in: memref<1x8x8x3xf32>, %w: memref<4x3x3x3xf32>, %b: memref<4xf32>, %out: memref<1x8x8x4xf32>) {
  // expected-error @+1 {{'kernel.conv' op requires attribute 'impl'}}
  kernel.conv %in, %w bias(%b), %out {group = 1 : i64, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>} : memref<1x8x8x3xf32>, memref<4x3x3x3xf32>, memref<4xf32>, memref<1x8x8x4xf32>
  return
}

// -----

func.func @transpose_perm_wrong_length(%x: memref<1x3x4xf32>, %y: memref<1x4x3xf32>) {
  // expected-error @+1 {{'kernel.transpose' op perm has 2 entries for rank 3}}
  kernel.transpose %x, %y {impl = "edgec_transpose", perm = array<i64: 1, 0>} : memref<1x3x4xf32>, memref<1x4x3xf32>
  return
}

// -----

func.func @copy_size_mismatch(%x: memref<8xf32>, %y: memref<3x3xf32>) {
  // 8 x 4 bytes into 9 x 4 bytes.
  // expected-error @+1 {{'kernel.copy' op copies 32 bytes into 36}}
  kernel.copy %x, %y {impl = "edgec_copy"} : memref<8xf32>, memref<3x3xf32>
  return
}

// -----

// Same element count, different element width: 8 x 4 bytes vs 8 x 1 byte.
func.func @copy_element_width_mismatch(%x: memref<8xf32>, %y: memref<8xi8>) {
  // expected-error @+1 {{'kernel.copy' op copies 32 bytes into 8}}
  kernel.copy %x, %y {impl = "edgec_copy"} : memref<8xf32>, memref<8xi8>
  return
}

// -----

func.func @reshape_size_mismatch(%x: memref<1x8x1x1xf32>) {
  // expected-error @+1 {{'kernel.reshape' op views 32 bytes as 28}}
  %0 = kernel.reshape %x : memref<1x8x1x1xf32> -> memref<1x7xf32>
  return
}

// -----

func.func @buffer_dynamic_shape() {
  // expected-error @+1 {{'kernel.buffer' op result #0 must be statically shaped memref}}
  %0 = kernel.buffer {pool = "arena", offset = 0 : i64} : memref<?xf32>
  return
}
