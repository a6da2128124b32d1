package dev.concert.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.concert.config.Deadlines;
import dev.concert.support.Wait;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A request sent from an event loop is served by the instance on that loop, and still served without one. */
class BusSameLoopTest {
  private static final Address<JsonObject, JsonObject> ADDRESS = Address.of("test.where", JsonObject.class, JsonObject.class);
  private Vertx vertx;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
    Bus.install(vertx, new Deadlines(1000, 1000, 30_000, 100, 5000));
  }

  @AfterEach
  void stop() {
    Wait.result(vertx.close());
  }

  /** Answers with the name of the thread that served the request. */
  static final class Server extends VerticleBase {
    @Override
    public Future<?> start() {
      return Bus.of(vertx).serve(ADDRESS, request -> Future.succeededFuture(
          new JsonObject().put("servedOn", Thread.currentThread().getName()))).completion();
    }
  }

  /** Sends a few requests from its own loop and records (sender thread, serving thread). */
  static final class Client extends VerticleBase {
    private final ConcurrentLinkedQueue<String[]> seen;

    Client(ConcurrentLinkedQueue<String[]> seen) {
      this.seen = seen;
    }

    @Override
    public Future<?> start() {
      List<Future<JsonObject>> replies = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        replies.add(Bus.of(vertx).request(ADDRESS, new JsonObject()).onSuccess(reply ->
            seen.add(new String[] {Thread.currentThread().getName(), reply.getString("servedOn")})));
      }
      return Future.all(replies);
    }
  }

  @Test
  void aRequestStaysOnTheSendersEventLoop() {
    Wait.result(vertx.deployVerticle(Server::new, new DeploymentOptions().setInstances(2)));
    ConcurrentLinkedQueue<String[]> seen = new ConcurrentLinkedQueue<>();
    Wait.result(vertx.deployVerticle(() -> new Client(seen), new DeploymentOptions().setInstances(2)));
    assertThat(seen).hasSize(20);
    assertThat(seen).allSatisfy(pair -> assertThat(pair[1]).isEqualTo(pair[0]));
    assertThat(seen.stream().map(pair -> pair[0]).distinct()).hasSize(2);
  }

  @Test
  void withoutAnInstanceOnTheSendersLoopTheSharedAddressServes() {
    // One server instance: one of the two loops has none.
    Wait.result(vertx.deployVerticle(Server::new, new DeploymentOptions().setInstances(1)));
    ConcurrentLinkedQueue<String[]> seen = new ConcurrentLinkedQueue<>();
    Wait.result(vertx.deployVerticle(() -> new Client(seen), new DeploymentOptions().setInstances(2)));
    assertThat(seen).hasSize(20);
    assertThat(seen.stream().map(pair -> pair[1]).distinct()).hasSize(1);
  }

  @Test
  void anUndeployedSameLoopInstanceFallsBackToTheSharedAddress() {
    String first = Wait.result(vertx.deployVerticle(Server::new, new DeploymentOptions().setInstances(2)));
    ConcurrentLinkedQueue<String[]> seen = new ConcurrentLinkedQueue<>();
    Wait.result(vertx.deployVerticle(() -> new Client(seen), new DeploymentOptions().setInstances(2)));
    Wait.result(vertx.undeploy(first));
    Wait.result(vertx.deployVerticle(Server::new, new DeploymentOptions().setInstances(1)));
    seen.clear();
    Wait.result(vertx.deployVerticle(() -> new Client(seen), new DeploymentOptions().setInstances(2)));
    assertThat(seen).hasSize(20);
  }

  @Test
  void anAddressNobodyServesFailsAtOnceWith503() {
    long started = System.nanoTime();
    assertThatThrownBy(() -> Wait.result(Bus.of(vertx).request(Address.of("test.nobody", JsonObject.class, JsonObject.class), new JsonObject())))
        .rootCause().isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE));
    assertThat(java.time.Duration.ofNanos(System.nanoTime() - started).toMillis()).isLessThan(1_000);
  }
}
