package dev.opsmcp.dist;

import dev.opsmcp.common.auth.ApiKeys;
import dev.opsmcp.common.auth.NewApiKey;
import dev.opsmcp.common.auth.Scope;
import dev.opsmcp.common.auth.Tenants;
import dev.opsmcp.common.config.Env;
import dev.opsmcp.common.db.Database;
import dev.opsmcp.common.db.DatabaseConfig;
import dev.opsmcp.common.db.Migrations;
import dev.opsmcp.common.server.Launch;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code scripts/opsmcp demo [--tenant T]}: loads a realistic incident into running servers through
 * their public endpoints only, so that an agent has something real to investigate. The story: at
 * about 24 minutes ago {@code payments-api} v2.14.0 was deployed with its database pool cut from 50
 * to 10 connections; two minutes later its requests start waiting for connections and time out, and
 * the errors cascade to its caller {@code checkout} and on to {@code frontend}, which fires an
 * Alertmanager alert. {@code inventory} and {@code postgres} stay healthy.
 *
 * <p>It mints its own short-lived key on the database (revoked at the end), puts the catalog, sends
 * an hour of OTLP metrics and logs, the deploy as a change event and the alert, writes two runbooks
 * into {@code OPSMCP_RUNBOOKS_FILE}, starts a local receiver ({@link DemoReceiver}) and adds a
 * webhook channel pointing at it. Re-running finds the demo's change event and sends no telemetry,
 * alert or change again; the catalog, runbooks, channel and receiver are checked and left as they
 * are when already there.
 */
final class Demo {
  static final String USAGE =
      """
        demo [--tenant NAME]  (loads a demo incident into the running servers; default: default)
        demo stop             (stops the receiver the demo started)
      """;
  static final String MARKER = "[opsmcp demo]";
  static final String BAD_VERSION = "v2.14.0";
  static final String GOOD_VERSION = "v2.13.2";
  static final String RUNBOOKS_HEADER = "# Written by `scripts/opsmcp demo`";
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final int BATCH = 500;

  private final PrintStream out;
  private final PrintStream err;
  private final Env env;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private String key;

  Demo(PrintStream out, PrintStream err, Env env) {
    this.out = out;
    this.err = err;
    this.env = env;
  }

  /** {@code args} after {@code demo}. Exit codes as the admin CLI's. */
  int run(List<String> args) {
    String tenant = "default";
    boolean stop = false;
    for (int i = 0; i < args.size(); i++) {
      switch (args.get(i)) {
        case "--tenant" -> {
          if (i + 1 >= args.size()) {
            err.println("error: --tenant needs a value");
            return 2;
          }
          tenant = args.get(++i);
        }
        case "stop" -> stop = true;
        case "--help", "-h" -> {
          out.print("usage: opsmcp\n" + USAGE);
          return 0;
        }
        default -> {
          err.println("error: unknown argument to demo: " + args.get(i));
          err.print("usage: opsmcp\n" + USAGE);
          return 2;
        }
      }
    }
    try {
      return stop ? stopReceiver() : load(tenant);
    } catch (DemoException e) {
      err.println("error: " + e.getMessage());
      return 1;
    } catch (IOException e) {
      err.println("error: " + e.getMessage());
      return 1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 1;
    }
  }

  private int load(String tenant) throws IOException, InterruptedException {
    Map<String, String> base = new LinkedHashMap<>();
    String host = env.get("OPSMCP_HOST", "127.0.0.1");
    if (host.equals("0.0.0.0") || host.equals("::")) {
      host = "127.0.0.1";
    }
    base.put("monitoring", "http://" + host + ":" + env.get("OPSMCP_MONITORING_PORT", "9001"));
    base.put(
        "orchestration", "http://" + host + ":" + env.get("OPSMCP_ORCHESTRATION_PORT", "9002"));
    base.put(
        "log-analytics", "http://" + host + ":" + env.get("OPSMCP_LOG_ANALYTICS_PORT", "9003"));
    base.put("messaging", "http://" + host + ":" + env.get("OPSMCP_MESSAGING_PORT", "9004"));
    for (var e : base.entrySet()) {
      try {
        send("GET", e.getValue() + "/health", null, null);
      } catch (IOException ex) {
        throw new DemoException(
            e.getKey()
                + " does not answer at "
                + e.getValue()
                + "/health ("
                + ex.getMessage()
                + "); start the servers first: scripts/start-servers.sh --detach");
      }
    }
    Path runbooks =
        env.get("OPSMCP_RUNBOOKS_FILE")
            .map(Path::of)
            .orElseThrow(
                () ->
                    new DemoException(
                        "OPSMCP_RUNBOOKS_FILE is unset here; set it to the file the orchestration"
                            + " server reads (scripts/start-servers.sh uses"
                            + " $OPSMCP_DATA_DIR/runbooks.yaml)"));
    Path dataDir = env.path("OPSMCP_DATA_DIR", "data").toAbsolutePath();
    int receiverPort = env.integer("OPSMCP_DEMO_RECEIVER_PORT", 9005, 1, 65_535);
    String receiver = "http://127.0.0.1:" + receiverPort;

    String keyId;
    try (Database db = Database.open(DatabaseConfig.fromEnv(env))) {
      Migrations.migrateAll(db, Launch.migrationModules(Launcher.ALL));
      new Tenants(db).create(tenant);
      NewApiKey created =
          new ApiKeys(db, Duration.ZERO)
              .create(
                  tenant,
                  "opsmcp demo (revoked when the demo ends)",
                  EnumSet.of(
                      Scope.METRICS_WRITE,
                      Scope.MONITORING_READ,
                      Scope.LOGS_WRITE,
                      Scope.ALERTS_WRITE,
                      Scope.INCIDENTS_READ,
                      Scope.ADMIN));
      key = created.secret();
      keyId = created.key().id();
    }
    try {
      out.println("Loading the demo incident into tenant " + tenant + " ...");
      startReceiver(dataDir, receiverPort);
      catalog(base.get("monitoring"), receiver);
      writeRunbooks(runbooks, receiver);
      awaitRunbooks(base.get("orchestration"), runbooks);
      channel(base.get("orchestration"), receiver);
      Optional<String> loadedAt = loadedAt(base.get("monitoring"));
      if (loadedAt.isPresent()) {
        out.println(
            "  telemetry, change and alert: already loaded at "
                + loadedAt.get()
                + " (nothing sent again; a fresh incident: opsmcp demo --tenant OTHER)");
      } else {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Story story = new Story(now);
        int points = metrics(base.get("monitoring"), story);
        int logs = logs(base.get("log-analytics"), story);
        alert(base.get("orchestration"), story);
        change(base.get("monitoring"), story);
        out.printf(
            "  sent %d metric points and %d log records covering %s to %s, the deploy of"
                + " payments-api %s and the alert HighErrorRate on frontend%n",
            points, logs, story.start, now, BAD_VERSION);
      }
    } finally {
      try (Database db = Database.open(DatabaseConfig.fromEnv(env))) {
        new ApiKeys(db, Duration.ZERO).revoke(keyId);
      }
    }
    out.println();
    out.println("The demo incident is loaded. Point an agent at the four servers with a key of");
    out.println(
        "tenant "
            + tenant
            + (tenant.equals("default")
                ? " (the first start wrote one to " + dataDir.resolve("agent-key.txt") + ")"
                : " (scripts/opsmcp key create --tenant " + tenant + ")")
            + ", e.g. examples/claude-agent/.");
    out.println(
        "Notifications and remediations reach the demo receiver: "
            + dataDir.resolve("run/demo-receiver.log"));
    out.println("Stop the receiver with: scripts/opsmcp demo stop");
    return 0;
  }

  // --- the story ---------------------------------------------------------------------------

  /** What happened when: the deploy 24 minutes before now, its effect two minutes later. */
  static final class Story {
    final Instant now;
    final Instant start;
    final Instant deploy;
    final Instant onset;

    Story(Instant now) {
      this.now = now;
      this.start = now.minus(Duration.ofMinutes(60));
      this.deploy = now.minus(Duration.ofMinutes(24));
      this.onset = deploy.plus(Duration.ofMinutes(2));
    }

    /** 0 before the onset, rising to 1 within {@code lagMinutes + 2} minutes after it. */
    double badness(Instant t, int lagMinutes) {
      long seconds = Duration.between(onset.plus(Duration.ofMinutes(lagMinutes)), t).toSeconds();
      return seconds < 0 ? 0 : Math.min(1, seconds / 120.0);
    }
  }

  /**
   * service, lag after onset in minutes, baseline p99 ms, bad p99 ms, baseline and bad error ratio.
   */
  private record Profile(
      String service,
      int lag,
      double p99,
      double badP99,
      double errors,
      double badErrors,
      double rps) {}

  private static final List<Profile> PROFILES =
      List.of(
          new Profile("payments-api", 0, 120, 4_800, 0.002, 0.21, 40),
          new Profile("checkout", 1, 180, 3_100, 0.003, 0.14, 35),
          new Profile("frontend", 2, 240, 3_300, 0.001, 0.09, 120),
          new Profile("inventory", 0, 60, 60, 0.001, 0.001, 50),
          new Profile("postgres", 0, 4, 4, 0, 0, 400));

  // --- catalog, runbooks, channel, receiver ------------------------------------------------

  private void catalog(String monitoring, String receiver)
      throws IOException, InterruptedException {
    record Svc(String name, String team, List<String> dependsOn, double availability, int p99) {}
    List<Svc> services =
        List.of(
            new Svc("frontend", "web", List.of("checkout", "inventory"), 0.999, 800),
            new Svc("checkout", "payments", List.of("payments-api", "inventory"), 0.999, 500),
            new Svc("payments-api", "payments", List.of("postgres"), 0.9995, 300),
            new Svc("inventory", "catalog", List.of("postgres"), 0.999, 200),
            new Svc("postgres", "data", List.of(), 0.9999, 50));
    for (Svc s : services) {
      ObjectNode body = JSON.createObjectNode();
      body.put("team", s.team());
      body.set("depends_on", JSON.valueToTree(s.dependsOn()));
      body.put("health_url", receiver + "/health/" + s.name());
      ObjectNode slo = body.putObject("slo");
      slo.put("availability", s.availability());
      slo.put("latency_p99_ms", s.p99());
      body.put("runbook_url", "https://wiki.example.com/runbooks/" + s.name());
      send("PUT", monitoring + "/api/v1/services/" + s.name(), "application/json", bytes(body));
    }
    out.println(
        "  catalog: frontend -> checkout -> payments-api -> postgres, and inventory (health URLs"
            + " on the demo receiver)");
  }

  private void writeRunbooks(Path file, String receiver) throws IOException {
    String wanted =
        RUNBOOKS_HEADER
            + " for the demo incident; it rewrites this file only while it starts with this line.\n"
            + "# Both call the demo receiver (scripts/opsmcp demo stop stops it).\n"
            + "runbooks:\n"
            + "  - name: rollback-deploy\n"
            + "    description: \"Roll a service back to an earlier version (demo: the demo"
            + " receiver records the request)\"\n"
            + "    services: [payments-api, checkout, frontend, inventory]\n"
            + "    risk: high\n"
            + "    requires_approval: true\n"
            + "    kind: remediation\n"
            + "    timeout_seconds: 30\n"
            + "    parameters:\n"
            + "      service: {type: string, enum: [payments-api, checkout, frontend, inventory]}\n"
            + "      version: {type: string, pattern: \"v[0-9]+[.][0-9]+[.][0-9]+\"}\n"
            + "    http:\n"
            + "      method: POST\n"
            + "      url: \""
            + receiver
            + "/deploys/{{service}}/rollback\"\n"
            + "      headers: {Content-Type: application/json}\n"
            + "      body: '{\"service\": \"{{service}}\", \"version\": \"{{version}}\"}'\n"
            + "      accept: [200]\n"
            + "  - name: deploy-status\n"
            + "    description: \"Show a service's current and previous deployed version and config"
            + " (demo: answered by the demo receiver)\"\n"
            + "    services: [payments-api, checkout, frontend, inventory]\n"
            + "    risk: low\n"
            + "    kind: diagnostic\n"
            + "    timeout_seconds: 10\n"
            + "    parameters:\n"
            + "      service: {type: string, enum: [payments-api, checkout, frontend, inventory]}\n"
            + "    http:\n"
            + "      method: GET\n"
            + "      url: \""
            + receiver
            + "/deploys/{{service}}\"\n";
    String current = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    if (current.equals(wanted)) {
      out.println("  runbooks: rollback-deploy, deploy-status already in " + file);
      return;
    }
    String bare =
        current
            .lines()
            .filter(l -> !l.strip().startsWith("#"))
            .collect(Collectors.joining("\n"))
            .strip();
    if (!bare.isEmpty() && !bare.equals("runbooks: []") && !current.startsWith(RUNBOOKS_HEADER)) {
      throw new DemoException(
          file
              + " holds runbooks of your own; the demo does not overwrite it. Point"
              + " OPSMCP_RUNBOOKS_FILE at another file (or empty this one) and run it again");
    }
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(tmp, wanted, StandardCharsets.UTF_8);
    Files.move(
        tmp,
        file,
        java.nio.file.StandardCopyOption.REPLACE_EXISTING,
        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    out.println(
        "  runbooks: rollback-deploy (high risk, needs approval), deploy-status (diagnostic) in "
            + file
            + " (the server reloads it within a second)");
  }

  /** The orchestration server reloads the file within a second; says so if it does not. */
  private void awaitRunbooks(String orchestration, Path file)
      throws IOException, InterruptedException {
    for (int i = 0; i < 50; i++) {
      String list = send("GET", orchestration + "/api/v1/runbooks", null, null);
      if (list.contains("\"rollback-deploy\"") && list.contains("\"deploy-status\"")) {
        return;
      }
      Thread.sleep(200);
    }
    throw new DemoException(
        "the orchestration server does not list the demo runbooks 10 s after they were written to "
            + file
            + "; is it started with OPSMCP_RUNBOOKS_FILE="
            + file
            + "? (its log says why it did not load the file)");
  }

  private void channel(String orchestration, String receiver)
      throws IOException, InterruptedException {
    String url = receiver + "/notify";
    String redacted = receiver + "/…";
    JsonNode list = JSON.readTree(send("GET", orchestration + "/api/v1/channels", null, null));
    for (JsonNode c : list.path("items")) {
      if (c.path("kind").asString().equals("webhook")
          && redacted.equals(c.path("url").asString())) {
        out.println("  channel: webhook to " + url + " already added");
        return;
      }
    }
    ObjectNode body = JSON.createObjectNode();
    body.put("kind", "webhook");
    body.put("url", url);
    send("POST", orchestration + "/api/v1/channels", "application/json", bytes(body));
    out.println("  channel: webhook to " + url);
  }

  /** Starts the receiver unless one answers on the port already. */
  private void startReceiver(Path dataDir, int port) throws IOException, InterruptedException {
    String probe = "http://127.0.0.1:" + port + "/health/demo";
    if (answers(probe)) {
      out.println("  receiver: already running on 127.0.0.1:" + port);
      return;
    }
    Path run = dataDir.resolve("run");
    Files.createDirectories(run);
    Path log = run.resolve("demo-receiver.log");
    String java = ProcessHandle.current().info().command().orElse("java");
    Process p =
        new ProcessBuilder(
                java,
                "-Xmx32m",
                "-cp",
                System.getProperty("java.class.path"),
                DemoReceiver.class.getName(),
                Integer.toString(port),
                log.toString())
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .redirectErrorStream(true)
            .start();
    p.getOutputStream().close();
    Files.writeString(run.resolve("demo-receiver.pid"), p.pid() + "\n");
    for (int i = 0; i < 100 && !answers(probe); i++) {
      if (!p.isAlive()) {
        throw new DemoException(
            "the demo receiver exited at start (is port " + port + " taken? see " + log + ")");
      }
      Thread.sleep(100);
    }
    if (!answers(probe)) {
      throw new DemoException("the demo receiver did not answer " + probe + " within 10 s");
    }
    out.println("  receiver: started on 127.0.0.1:" + port + " (pid " + p.pid() + ")");
  }

  private int stopReceiver() throws IOException {
    Path pidFile = env.path("OPSMCP_DATA_DIR", "data").resolve("run/demo-receiver.pid");
    if (!Files.exists(pidFile)) {
      out.println("no demo receiver to stop (" + pidFile + " does not exist)");
      return 0;
    }
    long pid = Long.parseLong(Files.readString(pidFile).strip());
    Optional<ProcessHandle> handle = ProcessHandle.of(pid);
    boolean ours = handle.isPresent() && handle.get().isAlive() && isReceiver(pid);
    if (ours) {
      handle.get().destroy();
      out.println("stopped the demo receiver (pid " + pid + ")");
    } else {
      out.println("the demo receiver (pid " + pid + ") was not running");
    }
    Files.deleteIfExists(pidFile);
    return 0;
  }

  /** Whether process {@code pid} runs {@link DemoReceiver} (its /proc command line on Linux). */
  private static boolean isReceiver(long pid) {
    String name = DemoReceiver.class.getName();
    try {
      byte[] cmdline = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"));
      return new String(cmdline, StandardCharsets.UTF_8).contains(name);
    } catch (IOException e) {
      return ProcessHandle.of(pid)
          .flatMap(h -> h.info().commandLine())
          .map(c -> c.contains(name))
          .orElse(false);
    }
  }

  // --- telemetry ---------------------------------------------------------------------------

  /** When the demo's change event was recorded, if it was. */
  private Optional<String> loadedAt(String monitoring) throws IOException, InterruptedException {
    String since =
        Instant.now().minus(Duration.ofDays(30)).truncatedTo(ChronoUnit.SECONDS).toString();
    JsonNode list =
        JSON.readTree(
            send(
                "GET",
                monitoring + "/api/v1/changes?service=payments-api&since=" + since,
                null,
                null));
    for (JsonNode c : list.path("changes")) {
      if (c.path("description").asString().contains(MARKER)) {
        return Optional.of(c.path("at").asString());
      }
    }
    return Optional.empty();
  }

  private int metrics(String monitoring, Story story) throws IOException, InterruptedException {
    Random random = new Random(42);
    int points = 0;
    for (Profile p : PROFILES) {
      Map<String, ArrayNode> series = new LinkedHashMap<>();
      for (Instant t = story.start; !t.isAfter(story.now); t = t.plus(Duration.ofMinutes(1))) {
        double bad = story.badness(t, p.lag());
        double jitter = 1 + (random.nextDouble() - 0.5) * 0.16;
        double p99 = (p.p99() + (p.badP99() - p.p99()) * bad) * jitter;
        double errors = (p.errors() + (p.badErrors() - p.errors()) * bad) * jitter;
        double rps = p.rps() * (1 + (random.nextDouble() - 0.5) * 0.1);
        point(series, "http.server.request.duration.p99", t, p99);
        point(series, "http.server.error.ratio", t, errors);
        point(series, "http.server.requests.rate", t, rps);
        if (p.service().equals("payments-api")) {
          point(series, "db.client.connections.usage", t, bad > 0 ? 10 : 4 + random.nextInt(3));
          point(series, "db.client.connections.max", t, t.isBefore(story.deploy) ? 50 : 10);
          point(
              series, "db.client.connections.pending_requests", t, bad * (30 + random.nextInt(15)));
        }
        if (p.service().equals("postgres")) {
          point(series, "db.server.cpu.utilization", t, 0.22 + random.nextDouble() * 0.05);
          point(series, "db.server.connections.active", t, t.isBefore(story.deploy) ? 38 : 22);
        }
      }
      ObjectNode body = JSON.createObjectNode();
      ObjectNode rm = body.putArray("resourceMetrics").addObject();
      rm.putObject("resource").set("attributes", attributes(Map.of("service.name", p.service())));
      ArrayNode metrics = rm.putArray("scopeMetrics").addObject().putArray("metrics");
      for (var e : series.entrySet()) {
        ObjectNode m = metrics.addObject();
        m.put("name", e.getKey());
        m.put("unit", unit(e.getKey()));
        m.putObject("gauge").set("dataPoints", e.getValue());
        points += e.getValue().size();
      }
      send("POST", monitoring + "/v1/metrics", "application/json", bytes(body));
    }
    return points;
  }

  private static String unit(String metric) {
    if (metric.endsWith(".p99")) {
      return "ms";
    }
    if (metric.endsWith("ratio") || metric.endsWith("utilization")) {
      return "1";
    }
    if (metric.endsWith(".rate")) {
      return "{request}/s";
    }
    return "{connection}";
  }

  private static void point(Map<String, ArrayNode> series, String name, Instant t, double value) {
    ObjectNode dp = series.computeIfAbsent(name, n -> JSON.createArrayNode()).addObject();
    dp.put("timeUnixNano", Long.toString(nanos(t)));
    dp.put("asDouble", Math.round(value * 10_000) / 10_000.0);
  }

  private int logs(String logAnalytics, Story story) throws IOException, InterruptedException {
    Random random = new Random(7);
    Map<String, List<ObjectNode>> byService = new LinkedHashMap<>();
    int order = 48_210;
    // Each tick writes lines up to 7 s after it; none may lie in the future.
    for (Instant t = story.start;
        !t.plusSeconds(7).isAfter(story.now);
        t = t.plus(Duration.ofSeconds(15))) {
      String trace = hex(random, 16);
      // The deploy itself, with the config change that causes it all.
      if (!t.isBefore(story.deploy) && t.isBefore(story.deploy.plusSeconds(15))) {
        log(
            byService,
            "payments-api",
            story.deploy,
            "INFO",
            "starting payments-api " + BAD_VERSION + " (build 8812, previous " + GOOD_VERSION + ")",
            Map.of("version", BAD_VERSION));
        log(
            byService,
            "payments-api",
            story.deploy.plusSeconds(2),
            "INFO",
            "HikariPool-1 - configuration: maximumPoolSize=10 (was 50) connectionTimeout=5000ms",
            Map.of("version", BAD_VERSION, "config.db.pool.max_size", "10"));
      }
      order++;
      String orderId = "ord-" + order;
      double payBad = story.badness(t, 0);
      double checkoutBad = story.badness(t, 1);
      double frontBad = story.badness(t, 2);
      int ms = 20 + random.nextInt(40);
      log(
          byService,
          "inventory",
          t,
          "INFO",
          "GET /api/stock/sku-"
              + (1000 + random.nextInt(900))
              + " 200 in "
              + (5 + random.nextInt(20))
              + "ms",
          Map.of("trace_id", trace));
      log(
          byService,
          "postgres",
          t.plusSeconds(1),
          "INFO",
          "checkpoint complete: wrote " + (200 + random.nextInt(800)) + " buffers",
          Map.of());
      if (random.nextDouble() < payBad * 0.9) {
        int waiting = 25 + random.nextInt(20);
        log(
            byService,
            "payments-api",
            t.plusSeconds(2),
            "ERROR",
            "HikariPool-1 - Connection is not available, request timed out after 5000ms"
                + " (total=10, active=10, idle=0, waiting="
                + waiting
                + ")",
            Map.of("trace_id", trace, "order_id", orderId, "version", BAD_VERSION));
        log(
            byService,
            "payments-api",
            t.plusSeconds(3),
            "ERROR",
            "charge failed for order " + orderId + ": timeout acquiring database connection",
            Map.of("trace_id", trace, "order_id", orderId, "version", BAD_VERSION));
      } else {
        log(
            byService,
            "payments-api",
            t.plusSeconds(2),
            "INFO",
            "charge ok for order " + orderId + " in " + ms + "ms",
            Map.of("trace_id", trace, "order_id", orderId));
      }
      if (random.nextDouble() < checkoutBad * 0.8) {
        log(
            byService,
            "checkout",
            t.plusSeconds(5),
            "ERROR",
            "POST http://payments-api/charge failed: 504 Gateway Timeout after 3000ms (order "
                + orderId
                + ")",
            Map.of("trace_id", trace, "order_id", orderId, "upstream", "payments-api"));
      } else {
        log(
            byService,
            "checkout",
            t.plusSeconds(3),
            "INFO",
            "order " + orderId + " placed in " + (ms + 30) + "ms",
            Map.of("trace_id", trace, "order_id", orderId));
      }
      if (random.nextDouble() < frontBad * 0.7) {
        log(
            byService,
            "frontend",
            t.plusSeconds(6),
            "ERROR",
            "POST /api/checkout 502 upstream checkout failed in "
                + (3000 + random.nextInt(400))
                + "ms",
            Map.of("trace_id", trace, "upstream", "checkout"));
      } else {
        log(
            byService,
            "frontend",
            t.plusSeconds(4),
            "INFO",
            "POST /api/checkout 200 in " + (ms + 60) + "ms",
            Map.of("trace_id", trace));
      }
      if (frontBad > 0 && random.nextDouble() < 0.3) {
        log(
            byService,
            "frontend",
            t.plusSeconds(7),
            "WARN",
            "checkout latency p99 above SLO (300ms): " + (2900 + random.nextInt(600)) + "ms",
            Map.of());
      }
    }
    int sent = 0;
    for (var e : byService.entrySet()) {
      List<ObjectNode> records = e.getValue();
      for (int from = 0; from < records.size(); from += BATCH) {
        List<ObjectNode> batch = records.subList(from, Math.min(records.size(), from + BATCH));
        ObjectNode body = JSON.createObjectNode();
        ObjectNode rl = body.putArray("resourceLogs").addObject();
        rl.putObject("resource").set("attributes", attributes(Map.of("service.name", e.getKey())));
        ArrayNode logRecords = rl.putArray("scopeLogs").addObject().putArray("logRecords");
        batch.forEach(logRecords::add);
        send("POST", logAnalytics + "/v1/logs", "application/json", bytes(body));
        sent += batch.size();
      }
    }
    return sent;
  }

  private static void log(
      Map<String, List<ObjectNode>> byService,
      String service,
      Instant t,
      String level,
      String message,
      Map<String, String> attrs) {
    ObjectNode r = JSON.createObjectNode();
    r.put("timeUnixNano", Long.toString(nanos(t)));
    r.put("severityText", level);
    r.put(
        "severityNumber",
        switch (level) {
          case "ERROR" -> 17;
          case "WARN" -> 13;
          default -> 9;
        });
    r.putObject("body").put("stringValue", message);
    if (!attrs.isEmpty()) {
      r.set("attributes", attributes(attrs));
    }
    byService.computeIfAbsent(service, s -> new ArrayList<>()).add(r);
  }

  private void alert(String orchestration, Story story) throws IOException, InterruptedException {
    Instant firing = story.onset.plus(Duration.ofMinutes(5));
    ObjectNode body = JSON.createObjectNode();
    body.put("version", "4");
    body.put("status", "firing");
    body.put("receiver", "opsmcp");
    body.put("groupKey", "{}:{alertname=\"HighErrorRate\",service=\"frontend\"}");
    ObjectNode labels = JSON.createObjectNode();
    labels.put("alertname", "HighErrorRate");
    labels.put("service", "frontend");
    labels.put("severity", "critical");
    body.set("groupLabels", labels.deepCopy());
    body.set("commonLabels", labels.deepCopy());
    ObjectNode annotations = JSON.createObjectNode();
    annotations.put("summary", "frontend 5xx ratio above 5% for 5 minutes");
    annotations.put(
        "description",
        "POST /api/checkout is failing with 502s; checkout latency p99 is above 3 s.");
    body.set("commonAnnotations", annotations.deepCopy());
    ObjectNode a = body.putArray("alerts").addObject();
    a.put("status", "firing");
    a.set("labels", labels);
    a.set("annotations", annotations);
    a.put("startsAt", firing.toString());
    a.put("endsAt", "0001-01-01T00:00:00Z");
    a.put("generatorURL", "http://prometheus.example.com/graph?g0.expr=frontend_5xx_ratio");
    a.put("fingerprint", "opsmcp-demo-frontend-5xx");
    send("POST", orchestration + "/api/v1/alerts/alertmanager", "application/json", bytes(body));
  }

  private void change(String monitoring, Story story) throws IOException, InterruptedException {
    ObjectNode body = JSON.createObjectNode();
    body.put("service", "payments-api");
    body.put("kind", "deploy");
    body.put("version", BAD_VERSION);
    body.put(
        "description",
        "payments-api "
            + BAD_VERSION
            + " (from "
            + GOOD_VERSION
            + "): new charge retry logic; HikariCP pool settings moved to the service config "
            + MARKER);
    body.put("at", story.deploy.toString());
    send("POST", monitoring + "/api/v1/changes", "application/json", bytes(body));
  }

  // --- HTTP and JSON -----------------------------------------------------------------------

  private static ArrayNode attributes(Map<String, String> values) {
    ArrayNode list = JSON.createArrayNode();
    values.forEach(
        (k, v) -> {
          ObjectNode kv = list.addObject();
          kv.put("key", k);
          kv.putObject("value").put("stringValue", v);
        });
    return list;
  }

  private static long nanos(Instant t) {
    return t.getEpochSecond() * 1_000_000_000L + t.getNano();
  }

  private static String hex(Random random, int bytes) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < bytes; i++) {
      b.append(String.format("%02x", random.nextInt(256)));
    }
    return b.toString();
  }

  private static byte[] bytes(JsonNode node) throws IOException {
    return JSON.writeValueAsBytes(node);
  }

  private boolean answers(String url) throws InterruptedException {
    try {
      HttpResponse<Void> r =
          http.send(
              HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build(),
              HttpResponse.BodyHandlers.discarding());
      return r.statusCode() == 200;
    } catch (IOException e) {
      return false;
    }
  }

  /** Sends a request with the demo's key; anything but 2xx is a {@link DemoException}. */
  private String send(String method, String url, String type, byte[] body)
      throws IOException, InterruptedException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(url))
            .timeout(Duration.ofSeconds(60))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(body));
    if (type != null) {
      b.header("Content-Type", type);
    }
    if (key != null) {
      b.header("Authorization", "Bearer " + key);
    }
    HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() / 100 != 2) {
      throw new DemoException(
          method + " " + url + " answered " + r.statusCode() + ": " + abbreviate(r.body()));
    }
    String partial = partialRejection(r.body());
    if (partial != null) {
      throw new DemoException(method + " " + url + " refused part of the data: " + partial);
    }
    return r.body();
  }

  /** OTLP partial success: a rejected count above zero. */
  private static String partialRejection(String body) {
    if (!body.contains("partialSuccess")) {
      return null;
    }
    try {
      JsonNode p = JSON.readTree(body).path("partialSuccess");
      long rejected =
          p.path("rejectedLogRecords").asLong(0) + p.path("rejectedDataPoints").asLong(0);
      return rejected > 0 ? abbreviate(body) : null;
    } catch (tools.jackson.core.JacksonException e) {
      return null;
    }
  }

  private static String abbreviate(String s) {
    return s.length() > 500 ? s.substring(0, 500) + "…" : s;
  }

  /** A failure with a message for the person running the demo. */
  static final class DemoException extends RuntimeException {
    DemoException(String message) {
      super(message);
    }
  }
}
