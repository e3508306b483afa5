package dev.otpgateway.cluster;

import com.hazelcast.config.SerializationConfig;
import com.hazelcast.config.SerializerConfig;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.StreamSerializer;
import dev.otpgateway.events.Ids;
import java.io.IOException;

/**
 * A verification's id as the key of its Hazelcast record. The gateway mints ids from 128 random
 * bits ({@link Ids#bitsOf}), so such an id is kept as those bits: 24 bytes in Hazelcast's form, 40
 * with the array that holds them, where its 30 characters as a string took 42 and 64, on every
 * record for its whole life. Any other id (none the gateway makes; tests make them) is kept as its
 * text. Each minted id has exactly one text, so the two forms never name the same record.
 */
sealed interface VerificationKey {
  /** The id this key stands for. */
  String id();

  static VerificationKey of(String id) {
    Ids.Bits bits = Ids.bitsOf(Ids.VERIFICATION, id);
    return bits == null ? new Text(id) : new Minted(bits.high(), bits.low());
  }

  /**
   * Serializers for both forms, each under its own type id (ours are positive; Hazelcast's own are
   * negative), so neither needs a tag byte.
   */
  static void register(SerializationConfig config) {
    config
        .addSerializerConfig(
            new SerializerConfig().setTypeClass(Minted.class).setImplementation(new MintedForm()))
        .addSerializerConfig(
            new SerializerConfig().setTypeClass(Text.class).setImplementation(new TextForm()));
  }

  /** An id the gateway minted, as its bits. */
  record Minted(long high, long low) implements VerificationKey {
    @Override
    public String id() {
      return Ids.of(Ids.VERIFICATION, new Ids.Bits(high, low));
    }
  }

  /** Any other id, as its text. */
  record Text(String id) implements VerificationKey {}

  final class MintedForm implements StreamSerializer<Minted> {
    @Override
    public int getTypeId() {
      return 1;
    }

    @Override
    public void write(ObjectDataOutput out, Minted key) throws IOException {
      out.writeLong(key.high());
      out.writeLong(key.low());
    }

    @Override
    public Minted read(ObjectDataInput in) throws IOException {
      return new Minted(in.readLong(), in.readLong());
    }
  }

  final class TextForm implements StreamSerializer<Text> {
    @Override
    public int getTypeId() {
      return 2;
    }

    @Override
    public void write(ObjectDataOutput out, Text key) throws IOException {
      out.writeString(key.id());
    }

    @Override
    public Text read(ObjectDataInput in) throws IOException {
      return new Text(in.readString());
    }
  }
}
