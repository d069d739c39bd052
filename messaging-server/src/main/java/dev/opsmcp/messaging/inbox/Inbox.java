package dev.opsmcp.messaging.inbox;

import dev.opsmcp.common.approval.Approval;
import dev.opsmcp.common.paging.Cursor;
import dev.opsmcp.common.paging.Cursors;
import dev.opsmcp.common.paging.Limit;
import dev.opsmcp.common.paging.Page;
import dev.opsmcp.common.signal.Settleable;
import dev.opsmcp.common.signal.Settlements;
import dev.opsmcp.common.tool.ToolFailure;
import dev.opsmcp.messaging.approval.Approvals;
import dev.opsmcp.messaging.question.Question;
import dev.opsmcp.messaging.question.Questions;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/**
 * A human's inbox: the tenant's pending questions and approvals across sessions and incidents,
 * oldest first, a page at a time, and how many of each wait.
 */
public final class Inbox {
  public static final Limit LIMIT = new Limit(20, 200);
  private static final OffsetDateTime START =
      OffsetDateTime.of(1970, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);

  /** What waits for a human. */
  public record Counts(long questions, long approvals) {}

  /** Where the next page starts. */
  record After(OffsetDateTime createdAt, String id) {}

  /** What a cursor is bound to besides the position. */
  record Filters(String status) {}

  private final Questions questions;
  private final Approvals approvals;
  private final Cursors cursors;

  public Inbox(Questions questions, Approvals approvals, Cursors cursors) {
    this.questions = questions;
    this.approvals = approvals;
    this.cursors = cursors;
  }

  public Page<Question> questions(String tenant, Integer limit, String cursor) throws ToolFailure {
    return page(tenant, "pending_questions", limit, cursor, questions);
  }

  public Page<Approval> approvals(String tenant, Integer limit, String cursor) throws ToolFailure {
    return page(tenant, "pending_approvals", limit, cursor, approvals);
  }

  public Counts counts(String tenant) {
    return new Counts(questions.countPending(tenant), approvals.countPending(tenant));
  }

  private <T extends Settleable> Page<T> page(
      String tenant, String list, Integer limit, String token, Settlements<T> requests)
      throws ToolFailure {
    int n = LIMIT.resolve(limit);
    Cursor<After> cursor = cursors.bind(tenant, list, new Filters("pending"), After.class);
    After after = cursor.read(token);
    List<T> fetched =
        after == null
            ? requests.pending(tenant, START, "", n + 1)
            : requests.pending(tenant, after.createdAt(), after.id(), n + 1);
    return Page.of(fetched, n, last -> cursor.write(new After(last.createdAt(), last.id())));
  }
}
