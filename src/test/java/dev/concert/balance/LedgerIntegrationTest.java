package dev.concert.balance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.concert.support.ContractResponses;
import dev.concert.support.Shop;
import dev.concert.support.TestApp;
import dev.concert.support.TestAppExtension;
import dev.concert.support.TestApp.ActiveUser;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The ledger: an entry per balance change, pages newest first, and a balance that is always the sum. */
class LedgerIntegrationTest {
  private static final long PRICE = 7_000;
  @RegisterExtension final TestAppExtension apps = new TestAppExtension();
  private TestApp app;
  private Shop shop;

  private HttpResponse<Buffer> transactions(ActiveUser user, String query) {
    return app.callAndWait(HttpMethod.GET, "/api/v1/balance/transactions" + query, user.token(), null);
  }

  @Test
  void everyChargeAndPaymentIsAnEntryAndPagesGoNewestFirstPastAHundred() {
    app = apps.start();
    shop = new Shop(app);
    ContractResponses contract = ContractResponses.load(app.vertx());
    long schedule = shop.schedule(10, PRICE, Duration.ofDays(5));
    ActiveUser user = app.activeUser();
    List<Future<HttpResponse<Buffer>>> charges = new ArrayList<>();
    for (int i = 1; i <= 130; i++) {
      charges.add(app.call(HttpMethod.POST, "/api/v1/balance/charge", user.token(), new JsonObject().put("amount", i)));
    }
    TestApp.await(Future.all(charges));
    assertThat(charges).allMatch(c -> c.result().statusCode() == 200);
    String reservation = shop.hold(user, schedule, List.of(4));
    shop.pay(user, reservation);
    long balance = 130 * 131 / 2 - PRICE;
    assertThat(shop.balance(user)).isEqualTo(balance);

    HttpResponse<Buffer> first = transactions(user, "");
    contract.assertConforms("listTransactions", first);
    JsonObject page = first.bodyAsJsonObject();
    assertThat(page.getJsonArray("items")).hasSize(20);
    JsonObject newest = page.getJsonArray("items").getJsonObject(0);
    assertThat(newest.getString("type")).isEqualTo("PAYMENT");
    assertThat(newest.getLong("amount")).isEqualTo(-PRICE);
    assertThat(newest.getLong("balanceAfter")).isEqualTo(balance);
    assertThat(newest.getString("reference")).isEqualTo(reservation);

    HttpResponse<Buffer> hundred = transactions(user, "?limit=100");
    contract.assertConforms("listTransactions", hundred);
    assertThat(hundred.bodyAsJsonObject().getJsonArray("items")).hasSize(100);
    HttpResponse<Buffer> rest = transactions(user, "?limit=100&after=" + hundred.bodyAsJsonObject().getString("next"));
    contract.assertConforms("listTransactions", rest);
    assertThat(rest.bodyAsJsonObject().getJsonArray("items")).hasSize(31);
    assertThat(rest.bodyAsJsonObject().getString("next")).isNull();

    // Walking small pages sees every entry once, each following the older one by its amount.
    List<JsonObject> all = new ArrayList<>();
    String after = null;
    do {
      JsonObject p = transactions(user, "?limit=7" + (after == null ? "" : "&after=" + after)).bodyAsJsonObject();
      p.getJsonArray("items").forEach(item -> all.add((JsonObject) item));
      after = p.getString("next");
    } while (after != null);
    assertThat(all).hasSize(131);
    assertThat(all.stream().map(e -> e.getString("transactionId")).distinct()).hasSize(131);
    for (int i = 0; i < all.size() - 1; i++) {
      assertThat(all.get(i).getLong("balanceAfter") - all.get(i).getLong("amount"))
          .isEqualTo(all.get(i + 1).getLong("balanceAfter"));
    }
    assertThat(all.stream().mapToLong(e -> e.getLong("amount")).sum()).isEqualTo(balance);
    assertThat(all.get(130).getLong("balanceAfter")).isEqualTo(all.get(130).getLong("amount"));

    for (String bad : new String[] {"?limit=0", "?limit=101", "?limit=x", "?after=abc", "?after=-3"}) {
      HttpResponse<Buffer> refused = transactions(user, bad);
      assertThat(refused.statusCode()).as(bad).isEqualTo(400);
      assertThat(refused.bodyAsJsonObject().getString("code")).isEqualTo("VALIDATION_FAILED");
    }
    assertThat(transactions(app.activeUser(), "").bodyAsJsonObject().getJsonArray("items")).isEmpty();
    assertThat(app.callAndWait(HttpMethod.GET, "/api/v1/balance/transactions", null, null).statusCode()).isEqualTo(401);
  }

  @Test
  void theDatabaseRefusesABalanceThatIsNotItsLedgerSum() {
    app = apps.start();
    shop = new Shop(app);
    ActiveUser user = app.activeUser();
    shop.charge(user, 5_000);
    UUID id = user.userId();
    assertThatThrownBy(() -> TestApp.await(app.pool().preparedQuery("UPDATE balances SET balance = balance + 1 WHERE user_id = $1")
        .execute(Tuple.of(id)))).hasMessageContaining("ledger");
    assertThatThrownBy(() -> TestApp.await(app.pool().preparedQuery(
            "INSERT INTO ledger_entries (user_id, type, amount, balance_after) VALUES ($1, 'CHARGE', 10, 5010)")
        .execute(Tuple.of(id)))).hasMessageContaining("ledger");
    assertThatThrownBy(() -> TestApp.await(app.pool().preparedQuery("DELETE FROM ledger_entries WHERE user_id = $1")
        .execute(Tuple.of(id)))).hasMessageContaining("never changed");
    assertThat(shop.balance(user)).isEqualTo(5_000);
  }

  /** Charges, payments and refunds of the same users at once; then every user's balance is their ledger's sum. */
  @Test
  void balancesEqualTheirLedgerSumsAfterAMixedRace() {
    app = apps.start();
    shop = new Shop(app);
    long schedule = shop.schedule(200, PRICE, Duration.ofDays(5));
    int users = 10;
    List<ActiveUser> buyers = new ArrayList<>();
    List<String> paid = new ArrayList<>();
    List<String> held = new ArrayList<>();
    List<ActiveUser> second = new ArrayList<>();
    for (int i = 0; i < users; i++) {
      Shop.Bought bought = shop.buy(schedule, List.of(i * 4 + 1, i * 4 + 2), PRICE);
      buyers.add(bought.user());
      paid.add(bought.reservationId());
      // Paying ended the token: a new one for the next hold and payment.
      String token = app.issueToken(bought.user().userId()).getString("token");
      TestApp.awaitCondition(() -> "ACTIVE".equals(app.currentToken(token).getString("status")), "a new token");
      ActiveUser again = new ActiveUser(bought.user().userId(), token);
      second.add(again);
      shop.charge(again, PRICE);
      held.add(shop.hold(again, schedule, List.of(100 + i)));
    }
    List<Future<HttpResponse<Buffer>>> race = new ArrayList<>();
    for (int i = 0; i < users; i++) {
      ActiveUser user = second.get(i);
      for (int c = 0; c < 10; c++) {
        race.add(app.call(HttpMethod.POST, "/api/v1/balance/charge", user.token(), new JsonObject().put("amount", 100 + c)));
      }
      for (int r = 0; r < 5; r++) {
        race.add(shop.refund(user, paid.get(i), null));
      }
      for (int p = 0; p < 3; p++) {
        race.add(app.call(HttpMethod.POST, "/api/v1/payments", user.token(), new JsonObject().put("reservationId", held.get(i))));
      }
    }
    TestApp.await(Future.join(race).otherwiseEmpty());
    assertThat(race).allMatch(f -> f.succeeded() && f.result().statusCode() < 500);

    for (int i = 0; i < users; i++) {
      long expected = 1_000 + 10 * 100 + 45 + 2 * PRICE; // leftover of the first purchase, charges, the refund
      assertThat(shop.balance(second.get(i))).as("user " + i).isEqualTo(expected);
    }
    Row mismatches = TestApp.await(app.pool().query(
        "SELECT count(*) AS n FROM balances b FULL JOIN (SELECT user_id, sum(amount) AS s FROM ledger_entries GROUP BY user_id) l "
            + "ON l.user_id = b.user_id WHERE coalesce(b.balance, 0) <> coalesce(l.s, 0)").execute()).iterator().next();
    assertThat(mismatches.getLong("n")).isZero();
    Row refunds = TestApp.await(app.pool().query("SELECT count(*) AS n FROM ledger_entries WHERE type = 'REFUND'").execute())
        .iterator().next();
    assertThat(refunds.getLong("n")).isEqualTo(users);
    Set<Long> counts = new HashSet<>();
    TestApp.await(app.pool().query("SELECT count(*) AS n FROM ledger_entries WHERE type = 'PAYMENT' GROUP BY user_id").execute())
        .forEach(row -> counts.add(row.getLong("n")));
    assertThat(counts).containsExactly(2L);
  }
}
