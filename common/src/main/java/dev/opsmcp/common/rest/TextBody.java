package dev.opsmcp.common.rest;

/**
 * A route's answer that is a document rather than JSON (a postmortem as {@code text/markdown}):
 * sent as is, UTF-8, with this media type. Return it from a handler, alone or as a {@link
 * RestResponse}'s body.
 */
public record TextBody(String mediaType, String text) {
  public TextBody {
    if (!mediaType.matches("[a-z]+/[a-z0-9.+-]+")) {
      throw new IllegalArgumentException("a media type like text/markdown, not " + mediaType);
    }
  }
}
