package dev.opsmcp.messaging.session;

import dev.opsmcp.common.db.Database;
import dev.opsmcp.common.db.Ids;
import dev.opsmcp.common.db.StoredText;
import dev.opsmcp.common.paging.Cursor;
import dev.opsmcp.common.paging.Cursors;
import dev.opsmcp.common.paging.Limit;
import dev.opsmcp.common.paging.Page;
import dev.opsmcp.common.tool.Echo;
import dev.opsmcp.common.tool.ToolFailure;
import dev.opsmcp.messaging.MessagingSettings;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** Sessions and their timeline: the agent's messages and steps, the humans' replies. */
public final class Conversations {
  /** Sessions or messages a page. */
  public static final Limit LIMIT = new Limit(50, 500);

  /** Before every session: rank 2 sorts above active (1) and ended (0). */
  private static final SessionAfter FIRST_SESSION =
      new SessionAfter(2, OffsetDateTime.parse("9999-12-31T00:00:00Z"), "");

  /**
   * Where a page of the session list ends: the sort key (active first, then last update, then id,
   * all descending) of its last session. The next page starts strictly after it, so sessions that
   * start or change meanwhile do not shift the pages.
   */
  record SessionAfter(int rank, OffsetDateTime updatedAt, String id) {}

  /** What a session-list cursor is bound to besides the position. */
  record SessionFilters(String status, String agent) {}

  /** Where a page of a session's timeline ends: the id of its last message. */
  record MessageAfter(long id) {}

  /** What a timeline cursor is bound to: the session it pages and where the first page began. */
  record MessageFilters(String session, long after) {}

  private final Database db;
  private final Events events;
  private final MessagingSettings settings;
  private final Cursors cursors;

  public Conversations(Database db, Events events, MessagingSettings settings, Cursors cursors) {
    this.db = db;
    this.events = events;
    this.settings = settings;
    this.cursors = cursors;
  }

  static OffsetDateTime now() {
    return OffsetDateTime.now(ZoneOffset.UTC);
  }

  /** The given active session, or a new one when {@code sessionId} is null. */
  public Session open(String tenant, String sessionId, String agentName, Long incidentId)
      throws ToolFailure {
    StoredText.require("agent_name", agentName);
    if (sessionId != null && sessionId.isBlank()) {
      throw new ToolFailure(
          "session_id is empty: pass the session_id a previous call returned, or leave it out to"
              + " start a new session");
    }
    if (sessionId == null) {
      String id = Ids.newId("ses");
      String agent = agentName == null || agentName.isBlank() ? "agent" : agentName.strip();
      db.jdbi()
          .useExtension(SessionStore.class, s -> s.insert(id, tenant, agent, incidentId, now()));
      events.publish(tenant, "session", id, id);
      return find(tenant, id);
    }
    Session session = find(tenant, sessionId);
    if (session.ended()) {
      throw new ToolFailure(
          ToolFailure.Kind.CONFLICT,
          "session "
              + Echo.shortened(sessionId)
              + " has ended; omit session_id to start a new session");
    }
    if (incidentId != null && session.incidentId() == null) { // the first incident named sticks
      db.jdbi()
          .useExtension(SessionStore.class, s -> s.linkIncident(tenant, sessionId, incidentId));
      events.publish(tenant, "session", sessionId, sessionId);
      return find(tenant, sessionId);
    }
    return session;
  }

  public Session find(String tenant, String sessionId) throws ToolFailure {
    return (StoredText.storable(sessionId)
            ? db.jdbi().withExtension(SessionStore.class, s -> s.find(tenant, sessionId))
            : Optional.<Session>empty())
        .orElseThrow(
            () ->
                new ToolFailure(
                    ToolFailure.Kind.NOT_FOUND,
                    "no session "
                        + Echo.shortened(sessionId)
                        + " in your tenant; omit session_id to start a new session"));
  }

  /** Checks content: not empty, storable, not over the size cap. */
  public String content(String field, String value) throws ToolFailure {
    if (value == null || value.isBlank()) {
      throw new ToolFailure(field + " is empty: send the text to show the human");
    }
    return limited(field, value);
  }

  /** Checks optional text (a summary, a comment): storable, not over the size cap. */
  public String limited(String field, String value) throws ToolFailure {
    if (value == null) {
      return null;
    }
    StoredText.require(field, value);
    if (value.length() > settings.maxContentChars()) {
      throw new ToolFailure(
          field
              + " has "
              + value.length()
              + " characters, over the limit of "
              + settings.maxContentChars()
              + "; send a summary and keep details in a file or the incident record");
    }
    return value;
  }

  /** Adds a timeline entry and tells live pages. */
  public long post(
      String tenant,
      String sessionId,
      String role,
      String kind,
      String content,
      String refId,
      String author) {
    return db.jdbi()
        .inTransaction(h -> post(h, tenant, sessionId, role, kind, content, refId, author));
  }

  /** Adds a timeline entry in the caller's transaction; live pages are told once it commits. */
  public long post(
      Handle h,
      String tenant,
      String sessionId,
      String role,
      String kind,
      String content,
      String refId,
      String author) {
    OffsetDateTime now = now();
    SessionStore s = h.attach(SessionStore.class);
    s.touch(tenant, sessionId, now);
    long id = s.addMessage(tenant, sessionId, role, kind, content, refId, author, now, null);
    h.afterCommit(() -> events.publish(tenant, "message", sessionId, id));
    return id;
  }

  /**
   * Posts the agent's {@code text} as an entry of {@code kind} ("message", "step") and hands back
   * what humans wrote since the agent last read.
   */
  public Posted say(String tenant, String sessionId, String kind, String text) {
    long id = post(tenant, sessionId, "agent", kind, text, null, null);
    return new Posted(sessionId, id, UserMessage.of(takeUnread(tenant, sessionId)));
  }

  /** The user messages the agent has not read yet, now marked read. */
  public List<Message> takeUnread(String tenant, String sessionId) {
    return db.jdbi()
        .inTransaction(
            h -> {
              SessionStore s = h.attach(SessionStore.class);
              List<Message> unread = s.unread(tenant, sessionId);
              if (!unread.isEmpty()) {
                s.markRead(tenant, sessionId, unread.get(unread.size() - 1).id(), now());
              }
              return unread;
            });
  }

  /**
   * Marks the human's reply {@code refId} read (the agent gets it as a result) and takes the
   * session's other unread user messages, in one transaction.
   */
  public List<Message> deliveredAndUnread(String tenant, String refId, String sessionId) {
    return db.jdbi()
        .inTransaction(
            h -> {
              SessionStore s = h.attach(SessionStore.class);
              OffsetDateTime now = now();
              s.markRefRead(tenant, refId, now);
              List<Message> unread = s.unread(tenant, sessionId);
              if (!unread.isEmpty()) {
                s.markRead(tenant, sessionId, unread.get(unread.size() - 1).id(), now);
              }
              return unread;
            });
  }

  /** Marks the human's reply to a question or approval read: the agent got it as a result. */
  public void delivered(String tenant, String refId) {
    db.jdbi().useExtension(SessionStore.class, s -> s.markRefRead(tenant, refId, now()));
  }

  /**
   * A page of a session's timeline, oldest first: the messages with an id above {@code afterId}
   * (null for all; a live page follows the timeline with the last id it shows), continued by {@code
   * token} (a cursor of the same session and {@code afterId}, or null for the first page).
   */
  public Page<Message> messages(
      String tenant, String sessionId, Long afterId, Integer limit, String token)
      throws ToolFailure {
    int n = LIMIT.resolve(limit);
    if (afterId != null && afterId < 0) {
      throw new ToolFailure(
          "after must be a message id (0 or more) from this timeline; you sent " + afterId);
    }
    find(tenant, sessionId);
    long from = afterId == null ? 0 : afterId;
    Cursor<MessageAfter> cursor =
        cursors.bind(tenant, "messages", new MessageFilters(sessionId, from), MessageAfter.class);
    MessageAfter read = cursor.read(token);
    long start = read == null ? from : read.id();
    List<Message> fetched =
        db.jdbi()
            .withExtension(SessionStore.class, s -> s.timeline(tenant, sessionId, start, n + 1));
    return Page.of(fetched, n, last -> cursor.write(new MessageAfter(last.id())));
  }

  /**
   * A page of sessions, active first, most recently updated first, after {@code token} (a cursor of
   * a list with the same filters, or null for the first page).
   */
  public Page<SessionSummary> sessions(
      String tenant, String status, String agent, Integer limit, String token) throws ToolFailure {
    StoredText.require("status", status);
    StoredText.require("agent", agent);
    int n = LIMIT.resolve(limit);
    Cursor<SessionAfter> cursor =
        cursors.bind(tenant, "sessions", new SessionFilters(status, agent), SessionAfter.class);
    SessionAfter read = cursor.read(token);
    SessionAfter after = read == null ? FIRST_SESSION : read;
    List<SessionSummary> fetched =
        db.jdbi()
            .withExtension(
                SessionStore.class,
                s ->
                    s.list(
                        tenant,
                        status,
                        agent,
                        now(),
                        after.rank(),
                        after.updatedAt(),
                        after.id(),
                        n + 1));
    return Page.of(
        fetched,
        n,
        last ->
            cursor.write(
                new SessionAfter(
                    "active".equals(last.status()) ? 1 : 0, last.updatedAt(), last.id())));
  }

  /** Ends a session; ending an ended session is a conflict. */
  public Session end(String tenant, String sessionId, String summary, String author)
      throws ToolFailure {
    limited("summary", summary);
    find(tenant, sessionId);
    int changed =
        db.jdbi().withExtension(SessionStore.class, s -> s.end(tenant, sessionId, summary, now()));
    if (changed == 0) {
      throw new ToolFailure(
          ToolFailure.Kind.CONFLICT, "session " + sessionId + " has already ended");
    }
    post(
        tenant,
        sessionId,
        "system",
        "end",
        summary == null ? "session ended" : summary,
        null,
        author);
    events.publish(tenant, "session", sessionId, sessionId);
    return find(tenant, sessionId);
  }
}
