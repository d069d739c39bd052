package dev.opsmcp.common.testing;

import dev.opsmcp.common.auth.Scope;
import dev.opsmcp.common.config.Env;
import dev.opsmcp.common.db.Database;
import dev.opsmcp.common.server.Launch;
import dev.opsmcp.common.server.ServerSpec;
import dev.opsmcp.common.tool.Hints;
import dev.opsmcp.common.tool.Param;
import dev.opsmcp.common.tool.Tool;
import dev.opsmcp.common.tool.ToolContext;
import dev.opsmcp.common.tool.ToolFailure;
import java.util.List;
import java.util.Set;

/**
 * A test-only server on our hosting code with one write tool and one read tool over tenant data, so
 * tests can check tenancy and durability through the real stack before domain tools exist. {@code
 * main} lets a test run it as a separate process (to {@code kill -9} it).
 */
public final class NotesServer {
  public static final ServerSpec SPEC =
      new ServerSpec(
          "notes",
          "OPSMCP_NOTES_PORT",
          0,
          (config, db) ->
              dev.opsmcp.common.server.McpHost.builder(config, db)
                  .accessScopes(Set.of(Scope.MONITORING_READ))
                  .migrations("testnotes")
                  .tool(new AddNote(db))
                  .tool(new ListNotes(db))
                  .start());

  private NotesServer() {}

  public static void main(String[] args) {
    Launch.run(Env.system(), List.of(SPEC));
  }

  public record Note(long id, String text) {}

  record AddInput(@Param("the note") String text) {}

  record AddOutput(long id) {}

  record ListInput() {}

  record ListOutput(List<Note> notes) {}

  record AddNote(Database db) implements Tool<AddInput> {
    @Override
    public String name() {
      return "add_note";
    }

    @Override
    public String description() {
      return "Store a note for your tenant.";
    }

    @Override
    public Class<AddInput> inputType() {
      return AddInput.class;
    }

    @Override
    public Hints hints() {
      return Hints.WRITE;
    }

    @Override
    public AddOutput call(ToolContext ctx, AddInput in) throws ToolFailure {
      if (in.text().isBlank()) {
        throw new ToolFailure("text is empty: send the note's text");
      }
      long id =
          db.jdbi()
              .withHandle(
                  h ->
                      h.createUpdate("INSERT INTO test_note (tenant_id, text) VALUES (:t, :x)")
                          .bind("t", ctx.caller().tenant())
                          .bind("x", in.text())
                          .executeAndReturnGeneratedKeys("id")
                          .mapTo(Long.class)
                          .one());
      return new AddOutput(id);
    }
  }

  record ListNotes(Database db) implements Tool<ListInput> {
    @Override
    public String name() {
      return "list_notes";
    }

    @Override
    public String description() {
      return "List your tenant's notes.";
    }

    @Override
    public Class<ListInput> inputType() {
      return ListInput.class;
    }

    @Override
    public Hints hints() {
      return Hints.READ_ONLY;
    }

    @Override
    public ListOutput call(ToolContext ctx, ListInput in) {
      return new ListOutput(
          db.jdbi()
              .withHandle(
                  h ->
                      h.createQuery(
                              "SELECT id, text FROM test_note WHERE tenant_id = :t ORDER BY id")
                          .bind("t", ctx.caller().tenant())
                          .map((rs, c) -> new Note(rs.getLong("id"), rs.getString("text")))
                          .list()));
    }
  }
}
