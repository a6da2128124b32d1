package dev.concert.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The event-bus series of one registry, under vertx-micrometer's names and labels, registered once
 * per address and kept: a message costs a map lookup by the address string (whose hash Java
 * caches) and a few increments. Same-loop addresses ({@code queue.issue@vert.x-eventloop-thread-0},
 * see {@code infra.Bus}) are labelled by their feature address: the loop is not worth a series.
 * Pure Micrometer, so unit tests need no Vert.x.
 */
final class EventBusMeters {
  static final String PREFIX = "vertx.eventbus.";

  private final MeterRegistry registry;
  private final ConcurrentMap<String, Address> byLabel = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, Address> byAddress = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, Counter> replyFailures = new ConcurrentHashMap<>();

  EventBusMeters(MeterRegistry registry) {
    this.registry = registry;
  }

  /** Reply addresses and Vert.x's own are not counted: one series each would be unbounded. */
  static boolean counted(String address) {
    return !address.startsWith("__vertx.");
  }

  /** The label of {@code address}: the feature address without a same-loop suffix. */
  static String label(String address) {
    int at = address.indexOf('@');
    return at < 0 ? address : address.substring(0, at);
  }

  Address address(String address) {
    Address meters = byAddress.get(address);
    return meters != null ? meters
        : byAddress.computeIfAbsent(address, a -> byLabel.computeIfAbsent(label(a), Address::new));
  }

  void replyFailure(String address, String failure) {
    replyFailures.computeIfAbsent(label(address) + ' ' + failure, key -> Counter.builder(PREFIX + "reply.failures")
        .tags("address", label(address), "failure", failure)
        .description("Number of message reply failures").register(registry)).increment();
  }

  /** The meters of one feature address. */
  final class Address {
    final LongAdder handlers = new LongAdder();
    final Side local;
    final Side remote;

    private Address(String label) {
      Gauge.builder(PREFIX + "handlers", handlers, LongAdder::doubleValue).strongReference(true)
          .tag("address", label).description("Number of event bus handlers in use").register(registry);
      local = new Side(label, "local");
      remote = new Side(label, "remote");
    }

    Side side(boolean isLocal) {
      return isLocal ? local : remote;
    }
  }

  /** One address's traffic on one side (local: this JVM; remote: from or to a cluster peer). */
  final class Side {
    private final String label;
    private final String side;
    final LongAdder pending = new LongAdder();
    private volatile Counters counters;

    private Side(String label, String side) {
      this.label = label;
      this.side = side;
    }

    /** Registered on first use, so a side never used (remote, outside a cluster) exports nothing. */
    Counters counters() {
      Counters c = counters;
      if (c == null) {
        synchronized (this) {
          if (counters == null) {
            counters = new Counters(this);
          }
          c = counters;
        }
      }
      return c;
    }

    private Counter counter(String name, String description) {
      return Counter.builder(PREFIX + name).tags("address", label, "side", side).description(description)
          .register(registry);
    }
  }

  /** The counters of a side; the pending gauge comes with them. */
  final class Counters {
    final Counter sent;
    final Counter published;
    final Counter received;
    final Counter delivered;
    final Counter processed;
    final Counter discarded;

    private Counters(Side side) {
      sent = side.counter("sent", "Number of messages sent (point-to-point)");
      published = side.counter("published", "Number of messages published (publish / subscribe)");
      received = side.counter("received", "Number of messages received");
      delivered = side.counter("delivered", "Number of messages delivered to handlers");
      processed = side.counter("processed", "Number of processed messages");
      discarded = side.counter("discarded", "Number of discarded messages");
      Gauge.builder(PREFIX + "pending", side.pending, LongAdder::doubleValue).strongReference(true)
          .tags("address", side.label, "side", side.side).description("Number of messages not processed yet")
          .register(registry);
    }
  }
}
