package dev.otpgateway.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.i18n.phonenumbers.PhoneNumberUtil;
import io.vertx.core.json.JsonObject;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class NumberPoolTest {

  @Test
  void the_default_pool_holds_480000_distinct_valid_numbers() throws Exception {
    NumberPool pool = NumberPool.of(NumberPool.DEFAULT_AREA_CODES);
    assertThat(pool.size()).isEqualTo(480_000);
    long[] sorted = new long[pool.size()];
    for (int i = 0; i < sorted.length; i++) {
      sorted[i] = pool.at(i);
    }
    Arrays.sort(sorted);
    for (int i = 1; i < sorted.length; i++) {
      assertThat(sorted[i]).isGreaterThan(sorted[i - 1]);
    }
    // NumberPool.of checked each with libphonenumber; check a few again from their text form.
    PhoneNumberUtil util = PhoneNumberUtil.getInstance();
    for (int i : new int[] {0, 1, 47, 48, 239_999, 479_999}) {
      var parsed = util.parse("+1" + pool.at(i), "ZZ");
      assertThat(util.isValidNumber(parsed)).as("+1%d", pool.at(i)).isTrue();
      assertThat(util.getRegionCodeForNumber(parsed)).isEqualTo("US");
    }
  }

  @Test
  void numbers_are_interleaved_across_area_codes_with_exchange_555() {
    NumberPool pool = NumberPool.of(List.of(201, 415));
    assertThat(pool.next()).isEqualTo(2015550000L);
    assertThat(pool.next()).isEqualTo(4155550000L);
    assertThat(pool.next()).isEqualTo(2015550001L);
    assertThat(pool.at(pool.size() - 1)).isEqualTo(4155559999L);
  }

  @Test
  void counts_repeats_once_every_number_was_handed_out() {
    NumberPool pool = NumberPool.of(List.of(212));
    for (int i = 0; i < pool.size(); i++) {
      pool.next();
    }
    assertThat(pool.repeats()).isZero();
    assertThat(pool.next()).isEqualTo(2125550000L);
    assertThat(pool.repeats()).isEqualTo(1);
  }

  @Test
  void rejects_an_area_code_not_in_service() {
    // 555 is not an assigned area code: its numbers are invalid to libphonenumber.
    assertThatThrownBy(() -> NumberPool.of(List.of(201, 555)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("+15555550000");
    assertThatThrownBy(() -> NumberPool.of(List.of(99)))
        .hasMessageContaining("must be 200 to 999, but was 99");
  }

  @Test
  void the_start_body_is_the_json_the_api_expects() {
    JsonObject body = new JsonObject(StartBody.of(2025550123L));
    assertThat(body)
        .isEqualTo(
            new JsonObject()
                .put("to", "+12025550123")
                .put("push", new JsonObject().put("status", "disabled")));
  }
}
