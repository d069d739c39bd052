package dev.opsmcp.monitoring;

import dev.opsmcp.common.auth.Scope;
import dev.opsmcp.common.db.Database;
import dev.opsmcp.common.testing.AgentClient;
import dev.opsmcp.common.testing.Http;
import dev.opsmcp.common.testing.TestDatabases;
import dev.opsmcp.common.testing.TestServer;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A real monitoring server on port 0 over a fresh database, with HTTP and MCP helpers. */
public final class MonitoringFixture implements AutoCloseable {
  public final TestServer server;
  private final List<AgentClient> clients = new ArrayList<>();

  private MonitoringFixture(TestServer server) {
    this.server = server;
  }

  public static MonitoringFixture start(Map<String, String> env) throws Exception {
    return start(env, TestDatabases.fresh(), true);
  }

  public static MonitoringFixture start(Map<String, String> env, Database db, boolean ownsDb)
      throws Exception {
    Map<String, String> vars = new HashMap<>(env);
    // host metrics write into tenant "default" every 15 s; tests that want them turn them on
    vars.putIfAbsent("OPSMCP_HOST_METRICS", "false");
    return new MonitoringFixture(TestServer.start(MonitoringServer.SPEC, vars, db, ownsDb));
  }

  public String key(String tenant, Scope... scopes) {
    return server.newKey(tenant, scopes);
  }

  public Database db() {
    return server.db();
  }

  /** An agent on this server (the SDK's client), closed with the fixture. */
  public AgentClient client(String key) {
    AgentClient c = server.agent(key);
    clients.add(c);
    return c;
  }

  public HttpResponse<byte[]> send(
      String method, String path, String key, String contentType, byte[] body, String... headers) {
    return Http.exchange(method, server.baseUrl() + path, key, contentType, body, headers);
  }

  public HttpResponse<byte[]> post(
      String path, String key, String contentType, byte[] body, String... headers) {
    return send("POST", path, key, contentType, body, headers);
  }

  public long count(String sql, Object... params) {
    return db().jdbi()
        .withHandle(
            h -> {
              var q = h.createQuery(sql);
              for (int i = 0; i < params.length; i++) {
                q.bind(i, params[i]);
              }
              return q.mapTo(Long.class).one();
            });
  }

  @Override
  public void close() {
    clients.forEach(AgentClient::close);
    server.close();
  }
}
