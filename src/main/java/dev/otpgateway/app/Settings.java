package dev.otpgateway.app;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Converted configuration values by key path; only {@link GatewayConfig} reads them. */
record Settings(Map<String, Object> values) {
  String text(String path) {
    return (String) get(path);
  }

  int integer(String path) {
    return (Integer) get(path);
  }

  Path path(String path) {
    return (Path) get(path);
  }

  Switch switchValue(String path) {
    return (Switch) get(path);
  }

  @SuppressWarnings("unchecked")
  List<String> list(String path) {
    return (List<String>) get(path);
  }

  @SuppressWarnings("unchecked")
  java.util.Optional<byte[]> bytes(String path) {
    return (java.util.Optional<byte[]>) get(path);
  }

  java.math.BigDecimal usd(String path) {
    return (java.math.BigDecimal) get(path);
  }

  JsonNode node(String path) {
    return (JsonNode) get(path);
  }

  private Object get(String path) {
    if (!values.containsKey(path)) {
      throw new IllegalArgumentException("no configuration key " + path);
    }
    return values.get(path);
  }
}
