package dev.concert.reservation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.concert.support.ContractResponses;
import dev.concert.support.Shop;
import dev.concert.support.TestApp;
import dev.concert.support.TestAppExtension;
import dev.concert.support.TestApp.ActiveUser;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** GET /reservations: the caller's, newest first, by status, a page at a time. */
class MyReservationsIntegrationTest {
  private static final long PRICE = 3_000;
  @RegisterExtension final TestAppExtension apps = new TestAppExtension();
  private TestApp app;

  private JsonObject list(ActiveUser user, String query, ContractResponses contract) {
    HttpResponse<Buffer> response = app.callAndWait(HttpMethod.GET, "/api/v1/reservations" + query, user.token(), null);
    contract.assertConforms("listReservations", response);
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
    return response.bodyAsJsonObject();
  }

  @Test
  void newestFirstByStatusAndPagedPastAHundred() {
    app = apps.start();
    Shop shop = new Shop(app);
    ContractResponses contract = ContractResponses.load(app.vertx());
    long schedule = shop.schedule(50, PRICE, Duration.ofDays(4));
    Shop.Bought bought = shop.buy(schedule, List.of(1, 2), PRICE);
    ActiveUser user = bought.user();
    // 120 older reservations of the same user, written directly (the hold path is tested elsewhere);
    // every fourth pair shares its creation time, so the id must break the tie.
    OffsetDateTime base = OffsetDateTime.now(ZoneOffset.UTC).minusDays(1);
    List<Tuple> rows = new ArrayList<>();
    for (int i = 0; i < 120; i++) {
      rows.add(Tuple.of(UUID.randomUUID(), user.userId(), schedule, new Integer[] {10 + i % 40}, PRICE,
          i % 3 == 0 ? "CANCELLED" : "EXPIRED", base, base.plusSeconds(i - (i % 4 == 1 ? 1 : 0))));
    }
    TestApp.await(app.pool().preparedQuery("INSERT INTO reservations (id, user_id, schedule_id, seat_numbers, amount, status, "
        + "held_until, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)").executeBatch(rows));
    String held = null;
    {
      String token = app.issueToken(user.userId()).getString("token");
      TestApp.awaitCondition(() -> "ACTIVE".equals(app.currentToken(token).getString("status")), "a new token");
      held = shop.hold(new ActiveUser(user.userId(), token), schedule, List.of(3));
    }

    JsonObject first = list(user, "", contract);
    assertThat(first.getJsonArray("items")).hasSize(20);
    assertThat(first.getJsonArray("items").getJsonObject(0).getString("reservationId")).isEqualTo(held);
    JsonObject paid = first.getJsonArray("items").getJsonObject(1);
    assertThat(paid.getString("reservationId")).isEqualTo(bought.reservationId());
    assertThat(paid.getJsonArray("tickets")).hasSize(2);

    JsonObject hundred = list(user, "?limit=100", contract);
    assertThat(hundred.getJsonArray("items")).hasSize(100);
    JsonObject rest = list(user, "?limit=100&after=" + hundred.getString("next"), contract);
    assertThat(rest.getJsonArray("items")).hasSize(22);
    assertThat(rest.getString("next")).isNull();

    List<String> walked = new ArrayList<>();
    String after = null;
    do {
      JsonObject page = list(user, "?limit=9" + (after == null ? "" : "&after=" + after), contract);
      page.getJsonArray("items").forEach(item -> walked.add(((JsonObject) item).getString("reservationId")));
      after = page.getString("next");
    } while (after != null);
    List<String> expected = new ArrayList<>();
    TestApp.await(app.pool().preparedQuery("SELECT id FROM reservations WHERE user_id = $1 ORDER BY created_at DESC, id DESC")
        .execute(Tuple.of(user.userId()))).forEach(row -> expected.add(row.getUUID("id").toString()));
    assertThat(walked).hasSize(122).isEqualTo(expected);

    JsonObject onlyPaid = list(user, "?status=PAID", contract);
    assertThat(onlyPaid.getJsonArray("items")).hasSize(1);
    assertThat(onlyPaid.getString("next")).isNull();
    JsonObject cancelled = list(user, "?status=CANCELLED&limit=100", contract);
    assertThat(cancelled.getJsonArray("items")).hasSize(40);
    assertThat(cancelled.getJsonArray("items").stream().map(o -> ((JsonObject) o).getString("status")).distinct())
        .containsExactly("CANCELLED");

    assertThat(list(app.activeUser(), "", contract).getJsonArray("items")).isEmpty();
    for (String bad : new String[] {"?status=SOLD", "?limit=0", "?limit=101", "?after=bm9wZQ", "?after=%25%25"}) {
      HttpResponse<Buffer> refused = app.callAndWait(HttpMethod.GET, "/api/v1/reservations" + bad, user.token(), null);
      assertThat(refused.statusCode()).as(bad).isEqualTo(400);
      assertThat(refused.bodyAsJsonObject().getString("code")).isEqualTo("VALIDATION_FAILED");
    }
    assertThat(app.callAndWait(HttpMethod.GET, "/api/v1/reservations", null, null).statusCode()).isEqualTo(401);
  }

  @Test
  void theListIsServedByTheUsersIndex() {
    app = apps.start();
    StringBuilder plan = new StringBuilder();
    TestApp.await(app.pool().withConnection(c -> c.query("SET enable_seqscan = off").execute()
        .compose(off -> c.query("EXPLAIN SELECT id FROM reservations WHERE user_id = gen_random_uuid() "
            + "ORDER BY created_at DESC, id DESC LIMIT 21").execute())))
        .forEach(row -> plan.append(row.getString(0)).append('\n'));
    assertThat(plan).contains("reservations_by_user_newest");
  }
}
