package dev.concert.support;

import static org.assertj.core.api.Assertions.assertThat;

import dev.concert.support.TestApp.ActiveUser;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Buyers charging, holding and paying in a loop, spread over several instances, every answer
 * recorded: the load a dependency goes away under. Afterwards {@link #assertTruthful()} checks
 * each answer was one the contract allows, and {@link #assertNothingAcknowledgedLost} checks
 * Postgres against what the answers promised. Each charge of a buyer has an amount of its own, so
 * its ledger entry (or the lack of one) tells which charge it was.
 */
public final class PurchaseLoad {
  public static final int SEATS = 1_000;
  /** Dates of the concert bought: enough seats that a fast run does not sell out. */
  private static final int DATES = 8;
  public static final long PRICE = 1_000;
  /** Every buyer's balance before the load: its charges in the loop come on top. */
  private static final long OPENING_BALANCE = 1_000_000;
  private static final long CHARGE_BASE = 10_000;
  /**
   * A buyer waits this long between rounds (a steady load that leaves the machine's other tests
   * some room), and after being refused for lack of a dependency or not being admitted yet.
   */
  private static final long PAUSE_MILLIS = 50;

  /** What a buyer asked. */
  public enum Step { TOKEN, CHARGE, HOLD, PAY }

  /**
   * One answer: which instance (index), the step, the buyer, the HTTP status (599: no answer at
   * all), the problem's code, what it was about (a charge's amount, a reservation's id), whether the
   * token sent had paid already, and when ({@link System#nanoTime()}).
   */
  public record Answer(int instance, Step step, UUID userId, int status, String code, String subject, boolean paidToken,
      long atNanos) {
    @Override
    public String toString() {
      return step + " on instance " + instance + ": " + status + (code == null ? "" : " " + code)
          + (subject == null ? "" : " (" + subject + ")");
    }
  }

  private final List<TestApp> instances;
  private final List<Long> schedules;
  private final Queue<Answer> answers = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean stopping = new AtomicBoolean();
  private final List<Future<Void>> buyers = new ArrayList<>();
  private final List<UUID> buyerIds = new ArrayList<>();
  private final long startedAt = System.nanoTime();

  private PurchaseLoad(List<TestApp> instances, List<Long> schedules) {
    this.instances = instances;
    this.schedules = schedules;
  }

  /** {@code buyers} new buyers, each with a balance and an ACTIVE token, looping from now on. */
  public static PurchaseLoad start(List<TestApp> instances, int buyers) {
    TestApp first = instances.get(0);
    List<Long> schedules = new ArrayList<>();
    first.createConcert("Restarts", SEATS, PRICE, java.time.Duration.ofDays(30), DATES).getJsonArray("schedules")
        .forEach(date -> schedules.add(((JsonObject) date).getLong("scheduleId")));
    PurchaseLoad load = new PurchaseLoad(instances, schedules);
    List<ActiveUser> users = first.activeUsers(buyers);
    Shop shop = new Shop(first);
    users.forEach(user -> shop.charge(user, OPENING_BALANCE));
    for (int i = 0; i < buyers; i++) {
      load.buyerIds.add(users.get(i).userId());
      load.buyers.add(load.new Buyer(i % instances.size(), users.get(i)).run());
    }
    return load;
  }

  /** Stops every buyer after its current step; returns once all have. */
  public void stop() {
    stopping.set(true);
    TestApp.await(Future.join(buyers));
  }

  public List<Answer> answers() {
    return List.copyOf(answers);
  }

  /** How many answers match. */
  public long count(Predicate<Answer> which) {
    return answers.stream().filter(which).count();
  }

  /** Answers of {@code step} with {@code status} since {@code sinceNanos} ({@link System#nanoTime()}). */
  public long count(Step step, int status, long sinceNanos) {
    return count(a -> a.step() == step && a.status() == status && a.atNanos() >= sinceNanos);
  }

  /** Whether every instance has given an answer that matches since {@code sinceNanos} ({@link System#nanoTime()}). */
  public boolean everyInstanceAnswered(Predicate<Answer> which, long sinceNanos) {
    for (int i = 0; i < instances.size(); i++) {
      int instance = i;
      if (count(a -> a.instance() == instance && a.atNanos() >= sinceNanos && which.test(a)) == 0) {
        return false;
      }
    }
    return true;
  }

  /** Whether every buyer has had a payment answered 201 since {@code sinceNanos}: all of them buy again. */
  public boolean everyBuyerPaidSince(long sinceNanos) {
    return buyerIds.stream().allMatch(user -> count(a -> a.userId().equals(user) && a.step() == Step.PAY
        && a.status() == 201 && a.atNanos() >= sinceNanos) > 0);
  }

  /** Waits (30 s at most) until {@code payments} payments were answered 201 since {@code sinceNanos}. */
  public void awaitPayments(int payments, long sinceNanos) {
    TestApp.awaitCondition(() -> count(Step.PAY, 201, sinceNanos) >= payments,
        () -> payments + " payments; answers so far: " + summary());
  }

  /** The dates the buyers buy seats of. */
  public List<Long> schedules() {
    return schedules;
  }

  public long startedAt() {
    return startedAt;
  }

  /** Each status and code, counted, by step: for messages. */
  public String summary() {
    Map<String, Long> counted = answers.stream().collect(Collectors.groupingBy(
        a -> a.step() + " " + a.status() + (a.code() == null ? "" : " " + a.code()), TreeMap::new, Collectors.counting()));
    return counted.toString();
  }

  /**
   * Every answer was a success, a refusal this load meets in normal times (a seat someone else
   * took, a new token not admitted yet, a token that had paid already), {@code 503 UNAVAILABLE} or
   * {@code 500 OUTCOME_UNKNOWN}: never another 5xx, a 401 for a token that had not paid, or no
   * answer at all.
   */
  public void assertTruthful() {
    List<Answer> wrong = answers.stream().filter(a -> !allowed(a)).limit(20).toList();
    assertThat(wrong).as("answers the contract does not allow (all answers: %s)", summary()).isEmpty();
  }

  private static boolean allowed(Answer a) {
    return a.status() < 300
        || a.status() == 503 && "UNAVAILABLE".equals(a.code())
        || a.status() == 500 && "OUTCOME_UNKNOWN".equals(a.code())
        || a.status() == 409 && "SEAT_UNAVAILABLE".equals(a.code())
        || a.status() == 403 && "QUEUE_NOT_ACTIVE".equals(a.code())
        // A paid token handed back as the user's live one (its end had to wait for Redis) ends later.
        || a.status() == 401 && "TOKEN_EXPIRED".equals(a.code()) && a.paidToken();
  }

  /**
   * Postgres holds everything acknowledged and nothing refused: every 201 payment is PAID with its
   * payment row, no payment answered 503 is; every 201 hold exists, and a buyer has no more
   * reservations than its 201 and OUTCOME_UNKNOWN holds; every 200 charge is in the ledger, no
   * charge answered 503 is; each balance equals its charges minus its payments.
   */
  public void assertNothingAcknowledgedLost(TestApp app) {
    Map<String, String> reservations = new java.util.HashMap<>();
    TestApp.await(app.pool().query("SELECT r.id::text, r.status, r.user_id::text, p.id IS NOT NULL AS paid "
        + "FROM reservations r LEFT JOIN payments p ON p.reservation_id = r.id").execute())
        .forEach(row -> reservations.put(row.getString(0), row.getString(1) + (row.getBoolean(3) ? "+payment" : "")));
    for (Answer paid : select(Step.PAY, 201)) {
      assertThat(reservations.get(paid.subject())).as("acknowledged payment %s", paid).isEqualTo("PAID+payment");
    }
    for (Answer refused : select(Step.PAY, 503)) {
      assertThat(reservations.get(refused.subject())).as("payment answered 503: %s", refused)
          .isNotNull().doesNotContain("PAID").doesNotContain("payment");
    }
    for (Answer held : select(Step.HOLD, 201)) {
      assertThat(reservations).as("acknowledged hold %s", held).containsKey(held.subject());
    }
    Map<String, Long> reservationsByUser = new java.util.HashMap<>();
    TestApp.await(app.pool().query("SELECT user_id::text, count(*) FROM reservations GROUP BY 1").execute())
        .forEach(row -> reservationsByUser.put(row.getString(0), row.getLong(1)));
    Map<String, List<Long>> charges = new java.util.HashMap<>();
    TestApp.await(app.pool().query("SELECT user_id::text, amount FROM ledger_entries WHERE type = 'CHARGE'").execute())
        .forEach(row -> charges.computeIfAbsent(row.getString(0), u -> new ArrayList<>()).add(row.getLong(1)));
    for (UUID user : answers.stream().map(Answer::userId).distinct().toList()) {
      String id = user.toString();
      long held = count(a -> a.userId().equals(user) && a.step() == Step.HOLD && a.status() == 201);
      long unknown = count(a -> a.userId().equals(user) && a.step() == Step.HOLD && a.status() == 500);
      assertThat(reservationsByUser.getOrDefault(id, 0L)).as("reservations of %s in Postgres", id)
          .isBetween(held, held + unknown);
      List<Long> charged = charges.getOrDefault(id, List.of());
      for (Answer answer : answers.stream().filter(a -> a.userId().equals(user) && a.step() == Step.CHARGE).toList()) {
        long amount = Long.parseLong(answer.subject());
        if (answer.status() == 200) {
          assertThat(charged).as("acknowledged charge %s", answer).contains(amount);
        } else if (answer.status() == 503) {
          assertThat(charged).as("charge answered 503: %s", answer).doesNotContain(amount);
        }
      }
    }
    long offBalance = TestApp.await(app.pool().query("SELECT count(*) FROM balances b "
        + "WHERE b.balance <> coalesce((SELECT sum(amount) FROM ledger_entries l WHERE l.user_id = b.user_id AND l.type = 'CHARGE'), 0) "
        + "- coalesce((SELECT sum(amount) FROM payments p WHERE p.user_id = b.user_id), 0)").execute())
        .iterator().next().getLong(0);
    assertThat(offBalance).as("balances that are not their charges minus their payments").isZero();
  }

  private List<Answer> select(Step step, int status) {
    return answers.stream().filter(a -> a.step() == step && a.status() == status).toList();
  }

  /** One buyer's loop: (a token when it has none,) charge, hold one seat, pay it. */
  private final class Buyer {
    private final int instance;
    private final TestApp app;
    private final UUID userId;
    private final Promise<Void> done = Promise.promise();
    private String token;
    private final java.util.Set<String> paidTokens = new java.util.HashSet<>();
    private long charges;

    Buyer(int instance, ActiveUser user) {
      this.instance = instance;
      this.app = instances.get(instance);
      this.userId = user.userId();
      this.token = user.token();
    }

    Future<Void> run() {
      next();
      return done.future();
    }

    private void next() {
      if (stopping.get()) {
        done.tryComplete();
        return;
      }
      Future<Void> step = token == null ? issueToken() : round();
      step.onComplete(went -> app.vertx().setTimer(PAUSE_MILLIS, id -> next()));
    }

    /** A new token (the last one paid). */
    private Future<Void> issueToken() {
      return call(Step.TOKEN, HttpMethod.POST, "/api/v1/queue/tokens", new JsonObject().put("userId", userId.toString()), null)
          .map(issued -> {
            if (issued != null && issued.statusCode() < 300) {
              token = issued.bodyAsJsonObject().getString("token");
            }
            return null;
          });
    }

    /** Charge, hold one seat of a random date, pay it (a payment ends the token). */
    private Future<Void> round() {
      long amount = CHARGE_BASE + ++charges;
      JsonObject hold = new JsonObject()
          .put("scheduleId", schedules.get(ThreadLocalRandom.current().nextInt(DATES)))
          .put("seatNumbers", new io.vertx.core.json.JsonArray().add(1 + ThreadLocalRandom.current().nextInt(SEATS)));
      return call(Step.CHARGE, HttpMethod.POST, "/api/v1/balance/charge", new JsonObject().put("amount", amount),
          Long.toString(amount))
          .compose(charged -> call(Step.HOLD, HttpMethod.POST, "/api/v1/reservations", hold, null))
          .compose(held -> {
            if (held == null || held.statusCode() != 201) {
              return Future.succeededFuture();
            }
            String reservation = held.bodyAsJsonObject().getString("reservationId");
            return call(Step.PAY, HttpMethod.POST, "/api/v1/payments", new JsonObject().put("reservationId", reservation),
                reservation).map(paid -> {
                  if (paid != null && paid.statusCode() == 201) {
                    paidTokens.add(token);
                    token = null;
                  }
                  return null;
                });
          });
    }

    /** The call, its answer recorded; a null response when none came. */
    private Future<HttpResponse<Buffer>> call(Step step, HttpMethod method, String path, JsonObject body, String subject) {
      String sent = token;
      boolean paidToken = paidTokens.contains(sent);
      return app.call(method, path, sent, body).transform(answered -> {
        if (answered.failed()) {
          answers.add(new Answer(instance, step, userId, 599, answered.cause().toString(), subject, paidToken, System.nanoTime()));
          return Future.succeededFuture(null);
        }
        HttpResponse<Buffer> response = answered.result();
        String code = null;
        String about = subject;
        if (response.statusCode() >= 400) {
          code = problemCode(response);
        } else if (step == Step.HOLD) {
          about = response.bodyAsJsonObject().getString("reservationId");
        }
        answers.add(new Answer(instance, step, userId, response.statusCode(), code, about, paidToken, System.nanoTime()));
        if (response.statusCode() == 401 && step != Step.TOKEN) {
          token = null;
        }
        return Future.succeededFuture(response);
      });
    }
  }

  private static String problemCode(HttpResponse<Buffer> response) {
    try {
      return response.bodyAsJsonObject().getString("code");
    } catch (RuntimeException notJson) {
      return "(no problem document: " + response.bodyAsString() + ")";
    }
  }
}
