package dev.concert.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.concert.seats.RedisSeats;
import dev.concert.seats.Seats;
import dev.concert.support.Chromium;
import dev.concert.support.MachineWide;
import dev.concert.support.TestApp;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The buyer's page in two real browsers (headless Chromium): a third buyer, through the API,
 * keeps the room full so that the second browser waits in line; both then race for one seat,
 * exactly one gets it and the other sees it taken; holds by one turn up on the other's map
 * without a click; the winner charges, pays, sees a QR code per ticket, and refunds.
 * Screenshots of each step: target/e2e/*.png.
 */
@MachineWide(MachineWide.CHROMIUM)
class BuyerPageBrowserIntegrationTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final int SEATS = 40;
  private static final long PRICE = 30_000;

  private static TestApp app;
  private static Chromium desktop;
  private static Chromium phone;

  @BeforeAll
  static void start() {
    Chromium.require();
    app = TestApp.start(Map.of(
        // Two buyers shop at once; a third waits in line.
        "CONCERT_QUEUE_MAX_ACTIVE", "2",
        "CONCERT_HOLD_SECONDS", "120"));
    desktop = Chromium.desktop(1280, 1000);
    phone = Chromium.phone(390, 844);
  }

  @AfterAll
  static void stop() {
    for (AutoCloseable closeable : new AutoCloseable[] {desktop, phone, app}) {
      try {
        if (closeable != null) closeable.close();
      } catch (Exception e) {
        // closing the rest matters more
      }
    }
  }

  @Test
  void twoBuyersRaceForASeatAndOneBuysPaysAndRefunds() throws Exception {
    JsonObject concert = app.createConcert("Browser Philharmonic", SEATS, PRICE, Duration.ofDays(7), 1);
    long concertId = concert.getLong("concertId");
    long scheduleId = concert.getJsonArray("schedules").getJsonObject(0).getLong("scheduleId");

    // A buyer through the API takes one of the two places in the room.
    String apiBuyer = activeToken(concertId);
    long later = concertOnSaleIn(Duration.ofHours(1));

    WebDriver a = desktop.driver();
    WebDriver b = phone.driver();
    a.get(pageUrl());
    b.get(pageUrl());
    WebElement concertA = waitFor(a, By.cssSelector("#concert-list button[data-concert-id='" + concertId + "']"));
    WebElement laterA = waitFor(a, By.cssSelector("#concert-list button[data-concert-id='" + later + "']"));
    assertThat(laterA.getText()).contains("Coming Soon Quartet", "Sales open ");
    desktop.screenshot("01-concerts");

    // A concert not on sale yet: its room is a pre-queue, with no place in line until it opens.
    laterA.click();
    waitFor(a, By.cssSelector("#room-status[data-status='WAITING'][data-position='']"));
    assertThat(a.findElement(By.id("room-headline")).getText()).isEqualTo("You are in the pre-queue.");
    assertThat(a.findElement(By.id("room-detail")).getText()).startsWith("Sales open ");
    desktop.screenshot("01b-pre-queue");

    concertA.click();
    waitFor(a, By.cssSelector("#room-status[data-status='ACTIVE']"));
    waitFor(a, By.cssSelector("#date-list button[data-schedule-id='" + scheduleId + "']"));

    // The room is full (the API buyer and A): B waits first in line, and sees it.
    waitFor(b, By.cssSelector("#concert-list button[data-concert-id='" + concertId + "']")).click();
    waitFor(b, By.cssSelector("#room-status[data-status='WAITING'][data-position='1']"));
    assertThat(b.findElement(By.id("room-headline")).getText()).isEqualTo("You are number 1 in line.");
    phone.screenshot("02-waiting-room");

    // The API buyer buys the last seat; paying ends their turn and B is let in without a click.
    buyThroughApi(apiBuyer, scheduleId, SEATS);
    waitFor(b, By.cssSelector("#room-status[data-status='ACTIVE']"));
    phone.screenshot("03-your-turn");

    a.findElement(By.cssSelector("#date-list button[data-schedule-id='" + scheduleId + "']")).click();
    waitFor(b, By.cssSelector("#date-list button[data-schedule-id='" + scheduleId + "']")).click();
    for (WebDriver browser : List.of(a, b)) {
      waitFor(browser, seat(SEATS, "SOLD"));
      waitFor(browser, seat(7, "AVAILABLE"));
      assertThat(browser.findElements(By.cssSelector("#seat-grid button.seat"))).hasSize(SEATS);
    }
    assertThat(seatLabel(a, SEATS)).isEqualTo("Seat " + SEATS + ", sold, 30,000 won");

    // Both choose seat 7 and press "Hold" at the same moment: exactly one gets it.
    a.findElement(seat(7)).click();
    b.findElement(seat(7)).click();
    assertThat(a.findElement(seat(7)).getAttribute("aria-pressed")).isEqualTo("true");
    desktop.screenshot("04-seat-chosen");
    CountDownLatch go = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<String> outcomeA = pool.submit(pressHold(a, go));
      Future<String> outcomeB = pool.submit(pressHold(b, go));
      go.countDown();
      List<String> outcomes = List.of(outcomeA.get(60, TimeUnit.SECONDS), outcomeB.get(60, TimeUnit.SECONDS));
      assertThat(outcomes).containsExactlyInAnyOrder("HELD", "SEAT_UNAVAILABLE");
      boolean aWon = outcomes.get(0).equals("HELD");
      Chromium winnerBrowser = aWon ? desktop : phone;
      Chromium loserBrowser = aWon ? phone : desktop;
      WebDriver winner = winnerBrowser.driver();
      WebDriver loser = loserBrowser.driver();

      // The winner holds seat 7 with a countdown; the loser is told in words, and sees it taken.
      assertThat(winner.findElement(By.id("hold-summary")).getText()).startsWith("Seat 7 ·");
      assertThat(seatLook(winner, 7)).isEqualTo("mine");
      assertThat(loser.findElement(By.id("error")).getText())
          .isEqualTo("Sorry, someone else has just taken one of those seats. Please choose another.");
      waitFor(loser, seat(7, "HELD"));
      assertThat(seatLook(loser, 7)).isEqualTo("held");
      assertThat(seatLabel(loser, 7)).isEqualTo("Seat 7, taken, held by someone else, 30,000 won");
      assertThat(loser.findElement(By.id("step-hold")).isDisplayed()).isFalse();
      String firstTick = winner.findElement(By.id("countdown")).getText();
      assertThat(firstTick).matches("[12]:[0-5]\\d");
      new WebDriverWait(winner, WAIT).until(d -> !d.findElement(By.id("countdown")).getText().equals(firstTick));
      winnerBrowser.screenshot("05-race-won");
      loserBrowser.screenshot("06-race-lost");

      // A seat the loser chooses next is taken by someone else before they press Hold: the page
      // says so at once (the live map's change), and Hold is off, instead of a silent deselection.
      loser.findElement(seat(8)).click();
      assertThat(loser.findElement(seat(8)).getDomAttribute("aria-pressed")).isEqualTo("true");
      assertThat(loser.findElement(By.id("error")).isDisplayed()).as("a new choice clears the last error").isFalse();
      Seats redisSeats = new RedisSeats(app.redis());
      UUID someoneElse = UUID.randomUUID();
      TestApp.await(redisSeats.hold(scheduleId, someoneElse, UUID.randomUUID(), List.of(8), 60_000, Seats.BuyerLimits.NONE));
      waitFor(loser, seat(8, "HELD"));
      new WebDriverWait(loser, WAIT).until(d -> d.findElement(By.id("error")).isDisplayed());
      assertThat(loser.findElement(By.id("error")).getDomAttribute("data-code")).isEqualTo("SEAT_UNAVAILABLE");
      assertThat(loser.findElement(By.id("hold")).isEnabled()).isFalse();
      TestApp.await(redisSeats.release(scheduleId, someoneElse, List.of(8)));
      waitFor(loser, seat(8, "AVAILABLE"));

      // The loser holds two other seats, by keyboard: they turn on the winner's map without a click there.
      loser.findElement(seat(12)).sendKeys(Keys.SPACE);
      loser.findElement(seat(13)).sendKeys(Keys.ENTER);
      assertThat(loser.findElement(By.id("selection")).getText()).isEqualTo("Seats 12, 13 · 60,000 won");
      loser.findElement(By.id("hold")).sendKeys(Keys.ENTER);
      waitFor(loser, By.cssSelector("#step-hold:not([hidden])"));
      waitFor(winner, seat(12, "HELD"));
      waitFor(winner, seat(13, "HELD"));
      assertThat(seatLook(winner, 12)).isEqualTo("held");
      winnerBrowser.screenshot("07-seat-map", winner.findElement(By.id("step-seats")));

      // A reload keeps the buyer (per tab), their turn and their hold.
      String summary = loser.findElement(By.id("hold-summary")).getText();
      loser.navigate().refresh();
      waitFor(loser, By.cssSelector("#concert-list button[data-concert-id='" + concertId + "']")).click();
      waitFor(loser, By.cssSelector("#date-list button[data-schedule-id='" + scheduleId + "']")).click();
      waitFor(loser, By.cssSelector("#step-hold:not([hidden])"));
      assertThat(loser.findElement(By.id("hold-summary")).getText()).isEqualTo(summary);
      waitFor(loser, seat(12, "HELD"));
      assertThat(seatLook(loser, 12)).isEqualTo("mine");

      // The loser lets them go again; the winner's map follows.
      loser.findElement(By.id("cancel-hold")).click();
      waitFor(loser, By.cssSelector("#step-hold[hidden]"));
      waitFor(winner, seat(12, "AVAILABLE"));

      // Paying with an empty balance is refused in words; the hold stays.
      winner.findElement(By.id("pay")).click();
      waitFor(winner, By.cssSelector("#error[data-code='INSUFFICIENT_BALANCE']"));
      assertThat(winner.findElement(By.id("error")).getText())
          .isEqualTo("Your balance is too low to pay for these seats. Add money first.");
      assertThat(winner.findElement(By.id("step-hold")).isDisplayed()).isTrue();

      // The winner tops up the balance (the missing amount is suggested) and pays.
      WebElement amount = winner.findElement(By.id("charge-amount"));
      assertThat(amount.getAttribute("value")).isEqualTo(Long.toString(PRICE));
      winner.findElement(By.id("charge")).click();
      waitFor(winner, text(By.id("balance"), "30,000 won"));
      winnerBrowser.screenshot("08-charged");
      winner.findElement(By.id("pay")).click();

      WebElement ticket = waitFor(winner, By.cssSelector("#ticket-list li[data-status='PAID'] figure.ticket[data-seat='7']"));
      WebElement qr = ticket.findElement(By.cssSelector("svg.qr"));
      assertThat(qr.getAttribute("aria-label")).isEqualTo("Ticket code for seat 7");
      assertThat(qr.findElement(By.tagName("path")).getAttribute("d")).contains("h1v1h-1z");
      String code = ticket.findElement(By.tagName("code")).getText();
      assertThat(code).isNotBlank();
      assertThat(winner.findElement(By.id("balance")).getText()).isEqualTo("0 won");
      assertThat(ticketCodeFromApi(winner)).isEqualTo(code);
      assertThat(decodeQr(qr)).as("the QR code as a phone camera reads it").isEqualTo(code);
      winnerBrowser.screenshot("09-tickets", winner.findElement(By.id("step-tickets")));

      // The seat is sold on the loser's map too.
      waitFor(loser, seat(7, "SOLD"));

      // The refund gives the money back and the seat returns to sale.
      winner.findElement(By.cssSelector("#ticket-list button.refund")).click();
      waitFor(winner, By.cssSelector("#ticket-list li[data-status='REFUNDED']"));
      waitFor(winner, text(By.id("balance"), "30,000 won"));
      assertThat(winner.findElements(By.cssSelector("#ticket-list svg.qr"))).isEmpty();
      waitFor(loser, seat(7, "AVAILABLE"));
      winnerBrowser.screenshot("10-refunded");
    } finally {
      pool.shutdownNow();
    }
  }

  /** With the seat chosen already: waits for the go, presses Hold, and answers HELD or the error's code. */
  private static Callable<String> pressHold(WebDriver browser, CountDownLatch go) {
    return () -> {
      WebElement hold = browser.findElement(By.id("hold"));
      go.await();
      hold.click();
      try {
        new WebDriverWait(browser, WAIT).until(d ->
            d.findElement(By.id("step-hold")).isDisplayed() || d.findElement(By.id("error")).isDisplayed());
      } catch (org.openqa.selenium.TimeoutException e) {
        // Say where the page stood (still waiting for an answer, or answered without showing it).
        Object state = ((org.openqa.selenium.JavascriptExecutor) browser).executeScript(
            "const h = document.getElementById('hold');"
                + "return 'hold button busy: ' + h.hasAttribute('aria-busy') + ', disabled: ' + h.disabled"
                + " + '; notice: ' + (document.getElementById('notice') || {}).textContent"
                + " + '; open requests (performance entries without an end): '"
                + " + performance.getEntriesByType('resource').filter(r => r.responseEnd === 0).map(r => r.name).join(' ');");
        throw new AssertionError("no answer to the hold shown within " + WAIT + ": " + state, e);
      }
      return browser.findElement(By.id("step-hold")).isDisplayed()
          ? "HELD" : browser.findElement(By.id("error")).getDomAttribute("data-code");
    };
  }

  /** Reads the QR code from its pixels on screen, as a scanner at the door would. */
  private static String decodeQr(WebElement qr) throws Exception {
    java.awt.image.BufferedImage image = javax.imageio.ImageIO.read(
        new java.io.ByteArrayInputStream(qr.getScreenshotAs(OutputType.BYTES)));
    int width = image.getWidth();
    int height = image.getHeight();
    int[] pixels = image.getRGB(0, 0, width, height, null, 0, width);
    com.google.zxing.BinaryBitmap bitmap = new com.google.zxing.BinaryBitmap(
        new com.google.zxing.common.HybridBinarizer(new com.google.zxing.RGBLuminanceSource(width, height, pixels)));
    return new com.google.zxing.qrcode.QRCodeReader()
        .decode(bitmap, Map.of(com.google.zxing.DecodeHintType.TRY_HARDER, Boolean.TRUE)).getText();
  }

  /** The winner's ticket code as the API gives it, with the token the page keeps in its tab. */
  private static String ticketCodeFromApi(WebDriver browser) {
    String token = (String) ((org.openqa.selenium.JavascriptExecutor) browser)
        .executeScript("return JSON.parse(sessionStorage.getItem('concert.ticketsToken'))");
    JsonObject page = app.callAndWait(HttpMethod.GET, "/api/v1/reservations?status=PAID", token, null).bodyAsJsonObject();
    return page.getJsonArray("items").getJsonObject(0).getJsonArray("tickets").getJsonObject(0).getString("code");
  }

  private static String pageUrl() {
    return "http://127.0.0.1:" + app.port() + "/";
  }

  private static By seat(int number) {
    return By.cssSelector("#seat-grid button[data-seat='" + number + "']");
  }

  private static By seat(int number, String status) {
    return By.cssSelector("#seat-grid button[data-seat='" + number + "'][data-status='" + status + "']");
  }

  private static String seatLook(WebDriver browser, int number) {
    return browser.findElement(seat(number)).getDomAttribute("data-look");
  }

  private static String seatLabel(WebDriver browser, int number) {
    return browser.findElement(seat(number)).getDomAttribute("aria-label");
  }

  private static WebElement waitFor(WebDriver browser, By locator) {
    return new WebDriverWait(browser, WAIT).until(d -> {
      List<WebElement> found = d.findElements(locator);
      return found.isEmpty() ? null : found.get(0);
    });
  }

  private static ExpectedCondition<Boolean> text(By locator, String expected) {
    return d -> expected.equals(d.findElement(locator).getText());
  }

  private static void waitFor(WebDriver browser, ExpectedCondition<Boolean> condition) {
    new WebDriverWait(browser, WAIT).until(condition);
  }

  /** A concert whose sale opens {@code in} from now; its id. */
  private static long concertOnSaleIn(Duration in) {
    java.time.Instant now = java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    HttpResponse<Buffer> created = TestApp.await(app.client().post("/api/v1/admin/concerts")
        .putHeader("Admin-Key", TestApp.ADMIN_KEY)
        .sendJsonObject(new JsonObject().put("title", "Coming Soon Quartet").put("salesOpenAt", now.plus(in).toString())
            .put("schedules", new JsonArray().add(new JsonObject()
                .put("startsAt", now.plus(Duration.ofDays(30)).toString()).put("seatCount", 10).put("price", PRICE)))));
    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
    return created.bodyAsJsonObject().getLong("concertId");
  }

  /** An ACTIVE token in the concert's room (or the one room of a server without rooms per concert). */
  private static String activeToken(long concertId) {
    String userId = java.util.UUID.randomUUID().toString();
    HttpResponse<Buffer> issued = app.callAndWait(HttpMethod.POST, "/api/v1/queue/tokens", null,
        new JsonObject().put("userId", userId).put("concertId", concertId));
    if (issued.statusCode() == 400) {
      issued = app.callAndWait(HttpMethod.POST, "/api/v1/queue/tokens", null, new JsonObject().put("userId", userId));
    }
    assertThat(issued.statusCode()).as(issued.bodyAsString()).isIn(200, 201);
    String token = issued.bodyAsJsonObject().getString("token");
    TestApp.awaitCondition(() -> "ACTIVE".equals(app.currentToken(token).getString("status")), "the API buyer's turn");
    return token;
  }

  private static void buyThroughApi(String token, long scheduleId, int seatNumber) {
    HttpResponse<Buffer> charged = app.callAndWait(HttpMethod.POST, "/api/v1/balance/charge", token,
        new JsonObject().put("amount", PRICE));
    assertThat(charged.statusCode()).as(charged.bodyAsString()).isEqualTo(200);
    HttpResponse<Buffer> held = app.callAndWait(HttpMethod.POST, "/api/v1/reservations", token,
        new JsonObject().put("scheduleId", scheduleId).put("seatNumbers", new JsonArray().add(seatNumber)));
    assertThat(held.statusCode()).as(held.bodyAsString()).isEqualTo(201);
    HttpResponse<Buffer> paid = app.callAndWait(HttpMethod.POST, "/api/v1/payments", token,
        new JsonObject().put("reservationId", held.bodyAsJsonObject().getString("reservationId")));
    assertThat(paid.statusCode()).as(paid.bodyAsString()).isEqualTo(201);
  }
}
