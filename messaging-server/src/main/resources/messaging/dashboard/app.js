// OpsMCP messaging dashboard: plain ES module, no build step. Every piece of data reaches the
// page through textContent (see el()), never as markup.

const KEY_STORAGE = "opsmcp.messaging.key";
const API = "api/v1";
const PAGE = 200;
const STALE_STREAM_MS = 45_000; // the server sends a keep-alive every 15 s
const MAX_BACKOFF_MS = 30_000;

const $ = (id) => document.getElementById(id);

const state = {
  key: null,
  generation: 0, // bumped on sign-in and sign-out; stale async work checks it and stops
  sessions: [],
  nextCursor: null,
  selected: null, // session id
  view: 0, // bumped each time a session is (re)selected; a load for an older view stops
  lastMessageId: 0,
  agentName: null, // of the selected session
  cards: new Map(), // question or approval id -> card element
  stream: null, // AbortController of the event stream
};

class ApiError extends Error {
  constructor(status, code, message, body) {
    super(message);
    this.status = status;
    this.code = code;
    this.body = body;
  }
}

// ---------------------------------------------------------------- DOM helpers

/** Creates an element; strings among the children become text nodes, null children are skipped. */
function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(props)) {
    if (value === null || value === undefined || value === false) continue;
    if (name === "class") node.className = value;
    else if (name === "text") node.textContent = value;
    else if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
    else if (name in node && typeof value !== "string") node[name] = value;
    else node.setAttribute(name, value === true ? "" : value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(typeof child === "string" ? document.createTextNode(child) : child);
  }
  return node;
}

function show(node, visible) {
  node.hidden = !visible;
}

function badge(text, tone) {
  return el("span", { class: `badge badge-${tone}`, text });
}

function time(iso) {
  if (!iso) return null;
  const date = new Date(iso);
  return el("time", {
    datetime: iso,
    title: date.toLocaleString(),
    "data-relative": "",
    text: relative(date),
  });
}

const RELATIVE = new Intl.RelativeTimeFormat(undefined, { numeric: "auto" });

function relative(date) {
  const seconds = Math.round((date.getTime() - Date.now()) / 1000);
  const abs = Math.abs(seconds);
  if (abs < 45) return "just now";
  if (abs < 3600) return RELATIVE.format(Math.round(seconds / 60), "minute");
  if (abs < 86400) return RELATIVE.format(Math.round(seconds / 3600), "hour");
  if (abs < 7 * 86400) return RELATIVE.format(Math.round(seconds / 86400), "day");
  return date.toLocaleDateString();
}

function refreshTimes() {
  for (const node of document.querySelectorAll("time[data-relative]")) {
    node.textContent = relative(new Date(node.dateTime));
  }
}

let toastTimer = null;

function toast(message, tone = "error") {
  const node = $("toast");
  node.textContent = message;
  node.dataset.tone = tone;
  show(node, true);
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => show(node, false), 6000);
}

// ---------------------------------------------------------------- API

/** The sentence for people in any of the server's error bodies. */
function errorMessage(status, body) {
  const error = body && body.error;
  if (error && typeof error === "object" && error.message) return error.message;
  if (body && typeof body.message === "string") return body.message;
  return `The server answered HTTP ${status}.`;
}

async function api(path, { method = "GET", body } = {}) {
  const headers = { Authorization: `Bearer ${state.key}`, Accept: "application/json" };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  let res;
  try {
    res = await fetch(`${API}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      cache: "no-store",
      credentials: "omit",
    });
  } catch (e) {
    throw new ApiError(0, "network", "Cannot reach the server; check your connection.", null);
  }
  let data = null;
  try {
    data = await res.json();
  } catch {
    data = null;
  }
  if (!res.ok) {
    const code = data && data.error && typeof data.error === "object" ? data.error.code : data && data.error;
    const err = new ApiError(res.status, code, errorMessage(res.status, data), data);
    if (res.status === 401) signOut(`Your key was rejected: ${err.message}`);
    throw err;
  }
  return data;
}

const enc = encodeURIComponent;

// ---------------------------------------------------------------- sign-in

function start() {
  $("signin-form").addEventListener("submit", onSignIn);
  $("sign-out").addEventListener("click", () => signOut());
  $("status-filter").addEventListener("change", () => loadSessions());
  $("more-sessions").addEventListener("click", () => loadSessions({ append: true }));
  $("back").addEventListener("click", () => {
    location.hash = "";
  });
  $("reply-form").addEventListener("submit", onReply);
  $("reply").addEventListener("keydown", (e) => {
    if (e.key === "Enter" && (e.metaKey || e.ctrlKey)) $("reply-form").requestSubmit();
  });
  window.addEventListener("hashchange", () => selectFromHash());
  setInterval(refreshTimes, 30_000);

  const key = sessionStorage.getItem(KEY_STORAGE);
  if (key) signIn(key);
  else showSignIn();
}

function showSignIn(message) {
  show($("app"), false);
  show($("account"), false);
  show($("signin"), true);
  const error = $("signin-error");
  error.textContent = message || "";
  show(error, Boolean(message));
  $("key").focus();
}

async function onSignIn(event) {
  event.preventDefault();
  const key = $("key").value.trim();
  if (!key) return;
  const button = $("signin-submit");
  button.disabled = true;
  button.textContent = "Signing in…";
  try {
    await signIn(key);
  } finally {
    button.disabled = false;
    button.textContent = "Sign in";
  }
}

async function signIn(key) {
  state.key = key;
  const generation = ++state.generation;
  try {
    await loadSessions();
  } catch (e) {
    if (generation !== state.generation) return;
    forget();
    sessionStorage.removeItem(KEY_STORAGE);
    showSignIn(e.message);
    return;
  }
  if (generation !== state.generation) return;
  sessionStorage.setItem(KEY_STORAGE, key);
  $("key").value = "";
  show($("signin"), false);
  show($("account"), true);
  show($("app"), true);
  selectFromHash();
  runEvents(generation);
}

/** Drops the key and everything loaded with it. */
function forget() {
  state.generation++;
  state.key = null;
  if (state.stream) state.stream.abort();
  state.stream = null;
  state.sessions = [];
  state.selected = null;
  state.cards.clear();
  document.body.classList.remove("has-selection");
  $("sessions").replaceChildren();
  $("timeline").replaceChildren();
  show($("session"), false);
  show($("placeholder"), true);
}

function signOut(message) {
  forget();
  sessionStorage.removeItem(KEY_STORAGE);
  showSignIn(message);
}

// ---------------------------------------------------------------- sessions

async function loadSessions({ append = false } = {}) {
  const generation = state.generation;
  const status = $("status-filter").value;
  const params = new URLSearchParams({ limit: "100" });
  if (status) params.set("status", status);
  if (append && state.nextCursor) params.set("cursor", state.nextCursor);
  const page = await api(`/sessions?${params}`);
  if (generation !== state.generation) return;
  state.sessions = append ? state.sessions.concat(page.items) : page.items;
  state.nextCursor = page.truncated ? page.next_cursor : null;
  renderSessions();
}

const reloadSessions = coalesce(() =>
  loadSessions().catch((e) => {
    if (e.status !== 401) toast(`Could not refresh sessions: ${e.message}`);
  }),
);

function renderSessions() {
  const items = state.sessions.map((s) => {
    const waiting = s.unanswered > 0 ? badge(`${s.unanswered} waiting`, "attention") : null;
    const ended = s.status === "active" ? null : badge(s.status, "muted");
    return el(
      "li",
      {},
      el(
        "a",
        {
          class: "session-item",
          href: `#session=${enc(s.id)}`,
          "data-session-id": s.id,
          "aria-current": s.id === state.selected ? "true" : null,
          "data-status": s.status,
        },
        el("span", { class: "session-item-top" },
          el("span", { class: "session-agent", text: s.agent_name || "agent" }),
          waiting,
          ended),
        el("span", { class: "session-item-bottom" },
          el("span", { class: s.incident_id ? "incident" : "incident incident-none",
            text: s.incident_id || "No incident" }),
          time(s.updated_at)),
      ),
    );
  });
  $("sessions").replaceChildren(...items);
  show($("sessions-empty"), items.length === 0);
  show($("more-sessions"), Boolean(state.nextCursor));
}

// ---------------------------------------------------------------- one session

function selectFromHash() {
  if (!state.key) return;
  const match = /^#session=([\w-]+)$/.exec(location.hash);
  const id = match ? match[1] : null;
  if (id === state.selected) return;
  select(id);
}

async function select(id) {
  state.selected = id;
  state.view++;
  state.lastMessageId = 0;
  state.agentName = null;
  state.cards.clear();
  $("timeline").replaceChildren();
  $("reply").value = "";
  document.body.classList.toggle("has-selection", Boolean(id));
  for (const a of document.querySelectorAll(".session-item")) {
    a.setAttribute("aria-current", a.dataset.sessionId === id ? "true" : "false");
  }
  show($("placeholder"), !id);
  show($("session"), Boolean(id));
  show($("session-error"), false);
  if (!id) return;
  $("session-title").textContent = "Loading…";
  $("session-meta").replaceChildren();
  $("session-badges").replaceChildren();
  try {
    await loadSessionHead(id);
    await loadTimeline();
  } catch (e) {
    if (id !== state.selected || e.status === 401) return;
    $("session-title").textContent = "Session unavailable";
    $("session-error").textContent = e.message;
    show($("session-error"), true);
    return;
  }
  if (id !== state.selected) return;
  const pending = document.querySelector(".timeline .card[data-pending]");
  const target = pending || [...$("timeline").children].filter((e) => !e.hidden).pop();
  if (target) target.scrollIntoView({ block: pending ? "center" : "end" });
}

async function loadSessionHead(id) {
  const s = await api(`/sessions/${enc(id)}`);
  if (id !== state.selected) return;
  state.agentName = s.agent_name;
  $("session-title").textContent = s.agent_name || "agent";
  $("session-meta").replaceChildren(
    el("span", { class: s.incident_id ? "incident" : "incident incident-none",
      text: s.incident_id || "No incident" }),
    el("span", { class: "sep", "aria-hidden": "true", text: "·" }),
    el("span", { class: "mono", text: s.id }),
    el("span", { class: "sep", "aria-hidden": "true", text: "·" }),
    el("span", {}, "started ", time(s.created_at)),
  );
  const summary = state.sessions.find((x) => x.id === id);
  const waiting = summary ? summary.unanswered : 0;
  $("session-badges").replaceChildren(
    ...(waiting > 0 ? [badge(`${waiting} waiting`, "attention")] : []),
    badge(s.status, s.status === "active" ? "live" : "muted"),
  );
  show($("reply-form"), s.status === "active");
}

/** Appends the messages after the last one shown; one run at a time, reruns when asked meanwhile. */
const loadTimeline = coalesce(async () => {
  const id = state.selected;
  const view = state.view;
  if (!id) return;
  const firstLoad = state.lastMessageId === 0;
  const nearBottom = window.innerHeight + window.scrollY >= document.body.scrollHeight - 120;
  let last = null;
  for (;;) {
    const params = new URLSearchParams({ limit: String(PAGE) });
    if (state.lastMessageId) params.set("after", String(state.lastMessageId));
    const page = await api(`/sessions/${enc(id)}/messages?${params}`);
    if (view !== state.view) return;
    const added = page.items.map((m) => {
      state.lastMessageId = Math.max(state.lastMessageId, m.id);
      return renderEntry(m);
    });
    $("timeline").append(...added);
    await Promise.all(added.map((entry) => entry.ready));
    last = added.filter((entry) => !entry.hidden).pop() || last;
    if (!page.truncated) break;
  }
  // Follow new entries, unless the reader scrolled up to read older ones.
  if (last && !firstLoad && nearBottom && view === state.view) {
    last.scrollIntoView({ block: "end", behavior: "smooth" });
  }
});

const ENTRY_LABEL = {
  step: "Step",
  message: "Message",
  answer: "Answer",
  decision: "Decision",
};

function renderEntry(m) {
  if (m.kind === "question" && m.ref_id) return cardEntry(m, "question");
  if (m.kind === "approval" && m.ref_id) return cardEntry(m, "approval");
  if ((m.kind === "answer" || m.kind === "decision") && state.cards.has(m.ref_id)) {
    // Its card above already shows it, with who and when.
    return el("li", { class: "entry entry-folded", hidden: true, "data-id": m.id });
  }
  if (m.kind === "end") {
    return el("li", { class: "entry entry-end", "data-id": m.id },
      el("span", { class: "entry-kind", text: "Ended" }),
      el("span", { class: "entry-end-text", text: m.content }), time(m.created_at));
  }
  // Steps are always the agent's; for the rest say who wrote it.
  const who = m.kind === "step" ? null
    : m.role === "user" ? m.author || "you"
      : m.role === "agent" ? state.agentName || "agent" : m.role;
  return el(
    "li",
    { class: `entry entry-${m.kind} role-${m.role}`, "data-id": m.id },
    el("div", { class: "entry-meta" },
      el("span", { class: "entry-kind", text: ENTRY_LABEL[m.kind] || m.kind }),
      who ? el("span", { class: "entry-who", text: who }) : null,
      time(m.created_at)),
    el("p", { class: "entry-text", text: m.content }),
  );
}

/** A question or approval entry: a card filled from its own endpoint, refreshed on its events. */
function cardEntry(m, type) {
  const card = el("div", { class: `card card-${type}`, "data-ref-id": m.ref_id },
    el("p", { class: "entry-text", text: m.content }));
  const entry = el("li", { class: `entry entry-${type}`, "data-id": m.id }, card);
  state.cards.set(m.ref_id, { card, type, createdAt: m.created_at, seq: 0 });
  entry.ready = refreshCard(m.ref_id);
  return entry;
}

async function refreshCard(refId) {
  const known = state.cards.get(refId);
  if (!known) return;
  const seq = ++known.seq; // a slow older answer must not overwrite a newer one
  try {
    const data = await api(`/${known.type === "question" ? "questions" : "approvals"}/${enc(refId)}`);
    if (state.cards.get(refId) !== known || seq !== known.seq) return;
    const fresh = known.type === "question" ? questionCard(data, known.createdAt)
      : approvalCard(data, known.createdAt);
    known.card.replaceWith(fresh);
    known.card = fresh;
  } catch (e) {
    if (e.status !== 401 && seq === known.seq) {
      known.card.append(el("p", { class: "card-error", text: `Could not load: ${e.message}` }));
    }
  }
}

function cardHead(label, statusBadge, createdAt, extra) {
  return el("div", { class: "card-head" },
    el("span", { class: "card-label", text: label }),
    extra,
    statusBadge,
    el("span", { class: "card-time" }, time(createdAt)));
}

const QUESTION_STATUS = { pending: "attention", answered: "ok", expired: "muted" };

function questionCard(q, createdAt) {
  const pending = q.status === "pending";
  const card = el("div", {
    class: `card card-question status-${q.status}`,
    "data-ref-id": q.id,
    "data-status": q.status,
    "data-pending": pending ? "" : null,
  });
  card.append(
    cardHead("Question", badge(q.status, QUESTION_STATUS[q.status] || "muted"), createdAt),
    el("p", { class: "card-text", text: q.question }),
  );
  if (q.status === "answered") {
    card.append(el("div", { class: "resolution resolution-ok" },
      el("span", { class: "resolution-label", text: "Answer" }),
      el("p", { class: "resolution-text", text: q.answer }),
      el("span", { class: "resolution-by" }, by(q.answered_by, q.answered_at))));
  } else if (q.status === "expired") {
    card.append(el("p", { class: "resolution resolution-muted",
      text: "Expired unanswered. The agent has to ask again." }));
  } else {
    card.append(answerForm(q));
  }
  return card;
}

function by(author, at) {
  return [author ? `by ${author} ` : "", time(at)];
}

function parseChoices(raw) {
  if (!raw) return [];
  try {
    const list = JSON.parse(raw);
    return Array.isArray(list) ? list.filter((c) => typeof c === "string" && c.trim()) : [];
  } catch {
    return [];
  }
}

function answerForm(q) {
  const error = el("p", { class: "card-error", role: "alert", hidden: true });
  const input = el("input", { class: "input", type: "text", placeholder: "Type an answer",
    "aria-label": "Your answer", maxlength: "20000" });
  const buttons = [];
  const submit = async (answer) => {
    if (!answer.trim()) return;
    buttons.forEach((b) => (b.disabled = true));
    input.disabled = true;
    show(error, false);
    try {
      await api(`/questions/${enc(q.id)}/answer`, { method: "POST", body: { answer } });
      await refreshCard(q.id);
    } catch (e) {
      if (e.status === 409 || e.status === 410 || e.status === 404) {
        toast(e.message, "info");
        await refreshCard(q.id);
        return;
      }
      error.textContent = e.message;
      show(error, true);
      buttons.forEach((b) => (b.disabled = false));
      input.disabled = false;
    }
  };
  const choices = parseChoices(q.choices).map((choice) => {
    const b = el("button", { type: "button", class: "btn btn-choice", text: choice,
      onclick: () => submit(choice) });
    buttons.push(b);
    return b;
  });
  const send = el("button", { type: "submit", class: "btn btn-primary", text: "Send answer" });
  buttons.push(send);
  const form = el("form", { class: "answer-form", onsubmit: (e) => {
    e.preventDefault();
    submit(input.value);
  } }, input, send);
  return el("div", { class: "card-actions" },
    choices.length ? el("div", { class: "choices", role: "group", "aria-label": "Suggested answers" },
      choices) : null,
    form,
    error);
}

const APPROVAL_STATUS = { pending: "attention", approved: "ok", denied: "danger", expired: "muted" };

function approvalCard(a, createdAt) {
  const pending = a.status === "pending";
  const card = el("div", {
    class: `card card-approval status-${a.status} risk-${a.risk}`,
    "data-ref-id": a.id,
    "data-status": a.status,
    "data-pending": pending ? "" : null,
  });
  card.append(
    cardHead("Approval", badge(a.status, APPROVAL_STATUS[a.status] || "muted"), createdAt,
      el("span", { class: `badge badge-risk risk-${a.risk}`, text: `${a.risk} risk` })),
    el("p", { class: "card-action", text: a.action }),
    el("p", { class: "card-text", text: a.details }),
    a.incident_id ? el("p", { class: "card-incident" }, "Incident ",
      el("span", { class: "incident", text: a.incident_id })) : null,
  );
  if (pending) {
    card.append(decisionForm(a));
  } else if (a.status === "expired") {
    card.append(el("p", { class: "resolution resolution-muted",
      text: "Expired undecided. The agent has to ask again." }));
  } else {
    const tone = a.status === "approved" ? "ok" : "danger";
    card.append(el("div", { class: `resolution resolution-${tone}` },
      el("span", { class: "resolution-label", text: a.status === "approved" ? "Approved" : "Denied" }),
      a.decision_comment ? el("p", { class: "resolution-text", text: a.decision_comment }) : null,
      el("span", { class: "resolution-by" }, by(a.decided_by, a.decided_at))));
  }
  return card;
}

function decisionForm(a) {
  const error = el("p", { class: "card-error", role: "alert", hidden: true });
  const comment = el("textarea", { class: "input", rows: "2", maxlength: "20000",
    placeholder: "Comment for the agent (optional): conditions, what to watch…",
    "aria-label": "Comment" });
  const decide = async (decision) => {
    approve.disabled = deny.disabled = comment.disabled = true;
    show(error, false);
    try {
      await api(`/approvals/${enc(a.id)}/decision`, {
        method: "POST",
        body: { decision, comment: comment.value.trim() || null },
      });
      await refreshCard(a.id);
    } catch (e) {
      if (e.status === 409 || e.status === 410 || e.status === 404) {
        toast(e.message, "info");
        await refreshCard(a.id);
        return;
      }
      error.textContent = e.message;
      show(error, true);
      approve.disabled = deny.disabled = comment.disabled = false;
    }
  };
  const approve = el("button", { type: "button", class: "btn btn-approve", text: "Approve",
    onclick: () => decide("approve") });
  const deny = el("button", { type: "button", class: "btn btn-deny", text: "Deny",
    onclick: () => decide("deny") });
  return el("div", { class: "card-actions" }, comment,
    el("div", { class: "decision-buttons" }, deny, approve), error);
}

async function onReply(event) {
  event.preventDefault();
  const input = $("reply");
  const content = input.value.trim();
  const id = state.selected;
  if (!content || !id) return;
  input.disabled = true;
  try {
    await api(`/sessions/${enc(id)}/messages`, { method: "POST", body: { content } });
    input.value = "";
    await loadTimeline();
  } catch (e) {
    if (e.status !== 401) toast(`Not sent: ${e.message}`);
  } finally {
    input.disabled = false;
  }
}

// ---------------------------------------------------------------- live events

function setLive(stateName, text) {
  const node = $("live");
  node.dataset.state = stateName;
  node.textContent = text;
}

/** Reads the event stream with fetch (EventSource cannot send the Authorization header). */
async function runEvents(generation) {
  let failures = 0;
  while (generation === state.generation) {
    const controller = new AbortController();
    state.stream = controller;
    setLive("connecting", "Connecting…");
    try {
      await readEvents(controller, () => {
        failures = 0;
        setLive("live", "Live");
        refreshAll(); // whatever happened while we were not listening
      });
    } catch (e) {
      if (generation !== state.generation) return;
      if (e.status === 401) {
        signOut(`Your key was rejected: ${e.message}`);
        return;
      }
    }
    if (generation !== state.generation) return;
    failures++;
    const delay = Math.min(MAX_BACKOFF_MS, 1000 * 2 ** (failures - 1)) * (0.8 + Math.random() * 0.4);
    setLive("offline", `Reconnecting in ${Math.max(1, Math.round(delay / 1000))} s`);
    await new Promise((resolve) => setTimeout(resolve, delay));
  }
}

async function readEvents(controller, onOpen) {
  const res = await fetch(`${API}/events`, {
    headers: { Authorization: `Bearer ${state.key}`, Accept: "text/event-stream" },
    cache: "no-store",
    credentials: "omit",
    signal: controller.signal,
  });
  if (!res.ok) {
    let body = null;
    try {
      body = await res.json();
    } catch {
      body = null;
    }
    throw new ApiError(res.status, null, errorMessage(res.status, body), body);
  }
  onOpen();
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  let stale = setTimeout(() => controller.abort(), STALE_STREAM_MS);
  let buffer = "";
  let type = "";
  let data = [];
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      clearTimeout(stale);
      stale = setTimeout(() => controller.abort(), STALE_STREAM_MS);
      buffer += value;
      const lines = buffer.split(/\r\n|\r|\n/);
      buffer = lines.pop();
      for (const line of lines) {
        if (line === "") {
          if (data.length) dispatch(type || "message", data.join("\n"));
          type = "";
          data = [];
        } else if (!line.startsWith(":")) {
          const colon = line.indexOf(":");
          const field = colon < 0 ? line : line.slice(0, colon);
          let val = colon < 0 ? "" : line.slice(colon + 1);
          if (val.startsWith(" ")) val = val.slice(1);
          if (field === "event") type = val;
          else if (field === "data") data.push(val);
        }
      }
    }
  } finally {
    clearTimeout(stale);
    reader.cancel().catch(() => {});
  }
}

function dispatch(type, raw) {
  let event;
  try {
    event = JSON.parse(raw);
  } catch {
    return;
  }
  const kind = event.type || type;
  if (kind === "resync") {
    refreshAll({ full: true });
    return;
  }
  reloadSessions();
  if (!state.selected || event.session_id !== state.selected) return;
  if (kind === "message") loadTimeline().catch(ignoreSignedOut);
  if (kind === "answer" || kind === "decision") refreshCard(event.id);
  if (kind === "session" || kind === "question" || kind === "approval" || kind === "answer"
      || kind === "decision") {
    refreshHead();
  }
}

const refreshHead = coalesce(async () => {
  if (!state.selected) return;
  await reloadSessions();
  if (state.selected) await loadSessionHead(state.selected).catch(ignoreSignedOut);
});

function ignoreSignedOut(e) {
  if (e.status !== 401) toast(e.message);
}

/** Brings everything shown up to date: after a reconnect, or all of it after a resync. */
function refreshAll({ full = false } = {}) {
  reloadSessions();
  const id = state.selected;
  if (!id) return;
  if (full) {
    state.selected = null;
    select(id);
    return;
  }
  loadSessionHead(id).catch(ignoreSignedOut);
  loadTimeline().catch(ignoreSignedOut);
  for (const [refId, known] of state.cards) {
    if (known.card.hasAttribute("data-pending")) refreshCard(refId);
  }
}

/**
 * Wraps an async function so that calls made while it runs share one more run after the current
 * one: each caller's promise settles after a run that started after its call.
 */
function coalesce(fn) {
  let current = null;
  let queued = null;
  const call = () => {
    if (!current) {
      current = Promise.resolve()
        .then(fn)
        .finally(() => {
          current = null;
        });
      return current;
    }
    if (!queued) {
      queued = current
        .catch(() => {})
        .then(() => {
          queued = null;
          return call();
        });
    }
    return queued;
  };
  return call;
}

start();
