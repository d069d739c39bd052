package dev.opsmcp.monitoring.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.opsmcp.common.db.Database;
import dev.opsmcp.common.testing.TestDatabases;
import dev.opsmcp.monitoring.MonitoringFixture;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * OPSMCP_CATALOG_FILE (YAML or JSON) loaded at start by a real server; read back through
 * list_services with a real MCP client; a second start with an edited file; a bad file.
 */
class CatalogFileIT {
  @SuppressWarnings("unchecked")
  static Map<String, Map<String, Object>> services(MonitoringFixture mon, String tenant) {
    Map<String, Object> r = mon.client(mon.key(tenant)).call("list_services", Map.of());
    Map<String, Map<String, Object>> out = new HashMap<>();
    for (var s : (List<Map<String, Object>>) r.get("services")) {
      out.put((String) s.get("name"), s);
    }
    return out;
  }

  @Test
  void yamlThenJson_loadedAtStart_fileIsTheTruthForItsOwnEntries() throws Exception {
    Path dir = TestDatabases.tempDir();
    Path yaml = dir.resolve("catalog.yaml");
    Files.writeString(
        yaml,
        """
        tenant: shop
        services:
          - name: checkout
            team: payments
            depends_on: [payments-api, postgres]
            health_url: http://127.0.0.1:8080/health
            slo: {availability: 0.999, latency_p99_ms: 300}
            runbook_url: https://wiki.example/checkout
          - name: postgres
            team: data
        """);
    try (Database db = TestDatabases.fresh()) {
      try (MonitoringFixture mon =
          MonitoringFixture.start(Map.of("OPSMCP_CATALOG_FILE", yaml.toString()), db, false)) {
        var s = services(mon, "shop");
        assertThat(s).containsOnlyKeys("checkout", "postgres");
        assertThat(s.get("checkout"))
            .containsEntry("team", "payments")
            .containsEntry("depends_on", List.of("payments-api", "postgres"))
            .containsEntry("health_url", "http://127.0.0.1:8080/health")
            .containsEntry("source", "file")
            .containsEntry("slo", Map.of("availability", 0.999, "latency_p99_ms", 300.0));
        assertThat(services(mon, "other")).isEmpty();
        var r =
            mon.send(
                "PUT",
                "/api/v1/services/search",
                mon.key("shop"),
                "application/json",
                "{\"team\":\"web\"}".getBytes(StandardCharsets.UTF_8));
        assertThat(r.statusCode()).isEqualTo(200);
      }

      Path json = dir.resolve("catalog.json");
      Files.writeString(
          json,
          "{\"tenant\":\"shop\",\"services\":[{\"name\":\"postgres\",\"team\":\"platform\"}]}");
      try (MonitoringFixture mon =
          MonitoringFixture.start(Map.of("OPSMCP_CATALOG_FILE", json.toString()), db, false)) {
        var s = services(mon, "shop");
        assertThat(s)
            .as("checkout left the file; search came from the API")
            .containsOnlyKeys("postgres", "search");
        assertThat(s.get("postgres")).containsEntry("team", "platform");
        assertThat(s.get("search")).containsEntry("source", "api");
      }

      Path bad = dir.resolve("bad.yaml");
      Files.writeString(
          bad,
          """
          tenant: shop
          services:
            - name: fine
            - name: broken
              health_url: ftp://somewhere/health
          """);
      assertThatThrownBy(
              () ->
                  MonitoringFixture.start(Map.of("OPSMCP_CATALOG_FILE", bad.toString()), db, false))
          .hasStackTraceContaining("OPSMCP_CATALOG_FILE")
          .hasStackTraceContaining("service broken")
          .hasStackTraceContaining("health_url");
      Files.writeString(bad, "services:\n  - name: x\n    colour: blue\n");
      assertThatThrownBy(
              () ->
                  MonitoringFixture.start(Map.of("OPSMCP_CATALOG_FILE", bad.toString()), db, false))
          .hasStackTraceContaining("OPSMCP_CATALOG_FILE")
          .hasStackTraceContaining("colour");
      try (MonitoringFixture mon = MonitoringFixture.start(Map.of(), db, false)) {
        assertThat(services(mon, "shop"))
            .as("a refused file changed nothing")
            .containsOnlyKeys("postgres", "search");
      }
    }
  }
}
