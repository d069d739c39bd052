package dev.opsmcp.loganalytics.sandbox;

import dev.opsmcp.common.auth.Scope;
import dev.opsmcp.common.db.StoredText;
import dev.opsmcp.common.tool.Echo;
import dev.opsmcp.common.tool.Hints;
import dev.opsmcp.common.tool.Param;
import dev.opsmcp.common.tool.Tool;
import dev.opsmcp.common.tool.ToolContext;
import dev.opsmcp.common.tool.ToolFailure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.regex.Pattern;

/** Saves a Python script into the tenant's workspace and returns its handle. */
final class SaveAnalysisScriptTool implements Tool<SaveAnalysisScriptTool.Input> {
  static final int MAX_CODE_CHARS = 256 * 1024;
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

  record Input(
      @Param("File name, letters, digits, '_', '-', '.'; .py is added if missing") String name,
      @Param("Python 3 source") String code) {}

  record Output(String script_path, long bytes) {}

  private final Workspaces workspaces;
  private final WorkspaceQuota quota;

  SaveAnalysisScriptTool(Workspaces workspaces, WorkspaceQuota quota) {
    this.workspaces = workspaces;
    this.quota = quota;
  }

  @Override
  public String name() {
    return "save_analysis_script";
  }

  @Override
  public String description() {
    return "Save a Python script in your analysis workspace (overwrites one of the same name)."
        + " Returns script_path for execute_analysis_script.";
  }

  @Override
  public Class<Input> inputType() {
    return Input.class;
  }

  @Override
  public Hints hints() {
    return new Hints(false, false, true, false);
  }

  @Override
  public Set<Scope> scopes() {
    return Set.of(Scope.ANALYSIS_RUN);
  }

  @Override
  public Output call(ToolContext ctx, Input in) throws ToolFailure {
    String name = in.name().strip();
    if (!NAME.matcher(name).matches() || name.contains("..")) {
      throw new ToolFailure(
          "name "
              + Echo.of(in.name())
              + " is refused: use 1-64 letters, digits, '_', '-' or '.', no '/' or '..',"
              + " e.g. top_errors.py");
    }
    StoredText.require("code", in.code());
    if (in.code().length() > MAX_CODE_CHARS) {
      throw new ToolFailure("code is over " + MAX_CODE_CHARS + " characters: keep scripts short");
    }
    String file = name.endsWith(".py") ? name : name + ".py";
    String tenant = ctx.caller().tenant();
    Path target = workspaces.resolve(tenant, "name", "scripts/" + file);
    byte[] bytes = in.code().getBytes(StandardCharsets.UTF_8);
    quota.room(tenant, bytes.length, "saving this script", "");
    try {
      // One temporary file per call: two saves of one name at once must not share it.
      Path tmp = target.resolveSibling("." + file + "." + java.util.UUID.randomUUID() + ".tmp");
      Files.write(tmp, bytes);
      Files.move(tmp, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      return new Output(workspaces.handle(tenant, target), bytes.length);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
