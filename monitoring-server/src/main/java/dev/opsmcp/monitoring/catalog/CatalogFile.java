package dev.opsmcp.monitoring.catalog;

import dev.opsmcp.common.tool.ToolFailure;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The operator's catalog file ({@code OPSMCP_CATALOG_FILE}, YAML, or JSON which is YAML too):
 * {@code tenant} (default {@code default}) and {@code services}, each with {@code name} and the
 * fields of {@code PUT /api/v1/services/{name}}. Read and validated whole before the server binds,
 * so a bad edit stops the start and never loads half a file; then stored with source {@code file}.
 */
public final class CatalogFile {
  record Entry(
      String name,
      String team,
      List<String> dependsOn,
      String healthUrl,
      Slo slo,
      String runbookUrl) {}

  record Content(String tenant, List<Entry> services) {}

  static final String DEFAULT_TENANT = "default";
  private static final YAMLMapper YAML =
      YAMLMapper.builder()
          .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .build();

  private final String tenant;
  private final List<CatalogService> services;

  private CatalogFile(String tenant, List<CatalogService> services) {
    this.tenant = tenant;
    this.services = List.copyOf(services);
  }

  /** Reads and validates {@code file}; a failure names the file and what is wrong. */
  public static CatalogFile read(Path file) throws IOException {
    Content content;
    try {
      content = YAML.readValue(Files.readString(file), Content.class);
    } catch (JacksonException e) {
      throw new IllegalArgumentException(
          "OPSMCP_CATALOG_FILE " + file + " is not a valid catalog: " + e.getOriginalMessage(), e);
    }
    if (content == null || content.services() == null) {
      throw new IllegalArgumentException(
          "OPSMCP_CATALOG_FILE " + file + " must hold `services:` with a list of services");
    }
    String tenant = content.tenant() == null ? DEFAULT_TENANT : content.tenant().strip();
    List<CatalogService> valid = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (Entry e : content.services()) {
      try {
        CatalogService s =
            Catalog.validate(
                new CatalogService(
                    e.name(),
                    e.team(),
                    e.dependsOn() == null ? List.of() : e.dependsOn(),
                    e.healthUrl(),
                    e.slo(),
                    e.runbookUrl(),
                    "file"));
        if (!names.add(s.name())) {
          throw new IllegalArgumentException(
              "OPSMCP_CATALOG_FILE " + file + ": service " + s.name() + " is declared twice");
        }
        valid.add(s);
      } catch (ToolFailure f) {
        throw new IllegalArgumentException(
            "OPSMCP_CATALOG_FILE " + file + ": service " + e.name() + ": " + f.getMessage(), f);
      }
    }
    return new CatalogFile(tenant, valid);
  }

  /**
   * Stores the file's services, and removes those an earlier version of the file declared but this
   * one does not; returns how many it declares.
   */
  public int apply(Catalog catalog) {
    Set<String> names = new HashSet<>();
    services.forEach(s -> names.add(s.name()));
    for (CatalogService s : catalog.list(tenant, null)) {
      if (s.source().equals("file") && !names.contains(s.name())) {
        catalog.delete(tenant, s.name());
      }
    }
    for (CatalogService s : services) {
      try {
        catalog.put(tenant, s);
      } catch (ToolFailure f) {
        throw new IllegalStateException(f);
      }
    }
    return services.size();
  }
}
