package dev.otpgateway.cluster;

import static dev.otpgateway.verification.DestinationStore.RATE_WINDOW_MILLIS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.otpgateway.events.Ids;
import java.util.List;
import org.junit.jupiter.api.Test;

class DestinationStateTest {
  private static final long NOW = 1_780_000_000_000L;

  @Test
  void a_state_reads_back_as_it_was_stored() {
    List<DestinationState> states =
        List.of(
            DestinationState.EMPTY,
            DestinationState.EMPTY.withSend(NOW),
            new DestinationState(Ids.mint(Ids.VERIFICATION), NOW + 600_000, "", new long[] {NOW}),
            new DestinationState(
                "not-minted-id", NOW + 60_000, "42.00|EUR|Acme", new long[] {NOW - 5, NOW}),
            new DestinationState(null, 0, "", new long[] {NOW - 3_000_000, NOW - 1, NOW}));

    for (DestinationState state : states) {
      DestinationState read = DestinationState.decode(state.encode());

      assertThat(read.liveId()).isEqualTo(state.liveId());
      assertThat(read.liveExpiresAt()).isEqualTo(state.liveExpiresAt());
      assertThat(read.binding()).isEqualTo(state.binding());
      assertThat(read.sendTimes()).containsExactly(state.sendTimes());
    }
  }

  @Test
  void a_records_end_is_read_from_its_bytes_as_from_the_state() {
    List<DestinationState> states =
        List.of(
            DestinationState.EMPTY,
            // the newest send is not always the last: members' clocks differ
            new DestinationState(null, 0, "", new long[] {NOW, NOW - 10}),
            // a code superseded late can outlive the window
            new DestinationState(
                Ids.mint(Ids.VERIFICATION),
                NOW + RATE_WINDOW_MILLIS + 1,
                "",
                new long[] {NOW - 1_000}),
            new DestinationState("x", NOW + 1, "b", new long[0]));

    for (DestinationState state : states) {
      assertThat(DestinationState.keepUntil(state.encode(), 0, RATE_WINDOW_MILLIS))
          .isEqualTo(state.keepUntil(RATE_WINDOW_MILLIS));
    }
    assertThat(
            DestinationState.keepUntil(
                new DestinationState(null, 0, "", new long[] {NOW, NOW - 10}).encode(),
                0,
                RATE_WINDOW_MILLIS))
        .isEqualTo(NOW + RATE_WINDOW_MILLIS);
  }

  @Test
  void pruning_drops_the_sends_out_of_the_window_and_a_dead_code() {
    String id = Ids.mint(Ids.VERIFICATION);
    DestinationState state =
        new DestinationState(id, NOW + 1_000, "b", new long[] {NOW - RATE_WINDOW_MILLIS, NOW - 5});

    DestinationState live = state.pruned(NOW, RATE_WINDOW_MILLIS);
    assertThat(live.sendTimes()).containsExactly(NOW - 5);
    assertThat(live.liveId()).isEqualTo(id);
    assertThat(live.binding()).isEqualTo("b");

    DestinationState dead = state.pruned(NOW + 1_000, RATE_WINDOW_MILLIS);
    assertThat(dead.liveId()).isNull();
    assertThat(dead.liveExpiresAt()).isZero();
    assertThat(dead.binding()).isEmpty();
    assertThat(dead.encode()).as("what a number costs for the rest of its hour").hasSize(22);
  }

  @Test
  void a_starts_record_takes_38_bytes() {
    // A minted id as its 128 bits, one send, no binding: what most records hold for an hour.
    DestinationState state =
        new DestinationState(Ids.mint(Ids.VERIFICATION), NOW + 600_000, "", new long[] {NOW});

    assertThat(state.encode()).hasSize(38);
  }

  @Test
  void bytes_of_another_encoding_are_refused() {
    byte[] stored = DestinationState.EMPTY.withSend(NOW).encode();
    stored[0] = 9;

    assertThatThrownBy(() -> DestinationState.decode(stored))
        .hasMessage("unknown destination encoding version 9");
    assertThatThrownBy(() -> DestinationState.keepUntil(stored, 0, RATE_WINDOW_MILLIS))
        .hasMessage("unknown destination encoding version 9");
  }
}
