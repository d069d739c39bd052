package dev.opsmcp.bench;

import java.util.Arrays;

/**
 * What measured windows against one server gave: every counted call's latency (ns, sorted), the
 * failed calls, the measured time, and the CPU time the server process used meanwhile (-1 when
 * unknown).
 */
record Measurement(
    int clients, long[] latencies, long errors, double seconds, long serverCpuNanos) {
  Measurement merge(Measurement other) {
    long[] all = Arrays.copyOf(latencies, latencies.length + other.latencies.length);
    System.arraycopy(other.latencies, 0, all, latencies.length, other.latencies.length);
    Arrays.sort(all);
    long cpu =
        serverCpuNanos < 0 || other.serverCpuNanos < 0 ? -1 : serverCpuNanos + other.serverCpuNanos;
    return new Measurement(clients, all, errors + other.errors, seconds + other.seconds, cpu);
  }

  double callsPerSecond() {
    return seconds == 0 ? 0 : latencies.length / seconds;
  }

  /** Server CPU per counted call in microseconds, or NaN when unknown. */
  double serverCpuMicrosPerCall() {
    return serverCpuNanos < 0 || latencies.length == 0
        ? Double.NaN
        : serverCpuNanos / 1e3 / latencies.length;
  }

  double p50Millis() {
    return percentile(0.50) / 1e6;
  }

  double p99Millis() {
    return percentile(0.99) / 1e6;
  }

  /** Nearest-rank percentile of the sorted latencies, in ns. */
  long percentile(double p) {
    if (latencies.length == 0) {
      return 0;
    }
    int index = (int) Math.ceil(p * latencies.length) - 1;
    return latencies[Math.max(0, Math.min(latencies.length - 1, index))];
  }
}
