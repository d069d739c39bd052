package dev.opsmcp.monitoring.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.opsmcp.common.config.ConfigException;
import dev.opsmcp.common.config.Env;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PrometheusSettingsTest {
  static PrometheusSettings of(Map<String, String> vars) {
    return PrometheusSettings.fromEnv(new Env(vars)).orElse(null);
  }

  @Test
  void unsetMeansNoPrometheus() {
    assertThat(of(Map.of())).isNull();
    assertThat(of(Map.of("OPSMCP_PROMETHEUS_URL", " "))).isNull();
  }

  @Test
  void defaults_andAPathPrefixIsKept() {
    PrometheusSettings s = of(Map.of("OPSMCP_PROMETHEUS_URL", "https://mon.example/prom"));
    assertThat(s.url().resolve("api/v1/query_range").toString())
        .isEqualTo("https://mon.example/prom/api/v1/query_range");
    assertThat(s.serviceLabel()).isEqualTo("service");
    assertThat(s.tenant()).isEqualTo("default");
    assertThat(s.scrapeInterval()).isEqualTo(Duration.ofSeconds(15));
    assertThat(s.token()).isNull();
  }

  @Test
  void badSettingsStopTheStartWithTheVariableNamed() {
    assertThatThrownBy(() -> of(Map.of("OPSMCP_PROMETHEUS_URL", "ftp://x")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("OPSMCP_PROMETHEUS_URL");
    assertThatThrownBy(() -> of(Map.of("OPSMCP_PROMETHEUS_URL", "http://u:secret@p:9090")))
        .hasMessageContaining("without user:password@")
        .hasMessageNotContaining("secret");
    assertThatThrownBy(
            () ->
                of(
                    Map.of(
                        "OPSMCP_PROMETHEUS_URL", "http://p:9090",
                        "OPSMCP_PROMETHEUS_TOKEN", "t",
                        "OPSMCP_PROMETHEUS_USER", "u",
                        "OPSMCP_PROMETHEUS_PASSWORD", "p")))
        .hasMessageContaining("not both");
    assertThatThrownBy(
            () ->
                of(Map.of("OPSMCP_PROMETHEUS_URL", "http://p:9090", "OPSMCP_PROMETHEUS_USER", "u")))
        .hasMessageContaining("go together");
    assertThatThrownBy(
            () ->
                of(
                    Map.of(
                        "OPSMCP_PROMETHEUS_URL",
                        "http://p:9090",
                        "OPSMCP_PROMETHEUS_SERVICE_LABEL",
                        "app.kubernetes.io/name")))
        .hasMessageContaining("OPSMCP_PROMETHEUS_SERVICE_LABEL");
  }

  @Test
  void unitsFollowTheNameSuffix() {
    assertThat(PrometheusSource.unit("http_request_duration_seconds")).isEqualTo("s");
    assertThat(PrometheusSource.unit("db_wait_ms")).isEqualTo("ms");
    assertThat(PrometheusSource.unit("process_resident_memory_bytes")).isEqualTo("By");
    assertThat(PrometheusSource.unit("cpu_seconds_total")).isEqualTo("s");
    assertThat(PrometheusSource.unit("requests_total")).isEmpty();
    assertThat(PrometheusSource.quote("a\"b\\c")).isEqualTo("\"a\\\"b\\\\c\"");
  }
}
