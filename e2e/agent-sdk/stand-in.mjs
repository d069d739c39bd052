// A local stand-in of the Anthropic Messages API (POST /v1/messages, streaming or not) that plays
// a scripted incident investigation as tool calls. It is stateless per request: the next step
// follows from the tool calls and results already in the request's messages, so retries and
// side requests of the CLI change nothing. For every step it checks that the tool is offered in
// the request's `tools`, that its arguments are properties of the offered schema, and that the
// previous call's tool_result is not an error. The human side (an answer, an approval) goes
// through the messaging REST API, a moment after the agent starts waiting.
import http from 'node:http';

const RCA_SCRIPT = `import json, collections
entries = json.load(open("input.json"))
entries = entries.get("entries", entries) if isinstance(entries, dict) else entries
per_minute = collections.Counter()
for e in entries:
    per_minute[e.get("ts", "")[:16]] += 1
first = min(per_minute) if per_minute else None
result = {"errors": len(entries), "first_error_minute": first, "peak_per_minute": max(per_minute.values(), default=0)}
json.dump(result, open("out/result.json", "w"))
print(json.dumps(result))
`;

/** The investigation, in order; `input(ctx)` builds the arguments from what earlier steps learned. */
const SCRIPT = [
  { tool: 'mcp__messaging__log_step', input: () => ({ step: 'Alert HighErrorRate on frontend: starting the investigation' }),
    learn: (r, ctx) => { ctx.sessionId = r.session_id; } },
  { tool: 'mcp__orchestration__list_incidents', input: () => ({ limit: 5 }),
    learn: (r, ctx) => {
      const items = r.items ?? r.incidents ?? [];
      const inc = items.find((i) => JSON.stringify(i).includes('HighErrorRate')) ?? items[0];
      if (!inc) throw new Error('list_incidents returned no incident (the demo alert should have opened one)');
      ctx.incidentId = String(inc.id);
      ctx.incidentRef = inc.ref;
      return `incident ${inc.ref}`;
    } },
  { tool: 'mcp__monitoring__verify_health', input: () => ({}) },
  { tool: 'mcp__monitoring__get_system_metrics', input: () => ({ window: '1h' }) },
  { tool: 'mcp__monitoring__analyze_logs', input: () => ({ window: '1h', level: 'WARN' }) },
  { tool: 'mcp__log-analytics__get_raw_logs',
    input: () => ({ service_filter: 'payments-api', level: 'ERROR', window: '1h', limit: 20, export: true }),
    learn: (r, ctx) => {
      if (!r.log_data_path) throw new Error('get_raw_logs with export returned no log_data_path');
      ctx.logDataPath = r.log_data_path;
      return `${r.total} error lines`;
    } },
  { tool: 'mcp__log-analytics__execute_analysis_script',
    input: (ctx) => ({ code: RCA_SCRIPT, log_data_path: ctx.logDataPath, incident_id: ctx.incidentId, timeout_seconds: 60 }),
    learn: (r) => {
      if (r.status !== 'ok') throw new Error(`analysis run status ${r.status}: ${JSON.stringify(r).slice(0, 400)}`);
      return `analysis run ${r.run_id}`;
    } },
  { tool: 'mcp__monitoring__root_cause_analysis', input: () => ({ service: 'frontend', window: '1h' }),
    learn: (r) => {
      const top = r.candidates?.[0]?.service;
      if (top !== 'payments-api') throw new Error(`root_cause_analysis ranked ${top} first, not payments-api`);
      return 'top candidate payments-api';
    } },
  { tool: 'mcp__orchestration__update_incident',
    input: (ctx) => ({ incident_id: ctx.incidentId, status: 'investigating', severity: 'SEV2',
      services: ['frontend', 'checkout', 'payments-api'],
      summary: 'payments-api v2.14.0 cut its DB pool from 50 to 10; charges time out, checkout and frontend fail' }) },
  { tool: 'mcp__orchestration__add_timeline_event',
    input: (ctx) => ({ incident_id: ctx.incidentId, kind: 'finding',
      text: 'RCA: payments-api v2.14.0 (deployed 24 min ago) set maximumPoolSize=10 (was 50); pool exhausted, 5 s timeouts' }) },
  { tool: 'mcp__orchestration__list_runbooks', input: () => ({ service: 'payments-api' }) },
  { tool: 'mcp__orchestration__execute_remediation',
    input: (ctx) => ({ incident_id: ctx.incidentId, runbook: 'deploy-status', parameters: { service: 'payments-api' } }),
    learn: (r) => {
      if (r.status !== 'succeeded') throw new Error(`deploy-status run ${r.status}`);
      return 'diagnostic ran at once';
    } },
  { tool: 'mcp__messaging__ask_question',
    input: (ctx) => ({ session_id: ctx.sessionId, question: 'payments-api v2.14.0 cut its DB pool to 10. Roll it back to v2.13.2?',
      choices: ['roll back', 'wait'], wait_seconds: 1 }),
    learn: (r, ctx, human) => {
      if (r.status !== 'pending' || !r.question_id) throw new Error(`ask_question returned ${JSON.stringify(r)}`);
      ctx.questionId = r.question_id;
      human.answer(r.question_id, 'roll back');
    } },
  { tool: 'mcp__messaging__wait_for_answer', input: (ctx) => ({ question_id: ctx.questionId, wait_seconds: 60 }),
    learn: (r, ctx, human) => {
      if (r.status !== 'answered') throw new Error(`wait_for_answer returned ${JSON.stringify(r)}`);
      human.answeredQuestion = true;
      return `answered: ${r.answer}`;
    } },
  { tool: 'mcp__orchestration__execute_remediation',
    input: (ctx) => ({ incident_id: ctx.incidentId, runbook: 'rollback-deploy',
      parameters: { service: 'payments-api', version: 'v2.13.2' }, idempotency_key: `e2e-rollback-${ctx.incidentId}` }),
    learn: (r, ctx, human) => {
      if (r.status !== 'pending_approval' || !r.approval_id) throw new Error(`rollback returned ${JSON.stringify(r)}`);
      ctx.runId = r.run_id;
      human.approve(r.approval_id);
      ctx.approvalId = r.approval_id;
      return 'pending approval';
    } },
  { tool: 'mcp__messaging__wait_for_approval', input: (ctx) => ({ approval_id: ctx.approvalId, wait_seconds: 60 }),
    learn: (r, ctx, human) => {
      if (r.status !== 'approved') throw new Error(`wait_for_approval returned ${JSON.stringify(r)}`);
      human.approved = true;
    } },
  { tool: 'mcp__orchestration__get_remediation', input: (ctx) => ({ run_id: ctx.runId }),
    repeatWhile: (r) => r.status === 'pending_approval' || r.status === 'running',
    learn: (r) => {
      if (r.status !== 'succeeded') throw new Error(`the rollback run ended ${r.status}: ${JSON.stringify(r).slice(0, 400)}`);
      return 'rollback succeeded';
    } },
  { tool: 'mcp__orchestration__update_incident', input: (ctx) => ({ incident_id: ctx.incidentId, status: 'mitigating' }) },
  { tool: 'mcp__monitoring__verify_health', input: () => ({ services: ['payments-api', 'checkout', 'frontend'] }) },
  { tool: 'mcp__orchestration__document_resolution',
    input: (ctx) => ({ incident_id: ctx.incidentId,
      root_cause: 'payments-api v2.14.0 moved HikariCP settings into the service config and cut maximumPoolSize from 50 to 10; under normal load requests waited 5 s for a connection and timed out, cascading to checkout (504) and frontend (502).',
      resolution: 'Rolled payments-api back to v2.13.2 through the rollback-deploy runbook after approval.',
      action_items: ['Alert on db.client.connections.pending_requests for payments-api', 'Review pool settings in deploy diffs'],
      lessons: ['Config moved with a deploy needs the same review as code'] }) },
  { tool: 'mcp__orchestration__notify_team',
    input: (ctx) => ({ incident_id: ctx.incidentId, severity: 'SEV2',
      message: 'Resolved: payments-api rolled back to v2.13.2 (DB pool cut to 10 in v2.14.0). Postmortem on the incident.' }) },
  { tool: 'mcp__messaging__end_session',
    input: (ctx) => ({ session_id: ctx.sessionId, summary: 'Rolled back payments-api; incident resolved with a postmortem.' }) },
];
const MAX_REPEATS = 30;

export async function startStandIn({ messagingUrl, humanKey, log = () => {} }) {
  const state = {
    problems: [],
    done: [],
    resultChars: new Map(),
    definitionChars: new Map(),
    finished: false,
    incidentId: null,
    answeredQuestion: false,
    approved: false,
  };
  const humanActs = new Set();
  const human = {
    set answeredQuestion(v) { state.answeredQuestion = v; },
    set approved(v) { state.approved = v; },
    answer(questionId, answer) {
      act(`answer ${questionId}`, `/api/v1/questions/${questionId}/answer`, { answer });
    },
    approve(approvalId) {
      act(`approve ${approvalId}`, `/api/v1/approvals/${approvalId}/decision`, { decision: 'approve', comment: 'go ahead' });
    },
  };
  // The human acts two seconds later, while the agent is in its next (waiting) call.
  function act(what, path, body) {
    if (humanActs.has(what)) return;
    humanActs.add(what);
    setTimeout(async () => {
      try {
        const r = await fetch(messagingUrl + path, {
          method: 'POST',
          headers: { Authorization: `Bearer ${humanKey}`, 'Content-Type': 'application/json' },
          body: JSON.stringify(body),
        });
        log(`  human -> ${what}: HTTP ${r.status}`);
        if (r.status !== 200) state.problems.push(`human ${what} through REST: HTTP ${r.status} ${await r.text()}`);
      } catch (e) {
        state.problems.push(`human ${what} through REST failed: ${e}`);
      }
    }, 2000);
  }

  /** Replays the conversation: what the script has learned and which step comes next. */
  function plan(body) {
    const calls = [];
    const uses = new Map();
    for (const m of body.messages ?? []) {
      if (!Array.isArray(m.content)) continue;
      for (const b of m.content) {
        if (m.role === 'assistant' && b.type === 'tool_use') {
          const call = { id: b.id, name: b.name, input: b.input, result: undefined, isError: false };
          uses.set(b.id, call);
          calls.push(call);
        } else if (m.role === 'user' && b.type === 'tool_result' && uses.has(b.tool_use_id)) {
          const call = uses.get(b.tool_use_id);
          call.isError = b.is_error === true;
          call.result = text(b.content);
        }
      }
    }
    for (const call of calls) {
      if (call.result !== undefined) {
        state.resultChars.set(call.name, Math.max(state.resultChars.get(call.name) ?? 0, call.result.length));
      }
    }
    const ctx = {};
    const done = [];
    let step = 0;
    let repeats = 0;
    for (const call of calls) {
      const s = SCRIPT[step];
      if (!s || call.name !== s.tool) {
        return { error: `the conversation has ${call.name} where the script expects ${s?.tool ?? 'the end'}` };
      }
      if (call.result === undefined) return { error: `no tool_result for ${call.name}` };
      if (call.isError) return { error: `${call.name} failed: ${call.result.slice(0, 600)}` };
      let parsed;
      try {
        parsed = JSON.parse(call.result);
      } catch {
        return { error: `${call.name} returned text that is not JSON: ${call.result.slice(0, 300)}` };
      }
      if (s.repeatWhile?.(parsed) && repeats < MAX_REPEATS) {
        repeats++;
        continue;
      }
      repeats = 0;
      let note;
      try {
        note = s.learn?.(parsed, ctx, human);
      } catch (e) {
        return { error: e.message };
      }
      done.push({ tool: s.tool, note: typeof note === 'string' ? note : undefined });
      step++;
    }
    return { ctx, done, step, repeats };
  }

  function respond(body) {
    const tools = body.tools ?? [];
    if (!tools.some((t) => t.name?.startsWith('mcp__'))) {
      // A side request of the CLI (titles, summaries): plain text.
      return { text: 'OK' };
    }
    for (const t of tools) {
      const server = t.name.startsWith('mcp__') ? t.name.split('__')[1] : null;
      if (server) {
        const chars = JSON.stringify({ name: t.name, description: t.description, input_schema: t.input_schema }).length;
        state.definitionChars.set(t.name, chars);
      }
    }
    const p = plan(body);
    if (p.error) {
      if (!state.problems.includes(p.error)) state.problems.push(p.error);
      return { text: `Stopping: ${p.error}` };
    }
    state.done = p.done;
    state.incidentId = p.ctx.incidentId ?? state.incidentId;
    const s = SCRIPT[p.step];
    if (!s) {
      state.finished = true;
      return { text: `Incident ${p.ctx.incidentRef} resolved: payments-api rolled back, postmortem written, team notified.` };
    }
    const offered = tools.find((t) => t.name === s.tool);
    if (!offered) {
      const problem = `${s.tool} is not offered to the model (offered: ${tools.map((t) => t.name).filter((n) => n.startsWith('mcp__')).join(', ')})`;
      if (!state.problems.includes(problem)) state.problems.push(problem);
      return { text: `Stopping: ${problem}` };
    }
    const input = s.input(p.ctx);
    const known = Object.keys(offered.input_schema?.properties ?? {});
    const unknown = Object.keys(input).filter((k) => !known.includes(k));
    if (unknown.length) {
      const problem = `${s.tool}: the script sends ${unknown.join(', ')}, not in its schema (${known.join(', ')})`;
      if (!state.problems.includes(problem)) state.problems.push(problem);
      return { text: `Stopping: ${problem}` };
    }
    return { tool: s.tool, input };
  }

  let n = 0;
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      if (!req.url.startsWith('/v1/messages') || req.method !== 'POST') {
        res.writeHead(404, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ type: 'error', error: { type: 'not_found_error', message: req.url } }));
        return;
      }
      let body;
      try {
        body = JSON.parse(raw);
      } catch {
        res.writeHead(400);
        res.end();
        return;
      }
      if (req.url.startsWith('/v1/messages/count_tokens')) {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ input_tokens: Math.ceil(raw.length / 4) }));
        return;
      }
      const answer = respond(body);
      const id = `msg_e2e_${++n}`;
      const content = answer.tool
        ? [{ type: 'tool_use', id: `toolu_e2e_${n}`, name: answer.tool, input: answer.input }]
        : [{ type: 'text', text: answer.text }];
      const stop = answer.tool ? 'tool_use' : 'end_turn';
      const usage = { input_tokens: Math.ceil(raw.length / 4), output_tokens: 20 };
      if (!body.stream) {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ id, type: 'message', role: 'assistant', model: body.model, content, stop_reason: stop, stop_sequence: null, usage }));
        return;
      }
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      const ev = (type, data) => res.write(`event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`);
      ev('message_start', { message: { id, type: 'message', role: 'assistant', model: body.model, content: [], stop_reason: null, stop_sequence: null, usage: { ...usage, output_tokens: 1 } } });
      if (answer.tool) {
        ev('content_block_start', { index: 0, content_block: { type: 'tool_use', id: content[0].id, name: answer.tool, input: {} } });
        const json = JSON.stringify(answer.input);
        // In a few pieces, as the real API streams arguments.
        for (let i = 0; i < json.length; i += 64) {
          ev('content_block_delta', { index: 0, delta: { type: 'input_json_delta', partial_json: json.slice(i, i + 64) } });
        }
      } else {
        ev('content_block_start', { index: 0, content_block: { type: 'text', text: '' } });
        ev('content_block_delta', { index: 0, delta: { type: 'text_delta', text: answer.text } });
      }
      ev('content_block_stop', { index: 0 });
      ev('message_delta', { delta: { stop_reason: stop, stop_sequence: null }, usage: { output_tokens: 20 } });
      ev('message_stop', {});
      res.end();
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    get problems() { return state.problems; },
    get done() { return state.done; },
    get finished() { return state.finished; },
    get incidentId() { return state.incidentId; },
    get answeredQuestion() { return state.answeredQuestion; },
    get approved() { return state.approved; },
    /** Tokens (chars / 4) of the MCP tool definitions as offered, per server, and of each tool's largest result. */
    tokenReport() {
      const servers = new Map();
      for (const [name, chars] of state.definitionChars) {
        const server = name.split('__')[1];
        servers.set(server, (servers.get(server) ?? 0) + chars);
      }
      return {
        definitions: [...servers].map(([server, chars]) => ({ server, tokens: Math.ceil(chars / 4) })),
        results: [...state.resultChars].map(([tool, chars]) => ({ tool, tokens: Math.ceil(chars / 4) })),
      };
    },
    close: () => new Promise((resolve) => { server.closeAllConnections?.(); server.close(resolve); }),
  };
}

/** A tool_result's text, without the reminders the CLI appends to it. */
function text(content) {
  let s;
  if (typeof content === 'string') s = content;
  else if (Array.isArray(content)) s = content.filter((c) => c.type === 'text').map((c) => c.text).join('');
  else s = JSON.stringify(content ?? null);
  return s.replace(/<system-reminder>[\s\S]*?<\/system-reminder>/g, '').trim();
}
