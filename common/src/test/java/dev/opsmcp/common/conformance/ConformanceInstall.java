package dev.opsmcp.common.conformance;

import dev.opsmcp.common.tool.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * The conformance suite and the Node 22 that runs it, both pinned by {@code package-lock.json} in
 * the repository's {@code conformance/} folder and installed there with {@code npm ci} when missing
 * or out of date.
 */
final class ConformanceInstall {
  static final String PACKAGE = "@modelcontextprotocol/conformance";
  private static final int NODE_MAJOR = 22;
  private static final Duration NPM_TIMEOUT = Duration.ofMinutes(5);
  private static final Pattern NODE_VERSION = Pattern.compile("v(\\d+)\\.\\d+\\.\\d+");

  private final Path dir;

  private ConformanceInstall(Path dir) {
    this.dir = dir;
  }

  /** Finds {@code conformance/} in the working directory or one of its parents. */
  static ConformanceInstall find() throws SuiteUnavailableException {
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.isRegularFile(p.resolve("conformance/package-lock.json"))) {
        return new ConformanceInstall(p.resolve("conformance"));
      }
    }
    throw new SuiteUnavailableException(
        "no conformance/package-lock.json above " + Path.of("").toAbsolutePath());
  }

  /** Runs {@code npm ci} unless the pinned versions are installed; checks Node's version. */
  ConformanceInstall ensureInstalled(Path logDir) throws SuiteUnavailableException {
    try {
      if (!installed()) {
        npmCi(logDir.resolve("npm-ci.log"));
      }
      if (!installed()) {
        throw new SuiteUnavailableException("npm ci in " + dir + " did not install " + PACKAGE);
      }
      checkNodeVersion(logDir.resolve("node-version.log"));
      return this;
    } catch (IOException e) {
      throw new SuiteUnavailableException("installing the suite in " + dir + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SuiteUnavailableException("interrupted while installing the suite", e);
    }
  }

  Path dir() {
    return dir;
  }

  Path node() {
    return dir.resolve("node_modules/.bin/node");
  }

  Path cli() {
    return dir.resolve("node_modules/" + PACKAGE + "/dist/index.js");
  }

  /** The suite version the lock file pins. */
  String pinnedVersion() throws IOException {
    JsonNode lock = Json.MAPPER.readTree(dir.resolve("package-lock.json").toFile());
    return lock.path("packages").path("node_modules/" + PACKAGE).path("version").asString();
  }

  private boolean installed() throws IOException {
    Path manifest = dir.resolve("node_modules/" + PACKAGE + "/package.json");
    if (!Files.isExecutable(node()) || !Files.isRegularFile(cli()) || !Files.exists(manifest)) {
      return false;
    }
    String version = Json.MAPPER.readTree(manifest.toFile()).path("version").asString();
    return version.equals(pinnedVersion());
  }

  private void npmCi(Path log) throws IOException, InterruptedException, SuiteUnavailableException {
    System.out.println("[conformance] npm ci in " + dir + " (log: " + log + ")");
    Subprocess.Result result;
    try {
      result =
          Subprocess.run(
              List.of("npm", "ci", "--no-audit", "--no-fund"), dir, Map.of(), log, NPM_TIMEOUT);
    } catch (IOException e) {
      throw new SuiteUnavailableException("cannot run npm (is it on PATH?): " + e.getMessage(), e);
    }
    if (result.exitCode() != 0) {
      throw new SuiteUnavailableException(
          "npm ci in " + dir + " exited with " + result.exitCode() + ":\n" + result.tail(15));
    }
  }

  private void checkNodeVersion(Path log)
      throws IOException, InterruptedException, SuiteUnavailableException {
    Subprocess.Result result =
        Subprocess.run(
            List.of(node().toString(), "--version"), dir, Map.of(), log, Duration.ofSeconds(30));
    Matcher m = NODE_VERSION.matcher(result.output().strip());
    if (result.exitCode() != 0 || !m.matches() || Integer.parseInt(m.group(1)) < NODE_MAJOR) {
      throw new SuiteUnavailableException(
          node() + " is not Node " + NODE_MAJOR + "+: " + result.output().strip());
    }
  }
}
