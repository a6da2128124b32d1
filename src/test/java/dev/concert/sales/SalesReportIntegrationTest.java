package dev.concert.sales;

import static org.assertj.core.api.Assertions.assertThat;

import dev.concert.support.ContractResponses;
import dev.concert.support.Shop;
import dev.concert.support.TestApp;
import dev.concert.support.TestAppExtension;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The admin sales report, from the projection fed by the real broker: net of refunds. */
class SalesReportIntegrationTest {
  private static final long PRICE = 11_000;
  @RegisterExtension final TestAppExtension apps = new TestAppExtension();
  private TestApp app;

  @Test
  void salesAreNetOfRefundsOnceTheEventsArrive() {
    app = apps.start();
    Shop shop = new Shop(app);
    ContractResponses contract = ContractResponses.load(app.vertx());
    JsonObject concert = app.createConcert("Sales report", 20, PRICE, Duration.ofDays(6), 2);
    long concertId = concert.getLong("concertId");
    long schedule = concert.getJsonArray("schedules").getJsonObject(0).getLong("scheduleId");
    long quiet = concert.getJsonArray("schedules").getJsonObject(1).getLong("scheduleId");
    Shop.Bought kept = shop.buy(schedule, List.of(1), PRICE);
    Shop.Bought refunded = shop.buy(schedule, List.of(2, 3), PRICE);
    Shop.Bought alsoKept = shop.buy(schedule, List.of(4, 5), PRICE);
    assertThat(TestApp.await(shop.refund(refunded.user(), refunded.reservationId(), null)).statusCode()).isEqualTo(200);
    assertThat(kept).isNotEqualTo(alsoKept);

    String path = "/api/v1/admin/concerts/" + concertId + "/sales";
    TestApp.awaitCondition(() -> {
      JsonObject first = TestApp.await(shop.admin(HttpMethod.GET, path, null)).bodyAsJsonObject()
          .getJsonArray("items").getJsonObject(0);
      return first.getInteger("refunds") == 1 && first.getInteger("seatsSold") == 3;
    }, "the refund to reach the sales projection");
    HttpResponse<Buffer> report = TestApp.await(shop.admin(HttpMethod.GET, path, null));
    contract.assertConforms("getConcertSales", report);
    JsonArray items = report.bodyAsJsonObject().getJsonArray("items");
    assertThat(items).hasSize(2);
    JsonObject sold = items.getJsonObject(0);
    assertThat(sold.getLong("scheduleId")).isEqualTo(schedule);
    assertThat(sold.getInteger("seatsSold")).isEqualTo(3);
    assertThat(sold.getLong("revenue")).isEqualTo(3 * PRICE);
    assertThat(sold.getInteger("refunds")).isEqualTo(1);
    assertThat(sold.getString("asOf")).isNotNull();
    JsonObject none = items.getJsonObject(1);
    assertThat(none.getLong("scheduleId")).isEqualTo(quiet);
    assertThat(none.getInteger("seatsSold")).isZero();
    assertThat(none.getValue("asOf")).isNull();

    HttpResponse<Buffer> unknown = TestApp.await(shop.admin(HttpMethod.GET, "/api/v1/admin/concerts/999999/sales", null));
    contract.assertConforms("getConcertSales", unknown);
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(TestApp.await(app.client().get(path).send()).statusCode()).isEqualTo(401);
  }
}
