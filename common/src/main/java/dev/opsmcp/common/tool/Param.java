package dev.opsmcp.common.tool;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Describes a tool input record component for the JSON schema the model sees. */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.RECORD_COMPONENT, ElementType.PARAMETER, ElementType.FIELD})
public @interface Param {
  /** What the model should put here. */
  String value();

  /** False makes the argument required. */
  boolean optional() default false;
}
