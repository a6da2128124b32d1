package dev.concert.queue;

import static org.assertj.core.api.Assertions.assertThat;

import dev.concert.support.Shop;
import dev.concert.support.TestApp;
import dev.concert.support.TestAppExtension;
import dev.concert.support.TestApp.ActiveUser;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An ended queue token reads its user's account for CONCERT_TOKEN_ACCOUNT_GRACE_SECONDS after its
 * end, then 401 TOKEN_EXPIRED, against real Redis and Postgres over HTTP. The end is kept in Redis
 * (the room's ended zset); moving it back stands in for time passing, so no test waits an hour.
 */
class TokenAccountGraceIntegrationTest {
  private static final String ENDED = "queue:{q}:ended";
  private static final long HOUR_MILLIS = 3_600_000;

  @RegisterExtension
  final TestAppExtension apps = new TestAppExtension();
  private TestApp app;

  private static int balanceStatus(TestApp via, ActiveUser user) {
    return via.callAndWait(HttpMethod.GET, "/api/v1/balance", user.token(), null).statusCode();
  }

  /** Every identity-gated read and write of the account, with what each answered. */
  private Map<String, HttpResponse<Buffer>> accountCalls(ActiveUser user, String reservationId) {
    return Map.of(
        "balance", app.callAndWait(HttpMethod.GET, "/api/v1/balance", user.token(), null),
        "ledger", app.callAndWait(HttpMethod.GET, "/api/v1/balance/transactions", user.token(), null),
        "reservations", app.callAndWait(HttpMethod.GET, "/api/v1/reservations", user.token(), null),
        "reservation", app.callAndWait(HttpMethod.GET, "/api/v1/reservations/" + reservationId, user.token(), null),
        "current token", app.callAndWait(HttpMethod.GET, "/api/v1/queue/tokens/current", user.token(), null),
        "charge", TestApp.await(app.charge(user, 100, null)),
        "refund", TestApp.await(app.refund(user, reservationId, null)));
  }

  private static void assertAllExpired(Map<String, HttpResponse<Buffer>> answers) {
    answers.forEach((call, answer) -> {
      assertThat(answer.statusCode()).as(call + ": " + answer.bodyAsString()).isEqualTo(401);
      assertThat(answer.bodyAsJsonObject().getString("code")).as(call).isEqualTo("TOKEN_EXPIRED");
    });
  }

  private Response redis(Request request) {
    return TestApp.await(app.redis().send(request));
  }

  /** Moves the recorded end of {@code token} back by {@code millis} (as if that time had passed). */
  private void endedEarlier(ActiveUser user, long millis) {
    String tokenId = RoomIntegrationTest.tokenId(user.token());
    Response endedAt = redis(Request.cmd(Command.ZSCORE).arg(ENDED).arg(tokenId));
    assertThat(endedAt).as("the token's end is kept").isNotNull();
    redis(Request.cmd(Command.ZADD).arg(ENDED).arg("XX").arg(endedAt.toLong() - millis).arg(tokenId));
  }

  /**
   * The same token signed as issued two hours ago: a token issued less than the grace ago passes
   * the identity gate without asking Redis (it cannot have ended longer ago than that), so the
   * tests of the kept end use tokens older than the grace.
   */
  private static ActiveUser issuedTwoHoursAgo(ActiveUser user) {
    TokenSigner signer = new TokenSigner(TestApp.TOKEN_SECRET, java.time.Clock.systemUTC());
    QueueToken token = signer.verifySignature(user.token());
    QueueToken older = new QueueToken(token.tokenId(), token.userId(), token.issuedAt().minus(Duration.ofHours(2)),
        token.concertId(), token.seq());
    return new ActiveUser(user.userId(), signer.sign(older));
  }

  @Test
  void aTokenIssuedWithinTheGraceReadsTheAccountWithoutAskingRedis() {
    app = apps.start();
    ActiveUser fresh = app.activeUser();
    ActiveUser old = issuedTwoHoursAgo(fresh);
    // Redis answers nothing for 3 s (more than its 2 s command deadline): only a read that does
    // not ask it can answer 200; the same token signed two hours ago must ask, and gets 503.
    redis(Request.cmd(Command.CLIENT).arg("PAUSE").arg(3000).arg("ALL"));
    assertThat(balanceStatus(app, fresh)).isEqualTo(200);
    assertThat(balanceStatus(app, old)).isEqualTo(503);
  }

  @Test
  void aPaidTokenReadsTheAccountForTheGraceThenNoMore() {
    app = apps.start();
    // A second instance on the same Redis and Postgres answers alike: the end and the clock are Redis's.
    TestApp other = apps.resume(dev.concert.config.AppConfig.from(TestApp.environment(Map.of())));
    Shop shop = new Shop(app);
    long schedule = shop.schedule(10, 1000, Duration.ofDays(30));
    Shop.Bought bought = shop.buy(schedule, List.of(1), 1000);
    ActiveUser buyer = issuedTwoHoursAgo(bought.user());
    assertThat(app.status(buyer)).isEqualTo("EXPIRED");

    // Just paid: the token still reads the account and its tickets (and may refund).
    Map<String, HttpResponse<Buffer>> justPaid = accountCalls(buyer, bought.reservationId());
    justPaid.forEach((call, answer) -> assertThat(answer.statusCode()).as(call + ": " + answer.bodyAsString())
        .isBetween(200, 299));

    // A minute short of the grace: still, on both instances.
    endedEarlier(buyer, HOUR_MILLIS - 60_000);
    assertThat(balanceStatus(app, buyer)).isEqualTo(200);
    assertThat(balanceStatus(other, buyer)).isEqualTo(200);

    // Past it: nothing of the account, not even a refund, on either instance.
    endedEarlier(buyer, 61_000);
    assertAllExpired(accountCalls(buyer, bought.reservationId()));
    assertThat(balanceStatus(other, buyer)).isEqualTo(401);
    // The account itself is untouched: a new token of the same user reads it.
    ActiveUser again = new ActiveUser(buyer.userId(), app.issueToken(buyer.userId()).getString("token"));
    assertThat(app.callAndWait(HttpMethod.GET, "/api/v1/reservations/" + bought.reservationId(), again.token(), null)
        .bodyAsJsonObject().getString("status")).isEqualTo("REFUNDED");
  }

  @Test
  void aTimedOutTokenEndsAtItsActiveTimeAndReadsForTheGraceAfterIt() {
    app = apps.start(Map.of("CONCERT_QUEUE_ACTIVE_SECONDS", "1"));
    ActiveUser user = issuedTwoHoursAgo(app.activeUser());
    String tokenId = RoomIntegrationTest.tokenId(user.token());
    TestApp.awaitCondition(() -> redis(Request.cmd(Command.ZSCORE).arg(ENDED).arg(tokenId)) != null,
        "the tick to take the timed-out token out, keeping its end");
    HttpResponse<Buffer> schedules = app.callAndWait(HttpMethod.GET, "/api/v1/concerts/1/schedules", user.token(), null);
    assertThat(schedules.bodyAsJsonObject().getString("code")).isEqualTo("TOKEN_EXPIRED");
    assertThat(balanceStatus(app, user)).isEqualTo(200);

    endedEarlier(user, HOUR_MILLIS + 1_000);
    HttpResponse<Buffer> balance = app.callAndWait(HttpMethod.GET, "/api/v1/balance", user.token(), null);
    assertThat(balance.statusCode()).as(balance.bodyAsString()).isEqualTo(401);
    assertThat(balance.bodyAsJsonObject().getString("code")).isEqualTo("TOKEN_EXPIRED");
  }

  @Test
  void anAbandonedTokenReadsForTheGraceAfterItLeftTheLine() {
    app = apps.start(Map.of("CONCERT_QUEUE_MAX_ACTIVE", "1", "CONCERT_QUEUE_ABANDON_SECONDS", "1"));
    ActiveUser admitted = app.activeUser();
    ActiveUser joined = app.join();
    assertThat(app.status(joined)).isEqualTo("WAITING");
    ActiveUser waiting = issuedTwoHoursAgo(joined);
    // Reading the account is no poll: unpolled, the token leaves the line and its end is kept.
    String tokenId = RoomIntegrationTest.tokenId(waiting.token());
    TestApp.awaitCondition(() -> redis(Request.cmd(Command.ZSCORE).arg(ENDED).arg(tokenId)) != null,
        "the tick to drop the unpolled token, keeping its end");
    assertThat(balanceStatus(app, waiting)).isEqualTo(200);
    endedEarlier(waiting, HOUR_MILLIS + 1_000);
    HttpResponse<Buffer> balance = app.callAndWait(HttpMethod.GET, "/api/v1/balance", waiting.token(), null);
    assertThat(balance.statusCode()).as(balance.bodyAsString()).isEqualTo(401);
    assertThat(balanceStatus(app, admitted)).isEqualTo(200);
  }

  @Test
  void aShortGraceEndsTheReadsSoonAfterThePayment() {
    app = apps.start(Map.of("CONCERT_TOKEN_ACCOUNT_GRACE_SECONDS", "1"));
    Shop shop = new Shop(app);
    Shop.Bought bought = shop.buy(shop.schedule(10, 1000, Duration.ofDays(30)), List.of(1), 1000);
    TestApp.awaitCondition(() -> balanceStatus(app, bought.user()) == 401, "the paid token to stop reading the balance");
    assertAllExpired(accountCalls(bought.user(), bought.reservationId()));
  }

  @Test
  void withoutGraceAnEndedTokenReadsNothingWhileALiveOneReads() {
    app = apps.start(Map.of("CONCERT_TOKEN_ACCOUNT_GRACE_SECONDS", "0"));
    Shop shop = new Shop(app);
    long schedule = shop.schedule(10, 1000, Duration.ofDays(30));
    ActiveUser live = app.activeUser();
    assertThat(balanceStatus(app, live)).isEqualTo(200);
    Shop.Bought bought = shop.buy(schedule, List.of(1), 1000);
    assertAllExpired(accountCalls(bought.user(), bought.reservationId()));
    assertThat(redis(Request.cmd(Command.EXISTS).arg(ENDED)).toInteger()).as("nothing kept without a grace").isZero();
  }
}
