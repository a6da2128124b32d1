// Live-update load tool (issue 18): opens N queue streams (and a few seat streams), lets the
// server admit, drives holds, and reports streams held, the server's heap and RSS per 1,000
// streams, and update delays p50/p99. Single file, JDK only (NIO, one selector thread):
//   ulimit -n 200000; java wrk/streams.java --url http://127.0.0.1:8080 --streams 50000 \
//        --sources 8 --admin-key KEY --pid <server pid> [--seat-streams 200] [--seconds 60]
// Run wrk/streams.sh, which raises the open-file limit first. The server should run with a rate
// and cap that keep most tokens waiting (e.g. CONCERT_QUEUE_ADMIT_PER_SECOND=100,
// CONCERT_QUEUE_MAX_ACTIVE=1000, CONCERT_RATE_TOKENS_PER_MINUTE=0), so positions move every tick,
// and with the stream limits off (CONCERT_STREAMS_PER_TOKEN=0 CONCERT_STREAMS_PER_ADDRESS=0): at
// their defaults a source address may open 100 streams, and the rest are refused with 429.
// Source addresses 127.0.0.1..127.0.0.<sources> each give their own ~28k ephemeral ports.
// --h2 N carries the queue streams N to an HTTP/2 connection (h2c, prior knowledge) instead of
// one HTTP/1.1 connection each: the stream count is then not bound by the open-file limit of
// either process (this box's hard limit is 20,000), and what is measured is the server's cost per
// stream, not per TCP connection. Seat streams stay on HTTP/1.1.
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

public class streams {
  static final Pattern POSITION = Pattern.compile("\"position\":(\\d+)");
  static final Pattern STATUS = Pattern.compile("\"status\":\"(\\w+)\"");

  /**
   * One stream: over a raw socket of its own (HTTP/1.1), or one stream of an {@link H2Connection};
   * events in, their arrival times kept.
   */
  static final class Stream {
    final SocketChannel channel; // null on HTTP/2
    final ByteBuffer request;
    final String token;
    final boolean seats;
    final StringBuilder pending = new StringBuilder();
    boolean open;
    String status;
    long lastPosition = -1;
    long activeAt;
    boolean headersRead;
    boolean accepted;
    boolean settled; // answered, or failed before its answer
    int events;

    Stream(SocketChannel channel, String request, String token, boolean seats) {
      awaitingAnswer++;
      this.channel = channel;
      this.request = request == null ? null : ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII));
      this.token = token;
      this.seats = seats;
    }
  }

  /**
   * HTTP/2 over cleartext with prior knowledge (h2c): many streams on one TCP connection, so the
   * stream count is not bound by file descriptors. Just enough of RFC 9113 for SSE: requests are
   * HEADERS frames (HPACK literals, never indexed), the answer's status is read from the first
   * header byte (0x88 = the static table's ":status: 200"), DATA frames carry the events, and the
   * windows are opened to the maximum at the start so that no WINDOW_UPDATE is needed after.
   */
  static final class H2Connection {
    final SocketChannel channel;
    final Map<Integer, Stream> streams = new HashMap<>();
    ByteBuffer out = ByteBuffer.allocate(1024);
    ByteBuffer in = ByteBuffer.allocate(64 * 1024);
    int nextId = 1;
    boolean open;

    H2Connection(SocketChannel channel) {
      this.channel = channel;
      out.put("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      // SETTINGS: ENABLE_PUSH 0, INITIAL_WINDOW_SIZE 2^31-1; then the connection's window to the same.
      ByteBuffer settings = ByteBuffer.allocate(12).putShort((short) 2).putInt(0).putShort((short) 4).putInt(Integer.MAX_VALUE);
      frame(4, 0, 0, settings.array());
      frame(8, 0, 0, ByteBuffer.allocate(4).putInt(Integer.MAX_VALUE - 65_535).array());
    }

    Stream request(String path, String token) {
      java.io.ByteArrayOutputStream block = new java.io.ByteArrayOutputStream();
      block.write(0x82); // :method GET
      block.write(0x86); // :scheme http
      literal(block, 4, path); // :path
      literal(block, 1, host + ":" + port); // :authority
      literal(block, 19, "text/event-stream"); // accept
      int id = nextId;
      nextId += 2;
      frame(1, 0x5, id, block.toByteArray()); // END_STREAM | END_HEADERS
      Stream stream = new Stream(null, null, token, false);
      streams.put(id, stream);
      return stream;
    }

    /** A header field without indexing, its name from the static table (RFC 7541 6.2.2). */
    static void literal(java.io.ByteArrayOutputStream block, int nameIndex, String value) {
      integer(block, 0x00, 4, nameIndex);
      byte[] bytes = value.getBytes(StandardCharsets.US_ASCII);
      integer(block, 0x00, 7, bytes.length);
      block.writeBytes(bytes);
    }

    static void integer(java.io.ByteArrayOutputStream block, int flags, int prefixBits, int value) {
      int max = (1 << prefixBits) - 1;
      if (value < max) {
        block.write(flags | value);
        return;
      }
      block.write(flags | max);
      value -= max;
      while (value >= 128) {
        block.write((value & 0x7f) | 0x80);
        value >>>= 7;
      }
      block.write(value);
    }

    void frame(int type, int flags, int streamId, byte[] payload) {
      if (out.remaining() < 9 + payload.length) {
        ByteBuffer bigger = ByteBuffer.allocate(Math.max(out.capacity() * 2, out.position() + 9 + payload.length));
        out.flip();
        out = bigger.put(out);
      }
      out.put((byte) (payload.length >>> 16)).put((byte) (payload.length >>> 8)).put((byte) payload.length)
          .put((byte) type).put((byte) flags).putInt(streamId).put(payload);
    }

    /** Writes what is pending; true when all of it is out. */
    boolean flush() throws IOException {
      out.flip();
      channel.write(out);
      boolean done = !out.hasRemaining();
      out.compact();
      return done;
    }

    void read(ByteBuffer bytes) throws IOException {
      if (in.remaining() < bytes.remaining()) {
        ByteBuffer bigger = ByteBuffer.allocate(Math.max(in.capacity() * 2, in.position() + bytes.remaining()));
        in.flip();
        in = bigger.put(in);
      }
      in.put(bytes);
      in.flip();
      while (in.remaining() >= 9) {
        int length = (in.get(in.position()) & 0xff) << 16 | (in.get(in.position() + 1) & 0xff) << 8
            | (in.get(in.position() + 2) & 0xff);
        if (in.remaining() < 9 + length) {
          break;
        }
        in.get(new byte[3]);
        int type = in.get() & 0xff;
        int flags = in.get() & 0xff;
        int id = in.getInt() & 0x7fffffff;
        byte[] payload = new byte[length];
        in.get(payload);
        handle(type, flags, id, payload);
      }
      in.compact();
    }

    private void handle(int type, int flags, int id, byte[] payload) throws IOException {
      Stream s = streams.get(id);
      int from = (flags & 0x8) != 0 && (type == 0 || type == 1) ? 1 : 0; // PADDED
      int to = payload.length - (from == 1 ? payload[0] & 0xff : 0);
      switch (type) {
        case 0 -> { // DATA
          if (s != null) {
            s.pending.append(new String(payload, from, to - from, StandardCharsets.UTF_8));
            take(s);
          }
        }
        case 1 -> { // HEADERS (the answer's, or trailers)
          if (s != null && !s.headersRead) {
            int first = from + ((flags & 0x20) != 0 ? 5 : 0); // PRIORITY
            s.headersRead = true;
            s.accepted = first < to && (payload[first] & 0xff) == 0x88;
            s.open = s.accepted;
            settle(s, s.accepted);
          }
        }
        case 3 -> { // RST_STREAM
          if (s != null) {
            s.open = false;
            settle(s, false);
          }
        }
        case 4 -> { // SETTINGS
          if ((flags & 0x1) == 0) {
            frame(4, 0x1, 0, new byte[0]);
          }
        }
        case 6 -> { // PING
          if ((flags & 0x1) == 0) {
            frame(6, 0x1, 0, payload);
          }
        }
        case 7 -> close(); // GOAWAY
        default -> { }
      }
      if (s != null && (flags & 0x1) != 0 && (type == 0 || type == 1)) {
        s.open = false; // END_STREAM: the server ended it (its token ended)
      }
      if (out.position() > 0) {
        flush();
      }
    }

    void close() {
      open = false;
      streams.values().forEach(s -> {
        s.open = false;
        settle(s, false);
      });
    }
  }

  /** Streams sent and not answered yet; the opening waits below --open-window of them. */
  static int awaitingAnswer;
  /** Streams answered other than 200, or failed before their answer. */
  static int refused;

  static void settle(Stream s, boolean accepted) {
    if (!s.settled) {
      s.settled = true;
      awaitingAnswer--;
      if (!accepted) {
        refused++;
      }
    }
  }

  static String host;
  static int port;
  static final ConcurrentLinkedQueue<Long> queueDelays = new ConcurrentLinkedQueue<>(); // nanos after the move
  static final ConcurrentLinkedQueue<Long> openingDelays = new ConcurrentLinkedQueue<>(); // the same while streams open
  static volatile boolean allOpen;
  static final ConcurrentLinkedQueue<Long> seatDelays = new ConcurrentLinkedQueue<>();
  static volatile long holdSentNanos;
  static volatile int holdSeat;
  static final java.util.Set<String> seatSeen = java.util.concurrent.ConcurrentHashMap.newKeySet();
  static final java.util.concurrent.atomic.AtomicInteger holdFailures = new java.util.concurrent.atomic.AtomicInteger();

  public static void main(String[] args) throws Exception {
    Map<String, String> opt = new HashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      opt.put(args[i].replaceFirst("^--", ""), args[i + 1]);
    }
    URI url = URI.create(opt.getOrDefault("url", "http://127.0.0.1:8080"));
    host = url.getHost();
    port = url.getPort();
    int n = Integer.parseInt(opt.getOrDefault("streams", "1000"));
    int sources = Integer.parseInt(opt.getOrDefault("sources", "4"));
    int seatStreams = Integer.parseInt(opt.getOrDefault("seat-streams", "50"));
    int seconds = Integer.parseInt(opt.getOrDefault("seconds", "30"));
    int perConnection = Integer.parseInt(opt.getOrDefault("h2", "0")); // queue streams per HTTP/2 connection; 0: HTTP/1.1
    // Streams opened but not yet answered, at most: a buyer's stream opens with a read of its token,
    // and 50,000 of them sent at once would queue behind each other past Redis's deadline.
    int openWindow = Integer.parseInt(opt.getOrDefault("open-window", "1000"));
    int seatCount = Integer.parseInt(opt.getOrDefault("seats", "50")); // the demo schedule's seats
    String adminKey = opt.get("admin-key");
    String pid = opt.get("pid");
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    Memory before = memory(http, url, adminKey, pid);
    System.out.printf("server before: heap %.1f MB, RSS %.1f MB%n", before.heapMb, before.rssMb);

    System.out.printf("issuing %d tokens...%n", n);
    List<String> tokens = issue(http, url, n);

    Selector selector = Selector.open();
    List<Stream> all = new ArrayList<>();
    long start = System.nanoTime();
    String queuePath = "/api/v1/queue/tokens/current/events?access_token=";
    for (int i = 0; i < tokens.size(); i++) {
      String source = "127.0.0." + (1 + i % sources);
      while (awaitingAnswer >= openWindow) {
        pump(selector, 20);
      }
      if (perConnection == 0) {
        all.add(connect(selector, source, queuePath, tokens.get(i), false));
      } else if (i % perConnection == 0) {
        H2Connection connection = new H2Connection(open(source));
        connection.channel.register(selector, SelectionKey.OP_CONNECT, connection);
        for (int j = i; j < Math.min(i + perConnection, tokens.size()); j++) {
          all.add(connection.request(queuePath + tokens.get(j), tokens.get(j)));
        }
      }
      if (i % 1000 == 999) {
        pump(selector, 0);
      }
    }
    System.out.printf("%d queue streams sent (%.1f s)%n", all.size(), (System.nanoTime() - start) / 1e9);

    while (awaitingAnswer > 0) {
      pump(selector, 20);
    }
    allOpen = true;
    System.out.printf("%d queue streams answered (%.1f s)%n", all.size(), (System.nanoTime() - start) / 1e9);

    // Seat streams need ACTIVE tokens (the first tokens issued are admitted first); so does the
    // schedules list.
    long schedule = -1;
    long activeDeadline = System.nanoTime() + 30_000_000_000L;
    while (schedule < 0 && System.nanoTime() < activeDeadline) {
      pump(selector, 200);
      String anActive = freshestActive(all);
      if (anActive != null) {
        schedule = firstSchedule(http, url, anActive);
      }
    }
    List<String> active = new ArrayList<>();
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (schedule > 0 && active.size() < Math.min(seatStreams + 1, n) && System.nanoTime() < deadline) {
      pump(selector, 200);
      active.clear();
      for (Stream s : all) {
        if ("ACTIVE".equals(s.status)) {
          active.add(s.token);
        }
      }
    }
    // The freshest active tokens: the gate is checked when a stream opens.
    active.clear();
    all.stream().filter(s -> "ACTIVE".equals(s.status))
        .sorted(java.util.Comparator.comparingLong((Stream s) -> s.activeAt).reversed())
        .forEach(s -> active.add(s.token));
    List<Stream> seatList = new ArrayList<>();
    for (int i = 0; i < Math.min(active.size(), seatStreams) && schedule > 0; i++) {
      seatList.add(connect(selector, "127.0.0." + (1 + i % sources),
          "/api/v1/schedules/" + schedule + "/seats/events?access_token=", active.get(i), true));
    }
    all.addAll(seatList);

    long end = System.nanoTime() + seconds * 1_000_000_000L;
    long nextHold = System.nanoTime() + 1_000_000_000L;
    int seat = 0;
    while (System.nanoTime() < end) {
      pump(selector, 50);
      if (!seatList.isEmpty() && System.nanoTime() > nextHold) {
        // A token active now (they end after the server's active time).
        String holder = freshestActive(all);
        if (holder != null) {
          seat = seat % seatCount + 1;
          holdSeat = seat;
          holdSentNanos = System.nanoTime();
          hold(http, url, holder, schedule, seat);
        }
        nextHold = System.nanoTime() + 500_000_000L;
      }
    }

    // Queue streams end with their tokens: held = accepted and still open, or ended by the server
    // after their token's end (the stream did its job).
    long held = all.stream().filter(s -> !s.seats && s.accepted && (s.open || "EXPIRED".equals(s.status))).count();
    long seatHeld = seatList.stream().filter(s -> s.accepted && s.open).count();
    Memory after = memory(http, url, adminKey, pid);
    double per1000 = held == 0 ? 0 : 1000.0 / (held + seatHeld);
    System.out.printf("queue streams accepted and held (or ended with their token): %d of %d; seat streams held: %d of %d%n",
        held, n, seatHeld, seatList.size());
    System.out.printf("server after: heap %.1f MB, RSS %.1f MB; per 1,000 streams: heap %+.1f MB, RSS %+.1f MB%n",
        after.heapMb, after.rssMb, (after.heapMb - before.heapMb) * per1000, (after.rssMb - before.rssMb) * per1000);
    report("queue update delay while the streams opened", new ArrayList<>(openingDelays));
    report("queue update delay once all were open (arrival minus the event's id: the admission or other move of"
        + " the line it answers, on Redis's clock; the tick's start for a fallback tick)",
        new ArrayList<>(queueDelays));
    updateLag(http, url, adminKey);
    report("seat change delay (hold sent to event received)", new ArrayList<>(seatDelays));
    System.out.printf("holds refused: %d%n", holdFailures.get());
    System.out.printf("streams refused (not 200) or failed before their answer: %d%n", refused);
    if (refused > 0) {
      System.out.println("  (streams past 100 per source address get 429 unless the server runs with"
          + " CONCERT_STREAMS_PER_TOKEN=0 CONCERT_STREAMS_PER_ADDRESS=0)");
    }
    refusals(http, url, adminKey);
    selector.close();
  }

  /** The token of the queue stream admitted last (active the longest ahead), or null if none is active. */
  static String freshestActive(List<Stream> streams) {
    return streams.stream().filter(s -> !s.seats && "ACTIVE".equals(s.status))
        .max(java.util.Comparator.comparingLong(s -> s.activeAt)).map(s -> s.token).orElse(null);
  }

  static SocketChannel open(String source) throws IOException {
    SocketChannel channel = SocketChannel.open();
    channel.configureBlocking(false);
    channel.bind(new InetSocketAddress(source, 0));
    channel.connect(new InetSocketAddress(host, port));
    return channel;
  }

  static Stream connect(Selector selector, String source, String path, String token, boolean seats) throws IOException {
    SocketChannel channel = open(source);
    Stream stream = new Stream(channel, "GET " + path + token + " HTTP/1.1\r\nHost: " + host
        + "\r\nAccept: text/event-stream\r\n\r\n", token, seats);
    channel.register(selector, SelectionKey.OP_CONNECT, stream);
    return stream;
  }

  static final ByteBuffer READ = ByteBuffer.allocateDirect(64 * 1024);

  static void pump(Selector selector, long millis) throws IOException {
    if (millis == 0) {
      selector.selectNow();
    } else {
      selector.select(millis);
    }
    for (SelectionKey key : selector.selectedKeys()) {
      if (key.attachment() instanceof H2Connection connection) {
        pump(key, connection);
        continue;
      }
      Stream s = (Stream) key.attachment();
      try {
        if (key.isConnectable() && s.channel.finishConnect()) {
          s.channel.write(s.request);
          key.interestOps(SelectionKey.OP_READ);
          s.open = true;
        } else if (key.isReadable()) {
          READ.clear();
          int read = s.channel.read(READ);
          if (read < 0) {
            s.open = false;
            settle(s, false);
            key.cancel();
            s.channel.close();
            continue;
          }
          READ.flip();
          s.pending.append(StandardCharsets.UTF_8.decode(READ));
          take(s);
        }
      } catch (IOException e) {
        s.open = false;
        settle(s, false);
        key.cancel();
        s.channel.close();
      }
    }
    selector.selectedKeys().clear();
  }

  static void pump(SelectionKey key, H2Connection connection) throws IOException {
    try {
      if (key.isConnectable() && connection.channel.finishConnect()) {
        connection.open = true;
      }
      if (key.isValid() && key.isReadable()) {
        READ.clear();
        if (connection.channel.read(READ) < 0) {
          throw new IOException("closed by the server");
        }
        READ.flip();
        connection.read(READ);
      }
      if (connection.open) {
        // What is left to write (the requests at first) waits for the socket to take more.
        key.interestOps(connection.flush() ? SelectionKey.OP_READ : SelectionKey.OP_READ | SelectionKey.OP_WRITE);
      }
    } catch (IOException e) {
      connection.close();
      key.cancel();
      connection.channel.close();
    }
  }

  static void take(Stream s) throws IOException {
    long now = System.nanoTime();
    int end;
    if (!s.headersRead) {
      int headers = s.pending.indexOf("\r\n\r\n");
      if (headers < 0) {
        return;
      }
      s.headersRead = true;
      s.accepted = s.pending.indexOf("HTTP/1.1 200") == 0;
      settle(s, s.accepted);
      if (!s.accepted) {
        s.open = false;
        s.channel.close(); // HTTP/1.1 only: an HTTP/2 stream's headers are read from its HEADERS frame
        return;
      }
      s.pending.delete(0, headers + 4);
    }
    while ((end = s.pending.indexOf("\n\n")) >= 0) {
      String block = s.pending.substring(0, end);
      s.pending.delete(0, end + 2);
      int data = block.indexOf("data: ");
      if (data < 0) {
        continue;
      }
      s.events++;
      String json = block.substring(data + 6);
      if (s.seats) {
        if (System.getenv("STREAMS_DEBUG") != null) {
          System.out.println("seat event: " + block.substring(0, Math.min(block.length(), 160)).replace("\n", "|") + " wanted " + holdSeat);
        }
        // The first batch naming the seat (a hold and its cancel may share a batch: the last state wins).
        if (block.contains("event: seats") && json.contains("\"seatNumber\":" + holdSeat + ",")
            && seatSeen.add(holdSentNanos + "/" + s.hashCode())) {
          seatDelays.add(now - holdSentNanos);
        }
      } else {
        Matcher st = STATUS.matcher(json);
        if (st.find()) {
          if (st.group(1).equals("ACTIVE") && !"ACTIVE".equals(s.status)) {
            s.activeAt = now;
          }
          s.status = st.group(1);
        }
        Matcher p = POSITION.matcher(json);
        if (p.find()) {
          long position = Long.parseLong(p.group(1));
          if (s.lastPosition >= 0 && position != s.lastPosition) {
            // The server's "id:" is the move of the line the position answers (an admission, Redis's
            // time); same host, same clock.
            // (The block may begin with a chunk-size line: the stream is read raw.)
            int id = block.indexOf("id: ");
            if (id >= 0) {
              long asOf = Long.parseLong(block, id + 4, block.indexOf('\n', id), 10);
              (allOpen ? queueDelays : openingDelays).add((System.currentTimeMillis() - asOf) * 1_000_000L);
            }
          }
          s.lastPosition = position;
        }
      }
    }
  }

  static void report(String what, List<Long> nanos) {
    if (nanos.isEmpty()) {
      System.out.printf("%s: no samples%n", what);
      return;
    }
    Collections.sort(nanos);
    System.out.printf("%s: n=%d p50 %.1f ms, p99 %.1f ms, max %.1f ms%n", what, nanos.size(),
        nanos.get(nanos.size() / 2) / 1e6, nanos.get(Math.min(nanos.size() - 1, nanos.size() * 99 / 100)) / 1e6,
        nanos.get(nanos.size() - 1) / 1e6);
  }

  static List<String> issue(HttpClient http, URI url, int n) throws Exception {
    Semaphore inFlight = new Semaphore(256);
    List<CompletableFuture<String>> issued = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      inFlight.acquire();
      HttpRequest request = HttpRequest.newBuilder(url.resolve("/api/v1/queue/tokens"))
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString("{\"userId\":\"" + UUID.randomUUID() + "\"}")).build();
      issued.add(http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((r, e) -> inFlight.release())
          .thenApply(r -> {
            Matcher m = Pattern.compile("\"token\":\"([^\"]+)\"").matcher(r.body());
            return m.find() ? m.group(1) : null;
          }));
    }
    List<String> tokens = new ArrayList<>();
    for (CompletableFuture<String> f : issued) {
      String token = f.join();
      if (token != null) {
        tokens.add(token);
      }
    }
    return tokens;
  }

  static long firstSchedule(HttpClient http, URI url, String token) throws Exception {
    String concerts = http.send(HttpRequest.newBuilder(url.resolve("/api/v1/concerts")).build(),
        HttpResponse.BodyHandlers.ofString()).body();
    Matcher c = Pattern.compile("\"concertId\":(\\d+)").matcher(concerts);
    if (!c.find()) {
      return -1;
    }
    String schedules = http.send(HttpRequest.newBuilder(url.resolve("/api/v1/concerts/" + c.group(1) + "/schedules"))
        .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString()).body();
    Matcher s = Pattern.compile("\"scheduleId\":(\\d+)").matcher(schedules);
    return s.find() ? Long.parseLong(s.group(1)) : -1;
  }

  static void hold(HttpClient http, URI url, String token, long schedule, int seat) {
    HttpRequest request = HttpRequest.newBuilder(url.resolve("/api/v1/reservations"))
        .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"scheduleId\":" + schedule + ",\"seatNumbers\":[" + seat + "]}")).build();
    http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).thenAccept(r -> {
      if (r.statusCode() != 201) {
        holdFailures.incrementAndGet();
        if (holdFailures.get() <= 3) {
          System.out.println("hold refused: " + r.statusCode() + " " + r.body());
        }
      }
      Matcher m = Pattern.compile("\"reservationId\":\"([^\"]+)\"").matcher(r.body());
      if (m.find()) {
        http.sendAsync(HttpRequest.newBuilder(url.resolve("/api/v1/reservations/" + m.group(1)))
            .header("Authorization", "Bearer " + token).DELETE().build(), HttpResponse.BodyHandlers.discarding());
      }
    });
  }

  record Memory(double heapMb, double rssMb) {}

  /** The server's /metrics lines, or none without --admin-key or when the read fails. */
  static List<String> metricLines(HttpClient http, URI url, String adminKey) {
    if (adminKey == null) {
      return List.of();
    }
    try {
      return List.of(http.send(HttpRequest.newBuilder(url.resolve("/metrics")).header("Admin-Key", adminKey).build(),
          HttpResponse.BodyHandlers.ofString()).body().split("\n"));
    } catch (Exception e) {
      System.out.println("metrics read failed: " + e);
      return List.of();
    }
  }

  /**
   * The server's own measure of the step before the one above: from a move of the line (an
   * admission, Redis's time) to the streams' tick that sends it (the last minutes' p50 and p99).
   */
  static void updateLag(HttpClient http, URI url, String adminKey) {
    StringBuilder lag = new StringBuilder();
    for (String line : metricLines(http, url, adminKey)) {
      if (line.startsWith("concert_streams_update_lag_seconds{") && line.contains("kind=\"queue\"")
          && line.contains("quantile=")) {
        String quantile = line.replaceAll(".*quantile=\"([^\"]+)\".*", "$1");
        double millis = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)) * 1000;
        lag.append(String.format(" p%s %.0f ms", quantile.equals("0.5") ? "50" : quantile.replace("0.", ""), millis));
      }
    }
    System.out.println("queue tick after the line moved (server metric):" + (lag.length() == 0 ? " none" : lag));
  }

  /** The server's count of stream requests answered other than 200, by route and status. */
  static void refusals(HttpClient http, URI url, String adminKey) {
    for (String line : metricLines(http, url, adminKey)) {
      if (line.startsWith("vertx_http_server_requests_total{") && line.contains("/events")
          && !line.contains("code=\"200\"")) {
        System.out.println("  server: " + line);
      }
    }
  }

  static Memory memory(HttpClient http, URI url, String adminKey, String pid) {
    double heap = -1;
    double rss = -1;
    try {
      if (pid != null) {
        // A full GC first, so that heap figures compare live data, not garbage.
        new ProcessBuilder("jcmd", pid, "GC.run").redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
        Thread.sleep(500);
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
          if (line.startsWith("VmRSS:")) {
            rss = Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
          }
        }
      }
      List<String> metrics = metricLines(http, url, adminKey);
      if (!metrics.isEmpty()) {
        heap = 0;
        for (String line : metrics) {
          if (line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\"")) {
            heap += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)) / 1e6;
          }
        }
      }
    } catch (Exception e) {
      System.out.println("memory read failed: " + e);
    }
    return new Memory(heap, rss);
  }

}
