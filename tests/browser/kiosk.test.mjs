// The kiosk as a whole: the start screen and its 适老化 figures, search by pinyin initials, the
// idle reset that forgets everything, and the print view (A4 and 80 mm receipt).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { writeFileSync } from "node:fs";
import { launch, shoot, answerInterview, text, SHOTS, assertLayout, LANDSCAPE, PORTRAIT, BASE } from "./lib.mjs";

let browser;
before(async () => { browser = await launch(); });
after(async () => {
  await browser.close();
  assert.deepEqual(browser.errors, [], "no script errors and no refused resources in the page");
});

test("start screen: three ways in, elder-friendly sizes, 大字 scales the text", async () => {
  const page = await browser.page("?place=cn.guangdong.jiangmen");
  const tiles = await page.$$eval("button.tile .tile-title", (els) => els.map((e) => e.textContent));
  assert.deepEqual(tiles, ["建设项目环评办理", "告知承诺制审查", "轻微违法免罚查询"]);
  assert.match(await text(page, "#place-name"), /广东省江门市/);
  // Fast: the first screen is up well under a second after navigation began.
  const readyMs = Number(await page.getAttribute("body", "data-ready-ms"));
  assert.ok(readyMs > 0 && readyMs < 1000, `first screen after ${readyMs} ms`);
  const base = await page.$eval("main p.hint", (e) => parseFloat(getComputedStyle(e).fontSize));
  assert.ok(base >= 24, `body text ${base}px >= 24px (18 pt)`);
  await shoot(page, "start");
  await page.click("#textsize");
  const large = await page.$eval("main p.hint", (e) => parseFloat(getComputedStyle(e).fontSize));
  assert.ok(large >= 30, `大字: ${large}px`);
  await shoot(page, "start-large-text");
  await page.click("#textsize");
});

test("search by pinyin initials: yzc finds 养殖场 and 养猪场 (0313), and a printed prefix asks for the subclass", async () => {
  const page = await browser.page("?place=cn.guangdong.jiangmen&date=2024-06-01");
  await page.click("button.tile-apply");
  await page.waitForSelector("section.screen.interview[data-question='project.industry_codes']");
  for (const key of "yzc") await page.click(`.keyboard button[aria-label="${key}"]`);
  await page.waitForSelector('.hits [data-value="0313"]');
  const titles = await page.$$eval(".hits .hit-title", (els) => els.map((e) => e.textContent));
  assert.ok(titles.includes("养猪场"), `养猪场 among ${titles}`);
  assert.ok(titles.includes("养殖场"), `养殖场 among ${titles}`);
  await shoot(page, "search-initials");
  // 畜禽养殖场 prints only 031/032/039: choosing 031 asks for the 4-digit subclass.
  await page.click('.hit-group[data-hit="eia2021.term.畜禽养殖场"] button[data-value="031"]');
  await page.waitForSelector(".complete-code");
  assert.match(await text(page, ".complete-code .complete-title"), /以 031 开头/);
  await page.click('.complete-code .keyboard button[aria-label="3"]');
  await page.click(".complete-code button.primary");
  await page.waitForSelector('.picked .chip[data-value="0313"]');
});

test("browse the catalogue: category → row → the row's codes (畜牧业, 第3行 → 0313)", async () => {
  const page = await browser.page("?place=cn.guangdong.jiangmen&date=2024-06-01");
  await page.click("button.tile-apply");
  await page.waitForSelector("section.screen.interview[data-question='project.industry_codes']");
  await page.click("button.tab:has-text('按类别浏览')");
  await page.click(".pane-browse button.category:has-text('畜牧业')");
  await page.click(".pane-browse button.row:has-text('第3行')");
  await page.click('.pane-browse [data-fact="project.industry_codes"][data-value="031"]');
  await page.click('.complete-code .keyboard button[aria-label="3"]');
  await page.click(".complete-code button.primary");
  await page.waitForSelector('.picked .chip[data-value="0313"]');
  assert.match(await text(page, ".picked .chips"), /牲畜饲养\s*0313/);
});

test("idle reset: a warning, then the start screen, and nothing entered is left", async () => {
  const page = await browser.page("?place=cn.guangdong.jiangmen&date=2024-06-01&idle=9");
  assert.equal(await page.getAttribute("body", "data-idle-seconds"), "9");
  await page.click("button.tile-apply");
  await page.waitForSelector("section.screen.interview[data-question='project.industry_codes']");
  await page.fill("section.screen.interview input.search-input", "0313");
  await page.click('.hits [data-value="0313"]');
  await page.click("section.screen.interview button.confirm");
  await page.waitForSelector("section.screen.interview[data-question='project.catalogue_items']");
  // The warning comes first; a touch on "继续使用" keeps the session.
  await page.waitForSelector("#idle-warning:not([hidden])", { timeout: 12000 });
  assert.match(await text(page, "#idle-warning"), /秒后将返回首页/);
  await page.click("#idle-continue");
  assert.ok(await page.isHidden("#idle-warning"));
  assert.ok(await page.isVisible("section.screen.interview[data-question='project.catalogue_items']"));
  await page.waitForSelector("#idle-warning:not([hidden])", { timeout: 12000 });
  await page.screenshot({ path: path.join(SHOTS, "idle-warning-1080x1920.png") });
  // Then nobody touches it.
  await page.waitForSelector("section.screen.start", { timeout: 10000 });
  assert.equal(await page.getAttribute("body", "data-resets"), "1");
  assert.equal(await page.getAttribute("body", "data-route"), "start");
  assert.ok(await page.isHidden("#idle-warning"));
  await shoot(page, "idle-reset");
  // Coming back starts from the first question, with no answer kept.
  await page.click("button.tile-apply");
  await page.waitForSelector("section.screen.interview[data-question='project.industry_codes']");
  assert.match(await text(page, ".progress-text"), /第 1 题/);
  assert.match(await text(page, ".picked .chips"), /尚未选择/);
  assert.equal(await page.inputValue("section.screen.interview input.search-input"), "");
});

test("print view: the 一次性告知书 from the server (A4 and 80 mm receipt), with its QR code", async () => {
  const page = await browser.page("?place=cn.guangdong.jiangmen&date=2024-06-01");
  await page.click("button.tile-apply");
  await page.waitForSelector("section.screen.interview[data-question='project.industry_codes']");
  await answerInterview(page, {
    "project.industry_codes": ["0313"], "project.catalogue_items": [], "site.sensitive_areas": [],
    "livestock.is_scale_farm": true, "livestock.has_no_output": false, "livestock.annual_output_pig_eq": 3000,
    "project.construction_type": "new",
  });
  await page.waitForSelector("section.screen.result");
  const receiptId = (await text(page, "section.screen.result .trace")).match(/查询编号 ([0-9a-f]+)/)[1];

  await page.click("button.print-a4");
  await page.waitForSelector("#print-area .print-page[data-source]");
  assert.equal(await page.getAttribute("#print-area .print-page", "data-source"), "server", "the server's sheet, not the fallback");
  const sheet = await page.$eval("#print-area .sheet-host", (host) => host.shadowRoot.textContent);
  assert.match(sheet, /一次性告知书/);
  assert.match(sheet, /环境影响登记表/);
  assert.match(sheet, /生态环境部令第16号/);
  assert.ok(sheet.includes(receiptId), "the sheet carries the same decision id as the screen");
  assert.ok(await page.$eval("#print-area .sheet-host", (host) => !!host.shadowRoot.querySelector("svg")), "QR code");
  // The sheet's own styles apply despite the page's CSP (they are adopted, not inline).
  const h1 = await page.$eval("#print-area .sheet-host", (host) => getComputedStyle(host.shadowRoot.querySelector("h1")).textAlign);
  assert.equal(h1, "center");
  await shoot(page, "print-a4-preview", { kioskRules: false });
  await page.emulateMedia({ media: "print" });
  await page.screenshot({ path: path.join(SHOTS, "print-a4-as-printed.png"), fullPage: true });
  writeFileSync(path.join(SHOTS, "print-a4.pdf"), await page.pdf({ preferCSSPageSize: true, printBackground: true }));
  await page.emulateMedia({ media: "screen" });
  await page.click("#print-area button.print-close");
  assert.ok(await page.isHidden("#print-area"));

  await page.click("button.print-receipt");
  await page.waitForSelector("#print-area .print-page.paper-receipt[data-source='server']");
  const width = await page.$eval("#print-area .print-page", (e) => e.getBoundingClientRect().width);
  assert.ok(Math.abs(width - 302) < 4, `the receipt is 80 mm wide on screen (${width}px)`);
  await shoot(page, "print-receipt-preview", { kioskRules: false });
  await page.emulateMedia({ media: "print" });
  writeFileSync(path.join(SHOTS, "print-receipt.pdf"), await page.pdf({ preferCSSPageSize: true }));
  await page.emulateMedia({ media: "screen" });
  await page.click("#print-area button.print-close");
  await assertLayout(page, { label: "result after printing" });
});

test("an older server without interview, search, catalogue and print: the kiosk degrades and still answers", async () => {
  const page = await browser.page();
  const errorsBefore = browser.errors.length;
  const gone = /\/api\/v1\/(interview|search|catalogue|print|facts|offences|kiosk-config)(\?|$)/;
  const handler = (route) => route.fulfill({ status: 404, contentType: "application/problem+json", body: '{"title":"Not Found","status":404}' });
  await page.route(gone, handler);
  try {
    await page.goto(`${BASE}/?place=cn.guangdong.jiangmen&date=2024-06-01`);
    await page.waitForSelector("body[data-ready='true']");
    await page.click("button.tile-apply");
    await page.waitForSelector("section.screen.interview[data-question='project.industry_codes']");
    await answerInterview(page, {
      "project.industry_codes": ["0313"], "project.catalogue_items": [], "site.sensitive_areas": [],
      "livestock.is_scale_farm": true, "livestock.has_no_output": false, "livestock.annual_output_pig_eq": 3000,
      "project.construction_type": "new",
    });
    assert.match(await text(page, 'section.decision[data-decision="eia.document_class"] .decision-value'), /环境影响登记表/);
    await page.click("button.print-a4");
    await page.waitForSelector("#print-area .print-page[data-source='local']");
    assert.match(await text(page, "#print-area .sheet"), /一次性告知书[\s\S]*环境影响登记表/);
    await page.click("#print-area button.print-close");
    const gaps = (await page.getAttribute("body", "data-gaps")).split(" ").sort();
    assert.deepEqual(gaps, ["interview", "kiosk-config", "print", "search"]);
  } finally {
    await page.unroute(gone, handler);
    // The 404s asked for above are expected in the console; nothing else is.
    const expected = /Failed to load resource: the server responded with a status of 404/;
    for (let i = browser.errors.length - 1; i >= errorsBefore; i--) if (expected.test(browser.errors[i])) browser.errors.splice(i, 1);
  }
});
