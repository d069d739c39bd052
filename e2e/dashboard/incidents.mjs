// Drives the orchestration server's incidents dashboard (/incidents/) in Debian's headless
// Chromium: signs in (a key without incidents:read is refused with the API's message), opens an
// incident through the deep link, sees its timeline and a remediation waiting for approval,
// approves it inline with a comment and sees it run, then opens a resolved incident and reads its
// postmortem rendered. Run by orchestration-server's IncidentsDashboardBrowserIT; see README.md.

import { chromium } from "playwright-core";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";

const USAGE = `usage: node incidents.mjs --url BASE_URL --pending INC-n --resolved INC-n
         --comment TEXT --literal TEXT --out DIR
env: DASHBOARD_KEY (incidents:read + messaging:human, required), DASHBOARD_AGENT_KEY (optional: a
     key without incidents:read, to check the refusal), CHROMIUM (default /usr/bin/chromium)`;
const CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
  "--no-first-run", "--disable-background-networking", "--disable-component-update",
  "--disable-sync"];
const ALLOWED_TAGS = new Set(["section", "h1", "h2", "h3", "h4", "p", "span", "ol", "ul", "li",
  "time", "div", "strong", "pre", "textarea", "button"]);
const started = Date.now();

function log(message) {
  console.log(`[incidents-e2e] ${((Date.now() - started) / 1000).toFixed(1).padStart(5)} s  ${message}`);
}

function check(condition, message) {
  if (!condition) throw new Error(message);
}

function options() {
  let o;
  try {
    o = parseArgs({
      options: Object.fromEntries(
        ["url", "pending", "resolved", "comment", "literal", "out"].map((n) => [n, { type: "string" }])),
    }).values;
  } catch (e) {
    console.error(`${e.message}\n${USAGE}`);
    process.exit(2);
  }
  for (const required of ["url", "pending", "resolved", "comment", "literal", "out"]) {
    if (!o[required] || !process.env.DASHBOARD_KEY) {
      console.error(`--${required} and DASHBOARD_KEY are required\n${USAGE}`);
      process.exit(2);
    }
  }
  return o;
}

async function signIn(page, opts) {
  const response = await page.goto(`${opts.url}/incidents/#incident=${opts.pending}`);
  const csp = response.headers()["content-security-policy"] || "";
  check(csp.includes("default-src 'self'") && csp.includes("frame-ancestors 'none'"),
    `the page's CSP is "${csp}"`);
  await page.locator("#signin-form").waitFor();
  if (process.env.DASHBOARD_AGENT_KEY) {
    await page.fill("#key", process.env.DASHBOARD_AGENT_KEY);
    await page.click("#signin-form button[type=submit]");
    const error = page.locator("#signin-error");
    await error.waitFor();
    const text = await error.textContent();
    check(text.includes("incidents:read"), `a key without incidents:read showed "${text}"`);
    check(!(await page.evaluate(() => sessionStorage.length)), "a refused key was stored");
    log(`a key without incidents:read is refused: ${text}`);
  }
  await page.fill("#key", process.env.DASHBOARD_KEY);
  await page.click("#signin-form button[type=submit]");
  await page.locator("#app").waitFor();
  log("signed in");
}

async function approveInline(page, opts) {
  const link = page.locator(`#incidents a[data-ref="${opts.pending}"]`);
  await link.waitFor();
  check((await link.getAttribute("aria-current")) === "true", "the deep link did not select it");
  await page.locator("#timeline li").first().waitFor();
  const timeline = await page.locator("#timeline").textContent();
  check(timeline.includes(opts.literal), `the timeline does not show "${opts.literal}" literally`);
  const run = page.locator(".run[data-status=pending_approval]");
  await run.waitFor();
  log("the incident's timeline and its remediation waiting for approval are shown");
  await run.locator("textarea").fill(opts.comment);
  await run.getByRole("button", { name: "Approve" }).click();
  // The run executes in the background; the page shows it once reloaded from the hash.
  const deadline = Date.now() + 20_000;
  for (;;) {
    const status = await page.locator(".run").first().getAttribute("data-status");
    if (status === "succeeded") break;
    check(Date.now() < deadline, `the approved run is still ${status}`);
    await page.waitForTimeout(500);
    await page.evaluate(() => window.dispatchEvent(new HashChangeEvent("hashchange")));
  }
  const text = await page.locator(".run").first().textContent();
  check(text.includes("approved by"), `the run does not say who approved it: ${text}`);
  log("approved inline; the run succeeded and names its approver");
}

async function readPostmortem(page, opts) {
  await page.click(`#incidents a[data-ref="${opts.resolved}"]`);
  await page.locator("#postmortem h3", { hasText: "Root cause" }).waitFor();
  await page.locator("#postmortem li").first().waitFor();
  const tags = await page.evaluate(() =>
    [...new Set([...document.querySelectorAll("#detail *")].map((e) => e.localName))]);
  const foreign = tags.filter((t) => !ALLOWED_TAGS.has(t));
  check(foreign.length === 0, `unexpected elements in the incident view: ${foreign.join(", ")}`);
  log("the postmortem is rendered (headings, lists), with no injected markup");
}

async function main() {
  const opts = options();
  const profile = mkdtempSync(join(tmpdir(), "opsmcp-chromium-"));
  const errors = [];
  let context;
  let page;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: { width: 1280, height: 900 },
    });
    context.setDefaultTimeout(15_000);
    page = context.pages()[0] || (await context.newPage());
    page.on("pageerror", (e) => errors.push(`page error: ${e.message}`));
    page.on("console", (m) => {
      if (m.type() === "error") errors.push(`console: ${m.text()}`);
    });
    await signIn(page, opts);
    errors.length = 0; // the refused key's 403 is logged by Chromium on purpose
    await approveInline(page, opts);
    await readPostmortem(page, opts);
    check(errors.length === 0, `the page logged errors:\n${errors.join("\n")}`);
    mkdirSync(opts.out, { recursive: true });
    await page.screenshot({ path: join(opts.out, "incidents.png"), fullPage: true });
    await page.click("#sign-out");
    await page.locator("#signin-form").waitFor();
    check(!(await page.evaluate(() => sessionStorage.length)), "sign-out left the key stored");
    log("passed");
  } catch (e) {
    console.error(`[incidents-e2e] FAILED: ${e.message}`);
    if (page) {
      mkdirSync(opts.out, { recursive: true });
      await page.screenshot({ path: join(opts.out, "incidents-failure.png"), fullPage: true })
        .catch(() => {});
    }
    process.exitCode = 1;
  } finally {
    if (context) await context.close().catch(() => {});
    rmSync(profile, { recursive: true, force: true });
  }
}

await main();
