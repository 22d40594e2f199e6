// Window staff (告知承诺制审查): a project in a 自贡 provincial park that the pilot would admit,
// excluded because it has an electroplating process (自贡方案排除情形). Dense form, keyboard
// search, re-evaluation as fields change, every exclusion shown, record to copy and print.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch, shoot, text } from "./lib.mjs";

const QUERY = "?place=cn.sichuan.zigong&date=2024-06-01";
// data/commitment/cases/zigong.yaml: 园区内有电镀工艺的金属家具项目
const FACTS = {
  "project.catalogue_items": [],
  "project.in_industrial_building": true,
  "project.construction_type": "new",
  "site.sensitive_areas": [],
  "process.electroplating": true,
  "coating.solvent_based_tons_per_year": 0,
  "coating.low_voc_non_solvent_tons_per_year": 0,
  "process.only_cut_assemble": false,
  "furniture.only_coating_process": false,
  "site.park_level": "provincial",
  "site.park_planning_eia_done": true,
  "park.project_conforms_planning_eia": true,
  "commitment.zigong_listed_sector": false,
  "commitment.concerns_national_security": false,
  "commitment.involves_major_public_interest": false,
  "commitment.preparer_status": "not_listed",
  "approval.application_kind": "new_application",
  "approval.special_nature": false,
  "approval.state_council_approved": false,
  "approval.cross_boundary": "within_one_prefecture",
};

let browser;
before(async () => { browser = await launch(); });
after(async () => {
  await browser.close();
  assert.deepEqual(browser.errors, [], "no script errors and no refused resources in the page");
});

async function evaluations(page) {
  return Number((await page.getAttribute("body", "data-evaluations")) || 0);
}

// Sets one fact in the dense form, by keyboard where the control allows it.
async function setFact(page, id, value) {
  const field = page.locator(`.field[data-fact="${id}"]`);
  await field.waitFor();
  const control = field.locator(`#f-${id.replace(/\./g, "\\.")}`);
  const tag = await control.evaluate((e) => e.tagName);
  if (tag === "SELECT") {
    await control.focus();
    await control.selectOption(String(value));
  } else if (tag === "INPUT") {
    await control.fill(String(value));
  } else if (Array.isArray(value) && value.length === 0) {
    await field.locator("input.set-none").check();
  } else {
    const details = field.locator("details");
    if (await details.count()) await details.locator("summary").click();
    for (const v of value) await field.locator(`label.check[data-value="${v}"] input`).check();
  }
}

// Every change decides again, and the form adds the facts the open decisions need next: fill what
// the form shows from the case until it shows nothing more the case gives.
async function fillFromCase(page, given, facts = FACTS) {
  for (let round = 0; round < 12; round++) {
    await page.waitForFunction(() => !document.body.classList.contains("evaluating"));
    const shown = await page.$$eval(".field[data-fact]", (els) => els.map((e) => e.dataset.fact));
    const todo = shown.filter((id) => id in facts && !given.has(id));
    if (todo.length === 0) return;
    for (const id of todo) {
      // A field the last answer made unnecessary has gone again.
      if (!(await page.$(`.field[data-fact="${id}"]`))) continue;
      const before = await evaluations(page);
      await setFact(page, id, facts[id]);
      given.add(id);
      await page.waitForFunction((n) => Number(document.body.dataset.evaluations || 0) > n, before);
    }
  }
}

test("a metal-furniture project with electroplating in a 自贡 provincial park is excluded; the exclusion is shown and recorded", async () => {
  const page = await browser.page(QUERY);
  await page.click("button.tile-staff");
  await page.waitForSelector("section.screen.staff");
  assert.equal(await page.inputValue("#staff-place"), "cn.sichuan.zigong");
  assert.equal(await page.getAttribute("#staff-date", "data-value"), "2024-06-01");
  // The commitment conditions of the place are on the form from the start (from the vocabulary).
  await page.waitForSelector('.field[data-fact="process.electroplating"]');
  await page.waitForSelector('.field[data-fact="site.park_level"]');

  // Keyboard search by pinyin initials: 金属家具 → 213 (printed prefix) → the 4-digit subclass.
  await page.focus("#staff-search");
  await page.keyboard.type("jsjj");
  const choice = page.locator('.staff-search [data-fact="project.industry_codes"][data-value="213"]').first();
  await choice.waitFor();
  await choice.click();
  await page.waitForSelector(".staff-search .complete-code input");
  await page.fill(".staff-search .complete-code input", "2130");
  await page.keyboard.press("Enter");
  await page.waitForSelector('.staff-search .chip[data-value="2130"]');

  const given = new Set();
  await fillFromCase(page, given);
  await page.waitForFunction(() => !document.body.classList.contains("evaluating"));
  const needed = await page.$$eval(".field.is-needed", (els) => els.map((e) => e.dataset.fact));
  assert.deepEqual(needed.filter((id) => !id.startsWith("approval.") && !id.startsWith("credit.")), [],
    "nothing the commitment decision reads is left open");

  const verdict = page.locator("#staff-verdict");
  assert.equal(await verdict.getAttribute("data-status"), "determined");
  assert.equal(await verdict.getAttribute("data-value"), '"not_eligible"');
  assert.match(await verdict.innerText(), /不适用告知承诺制审批/);

  // The exclusion that fired, with its condition and its source; the admission rule it overrides.
  const card = page.locator('.staff-results section.decision[data-decision="commitment.eligibility"]');
  const why = card.locator(".why-panel");
  assert.ok(await why.isVisible(), "the rules are open by default for staff");
  const whyText = await why.innerText();
  assert.match(whyText, /有电镀工序的项目，不实行告知承诺制审批/);
  assert.match(whyText, /自贡市建设项目环境影响评价文件告知承诺制审批改革试点方案/);
  assert.match(await text(page, '.staff-results section.decision[data-decision="eia.document_class"] .decision-value'), /环境影响报告表|环境影响登记表|环境影响报告书/);

  // The record: the readable text at staff depth, and the copy button.
  assert.match(await page.locator("#staff-record").textContent(), /电镀/);
  await browser.context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: new URL(page.url()).origin });
  await page.click(".actions-staff button.copy");
  await page.waitForSelector(".copy-status:not(:empty)");
  assert.match(await text(page, ".copy-status"), /已复制/);
  assert.match(await page.evaluate(() => navigator.clipboard.readText()), /不适用告知承诺制审批/);
  await page.evaluate(() => window.scrollTo(0, 0));
  await shoot(page, "staff-zigong-electroplating", { kioskRules: false });

  // Changing one field re-decides: without electroplating the project falls to row 36's other
  // cells, so the form now asks about coatings; answered, the same project is admitted.
  const before = await evaluations(page);
  await setFact(page, "process.electroplating", false);
  await page.waitForFunction((n) => Number(document.body.dataset.evaluations || 0) > n, before);
  await page.waitForFunction(() => !document.body.classList.contains("evaluating"));
  assert.equal(await verdict.getAttribute("data-status"), "undetermined");
  const nowNeeded = await page.$$eval(".field.is-needed", (els) => els.map((e) => e.dataset.fact));
  assert.ok(nowNeeded.includes("coating.solvent_based_tons_per_year"), `the form marks the coating facts as needed (${nowNeeded})`);
  await fillFromCase(page, given, { ...FACTS, "process.electroplating": false });
  await page.waitForFunction(() => document.querySelector("#staff-verdict").dataset.value === '"eligible"');
  assert.match(await verdict.innerText(), /可以适用告知承诺制审批/);
  assert.match(await card.locator(".why-panel").innerText(), /入驻产业园区内且符合园区规划环评/);
});
