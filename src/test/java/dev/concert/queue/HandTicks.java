package dev.concert.queue;

import dev.concert.support.TestApp;
import java.util.Map;

/** The service-wide queue admitted by hand in tests, so that every step is seen. */
final class HandTicks {
  /** The app's own timer stays out of the way (one tick a minute); rate 1000 a second, cap 3. */
  static final Map<String, String> NO_TICKS = Map.of(
      "CONCERT_QUEUE_ADMIT_INTERVAL_MS", "60000",
      "CONCERT_QUEUE_ADMIT_PER_SECOND", "1000",
      "CONCERT_QUEUE_MAX_ACTIVE", "3");
  /** The service-wide room at NO_TICKS's rate and cap, for the scripts called by hand. */
  static final Room ALL = Room.serviceWide(1000, 3);
  /** Ticks by hand give the admitted 60 s. */
  static final RedisQueueStore.Timing TIMING = new RedisQueueStore.Timing(120_000, 60_000);

  private HandTicks() {}

  /** Admission ticks by hand until at least {@code count} tokens of {@link #ALL} are active. */
  static void admitUntilActiveCount(TestApp app, long count) {
    RedisQueueStore store = new RedisQueueStore(app.redis());
    RoomAdmissions admissions = new RoomAdmissions(app.redis(), TIMING);
    TestApp.awaitCondition(() -> {
      TestApp.await(admissions.admit(ALL));
      return TestApp.await(store.activeCount(ALL)) >= count;
    }, count + " active tokens");
  }
}
