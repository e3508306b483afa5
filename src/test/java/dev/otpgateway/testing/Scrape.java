package dev.otpgateway.testing;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads series from the gateway's /metrics by name and labels, whatever order labels print in. */
public final class Scrape {
  private static final Pattern LINE =
      Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})? (\\S+)$");
  private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"([^\"]*)\"");

  private Scrape() {}

  /** The sum of every series of {@code name} that carries at least these labels; 0 when none. */
  public static double sum(TestGateway gw, String name, Map<String, String> labels) {
    return sum(gw.api.raw().get("/metrics", null).body(), name, labels);
  }

  /** The same, over an exposition text (e.g. {@code Metrics.scrape()}). */
  public static double sum(String text, String name, Map<String, String> labels) {
    double total = 0;
    for (String line : text.split("\n")) {
      Matcher m = LINE.matcher(line);
      if (!m.matches() || !m.group(1).equals(name)) {
        continue;
      }
      Map<String, String> have = new java.util.HashMap<>();
      if (m.group(2) != null) {
        Matcher l = LABEL.matcher(m.group(2));
        while (l.find()) {
          have.put(l.group(1), l.group(2));
        }
      }
      if (have.entrySet().containsAll(labels.entrySet())) {
        total += Double.parseDouble(m.group(3));
      }
    }
    return total;
  }

  /** {@code otp_circuit_state} of one provider: 0 closed, 1 half-open, 2 open. */
  public static int circuit(TestGateway gw, String provider) {
    return (int) sum(gw, "otp_circuit_state", Map.of("provider", provider));
  }
}
