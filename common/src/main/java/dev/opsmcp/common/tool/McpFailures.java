package dev.opsmcp.common.tool;

import dev.opsmcp.common.auth.Caller;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How prompt and resource handlers meet the SDK's error model: the caller from the transport
 * context, a {@link ToolFailure} as a JSON-RPC error carrying its message, and anything else as an
 * internal error with a logged reference and no internals.
 */
final class McpFailures {
  private static final Logger LOG = LoggerFactory.getLogger(McpFailures.class);

  private McpFailures() {}

  static Caller caller(McpTransportContext context) {
    if (context.get(ToolAdapter.CALLER_KEY) instanceof Caller caller) {
      return caller;
    }
    throw McpError.builder(McpSchema.ErrorCodes.INVALID_REQUEST)
        .message("unauthenticated request")
        .build();
  }

  /** {@code notFound}: the JSON-RPC code for an unknown thing (resources have their own). */
  static McpError of(ToolFailure failure, int notFound) {
    int code =
        switch (failure.kind()) {
          case NOT_FOUND -> notFound;
          case UNAUTHORIZED, FORBIDDEN -> McpSchema.ErrorCodes.INVALID_REQUEST;
          default -> McpSchema.ErrorCodes.INVALID_PARAMS;
        };
    // ToolFailure caps its message, so a prompt or resource that quotes a huge argument is cut.
    return McpError.builder(code).message(failure.getMessage()).build();
  }

  static McpError internal(String what, Caller caller, RuntimeException e) {
    String ref = UUID.randomUUID().toString().substring(0, 8);
    LOG.error("{} failed (ref {}) for tenant {}", what, ref, caller.tenant(), e);
    return McpError.builder(McpSchema.ErrorCodes.INTERNAL_ERROR)
        .message("internal error in " + what + " (reference " + ref + ")")
        .build();
  }
}
