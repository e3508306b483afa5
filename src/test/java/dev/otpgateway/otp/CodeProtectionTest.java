package dev.otpgateway.otp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class CodeProtectionTest {
  private static final OtpKeys KEYS = OtpKeys.derive(bytes(1));
  private final CodeHasher hasher = new CodeHasher(KEYS);
  private final CodeSealer sealer = new CodeSealer(KEYS);

  private static byte[] bytes(int fill) {
    byte[] b = new byte[32];
    Arrays.fill(b, (byte) fill);
    return b;
  }

  @Test
  void the_same_code_for_the_same_verification_hashes_the_same() {
    assertThat(
            CodeHasher.matches(
                hasher.hash("ver_a", "123456", ""), hasher.hash("ver_a", "123456", "")))
        .isTrue();
  }

  @Test
  void a_hash_is_bound_to_its_verification_its_code_and_its_transaction() {
    byte[] original = hasher.hash("ver_a", "123456", "49.90\u001fEUR\u001fAcme");
    assertThat(
            CodeHasher.matches(
                original, hasher.hash("ver_b", "123456", "49.90\u001fEUR\u001fAcme")))
        .isFalse();
    assertThat(
            CodeHasher.matches(
                original, hasher.hash("ver_a", "123457", "49.90\u001fEUR\u001fAcme")))
        .isFalse();
    assertThat(
            CodeHasher.matches(
                original, hasher.hash("ver_a", "123456", "49.90\u001fEUR\u001fMallory")))
        .isFalse();
  }

  @Test
  void another_pepper_gives_another_hash() {
    CodeHasher other = new CodeHasher(OtpKeys.derive(bytes(2)));
    assertThat(
            CodeHasher.matches(
                hasher.hash("ver_a", "123456", ""), other.hash("ver_a", "123456", "")))
        .isFalse();
  }

  @Test
  void the_hash_does_not_contain_the_code() {
    byte[] hash = hasher.hash("ver_a", "123456", "");
    assertThat(new String(hash, java.nio.charset.StandardCharsets.ISO_8859_1))
        .doesNotContain("123456");
    assertThat(hash).hasSize(32);
  }

  @Test
  void a_sealed_code_opens_only_for_its_verification_and_key() {
    byte[] sealed = sealer.seal("ver_a", "0042");

    assertThat(sealer.open("ver_a", sealed)).isEqualTo("0042");
    assertThatThrownBy(() -> sealer.open("ver_b", sealed))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> new CodeSealer(OtpKeys.derive(bytes(3))).open("ver_a", sealed))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void an_altered_sealed_code_is_refused() {
    byte[] sealed = sealer.seal("ver_a", "0042");
    sealed[sealed.length - 1] ^= 1;

    assertThatThrownBy(() -> sealer.open("ver_a", sealed))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void a_refused_open_leaves_the_next_seal_and_open_on_its_thread_working() {
    // Each thread reuses one cipher: a failure must not leave it unusable, under any key.
    CodeSealer other = new CodeSealer(OtpKeys.derive(bytes(3)));
    byte[] sealed = sealer.seal("ver_a", "0042");
    assertThatThrownBy(() -> other.open("ver_a", sealed)).isInstanceOf(IllegalStateException.class);

    assertThat(sealer.open("ver_a", sealed)).isEqualTo("0042");
    assertThat(other.open("ver_b", other.seal("ver_b", "9137"))).isEqualTo("9137");
    assertThat(sealer.open("ver_c", sealer.seal("ver_c", "5500"))).isEqualTo("5500");
  }

  @Test
  void sealing_twice_gives_different_bytes() {
    assertThat(sealer.seal("ver_a", "0042")).isNotEqualTo(sealer.seal("ver_a", "0042"));
  }

  @Test
  void a_short_secret_is_refused() {
    assertThatThrownBy(() -> OtpKeys.derive(new byte[31]))
        .hasMessageContaining("at least 32 bytes, but had 31");
  }
}
