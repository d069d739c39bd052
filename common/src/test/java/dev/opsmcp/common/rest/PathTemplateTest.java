package dev.opsmcp.common.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class PathTemplateTest {
  @Test
  void variablesMatchOneSegmentEach() {
    PathTemplate t = new PathTemplate("/sessions/{id}/messages/{message_id}");
    assertThat(t.match("/sessions/s_1/messages/42"))
        .contains(Map.of("id", "s_1", "message_id", "42"));
    assertThat(t.match("/sessions/s_1/messages")).isEmpty();
    assertThat(t.match("/sessions/a/b/messages/42")).isEmpty();
    assertThat(t.match("/sessions//messages/42")).isEmpty();
    assertThat(t.variables()).containsExactly("id", "message_id");
  }

  @Test
  void literalPartsAreNotRegexes() {
    assertThat(new PathTemplate("/a.b").match("/axb")).isEmpty();
    assertThat(new PathTemplate("/a.b").match("/a.b")).contains(Map.of());
  }

  @Test
  void malformedTemplates_areRejected() {
    assertThatThrownBy(() -> new PathTemplate("sessions")).hasMessageContaining("starts with /");
    assertThatThrownBy(() -> new PathTemplate("/sessions/")).hasMessageContaining("end with");
    assertThatThrownBy(() -> new PathTemplate("/s/{Id}")).hasMessageContaining("snake_case");
    assertThatThrownBy(() -> new PathTemplate("/s/{id}/{id}")).hasMessageContaining("twice");
  }
}
