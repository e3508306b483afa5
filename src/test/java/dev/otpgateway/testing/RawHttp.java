package dev.otpgateway.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 written byte by byte on a plain socket, for what a well-behaved client library refuses
 * to send: broken chunking, a hang-up in the middle of a body, oversized request lines and headers,
 * bare line feeds. It reads one response (or none, when the gateway just closes).
 */
public final class RawHttp {
  private static final int READ_TIMEOUT_MS = 10_000;

  private final int port;

  public RawHttp(int port) {
    this.port = port;
  }

  /** What came back: a status line, headers and body; status 0 when the connection just closed. */
  public record Response(int status, Map<String, String> headers, String body) {
    public String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }

    @Override
    public String toString() {
      return status + " " + headers + " " + body;
    }
  }

  /** Sends {@code request} as it is and reads the answer. */
  public Response exchange(byte[] request) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
      socket.setSoTimeout(READ_TIMEOUT_MS);
      OutputStream out = socket.getOutputStream();
      out.write(request);
      out.flush();
      return read(socket.getInputStream());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public Response exchange(String request) {
    return exchange(request.getBytes(StandardCharsets.ISO_8859_1));
  }

  /**
   * Sends the head and part of a body, then closes the connection without waiting for an answer, as
   * a client that gives up mid-upload does.
   */
  public void hangUpAfter(String partialRequest) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
      socket.setSoLinger(true, 0);
      OutputStream out = socket.getOutputStream();
      out.write(partialRequest.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      // Long enough for the gateway to have started reading the body before the reset.
      Thread.sleep(100);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static Response read(InputStream in) throws IOException {
    ByteArrayOutputStream raw = new ByteArrayOutputStream();
    byte[] chunk = new byte[8192];
    int headEnd = -1;
    int contentLength = -1;
    while (true) {
      int n;
      try {
        n = in.read(chunk);
      } catch (SocketTimeoutException | java.net.SocketException e) {
        break;
      }
      if (n < 0) {
        break;
      }
      raw.write(chunk, 0, n);
      String text = raw.toString(StandardCharsets.ISO_8859_1);
      if (headEnd < 0) {
        headEnd = text.indexOf("\r\n\r\n");
        if (headEnd >= 0) {
          contentLength = contentLength(text.substring(0, headEnd));
        }
      }
      if (headEnd >= 0 && contentLength >= 0 && raw.size() >= headEnd + 4 + contentLength) {
        break;
      }
    }
    String text = raw.toString(StandardCharsets.UTF_8);
    int end = text.indexOf("\r\n\r\n");
    if (text.isEmpty() || end < 0) {
      return new Response(0, Map.of(), text);
    }
    String[] lines = text.substring(0, end).split("\r\n");
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (colon > 0) {
        headers.put(
            lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT),
            lines[i].substring(colon + 1).strip());
      }
    }
    return new Response(Integer.parseInt(lines[0].split(" ")[1]), headers, text.substring(end + 4));
  }

  private static int contentLength(String head) {
    for (String line : head.split("\r\n")) {
      if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
        return Integer.parseInt(line.substring(15).strip());
      }
    }
    return -1;
  }
}
