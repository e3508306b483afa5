package dev.otpgateway.compact;

import java.io.DataInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * Streams over a byte array for the compact record codecs, without the locks of {@link
 * java.io.ByteArrayInputStream} and {@link java.io.ByteArrayOutputStream}, which take and release a
 * monitor for every byte read or written. A record is read or written by one thread, a byte at a
 * time, several times per start; the codecs' streams were 5% of the gateway's CPU in a profile.
 */
public final class ByteStreams {
  private ByteStreams() {}

  /** Reads {@code data} from its first byte. */
  public static DataInputStream reader(byte[] data) {
    return new DataInputStream(new Input(data));
  }

  private static final class Input extends InputStream {
    private final byte[] data;
    private int at;

    Input(byte[] data) {
      this.data = data;
    }

    @Override
    public int read() {
      return at < data.length ? data[at++] & 0xff : -1;
    }

    @Override
    public int read(byte[] into, int off, int len) {
      if (len == 0) {
        return 0;
      }
      if (at >= data.length) {
        return -1;
      }
      int n = Math.min(len, data.length - at);
      System.arraycopy(data, at, into, off, n);
      at += n;
      return n;
    }

    @Override
    public int available() {
      return data.length - at;
    }
  }

  /** Collects what is written, growing as needed; {@link #toByteArray} copies it out. */
  public static final class Output extends OutputStream {
    private byte[] buffer;
    private int count;

    public Output(int expectedSize) {
      buffer = new byte[Math.max(16, expectedSize)];
    }

    @Override
    public void write(int b) {
      ensure(1);
      buffer[count++] = (byte) b;
    }

    @Override
    public void write(byte[] from, int off, int len) {
      ensure(len);
      System.arraycopy(from, off, buffer, count, len);
      count += len;
    }

    private void ensure(int more) {
      if (count + more > buffer.length) {
        buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, count + more));
      }
    }

    public byte[] toByteArray() {
      return Arrays.copyOf(buffer, count);
    }
  }
}
