package dev.opsmcp.common.tool;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonSchemasTest {
  enum Level {
    INFO,
    ERROR
  }

  record Input(
      @Param("what to find") String query,
      @Param(value = "max entries", optional = true) Integer limit,
      @Param(value = "levels", optional = true) List<Level> levels) {}

  @Test
  void recordComponents_becomeTypedProperties_requiredUnlessOptional() {
    Map<String, Object> schema = JsonSchemas.of(Input.class);
    assertThat(schema).containsEntry("type", "object").containsEntry("required", List.of("query"));
    assertThat(schema).containsEntry("additionalProperties", false);
    @SuppressWarnings("unchecked")
    Map<String, Map<String, Object>> props =
        (Map<String, Map<String, Object>>) schema.get("properties");
    assertThat(props.get("query"))
        .containsEntry("type", "string")
        .containsEntry("description", "what to find");
    assertThat(props.get("limit")).containsEntry("type", "integer");
    assertThat(props.get("levels")).containsEntry("type", "array");
    assertThat(props.get("levels").get("items"))
        .isEqualTo(Map.of("type", "string", "enum", List.of("INFO", "ERROR")));
  }
}
