package dev.opsmcp.common.testing;

import dev.opsmcp.common.auth.Scope;
import dev.opsmcp.common.config.Env;
import dev.opsmcp.common.server.Launch;
import dev.opsmcp.common.server.McpHost;
import dev.opsmcp.common.server.ServerContext;
import dev.opsmcp.common.server.ServerSpec;
import dev.opsmcp.common.testing.NoteStore.Note;
import dev.opsmcp.common.tool.Hints;
import dev.opsmcp.common.tool.Param;
import dev.opsmcp.common.tool.Tool;
import dev.opsmcp.common.tool.ToolContext;
import dev.opsmcp.common.tool.ToolFailure;
import java.util.List;
import java.util.Set;

/**
 * A test-only server on our hosting code over tenant data: a write tool and a read tool, a prompt,
 * a resource template and REST routes, so tests can check tenancy, durability and each hosting
 * feature through the real stack. A credential needs {@code monitoring:read} (read and add) or
 * {@code incidents:write} (delete over REST). {@code main} lets a test run it as a separate process
 * (to {@code kill -9} it).
 */
public final class NotesServer {
  public static final ServerSpec SPEC =
      new ServerSpec("notes", "OPSMCP_NOTES_PORT", 0, List.of("testnotes"), NotesServer::start);

  private NotesServer() {}

  static McpHost start(ServerContext ctx) throws Exception {
    NoteStore notes = new NoteStore(ctx.db());
    return McpHost.builder(ctx)
        .accessScopes(Set.of(Scope.MONITORING_READ, Scope.INCIDENTS_WRITE))
        .tool(new AddNote(notes))
        .tool(new ListNotes(notes))
        .prompt(new ReviewNotesPrompt(notes))
        .resource(new NoteResource(notes))
        .routes(NotesRoutes.table(notes, ctx.cursors()))
        .start();
  }

  public static void main(String[] args) {
    Launch.run(Env.system(), List.of(SPEC));
  }

  record AddInput(@Param("the note") String text) {}

  record AddOutput(long id) {}

  record ListInput() {}

  record ListOutput(List<Note> notes) {}

  /** Declares its scope but never checks it: the adapter must. */
  record AddNote(NoteStore notes) implements Tool<AddInput> {
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
    public Set<Scope> scopes() {
      return Set.of(Scope.MONITORING_READ);
    }

    @Override
    public AddOutput call(ToolContext ctx, AddInput in) throws ToolFailure {
      if (in.text().isBlank()) {
        throw new ToolFailure("text is empty: send the note's text");
      }
      return new AddOutput(notes.add(ctx.caller().tenant(), in.text()));
    }
  }

  record ListNotes(NoteStore notes) implements Tool<ListInput> {
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
    public Set<Scope> scopes() {
      return Set.of(Scope.MONITORING_READ);
    }

    @Override
    public ListOutput call(ToolContext ctx, ListInput in) {
      return new ListOutput(notes.list(ctx.caller().tenant(), null, 0, Integer.MAX_VALUE));
    }
  }
}
