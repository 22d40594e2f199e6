// The server's API, and what the kiosk does when an endpoint is missing (an older server): every
// fallback still takes its wording and rules from the knowledge base, through /api/v1/assess.
// Endpoints found missing are listed in document.body.dataset.gaps, so a test or a technician
// can see which features are degraded.

export class ApiError extends Error {
  constructor(status, detail, field) {
    super(detail || `HTTP ${status}`);
    this.status = status;
    this.field = field || "";
  }
}

const gaps = new Set();
function noteGap(name) {
  gaps.add(name);
  document.body.dataset.gaps = [...gaps].join(" ");
}
export function hasGap(name) { return gaps.has(name); }

// A request belongs to one visit; resetting the kiosk aborts every request still under way.
let controller = new AbortController();
export function abortAll() {
  controller.abort();
  controller = new AbortController();
}

async function request(method, path, body, { signal, accept = "application/json" } = {}) {
  const signals = [controller.signal];
  if (signal) signals.push(signal);
  const combined = signals.length > 1 && AbortSignal.any ? AbortSignal.any(signals) : (signal || controller.signal);
  const init = { method, signal: combined, headers: { Accept: accept }, cache: "no-store" };
  if (body !== undefined) {
    init.headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  let res;
  try {
    res = await fetch(path, init);
  } catch (e) {
    if (e.name === "AbortError") throw e;
    throw new ApiError(0, "无法连接本机服务，请联系窗口工作人员");
  }
  if (res.status === 204) return null;
  const type = res.headers.get("Content-Type") || "";
  if (!res.ok) {
    let detail = "", field = "";
    if (type.includes("json")) {
      try {
        const problem = await res.json();
        detail = problem.detail || problem.title || "";
        field = problem.field || "";
      } catch { /* the status says enough */ }
    }
    throw new ApiError(res.status, detail, field);
  }
  if (type.includes("json")) return res.json();
  return res.text();
}

export const getJson = (path, opts) => request("GET", path, undefined, opts);
export const postJson = (path, body, opts) => request("POST", path, body, opts);

// An endpoint that is not there (404, or 405 from a server that routes only some methods).
const missing = (e) => e instanceof ApiError && (e.status === 404 || e.status === 405 || e.status === 501);

const query = (params) => {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== "") q.set(k, v);
  const s = q.toString();
  return s ? `?${s}` : "";
};

let kbCache = null;
export async function kbInfo() {
  if (!kbCache) kbCache = await getJson("/api/v1/kb");
  return kbCache;
}

export async function kioskConfig() {
  try {
    return await getJson("/api/v1/kiosk-config");
  } catch (e) {
    if (!missing(e)) throw e;
    noteGap("kiosk-config");
    return {};
  }
}

// The request body of assess, interview and print: one shape everywhere.
export function caseBody({ place, date, ask, facts, depth }) {
  const body = { ask, facts };
  if (place) body.place = place;
  if (date) body.date = date;
  if (depth) body.depth = depth;
  return body;
}

export const assess = (c, opts) => postJson("/api/v1/assess", caseBody(c), opts);

// One step of the interview: the next question the knowledge base wants answered, or done.
// Fallback without /api/v1/interview: the next_question of the first undetermined decision, in
// the order the flow asked them.
export async function interview(c, opts) {
  if (!hasGap("interview")) {
    try {
      const r = await postJson("/api/v1/interview", caseBody({ ...c, depth: undefined }), opts);
      // The flow's decisions are asked in the order given: the first one still open chooses the
      // question (the server ranks questions within a decision, not across the flow's order).
      const first = r.done ? null : c.ask.find((id) => (r.decisions.find((d) => d.id === id) || {}).status === "undetermined");
      if (first && r.question && r.question.for_decision !== first) {
        const own = await postJson("/api/v1/interview", caseBody({ ...c, ask: [first], depth: undefined }), opts);
        if (own.question) r.question = own.question;
      }
      return r;
    } catch (e) {
      if (!missing(e)) throw e;
      noteGap("interview");
    }
  }
  const answer = await assess(c, opts);
  const order = new Map(c.ask.map((id, i) => [id, i]));
  const decisions = [...answer.decisions].sort((a, b) => (order.get(a.id) ?? 99) - (order.get(b.id) ?? 99));
  let question = null;
  const open = new Set();
  for (const d of decisions) {
    if (d.status !== "undetermined") continue;
    for (const m of d.missing || []) open.add(m.id);
    if (!question && d.next_question) question = { ...d.next_question, for_decision: d.id };
  }
  return {
    done: !question,
    question,
    decisions: decisions.map(({ id, label, status, value, value_label }) => ({ id, label, status, value, value_label })),
    progress: { answered: Object.keys(c.facts).length, remaining_at_most: open.size },
    answer,
  };
}

// The vocabulary: every fact a decision reads (or all of them). null when the server lacks it.
export async function facts({ decision, place, date }) {
  try {
    const r = await getJson(`/api/v1/facts${query({ decision, place, date })}`);
    return r.facts;
  } catch (e) {
    if (!missing(e)) throw e;
    noteGap("facts");
    return null;
  }
}

// Search of industries, catalogue rows and items, and offences by Chinese, pinyin, initials or code.
export async function search(q, kind, { limit = 20, signal } = {}) {
  if (hasGap("search")) return null;
  try {
    return await getJson(`/api/v1/search${query({ q, kind, limit })}`, { signal });
  } catch (e) {
    if (!missing(e)) throw e;
    noteGap("search");
    return null;
  }
}

export async function catalogue() {
  try {
    return await getJson("/api/v1/catalogue");
  } catch (e) {
    if (!missing(e)) throw e;
    noteGap("catalogue");
    return null;
  }
}

export async function offences({ place, date }) {
  try {
    return await getJson(`/api/v1/offences${query({ place, date })}`);
  } catch (e) {
    if (!missing(e)) throw e;
    noteGap("offences");
    return null;
  }
}

// The printable sheet (HTML), or null when the server cannot render one.
export async function printSheet(c, paper) {
  if (hasGap("print")) return null;
  try {
    return await postJson(`/api/v1/print${query({ paper })}`, caseBody(c), { accept: "text/html" });
  } catch (e) {
    if (!missing(e)) throw e;
    noteGap("print");
    return null;
  }
}

// 好差评: true when kept, false when the server cannot keep it, an ApiError otherwise.
export async function rate(decisionId, grade) {
  try {
    await postJson("/api/v1/ratings", { decision_id: decisionId, grade });
    return true;
  } catch (e) {
    if (missing(e) && e.field !== "decision_id") {
      noteGap("ratings");
      return false;
    }
    if (e instanceof ApiError && e.status === 503) return false;
    throw e;
  }
}
