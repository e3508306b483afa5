package dev.otpgateway.ledger;

import static dev.otpgateway.ledger.LedgerEntries.T0;
import static dev.otpgateway.ledger.LedgerEntries.chained;
import static dev.otpgateway.ledger.LedgerEntries.sent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.otpgateway.events.Event;
import dev.otpgateway.routing.Channel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileLedgerStoreTest extends LedgerStoreContract {
  @TempDir Path dir;

  @Override
  LedgerStore store() {
    return new FileLedgerStore(dir);
  }

  @Override
  LedgerStore reopen() {
    return new FileLedgerStore(dir);
  }

  @Test
  void a_write_torn_by_a_crash_is_cut_off_when_the_chain_is_opened_again() throws IOException {
    String writer = writer();
    List<LedgerEntry> entries =
        chained(
            writer,
            List.of(
                sent(
                    "ver_t",
                    1,
                    T0,
                    "t",
                    "twilio",
                    "us",
                    "US",
                    Channel.SMS,
                    "0.0075",
                    "0.0075",
                    1)));
    try (LedgerStore store = store()) {
      store.open(writer);
      store.append(entries);
    }
    Path segment = dir.resolve(writer).resolve("segment-000001.jsonl");
    Files.writeString(segment, "{\"hash\":\"12", StandardCharsets.UTF_8, StandardOpenOption.APPEND);

    try (LedgerStore store = reopen()) {
      assertThat(store.open(writer)).isEqualTo(new LedgerStore.ChainHead(1, entries.get(0).hash()));
    }
    assertThat(Files.readString(segment)).isEqualTo(entries.get(0).text() + "\n");
  }

  /**
   * A write the disk cuts short (full, or failing) leaves part of a batch, a torn line last. The
   * ledger writer tries the whole batch again: what the failed write left is cut off first, so the
   * segment holds each entry once, in the chain's order.
   */
  @Test
  void what_a_failed_write_left_is_cut_off_before_the_batch_is_written_again() throws IOException {
    String writer = writer();
    List<Event> sends = new ArrayList<>();
    for (String v : List.of("ver_a", "ver_b", "ver_c")) {
      sends.add(sent(v, 1, T0, "t", "twilio", "us", "US", Channel.SMS, "0.0075", "0.0075", 1));
    }
    List<LedgerEntry> entries = chained(writer, sends);
    AtomicInteger diskLeft = new AtomicInteger(Integer.MAX_VALUE);
    Path segment = dir.resolve(writer).resolve("segment-000001.jsonl");
    try (LedgerStore store =
        new FileLedgerStore(
            dir,
            path -> new FillingDisk(FileLedgerStore.SegmentFiles.APPENDING.open(path), diskLeft))) {
      store.open(writer);
      store.append(entries.subList(0, 1));
      long first = Files.size(segment);

      diskLeft.set(100);
      assertThatThrownBy(() -> store.append(entries.subList(1, 3)))
          .isInstanceOf(UncheckedIOException.class)
          .hasMessageContaining("cannot append to the ledger segment")
          .hasRootCauseMessage("No space left on device");
      assertThat(Files.size(segment)).isEqualTo(first + 100);

      diskLeft.set(Integer.MAX_VALUE);
      store.append(entries.subList(1, 3));
    }
    assertThat(Files.readString(segment))
        .isEqualTo(entries.stream().map(e -> e.text() + "\n").collect(Collectors.joining()));
    try (LedgerStore store = reopen()) {
      assertThat(store.open(writer)).isEqualTo(new LedgerStore.ChainHead(3, entries.get(2).hash()));
    }
  }

  /** A segment on a disk with this many bytes left: a write past them fails part of the way. */
  private static final class FillingDisk extends FileChannel {
    private final FileChannel file;
    private final AtomicInteger left;

    FillingDisk(FileChannel file, AtomicInteger left) {
      this.file = file;
      this.left = left;
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
      int room = left.get();
      if (room == 0) {
        throw new IOException("No space left on device");
      }
      ByteBuffer part = src.slice().limit(Math.min(room, src.remaining()));
      int written = file.write(part);
      src.position(src.position() + written);
      left.addAndGet(-written);
      return written;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
      return file.read(dst);
    }

    @Override
    public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
      return file.read(dsts, offset, length);
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) {
      throw new UnsupportedOperationException("the store writes one buffer at a time");
    }

    @Override
    public long position() throws IOException {
      return file.position();
    }

    @Override
    public FileChannel position(long newPosition) throws IOException {
      file.position(newPosition);
      return this;
    }

    @Override
    public long size() throws IOException {
      return file.size();
    }

    @Override
    public FileChannel truncate(long size) throws IOException {
      file.truncate(size);
      return this;
    }

    @Override
    public void force(boolean metaData) throws IOException {
      file.force(metaData);
    }

    @Override
    public long transferTo(long position, long count, WritableByteChannel target)
        throws IOException {
      return file.transferTo(position, count, target);
    }

    @Override
    public long transferFrom(ReadableByteChannel src, long position, long count)
        throws IOException {
      return file.transferFrom(src, position, count);
    }

    @Override
    public int read(ByteBuffer dst, long position) throws IOException {
      return file.read(dst, position);
    }

    @Override
    public int write(ByteBuffer src, long position) {
      throw new UnsupportedOperationException("the store appends");
    }

    @Override
    public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
      return file.map(mode, position, size);
    }

    @Override
    public FileLock lock(long position, long size, boolean shared) throws IOException {
      return file.lock(position, size, shared);
    }

    @Override
    public FileLock tryLock(long position, long size, boolean shared) throws IOException {
      return file.tryLock(position, size, shared);
    }

    @Override
    protected void implCloseChannel() throws IOException {
      file.close();
    }
  }
}
