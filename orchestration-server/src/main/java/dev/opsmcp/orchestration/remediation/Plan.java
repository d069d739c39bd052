package dev.opsmcp.orchestration.remediation;

import java.util.List;
import java.util.Map;

/**
 * Exactly what a run executes, rendered from a runbook and validated parameters: the HTTP request
 * (headers keep their {@code ${env:NAME}} references, resolved only when sent) or the argv. Stored
 * with the run, so an approved run executes what the human saw even if the runbook file changed.
 */
public record Plan(
    String executor,
    String method,
    String url,
    Map<String, String> headers,
    String body,
    List<Integer> accept,
    List<String> argv,
    String workingDir,
    long timeoutSeconds) {}
