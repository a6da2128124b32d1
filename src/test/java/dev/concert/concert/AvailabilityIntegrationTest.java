package dev.concert.concert;

import static org.assertj.core.api.Assertions.assertThat;

import dev.concert.support.OneAppPerClass;
import dev.concert.support.TestApp;
import dev.concert.support.Wait;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The availability document over HTTP against real Postgres and Redis: 2 bits a place, its ETag and
 * 304, and holds, payments and cancels flipping a place's bits.
 */
class AvailabilityIntegrationTest extends OneAppPerClass {
  private static HttpResponse<Buffer> availability(long schedule, TestApp.ActiveUser user, String ifNoneMatch) {
    HttpRequest<Buffer> request = app.client().get("/api/v1/schedules/" + schedule + "/availability")
        .putHeader("Authorization", "Bearer " + user.token()).timeout(30_000);
    if (ifNoneMatch != null) {
      request.putHeader("If-None-Match", ifNoneMatch);
    }
    return TestApp.await(request.send());
  }

  private static int code(HttpResponse<Buffer> response, int seat) {
    byte[] bits = Base64.getDecoder().decode(response.bodyAsJsonObject().getString("statuses"));
    return AvailabilityBits.get(bits, seat);
  }

  @Test
  void aHoldFlipsItsPlacesBitsAndTheTagAnswers304UntilThen() {
    long schedule = app.newSchedule("Bits", 10, 1_000);
    TestApp.ActiveUser buyer = app.activeUser();
    HttpResponse<Buffer> first = availability(schedule, buyer, null);
    contract.assertConforms("getAvailability", first);
    assertThat(first.statusCode()).as(first.bodyAsString()).isEqualTo(200);
    assertThat(first.bodyAsJsonObject()).isEqualTo(new JsonObject().put("scheduleId", schedule).put("capacity", 10)
        .put("statuses", Base64.getEncoder().encodeToString(new byte[3])));
    String tag = first.getHeader("ETag");
    assertThat(tag).startsWith("\"").endsWith("\"");

    HttpResponse<Buffer> unchanged = availability(schedule, buyer, tag);
    contract.assertConforms("getAvailability", unchanged);
    assertThat(unchanged.statusCode()).isEqualTo(304);
    assertThat(unchanged.getHeader("ETag")).isEqualTo(tag);
    assertThat(unchanged.body() == null || unchanged.body().length() == 0).isTrue();
    assertThat(availability(schedule, buyer, "\"other\"").statusCode()).isEqualTo(200);

    // The buyer's own hold shows at once (its process's copy catches up before answering).
    String reservation = app.hold(buyer, schedule, List.of(1, 10));
    HttpResponse<Buffer> held = availability(schedule, buyer, tag);
    assertThat(held.statusCode()).isEqualTo(200);
    assertThat(held.getHeader("ETag")).isNotEqualTo(tag);
    assertThat(code(held, 1)).isEqualTo(AvailabilityBits.HELD);
    assertThat(code(held, 10)).isEqualTo(AvailabilityBits.HELD);
    assertThat(code(held, 2)).isEqualTo(AvailabilityBits.AVAILABLE);
    byte[] bits = Base64.getDecoder().decode(held.bodyAsJsonObject().getString("statuses"));
    assertThat(bits).containsExactly((byte) 0b01_00_00_00, (byte) 0, (byte) 0b00_01_00_00);
    assertThat(availability(schedule, buyer, held.getHeader("ETag")).statusCode()).isEqualTo(304);

    assertThat(TestApp.await(app.charge(buyer, 2_000, null)).statusCode()).isEqualTo(200);
    assertThat(TestApp.await(app.pay(buyer, reservation, null)).statusCode()).isEqualTo(201);
    // A payment ends the buyer's token: another buyer reads on.
    TestApp.ActiveUser reader = app.activeUser();
    Wait.until(() -> code(availability(schedule, reader, null), 1) == AvailabilityBits.SOLD, "place 1 sold");
    HttpResponse<Buffer> sold = availability(schedule, reader, null);
    assertThat(code(sold, 10)).isEqualTo(AvailabilityBits.SOLD);

    String cancelled = app.hold(reader, schedule, List.of(5));
    assertThat(code(availability(schedule, reader, null), 5)).isEqualTo(AvailabilityBits.HELD);
    HttpResponse<Buffer> cancel = app.callAndWait(HttpMethod.DELETE, "/api/v1/reservations/" + cancelled, reader.token(), null);
    assertThat(cancel.statusCode()).as(cancel.bodyAsString()).isLessThan(300);
    Wait.until(() -> code(availability(schedule, reader, null), 5) == AvailabilityBits.AVAILABLE, "place 5 free again");
    // Back to the document of before the cancel's hold: the same tag as then.
    assertThat(availability(schedule, reader, sold.getHeader("ETag")).statusCode()).isEqualTo(304);
  }

  @Test
  void aChangeByAnotherProcessReachesTheDocumentThroughTheSeatNotices() {
    long schedule = app.newSchedule("Others", 8, 1_000);
    TestApp.ActiveUser reader = app.activeUser();
    String tag = availability(schedule, reader, null).getHeader("ETag");
    // Served from this process's copy from now on; a hold written straight to Redis, as another
    // process's script would (same key, same notice), must still show.
    TestApp.await(app.redis().send(io.vertx.redis.client.Request.cmd(io.vertx.redis.client.Command.HSET)
        .arg("seats:{schedule:" + schedule + "}").arg("3").arg("S:" + java.util.UUID.randomUUID())));
    TestApp.await(app.redis().send(io.vertx.redis.client.Request.cmd(io.vertx.redis.client.Command.PUBLISH)
        .arg("seats:{schedule:" + schedule + "}:changes").arg("3S")));
    Wait.until(() -> availability(schedule, reader, tag).statusCode() == 200, "the document changed");
    assertThat(code(availability(schedule, reader, null), 3)).isEqualTo(AvailabilityBits.SOLD);
  }

  @Test
  void unknownDatesAre404AndTheGateHolds() {
    TestApp.ActiveUser reader = app.activeUser();
    HttpResponse<Buffer> unknown = availability(999_999_999L, reader, null);
    contract.assertConforms("getAvailability", unknown);
    assertThat(unknown.statusCode()).isEqualTo(404);
    long schedule = app.newSchedule("Gate", 4, 1_000);
    HttpResponse<Buffer> anonymous = app.callAndWait(HttpMethod.GET, "/api/v1/schedules/" + schedule + "/availability", null, null);
    assertThat(anonymous.statusCode()).isEqualTo(401);
  }
}
