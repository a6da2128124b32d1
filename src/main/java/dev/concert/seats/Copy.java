package dev.concert.seats;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One schedule's copy ({@link SeatCopies}): its taken seats, and for each seat the number of the
 * read it was last set from. Lives on the subscription's context ({@link CopyStore#context}).
 *
 * <p>A notice names the seats a script changed; the copy reads those seats back (HMGET), so it
 * keeps each hold's {@code heldUntil} (a lapsed hold reads as free at read time) and ignores what
 * another database on the same server publishes. Reads are numbered as they are sent; each sees at
 * least every change made before it was sent, so a read is taken for a seat only if no read sent
 * after it was taken already: a change made while loading is not lost (its notice brings a read
 * sent after the load's), and a late answer never overwrites a newer one.
 */
final class Copy implements SeatChanges.Listener {
  /** The copies' log lines are SeatCopies's, as before they had classes of their own. */
  private static final Logger LOG = LoggerFactory.getLogger(SeatCopies.class);

  final long scheduleId;
  private final CopyStore store;
  private final Context context;
  private final Redis redis;
  private final Map<Integer, Long> taken = new HashMap<>();
  private final Map<Integer, Long> stamps = new HashMap<>();
  private long stamp;
  /** Reads sent and not answered: while any is, the stamps are kept (they only judge reads). */
  private int readsOnTheirWay;
  private boolean loaded;

  Copy(long scheduleId, CopyStore store, Redis redis) {
    this.scheduleId = scheduleId;
    this.store = store;
    this.context = store.context();
    this.redis = redis;
  }

  @Override
  public void notice(String notice) {
    onContext(() -> apply(notice));
  }

  /** The subscription broke: every copy is dropped (see {@link CopyDrops}). */
  @Override
  public void lost() {
    onContext(() -> store.dropAll("seat change subscription lost"));
  }

  private void onContext(Runnable action) {
    if (Vertx.currentContext() == context) {
      action.run();
    } else {
      context.runOnContext(v -> action.run());
    }
  }

  /**
   * Reads the whole seat hash (HGETALL), once this copy listens to the schedule's notices; the store
   * publishes it when taken, or drops the copy if the read fails.
   */
  void load() {
    long sentAt = send();
    redis.send(Request.cmd(Command.HGETALL).arg(SeatKeys.seats(scheduleId))).onComplete(all -> {
      if (!store.holds(this)) {
        return; // dropped meanwhile
      }
      Map<Integer, String> values = new HashMap<>();
      if (all != null) {
        for (String field : all.getKeys()) {
          values.put(Integer.parseInt(field), all.get(field).toString());
        }
      }
      // Seats absent from the hash are free: every seat the copy knows is looked at too.
      List<Integer> seats = new ArrayList<>(values.keySet());
      taken.keySet().forEach(seat -> {
        if (!values.containsKey(seat)) {
          seats.add(seat);
        }
      });
      take(seats, values, sentAt);
      loaded = true;
      store.loaded(this);
    }, failure -> {
      LOG.debug("seat copy of schedule {} not loaded: {}", scheduleId, failure.toString());
      store.drop(this);
    });
  }

  /**
   * A notice names the seats that changed; their values are read back (HMGET) rather than taken
   * from it: a hold's notice has no {@code heldUntil}, and the channel is the server's, not the
   * database's (another database's schedule of the same id publishes on it too).
   */
  private void apply(String notice) {
    if (!store.holds(this)) {
      return;
    }
    List<Integer> changed = new ArrayList<>();
    for (String change : notice.split(" ")) {
      if (change.length() >= 2) {
        changed.add(Integer.parseInt(change, 0, change.length() - 1, 10));
      }
    }
    if (!changed.isEmpty()) {
      read(changed, () -> {});
    }
  }

  /**
   * Reads seats back from Redis (HMGET): the seats a notice named, or seats this process changed;
   * {@code then} runs once the copy took what it read.
   */
  void read(List<Integer> seats, Runnable then) {
    long sentAt = send();
    Request hmget = Request.cmd(Command.HMGET).arg(SeatKeys.seats(scheduleId));
    seats.forEach(hmget::arg);
    redis.send(hmget).onComplete(read -> {
      if (!store.holds(this)) {
        then.run();
        return;
      }
      Map<Integer, String> values = new HashMap<>();
      for (int i = 0; i < seats.size(); i++) {
        Response value = read.get(i);
        values.put(seats.get(i), value == null ? null : value.toString());
      }
      take(seats, values, sentAt);
      if (loaded) {
        store.publish(this);
      }
      then.run();
    }, failure -> {
      store.drop(this);
      then.run();
    });
  }

  /** Numbers a read about to be sent. */
  private long send() {
    readsOnTheirWay++;
    return ++stamp;
  }

  /** Takes what read number {@code sentAt} saw, for each seat no later read has set. */
  private void take(List<Integer> seats, Map<Integer, String> values, long sentAt) {
    for (Integer seat : seats) {
      if (stamps.getOrDefault(seat, 0L) > sentAt) {
        continue;
      }
      stamps.put(seat, sentAt);
      Long value = SeatSnapshot.valueOf(values.get(seat));
      if (value == null) {
        taken.remove(seat);
      } else {
        taken.put(seat, value);
      }
    }
    if (--readsOnTheirWay == 0) {
      stamps.clear();
    }
  }

  /** The taken seats as readers see them. */
  SeatSnapshot snapshot() {
    return SeatSnapshot.of(taken);
  }
}
