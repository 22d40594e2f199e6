// A small element builder. Text from the server is only ever set as text, never parsed as HTML.

export function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === "class") el.className = value;
    else if (key === "text") el.textContent = value;
    else if (key === "dataset") Object.assign(el.dataset, value);
    else if (key.startsWith("on") && typeof value === "function") el.addEventListener(key.slice(2), value);
    else if (key in el && typeof value !== "string") el[key] = value;
    else el.setAttribute(key, value === true ? "" : String(value));
  }
  append(el, children);
  return el;
}

export function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === undefined || c === null || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

export const $ = (sel, root = document) => root.querySelector(sel);
export const $$ = (sel, root = document) => [...root.querySelectorAll(sel)];

export function clear(el) {
  while (el.firstChild) el.firstChild.remove();
  return el;
}

export function button(label, onclick, cls = "", props = {}) {
  return h("button", { type: "button", class: cls, onclick, ...props }, label);
}

export function debounce(fn, ms) {
  let timer = 0;
  const wrapped = (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
  wrapped.cancel = () => clearTimeout(timer);
  return wrapped;
}

// A message for people: server problems are shown in plain words, with the detail for staff.
export function errorBox(e) {
  if (e && e.name === "AbortError") return null;
  const status = e && e.status;
  const plain = status === 0 ? "无法连接本机服务。" : status >= 500 ? "本机服务暂时无法回答。" : "查询未能完成。";
  return h("div", { class: "error", role: "alert" },
    h("p", { text: `${plain}请联系窗口工作人员。` }),
    e && e.message ? h("p", { class: "error-detail", text: `（${e.message}）` }) : null);
}
