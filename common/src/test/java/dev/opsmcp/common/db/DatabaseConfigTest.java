package dev.opsmcp.common.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.opsmcp.common.config.ConfigException;
import dev.opsmcp.common.config.Env;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DatabaseConfigTest {
  @Test
  void noDatabaseUrl_meansEmbeddedH2_withTheDurableSettings() {
    DatabaseConfig c = DatabaseConfig.fromEnv(new Env(Map.of("OPSMCP_DATA_DIR", "/tmp/x")));
    assertThat(c.kind()).isEqualTo(DatabaseKind.H2);
    assertThat(c.jdbcUrl())
        .startsWith("jdbc:h2:file:/tmp/x/db/opsmcp;")
        .contains("WRITE_DELAY=0")
        .contains("AUTO_SERVER=TRUE");
    assertThat(c.embeddedDir()).hasToString("/tmp/x/db");
    assertThat(c.password()).as("read from db/credential when opened, not configured").isNull();
  }

  @Test
  void postgresUrl_withCredentials_becomesJdbcPlusUserAndPassword() {
    DatabaseConfig c =
        DatabaseConfig.fromEnv(
            new Env(
                Map.of(
                    "DATABASE_URL",
                    "postgresql://ops:p%40ss@db.internal:6543/opsmcp?sslmode=require")));
    assertThat(c.kind()).isEqualTo(DatabaseKind.POSTGRESQL);
    assertThat(c.jdbcUrl()).isEqualTo("jdbc:postgresql://db.internal:6543/opsmcp?sslmode=require");
    assertThat(c.user()).isEqualTo("ops");
    assertThat(c.password()).isEqualTo("p@ss");
    assertThat(c.toString()).doesNotContain("p@ss");
  }

  @Test
  void jdbcUrl_isTakenAsIs() {
    DatabaseConfig c =
        DatabaseConfig.fromEnv(new Env(Map.of("DATABASE_URL", "jdbc:postgresql://h/db")));
    assertThat(c.jdbcUrl()).isEqualTo("jdbc:postgresql://h/db");
  }

  @Test
  void otherSchemes_areRefused_withTheVariableNamed() {
    assertThatThrownBy(
            () -> DatabaseConfig.fromEnv(new Env(Map.of("DATABASE_URL", "mysql://h/db"))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("DATABASE_URL");
  }

  @Test
  void badPoolSize_namesTheVariable() {
    assertThatThrownBy(() -> DatabaseConfig.fromEnv(new Env(Map.of("OPSMCP_DB_POOL_SIZE", "many"))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("OPSMCP_DB_POOL_SIZE");
  }
}
