package dev.otpgateway.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The OpenAPI 3.1 document, written as YAML for review (src/main/resources/openapi.yaml) and served
 * as JSON at {@code /openapi.json}.
 */
public final class OpenApiDocument {
  static final String RESOURCE = "/openapi.yaml";

  private OpenApiDocument() {}

  public static JsonNode tree() {
    try (InputStream in = OpenApiDocument.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing from the jar");
      }
      return new ObjectMapper(new YAMLFactory()).readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Buffer json() {
    try {
      return Buffer.buffer(new ObjectMapper().writeValueAsBytes(tree()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
