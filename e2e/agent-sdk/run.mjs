// End-to-end: the real Claude Agent SDK (its bundled Claude Code CLI) works the demo incident
// (`scripts/opsmcp demo`) through the four OpsMCP servers, three over streamable HTTP and one over
// legacy SSE. Its model is a local stand-in of the Anthropic Messages API (./stand-in.mjs) that plays
// a scripted investigation; the human side answers a question and approves the rollback through the
// messaging REST API while the agent waits.
//
//   OPSMCP_API_KEY=… OPSMCP_HUMAN_KEY=… node run.mjs \
//     monitoring=http://127.0.0.1:9001 orchestration=http://127.0.0.1:9002 \
//     log-analytics=http://127.0.0.1:9003 messaging=http://127.0.0.1:9004
//
// Prints one line per check ("ok   …" / "FAIL …") and exits 0 only when all pass.
import { query } from '@anthropic-ai/claude-agent-sdk';
import { startStandIn } from './stand-in.mjs';

const SERVERS = ['monitoring', 'orchestration', 'log-analytics', 'messaging'];
const SSE = new Set((process.env.OPSMCP_SSE_SERVERS ?? 'log-analytics').split(',').filter(Boolean));

const urls = {};
for (const arg of process.argv.slice(2)) {
  const [name, url] = arg.split('=');
  urls[name] = url.replace(/\/$/, '');
}
for (const name of SERVERS) {
  if (!urls[name]) {
    console.error(`usage: node run.mjs ${SERVERS.map((s) => `${s}=URL`).join(' ')}`);
    process.exit(2);
  }
}
const key = process.env.OPSMCP_API_KEY;
const humanKey = process.env.OPSMCP_HUMAN_KEY;
if (!key || !humanKey) {
  console.error('OPSMCP_API_KEY (the agent) and OPSMCP_HUMAN_KEY (messaging:human) are required');
  process.exit(2);
}

const checks = [];
const check = (ok, what) => {
  checks.push({ ok, what });
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
};

const standIn = await startStandIn({ messagingUrl: urls.messaging, humanKey, log: console.log });

const mcpServers = {};
for (const name of SERVERS) {
  const sse = SSE.has(name);
  mcpServers[name] = {
    type: sse ? 'sse' : 'http',
    url: `${urls[name]}/${sse ? 'sse' : 'mcp'}`,
    headers: { Authorization: `Bearer ${key}` },
  };
}

const env = {
  ...process.env,
  ANTHROPIC_BASE_URL: standIn.url,
  ANTHROPIC_API_KEY: 'sk-ant-e2e-stand-in',
  // bypassPermissions as root needs it; the CLI runs nothing but MCP tools here.
  IS_SANDBOX: '1',
  // Offer every MCP tool in `tools` (no deferred tool search), and call nothing else.
  ENABLE_TOOL_SEARCH: 'false',
  CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
  DISABLE_AUTOUPDATER: '1',
  MCP_TIMEOUT: '60000',
  MCP_TOOL_TIMEOUT: '600000',
};
delete env.CLAUDECODE;

let init = null;
let result = null;
const started = Date.now();
try {
  const q = query({
    prompt:
      'An alert fired: HighErrorRate on frontend. Work the incident with the OpsMCP tools, end to end.',
    options: {
      mcpServers,
      permissionMode: 'bypassPermissions',
      allowDangerouslySkipPermissions: true,
      maxTurns: 60,
      model: 'claude-sonnet-4-5',
      env,
      settingSources: [],
      cwd: process.cwd(),
      stderr: (line) => process.env.E2E_VERBOSE && process.stderr.write(`[cli] ${line}`),
    },
  });
  for await (const m of q) {
    if (m.type === 'system' && m.subtype === 'init') {
      init = m;
    } else if (m.type === 'assistant') {
      for (const block of m.message.content) {
        if (block.type === 'tool_use') console.log(`  agent -> ${block.name} ${JSON.stringify(block.input).slice(0, 160)}`);
      }
    } else if (m.type === 'result') {
      result = m;
    }
  }
} catch (e) {
  check(false, `the Agent SDK query ended with an error: ${e?.stack ?? e}`);
}

if (init) {
  const status = Object.fromEntries((init.mcp_servers ?? []).map((s) => [s.name, s.status]));
  for (const name of SERVERS) {
    check(status[name] === 'connected', `${name} connected over ${mcpServers[name].type} (status: ${status[name]})`);
  }
} else {
  check(false, 'the SDK sent no init message');
}
for (const problem of standIn.problems) check(false, problem);
for (const step of standIn.done) check(true, `${step.tool} offered and succeeded${step.note ? ` (${step.note})` : ''}`);
check(standIn.finished, `the scripted investigation finished (${standIn.done.length} tool calls)`);
check(standIn.answeredQuestion, 'a question was answered through the messaging REST API while the agent waited');
check(standIn.approved, 'the rollback was approved through the messaging REST API while the agent waited');
check(result?.subtype === 'success', `the SDK reported success (result: ${result?.subtype})`);

// The postmortem, read back through orchestration's REST API.
if (standIn.incidentId) {
  const r = await fetch(`${urls.orchestration}/api/v1/incidents/${standIn.incidentId}/postmortem`, {
    headers: { Authorization: `Bearer ${key}` },
  });
  const body = await r.text();
  check(r.status === 200 && body.includes('payments-api'), `postmortem of incident ${standIn.incidentId} exists (HTTP ${r.status}, ${body.length} chars)`);
  const inc = await fetch(`${urls.orchestration}/api/v1/incidents/${standIn.incidentId}`, {
    headers: { Authorization: `Bearer ${key}` },
  });
  const incident = await inc.json();
  const status = incident.incident?.status ?? incident.status;
  check(String(status).toLowerCase() === 'resolved', `incident ${standIn.incidentId} is resolved (HTTP ${inc.status}, status ${status})`);
} else {
  check(false, 'no incident id was learned from list_incidents');
}

// What the model paid in context, as the SDK sent it (tokens ≈ chars / 4).
const report = standIn.tokenReport();
for (const d of report.definitions) console.log(`tokens definitions ${d.server} ${d.tokens}`);
for (const r of report.results) console.log(`tokens result ${r.tool} ${r.tokens}`);

await standIn.close();
const failed = checks.filter((c) => !c.ok).length;
console.log(`${checks.length - failed} passed, ${failed} failed in ${Math.round((Date.now() - started) / 1000)} s`);
process.exit(failed === 0 ? 0 : 1);
