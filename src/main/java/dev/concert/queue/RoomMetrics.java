package dev.concert.queue;

import dev.concert.metrics.DomainMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Per-room meters, labelled {@code room} ({@code all} or a concert id: bounded by the number of
 * concerts). Gauges describe shared Redis state as the last tick of this instance saw it (take
 * max over instances); counters count this instance's share (sum them).
 */
final class RoomMetrics {
  private RoomMetrics() {}

  private record Meters(AtomicLong waiting, AtomicLong active, AtomicLong preQueue, AtomicLong paused, Counter admitted,
      Counter abandoned, Counter pauses) {}

  private static final Map<String, Meters> ROOMS = new ConcurrentHashMap<>();

  private static Meters meters(String room) {
    return ROOMS.computeIfAbsent(room, r -> {
      Meters m = new Meters(new AtomicLong(), new AtomicLong(), new AtomicLong(), new AtomicLong(),
          Counter.builder("concert_queue_room_admitted").tag("room", r)
              .description("tokens admitted to ACTIVE in this room").register(Metrics.globalRegistry),
          Counter.builder("concert_queue_room_abandoned").tag("room", r)
              .description("waiting tokens that left the room unpolled").register(Metrics.globalRegistry),
          Counter.builder("concert_queue_room_pauses").tag("room", r)
              .description("times an operator paused this room through this instance").register(Metrics.globalRegistry));
      Gauge.builder("concert_queue_room_paused", m.paused(), AtomicLong::doubleValue).tag("room", r)
          .strongReference(true).description("1 while this room is paused, as this instance's last tick saw it (shared state: max)")
          .register(Metrics.globalRegistry);
      Gauge.builder("concert_queue_room_waiting_tokens", m.waiting(), AtomicLong::doubleValue).tag("room", r)
          .strongReference(true).description("tokens waiting in line in this room (shared state: max)")
          .register(Metrics.globalRegistry);
      Gauge.builder("concert_queue_room_active_tokens", m.active(), AtomicLong::doubleValue).tag("room", r)
          .strongReference(true).description("ACTIVE tokens of this room (shared state: max)")
          .register(Metrics.globalRegistry);
      Gauge.builder("concert_queue_room_prequeue_tokens", m.preQueue(), AtomicLong::doubleValue).tag("room", r)
          .strongReference(true).description("tokens in this room's pre-queue, before its opening (shared state: max)")
          .register(Metrics.globalRegistry);
      return m;
    });
  }

  static void ticked(String room, RoomAdmissions.Admission admission) {
    Meters m = meters(room);
    m.waiting().set(admission.waiting());
    m.active().set(admission.active());
    m.preQueue().set(admission.preQueue());
    m.paused().set(admission.paused() ? 1 : 0);
    if (admission.admitted() > 0) {
      m.admitted().increment(admission.admitted());
    }
    if (admission.abandoned() > 0) {
      m.abandoned().increment(admission.abandoned());
    }
    DomainMetrics.admitted(admission.admitted());
    DomainMetrics.queueSizes(ROOMS.values().stream().mapToLong(x -> x.waiting().get() + x.preQueue().get()).sum(),
        ROOMS.values().stream().mapToLong(x -> x.active().get()).sum());
  }

  /** An operator paused {@code room} (it was not paused before the change). */
  static void pausedByOperator(String room) {
    meters(room).pauses().increment();
  }

  static void opened(String room, double seconds) {
    Timer.builder("concert_queue_room_opening_seconds").tag("room", room)
        .description("time to order and apply a room's pre-queue at its opening")
        .register(Metrics.globalRegistry).record(Duration.ofNanos((long) (seconds * 1e9)));
  }
}
