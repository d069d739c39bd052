package dev.opsmcp.messaging;

import dev.opsmcp.common.config.Env;
import dev.opsmcp.common.config.ServerConfig;
import java.time.Duration;

/** The messaging server's own settings, from the environment. */
public record MessagingSettings(
    Duration defaultWait,
    Duration maxWait,
    Duration progressInterval,
    Duration questionTtl,
    Duration approvalTtl,
    int maxContentChars) {

  public static MessagingSettings fromEnv(Env env) {
    // Stateless HTTP sends no progress to keep a client's request timer from running out, so a
    // wait ends (pending) within the 60 s many clients allow a request.
    Duration max =
        env.seconds(
            "OPSMCP_MESSAGING_MAX_WAIT_SECONDS",
            ServerConfig.statelessHttp(env) ? Duration.ofSeconds(50) : Duration.ofMinutes(10));
    return new MessagingSettings(
        Duration.ofSeconds(Math.min(50, max.toSeconds())),
        max,
        env.seconds("OPSMCP_MESSAGING_PROGRESS_SECONDS", Duration.ofSeconds(5)),
        env.seconds("OPSMCP_QUESTION_TTL_SECONDS", Duration.ofHours(24)),
        env.seconds("OPSMCP_APPROVAL_TTL_SECONDS", Duration.ofHours(1)),
        env.integer("OPSMCP_MESSAGE_MAX_CHARS", 16_000, 100, 1_000_000));
  }

  /** The wait a caller asked for, defaulted and capped. */
  public Duration waitFor(Integer seconds) {
    if (seconds == null) {
      return defaultWait;
    }
    Duration asked = Duration.ofSeconds(Math.max(0, seconds));
    return asked.compareTo(maxWait) > 0 ? maxWait : asked;
  }
}
