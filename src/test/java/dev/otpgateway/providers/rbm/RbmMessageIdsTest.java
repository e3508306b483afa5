package dev.otpgateway.providers.rbm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RbmMessageIdsTest {

  /** Ids computed by an independent Python implementation of the documented bit layout. */
  @ParameterizedTest
  @CsvSource({
    "ver_contract1.1, 2fe68d7e-9b2c-877d-9926-dc1fc1000000",
    "ver_recorded7.1, 2fe68d7e-d689-8b2d-99e8-9c7fc1000000",
    "ver_ABCDEFGHIJKLMNO, 33e68d7e-28b3-80d3-a3d0-4524d45565d8",
    "a, 21900000-0000-8000-8000-000000000000"
  })
  void packs_a_short_reference_into_a_version_8_uuid_and_back(String reference, String id) {
    assertThat(RbmMessageIds.forReference(reference)).isEqualTo(id);
    assertThat(RbmMessageIds.referenceOf(id)).contains(reference);
    UUID uuid = UUID.fromString(id);
    assertThat(uuid.version()).isEqualTo(8);
    assertThat(uuid.variant()).isEqualTo(2);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "ver_01HZX3K8Q9V7M2N4P6R8T0W2Y4.1",
        "ver_0123456789abcdef.12",
        "ver_with-dash.1",
        "ver_ünïcode.1"
      })
  void gives_a_reference_that_cannot_fit_a_stable_name_based_id(String reference) {
    String id = RbmMessageIds.forReference(reference);

    assertThat(RbmMessageIds.isUuid(id)).isTrue();
    assertThat(UUID.fromString(id).version()).isEqualTo(5);
    assertThat(RbmMessageIds.forReference(reference)).isEqualTo(id);
    assertThat(RbmMessageIds.referenceOf(id)).isEmpty();
  }

  @Test
  void different_references_get_different_ids() {
    assertThat(RbmMessageIds.forReference("ver_a.1"))
        .isNotEqualTo(RbmMessageIds.forReference("ver_a.2"));
    assertThat(RbmMessageIds.forReference("ver_01HZX3K8Q9V7M2N4P6R8T0W2Y4.1"))
        .isNotEqualTo(RbmMessageIds.forReference("ver_01HZX3K8Q9V7M2N4P6R8T0W2Y4.2"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "4a1d7c74-2b3c-4ec7-b6be-ed7205a15aa3",
        "2fe68d7e-9b2c-877d-9926-dc1fc1000001",
        "MxIgT-4pWCQu2tH9hMkSTljQ",
        ""
      })
  void finds_no_reference_in_ids_it_did_not_make(String id) {
    assertThat(RbmMessageIds.referenceOf(id)).isEmpty();
  }

  @Test
  void recognises_only_canonical_uuids() {
    assertThat(RbmMessageIds.isUuid("4a1d7c74-2b3c-4ec7-b6be-ed7205a15aa3")).isTrue();
    assertThat(RbmMessageIds.isUuid("123456661")).isFalse();
    assertThat(RbmMessageIds.isUuid("4a1d7c742b3c4ec7b6beed7205a15aa3")).isFalse();
    assertThat(RbmMessageIds.isUuid(null)).isFalse();
  }
}
