// edge-prune-channels: structured pruning. Removes the least salient output channels of Conv,
// Gemm and MatMul layers and carries the removal through the graph.
//
// Every channel (index along axis 1 of an NCHW or [rows, features] tensor) of a layer's output
// is a node of a union-find. Ops that keep channels apart (activations, pooling, BatchNorm, pad,
// resize, depthwise conv...) pass a value's channel nodes on; an elementwise op on two tracked
// values unites them channel by channel (a residual add ties its branches), a concat lays its
// inputs' nodes end to end, a flatten repeats each node over the spatial positions. A class of
// channels is removed from every layer that produces it or not at all; a class that reaches a
// graph output, a pinned layer or an op that mixes channels is pinned. The consumers (conv and
// gemm inputs, depthwise filters, BatchNorm parameters, per-channel constants) lose the same
// indices, so the result is an ordinary smaller model.
#include "compiler/support/ConstantData.h"
#include "compiler/support/NodeLocation.h"
#include "passes/Passes.h"
#include "passes/compress/WeightChannels.h"

#include "mlir/IR/Matchers.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/EquivalenceClasses.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/ADT/TypeSwitch.h"

#include <algorithm>
#include <cmath>
#include <numeric>

using namespace mlir;

namespace edgec {
#define GEN_PASS_DEF_EDGEPRUNECHANNELS
#include "passes/Passes.h.inc"

namespace {

using Ids = std::vector<int>;

/// A layer whose output channels can be removed: its weight loses them along `weightAxis`,
/// its bias (if any) along its last axis.
struct Producer {
  Operation *op;
  Value weight, bias;
  int64_t weightAxis;
  std::string name;
  Ids ids;
  std::vector<double> saliency;
  double ratio = 0;
};

/// An operand that loses the channels its tracked input loses, along `axis`.
struct Follower {
  Operation *op;
  unsigned operand;
  int64_t axis;
  Value source; // the tracked value whose kept channels it keeps
};

struct Request {
  double ratio = 0;
  bool l2 = false;
  llvm::StringMap<double> layers;
  llvm::StringSet<> keep;
};

int64_t dim(Value v, int64_t d) { return cast<ShapedType>(v.getType()).getDimSize(d); }
int64_t rank(Value v) { return cast<ShapedType>(v.getType()).getRank(); }
bool channelsFirst(edge::Layout layout) { return layout == edge::Layout::nchw; }

class ChannelGraph {
public:
  int fresh() {
    classes.insert(next);
    return next++;
  }
  Ids fresh(int64_t n) {
    Ids ids(n);
    for (int &id : ids)
      id = fresh();
    return ids;
  }
  int root(int id) const { return classes.getLeaderValue(id); }
  void unite(const Ids &a, const Ids &b) {
    for (size_t i = 0; i < a.size(); ++i)
      classes.unionSets(a[i], b[i]);
  }
  const Ids *of(Value v) const {
    auto it = ids.find(v);
    return it == ids.end() ? nullptr : &it->second;
  }
  void set(Value v, Ids i) { ids[v] = std::move(i); }
  void pin(Value v) {
    if (const Ids *i = of(v))
      pins.insert(pins.end(), i->begin(), i->end());
  }
  bool pinned(int rootId) const { return pinnedRoots.count(rootId); }
  void resolvePins() {
    for (int id : pins)
      pinnedRoots.insert(root(id));
  }
  const llvm::DenseMap<Value, Ids> &all() const { return ids; }

private:
  int next = 0;
  llvm::EquivalenceClasses<int> classes;
  llvm::DenseMap<Value, Ids> ids;
  Ids pins;
  llvm::DenseSet<int> pinnedRoots;
};

/// The channel axis of `operand` (aligned to the result's rank) when it broadcasts along the
/// channels of a rank-`rank` result, i.e. has the result's channel count there; -1 otherwise.
int64_t perChannelAxis(Value operand, int64_t resultRank, int64_t channels) {
  int64_t r = rank(operand), axis = 1 - (resultRank - r);
  if (axis < 0 || axis >= r || dim(operand, axis) != channels || channels == 1)
    return -1;
  return axis;
}

//===----------------------------------------------------------------------===//
// What a removed channel would have carried. Removing a channel whose filter is zero must not
// change the model, yet such a channel still outputs act(bias), and BatchNorm folding makes
// biases large. So each tracked channel also carries the constant it would hold with a zero
// filter (NaN where an op's effect on a constant is not modelled), and a consumer that loses
// the channel adds that constant times its weights to its bias. Borders of padded windows are
// ignored: there the compensation is approximate.
//===----------------------------------------------------------------------===//

using Constants = std::vector<double>;

double unaryValue(edge::UnaryKind kind, double x, double alpha, double beta) {
  switch (kind) {
  case edge::UnaryKind::relu: return std::max(x, 0.0);
  case edge::UnaryKind::clip: return std::min(std::max(x, alpha), beta);
  case edge::UnaryKind::sigmoid: return 1.0 / (1.0 + std::exp(-x));
  case edge::UnaryKind::tanh: return std::tanh(x);
  case edge::UnaryKind::leaky_relu: return x < 0 ? alpha * x : x;
  case edge::UnaryKind::neg: return -x;
  case edge::UnaryKind::hard_sigmoid: return std::min(std::max(alpha * x + beta, 0.0), 1.0);
  case edge::UnaryKind::hard_swish: return x * std::min(std::max(x / 6.0 + 0.5, 0.0), 1.0);
  default: return std::nan("");
  }
}

double activationValue(edge::ActivationKind kind, double x, double alpha, double beta) {
  switch (kind) {
  case edge::ActivationKind::none: return x;
  case edge::ActivationKind::relu: return unaryValue(edge::UnaryKind::relu, x, alpha, beta);
  case edge::ActivationKind::clip: return unaryValue(edge::UnaryKind::clip, x, alpha, beta);
  case edge::ActivationKind::sigmoid: return unaryValue(edge::UnaryKind::sigmoid, x, alpha, beta);
  case edge::ActivationKind::tanh: return unaryValue(edge::UnaryKind::tanh, x, alpha, beta);
  case edge::ActivationKind::leaky_relu: return unaryValue(edge::UnaryKind::leaky_relu, x, alpha, beta);
  case edge::ActivationKind::hard_sigmoid: return unaryValue(edge::UnaryKind::hard_sigmoid, x, alpha, beta);
  case edge::ActivationKind::hard_swish: return unaryValue(edge::UnaryKind::hard_swish, x, alpha, beta);
  }
  return std::nan("");
}

double binaryValue(edge::BinaryKind kind, double a, double b) {
  switch (kind) {
  case edge::BinaryKind::add: return a + b;
  case edge::BinaryKind::sub: return a - b;
  case edge::BinaryKind::mul: return a * b;
  case edge::BinaryKind::div: return b != 0 ? a / b : std::nan("");
  case edge::BinaryKind::min: return std::min(a, b);
  case edge::BinaryKind::max: return std::max(a, b);
  default: return std::nan("");
  }
}

/// The constants out of an op that keeps channels apart, from the constants in.
Constants constantsThrough(Operation *op, const Constants &in) {
  Constants out(in.size(), std::nan(""));
  if (auto unary = dyn_cast<edge::UnaryOp>(op)) {
    for (size_t i = 0; i < in.size(); ++i)
      out[i] = unaryValue(unary.getKind(), in[i], unary.getAlpha().convertToDouble(),
                          unary.getBeta().convertToDouble());
  } else if (auto bn = dyn_cast<edge::BatchNormOp>(op)) {
    auto gamma = weightValues(bn.getScale()), beta = weightValues(bn.getBias()), mean = weightValues(bn.getMean()),
         var = weightValues(bn.getVariance());
    double eps = bn.getEpsilon().convertToDouble();
    if (gamma && beta && mean && var && gamma->size() == in.size())
      for (size_t i = 0; i < in.size(); ++i)
        out[i] = (*gamma)[i] * (in[i] - (*mean)[i]) / std::sqrt((*var)[i] + eps) + (*beta)[i];
  } else if (auto reduce = dyn_cast<edge::ReduceOp>(op)) {
    auto kind = reduce.getKind();
    if (kind == edge::ReduceKind::mean || kind == edge::ReduceKind::max || kind == edge::ReduceKind::min)
      out = in;
  } else if (!isa<edge::SoftmaxOp>(op)) {
    out = in; // pooling, padding, resizing, slicing, identity and (de)quantization keep a constant
  }
  return out;
}

class Pruner {
public:
  Pruner(func::FuncOp func, const Request &request) : func(func), request(request) {}

  LogicalResult run(DictionaryAttr &report);

private:
  void visit(Operation *op);
  void passThrough(Operation *op, Value in, Value out) {
    if (const Ids *ids = graph.of(in)) {
      graph.set(out, *ids);
      constants[out] = constantsThrough(op, constants[in]);
    }
  }
  void addProducer(Operation *op, Value out, Value weight, int64_t weightAxis, Value bias);
  void follow(Operation *op, unsigned operand, int64_t axis, Value source) {
    if (graph.of(source))
      followers.push_back({op, operand, axis, source});
  }
  /// A layer that sums over the channels of `source` (its weight `operand` along `axis`).
  void consume(Operation *op, unsigned operand, int64_t axis, Value source) {
    follow(op, operand, axis, source);
    if (graph.of(source))
      consumers.push_back({op, operand, axis, source});
  }
  void compensate(const std::set<int> &removed);
  void pinOperands(Operation *op) {
    for (Value v : op->getOperands())
      graph.pin(v);
  }
  std::set<int> choose();
  void apply(const std::set<int> &removed);
  std::vector<int64_t> kept(Value v, const std::set<int> &removed) const {
    std::vector<int64_t> keep;
    const Ids &ids = *graph.of(v);
    for (size_t i = 0; i < ids.size(); ++i)
      if (!removed.count(graph.root(ids[i])))
        keep.push_back(static_cast<int64_t>(i));
    return keep;
  }

  func::FuncOp func;
  const Request &request;
  ChannelGraph graph;
  std::vector<Producer> producers;
  std::vector<Follower> followers;
  std::vector<edge::ConvOp> depthwise;
  std::vector<Follower> consumers;
  llvm::DenseMap<Value, Constants> constants;
};

void Pruner::addProducer(Operation *op, Value out, Value weight, int64_t weightAxis, Value bias) {
  Producer p{op, weight, bias, weightAxis, nodeName(op->getLoc()), graph.fresh(dim(out, 1)), {}, request.ratio};
  if (p.name.empty())
    p.name = "layer" + std::to_string(producers.size());
  auto values = weightValues(weight);
  auto shape = cast<ShapedType>(weight.getType()).getShape();
  p.saliency = channelNorms(*values, shape, weightAxis, request.l2);
  // The bias is part of the filter: a channel that still adds a constant is not a zero channel.
  if (auto b = bias ? weightValues(bias) : std::nullopt; b && b->size() == p.saliency.size())
    for (size_t c = 0; c < b->size(); ++c)
      p.saliency[c] = request.l2 ? std::hypot(p.saliency[c], (*b)[c]) : p.saliency[c] + std::fabs((*b)[c]);
  for (const std::string &name : {p.name, lastNodeName(op->getLoc())})
    if (auto it = request.layers.find(name); it != request.layers.end())
      p.ratio = it->second;
  if (request.keep.contains(p.name) || request.keep.contains(lastNodeName(op->getLoc())))
    p.ratio = 0;
  graph.set(out, p.ids);
  Constants zero(p.ids.size(), 0.0);
  if (auto b = bias ? weightValues(bias) : std::nullopt)
    for (size_t c = 0; c < zero.size(); ++c)
      zero[c] = (*b)[b->size() == 1 ? 0 : c];
  if (auto act = op->getAttrOfType<edge::ActivationKindAttr>("act"))
    for (double &v : zero)
      v = activationValue(act.getValue(), v, op->getAttrOfType<FloatAttr>("act_alpha").getValueAsDouble(),
                          op->getAttrOfType<FloatAttr>("act_beta").getValueAsDouble());
  constants[out] = zero;
  producers.push_back(std::move(p));
}

/// A bias or C operand that holds one value per output channel (or broadcasts as a scalar).
bool perChannelOrScalar(Value bias, int64_t channels) {
  if (!bias)
    return true;
  if (!isConstantWeight(bias))
    return false;
  auto shape = cast<ShapedType>(bias.getType()).getShape();
  int64_t n = cast<ShapedType>(bias.getType()).getNumElements();
  return n == 1 || (n == channels && shape.back() == channels);
}

void Pruner::visit(Operation *op) {
  llvm::TypeSwitch<Operation *>(op)
      .Case([&](edge::ConvOp conv) {
        Value in = conv.getInput(), out = conv.getOutput();
        bool nchw = channelsFirst(conv.getLayout()) && isConstantWeight(conv.getFilter());
        int64_t groups = conv.getGroup(), cin = dim(in, 1);
        if (nchw && groups > 1 && groups == cin && dim(out, 1) == cin &&
            (!conv.getBias() || isConstantWeight(conv.getBias()))) {
          // Depthwise: channel c in, channel c out.
          if (graph.of(in)) {
            graph.set(out, *graph.of(in));
            depthwise.push_back(conv);
            // Per channel: bias + constant x the sum of its taps.
            Constants c = constants[in];
            auto w = weightValues(conv.getFilter());
            auto b = conv.getBias() ? weightValues(conv.getBias()) : std::nullopt;
            int64_t taps = w ? static_cast<int64_t>(w->size()) / cin : 0;
            for (int64_t ch = 0; ch < cin; ++ch) {
              double sum = 0;
              for (int64_t t = 0; t < taps; ++t)
                sum += (*w)[ch * taps + t];
              c[ch] = w ? c[ch] * sum + (b ? (*b)[ch] : 0.0) : std::nan("");
            }
            constants[out] = c;
          }
          graph.pin(conv.getFilter());
          return;
        }
        if (nchw && groups == 1)
          consume(conv, 1, 1, in);
        else
          graph.pin(in);
        graph.pin(conv.getFilter());
        graph.pin(conv.getBias());
        if (nchw && groups == 1 && perChannelOrScalar(conv.getBias(), dim(out, 1)))
          addProducer(conv, out, conv.getFilter(), 0, conv.getBias());
      })
      .Case([&](edge::GemmOp gemm) {
        Value a = gemm.getA(), b = gemm.getB(), out = gemm.getOutput();
        bool fc = !gemm.getTransA() && isConstantWeight(b);
        if (fc)
          consume(gemm, 1, gemm.getTransB() ? 1 : 0, a);
        else
          graph.pin(a);
        graph.pin(b);
        graph.pin(gemm.getC());
        if (fc && perChannelOrScalar(gemm.getC(), dim(out, 1)))
          addProducer(gemm, out, b, gemm.getTransB() ? 0 : 1, gemm.getC());
      })
      .Case([&](edge::MatMulOp mm) {
        Value a = mm.getA(), b = mm.getB(), out = mm.getOutput();
        bool fc = rank(a) == 2 && rank(b) == 2 && isConstantWeight(b);
        if (fc)
          consume(mm, 1, 0, a);
        else
          graph.pin(a);
        graph.pin(b);
        if (fc)
          addProducer(mm, out, b, 1, Value());
      })
      .Case([&](edge::BinaryOp bin) {
        Value lhs = bin.getLhs(), rhs = bin.getRhs(), out = bin.getOutput();
        const Ids *l = graph.of(lhs), *r = graph.of(rhs);
        if (rank(out) < 2 || (!l && !r))
          return;
        int64_t channels = dim(out, 1);
        if (l && r && rank(lhs) == rank(out) && rank(rhs) == rank(out) && l->size() == r->size()) {
          graph.unite(*l, *r);
          graph.set(out, *l);
          Constants c(l->size());
          for (size_t i = 0; i < c.size(); ++i)
            c[i] = binaryValue(bin.getKind(), constants[lhs][i], constants[rhs][i]);
          constants[out] = c;
          return;
        }
        Value tracked = l ? lhs : rhs, other = l ? rhs : lhs;
        if (rank(tracked) != rank(out) || dim(tracked, 1) != channels) {
          pinOperands(bin);
          return;
        }
        graph.set(out, *graph.of(tracked));
        int64_t axis = perChannelAxis(other, rank(out), channels);
        {
          // The other operand as one value per channel (a scalar broadcasts).
          Constants c(channels, std::nan(""));
          auto v = isConstantWeight(other) ? weightValues(other) : std::nullopt;
          for (int64_t i = 0; v && i < channels; ++i) {
            double o = v->size() == 1 ? (*v)[0] : axis >= 0 && static_cast<int64_t>(v->size()) == channels ? (*v)[i]
                                                                                                         : std::nan("");
            double t = constants[tracked][i];
            c[i] = l ? binaryValue(bin.getKind(), t, o) : binaryValue(bin.getKind(), o, t);
          }
          constants[out] = c;
        }
        if (axis < 0)
          return;
        if (isConstantWeight(other))
          follow(bin, l ? 1 : 0, axis, tracked);
        else
          pinOperands(bin);
      })
      .Case([&](edge::BatchNormOp bn) {
        if (!channelsFirst(bn.getLayout()))
          return pinOperands(bn);
        for (unsigned i = 1; i < 5; ++i)
          if (!isConstantWeight(bn->getOperand(i)))
            return pinOperands(bn);
        passThrough(bn, bn.getInput(), bn.getOutput());
        for (unsigned i = 1; i < 5; ++i)
          follow(bn, i, 0, bn.getInput());
      })
      .Case([&](edge::PoolOp pool) {
        if (!channelsFirst(pool.getLayout()))
          return pinOperands(pool);
        passThrough(pool, pool.getInput(), pool.getOutput());
      })
      .Case([&](edge::GlobalPoolOp pool) {
        if (!channelsFirst(pool.getLayout()))
          return pinOperands(pool);
        passThrough(pool, pool.getInput(), pool.getOutput());
      })
      .Case([&](edge::SoftmaxOp sm) {
        int64_t axis = sm.getAxis() < 0 ? sm.getAxis() + rank(sm.getInput()) : sm.getAxis();
        if (axis == 1 || rank(sm.getInput()) < 2)
          return pinOperands(sm);
        passThrough(sm, sm.getInput(), sm.getOutput());
      })
      .Case([&](edge::PadOp pad) {
        auto pads = pad.getPads();
        int64_t r = rank(pad.getInput());
        if (r < 2 || pads[1] != 0 || pads[r + 1] != 0)
          return pinOperands(pad);
        passThrough(pad, pad.getInput(), pad.getOutput());
      })
      .Case([&](edge::ResizeOp resize) {
        if (rank(resize.getInput()) < 2 || dim(resize.getInput(), 1) != dim(resize.getOutput(), 1))
          return pinOperands(resize);
        passThrough(resize, resize.getInput(), resize.getOutput());
      })
      .Case([&](edge::ReduceOp reduce) {
        if (!reduce.getKeepdims() || llvm::is_contained(reduce.getAxes(), 1))
          return pinOperands(reduce);
        passThrough(reduce, reduce.getInput(), reduce.getOutput());
      })
      .Case([&](edge::SliceOp slice) {
        int64_t r = rank(slice.getInput());
        for (int64_t a : slice.getAxes())
          if ((a < 0 ? a + r : a) == 1)
            return pinOperands(slice);
        passThrough(slice, slice.getInput(), slice.getOutput());
      })
      .Case([&](edge::ConcatOp concat) {
        int64_t r = rank(concat.getOutput());
        int64_t axis = concat.getAxis() < 0 ? concat.getAxis() + r : concat.getAxis();
        bool any = llvm::any_of(concat.getInputs(), [&](Value v) { return graph.of(v); });
        if (!any)
          return;
        if (axis != 1)
          return pinOperands(concat);
        Ids ids;
        Constants c;
        for (Value in : concat.getInputs()) {
          // An untracked input keeps its channels: fresh pinned nodes stand for them.
          Ids part = graph.of(in) ? *graph.of(in) : graph.fresh(dim(in, 1));
          if (!graph.of(in)) {
            graph.set(in, part);
            graph.pin(in);
            constants[in] = Constants(part.size(), std::nan(""));
          }
          ids.insert(ids.end(), part.begin(), part.end());
          c.insert(c.end(), constants[in].begin(), constants[in].end());
        }
        graph.set(concat.getOutput(), ids);
        constants[concat.getOutput()] = c;
      })
      .Case([&](edge::ReshapeOp reshape) {
        Value in = reshape.getInput(), out = reshape.getOutput();
        const Ids *ids = graph.of(in);
        if (!ids)
          return;
        auto inShape = cast<ShapedType>(in.getType()).getShape();
        auto outShape = cast<ShapedType>(out.getType()).getShape();
        bool sameLead = inShape.size() >= 2 && outShape.size() >= 2 && inShape[0] == outShape[0];
        if (sameLead && outShape.size() == 2) {
          // Flatten: each channel becomes its block of spatial positions.
          int64_t block = outShape[1] / inShape[1];
          if (block * inShape[1] == outShape[1]) {
            Ids flat;
            Constants c;
            for (size_t i = 0; i < ids->size(); ++i) {
              flat.insert(flat.end(), block, (*ids)[i]);
              c.insert(c.end(), block, constants[in][i]);
            }
            graph.set(out, flat);
            constants[out] = c;
            return;
          }
        }
        bool unsqueeze = sameLead && inShape.size() == 2 && outShape[1] == inShape[1] &&
                         llvm::all_of(outShape.drop_front(2), [](int64_t d) { return d == 1; });
        if (unsqueeze)
          return passThrough(reshape, in, out);
        pinOperands(reshape);
      })
      .Case<edge::UnaryOp, edge::IdentityOp>([&](Operation *op) {
        passThrough(op, op->getOperand(0), op->getResult(0));
      })
      .Case<edge::QuantizeOp, edge::DequantizeOp, edge::StorageCastOp>([&](Operation *op) {
        // Per-tensor parameters only: per-axis activations would need their scales sliced too.
        auto perAxis = [](Value v) {
          return isa<quant::UniformQuantizedPerAxisType>(cast<ShapedType>(v.getType()).getElementType());
        };
        if (perAxis(op->getOperand(0)) || perAxis(op->getResult(0)))
          return pinOperands(op);
        passThrough(op, op->getOperand(0), op->getResult(0));
      })
      .Case<edge::ConstantOp>([](Operation *) {})
      .Default([&](Operation *op) { pinOperands(op); });
}

std::set<int> Pruner::choose() {
  graph.resolvePins();
  // Producers joined by a shared class of channels decide together.
  llvm::EquivalenceClasses<size_t> tied;
  llvm::DenseMap<int, size_t> ownerOf;
  std::map<int, double> saliency;
  for (size_t p = 0; p < producers.size(); ++p) {
    tied.insert(p);
    for (size_t c = 0; c < producers[p].ids.size(); ++c) {
      int r = graph.root(producers[p].ids[c]);
      saliency[r] += producers[p].saliency[c];
      auto [it, inserted] = ownerOf.try_emplace(r, p);
      if (!inserted)
        tied.unionSets(it->second, p);
    }
  }
  std::set<int> removed;
  for (auto it = tied.begin(); it != tied.end(); ++it) {
    if (!it->isLeader())
      continue;
    std::vector<size_t> members(tied.member_begin(it), tied.member_end());
    double ratio = 1.0;
    for (size_t p : members)
      ratio = std::min(ratio, producers[p].ratio);
    if (ratio <= 0)
      continue;
    // Classes in first-seen order, so equal saliencies break ties by position.
    std::vector<int> classes;
    std::map<int, std::vector<size_t>> producersOf;
    for (size_t p : members)
      for (int id : producers[p].ids) {
        int r = graph.root(id);
        if (!producersOf.count(r))
          classes.push_back(r);
        producersOf[r].push_back(p);
      }
    size_t want = static_cast<size_t>(std::floor(ratio * classes.size() + 1e-9));
    std::stable_sort(classes.begin(), classes.end(), [&](int a, int b) { return saliency[a] < saliency[b]; });
    std::map<size_t, int64_t> left;
    for (size_t p : members)
      left[p] = static_cast<int64_t>(producers[p].ids.size());
    size_t taken = 0;
    for (int r : classes) {
      if (taken == want)
        break;
      if (graph.pinned(r))
        continue;
      // Every layer keeps at least one channel.
      if (llvm::any_of(producersOf[r], [&](size_t p) { return left[p] <= 1; }))
        continue;
      for (size_t p : producersOf[r])
        --left[p];
      removed.insert(r);
      ++taken;
    }
  }
  return removed;
}

void Pruner::compensate(const std::set<int> &removed) {
  OpBuilder b(func.getContext());
  for (const Follower &c : consumers) {
    Value weight = c.op->getOperand(c.operand);
    const Ids &ids = *graph.of(c.source);
    const Constants &values = constants[c.source];
    auto w = weightValues(weight);
    auto shape = cast<ShapedType>(weight.getType()).getShape();
    // Only float weights and biases: a QDQ model's int32 bias would need requantizing.
    auto isFloat = [](Value v) { return !v || cast<ShapedType>(v.getType()).getElementType().isF32(); };
    auto gemm = dyn_cast<edge::GemmOp>(c.op);
    auto conv = dyn_cast<edge::ConvOp>(c.op);
    Value bias = conv ? conv.getBias() : gemm ? gemm.getC() : Value();
    if (!w || (!conv && !gemm) || !isFloat(weight) || !isFloat(bias) || (bias && !isConstantWeight(bias)))
      continue;
    // delta[o] = sum over removed positions p of value[p] x (the weights joining p to output o).
    int64_t outputs = conv ? shape[0] : (gemm.getTransB() ? shape[0] : shape[1]);
    std::vector<double> delta(outputs, 0.0);
    bool any = false;
    for (size_t p = 0; p < ids.size(); ++p) {
      double v = values.size() > p ? values[p] : std::nan("");
      if (!removed.count(graph.root(ids[p])) || !std::isfinite(v) || v == 0)
        continue;
      any = true;
      if (conv) {
        int64_t in = shape[1], taps = static_cast<int64_t>(w->size()) / (outputs * in);
        for (int64_t o = 0; o < outputs; ++o)
          for (int64_t t = 0; t < taps; ++t)
            delta[o] += v * (*w)[(o * in + static_cast<int64_t>(p)) * taps + t];
      } else {
        int64_t k = gemm.getTransB() ? shape[1] : shape[0];
        for (int64_t n = 0; n < outputs; ++n)
          delta[n] += v * (gemm.getTransB() ? (*w)[n * k + p] : (*w)[p * outputs + n]);
      }
    }
    if (!any)
      continue;
    double scale = 1.0;
    if (gemm) {
      double beta = bias ? gemm.getBeta().convertToDouble() : 1.0;
      if (beta == 0)
        continue;
      scale = gemm.getAlpha().convertToDouble() / beta;
    }
    std::vector<double> sum(outputs, 0.0);
    if (bias) {
      auto old = weightValues(bias);
      if (!old || (old->size() != 1 && static_cast<int64_t>(old->size()) != outputs))
        continue;
      for (int64_t o = 0; o < outputs; ++o)
        sum[o] = (*old)[old->size() == 1 ? 0 : o];
    }
    for (int64_t o = 0; o < outputs; ++o)
      sum[o] += scale * delta[o];
    b.setInsertionPoint(c.op);
    auto type = RankedTensorType::get({outputs}, b.getF32Type());
    std::string name = nodeName(c.op->getLoc());
    Value compensated = b.create<edge::ConstantOp>(
        c.op->getLoc(), type, makeConstantFromDoubles(type, sum, (name.empty() ? "bias" : name) + ".compensated"));
    if (conv && conv.getBias())
      conv.getBiasMutable().assign(compensated);
    else if (conv)
      conv.getBiasMutable().append(compensated);
    else if (gemm.getC())
      gemm.getCMutable().assign(compensated);
    else {
      gemm.getCMutable().append(compensated);
      gemm.setBetaAttr(b.getF32FloatAttr(1.0f));
    }
    // A consumer that is also a producer slices this bias with its own channels.
    for (Producer &p : producers)
      if (p.op == c.op)
        p.bias = compensated;
  }
}

void Pruner::apply(const std::set<int> &removed) {
  OpBuilder b(func.getContext());
  auto replaceOperand = [&](Operation *op, unsigned index, int64_t axis, ArrayRef<int64_t> keep) {
    if (static_cast<int64_t>(keep.size()) == dim(op->getOperand(index), axis))
      return;
    b.setInsertionPoint(op);
    op->setOperand(index, keepChannels(b, op->getOperand(index), axis, keep));
  };
  // Producers first: they find their weight by value, before a follower edit replaces it.
  for (const Producer &p : producers) {
    std::vector<int64_t> keep = kept(p.op->getResult(0), removed);
    if (keep.size() == p.ids.size())
      continue;
    for (unsigned i = 0; i < p.op->getNumOperands(); ++i) {
      Value v = p.op->getOperand(i);
      if (v == p.weight)
        replaceOperand(p.op, i, p.weightAxis, keep);
      else if (v && v == p.bias && cast<ShapedType>(v.getType()).getNumElements() > 1)
        replaceOperand(p.op, i, rank(v) - 1, keep);
    }
  }
  for (const Follower &f : followers)
    replaceOperand(f.op, f.operand, f.axis, kept(f.source, removed));
  for (edge::ConvOp conv : depthwise) {
    std::vector<int64_t> keep = kept(conv.getInput(), removed);
    replaceOperand(conv, 1, 0, keep);
    if (conv.getBias())
      replaceOperand(conv, 2, 0, keep);
    conv.setGroup(static_cast<int64_t>(keep.size()));
  }
  // Every tracked value takes its new channel count; nothing else changes shape.
  for (auto [value, ids] : graph.all()) {
    std::vector<int64_t> keep = kept(value, removed);
    if (keep.size() == ids.size())
      continue;
    auto type = cast<RankedTensorType>(value.getType());
    SmallVector<int64_t> shape(type.getShape());
    shape[1] = static_cast<int64_t>(keep.size());
    value.setType(RankedTensorType::get(shape, type.getElementType()));
  }
  // The replaced weights.
  SmallVector<Operation *> dead;
  func.walk([&](Operation *op) {
    if (isa<edge::ConstantOp, edge::StorageCastOp, edge::DequantizeOp>(op) && op->use_empty())
      dead.push_back(op);
  });
  while (!dead.empty()) {
    Operation *op = dead.pop_back_val();
    SmallVector<Value> operands(op->getOperands());
    op->erase();
    for (Value v : operands)
      if (Operation *def = v.getDefiningOp(); def && def->use_empty() && isa<edge::ConstantOp, edge::StorageCastOp>(def))
        dead.push_back(def);
  }
}

/// Parameters (constant elements) and MACs of a function's graph.
std::pair<int64_t, int64_t> paramsAndMacs(func::FuncOp func) {
  int64_t params = 0, macs = 0;
  func.walk([&](Operation *op) {
    if (isa<edge::ConstantOp>(op))
      params += cast<ShapedType>(op->getResult(0).getType()).getNumElements();
    macs += edge::graphMacs(op);
  });
  return {params, macs};
}

LogicalResult Pruner::run(DictionaryAttr &report) {
  for (Operation &op : func.getBody().front()) {
    if (isa<func::ReturnOp>(op))
      pinOperands(&op);
    else
      visit(&op);
  }
  llvm::StringSet<> known;
  for (const Producer &p : producers) {
    known.insert(p.name);
    known.insert(lastNodeName(p.op->getLoc()));
  }
  for (const auto &entry : request.layers)
    if (!known.contains(entry.getKey()))
      return func.emitError() << "--prune-channels names '" << entry.getKey()
                              << "', which is not a prunable Conv, Gemm or MatMul layer of this model";
  for (const auto &entry : request.keep)
    if (!known.contains(entry.getKey()))
      return func.emitError() << "--prune-keep names '" << entry.getKey()
                              << "', which is not a prunable Conv, Gemm or MatMul layer of this model";

  auto [paramsBefore, macsBefore] = paramsAndMacs(func);
  std::vector<int64_t> before;
  for (const Producer &p : producers)
    before.push_back(static_cast<int64_t>(p.ids.size()));
  std::set<int> removed = choose();
  compensate(removed);
  apply(removed);
  auto [paramsAfter, macsAfter] = paramsAndMacs(func);

  Builder b(func.getContext());
  SmallVector<Attribute> layers;
  int64_t channelsBefore = 0, channelsAfter = 0;
  for (size_t i = 0; i < producers.size(); ++i) {
    const Producer &p = producers[i];
    int64_t after = dim(p.op->getResult(0), 1);
    SmallVector<int64_t> gone;
    for (size_t c = 0; c < p.ids.size(); ++c)
      if (removed.count(graph.root(p.ids[c])))
        gone.push_back(static_cast<int64_t>(c));
    bool pinned = llvm::all_of(p.ids, [&](int id) { return graph.pinned(graph.root(id)); });
    channelsBefore += before[i];
    channelsAfter += after;
    layers.push_back(b.getDictionaryAttr({
        b.getNamedAttr("name", b.getStringAttr(p.name)),
        b.getNamedAttr("op", b.getStringAttr(p.op->getName().stripDialect())),
        b.getNamedAttr("channels_before", b.getI64IntegerAttr(before[i])),
        b.getNamedAttr("channels_after", b.getI64IntegerAttr(after)),
        b.getNamedAttr("removed", b.getDenseI64ArrayAttr(gone)),
        b.getNamedAttr("pinned", b.getBoolAttr(pinned)),
    }));
  }
  report = b.getDictionaryAttr({
      b.getNamedAttr("criterion", b.getStringAttr(request.l2 ? "l2" : "l1")),
      b.getNamedAttr("ratio", b.getF64FloatAttr(request.ratio)),
      b.getNamedAttr("layers", b.getArrayAttr(layers)),
      b.getNamedAttr("channels_before", b.getI64IntegerAttr(channelsBefore)),
      b.getNamedAttr("channels_after", b.getI64IntegerAttr(channelsAfter)),
      b.getNamedAttr("params_before", b.getI64IntegerAttr(paramsBefore)),
      b.getNamedAttr("params_after", b.getI64IntegerAttr(paramsAfter)),
      b.getNamedAttr("macs_before", b.getI64IntegerAttr(macsBefore)),
      b.getNamedAttr("macs_after", b.getI64IntegerAttr(macsAfter)),
  });
  return success();
}

struct EdgePruneChannelsPass : impl::EdgePruneChannelsBase<EdgePruneChannelsPass> {
  using EdgePruneChannelsBase::EdgePruneChannelsBase;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    Request request;
    request.ratio = ratio;
    request.l2 = criterion == "l2";
    auto spec = module->getAttrOfType<DictionaryAttr>("edgec.prune");
    if (spec) {
      if (auto r = spec.getAs<FloatAttr>("ratio"))
        request.ratio = r.getValueAsDouble();
      if (auto c = spec.getAs<StringAttr>("criterion"))
        request.l2 = c.getValue() == "l2";
      if (auto layers = spec.getAs<DictionaryAttr>("layers"))
        for (NamedAttribute entry : layers)
          if (auto r = dyn_cast<FloatAttr>(entry.getValue()))
            request.layers[entry.getName().getValue()] = r.getValueAsDouble();
      if (auto keep = spec.getAs<ArrayAttr>("keep"))
        for (auto name : keep.getAsRange<StringAttr>())
          request.keep.insert(name.getValue());
    }
    // Asked (the module's request, even one removing nothing: it reports the prunable
    // layers) or given a ratio.
    if (!spec && request.ratio <= 0)
      return;
    for (auto func : module.getOps<func::FuncOp>()) {
      if (func.isExternal())
        continue;
      DictionaryAttr report;
      if (failed(Pruner(func, request).run(report)))
        return signalPassFailure();
      module->setAttr("edgec.pruning", report);
    }
  }
};

} // namespace
} // namespace edgec
