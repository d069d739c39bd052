package dev.opsmcp.common.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Typed access to environment variables. A bad value throws {@link ConfigException} naming the
 * variable, so a misconfigured server stops at start with a message a person can act on. Immutable
 * and thread-safe.
 */
public final class Env {
  private final Map<String, String> vars;

  public Env(Map<String, String> vars) {
    this.vars = Map.copyOf(vars);
  }

  public static Env system() {
    return new Env(System.getenv());
  }

  /** A copy with some variables set (tests and the one-JVM launcher use this). */
  public Env with(Map<String, String> overrides) {
    var merged = new java.util.HashMap<>(vars);
    merged.putAll(overrides);
    return new Env(merged);
  }

  public Optional<String> get(String name) {
    String value = vars.get(name);
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
  }

  public String get(String name, String fallback) {
    return get(name).orElse(fallback);
  }

  public int integer(String name, int fallback, int min, int max) {
    Optional<String> raw = get(name);
    if (raw.isEmpty()) {
      return fallback;
    }
    try {
      int value = Integer.parseInt(raw.get());
      if (value < min || value > max) {
        throw new ConfigException(
            name + "=" + raw.get() + " is out of range: use a number from " + min + " to " + max);
      }
      return value;
    } catch (NumberFormatException e) {
      throw new ConfigException(name + "=" + raw.get() + " is not a whole number");
    }
  }

  /** {@code true} or {@code false} (any case); a message naming the variable on anything else. */
  public boolean bool(String name, boolean fallback) {
    Optional<String> raw = get(name);
    if (raw.isEmpty()) {
      return fallback;
    }
    return switch (raw.get().strip().toLowerCase(java.util.Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new ConfigException(name + "=" + raw.get() + " must be true or false");
    };
  }

  public Duration seconds(String name, Duration fallback) {
    int value = integer(name, (int) fallback.toSeconds(), 1, 7 * 24 * 3600);
    return Duration.ofSeconds(value);
  }

  public Path path(String name, String fallback) {
    return Path.of(get(name, fallback)).toAbsolutePath().normalize();
  }

  public List<String> list(String name) {
    return get(name)
        .map(v -> Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList())
        .orElse(List.of());
  }
}
