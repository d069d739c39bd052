package dev.opsmcp.common.tool;

import tools.jackson.core.JacksonException;

/**
 * The name orchestration's alert intake still calls; the wording is {@link TypeWords#problem}'s,
 * the one wording of input refusals. New code calls {@link TypeWords#problem}.
 */
public final class JsonProblem {
  private JsonProblem() {}

  /** {@link TypeWords#problem}. */
  public static String describe(JacksonException e, String noun) {
    return TypeWords.problem(e, noun);
  }
}
