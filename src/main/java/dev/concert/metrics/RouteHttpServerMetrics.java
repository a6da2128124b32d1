package dev.concert.metrics;

import io.vertx.core.net.SocketAddress;
import io.vertx.core.spi.metrics.HttpServerMetrics;
import io.vertx.core.spi.observability.HttpRequest;
import io.vertx.core.spi.observability.HttpResponse;
import java.util.concurrent.atomic.LongAdder;

/**
 * Vert.x's HTTP server metrics SPI recorded into {@link HttpServerMeters}: requests by route
 * template (as vertx-web reports it), method and status, each a known value or {@code other}
 * (see {@link HttpServerMeters}); open connections. Sizes and bytes are
 * not recorded (nobody reads them during a sale). Called on event loops; one request's calls come
 * from one loop.
 */
final class RouteHttpServerMetrics
    implements HttpServerMetrics<RouteHttpServerMetrics.Request, Void, RouteHttpServerMetrics.Connection> {
  private final HttpServerMeters meters;

  RouteHttpServerMetrics(HttpServerMeters meters) {
    this.meters = meters;
  }

  @Override
  public Connection connected(SocketAddress remoteAddress, String remoteName) {
    meters.connections().increment();
    return Connection.OPEN;
  }

  @Override
  public void disconnected(Connection connection, SocketAddress remoteAddress) {
    meters.connections().decrement();
  }

  @Override
  public Request requestBegin(Connection connection, HttpRequest request) {
    String method = HttpServerMeters.methodLabel(request.method().name());
    return new Request(method, meters.active(method));
  }

  @Override
  public void requestRouted(Request request, String route) {
    request.routed(route);
  }

  @Override
  public void requestReset(Request request) {
    if (request.finish()) {
      meters.reset(request.method);
    }
  }

  @Override
  public void responseEnd(Request request, HttpResponse response, long bytesWritten) {
    if (request.finish()) {
      meters.answered(request.route, request.method, response.statusCode(), System.nanoTime() - request.startNanos);
    }
  }

  /** No per-connection state: the marker Vert.x hands back to us. */
  enum Connection { OPEN }

  /** One request in flight. */
  static final class Request {
    private final String method;
    private final LongAdder active;
    private final long startNanos = System.nanoTime();
    /** The route template; "" when no route matched, "a>b" when several routes handled it (as vertx-micrometer). */
    private String route = "";
    private boolean finished;

    Request(String method, LongAdder active) {
      this.method = method;
      this.active = active;
      active.increment();
    }

    void routed(String template) {
      if (template != null) {
        route = route.isEmpty() ? template : route + '>' + template;
      }
    }

    /** True the first time: a request is answered or reset once. */
    boolean finish() {
      if (finished) {
        return false;
      }
      finished = true;
      active.decrement();
      return true;
    }
  }
}
