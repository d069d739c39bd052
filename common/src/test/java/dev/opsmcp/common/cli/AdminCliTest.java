package dev.opsmcp.common.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsmcp.common.config.Env;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AdminCliTest {
  @Test
  void noArguments_printsUsage_andExits2() {
    var err = new ByteArrayOutputStream();
    int code =
        new AdminCli(
                new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                List.of())
            .run(new Env(Map.of()), List.of());
    assertThat(code).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("key create --tenant NAME");
  }
}
