// Drives the messaging dashboard in Debian's headless Chromium, as a person on call would:
// signs in, approves a pending approval, waits for a question to arrive live, answers it, and
// saves screenshots. Run by messaging-server's DashboardBrowserIT; see README.md for the flags.
//
// Prints "waiting-for-question" on its own line once it is signed in and ready: the caller asks
// the question only then, so the question can only reach the page through the live event stream.

import { chromium } from "playwright-core";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";

const USAGE = `usage: node dashboard.mjs --url BASE_URL --session SESSION_ID --question TEXT
         --answer TEXT --out DIR [--approval-comment TEXT] [--incident ID] [--literal TEXT]
env: DASHBOARD_KEY (messaging:human key, required), DASHBOARD_AGENT_KEY (optional: a key
     without messaging:human, to check the 403 message), CHROMIUM (default /usr/bin/chromium)`;

const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };
const STEP_TIMEOUT_MS = 15_000;
const QUESTION_TIMEOUT_MS = 45_000;
// What the dashboard itself creates inside the timeline; anything else would be injected markup.
const TIMELINE_TAGS = new Set(["li", "div", "p", "span", "time", "form", "input", "button",
  "textarea"]);

const started = Date.now();

function log(message) {
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(`[dashboard-e2e] ${seconds.padStart(5)} s  ${message}`);
}

function options() {
  let parsed;
  try {
    parsed = parseArgs({
      options: {
        url: { type: "string" },
        session: { type: "string" },
        question: { type: "string" },
        answer: { type: "string" },
        out: { type: "string" },
        "approval-comment": { type: "string" },
        incident: { type: "string" },
        literal: { type: "string" },
      },
    }).values;
  } catch (e) {
    usage(e.message);
  }
  for (const required of ["url", "session", "question", "answer", "out"]) {
    if (!parsed[required]) usage(`--${required} is required`);
  }
  if (!process.env.DASHBOARD_KEY) usage("DASHBOARD_KEY is not set");
  return parsed;
}

function usage(problem) {
  console.error(`${problem}\n${USAGE}`);
  process.exit(2);
}

/** Fails with a message when the condition is false. */
function check(condition, message) {
  if (!condition) throw new Error(message);
}

async function signIn(page, opts) {
  await page.goto(`${opts.url}/#session=${opts.session}`);
  await page.locator("#signin-form").waitFor();
  if (process.env.DASHBOARD_AGENT_KEY) {
    await page.fill("#key", process.env.DASHBOARD_AGENT_KEY);
    await page.click("#signin-submit");
    const error = page.locator("#signin-error");
    await error.waitFor();
    const text = await error.textContent();
    check(text.includes("messaging:human"), `a key without the scope showed "${text}"`);
    check(!(await page.evaluate(() => sessionStorage.length)), "a refused key was stored");
    log(`a key without messaging:human is refused with: ${text}`);
  }
  await page.fill("#key", process.env.DASHBOARD_KEY);
  await page.click("#signin-submit");
  await page.locator("#app").waitFor();
  await page.locator("#live[data-state=live]").waitFor();
  // Gone if the page ever reloads: proves that what follows arrived live.
  await page.evaluate(() => {
    window.e2eNoReload = true;
  });
  log("signed in; the event stream is live");
}

async function checkSessions(page, opts) {
  const item = page.locator(`.session-item[data-session-id="${opts.session}"]`);
  await item.waitFor();
  check(
    (await item.getAttribute("aria-current")) === "true",
    "the deep link #session=… did not select its session",
  );
  if (opts.incident) {
    await page.locator(".session-item .incident", { hasText: opts.incident }).waitFor();
  }
  await page.locator("#timeline .entry").first().waitFor();
  if (opts.literal) {
    const shown = await page.locator("#timeline").textContent();
    check(shown.includes(opts.literal), `the timeline does not show "${opts.literal}" literally`);
  }
}

async function approve(page, opts) {
  const card = page.locator(".card-approval[data-status=pending]").first();
  await card.waitFor();
  check(await card.locator(".badge-risk").count(), "the approval shows no risk badge");
  await card.locator("textarea").fill(opts["approval-comment"]);
  await card.getByRole("button", { name: "Approve" }).click();
  const done = page.locator(".card-approval[data-status=approved]", {
    hasText: opts["approval-comment"],
  });
  await done.waitFor();
  log("approved the pending approval with a comment");
}

async function answer(page, opts) {
  const card = page.locator(".card-question[data-status=pending]", { hasText: opts.question });
  await card.waitFor({ timeout: QUESTION_TIMEOUT_MS });
  log("the question appeared live");
  await page.locator(`.session-item[data-session-id="${opts.session}"] .badge-attention`).waitFor();
  const choice = card.locator(".btn-choice", { hasText: opts.answer });
  if (await choice.count()) {
    await choice.first().click();
    log(`clicked the choice "${opts.answer}"`);
  } else {
    await card.locator(".answer-form input").fill(opts.answer);
    await card.getByRole("button", { name: "Send answer" }).click();
    log(`typed the answer "${opts.answer}"`);
  }
  const answered = page.locator(".card-question[data-status=answered]", {
    hasText: opts.question,
  });
  await answered.waitFor();
  const shown = await answered.locator(".resolution-text").textContent();
  check(shown === opts.answer, `the answered card shows "${shown}", not "${opts.answer}"`);
  await page
    .locator(`.session-item[data-session-id="${opts.session}"] .badge-attention`)
    .waitFor({ state: "detached" });
  log("the page shows the question answered");
}

async function checkPage(page, errors) {
  check(await page.evaluate(() => window.e2eNoReload === true), "the page reloaded");
  const foreign = await page.evaluate((allowed) => {
    const tags = [...document.querySelectorAll("#timeline *")].map((e) => e.localName);
    return [...new Set(tags.filter((t) => !allowed.includes(t)))];
  }, [...TIMELINE_TAGS]);
  check(foreign.length === 0, `unexpected elements in the timeline: ${foreign.join(", ")}`);
  check(errors.length === 0, `the page logged errors:\n${errors.join("\n")}`);
}

async function screenshots(page, out) {
  mkdirSync(out, { recursive: true });
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: join(out, "dashboard.png"), fullPage: true });
  await page.setViewportSize(PHONE);
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: join(out, "dashboard-mobile.png"), fullPage: true });
  await page.setViewportSize(DESKTOP);
  log(`screenshots saved in ${out}`);
}

async function signOut(page) {
  await page.click("#sign-out");
  await page.locator("#signin-form").waitFor();
  check(!(await page.evaluate(() => sessionStorage.length)), "sign-out left the key stored");
  check(!(await page.locator("#timeline .entry").count()), "sign-out left the timeline shown");
  log("signed out: key and data gone");
}

async function main() {
  const opts = options();
  const profile = mkdtempSync(join(tmpdir(), "opsmcp-chromium-"));
  let context;
  let page;
  const errors = [];
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: DESKTOP,
    });
    context.setDefaultTimeout(STEP_TIMEOUT_MS);
    log("Chromium started");
    page = context.pages()[0] || (await context.newPage());
    page.on("pageerror", (e) => errors.push(`page error: ${e.message}`));
    page.on("console", (m) => {
      if (m.type() === "error") errors.push(`console: ${m.text()}`);
    });

    await signIn(page, opts);
    errors.length = 0; // the refused key's 403 is logged by Chromium on purpose
    await checkSessions(page, opts);
    if (opts["approval-comment"]) await approve(page, opts);
    console.log("waiting-for-question");
    await answer(page, opts);
    await checkPage(page, errors);
    await screenshots(page, opts.out);
    await signOut(page);
    log("passed");
  } catch (e) {
    console.error(`[dashboard-e2e] FAILED: ${e.message}`);
    if (page) {
      mkdirSync(opts.out, { recursive: true });
      await page
        .screenshot({ path: join(opts.out, "dashboard-failure.png"), fullPage: true })
        .catch(() => {});
    }
    process.exitCode = 1;
  } finally {
    if (context) await context.close().catch(() => {});
    rmSync(profile, { recursive: true, force: true });
  }
}

await main();
