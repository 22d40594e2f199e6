// 轻微违法免罚查询: the place, the violation (from the lists in force there, with search), then
// the conditions one by one; the outcome with the conditions met and not met, the basis, and
// what the law asks next.
import { h, button, clear, errorBox } from "./dom.js";
import * as api from "./api.js";
import { Interview, busy } from "./interview.js";
import { dateControl } from "./widgets.js";
import { decisionCard, traceLine, ratingBox, openPrint, statusText, speakButton } from "./result.js";

const OUTCOME = "penalty.outcome";
const KIND = "offence.kind";
const TITLE = "轻微违法免罚查询";

export async function start(app, ctx) {
  const s = { place: ctx.place, date: ctx.date || "" };
  ctx.session.officer = s;
  const kb = await api.kbInfo();
  choosePlace(app, ctx, s, kb);
}

function choosePlace(app, ctx, s, kb) {
  const sel = h("select", { id: "officer-place", class: "big-select", "aria-label": "违法行为发生地" },
    kb.places.map((p) => h("option", { value: p.id, text: p.name })));
  sel.value = s.place;
  const date = dateControl(s.date, null, { id: "officer-date", label: "作出决定的日期", big: true });
  const screen = h("section", { class: "screen officer-setup", dataset: { flow: "officer" } },
    h("p", { class: "flow-title", text: TITLE }),
    h("h2", { class: "question", tabindex: "-1", text: "违法行为在哪里查处？" }),
    h("label", { class: "block" }, h("span", { class: "field-label", text: "地点（适用该地的免罚清单和上级规定）" }), sel),
    h("div", { class: "block" }, h("span", { class: "field-label", text: "作出决定的日期（不选即今天）" }), date),
    h("nav", { class: "step-nav" },
      button("← 返回首页", () => ctx.home(), "secondary big back"),
      button("下一步：选择违法行为", () => {
        s.place = sel.value;
        s.date = date.value;
        chooseKind(app, ctx, s, kb);
      }, "primary big next")));
  clear(app).append(screen);
  screen.querySelector(".question").focus({ preventScroll: true });
}

async function chooseKind(app, ctx, s, kb) {
  busy(true);
  let data = null;
  try {
    data = await api.offences({ place: s.place, date: s.date || undefined });
    if (data === null) {
      // Without /api/v1/offences: the choices of offence.kind, from the reasoner's own question.
      const answer = await api.assess({ place: s.place, date: s.date || undefined, ask: [OUTCOME], facts: {} });
      const d = answer.decisions.find((x) => x.id === OUTCOME);
      const q = d && (d.missing || []).find((m) => m.id === KIND);
      data = { question: q, kinds: ((q && q.choices) || []).map((c) => ({ ...c, listed_here: undefined })), documents: [] };
    }
  } catch (e) {
    busy(false);
    const box = errorBox(e);
    if (box) clear(app).append(h("section", { class: "screen" }, box, button("← 上一步", () => choosePlace(app, ctx, s, kb), "secondary big")));
    return;
  }
  busy(false);
  if (ctx.session.officer !== s) return;
  const placeName = (kb.places.find((p) => p.id === s.place) || {}).name || s.place;
  const item = (k) => {
    const b = button(k.label || k.id, () => startInterview(app, ctx, s, kb, k), `choice kind${k.listed_here ? " listed" : ""}`, { dataset: { value: k.id } });
    return b;
  };
  const listed = data.kinds.filter((k) => k.listed_here === true);
  const others = data.kinds.filter((k) => k.listed_here !== true);
  const filter = h("input", { type: "search", class: "filter", id: "kind-filter", placeholder: "输入文字或拼音首字母筛选", "aria-label": "筛选违法行为", autocomplete: "off" });
  const lists = h("div", { class: "kind-lists" },
    listed.length ? [h("h3", { text: `${placeName}适用清单所列的违法行为（${listed.length}项）` }), h("div", { class: "answers answers-list" }, listed.map(item))] : null,
    others.length ? [h("h3", { text: listed.length ? "其他违法行为（当地清单未列，按行政处罚法一般规定判断）" : "违法行为类别" }), h("div", { class: "answers answers-list" }, others.map(item))] : null);
  // Filtering: the labels by text, and the server's search (pinyin, initials) for the ids it finds.
  let searchCtl = null;
  filter.addEventListener("input", async () => {
    const t = filter.value.trim().toLowerCase();
    const byText = (b) => b.textContent.toLowerCase().includes(t);
    let ids = null;
    if (t && /[a-z]/.test(t)) {
      if (searchCtl) searchCtl.abort();
      searchCtl = new AbortController();
      try {
        const r = await api.search(t, "offence", { limit: 50, signal: searchCtl.signal });
        if (r) ids = new Set(r.hits.flatMap((x) => (x.choices || []).filter((c) => c.fact === KIND).map((c) => c.value)));
      } catch { /* text filtering only */ }
      if (filter.value.trim().toLowerCase() !== t) return;
    }
    for (const b of lists.querySelectorAll("button.kind")) b.hidden = t !== "" && !byText(b) && !(ids && ids.has(b.dataset.value));
  });
  const q = data.question || {};
  const screen = h("section", { class: "screen officer-kind", dataset: { flow: "officer" } },
    h("p", { class: "flow-title", text: `${TITLE} · ${placeName}` }),
    h("h2", { class: "question", tabindex: "-1", text: q.question || "违法行为属于哪一类？" }),
    data.documents && data.documents.length ? h("details", { class: "documents" },
      h("summary", { text: `本地适用的规定（${data.documents.length}份）` }),
      h("ul", {}, data.documents.map((d) => h("li", { text: `《${d.document}》${d.number ? `（${d.number}）` : ""}（${period(d.in_force)}）` })))) : null,
    h("div", { class: "search-line" }, filter),
    lists,
    h("nav", { class: "step-nav" }, button("← 上一步", () => choosePlace(app, ctx, s, kb), "secondary big back")));
  clear(app).append(screen);
  window.scrollTo(0, 0);
  screen.querySelector(".question").focus({ preventScroll: true });
}

// "2022-01-01..2026-12-31" in words; "…" marks an open end.
function period(text) {
  const [from = "", to = ""] = String(text || "").split("..").map((x) => x.replace(/…/g, "").trim());
  if (from && to) return `${from} 至 ${to}`;
  if (from) return `${from} 起施行`;
  if (to) return `至 ${to}`;
  return "现行有效";
}

function startInterview(app, ctx, s, kb, kind) {
  s.kind = kind;
  const iv = new Interview({
    title: `${TITLE} · ${kind.label}`, ask: [OUTCOME], place: s.place, date: s.date || undefined,
    facts: { [KIND]: kind.id }, container: app,
    unsureLabel: "不清楚，先看目前结论",
    onExit: () => chooseKind(app, ctx, s, kb),
    onDone: (interview, opts) => showResult(app, ctx, s, kb, interview, opts),
  });
  s.interview = iv;
  iv.step();
}

function conditionsOf(derivations, results) {
  const out = [];
  const walk = (b) => {
    for (const c of b.conditions || []) if (results.includes(String(c.result))) out.push(c.text || c.condition);
    for (const p of b.premises || []) walk(p);
  };
  for (const b of derivations || []) walk(b);
  return [...new Set(out)];
}

async function showResult(app, ctx, s, kb, iv, { early = false } = {}) {
  busy(true);
  const caseReq = iv.caseReq("officer");
  let answer;
  try {
    answer = await api.assess(caseReq);
  } catch (e) {
    const box = errorBox(e);
    if (box) clear(app).append(h("section", { class: "screen" }, box, button("← 上一步", () => iv.back(), "secondary big")));
    return;
  } finally {
    busy(false);
  }
  if (ctx.session.officer !== s) return;
  const d = answer.decisions.find((x) => x.id === OUTCOME);
  const met = conditionsOf(d.because, ["true"]);
  const notMet = conditionsOf(d.why_not, ["false"]);
  // Open conditions matter only while the outcome is open (a settled outcome does not wait on them).
  const open = d.status === "undetermined" ? conditionsOf(d.why_not, ["unknown"]) : [];
  const basis = (d.because || []).map((b) => b.citation && (b.citation.text || b.citation.document)).filter(Boolean);
  const list = (title, items, cls) => items.length ? h("section", { class: `cond-group ${cls}` }, h("h3", { text: title }),
    h("ul", {}, items.map((t) => h("li", { text: t })))) : null;
  const answers = iv.answers();
  const screen = h("section", { class: "screen result", dataset: { flow: "officer", status: d.status, value: JSON.stringify(d.value ?? null) } },
    h("p", { class: "flow-title", text: `${TITLE} · ${answer.place_name || s.place}` }),
    h("h2", { class: "result-title", tabindex: "-1", text: "查询结论" }),
    h("p", { class: "offence-kind" }, h("span", { class: "hint", text: "违法行为：" }), s.kind ? s.kind.label : ""),
    early && d.status === "undetermined" ? h("p", { class: "notice", text: "尚有条件未回答，结论未定。" }) : null,
    h("div", { class: "outcome", dataset: { status: d.status } },
      h("p", { class: "outcome-label", text: d.label }),
      h("p", { class: "outcome-value", text: statusText(d) })),
    h("div", { class: "cond-groups" },
      list("满足的条件", met, "met"),
      list("不满足的条件（因此未适用免罚或从轻规定）", notMet, "not-met"),
      list("尚未查明的条件", open, "open")),
    basis.length ? h("section", { class: "basis" }, h("h3", { text: "依据" }), h("ul", {}, basis.map((t) => h("li", { text: t })))) : null,
    decisionCard(d, { officer: true, compact: true }),
    answers.length ? h("details", { class: "answers-given" },
      h("summary", { text: `已回答的条件（共 ${answers.length} 项）` }),
      h("dl", {}, answers.map((a) => [h("dt", { text: a.question.label || a.question.question }), h("dd", { text: a.text })]))) : null,
    traceLine(answer),
    h("div", { class: "actions actions-result" },
      button("打印", () => openPrint(caseReq, answer, { title: TITLE, paper: "a4" }), "primary big print-a4"),
      button("打印小票", () => openPrint(caseReq, answer, { title: TITLE, paper: "receipt" }), "secondary big print-receipt"),
      button("← 返回修改", () => iv.back(), "secondary big back"),
      button("查询另一违法行为", () => chooseKind(app, ctx, s, kb), "secondary big another"),
      speakButton(() => answer.text || "")),
    ctx.ratings ? ratingBox(answer) : null);
  clear(app).append(screen);
  window.scrollTo(0, 0);
  screen.querySelector(".result-title").focus({ preventScroll: true });
}
