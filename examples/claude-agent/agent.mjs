// An incident-response agent on the Claude Agent SDK, connected to the four OpsMCP servers.
// It prints its steps as they stream. See README.md.
//
//   ANTHROPIC_API_KEY=sk-ant-… node agent.mjs ["what to investigate"]
//
// Settings (environment):
//   OPSMCP_API_KEY            the OpsMCP key (default: the first-start key in ../../data/agent-key.txt)
//   OPSMCP_HOST               default 127.0.0.1
//   OPSMCP_<SERVER>_URL       a server's base URL (default http://HOST:9001 … 9004), e.g. OPSMCP_MONITORING_URL
//   OPSMCP_SSE_SERVERS        servers to reach over legacy SSE (/sse), comma-separated (default log-analytics);
//                             the others use streamable HTTP (/mcp)
//   OPSMCP_AGENT_MODEL        the Claude model (default: the SDK's default)
//   OPSMCP_AGENT_MAX_TURNS    default 80
import { query } from '@anthropic-ai/claude-agent-sdk';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const SERVERS = { monitoring: 9001, orchestration: 9002, 'log-analytics': 9003, messaging: 9004 };

function apiKey() {
  if (process.env.OPSMCP_API_KEY) return process.env.OPSMCP_API_KEY.trim();
  const file = path.resolve(here, '../../data/agent-key.txt');
  if (fs.existsSync(file)) return fs.readFileSync(file, 'utf8').trim();
  console.error(`Set OPSMCP_API_KEY (scripts/opsmcp key create --tenant default | tail -n 1); ${file} does not exist.`);
  process.exit(2);
}
if (!process.env.ANTHROPIC_API_KEY && !process.env.ANTHROPIC_BASE_URL) {
  console.error('Set ANTHROPIC_API_KEY (https://console.anthropic.com/).');
  process.exit(2);
}

const key = apiKey();
const host = process.env.OPSMCP_HOST ?? '127.0.0.1';
const sse = new Set((process.env.OPSMCP_SSE_SERVERS ?? 'log-analytics').split(',').map((s) => s.trim()).filter(Boolean));
const mcpServers = {};
for (const [name, port] of Object.entries(SERVERS)) {
  const base = (process.env[`OPSMCP_${name.toUpperCase().replace('-', '_')}_URL`] ?? `http://${host}:${port}`).replace(/\/$/, '');
  mcpServers[name] = sse.has(name)
    ? { type: 'sse', url: `${base}/sse`, headers: { Authorization: `Bearer ${key}` } }
    : { type: 'http', url: `${base}/mcp`, headers: { Authorization: `Bearer ${key}` } };
}

const SYSTEM_PROMPT = `You are an on-call SRE agent. You work incidents only through the OpsMCP tools:
monitoring (metrics, log patterns, root-cause analysis, health), log-analytics (raw logs, Python
analysis in a sandbox), orchestration (incidents, timeline, runbooks, remediation, postmortems,
notifications) and messaging (talking to the humans on call). Work in this order:

1. Verify health: verify_health, and list_incidents to find an incident an alert already opened.
   Post progress with log_step as you go; the humans read it.
2. Metrics and log patterns: get_system_metrics (all services, then the abnormal ones) and
   analyze_logs over the incident's window; note new and spiking error templates.
3. Raw logs and an analysis script: get_raw_logs for the suspect service's errors with export: true,
   then execute_analysis_script with that log_data_path (e.g. errors per minute, first occurrence),
   with the incident_id so the run is on the timeline.
4. Root cause: root_cause_analysis; check its top candidate against the changes, metrics and logs.
   Say what the evidence is. Do not guess beyond it.
5. The incident: use the one the alert opened (update_incident: status investigating, severity,
   services, summary) or create_incident; record findings with add_timeline_event.
6. Before any risky remediation (anything list_runbooks marks high risk or needing approval), ask
   the human with ask_question (then wait_for_answer while it is pending): what you found, what you
   propose, and the risk. Diagnostic runbooks you may run directly.
7. Remediate: execute_remediation. When it returns pending_approval, wait with wait_for_approval on
   its approval_id, then follow get_remediation until the run has finished. Never retry a denied run.
8. Verify: verify_health and get_system_metrics for the affected services; say honestly if the
   telemetry has not recovered yet.
9. Postmortem: document_resolution with the established root cause, the resolution, action items
   and lessons (it resolves the incident).
10. Notify: notify_team with a short summary, then end_session with a summary.

Keep tool results small: use windows, filters and limits. Waiting for humans can take minutes; keep
waiting (wait_for_answer / wait_for_approval) rather than acting without them.`;

const prompt =
  process.argv.slice(2).join(' ') ||
  'An alert fired for our services. Investigate it end to end, following your procedure.';

console.log(`OpsMCP servers: ${Object.entries(mcpServers).map(([n, s]) => `${n} ${s.type} ${s.url}`).join(', ')}`);
const q = query({
  prompt,
  options: {
    systemPrompt: SYSTEM_PROMPT,
    mcpServers,
    // Only the OpsMCP tools: no shell, no file edits.
    allowedTools: Object.keys(mcpServers).map((n) => `mcp__${n}`),
    disallowedTools: ['Bash', 'Edit', 'Write', 'NotebookEdit', 'WebFetch', 'WebSearch', 'Task'],
    permissionMode: 'dontAsk',
    model: process.env.OPSMCP_AGENT_MODEL || undefined,
    maxTurns: Number(process.env.OPSMCP_AGENT_MAX_TURNS ?? 80),
    settingSources: [],
    env: {
      ...process.env,
      // Per-server timeouts long enough for human waits (a messaging call waits up to its
      // wait_seconds, at most OPSMCP_MESSAGING_MAX_WAIT_SECONDS = 600 s by default).
      MCP_TIMEOUT: process.env.MCP_TIMEOUT ?? '60000',
      MCP_TOOL_TIMEOUT: process.env.MCP_TOOL_TIMEOUT ?? '900000',
    },
  },
});

const short = (v, n = 300) => {
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  return s.length > n ? `${s.slice(0, n)}…` : s;
};
for await (const m of q) {
  switch (m.type) {
    case 'system':
      if (m.subtype === 'init') {
        console.log(`MCP servers: ${m.mcp_servers.map((s) => `${s.name}=${s.status}`).join(' ')}`);
        const failed = m.mcp_servers.filter((s) => s.status !== 'connected');
        if (failed.length) console.log('  (not connected: are the servers up, and is the key right?)');
      }
      break;
    case 'assistant':
      for (const b of m.message.content) {
        if (b.type === 'text' && b.text.trim()) console.log(`\n${b.text.trim()}`);
        if (b.type === 'tool_use') console.log(`\n→ ${b.name.replace(/^mcp__/, '').replace('__', '.')} ${short(b.input)}`);
      }
      break;
    case 'user':
      for (const b of Array.isArray(m.message.content) ? m.message.content : []) {
        if (b.type === 'tool_result') {
          const text = Array.isArray(b.content) ? b.content.map((c) => c.text ?? '').join('') : String(b.content ?? '');
          console.log(`  ${b.is_error ? '✗' : '←'} ${short(text.replace(/\s+/g, ' '), 240)}`);
        }
      }
      break;
    case 'result':
      console.log(`\n== ${m.subtype} after ${m.num_turns} turns, ${Math.round(m.duration_ms / 1000)} s${m.total_cost_usd ? `, $${m.total_cost_usd.toFixed(2)}` : ''}`);
      if (m.subtype !== 'success') process.exitCode = 1;
      break;
  }
}
