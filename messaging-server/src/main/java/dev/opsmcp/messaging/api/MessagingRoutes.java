package dev.opsmcp.messaging.api;

import dev.opsmcp.common.auth.Scope;
import dev.opsmcp.common.rest.RestCall;
import dev.opsmcp.common.rest.Route;
import dev.opsmcp.common.rest.RouteTable;
import dev.opsmcp.common.tool.Param;
import dev.opsmcp.common.tool.Tool;
import dev.opsmcp.common.tool.ToolFailure;
import dev.opsmcp.common.tool.ToolInvoker;
import dev.opsmcp.messaging.approval.Approvals;
import dev.opsmcp.messaging.inbox.Inbox;
import dev.opsmcp.messaging.question.Questions;
import dev.opsmcp.messaging.session.Conversations;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /api/v1}: the human side (sessions, timelines, replies, answers, decisions; scope
 * messaging:human) and the agent side for SDK clients that do not speak MCP (scope messaging:agent:
 * each route is a tool's twin, called through the same {@link ToolInvoker} as over MCP).
 */
public final class MessagingRoutes {
  record SessionsQuery(
      @Param(value = "active or ended", optional = true) String status,
      @Param(value = "agent name", optional = true) String agent,
      @Param(value = "1-500, default 50", optional = true) Integer limit,
      @Param(
              value =
                  "next_cursor of the previous page (opaque; sessions that start or change while"
                      + " you page do not shift the pages)",
              optional = true)
          String cursor) {}

  record MessagesQuery(
      @Param(
              value =
                  "only messages with an id above this one (follow a live timeline with the last"
                      + " id you show)",
              optional = true)
          Long after,
      @Param(value = "1-500, default 50", optional = true) Integer limit,
      @Param(value = "next_cursor of the previous page", optional = true) String cursor) {}

  record EndBody(
      @Param(value = "What was done and where things stand.", optional = true) String summary) {}

  record NewMessage(@Param("What to tell the agent (markdown).") String content) {}

  record AnswerBody(@Param("The answer.") String answer) {}

  record DecisionBody(
      @Param("approve or deny") String decision,
      @Param(value = "Why; shown to the agent.", optional = true) String comment) {}

  record InboxQuery(
      @Param(value = "pending (the only status listed; the default)", optional = true)
          String status,
      @Param(value = "1-200, default 20", optional = true) Integer limit,
      @Param(value = "next_cursor of the previous page", optional = true) String cursor) {}

  private final Conversations conversations;
  private final Questions questions;
  private final Approvals approvals;
  private final Inbox inbox;
  private final Map<String, Tool<?>> tools;
  private final ToolInvoker invoker;

  public MessagingRoutes(
      Conversations conversations,
      Questions questions,
      Approvals approvals,
      Inbox inbox,
      List<Tool<?>> tools,
      ToolInvoker invoker) {
    this.conversations = conversations;
    this.questions = questions;
    this.approvals = approvals;
    this.inbox = inbox;
    this.tools = new LinkedHashMap<>();
    tools.forEach(t -> this.tools.put(t.name(), t));
    this.invoker = invoker;
  }

  public RouteTable table() {
    RouteTable.Builder t = RouteTable.builder("/api/v1", "OpsMCP messaging API");
    human(t);
    new AgentRoutes(tools, invoker).add(t);
    t.eventStream(
        "/events",
        "Server-sent events of your tenant (session, message, question, approval, answer,"
            + " decision; ids only, and resync when events may have been missed).",
        Scope.MESSAGING_HUMAN,
        Scope.MESSAGING_AGENT);
    return t.build();
  }

  private void human(RouteTable.Builder t) {
    t.add(
        Route.get(
                "/sessions",
                SessionsQuery.class,
                (c, q) ->
                    conversations.sessions(
                        c.caller().tenant(), q.status(), q.agent(), q.limit(), q.cursor()))
            .scopes(Scope.MESSAGING_HUMAN)
            .summary("Sessions, active first, most recently updated first, a page at a time."));
    t.add(
        Route.get("/sessions/{id}", c -> conversations.find(c.caller().tenant(), c.path("id")))
            .scopes(Scope.MESSAGING_HUMAN)
            .summary("One session."));
    t.add(
        Route.post(
                "/sessions/{id}/end",
                EndBody.class,
                (c, in) ->
                    conversations.end(
                        c.caller().tenant(), c.path("id"), in.summary(), c.caller().name()))
            .scopes(Scope.MESSAGING_HUMAN)
            .summary("End a session."));
    t.add(
        Route.get(
                "/sessions/{id}/messages",
                MessagesQuery.class,
                (c, q) ->
                    conversations.messages(
                        c.caller().tenant(), c.path("id"), q.after(), q.limit(), q.cursor()))
            .scopes(Scope.MESSAGING_HUMAN)
            .summary("A session's timeline, oldest first, a page at a time."));
    t.add(
        Route.post("/sessions/{id}/messages", NewMessage.class, this::postMessage)
            .scopes(Scope.MESSAGING_HUMAN)
            .summary("Post a message to the agent; it gets it with its next result."));
    t.add(
        Route.get(
                "/questions",
                InboxQuery.class,
                (c, q) -> {
                  pendingOnly(q);
                  return inbox.questions(c.caller().tenant(), q.limit(), q.cursor());
                })
            .scopes(Scope.MESSAGING_HUMAN)
            .summary("Pending questions across sessions and incidents, oldest first, paged."));
    t.add(
        Route.get(
                "/approvals",
                InboxQuery.class,
                (c, q) -> {
                  pendingOnly(q);
                  return inbox.approvals(c.caller().tenant(), q.limit(), q.cursor());
                })
            .scopes(Scope.MESSAGING_HUMAN)
            .summary("Pending approval requests across sessions and incidents, oldest first."));
    t.add(
        Route.get("/status", c -> Map.of("pending", inbox.counts(c.caller().tenant())))
            .scopes(Scope.MESSAGING_HUMAN)
            .summary("How many questions and approvals wait for a human."));
    t.add(
        Route.get("/questions/{id}", c -> questions.find(c.caller().tenant(), c.path("id")))
            .scopes(Scope.MESSAGING_HUMAN)
            .summary("One question."));
    t.add(
        Route.post(
                "/questions/{id}/answer",
                AnswerBody.class,
                (c, in) ->
                    invoker.invoke(
                        tools.get("answer_question"),
                        c,
                        Map.of("question_id", c.path("id"), "answer", in.answer())))
            .scopes(Scope.MESSAGING_HUMAN)
            .summary("Answer a question; a second answer is a conflict carrying the first."));
    t.add(
        Route.get("/approvals/{id}", c -> approvals.find(c.caller().tenant(), c.path("id")))
            .scopes(Scope.MESSAGING_HUMAN)
            .summary("One approval request."));
    t.add(
        Route.post("/approvals/{id}/decision", DecisionBody.class, this::decide)
            .scopes(Scope.MESSAGING_HUMAN)
            .summary("Approve or deny; a second decision is a conflict carrying the first."));
  }

  private Object postMessage(RestCall c, NewMessage in) throws ToolFailure {
    String tenant = c.caller().tenant();
    String content = conversations.content("content", in.content());
    String sessionId = c.path("id");
    conversations.open(tenant, sessionId, null, null);
    long id =
        conversations.post(tenant, sessionId, "user", "message", content, null, c.caller().name());
    return Map.of("message_id", id, "session_id", sessionId);
  }

  private Object decide(RestCall c, DecisionBody in) throws ToolFailure {
    Map<String, Object> args = new LinkedHashMap<>();
    args.put("approval_id", c.path("id"));
    args.put("decision", in.decision());
    args.put("comment", in.comment());
    return invoker.invoke(tools.get("decide_approval"), c, args);
  }

  private static void pendingOnly(InboxQuery q) throws ToolFailure {
    if (q.status() != null && !q.status().equals("pending")) {
      throw new ToolFailure(
          "status must be pending (or left out): this list is the inbox of what waits for a"
              + " human; read a settled one by its id");
    }
  }
}
