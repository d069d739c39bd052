package dev.opsmcp.common.tool;

/** One message of a prompt: who says it and its text. */
public record PromptMessage(Role role, String text) {
  public enum Role {
    USER,
    ASSISTANT
  }

  public static PromptMessage user(String text) {
    return new PromptMessage(Role.USER, text);
  }

  public static PromptMessage assistant(String text) {
    return new PromptMessage(Role.ASSISTANT, text);
  }
}
