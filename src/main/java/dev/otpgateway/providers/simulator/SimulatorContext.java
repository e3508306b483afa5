package dev.otpgateway.providers.simulator;

import dev.otpgateway.providers.DeliveryReceipt;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.client.WebClient;
import java.time.Clock;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * What every simulated API shares: fault settings, the handsets, the message logs, and the client
 * that posts receipts back to the gateway.
 */
public final class SimulatorContext {
  private static final Logger LOG = Logger.getLogger(SimulatorContext.class.getName());

  private final Vertx vertx;
  private final WebClient client;
  private final Clock clock;
  private final String receiptBaseUrl;
  private final Handsets handsets;
  private final Map<String, FaultInjector> faults;
  private final Map<String, MessageLog> logs;
  private volatile boolean closed;

  SimulatorContext(
      Vertx vertx,
      WebClient client,
      Clock clock,
      String receiptBaseUrl,
      Handsets handsets,
      Map<String, FaultInjector> faults,
      Map<String, MessageLog> logs) {
    this.vertx = vertx;
    this.client = client;
    this.clock = clock;
    this.receiptBaseUrl = receiptBaseUrl;
    this.handsets = handsets;
    this.faults = faults;
    this.logs = logs;
  }

  public Vertx vertx() {
    return vertx;
  }

  /** The client that posts receipts; it trusts nothing but what each API signs. */
  public WebClient client() {
    return client;
  }

  public Clock clock() {
    return clock;
  }

  public Handsets handsets() {
    return handsets;
  }

  /** The provider-wide settings. */
  public FaultSettings settings(String provider) {
    return faults.get(provider).settings();
  }

  /** The settings for messages to this number: its country's, else provider-wide. */
  public FaultSettings settings(String provider, String to) {
    return faults.get(provider).settings(to);
  }

  public MessageLog log(String provider) {
    return logs.get(provider);
  }

  /** Where a provider sends receipts when the message named no callback URL of its own. */
  public String defaultReceiptUrl(String provider) {
    return receiptBaseUrl + "/webhooks/" + provider;
  }

  /**
   * Runs a request through the provider's fault settings for this destination: after the configured
   * latency, either answers the injected error in the provider's format or runs {@code onAccepted}.
   *
   * @param to the destination the request is about, or null for calls about none (fetch, list)
   */
  public void afterFaults(
      SimulatedApi api, RoutingContext routing, String to, Runnable onAccepted) {
    FaultInjector.Fate fate = faults.get(api.name()).next(to);
    Runnable action =
        fate.fails() ? () -> api.respondInjectedError(routing, fate.errorStatus()) : onAccepted;
    if (fate.latencyMs() > 0) {
      vertx.setTimer(fate.latencyMs(), t -> action.run());
    } else {
      action.run();
    }
  }

  /**
   * What follows an accepted SMS under the settings for its destination: the handset gets it unless
   * the receipt will say it failed or it is silently dropped, and the receipt the settings ask for
   * is sent after its delay (twice, when duplicated).
   */
  public void settle(SimulatedApi api, SimulatedMessage message) {
    logs.get(api.name()).add(message);
    Settlement settled = settlement(api, message.to());
    if (settled.reachesHandset()) {
      handsets.receive(message);
    }
    switch (settled.dlr()) {
      case DELIVERED -> receipts(api, message, DeliveryReceipt.Status.DELIVERED, settled);
      case FAILED -> receipts(api, message, DeliveryReceipt.Status.FAILED, settled);
      case NONE -> {
        // No receipt ever comes.
      }
    }
  }

  /**
   * Decides what becomes of an accepted message, for APIs that settle it their own way (RBM keeps
   * an undelivered message queued rather than on the handset).
   */
  public Settlement settlement(SimulatedApi api, String to) {
    return faults.get(api.name()).settle(to);
  }

  /** Stops sending receipts: the client that posts them is about to close. */
  void close() {
    closed = true;
  }

  /** Sends the receipt with this status at each of the settlement's times. */
  public void receipts(
      SimulatedApi api,
      SimulatedMessage message,
      DeliveryReceipt.Status status,
      Settlement settled) {
    for (int delayMs : settled.receiptDelaysMs()) {
      scheduleReceipt(api, message, status, delayMs);
    }
  }

  private void scheduleReceipt(
      SimulatedApi api, SimulatedMessage message, DeliveryReceipt.Status status, int delayMs) {
    Runnable send =
        () -> {
          if (closed) {
            return;
          }
          api.sendReceipt(message, status)
              .onFailure(
                  e ->
                      LOG.log(
                          Level.WARNING,
                          () -> api.name() + " receipt for " + message.id() + " not taken: " + e));
        };
    if (delayMs > 0) {
      vertx.setTimer(delayMs, t -> send.run());
    } else {
      vertx.runOnContext(v -> send.run());
    }
  }
}
