package dev.concert.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.concert.support.Chromium;
import dev.concert.support.MachineWide;
import dev.concert.support.TestApp;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * How the page follows the room and the seat map, against a stand-in for the API that can serve
 * the contract's two event streams or not: with them the page uses the streams (and polls
 * nothing), without them it polls every second; either way the position moves and a seat taken
 * elsewhere turns on the map. The page itself is served by {@link BuyerPage}, as in the service.
 * The whole sale against the real service is {@link BuyerPageBrowserIntegrationTest}.
 */
@MachineWide(MachineWide.CHROMIUM)
class BuyerPageLiveUpdatesBrowserIntegrationTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final String TOKEN = "token-of-the-buyer";

  private static Vertx vertx;
  private static Chromium browser;
  private HttpServer server;
  private final List<String> requests = new CopyOnWriteArrayList<>();
  private final Map<String, HttpServerResponse> streams = new ConcurrentHashMap<>();
  private final AtomicInteger polls = new AtomicInteger();
  private volatile String seat3 = "AVAILABLE";
  /** The place in line the polled token answer gives. */
  private final AtomicInteger position = new AtomicInteger(3);
  private volatile JsonObject joinedWith;

  @BeforeAll
  static void launch() {
    Chromium.require();
    vertx = Vertx.vertx();
    browser = Chromium.desktop(1024, 900);
  }

  @AfterAll
  static void close() {
    if (browser != null) browser.close();
    if (vertx != null) TestApp.await(vertx.close());
  }

  @AfterEach
  void stopServer() {
    if (server != null) TestApp.await(server.close());
  }

  @Test
  void withTheStreamsThePageFollowsThemAndPollsNothing() {
    int port = serve(true);
    WebDriver page = browser.driver();
    page.get("http://127.0.0.1:" + port + "/");
    waitFor(page, "#concert-list button[data-concert-id='1']");
    page.findElement(By.cssSelector("#concert-list button[data-concert-id='1']")).click();

    // The position moves with the stream's status events, then the turn comes.
    waitFor(page, "#room-status[data-status='WAITING'][data-position='3']");
    assertThat(page.findElement(By.id("room-headline")).getText()).isEqualTo("You are number 3 in line.");
    streamEvent("room", "status", token("WAITING", 2));
    waitFor(page, "#room-status[data-position='2']");
    streamEvent("room", "status", token("ACTIVE", 0));
    waitFor(page, "#room-status[data-status='ACTIVE']");
    waitFor(page, "#room-live[data-mode='stream']");

    page.findElement(By.cssSelector("#date-list button[data-schedule-id='1']")).click();
    waitFor(page, "#seat-grid button[data-seat='3'][data-status='AVAILABLE']");
    waitFor(page, "#seats-live[data-mode='stream']");
    streamEvent("seats", "seats", new JsonObject().put("changes",
        new JsonArray().add(new JsonObject().put("seatNumber", 3).put("status", "HELD"))));
    waitFor(page, "#seat-grid button[data-seat='3'][data-status='HELD'][data-look='held']");

    assertThat(joinedWith.getLong("concertId")).isEqualTo(1L);
    assertThat(requests).contains(
        "/api/v1/queue/tokens/current/events?access_token=" + TOKEN,
        "/api/v1/schedules/1/seats/events?access_token=" + TOKEN);
    assertThat(polls.get()).as("polls while the streams serve").isZero();
  }

  @Test
  void withoutTheStreamsThePagePollsEverySecond() {
    int port = serve(false);
    WebDriver page = browser.driver();
    page.get("http://127.0.0.1:" + port + "/");
    waitFor(page, "#concert-list button[data-concert-id='1']");
    page.findElement(By.cssSelector("#concert-list button[data-concert-id='1']")).click();

    waitFor(page, "#room-status[data-status='WAITING'][data-position='3']");
    waitFor(page, "#room-live[data-mode='poll']");
    position.set(2);
    waitFor(page, "#room-status[data-status='WAITING'][data-position='2']");
    position.set(0);
    waitFor(page, "#room-status[data-status='ACTIVE']");

    page.findElement(By.cssSelector("#date-list button[data-schedule-id='1']")).click();
    waitFor(page, "#seat-grid button[data-seat='3'][data-status='AVAILABLE']");
    waitFor(page, "#seats-live[data-mode='poll']");
    seat3 = "SOLD";
    waitFor(page, "#seat-grid button[data-seat='3'][data-status='SOLD'][data-look='sold']");
    assertThat(page.findElement(By.cssSelector("#seat-grid button[data-seat='3']")).getDomAttribute("aria-label"))
        .isEqualTo("Seat 3, sold, 1,000 won");
  }

  /** The stand-in: the page as the service serves it, and just enough of the API. */
  private int serve(boolean withStreams) {
    Router router = Router.router(vertx);
    router.route().handler(ctx -> {
      requests.add(ctx.request().uri());
      ctx.next();
    });
    router.route().handler(BodyHandler.create());
    BuyerPage.mount(router);
    router.get("/api/v1/concerts").handler(ctx -> json(ctx, 200, new JsonObject().put("items",
        new JsonArray().add(new JsonObject().put("concertId", 1).put("title", "Stand-in concert")))));
    router.post("/api/v1/queue/tokens").handler(ctx -> {
      joinedWith = ctx.body().asJsonObject();
      json(ctx, 201, token("WAITING", 3));
    });
    router.get("/api/v1/queue/tokens/current").handler(ctx -> {
      polls.incrementAndGet();
      int now = position.get();
      json(ctx, 200, now == 0 ? token("ACTIVE", 0) : token("WAITING", now));
    });
    router.get("/api/v1/concerts/1/schedules").handler(ctx -> json(ctx, 200, new JsonObject().put("items",
        new JsonArray().add(new JsonObject().put("scheduleId", 1).put("concertId", 1)
            .put("startsAt", "2027-01-01T19:00:00Z").put("totalSeats", 5).put("availableSeats", 5).put("price", 1000)))));
    router.get("/api/v1/schedules/1/seats").handler(ctx -> {
      polls.incrementAndGet();
      json(ctx, 200, seatMap());
    });
    router.get("/api/v1/balance").handler(ctx -> json(ctx, 200, new JsonObject().put("userId", "u").put("balance", 0)));
    if (withStreams) {
      router.get("/api/v1/queue/tokens/current/events").handler(ctx -> {
        if (!TOKEN.equals(ctx.request().getParam("access_token"))) {
          json(ctx, 401, new JsonObject().put("code", "TOKEN_INVALID"));
          return;
        }
        send(open(ctx, "room"), "status", token("WAITING", 3));
      });
      router.get("/api/v1/schedules/1/seats/events").handler(ctx -> {
        send(open(ctx, "seats"), "snapshot", seatMap());
      });
    }
    router.route().handler(ctx -> json(ctx, 404, new JsonObject().put("status", 404).put("code", "NOT_FOUND")));
    server = TestApp.await(vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1"));
    return server.actualPort();
  }

  private HttpServerResponse open(RoutingContext ctx, String name) {
    HttpServerResponse response = ctx.response().setChunked(true)
        .putHeader("Content-Type", "text/event-stream").putHeader("Cache-Control", "no-cache");
    streams.put(name, response);
    return response;
  }

  /** From the test thread: one event on a stream the page has opened. */
  private void streamEvent(String stream, String event, JsonObject data) {
    TestApp.awaitCondition(() -> streams.containsKey(stream), "the page to open the " + stream + " stream");
    send(streams.get(stream), event, data);
  }

  private static void send(HttpServerResponse stream, String event, JsonObject data) {
    stream.write("event: " + event + "\ndata: " + data.encode() + "\n\n");
  }

  private JsonObject seatMap() {
    JsonArray items = new JsonArray();
    for (int seat = 1; seat <= 5; seat++) {
      items.add(new JsonObject().put("seatNumber", seat).put("price", 1000).put("status", seat == 3 ? seat3 : "AVAILABLE"));
    }
    return new JsonObject().put("scheduleId", 1).put("items", items);
  }

  private static JsonObject token(String status, int position) {
    return new JsonObject().put("token", TOKEN).put("userId", "00000000-0000-4000-8000-000000000001")
        .put("status", status).put("position", position).put("estimatedWaitSeconds", position)
        .putNull("activeUntil").put("concertId", 1).putNull("opensAt");
  }

  private static void json(RoutingContext ctx, int status, JsonObject body) {
    ctx.response().setStatusCode(status).putHeader("Content-Type",
        status >= 400 ? "application/problem+json" : "application/json").end(body.encode());
  }

  private static void waitFor(WebDriver page, String css) {
    new WebDriverWait(page, WAIT).until(d -> !d.findElements(By.cssSelector(css)).isEmpty());
  }
}
