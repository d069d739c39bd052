package dev.opsmcp.common.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP forwarder on a free loopback port. {@link #blackholeOpenConnections} makes the connections
 * open at that moment drop every byte in both directions while staying open, as a half-open network
 * path does (no FIN, no RST); connections made later pass normally. Close it after use.
 */
public final class TcpProxy implements AutoCloseable {
  private final ServerSocket server;
  private final String targetHost;
  private final int targetPort;
  private final Set<Link> links = ConcurrentHashMap.newKeySet();

  private TcpProxy(ServerSocket server, String targetHost, int targetPort) {
    this.server = server;
    this.targetHost = targetHost;
    this.targetPort = targetPort;
    Thread.ofVirtual().name("tcp-proxy-accept").start(this::accept);
  }

  public static TcpProxy start(String targetHost, int targetPort) throws IOException {
    return new TcpProxy(
        new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), targetHost, targetPort);
  }

  public int port() {
    return server.getLocalPort();
  }

  /** From now on the connections open now carry nothing, in either direction. */
  public void blackholeOpenConnections() {
    links.forEach(l -> l.dropped = true);
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        Socket upstream = new Socket(targetHost, targetPort);
        Link link = new Link(client, upstream);
        links.add(link);
        Thread.ofVirtual().start(() -> pump(link, client, upstream));
        Thread.ofVirtual().start(() -> pump(link, upstream, client));
      } catch (IOException e) {
        // closed, or the target refused: the client sees its connection end
      }
    }
  }

  private void pump(Link link, Socket from, Socket to) {
    byte[] buf = new byte[8192];
    try {
      InputStream in = from.getInputStream();
      OutputStream out = to.getOutputStream();
      for (int n; (n = in.read(buf)) >= 0; ) {
        if (!link.dropped) {
          out.write(buf, 0, n);
          out.flush();
        }
      }
    } catch (IOException e) {
      // one side went away
    } finally {
      if (!link.dropped) {
        link.close();
      }
    }
  }

  @Override
  public void close() {
    try {
      server.close();
    } catch (IOException ignored) {
      // closing anyway
    }
    links.forEach(Link::close);
  }

  private static final class Link {
    final Socket a;
    final Socket b;
    volatile boolean dropped;

    Link(Socket a, Socket b) {
      this.a = a;
      this.b = b;
    }

    void close() {
      try {
        a.close();
      } catch (IOException ignored) {
        // closing anyway
      }
      try {
        b.close();
      } catch (IOException ignored) {
        // closing anyway
      }
    }
  }
}
