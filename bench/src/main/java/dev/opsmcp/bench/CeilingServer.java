package dev.opsmcp.bench;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.ee11.servlet.ServletHolder;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.VirtualThreadPool;

/**
 * The ceiling: a raw Jetty 12.1 ee11 servlet, threaded like {@link BareServer}, that reads the
 * request body and answers every POST with the same small JSON-RPC result. No MCP, no JSON parsing:
 * what the load generator and Jetty can do on this machine, so that a ratio is only reported when
 * the client could push well past the servers under test.
 */
final class CeilingServer {
  static final byte[] ANSWER =
      "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"content\":[],\"isError\":false}}"
          .getBytes(StandardCharsets.UTF_8);

  private CeilingServer() {}

  /** Starts on {@code host:port} (0 picks one) and returns the running Jetty server. */
  static Server start(String host, int port) throws Exception {
    VirtualThreadPool threads = new VirtualThreadPool();
    threads.setMaxConcurrentTasks(10_000);
    threads.setName("ceiling");
    Server jetty = new Server(threads);
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    ServerConnector connector = new ServerConnector(jetty, 1, 1, new HttpConnectionFactory(http));
    connector.setHost(host);
    connector.setPort(port);
    connector.setIdleTimeout(300_000);
    jetty.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler("/");
    context.addServlet(new ServletHolder(new Fixed()), "/*");
    jetty.setHandler(context);
    jetty.start();
    return jetty;
  }

  /** Drains the body and writes {@link #ANSWER}. */
  private static final class Fixed extends HttpServlet {
    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      req.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
      resp.setStatus(200);
      resp.setContentType("application/json");
      resp.setContentLength(ANSWER.length);
      resp.getOutputStream().write(ANSWER);
    }
  }
}
