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

  /** The meters of one feature address. */
  final class Address {
    final LongAdder handlers = new LongAdder();
    private final String label;
    private final ConcurrentMap<String, Counter> replyFailures = new ConcurrentHashMap<>();
    private volatile Side local;
    private volatile Side remote;

    private Address(String label) {
      this.label = label;
      Gauge.builder(PREFIX + "handlers", handlers, LongAdder::doubleValue).strongReference(true)
          .tag("address", label).description("Number of event bus handlers in use").register(registry);
    }

    /** Registered on first use, so a side never used (remote, outside a cluster) exports nothing. */
    Side side(boolean isLocal) {
      Side side = isLocal ? local : remote;
      return side != null ? side : registerSide(isLocal);
    }

    private synchronized Side registerSide(boolean isLocal) {
      if (isLocal) {
        return local != null ? local : (local = new Side(label, "local"));
      }
      return remote != null ? remote : (remote = new Side(label, "remote"));
    }

    /**
     * Counts a request that got no reply. Every 4xx a feature answers is one (RECIPIENT_FAILURE),
     * so this is a hot path in a sale: a lookup by the failure's constant name, no allocation.
     */
    void replyFailed(String failure) {
      Counter counter = replyFailures.get(failure);
      if (counter == null) {
        counter = replyFailures.computeIfAbsent(failure, f -> Counter.builder(PREFIX + "reply.failures")
            .tags("address", label, "failure", f).description("Number of message reply failures").register(registry));
      }
      counter.increment();
    }
  }

  /** One address's traffic on one side (local: this JVM; remote: from or to a cluster peer). */
  final class Side {
    final LongAdder pending = new LongAdder();
    final Counter sent;
    final Counter published;
    final Counter received;
    final Counter delivered;
    final Counter processed;
    final Counter discarded;

    private Side(String label, String side) {
      sent = counter(label, side, "sent", "Number of messages sent (point-to-point)");
      published = counter(label, side, "published", "Number of messages published (publish / subscribe)");
      received = counter(label, side, "received", "Number of messages received");
      delivered = counter(label, side, "delivered", "Number of messages delivered to handlers");
      processed = counter(label, side, "processed", "Number of processed messages");
      discarded = counter(label, side, "discarded", "Number of discarded messages");
      Gauge.builder(PREFIX + "pending", pending, LongAdder::doubleValue).strongReference(true)
          .tags("address", label, "side", side).description("Number of messages not processed yet")
          .register(registry);
    }

    private Counter counter(String label, String side, String name, String description) {
      return Counter.builder(PREFIX + name).tags("address", label, "side", side).description(description)
          .register(registry);
    }
  }
}
