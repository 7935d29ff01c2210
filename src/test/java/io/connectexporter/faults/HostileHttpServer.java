package io.connectexporter.faults;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A raw-socket HTTP/1.1 server on 127.0.0.1 that answers normally or misbehaves on purpose,
 * switched at run time from the test. One accept thread, one daemon thread per connection, one
 * request per connection ({@code Connection: close}). Every long-running answer (drip, endless,
 * huge, hang) ends when the behaviour is switched again, when the server is closed, or after {@link
 * #MAX_ANSWER_TIME}; {@link #close()} closes every open socket.
 */
public final class HostileHttpServer implements AutoCloseable {

  /** No answer of this server lasts longer than this. */
  public static final Duration MAX_ANSWER_TIME = Duration.ofSeconds(120);

  private static final int MAX_REQUEST_LINE = 8192;
  private static final int MAX_HEADERS = 100;
  private static final int MAX_REQUEST_BODY = 10 * 1024 * 1024;
  private static final Duration REQUEST_READ_TIMEOUT = Duration.ofSeconds(5);

  /** How the server answers one request. */
  public sealed interface Behaviour permits Respond, Drip, Endless, Huge, Hang, ResetMidBody {}

  /**
   * Status, headers and body sent at once. {@code declaredLength} is the Content-Length sent (-1:
   * the true length); a different value is a lie: the whole body is sent anyway, then the
   * connection is closed.
   */
  public record Respond(int status, Map<String, String> headers, byte[] body, long declaredLength)
      implements Behaviour {

    public Respond {
      headers = Map.copyOf(headers);
    }

    public static Respond json(byte[] body) {
      return new Respond(200, Map.of("Content-Type", "application/json"), body, -1);
    }

    public static Respond json(String body) {
      return json(body.getBytes(StandardCharsets.UTF_8));
    }

    public static Respond status(int status) {
      return new Respond(
          status,
          Map.of("Content-Type", "application/json"),
          ("{\"error_code\":" + status + ",\"message\":\"boom\"}").getBytes(StandardCharsets.UTF_8),
          -1);
    }

    public static Respond redirect(String location) {
      return new Respond(
          302,
          Map.of("Location", location, "Content-Type", "text/html"),
          "<html><body>moved</body></html>".getBytes(StandardCharsets.UTF_8),
          -1);
    }

    public static Respond html(String page) {
      return new Respond(
          200,
          Map.of("Content-Type", "text/html; charset=utf-8"),
          page.getBytes(StandardCharsets.UTF_8),
          -1);
    }

    /** Declares {@code declared} bytes but sends {@code body} (more or fewer), then closes. */
    public static Respond lyingLength(byte[] body, long declared) {
      return new Respond(200, Map.of("Content-Type", "application/json"), body, declared);
    }

    /** {@code Content-Encoding: gzip} on a body that is sent as is (say, plain JSON: a lie). */
    public static Respond gzipped(byte[] alreadyCompressedOrNot) {
      return new Respond(
          200,
          Map.of("Content-Type", "application/json", "Content-Encoding", "gzip"),
          alreadyCompressedOrNot,
          -1);
    }

    boolean lies() {
      return declaredLength >= 0 && declaredLength != body.length;
    }
  }

  /** The body one byte every {@code every}, with the true Content-Length: valid in the end. */
  public record Drip(byte[] body, Duration every) implements Behaviour {
    public Drip(byte[] body) {
      this(body, Duration.ofMillis(500));
    }
  }

  /** Chunked {@code {"a":[} then {@code 1,} every {@code every}, forever (until switched or closed). */
  public record Endless(Duration every) implements Behaviour {
    public Endless() {
      this(Duration.ofMillis(20));
    }
  }

  /**
   * A valid answer of at least {@code minBytes}, streamed chunked as fast as the client reads:
   * {@code prefix}, then {@code element(0)}, {@code ","}, {@code element(1)}, ... then {@code
   * suffix}.
   */
  public record Huge(String prefix, IntFunction<String> element, String suffix, long minBytes)
      implements Behaviour {}

  /** Reads the request and never answers. */
  public record Hang() implements Behaviour {}

  /** Headers with the true Content-Length and half the body, then a TCP reset (SO_LINGER 0). */
  public record ResetMidBody(byte[] body) implements Behaviour {}

  private final ServerSocket server;
  private final boolean tls;
  private final Map<String, Behaviour> byTarget = new ConcurrentHashMap<>();
  private volatile Behaviour otherwise = Respond.status(404);
  private final AtomicLong generation = new AtomicLong();
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final AtomicInteger requests = new AtomicInteger();
  private final AtomicInteger rejected = new AtomicInteger();
  private final AtomicLong bytesSent = new AtomicLong();
  private final Thread acceptor;
  private volatile boolean closed;

  private HostileHttpServer(ServerSocket server, boolean tls) {
    this.server = server;
    this.tls = tls;
    this.acceptor = new Thread(this::acceptLoop, "hostile-accept-" + server.getLocalPort());
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** A plain HTTP server on 127.0.0.1, any free port. */
  public static HostileHttpServer plain() throws IOException {
    return new HostileHttpServer(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), false);
  }

  /** An HTTPS server on 127.0.0.1 with the given server context (see {@link #selfSigned}). */
  public static HostileHttpServer tls(SSLContext context) throws IOException {
    return new HostileHttpServer(
        context
            .getServerSocketFactory()
            .createServerSocket(0, 50, InetAddress.getLoopbackAddress()),
        true);
  }

  /** A server context with a self-signed RSA key made by the JDK's keytool in {@code dir}. */
  public static SSLContext selfSigned(Path dir) throws Exception {
    char[] password = "hostile-test-only".toCharArray();
    Path store = dir.resolve("hostile-server.p12");
    Process p =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair",
                "-alias",
                "server",
                "-keyalg",
                "RSA",
                "-keysize",
                "2048",
                "-dname",
                "CN=127.0.0.1",
                "-ext",
                "SAN=ip:127.0.0.1",
                "-validity",
                "2",
                "-storetype",
                "PKCS12",
                "-keystore",
                store.toString(),
                "-storepass",
                new String(password),
                "-keypass",
                new String(password))
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      p.destroyForcibly();
      throw new IllegalStateException("keytool failed: " + out);
    }
    KeyStore keys = KeyStore.getInstance("PKCS12");
    try (InputStream in = java.nio.file.Files.newInputStream(store)) {
      keys.load(in, password);
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(keys, password);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(kmf.getKeyManagers(), null, null);
    return context;
  }

  /**
   * A gzip body that inflates to {@code spaces} spaces followed by {@code tail}: valid JSON, a
   * bomb.
   */
  public static byte[] gzipBomb(long spaces, byte[] tail) throws IOException {
    ByteArrayOutputStream compressed = new ByteArrayOutputStream();
    try (GZIPOutputStream gz =
        new GZIPOutputStream(compressed, 1 << 16) {
          {
            def.setLevel(Deflater.DEFAULT_COMPRESSION);
          }
        }) {
      byte[] block = new byte[1 << 20];
      java.util.Arrays.fill(block, (byte) ' ');
      for (long left = spaces; left > 0; left -= block.length) {
        gz.write(block, 0, (int) Math.min(block.length, left));
      }
      gz.write(tail);
    }
    return compressed.toByteArray();
  }

  /**
   * The behaviour for one request target (path and query, e.g. {@code
   * /connectors?expand=status&expand=info}).
   */
  public HostileHttpServer on(String target, Behaviour behaviour) {
    byTarget.put(target, behaviour);
    generation.incrementAndGet();
    return this;
  }

  /** The behaviour for every other request (e.g. any POST to a Jolokia agent). */
  public HostileHttpServer otherwise(Behaviour behaviour) {
    otherwise = behaviour;
    generation.incrementAndGet();
    return this;
  }

  public int port() {
    return server.getLocalPort();
  }

  /** {@code http://127.0.0.1:port} (https for a TLS server). */
  public String url() {
    return (tls ? "https" : "http") + "://127.0.0.1:" + port();
  }

  /** Requests read completely (each was answered by the behaviour of its time). */
  public int requests() {
    return requests.get();
  }

  /**
   * Connections closed without a request: bytes that are not HTTP (a TLS hello), a failed TLS
   * handshake.
   */
  public int rejectedConnections() {
    return rejected.get();
  }

  /** Body bytes written so far, over all connections. */
  public long bytesSent() {
    return bytesSent.get();
  }

  private void acceptLoop() {
    while (!closed) {
      Socket socket;
      try {
        socket = server.accept();
      } catch (IOException e) {
        if (closed) {
          return;
        }
        continue;
      }
      open.add(socket);
      if (closed) {
        closeQuietly(socket);
        return;
      }
      Thread t = new Thread(() -> serve(socket), "hostile-conn-" + port());
      t.setDaemon(true);
      t.start();
    }
  }

  private record Request(String method, String target, Map<String, String> headers) {}

  private void serve(Socket socket) {
    boolean reset = false;
    try {
      socket.setSoTimeout((int) REQUEST_READ_TIMEOUT.toMillis());
      socket.setTcpNoDelay(true);
      InputStream in = new BufferedInputStream(socket.getInputStream());
      Request request = readRequest(in);
      if (request == null) {
        rejected.incrementAndGet();
        return;
      }
      requests.incrementAndGet();
      Behaviour b = byTarget.getOrDefault(request.target(), otherwise);
      long since = generation.get();
      reset = answer(b, socket, socket.getOutputStream(), new Clock(since));
    } catch (javax.net.ssl.SSLException e) {
      rejected.incrementAndGet();
    } catch (IOException e) {
      // The client went away (deadline, size cap, reset): that is what these tests provoke.
    } finally {
      if (!reset) {
        closeQuietly(socket);
      }
      open.remove(socket);
    }
  }

  /** Reads a request line, headers and a Content-Length body; null if the bytes are not HTTP. */
  private static Request readRequest(InputStream in) throws IOException {
    in.mark(1);
    int first = in.read();
    if (first < 'A' || first > 'Z') {
      return null; // a TLS ClientHello starts with 0x16; anything else that is not a method:
      // garbage
    }
    in.reset();
    String line = readLine(in);
    String[] parts = line == null ? new String[0] : line.split(" ");
    if (parts.length != 3 || !parts[2].startsWith("HTTP/1.")) {
      return null;
    }
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 0; i < MAX_HEADERS; i++) {
      String h = readLine(in);
      if (h == null) {
        return null;
      }
      if (h.isEmpty()) {
        break;
      }
      int colon = h.indexOf(':');
      if (colon > 0) {
        headers.put(
            h.substring(0, colon).trim().toLowerCase(Locale.ROOT), h.substring(colon + 1).trim());
      }
    }
    long length = Long.parseLong(headers.getOrDefault("content-length", "0"));
    if (length < 0 || length > MAX_REQUEST_BODY) {
      return null;
    }
    if (in.readNBytes((int) length).length != length) {
      return null;
    }
    return new Request(parts[0], parts[1], headers);
  }

  private static String readLine(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    for (int i = 0; i < MAX_REQUEST_LINE; i++) {
      int c = in.read();
      if (c < 0) {
        return null;
      }
      if (c == '\n') {
        String s = line.toString(StandardCharsets.ISO_8859_1);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
      }
      line.write(c);
    }
    return null;
  }

  /** Bounds every long answer: until switched, closed, or {@link #MAX_ANSWER_TIME}. */
  private final class Clock {
    private final long generationAtStart;
    private final long endNanos = System.nanoTime() + MAX_ANSWER_TIME.toNanos();

    Clock(long generationAtStart) {
      this.generationAtStart = generationAtStart;
    }

    boolean go() {
      return !closed && generation.get() == generationAtStart && System.nanoTime() < endNanos;
    }

    /**
     * Sleeps up to {@code d}, in short steps so a switch or close is seen quickly; false when it
     * must stop.
     */
    boolean sleep(Duration d) {
      long until = System.nanoTime() + d.toNanos();
      try {
        while (go()) {
          long left = until - System.nanoTime();
          if (left <= 0) {
            return true;
          }
          Thread.sleep(Math.max(1, Math.min(50, TimeUnit.NANOSECONDS.toMillis(left))));
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return false;
    }
  }

  /** Answers; true if the socket was reset (already closed). */
  private boolean answer(Behaviour b, Socket socket, OutputStream out, Clock clock)
      throws IOException {
    if (b instanceof Respond r) {
      Map<String, String> h = new LinkedHashMap<>(r.headers());
      h.put("Content-Length", Long.toString(r.lies() ? r.declaredLength() : r.body().length));
      writeHead(out, r.status(), h);
      body(out, r.body(), 0, r.body().length);
    } else if (b instanceof Drip d) {
      writeHead(
          out,
          200,
          Map.of(
              "Content-Type",
              "application/json",
              "Content-Length",
              Integer.toString(d.body().length)));
      for (int i = 0; i < d.body().length; i++) {
        body(out, d.body(), i, 1);
        if (i + 1 < d.body().length && !clock.sleep(d.every())) {
          return false;
        }
      }
    } else if (b instanceof Endless e) {
      writeHead(
          out, 200, Map.of("Content-Type", "application/json", "Transfer-Encoding", "chunked"));
      chunk(out, "{\"a\":[");
      while (clock.sleep(e.every())) {
        chunk(out, "1,");
      }
    } else if (b instanceof Huge huge) {
      writeHead(
          out, 200, Map.of("Content-Type", "application/json", "Transfer-Encoding", "chunked"));
      StringBuilder buffer = new StringBuilder(1 << 17).append(huge.prefix());
      long sent = 0;
      for (int i = 0; sent < huge.minBytes(); i++) {
        if (!clock.go()) {
          return false;
        }
        buffer.append(i == 0 ? "" : ",").append(huge.element().apply(i));
        if (buffer.length() >= 1 << 16) {
          sent += chunk(out, buffer.toString());
          buffer.setLength(0);
        }
      }
      chunk(out, buffer.append(huge.suffix()).toString());
      out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
    } else if (b instanceof Hang) {
      while (clock.sleep(Duration.ofSeconds(1))) {
        // never answer
      }
    } else if (b instanceof ResetMidBody r) {
      writeHead(
          out,
          200,
          Map.of(
              "Content-Type",
              "application/json",
              "Content-Length",
              Integer.toString(r.body().length)));
      body(out, r.body(), 0, r.body().length / 2);
      socket.setSoLinger(true, 0);
      socket.close(); // with linger 0: RST instead of FIN
      return true;
    }
    return false;
  }

  private void writeHead(OutputStream out, int status, Map<String, String> headers)
      throws IOException {
    StringBuilder head =
        new StringBuilder("HTTP/1.1 ")
            .append(status)
            .append(' ')
            .append(reason(status))
            .append("\r\n");
    headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
    head.append("Connection: close\r\n\r\n");
    out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
  }

  private void body(OutputStream out, byte[] body, int offset, int length) throws IOException {
    for (int at = offset; at < offset + length; at += 1 << 16) {
      int n = Math.min(1 << 16, offset + length - at);
      out.write(body, at, n);
      bytesSent.addAndGet(n);
    }
    out.flush();
  }

  private int chunk(OutputStream out, String s) throws IOException {
    byte[] data = s.getBytes(StandardCharsets.UTF_8);
    out.write((Integer.toHexString(data.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
    out.write(data);
    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
    out.flush();
    bytesSent.addAndGet(data.length);
    return data.length;
  }

  private static String reason(int status) {
    return switch (status) {
      case 200 -> "OK";
      case 302 -> "Found";
      case 404 -> "Not Found";
      case 500 -> "Internal Server Error";
      default -> "Status";
    };
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException e) {
      // closing anyway
    }
  }

  @Override
  public void close() {
    closed = true;
    try {
      server.close();
    } catch (IOException e) {
      // closing anyway
    }
    for (Socket s : List.copyOf(open)) {
      closeQuietly(s);
    }
    try {
      acceptor.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
