package dev.opsmcp.common.testing;

import dev.opsmcp.common.tool.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A dashboard browser test script in {@code e2e/dashboard/} (e.g. {@code incidents.mjs}), with what
 * it needs: Node 20+, Debian's Chromium, and playwright-core as pinned by the folder's
 * package-lock.json (installed with {@code npm ci} when missing or out of date). Messaging's and
 * orchestration's dashboard tests run their scripts with it.
 */
public final class BrowserScript {
  public static final Path CHROMIUM =
      Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"));
  private static final String PACKAGE = "playwright-core";
  private static final int NODE_MAJOR = 20;
  private static final Pattern NODE_VERSION = Pattern.compile("v(\\d+)\\.\\d+\\.\\d+");

  /** Node, Chromium or the pinned packages are missing and could not be installed. */
  public static final class Unavailable extends Exception {
    Unavailable(String message) {
      super(message);
    }
  }

  /** How a run ended: the exit code (-1 when killed on timeout) and everything it printed. */
  public record Result(int exitCode, String output) {}

  private final Path dir;
  private final String script;

  private BrowserScript(Path dir, String script) {
    this.dir = dir;
    this.script = script;
  }

  /**
   * Finds {@code e2e/dashboard/} (holding {@code script}) above the working directory and makes it
   * ready to run.
   */
  public static BrowserScript install(String script)
      throws Unavailable, IOException, InterruptedException {
    Path dir = find();
    if (!Files.isExecutable(CHROMIUM)) {
      throw new Unavailable("no Chromium at " + CHROMIUM + " (apt-get install chromium)");
    }
    String version;
    try {
      version = run(List.of("node", "--version"), dir, Duration.ofSeconds(30)).output().strip();
    } catch (IOException e) {
      throw new Unavailable("cannot run node (is it on PATH?): " + e.getMessage());
    }
    Matcher m = NODE_VERSION.matcher(version);
    if (!m.matches() || Integer.parseInt(m.group(1)) < NODE_MAJOR) {
      throw new Unavailable("node on PATH is not Node " + NODE_MAJOR + "+: " + version);
    }
    if (!installed(dir)) {
      System.out.println("[dashboard-e2e] npm ci in " + dir);
      Result ci;
      try {
        ci = run(List.of("npm", "ci", "--no-audit", "--no-fund"), dir, Duration.ofMinutes(5));
      } catch (IOException e) {
        throw new Unavailable("cannot run npm (is it on PATH?): " + e.getMessage());
      }
      if (ci.exitCode() != 0 || !installed(dir)) {
        throw new Unavailable("npm ci in " + dir + " failed:\n" + ci.output());
      }
    }
    return new BrowserScript(dir, script);
  }

  /**
   * Runs the script with {@code args} and extra environment; hands each printed line to {@code
   * onLine} as it comes, and writes them all to {@code log}.
   */
  public Result run(
      List<String> args,
      Map<String, String> env,
      Path log,
      Duration timeout,
      Consumer<String> onLine)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("node", script));
    command.addAll(args);
    Map<String, String> all = new HashMap<>(env);
    all.put("CHROMIUM", CHROMIUM.toString());
    Result result = run(command, dir, all, timeout, onLine);
    Files.createDirectories(log.toAbsolutePath().getParent());
    Files.writeString(log, result.output(), StandardCharsets.UTF_8);
    return result;
  }

  private static Path find() throws Unavailable {
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.isRegularFile(p.resolve("e2e/dashboard/package-lock.json"))) {
        return p.resolve("e2e/dashboard");
      }
    }
    throw new Unavailable(
        "no e2e/dashboard/package-lock.json above " + Path.of("").toAbsolutePath());
  }

  private static boolean installed(Path dir) throws IOException {
    Path manifest = dir.resolve("node_modules/" + PACKAGE + "/package.json");
    if (!Files.isRegularFile(manifest)) {
      return false;
    }
    String pinned =
        Json.MAPPER
            .readTree(dir.resolve("package-lock.json").toFile())
            .path("packages")
            .path("node_modules/" + PACKAGE)
            .path("version")
            .asString();
    return Json.MAPPER.readTree(manifest.toFile()).path("version").asString().equals(pinned);
  }

  private static Result run(List<String> command, Path dir, Duration timeout)
      throws IOException, InterruptedException {
    return run(command, dir, Map.of(), timeout, line -> {});
  }

  private static Result run(
      List<String> command,
      Path dir,
      Map<String, String> env,
      Duration timeout,
      Consumer<String> onLine)
      throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
    builder.redirectErrorStream(true).environment().putAll(env);
    Process process = builder.start();
    StringBuffer output = new StringBuffer();
    Thread reader =
        Thread.ofVirtual()
            .start(
                () -> {
                  try (BufferedReader in =
                      new BufferedReader(
                          new InputStreamReader(
                              process.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = in.readLine()) != null; ) {
                      output.append(line).append('\n');
                      System.out.println(line);
                      onLine.accept(line);
                    }
                  } catch (IOException e) {
                    output.append("(reading output failed: ").append(e).append(")\n");
                  }
                });
    boolean finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    if (!finished) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      output.append("(killed after ").append(timeout.toSeconds()).append(" s)\n");
    }
    reader.join(Duration.ofSeconds(10));
    return new Result(finished ? process.exitValue() : -1, output.toString());
  }
}
