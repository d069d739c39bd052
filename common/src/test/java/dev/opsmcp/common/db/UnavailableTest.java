package dev.opsmcp.common.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;

class UnavailableTest {
  @Test
  void connectionFailures_anywhereInTheCauseChain_areUnavailable() {
    assertThat(Unavailable.causedBy(new SQLTransientConnectionException("pool timed out")))
        .isTrue();
    assertThat(Unavailable.causedBy(new RuntimeException(new ConnectException("refused"))))
        .isTrue();
    assertThat(Unavailable.causedBy(new IllegalStateException(new SQLException("x", "08006"))))
        .isTrue();
    assertThat(Unavailable.causedBy(new SQLException("terminating connection", "57P01"))).isTrue();
  }

  @Test
  void otherFailures_areNot() {
    assertThat(Unavailable.causedBy(new SQLException("duplicate key", "23505"))).isFalse();
    assertThat(Unavailable.causedBy(new SQLException("no state"))).isFalse();
    assertThat(Unavailable.causedBy(new IllegalStateException("bug"))).isFalse();
    assertThat(Unavailable.causedBy(null)).isFalse();
  }
}
