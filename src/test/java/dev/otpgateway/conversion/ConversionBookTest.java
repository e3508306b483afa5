package dev.otpgateway.conversion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.otpgateway.routing.ConversionEvidence;
import org.junit.jupiter.api.Test;

/**
 * The conversion estimate's evidence per route: a message counts against its route once it has had
 * its chance to be approved (provisionally: an approval that comes later corrects it), everything
 * decays with a ten-minute half-life, and nodes' counts add up in any order.
 */
class ConversionBookTest {
  private static final long T0 = 1_700_000_000_000L;
  private static final String ROUTE = "sinch|IN|sms";

  private static ConversionDelta sent(int n, long at) {
    ConversionDelta d = new ConversionDelta();
    for (int i = 0; i < n; i++) {
      d.sent(ROUTE, at);
    }
    return d;
  }

  private static ConversionEvidence evidence(ConversionBook book, long now) {
    return book.evidence(now).get(ROUTE);
  }

  @Test
  void a_fresh_message_is_no_evidence_until_it_had_its_chance_then_counts_against_the_route() {
    ConversionBook book = new ConversionBook();
    book.merge(sent(10, T0), T0);

    ConversionEvidence early = evidence(book, T0 + 1_000);
    assertThat(early.sends()).as("sends one second in").isCloseTo(0, within(1e-9));

    ConversionEvidence later = evidence(book, T0 + ConversionBook.DEFAULT_FULL_MS + 2_000);
    assertThat(later.sends()).as("sends after 30 s without approvals").isCloseTo(10, within(0.5));
    assertThat(later.approved()).isZero();
  }

  @Test
  void an_approval_that_comes_late_corrects_the_provisional_evidence() {
    ConversionBook book = new ConversionBook();
    book.merge(sent(10, T0), T0);
    long now = T0 + 40_000;
    assertThat(evidence(book, now).approved()).isZero();

    ConversionDelta approvals = new ConversionDelta();
    for (int i = 0; i < 8; i++) {
      approvals.approved(ROUTE, T0, 35_000);
    }
    book.merge(approvals, now);
    ConversionEvidence e = evidence(book, now);
    assertThat(e.approved() / e.sends()).isCloseTo(0.8, within(0.01));
  }

  @Test
  void an_approved_message_counts_at_once_whatever_its_age() {
    ConversionBook book = new ConversionBook();
    ConversionDelta d = sent(1, T0);
    d.approved(ROUTE, T0, 500);
    book.merge(d, T0 + 500);
    ConversionEvidence e = evidence(book, T0 + 600);
    assertThat(e.approved()).isCloseTo(1, within(0.01));
    assertThat(e.sends()).isCloseTo(1, within(0.01));
  }

  @Test
  void once_a_route_has_approval_delays_a_message_counts_fully_after_their_95th_percentile() {
    ConversionBook book = new ConversionBook();
    // 60 approvals, all 4 s after their send: the route's codes are entered within seconds.
    ConversionDelta quick = new ConversionDelta();
    for (int i = 0; i < 60; i++) {
      quick.sent(ROUTE, T0);
      quick.approved(ROUTE, T0, 4_000);
    }
    book.merge(quick, T0 + 4_000);
    long later = T0 + 120_000;
    book.merge(sent(10, later), later);

    ConversionEvidence e = evidence(book, later + 12_000);
    // The 10 unapproved messages count fully 12 s in, long before the default 30 s.
    assertThat(e.sends() - e.approved()).isCloseTo(10, within(0.5));
  }

  @Test
  void evidence_decays_by_half_every_ten_minutes_so_a_route_can_recover() {
    ConversionBook book = new ConversionBook();
    book.merge(sent(100, T0), T0);
    double fresh = evidence(book, T0 + 60_000).sends();
    double oneHalfLife = evidence(book, T0 + 60_000 + ConversionBook.HALF_LIFE_MS).sends();
    double twoHalfLives = evidence(book, T0 + 60_000 + 2 * ConversionBook.HALF_LIFE_MS).sends();
    assertThat(oneHalfLife / fresh).isCloseTo(0.5, within(0.01));
    assertThat(twoHalfLives / fresh).isCloseTo(0.25, within(0.01));
  }

  @Test
  void counts_from_several_nodes_add_up_in_any_order() {
    ConversionDelta a = sent(5, T0);
    a.approved(ROUTE, T0, 3_000);
    ConversionDelta b = sent(7, T0 + 4_000);
    b.approved(ROUTE, T0 + 4_000, 6_000);

    ConversionBook ab = new ConversionBook();
    ab.merge(a, T0 + 10_000);
    ab.merge(b, T0 + 10_000);
    ConversionBook ba = new ConversionBook();
    ba.merge(b, T0 + 10_000);
    ba.merge(a, T0 + 10_000);

    long now = T0 + 60_000;
    assertThat(evidence(ab, now)).isEqualTo(evidence(ba, now));
    // Two approvals, each decayed from the middle of its message's 2 s bucket.
    double expected =
        ConversionBook.decay(now - (T0 + 1_000)) + ConversionBook.decay(now - (T0 + 5_000));
    assertThat(evidence(ab, now).approved()).isCloseTo(expected, within(1e-9));
  }
}
