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

  @Test
  void eachDateIsSplitByGradeNetOfRefunds() {
    // Its own topic: a new consumer group reads its topic from the start, and the other test's
    // events name schedule ids that this test's fresh database gives again.
    app = apps.start(java.util.Map.of("CONCERT_TOPIC_PAYMENTS", "test-payment-events-" + java.util.UUID.randomUUID()));
    Shop shop = new Shop(app);
    ContractResponses contract = ContractResponses.load(app.vertx());
    // "Front": one row of 4 seats (places 1-4, VIP); "Pit": 10 standing (places 5-14, GA).
    JsonObject front = new JsonObject().put("name", "Front").put("kind", "SEATED")
        .put("rows", new JsonArray().add(new JsonObject().put("label", "A").put("seats", 4)));
    JsonObject pit = new JsonObject().put("name", "Pit").put("kind", "STANDING").put("capacity", 10);
    HttpResponse<Buffer> venue = TestApp.await(shop.admin(HttpMethod.POST, "/api/v1/admin/venues",
        new JsonObject().put("name", "Graded").put("sections", new JsonArray().add(front).add(pit))));
    assertThat(venue.statusCode()).as(venue.bodyAsString()).isEqualTo(201);
    JsonObject date = new JsonObject().put("startsAt", java.time.Instant.now().plus(Duration.ofDays(9))
            .truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString())
        .put("venueId", venue.bodyAsJsonObject().getLong("venueId")).put("grades", new JsonArray()
            .add(new JsonObject().put("name", "VIP").put("price", 50_000).put("sections", new JsonArray().add("Front")))
            .add(new JsonObject().put("name", "GA").put("price", 20_000).put("sections", new JsonArray().add("Pit"))));
    HttpResponse<Buffer> created = TestApp.await(shop.admin(HttpMethod.POST, "/api/v1/admin/concerts",
        new JsonObject().put("title", "Graded night").put("schedules", new JsonArray().add(date))));
    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
    long concertId = created.bodyAsJsonObject().getLong("concertId");
    long schedule = created.bodyAsJsonObject().getJsonArray("schedules").getJsonObject(0).getLong("scheduleId");

    shop.buy(schedule, List.of(1, 2, 5), 50_000);
    Shop.Bought refunded = shop.buy(schedule, List.of(3, 6), 50_000);
    shop.buy(schedule, List.of(7), 20_000);
    assertThat(TestApp.await(shop.refund(refunded.user(), refunded.reservationId(), null)).statusCode()).isEqualTo(200);

    String path = "/api/v1/admin/concerts/" + concertId + "/sales";
    TestApp.awaitCondition(() -> TestApp.await(shop.admin(HttpMethod.GET, path, null)).bodyAsJsonObject()
        .getJsonArray("items").getJsonObject(0).getInteger("refunds") == 1, "the refund to reach the sales projection");
    HttpResponse<Buffer> report = TestApp.await(shop.admin(HttpMethod.GET, path, null));
    contract.assertConforms("getConcertSales", report);
    JsonObject item = report.bodyAsJsonObject().getJsonArray("items").getJsonObject(0);
    assertThat(item.getInteger("seatsSold")).isEqualTo(4);
    assertThat(item.getLong("revenue")).isEqualTo(2 * 50_000 + 2 * 20_000);
    assertThat(item.getJsonArray("grades")).isEqualTo(new JsonArray()
        .add(new JsonObject().put("name", "VIP").put("seatsSold", 2).put("revenue", 100_000))
        .add(new JsonObject().put("name", "GA").put("seatsSold", 2).put("revenue", 40_000)));

    // A date of the old form: its one grade.
    JsonObject old = app.createConcert("Old form", 10, PRICE, Duration.ofDays(6), 1);
    long oldSchedule = old.getJsonArray("schedules").getJsonObject(0).getLong("scheduleId");
    shop.buy(oldSchedule, List.of(1, 2), PRICE);
    String oldPath = "/api/v1/admin/concerts/" + old.getLong("concertId") + "/sales";
    TestApp.awaitCondition(() -> !TestApp.await(shop.admin(HttpMethod.GET, oldPath, null)).bodyAsJsonObject()
        .getJsonArray("items").getJsonObject(0).getJsonArray("grades").isEmpty(), "the old-form sale to arrive");
    assertThat(TestApp.await(shop.admin(HttpMethod.GET, oldPath, null)).bodyAsJsonObject().getJsonArray("items")
        .getJsonObject(0).getJsonArray("grades")).isEqualTo(new JsonArray()
        .add(new JsonObject().put("name", "Standard").put("seatsSold", 2).put("revenue", 2 * PRICE)));
  }
}
