package dev.opsmcp.monitoring.systemmetrics;

import java.time.Instant;

/**
 * One service at a glance: {@code abnormal} when a series departed from its own baseline, {@code
 * noisy} when some series were already abnormal throughout the baseline, else {@code normal}.
 */
record ServiceStatus(
    String service,
    String status,
    int departedSeries,
    int seriesChecked,
    Double maxZ,
    Instant onset,
    String summary) {}
