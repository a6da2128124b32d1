// Live-update load tool (issue 18): opens N queue streams (and a few seat streams), lets the
// server admit, drives holds, and reports streams held, the server's heap and RSS per 1,000
// streams, and update delays p50/p99. Single file, JDK only (NIO, one selector thread):
//   ulimit -n 200000; java wrk/streams.java --url http://127.0.0.1:8080 --streams 50000 \
//        --sources 8 --admin-key KEY --pid <server pid> [--seat-streams 200] [--seconds 60]
// Run wrk/streams.sh, which raises the open-file limit first. The server should run with a rate
// and cap that keep most tokens waiting (e.g. CONCERT_QUEUE_ADMIT_PER_SECOND=100,
// CONCERT_QUEUE_MAX_ACTIVE=1000, CONCERT_RATE_TOKENS_PER_MINUTE=0), so positions move every tick.
// Source addresses 127.0.0.1..127.0.0.<sources> each give their own ~28k ephemeral ports.
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

  /** One stream over a raw socket: request out, events in, their arrival times kept. */
  static final class Stream {
    final SocketChannel channel;
    final ByteBuffer request;
    final boolean seats;
    final StringBuilder pending = new StringBuilder();
    boolean open;
    String status;
    long lastPosition = -1;
    long activeAt;
    boolean headersRead;
    boolean accepted;
    int events;

    Stream(SocketChannel channel, String request, boolean seats) {
      this.channel = channel;
      this.request = ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII));
      this.seats = seats;
    }
  }

  static String host;
  static int port;
  static final ConcurrentLinkedQueue<Long> queueDelays = new ConcurrentLinkedQueue<>(); // nanos after the server's tick
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
    for (int i = 0; i < tokens.size(); i++) {
      String source = "127.0.0." + (1 + i % sources);
      all.add(connect(selector, source, "/api/v1/queue/tokens/current/events?access_token=" + tokens.get(i), false));
      if (i % 1000 == 999) {
        pump(selector, 0);
      }
    }
    System.out.printf("%d queue streams connecting (%.1f s)%n", all.size(), (System.nanoTime() - start) / 1e9);

    // Seat streams need ACTIVE tokens: the first tokens issued are admitted first.
    long schedule = firstSchedule(http, url, tokens.get(0));
    List<String> active = new ArrayList<>();
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (schedule > 0 && active.size() < Math.min(seatStreams + 1, n) && System.nanoTime() < deadline) {
      pump(selector, 200);
      active.clear();
      for (Stream s : all) {
        if ("ACTIVE".equals(s.status)) {
          active.add(tokenOf(s));
        }
      }
    }
    // The freshest active tokens: the gate is checked when a stream opens.
    active.clear();
    all.stream().filter(s -> "ACTIVE".equals(s.status))
        .sorted(java.util.Comparator.comparingLong((Stream s) -> s.activeAt).reversed())
        .forEach(s -> active.add(tokenOf(s)));
    List<Stream> seatList = new ArrayList<>();
    for (int i = 0; i < Math.min(active.size(), seatStreams) && schedule > 0; i++) {
      seatList.add(connect(selector, "127.0.0." + (1 + i % sources),
          "/api/v1/schedules/" + schedule + "/seats/events?access_token=" + active.get(i), true));
    }
    all.addAll(seatList);

    long end = System.nanoTime() + seconds * 1_000_000_000L;
    long nextHold = System.nanoTime() + 1_000_000_000L;
    int seat = 0;
    while (System.nanoTime() < end) {
      pump(selector, 50);
      if (!seatList.isEmpty() && System.nanoTime() > nextHold) {
        // A token active now (they end after the server's active time).
        String holder = all.stream().filter(s -> !s.seats && "ACTIVE".equals(s.status))
            .max(java.util.Comparator.comparingLong(s -> s.activeAt)).map(streams::tokenOf).orElse(null);
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
    report("queue update delay (arrival minus the event's id: the admission or other move of the line it answers,"
        + " on Redis's clock; the tick's start for a fallback tick)",
        new ArrayList<>(queueDelays));
    updateLag(http, url, adminKey);
    report("seat change delay (hold sent to event received)", new ArrayList<>(seatDelays));
    System.out.printf("holds refused: %d%n", holdFailures.get());
    selector.close();
  }

  static String tokenOf(Stream s) {
    String request = StandardCharsets.US_ASCII.decode(s.request.duplicate().rewind()).toString();
    Matcher m = Pattern.compile("access_token=([^ ]+)").matcher(request);
    return m.find() ? m.group(1) : null;
  }

  static Stream connect(Selector selector, String source, String path, boolean seats) throws IOException {
    SocketChannel channel = SocketChannel.open();
    channel.configureBlocking(false);
    channel.bind(new InetSocketAddress(source, 0));
    channel.connect(new InetSocketAddress(host, port));
    Stream stream = new Stream(channel, "GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nAccept: text/event-stream\r\n\r\n", seats);
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
        key.cancel();
        s.channel.close();
      }
    }
    selector.selectedKeys().clear();
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
      if (!s.accepted) {
        s.open = false;
        s.channel.close();
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
              queueDelays.add((System.currentTimeMillis() - asOf) * 1_000_000L);
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
    for (int attempt = 0; attempt < 60; attempt++) {
      String schedules = http.send(HttpRequest.newBuilder(url.resolve("/api/v1/concerts/" + c.group(1) + "/schedules"))
          .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString()).body();
      Matcher s = Pattern.compile("\"scheduleId\":(\\d+)").matcher(schedules);
      if (s.find()) {
        return Long.parseLong(s.group(1));
      }
      Thread.sleep(500); // the first token is still waiting to be admitted
    }
    return -1;
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

  /**
   * The server's own measure of the step before the one above: from a move of the line (an
   * admission, Redis's time) to the streams' tick that sends it (the last minutes' p50 and p99).
   */
  static void updateLag(HttpClient http, URI url, String adminKey) {
    if (adminKey == null) {
      return;
    }
    try {
      String metrics = http.send(HttpRequest.newBuilder(url.resolve("/metrics")).header("Admin-Key", adminKey).build(),
          HttpResponse.BodyHandlers.ofString()).body();
      StringBuilder lag = new StringBuilder();
      for (String line : metrics.split("\n")) {
        if (line.startsWith("concert_streams_update_lag_seconds{") && line.contains("kind=\"queue\"")
            && line.contains("quantile=")) {
          String quantile = line.replaceAll(".*quantile=\"([^\"]+)\".*", "$1");
          double millis = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)) * 1000;
          lag.append(String.format(" p%s %.0f ms", quantile.equals("0.5") ? "50" : quantile.replace("0.", ""), millis));
        }
      }
      System.out.println("queue tick after the line moved (server metric):" + (lag.length() == 0 ? " none" : lag));
    } catch (Exception e) {
      System.out.println("metrics read failed: " + e);
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
      if (adminKey != null) {
        String metrics = http.send(HttpRequest.newBuilder(url.resolve("/metrics")).header("Admin-Key", adminKey).build(),
            HttpResponse.BodyHandlers.ofString()).body();
        heap = 0;
        for (String line : metrics.split("\n")) {
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
