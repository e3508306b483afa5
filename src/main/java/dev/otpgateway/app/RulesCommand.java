package dev.otpgateway.app;

import dev.otpgateway.numbers.Destination;
import dev.otpgateway.numbers.PhoneNumbers;
import dev.otpgateway.routing.ChannelPreference;
import dev.otpgateway.routing.DecisionTable;
import dev.otpgateway.routing.ProviderHealth;
import dev.otpgateway.routing.Risk;
import dev.otpgateway.routing.RouteDecider;
import dev.otpgateway.routing.RouteDecision;
import dev.otpgateway.routing.RouteRequest;
import dev.otpgateway.routing.RuleSet;
import dev.otpgateway.routing.RulesException;
import dev.otpgateway.routing.RulesLoader;
import dev.otpgateway.routing.RulesProblem;
import dev.otpgateway.routing.Volumes;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/** {@code rules lint DIR} and {@code rules explain --to NUMBER ...}: the auditor's tools. */
final class RulesCommand {
  private RulesCommand() {}

  static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
    if (args.length >= 2 && args[0].equals("lint")) {
      return lint(Path.of(args[1]), out);
    }
    if (args.length >= 1 && args[0].equals("explain")) {
      return explain(args, env, out, err);
    }
    err.print(Main.USAGE);
    return 2;
  }

  private static int lint(Path dir, PrintStream out) {
    try {
      RuleSet rules = RulesLoader.load(dir);
      out.println(
          "ok: "
              + dir
              + " is clean; version "
              + rules.version()
              + " ("
              + rules.sourceFiles().size()
              + " files)");
      return 0;
    } catch (RulesException e) {
      for (RulesProblem p : e.problems()) {
        out.println(p);
      }
      out.println(e.problems().size() + " problem(s) in " + dir);
      return 1;
    }
  }

  private static int explain(
      String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
    String to = null;
    Risk risk = Risk.LOW;
    ChannelPreference channel = ChannelPreference.AUTO;
    boolean consent = false;
    boolean rcsCapable = false;
    int segments = 1;
    Path dir = Path.of(env.getOrDefault("OTPGW_RULES_DIR", "./routing-rules"));
    try {
      for (int i = 1; i < args.length; i++) {
        switch (args[i]) {
          case "--to" -> to = args[++i];
          case "--risk" -> risk = Risk.valueOf(args[++i].toUpperCase(Locale.ROOT));
          case "--channel" ->
              channel = ChannelPreference.valueOf(args[++i].toUpperCase(Locale.ROOT));
          case "--consent" -> consent = true;
          case "--rcs-capable" -> rcsCapable = true;
          case "--segments" -> segments = Integer.parseInt(args[++i]);
          case "--rules" -> dir = Path.of(args[++i]);
          default -> throw new IllegalArgumentException("unknown option " + args[i]);
        }
      }
    } catch (ArrayIndexOutOfBoundsException | IllegalArgumentException e) {
      err.println(
          "rules explain: "
              + (e.getMessage() == null ? "an option lacks its value" : e.getMessage()));
      err.print(Main.USAGE);
      return 2;
    }
    if (to == null) {
      err.println("rules explain: --to NUMBER is required");
      return 2;
    }
    Destination destination;
    try {
      destination = PhoneNumbers.parse(to);
    } catch (PhoneNumbers.InvalidNumberException e) {
      err.println("rules explain: the number " + e.getMessage());
      return 2;
    }
    RuleSet rules;
    try {
      rules = RulesLoader.load(dir);
    } catch (RulesException e) {
      e.problems().forEach(err::println);
      return 1;
    }
    RouteDecision decision =
        new RouteDecider(rules)
            .decide(
                new RouteRequest(
                    destination.e164(),
                    destination.country(),
                    risk,
                    channel,
                    consent,
                    rcsCapable,
                    segments,
                    null,
                    null),
                ProviderHealth.UNOBSERVED,
                Volumes.NONE);
    out.println(
        "Route for "
            + destination.masked()
            + " ("
            + destination.country()
            + "), risk "
            + risk.id()
            + ", channel "
            + channel.name().toLowerCase(Locale.ROOT)
            + (consent ? ", consent given" : "")
            + (rcsCapable ? ", RCS-capable handset" : "")
            + "; rules "
            + dir
            + "; every breaker closed, no volumes or receipts observed (offline)");
    out.print(DecisionTable.render(decision));
    return 0;
  }
}
