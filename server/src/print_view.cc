#include "print_view.h"

#include <qrencode.h>

#include <memory>
#include <sstream>

namespace assistant::server {
namespace {
using nlohmann::json;

std::string Html(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string Str(const json& j, const char* key) {
  if (!j.is_object() || !j.contains(key)) return "";
  const auto& v = j[key];
  if (v.is_string()) return v.get<std::string>();
  if (v.is_null()) return "";
  return v.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string StatusText(const std::string& status) {
  if (status == "undetermined") return "尚不能确定（还需回答下列问题）";
  if (status == "conflict") return "规则冲突，请窗口工作人员核对";
  if (status == "no_rule_in_force") return "所问日期没有施行中的规定";
  if (status == "no_rule_applies") return "本知识库收录的规定均不适用";
  return status;
}

std::string Citation(const json& rule) {
  const auto& c = rule.contains("citation") ? rule["citation"] : json::object();
  std::string text = Str(c, "document");
  if (!Str(c, "number").empty()) text += "（" + Str(c, "number") + "）";
  if (!Str(c, "article").empty()) text += Str(c, "article");
  return text;
}

constexpr const char* kStyle = R"css(
  * { box-sizing: border-box; }
  body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", sans-serif; color: #111;
         background: #fff; margin: 0; padding: 24px; font-size: 18px; line-height: 1.5; }
  h1 { font-size: 28px; text-align: center; margin: 0 0 8px; letter-spacing: 4px; }
  .meta { text-align: center; color: #333; margin-bottom: 16px; font-size: 15px; }
  section.decision { border-top: 2px solid #111; padding: 10px 0; break-inside: avoid; }
  h2 { font-size: 20px; margin: 0 0 6px; }
  .answer { font-size: 22px; font-weight: bold; margin: 4px 0 8px; }
  ul { margin: 4px 0 4px 1.2em; padding: 0; }
  li { margin: 2px 0; }
  .cite { color: #333; font-size: 15px; }
  .caveat { border: 1px solid #111; padding: 6px 10px; margin: 6px 0; font-size: 15px; }
  footer { border-top: 2px solid #111; margin-top: 12px; padding-top: 10px; display: flex; gap: 16px; align-items: center; }
  footer .qr svg { width: 140px; height: 140px; }
  footer .ids { font-size: 13px; word-break: break-all; }
  .toolbar { text-align: center; margin: 12px 0; }
  .toolbar button { font-size: 24px; min-width: 200px; min-height: 64px; }
  @media print { .toolbar { display: none; } body { padding: 0; } }
)css";

constexpr const char* kA4 = R"css(
  @page { size: A4; margin: 18mm 16mm; }
  body { max-width: 180mm; margin: 0 auto; }
)css";

constexpr const char* kReceipt = R"css(
  @page { size: 80mm 297mm; margin: 3mm; }  /* 'auto' is not a valid height: Chromium would drop the rule */
  body { width: 72mm; padding: 2mm; font-size: 12px; line-height: 1.35; }
  h1 { font-size: 16px; letter-spacing: 1px; }
  h2 { font-size: 13px; }
  .answer { font-size: 14px; }
  .meta, .cite, .caveat, footer .ids { font-size: 10px; }
  footer { display: block; text-align: center; }
  footer .qr svg { width: 38mm; height: 38mm; }
  .toolbar button { font-size: 16px; min-width: 120px; min-height: 48px; }
)css";

}  // namespace

std::string ReceiptQrPayload(const std::string& decision_id, const std::string& kb_version) {
  return "EIA-RECEIPT/1;id=" + decision_id + ";kb=" + kb_version;
}

std::string QrSvg(const std::string& text) {
  struct Free {
    void operator()(QRcode* q) const { QRcode_free(q); }
  };
  std::unique_ptr<QRcode, Free> code(QRcode_encodeString(text.c_str(), 0, QR_ECLEVEL_M, QR_MODE_8, 1));
  if (!code) return "";
  const int width = code->width;
  const int quiet = 4;
  const int size = width + 2 * quiet;
  std::ostringstream svg;
  svg << "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " << size << " " << size
      << "\" shape-rendering=\"crispEdges\" role=\"img\" aria-label=\"决定编号二维码\">"
      << "<rect width=\"" << size << "\" height=\"" << size << "\" fill=\"#fff\"/><path fill=\"#000\" d=\"";
  for (int y = 0; y < width; ++y) {
    for (int x = 0; x < width; ++x) {
      // libqrencode: bit 0 of each module byte is 1 for a dark module.
      if (code->data[y * width + x] & 1) svg << "M" << (x + quiet) << " " << (y + quiet) << "h1v1h-1z";
    }
  }
  svg << "\"/></svg>";
  return svg.str();
}

std::string RenderPrintSheet(const json& answer, Paper paper, const std::string& place_name) {
  const json receipt = answer.contains("receipt") ? answer["receipt"] : json::object();
  const std::string id = Str(receipt, "id");
  const std::string version = Str(answer.contains("kb") ? answer["kb"] : json::object(), "version");
  std::ostringstream html;
  html << "<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
       << "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
       << "<title>一次性告知书</title><style>" << kStyle << (paper == Paper::kA4 ? kA4 : kReceipt)
       << "</style></head><body class=\"" << (paper == Paper::kA4 ? "a4" : "receipt") << "\">"
       << "<div class=\"toolbar\"><button type=\"button\" id=\"print\">打印</button></div>"
       << "<h1>一次性告知书</h1><div class=\"meta\">地区：" << Html(place_name) << "　　依据日期：" << Html(Str(answer, "date"))
       << "</div>";
  for (const auto& d : answer.value("decisions", json::array())) {
    html << "<section class=\"decision\" data-decision=\"" << Html(Str(d, "id")) << "\"><h2>" << Html(Str(d, "label"))
         << "</h2>";
    const std::string status = Str(d, "status");
    std::string value = Str(d, "value_label");
    html << "<div class=\"answer\">";
    if (status == "determined" && !value.empty()) {
      html << Html(value);
    } else if (!value.empty()) {
      html << Html(StatusText(status)) << "：至少为 " << Html(value);
    } else {
      html << Html(StatusText(status));
    }
    html << "</div>";
    const auto because = d.value("because", json::array());
    if (!because.empty()) {
      html << "<div>依据：</div><ul>";
      for (const auto& b : because) {
        html << "<li>" << Html(Str(b, "title")) << "<div class=\"cite\">" << Html(Citation(b)) << "</div></li>";
      }
      html << "</ul>";
    }
    if (!Str(d, "default_reason").empty()) html << "<div class=\"cite\">" << Html(Str(d, "default_reason")) << "</div>";
    const auto missing = d.value("missing", json::array());
    if (!missing.empty()) {
      html << "<div>还需确认的事项（请一次备齐）：</div><ul>";
      for (const auto& m : missing) html << "<li>" << Html(Str(m, "question").empty() ? Str(m, "label") : Str(m, "question")) << "</li>";
      html << "</ul>";
    }
    for (const auto& row : d.value("applicable_rows", json::array())) {
      if (!Str(row, "unclear").empty()) html << "<div class=\"caveat\">请注意：" << Html(Str(row, "unclear")) << "</div>";
    }
    html << "</section>";
  }
  html << "<footer><div class=\"qr\">" << QrSvg(ReceiptQrPayload(id, version)) << "</div><div class=\"ids\">"
       << "<div>决定编号：" << Html(id) << "</div><div>知识库版本：" << Html(version) << "</div>"
       << "<div>本告知书由离线规则助手依据上列规定自动生成，供办事参考；以生态环境主管部门的正式决定为准。"
       << "如有疑问，请向窗口工作人员咨询。</div></div></footer>"
       << "<script src=\"/print.js\"></script></body></html>";
  return html.str();
}

}  // namespace assistant::server
