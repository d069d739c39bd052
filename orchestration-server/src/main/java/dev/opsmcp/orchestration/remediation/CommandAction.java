package dev.opsmcp.orchestration.remediation;

import java.util.List;

/**
 * A command executor: a fixed argv (never a shell string) whose elements may hold parameter
 * placeholders, each filled value staying inside its one argument; run in {@code workingDir}.
 */
public record CommandAction(List<String> argv, String workingDir) {
  public CommandAction {
    argv = List.copyOf(argv);
  }
}
