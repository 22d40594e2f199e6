// How a question from the knowledge base is answered by touch: one widget per fact type. The
// wording, the choices, the unit and the help all come with the question; nothing about the rules
// is known here. Labels of the interface itself (确定, 都不是, …) are the only text of our own.
import { h, button, clear, debounce } from "./dom.js";
import { keyboard } from "./keyboard.js";
import * as api from "./api.js";

// A date as 年 / 月 / 日 selects: the same Chinese order on every machine (a native date field
// follows the browser's locale), and big targets on a touch screen. value "YYYY-MM-DD" or "".
export function dateControl(value, onChange, { id = "", label = "日期", big = false } = {}) {
  const now = new Date().getFullYear();
  const [y0, m0, d0] = /^\d{4}-\d{2}-\d{2}$/.test(value || "") ? value.split("-") : ["", "", ""];
  const pad = (n) => String(n).padStart(2, "0");
  const select = (cls, unit, from, to, current, desc = false) => {
    const options = [];
    for (let i = from; i <= to; i++) options.push(desc ? to - (i - from) : i);
    const sel = h("select", { class: `date-part ${cls}`, "aria-label": `${label}（${unit}）` },
      h("option", { value: "", text: unit }), options.map((n) => h("option", { value: cls === "date-y" ? String(n) : pad(n), text: `${n}${unit}` })));
    sel.value = current;
    return sel;
  };
  const year = select("date-y", "年", 1980, now + 1, y0, true);
  const month = select("date-m", "月", 1, 12, m0);
  const day = select("date-d", "日", 1, 31, d0);
  const box = h("span", { class: `date-control${big ? " big" : ""}`, id: id || undefined, role: "group", "aria-label": label }, year, month, day);
  box.value = value || "";
  const emit = () => {
    let v = "";
    if (year.value && month.value && day.value) {
      const d = new Date(Date.UTC(Number(year.value), Number(month.value) - 1, Number(day.value)));
      // 2月30日 and the like are not dates.
      if (d.getUTCMonth() === Number(month.value) - 1) v = `${year.value}-${month.value}-${day.value}`;
    }
    box.value = v;
    box.dataset.value = v;
    box.classList.toggle("bad", !v && Boolean(year.value && month.value && day.value));
    if (onChange) onChange(v || undefined);
  };
  for (const sel of [year, month, day]) sel.addEventListener("change", emit);
  box.dataset.value = box.value;
  return box;
}

// The word for "none of them" depends on what the question lists (its own text says which).
export function noneLabel(q) {
  const text = `${q.question || ""} ${q.help || ""}`;
  const m = text.match(/选(?:择)?“(都[^”]{1,4})”/);
  return m ? m[1] : "都不是";
}

const FILTER_FROM = 10;  // choice lists longer than this get a filter box

function filterBox(items, placeholder) {
  const input = h("input", { type: "search", class: "filter", placeholder, "aria-label": placeholder, autocomplete: "off" });
  const apply = () => {
    const q = input.value.trim().toLowerCase();
    for (const [el, text] of items) el.hidden = q !== "" && !text.toLowerCase().includes(q);
  };
  input.addEventListener("input", apply);
  return input;
}

function confirmRow(onConfirm, extra = []) {
  return h("div", { class: "actions confirm-row" }, button("确定", onConfirm, "primary big confirm"), ...extra);
}

function invalid(box, message) {
  let msg = box.querySelector(".invalid");
  if (!msg) {
    msg = h("p", { class: "invalid", role: "alert" });
    box.append(msg);
  }
  msg.textContent = message;
}

function boolWidget(q, current, answer) {
  const yes = button("是", () => answer(true), `primary big choice-yes${current === true ? " chosen" : ""}`);
  const no = button("否", () => answer(false), `primary big choice-no${current === false ? " chosen" : ""}`);
  return h("div", { class: "answers answers-bool" }, yes, no);
}

function enumWidget(q, current, answer) {
  const items = q.choices.map((c) => {
    const el = button(c.label || c.id, () => answer(c.id), `choice${current === c.id ? " chosen" : ""}`, { dataset: { value: c.id } });
    return [el, c.label || c.id];
  });
  const list = h("div", { class: "answers answers-list" }, items.map(([el]) => el));
  if (items.length <= FILTER_FROM) return list;
  return h("div", {}, filterBox(items, "输入文字筛选"), list);
}

function setWidget(q, current, answer) {
  const chosen = new Set(Array.isArray(current) ? current : []);
  const items = q.choices.map((c) => {
    const el = h("button", {
      type: "button", class: `choice toggle${chosen.has(c.id) ? " chosen" : ""}`, "aria-pressed": String(chosen.has(c.id)),
      dataset: { value: c.id },
      onclick: () => {
        if (chosen.has(c.id)) chosen.delete(c.id); else chosen.add(c.id);
        el.classList.toggle("chosen", chosen.has(c.id));
        el.setAttribute("aria-pressed", String(chosen.has(c.id)));
      },
    }, h("span", { class: "tick", "aria-hidden": "true" }), c.label || c.id);
    return [el, c.label || c.id];
  });
  const box = h("div", { class: "answers answers-set" }, items.map(([el]) => el));
  const none = button(noneLabel(q), () => answer([]), "secondary big none");
  const confirm = () => {
    if (chosen.size === 0) return invalid(wrap, `请选择一项或多项；都没有的，请按“${noneLabel(q)}”。`);
    answer(q.choices.map((c) => c.id).filter((id) => chosen.has(id)));
  };
  const wrap = h("div", {}, items.length > FILTER_FROM ? filterBox(items, "输入文字筛选") : null, box,
    confirmRow(confirm, [none]));
  return wrap;
}

function numberWidget(q, current, answer) {
  const input = h("input", {
    type: "text", inputmode: "decimal", class: "number-input", autocomplete: "off",
    "aria-label": q.label || q.question, value: current === undefined ? "" : String(current),
  });
  const confirm = () => {
    // Full-width digits and separators are read as ASCII; the server accepts them as well.
    const text = input.value.trim().replace(/[０-９．]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/[,，\s]/g, "");
    const value = Number(text);
    if (text === "" || !Number.isFinite(value)) return invalid(wrap, "请输入一个数字。");
    answer(value);
  };
  input.addEventListener("keydown", (e) => { if (e.key === "Enter") confirm(); });
  const wrap = h("div", { class: "answers answers-number" },
    h("div", { class: "number-line" }, input, q.unit ? h("span", { class: "unit", text: q.unit }) : null),
    keyboard(input, "decimal"),
    confirmRow(confirm));
  return wrap;
}

function dateWidget(q, current, answer) {
  const input = dateControl(current || "", null, { label: q.label || q.question, big: true });
  const confirm = () => {
    if (!input.value) return invalid(wrap, "请选择年、月、日。");
    answer(input.value);
  };
  const wrap = h("div", { class: "answers answers-date" }, input, confirmRow(confirm));
  return wrap;
}

function stringWidget(q, current, answer) {
  const input = h("input", { type: "text", class: "text-input", "aria-label": q.label || q.question, value: current || "", autocomplete: "off" });
  const confirm = () => {
    const v = input.value.trim();
    if (!v) return invalid(wrap, "请填写。");
    if (q.pattern && !new RegExp(`^(?:${q.pattern})$`).test(v)) return invalid(wrap, "格式不对，请核对后再填。");
    answer(v);
  };
  const wrap = h("div", { class: "answers answers-text" }, input, confirmRow(confirm));
  return wrap;
}

// A control for one field of a record (or any compact fact): select, date or text.
export function compactControl(f, value, onChange, idPrefix = "") {
  const id = `${idPrefix}${f.id}`;
  if (f.type === "enum" || f.type === "bool") {
    const options = f.type === "bool" ? [{ id: "true", label: "是" }, { id: "false", label: "否" }] : f.choices || [];
    const sel = h("select", { id, "aria-label": f.label, dataset: { fact: f.id } },
      h("option", { value: "", text: "（未填）" }),
      options.map((c) => h("option", { value: c.id, text: c.label || c.id })));
    sel.value = value === undefined || value === null ? "" : String(value);
    sel.addEventListener("change", () => {
      const v = sel.value;
      onChange(v === "" ? undefined : f.type === "bool" ? v === "true" : v);
    });
    return sel;
  }
  if (f.type === "date") {
    const control = dateControl(value || "", onChange, { id, label: f.label });
    control.dataset.fact = f.id;
    return control;
  }
  if (f.type === "number") {
    const input = h("input", { id, type: "text", inputmode: "decimal", "aria-label": f.label, value: value ?? "", autocomplete: "off", dataset: { fact: f.id } });
    input.addEventListener("input", () => {
      const t = input.value.trim();
      const n = Number(t);
      input.classList.toggle("bad", t !== "" && !Number.isFinite(n));
      if (t === "") onChange(undefined); else if (Number.isFinite(n)) onChange(n);
    });
    return input;
  }
  const input = h("input", { id, type: "text", "aria-label": f.label, value: value ?? "", autocomplete: "off", dataset: { fact: f.id } });
  input.addEventListener("input", () => onChange(input.value.trim() || undefined));
  return input;
}

// Records (e.g. prior offences): a list of rows, one control per field; "没有" answers [].
export function recordsEditor(q, current, onChange, { touch = true } = {}) {
  const fields = q.fields || [];
  const rows = Array.isArray(current) ? current.map((r) => ({ ...r })) : [];
  const list = h("div", { class: "records" });
  const emit = () => onChange && onChange(rows.map((r) => ({ ...r })));
  const render = () => {
    clear(list);
    if (rows.length === 0) list.append(h("p", { class: "records-empty", text: "尚未添加。" }));
    rows.forEach((row, i) => {
      list.append(h("div", { class: "record" },
        h("span", { class: "record-no", text: `第${i + 1}条` }),
        fields.map((f) => h("label", { class: "record-field" },
          h("span", { class: "field-label", text: f.label }),
          compactControl(f, row[f.id], (v) => { if (v === undefined) delete row[f.id]; else row[f.id] = v; emit(); }, `rec${i}-`))),
        button("删除", () => { rows.splice(i, 1); render(); emit(); }, `secondary${touch ? "" : " small"} remove`)));
    });
  };
  render();
  const add = button("添加一条", () => { rows.push({}); render(); emit(); }, `secondary${touch ? " big" : ""} add-record`);
  const box = h("div", { class: "records-editor" }, list, add);
  box.rows = rows;
  box.complete = () => rows.every((r) => fields.every((f) => r[f.id] !== undefined && r[f.id] !== ""));
  return box;
}

function recordsWidget(q, current, answer) {
  const editor = recordsEditor(q, current, null);
  const confirm = () => {
    if (editor.rows.length === 0) return invalid(wrap, "请逐条添加；没有的，请按“没有”。");
    if (!editor.complete()) return invalid(wrap, "每一条的各项都要填写。");
    answer(editor.rows.map((r) => ({ ...r })));
  };
  const wrap = h("div", { class: "answers answers-records" }, editor,
    confirmRow(confirm, [button("没有", () => answer([]), "secondary big none")]));
  return wrap;
}

// ---- Industry and catalogue picker ---------------------------------------------------------
// Search by Chinese, pinyin, initials or code, or browse the catalogue's categories and rows. A
// hit offers `choices`, each setting one fact (project.industry_codes or project.catalogue_items)
// to a value; a choice with complete = false is a printed code prefix ("031") and the 4-digit
// subclass that begins with it is asked for (the knowledge base holds no GB/T 4754 table).

// The part of a hit's title that names a choice ("牲畜饲养031；家禽饲养032" and 032 -> 家禽饲养032).
export function choiceLabel(hit, choice) {
  if (choice.fact === "project.catalogue_items") return hit.title;
  // The printed item that carries the code, from the title or the detail ("牲畜饲养031").
  for (const source of [hit.title, hit.detail]) {
    const parts = String(source || "").split(/[；;、，,：:。（）()]/).map((p) => p.trim());
    const part = parts.find((p) => p.includes(choice.value) && p !== choice.value);
    if (part && part !== hit.title) return part;
  }
  return String(hit.title || "").includes(choice.value) ? hit.title : `${hit.title} ${choice.value}`;
}

// The choices of one hit as buttons; `take(choice, label)` gets the one pressed.
export function hitView(hit, take, { compact = false } = {}) {
  const choices = hit.choices || [];
  const head = [h("span", { class: "hit-title", text: hit.title }),
    hit.detail ? h("span", { class: "hit-detail", text: hit.detail }) : null];
  if (choices.length <= 1) {
    return h("button", {
      type: "button", class: `hit${compact ? " small" : ""}`, disabled: choices.length === 0,
      dataset: { hit: hit.id, fact: choices[0] ? choices[0].fact : "", value: choices[0] ? choices[0].value : "" },
      onclick: () => choices[0] && take(choices[0], choiceLabel(hit, choices[0])),
    }, head);
  }
  return h("div", { class: "hit hit-group", dataset: { hit: hit.id } }, head,
    h("div", { class: "hit-choices" }, choices.map((c) => button(
      `${choiceLabel(hit, c)}${c.complete ? "" : "…"}`, () => take(c, choiceLabel(hit, c)),
      `hit-choice${compact ? " small" : ""}`, { dataset: { fact: c.fact, value: c.value } }))));
}

// Asks for the 4-digit subclass under a printed prefix; done(code) or cancel().
export function completeCode(prefix, label, done, cancel, { touch = true } = {}) {
  const input = h("input", { type: "text", inputmode: "numeric", class: touch ? "number-input" : "small", maxlength: "4", value: prefix, autocomplete: "off",
    "aria-label": `以${prefix}开头的4位行业小类代码` });
  const box = h("div", { class: "complete-code", role: "group" });
  const ok = () => {
    const v = input.value.trim().replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
    if (!/^\d{4}$/.test(v) || !v.startsWith(prefix)) return invalid(box, `请输入以 ${prefix} 开头的4位代码。`);
    done(v);
  };
  input.addEventListener("keydown", (e) => { if (e.key === "Enter") { e.preventDefault(); ok(); } if (e.key === "Escape") cancel(); });
  box.append(
    h("p", { class: "complete-title", text: `“${label}”在名录中只印了代码 ${prefix}，还需要4位行业小类代码（以 ${prefix} 开头）。` }),
    h("p", { class: "hint", text: "小类代码见营业执照经营范围或项目备案文件；不清楚的，请到窗口咨询。" }),
    input, touch ? keyboard(input, "decimal") : null,
    h("div", { class: "actions" }, button("确定", ok, touch ? "primary big" : "primary small"), button("取消", cancel, touch ? "secondary big" : "secondary small")));
  setTimeout(() => input.focus(), 0);
  return box;
}

export function industryPicker(q, current, answer) {
  const picked = new Map();  // fact|value -> {fact, value, title}
  for (const code of Array.isArray(current) ? current : []) picked.set(`${q.id}|${code}`, { fact: q.id, value: code, title: code });
  const chips = h("div", { class: "chips", "aria-live": "polite" });
  const renderChips = () => {
    clear(chips);
    if (picked.size === 0) chips.append(h("span", { class: "chips-empty", text: "尚未选择" }));
    for (const [key, p] of picked) {
      chips.append(h("button", { type: "button", class: "chip", dataset: { fact: p.fact, value: p.value }, "aria-label": `取消 ${p.title}`, onclick: () => { picked.delete(key); renderChips(); } },
        p.title, h("span", { class: "chip-x", "aria-hidden": "true", text: " ✕" })));
    }
  };
  const add = (fact, value, title) => {
    picked.set(`${fact}|${value}`, { fact, value, title });
    renderChips();
  };
  const modal = h("div", { class: "complete-host" });
  const take = (choice, label) => {
    if (choice.complete !== false) return add(choice.fact, choice.value, label.includes(choice.value) ? label : `${label} ${choice.value}`);
    clear(modal).append(completeCode(choice.value, label, (code) => { clear(modal); add(choice.fact, code, `${label.replace(choice.value, "")} ${code}`); },
      () => clear(modal)));
    modal.scrollIntoView({ block: "nearest" });
  };

  // Search
  const input = h("input", { type: "search", class: "search-input", autocomplete: "off", "aria-label": "搜索行业",
    placeholder: "名称、拼音、拼音首字母或行业代码" });
  const results = h("div", { class: "hits", "aria-live": "polite" });
  let searchCtl = null;
  const runSearch = debounce(async () => {
    const text = input.value.trim();
    if (searchCtl) searchCtl.abort();
    if (!text) return clear(results);
    searchCtl = new AbortController();
    try {
      const r = await api.search(text, undefined, { limit: 12, signal: searchCtl.signal });
      clear(results);
      if (r === null) {
        // Without the search endpoint only a full code can be taken.
        if (/^\d{4}$/.test(text)) results.append(hitView({ id: text, title: text, choices: [{ fact: q.id, value: text, complete: true }] }, take));
        else results.append(h("p", { class: "hint", text: "本机暂不能按名称搜索，请输入4位行业代码，或到窗口咨询。" }));
        return;
      }
      const hits = r.hits.filter((x) => (x.choices || []).length);
      if (hits.length === 0) results.append(h("p", { class: "hint", text: "没有找到，请换个说法，或按类别浏览。" }));
      for (const hit of hits) results.append(hitView(hit, take));
    } catch (e) {
      if (e.name !== "AbortError") clear(results).append(h("p", { class: "hint", text: "搜索暂时不可用。" }));
    }
  }, 200);
  input.addEventListener("input", runSearch);
  const searchPane = h("div", { class: "pane pane-search" },
    h("div", { class: "search-line" }, input), keyboard(input, "letters"), results);

  // Browse: categories, then rows; a row's choices are those of its own search hit.
  const browsePane = h("div", { class: "pane pane-browse", hidden: true });
  const showCategories = async () => {
    clear(browsePane).append(h("p", { class: "loading", text: "正在加载…" }));
    const cat = await api.catalogue().catch(() => null);
    clear(browsePane);
    if (!cat) return browsePane.append(h("p", { class: "hint", text: "本机暂不能按类别浏览，请使用搜索。" }));
    for (const c of cat.catalogues) {
      if (cat.catalogues.length > 1) browsePane.append(h("h3", { text: c.title }));
      browsePane.append(h("div", { class: "answers answers-grid" }, c.categories.map((g) =>
        button(`${g.no ? `${g.no}、` : ""}${g.name}`, () => showRows(g), "choice category"))));
    }
  };
  const showRows = (g) => {
    clear(browsePane);
    browsePane.append(button("← 返回类别", showCategories, "secondary back-cat"), h("h3", { text: g.name }));
    browsePane.append(h("div", { class: "answers answers-list" }, g.rows.map((row) =>
      button(`第${row.row}行 ${row.item}`, () => showRow(g, row), "choice row"))));
  };
  const showRow = async (g, row) => {
    clear(browsePane);
    browsePane.append(button("← 返回本类", () => showRows(g), "secondary back-cat"));
    const list = h("div", { class: "hits" }, h("p", { class: "loading", text: "正在加载…" }));
    browsePane.append(list);
    const r = await api.search(row.item, "row", { limit: 50 }).catch(() => null);
    const hit = r && r.hits.find((x) => (x.rows || []).includes(row.row) && (x.choices || []).length);
    clear(list);
    if (hit) list.append(hitView(hit, take));
    else list.append(h("p", { class: "hint", text: "本行不能直接选择，请使用搜索或到窗口咨询。" }));
  };

  const tabSearch = button("搜索", () => switchTo("search"), "tab", { "aria-selected": "true", role: "tab" });
  const tabBrowse = button("按类别浏览", () => switchTo("browse"), "tab", { "aria-selected": "false", role: "tab" });
  const switchTo = (which) => {
    searchPane.hidden = which !== "search";
    browsePane.hidden = which !== "browse";
    tabSearch.setAttribute("aria-selected", String(which === "search"));
    tabBrowse.setAttribute("aria-selected", String(which === "browse"));
    if (which === "browse" && !browsePane.firstChild) showCategories();
  };

  const confirm = () => {
    if (picked.size === 0) return invalid(wrap, "请先搜索并选择；都不是的，请按“都不是”。");
    const byFact = {};
    for (const p of picked.values()) (byFact[p.fact] ||= []).push(p.value);
    // A project named only by an uncoded catalogue item (e.g. 污水处理) has no industry code of
    // the catalogue to give: its own fact is answered "none" and the item is given with it.
    const own = byFact[q.id] || [];
    delete byFact[q.id];
    answer(own, byFact);
  };
  renderChips();
  const wrap = h("div", { class: "answers answers-industry" },
    h("div", { class: "tabs", role: "tablist" }, tabSearch, tabBrowse),
    searchPane, browsePane, modal,
    h("div", { class: "picked" }, h("span", { class: "picked-label", text: "已选择：" }), chips),
    confirmRow(confirm, [button("都不是", () => answer([]), "secondary big none")]));
  return wrap;
}

// The widget for a question, by its type. answer(value, extraFacts?) is called once answered.
export function questionWidget(q, current, answer, ctx = {}) {
  switch (q.type) {
    case "bool": return boolWidget(q, current, answer);
    case "enum": return enumWidget(q, current, answer);
    case "set": return setWidget(q, current, answer);
    case "number": return numberWidget(q, current, answer);
    case "code_set": return industryPicker(q, current, answer, ctx);
    case "date": return dateWidget(q, current, answer);
    case "records": return recordsWidget(q, current, answer);
    default: return stringWidget(q, current, answer);
  }
}
