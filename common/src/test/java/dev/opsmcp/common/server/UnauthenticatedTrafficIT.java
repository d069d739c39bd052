package dev.opsmcp.common.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsmcp.common.db.Database;
import dev.opsmcp.common.testing.Http;
import dev.opsmcp.common.testing.NotesServer;
import dev.opsmcp.common.testing.TestDatabases;
import dev.opsmcp.common.testing.TestServer;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Requests without a valid credential cost a bounded amount: audit rows, lookups, metrics. */
class UnauthenticatedTrafficIT {
  static final String BOGUS = "opsmcp_" + "x".repeat(40);

  static int auditRows(Database db, String outcomeLike) {
    return db.jdbi()
        .withHandle(
            h ->
                h.createQuery(
                        "SELECT count(*) FROM audit_event WHERE action = 'auth'"
                            + " AND outcome LIKE :o")
                    .bind("o", outcomeLike)
                    .mapTo(Integer.class)
                    .one());
  }

  @Test
  void authFailures_areLimitedPerAddress_andAuditedInAggregate() throws Exception {
    Database db = TestDatabases.fresh();
    try {
      try (TestServer server =
          TestServer.start(
              NotesServer.SPEC,
              Map.of("OPSMCP_AUTH_FAILURES_PER_MINUTE", "5", "OPSMCP_AUTH_CACHE_SECONDS", "60"),
              db,
              false)) {
        String valid = server.newKey("acme");
        String longPath = server.baseUrl() + "/mcp/" + "a".repeat(7000);
        assertThat(
                Http.postJson(
                        server.baseUrl() + "/mcp",
                        Http.INITIALIZE,
                        "Authorization",
                        "Bearer " + valid)
                    .statusCode())
            .isEqualTo(200);

        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
          String key = BOGUS.substring(0, 10) + UUID.randomUUID().toString().replace("-", "");
          // GETs: a body the server does not read can make it close a kept-alive connection
          statuses.add(Http.get(longPath, "Authorization", "Bearer " + key).statusCode());
        }
        HttpResponse<String> limited = Http.get(longPath, "Authorization", "Bearer " + BOGUS);

        assertThat(statuses.subList(0, 5)).containsOnly(401);
        assertThat(statuses.subList(5, 40)).containsOnly(429);
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("Retry-After")).isPresent();
        // the first failure is a row of its own, the rest go into a summary a minute
        assertThat(auditRows(db, "rejected_invalid")).isEqualTo(1);
        assertThat(auditRows(db, "rejected%")).isLessThanOrEqualTo(2);
        int longest =
            db.jdbi()
                .withHandle(
                    h ->
                        h.createQuery(
                                "SELECT max(length(target)) FROM audit_event WHERE action = 'auth'")
                            .mapTo(Integer.class)
                            .one());
        assertThat(longest).isLessThanOrEqualTo(300);
        // a key verified before the flood keeps working from the same address
        assertThat(
                Http.postJson(
                        server.baseUrl() + "/mcp",
                        Http.INITIALIZE,
                        "Authorization",
                        "Bearer " + valid)
                    .statusCode())
            .isEqualTo(200);
      }
      // what was not itemised is summarised, at the latest when the server stops
      List<String> summaries =
          db.jdbi()
              .withHandle(
                  h ->
                      h.createQuery(
                              "SELECT detail FROM audit_event WHERE outcome = 'rejected_summary'")
                          .mapTo(String.class)
                          .list());
      assertThat(summaries).isNotEmpty().allMatch(d -> d.contains("127.0.0.1"));
      assertThat(summaries.stream().mapToInt(d -> Integer.parseInt(d.split(" ")[0])).sum())
          .isEqualTo(40);
    } finally {
      db.close();
    }
  }

  @Test
  void metrics_labelKnownRoutesOnly_everythingElseIsOther() throws Exception {
    try (TestServer server = TestServer.start(NotesServer.SPEC)) {
      for (int i = 0; i < 20; i++) {
        Http.get(server.baseUrl() + "/probe-" + UUID.randomUUID());
        Http.get(server.baseUrl() + "/probe-" + i + "/deeper");
      }
      Http.get(server.baseUrl() + "/health");
      String metrics = Http.get(server.baseUrl() + "/metrics").body();

      Matcher m =
          Pattern.compile("opsmcp_http_requests_seconds_count\\{[^}]*route=\"([^\"]*)\"")
              .matcher(metrics);
      List<String> routes = new ArrayList<>();
      while (m.find()) {
        routes.add(m.group(1));
      }
      assertThat(routes).contains("other", "/health").noneMatch(r -> r.contains("probe"));
    }
  }
}
