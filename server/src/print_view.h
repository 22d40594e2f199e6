// The printable result: a one-time notice (一次性告知书) as a self-contained HTML page with print
// CSS for A4 and for 80 mm receipt printers, and a QR code (inline SVG, libqrencode) that encodes
// the decision id and the knowledge-base version, so a clerk can reproduce the decision later.
// Everything on the sheet comes from the answer JSON (server/json_io.h), none of it is hard-coded.
// Thread-safety: reentrant.
#pragma once

#include <nlohmann/json.hpp>

#include <string>

namespace assistant::server {

enum class Paper { kA4, kReceipt };

// The QR payload: "EIA-RECEIPT/1;id=<decision id>;kb=<knowledge-base version>".
std::string ReceiptQrPayload(const std::string& decision_id, const std::string& kb_version);

// An SVG QR code (error correction M, 4-module quiet zone); "" when `text` cannot be encoded.
std::string QrSvg(const std::string& text);

// `answer` is an assessment answer with its receipt; `place_name` the place's name for the header.
std::string RenderPrintSheet(const nlohmann::json& answer, Paper paper, const std::string& place_name);

}  // namespace assistant::server
