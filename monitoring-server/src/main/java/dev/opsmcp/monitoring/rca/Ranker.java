package dev.opsmcp.monitoring.rca;

import dev.opsmcp.monitoring.catalog.ChangeEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Ranks anomalous services as root-cause candidates (formulas in the module README). Knows no
 * metric or service names: only onsets, z-scores, dependency edges and changes.
 */
final class Ranker {
  static final Duration CHANGE_LEAD = Duration.ofMinutes(30);
  static final double VICTIM_FACTOR = 0.25;
  static final double OFF_PATH_FACTOR = 0.1;
  static final int MAX_CANDIDATES = 5;

  /**
   * Past this, a departure is plainly real: louder is not more causal (victims are often louder).
   */
  static final double Z_CAP = 20;

  static final int MAX_EVIDENCE = 6;

  private record Scored(
      String service,
      double score,
      boolean root,
      List<String> victims,
      List<String> blockers,
      ChangeEvent change,
      boolean offPath) {}

  private Ranker() {}

  /**
   * @param edges depends_on per service from the catalog; empty = infer from onset order
   * @param symptoms services the question is about (may be empty: the whole tenant)
   */
  static List<Candidate> rank(
      List<ServiceSignals> signals,
      Map<String, List<String>> edges,
      List<ChangeEvent> changes,
      Set<String> symptoms,
      Duration step) {
    Map<String, ServiceSignals> anomalous = new LinkedHashMap<>();
    signals.stream().filter(ServiceSignals::anomalous).forEach(s -> anomalous.put(s.service(), s));
    boolean inferred = edges.isEmpty();
    Duration tolerance = step.multipliedBy(2);
    Map<String, Set<String>> reach = new HashMap<>();
    for (String s : anomalous.keySet()) {
      reach.put(s, reachable(edges, s));
    }
    Set<String> onPath = new HashSet<>();
    for (String symptom : symptoms) {
      onPath.add(symptom);
      onPath.addAll(reachable(edges, symptom));
    }
    List<Scored> scored = new ArrayList<>();
    for (ServiceSignals s : anomalous.values()) {
      Instant onset = s.onset();
      List<String> victims = new ArrayList<>();
      List<String> blockers = new ArrayList<>();
      for (ServiceSignals o : anomalous.values()) {
        if (o == s) {
          continue;
        }
        Instant other = o.onset();
        if (inferred) {
          if (other.isBefore(onset.minus(step))) {
            blockers.add(o.service());
          } else if (!other.isBefore(onset)) {
            victims.add(o.service());
          }
        } else {
          if (reach.get(s.service()).contains(o.service())
              && !other.isAfter(onset.plus(tolerance))) {
            blockers.add(o.service());
          }
          if (reach.get(o.service()).contains(s.service())
              && !other.isBefore(onset.minus(tolerance))) {
            victims.add(o.service());
          }
        }
      }
      ChangeEvent change = changeBefore(changes, s.service(), onset, step);
      double changeBonus =
          change == null
              ? 1
              : 1
                  + 0.5
                      * (1
                          - Math.max(0, Duration.between(change.at().toInstant(), onset).toMillis())
                              / (double) CHANGE_LEAD.toMillis());
      boolean offPath = !inferred && !symptoms.isEmpty() && !onPath.contains(s.service());
      boolean root = blockers.isEmpty();
      double score =
          Math.log1p(Math.min(s.maxZ(), Z_CAP))
              * (1 + victims.size())
              * changeBonus
              * (offPath ? OFF_PATH_FACTOR : 1)
              * (root ? 1 : VICTIM_FACTOR);
      scored.add(new Scored(s.service(), score, root, victims, blockers, change, offPath));
    }
    scored.sort(Comparator.comparing((Scored x) -> !x.root()).thenComparing(x -> -x.score()));
    double total = scored.stream().mapToDouble(Scored::score).sum();
    List<Candidate> out = new ArrayList<>();
    for (Scored x : scored.subList(0, Math.min(MAX_CANDIDATES, scored.size()))) {
      ServiceSignals s = anomalous.get(x.service());
      out.add(
          new Candidate(
              x.service(),
              Math.round(100 * x.score() / total) / 100.0,
              summary(s, x, inferred),
              evidence(s, x, edges, symptoms)));
    }
    return out;
  }

  private static ChangeEvent changeBefore(
      List<ChangeEvent> changes, String service, Instant onset, Duration step) {
    ChangeEvent best = null;
    for (ChangeEvent c : changes) {
      Instant at = c.at().toInstant();
      // the onset is dated to the start of its step: a change inside that step came before it
      if (c.service().equals(service)
          && !at.isBefore(onset.minus(CHANGE_LEAD))
          && at.isBefore(onset.plus(step))
          && (best == null || at.isAfter(best.at().toInstant()))) {
        best = c;
      }
    }
    return best;
  }

  private static String summary(ServiceSignals s, Scored x, boolean inferred) {
    SeriesDeparture top =
        s.departed().stream().max(Comparator.comparingDouble(d -> Math.abs(d.z()))).orElseThrow();
    StringBuilder b = new StringBuilder();
    b.append(s.service())
        .append(" departed from its baseline at ")
        .append(s.onset())
        .append(" (")
        .append(top.metric())
        .append(" z=")
        .append(Departure.text(top.z()))
        .append(")");
    if (!x.victims().isEmpty()) {
      b.append(inferred ? "; before " : "; upstream of ")
          .append(x.victims().size())
          .append(" anomalous service(s) that departed later: ")
          .append(String.join(", ", x.victims()));
    }
    if (!x.blockers().isEmpty()) {
      b.append(inferred ? "; but " : "; likely a victim: it depends on ")
          .append(String.join(", ", x.blockers()))
          .append(inferred ? " departed earlier" : ", which departed no later");
    }
    if (x.change() != null) {
      b.append("; ")
          .append(x.change().kind())
          .append(x.change().version() == null ? "" : " " + x.change().version())
          .append(" at ")
          .append(x.change().at().toInstant())
          .append(" shortly before the onset");
    }
    if (x.offPath()) {
      b.append("; not on the dependency path of the symptom");
    }
    return b.toString();
  }

  private static List<Evidence> evidence(
      ServiceSignals s, Scored x, Map<String, List<String>> edges, Set<String> symptoms) {
    List<Evidence> ev = new ArrayList<>();
    if (x.change() != null) {
      ChangeEvent c = x.change();
      ev.add(
          new Evidence(
              "change",
              c.kind()
                  + (c.version() == null ? "" : " " + c.version())
                  + (c.description() == null ? "" : ": " + c.description()),
              null,
              null,
              c.at().toInstant(),
              null,
              null));
    }
    s.departed().stream()
        .sorted(Comparator.comparing(SeriesDeparture::onset).thenComparing(d -> -Math.abs(d.z())))
        .limit(MAX_EVIDENCE - 2)
        .forEach(
            d ->
                ev.add(
                    new Evidence(
                        d.metric().equals(RootCauseAnalysis.LOG_ERRORS) ? "logs" : "metric",
                        (d.z() < 0 ? "went down" : "went up")
                            + " from a baseline median of "
                            + String.format(java.util.Locale.ROOT, "%.4g", d.baseline()),
                        d.metric(),
                        d.labels(),
                        d.onset(),
                        Departure.shown(d.z()),
                        null)));
    for (String symptom : symptoms) {
      List<String> path = path(edges, symptom, s.service());
      if (path != null && path.size() > 1) {
        ev.add(new Evidence("dependency", String.join(" → ", path), null, null, null, null, path));
        break;
      }
    }
    return ev;
  }

  /** Services reachable from {@code from} along depends_on edges (not itself). */
  static Set<String> reachable(Map<String, List<String>> edges, String from) {
    Set<String> seen = new HashSet<>();
    ArrayDeque<String> queue = new ArrayDeque<>(edges.getOrDefault(from, List.of()));
    while (!queue.isEmpty()) {
      String next = queue.poll();
      if (!next.equals(from) && seen.add(next)) {
        queue.addAll(edges.getOrDefault(next, List.of()));
      }
    }
    return seen;
  }

  /** Shortest depends_on path from {@code from} to {@code to}, or null. */
  static List<String> path(Map<String, List<String>> edges, String from, String to) {
    Map<String, String> parent = new HashMap<>();
    ArrayDeque<String> queue = new ArrayDeque<>(List.of(from));
    parent.put(from, null);
    while (!queue.isEmpty()) {
      String cur = queue.poll();
      if (cur.equals(to)) {
        List<String> path = new ArrayList<>();
        for (String p = to; p != null; p = parent.get(p)) {
          path.add(0, p);
        }
        return path;
      }
      for (String next : edges.getOrDefault(cur, List.of())) {
        if (!parent.containsKey(next)) {
          parent.put(next, cur);
          queue.add(next);
        }
      }
    }
    return null;
  }
}
