package dev.opsmcp.monitoring.rca;

import java.util.List;

/** A ranked root-cause candidate. */
public record Candidate(
    String service, double confidence, String summary, List<Evidence> evidence) {}
