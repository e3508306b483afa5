package dev.otpgateway.tenancy;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.otpgateway.json.Json;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.CopyOptions;
import io.vertx.core.file.FileSystem;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Keeps tenants created through the admin API on disk, one JSON file each under {@code
 * <data_dir>/tenants}, so a restart keeps them. Writes go to a temporary file and are moved into
 * place, so a crash never leaves half a tenant. All I/O is Vert.x's asynchronous file system.
 */
public final class TenantFiles {
  private static final AtomicLong WRITES = new AtomicLong();

  private final FileSystem fs;
  private final Path dir;
  private final Map<String, Future<Void>> pending = new ConcurrentHashMap<>();

  public TenantFiles(FileSystem fs, Path dataDir) {
    this.fs = fs;
    this.dir = dataDir.resolve("tenants");
  }

  public Future<Void> write(Tenant tenant) {
    return inOrder(tenant.id(), () -> writeNow(tenant));
  }

  private Future<Void> writeNow(Tenant tenant) {
    Buffer json;
    try {
      json = Buffer.buffer(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(tenant));
    } catch (JsonProcessingException e) {
      return Future.failedFuture(e);
    }
    String target = file(tenant.id());
    // A temporary name of its own: the node that made the change and its mirror may both write.
    // A process-wide sequence, not a random UUID: the first UUID seeds SecureRandom, which can
    // stall this event loop for hundreds of milliseconds.
    String temporary =
        target + "." + ProcessHandle.current().pid() + "-" + WRITES.incrementAndGet() + ".tmp";
    return fs.mkdirs(dir.toString())
        .compose(v -> fs.writeFile(temporary, json))
        // The file holds the callback signing secret: readable by the gateway's user only.
        .compose(v -> fs.chmod(temporary, "rw-------"))
        .compose(
            v ->
                fs.move(
                    temporary,
                    target,
                    new CopyOptions().setReplaceExisting(true).setAtomicMove(true)));
  }

  public Future<Void> delete(String id) {
    String target = file(id);
    return inOrder(
        id,
        () ->
            fs.delete(target)
                .recover(
                    e ->
                        e.getCause() instanceof NoSuchFileException
                            ? Future.succeededFuture()
                            : Future.failedFuture(e)));
  }

  /**
   * Runs one tenant's disk changes one after another, in the order they were asked for. The node
   * that made a change writes it, and so does its own mirror of the change: without an order, a
   * write of an older state could land after a newer one (or after the delete) and come back on
   * restart, and two deletes would race for the same file.
   */
  private Future<Void> inOrder(String id, Supplier<Future<Void>> change) {
    Future<Void> next =
        pending.compute(
            id,
            (k, previous) ->
                previous == null ? change.get() : previous.transform(ar -> change.get()));
    next.onComplete(ar -> pending.remove(id, next));
    return next;
  }

  /** Every tenant on disk; a file that cannot be read fails the whole load, naming the file. */
  public Future<List<Tenant>> loadAll() {
    return fs.mkdirs(dir.toString())
        .compose(v -> fs.readDir(dir.toString(), ".*\\.json"))
        .compose(
            files -> {
              List<Future<Tenant>> reads = new ArrayList<>();
              for (String f : files) {
                reads.add(fs.readFile(f).map(b -> parse(f, b)));
              }
              return Future.all(reads).map(all -> all.<Tenant>list());
            });
  }

  private static Tenant parse(String file, Buffer content) {
    try {
      return Json.MAPPER.readValue(content.getBytes(), Tenant.class);
    } catch (IOException e) {
      throw new IllegalStateException(
          "tenant file " + file + " cannot be read: " + e.getMessage(), e);
    }
  }

  private String file(String id) {
    return dir.resolve(id + ".json").toString();
  }
}
