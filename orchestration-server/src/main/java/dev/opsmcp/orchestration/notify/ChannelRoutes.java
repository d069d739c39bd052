package dev.opsmcp.orchestration.notify;

import dev.opsmcp.common.auth.Scope;
import dev.opsmcp.common.notify.Channel;
import dev.opsmcp.common.notify.Channels;
import dev.opsmcp.common.rest.RestResponse;
import dev.opsmcp.common.rest.Route;
import dev.opsmcp.common.rest.RouteTable;
import dev.opsmcp.common.tool.Param;
import dev.opsmcp.common.tool.ToolFailure;
import java.time.OffsetDateTime;
import java.util.Map;

/**
 * The tenant's notification channels over REST: read with {@code incidents:read}, add and remove
 * with {@code admin}. A channel's secret and its URL's path (where incoming-webhook URLs carry
 * theirs) are never shown.
 */
public final class ChannelRoutes {
  /** A channel as the API shows it. */
  public record View(String id, String kind, String url, boolean signed, OffsetDateTime createdAt) {
    static View of(Channel c) {
      return new View(c.id(), c.kind(), c.redactedUrl(), c.signed(), c.createdAt());
    }
  }

  /** A new channel. */
  public record NewChannel(
      @Param("slack (incoming webhook) or webhook (JSON).") String kind,
      @Param("The http(s) URL to post to.") String url,
      @Param(
              value =
                  "webhook only: a whsec_… secret; deliveries are then signed (Standard Webhooks).",
              optional = true)
          String secret) {}

  private ChannelRoutes() {}

  public static void addTo(RouteTable.Builder routes, Channels channels) {
    routes
        .add(
            Route.get(
                    "/channels",
                    call ->
                        Map.of(
                            "items",
                            channels.list(call.caller().tenant()).stream().map(View::of).toList()))
                .scopes(Scope.INCIDENTS_READ)
                .summary(
                    "The tenant's notification channels (URLs redacted, secrets never shown)."))
        .add(
            Route.post(
                    "/channels",
                    NewChannel.class,
                    (call, in) -> {
                      try {
                        return RestResponse.of(
                            201,
                            View.of(
                                channels.add(
                                    call.caller().tenant(), in.kind(), in.url(), in.secret())));
                      } catch (IllegalArgumentException e) {
                        throw new ToolFailure(e.getMessage());
                      }
                    })
                .scopes(Scope.ADMIN)
                .summary("Add a notification channel (admin); returns it without its secret."))
        .add(
            Route.delete(
                    "/channels/{id}",
                    call -> {
                      if (!channels.remove(call.caller().tenant(), call.path("id"))) {
                        throw new ToolFailure(
                            ToolFailure.Kind.NOT_FOUND,
                            "no channel "
                                + dev.opsmcp.common.tool.TypeWords.clip(call.path("id"))
                                + " in your tenant; GET /api/v1/channels lists them");
                      }
                      return null;
                    })
                .scopes(Scope.ADMIN)
                .summary("Remove a notification channel (admin)."));
  }
}
