// The kiosk's interview: ask the reasoner's next question until the decision is settled.
// No business logic here: the questions, their wording and the decision come from the server.
"use strict";
const $ = (id) => document.getElementById(id);
let facts = {}, history = [], date = "";

function show(id) {
  for (const s of ["start", "question", "result"]) $(s).hidden = s !== id;
  $("error").textContent = "";
}

async function assess() {
  const res = await fetch("/api/v1/assess", {
    method: "POST", headers: {"Content-Type": "application/json"},
    body: JSON.stringify({date, facts, ask: ["eia.document_class"]}),
  });
  const body = await res.json();
  if (!res.ok) throw new Error(body.detail || "查询失败");
  return body;
}

async function step() {
  try {
    const answer = await assess();
    const d = answer.decisions[0];
    if (d.status === "undetermined" && d.next_question) return ask(d.next_question);
    $("r-title").textContent = d.status === "determined" ? `${d.label}：${d.value_label}` : `${d.label}：请咨询窗口工作人员`;
    $("r-text").textContent = answer.text;
    show("result");
  } catch (e) {
    $("error").textContent = e.message;
  }
}

function ask(q) {
  $("progress").textContent = `第 ${history.length + 1} 个问题`;
  $("q-text").textContent = q.question || q.label;
  $("q-help").textContent = q.help || "";
  const box = $("q-input");
  box.innerHTML = "";
  const add = (type, name, value, text) => {
    const label = document.createElement("label");
    label.className = "choice";
    const input = document.createElement("input");
    Object.assign(input, {type, name, value});
    label.append(input, text);
    box.append(label);
  };
  if (q.type === "bool") { add("radio", "a", "true", "是"); add("radio", "a", "false", "否"); }
  else if (q.type === "enum") for (const c of q.choices) add("radio", "a", c.id, c.label || c.id);
  else if (q.type === "set") { for (const c of q.choices) add("checkbox", "a", c.id, c.label || c.id); }
  else {
    const input = document.createElement("input");
    Object.assign(input, {id: "a-text", inputMode: "decimal"});
    box.append(input);
    if (q.unit) box.append(` ${q.unit}`);
  }
  $("next").onclick = () => {
    let value;
    if (q.type === "bool") value = box.querySelector("input:checked")?.value === "true";
    else if (q.type === "enum") value = box.querySelector("input:checked")?.value;
    else if (q.type === "set") value = [...box.querySelectorAll("input:checked")].map((i) => i.value);
    else if (q.type === "code_set") value = $("a-text").value.split(/[,，\s]+/).filter(Boolean);
    else value = Number($("a-text").value);
    if (value === undefined || (q.type === "bool" && !box.querySelector("input:checked")) ||
        (q.type === "number" && !Number.isFinite(value))) { $("error").textContent = "请先作答"; return; }
    history.push(q.id);
    facts[q.id] = value;
    step();
  };
  show("question");
}

$("begin").onclick = () => {
  facts = {}; history = [];
  date = $("date").value || new Date().toISOString().slice(0, 10);
  const codes = $("codes").value.split(/[,，\s]+/).filter(Boolean);
  if (codes.length) facts["project.industry_codes"] = codes;
  step();
};
$("back").onclick = () => {
  const last = history.pop();
  if (last === undefined) return show("start");
  delete facts[last];
  step();
};
$("restart").onclick = () => show("start");
$("date").value = new Date().toISOString().slice(0, 10);
