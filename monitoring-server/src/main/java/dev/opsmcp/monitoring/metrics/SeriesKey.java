package dev.opsmcp.monitoring.metrics;

/** Identity of a series within a tenant: service, metric name and canonical labels JSON. */
record SeriesKey(String service, String name, String labels, MetricKind kind, String unit) {}
