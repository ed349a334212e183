// report.html: report.json drawn as one self-contained page (inline CSS and SVG, no scripts).
#ifndef EDGEC_TARGETS_EMIT_REPORTHTML_H
#define EDGEC_TARGETS_EMIT_REPORTHTML_H

#include "llvm/ADT/StringRef.h"

#include <string>

namespace edgec {

/// The memory report page for the report.json text `reportJson`: header and totals, the
/// memory plan's lifetime picture (one SVG panel per pool), the per-layer working set and a
/// table of layers. Well-formed XML (XHTML), deterministic; absent keys leave their section
/// out, and text that is not JSON gives a page saying so.
///
/// Lifetime panels (<svg class="lifetime">) carry their mapping as data attributes: a timeline
/// entry {offset, size, first, last} is the <rect class="tensor"> with
///   x = data-x0 + first * data-px-per-call, width = (last - first + 1) * data-px-per-call,
///   height = max(data-min-height, size * data-px-per-byte),
///   y = data-y0 - offset * data-px-per-byte - height      (offset 0 at the bottom, data-y0).
/// The working-set chart (<svg class="working-set">) maps layer i with bytes B to the
/// <rect class="layer-bar"> with x = data-x0 + (i + data-bar-inset) * data-px-per-call,
/// width = data-bar-width * data-px-per-call, height = B * data-px-per-byte,
/// y = data-y0 - height.
std::string renderReportHtml(llvm::StringRef reportJson);

} // namespace edgec

#endif
