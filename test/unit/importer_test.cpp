// Importer units: shapes inferred at import, node names as locations, and clean refusals of bad input.
#include "compiler/dialect/Edge/EdgeDialect.h"
#include "compiler/import/OnnxImporter.h"
#include "compiler/support/NodeLocation.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/raw_ostream.h"

#include <onnx/onnx_pb.h>

#include <catch2/catch.hpp>

#include <fstream>

using namespace mlir;

namespace {

/// A temporary folder that removes itself.
struct TempDir {
  std::string path;
  TempDir() {
    llvm::SmallString<128> p;
    llvm::sys::fs::createUniqueDirectory("edgec-importer-test", p);
    path = std::string(p);
  }
  ~TempDir() { llvm::sys::fs::remove_directories(path); }
};

void addInput(onnx::GraphProto &g, const std::string &name, std::vector<int64_t> dims,
              const std::string &dimParam = "") {
  auto *in = g.add_input();
  in->set_name(name);
  auto *t = in->mutable_type()->mutable_tensor_type();
  t->set_elem_type(onnx::TensorProto::FLOAT);
  for (int64_t d : dims) {
    auto *dim = t->mutable_shape()->add_dim();
    if (d > 0)
      dim->set_dim_value(d);
    else
      dim->set_dim_param(dimParam);
  }
}

onnx::TensorProto *addWeight(onnx::GraphProto &g, const std::string &name, std::vector<int64_t> dims) {
  auto *w = g.add_initializer();
  w->set_name(name);
  w->set_data_type(onnx::TensorProto::FLOAT);
  int64_t n = 1;
  for (int64_t d : dims) {
    w->add_dims(d);
    n *= d;
  }
  for (int64_t i = 0; i < n; ++i)
    w->add_float_data(0.01f * static_cast<float>(i % 7));
  return w;
}

onnx::NodeProto *addNode(onnx::GraphProto &g, const std::string &op, const std::string &name,
                         std::vector<std::string> inputs, std::vector<std::string> outputs) {
  auto *n = g.add_node();
  n->set_op_type(op);
  n->set_name(name);
  for (auto &i : inputs)
    n->add_input(i);
  for (auto &o : outputs)
    n->add_output(o);
  return n;
}

onnx::ModelProto convModel(int64_t opset = 13) {
  onnx::ModelProto m;
  m.set_ir_version(7);
  auto *op = m.add_opset_import();
  op->set_version(opset);
  auto &g = *m.mutable_graph();
  addInput(g, "x", {1, 3, 8, 8});
  addWeight(g, "w", {4, 3, 3, 3});
  auto *conv = addNode(g, "Conv", "conv1", {"x", "w"}, {"c"});
  auto *strides = conv->add_attribute();
  strides->set_name("strides");
  strides->set_type(onnx::AttributeProto::INTS);
  strides->add_ints(2);
  strides->add_ints(2);
  addNode(g, "Relu", "relu1", {"c"}, {"y"});
  g.add_output()->set_name("y");
  return m;
}

/// Writes the model and imports it; collects every error message.
struct ImportResult {
  OwningOpRef<ModuleOp> module;
  std::string errors;
};

ImportResult import(MLIRContext &ctx, const onnx::ModelProto &model, const std::string &dir,
                    edgec::ImportOptions options = {}) {
  std::string path = dir + "/model.onnx";
  {
    std::ofstream f(path, std::ios::binary);
    model.SerializeToOstream(&f);
  }
  ImportResult r;
  ScopedDiagnosticHandler handler(&ctx, [&](Diagnostic &d) {
    r.errors += edgec::nodeName(d.getLocation()) + ": " + d.str() + "\n";
    return success();
  });
  r.module = edgec::importOnnxFile(&ctx, path, options);
  return r;
}

} // namespace

TEST_CASE("import infers shapes and names ops after their nodes", "[importer]") {
  MLIRContext ctx;
  TempDir dir;
  auto r = import(ctx, convModel(), dir.path);
  REQUIRE(r.module);
  REQUIRE(r.errors.empty());
  edgec::edge::ConvOp conv;
  r.module->walk([&](edgec::edge::ConvOp op) { conv = op; });
  REQUIRE(conv);
  CHECK(edgec::nodeName(conv.getLoc()) == "conv1");
  CHECK(edgec::nodeOpType(conv.getLoc()) == "Conv");
  auto type = cast<ShapedType>(conv.getType());
  // (8 - 3) / 2 + 1 = 3 with no padding.
  CHECK(type.getShape() == ArrayRef<int64_t>{1, 4, 3, 3});
}

TEST_CASE("an old opset is upgraded by ONNX's version converter", "[importer]") {
  MLIRContext ctx;
  TempDir dir;
  auto r = import(ctx, convModel(/*opset=*/7), dir.path);
  REQUIRE(r.module);
  int convs = 0;
  r.module->walk([&](edgec::edge::ConvOp) { ++convs; });
  CHECK(convs == 1);
}

TEST_CASE("a dynamic dim needs --input-shape", "[importer]") {
  MLIRContext ctx;
  TempDir dir;
  onnx::ModelProto m = convModel();
  m.mutable_graph()->mutable_input(0)->mutable_type()->mutable_tensor_type()->mutable_shape()->mutable_dim(0)->set_dim_param("batch");
  auto r = import(ctx, m, dir.path);
  CHECK_FALSE(r.module);
  CHECK_THAT(r.errors, Catch::Contains("dynamic dim 'batch'") && Catch::Contains("--input-shape x="));

  edgec::ImportOptions options;
  options.inputShapes = {{"x", {2, 3, 8, 8}}};
  auto fixed = import(ctx, m, dir.path, options);
  REQUIRE(fixed.module);
  auto func = *fixed.module->getOps<func::FuncOp>().begin();
  CHECK(cast<ShapedType>(func.getArgumentTypes()[0]).getDimSize(0) == 2);
}

TEST_CASE("unsupported ops, cycles and dangling inputs are refused with the node named", "[importer]") {
  MLIRContext ctx;
  TempDir dir;
  SECTION("unknown op") {
    onnx::ModelProto m = convModel();
    m.mutable_graph()->mutable_node(1)->set_op_type("FancyOp");
    auto r = import(ctx, m, dir.path);
    CHECK_FALSE(r.module);
    CHECK_THAT(r.errors, Catch::Contains("relu1: operator 'FancyOp' is not supported"));
  }
  SECTION("cycle") {
    onnx::ModelProto m = convModel();
    m.mutable_graph()->mutable_node(0)->set_input(0, "y");
    auto r = import(ctx, m, dir.path);
    CHECK_FALSE(r.module);
    CHECK_THAT(r.errors, Catch::Contains("cycle"));
  }
  SECTION("dangling input") {
    onnx::ModelProto m = convModel();
    m.mutable_graph()->mutable_node(1)->set_input(0, "nowhere");
    auto r = import(ctx, m, dir.path);
    CHECK_FALSE(r.module);
    CHECK_THAT(r.errors, Catch::Contains("'nowhere' is not a graph input"));
  }
  SECTION("short weight data") {
    onnx::ModelProto m = convModel();
    m.mutable_graph()->mutable_initializer(0)->mutable_float_data()->RemoveLast();
    auto r = import(ctx, m, dir.path);
    CHECK_FALSE(r.module);
    CHECK_THAT(r.errors, Catch::Contains("needs 432 bytes of data but has 428"));
  }
  SECTION("channel mismatch names the conv") {
    onnx::ModelProto m = convModel();
    m.mutable_graph()->mutable_initializer(0)->set_dims(1, 2);
    auto r = import(ctx, m, dir.path);
    CHECK_FALSE(r.module);
  }
}

TEST_CASE("external data must stay inside the model's folder", "[importer]") {
  MLIRContext ctx;
  TempDir dir;
  onnx::ModelProto m = convModel();
  onnx::TensorProto *w = m.mutable_graph()->mutable_initializer(0);
  w->clear_float_data();
  w->set_data_location(onnx::TensorProto::EXTERNAL);
  auto *loc = w->add_external_data();
  loc->set_key("location");
  SECTION("inside and complete: accepted") {
    loc->set_value("w.bin");
    std::ofstream(dir.path + "/w.bin", std::ios::binary) << std::string(432, '\0');
    CHECK(import(ctx, m, dir.path).module);
  }
  SECTION("shorter than claimed") {
    loc->set_value("w.bin");
    std::ofstream(dir.path + "/w.bin", std::ios::binary) << std::string(100, '\0');
    auto r = import(ctx, m, dir.path);
    CHECK_FALSE(r.module);
    CHECK_THAT(r.errors, Catch::Contains("shorter than"));
  }
  SECTION("relative escape") {
    loc->set_value("../outside.bin");
    auto r = import(ctx, m, dir.path);
    CHECK_FALSE(r.module);
  }
  SECTION("absolute path") {
    loc->set_value("/etc/passwd");
    auto r = import(ctx, m, dir.path);
    CHECK_FALSE(r.module);
    CHECK_THAT(r.errors, Catch::Contains("absolute"));
  }
}

TEST_CASE("garbage and empty files are refused", "[importer]") {
  MLIRContext ctx;
  TempDir dir;
  ScopedDiagnosticHandler handler(&ctx, [](Diagnostic &) { return success(); });
  std::string empty = dir.path + "/empty.onnx", text = dir.path + "/text.onnx";
  std::ofstream(empty).close();
  std::ofstream(text) << "this is not a model\n";
  CHECK_FALSE(edgec::importOnnxFile(&ctx, empty, {}));
  CHECK_FALSE(edgec::importOnnxFile(&ctx, text, {}));
}
