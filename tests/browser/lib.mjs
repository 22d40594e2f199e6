// Shared helpers of the kiosk's browser tests: Debian's Chromium, driven headless by
// playwright-core, against the real server (started by scripts/browser-test.sh, which passes
// KIOSK_URL) and the real knowledge base. Screenshots go to SCREENSHOT_DIR.
import { chromium } from "playwright-core";
import { mkdirSync } from "node:fs";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import assert from "node:assert/strict";

export const BASE = process.env.KIOSK_URL || "http://127.0.0.1:8080";
export const SHOTS = process.env.SCREENSHOT_DIR || path.resolve("screenshots");
const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";

export const PORTRAIT = { width: 1080, height: 1920 };
export const LANDSCAPE = { width: 1366, height: 768 };

// One browser per test file; a fresh context (no cookies, no storage) per test.
export async function launch() {
  const profile = mkdtempSync(path.join(tmpdir(), "kiosk-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: PORTRAIT,
    locale: "zh-CN",
    timezoneId: "Asia/Shanghai",
    env: { ...process.env, LANG: "zh_CN.UTF-8", LANGUAGE: "zh_CN:zh" },
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync",
      "--disable-dev-shm-usage", "--lang=zh-CN", "--force-color-profile=srgb", "--hide-scrollbars", "--font-render-hinting=none"],
  });
  context.setDefaultTimeout(10000);
  const errors = [];
  context.on("page", (p) => watch(p, errors));
  for (const p of context.pages()) watch(p, errors);
  return {
    context,
    errors,
    async page(query = "") {
      const page = context.pages()[0] || (await context.newPage());
      await page.setViewportSize(PORTRAIT);
      await page.goto(`${BASE}/${query}`);
      await page.waitForSelector("body[data-ready='true']");
      return page;
    },
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

function watch(page, errors) {
  page.on("pageerror", (e) => errors.push(`pageerror: ${e.message}`));
  page.on("console", (m) => {
    // A refused inline style or script would show up here: the kiosk must live with the CSP.
    if (m.type() === "error") errors.push(`console: ${m.text()}`);
  });
}

// Endpoints the kiosk found missing (it degrades and notes them on <body data-gaps>).
export async function gaps(page) {
  return (await page.getAttribute("body", "data-gaps")) || "";
}

// Screenshots of the current screen: portrait 1080x1920 and landscape 1366x768 (the viewport, as a
// user sees it, and the whole page at 1366 wide). Layout checks run at both sizes.
export async function shoot(page, name, { kioskRules = true } = {}) {
  mkdirSync(SHOTS, { recursive: true });
  const files = [];
  for (const size of [PORTRAIT, LANDSCAPE]) {
    await page.setViewportSize(size);
    await page.waitForTimeout(150);
    const file = path.join(SHOTS, `${name}-${size.width}x${size.height}.png`);
    await page.screenshot({ path: file });
    files.push(file);
    await assertLayout(page, { kioskRules, label: `${name} ${size.width}x${size.height}` });
  }
  // The whole page from its top (a sticky bar would otherwise be drawn where the window was).
  const full = path.join(SHOTS, `${name}-1366-full.png`);
  const y = await page.evaluate(() => window.scrollY);
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: full, fullPage: true });
  await page.evaluate((top) => window.scrollTo(0, top), y);
  files.push(full);
  await page.setViewportSize(PORTRAIT);
  return files;
}

// What the screenshots are looked at for, checked by program as well: nothing wider than the
// window, no two controls on top of each other, and (for the public flows) the 适老化 figures:
// text >= 24 px, main actions >= 40 px, touch targets >= 60x60, contrast >= 4.5:1.
export async function assertLayout(page, { kioskRules = true, label = "" } = {}) {
  const report = await page.evaluate((kioskRules) => {
    const problems = [];
    const visible = (el) => {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0) return false;
      // Content of a closed <details> keeps its boxes but is not rendered.
      if (el.checkVisibility && !el.checkVisibility({ contentVisibilityAuto: true, visibilityProperty: true })) return false;
      for (let e = el; e; e = e.parentElement) {
        const cs = getComputedStyle(e);
        if (cs.display === "none" || cs.visibility === "hidden") return false;
      }
      return true;
    };
    const name = (el) => `${el.tagName.toLowerCase()}${el.className && typeof el.className === "string" ? "." + el.className.trim().split(/\s+/).join(".") : ""} "${(el.textContent || el.value || "").trim().slice(0, 24)}"`;
    if (document.documentElement.scrollWidth > window.innerWidth + 1) {
      problems.push(`page is ${document.documentElement.scrollWidth}px wide in a ${window.innerWidth}px window`);
    }
    const root = document.getElementById("print-area").hidden ? document.body : document.getElementById("print-area");
    for (const el of root.querySelectorAll("main *, header *, #print-area .print-bar *")) {
      if (!visible(el)) continue;
      if (el.scrollWidth > el.clientWidth + 2 && getComputedStyle(el).overflowX === "visible" && el.clientWidth > 0 &&
          !["INPUT", "SELECT", "TEXTAREA"].includes(el.tagName)) {
        const r = el.getBoundingClientRect();
        if (r.right > window.innerWidth + 1) problems.push(`overflows the window: ${name(el)}`);
      }
    }
    const controls = [...root.querySelectorAll("button, input:not([type=checkbox]), select, summary")].filter(visible);
    const boxes = controls.map((el) => [el, el.getBoundingClientRect()]);
    // A bar that stays in place (sticky or fixed) covers what scrolls beneath it by design.
    const pinned = (el) => {
      for (let e = el; e && e !== document.body; e = e.parentElement) {
        const pos = getComputedStyle(e).position;
        if (pos === "sticky" || pos === "fixed") return e;
      }
      return null;
    };
    for (let i = 0; i < boxes.length; i++) {
      for (let j = i + 1; j < boxes.length; j++) {
        const [a, ra] = boxes[i], [b, rb] = boxes[j];
        if (a.contains(b) || b.contains(a)) continue;
        if (pinned(a) !== pinned(b)) continue;
        const w = Math.min(ra.right, rb.right) - Math.max(ra.left, rb.left);
        const hgt = Math.min(ra.bottom, rb.bottom) - Math.max(ra.top, rb.top);
        if (w > 2 && hgt > 2) problems.push(`overlap: ${name(a)} and ${name(b)}`);
      }
    }
    if (!kioskRules) return problems;
    for (const [el, r] of boxes) {
      if (el.closest(".print-page")) continue;
      if (r.width < 59.5 || r.height < 59.5) problems.push(`touch target ${Math.round(r.width)}x${Math.round(r.height)}: ${name(el)}`);
    }
    // Text size and contrast of every visible text.
    const lum = (c) => {
      const [r, g, b] = c.map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
      return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    const rgba = (s) => (s.match(/[\d.]+/g) || []).map(Number);
    const background = (el) => {
      for (let e = el; e; e = e.parentElement) {
        const c = rgba(getComputedStyle(e).backgroundColor);
        if (c.length >= 3 && (c.length === 3 || c[3] > 0.5)) return c.slice(0, 3);
      }
      return [255, 255, 255];
    };
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    const seen = new Set();
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      if (!n.textContent.trim() || seen.has(el) || !el || !visible(el) || el.closest(".print-page, .topbar, footer, script, style")) continue;
      if (!el.closest("main, #print-area")) continue;
      seen.add(el);
      const cs = getComputedStyle(el);
      const size = parseFloat(cs.fontSize);
      if (size < 23.5) problems.push(`text ${size}px: ${name(el)}`);
      const fg = rgba(cs.color).slice(0, 3), bg = background(el);
      const [l1, l2] = [lum(fg), lum(bg)].sort((x, y) => y - x);
      const ratio = (l1 + 0.05) / (l2 + 0.05);
      if (ratio < 4.5) problems.push(`contrast ${ratio.toFixed(2)}: ${name(el)}`);
    }
    const main = [...root.querySelectorAll("button.primary.big")].filter(visible);
    for (const el of main) {
      const size = parseFloat(getComputedStyle(el).fontSize);
      if (size < 39.5) problems.push(`main action ${size}px: ${name(el)}`);
    }
    return problems;
  }, kioskRules);
  assert.deepEqual(report, [], `${label}: layout problems`);
}

// Clicks a button by its visible text (exact), within an optional scope selector.
export async function press(page, text, scope = "main") {
  const loc = page.locator(`${scope} button:visible`, { hasText: text }).filter({ hasText: new RegExp(`^\\s*${escape(text)}\\s*$`) });
  await loc.first().click();
}

const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

// Waits until the interview shows the question about `fact` (or the result screen), and returns
// which of the two it is.
export async function nextScreen(page) {
  const el = await page.waitForSelector("section.screen.interview, section.screen.result", { state: "visible" });
  await page.waitForFunction(() => !document.body.classList.contains("busy"));
  return el.evaluate((e) => (e.classList.contains("result") ? "result" : e.dataset.question));
}

// Answers the interview's questions from `facts` until the result; returns the questions asked.
// A question whose fact is not in `facts` fails the test (the case must be complete).
// How long each answered question took to bring the next screen (reported by the tests).
export const stepTimes = [];

// `shots` names question screens to photograph (fact id -> screenshot name) before answering.
export async function answerInterview(page, facts, { pick, shots = {} } = {}) {
  const asked = [];
  for (let i = 0; i < 40; i++) {
    await page.waitForFunction(() => !document.body.classList.contains("busy") && document.querySelector("section.screen.interview, section.screen.result"));
    const screen = await page.$("section.screen.result");
    if (screen) return asked;
    const q = await page.getAttribute("section.screen.interview", "data-question");
    const type = await page.getAttribute("section.screen.interview", "data-type");
    asked.push(q);
    if (shots[q]) await shoot(page, shots[q]);
    const started = Date.now();
    if (pick && pick[q]) await pick[q](page);
    else {
      assert.ok(q in facts, `the interview asked ${q}, which the case does not give (asked so far: ${asked.join(", ")})`);
      await answer(page, type, facts[q]);
    }
    // The next screen replaces this one.
    await page.waitForFunction((prev) => {
      const cur = document.querySelector("section.screen.interview, section.screen.result");
      return cur && (cur.classList.contains("result") || cur.dataset.question !== prev);
    }, q);
    await page.waitForFunction(() => !document.body.classList.contains("busy"));
    // Fast: the next question (or the result) is on the screen within a second of the answer.
    if (!(pick && pick[q])) {
      // Generous for a CI machine whose two cores are shared; a kiosk step takes ~100 ms.
      const ms = Date.now() - started;
      stepTimes.push(ms);
      assert.ok(ms < 2500, `answering ${q} took ${ms} ms to show the next screen`);
    }
  }
  throw new Error("the interview did not end within 40 questions");
}

export async function answer(page, type, value) {
  const scope = "section.screen.interview";
  switch (type) {
    case "bool":
      await page.click(`${scope} button.${value ? "choice-yes" : "choice-no"}`);
      return;
    case "enum":
      await page.click(`${scope} .answers button[data-value="${value}"]`);
      return;
    case "set":
      if (value.length === 0) { await page.click(`${scope} button.none`); return; }
      for (const v of value) await page.click(`${scope} .answers button[data-value="${v}"]`);
      await page.click(`${scope} button.confirm`);
      return;
    case "date":
      await setDate(page, `${scope} .date-control`, value);
      await page.click(`${scope} button.confirm`);
      return;
    case "number":
    case "string":
      await page.fill(`${scope} input`, String(value));
      await page.click(`${scope} button.confirm`);
      return;
    case "records":
      if (value.length === 0) { await page.click(`${scope} button.none`); return; }
      for (const [i, rec] of value.entries()) {
        await page.click(`${scope} button.add-record`);
        for (const [k, v] of Object.entries(rec)) {
          const sel = `${scope} #rec${i}-${k}`;
          const tag = await page.$eval(sel, (e) => e.tagName);
          if (tag === "SELECT") await page.selectOption(sel, String(v));
          else if (tag === "SPAN") await setDate(page, sel, v);
          else await page.fill(sel, String(v));
        }
      }
      await page.click(`${scope} button.confirm`);
      return;
    case "code_set":
      if (value.length === 0) { await page.click(`${scope} button.none`); return; }
      for (const code of value) {
        await page.fill(`${scope} input.search-input`, code);
        await page.click(`${scope} .hits [data-fact="project.industry_codes"][data-value="${code}"]`);
      }
      await page.click(`${scope} button.confirm`);
      return;
    default:
      throw new Error(`no way to answer a ${type} question`);
  }
}

// A 年/月/日 date control (kiosk/js/widgets.js dateControl) set to "YYYY-MM-DD".
export async function setDate(page, selector, value) {
  const [y, m, d] = value.split("-");
  await page.selectOption(`${selector} select.date-y`, y);
  await page.selectOption(`${selector} select.date-m`, m);
  await page.selectOption(`${selector} select.date-d`, d);
  assert.equal(await page.getAttribute(selector, "data-value"), value);
}

export async function text(page, selector) {
  return (await page.locator(selector).first().innerText()).replace(/\s+/g, " ").trim();
}
