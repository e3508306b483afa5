package dev.otpgateway.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.config.SerializationConfig;
import com.hazelcast.internal.serialization.Data;
import com.hazelcast.internal.serialization.SerializationService;
import com.hazelcast.internal.serialization.impl.DefaultSerializationServiceBuilder;
import dev.otpgateway.events.Ids;
import org.junit.jupiter.api.Test;

/** A verification's id as its record's key, in Hazelcast's serialized form. */
class VerificationKeyTest {
  private final SerializationService serialization = serialization();

  private static SerializationService serialization() {
    SerializationConfig config = new SerializationConfig();
    VerificationKey.register(config);
    return new DefaultSerializationServiceBuilder().setConfig(config).build();
  }

  @Test
  void a_minted_id_is_kept_as_its_bits_and_read_back_as_the_same_id() {
    String id = Ids.mint(Ids.VERIFICATION);

    VerificationKey key = VerificationKey.of(id);
    Data data = serialization.toData(key);

    assertThat(key).isInstanceOf(VerificationKey.Minted.class);
    assertThat(data.totalSize()).as("8 bytes of Hazelcast's heading and 16 of bits").isEqualTo(24);
    assertThat(serialization.<VerificationKey>toObject(data).id()).isEqualTo(id);
    assertThat((Object) serialization.toData(VerificationKey.of(id))).isEqualTo(data);
  }

  @Test
  void any_other_id_is_kept_as_its_text_and_never_names_a_minted_ids_record() {
    String minted = Ids.mint(Ids.VERIFICATION);
    // The same characters but for the last one's padding bits: not an id the gateway mints.
    char last = minted.charAt(minted.length() - 1);
    String unminted = minted.substring(0, minted.length() - 1) + (char) (last + 1);

    for (String id : new String[] {unminted, "ver_retained", "vrf_" + minted.substring(4), ""}) {
      VerificationKey key = VerificationKey.of(id);
      Data data = serialization.toData(key);

      assertThat(key).as(id).isInstanceOf(VerificationKey.Text.class);
      assertThat(serialization.<VerificationKey>toObject(data).id()).isEqualTo(id);
      assertThat((Object) data).isNotEqualTo(serialization.toData(VerificationKey.of(minted)));
    }
  }
}
