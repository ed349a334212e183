// kernel-pack-sparse: with --sparsity, conv and fully connected weights that are smaller
// stored sparse become packed i8 blobs read by the sparse kernels; dense ones stay.
// RUN: edgec-opt %s --kernel-pack-sparse | FileCheck %s

// The report: 10 + 40 + 16 bytes against 160; MACs 8 + 4 pixels x 4 + 16 against 160.
// int8 FC, rows [0, 5, 0, -3 | 7, 0, 0, 1] and [0, 0, 0, 0 | 0, 2, 0, 0], 2:4:
// values 5, -3, 7, 1 and (spare slots at the lowest free positions) 0, 0, 0, 2; positions
// 1, 3, 0, 3 -> 0b11'00'11'01 = 0xCD (-51) and 0, 1, 0, 1 -> 0x44 (68): 10 bytes, not 16.
// CHECK: module attributes {edgec.sparsity = {pattern = "2:4"}, edgec.sparsity_report = {bytes = 66 : i64, dense_bytes = 160 : i64, dense_macs = 160 : i64, {{.*}}layers_packed = 2 : i64, macs = 40 : i64, pattern = "2:4"}
// CHECK: memref.global "private" constant @fc_sparse : memref<10xi8> = dense<[5, -3, 7, 1, 0, 0, 0, 2, -51, 68]> {alignment = 16 : i64}
// A float 1x1 conv whose only nonzeros are row 1's first four: BSR with 1 x 4 blocks (128-bit
// vectors), row starts 0, 0, 1, 1, 1, block column 0, then the block: 40 bytes, not 128.
// CHECK: memref.global "private" constant @pw_sparse : memref<40xi8> = dense<[0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, -128, 63, 0, 0, 0, 64, 0, 0, 64, 64, 0, 0, -128, 64]>
// CHECK-NOT: @fc :
// CHECK-NOT: @pw :
// CHECK: memref.global "private" constant @dense : memref<2x8xi8>
// CHECK-LABEL: func.func @pack
// CHECK: kernel.gemm %{{.*}}, %{{.*}}, %{{.*}} {impl = "edgec_fully_connected_nm_s8", {{.*}}sparse = {bytes = 10 : i64, cols = 8 : i64, dense_bytes = 16 : i64, dense_shape = array<i64: 2, 8>, density = 3.125000e-01 : f64, format = "nm", index_bits = 2 : i64, indices_offset = 8 : i64, m = 4 : i64, macs = 8 : i64, n = 2 : i64, name = "2:4", row_index_bytes = 1 : i64, rows = 2 : i64}
// CHECK: kernel.conv %{{.*}}, %{{.*}}, %{{.*}} {{{.*}}impl = "edgec_conv_bsr_f32", {{.*}}sparse = {bc = 4 : i64, block_col_offset = 20 : i64, blocks = 1 : i64, br = 1 : i64, bytes = 40 : i64, cols = 8 : i64, dense_bytes = 128 : i64, dense_shape = array<i64: 4, 1, 1, 8>, density = 1.250000e-01 : f64, format = "bsr", macs = 4 : i64, name = "bsr 1x4", rows = 4 : i64, values_offset = 24 : i64}
// CHECK: kernel.gemm %{{.*}}, %{{.*}}, %{{.*}} {impl = "edgec_fully_connected_s8"
// CHECK-NOT: sparse =
module attributes {edgec.sparsity = {pattern = "2:4"}, edgec.target = {vector_bits = 128 : i64}} {
  memref.global "private" constant @fc : memref<2x8xi8> = dense<[[0, 5, 0, -3, 7, 0, 0, 1], [0, 0, 0, 0, 0, 2, 0, 0]]>
  memref.global "private" constant @pw : memref<4x1x1x8xf32> = dense<[[[[0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0]]], [[[1.0, 2.0, 3.0, 4.0, 0.0, 0.0, 0.0, 0.0]]], [[[0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0]]], [[[0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0]]]]>
  memref.global "private" constant @dense : memref<2x8xi8> = dense<1>
  memref.global "private" constant @bias : memref<2xi32> = dense<0>
  func.func @pack(%a: memref<1x8xi8>, %y: memref<1x2xi8> {edgec.output}, %x: memref<1x2x2x8xf32>,
                  %z: memref<1x2x2x4xf32> {edgec.output}, %y2: memref<1x2xi8> {edgec.output}) {
    %w = memref.get_global @fc : memref<2x8xi8>
    %b = memref.get_global @bias : memref<2xi32>
    kernel.gemm %a, %w c(%b), %y {impl = "edgec_fully_connected_s8", trans_b = true} : memref<1x8xi8>, memref<2x8xi8>, memref<2xi32>, memref<1x2xi8>
    %p = memref.get_global @pw : memref<4x1x1x8xf32>
    kernel.conv %x, %p, %z {impl = "edgec_conv_pointwise_f32", group = 1 : i64, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>} : memref<1x2x2x8xf32>, memref<4x1x1x8xf32>, memref<1x2x2x4xf32>
    %d = memref.get_global @dense : memref<2x8xi8>
    kernel.gemm %a, %d c(%b), %y2 {impl = "edgec_fully_connected_s8", trans_b = true} : memref<1x8xi8>, memref<2x8xi8>, memref<2xi32>, memref<1x2xi8>
    return
  }
}
