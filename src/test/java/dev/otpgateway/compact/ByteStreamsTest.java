package dev.otpgateway.compact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class ByteStreamsTest {
  @Test
  void what_is_written_past_the_expected_size_reads_back_the_same() throws IOException {
    ByteStreams.Output bytes = new ByteStreams.Output(4);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(-3);
      out.writeLong(Long.MIN_VALUE + 7);
      out.writeUTF("héllo, wörld");
      out.writeDouble(0.1);
      out.write(new byte[300], 0, 300);
      out.writeShort(65_535);
    }
    byte[] data = bytes.toByteArray();
    assertThat(data).hasSize(1 + 8 + 2 + 14 + 8 + 300 + 2);

    DataInputStream in = ByteStreams.reader(data);
    assertThat(in.readByte()).isEqualTo((byte) -3);
    assertThat(in.readLong()).isEqualTo(Long.MIN_VALUE + 7);
    assertThat(in.readUTF()).isEqualTo("héllo, wörld");
    assertThat(in.readDouble()).isEqualTo(0.1);
    byte[] zeros = new byte[300];
    in.readFully(zeros);
    assertThat(zeros).containsOnly(0);
    assertThat(in.readUnsignedShort()).isEqualTo(65_535);
    assertThat(in.read()).as("at the end").isEqualTo(-1);
  }

  @Test
  void reading_past_the_end_fails_as_a_truncated_record() throws IOException {
    DataInputStream in = ByteStreams.reader(new byte[] {1, 2, 3});
    assertThat(in.readUnsignedByte()).isEqualTo(1);
    assertThatThrownBy(in::readInt).isInstanceOf(EOFException.class);
  }
}
