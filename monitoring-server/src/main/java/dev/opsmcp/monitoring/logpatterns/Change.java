package dev.opsmcp.monitoring.logpatterns;

/**
 * How a template's window count compares with its baseline count, in order of interest: at least
 * doubled and by at least {@link #MIN_DIFFERENCE} lines is spiking (halved likewise is dropping).
 */
enum Change {
  NEW,
  SPIKING,
  GONE,
  DROPPING,
  STEADY;

  static final long MIN_DIFFERENCE = 5;

  static Change of(long window, long baseline) {
    if (baseline == 0) {
      return window > 0 ? NEW : STEADY;
    }
    if (window == 0) {
      return GONE;
    }
    if (window >= 2 * baseline && window - baseline >= MIN_DIFFERENCE) {
      return SPIKING;
    }
    if (baseline >= 2 * window && baseline - window >= MIN_DIFFERENCE) {
      return DROPPING;
    }
    return STEADY;
  }

  /** Within a change kind, larger is more anomalous. */
  static double score(Change change, long window, long baseline) {
    return switch (change) {
      case NEW, STEADY -> window;
      case SPIKING -> (window + 1.0) / (baseline + 1.0);
      case GONE -> baseline;
      case DROPPING -> (baseline + 1.0) / (window + 1.0);
    };
  }
}
