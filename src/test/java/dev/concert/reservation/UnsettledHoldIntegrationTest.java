package dev.concert.reservation;

import static dev.concert.support.Futures.failureOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.concert.buyers.HoldLimits;
import dev.concert.concert.ConcertRepository;
import dev.concert.concert.SalesCalendar;
import dev.concert.concert.ScheduleCatalog;
import dev.concert.infra.PgClients;
import dev.concert.infra.PgTransactions;
import dev.concert.outbox.OutboxWriter;
import dev.concert.seats.RedisSeats;
import dev.concert.seats.SeatStatus;
import dev.concert.seats.Seats;
import dev.concert.shared.ApiException;
import dev.concert.shared.ErrorCode;
import dev.concert.support.CuttingPgProxy;
import dev.concert.support.TestApp;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A hold whose statement got no reply (the connection died, as when Postgres restarts) answers
 * OUTCOME_UNKNOWN and keeps its seat held in Redis; once Postgres shows the record absent, the
 * seat is free again, not kept from every buyer until the hold lapses.
 */
class UnsettledHoldIntegrationTest {
  @Test
  void aHoldWhoseRecordNeverLandedFreesItsSeatOncePostgresShowsNone() {
    try (TestApp app = TestApp.start()) {
      long schedule = app.newSchedule("Unsettled", 10, 1_000);
      PgConnectOptions direct = PgClients.connectOptions(app.config());
      int cutting = CuttingPgProxy.start(app.vertx(), direct, "INSERT INTO reservations", false);
      Pool viaProxy = PgBuilder.pool().with(new PoolOptions().setMaxSize(1))
          .connectingTo(new PgConnectOptions(direct).setHost("127.0.0.1").setPort(cutting)).using(app.vertx()).build();
      ReservationRepository repository = new ReservationRepository(app.pool(),
          new PgTransactions(app.vertx(), viaProxy, 5_000), new OutboxWriter(app.config()));
      Seats seats = new RedisSeats(app.redis());
      ConcertRepository concerts = new ConcertRepository(app.pool());
      ReservationService service = new ReservationService(app.vertx(), new ScheduleCatalog(concerts, dev.concert.venues.VenueCatalog.on(app.pool())),
          new SalesCalendar(concerts), seats, repository, 300_000, new HoldLimits(4, 0), Clock.systemUTC());
      Context context = app.vertx().getOrCreateContext();

      Throwable failure = failureOf(Future.<Reservation>future(answer -> context.runOnContext(v -> service
          .hold(UUID.randomUUID(), new HoldRequest(schedule, List.of(3))).onComplete(answer))));

      assertThat(failure).isInstanceOf(ApiException.class);
      assertThat(((ApiException) failure).code()).isEqualTo(ErrorCode.OUTCOME_UNKNOWN);
      TestApp.awaitCondition(() -> TestApp.await(seats.states(schedule, 10))[2] == SeatStatus.AVAILABLE,
          "the unrecorded hold's seat to be free again in Redis");
      assertThat(app.count("SELECT count(*) FROM reservations")).isZero();
      TestApp.await(viaProxy.close());
    }
  }
}
