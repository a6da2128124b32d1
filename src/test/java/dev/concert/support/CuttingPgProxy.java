package dev.concert.support;

import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A TCP proxy to Postgres that hangs up on the client as soon as the client sends a message holding
 * {@code cutAt} (such as {@code COMMIT}, or a statement's text, sent when it is first prepared on a
 * connection), after passing it on ({@code forward}) or not: the reply never reaches the client, so
 * the client cannot know whether the work committed.
 */
public final class CuttingPgProxy {
  private CuttingPgProxy() {}

  /** Starts the proxy on a free loopback port; returns the port. */
  public static int start(Vertx vertx, PgConnectOptions target, String cutAt, boolean forward) {
    return TestApp.await(vertx.createNetServer().connectHandler(client -> {
      client.pause();
      vertx.createNetClient().connect(target.getPort(), target.getHost()).onSuccess(upstream -> {
        AtomicBoolean cut = new AtomicBoolean();
        upstream.handler(data -> {
          if (!cut.get()) {
            client.write(data);
          }
        });
        client.handler(data -> {
          if (cut.get()) {
            return;
          }
          if (data.toString(StandardCharsets.ISO_8859_1).contains(cutAt)) {
            cut.set(true);
            if (forward) {
              upstream.write(data);
            } else {
              upstream.close();
            }
            client.close();
          } else {
            upstream.write(data);
          }
        });
        client.closeHandler(v -> upstream.close());
        client.resume();
      });
    }).listen(0, "127.0.0.1")).actualPort();
  }
}
