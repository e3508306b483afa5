package dev.otpgateway.ledger;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * The default ledger store: JSON Lines segments under {@code <data_dir>/ledger/<writer>/}, one
 * entry a line, a new segment every 64 MiB, and the latest checkpoint kept apart in {@code
 * head.json}. One process writes a directory (a file lock says so). An append is one {@code write}
 * of the whole batch: once it returns, the entries are in the operating system's hands and survive
 * this process being killed; {@link #sync} (every second by default) makes them survive the
 * machine. A crash in the middle of a write leaves at most a torn last line, which no caller was
 * told had been written: {@link #open} cuts it off. A write that fails part of the way (a full
 * disk) is cut off by the next append, which is that batch again.
 */
public final class FileLedgerStore implements LedgerStore {
  private static final Logger LOG = Logger.getLogger(FileLedgerStore.class.getName());
  private static final long SEGMENT_BYTES = 64L * 1024 * 1024;
  private static final String HEAD = "head.json";

  private final Path root;
  private final SegmentFiles files;
  private FileChannel segment;
  private Path segmentPath;

  /**
   * How much of the segment holds batches whose append returned. Past it there can only be what a
   * failed write left (part of a batch, a torn line last), which the next append cuts off first:
   * the writer tries that batch again whole, and the part left behind would sit in the middle of
   * the chain, ahead of the same entries written again.
   */
  private long appended;

  /** Whether the last write did not finish, and may have left bytes past {@link #appended}. */
  private boolean unfinishedWrite;

  private FileLock lock;
  private FileChannel lockChannel;
  private Path writerDir;

  /** Opens a segment to append to: the file system's, or a test's that fails part of the way. */
  interface SegmentFiles {
    SegmentFiles APPENDING =
        path ->
            FileChannel.open(
                path,
                StandardOpenOption.CREATE,
                StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);

    FileChannel open(Path segment) throws IOException;
  }

  /**
   * @param root the ledger directory ({@code <data_dir>/ledger}); one sub-directory per writer
   */
  public FileLedgerStore(Path root) {
    this(root, SegmentFiles.APPENDING);
  }

  FileLedgerStore(Path root, SegmentFiles files) {
    this.root = root;
    this.files = files;
  }

  @Override
  public String kind() {
    return "file";
  }

  @Override
  public ChainHead open(String writer) {
    try {
      writerDir = root.resolve(writer);
      Files.createDirectories(writerDir);
      lockChannel =
          FileChannel.open(
              writerDir.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      try {
        lock = lockChannel.tryLock();
      } catch (java.nio.channels.OverlappingFileLockException heldHere) {
        lock = null; // this JVM holds it already: a second writer all the same
      }
      if (lock == null) {
        throw new IllegalStateException(
            "the ledger in " + writerDir + " is being written by another process");
      }
      List<Path> segments = segments(writerDir);
      if (segments.isEmpty()) {
        openSegment(writerDir.resolve(segmentName(1)));
        return new ChainHead(0, LedgerEntry.GENESIS);
      }
      Path last = segments.get(segments.size() - 1);
      cutTornTail(last);
      openSegment(last);
      String lastLine = lastLine(segments);
      if (lastLine == null) {
        return new ChainHead(0, LedgerEntry.GENESIS);
      }
      LedgerEntry entry = EntryFormat.read(writer, lastLine);
      return new ChainHead(entry.seq(), entry.hash());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the ledger in " + root, e);
    }
  }

  /** The last whole line of the newest segment that has one. */
  private static String lastLine(List<Path> segments) throws IOException {
    for (int i = segments.size() - 1; i >= 0; i--) {
      String last = null;
      try (BufferedReader in = Files.newBufferedReader(segments.get(i), StandardCharsets.UTF_8)) {
        for (String line = in.readLine(); line != null; line = in.readLine()) {
          if (!line.isEmpty()) {
            last = line;
          }
        }
      }
      if (last != null) {
        return last;
      }
    }
    return null;
  }

  /** A segment that does not end with a newline ends with a write the crash interrupted. */
  private static void cutTornTail(Path file) throws IOException {
    try (FileChannel ch =
        FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      long size = ch.size();
      if (size == 0) {
        return;
      }
      ByteBuffer one = ByteBuffer.allocate(1);
      ch.read(one, size - 1);
      if (one.get(0) == '\n') {
        return;
      }
      long end = size - 1;
      while (end > 0) {
        one.clear();
        ch.read(one, end - 1);
        if (one.get(0) == '\n') {
          break;
        }
        end--;
      }
      LOG.warning(
          "the ledger segment "
              + file
              + " ended in a torn write ("
              + (size - end)
              + " bytes that were never acknowledged); cut off");
      ch.truncate(end);
    }
  }

  private void openSegment(Path path) throws IOException {
    if (segment != null) {
      segment.close();
    }
    segmentPath = path;
    segment = files.open(path);
    appended = segment.size();
  }

  @Override
  public Set<String> recordedElsewhere(String writer, Collection<String> eventIds) {
    // Other writers' directories may be on other machines: this store cannot tell.
    return Set.of();
  }

  @Override
  public void append(List<LedgerEntry> entries) {
    // Each entry is encoded on its own: one entry with a character past Latin-1 (in a tenant's
    // name, a payee) would have made a whole batch's text two bytes a character, and its encoding
    // slow.
    ByteArrayOutputStream batch = new ByteArrayOutputStream(entries.size() * 1024);
    for (LedgerEntry e : entries) {
      batch.writeBytes(e.text().getBytes(StandardCharsets.UTF_8));
      batch.write('\n');
    }
    ByteBuffer bytes = ByteBuffer.wrap(batch.toByteArray());
    try {
      if (unfinishedWrite) {
        segment.truncate(appended);
        unfinishedWrite = false;
        LOG.warning("cut what a failed write left at the end of the ledger segment " + segmentPath);
      }
      if (appended > 0 && appended + bytes.remaining() > SEGMENT_BYTES) {
        segment.force(false);
        int next = segmentNumber(segmentPath) + 1;
        openSegment(writerDir.resolve(segmentName(next)));
      }
      int length = bytes.remaining();
      unfinishedWrite = true; // until the whole batch is in
      while (bytes.hasRemaining()) {
        segment.write(bytes);
      }
      unfinishedWrite = false;
      appended += length;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot append to the ledger segment " + segmentPath, e);
    }
  }

  @Override
  public void head(LedgerEntry checkpoint) {
    Path target = writerDir.resolve(HEAD);
    Path temporary = writerDir.resolve(HEAD + ".tmp");
    try {
      Files.writeString(temporary, checkpoint.text() + "\n", StandardCharsets.UTF_8);
      try (FileChannel ch = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
        ch.force(true);
      }
      Files.move(
          temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the ledger head " + target, e);
    }
  }

  @Override
  public void sync() {
    try {
      segment.force(false);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot sync the ledger segment " + segmentPath, e);
    }
  }

  @Override
  public List<String> writers() {
    if (!Files.isDirectory(root)) {
      return List.of();
    }
    try (Stream<Path> dirs = Files.list(root)) {
      return dirs.filter(Files::isDirectory)
          .map(p -> p.getFileName().toString())
          .filter(name -> !name.startsWith("."))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the ledger directory " + root, e);
    }
  }

  @Override
  public void scan(String writer, Visitor visitor) {
    try {
      for (Path file : segments(root.resolve(writer))) {
        if (!scanFile(file, visitor)) {
          return;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the ledger of " + writer, e);
    }
  }

  /** Reads one segment line by line; a last line without its newline is reported torn. */
  private boolean scanFile(Path file, Visitor visitor) throws IOException {
    String name = root.relativize(file).toString();
    try (InputStream in = Files.newInputStream(file)) {
      byte[] all = in.readAllBytes();
      int line = 0;
      int start = 0;
      for (int i = 0; i <= all.length; i++) {
        boolean end = i == all.length;
        if (end || all[i] == '\n') {
          if (end && start == all.length) {
            break;
          }
          line++;
          String text = new String(all, start, i - start, StandardCharsets.UTF_8);
          if (!visitor.visit(new Stored(name + ":" + line, text, end, Map.of()))) {
            return false;
          }
          start = i + 1;
        }
      }
    }
    return true;
  }

  @Override
  public String headText(String writer) {
    Path head = root.resolve(writer).resolve(HEAD);
    try {
      return Files.exists(head) ? Files.readString(head, StandardCharsets.UTF_8).strip() : null;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the ledger head " + head, e);
    }
  }

  @Override
  public CostReport report(ReportQuery query) {
    ReportAggregator report = new ReportAggregator(query);
    for (String writer : writers()) {
      scan(
          writer,
          stored -> {
            // Only sent and approved entries count; a cheap look before parsing the rest.
            if (!stored.torn()
                && (stored.text().contains("\"event\":\"sent\"")
                    || stored.text().contains("\"event\":\"approved\"")
                    || stored.text().contains("\"event\":\"sim_swap_checked\""))) {
              report.add(EntryFormat.parse(stored.text()));
            }
            return true;
          });
    }
    return report.report();
  }

  @Override
  public List<LedgerEntry> entriesOf(String verificationId) {
    String needle = "\"verification\":\"" + verificationId + "\"";
    List<LedgerEntry> found = new ArrayList<>();
    for (String writer : writers()) {
      scan(
          writer,
          stored -> {
            if (!stored.torn() && stored.text().contains(needle)) {
              found.add(EntryFormat.read(writer, stored.text()));
            }
            return true;
          });
    }
    found.sort(EntryOrder.BY_EVENT);
    return found;
  }

  @Override
  public LedgerEntry rules(String version) {
    String needle = "\"rules_version\":\"" + version + "\"";
    for (String writer : writers()) {
      LedgerEntry[] found = new LedgerEntry[1];
      scan(
          writer,
          stored -> {
            if (!stored.torn()
                && stored.text().contains("\"event\":\"rules\"")
                && stored.text().contains(needle)) {
              found[0] = EntryFormat.read(writer, stored.text());
              return false;
            }
            return true;
          });
      if (found[0] != null) {
        return found[0];
      }
    }
    return null;
  }

  @Override
  public void close() {
    try {
      if (segment != null) {
        segment.force(false);
        segment.close();
      }
      if (lock != null) {
        lock.release();
        lockChannel.close();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot close the ledger in " + root, e);
    }
  }

  private static List<Path> segments(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .filter(p -> p.getFileName().toString().matches("segment-\\d{6}\\.jsonl"))
          .sorted()
          .toList();
    }
  }

  private static String segmentName(int number) {
    return String.format("segment-%06d.jsonl", number);
  }

  private static int segmentNumber(Path segment) {
    String name = segment.getFileName().toString();
    return Integer.parseInt(name.substring("segment-".length(), name.length() - ".jsonl".length()));
  }
}
