package dev.opsmcp.messaging.api;

import dev.opsmcp.common.auth.Caller;
import dev.opsmcp.common.auth.RequestCaller;
import dev.opsmcp.common.auth.Scope;
import dev.opsmcp.common.rest.ErrorBody;
import dev.opsmcp.common.signal.Signals;
import dev.opsmcp.common.tool.ToolFailure;
import dev.opsmcp.messaging.session.Events;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * {@code GET /api/v1/events}: server-sent events of the caller's tenant (session, message,
 * question, approval, answer, decision), each carrying ids only. A slow reader gets a {@code
 * resync} event instead of an unbounded queue, and so does every reader when events from other
 * processes may have been missed; pages then reload what they show. The stream ends when its
 * response completes, which the authentication filter does when the credential is revoked or
 * expires.
 */
public final class EventStream extends HttpServlet {
  private static final Duration HEARTBEAT = Duration.ofSeconds(15);
  private static final String CLOSING = "";
  private static final String RESYNC = "{\"type\":\"resync\"}";

  private final Signals signals;
  private final Set<BlockingQueue<String>> open = ConcurrentHashMap.newKeySet();

  public EventStream(Signals signals) {
    this.signals = signals;
  }

  /**
   * Ends every open stream now, so that stopping the server need not wait for each one's next
   * heartbeat to notice that its client is gone.
   */
  public void close() {
    for (BlockingQueue<String> queue : open) {
      queue.clear();
      queue.offer(CLOSING);
    }
  }

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse res) throws IOException {
    Caller caller;
    try {
      caller = RequestCaller.require(req);
      caller.requireAny(Set.of(Scope.MESSAGING_HUMAN, Scope.MESSAGING_AGENT));
    } catch (ToolFailure refused) {
      ErrorBody.write(res, refused);
      return;
    }
    res.setContentType("text/event-stream");
    res.setCharacterEncoding("UTF-8");
    res.setHeader("Cache-Control", "no-store");
    res.setHeader("X-Accel-Buffering", "no");
    AsyncContext async = req.startAsync();
    async.setTimeout(0);
    PrintWriter out = res.getWriter();
    out.write(": connected\n\n");
    out.flush();
    BlockingQueue<String> queue = new ArrayBlockingQueue<>(1000);
    open.add(queue);
    async.addListener(new EndOnComplete(queue));
    String tenant = caller.tenant();
    AutoCloseable subscription =
        signals.listen(
            key -> {
              if (Signals.RECONNECTED.equals(key)) {
                resync(queue);
              } else {
                Events.parse(key)
                    .filter(e -> e.tenant().equals(tenant))
                    .ifPresent(
                        e -> {
                          if (!queue.offer(e.json())) {
                            resync(queue);
                          }
                        });
              }
            });
    Thread.ofVirtual()
        .name("events-" + tenant)
        .start(
            () -> {
              try {
                pump(queue, out, async, subscription);
              } finally {
                open.remove(queue);
              }
            });
  }

  /** Events may have been missed: the page reloads what it shows. */
  private static void resync(BlockingQueue<String> queue) {
    queue.clear();
    queue.offer(RESYNC);
  }

  private static void pump(
      BlockingQueue<String> queue, PrintWriter out, AsyncContext async, AutoCloseable sub) {
    try {
      while (!out.checkError()) {
        String json = queue.poll(HEARTBEAT.toMillis(), TimeUnit.MILLISECONDS);
        if (CLOSING.equals(json)) {
          return;
        } else if (json == null) {
          out.write(": keep-alive\n\n");
        } else {
          out.write("event: " + type(json) + "\ndata: " + json + "\n\n");
        }
        out.flush();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      try {
        sub.close();
      } catch (Exception ignored) {
        // already gone
      }
      try {
        async.complete();
      } catch (IllegalStateException ignored) {
        // the client left and the container completed it
      }
    }
  }

  /** Stops the pump when the response completes from outside (a revoked credential). */
  private record EndOnComplete(BlockingQueue<String> queue) implements AsyncListener {
    @Override
    public void onComplete(AsyncEvent event) {
      end();
    }

    @Override
    public void onTimeout(AsyncEvent event) {
      end();
    }

    @Override
    public void onError(AsyncEvent event) {
      end();
    }

    @Override
    public void onStartAsync(AsyncEvent event) {}

    private void end() {
      queue.clear();
      queue.offer(CLOSING);
    }
  }

  private static String type(String json) {
    int at = json.indexOf("\"type\":\"");
    if (at < 0) {
      return "message";
    }
    int start = at + 8;
    return json.substring(start, json.indexOf('"', start));
  }
}
