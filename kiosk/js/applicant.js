// 建设项目环评办理: an applicant describes the project by touch; the knowledge base asks.
import { h, button, clear, errorBox } from "./dom.js";
import * as api from "./api.js";
import { Interview, busy } from "./interview.js";
import { decisionCard, traceLine, ratingBox, openPrint, speakButton } from "./result.js";

// The decisions an applicant is told, in the order they are shown. Ids only: the labels and
// values come from the knowledge base; a decision the knowledge base lacks is left out.
const ASK = [
  "eia.document_class",
  "approval.authority_level",
  "approval.route",
  "commitment.eligibility",
  "approval.promised_days",
  "approval.statutory_days",
  "approval.materials",
];
const TITLE = "建设项目环评办理";

export async function start(app, ctx) {
  const kb = await api.kbInfo().catch(() => null);
  const known = kb ? new Set(kb.decisions.map((d) => d.id)) : null;
  const ask = known ? ASK.filter((id) => known.has(id)) : ASK;
  const iv = new Interview({
    title: TITLE, ask, place: ctx.place, date: ctx.date, container: app,
    onExit: () => ctx.home(),
    onDone: (interview, opts) => showResult(app, ctx, interview, opts),
  });
  ctx.session.interview = iv;
  iv.step();
}

async function showResult(app, ctx, iv, { early = false } = {}) {
  busy(true);
  // Time limits that no rule in force here decides are left out (of the screen and the sheet
  // alike, so both carry the same decision id).
  const statuses = new Map(((iv.last && iv.last.decisions) || []).map((d) => [d.id, d.status]));
  const caseReq = { ...iv.caseReq("applicant") };
  caseReq.ask = caseReq.ask.filter((id) => !(id.endsWith("_days") && ["no_rule_in_force", "no_rule_applies"].includes(statuses.get(id))));
  let answer;
  try {
    answer = await api.assess(caseReq);
  } catch (e) {
    busy(false);
    const box = errorBox(e);
    if (box) clear(app).append(h("section", { class: "screen" }, box, h("div", { class: "actions" }, button("← 上一步", () => iv.back(), "secondary big"))));
    return;
  } finally {
    busy(false);
  }
  if (ctx.session.interview !== iv) return;  // the kiosk was reset meanwhile
  const byId = new Map(answer.decisions.map((d) => [d.id, d]));
  const shown = caseReq.ask.map((id) => byId.get(id)).filter(Boolean);
  const open = shown.some((d) => d.status === "undetermined");
  const answers = iv.answers();
  const screen = h("section", { class: "screen result", dataset: { flow: "applicant", complete: String(!open) } },
    h("p", { class: "flow-title", text: TITLE }),
    h("h2", { class: "result-title", tabindex: "-1", text: open ? "目前能确定的结果" : "查询结果" }),
    open ? h("p", { class: "notice", text: early
      ? "您选择了先看结果。尚未确定的事项，请带上有关材料到窗口咨询。"
      : "部分事项还不能确定，请到窗口咨询。" }) : null,
    h("div", { class: "decisions" }, shown.map((d, i) => decisionCard(d, { headline: i === 0 }))),
    answers.length ? h("details", { class: "answers-given" },
      h("summary", { text: `您的回答（共 ${answers.length} 项）` }),
      h("dl", {}, answers.map((a) => [h("dt", { text: a.question.label || a.question.question }), h("dd", { text: a.text })]))) : null,
    h("p", { class: "disclaimer", text: "本结果由本机依据所收录的文件自动生成，供办事参考；以窗口受理审查为准。" }),
    traceLine(answer),
    h("div", { class: "actions actions-result" },
      button("打印告知书", () => openPrint(caseReq, answer, { title: TITLE, paper: "a4" }), "primary big print-a4"),
      button("打印小票", () => openPrint(caseReq, answer, { title: TITLE, paper: "receipt" }), "secondary big print-receipt"),
      button("← 返回修改", () => iv.back(), "secondary big back"),
      button("重新查询", () => ctx.go("apply", true), "secondary big restart"),
      speakButton(() => answer.text || "")),
    ctx.ratings ? ratingBox(answer) : null);
  clear(app).append(screen);
  window.scrollTo(0, 0);
  screen.querySelector(".result-title").focus({ preventScroll: true });
}
