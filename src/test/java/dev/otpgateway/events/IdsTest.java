package dev.otpgateway.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class IdsTest {
  @Test
  void a_minted_id_is_its_prefix_and_26_base32_characters() {
    String id = Ids.mint(Ids.VERIFICATION);

    assertThat(id).matches("ver_[a-z2-7]{26}");
  }

  @Test
  void minted_ids_read_back_to_bits_that_tell_them_apart() {
    Set<String> ids = new HashSet<>();
    Set<Ids.Bits> bits = new HashSet<>();
    for (int i = 0; i < 10_000; i++) {
      String id = Ids.mint(Ids.VERIFICATION);
      ids.add(id);
      bits.add(Ids.bitsOf(Ids.VERIFICATION, id));
    }

    assertThat(bits).doesNotContainNull().hasSameSizeAs(ids).hasSize(10_000);
  }

  @Test
  void the_bits_are_the_ids_128_bits_in_order() {
    // "a" is 0 and "7" is 31: the first 25 characters give 125 one-bits, the last "4" (28 = 11100)
    // gives three more and two zero bits of padding.
    assertThat(Ids.bitsOf("ver_", "ver_" + "7".repeat(25) + "4")).isEqualTo(new Ids.Bits(-1, -1));
    assertThat(Ids.bitsOf("ver_", "ver_" + "a".repeat(25) + "e")).isEqualTo(new Ids.Bits(0, 1));
    assertThat(Ids.bitsOf("ver_", "ver_b" + "a".repeat(25))).isEqualTo(new Ids.Bits(1L << 59, 0));
  }

  @Test
  void an_id_is_written_back_from_its_bits() {
    for (int i = 0; i < 1_000; i++) {
      String id = Ids.mint(Ids.VERIFICATION);

      assertThat(Ids.of(Ids.VERIFICATION, Ids.bitsOf(Ids.VERIFICATION, id))).isEqualTo(id);
    }
    assertThat(Ids.of("ver_", new Ids.Bits(-1, -1))).isEqualTo("ver_" + "7".repeat(25) + "4");
    assertThat(Ids.of("ver_", new Ids.Bits(1L << 59, 0))).isEqualTo("ver_b" + "a".repeat(25));
  }

  @Test
  void anything_but_a_minted_id_has_no_bits() {
    String id = Ids.mint(Ids.VERIFICATION);
    String body = id.substring(4);

    assertThat(Ids.bitsOf(Ids.VERIFICATION, "frd_" + body)).as("another prefix").isNull();
    assertThat(Ids.bitsOf(Ids.VERIFICATION, id + "a")).as("too long").isNull();
    assertThat(Ids.bitsOf(Ids.VERIFICATION, id.substring(0, 29))).as("too short").isNull();
    assertThat(Ids.bitsOf(Ids.VERIFICATION, id.toUpperCase())).as("upper case").isNull();
    assertThat(Ids.bitsOf(Ids.VERIFICATION, "ver_" + "a".repeat(25) + "b"))
        .as("padding bits set")
        .isNull();
    assertThat(Ids.bitsOf(Ids.VERIFICATION, "ver_" + "a".repeat(24) + "18"))
        .as("not base32")
        .isNull();
  }
}
