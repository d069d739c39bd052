package dev.opsmcp.dist;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * JSON-RPC messages that are well-formed JSON but wrong as messages: bad versions, ids and method
 * names, hostile params for the methods the servers answer, notifications, and responses to
 * requests the server never sent.
 */
final class Envelopes {
  /** A message, and the id of the request it carries (null if none to wait for). */
  record Message(String json, Long requestId) {}

  private Envelopes() {}

  static List<Message> messages(LongSupplier ids) {
    List<Message> messages = new ArrayList<>();
    for (String envelope :
        List.of(
            "{\"jsonrpc\":\"1.0\",\"id\":1,\"method\":\"ping\"}",
            "{\"id\":1,\"method\":\"ping\"}",
            "{\"jsonrpc\":2.0,\"id\":1,\"method\":\"ping\"}",
            "{\"jsonrpc\":\"2.0\",\"id\":{\"a\":1},\"method\":\"ping\"}",
            "{\"jsonrpc\":\"2.0\",\"id\":[1],\"method\":\"ping\"}",
            "{\"jsonrpc\":\"2.0\",\"id\":1.5,\"method\":\"ping\"}",
            "{\"jsonrpc\":\"2.0\",\"id\":true,\"method\":\"ping\"}",
            "{\"jsonrpc\":\"2.0\",\"id\":\"" + "i".repeat(5_000) + "\",\"method\":\"ping\"}",
            "{\"jsonrpc\":\"2.0\",\"method\":5}",
            "{\"jsonrpc\":\"2.0\",\"result\":{}}",
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{},\"error\":{\"code\":1,\"message\":\"m\"}}")) {
      messages.add(new Message(envelope, null));
    }
    for (String method :
        List.of("", " ", "no/such", "x".repeat(100_000), "tools/call ", "TOOLS/LIST")) {
      long id = ids.getAsLong();
      messages.add(new Message(request(id, HostileValues.json(method), null), id));
    }
    for (String raw : HostileValues.RAW_VALUES) {
      for (String method :
          List.of(
              "ping", "tools/list", "tools/call", "initialize", "prompts/get", "resources/read")) {
        long id = ids.getAsLong();
        messages.add(new Message(request(id, quoted(method), raw), id));
      }
      long id = ids.getAsLong();
      messages.add(new Message(request(id, quoted("tools/list"), "{\"cursor\":" + raw + "}"), id));
      id = ids.getAsLong();
      messages.add(
          new Message(request(id, quoted("logging/setLevel"), "{\"level\":" + raw + "}"), id));
      id = ids.getAsLong();
      messages.add(
          new Message(
              request(
                  id, quoted("prompts/get"), "{\"name\":" + raw + ",\"arguments\":" + raw + "}"),
              id));
      id = ids.getAsLong();
      messages.add(new Message(request(id, quoted("resources/read"), "{\"uri\":" + raw + "}"), id));
      id = ids.getAsLong();
      messages.add(
          new Message(
              request(
                  id,
                  quoted("initialize"),
                  "{\"protocolVersion\":"
                      + raw
                      + ",\"capabilities\":"
                      + raw
                      + ",\"clientInfo\":"
                      + raw
                      + "}"),
              id));
      id = ids.getAsLong();
      messages.add(
          new Message(
              request(
                  id,
                  quoted("tools/call"),
                  "{\"name\":\"system_info\",\"arguments\":{},\"_meta\":{\"progressToken\":"
                      + raw
                      + "}}"),
              id));
      messages.add(
          new Message(
              "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\",\"params\":"
                  + raw
                  + "}",
              null));
      messages.add(
          new Message(
              "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":"
                  + "{\"requestId\":"
                  + raw
                  + ",\"reason\":"
                  + raw
                  + "}}",
              null));
      messages.add(
          new Message(
              "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\",\"params\":"
                  + "{\"progressToken\":"
                  + raw
                  + ",\"progress\":"
                  + raw
                  + "}}",
              null));
      messages.add(
          new Message(
              "{\"jsonrpc\":\"2.0\",\"id\":" + ids.getAsLong() + ",\"result\":" + raw + "}", null));
      messages.add(
          new Message(
              "{\"jsonrpc\":\"2.0\",\"id\":" + ids.getAsLong() + ",\"error\":" + raw + "}", null));
    }
    long loud = ids.getAsLong();
    messages.add(
        new Message(request(loud, quoted("logging/setLevel"), "{\"level\":\"loud\"}"), loud));
    return messages;
  }

  private static String request(long id, String method, String params) {
    return "{\"jsonrpc\":\"2.0\",\"id\":"
        + id
        + ",\"method\":"
        + method
        + (params == null ? "" : ",\"params\":" + params)
        + "}";
  }

  private static String quoted(String method) {
    return "\"" + method + "\"";
  }
}
