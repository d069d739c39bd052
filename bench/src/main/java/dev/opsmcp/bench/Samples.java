package dev.opsmcp.bench;

import java.util.Arrays;

/** A growable array of nanosecond durations, filled by one thread. */
final class Samples {
  private long[] values = new long[1024];
  private int size;

  void add(long value) {
    if (size == values.length) {
      values = Arrays.copyOf(values, size * 2);
    }
    values[size++] = value;
  }

  long[] toArray() {
    return Arrays.copyOf(values, size);
  }
}
