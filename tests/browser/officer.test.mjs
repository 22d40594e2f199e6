// Enforcement officers (轻微违法免罚查询) in 江门: 建设单位未依法备案环境影响登记表, a first offence
// corrected in time is not penalised (江门清单第1项, 教育); the same act with a prior offence of the
// same kind in 2020 is penalised, and the screen says which condition failed.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch, shoot, answerInterview, text, setDate } from "./lib.mjs";

const QUERY = "?place=cn.guangdong.jiangmen";
// tests/testdata/jiangmen_offence.json and data/penalty/cases/jiangmen_2022_entries.yaml
const CASE = {
  "offence.date": "2023-03-01",
  "offence.discovered_date": "2023-03-15",
  "site.sensitive_areas": [],
  "offence.no_fault_proven": false,
  "offence.minor": false,
  "offence.corrected_in_time": true,
  "offence.harm": "minor",
  "offence.art32_circumstances": [],
  "offence.corrected_within_order_period": true,
};
const PRIOR = [{ kind: "eia_registration_not_filed", date: "2020-06-01" }];

let browser;
before(async () => { browser = await launch(); });
after(async () => {
  await browser.close();
  assert.deepEqual(browser.errors, [], "no script errors and no refused resources in the page");
});

// Place and day of the decision, then the violation found by pinyin initials in the place's list.
async function chooseOffence(page) {
  await page.click("button.tile-officer");
  await page.waitForSelector("#officer-place");
  assert.equal(await page.inputValue("#officer-place"), "cn.guangdong.jiangmen");
  if (!chooseOffence.shot) {
    chooseOffence.shot = 1;
    await shoot(page, "officer-setup");
  }
  await setDate(page, "#officer-date", "2023-06-01");
  await page.click("section.officer-setup button.next");
  await page.waitForSelector("section.officer-kind");
  assert.match(await text(page, "section.officer-kind .kind-lists h3"), /江门市适用清单所列的违法行为/);
  if (chooseOffence.shot === 1) {
    chooseOffence.shot = 2;
    await shoot(page, "officer-kind-list");
  }
  await page.fill("#kind-filter", "djb");
  const kind = page.locator('button.kind[data-value="eia_registration_not_filed"]');
  await page.waitForFunction(() => [...document.querySelectorAll("button.kind")].filter((b) => !b.hidden).length === 1);
  assert.match(await kind.innerText(), /建设单位未依法备案建设项目环境影响登记表/);
  await kind.click();
}

test("first offence, corrected in time: 不予行政处罚, with education, conditions met and the 江门 list as basis", async () => {
  const page = await browser.page(QUERY);
  await chooseOffence(page);
  const asked = await answerInterview(page, { ...CASE, "offence.priors": [] },
    { shots: { "offence.date": "question-date", "offence.harm": "question-enum-officer" } });
  assert.ok(asked.includes("offence.priors"), "prior offences were asked");
  await page.waitForSelector("section.screen.result[data-flow='officer']");
  assert.equal(await page.getAttribute("section.screen.result", "data-value"), '"no_penalty"');
  const outcome = await text(page, ".outcome-value");
  assert.match(outcome, /不予行政处罚/);
  assert.match(outcome, /应当对当事人进行教育/, "what the law asks next");
  assert.match(await text(page, ".cond-group.met"), /满足的条件/);
  assert.match(await text(page, ".basis"), /江门市生态环境依法不予行政处罚的轻微环境违法行为清单|广东省生态环境不予行政处罚的轻微违法行为目录/);
  await shoot(page, "officer-jiangmen-first-offence");
});

test("second offence of the same kind: 依法处罚, the failed condition is named (not a first offence)", async () => {
  const page = await browser.page(QUERY);
  await chooseOffence(page);
  await answerInterview(page, { ...CASE, "offence.priors": PRIOR }, {
    pick: {
      // Fill the record, then photograph the records screen before confirming it.
      "offence.priors": async (p) => {
        await p.click("section.screen.interview button.add-record");
        await p.selectOption("#rec0-kind", PRIOR[0].kind);
        await setDate(p, "#rec0-date", PRIOR[0].date);
        await shoot(p, "question-records");
        await p.click("section.screen.interview button.confirm");
      },
    },
  });
  await page.waitForSelector("section.screen.result[data-flow='officer']");
  assert.equal(await page.getAttribute("section.screen.result", "data-value"), '"not_exempt"');
  assert.match(await text(page, ".outcome-value"), /依法处罚/);
  const notMet = await text(page, ".cond-group.not-met");
  assert.match(notMet, /首次（初次）违法：此前没有同类违法行为：否/);
  // The prior offence is listed among the answers given, in words.
  await page.click(".answers-given summary");
  assert.match(await text(page, ".answers-given"), /建设单位未依法备案建设项目环境影响登记表，2020-06-01/);
  await shoot(page, "officer-jiangmen-second-offence");
});
