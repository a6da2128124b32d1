package dev.concert.http;

import dev.concert.config.StreamConfig;
import dev.concert.infra.LuaScript;
import dev.concert.ratelimit.ClientAddress;
import dev.concert.shared.ApiException;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The open event streams counted where all instances meet (Redis): per token (past
 * {@link StreamConfig#perToken} the token's oldest stream is ended, on whichever instance holds
 * it) and per client address (past {@link StreamConfig#perAddress} a new stream gets
 * {@code 429 RATE_LIMITED}). Each stream holds a {@link Lease}: an entry per count, renewed by its
 * heartbeat and taken out when it ends; an entry not renewed lapses by itself, so the streams of an
 * instance that died stop counting within {@link StreamConfig#leaseMillis}. A limit of 0 costs
 * nothing.
 */
public final class StreamLimits {
  /** Where a request's lease waits for its {@link EventStream}. */
  static final String LEASE = "streamLease";
  private static final LuaScript COUNT_ADDRESS = LuaScript.load("http_stream_address");
  private static final LuaScript COUNT_TOKEN = LuaScript.load("http_stream_token");
  private static final LuaScript RENEW = LuaScript.load("http_stream_renew");
  /** Stream ids: this process's prefix and a counter. */
  private static final String PROCESS = UUID.randomUUID().toString();
  private static final AtomicLong SEQUENCE = new AtomicLong();

  private final Redis redis;
  private final StreamConfig config;
  private final StreamEvictions evictions;
  private final ClientAddress clients;

  public StreamLimits(Redis redis, StreamConfig config, StreamEvictions evictions, ClientAddress clients) {
    this.redis = redis;
    this.config = config;
    this.evictions = evictions;
    this.clients = clients;
  }

  /**
   * Counts a new stream of {@code tokenId} from the request's client: fails with 429 past the
   * address's limit (nothing counted), ends the token's oldest streams past its limit. The lease
   * is null when no limit is on.
   */
  Future<Lease> admit(RoutingContext ctx, String tokenId) {
    if (!config.limited()) {
      return Future.succeededFuture(null);
    }
    String id = PROCESS + "/" + SEQUENCE.incrementAndGet();
    String address = config.perAddress() == 0 ? null
        : addressKey(clients.of(ctx.request().remoteAddress().hostAddress(), ctx.request().getHeader("X-Forwarded-For")));
    Future<Boolean> counted = address == null ? Future.succeededFuture(true)
        : COUNT_ADDRESS.run(redis, List.of(address), List.of(id, Integer.toString(config.perAddress()),
            Long.toString(config.leaseMillis()))).map(r -> r.toInteger() == 1);
    return counted.compose(ok -> {
      if (!ok) {
        return Future.failedFuture(ApiException.rateLimited(
            "this address has " + config.perAddress() + " event streams open", config.heartbeatMillis()));
      }
      Lease lease = new Lease(address, id);
      if (config.perToken() == 0) {
        return Future.succeededFuture(lease);
      }
      String token = tokenKey(tokenId);
      return COUNT_TOKEN.run(redis, List.of(token), List.of(id, Integer.toString(config.perToken()),
              Long.toString(config.leaseMillis()), StreamEvictions.CHANNEL))
          .map(r -> {
            lease.token(token, r.get(0).toString());
            for (int i = 1; i < r.size(); i++) {
              evictions.end(r.get(i).toString()); // here at once; elsewhere by the channel
            }
            return lease;
          })
          .onFailure(failure -> lease.release());
    });
  }

  static String tokenKey(String tokenId) {
    return "streams:{token:" + tokenId + "}";
  }

  static String addressKey(String address) {
    return "streams:{address:" + address + "}";
  }

  /** One stream's entries in the counts. Used on the stream's loop. */
  final class Lease {
    private final String address;
    private final String addressMember;
    private String token;
    private String tokenMember;
    private boolean released;

    private Lease(String address, String addressMember) {
      this.address = address;
      this.addressMember = addressMember;
    }

    private void token(String key, String member) {
      this.token = key;
      this.tokenMember = member;
    }

    /** The stream that holds this lease: ended when a newer stream of its token evicts it. */
    void attach(EventStream stream) {
      if (tokenMember != null && !released) {
        evictions.add(tokenMember, stream);
      }
    }

    /** At the stream's heartbeat: renews the entries; {@code evicted} runs if the token's is gone. */
    void renew(Runnable evicted) {
      if (released) {
        return;
      }
      if (address != null) {
        RENEW.run(redis, List.of(address), List.of(addressMember, Long.toString(config.leaseMillis()), "address"));
      }
      if (token != null) {
        RENEW.run(redis, List.of(token), List.of(tokenMember, Long.toString(config.leaseMillis()), "token"))
            .onSuccess(r -> {
              if (r.toInteger() == 0) {
                evicted.run();
              }
            });
      }
    }

    /** Takes the entries out (once): the stream ended or never started. */
    void release() {
      if (released) {
        return;
      }
      released = true;
      if (address != null) {
        redis.send(Request.cmd(Command.ZREM).arg(address).arg(addressMember));
      }
      if (token != null) {
        evictions.remove(tokenMember);
        redis.send(Request.cmd(Command.ZREM).arg(token).arg(tokenMember));
      }
    }
  }
}
