// One question at a time, in the order the knowledge base asks them, until every decision asked
// is settled. Back at every step; "不清楚" ends early with what is known (never with a guess).
import { h, button, clear, errorBox } from "./dom.js";
import * as api from "./api.js";
import { questionWidget, noneLabel } from "./widgets.js";

export function busy(on) {
  clearTimeout(busy.timer);
  if (on) busy.timer = setTimeout(() => document.body.classList.add("busy"), 150);
  else document.body.classList.remove("busy");
}

// Describes an answer in the question's own words (for the summary of answers).
export function describeAnswer(q, value) {
  const label = (id) => ((q.choices || []).find((c) => c.id === id) || {}).label || id;
  if (value === true) return "是";
  if (value === false) return "否";
  if (Array.isArray(value)) {
    if (value.length === 0) return q.type === "records" ? "没有" : noneLabel(q);
    if (q.type === "records") {
      return value.map((r) => (q.fields || []).map((f) => {
        const v = r[f.id];
        const c = (f.choices || []).find((x) => x.id === v);
        return c ? c.label : v;
      }).join("，")).join("；");
    }
    return value.map(label).join("、");
  }
  if (q.type === "enum") return label(value);
  if (q.type === "number" && q.unit) return `${value} ${q.unit}`;
  return String(value);
}

export class Interview {
  // opts: {title, ask, place, date, facts, container, onDone(iv), onExit(), unsureLabel}
  constructor(opts) {
    this.opts = opts;
    this.facts = { ...(opts.facts || {}) };
    this.history = [];  // {question, value, before}
    this.pending = undefined;  // the value to show when going back to a question
    this.generation = 0;
  }

  caseReq(depth) {
    return { place: this.opts.place, date: this.opts.date, ask: this.opts.ask, facts: this.facts, depth };
  }

  async step() {
    const gen = ++this.generation;
    busy(true);
    try {
      const r = await api.interview(this.caseReq());
      if (gen !== this.generation) return;
      this.last = r;
      if (r.done) return this.opts.onDone(this);
      this.render(r);
    } catch (e) {
      if (gen !== this.generation) return;
      const box = errorBox(e);
      if (box) clear(this.opts.container).append(h("section", { class: "screen" }, box,
        h("div", { class: "actions" }, button("上一步", () => this.back(), "secondary big"))));
    } finally {
      if (gen === this.generation) busy(false);
    }
  }

  answer(q, value, extra = {}) {
    this.history.push({ question: q, value, before: { ...this.facts } });
    this.facts[q.id] = value;
    for (const [fact, v] of Object.entries(extra)) this.facts[fact] = v;
    this.pending = undefined;
    this.step();
  }

  back() {
    const last = this.history.pop();
    if (!last) return this.opts.onExit();
    this.facts = last.before;
    this.pending = { id: last.question.id, value: last.value };
    this.step();
  }

  render(r) {
    const q = r.question;
    const current = this.pending && this.pending.id === q.id ? this.pending.value : this.facts[q.id];
    const n = this.history.length + 1;
    const remaining = r.progress ? r.progress.remaining_at_most : undefined;
    const total = (r.decisions || []).length;
    const settled = (r.decisions || []).filter((d) => d.status !== "undetermined").length;
    const fill = h("div", { class: "bar-fill" });
    // Progress: the decisions settled so far; for a single decision, the questions answered of
    // those that may still come.
    const share = total > 1 ? settled / total : remaining !== undefined ? (n - 1) / (n - 1 + Math.max(1, remaining)) : 0;
    fill.style.width = `${Math.round(100 * share)}%`;
    const progressText = [`第 ${n} 题`, total > 1 ? `已得出 ${settled}/${total} 项结论` : null,
      remaining !== undefined && remaining <= 20 ? `最多还有 ${remaining} 题` : null].filter(Boolean).join(" · ");
    const heading = h("h2", { class: "question", tabindex: "-1", text: q.question || q.label });
    const screen = h("section", { class: "screen interview", dataset: { question: q.id, type: q.type } },
      h("div", { class: "progress" },
        h("span", { class: "flow-title", text: this.opts.title }),
        h("span", { class: "progress-text", text: progressText }),
        h("div", { class: "bar", role: "progressbar", "aria-label": "已得出的结论", "aria-valuemin": "0", "aria-valuemax": String(total), "aria-valuenow": String(settled) }, fill)),
      heading,
      q.help ? h("p", { class: "help", text: q.help }) : null,
      questionWidget(q, current, (value, extra) => this.answer(q, value, extra), { place: this.opts.place }),
      h("nav", { class: "step-nav" },
        button("← 上一步", () => this.back(), "secondary big back"),
        button(this.opts.unsureLabel || "不清楚，先看结果", () => this.opts.onDone(this, { early: true }), "secondary big unsure")));
    clear(this.opts.container).append(screen);
    window.scrollTo(0, 0);
    heading.focus({ preventScroll: true });
  }

  // The answers given, in the order they were asked, for the summary on the result.
  answers() {
    return this.history.map(({ question, value }) => ({ question, value, text: describeAnswer(question, value) }));
  }
}
