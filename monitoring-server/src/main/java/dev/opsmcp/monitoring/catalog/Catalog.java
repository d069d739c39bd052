package dev.opsmcp.monitoring.catalog;

import dev.opsmcp.common.db.Database;
import dev.opsmcp.common.db.UniqueViolation;
import dev.opsmcp.common.tool.Echo;
import dev.opsmcp.common.tool.Json;
import dev.opsmcp.common.tool.ToolFailure;
import java.net.URI;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Update;
import tools.jackson.core.type.TypeReference;

/**
 * The tenant's service catalog: declared services with team, dependencies, health URL, SLO and
 * runbook, plus services only seen in telemetry. Validates what it stores. Thread-safe.
 */
public final class Catalog {
  static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:@-]{0,199}");
  private static final int MAX_DEPENDENCIES = 100;

  private final Database db;

  public Catalog(Database db) {
    this.db = db;
  }

  /**
   * Creates or replaces {@code service} (source {@code api} or {@code file}): an update of the row,
   * or an insert when there is none. Two puts of one new name at once both find nothing to update,
   * and the second insert fails on the key; it is tried again and updates the first (the last put
   * wins, as it would one after the other).
   */
  public CatalogService put(String tenant, CatalogService service) throws ToolFailure {
    CatalogService valid = validate(service);
    for (int attempt = 1; ; attempt++) {
      try {
        db.jdbi().useTransaction(h -> replace(h, tenant, valid));
        return valid;
      } catch (RuntimeException e) {
        if (attempt >= 3 || !UniqueViolation.causedBy(e)) {
          throw e;
        }
      }
    }
  }

  private static void replace(Handle h, String tenant, CatalogService valid) {
    int updated =
        bind(
                h.createUpdate(
                    """
                    UPDATE catalog_service SET team = :team, depends_on = :deps,
                      health_url = :health, slo = :slo, runbook_url = :runbook,
                      source = :source, updated_at = :now
                    WHERE tenant_id = :t AND name = :n
                    """),
                tenant,
                valid)
            .execute();
    if (updated == 0) {
      bind(
              h.createUpdate(
                  """
                  INSERT INTO catalog_service (tenant_id, name, team, depends_on, health_url,
                    slo, runbook_url, source, updated_at)
                  VALUES (:t, :n, :team, :deps, :health, :slo, :runbook, :source, :now)
                  """),
              tenant,
              valid)
          .execute();
    }
  }

  private static Update bind(Update update, String tenant, CatalogService valid) {
    return update
        .bind("t", tenant)
        .bind("n", valid.name())
        .bind("team", valid.team())
        .bind("deps", Json.write(valid.dependsOn()))
        .bind("health", valid.healthUrl())
        .bind("slo", valid.slo() == null ? null : Json.write(valid.slo()))
        .bind("runbook", valid.runbookUrl())
        .bind("source", valid.source())
        .bind("now", OffsetDateTime.now(ZoneOffset.UTC));
  }

  public Optional<CatalogService> get(String tenant, String name) {
    return db.jdbi().withHandle(h -> query(h, tenant, name, null)).stream().findFirst();
  }

  /** All services of the tenant (of {@code team} when not null), by name. */
  public List<CatalogService> list(String tenant, String team) {
    return db.jdbi().withHandle(h -> query(h, tenant, null, team));
  }

  public boolean delete(String tenant, String name) {
    return db.jdbi()
            .withHandle(
                h ->
                    h.createUpdate("DELETE FROM catalog_service WHERE tenant_id = :t AND name = :n")
                        .bind("t", tenant)
                        .bind("n", name)
                        .execute())
        > 0;
  }

  /** Dependencies by service: only services declared with at least one edge. */
  public Map<String, List<String>> edges(String tenant) {
    Map<String, List<String>> edges = new java.util.TreeMap<>();
    for (CatalogService s : list(tenant, null)) {
      if (!s.dependsOn().isEmpty()) {
        edges.put(s.name(), s.dependsOn());
      }
    }
    return edges;
  }

  private static List<CatalogService> query(Handle h, String tenant, String name, String team) {
    return h.createQuery(
            """
            SELECT name, team, depends_on, health_url, slo, runbook_url, source
            FROM catalog_service
            WHERE tenant_id = :t AND (CAST(:n AS TEXT) IS NULL OR name = :n)
              AND (CAST(:team AS TEXT) IS NULL OR team = :team)
            ORDER BY name LIMIT 1000
            """)
        .bind("t", tenant)
        .bind("n", name)
        .bind("team", team)
        .map(
            (rs, ctx) ->
                new CatalogService(
                    rs.getString("name"),
                    rs.getString("team"),
                    Json.MAPPER.readValue(
                        rs.getString("depends_on"), new TypeReference<List<String>>() {}),
                    rs.getString("health_url"),
                    rs.getString("slo") == null
                        ? null
                        : Json.MAPPER.readValue(rs.getString("slo"), Slo.class),
                    rs.getString("runbook_url"),
                    rs.getString("source")))
        .list();
  }

  /** {@code name} if it is a valid service name; a failure saying what to send otherwise. */
  public static String serviceName(String name) throws ToolFailure {
    return name("service", name);
  }

  static String name(String what, String name) throws ToolFailure {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new ToolFailure(
          what
              + " "
              + Echo.of(name)
              + " is not a valid service name: 1-200 characters, letters, digits and . _ : @ -,"
              + " starting with a letter or digit (use the service.name your telemetry sends)");
    }
    return name;
  }

  static CatalogService validate(CatalogService s) throws ToolFailure {
    name("service", s.name());
    LinkedHashSet<String> deps = new LinkedHashSet<>();
    for (String d : s.dependsOn()) {
      name("depends_on entry", d);
      if (d.equals(s.name())) {
        throw new ToolFailure("depends_on names the service itself; list the services it calls");
      }
      deps.add(d);
    }
    if (deps.size() > MAX_DEPENDENCIES) {
      throw new ToolFailure("depends_on has over " + MAX_DEPENDENCIES + " services");
    }
    url("health_url", s.healthUrl());
    url("runbook_url", s.runbookUrl());
    if (s.slo() != null) {
      Double a = s.slo().availability();
      if (a != null && (a <= 0 || a >= 1)) {
        throw new ToolFailure("slo.availability must be between 0 and 1, like 0.999");
      }
      Double l = s.slo().latencyP99Ms();
      if (l != null && l <= 0) {
        throw new ToolFailure("slo.latency_p99_ms must be a positive number of milliseconds");
      }
    }
    if (s.team() != null && (s.team().isBlank() || s.team().length() > 200)) {
      throw new ToolFailure("team must be 1-200 characters");
    }
    return new CatalogService(
        s.name(),
        s.team(),
        new ArrayList<>(deps),
        s.healthUrl(),
        s.slo(),
        s.runbookUrl(),
        s.source());
  }

  private static void url(String field, String url) throws ToolFailure {
    if (url == null) {
      return;
    }
    try {
      URI uri = new URI(url);
      if ((uri.getScheme() == null
              || !(uri.getScheme().equals("http") || uri.getScheme().equals("https")))
          || uri.getHost() == null
          || url.length() > 2000) {
        throw new ToolFailure(
            field + " must be an absolute http(s) URL, like http://10.0.0.5:8080/health");
      }
    } catch (java.net.URISyntaxException e) {
      throw new ToolFailure(field + " is not a valid URL: " + e.getMessage());
    }
  }
}
