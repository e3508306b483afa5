package dev.otpgateway.app;

import dev.otpgateway.providers.Provider;
import dev.otpgateway.providers.RcsProvider;
import dev.otpgateway.providers.messagebird.MessageBirdProvider;
import dev.otpgateway.providers.messagebird.MessageBirdSettings;
import dev.otpgateway.providers.messagebird.simulated.MessageBirdSimulatedApi;
import dev.otpgateway.providers.rbm.RbmProvider;
import dev.otpgateway.providers.rbm.RbmSettings;
import dev.otpgateway.providers.rbm.simulated.RbmSimulatedApi;
import dev.otpgateway.providers.simulator.SimulatedApi;
import dev.otpgateway.providers.sinch.SinchProvider;
import dev.otpgateway.providers.sinch.SinchSettings;
import dev.otpgateway.providers.sinch.simulated.SinchSimulatedApi;
import dev.otpgateway.providers.twilio.TwilioProvider;
import dev.otpgateway.providers.twilio.TwilioSettings;
import dev.otpgateway.providers.twilio.simulated.TwilioSimulatedApi;
import io.vertx.core.Vertx;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the provider adapters that have credentials, and the simulated wire APIs that stand in for
 * them when the built-in simulator is on.
 */
final class ProviderWiring {
  private static final SecureRandom RANDOM = new SecureRandom();

  private ProviderWiring() {}

  /** The adapters in use, the RCS one among them (or null), and how to release them. */
  record Wired(Map<String, Provider> byName, RcsProvider rcs, List<Runnable> closers) {
    void close() {
      closers.forEach(Runnable::run);
    }
  }

  /**
   * Credentials the embedded simulator and the adapters share: the configured ones where set, fresh
   * random ones elsewhere, so every adapter authenticates against the simulator like against the
   * real API.
   */
  static ProviderSettings simulatorCredentials(ProviderSettings c) {
    TwilioSettings t = c.twilio();
    SinchSettings s = c.sinch();
    MessageBirdSettings m = c.messagebird();
    RbmSettings r = c.rbm();
    return new ProviderSettings(
        new TwilioSettings(
            or(t.accountSid(), "AC" + hex(16)),
            or(t.authToken(), hex(16)),
            t.baseUrl(),
            t.timeout(),
            t.maxConnections(),
            t.threads()),
        new SinchSettings(
            or(s.servicePlanId(), hex(16)),
            or(s.apiToken(), hex(16)),
            or(s.webhookSecret(), hex(16)),
            s.baseUrl(),
            s.timeout()),
        new MessageBirdSettings(
            or(m.accessKey(), hex(12)),
            or(m.signingKey(), hex(16)),
            m.baseUrl(),
            m.timeout(),
            m.maxConnections()),
        new RbmSettings(
            or(r.agentId(), "otp-gateway-simulated-agent"),
            or(r.accessToken(), hex(16)),
            or(r.webhookToken(), hex(16)),
            r.baseUrl(),
            r.timeout()));
  }

  /** The same settings with every base URL pointed at the simulator. */
  static ProviderSettings pointedAt(ProviderSettings c, String simulatorBaseUrl) {
    TwilioSettings t = c.twilio();
    SinchSettings s = c.sinch();
    MessageBirdSettings m = c.messagebird();
    RbmSettings r = c.rbm();
    return new ProviderSettings(
        new TwilioSettings(
            t.accountSid(),
            t.authToken(),
            simulatorBaseUrl + "/twilio",
            t.timeout(),
            t.maxConnections(),
            t.threads()),
        new SinchSettings(
            s.servicePlanId(),
            s.apiToken(),
            s.webhookSecret(),
            simulatorBaseUrl + "/sinch",
            s.timeout()),
        new MessageBirdSettings(
            m.accessKey(),
            m.signingKey(),
            simulatorBaseUrl + "/messagebird",
            m.timeout(),
            m.maxConnections()),
        new RbmSettings(
            r.agentId(),
            r.accessToken(),
            r.webhookToken(),
            simulatorBaseUrl + "/rbm",
            r.timeout()));
  }

  /** Every provider's simulated wire API, accepting these credentials. */
  static List<SimulatedApi> simulatedApis(ProviderSettings c) {
    List<SimulatedApi> apis = new ArrayList<>();
    apis.add(new TwilioSimulatedApi(c.twilio().accountSid(), c.twilio().authToken()));
    apis.add(
        new SinchSimulatedApi(
            c.sinch().servicePlanId(), c.sinch().apiToken(), c.sinch().webhookSecret()));
    apis.add(
        new MessageBirdSimulatedApi(c.messagebird().accessKey(), c.messagebird().signingKey()));
    apis.add(new RbmSimulatedApi(c.rbm().agentId(), c.rbm().accessToken(), c.rbm().webhookToken()));
    return apis;
  }

  /**
   * An adapter for every provider that has credentials, reading time from the gateway's clock (the
   * simulator signs receipts with it too).
   */
  static Wired adapters(Vertx vertx, ProviderSettings c, Clock clock) {
    Map<String, Provider> byName = new LinkedHashMap<>();
    List<Runnable> closers = new ArrayList<>();
    RcsProvider rcs = null;
    if (c.twilio().hasCredentials()) {
      byName.put("twilio", new TwilioProvider(vertx, c.twilio(), clock));
    }
    if (c.sinch().hasCredentials()) {
      byName.put("sinch", new SinchProvider(vertx, c.sinch(), clock));
    }
    if (c.messagebird().hasCredentials()) {
      byName.put("messagebird", new MessageBirdProvider(vertx, c.messagebird(), clock));
    }
    if (c.rbm().hasCredentials()) {
      RbmProvider rbm = new RbmProvider(vertx, c.rbm(), clock);
      byName.put(rbm.name(), rbm);
      rcs = rbm;
    }
    byName.values().forEach(p -> closers.add(p::close));
    return new Wired(Map.copyOf(byName), rcs, closers);
  }

  private static String or(String configured, String generated) {
    return configured.isEmpty() ? generated : configured;
  }

  private static String hex(int bytes) {
    byte[] b = new byte[bytes];
    RANDOM.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }
}
