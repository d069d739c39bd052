package dev.opsmcp.common.testing;

import dev.opsmcp.common.auth.Scope;
import dev.opsmcp.common.paging.Cursor;
import dev.opsmcp.common.paging.Cursors;
import dev.opsmcp.common.paging.Limit;
import dev.opsmcp.common.paging.Page;
import dev.opsmcp.common.rest.RestResponse;
import dev.opsmcp.common.rest.Route;
import dev.opsmcp.common.rest.RouteTable;
import dev.opsmcp.common.testing.NoteStore.Note;
import dev.opsmcp.common.tool.Param;
import dev.opsmcp.common.tool.ToolFailure;
import java.util.Map;

/** The test server's REST API: list (paged), get, create and delete notes under /api/v1. */
final class NotesRoutes {
  private static final Limit LIMIT = new Limit(2, 50);

  record ListQuery(
      @Param(value = "only notes containing this text", optional = true) String contains,
      @Param(value = "notes per page (1 to 50, default 2)", optional = true) Integer limit,
      @Param(value = "next_cursor of the previous page", optional = true) String cursor) {}

  record NewNote(@Param("the note") String text) {}

  /** What a notes cursor binds besides the position. */
  record Filters(String contains) {}

  /** Where the next page starts. */
  record After(long id) {}

  private NotesRoutes() {}

  static RouteTable table(NoteStore notes, Cursors cursors) {
    return RouteTable.builder("/api/v1", "Notes API (test server)")
        .add(
            Route.get(
                    "/notes",
                    ListQuery.class,
                    (call, q) -> {
                      String tenant = call.caller().tenant();
                      int limit = LIMIT.resolve(q.limit());
                      Cursor<After> cursor =
                          cursors.bind(tenant, "notes", new Filters(q.contains()), After.class);
                      After after = cursor.read(q.cursor());
                      return Page.of(
                          notes.list(
                              tenant, q.contains(), after == null ? 0 : after.id(), limit + 1),
                          limit,
                          n -> cursor.write(new After(n.id())));
                    })
                .scopes(Scope.MONITORING_READ)
                .summary("Your tenant's notes, oldest first, a page at a time."))
        .add(
            Route.get(
                    "/notes/{id}", call -> find(notes, call.caller().tenant(), call.pathLong("id")))
                .scopes(Scope.MONITORING_READ)
                .summary("One note."))
        .add(
            Route.post(
                    "/notes",
                    NewNote.class,
                    (call, in) ->
                        RestResponse.of(
                            201, Map.of("id", notes.add(call.caller().tenant(), in.text()))))
                .scopes(Scope.MONITORING_READ)
                .summary("Store a note; returns its id."))
        .add(
            Route.delete(
                    "/notes/{id}",
                    call -> {
                      Note note = find(notes, call.caller().tenant(), call.pathLong("id"));
                      notes.delete(call.caller().tenant(), note.id());
                      return null;
                    })
                .scopes(Scope.INCIDENTS_WRITE)
                .summary("Delete a note."))
        .build();
  }

  private static Note find(NoteStore notes, String tenant, long id) throws ToolFailure {
    return notes
        .find(tenant, id)
        .orElseThrow(() -> new ToolFailure(ToolFailure.Kind.NOT_FOUND, "no note " + id));
  }
}
