package dev.opsmcp.loganalytics.sandbox;

import dev.opsmcp.common.auth.Scope;
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

  SaveAnalysisScriptTool(Workspaces workspaces) {
    this.workspaces = workspaces;
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
    ctx.caller().require(Scope.ANALYSIS_RUN);
    String name = in.name().strip();
    if (!NAME.matcher(name).matches() || name.contains("..")) {
      throw new ToolFailure(
          "name '"
              + in.name()
              + "' is refused: use 1-64 letters, digits, '_', '-' or '.', no '/' or '..',"
              + " e.g. top_errors.py");
    }
    if (in.code().length() > MAX_CODE_CHARS) {
      throw new ToolFailure("code is over " + MAX_CODE_CHARS + " characters: keep scripts short");
    }
    String file = name.endsWith(".py") ? name : name + ".py";
    String tenant = ctx.caller().tenant();
    Path target = workspaces.resolve(tenant, "name", "scripts/" + file);
    try {
      byte[] bytes = in.code().getBytes(StandardCharsets.UTF_8);
      Path tmp = target.resolveSibling("." + file + ".tmp");
      Files.write(tmp, bytes);
      Files.move(tmp, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      return new Output(workspaces.handle(tenant, target), bytes.length);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
