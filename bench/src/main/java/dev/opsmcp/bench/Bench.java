package dev.opsmcp.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code bench/run.sh}'s Java side. {@code serve} runs, in this one JVM, the raw Jetty ceiling, the
 * bare SDK server and (with {@code --ours}) one of our servers through {@code
 * dev.opsmcp.dist.Launcher}, until killed; {@code run.sh} drives them with {@code wrk}. {@code
 * bare} serves the baseline alone; {@code load} is the older Java {@code HttpClient} load generator
 * (one platform thread per session, tops out near 8-10k calls/s: it measures itself beyond that).
 */
public final class Bench {
  static final String USAGE =
      """
      usage: Bench ports N
             Bench serve --ceiling-port P --bare-port P [--ours monitoring] [--host 127.0.0.1]
             Bench bare [--host 127.0.0.1] [--port 0]
             Bench load --bare URL --ours URL --key KEY [--bare-pid PID] [--ours-pid PID]
                        [--levels 1,16,64] [--rounds 4] [--warmup-seconds 1]
                        [--measure-seconds 3] [--initial-warmup-seconds 6]
        URL is the streamable HTTP endpoint, e.g. http://127.0.0.1:9001/mcp; with the servers'
        PIDs the table also shows each server's CPU time per call. Each round measures both
        servers, in alternating order. serve starts --ours with dev.opsmcp.dist.Launcher, which
        must be on the class path and reads its port, data dir and limits from the environment.
      """;

  private Bench() {}

  public static void main(String[] args) throws Exception {
    if (args.length == 0 || !List.of("ports", "serve", "bare", "load").contains(args[0])) {
      System.err.print(USAGE);
      System.exit(2);
    }
    if (args[0].equals("ports") && args.length == 2) {
      System.out.println(freePorts(Integer.parseInt(args[1])));
      return;
    }
    Map<String, String> options = options(Arrays.asList(args).subList(1, args.length));
    if (args[0].equals("serve")) {
      serve(options);
      return;
    }
    if (args[0].equals("bare")) {
      var jetty =
          BareServer.start(
              options.getOrDefault("--host", "127.0.0.1"),
              Integer.parseInt(options.getOrDefault("--port", "0")));
      System.out.println("bare server listening on " + jetty.getURI());
      jetty.join();
      return;
    }
    System.exit(load(options));
  }

  /**
   * Starts the ceiling, the bare server and ours in this JVM, prints a line for each, and waits
   * until killed.
   */
  private static void serve(Map<String, String> options) throws Exception {
    String host = options.getOrDefault("--host", "127.0.0.1");
    var ceiling = CeilingServer.start(host, Integer.parseInt(required(options, "--ceiling-port")));
    System.out.println("ceiling server listening on " + ceiling.getURI());
    var bare = BareServer.start(host, Integer.parseInt(required(options, "--bare-port")));
    System.out.println("bare server listening on " + bare.getURI());
    String ours = options.get("--ours");
    if (ours != null) {
      // By reflection: the bench module carries none of OpsMCP's code; run.sh puts dist's on the
      // class path. Launcher.main blocks while the server runs, so it gets its own thread; run.sh
      // waits for /health. If it fails it exits the JVM, as it would on its own.
      var launcher = Class.forName("dev.opsmcp.dist.Launcher").getMethod("main", String[].class);
      Thread.ofPlatform()
          .name("ours-" + ours)
          .start(
              () -> {
                try {
                  launcher.invoke(null, (Object) new String[] {ours});
                } catch (ReflectiveOperationException e) {
                  e.printStackTrace();
                  System.exit(1);
                }
              });
      System.out.println("ours (" + ours + ") starting");
    }
    System.out.flush();
    ceiling.join();
  }

  /** N distinct ports free now, space-separated (for servers that need a fixed port). */
  private static String freePorts(int n) throws IOException {
    List<ServerSocket> sockets = new ArrayList<>();
    try {
      for (int i = 0; i < n; i++) {
        sockets.add(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
      }
      return String.join(
          " ", sockets.stream().map(s -> Integer.toString(s.getLocalPort())).toList());
    } finally {
      for (ServerSocket s : sockets) {
        s.close();
      }
    }
  }

  private static int load(Map<String, String> options) throws Exception {
    URI bare = URI.create(required(options, "--bare"));
    URI ours = URI.create(required(options, "--ours"));
    String key = required(options, "--key");
    ProcessHandle barePid = process(options.get("--bare-pid"));
    ProcessHandle oursPid = process(options.get("--ours-pid"));
    Duration warmup = seconds(options, "--warmup-seconds", 1);
    Duration measure = seconds(options, "--measure-seconds", 3);
    int rounds = Integer.parseInt(options.getOrDefault("--rounds", "4"));
    List<Integer> levels =
        Arrays.stream(options.getOrDefault("--levels", "1,16,64").split(","))
            .map(String::trim)
            .map(Integer::parseInt)
            .toList();

    // Lets the JITs of both servers and of this load generator compile the hot paths first.
    Duration initial = seconds(options, "--initial-warmup-seconds", 6);
    System.err.printf("bare: %s, ours: %s%n", bare, ours);
    System.err.printf("warming up both servers for %d s each ...%n", initial.toSeconds());
    for (URI target : List.of(bare, ours)) {
      ClosedLoop.run(target, key, null, 1, initial.dividedBy(4), Duration.ZERO);
      ClosedLoop.run(target, key, null, 16, initial.dividedBy(4).multipliedBy(3), Duration.ZERO);
    }

    // Rounds alternate the order (bare, ours, ours, bare, ...) so that drift during the run
    // (JIT, GC, the machine's other work) does not all fall on one side.
    List<Row> rows = new ArrayList<>();
    for (int clients : levels) {
      System.err.printf(
          "%d client(s): %d rounds of %d s warm-up + %d s measured per server ...%n",
          clients, rounds, warmup.toSeconds(), measure.toSeconds());
      Measurement b = null;
      Measurement o = null;
      for (int round = 0; round < rounds; round++) {
        for (boolean bareTurn : round % 2 == 0 ? List.of(true, false) : List.of(false, true)) {
          var result =
              bareTurn
                  ? ClosedLoop.run(bare, key, barePid, clients, warmup, measure)
                  : ClosedLoop.run(ours, key, oursPid, clients, warmup, measure);
          if (bareTurn) {
            b = b == null ? result : b.merge(result);
          } else {
            o = o == null ? result : o.merge(result);
          }
        }
      }
      rows.add(new Row(b, o));
    }
    Report.print(rows, System.out);
    return Report.valid(rows) ? 0 : 1;
  }

  /** One concurrency level measured on both servers. */
  record Row(Measurement bare, Measurement ours) {
    double ratio() {
      return bare.callsPerSecond() == 0 ? 0 : ours.callsPerSecond() / bare.callsPerSecond();
    }
  }

  private static ProcessHandle process(String pid) {
    return pid == null ? null : ProcessHandle.of(Long.parseLong(pid)).orElse(null);
  }

  private static Map<String, String> options(List<String> args) {
    return options(args, USAGE);
  }

  /** {@code --name value} pairs; exits 2 printing {@code usage} on anything else. */
  static Map<String, String> options(List<String> args, String usage) {
    Map<String, String> options = new HashMap<>();
    for (int i = 0; i < args.size(); i += 2) {
      if (!args.get(i).startsWith("--") || i + 1 >= args.size()) {
        System.err.print("error: bad argument " + args.get(i) + "\n" + usage);
        System.exit(2);
      }
      options.put(args.get(i), args.get(i + 1));
    }
    return options;
  }

  private static String required(Map<String, String> options, String name) {
    return required(options, name, USAGE);
  }

  /** The option's value; exits 2 printing {@code usage} when it is missing. */
  static String required(Map<String, String> options, String name, String usage) {
    String value = options.get(name);
    if (value == null) {
      System.err.print("error: " + name + " is required\n" + usage);
      System.exit(2);
    }
    return value;
  }

  private static Duration seconds(Map<String, String> options, String name, int fallback) {
    return Duration.ofSeconds(Long.parseLong(options.getOrDefault(name, "" + fallback)));
  }
}
