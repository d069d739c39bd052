package dev.opsmcp.monitoring.metrics;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;

/**
 * Reads several services' series from a {@link MetricSource} at once, at most {@value #PARALLEL}
 * reads in flight (each holds a database connection or a Prometheus request), answers in the order
 * of the services. An analysis over every service waited for one read after another: the database
 * or Prometheus sat idle while the previous answer was decoded.
 */
public final class ServiceReads {
  static final int PARALLEL = 4;

  private ServiceReads() {}

  /**
   * {@link MetricSource#read} for each service; the first failure is thrown as the source threw it.
   */
  public static List<List<Series>> read(
      MetricSource source,
      String tenant,
      List<String> services,
      Instant from,
      Instant to,
      Duration step,
      int limit) {
    if (services.size() <= 1) {
      return services.stream().map(s -> source.read(tenant, s, from, to, step, limit)).toList();
    }
    Semaphore slots = new Semaphore(PARALLEL);
    List<Future<List<Series>>> futures = new ArrayList<>();
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (String service : services) {
        futures.add(
            pool.submit(
                () -> {
                  slots.acquire();
                  try {
                    return source.read(tenant, service, from, to, step, limit);
                  } finally {
                    slots.release();
                  }
                }));
      }
      List<List<Series>> out = new ArrayList<>(services.size());
      for (Future<List<Series>> f : futures) {
        out.add(get(f, futures));
      }
      return out;
    }
  }

  private static List<Series> get(Future<List<Series>> f, List<Future<List<Series>>> all) {
    try {
      return f.get();
    } catch (InterruptedException e) {
      all.forEach(x -> x.cancel(true));
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reading metrics", e);
    } catch (ExecutionException e) {
      all.forEach(x -> x.cancel(true));
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      if (e.getCause() instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException(e.getCause());
    }
  }
}
