#!/usr/bin/env node
// Connects the official TypeScript MCP client to each OpsMCP server over streamable HTTP (/mcp)
// and legacy SSE (/sse), lists its tools and calls system_info. Prints one line per check and a
// closing "N passed, N failed" line; exits 1 if any check failed, 2 on bad usage.
//
//   node smoke.mjs [--key KEY] [--tenant NAME] [--timeout SECONDS] [NAME=BASE_URL ...]
//
// KEY defaults to $OPSMCP_API_KEY; the tenant system_info must report defaults to "acme"; the
// servers default to the four on 127.0.0.1 at $OPSMCP_<SERVER>_PORT (9001..9004).
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';

const USAGE =
  'usage: node smoke.mjs [--key KEY] [--tenant NAME] [--timeout SECONDS] [NAME=BASE_URL ...]\n' +
  '  KEY defaults to $OPSMCP_API_KEY; NAME=BASE_URL e.g. monitoring=http://127.0.0.1:9001\n';

const DEFAULT_SERVERS = [
  ['monitoring', 'OPSMCP_MONITORING_PORT', 9001],
  ['orchestration', 'OPSMCP_ORCHESTRATION_PORT', 9002],
  ['log-analytics', 'OPSMCP_LOG_ANALYTICS_PORT', 9003],
  ['messaging', 'OPSMCP_MESSAGING_PORT', 9004],
];

function usageError(message) {
  process.stderr.write(`error: ${message}\n${USAGE}`);
  process.exit(2);
}

function parseArgs(argv) {
  const opts = { key: process.env.OPSMCP_API_KEY, tenant: 'acme', timeoutMs: 30_000, servers: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => (i + 1 < argv.length ? argv[++i] : usageError(`${arg} needs a value`));
    if (arg === '-h' || arg === '--help') {
      process.stdout.write(USAGE);
      process.exit(0);
    } else if (arg === '--key') {
      opts.key = value();
    } else if (arg === '--tenant') {
      opts.tenant = value();
    } else if (arg === '--timeout') {
      opts.timeoutMs = Number(value()) * 1000;
      if (!(opts.timeoutMs > 0)) usageError('--timeout needs a positive number of seconds');
    } else if (/^[a-z][a-z0-9-]*=https?:\/\//.test(arg)) {
      const at = arg.indexOf('=');
      opts.servers.push({ name: arg.slice(0, at), base: arg.slice(at + 1).replace(/\/+$/, '') });
    } else {
      usageError(`unexpected argument: ${arg}`);
    }
  }
  if (!opts.key) usageError('no API key: pass --key or set OPSMCP_API_KEY');
  if (opts.servers.length === 0) {
    opts.servers = DEFAULT_SERVERS.map(([name, portVariable, port]) => ({
      name,
      base: `http://127.0.0.1:${process.env[portVariable] || port}`,
    }));
  }
  return opts;
}

// Both transports take the header through requestInit: SSEClientTransport (SDK 1.32) puts
// requestInit.headers on the GET that opens the event stream as well as on each POST to
// /message, so no eventSourceInit.fetch override is needed. The /sse check proves it: the
// server answers that GET with 401 when the header is missing.
function transport(kind, base, key) {
  const requestInit = { headers: { Authorization: `Bearer ${key}` } };
  return kind === 'streamable'
    ? new StreamableHTTPClientTransport(new URL(`${base}/mcp`), { requestInit })
    : new SSEClientTransport(new URL(`${base}/sse`), { requestInit });
}

function expect(condition, message) {
  if (!condition) throw new Error(message);
}

async function check(server, kind, opts) {
  const client = new Client({ name: 'opsmcp-ts-smoke', version: '0.1.0' });
  const requestOptions = { timeout: opts.timeoutMs };
  try {
    await client.connect(transport(kind, server.base, opts.key), requestOptions);
    const serverInfo = client.getServerVersion();
    expect(
      serverInfo?.name === `opsmcp-${server.name}`,
      `serverInfo.name is ${serverInfo?.name}, expected opsmcp-${server.name}`,
    );
    const { tools } = await client.listTools(undefined, requestOptions);
    const names = tools.map((t) => t.name);
    expect(names.includes('system_info'), `tools/list lacks system_info: [${names.join(', ')}]`);
    const result = await client.callTool({ name: 'system_info', arguments: {} }, undefined, requestOptions);
    expect(!result.isError, `system_info returned an error: ${JSON.stringify(result.content)}`);
    const sys = result.structuredContent;
    expect(sys && typeof sys === 'object', 'system_info returned no structuredContent');
    expect(sys.tenant === opts.tenant, `tenant is ${sys.tenant}, expected ${opts.tenant}`);
    expect(sys.server === server.name, `server is ${sys.server}, expected ${server.name}`);
    return `${tools.length} tools; system_info: server=${sys.server} tenant=${sys.tenant}` +
      ` database=${sys.database}/${sys.databaseStatus}`;
  } finally {
    await client.close().catch(() => {});
  }
}

function withTimeout(promise, ms) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms / 1000} s`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

const opts = parseArgs(process.argv.slice(2));
let passed = 0;
let failed = 0;
for (const server of opts.servers) {
  for (const kind of ['streamable', 'sse']) {
    const url = `${server.base}/${kind === 'streamable' ? 'mcp' : 'sse'}`;
    try {
      const detail = await withTimeout(check(server, kind, opts), opts.timeoutMs * 2);
      passed++;
      console.log(`ok   ${server.name} ${kind} ${url}: ${detail}`);
    } catch (e) {
      failed++;
      console.log(`FAIL ${server.name} ${kind} ${url}: ${e?.message ?? e}`);
    }
  }
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
