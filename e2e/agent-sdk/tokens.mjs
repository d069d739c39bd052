// What an agent pays in context for OpsMCP: each server's tool definitions (name, description and
// input schema as tools/list gives them) and the largest result of each read tool on the demo data,
// in tokens estimated as characters / 4. Run by bench/tokens.sh against running servers.
//
//   OPSMCP_API_KEY=… node tokens.mjs monitoring=URL orchestration=URL log-analytics=URL messaging=URL
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';

const SERVERS = ['monitoring', 'orchestration', 'log-analytics', 'messaging'];
const DEFINITION_TARGET = 3000;
const RESULT_TARGET = 8000;
const tokens = (chars) => Math.ceil(chars / 4);

// Read-only calls on the demo data: each tool with its defaults, and with its widest options.
// $INCIDENT is the newest incident's id. Tools that write or wait for humans are not called.
const CALLS = {
  monitoring: [
    ['system_info', {}],
    ['list_services', {}],
    ['verify_health', {}],
    ['get_system_metrics', {}],
    ['get_system_metrics', { window: '1h', limit: 50 }],
    ['get_system_metrics', { service: 'payments-api', window: '1h', limit: 50 }],
    ['analyze_logs', {}],
    ['analyze_logs', { window: '1h', limit: 40 }],
    ['root_cause_analysis', { window: '1h' }],
    ['root_cause_analysis', { service: 'frontend', window: '1h' }],
  ],
  orchestration: [
    ['system_info', {}],
    ['list_incidents', {}],
    ['list_incidents', { limit: 100 }],
    ['get_incident', { incident_id: '$INCIDENT' }],
    ['get_incident', { incident_id: '$INCIDENT', limit: 200 }],
    ['list_runbooks', {}],
  ],
  'log-analytics': [
    ['system_info', {}],
    ['get_raw_logs', { window: '1h' }],
    ['get_raw_logs', { window: '1h', limit: 1000 }],
    ['list_analysis_runs', {}],
  ],
  messaging: [['system_info', {}]],
};

const urls = Object.fromEntries(process.argv.slice(2).map((a) => a.split('=')));
const key = process.env.OPSMCP_API_KEY;
if (!key || SERVERS.some((s) => !urls[s])) {
  console.error(`usage: OPSMCP_API_KEY=… node tokens.mjs ${SERVERS.map((s) => `${s}=URL`).join(' ')}`);
  process.exit(2);
}

let incident = null;
const definitionRows = [];
const resultRows = [];
for (const server of SERVERS) {
  const client = new Client({ name: 'opsmcp-tokens', version: '1' });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(`${urls[server].replace(/\/$/, '')}/mcp`), {
      requestInit: { headers: { Authorization: `Bearer ${key}` } },
    }),
  );
  const { tools } = await client.listTools();
  let chars = 0;
  for (const t of tools) {
    chars += JSON.stringify({ name: t.name, description: t.description, input_schema: t.inputSchema }).length;
  }
  definitionRows.push({ server, tools: tools.length, tokens: tokens(chars) });
  const offered = new Set(tools.map((t) => t.name));
  for (const [tool, raw] of CALLS[server]) {
    if (!offered.has(tool)) continue;
    const args = JSON.parse(JSON.stringify(raw).replace('"$INCIDENT"', JSON.stringify(incident ?? '1')));
    const r = await client.callTool({ name: tool, arguments: args }, undefined, { timeout: 120_000 });
    const text = (r.content ?? []).map((c) => c.text ?? '').join('');
    if (server === 'orchestration' && tool === 'list_incidents' && !incident) {
      try {
        incident = String(JSON.parse(text).items?.[0]?.id ?? '1');
      } catch {
        incident = '1';
      }
    }
    resultRows.push({ server, tool, tokens: tokens(text.length), args: raw, error: r.isError === true });
  }
  await client.close();
}

console.log('Tool definitions (name + description + input schema, tokens ≈ chars/4; target < 3,000 per server)');
for (const r of definitionRows) {
  console.log(`  ${r.server.padEnd(14)} ${String(r.tools).padStart(3)} tools  ${String(r.tokens).padStart(6)} tokens  ${r.tokens < DEFINITION_TARGET ? 'ok' : 'OVER'}`);
}
console.log('Results of the read tools on the demo data, with defaults and with their widest options (target < 8,000 tokens)');
for (const r of resultRows) {
  console.log(
    `  ${r.server.padEnd(14)} ${r.tool.padEnd(22)} ${String(r.tokens).padStart(6)} tokens  ${r.error ? 'ERROR' : r.tokens < RESULT_TARGET ? 'ok' : 'OVER'}  ${JSON.stringify(r.args)}`,
  );
}
process.exit(0);
