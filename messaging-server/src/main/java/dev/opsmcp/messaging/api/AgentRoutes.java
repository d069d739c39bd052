package dev.opsmcp.messaging.api;

import dev.opsmcp.common.auth.Scope;
import dev.opsmcp.common.rest.RestCall;
import dev.opsmcp.common.rest.Route;
import dev.opsmcp.common.rest.RouteTable;
import dev.opsmcp.common.tool.Param;
import dev.opsmcp.common.tool.Tool;
import dev.opsmcp.common.tool.ToolFailure;
import dev.opsmcp.common.tool.ToolInvoker;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The agent side of {@code /api/v1} (scope messaging:agent), for SDK clients that do not speak MCP:
 * each route is a tool's twin, called through the same {@link ToolInvoker} as over MCP, so it is
 * scope-checked, counted and audited alike.
 */
final class AgentRoutes {
  record WaitQuery(
      @Param(value = "Seconds to wait before returning pending (default 50).", optional = true)
          Integer waitSeconds) {}

  private final Map<String, Tool<?>> tools;
  private final ToolInvoker invoker;

  AgentRoutes(Map<String, Tool<?>> tools, ToolInvoker invoker) {
    this.tools = tools;
    this.invoker = invoker;
  }

  void add(RouteTable.Builder t) {
    t.add(twin("/agent/messages", "send_message", "Post a message (send_message)."));
    t.add(twin("/agent/steps", "log_step", "Log a step (log_step)."));
    t.add(twin("/agent/questions", "ask_question", "Ask a question (ask_question)."));
    t.add(
        Route.get(
                "/agent/questions/{id}",
                WaitQuery.class,
                (c, q) -> waitFor("wait_for_answer", "question_id", c, q))
            .scopes(Scope.MESSAGING_AGENT)
            .summary("Wait for an answer (wait_for_answer)."));
    t.add(twin("/agent/approvals", "request_approval", "Request approval (request_approval)."));
    t.add(
        Route.get(
                "/agent/approvals/{id}",
                WaitQuery.class,
                (c, q) -> waitFor("wait_for_approval", "approval_id", c, q))
            .scopes(Scope.MESSAGING_AGENT)
            .summary("Wait for a decision (wait_for_approval)."));
    t.add(
        Route.post(
                "/agent/sessions/{id}/end",
                MessagingRoutes.EndBody.class,
                (c, in) -> {
                  Map<String, Object> args = new LinkedHashMap<>();
                  args.put("session_id", c.path("id"));
                  args.put("summary", in.summary());
                  return invoker.invoke(tools.get("end_session"), c, args);
                })
            .scopes(Scope.MESSAGING_AGENT)
            .summary("End the session (end_session)."));
  }

  /** {@code POST path} whose body is the tool's input, called through the invoker. */
  private Route<?> twin(String path, String toolName, String summary) {
    return twin(path, tools.get(toolName), summary);
  }

  private <I extends Record> Route<I> twin(String path, Tool<I> tool, String summary) {
    return Route.post(path, tool.inputType(), (c, in) -> invoker.call(tool, c, in))
        .scopes(Scope.MESSAGING_AGENT)
        .summary(summary);
  }

  private Object waitFor(String toolName, String idName, RestCall c, WaitQuery q)
      throws ToolFailure {
    Map<String, Object> args = new LinkedHashMap<>();
    args.put(idName, c.path("id"));
    if (q.waitSeconds() != null) {
      args.put("wait_seconds", q.waitSeconds());
    }
    return invoker.invoke(tools.get(toolName), c, args);
  }
}
