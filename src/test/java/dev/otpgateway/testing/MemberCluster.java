package dev.otpgateway.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Three gateway members as their own processes on loopback, writing their ledgers to one PostgreSQL
 * database and sending through one simulator process, as an operator runs them. Each member can be
 * killed, stopped with SIGTERM and started again on its own ports, and cut off from the others by a
 * real partition ({@link LoopbackPartition}): each member's outgoing cluster connections bind to
 * ports of its own for that.
 */
public final class MemberCluster implements AutoCloseable {
  public static final String ADMIN = "otpa_member-cluster-admin-key-of-32";
  private static final String SECRET = "Y3Jhc2gtdGVzdC1zZWNyZXQtb2YtdGhpcnR5LXR3byE=";

  /**
   * Local ports for each member's outgoing cluster connections: one per other member, and room for
   * reconnects, for connects a partition leaves hanging, and for ports a closed connection holds in
   * TIME_WAIT for a minute (Hazelcast binds them without SO_REUSEADDR). When every port is taken,
   * Hazelcast 5.6 leaks the socket of each connection attempt (docs/reliability.md): with 6 ports a
   * member once ran out of file descriptors at a heal.
   */
  private static final int OUTBOUND_PORTS = 32;

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private static final Pattern MEMBERS = Pattern.compile("(?m)^otp_cluster_members ([0-9.]+)$");

  private final int size;
  private final int[] http;
  private final int[] cluster;

  /** Each member's outbound ports, as a range: {@code first-last}. */
  private final List<String> outbound = new ArrayList<>();

  private final List<String> bases = new ArrayList<>();
  private final List<GatewayProcess> members = new ArrayList<>();
  private final Map<String, String> shared = new HashMap<>();
  private final GatewayProcess simulator;
  private final String simulatorBase;

  /**
   * Starts the simulator and three members.
   *
   * @param settings further variables for every member (a code lifetime, say)
   */
  public MemberCluster(Postgres pg, Map<String, String> settings) {
    size = 3;
    http = new int[size];
    cluster = new int[size];
    for (int i = 0; i < size; i++) {
      http[i] = Ports.free();
      cluster[i] = Ports.free();
      int first = Ports.block(OUTBOUND_PORTS);
      outbound.add(first + "-" + (first + OUTBOUND_PORTS - 1));
      bases.add("http://127.0.0.1:" + http[i]);
    }
    shared.put("OTPGW_SIMULATOR", "false");
    shared.put("OTPGW_ADMIN_KEY", ADMIN);
    shared.put("OTPGW_OTP_SECRET", SECRET);
    shared.put("OTPGW_DEMO_TENANT", "false");
    shared.put("OTPGW_LEDGER_POSTGRES_URL", pg.url());
    // The simulator sends every receipt to member 0.
    shared.put("OTPGW_PUBLIC_BASE_URL", bases.get(0));
    shared.put("OTPGW_PROVIDERS_TWILIO_ACCOUNT_SID", "AC00000000000000000000000000000009");
    shared.put("OTPGW_PROVIDERS_TWILIO_AUTH_TOKEN", "crash-twilio-token");
    shared.put("OTPGW_PROVIDERS_SINCH_SERVICE_PLAN_ID", "crashplan");
    shared.put("OTPGW_PROVIDERS_SINCH_API_TOKEN", "crash-sinch-token");
    shared.put("OTPGW_PROVIDERS_SINCH_WEBHOOK_SECRET", "crash-sinch-secret");
    shared.put("OTPGW_PROVIDERS_MESSAGEBIRD_ACCESS_KEY", "crash-mb-key");
    shared.put("OTPGW_PROVIDERS_MESSAGEBIRD_SIGNING_KEY", "crash-mb-signing");
    shared.put("OTPGW_PROVIDERS_RBM_AGENT_ID", "crash-agent");
    shared.put("OTPGW_PROVIDERS_RBM_ACCESS_TOKEN", "crash-rbm-token");
    shared.put("OTPGW_PROVIDERS_RBM_WEBHOOK_TOKEN", "crash-rbm-webhook");
    int simulatorPort = Ports.free();
    simulatorBase = "http://127.0.0.1:" + simulatorPort;
    Map<String, String> simulatorEnv = new HashMap<>(shared);
    simulatorEnv.put("OTPGW_SIMULATOR_PORT", Integer.toString(simulatorPort));
    for (String p : List.of("twilio", "sinch", "messagebird", "rbm")) {
      shared.put("OTPGW_PROVIDERS_" + p.toUpperCase() + "_BASE_URL", simulatorBase + "/" + p);
    }
    shared.putAll(settings);
    simulator = GatewayProcess.start("simulator", simulatorEnv, List.of("simulator"), null);
    try {
      for (int i = 0; i < size; i++) {
        members.add(start(i));
      }
    } catch (RuntimeException | Error e) {
      // No try-with-resources holds this cluster yet: stop what did start.
      close();
      throw e;
    }
  }

  public int size() {
    return size;
  }

  public List<String> bases() {
    return bases;
  }

  public String base(int i) {
    return bases.get(i);
  }

  /** The simulator's own URL: its handsets' messages and its fault injection. */
  public String simulatorBase() {
    return simulatorBase;
  }

  public GatewayProcess member(int i) {
    return members.get(i);
  }

  private GatewayProcess start(int i) {
    Map<String, String> env = new HashMap<>(shared);
    env.put("OTPGW_HTTP_PORT", Integer.toString(http[i]));
    env.put("OTPGW_CLUSTER_PORT", Integer.toString(cluster[i]));
    env.put("OTPGW_CLUSTER_OUTBOUND_PORTS", outbound.get(i));
    env.put("OTPGW_DATA_DIR", TestGateway.tempDir().toString());
    List<String> others = new ArrayList<>();
    for (int j = 0; j < size; j++) {
      if (j != i) {
        others.add("127.0.0.1:" + cluster[j]);
      }
    }
    env.put("OTPGW_CLUSTER_MEMBERS", String.join(",", others));
    return GatewayProcess.start(
        "member-" + i + "-" + System.nanoTime(), env, List.of(), bases.get(i) + "/health/ready");
  }

  /** {@code kill -9} of member {@code i}, and the member started again once it is gone. */
  public void killAndStart(int i) {
    members.get(i).kill();
    members.set(i, start(i));
  }

  /**
   * SIGTERM to member {@code i}, and once it has left, the member started again.
   *
   * @return the process that stopped, for its log
   */
  public GatewayProcess restart(int i) {
    GatewayProcess stopped = members.get(i);
    stopped.terminate();
    members.set(i, start(i));
    return stopped;
  }

  /** SIGTERM to every member, each waited for. */
  public void terminateAll() {
    members.forEach(GatewayProcess::terminate);
  }

  /**
   * Cuts the members in {@code side} off from the others: their cluster connections go silent,
   * their HTTP stays up.
   */
  public LoopbackPartition partition(List<Integer> side) {
    List<String> a = new ArrayList<>();
    List<String> b = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      List<String> ports = side.contains(i) ? a : b;
      ports.add(Integer.toString(cluster[i]));
      ports.add(outbound.get(i));
    }
    return LoopbackPartition.cut(a, b);
  }

  /** The cluster's size as member {@code i} sees it ({@code otp_cluster_members}), or -1. */
  public int membersSeenBy(int i) {
    try {
      HttpResponse<String> r =
          HTTP.send(
              HttpRequest.newBuilder(URI.create(bases.get(i) + "/metrics"))
                  .timeout(Duration.ofSeconds(2))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      Matcher m = MEMBERS.matcher(r.body());
      return m.find() ? (int) Double.parseDouble(m.group(1)) : -1;
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Waits until member {@code i} sees a cluster of {@code expected} members. */
  public void awaitMembersSeen(int i, int expected, Duration within) {
    Await.until(
        "member " + i + " sees " + expected + " members",
        within,
        () -> membersSeenBy(i) == expected ? true : null);
  }

  /**
   * Creates a tenant through member 0 with the admin key and answers its API key.
   *
   * @param body the tenant's JSON
   */
  public String createTenant(String body) {
    try {
      HttpResponse<String> r =
          HTTP.send(
              HttpRequest.newBuilder(URI.create(bases.get(0) + "/v1/admin/tenants"))
                  .header("Authorization", "Bearer " + ADMIN)
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString(body))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
      return new JsonObject(r.body()).getString("api_key");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    members.forEach(GatewayProcess::close);
    simulator.close();
  }
}
