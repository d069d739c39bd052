package dev.opsmcp.monitoring.rca;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/** A service's departing series (and chronically noisy ones), from all its metrics and logs. */
record ServiceSignals(String service, List<SeriesDeparture> series, int seriesChecked) {
  List<SeriesDeparture> departed() {
    return series.stream().filter(s -> !s.chronic()).toList();
  }

  boolean anomalous() {
    return !departed().isEmpty();
  }

  /** Earliest onset of its departing series. */
  Instant onset() {
    return departed().stream()
        .map(SeriesDeparture::onset)
        .min(Comparator.naturalOrder())
        .orElse(null);
  }

  double maxZ() {
    return departed().stream().mapToDouble(s -> Math.abs(s.z())).max().orElse(0);
  }
}
