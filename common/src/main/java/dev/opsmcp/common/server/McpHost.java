package dev.opsmcp.common.server;

import dev.opsmcp.common.auth.ApiKeys;
import dev.opsmcp.common.auth.AuditLog;
import dev.opsmcp.common.auth.Authenticator;
import dev.opsmcp.common.auth.Grants;
import dev.opsmcp.common.auth.JwtVerifier;
import dev.opsmcp.common.auth.Scope;
import dev.opsmcp.common.auth.Tenants;
import dev.opsmcp.common.config.ServerConfig;
import dev.opsmcp.common.db.Database;
import dev.opsmcp.common.job.BackgroundJob;
import dev.opsmcp.common.job.JobRunner;
import dev.opsmcp.common.rest.RestServlet;
import dev.opsmcp.common.rest.RouteTable;
import dev.opsmcp.common.signal.Signals;
import dev.opsmcp.common.telemetry.Telemetry;
import dev.opsmcp.common.tool.Prompt;
import dev.opsmcp.common.tool.PromptAdapter;
import dev.opsmcp.common.tool.Resource;
import dev.opsmcp.common.tool.ResourceAdapter;
import dev.opsmcp.common.tool.SystemInfoTool;
import dev.opsmcp.common.tool.Tool;
import dev.opsmcp.common.tool.ToolAdapter;
import dev.opsmcp.common.tool.ToolInvoker;
import dev.opsmcp.common.tool.ToolVisibility;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.spec.McpSchema;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServlet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.eclipse.jetty.ee11.servlet.FilterHolder;
import org.eclipse.jetty.ee11.servlet.FilterMapping;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.ee11.servlet.ServletHolder;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.VirtualThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One OpsMCP server: embedded Jetty on virtual threads serving the same tools over streamable HTTP
 * ({@code /mcp}) and legacy SSE ({@code /sse} + {@code /message}), with {@code /health}, {@code
 * /metrics}, RFC 9728 metadata, Origin check, auth, rate limit and a body cap in front, plus the
 * server's prompts, resources and REST routes. Build with {@link #builder}; {@link #start()} binds
 * (the database is migrated by then: {@link Launch}); {@link #close()} stops.
 */
public final class McpHost implements AutoCloseable {
  public static final String VERSION = "0.1.0";
  private static final Logger LOG = LoggerFactory.getLogger(McpHost.class);
  private static final Set<String> MCP_PATHS = Set.of("/mcp", "/sse", "/message");

  private final Builder spec;
  private final Server jetty;

  /** Each MCP server's graceful close (session-based and stateless servers share no type). */
  private final List<Runnable> mcpServers = new ArrayList<>();

  private final List<AutoCloseable> owned = new ArrayList<>();
  private final JobRunner jobs;
  private volatile int boundPort;

  private McpHost(Builder spec) {
    this.spec = spec;
    VirtualThreadPool threads = new VirtualThreadPool();
    // Its default of 200 concurrent tasks would cap agents waiting on humans or sandboxes.
    threads.setMaxConcurrentTasks(10_000);
    threads.setName(spec.config.name());
    this.jetty = new Server(threads);
    this.jobs = new JobRunner(spec.config.name(), spec.jobs, spec.signals);
  }

  public static Builder builder(ServerContext ctx) {
    return new Builder(ctx);
  }

  /** The bound port (useful when configured with port 0). */
  public int port() {
    return boundPort;
  }

  /** Base URL of this server as clients reach it, e.g. {@code http://127.0.0.1:9001}. */
  public String baseUrl() {
    return spec.config.resourceUrl(boundPort);
  }

  public String name() {
    return spec.config.name();
  }

  /** The tools as registered, {@code system_info} first (for contract tests). */
  public List<Tool<?>> tools() {
    return List.copyOf(spec.allTools());
  }

  public List<Prompt<?>> prompts() {
    return List.copyOf(spec.prompts);
  }

  public List<Resource> resources() {
    return List.copyOf(spec.resources);
  }

  /** A credential needs one of these to reach this server at all. */
  public Set<Scope> accessScopes() {
    return spec.accessScopes;
  }

  /** Binds, builds the MCP servers, servlets and filters, serves, then starts the jobs. */
  private McpHost start() throws Exception {
    bind();
    warnIfNamedByWildcard();
    Telemetry telemetry = spec.telemetry;
    AuditLog audit = spec.audit;
    Auth auth = startAuth(audit);
    McpTransports transports = startMcpServers(telemetry, audit);
    ServletContextHandler context = new ServletContextHandler("/");
    addServlets(context, transports, telemetry);
    addFilters(context, telemetry, audit, auth);
    serve(context);
    jobs.start();
    LOG.info(
        "{} listening on {} (mcp: {}/mcp, sse: {}/sse)",
        spec.config.name(),
        baseUrl(),
        baseUrl(),
        baseUrl());
    return this;
  }

  /** Opens the port first: the resource URL (JWT audience, metadata) needs it. */
  private void bind() throws Exception {
    ServerConfig config = spec.config;
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    ServerConnector connector = new ServerConnector(jetty, 1, 1, new HttpConnectionFactory(http));
    connector.setHost(config.host());
    connector.setPort(config.port());
    // Minutes above any keep-alive or progress interval: Jetty cutting an idle stream loses
    // answers.
    connector.setIdleTimeout(Math.max(300_000, config.keepAlive().toMillis() * 10));
    jetty.addConnector(connector);
    connector.open();
    boundPort = connector.getLocalPort();
  }

  private void warnIfNamedByWildcard() {
    ServerConfig config = spec.config;
    if (config.publicUrl() == null && ServerConfig.isWildcard(config.host())) {
      LOG.warn(
          "{} listens on all interfaces and names itself {} (JWT audience, links to it);"
              + " set OPSMCP_PUBLIC_URL_{} to the URL clients use",
          config.name(),
          baseUrl(),
          config.name().toUpperCase(Locale.ROOT).replace('-', '_'));
    }
  }

  /** What the auth filters share: who a credential is, its live grants, failure accounting. */
  private record Auth(Authenticator authenticator, Grants grants, AuthFailures failures) {}

  private Auth startAuth(AuditLog audit) {
    ServerConfig config = spec.config;
    Optional<JwtVerifier> jwt =
        config.jwt().map(j -> new JwtVerifier(j, List.of(baseUrl(), baseUrl() + "/mcp")));
    ApiKeys keys = new ApiKeys(spec.db, config.authCacheTime());
    Authenticator authenticator = new Authenticator(keys, jwt, new Tenants(spec.db));
    // Open streams and waits end within the cache time of a revocation, as new requests do.
    Grants grants = new Grants(keys, max(config.authCacheTime(), Duration.ofSeconds(1)));
    owned.add(grants);
    grants.start();
    AuthFailures failures = new AuthFailures(audit, config.authFailuresPerMinute());
    owned.add(failures);
    failures.start();
    return new Auth(authenticator, grants, failures);
  }

  /** The same tools, prompts and resources behind streamable HTTP and legacy SSE. */
  private McpTransports startMcpServers(Telemetry telemetry, AuditLog audit) {
    ServerConfig config = spec.config;
    McpTransports transports = new McpTransports(config);
    var specs = new ToolAdapter(spec.invoker).specifications(spec.allTools());
    var visibility = new ToolVisibility(spec.allTools());
    var prompts = PromptAdapter.specifications(spec.prompts);
    var resources = ResourceAdapter.resources(spec.resources);
    var templates = ResourceAdapter.templates(spec.resources);
    // No .logging(): deprecated in SDK 2.2 (SEP-2577), and McpAsyncServer adds the logging
    // capability to every server it builds anyway, so initialize still advertises it.
    McpSchema.ServerCapabilities.Builder capabilities =
        McpSchema.ServerCapabilities.builder().tools(false);
    if (!prompts.isEmpty()) {
      capabilities.prompts(false);
    }
    if (!spec.resources.isEmpty()) {
      capabilities.resources(false, false);
    }
    McpSchema.ServerCapabilities caps = capabilities.build();
    List<McpServer.SyncSpecification<?>> sessionful = new ArrayList<>();
    sessionful.add(McpServer.sync(transports.sse()));
    if (transports.streamable() != null) {
      sessionful.add(McpServer.sync(transports.streamable()));
    } else {
      var stateless =
          McpServer.sync(transports.stateless())
              .serverInfo("opsmcp-" + config.name(), VERSION)
              .instructions(spec.instructions)
              .capabilities(caps)
              .immediateExecution(true)
              .validateToolInputs(false)
              .tools(new ToolAdapter(spec.invoker).statelessSpecifications(spec.allTools()))
              .addToolFilter(visibility)
              .prompts(PromptAdapter.statelessSpecifications(spec.prompts))
              .resources(ResourceAdapter.statelessResources(spec.resources))
              .resourceTemplates(ResourceAdapter.statelessTemplates(spec.resources))
              .build();
      mcpServers.add(stateless::closeGracefully);
    }
    for (McpServer.SyncSpecification<?> s : sessionful) {
      s.serverInfo("opsmcp-" + config.name(), VERSION)
          .instructions(spec.instructions)
          .capabilities(caps)
          .immediateExecution(true)
          // ToolAdapter validates against the input record itself: its errors say what to send
          // instead, and the call still counts in metrics and audit.
          .validateToolInputs(false)
          .tools(specs)
          // tools/list shows a caller only the tools its scopes allow (a courtesy to the model;
          // the invoker's scope check is the guard)
          .addToolFilter(visibility)
          .prompts(prompts)
          .resources(resources)
          .resourceTemplates(templates);
      spec.sdkCustomizer.accept(s);
      mcpServers.add(s.build()::closeGracefully);
    }
    transports.registerGauges(telemetry);
    return transports;
  }

  private void addServlets(
      ServletContextHandler context, McpTransports transports, Telemetry telemetry) {
    ServerConfig config = spec.config;
    Map<String, HttpServlet> servlets = new LinkedHashMap<>();
    servlets.put("/mcp/*", transports.mcp());
    servlets.put("/sse", transports.sse());
    servlets.put("/message", transports.sse());
    servlets.put("/health", new HealthServlet(config.name(), VERSION, spec.db, spec.healthChecks));
    servlets.put("/metrics", new MetricsServlet(telemetry));
    ProtectedResourceServlet metadata =
        new ProtectedResourceServlet(this::baseUrl, spec.authorizationServers);
    servlets.put("/.well-known/oauth-protected-resource", metadata);
    servlets.put("/.well-known/oauth-protected-resource/*", metadata);
    servlets.putAll(spec.servlets);
    servlets.forEach(
        (path, servlet) -> {
          ServletHolder holder = new ServletHolder(servlet);
          holder.setAsyncSupported(true);
          context.addServlet(holder, path);
        });
  }

  /** In order: metrics, content type, Origin, the server's own, auth, MCP clean-up, sessions. */
  private void addFilters(
      ServletContextHandler context, Telemetry telemetry, AuditLog audit, Auth auth) {
    addFilter(context, new RequestMetricsFilter(telemetry), "/*");
    addFilter(context, new ContentTypeFilter(), "/*");
    addFilter(context, new OriginFilter(allowedOrigins()), "/*");
    spec.filters.forEach((path, filter) -> addFilter(context, filter, path));
    // Intake first: a request to an intake path under a rate-limited one (/api/v1/alerts/* under
    // /api/v1/*) is authenticated here, and the limited filter then lets it through untouched.
    if (!spec.intakePaths.isEmpty()) {
      addFilter(
          context,
          authFilter(auth, new RateLimiter(Integer.MAX_VALUE), audit, telemetry),
          spec.intakePaths.toArray(String[]::new));
    }
    List<String> protectedPaths = new ArrayList<>(List.of("/mcp/*", "/sse", "/message"));
    protectedPaths.addAll(spec.protectedPaths);
    // One mapping for all paths: a request matching two of them (/api/v1/* and /api/v1/events)
    // passes the filter once and takes one rate-limit token.
    addFilter(
        context,
        authFilter(auth, new RateLimiter(spec.config.rateLimitPerMinute()), audit, telemetry),
        protectedPaths.toArray(String[]::new));
    // After auth, so that its 401/403/429 bodies (which say what to send instead) reach the
    // client; the clean-up is for the SDK transport's exception bodies.
    for (String path : MCP_PATHS) {
      String pathSpec = path.equals("/mcp") ? "/mcp/*" : path;
      addFilter(context, new McpRequestFilter(), pathSpec);
      addFilter(context, new CleanErrorFilter(), pathSpec);
    }
    // Inside the clean-up, so that a session of another credential gets the very 404 of an
    // unknown one.
    addFilter(context, new SessionBinding(), "/mcp/*", "/sse", "/message");
  }

  private AuthFilter authFilter(
      Auth auth, RateLimiter limiter, AuditLog audit, Telemetry telemetry) {
    return new AuthFilter(
        auth.authenticator(),
        spec.accessScopes,
        limiter,
        auth.failures(),
        auth.grants(),
        audit,
        telemetry,
        () -> baseUrl() + "/.well-known/oauth-protected-resource");
  }

  /** The request size cap in front of everything, JSON error pages, and Jetty started. */
  private void serve(ServletContextHandler context) throws Exception {
    jetty.setHandler(new BodyCap(spec.config.maxRequestBytes(), context));
    jetty.setErrorHandler(new JsonErrorHandler());
    jetty.setStopTimeout(5_000);
    jetty.start();
  }

  private List<String> allowedOrigins() {
    List<String> origins = new ArrayList<>(spec.config.allowedOrigins());
    if (spec.config.publicUrl() != null) {
      origins.add(spec.config.publicUrl());
    }
    return origins;
  }

  private static void addFilter(ServletContextHandler context, Filter filter, String... paths) {
    FilterHolder holder = new FilterHolder(filter);
    holder.setAsyncSupported(true);
    FilterMapping mapping = new FilterMapping();
    mapping.setFilterName(holder.getName());
    mapping.setPathSpecs(paths);
    mapping.setDispatcherTypes(EnumSet.of(DispatcherType.REQUEST));
    context.getServletHandler().addFilter(holder, mapping);
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  @Override
  public void close() {
    jobs.close();
    List<AutoCloseable> resources = new ArrayList<>(spec.closeables);
    resources.addAll(owned);
    for (AutoCloseable resource : resources) {
      try {
        resource.close();
      } catch (Exception e) {
        LOG.debug("closing {}", resource, e);
      }
    }
    for (Runnable close : mcpServers) {
      try {
        close.run();
      } catch (RuntimeException e) {
        LOG.debug("closing MCP server", e);
      }
    }
    try {
      jetty.stop();
    } catch (Exception e) {
      LOG.warn("stopping {}: {}", spec.config.name(), e.toString());
    }
  }

  /** Collects what a server hosts; {@link #start()} builds and binds it. */
  public static final class Builder {
    private final ServerConfig config;
    private final Database db;
    private final SystemInfoTool systemInfo;
    private final Telemetry telemetry;
    private final AuditLog audit;
    private final ToolInvoker invoker;
    private final List<Tool<?>> tools = new ArrayList<>();
    private final List<Prompt<?>> prompts = new ArrayList<>();
    private final List<Resource> resources = new ArrayList<>();
    private final List<HealthCheck> healthChecks = new ArrayList<>();
    private final Map<String, HttpServlet> servlets = new LinkedHashMap<>();
    private final List<String> protectedPaths = new ArrayList<>();
    private final List<String> intakePaths = new ArrayList<>();
    private final List<String> authorizationServers = new ArrayList<>();
    private final Map<String, Filter> filters = new LinkedHashMap<>();
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private final List<BackgroundJob> jobs = new ArrayList<>();
    private final Signals signals;
    private Set<Scope> accessScopes = Set.of(Scope.ADMIN);
    private String instructions = "";
    private Consumer<McpServer.SyncSpecification<?>> sdkCustomizer = s -> {};
    private volatile McpHost host;

    private Builder(ServerContext ctx) {
      this.config = ctx.config();
      this.db = ctx.db();
      this.signals = ctx.signals();
      this.systemInfo = new SystemInfoTool(config.name(), VERSION, db, ctx.clock());
      this.telemetry = new Telemetry(config.name());
      this.audit = new AuditLog(db, config.name());
      this.invoker = new ToolInvoker(telemetry, audit);
    }

    /**
     * The invoker the MCP tools are called through: a REST route that is a tool's twin calls the
     * tool with it, so both paths check scopes, count and audit alike.
     */
    public ToolInvoker invoker() {
      return invoker;
    }

    /** The audit table, for a state-changing route that is not a tool's twin. */
    public AuditLog audit() {
      return audit;
    }

    private List<Tool<?>> allTools() {
      List<Tool<?>> all = new ArrayList<>();
      all.add(systemInfo);
      all.addAll(tools);
      return all;
    }

    /** A credential needs at least one of these scopes to use this server at all (else 403). */
    public Builder accessScopes(Set<Scope> scopes) {
      this.accessScopes = Set.copyOf(scopes);
      return this;
    }

    public Builder instructions(String text) {
      this.instructions = text;
      return this;
    }

    public Builder tool(Tool<?> tool) {
      tools.add(tool);
      return this;
    }

    /** An MCP prompt: a named message template the user picks in the client. */
    public Builder prompt(Prompt<?> prompt) {
      prompts.add(prompt);
      return this;
    }

    /** An MCP resource, or resource template when its URI has {@code {variables}}. */
    public Builder resource(Resource resource) {
      resources.add(resource);
      return this;
    }

    /** Serves {@code table} (and its OpenAPI document) under its base path, authenticated. */
    public Builder routes(RouteTable table) {
      return servlet(table.basePath() + "/*", new RestServlet(table), true);
    }

    public Builder healthCheck(HealthCheck check) {
      healthChecks.add(check);
      return this;
    }

    /** Mounts a servlet; {@code authenticated} puts the auth filter in front of it. */
    public Builder servlet(String pathSpec, HttpServlet servlet, boolean authenticated) {
      servlets.put(pathSpec, servlet);
      if (authenticated) {
        protectedPaths.add(pathSpec);
      }
      return this;
    }

    /**
     * Mounts an authenticated servlet that is exempt from the rate limit: intake from senders that
     * drop a 429 instead of retrying (Alertmanager). It may lie under the REST routes' base path
     * (its servlet is the more specific mapping, and its authentication runs first).
     */
    public Builder intake(String pathSpec, HttpServlet servlet) {
      servlets.put(pathSpec, servlet);
      intakePaths.add(pathSpec);
      return this;
    }

    /** Adds a filter that runs after the Origin check and before authentication. */
    public Builder filter(String pathSpec, Filter filter) {
      filters.put(pathSpec, filter);
      return this;
    }

    /**
     * Periodic background work: run every {@link BackgroundJob#period()} once the server is bound,
     * and at once on a signal of this process's {@code Signals} it {@linkplain
     * BackgroundJob#wakesOn wakes on}; stopped when it closes.
     */
    public Builder job(BackgroundJob job) {
      jobs.add(job);
      return this;
    }

    /** Closed when the server is closed (resources and workers the server owns). */
    public Builder onClose(AutoCloseable resource) {
      closeables.add(resource);
      return this;
    }

    public Builder authorizationServers(List<String> issuers) {
      authorizationServers.addAll(issuers);
      return this;
    }

    /** For test servers only (the conformance fixture): adds SDK features beside the tools. */
    public Builder sdkCustomizer(Consumer<McpServer.SyncSpecification<?>> customizer) {
      this.sdkCustomizer = customizer;
      return this;
    }

    /**
     * This server's base URL as {@link McpHost#baseUrl()} gives it, for what is built before the
     * server starts (links in notifications): ask it only once the server has started, when it
     * names the bound port rather than the configured one (0 in tests).
     */
    public Supplier<String> baseUrl() {
      return () -> {
        McpHost started = host;
        if (started == null || started.boundPort == 0) {
          throw new IllegalStateException("the server is not bound yet");
        }
        return started.baseUrl();
      };
    }

    public McpHost start() throws Exception {
      McpHost host = new McpHost(this);
      this.host = host;
      try {
        return host.start();
      } catch (Exception | Error e) {
        host.close();
        throw e;
      }
    }
  }
}
