package dev.concert.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;

/** Venues the tests create through the admin API. */
public final class Venues {
  private Venues() {}

  /** "Front": rows A and B of 5 seats (places 1-10); "Pit": 2,500 standing (11-2510). The created venue. */
  public static JsonObject frontAndPit(TestApp app, String name) {
    JsonObject front = new JsonObject().put("name", "Front").put("kind", "SEATED").put("rows", new JsonArray()
        .add(new JsonObject().put("label", "A").put("seats", 5)).add(new JsonObject().put("label", "B").put("seats", 5)));
    JsonObject pit = new JsonObject().put("name", "Pit").put("kind", "STANDING").put("capacity", 2_500);
    HttpResponse<Buffer> created = TestApp.await(app.client().post("/api/v1/admin/venues").putHeader("Admin-Key", TestApp.ADMIN_KEY)
        .sendJsonObject(new JsonObject().put("name", name).put("sections", new JsonArray().add(front).add(pit))));
    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
    return created.bodyAsJsonObject();
  }
}
