package dev.opsmcp.monitoring.health;

import dev.opsmcp.common.auth.Scope;
import dev.opsmcp.common.db.Database;
import dev.opsmcp.common.tool.Hints;
import dev.opsmcp.common.tool.Param;
import dev.opsmcp.common.tool.TimeWindow;
import dev.opsmcp.common.tool.Tool;
import dev.opsmcp.common.tool.ToolContext;
import dev.opsmcp.common.tool.ToolFailure;
import dev.opsmcp.monitoring.catalog.Catalog;
import dev.opsmcp.monitoring.catalog.CatalogService;
import dev.opsmcp.monitoring.metrics.MetricSource;
import dev.opsmcp.monitoring.metrics.MetricSourceUnavailable;
import dev.opsmcp.monitoring.rca.AnalysisSpan;
import dev.opsmcp.monitoring.rca.LogErrorCounts;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Per service healthy, degraded, down (or unknown), with reasons: a probe of its catalog health URL
 * and its recent metrics and error logs against their baseline and its SLO.
 */
public final class VerifyHealthTool implements Tool<VerifyHealthTool.Input> {
  public record Input(
      @Param(value = "Services to check (default: every catalog service).", optional = true)
          List<String> services) {}

  public record Output(List<ServiceHealth> services, int total, boolean truncated, String next) {}

  static final int LIMIT = 50;

  private final Catalog catalog;
  private final MetricSource source;
  private final LogErrorCounts logs;
  private final HealthProbe probe;
  private final Duration timeout;

  public VerifyHealthTool(Catalog catalog, MetricSource source, Database db, Duration timeout) {
    this.catalog = catalog;
    this.source = source;
    this.logs = new LogErrorCounts(db);
    this.probe = new HealthProbe(timeout);
    this.timeout = timeout;
  }

  @Override
  public String name() {
    return "verify_health";
  }

  @Override
  public String description() {
    return "Check services now (e.g. after a fix): healthy, degraded or down with reasons: a probe"
        + " of each catalog health_url (status, latency, timeout, refused), and the last 10 min"
        + " of metrics and error logs against their baseline and the catalog SLO p99 latency.";
  }

  @Override
  public Class<Input> inputType() {
    return Input.class;
  }

  @Override
  public Set<Scope> scopes() {
    return Set.of(Scope.MONITORING_READ);
  }

  @Override
  public Hints hints() {
    return Hints.READ_ONLY;
  }

  @Override
  public Output call(ToolContext ctx, Input in) throws ToolFailure {
    return MetricSourceUnavailable.reported(() -> answer(ctx, in));
  }

  private Output answer(ToolContext ctx, Input in) throws ToolFailure {
    String tenant = ctx.caller().tenant();
    Set<String> names = new LinkedHashSet<>();
    if (in.services() == null || in.services().isEmpty()) {
      catalog.list(tenant, null).forEach(s -> names.add(s.name()));
      if (names.isEmpty()) {
        throw new ToolFailure(
            "the service catalog is empty: name services, or declare them with PUT"
                + " /api/v1/services/{name} (health_url, slo)");
      }
    } else {
      for (String s : in.services()) {
        names.add(Catalog.serviceName(s));
      }
    }
    List<String> checked = names.stream().limit(LIMIT).toList();
    Instant now = Instant.now();
    AnalysisSpan span = AnalysisSpan.of(new TimeWindow(now.minus(HealthCheck.RECENT), now));
    Map<String, double[]> errors = logs.read(tenant, span.from(), span.end(), span.step());
    List<ServiceHealth> out = new ArrayList<>();
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Optional<CatalogService>> entries = new ArrayList<>();
      List<Future<ProbeResult>> probes = new ArrayList<>();
      for (String name : checked) {
        Optional<CatalogService> entry = catalog.get(tenant, name);
        entries.add(entry);
        String url = entry.map(CatalogService::healthUrl).orElse(null);
        probes.add(url == null ? null : pool.submit(() -> probe.probe(url)));
      }
      for (int i = 0; i < checked.size(); i++) {
        ProbeResult p = probes.get(i) == null ? null : result(probes.get(i));
        out.add(
            HealthCheck.judge(
                checked.get(i), entries.get(i).orElse(null), p, source, tenant, span, errors));
      }
    }
    boolean truncated = names.size() > LIMIT;
    return new Output(
        out,
        names.size(),
        truncated,
        truncated ? "checked the first " + LIMIT + "; name the rest in services" : null);
  }

  private ProbeResult result(Future<ProbeResult> f) throws ToolFailure {
    try {
      return f.get(timeout.toMillis() * 2 + 1_000, java.util.concurrent.TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ToolFailure("interrupted while probing");
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("health probe failed unexpectedly", e);
    }
  }
}
