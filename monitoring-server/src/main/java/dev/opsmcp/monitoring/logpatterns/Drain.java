package dev.opsmcp.monitoring.logpatterns;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Drain (He et al., ICWS 2017): log lines are masked ({@link TokenMask}), split on whitespace, and
 * routed through a fixed-depth prefix tree (token count, then the first {@link #PREFIX} tokens,
 * masked and {@code key=value} ones as a wildcard, at most {@link #MAX_CHILDREN} children per node)
 * to a leaf of candidate templates. The line joins the most similar template (similarity = share of
 * positions equal to the template's constant tokens) if that reaches {@link #SIMILARITY}, widening
 * the differing positions to {@code <*>}; otherwise it starts a template. At most {@link
 * #MAX_CLUSTERS} templates; lines past that are counted as unclustered. Not thread-safe: one per
 * query.
 */
final class Drain {
  static final int PREFIX = 2;
  static final double SIMILARITY = 0.4;
  static final int MAX_CHILDREN = 100;
  static final int MAX_CLUSTERS = 5_000;
  static final int MAX_TOKENS = 200;

  private static final class Node {
    final Map<String, Node> children = new HashMap<>();
    final List<LogCluster> clusters = new ArrayList<>();
  }

  private final Map<Integer, Node> byLength = new HashMap<>();
  private final List<LogCluster> clusters = new ArrayList<>();
  private long unclustered;

  /** Mines one line; returns its template, or null when the template cap was reached. */
  LogCluster add(String message, Instant ts, int severity, boolean inWindow) {
    String[] tokens = tokens(message);
    Node leaf = leaf(tokens);
    LogCluster best = null;
    double bestSim = -1;
    int bestParams = -1;
    for (LogCluster c : leaf.clusters) {
      int equal = 0;
      int params = 0;
      for (int i = 0; i < tokens.length; i++) {
        if (c.tokens[i].equals(LogCluster.WILDCARD)) {
          params++;
        } else if (c.tokens[i].equals(tokens[i])) {
          equal++;
        }
      }
      double sim = tokens.length == 0 ? 1 : (double) equal / tokens.length;
      if (sim > bestSim || (sim == bestSim && params > bestParams)) {
        best = c;
        bestSim = sim;
        bestParams = params;
      }
    }
    if (best != null && bestSim >= SIMILARITY) {
      best.merge(tokens);
    } else if (clusters.size() < MAX_CLUSTERS) {
      best = new LogCluster(tokens);
      leaf.clusters.add(best);
      clusters.add(best);
    } else {
      unclustered++;
      return null;
    }
    best.add(message, ts, severity, inWindow);
    return best;
  }

  Collection<LogCluster> clusters() {
    return clusters;
  }

  long unclustered() {
    return unclustered;
  }

  static String[] tokens(String message) {
    List<String> out = new ArrayList<>();
    int n = message.length();
    int i = 0;
    while (i < n && out.size() < MAX_TOKENS) {
      while (i < n && Character.isWhitespace(message.charAt(i))) {
        i++;
      }
      int start = i;
      while (i < n && !Character.isWhitespace(message.charAt(i))) {
        i++;
      }
      if (i > start) {
        out.add(TokenMask.mask(message.substring(start, i)));
      }
    }
    return out.toArray(String[]::new);
  }

  private Node leaf(String[] tokens) {
    Node node = byLength.computeIfAbsent(tokens.length, k -> new Node());
    for (int depth = 0; depth < PREFIX && depth < tokens.length; depth++) {
      String t = tokens[depth];
      String key = t.indexOf('<') >= 0 || t.indexOf('=') >= 0 ? LogCluster.WILDCARD : t;
      Node child = node.children.get(key);
      if (child == null) {
        if (node.children.size() < MAX_CHILDREN) {
          child = new Node();
          node.children.put(key, child);
        } else {
          child = node.children.computeIfAbsent(LogCluster.WILDCARD, k -> new Node());
        }
      }
      node = child;
    }
    return node;
  }
}
