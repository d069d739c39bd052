package dev.opsmcp.orchestration.remediation;

import java.util.List;
import java.util.Map;

/**
 * An HTTP executor: method, URL and body templates filled from validated parameters, headers whose
 * secrets are {@code ${env:NAME}} references resolved only when the request is sent, and the status
 * codes that count as success.
 */
public record HttpAction(
    String method, String url, Map<String, String> headers, String body, List<Integer> accept) {
  public HttpAction {
    headers = Map.copyOf(headers);
    accept = List.copyOf(accept);
  }
}
