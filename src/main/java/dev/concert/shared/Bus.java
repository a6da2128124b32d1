package dev.concert.shared;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Request/reply over the event bus with JSON messages. A feature's {@link ApiException} crosses the
 * bus as failure code (the HTTP status) plus "CODE|detail", so it can cross a cluster unchanged;
 * anything else becomes 503 UNAVAILABLE (a dependency failed: nothing was done).
 */
public final class Bus {
  private static final Logger LOG = LoggerFactory.getLogger(Bus.class);
  private static final DeliveryOptions OPTIONS =
      new DeliveryOptions().setSendTimeout(10_000).setCodecName(SharedJsonCodec.NAME);
  private static final DeliveryOptions REPLY = new DeliveryOptions().setCodecName(SharedJsonCodec.NAME);

  private Bus() {}

  /** Registers the bus's codec on {@code vertx}; call once before deploying verticles. */
  public static void install(Vertx vertx) {
    try {
      vertx.eventBus().registerCodec(new SharedJsonCodec());
    } catch (IllegalStateException alreadyRegistered) {
      // idempotent: a second Application on the same Vertx (tests) finds it registered
    }
  }

  /**
   * Serves {@code address} for this instance only. Every instance deploys every feature, and a
   * clustered event bus picks among all registrations cluster-wide (no preference for the local
   * one): with {@code consumer} half the requests would take a network hop, and an instance killed
   * with -9 would take its peers' requests down with it until the cluster notices. Local
   * consumers keep a request on the instance that took it; cluster-wide messages go through
   * {@code cluster.ClusterSignals}.
   */
  public static MessageConsumer<JsonObject> serve(
      Vertx vertx, String address, Function<JsonObject, Future<JsonObject>> handler) {
    return serve(vertx, address, handler, REPLY);
  }

  /**
   * Serves {@code address} with replies already rendered as JSON text (a Buffer): for large, hot
   * replies such as the seat map, which then skip building a JsonObject tree at all.
   */
  public static MessageConsumer<JsonObject> serveRendered(
      Vertx vertx, String address, Function<JsonObject, Future<Buffer>> handler) {
    return serve(vertx, address, handler, new DeliveryOptions());
  }

  private static <T> MessageConsumer<JsonObject> serve(
      Vertx vertx, String address, Function<JsonObject, Future<T>> handler, DeliveryOptions replyOptions) {
    return vertx.eventBus().<JsonObject>localConsumer(address, message -> {
      Future<T> reply;
      try {
        reply = handler.apply(message.body());
      } catch (RuntimeException e) {
        reply = Future.failedFuture(e);
      }
      reply.onComplete(
          body -> message.reply(body, replyOptions),
          failure -> {
            ApiException api = asApiException(address, failure);
            message.fail(api.code().status(), api.code().name() + "|" + api.detail());
          });
    });
  }

  public static Future<Buffer> requestRendered(Vertx vertx, String address, JsonObject body) {
    return send(vertx, address, body);
  }

  public static Future<JsonObject> request(Vertx vertx, String address, JsonObject body) {
    return send(vertx, address, body);
  }

  private static <T> Future<T> send(Vertx vertx, String address, JsonObject body) {
    return vertx.eventBus()
        .<T>request(address, body, OPTIONS)
        .map(message -> message.body())
        .recover(failure -> Future.failedFuture(fromReply(address, failure)));
  }

  private static ApiException asApiException(String address, Throwable failure) {
    if (failure instanceof ApiException api) {
      return api;
    }
    LOG.warn("{} failed: {}", address, String.valueOf(failure));
    return ApiException.unavailable("A dependency is unavailable; nothing was changed. Retry later.");
  }

  private static ApiException fromReply(String address, Throwable failure) {
    if (failure instanceof ReplyException reply && reply.failureType() == ReplyFailure.RECIPIENT_FAILURE) {
      String message = String.valueOf(reply.getMessage());
      int bar = message.indexOf('|');
      if (bar > 0) {
        try {
          return new ApiException(ErrorCode.valueOf(message.substring(0, bar)), message.substring(bar + 1));
        } catch (IllegalArgumentException ignored) {
          // fall through: not one of ours
        }
      }
    }
    LOG.warn("request to {} failed: {}", address, String.valueOf(failure));
    return ApiException.unavailable("The service is busy or a dependency is unavailable. Retry later.");
  }
}
