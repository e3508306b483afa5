package dev.otpgateway.api;

import dev.otpgateway.errors.GatewayException;
import dev.otpgateway.errors.GatewayException.Kind;
import dev.otpgateway.routing.RulesException;
import dev.otpgateway.routing.RulesLoader;
import dev.otpgateway.routing.RulesProblem;
import dev.otpgateway.verification.RulesInForce;
import dev.otpgateway.verification.StartCommand;
import dev.otpgateway.verification.VerificationStarter;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Route previews and the rules: read, validate, reload. */
final class RoutingHandlers {
  private static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9._/-]{1,128}\\.ya?ml");

  private final VerificationStarter verifications;
  private final RulesInForce rules;

  RoutingHandlers(VerificationStarter verifications, RulesInForce rules) {
    this.verifications = verifications;
    this.rules = rules;
  }

  void preview(RoutingContext ctx) {
    StartCommand command = VerificationRequests.start(JsonFields.parse(ctx.body().buffer()));
    verifications
        .preview(Auth.tenantOf(ctx), command)
        .onSuccess(
            d ->
                Responses.send(
                    ctx, 200, RoutingViews.decision(d, verifications.availableProviders())))
        .onFailure(ctx::fail);
  }

  void read(RoutingContext ctx) {
    Responses.send(ctx, 200, RoutingViews.rules(rules.current(), rules.dir().toString()));
  }

  /** Lints rules documents sent in the body, without loading them. */
  void validate(RoutingContext ctx) {
    JsonFields fields = JsonFields.parse(ctx.body().buffer());
    Map<String, String> files =
        fields.textMap("files", FILE_NAME, "a file name ending in .yaml or .yml", 1_000_000);
    if (files == null && !fields.has("files")) {
      fields.error("files", "is required: an object of file name to YAML text");
    } else if (files != null && files.isEmpty()) {
      fields.error("files", "must name at least one file");
    }
    fields.finish();
    ctx.vertx()
        .executeBlocking(() -> validated(new LinkedHashMap<>(files)), false)
        .onSuccess(result -> Responses.send(ctx, 200, result))
        .onFailure(ctx::fail);
  }

  record Validation(boolean valid, String version, List<RoutingViews.ProblemView> problems) {}

  private static Validation validated(Map<String, String> files) {
    List<RulesProblem> problems = RulesLoader.validate(files);
    if (!problems.isEmpty()) {
      return new Validation(false, null, RoutingViews.problems(problems));
    }
    return new Validation(true, RulesLoader.fromDocuments(files).version(), List.of());
  }

  void reload(RoutingContext ctx) {
    rules
        .reload()
        .onSuccess(
            loaded -> Responses.send(ctx, 200, RoutingViews.rules(loaded, rules.dir().toString())))
        .onFailure(
            e -> {
              if (e instanceof RulesException r) {
                ctx.fail(
                    GatewayException.of(
                            Kind.UNPROCESSABLE,
                            "rules_invalid",
                            "the rules in "
                                + rules.dir()
                                + " failed to load; "
                                + rules.current().rules().version()
                                + " stays in force")
                        .with(
                            Map.of(
                                "in_force",
                                rules.current().rules().version(),
                                "problems",
                                RoutingViews.problems(r.problems()))));
              } else {
                ctx.fail(e);
              }
            });
  }
}
