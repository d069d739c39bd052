package dev.opsmcp.messaging.inbox;

import dev.opsmcp.common.approval.Approval;
import dev.opsmcp.common.auth.Scope;
import dev.opsmcp.common.paging.Page;
import dev.opsmcp.common.tool.Hints;
import dev.opsmcp.common.tool.Param;
import dev.opsmcp.common.tool.Tool;
import dev.opsmcp.common.tool.ToolContext;
import dev.opsmcp.common.tool.ToolFailure;
import dev.opsmcp.messaging.question.Question;
import java.util.Set;

/** A human's inbox over MCP: what waits for an answer or a decision (scope messaging:human). */
public final class ListPendingTool implements Tool<ListPendingTool.Input> {
  public record Input(
      @Param(value = "questions or approvals; omit for the first page of both.", optional = true)
          String kind,
      @Param(value = "Items per list (1 to 200, default 20).", optional = true) Integer limit,
      @Param(value = "next_cursor of the previous page (needs kind).", optional = true)
          String cursor) {}

  /** The counts, and the page of each list asked for (null when not asked). */
  public record Output(Inbox.Counts pending, Page<Question> questions, Page<Approval> approvals) {}

  private final Inbox inbox;

  public ListPendingTool(Inbox inbox) {
    this.inbox = inbox;
  }

  @Override
  public String name() {
    return "list_pending";
  }

  @Override
  public String description() {
    return "For humans: the questions and approval requests waiting for you, across sessions and"
        + " incidents, oldest first, with how many of each wait. Answer with answer_question,"
        + " decide with decide_approval.";
  }

  @Override
  public Class<Input> inputType() {
    return Input.class;
  }

  @Override
  public Hints hints() {
    return Hints.READ_ONLY;
  }

  @Override
  public Set<Scope> scopes() {
    return Set.of(Scope.MESSAGING_HUMAN);
  }

  @Override
  public Output call(ToolContext ctx, Input in) throws ToolFailure {
    String tenant = ctx.caller().tenant();
    String kind = in.kind();
    if (kind != null && !kind.equals("questions") && !kind.equals("approvals")) {
      throw new ToolFailure("kind must be questions or approvals, or left out for both");
    }
    if (kind == null && in.cursor() != null) {
      throw new ToolFailure("a cursor pages one list: send kind (questions or approvals) with it");
    }
    Page<Question> questions =
        kind == null || kind.equals("questions")
            ? inbox.questions(tenant, in.limit(), in.cursor())
            : null;
    Page<Approval> approvals =
        kind == null || kind.equals("approvals")
            ? inbox.approvals(tenant, in.limit(), in.cursor())
            : null;
    return new Output(inbox.counts(tenant), questions, approvals);
  }
}
