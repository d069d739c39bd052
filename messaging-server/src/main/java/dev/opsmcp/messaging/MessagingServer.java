package dev.opsmcp.messaging;

import dev.opsmcp.common.auth.Scope;
import dev.opsmcp.common.config.Env;
import dev.opsmcp.common.config.ServerConfig;
import dev.opsmcp.common.db.Database;
import dev.opsmcp.common.server.DashboardFiles;
import dev.opsmcp.common.server.Launch;
import dev.opsmcp.common.server.McpHost;
import dev.opsmcp.common.server.ServerContext;
import dev.opsmcp.common.server.ServerSpec;
import dev.opsmcp.common.signal.Signals;
import dev.opsmcp.common.tool.Tool;
import dev.opsmcp.messaging.api.EventStream;
import dev.opsmcp.messaging.api.MessagingRoutes;
import dev.opsmcp.messaging.approval.Approvals;
import dev.opsmcp.messaging.approval.DecideApprovalTool;
import dev.opsmcp.messaging.approval.RequestApprovalTool;
import dev.opsmcp.messaging.approval.WaitForApprovalTool;
import dev.opsmcp.messaging.inbox.Inbox;
import dev.opsmcp.messaging.inbox.ListPendingTool;
import dev.opsmcp.messaging.question.AnswerQuestionTool;
import dev.opsmcp.messaging.question.AskQuestionTool;
import dev.opsmcp.messaging.question.Asking;
import dev.opsmcp.messaging.question.Questions;
import dev.opsmcp.messaging.question.WaitForAnswerTool;
import dev.opsmcp.messaging.session.Conversations;
import dev.opsmcp.messaging.session.EndSessionTool;
import dev.opsmcp.messaging.session.Events;
import dev.opsmcp.messaging.session.LogStepTool;
import dev.opsmcp.messaging.session.SendMessageTool;
import dev.opsmcp.messaging.session.SessionRequests;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The messaging server: agents keep humans informed, ask questions that wait for answers, and
 * request approvals; humans answer through the REST API or the dashboard at {@code /}.
 */
public final class MessagingServer {
  public static final ServerSpec SPEC =
      new ServerSpec(
          "messaging", "OPSMCP_MESSAGING_PORT", 9004, List.of("messaging"), MessagingServer::start);

  private MessagingServer() {}

  public static McpHost start(ServerContext ctx) throws Exception {
    ServerConfig config = ctx.config();
    Database db = ctx.db();
    MessagingSettings settings = MessagingSettings.fromEnv(ctx.env());
    Signals signals = ctx.signals();
    Events events = new Events(signals);
    McpHost.Builder host = McpHost.builder(ctx);
    // the bound address, not the configured port (0 in tests) nor a wildcard bind address
    HumanNotifier notifier = new HumanNotifier(ctx.outbox(), host.baseUrl());
    Conversations conversations = new Conversations(db, events, settings, ctx.cursors());
    SessionRequests.Wiring requests =
        new SessionRequests.Wiring(db, conversations, signals, events, settings, ctx.clock());
    Questions questions = new Questions(requests, notifier::questionAsked);
    Approvals approvals = new Approvals(requests, notifier::approvalRequested);
    Asking asking = new Asking(questions, conversations);
    Inbox inbox = new Inbox(questions, approvals, ctx.cursors());
    EventStream eventStream = new EventStream(signals);
    IncidentRecorder recorder =
        new IncidentRecorder(db, signals, conversations, questions, approvals);

    List<Tool<?>> tools =
        List.of(
            new SendMessageTool(conversations, asking, settings),
            new LogStepTool(conversations),
            new AskQuestionTool(conversations, asking, settings, ctx.incidents()),
            new WaitForAnswerTool(asking, settings),
            new RequestApprovalTool(conversations, approvals, settings, ctx.incidents()),
            new WaitForApprovalTool(conversations, approvals, settings),
            new EndSessionTool(conversations),
            new ListPendingTool(inbox),
            new AnswerQuestionTool(questions),
            new DecideApprovalTool(approvals));

    host.accessScopes(Set.of(Scope.MESSAGING_AGENT, Scope.MESSAGING_HUMAN))
        .instructions(
            "OpsMCP messaging: keep the humans informed (log_step, send_message), ask them"
                + " (ask_question) and get approval before risky actions (request_approval)."
                + " Pass the session_id you get back on every later call. list_pending,"
                + " answer_question and decide_approval are for humans (scope messaging:human).")
        .routes(
            new MessagingRoutes(conversations, questions, approvals, inbox, tools, host.invoker())
                .table())
        .servlet("/api/v1/events", eventStream, true)
        .servlet(
            "/",
            new DashboardFiles(
                "/messaging/dashboard",
                Map.of(
                    "/", "index.html",
                    "/index.html", "index.html",
                    "/app.js", "app.js",
                    "/style.css", "style.css")),
            false)
        .onClose(
            () -> {
              eventStream.close();
              recorder.close();
            });
    tools.forEach(host::tool);
    return host.start();
  }

  public static void main(String[] args) {
    Launch.run(Env.system(), List.of(SPEC));
  }
}
