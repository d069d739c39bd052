package dev.opsmcp.common.rest;

import java.util.Map;

/**
 * What a handler returns when 200 with the value as JSON is not the answer: another status (201,
 * 202), or headers (e.g. {@code Location}). A null body sends no body.
 */
public record RestResponse(int status, Object body, Map<String, String> headers) {
  public RestResponse {
    if (status < 200 || status > 299) {
      throw new IllegalArgumentException("a handler answers 2xx; failures are ToolFailures");
    }
    headers = Map.copyOf(headers);
  }

  public static RestResponse of(int status, Object body) {
    return new RestResponse(status, body, Map.of());
  }
}
