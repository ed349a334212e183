// RUN: edgec-opt %s --split-input-file --edge-fuse-activations --edge-dce | FileCheck %s
// RUN: edgec-opt %s --split-input-file --edge-fuse-activations --edge-dce --edge-lower-to-kernel | FileCheck %s --check-prefix=LOWER

// One LSTM step written with primitives (two Gemms, four gate slices, Sigmoid/Tanh, Mul/Add)
// becomes one edge.recurrent of one step in edge-fuse-activations' recognition step. The
// gates are told apart by use and the weights reordered to ONNX's i, o, f, c. Hidden size 1
// here, so the reordering shows in the weight values: gate rows are numbered by role
// (i = 1, f = 2, g = 3, o = 4, +10 in the input weights' second column, biases x100).

// PyTorch's order i, f, g, o, as Silero VAD's opset-18 export has it.
// CHECK-LABEL: func.func @torch_order
// CHECK-SAME: (%[[X:.*]]: tensor<2x2xf32>, %[[H:.*]]: tensor<2x1xf32>, %[[C:.*]]: tensor<2x1xf32>)
// CHECK-DAG: %[[B:.*]] = edge.constant dense<{{\[}}[1.000000e+02, 4.000000e+02, 2.000000e+02, 3.000000e+02, 5.000000e-01, 5.000000e-01, 5.000000e-01, 5.000000e-01]]> : tensor<1x8xf32>
// CHECK-DAG: %[[R:.*]] = edge.constant dense<{{\[}}{{\[}}[-1.000000e+00], [-4.000000e+00], [-2.000000e+00], [-3.000000e+00]]]> : tensor<1x4x1xf32>
// CHECK-DAG: %[[W:.*]] = edge.constant dense<{{\[}}{{\[}}[1.000000e+00, 1.100000e+01], [4.000000e+00, 1.400000e+01], [2.000000e+00, 1.200000e+01], [3.000000e+00, 1.300000e+01]]]> : tensor<1x4x2xf32>
// CHECK-DAG: %[[X3:.*]] = edge.reshape %[[X]] : tensor<2x2xf32> -> tensor<1x2x2xf32>
// CHECK-DAG: %[[H3:.*]] = edge.reshape %[[H]] : tensor<2x1xf32> -> tensor<1x2x1xf32>
// CHECK-DAG: %[[C3:.*]] = edge.reshape %[[C]] : tensor<2x1xf32> -> tensor<1x2x1xf32>
// CHECK: %{{.*}}, %[[YH:.*]], %[[YC:.*]] = edge.recurrent %[[X3]], %[[W]], %[[R]] bias %[[B]] initial_h %[[H3]] initial_c %[[C3]] {{{.*}}activations = ["Sigmoid", "Tanh", "Tanh"]{{.*}}direction = "forward", hidden_size = 1 : i64, kind = "lstm"}
// CHECK-DAG: %[[HN:.*]] = edge.reshape %[[YH]] : tensor<1x2x1xf32> -> tensor<2x1xf32>
// CHECK-DAG: %[[CN:.*]] = edge.reshape %[[YC]] : tensor<1x2x1xf32> -> tensor<2x1xf32>
// CHECK: return %[[HN]], %[[CN]]
// CHECK-NOT: edge.unary
// LOWER-LABEL: func.func @torch_order
// LOWER: kernel.recurrent {{.*}}impl = "edgec_recurrent_f32", kind = "lstm"
func.func @torch_order(%x: tensor<2x2xf32>, %h: tensor<2x1xf32>, %c: tensor<2x1xf32>) -> (tensor<2x1xf32>, tensor<2x1xf32>) {
  %w = edge.constant dense<[[1.0, 11.0], [2.0, 12.0], [3.0, 13.0], [4.0, 14.0]]> : tensor<4x2xf32>
  %r = edge.constant dense<[[-1.0], [-2.0], [-3.0], [-4.0]]> : tensor<4x1xf32>
  %bw = edge.constant dense<[100.0, 200.0, 300.0, 400.0]> : tensor<4xf32>
  %br = edge.constant dense<0.5> : tensor<4xf32>
  %gx = edge.gemm %x, %w, %bw {trans_b = true} : (tensor<2x2xf32>, tensor<4x2xf32>, tensor<4xf32>) -> tensor<2x4xf32>
  %gh = edge.gemm %h, %r, %br {trans_b = true} : (tensor<2x1xf32>, tensor<4x1xf32>, tensor<4xf32>) -> tensor<2x4xf32>
  %gates = edge.binary add %gx, %gh : (tensor<2x4xf32>, tensor<2x4xf32>) -> tensor<2x4xf32>
  %si = edge.slice %gates {axes = array<i64: 1>, starts = array<i64: 0>, ends = array<i64: 1>, steps = array<i64: 1>} : (tensor<2x4xf32>) -> tensor<2x1xf32>
  %sf = edge.slice %gates {axes = array<i64: 1>, starts = array<i64: 1>, ends = array<i64: 2>, steps = array<i64: 1>} : (tensor<2x4xf32>) -> tensor<2x1xf32>
  %sg = edge.slice %gates {axes = array<i64: 1>, starts = array<i64: 2>, ends = array<i64: 3>, steps = array<i64: 1>} : (tensor<2x4xf32>) -> tensor<2x1xf32>
  %so = edge.slice %gates {axes = array<i64: 1>, starts = array<i64: 3>, ends = array<i64: 9223372036854775807>, steps = array<i64: 1>} : (tensor<2x4xf32>) -> tensor<2x1xf32>
  %i = edge.unary sigmoid %si : tensor<2x1xf32>
  %f = edge.unary sigmoid %sf : tensor<2x1xf32>
  %g = edge.unary tanh %sg : tensor<2x1xf32>
  %o = edge.unary sigmoid %so : tensor<2x1xf32>
  %fc = edge.binary mul %f, %c : (tensor<2x1xf32>, tensor<2x1xf32>) -> tensor<2x1xf32>
  %ig = edge.binary mul %i, %g : (tensor<2x1xf32>, tensor<2x1xf32>) -> tensor<2x1xf32>
  %cn = edge.binary add %fc, %ig : (tensor<2x1xf32>, tensor<2x1xf32>) -> tensor<2x1xf32>
  %tc = edge.unary tanh %cn : tensor<2x1xf32>
  %hn = edge.binary mul %o, %tc : (tensor<2x1xf32>, tensor<2x1xf32>) -> tensor<2x1xf32>
  return %hn, %cn : tensor<2x1xf32>, tensor<2x1xf32>
}

// -----

// Gates in another order (o, g, f, i), operands commuted, the recurrent Gemm first and
// untransposed weights without biases: the same cell.
// CHECK-LABEL: func.func @shuffled_gates
// CHECK-DAG: edge.constant dense<{{\[}}{{\[}}[1.000000e+00, 1.100000e+01], [4.000000e+00, 1.400000e+01], [2.000000e+00, 1.200000e+01], [3.000000e+00, 1.300000e+01]]]> : tensor<1x4x2xf32>
// CHECK-DAG: edge.constant dense<0.000000e+00> : tensor<1x8xf32>
// CHECK: edge.recurrent
// CHECK-NOT: edge.gemm
func.func @shuffled_gates(%x: tensor<1x2xf32>, %h: tensor<1x1xf32>, %c: tensor<1x1xf32>) -> (tensor<1x1xf32>, tensor<1x1xf32>) {
  %w = edge.constant dense<[[4.0, 3.0, 2.0, 1.0], [14.0, 13.0, 12.0, 11.0]]> : tensor<2x4xf32>
  %r = edge.constant dense<[[-4.0, -3.0, -2.0, -1.0]]> : tensor<1x4xf32>
  %gh = edge.gemm %h, %r : (tensor<1x1xf32>, tensor<1x4xf32>) -> tensor<1x4xf32>
  %gx = edge.gemm %x, %w : (tensor<1x2xf32>, tensor<2x4xf32>) -> tensor<1x4xf32>
  %gates = edge.binary add %gh, %gx : (tensor<1x4xf32>, tensor<1x4xf32>) -> tensor<1x4xf32>
  %so = edge.slice %gates {axes = array<i64: -1>, starts = array<i64: 0>, ends = array<i64: 1>, steps = array<i64: 1>} : (tensor<1x4xf32>) -> tensor<1x1xf32>
  %sg = edge.slice %gates {axes = array<i64: -1>, starts = array<i64: 1>, ends = array<i64: 2>, steps = array<i64: 1>} : (tensor<1x4xf32>) -> tensor<1x1xf32>
  %sf = edge.slice %gates {axes = array<i64: -1>, starts = array<i64: 2>, ends = array<i64: 3>, steps = array<i64: 1>} : (tensor<1x4xf32>) -> tensor<1x1xf32>
  %si = edge.slice %gates {axes = array<i64: -1>, starts = array<i64: 3>, ends = array<i64: 4>, steps = array<i64: 1>} : (tensor<1x4xf32>) -> tensor<1x1xf32>
  %o = edge.unary sigmoid %so : tensor<1x1xf32>
  %g = edge.unary tanh %sg : tensor<1x1xf32>
  %f = edge.unary sigmoid %sf : tensor<1x1xf32>
  %i = edge.unary sigmoid %si : tensor<1x1xf32>
  %ig = edge.binary mul %g, %i : (tensor<1x1xf32>, tensor<1x1xf32>) -> tensor<1x1xf32>
  %fc = edge.binary mul %c, %f : (tensor<1x1xf32>, tensor<1x1xf32>) -> tensor<1x1xf32>
  %cn = edge.binary add %ig, %fc : (tensor<1x1xf32>, tensor<1x1xf32>) -> tensor<1x1xf32>
  %tc = edge.unary tanh %cn : tensor<1x1xf32>
  %hn = edge.binary mul %tc, %o : (tensor<1x1xf32>, tensor<1x1xf32>) -> tensor<1x1xf32>
  return %hn, %cn : tensor<1x1xf32>, tensor<1x1xf32>
}

// -----

// Not a cell: a gate is read outside it, so folding would lose a value.
// CHECK-LABEL: func.func @gate_read_outside
// CHECK-NOT: edge.recurrent
// CHECK: edge.gemm
func.func @gate_read_outside(%x: tensor<1x2xf32>, %h: tensor<1x1xf32>, %c: tensor<1x1xf32>) -> (tensor<1x1xf32>, tensor<1x1xf32>) {
  %w = edge.constant dense<1.0> : tensor<4x2xf32>
  %r = edge.constant dense<1.0> : tensor<4x1xf32>
  %gx = edge.gemm %x, %w {trans_b = true} : (tensor<1x2xf32>, tensor<4x2xf32>) -> tensor<1x4xf32>
  %gh = edge.gemm %h, %r {trans_b = true} : (tensor<1x1xf32>, tensor<4x1xf32>) -> tensor<1x4xf32>
  %gates = edge.binary add %gx, %gh : (tensor<1x4xf32>, tensor<1x4xf32>) -> tensor<1x4xf32>
  %si = edge.slice %gates {axes = array<i64: 1>, starts = array<i64: 0>, ends = array<i64: 1>, steps = array<i64: 1>} : (tensor<1x4xf32>) -> tensor<1x1xf32>
  %sf = edge.slice %gates {axes = array<i64: 1>, starts = array<i64: 1>, ends = array<i64: 2>, steps = array<i64: 1>} : (tensor<1x4xf32>) -> tensor<1x1xf32>
  %sg = edge.slice %gates {axes = array<i64: 1>, starts = array<i64: 2>, ends = array<i64: 3>, steps = array<i64: 1>} : (tensor<1x4xf32>) -> tensor<1x1xf32>
  %so = edge.slice %gates {axes = array<i64: 1>, starts = array<i64: 3>, ends = array<i64: 4>, steps = array<i64: 1>} : (tensor<1x4xf32>) -> tensor<1x1xf32>
  %i = edge.unary sigmoid %si : tensor<1x1xf32>
  %f = edge.unary sigmoid %sf : tensor<1x1xf32>
  %g = edge.unary tanh %sg : tensor<1x1xf32>
  %o = edge.unary sigmoid %so : tensor<1x1xf32>
  %fc = edge.binary mul %f, %c : (tensor<1x1xf32>, tensor<1x1xf32>) -> tensor<1x1xf32>
  %ig = edge.binary mul %i, %g : (tensor<1x1xf32>, tensor<1x1xf32>) -> tensor<1x1xf32>
  %cn = edge.binary add %fc, %ig : (tensor<1x1xf32>, tensor<1x1xf32>) -> tensor<1x1xf32>
  %tc = edge.unary tanh %cn : tensor<1x1xf32>
  %hn = edge.binary mul %o, %tc : (tensor<1x1xf32>, tensor<1x1xf32>) -> tensor<1x1xf32>
  %extra = edge.binary add %hn, %f : (tensor<1x1xf32>, tensor<1x1xf32>) -> tensor<1x1xf32>
  return %extra, %cn : tensor<1x1xf32>, tensor<1x1xf32>
}

// -----

// Not a cell: the weights are run-time values, and a gate uses Relu instead of Tanh.
// CHECK-LABEL: func.func @not_cells
// CHECK-NOT: edge.recurrent
// CHECK: return
func.func @not_cells(%x: tensor<1x2xf32>, %h: tensor<1x1xf32>, %c: tensor<1x1xf32>, %w: tensor<4x2xf32>) -> (tensor<1x1xf32>, tensor<1x1xf32>) {
  %r = edge.constant dense<1.0> : tensor<4x1xf32>
  %gx = edge.gemm %x, %w {trans_b = true} : (tensor<1x2xf32>, tensor<4x2xf32>) -> tensor<1x4xf32>
  %gh = edge.gemm %h, %r {trans_b = true} : (tensor<1x1xf32>, tensor<4x1xf32>) -> tensor<1x4xf32>
  %gates = edge.binary add %gx, %gh : (tensor<1x4xf32>, tensor<1x4xf32>) -> tensor<1x4xf32>
  %si = edge.slice %gates {axes = array<i64: 1>, starts = array<i64: 0>, ends = array<i64: 1>, steps = array<i64: 1>} : (tensor<1x4xf32>) -> tensor<1x1xf32>
  %sf = edge.slice %gates {axes = array<i64: 1>, starts = array<i64: 1>, ends = array<i64: 2>, steps = array<i64: 1>} : (tensor<1x4xf32>) -> tensor<1x1xf32>
  %sg = edge.slice %gates {axes = array<i64: 1>, starts = array<i64: 2>, ends = array<i64: 3>, steps = array<i64: 1>} : (tensor<1x4xf32>) -> tensor<1x1xf32>
  %so = edge.slice %gates {axes = array<i64: 1>, starts = array<i64: 3>, ends = array<i64: 4>, steps = array<i64: 1>} : (tensor<1x4xf32>) -> tensor<1x1xf32>
  %i = edge.unary sigmoid %si : tensor<1x1xf32>
  %f = edge.unary sigmoid %sf : tensor<1x1xf32>
  %g = edge.unary tanh %sg : tensor<1x1xf32>
  %o = edge.unary sigmoid %so : tensor<1x1xf32>
  %fc = edge.binary mul %f, %c : (tensor<1x1xf32>, tensor<1x1xf32>) -> tensor<1x1xf32>
  %ig = edge.binary mul %i, %g : (tensor<1x1xf32>, tensor<1x1xf32>) -> tensor<1x1xf32>
  %cn = edge.binary add %fc, %ig : (tensor<1x1xf32>, tensor<1x1xf32>) -> tensor<1x1xf32>
  %tc = edge.unary tanh %cn : tensor<1x1xf32>
  %hn = edge.binary mul %o, %tc : (tensor<1x1xf32>, tensor<1x1xf32>) -> tensor<1x1xf32>
  return %hn, %cn : tensor<1x1xf32>, tensor<1x1xf32>
}

// -----

// A GRU step in ATen's GRUCell form, h' = n + z * (h - n), gates r, z, n: ONNX's GRU with
// linear_before_reset, weights reordered to z, r, h (rows numbered r = 1, z = 2, n = 3).
// CHECK-LABEL: func.func @gru_aten
// CHECK-DAG: edge.constant dense<{{\[}}[1.200000e+01, 1.100000e+01, 1.300000e+01, 2.000000e+01, 1.000000e+01, 3.000000e+01]]> : tensor<1x6xf32>
// CHECK-DAG: edge.constant dense<{{\[}}{{\[}}[-2.000000e+00], [-1.000000e+00], [-3.000000e+00]]]> : tensor<1x3x1xf32>
// CHECK-DAG: edge.constant dense<{{\[}}{{\[}}[2.000000e+00], [1.000000e+00], [3.000000e+00]]]> : tensor<1x3x1xf32>
// CHECK: %{{.*}}, %[[YH:.*]] = edge.recurrent {{.*}}activations = ["Sigmoid", "Tanh"]{{.*}}kind = "gru", linear_before_reset = true}
// CHECK: %[[HN:.*]] = edge.reshape %[[YH]] : tensor<1x2x1xf32> -> tensor<2x1xf32>
// CHECK-NEXT: return %[[HN]]
// LOWER-LABEL: func.func @gru_aten
// LOWER: kernel.recurrent {{.*}}impl = "edgec_recurrent_f32", kind = "gru", linear_before_reset = true
func.func @gru_aten(%x: tensor<2x1xf32>, %h: tensor<2x1xf32>) -> tensor<2x1xf32> {
  %w = edge.constant dense<[[1.0], [2.0], [3.0]]> : tensor<3x1xf32>
  %r = edge.constant dense<[[-1.0], [-2.0], [-3.0]]> : tensor<3x1xf32>
  %bw = edge.constant dense<[11.0, 12.0, 13.0]> : tensor<3xf32>
  %br = edge.constant dense<[10.0, 20.0, 30.0]> : tensor<3xf32>
  %gx = edge.gemm %x, %w, %bw {trans_b = true} : (tensor<2x1xf32>, tensor<3x1xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  %gh = edge.gemm %h, %r, %br {trans_b = true} : (tensor<2x1xf32>, tensor<3x1xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  %xr = edge.slice %gx {axes = array<i64: 1>, starts = array<i64: 0>, ends = array<i64: 1>, steps = array<i64: 1>} : (tensor<2x3xf32>) -> tensor<2x1xf32>
  %xz = edge.slice %gx {axes = array<i64: 1>, starts = array<i64: 1>, ends = array<i64: 2>, steps = array<i64: 1>} : (tensor<2x3xf32>) -> tensor<2x1xf32>
  %xn = edge.slice %gx {axes = array<i64: 1>, starts = array<i64: 2>, ends = array<i64: 3>, steps = array<i64: 1>} : (tensor<2x3xf32>) -> tensor<2x1xf32>
  %hr = edge.slice %gh {axes = array<i64: 1>, starts = array<i64: 0>, ends = array<i64: 1>, steps = array<i64: 1>} : (tensor<2x3xf32>) -> tensor<2x1xf32>
  %hz = edge.slice %gh {axes = array<i64: 1>, starts = array<i64: 1>, ends = array<i64: 2>, steps = array<i64: 1>} : (tensor<2x3xf32>) -> tensor<2x1xf32>
  %hn = edge.slice %gh {axes = array<i64: 1>, starts = array<i64: 2>, ends = array<i64: 3>, steps = array<i64: 1>} : (tensor<2x3xf32>) -> tensor<2x1xf32>
  %ar = edge.binary add %xr, %hr : (tensor<2x1xf32>, tensor<2x1xf32>) -> tensor<2x1xf32>
  %rg = edge.unary sigmoid %ar : tensor<2x1xf32>
  %az = edge.binary add %hz, %xz : (tensor<2x1xf32>, tensor<2x1xf32>) -> tensor<2x1xf32>
  %zg = edge.unary sigmoid %az : tensor<2x1xf32>
  %rh = edge.binary mul %rg, %hn : (tensor<2x1xf32>, tensor<2x1xf32>) -> tensor<2x1xf32>
  %an = edge.binary add %xn, %rh : (tensor<2x1xf32>, tensor<2x1xf32>) -> tensor<2x1xf32>
  %ng = edge.unary tanh %an : tensor<2x1xf32>
  %d = edge.binary sub %h, %ng : (tensor<2x1xf32>, tensor<2x1xf32>) -> tensor<2x1xf32>
  %zd = edge.binary mul %zg, %d : (tensor<2x1xf32>, tensor<2x1xf32>) -> tensor<2x1xf32>
  %out = edge.binary add %ng, %zd : (tensor<2x1xf32>, tensor<2x1xf32>) -> tensor<2x1xf32>
  return %out : tensor<2x1xf32>
}

// -----

// The textbook form, h' = (1 - z) * n + z * h: the same op.
// CHECK-LABEL: func.func @gru_textbook
// CHECK: edge.recurrent {{.*}}kind = "gru", linear_before_reset = true}
// CHECK-NOT: edge.unary
func.func @gru_textbook(%x: tensor<1x2xf32>, %h: tensor<1x1xf32>) -> tensor<1x1xf32> {
  %one = edge.constant dense<1.0> : tensor<f32>
  %w = edge.constant dense<1.0> : tensor<3x2xf32>
  %r = edge.constant dense<2.0> : tensor<3x1xf32>
  %gx = edge.gemm %x, %w {trans_b = true} : (tensor<1x2xf32>, tensor<3x2xf32>) -> tensor<1x3xf32>
  %gh = edge.gemm %h, %r {trans_b = true} : (tensor<1x1xf32>, tensor<3x1xf32>) -> tensor<1x3xf32>
  %xr = edge.slice %gx {axes = array<i64: 1>, starts = array<i64: 0>, ends = array<i64: 1>, steps = array<i64: 1>} : (tensor<1x3xf32>) -> tensor<1x1xf32>
  %xz = edge.slice %gx {axes = array<i64: 1>, starts = array<i64: 1>, ends = array<i64: 2>, steps = array<i64: 1>} : (tensor<1x3xf32>) -> tensor<1x1xf32>
  %xn = edge.slice %gx {axes = array<i64: 1>, starts = array<i64: 2>, ends = array<i64: 3>, steps = array<i64: 1>} : (tensor<1x3xf32>) -> tensor<1x1xf32>
  %hr = edge.slice %gh {axes = array<i64: 1>, starts = array<i64: 0>, ends = array<i64: 1>, steps = array<i64: 1>} : (tensor<1x3xf32>) -> tensor<1x1xf32>
  %hz = edge.slice %gh {axes = array<i64: 1>, starts = array<i64: 1>, ends = array<i64: 2>, steps = array<i64: 1>} : (tensor<1x3xf32>) -> tensor<1x1xf32>
  %hn = edge.slice %gh {axes = array<i64: 1>, starts = array<i64: 2>, ends = array<i64: 3>, steps = array<i64: 1>} : (tensor<1x3xf32>) -> tensor<1x1xf32>
  %ar = edge.binary add %xr, %hr : (tensor<1x1xf32>, tensor<1x1xf32>) -> tensor<1x1xf32>
  %rg = edge.unary sigmoid %ar : tensor<1x1xf32>
  %az = edge.binary add %xz, %hz : (tensor<1x1xf32>, tensor<1x1xf32>) -> tensor<1x1xf32>
  %zg = edge.unary sigmoid %az : tensor<1x1xf32>
  %rh = edge.binary mul %hn, %rg : (tensor<1x1xf32>, tensor<1x1xf32>) -> tensor<1x1xf32>
  %an = edge.binary add %rh, %xn : (tensor<1x1xf32>, tensor<1x1xf32>) -> tensor<1x1xf32>
  %ng = edge.unary tanh %an : tensor<1x1xf32>
  %omz = edge.binary sub %one, %zg : (tensor<f32>, tensor<1x1xf32>) -> tensor<1x1xf32>
  %a = edge.binary mul %omz, %ng : (tensor<1x1xf32>, tensor<1x1xf32>) -> tensor<1x1xf32>
  %b = edge.binary mul %zg, %h : (tensor<1x1xf32>, tensor<1x1xf32>) -> tensor<1x1xf32>
  %out = edge.binary add %a, %b : (tensor<1x1xf32>, tensor<1x1xf32>) -> tensor<1x1xf32>
  return %out : tensor<1x1xf32>
}

// -----

// Not a GRU step: the blend keeps another value than the state the recurrent Gemm reads.
// CHECK-LABEL: func.func @gru_other_state
// CHECK-NOT: edge.recurrent
// CHECK: return
func.func @gru_other_state(%x: tensor<1x1xf32>, %h: tensor<1x1xf32>, %other: tensor<1x1xf32>) -> tensor<1x1xf32> {
  %w = edge.constant dense<1.0> : tensor<3x1xf32>
  %r = edge.constant dense<2.0> : tensor<3x1xf32>
  %gx = edge.gemm %x, %w {trans_b = true} : (tensor<1x1xf32>, tensor<3x1xf32>) -> tensor<1x3xf32>
  %gh = edge.gemm %h, %r {trans_b = true} : (tensor<1x1xf32>, tensor<3x1xf32>) -> tensor<1x3xf32>
  %xr = edge.slice %gx {axes = array<i64: 1>, starts = array<i64: 0>, ends = array<i64: 1>, steps = array<i64: 1>} : (tensor<1x3xf32>) -> tensor<1x1xf32>
  %xz = edge.slice %gx {axes = array<i64: 1>, starts = array<i64: 1>, ends = array<i64: 2>, steps = array<i64: 1>} : (tensor<1x3xf32>) -> tensor<1x1xf32>
  %xn = edge.slice %gx {axes = array<i64: 1>, starts = array<i64: 2>, ends = array<i64: 3>, steps = array<i64: 1>} : (tensor<1x3xf32>) -> tensor<1x1xf32>
  %hr = edge.slice %gh {axes = array<i64: 1>, starts = array<i64: 0>, ends = array<i64: 1>, steps = array<i64: 1>} : (tensor<1x3xf32>) -> tensor<1x1xf32>
  %hz = edge.slice %gh {axes = array<i64: 1>, starts = array<i64: 1>, ends = array<i64: 2>, steps = array<i64: 1>} : (tensor<1x3xf32>) -> tensor<1x1xf32>
  %hn = edge.slice %gh {axes = array<i64: 1>, starts = array<i64: 2>, ends = array<i64: 3>, steps = array<i64: 1>} : (tensor<1x3xf32>) -> tensor<1x1xf32>
  %ar = edge.binary add %xr, %hr : (tensor<1x1xf32>, tensor<1x1xf32>) -> tensor<1x1xf32>
  %rg = edge.unary sigmoid %ar : tensor<1x1xf32>
  %az = edge.binary add %xz, %hz : (tensor<1x1xf32>, tensor<1x1xf32>) -> tensor<1x1xf32>
  %zg = edge.unary sigmoid %az : tensor<1x1xf32>
  %rh = edge.binary mul %rg, %hn : (tensor<1x1xf32>, tensor<1x1xf32>) -> tensor<1x1xf32>
  %an = edge.binary add %xn, %rh : (tensor<1x1xf32>, tensor<1x1xf32>) -> tensor<1x1xf32>
  %ng = edge.unary tanh %an : tensor<1x1xf32>
  %d = edge.binary sub %other, %ng : (tensor<1x1xf32>, tensor<1x1xf32>) -> tensor<1x1xf32>
  %zd = edge.binary mul %zg, %d : (tensor<1x1xf32>, tensor<1x1xf32>) -> tensor<1x1xf32>
  %out = edge.binary add %ng, %zd : (tensor<1x1xf32>, tensor<1x1xf32>) -> tensor<1x1xf32>
  return %out : tensor<1x1xf32>
}

// -----

// Not a GRU step: h_n is a slice of a rank-1 value broadcast into the product (the match
// checks ranks before it reads a second dim).
// CHECK-LABEL: func.func @gru_rank1_gates
// CHECK-NOT: edge.recurrent
// CHECK: return
func.func @gru_rank1_gates(%x: tensor<1x1xf32>, %v: tensor<3xf32>) -> tensor<1x1xf32> {
  %w = edge.constant dense<1.0> : tensor<3x1xf32>
  %gx = edge.gemm %x, %w {trans_b = true} : (tensor<1x1xf32>, tensor<3x1xf32>) -> tensor<1x3xf32>
  %xr = edge.slice %gx {axes = array<i64: 1>, starts = array<i64: 0>, ends = array<i64: 1>, steps = array<i64: 1>} : (tensor<1x3xf32>) -> tensor<1x1xf32>
  %xn = edge.slice %gx {axes = array<i64: 1>, starts = array<i64: 2>, ends = array<i64: 3>, steps = array<i64: 1>} : (tensor<1x3xf32>) -> tensor<1x1xf32>
  %hn = edge.slice %v {axes = array<i64: 0>, starts = array<i64: 2>, ends = array<i64: 3>, steps = array<i64: 1>} : (tensor<3xf32>) -> tensor<1xf32>
  %rg = edge.unary sigmoid %xr : tensor<1x1xf32>
  %rh = edge.binary mul %rg, %hn : (tensor<1x1xf32>, tensor<1xf32>) -> tensor<1x1xf32>
  %an = edge.binary add %xn, %rh : (tensor<1x1xf32>, tensor<1x1xf32>) -> tensor<1x1xf32>
  %ng = edge.unary tanh %an : tensor<1x1xf32>
  return %ng : tensor<1x1xf32>
}
