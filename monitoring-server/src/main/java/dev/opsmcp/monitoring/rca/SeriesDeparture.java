package dev.opsmcp.monitoring.rca;

import java.time.Instant;

/** A series of a service that departed from (or is chronically noisy against) its baseline. */
record SeriesDeparture(
    String metric, String labels, Instant onset, double z, double baseline, boolean chronic) {}
