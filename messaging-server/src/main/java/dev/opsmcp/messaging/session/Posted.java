package dev.opsmcp.messaging.session;

import java.util.List;

/** The result of sending a message or a step: ids plus everything humans said since last read. */
public record Posted(String sessionId, long messageId, List<UserMessage> userMessages) {}
