package dev.otpgateway.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The keyed hash the ledger keeps of a number: HMAC-SHA-256 of the number under a key that is
 * itself HMAC-SHA-256 of a fixed label under the gateway's secret. Entries already written hold
 * these hashes, so they must never change.
 */
class NumberHasherTest {
  private final NumberHasher hasher = new NumberHasher(new byte[32]);

  @Test
  void a_number_hashes_to_the_published_construction() {
    // Computed apart from the gateway: with Python's hmac module, key =
    // HMAC(secret, "otp-gateway ledger number hash v1"), hash = HMAC(key, number).
    assertThat(hasher.hash("+12025550123"))
        .isEqualTo("b9171ee39497d8c2113e20f6d733182730bcdadd822d07bf40914892a79814da");
  }

  @Test
  void threads_hashing_at_once_get_the_same_answers() {
    List<String> numbers = IntStream.range(0, 200).mapToObj(i -> "+1202555" + (1000 + i)).toList();
    Set<String> answers = ConcurrentHashMap.newKeySet();
    IntStream.range(0, 8)
        .parallel()
        .forEach(t -> numbers.forEach(n -> answers.add(n + "=" + hasher.hash(n))));

    assertThat(answers).hasSize(numbers.size());
  }
}
