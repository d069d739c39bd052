// Sends a counter, a gauge and a histogram through the real OpenTelemetry JS SDK and its OTLP
// exporter (http/json or http/protobuf). Usage: node export-metrics.js URL KEY SERVICE json|protobuf
'use strict';
const { MeterProvider, PeriodicExportingMetricReader } = require('@opentelemetry/sdk-metrics');
const { resourceFromAttributes } = require('@opentelemetry/resources');
const { diag, DiagConsoleLogger, DiagLogLevel } = require('@opentelemetry/api');
const http = require('@opentelemetry/exporter-metrics-otlp-http');
const proto = require('@opentelemetry/exporter-metrics-otlp-proto');

const [url, key, service, protocol] = process.argv.slice(2);
diag.setLogger(new DiagConsoleLogger(), DiagLogLevel.WARN);
const Exporter = protocol === 'protobuf' ? proto.OTLPMetricExporter : http.OTLPMetricExporter;
const exporter = new Exporter({ url, headers: { Authorization: 'Bearer ' + key } });
let failures = 0;
const send = exporter.export.bind(exporter);
exporter.export = (metrics, done) =>
  send(metrics, (result) => {
    if (result.code !== 0) {
      failures++;
      console.error('export failed: ' + (result.error && result.error.message));
    }
    done(result);
  });
const reader = new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 3600000 });
const provider = new MeterProvider({
  resource: resourceFromAttributes({ 'service.name': service }),
  readers: [reader],
});
const meter = provider.getMeter('opsmcp-it');
const orders = meter.createCounter('orders_processed');
const depth = meter.createGauge('queue.depth');
const latency = meter.createHistogram('request.duration', {
  unit: 's',
  advice: { explicitBucketBoundaries: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5] },
});

(async () => {
  for (let round = 0; round < 4; round++) {
    orders.add(100, { route: '/checkout' });
    depth.record(40 + round);
    for (let i = 0; i < 100; i++) latency.record(i < 50 ? 0.02 : i < 95 ? 0.2 : 2.0);
    await reader.forceFlush();
    await new Promise((r) => setTimeout(r, 1000));
  }
  await provider.shutdown();
  console.log('exported, failures=' + failures);
  process.exit(failures === 0 ? 0 : 1);
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
