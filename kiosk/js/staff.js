// 告知承诺制审查: a dense form for window staff. Every fact the decisions read, on one screen,
// keyboard first; the answer is decided again (debounced) whenever a field changes, and every
// rule that fired or failed is shown with its conditions, ready to copy or print for the record.
import { h, button, clear, debounce, errorBox } from "./dom.js";
import * as api from "./api.js";
import { compactControl, recordsEditor, hitView, completeCode, dateControl } from "./widgets.js";
import { decisionCard, traceLine, openPrint, statusText } from "./result.js";

const PRIMARY = "commitment.eligibility";
// Shown in this order; ids only (labels and values come from the knowledge base).
const ASK = [PRIMARY, "eia.document_class", "approval.authority_level", "approval.route",
  "commitment.time_limit_working_days", "commitment.procedure", "approval.promised_days"];
const TITLE = "告知承诺制审查";
// Facts of the project's category come first; they are picked by search rather than typed.
// At most this many of a decision's missing facts (most useful first) are added to the form.
const MORE_PER_DECISION = 6;
const isCategoryFact = (q) => q.type === "code_set" || q.id === "project.catalogue_items";

export async function start(app, ctx) {
  const kb = await api.kbInfo();
  const known = new Set(kb.decisions.map((d) => d.id));
  const ask = ASK.filter((id) => known.has(id));
  const s = { place: ctx.place, date: ctx.date || "", facts: {}, fields: new Map(), questions: new Map(), answer: null, gen: 0 };
  ctx.session.staff = s;

  const placeSel = h("select", { id: "staff-place", "aria-label": "办理地" },
    kb.places.map((p) => h("option", { value: p.id, text: p.name })));
  placeSel.value = s.place;
  const dateInput = dateControl(s.date, null, { id: "staff-date", label: "审查日期" });
  const verdict = h("div", { class: "verdict", id: "staff-verdict", "aria-live": "polite" }, h("span", { text: "请填写左侧事实，结果会随时更新。" }));
  const form = h("form", { class: "staff-form", id: "staff-form", autocomplete: "off", onsubmit: (e) => e.preventDefault() });
  const results = h("div", { class: "staff-results", id: "staff-results" });
  const record = h("pre", { class: "record-text", id: "staff-record" });

  const sectionMain = h("fieldset", { class: "facts-section" }, h("legend", { text: "项目所属行业与名录类别" }));
  const sectionOwn = h("fieldset", { class: "facts-section" }, h("legend", { text: "告知承诺制与审批权限的条件" }));
  const sectionMore = h("fieldset", { class: "facts-section", hidden: true }, h("legend", { text: "判断还需要的其他事实" }));
  form.append(sectionMain, sectionOwn, sectionMore);

  const evaluate = debounce(() => run(), 300);
  const changed = (id, value) => {
    if (value === undefined) delete s.facts[id]; else s.facts[id] = value;
    evaluate();
  };

  // One row of the form: label, control, and a badge while the fact is still needed.
  const addField = (q, section) => {
    if (s.fields.has(q.id)) return;
    s.questions.set(q.id, q);
    const control = fieldControl(q, s.facts[q.id], (v) => changed(q.id, v));
    const row = h("div", { class: `field field-${q.type}`, dataset: { fact: q.id } },
      h("label", { class: "field-label", for: `f-${q.id}`, title: [q.question, q.help].filter(Boolean).join("\n") },
        h("span", { text: q.label || q.id }),
        h("span", { class: "needed", text: "待填" })),
      control);
    s.fields.set(q.id, row);
    section.append(row);
    if (section === sectionMore) sectionMore.hidden = false;
  };

  const loadFields = async () => {
    // The facts each decision's own rules read at this place and day; the catalogue's hundreds
    // of scale facts (eia.document_class) are added only once a row needs them (from `missing`).
    const own = ask.filter((d) => d !== "eia.document_class");
    const lists = await Promise.all(own.map((d) => api.facts({ decision: d, place: s.place, date: s.date || undefined }).catch(() => null)));
    for (const list of lists) {
      for (const q of list || []) addField(q, isCategoryFact(q) ? sectionMain : sectionOwn);
    }
  };

  const renderResults = (answer) => {
    const byId = new Map(answer.decisions.map((d) => [d.id, d]));
    const main = byId.get(PRIMARY);
    clear(verdict);
    if (main) {
      verdict.dataset.status = main.status;
      verdict.dataset.value = JSON.stringify(main.value ?? null);
      verdict.append(h("span", { class: "verdict-label", text: `${main.label}：` }), h("strong", { class: "verdict-value", text: statusText(main) }));
    }
    // Mark what is still needed. Facts the form lacks are added from each open decision's most
    // useful missing facts (a handful, not the catalogue's hundreds); added ones that are neither
    // needed nor answered any more are taken away again.
    const needed = new Set();
    const wanted = new Set();
    for (const d of answer.decisions) {
      if (d.status !== "undetermined") continue;
      // Until the project's category is known, the rest of the catalogue's questions wait.
      const categoryOpen = (d.missing || []).some(isCategoryFact);
      (d.missing || []).forEach((m, i) => {
        needed.add(m.id);
        if (i < MORE_PER_DECISION && (!categoryOpen || isCategoryFact(m))) {
          wanted.add(m.id);
          if (!s.fields.has(m.id)) addField(m, isCategoryFact(m) ? sectionMain : sectionMore);
        }
      });
    }
    for (const row of [...sectionMore.querySelectorAll(".field")]) {
      const id = row.dataset.fact;
      if (!wanted.has(id) && s.facts[id] === undefined && !row.contains(document.activeElement)) {
        row.remove();
        s.fields.delete(id);
      }
    }
    sectionMore.hidden = !sectionMore.querySelector(".field");
    for (const [id, row] of s.fields) row.classList.toggle("is-needed", needed.has(id) && s.facts[id] === undefined);
    clear(results).append(...ask.map((id) => byId.get(id)).filter(Boolean).map((d) => {
      const card = decisionCard(d, { officer: true, headline: d.id === PRIMARY });
      if (d.id === PRIMARY) {  // every exclusion checked, open by default
        const why = card.querySelector(".why-panel");
        const btn = card.querySelector(".more");
        why.hidden = false;
        btn.setAttribute("aria-expanded", "true");
        btn.classList.add("open");
      }
      return card;
    }));
    record.textContent = `${answer.text || ""}\n${traceLine(answer).textContent}`;
  };

  const run = async () => {
    const gen = ++s.gen;
    document.body.classList.add("evaluating");
    try {
      const answer = await api.assess({ place: s.place, date: s.date || undefined, ask, facts: s.facts, depth: "staff" });
      if (gen !== s.gen || ctx.session.staff !== s) return;
      s.answer = answer;
      renderResults(answer);
      document.body.dataset.evaluations = String(Number(document.body.dataset.evaluations || 0) + 1);
    } catch (e) {
      if (gen !== s.gen) return;
      const box = errorBox(e);
      if (box) {
        clear(verdict).append(box);
        // A field the server refuses (e.g. a wrong number) is marked.
        const row = e.field && s.fields.get(e.field);
        if (row) row.classList.add("refused");
      }
    } finally {
      if (gen === s.gen) document.body.classList.remove("evaluating");
    }
  };

  const copyRecord = async () => {
    const text = record.textContent;
    let ok = false;
    try {
      await navigator.clipboard.writeText(text);
      ok = true;
    } catch {
      const area = h("textarea", { class: "copy-buffer", readonly: true });
      area.value = text;
      document.body.append(area);
      area.select();
      ok = document.execCommand && document.execCommand("copy");
      area.remove();
    }
    copyStatus.textContent = ok ? "已复制审查记录。" : "未能复制，请选中下方记录后复制。";
  };
  const copyStatus = h("span", { class: "copy-status", "aria-live": "polite" });

  placeSel.addEventListener("change", () => { s.place = placeSel.value; refreshForm(); });
  dateInput.addEventListener("change", () => { s.date = dateInput.value; refreshForm(); });
  const refreshForm = async () => {
    for (const row of s.fields.values()) row.remove();
    s.fields.clear();
    await loadFields();
    for (const id of Object.keys(s.facts)) {
      const q = s.questions.get(id);
      if (q && !s.fields.has(id)) addField(q, sectionMore);
    }
    run();
  };

  const screen = h("section", { class: "screen staff", dataset: { flow: "staff" } },
    h("div", { class: "staff-head" },
      h("h2", { class: "staff-title", text: TITLE }),
      h("label", { class: "inline" }, "办理地 ", placeSel),
      h("span", { class: "inline", title: "不选即按今天的规定审查" }, "审查日期 ", dateInput)),
    verdict,
    h("div", { class: "staff-body" },
      h("div", { class: "staff-left" }, industrySearch(s, (fact, values) => {
        if (values.length) s.facts[fact] = values; else delete s.facts[fact];
        const row = s.fields.get(fact);
        const q = s.questions.get(fact);
        if (row && q) row.lastChild.replaceWith(fieldControl(q, s.facts[fact], (v) => changed(fact, v)));
        evaluate();
      }), form),
      h("div", { class: "staff-right" },
        h("div", { class: "actions actions-staff" },
          button("复制记录", copyRecord, "secondary copy"),
          button("打印记录", () => s.answer && openPrint({ place: s.place, date: s.date || undefined, ask, facts: s.facts, depth: "staff" }, s.answer, { title: TITLE, paper: "a4" }), "secondary print-a4"),
          button("全部清空", () => ctx.go("staff", true), "secondary clear-all"),
          copyStatus),
        results,
        h("details", { class: "record" }, h("summary", { text: "审查记录（文字）" }), record))));
  clear(app).append(screen);
  await loadFields();
  run();
}

// Controls of the dense form. Sets: a checkbox per choice plus "都不是" (the empty set); nothing
// ticked means not yet answered. Codes: shown, picked with the search above.
function fieldControl(q, value, onChange) {
  if (q.type === "set") {
    const box = h("div", { class: "set-control", id: `f-${q.id}`, role: "group", "aria-label": q.label });
    const chosen = new Set(Array.isArray(value) ? value : []);
    const none = h("input", { type: "checkbox", class: "set-none", checked: Array.isArray(value) && value.length === 0 });
    const boxes = (q.choices || []).map((c) => {
      const cb = h("input", { type: "checkbox", value: c.id, checked: chosen.has(c.id) });
      cb.addEventListener("change", () => {
        if (cb.checked) { chosen.add(c.id); none.checked = false; } else chosen.delete(c.id);
        emit();
      });
      return h("label", { class: "check", dataset: { value: c.id } }, cb, h("span", { text: c.label || c.id }));
    });
    const describe = () => (none.checked ? "都不是" : chosen.size ? `已选 ${chosen.size} 项` : "（未填）");
    const emit = () => {
      summary.textContent = details ? `展开选择（${describe()}）` : describe();
      onChange(none.checked ? [] : chosen.size ? (q.choices || []).map((c) => c.id).filter((id) => chosen.has(id)) : undefined);
    };
    none.addEventListener("change", () => {
      if (none.checked) { chosen.clear(); for (const l of boxes) l.querySelector("input").checked = false; }
      emit();
    });
    const summary = h("span", { class: "set-summary" });
    let details = null;
    const noneLabel = h("label", { class: "check check-none", dataset: { value: "__none__" } }, none, h("span", { text: "都不是（都不涉及）" }));
    if (boxes.length > 6) {
      const filter = h("input", { type: "search", class: "filter small", placeholder: "筛选", "aria-label": `筛选${q.label}` });
      filter.addEventListener("input", () => {
        const t = filter.value.trim();
        for (const l of boxes) l.hidden = t !== "" && !l.textContent.includes(t);
      });
      details = h("details", { class: "set-details" }, h("summary", {}, summary), filter, h("div", { class: "checks" }, boxes));
      box.append(noneLabel, details);
      summary.textContent = `展开选择（${describe()}）`;
    } else {
      box.append(noneLabel, h("div", { class: "checks" }, boxes));
    }
    return box;
  }
  if (q.type === "code_set") {
    return h("output", { class: "codes-view", id: `f-${q.id}`, text: Array.isArray(value) ? value.join("，") : "（用上方搜索选择）" });
  }
  if (q.type === "records") {
    const box = h("div", { class: "records-control", id: `f-${q.id}` });
    const none = h("input", { type: "checkbox", class: "set-none", checked: Array.isArray(value) && value.length === 0 });
    const editor = recordsEditor(q, value, (rows) => {
      none.checked = false;
      onChange(rows.length && rows.every((r) => (q.fields || []).every((f) => r[f.id] !== undefined)) ? rows : undefined);
    }, { touch: false });
    none.addEventListener("change", () => onChange(none.checked ? [] : undefined));
    box.append(h("label", { class: "check check-none" }, none, h("span", { text: "没有" })), editor);
    return box;
  }
  const control = compactControl(q, value, onChange);
  control.id = `f-${q.id}`;
  return control;
}

// Search the industries (and catalogue items) by Chinese, pinyin, initials or code. Enter takes
// the first choice; a printed code prefix asks for the 4-digit subclass. Picked values are listed
// with a button to take each back.
function industrySearch(s, onPick) {
  const input = h("input", { type: "search", id: "staff-search", class: "search-input small", placeholder: "行业名称、拼音、首字母或代码，如 yzc、0313", "aria-label": "搜索行业或名录类别" });
  const hits = h("div", { class: "hits compact" });
  const modal = h("div", { class: "complete-host" });
  const chips = h("div", { class: "chips small" });
  let ctl = null;
  const values = (fact) => (Array.isArray(s.facts[fact]) ? [...s.facts[fact]] : []);
  const renderChips = () => {
    clear(chips);
    for (const fact of ["project.industry_codes", "project.catalogue_items"]) {
      for (const v of values(fact)) {
        chips.append(button(`${v} ✕`, () => {
          const rest = values(fact).filter((x) => x !== v);
          onPick(fact, rest);
          renderChips();
        }, "chip small", { "aria-label": `取消 ${v}`, dataset: { fact, value: v } }));
      }
    }
  };
  const add = (fact, value) => {
    const list = values(fact);
    if (!list.includes(value)) list.push(value);
    onPick(fact, list);
    renderChips();
    input.value = "";
    clear(hits);
    input.focus();
  };
  const take = (choice, label) => {
    if (choice.complete !== false) return add(choice.fact, choice.value);
    clear(modal).append(completeCode(choice.value, label, (code) => { clear(modal); add(choice.fact, code); }, () => { clear(modal); input.focus(); }, { touch: false }));
  };
  const run = debounce(async () => {
    const q = input.value.trim();
    if (ctl) ctl.abort();
    if (!q) return clear(hits);
    ctl = new AbortController();
    try {
      const r = await api.search(q, undefined, { limit: 10, signal: ctl.signal });
      clear(hits);
      if (r === null) {
        if (/^\d{4}$/.test(q)) hits.append(hitView({ id: q, title: `行业代码 ${q}`, choices: [{ fact: "project.industry_codes", value: q, complete: true }] }, take, { compact: true }));
        else hits.append(h("p", { class: "hint", text: "本机暂不能按名称搜索，请输入4位行业代码。" }));
        return;
      }
      for (const hit of r.hits.filter((x) => (x.choices || []).length)) hits.append(hitView(hit, take, { compact: true }));
      if (!hits.firstChild) hits.append(h("p", { class: "hint", text: "没有找到。" }));
    } catch (e) {
      if (e.name !== "AbortError") clear(hits).append(h("p", { class: "hint", text: "搜索暂时不可用。" }));
    }
  }, 150);
  input.addEventListener("input", run);
  input.addEventListener("keydown", (e) => {
    if (e.key === "Enter") {
      e.preventDefault();
      const first = hits.querySelector("button.hit, button.hit-choice");
      if (first) first.click();
    } else if (e.key === "Escape") {
      input.value = "";
      clear(hits);
    }
  });
  renderChips();
  return h("div", { class: "staff-search" }, h("label", { for: "staff-search", class: "field-label", text: "搜索行业 / 名录类别（回车选第一项）" }), input, hits, modal,
    h("div", { class: "picked" }, h("span", { class: "picked-label", text: "已选：" }), chips));
}
