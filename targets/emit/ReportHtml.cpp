// report.html: report.json drawn as one self-contained page (inline CSS and SVG, no scripts).
//
// The page is XHTML (well-formed XML) so that tests read it with an XML parser, and a pure
// function of the JSON text: numbers are printed with fixed formats, nothing depends on the
// time or on hash order (object keys are visited in a fixed or sorted order).
#include "targets/emit/ReportHtml.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/JSON.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <vector>

namespace edgec {
namespace {

using llvm::StringRef;
using llvm::json::Array;
using llvm::json::Object;
using llvm::json::Value;

// ---- Geometry (px) shared by the charts. The two charts share the x mapping, so a layer's
// bar sits under the calls it belongs to in the lifetime picture.
constexpr double kWidth = 1000, kX0 = 78, kRight = 22;
constexpr double kTop = 16, kPlotHeight = 240, kBottom = 40;
constexpr double kMinHeight = 1;                      // a tensor box is at least 1 px tall
constexpr double kBarInset = 0.1, kBarWidth = 0.8;    // a bar's place within its call
const char *const kPalette[] = {"#4e79a7", "#f28e2b", "#59a14f", "#b07aa1",
                                "#76b7b2", "#e15759", "#edc948", "#9c755f"};

// ---- Text.

/// XML-escaped text; characters XML 1.0 cannot hold at all (C0 controls but tab/LF/CR,
/// U+FFFE, U+FFFF) become U+FFFD.
std::string esc(StringRef s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    switch (c) {
    case '&': out += "&amp;"; break;
    case '<': out += "&lt;"; break;
    case '>': out += "&gt;"; break;
    case '"': out += "&quot;"; break;
    case '\'': out += "&#39;"; break;
    default:
      if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
        out += "&#65533;";
      } else if (c == 0xEF && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0xBF &&
                 (static_cast<unsigned char>(s[i + 2]) & 0xFE) == 0xBE) {
        out += "&#65533;";
        i += 2;
      } else {
        out += static_cast<char>(c);
      }
    }
  }
  return out;
}

std::string fmt(const char *format, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, format, v);
  return buf;
}

/// A coordinate: three decimals.
std::string px(double v) { return fmt("%.3f", std::abs(v) < 0.0005 ? 0.0 : v); }

/// A mapping constant, rounded to what its printed form says (so that a reader recomputing
/// coordinates from the printed constants gets the same numbers).
double roundTrip(double v) { return std::strtod(fmt("%.12g", v).c_str(), nullptr); }

/// `v` with at most `decimals` decimals, trailing zeros dropped.
std::string trimmed(double v, int decimals) {
  char format[16];
  std::snprintf(format, sizeof format, "%%.%df", decimals);
  std::string s = fmt(format, v);
  if (s.find('.') != std::string::npos) {
    while (s.back() == '0')
      s.pop_back();
    if (s.back() == '.')
      s.pop_back();
  }
  return s;
}

/// 1234567 -> "1,234,567".
std::string grouped(int64_t v) {
  unsigned long long magnitude =
      v < 0 ? 0ull - static_cast<unsigned long long>(v) : static_cast<unsigned long long>(v);
  std::string digits = std::to_string(magnitude);
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i && (digits.size() - i) % 3 == 0)
      out += ',';
    out += digits[i];
  }
  return v < 0 ? "-" + out : out;
}

std::string bytesText(int64_t b) {
  double v = static_cast<double>(b);
  if (std::abs(v) >= 1024.0 * 1024.0)
    return trimmed(v / (1024.0 * 1024.0), 2) + " MiB";
  if (std::abs(v) >= 1024.0)
    return trimmed(v / 1024.0, 1) + " KiB";
  return std::to_string(b) + " B";
}

std::string countText(int64_t n) {
  double v = static_cast<double>(n);
  if (std::abs(v) >= 1e9)
    return trimmed(v / 1e9, 2) + " G";
  if (std::abs(v) >= 1e6)
    return trimmed(v / 1e6, 2) + " M";
  if (std::abs(v) >= 1e3)
    return trimmed(v / 1e3, 1) + " k";
  return std::to_string(n);
}

// ---- JSON access that tolerates absent keys and odd types.

std::optional<int64_t> intOf(const Value *v) {
  if (!v)
    return std::nullopt;
  if (auto i = v->getAsInteger())
    return *i;
  if (auto d = v->getAsNumber())
    if (std::isfinite(*d) && std::abs(*d) < 9e18)
      return static_cast<int64_t>(*d);
  return std::nullopt;
}
std::optional<int64_t> intOf(const Object *o, StringRef key) { return o ? intOf(o->get(key)) : std::nullopt; }
std::optional<std::string> strOf(const Object *o, StringRef key) {
  if (!o)
    return std::nullopt;
  if (auto s = o->getString(key))
    return s->str();
  return std::nullopt;
}
const Object *objOf(const Object *o, StringRef key) { return o ? o->getObject(key) : nullptr; }
const Array *arrOf(const Object *o, StringRef key) { return o ? o->getArray(key) : nullptr; }

/// A scalar JSON value as text (numbers as integers when they are), or nothing.
std::optional<std::string> scalarText(const Value &v) {
  if (auto s = v.getAsString())
    return s->str();
  if (auto i = v.getAsInteger())
    return grouped(*i);
  if (auto d = v.getAsNumber())
    return trimmed(*d, 6);
  if (auto b = v.getAsBoolean())
    return std::string(*b ? "true" : "false");
  return std::nullopt;
}

// ---- The model of the page.

struct Entry {
  std::string tensor, pool;
  int64_t offset = 0, size = 0, first = 0, last = 0;
};

struct Pool {
  std::string name;
  int64_t size = 0, extent = 0; // declared size; highest offset + size of its tensors
  const Object *info = nullptr; // its memory.pools entry, if any
  std::vector<size_t> entries;  // indices into the timeline
  std::string color;
};

struct Layer {
  std::string name, op, kernel, dtype;
  std::optional<int64_t> macs, bytes, workingSet;
  std::string poolTraffic; // "sram 12,288 / tcm 4,096": bytes read + written per pool
};

/// `hex` (#rrggbb) mixed with white by `t` in [0, 1].
std::string tint(const std::string &hex, double t) {
  unsigned rgb = static_cast<unsigned>(std::strtoul(hex.c_str() + 1, nullptr, 16));
  char buf[8];
  auto mix = [&](unsigned c) { return static_cast<unsigned>(std::lround(c + (255 - c) * t)); };
  std::snprintf(buf, sizeof buf, "#%02x%02x%02x", mix((rgb >> 16) & 255), mix((rgb >> 8) & 255),
                mix(rgb & 255));
  return buf;
}

/// The smallest of {1, 2, 2.5, 5} x 10^k that is >= v (v > 0).
double niceAtLeast(double v) {
  double p = std::pow(10.0, std::floor(std::log10(v)));
  for (double m : {1.0, 2.0, 2.5, 5.0, 10.0})
    if (m * p >= v * (1 - 1e-9))
      return m * p;
  return 10 * p;
}

class Page {
public:
  explicit Page(const Object &report) : report(report) {}
  std::string render();

private:
  const Object &report;
  std::vector<Entry> timeline;
  std::vector<Pool> pools;
  std::vector<Layer> layers;
  int64_t calls = 1;
  std::vector<int64_t> live; // bytes of timeline entries live at each call
  std::string out;

  void collect();
  Pool *poolNamed(const std::string &name);
  int64_t liveAt(int64_t call) const;
  int64_t layerBytes(size_t i) const {
    return layers[i].workingSet ? *layers[i].workingSet : liveAt(static_cast<int64_t>(i));
  }

  void header();
  void lifetime();
  void lifetimePanel(const Pool &pool);
  void workingSet();
  void layerTable();
  void xAxis(double ppc, double y0);
  void yAxis(double scale, double ppb, double y0);
};

Pool *Page::poolNamed(const std::string &name) {
  for (Pool &p : pools)
    if (p.name == name)
      return &p;
  return nullptr;
}

void Page::collect() {
  const Object *memory = objOf(&report, "memory");
  if (const Array *ps = arrOf(memory, "pools"))
    for (const Value &v : *ps)
      if (const Object *o = v.getAsObject()) {
        Pool p;
        p.name = strOf(o, "name").value_or("arena");
        if (poolNamed(p.name))
          continue;
        p.size = std::max<int64_t>(0, intOf(o, "size").value_or(0));
        p.info = o;
        pools.push_back(std::move(p));
      }
  if (const Array *t = arrOf(memory, "timeline"))
    for (const Value &v : *t) {
      const Object *o = v.getAsObject();
      Entry e;
      e.tensor = strOf(o, "tensor").value_or("");
      e.pool = strOf(o, "pool").value_or("arena");
      e.offset = intOf(o, "offset").value_or(0);
      e.size = intOf(o, "size").value_or(0);
      e.first = intOf(o, "first").value_or(0);
      e.last = intOf(o, "last").value_or(e.first);
      Pool *p = poolNamed(e.pool);
      if (!p) {
        pools.push_back(Pool{e.pool});
        p = &pools.back();
      }
      p->extent = std::max(p->extent, e.offset + e.size);
      p->entries.push_back(timeline.size());
      calls = std::max(calls, e.last + 1);
      timeline.push_back(std::move(e));
    }
  for (auto [i, p] : llvm::enumerate(pools))
    p.color = kPalette[i % std::size(kPalette)];
  if (const Array *ls = arrOf(&report, "layers"))
    for (const Value &v : *ls) {
      const Object *o = v.getAsObject();
      Layer l;
      l.name = strOf(o, "name").value_or("");
      l.op = strOf(o, "op").value_or("");
      l.kernel = strOf(o, "kernel").value_or("");
      l.dtype = strOf(o, "dtype").value_or("");
      l.macs = intOf(o, "macs");
      l.bytes = intOf(o, "bytes");
      if (const Object *traffic = o ? o->getObject("pool_traffic") : nullptr) {
        std::vector<std::string> pools;
        for (const auto &kv : *traffic)
          pools.push_back(kv.first.str());
        std::sort(pools.begin(), pools.end()); // JSON objects have no order: make the page deterministic
        for (const std::string &pool : pools) {
          const Object *rw = traffic->getObject(pool);
          int64_t moved = intOf(rw, "read").value_or(0) + intOf(rw, "written").value_or(0);
          l.poolTraffic += (l.poolTraffic.empty() ? "" : " / ") + pool + " " + grouped(moved);
        }
      }
      // The arena bytes live during the call (what the plan must hold), else what it touches.
      auto live = intOf(o, "live_bytes");
      l.workingSet = live ? live : intOf(o, "working_set_bytes");
      layers.push_back(std::move(l));
    }
  calls = std::max<int64_t>(calls, static_cast<int64_t>(layers.size()));
  // A hostile or broken report must not make the page enormous.
  calls = std::min<int64_t>(calls, 1 << 20);
  // Bytes live at each call (first <= call <= last): a difference array, linear in the report.
  std::vector<int64_t> delta(calls + 1, 0);
  for (const Entry &e : timeline) {
    int64_t first = std::max<int64_t>(e.first, 0), last = std::min<int64_t>(e.last, calls - 1);
    if (first <= last) {
      delta[first] += e.size;
      delta[last + 1] -= e.size;
    }
  }
  live.assign(calls, 0);
  int64_t running = 0;
  for (int64_t i = 0; i < calls; ++i)
    live[i] = running += delta[i];
}

int64_t Page::liveAt(int64_t call) const {
  return call >= 0 && call < static_cast<int64_t>(live.size()) ? live[call] : 0;
}

const char *kStyle = R"css(
body{margin:0;padding:28px 32px;background:#f5f7fa;color:#1f2933;
  font-family:-apple-system,BlinkMacSystemFont,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;font-size:14px}
main{max-width:1040px;margin:0 auto}
h1{font-size:22px;font-weight:600;margin:0 0 4px}
h1 .model{color:#334e68}
.sub{color:#616e7c;margin:0 0 20px}
h2{font-size:15px;font-weight:600;margin:0 0 6px}
h3{font-size:13px;font-weight:600;margin:14px 0 2px;color:#334e68}
.note{color:#616e7c;font-size:12px;margin:0 0 10px}
.cards{display:flex;flex-wrap:wrap;gap:12px;margin:0 0 20px}
.card{background:#fff;border:1px solid #e4e7eb;border-radius:8px;padding:10px 16px;min-width:118px}
.card .k{font-size:11px;text-transform:uppercase;letter-spacing:.06em;color:#7b8794}
.card .v{font-size:19px;font-weight:600;margin-top:2px}
.card .d{font-size:11px;color:#7b8794;margin-top:1px}
section{background:#fff;border:1px solid #e4e7eb;border-radius:8px;padding:16px 20px;margin:0 0 20px}
.legend{display:flex;flex-wrap:wrap;gap:18px;margin:0 0 6px;font-size:12px;color:#3e4c59}
.sw{display:inline-block;width:11px;height:11px;border-radius:2px;margin-right:6px;vertical-align:-1px}
svg{display:block;max-width:100%;height:auto}
svg text{font-size:11px;fill:#616e7c}
svg text.axis-title{fill:#3e4c59;font-weight:600}
.grid{stroke:#edf0f3;stroke-width:1}
.axis{stroke:#9aa5b1;stroke-width:1}
.frame{fill:#fbfcfd;stroke:none}
.pool-top{stroke:#9aa5b1;stroke-width:1;stroke-dasharray:3 3}
rect.tensor{stroke:#ffffff;stroke-width:.5}
rect.tensor:hover{stroke:#1f2933;stroke-width:1.5}
rect.layer-bar{fill:#9fb3c8}
rect.layer-bar.peak{fill:#486581}
rect.layer-bar:hover{fill:#f0b429}
line.arena{stroke:#d64545;stroke-width:1.5;stroke-dasharray:6 4}
line.lower-bound{stroke:#27ab83;stroke-width:1.5;stroke-dasharray:2 3}
text.arena{fill:#d64545}
text.lower-bound{fill:#199473}
table{border-collapse:collapse;width:100%;font-size:12px}
th,td{padding:4px 8px;border-bottom:1px solid #f0f2f5;text-align:left;vertical-align:top}
th{color:#7b8794;font-weight:600;font-size:11px;text-transform:uppercase;letter-spacing:.04em;border-bottom:1px solid #d9e2ec}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
tr:hover td{background:#f5f7fa}
code,td.mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:11.5px}
summary{cursor:pointer;font-weight:600;font-size:15px}
footer{color:#9aa5b1;font-size:11px;text-align:center;margin-top:8px}
)css";

void Page::header() {
  std::string model = strOf(&report, "model").value_or("");
  out += "<h1>Memory report";
  if (!model.empty())
    out += " &#8212; <span class=\"model\">" + esc(model) + "</span>";
  out += "</h1>\n<p class=\"sub\">";
  if (auto target = strOf(&report, "target"))
    out += "target <b>" + esc(*target) + "</b> &#183; ";
  out += std::to_string(layers.size()) + " kernel calls &#183; " + std::to_string(timeline.size()) +
         " planned tensors</p>\n<div class=\"cards\">\n";
  auto card = [&](StringRef key, const std::string &value, const std::string &detail) {
    out += "<div class=\"card\"><div class=\"k\">" + esc(key) + "</div><div class=\"v\">" + esc(value) +
           "</div>";
    if (!detail.empty())
      out += "<div class=\"d\">" + esc(detail) + "</div>";
    out += "</div>\n";
  };
  const Object *totals = objOf(&report, "totals");
  if (auto v = intOf(totals, "macs"))
    card("MACs", countText(*v), grouped(*v));
  if (auto v = intOf(totals, "params"))
    card("Parameters", countText(*v), grouped(*v));
  if (auto v = intOf(totals, "weights_bytes"))
    card("Weights", bytesText(*v), grouped(*v) + " bytes");
  const Object *memory = objOf(&report, "memory");
  auto arena = intOf(memory, "arena_bytes"), lower = intOf(memory, "lower_bound_bytes");
  if (arena)
    card("Arena", bytesText(*arena), grouped(*arena) + " bytes");
  if (lower)
    card("Lower bound", bytesText(*lower), grouped(*lower) + " bytes");
  if (arena && lower && *lower > 0)
    card("Arena / bound", fmt("%.3f", static_cast<double>(*arena) / static_cast<double>(*lower)) + "x",
         *arena == *lower ? "optimal" : "+" + bytesText(*arena - *lower) + " over");
  if (const Object *q = objOf(&report, "quantization")) {
    std::string mode = strOf(q, "mode").value_or("int8");
    std::string detail;
    auto integer = intOf(q, "integer_macs");
    auto macs = intOf(totals, "macs");
    if (integer && macs && *macs > 0)
      detail = fmt("%.1f", 100.0 * static_cast<double>(*integer) / static_cast<double>(*macs)) +
               "% of MACs in integer";
    else if (integer)
      detail = grouped(*integer) + " integer MACs";
    card("Quantization", mode, detail);
  }
  // Bare-metal targets: the model code's flash and RAM, measured with the core's compiler.
  if (const Object *fw = objOf(&report, "firmware"); fw && fw->getBoolean("measured") == std::optional<bool>(true)) {
    auto capacity = [&](StringRef key) {
      auto v = intOf(fw, key);
      return v && *v > 0 ? " of " + bytesText(*v) : std::string();
    };
    if (auto flash = intOf(fw, "flash_bytes"))
      card("Flash", bytesText(*flash), grouped(*flash) + " bytes" + capacity("flash_capacity"));
    if (auto ram = intOf(fw, "ram_bytes"))
      card("RAM", bytesText(*ram),
           grouped(*ram) + " bytes" + capacity("ram_capacity") + ", stack " +
               grouped(intOf(fw, "stack_bytes").value_or(0)));
  }
  out += "</div>\n";
}

void Page::xAxis(double ppc, double y0) {
  // Ticks at a 1-2-5 step that leaves at least ~36 px between labels, centred on their call.
  int64_t step = 1;
  for (int64_t m = 1; step * ppc < 36; m *= 10) {
    for (int64_t s : {1 * m, 2 * m, 5 * m})
      if (s * ppc >= 36) {
        step = s;
        break;
      }
    if (step * ppc < 36)
      step = 10 * m;
  }
  for (int64_t i = 0; i < calls; i += step) {
    double x = kX0 + (static_cast<double>(i) + 0.5) * ppc;
    out += "<line class=\"axis\" x1=\"" + px(x) + "\" y1=\"" + px(y0) + "\" x2=\"" + px(x) + "\" y2=\"" +
           px(y0 + 4) + "\"/><text x=\"" + px(x) + "\" y=\"" + px(y0 + 16) +
           "\" text-anchor=\"middle\">" + std::to_string(i) + "</text>\n";
  }
  out += "<line class=\"axis\" x1=\"" + px(kX0) + "\" y1=\"" + px(y0) + "\" x2=\"" + px(kWidth - kRight) +
         "\" y2=\"" + px(y0) + "\"/>\n<text class=\"axis-title\" x=\"" + px(kWidth - kRight) + "\" y=\"" +
         px(y0 + 32) + "\" text-anchor=\"end\">kernel call &#8594;</text>\n";
}

void Page::yAxis(double scale, double ppb, double y0) {
  double unit = scale >= 1024.0 * 1024.0 ? 1024.0 * 1024.0 : scale >= 1024.0 ? 1024.0 : 1.0;
  const char *unitName = unit > 1024.0 ? " MiB" : unit > 1.0 ? " KiB" : " B";
  double step = niceAtLeast(scale / unit / 6.0) * unit;
  if (unit == 1.0)
    step = std::max(1.0, std::round(step));
  for (int k = 0; k * step <= scale * (1 + 1e-9) && k < 100; ++k) {
    double y = y0 - k * step * ppb;
    out += "<line class=\"grid\" x1=\"" + px(kX0) + "\" y1=\"" + px(y) + "\" x2=\"" + px(kWidth - kRight) +
           "\" y2=\"" + px(y) + "\"/><text x=\"" + px(kX0 - 8) + "\" y=\"" + px(y + 4) +
           "\" text-anchor=\"end\">" + trimmed(k * step / unit, 2) + unitName + "</text>\n";
  }
  out += "<line class=\"axis\" x1=\"" + px(kX0) + "\" y1=\"" + px(kTop) + "\" x2=\"" + px(kX0) + "\" y2=\"" +
         px(y0) + "\"/>\n";
}

void Page::lifetimePanel(const Pool &pool) {
  int64_t scale = std::max<int64_t>({pool.size, pool.extent, 1});
  double ppc = roundTrip((kWidth - kX0 - kRight) / static_cast<double>(calls));
  double ppb = roundTrip(kPlotHeight / static_cast<double>(scale));
  double y0 = kTop + kPlotHeight, height = y0 + kBottom;
  out += "<h3><span class=\"sw\" style=\"background:" + pool.color + "\"></span>" + esc(pool.name) + " &#8212; " +
         bytesText(pool.info ? pool.size : pool.extent) + ", " + std::to_string(pool.entries.size()) +
         (pool.entries.size() == 1 ? " tensor" : " tensors") + "</h3>\n";
  out += "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"lifetime\" width=\"" + px(kWidth) +
         "\" height=\"" + px(height) + "\" viewBox=\"0 0 " + px(kWidth) + " " + px(height) +
         "\" data-pool=\"" + esc(pool.name) + "\" data-pool-size=\"" + std::to_string(pool.size) +
         "\" data-calls=\"" + std::to_string(calls) + "\" data-x0=\"" + fmt("%.12g", kX0) +
         "\" data-px-per-call=\"" + fmt("%.12g", ppc) + "\" data-y0=\"" + fmt("%.12g", y0) +
         "\" data-px-per-byte=\"" + fmt("%.12g", ppb) + "\" data-min-height=\"" + fmt("%.12g", kMinHeight) +
         "\" role=\"img\">\n<title>" + esc(pool.name) + ": tensor lifetimes (kernel calls) against offsets</title>\n";
  out += "<rect class=\"frame\" x=\"" + px(kX0) + "\" y=\"" + px(kTop) + "\" width=\"" +
         px(kWidth - kX0 - kRight) + "\" height=\"" + px(kPlotHeight) + "\"/>\n";
  yAxis(static_cast<double>(scale), ppb, y0);
  if (pool.size > 0) {
    double y = y0 - static_cast<double>(pool.size) * ppb;
    out += "<line class=\"pool-top\" x1=\"" + px(kX0) + "\" y1=\"" + px(y) + "\" x2=\"" + px(kWidth - kRight) +
           "\" y2=\"" + px(y) + "\"/>\n";
  }
  const std::string shades[] = {pool.color, tint(pool.color, 0.22), tint(pool.color, 0.42)};
  for (auto [n, idx] : llvm::enumerate(pool.entries)) {
    const Entry &e = timeline[idx];
    double h = std::max(kMinHeight, static_cast<double>(e.size) * ppb);
    double x = kX0 + static_cast<double>(e.first) * ppc;
    double w = static_cast<double>(std::max<int64_t>(1, e.last - e.first + 1)) * ppc;
    double y = y0 - static_cast<double>(e.offset) * ppb - h;
    out += "<rect class=\"tensor\" x=\"" + px(x) + "\" y=\"" + px(y) + "\" width=\"" + px(w) +
           "\" height=\"" + px(h) + "\" fill=\"" + shades[n % 3] + "\" data-tensor=\"" + esc(e.tensor) +
           "\" data-pool=\"" + esc(e.pool) + "\" data-offset=\"" + std::to_string(e.offset) +
           "\" data-size=\"" + std::to_string(e.size) + "\" data-first=\"" + std::to_string(e.first) +
           "\" data-last=\"" + std::to_string(e.last) + "\"><title>" + esc(e.tensor) + "\n" +
           bytesText(e.size) + " (" + grouped(e.size) + " B) at offset " + grouped(e.offset) + " in " +
           esc(e.pool) + "\nlive from call " + std::to_string(e.first) + " to " + std::to_string(e.last) +
           "</title></rect>\n";
  }
  xAxis(ppc, y0);
  out += "<text class=\"axis-title\" x=\"" + px(kX0 - 8) + "\" y=\"" + px(kTop - 4) +
         "\" text-anchor=\"end\">offset</text>\n</svg>\n";
}

void Page::lifetime() {
  if (timeline.empty() && pools.empty())
    return;
  out += "<section>\n<h2>Lifetimes in memory</h2>\n<p class=\"note\">Each box is a tensor: "
         "from the first to the last kernel call that touches it (x), at its offset in its pool (y). "
         "Hover for details.</p>\n<div class=\"legend\">";
  for (const Pool &p : pools) {
    out += "<span><span class=\"sw\" style=\"background:" + p.color + "\"></span><b>" + esc(p.name) + "</b> " +
           bytesText(p.info ? p.size : p.extent);
    if (p.info) {
      // Its other scalar properties, known ones first, the rest by name.
      std::vector<std::string> keys;
      for (const auto &kv : *p.info)
        if (StringRef(kv.first) != "name" && StringRef(kv.first) != "size")
          keys.push_back(StringRef(kv.first).str());
      std::sort(keys.begin(), keys.end(), [](const std::string &a, const std::string &b) {
        auto rank = [](const std::string &k) { return k == "capacity" ? 0 : k == "speed" ? 1 : 2; };
        return std::make_pair(rank(a), a) < std::make_pair(rank(b), b);
      });
      for (const std::string &k : keys)
        if (auto text = scalarText(*p.info->get(k)))
          out += " &#183; " + esc(k) + " " +
                 esc(k.find("bytes") != std::string::npos || k == "capacity"
                         ? (p.info->get(k)->getAsInteger() ? bytesText(*p.info->get(k)->getAsInteger()) : *text)
                         : *text);
    }
    out += "</span>";
  }
  out += "</div>\n";
  for (const Pool &p : pools)
    lifetimePanel(p);
  out += "</section>\n";
}

void Page::workingSet() {
  if (layers.empty())
    return;
  const Object *memory = objOf(&report, "memory");
  auto arena = intOf(memory, "arena_bytes"), lower = intOf(memory, "lower_bound_bytes");
  bool declared = llvm::any_of(layers, [](const Layer &l) { return l.workingSet.has_value(); });
  std::vector<int64_t> bytes(layers.size());
  int64_t peak = 0;
  for (size_t i = 0; i < layers.size(); ++i)
    peak = std::max(peak, bytes[i] = layerBytes(i));
  double top = static_cast<double>(std::max<int64_t>({peak, arena.value_or(0), lower.value_or(0), 1})) * 1.08;
  double ppc = roundTrip((kWidth - kX0 - kRight) / static_cast<double>(calls));
  double ppb = roundTrip(kPlotHeight / top);
  double y0 = kTop + kPlotHeight, height = y0 + kBottom;
  out += "<section>\n<h2>Memory per layer</h2>\n<p class=\"note\">";
  out += declared ? "Arena bytes live during each kernel call (<code>live_bytes</code>)"
                  : "Bytes of planned tensors live at each kernel call";
  out += "; the darkest bars are the peak (" + bytesText(peak) + ").";
  if (arena)
    out += " Dashed red: the arena.";
  if (lower)
    out += " Dotted green: the lower bound (most bytes live at once).";
  out += "</p>\n<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"working-set\" width=\"" + px(kWidth) +
         "\" height=\"" + px(height) + "\" viewBox=\"0 0 " + px(kWidth) + " " + px(height) + "\" data-x0=\"" +
         fmt("%.12g", kX0) + "\" data-px-per-call=\"" + fmt("%.12g", ppc) + "\" data-y0=\"" + fmt("%.12g", y0) +
         "\" data-px-per-byte=\"" + fmt("%.12g", ppb) + "\" data-bar-inset=\"" + fmt("%.12g", kBarInset) +
         "\" data-bar-width=\"" + fmt("%.12g", kBarWidth) + "\" role=\"img\">\n<title>working set per layer</title>\n";
  out += "<rect class=\"frame\" x=\"" + px(kX0) + "\" y=\"" + px(kTop) + "\" width=\"" +
         px(kWidth - kX0 - kRight) + "\" height=\"" + px(kPlotHeight) + "\"/>\n";
  yAxis(top, ppb, y0);
  for (size_t i = 0; i < layers.size(); ++i) {
    const Layer &l = layers[i];
    double h = static_cast<double>(bytes[i]) * ppb;
    out += "<rect class=\"layer-bar" + std::string(bytes[i] == peak && peak > 0 ? " peak" : "") + "\" x=\"" +
           px(kX0 + (static_cast<double>(i) + kBarInset) * ppc) + "\" y=\"" + px(y0 - h) + "\" width=\"" +
           px(kBarWidth * ppc) + "\" height=\"" + px(h) + "\" data-layer=\"" + std::to_string(i) +
           "\" data-bytes=\"" + std::to_string(bytes[i]) + "\"><title>#" + std::to_string(i) + " " +
           esc(l.name) + "\n" + esc(l.op) + " &#183; " + esc(l.kernel) + "\n" + bytesText(bytes[i]) + " (" +
           grouped(bytes[i]) + " B)</title></rect>\n";
  }
  auto hline = [&](const char *cls, int64_t v, const std::string &label, bool above) {
    double y = y0 - static_cast<double>(v) * ppb;
    out += "<line class=\"" + std::string(cls) + "\" x1=\"" + px(kX0) + "\" y1=\"" + px(y) + "\" x2=\"" +
           px(kWidth - kRight) + "\" y2=\"" + px(y) + "\"><title>" + esc(label) + "</title></line>\n<text class=\"" +
           cls + "\" x=\"" + px(kWidth - kRight - 4) + "\" y=\"" + px(above ? y - 5 : y + 13) +
           "\" text-anchor=\"end\">" + esc(label) + "</text>\n";
  };
  if (arena)
    hline("arena", *arena, "arena " + bytesText(*arena), true);
  if (lower)
    hline("lower-bound", *lower, "lower bound " + bytesText(*lower), !arena || *lower > *arena);
  xAxis(ppc, y0);
  out += "<text class=\"axis-title\" x=\"" + px(kX0 - 8) + "\" y=\"" + px(kTop - 4) +
         "\" text-anchor=\"end\">bytes</text>\n</svg>\n</section>\n";
}

void Page::layerTable() {
  if (layers.empty())
    return;
  out += "<section>\n<details open=\"open\"><summary>Layers (" + std::to_string(layers.size()) +
         ")</summary>\n<table class=\"layers\">\n<thead><tr><th class=\"n\">#</th><th>name</th><th>op</th><th>kernel</th>"
         "<th>dtype</th><th class=\"n\">MACs</th><th class=\"n\">operand bytes</th><th class=\"n\">" +
         "live bytes</th><th class=\"n\">arena bytes moved, per pool</th></tr></thead>\n<tbody>\n";
  auto opt = [](const std::optional<int64_t> &v) { return v ? grouped(*v) : std::string(); };
  for (size_t i = 0; i < layers.size(); ++i) {
    const Layer &l = layers[i];
    out += "<tr><td class=\"n\">" + std::to_string(i) + "</td><td class=\"mono\">" + esc(l.name) + "</td><td>" +
           esc(l.op) + "</td><td class=\"mono\">" + esc(l.kernel) + "</td><td>" + esc(l.dtype) +
           "</td><td class=\"n\">" + opt(l.macs) + "</td><td class=\"n\">" + opt(l.bytes) +
           "</td><td class=\"n\">" + grouped(layerBytes(i)) + "</td><td class=\"n mono\">" + esc(l.poolTraffic) +
           "</td></tr>\n";
  }
  out += "</tbody>\n</table>\n</details>\n</section>\n";
}

std::string Page::render() {
  collect();
  header();
  if (const Object *q = objOf(&report, "quantization")) {
    out += "<section>\n<h2>Quantization</h2>\n<table>\n<tbody>\n";
    auto row = [&](StringRef k, const std::string &v) {
      out += "<tr><th>" + esc(k) + "</th><td>" + esc(v) + "</td></tr>\n";
    };
    if (auto mode = strOf(q, "mode"))
      row("mode", *mode);
    if (auto v = intOf(q, "integer_macs"))
      row("integer MACs", grouped(*v));
    if (auto v = intOf(q, "int16x8_macs"); v && *v)
      row("int16x8 MACs", grouped(*v));
    if (const Array *f = arrOf(q, "float_layers"); f && !f->empty())
      row("float layers", std::to_string(f->size()));
    out += "</tbody>\n</table>\n</section>\n";
  }
  lifetime();
  workingSet();
  layerTable();
  return out;
}

std::string page(const std::string &title, const std::string &body, const std::string &hash) {
  std::string html = "<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\">\n<head>\n"
                     "<meta charset=\"utf-8\"/>\n<meta name=\"generator\" content=\"edgec\"/>\n<title>";
  html += esc(title) + "</title>\n<style>" + kStyle + "</style>\n</head>\n<body>\n<main>\n" + body;
  html += "<footer>generated by edgec from report.json";
  if (!hash.empty())
    html += " &#183; model sha256 <code>" + esc(hash) + "</code>";
  html += "</footer>\n</main>\n</body>\n</html>\n";
  return html;
}

} // namespace

std::string renderReportHtml(StringRef reportJson) {
  llvm::Expected<Value> parsed = llvm::json::parse(reportJson);
  if (!parsed) {
    std::string message = llvm::toString(parsed.takeError());
    return page("edgec memory report", "<h1>Memory report</h1>\n<p>report.json could not be read: " +
                                           esc(message) + "</p>\n", "");
  }
  const Object *report = parsed->getAsObject();
  if (!report)
    return page("edgec memory report", "<h1>Memory report</h1>\n<p>report.json is not a JSON object.</p>\n", "");
  std::string model = strOf(report, "model").value_or("");
  return page(model.empty() ? "edgec memory report" : model + " \xE2\x80\x94 edgec memory report",
              Page(*report).render(), strOf(report, "model_sha256").value_or(""));
}

} // namespace edgec
