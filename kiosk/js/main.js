// The kiosk: one start screen, three ways in, an idle reset that forgets everything.
//
// Configuration comes from GET /api/v1/kiosk-config (place, idle_seconds, mode). For a technician
// or a test, the page's query string may override it: ?place=cn.guangdong.jiangmen&idle=30&mode=
// window&date=2024-06-01 (date: decide as of that day instead of the server's today).
import { h, button, clear, errorBox } from "./dom.js";
import * as api from "./api.js";
import { closePrint, stopSpeaking } from "./result.js";
import { busy } from "./interview.js";

const FLOWS = {
  apply: { title: "建设项目环评办理", desc: "需要编制哪类环评文件、由哪里审批、能否走告知承诺制、要带哪些材料", who: "办事群众、企业", load: () => import("./applicant.js") },
  staff: { title: "告知承诺制审查", desc: "逐项核对环评告知承诺制审批的适用条件和全部排除情形", who: "受理窗口工作人员", load: () => import("./staff.js") },
  officer: { title: "轻微违法免罚查询", desc: "违法行为是否属于不予处罚、可以不予处罚或从轻减轻的情形", who: "执法人员", load: () => import("./officer.js") },
};
const ORDER = { kiosk: ["apply", "staff", "officer"], window: ["staff", "apply", "officer"], field: ["officer", "apply", "staff"] };

const params = new URLSearchParams(location.search);
const ctx = {
  place: "cn",
  placeName: "",
  date: params.get("date") || undefined,
  mode: "kiosk",
  idleSeconds: 120,
  ratings: true,
  session: {},
  go,
  home: () => go(""),
};

const app = document.getElementById("app");

function startScreen() {
  const order = ORDER[ctx.mode] || ORDER.kiosk;
  const tile = (key, i) => {
    const f = FLOWS[key];
    return h("button", { type: "button", class: `tile tile-${key}${i === 0 ? " tile-main" : ""}`, dataset: { flow: key }, onclick: () => go(key) },
      h("span", { class: "tile-title", text: f.title }),
      h("span", { class: "tile-desc", text: f.desc }),
      h("span", { class: "tile-who", text: `适用于：${f.who}` }));
  };
  const minutes = ctx.idleSeconds >= 60 ? `${Math.round(ctx.idleSeconds / 60)} 分钟` : `${ctx.idleSeconds} 秒`;
  return h("section", { class: "screen start" },
    h("h1", { class: "welcome", tabindex: "-1", text: "您好！请选择要办理的事项" }),
    h("div", { class: "tiles" }, order.map(tile)),
    h("p", { class: "hint", text: `请用手指点按屏幕。${minutes}无人操作，本机会回到这一页，并清除已填写的内容。` }));
}

let rendering = 0;
async function render() {
  const route = location.hash.replace(/^#\/?/, "");
  const gen = ++rendering;
  closePrint();
  stopSpeaking();
  ctx.session = {};
  api.abortAll();
  busy(false);
  document.body.dataset.route = route || "start";
  if (!FLOWS[route]) {
    clear(app).append(startScreen());
    app.querySelector(".welcome").focus({ preventScroll: true });
    window.scrollTo(0, 0);
    return;
  }
  clear(app).append(h("p", { class: "loading", text: "正在加载…" }));
  try {
    const mod = await FLOWS[route].load();
    if (gen !== rendering) return;
    await mod.start(app, ctx);
  } catch (e) {
    if (gen !== rendering) return;
    const box = errorBox(e);
    if (box) clear(app).append(h("section", { class: "screen" }, box, h("div", { class: "actions" }, button("返回首页", ctx.home, "primary big"))));
  }
}

// fresh: start the flow anew even when it is the current one.
function go(route, fresh = false) {
  const current = location.hash.replace(/^#\/?/, "");
  if (current === route) {
    if (fresh || !route) render();
    return;
  }
  if (route) {
    location.hash = `#/${route}`;  // hashchange renders
  } else {
    history.pushState(null, "", location.pathname + location.search);
    render();
  }
}

// ---- Idle reset ----------------------------------------------------------------------------
// After idleSeconds without a touch or key the kiosk warns, then returns to the start screen and
// forgets every answer (state, screens, print preview, requests under way, text size).
let lastActivity = Date.now();
let idleTimer = 0;
const warning = document.getElementById("idle-warning");
const countEl = document.getElementById("idle-count");

// Any touch counts as activity. The warning itself closes on its own click (not on pointerdown:
// the tap that closes it must not land on the screen beneath).
function touched() {
  lastActivity = Date.now();
}

function resetKiosk() {
  warning.hidden = true;
  document.documentElement.classList.remove("large");
  document.getElementById("textsize").setAttribute("aria-pressed", "false");
  if (document.activeElement && document.activeElement.blur) document.activeElement.blur();
  if (location.hash) history.replaceState(null, "", location.pathname + location.search);
  render();
  document.body.dataset.resets = String(Number(document.body.dataset.resets || 0) + 1);
}

function idleTick() {
  const idleFor = (Date.now() - lastActivity) / 1000;
  const atStart = !location.hash.replace(/^#\/?/, "") && document.getElementById("print-area").hidden;
  const warnFor = Math.min(20, Math.max(2, Math.floor(ctx.idleSeconds / 3)));  // 120 s: the last 20 s
  if (idleFor >= ctx.idleSeconds) {
    lastActivity = Date.now();
    if (!atStart || document.documentElement.classList.contains("large")) resetKiosk();
  } else if (!atStart && idleFor >= ctx.idleSeconds - warnFor) {
    warning.hidden = false;
    countEl.textContent = String(Math.ceil(ctx.idleSeconds - idleFor));
  }
}

for (const type of ["pointerdown", "keydown", "input", "wheel", "touchstart"]) {
  window.addEventListener(type, touched, { capture: true, passive: true });
}
warning.addEventListener("click", () => {
  touched();
  warning.hidden = true;
});

// ---- Boot ----------------------------------------------------------------------------------
async function boot() {
  document.getElementById("home").addEventListener("click", () => ctx.home());
  const sizeBtn = document.getElementById("textsize");
  sizeBtn.addEventListener("click", () => {
    const large = document.documentElement.classList.toggle("large");
    sizeBtn.setAttribute("aria-pressed", String(large));
  });
  window.addEventListener("hashchange", render);
  window.addEventListener("popstate", () => { if (!location.hash) render(); });
  window.addEventListener("afterprint", () => document.body.classList.remove("printed"));

  let config = {};
  try {
    config = await api.kioskConfig();
  } catch (e) {
    config = {};
  }
  ctx.place = params.get("place") || config.place || "cn";
  ctx.mode = params.get("mode") || config.mode || "kiosk";
  const idle = Number(params.get("idle") || config.idle_seconds || 120);
  ctx.idleSeconds = Number.isFinite(idle) && idle >= 2 ? idle : 120;
  ctx.ratings = config.ratings !== false;
  let placeName = config.place === ctx.place ? config.place_name : "";
  let version = config.kb_version || "";
  try {
    const kb = await api.kbInfo();
    version = version || kb.version;
    const p = kb.places.find((x) => x.id === ctx.place);
    placeName = placeName || (p ? p.name : ctx.place);
  } catch { /* shown without the place name */ }
  ctx.placeName = placeName;
  document.getElementById("place-name").textContent = placeName ? `本机办理地：${placeName}` : "";
  document.getElementById("kb-version").textContent =
    `知识库版本 ${String(version).slice(0, 12)} · 本机不保存您的个人信息${ctx.date ? ` · 按 ${ctx.date} 的规定答复` : ""}`;
  clearInterval(idleTimer);
  idleTimer = setInterval(idleTick, 250);
  document.body.dataset.idleSeconds = String(ctx.idleSeconds);
  document.getElementById("boot")?.remove();
  await render();
  document.body.dataset.readyMs = String(Math.round(performance.now()));
  document.body.dataset.ready = "true";
}

boot();
