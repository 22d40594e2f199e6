// A decision as people read it: the answer, the reasons with their citations, "为什么？" (the rules
// that fired and the conditions they checked, and the rules that did not), and "怎样会改变结果？"
// (the reasoner's what-if). Every sentence shown is the server's; this file only arranges them.
import { h, button, clear, append } from "./dom.js";
import * as api from "./api.js";

const MARK = { true: "✔", false: "✘", unknown: "？" };
const MARK_WORD = { true: "满足", false: "不满足", unknown: "尚未知" };

export function statusText(d) {
  switch (d.status) {
    case "determined": return d.value_label || String(d.value);
    case "undetermined":
      return d.value_label && d.at_least ? `至少为：${d.value_label}（尚需回答其他问题）` : "尚不能确定，还需要回答其他问题";
    case "conflict": return "规定之间有冲突，本机不能回答，请到窗口咨询";
    default: return "本机暂不能回答，请到窗口咨询";
  }
}

function citation(c) {
  if (!c) return "";
  return c.text || [c.document && `《${c.document}》`, c.number && `（${c.number}）`, c.article].filter(Boolean).join("");
}

function conditionList(conditions, { only } = {}) {
  const items = (conditions || []).filter((c) => !only || only.includes(String(c.result)));
  if (!items.length) return null;
  return h("ul", { class: "conditions" }, items.map((c) => h("li", { class: `cond cond-${c.result}`, dataset: { result: String(c.result) } },
    h("span", { class: "cond-mark", "aria-label": MARK_WORD[c.result] || "", text: MARK[c.result] || "·" }),
    h("span", { class: "cond-text", text: c.text || c.condition }))));
}

// One derivation: the rule, what it is based on, the conditions it checked, and (for derived
// facts) the derivations beneath it, down to `depth` levels.
function derivation(b, { level = 0, officer = false } = {}) {
  return h("div", { class: `derivation level-${level}` },
    h("p", { class: "rule-title", text: b.title }),
    citation(b.citation) ? h("p", { class: "rule-basis", text: `依据：${citation(b.citation)}` }) : null,
    officer && b.source_text ? h("blockquote", { class: "rule-source", text: `原文：${b.source_text}` }) : null,
    officer && b.note ? h("p", { class: "rule-note", text: `解读：${b.note}` }) : null,
    conditionList(b.conditions),
    level < 2 && b.premises && b.premises.length
      ? h("div", { class: "premises" }, b.premises.map((p) => derivation(p, { level: level + 1, officer })))
      : null);
}

function whyPanel(d, opts) {
  const panel = h("div", { class: "why-panel", hidden: true });
  if (d.because && d.because.length) {
    append(panel, [h("h4", { text: "得出这一结果的规定" }), d.because.map((b) => derivation(b, opts))]);
  }
  if (d.default_reason) panel.append(h("p", { class: "default-reason", text: typeof d.default_reason === "string" ? d.default_reason : (d.default_reason.text || d.default_reason.title || "") }));
  if (d.why_not && d.why_not.length) {
    append(panel, [h("h4", { text: d.status === "determined" ? "未适用的规定（条件不满足或尚未知）" : "尚待判断的规定" }),
      d.why_not.slice(0, opts.officer ? 20 : 6).map((w) => h("div", { class: "derivation why-not" },
        h("p", { class: "rule-title", text: w.title }),
        citation(w.citation) ? h("p", { class: "rule-basis", text: `依据：${citation(w.citation)}` }) : null,
        conditionList(w.conditions, { only: ["false", "unknown"] })))]);
  }
  const notes = (d.applicable_rows || []).filter((r) => r.note || r.unclear);
  if (notes.length) {
    append(panel, [h("h4", { text: "请注意" }), notes.map((r) => h("p", { class: "row-note", text: [r.note, r.unclear].filter(Boolean).join(" ") }))]);
  }
  if (d.status === "undetermined" && d.missing && d.missing.length) {
    panel.append(h("h4", { text: "还需要回答的问题" }),
      h("ul", { class: "missing" }, d.missing.slice(0, 5).map((m) => h("li", { text: m.question || m.label }))));
  }
  if (!panel.childElementCount) panel.append(h("p", { text: "本机没有更多说明。" }));
  return panel;
}

function whatIfPanel(d) {
  const panel = h("div", { class: "whatif-panel", hidden: true });
  const items = (d.what_if || []).filter((w) => w.text);
  if (!items.length) panel.append(h("p", { text: "只改动一项回答，结果不会改变。" }));
  else panel.append(h("h4", { text: "只改动一项回答时：" }), h("ul", { class: "whatif" }, items.map((w) => h("li", { text: w.text }))));
  return panel;
}

function toggle(label, panel) {
  const b = button(label, () => {
    panel.hidden = !panel.hidden;
    b.setAttribute("aria-expanded", String(!panel.hidden));
    b.classList.toggle("open", !panel.hidden);
  }, "secondary more", { "aria-expanded": "false" });
  return b;
}

// The first reason in one line, for the card.
function reasonLine(d) {
  const b = d.because && d.because[0];
  if (!b) return null;
  return h("p", { class: "decision-reason" }, "因为：", b.title, citation(b.citation) ? `（依据：${citation(b.citation)}）` : "");
}

// compact: only the explanation (the answer itself is shown elsewhere on the screen).
export function decisionCard(d, { officer = false, headline = false, valueOverride, compact = false } = {}) {
  const why = whyPanel(d, { officer });
  const whatIf = whatIfPanel(d);
  const valueNode = valueOverride || (Array.isArray(d.value_labels) && d.status === "determined"
    ? h("ul", { class: "value-list" }, d.value_labels.map((l) => h("li", { text: l })))
    : h("p", { class: "decision-value", text: statusText(d) }));
  return h("section", { class: `decision status-${d.status}${headline ? " headline" : ""}${compact ? " compact" : ""}`, dataset: { decision: d.id, status: d.status, value: JSON.stringify(d.value ?? null) } },
    h("h3", { class: "decision-label", text: compact ? "详细理由" : d.label }),
    compact ? null : valueNode,
    compact ? null : reasonLine(d),
    d.status === "undetermined" && d.next_question
      ? h("p", { class: "decision-next" }, "还需要回答：", d.next_question.question || d.next_question.label) : null,
    h("div", { class: "decision-more" }, toggle("为什么？", why),
      d.status === "determined" || (d.what_if || []).length ? toggle("怎样会改变结果？", whatIf) : null),
    why, whatIf);
}

// Where the answer came from: knowledge-base version, place and date, the receipt id.
export function traceLine(answer) {
  const kb = (answer.kb && answer.kb.version) || (answer.receipt && answer.receipt.kb_version) || "";
  return h("p", { class: "trace" },
    `查询编号 ${answer.receipt ? answer.receipt.id : "—"} · 地点 ${answer.place_name || answer.place || ""} · 日期 ${answer.date || ""} · 知识库版本 ${kb.slice(0, 12)}`);
}

// 好差评 (国办发〔2019〕51号): five grades, kept with the decision id only.
const GRADES = [[5, "非常满意"], [4, "满意"], [3, "基本满意"], [2, "不满意"], [1, "非常不满意"]];

export function ratingBox(answer) {
  const box = h("section", { class: "rating", "aria-labelledby": "rating-title" });
  const id = answer.receipt && answer.receipt.id;
  const status = h("p", { class: "rating-status", "aria-live": "polite" });
  const buttons = GRADES.map(([grade, label]) => button(label, async () => {
    for (const b of buttons) b.disabled = true;
    try {
      const kept = await api.rate(id, grade);
      status.textContent = kept ? "感谢您的评价！" : "感谢您的评价。本机暂未保存评价，也可以到窗口评价。";
      box.dataset.rated = String(grade);
      list.hidden = true;
    } catch (e) {
      if (e.name === "AbortError") return;
      status.textContent = "评价未能提交，您也可以到窗口评价。";
      for (const b of buttons) b.disabled = false;
    }
  }, `grade grade-${grade}`, { dataset: { grade: String(grade) } }));
  const list = h("div", { class: "grades" }, buttons);
  box.append(h("h3", { id: "rating-title", text: "请您对本次服务作出评价" }),
    h("p", { class: "hint", text: "评价只记录查询编号和等级，不记录任何个人信息。" }), list, status);
  return box;
}

// ---- Printing ------------------------------------------------------------------------------

let pageSheet = null;  // the @page rules of the sheet being printed

function printArea() { return document.getElementById("print-area"); }

export function closePrint() {
  const area = printArea();
  if (!area) return;
  clear(area);
  area.hidden = true;
  document.body.classList.remove("printing", "paper-a4", "paper-receipt");
  if (pageSheet) {
    document.adoptedStyleSheets = document.adoptedStyleSheets.filter((s) => s !== pageSheet);
    pageSheet = null;
  }
}

// The server's sheet is a whole HTML page with its own styles. The kiosk's content-security
// policy forbids inline styles, so the sheet's CSS is adopted as a constructed stylesheet in a
// shadow root (its body rules apply to the host), and its @page rules to the document.
function mountServerSheet(host, html) {
  // The <style> blocks are taken out of the text before parsing: a parsed document inherits the
  // page's policy, which would report them as refused inline styles.
  const blocks = [];
  const stripped = html.replace(/<style[^>]*>([\s\S]*?)<\/style>/gi, (m, css) => { blocks.push(css); return ""; });
  const doc = new DOMParser().parseFromString(stripped, "text/html");
  const css = blocks.join("\n");
  // The sheet's own 打印 button (for when it is a page of its own) gives way to the kiosk's bar.
  for (const s of doc.querySelectorAll("style, script, link, meta, title, .toolbar")) s.remove();
  const root = host.attachShadow({ mode: "open" });
  const pageRules = [];
  const scoped = css.replace(/@page[^{]*\{[^}]*\}/g, (m) => { pageRules.push(m); return ""; })
    .replace(/(^|[\s,}])(html|body)(?=[\s,{.:#[])/g, "$1:host");
  try {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(scoped);
    root.adoptedStyleSheets = [sheet];
    if (pageRules.length) {
      pageSheet = new CSSStyleSheet();
      pageSheet.replaceSync(pageRules.join("\n"));
      document.adoptedStyleSheets = [...document.adoptedStyleSheets, pageSheet];
    }
  } catch { /* the sheet stays readable without its styles */ }
  const body = h("div", { class: "server-sheet" });
  for (const n of [...doc.body.childNodes]) body.append(document.importNode(n, true));
  root.append(body);
}

// A sheet of our own when the server has no print view: the same facts, no QR code.
function localSheet(answer, title, decisions) {
  return h("article", { class: "sheet" },
    h("h1", { text: title }),
    h("p", { class: "sheet-sub", text: "一次性告知书（本机自动生成，以窗口受理审查为准）" }),
    ...decisions.map((d) => h("section", { class: "sheet-decision" },
      h("h2", { text: d.label }),
      h("p", { class: "sheet-value", text: statusText(d) }),
      (d.because || []).map((b) => h("p", { class: "sheet-reason", text: `因为：${b.title}${citation(b.citation) ? `（依据：${citation(b.citation)}）` : ""}` })))),
    traceLine(answer));
}

// Shows the printable sheet (paper "a4" or "receipt") over the page, with 打印 and 关闭.
export async function openPrint(caseReq, answer, { title, paper = "a4" } = {}) {
  closePrint();
  const area = printArea();
  area.hidden = false;
  document.body.classList.add("printing", `paper-${paper}`);
  const bar = h("div", { class: "print-bar no-print" },
    h("span", { class: "print-title", text: paper === "a4" ? "打印预览（A4纸）" : "打印预览（80毫米小票）" }),
    button("打印", () => window.print(), "primary big print-now"),
    button("关闭", closePrint, "secondary big print-close"));
  const page = h("div", { class: `print-page paper-${paper}`, dataset: { paper } }, h("p", { class: "loading", text: "正在生成…" }));
  area.append(bar, page);
  let html = null;
  try {
    html = await api.printSheet(caseReq, paper);
  } catch (e) {
    if (e.name === "AbortError") return;
    html = null;  // fall back to the kiosk's own sheet
  }
  clear(page);
  if (typeof html === "string" && html) {
    const host = h("div", { class: "sheet-host", dataset: { source: "server" } });
    page.dataset.source = "server";
    page.append(host);
    mountServerSheet(host, html);
  } else {
    page.dataset.source = "local";
    page.append(localSheet(answer, title, answer.decisions));
    try {
      pageSheet = new CSSStyleSheet();
      pageSheet.replaceSync(paper === "a4" ? "@page { size: A4; margin: 15mm; }" : "@page { size: 80mm 297mm; margin: 4mm; }");
      document.adoptedStyleSheets = [...document.adoptedStyleSheets, pageSheet];
    } catch { /* printed with the browser's default page */ }
  }
}

// 语音播报: reads the answer aloud where the kiosk has a Chinese voice (hidden otherwise).
export function speakButton(getText) {
  if (!("speechSynthesis" in window)) return null;
  const b = button("朗读结果", () => {
    if (speechSynthesis.speaking) {
      speechSynthesis.cancel();
      return;
    }
    const u = new SpeechSynthesisUtterance(getText());
    u.lang = "zh-CN";
    u.rate = 0.9;
    speechSynthesis.speak(u);
  }, "secondary big speak", { hidden: true });
  const update = () => { b.hidden = !speechSynthesis.getVoices().some((v) => /^zh/i.test(v.lang)); };
  update();
  speechSynthesis.addEventListener("voiceschanged", update, { once: true });
  return b;
}

export function stopSpeaking() {
  if ("speechSynthesis" in window) speechSynthesis.cancel();
}
