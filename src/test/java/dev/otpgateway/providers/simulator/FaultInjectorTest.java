package dev.otpgateway.providers.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The fates the settings decide, drawn the same way on every run. */
class FaultInjectorTest {
  private static final String US = "+12025550150";
  private static final String AU = "+61491570156";

  @Test
  void a_latency_distribution_has_the_median_and_99th_percentile_it_was_given() {
    FaultInjector faults = injector("{\"latency\": {\"median_ms\": 300, \"p99_ms\": 2000}}");

    List<Integer> drawn = latencies(faults, US, 20_000);

    assertThat(percentile(drawn, 0.50)).isBetween(285, 315);
    assertThat(percentile(drawn, 0.99)).isBetween(1800, 2200);
    assertThat(percentile(drawn, 0.01)).isBetween(30, 60);
  }

  @Test
  void the_same_settings_draw_the_same_delays_and_another_seed_others() {
    String settings = "{\"latency\": {\"median_ms\": 300, \"p99_ms\": 2000, \"seed\": 7}}";

    List<Integer> first = latencies(injector(settings), US, 50);
    List<Integer> again = latencies(injector(settings), US, 50);
    List<Integer> other =
        latencies(
            injector("{\"latency\": {\"median_ms\": 300, \"p99_ms\": 2000, \"seed\": 8}}"), US, 50);

    assertThat(again).isEqualTo(first);
    assertThat(other).isNotEqualTo(first);
  }

  @Test
  void each_change_of_settings_starts_the_draws_again() {
    FaultInjector faults = injector("{\"latency\": {\"median_ms\": 300, \"p99_ms\": 2000}}");
    List<Integer> first = latencies(faults, US, 10);

    faults.configure(new JsonObject().put("error_rate", 0.0));

    assertThat(latencies(faults, US, 10)).isEqualTo(first);
  }

  @Test
  void a_constant_latency_stays_constant_and_a_distribution_never_exceeds_the_maximum() {
    assertThat(latencies(injector("{\"latency_ms\": 250}"), US, 100)).containsOnly(250);

    List<Integer> capped =
        latencies(injector("{\"latency\": {\"median_ms\": 50000, \"p99_ms\": 60000}}"), US, 1000);

    assertThat(Collections.max(capped)).isEqualTo(FaultSettings.MAX_LATENCY_MS);
  }

  @Test
  void receipt_delays_follow_their_own_distribution() {
    FaultInjector faults =
        injector("{\"dlr_delay\": {\"median_ms\": 2000, \"p99_ms\": 30000, \"seed\": 3}}");
    List<Integer> drawn = new ArrayList<>();
    for (int i = 0; i < 20_000; i++) {
      drawn.add(faults.settle(US).receiptDelaysMs().get(0));
    }

    assertThat(percentile(drawn, 0.50)).isBetween(1900, 2100);
    assertThat(percentile(drawn, 0.99)).isBetween(27_000, 33_000);
  }

  @Test
  void late_receipts_come_that_much_later_and_duplicates_after_the_original() {
    FaultInjector faults =
        injector(
            "{\"dlr_delay_ms\": 100, \"dlr_late_rate\": 0.5, \"dlr_late_ms\": 90000,"
                + " \"dlr_duplicate_rate\": 1.0}");

    assertThat(faults.settle(US).receiptDelaysMs()).containsExactly(100, 200);
    assertThat(faults.settle(US).receiptDelaysMs()).containsExactly(90_100, 90_200);
    assertThat(faults.settle(US).receiptDelaysMs()).containsExactly(100, 200);
  }

  @Test
  void a_message_without_a_receipt_still_reaches_the_handset_unless_dropped() {
    FaultInjector faults = injector("{\"dlr\": \"none\", \"silent_drop_rate\": 0.5}");

    Settlement first = faults.settle(US);
    Settlement second = faults.settle(US);

    assertThat(first.receiptDelaysMs()).isEmpty();
    assertThat(first.reachesHandset()).isTrue();
    assertThat(second.reachesHandset()).isFalse();
  }

  @Test
  void a_failed_message_never_reaches_the_handset_and_spends_no_drop() {
    FaultInjector faults =
        injector(
            "{\"silent_drop_rate\": 0.5, \"countries\": {\"AU\": {\"dlr\": \"failed\"},"
                + " \"US\": {}}}");

    assertThat(faults.settle(AU).reachesHandset()).isFalse();
    assertThat(faults.settle(AU).dlr()).isEqualTo(FaultSettings.Dlr.FAILED);
    assertThat(faults.settle(US).reachesHandset()).isTrue();
    assertThat(faults.settle(US).reachesHandset()).isFalse();
  }

  @Test
  void each_country_spreads_its_errors_on_its_own() {
    FaultInjector faults =
        injector("{\"error_rate\": 0.5, \"countries\": {\"AU\": {\"error_rate\": 0.5}}}");

    List<Boolean> us = new ArrayList<>();
    List<Boolean> au = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      us.add(faults.next(US).fails());
      au.add(faults.next(AU).fails());
    }

    assertThat(us).containsExactly(false, true, false, true);
    assertThat(au).containsExactly(false, true, false, true);
  }

  @Test
  void a_number_the_simulator_cannot_place_gets_the_provider_wide_settings() {
    FaultInjector faults = injector("{\"countries\": {\"AU\": {\"down\": true}}}");

    assertThat(faults.next("not a number").fails()).isFalse();
    assertThat(faults.next(null).fails()).isFalse();
    assertThat(faults.next(AU).errorStatus()).isEqualTo(503);
  }

  private static FaultInjector injector(String settings) {
    FaultInjector faults = new FaultInjector("plain", Set.of());
    faults.configure(new JsonObject(settings));
    return faults;
  }

  private static List<Integer> latencies(FaultInjector faults, String to, int count) {
    List<Integer> drawn = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      drawn.add(faults.next(to).latencyMs());
    }
    return drawn;
  }

  private static int percentile(List<Integer> values, double p) {
    List<Integer> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return sorted.get((int) Math.ceil(p * sorted.size()) - 1);
  }
}
