// OpsMCP incidents dashboard: plain ES module, no build step. Every piece of data reaches the page
// through textContent (see el()), never as markup; the postmortem's Markdown is rendered the same
// way, block by block.

const KEY_STORAGE = "opsmcp.incidents.key";
const API = "../api/v1";
const $ = (id) => document.getElementById(id);
const state = { key: null, cursor: null, selected: null };

class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(props)) {
    if (value === null || value === undefined || value === false) continue;
    if (name === "class") node.className = value;
    else if (name === "text") node.textContent = value;
    else if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value === true ? "" : value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(typeof child === "string" ? document.createTextNode(child) : child);
  }
  return node;
}

async function api(path, options = {}) {
  const res = await fetch(`${API}${path}`, {
    ...options,
    headers: { Authorization: `Bearer ${state.key}`, "Content-Type": "application/json" },
  });
  const type = res.headers.get("Content-Type") || "";
  const body = type.startsWith("application/json") ? await res.json() : await res.text();
  if (!res.ok) {
    const message = body && body.error ? body.error.message || body.error : `HTTP ${res.status}`;
    throw new ApiError(res.status, typeof message === "string" ? message : JSON.stringify(message));
  }
  return body;
}

const when = (iso) => (iso ? new Date(iso).toLocaleString() : "");

// ------------------------------------------------------------------ sign-in

async function signIn(key) {
  state.key = key;
  try {
    await loadList(true);
  } catch (e) {
    state.key = null;
    throw e;
  }
  sessionStorage.setItem(KEY_STORAGE, key);
  $("signin").hidden = true;
  $("app").hidden = false;
  $("sign-out").hidden = false;
  await fromHash();
}

function signOut() {
  sessionStorage.removeItem(KEY_STORAGE);
  state.key = null;
  state.selected = null;
  $("incidents").replaceChildren();
  $("detail").replaceChildren(el("p", { class: "muted", text: "Select an incident." }));
  $("app").hidden = true;
  $("sign-out").hidden = true;
  $("signin").hidden = false;
  history.replaceState(null, "", "#");
}

// ------------------------------------------------------------------ list

async function loadList(first) {
  const page = await api(`/incidents?limit=50${first || !state.cursor ? "" : `&cursor=${encodeURIComponent(state.cursor)}`}`);
  if (first) $("incidents").replaceChildren();
  for (const i of page.items) {
    $("incidents").append(
      el("li", {},
        el("a", { href: `#incident=${i.ref}`, "data-ref": i.ref },
          el("span", { class: `badge sev-${i.severity}`, text: i.severity }),
          el("span", { class: "badge", text: i.status.toLowerCase() }),
          el("strong", { text: i.ref }), " ", i.title,
          el("div", { class: "muted small", text: when(i.started_at) }))));
  }
  state.cursor = page.next_cursor;
  $("more").hidden = !page.truncated;
}

// ------------------------------------------------------------------ one incident

async function show(ref) {
  state.selected = ref;
  for (const a of $("incidents").querySelectorAll("a")) {
    a.setAttribute("aria-current", String(a.dataset.ref === ref));
  }
  const detail = $("detail");
  try {
    const [got, runs] = await Promise.all([
      api(`/incidents/${encodeURIComponent(ref)}?order=oldest&limit=200`),
      api(`/runs?incident_id=${encodeURIComponent(ref)}&limit=100`),
    ]);
    if (state.selected !== ref) return;
    const i = got.incident;
    detail.replaceChildren(
      el("section", { id: "summary" },
        el("h1", {}, el("span", { class: `badge sev-${i.severity}`, text: i.severity }),
          `${i.ref} · ${i.title}`),
        el("p", {}, el("span", { class: "badge", id: "status", text: i.status.toLowerCase() }),
          (i.services || []).join(", ")),
        i.summary ? el("p", { text: i.summary }) : null),
      el("section", { id: "runs" }, el("h2", { text: "Remediations" }),
        runs.items.length ? runs.items.map(runCard) : el("p", { class: "muted", text: "None." })),
      el("section", { id: "timeline" }, el("h2", { text: "Timeline" }),
        el("ol", { class: "timeline" }, got.timeline.map((e) =>
          el("li", { "data-kind": e.kind },
            el("time", { datetime: e.at, text: when(e.at) }),
            el("span", { class: "badge", text: e.source || "" }), e.text))),
        got.truncated ? el("p", { class: "muted", text: "Older events than these 200 are in the API." }) : null),
      el("section", { id: "postmortem", class: "postmortem" }, el("h2", { text: "Postmortem" }),
        await postmortem(i)));
  } catch (e) {
    detail.replaceChildren(el("p", { class: "error", role: "alert", text: e.message }));
  }
}

function runCard(r) {
  return el("div", { class: "run", "data-run": r.run_id, "data-status": r.status },
    el("strong", { text: r.runbook }), " ",
    el("span", { class: "badge", text: r.risk }),
    el("span", { class: "badge run-status", text: r.status }),
    el("div", { class: "muted small",
      text: `asked by ${r.requested_by}${r.approved_by ? `, approved by ${r.approved_by}` : ""} · ${when(r.created_at)}` }),
    r.output ? el("pre", { text: r.output }) : null,
    r.error ? el("p", { class: "error", text: r.error }) : null,
    r.status === "pending_approval" ? decideForm(r) : null);
}

function decideForm(r) {
  const comment = el("textarea", { rows: "2", placeholder: "Comment (optional)", "aria-label": "comment" });
  const error = el("p", { class: "error", role: "alert", hidden: true });
  const decide = async (decision) => {
    try {
      await api(`/approvals/${encodeURIComponent(r.approval_id)}/decision`, {
        method: "POST",
        body: JSON.stringify({ decision, comment: comment.value }),
      });
      await show(state.selected);
    } catch (e) {
      error.textContent = e.message;
      error.hidden = false;
    }
  };
  return el("div", { class: "decide" }, comment,
    el("div", {},
      el("button", { type: "button", class: "approve", onclick: () => decide("approve"), text: "Approve" }),
      el("button", { type: "button", class: "secondary deny", onclick: () => decide("deny"), text: "Deny" })),
    error);
}

async function postmortem(incident) {
  if (incident.status !== "RESOLVED" && incident.status !== "CLOSED") {
    // document_resolution resolves the incident it documents: an active one has none
    return el("p", { class: "muted", text: "Written once resolved (document_resolution)." });
  }
  try {
    return markdown(await api(`/incidents/${encodeURIComponent(incident.ref)}/postmortem`));
  } catch (e) {
    if (e.status === 404) return el("p", { class: "muted", text: "Not written yet (document_resolution)." });
    throw e;
  }
}

/** Headings, lists and paragraphs of the postmortem's Markdown, as elements with text only. */
function markdown(text) {
  const out = el("div", { class: "markdown" });
  let list = null;
  let para = [];
  const flush = () => {
    if (para.length) out.append(el("p", { text: para.join(" ") }));
    para = [];
  };
  for (const line of text.split("\n")) {
    const heading = /^(#{1,3})\s+(.*)$/.exec(line);
    const item = /^\s*[-*]\s+(.*)$/.exec(line);
    if (heading) {
      flush();
      list = null;
      out.append(el(`h${heading[1].length + 1}`, { text: heading[2] }));
    } else if (item) {
      flush();
      if (!list) out.append((list = el("ul")));
      list.append(el("li", { text: item[1].replace(/\*\*/g, "") }));
    } else if (!line.trim()) {
      flush();
      list = null;
    } else {
      list = null;
      para.push(line.replace(/\*\*/g, ""));
    }
  }
  flush();
  return out;
}

async function fromHash() {
  const m = /^#incident=([A-Za-z0-9-]{1,40})$/.exec(location.hash);
  if (m && state.key) await show(m[1]);
}

// ------------------------------------------------------------------ wiring

$("signin-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const error = $("signin-error");
  error.hidden = true;
  try {
    await signIn($("key").value.trim());
    $("key").value = "";
  } catch (e) {
    error.textContent = e.message;
    error.hidden = false;
  }
});
$("sign-out").addEventListener("click", signOut);
$("more").addEventListener("click", () => loadList(false));
window.addEventListener("hashchange", fromHash);

const saved = sessionStorage.getItem(KEY_STORAGE);
if (saved) {
  signIn(saved).catch(() => signOut());
} else {
  $("signin").hidden = false;
}
