package dev.opsmcp.messaging.api;

import dev.opsmcp.common.approval.Approval;
import dev.opsmcp.common.auth.Caller;
import dev.opsmcp.common.auth.Scope;
import dev.opsmcp.common.tool.Echo;
import dev.opsmcp.common.tool.Json;
import dev.opsmcp.common.tool.JsonProblem;
import dev.opsmcp.common.tool.StorableText;
import dev.opsmcp.common.tool.Tool;
import dev.opsmcp.common.tool.ToolAdapter;
import dev.opsmcp.common.tool.ToolFailure;
import dev.opsmcp.messaging.approval.Approvals;
import dev.opsmcp.messaging.question.Question;
import dev.opsmcp.messaging.question.Questions;
import dev.opsmcp.messaging.session.Conversations;
import dev.opsmcp.messaging.session.Message;
import dev.opsmcp.messaging.session.SessionCursor;
import dev.opsmcp.messaging.session.SessionSummary;
import dev.opsmcp.messaging.wait.AlreadySettled;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;

/**
 * {@code /api/v1}: the human side (sessions, timelines, replies, answers, decisions; scope
 * messaging:human) and the agent side for SDK clients that do not speak MCP (scope messaging:agent;
 * the same code paths as the MCP tools).
 */
public final class MessagingApi extends HttpServlet {
  private static final int DEFAULT_LIMIT = 50;
  private static final int MAX_LIMIT = 500;

  private final Conversations conversations;
  private final Questions questions;
  private final Approvals approvals;
  private final Map<String, Tool<?>> agentTools;

  public MessagingApi(
      Conversations conversations,
      Questions questions,
      Approvals approvals,
      Map<String, Tool<?>> agentTools) {
    this.conversations = conversations;
    this.questions = questions;
    this.approvals = approvals;
    this.agentTools = agentTools;
    this.endpoints = routes();
  }

  private interface Route {
    Object handle(Caller caller, Matcher path, HttpServletRequest req) throws Exception;
  }

  private record Endpoint(String method, Pattern path, Scope scope, Route route) {}

  private List<Endpoint> endpoints;

  private List<Endpoint> routes() {
    return List.of(
        new Endpoint(
            "GET", Pattern.compile("/sessions"), Scope.MESSAGING_HUMAN, this::listSessions),
        new Endpoint(
            "GET", Pattern.compile("/sessions/([\\w-]+)"), Scope.MESSAGING_HUMAN, this::getSession),
        new Endpoint(
            "POST",
            Pattern.compile("/sessions/([\\w-]+)/end"),
            Scope.MESSAGING_HUMAN,
            this::endSession),
        new Endpoint(
            "GET",
            Pattern.compile("/sessions/([\\w-]+)/messages"),
            Scope.MESSAGING_HUMAN,
            this::messages),
        new Endpoint(
            "POST",
            Pattern.compile("/sessions/([\\w-]+)/messages"),
            Scope.MESSAGING_HUMAN,
            this::postMessage),
        new Endpoint(
            "GET",
            Pattern.compile("/questions/([\\w-]+)"),
            Scope.MESSAGING_HUMAN,
            (c, m, r) -> questions.find(c.tenant(), m.group(1))),
        new Endpoint(
            "POST",
            Pattern.compile("/questions/([\\w-]+)/answer"),
            Scope.MESSAGING_HUMAN,
            this::answer),
        new Endpoint(
            "GET",
            Pattern.compile("/approvals/([\\w-]+)"),
            Scope.MESSAGING_HUMAN,
            (c, m, r) -> approvals.find(c.tenant(), m.group(1))),
        new Endpoint(
            "POST",
            Pattern.compile("/approvals/([\\w-]+)/decision"),
            Scope.MESSAGING_HUMAN,
            this::decide),
        new Endpoint(
            "POST",
            Pattern.compile("/agent/messages"),
            Scope.MESSAGING_AGENT,
            (c, m, r) -> tool("send_message", r, body(r))),
        new Endpoint(
            "POST",
            Pattern.compile("/agent/steps"),
            Scope.MESSAGING_AGENT,
            (c, m, r) -> tool("log_step", r, body(r))),
        new Endpoint(
            "POST",
            Pattern.compile("/agent/questions"),
            Scope.MESSAGING_AGENT,
            (c, m, r) -> tool("ask_question", r, body(r))),
        new Endpoint(
            "GET",
            Pattern.compile("/agent/questions/([\\w-]+)"),
            Scope.MESSAGING_AGENT,
            (c, m, r) -> tool("wait_for_answer", r, waitArgs("question_id", m, r))),
        new Endpoint(
            "POST",
            Pattern.compile("/agent/approvals"),
            Scope.MESSAGING_AGENT,
            (c, m, r) -> tool("request_approval", r, body(r))),
        new Endpoint(
            "GET",
            Pattern.compile("/agent/approvals/([\\w-]+)"),
            Scope.MESSAGING_AGENT,
            (c, m, r) -> tool("wait_for_approval", r, waitArgs("approval_id", m, r))),
        new Endpoint(
            "POST",
            Pattern.compile("/agent/sessions/([\\w-]+)/end"),
            Scope.MESSAGING_AGENT,
            this::agentEnd));
  }

  @Override
  protected void service(HttpServletRequest req, HttpServletResponse res) throws IOException {
    String path = req.getPathInfo() == null ? "/" : req.getPathInfo();
    Caller caller = (Caller) req.getAttribute("opsmcp.caller");
    Map<String, List<String>> query = new LinkedHashMap<>();
    req.getParameterMap().forEach((name, values) -> query.put(name, List.of(values)));
    String unstorable = StorableText.refusal(query, "query parameter");
    if (unstorable != null) {
      ApiResponses.error(res, 400, "invalid_argument", unstorable);
      return;
    }
    boolean pathKnown = false;
    for (Endpoint e : endpoints) {
      Matcher m = e.path().matcher(path);
      if (!m.matches()) {
        continue;
      }
      pathKnown = true;
      if (!e.method().equals(req.getMethod())) {
        continue;
      }
      if (!caller.has(e.scope())) {
        ApiResponses.error(
            res, 403, "forbidden", "this endpoint needs a key with scope " + e.scope().wire());
        return;
      }
      run(e, caller, m, req, res);
      return;
    }
    if (pathKnown) {
      ApiResponses.error(
          res,
          405,
          "method_not_allowed",
          Echo.shortened(req.getMethod()) + " is not supported on " + Echo.shortened(path));
    } else {
      ApiResponses.error(
          res,
          404,
          "not_found",
          "no endpoint " + Echo.shortened(path) + "; see /api/v1/openapi.json");
    }
  }

  private void run(
      Endpoint e, Caller caller, Matcher m, HttpServletRequest req, HttpServletResponse res)
      throws IOException {
    try {
      Object body = e.route().handle(caller, m, req);
      ApiResponses.json(res, 200, body);
    } catch (ApiException x) {
      ApiResponses.error(res, x.status, x.code, x.getMessage());
    } catch (ToolFailure f) {
      ApiResponses.error(res, f.kind().httpStatus(), f.kind().code(), f.getMessage());
    } catch (AlreadySettled a) {
      ApiResponses.error(res, 409, "conflict", a.getMessage(), Map.of(a.kind(), a.first()));
    } catch (JacksonException x) {
      ApiResponses.error(
          res,
          400,
          "invalid_json",
          JsonProblem.describe(x, "field") + "; send the JSON object this endpoint takes");
    } catch (Exception x) {
      throw new IOException(x);
    }
  }

  private Object listSessions(Caller c, Matcher m, HttpServletRequest req) throws Exception {
    int limit = limit(req);
    SessionCursor after = SessionCursor.decode(req.getParameter("cursor"));
    List<SessionSummary> page =
        conversations.list(
            c.tenant(), req.getParameter("status"), req.getParameter("agent"), after, limit + 1);
    boolean more = page.size() > limit;
    List<SessionSummary> shown = more ? page.subList(0, limit) : page;
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("sessions", shown);
    body.put("truncated", more);
    body.put(
        "next_cursor", more ? SessionCursor.after(shown.get(shown.size() - 1)).encode() : null);
    return body;
  }

  private Object getSession(Caller c, Matcher m, HttpServletRequest req) throws ToolFailure {
    return conversations.find(c.tenant(), m.group(1));
  }

  private Object endSession(Caller c, Matcher m, HttpServletRequest req) throws Exception {
    Map<String, Object> body = body(req);
    return conversations.end(
        c.tenant(), m.group(1), optionalString(body, "summary"), c.credentialId());
  }

  private Object messages(Caller c, Matcher m, HttpServletRequest req) throws Exception {
    int limit = limit(req);
    long after = cursor(req.getParameter("cursor"));
    List<Message> page = conversations.timeline(c.tenant(), m.group(1), after, limit + 1);
    boolean more = page.size() > limit;
    List<Message> shown = more ? page.subList(0, limit) : page;
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("messages", shown);
    body.put("truncated", more);
    body.put("next_cursor", more ? Long.toString(shown.get(shown.size() - 1).id()) : null);
    return body;
  }

  private Object postMessage(Caller c, Matcher m, HttpServletRequest req) throws Exception {
    String content = conversations.content("content", string(body(req), "content"));
    String sessionId = m.group(1);
    conversations.open(c.tenant(), sessionId, null, null);
    long id =
        conversations.post(
            c.tenant(), sessionId, "user", "message", content, null, c.credentialId());
    return Map.of("message_id", id, "session_id", sessionId);
  }

  private Question answer(Caller c, Matcher m, HttpServletRequest req) throws Exception {
    return questions.answer(c.tenant(), m.group(1), string(body(req), "answer"), c.credentialId());
  }

  private Approval decide(Caller c, Matcher m, HttpServletRequest req) throws Exception {
    Map<String, Object> body = body(req);
    String decision = string(body, "decision");
    if (!"approve".equals(decision) && !"deny".equals(decision)) {
      throw new ApiException(400, "invalid_argument", "decision must be \"approve\" or \"deny\"");
    }
    return approvals.decide(
        c.tenant(),
        m.group(1),
        "approve".equals(decision),
        optionalString(body, "comment"),
        c.credentialId());
  }

  private Object agentEnd(Caller c, Matcher m, HttpServletRequest req) throws Exception {
    Map<String, Object> args = new LinkedHashMap<>(body(req));
    args.put("session_id", m.group(1));
    return tool("end_session", req, args);
  }

  private Object tool(String name, HttpServletRequest req, Map<String, Object> args)
      throws Exception {
    return call(agentTools.get(name), RequestContext.of(req), args);
  }

  private static <I extends Record> Object call(
      Tool<I> tool, RequestContext ctx, Map<String, Object> args) throws ToolFailure {
    return tool.call(ctx, ToolAdapter.parse(tool, args));
  }

  private static Map<String, Object> waitArgs(String idField, Matcher m, HttpServletRequest req)
      throws ApiException {
    Map<String, Object> args = new LinkedHashMap<>();
    args.put(idField, m.group(1));
    String wait = req.getParameter("wait_seconds");
    if (wait != null) {
      try {
        args.put("wait_seconds", Integer.parseInt(wait));
      } catch (NumberFormatException e) {
        throw new ApiException(400, "invalid_argument", "wait_seconds must be a whole number");
      }
    }
    return args;
  }

  /** The body as a JSON object (UTF-8; Jackson refuses malformed bytes); empty means {}. */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> body(HttpServletRequest req) throws IOException, ApiException {
    byte[] bytes = req.getInputStream().readAllBytes();
    if (new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1).isBlank()) {
      return Map.of();
    }
    Object parsed = Json.MAPPER.readValue(bytes, Object.class);
    if (!(parsed instanceof Map<?, ?> map)) {
      throw new ApiException(400, "invalid_json", "send a JSON object");
    }
    String unstorable = StorableText.refusal(map, "field");
    if (unstorable != null) {
      throw new ApiException(400, "invalid_argument", unstorable);
    }
    return (Map<String, Object>) map;
  }

  private static String string(Map<String, Object> body, String field) throws ApiException {
    Object value = body.get(field);
    if (!(value instanceof String s)) {
      throw new ApiException(
          400, "invalid_argument", "field '" + field + "' (a string) is required");
    }
    return s;
  }

  private static String optionalString(Map<String, Object> body, String field) throws ApiException {
    Object value = body.get(field);
    if (value != null && !(value instanceof String)) {
      throw new ApiException(
          400, "invalid_argument", "field '" + field + "' must be a string (or left out)");
    }
    return (String) value;
  }

  private static int limit(HttpServletRequest req) throws ApiException {
    String raw = req.getParameter("limit");
    if (raw == null) {
      return DEFAULT_LIMIT;
    }
    try {
      int limit = Integer.parseInt(raw);
      if (limit < 1 || limit > MAX_LIMIT) {
        throw new ApiException(400, "invalid_argument", "limit must be 1.." + MAX_LIMIT);
      }
      return limit;
    } catch (NumberFormatException e) {
      throw new ApiException(400, "invalid_argument", "limit must be a whole number");
    }
  }

  private static long cursor(String raw) throws ApiException {
    if (raw == null || raw.isEmpty()) {
      return 0;
    }
    long cursor;
    try {
      cursor = Long.parseLong(raw);
    } catch (NumberFormatException e) {
      cursor = -1;
    }
    if (cursor < 0) {
      throw new ApiException(
          400,
          "invalid_argument",
          "cursor is not one this API returned: pass next_cursor as given, or leave it out to"
              + " start from the first page");
    }
    return cursor;
  }
}
