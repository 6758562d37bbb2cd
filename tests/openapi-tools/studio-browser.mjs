// The Studio in Debian's chromium, driven by playwright-core (no downloaded browser), offline but for loopback.
// Usage: node studio-browser.mjs BASE_URL SCREENSHOT_DIR CONFIG_JSON
// CONFIG_JSON: { traceId, deadJob, invokeKey }. Prints one JSON object of what it saw.
import { chromium } from "playwright-core";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const [base, outDir, configJson] = process.argv.slice(2);
const config = JSON.parse(configJson);
mkdirSync(outDir, { recursive: true });
const result = { pages: {}, external: [], errors: [], anonymous: 0, member: 0 };
const bounded = { timeout: 30_000 };

const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"],
  timeout: 60_000,
});
let page;
try {
  const viewport = { width: 1280, height: 800 };

  const anonymous = await browser.newContext({ viewport });
  result.anonymous = (await (await anonymous.newPage()).goto(base + "/_studio/runs", bounded)).status();

  const member = await browser.newContext({ viewport });
  await member.request.post(base + "/auth/session", { data: { userId: "member", roles: ["member"] } });
  result.member = (await (await member.newPage()).goto(base + "/_studio/jobs", bounded)).status();

  const admin = await browser.newContext({ viewport });
  admin.on("request", (request) => {
    const url = request.url();
    if (!url.startsWith(base) && !url.startsWith("data:")) result.external.push(url);
  });
  const signIn = await admin.request.post(base + "/auth/session", { data: { userId: "ops", roles: ["admin"] } });
  result.signIn = signIn.status();
  page = await admin.newPage();
  page.setDefaultTimeout(30_000);
  page.on("pageerror", (error) => result.errors.push(String(error)));
  page.on("console", (message) => { if (message.type() === "error") result.errors.push(message.text()); });
  page.on("dialog", (dialog) => dialog.accept());

  const visit = async (name) => {
    const response = await page.goto(`${base}/_studio/${name}`, bounded);
    result.pages[name] = { status: response.status(), title: await page.locator("h1").textContent(), html: await page.content() };
  };
  const shoot = (name) => page.screenshot({ path: join(outDir, name + ".png"), fullPage: false });

  // Actions: invoke one from its form, as the signed-in admin.
  await visit("actions");
  const action = page.locator('details[data-name="nested"]');
  await action.locator("summary").click();
  await action.locator("textarea").fill(JSON.stringify({ key: config.invokeKey, password: "hunter2" }));
  await action.locator('button[type="submit"]').click();
  const output = action.locator("output[data-status]");
  await output.waitFor(bounded);
  result.invoke = { status: Number(await output.getAttribute("data-status")), text: await output.textContent() };
  await shoot("actions");

  // Runs: filter by the trace id through the form; the timeline nests the call in its request.
  await visit("runs");
  await page.fill('input[name="traceId"]', config.traceId);
  await Promise.all([page.waitForURL(/traceId=/, bounded), page.click('form.filters button[type="submit"]')]);
  result.trace = await page.locator(".timeline g").evaluateAll((groups) => groups.map((g) => ({ label: g.querySelector("text").textContent, depth: Number(g.dataset.depth) })));
  result.traceRows = await page.locator("table.runs tbody tr").count();
  await shoot("runs");

  // Jobs: retry the dead job with its button, then watch it leave the dead list.
  await visit("jobs");
  await Promise.all([page.waitForURL(/done=/, bounded), page.locator(`tr[data-job="${config.deadJob}"] button`, { hasText: "Retry" }).click()]);
  result.retryNotice = await page.locator(".notice").textContent();
  result.deadAfterRetry = await page.locator(`tr[data-job="${config.deadJob}"]`).count();
  await shoot("jobs");

  for (const name of ["events", "channels", "health"]) {
    await visit(name);
    await shoot(name);
  }

  // On a phone.
  await page.setViewportSize({ width: 390, height: 844 });
  await visit("runs");
  result.phoneOverflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  await shoot("runs-phone");
} catch (error) {
  result.failure = String(error && error.stack || error);
  if (page) result.failurePage = (await page.content().catch(() => "")).slice(0, 4000);
} finally {
  await browser.close();
}
writeFileSync(join(outDir, "result.json"), JSON.stringify(result, null, 2));
process.stdout.write(JSON.stringify(result));
