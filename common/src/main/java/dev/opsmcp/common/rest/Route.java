package dev.opsmcp.common.rest;

import dev.opsmcp.common.auth.Scope;
import dev.opsmcp.common.tool.ToolFailure;
import java.util.EnumSet;
import java.util.Set;

/**
 * One REST endpoint: method, path (with {@code {variables}}), the scopes that may call it, a
 * summary for the OpenAPI document, its input record (from the query string for GET and DELETE,
 * from the JSON body otherwise) and its handler. Build with {@link #get}, {@link #post} …, then
 * {@link #scopes} and {@link #summary}. Immutable.
 */
public record Route<I extends Record>(
    String method,
    PathTemplate path,
    Set<Scope> scopes,
    String summary,
    Class<I> input,
    Handler<I> handler) {

  /**
   * Handles one call with its parsed input; returns the JSON answer (or a {@link RestResponse}).
   */
  @FunctionalInterface
  public interface Handler<I> {
    Object handle(RestCall call, I input) throws ToolFailure;
  }

  /** A handler of a route that takes no input besides its path. */
  @FunctionalInterface
  public interface Action {
    Object handle(RestCall call) throws ToolFailure;
  }

  /** The input of a route that takes none: any query parameter or body field is refused. */
  public record NoInput() {}

  /**
   * The input of a route whose handler reads the body itself with {@link RestCall#jsonBody}: a
   * format another system defines (a webhook's, read leniently), read only once the handler admits
   * the call.
   */
  public record OwnBody() {}

  public Route {
    if (scopes != null) {
      scopes = Set.copyOf(scopes);
    }
    if (bodyless(method) && !QueryInput.readable(input)) {
      throw new IllegalArgumentException(
          method + " " + path + ": a query string carries only scalars and lists of scalars");
    }
  }

  public static <I extends Record> Route<I> get(String path, Class<I> query, Handler<I> h) {
    return of("GET", path, query, h);
  }

  public static Route<NoInput> get(String path, Action action) {
    return of("GET", path, NoInput.class, (call, none) -> action.handle(call));
  }

  public static <I extends Record> Route<I> post(String path, Class<I> body, Handler<I> h) {
    return of("POST", path, body, h);
  }

  public static Route<NoInput> post(String path, Action action) {
    return of("POST", path, NoInput.class, (call, none) -> action.handle(call));
  }

  /** A POST whose handler reads its JSON body itself ({@link OwnBody}). */
  public static Route<OwnBody> postOwnBody(String path, Action action) {
    return of("POST", path, OwnBody.class, (call, none) -> action.handle(call));
  }

  public static <I extends Record> Route<I> put(String path, Class<I> body, Handler<I> h) {
    return of("PUT", path, body, h);
  }

  public static <I extends Record> Route<I> patch(String path, Class<I> body, Handler<I> h) {
    return of("PATCH", path, body, h);
  }

  public static Route<NoInput> delete(String path, Action action) {
    return of("DELETE", path, NoInput.class, (call, none) -> action.handle(call));
  }

  private static <I extends Record> Route<I> of(
      String method, String path, Class<I> input, Handler<I> handler) {
    return new Route<>(method, new PathTemplate(path), null, null, input, handler);
  }

  /** Callers need one of {@code any}. */
  public Route<I> scopes(Scope first, Scope... more) {
    return new Route<>(method, path, EnumSet.of(first, more), summary, input, handler);
  }

  /** Any credential this server accepts may call it (say so explicitly; there is no default). */
  public Route<I> anyCredential() {
    return new Route<>(method, path, Set.of(), summary, input, handler);
  }

  /** One sentence for the OpenAPI document: what it does and returns. */
  public Route<I> summary(String text) {
    return new Route<>(method, path, scopes, text, input, handler);
  }

  /** Whether the input comes from the query string. */
  boolean readsQuery() {
    return bodyless(method);
  }

  private static boolean bodyless(String method) {
    return method.equals("GET") || method.equals("DELETE");
  }
}
