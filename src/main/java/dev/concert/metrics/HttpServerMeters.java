package dev.concert.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * The HTTP server series of one registry, under vertx-micrometer's names and labels, with every
 * meter registered once and kept: a request costs one map lookup and three increments, never a
 * registry lookup or a tag list (vertx-micrometer builds tags and looks five meters up per request,
 * which cost the hold storm several percent). Pure Micrometer, so unit tests need no Vert.x.
 *
 * <p>Label values come only from known values, so that no request can add a series: the standard
 * HTTP methods and the route templates the routers declared ({@link #knowRoutes}); any other
 * method or template is {@link #OTHER}; {@code route=""} is a request no route matched. Status
 * codes are the server's own.
 */
final class HttpServerMeters {
  static final String REQUESTS = "vertx.http.server.requests";
  static final String RESPONSE_TIME = "vertx.http.server.response.time";
  static final String ACTIVE_REQUESTS = "vertx.http.server.active.requests";
  static final String ACTIVE_CONNECTIONS = "vertx.http.server.active.connections";
  static final String REQUEST_RESETS = "vertx.http.server.request.resets";

  /** Where HTTP latency buckets end, in seconds: enough to read p50/p95/p99 of a sale. */
  static final double[] LATENCY_BUCKETS_SECONDS = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5};

  /** The label of a method or route template that is not a known one. */
  static final String OTHER = "other";
  /** The methods of RFC 9110 and PATCH: a made-up method is {@link #OTHER}. */
  private static final Set<String> METHODS =
      Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH");

  private static final Duration[] LATENCY_BUCKETS = Arrays.stream(LATENCY_BUCKETS_SECONDS)
      .mapToObj(seconds -> Duration.ofNanos(Math.round(seconds * 1e9)))
      .toArray(Duration[]::new);

  private final MeterRegistry registry;
  private final ConcurrentMap<Series, Outcome> outcomes = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, LongAdder> activeByMethod = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, Counter> resetsByMethod = new ConcurrentHashMap<>();
  private final LongAdder connections = new LongAdder();
  private final Set<String> routes = ConcurrentHashMap.newKeySet();

  HttpServerMeters(MeterRegistry registry) {
    this.registry = registry;
    Gauge.builder(ACTIVE_CONNECTIONS, connections, LongAdder::doubleValue).strongReference(true)
        .description("Number of opened connections to the server").register(registry);
  }

  /** Route templates served (the routers' routes): other templates are labelled {@link #OTHER}. */
  void knowRoutes(Collection<String> templates) {
    routes.addAll(templates);
  }

  /** {@code method} if it is a standard one, else {@link #OTHER}. */
  static String methodLabel(String method) {
    return METHODS.contains(method) ? method : OTHER;
  }

  /** {@code route} if known or empty (no route matched), else {@link #OTHER}. */
  String routeLabel(String route) {
    return route.isEmpty() || routes.contains(route) ? route : OTHER;
  }

  /**
   * A response was sent: counted and timed under its route template, method and status
   * ({@code method} as {@link #methodLabel} made it; {@code route} as reported, checked here).
   */
  void answered(String route, String method, int status, long nanos) {
    Series series = new Series(routeLabel(route), method, status);
    Outcome outcome = outcomes.get(series);
    if (outcome == null) {
      outcome = outcomes.computeIfAbsent(series, this::register);
    }
    outcome.requests().increment();
    outcome.latency().record(nanos, TimeUnit.NANOSECONDS);
  }

  /** Requests in progress for {@code method}; increment on arrival, decrement when answered or reset. */
  LongAdder active(String method) {
    LongAdder active = activeByMethod.get(method);
    return active != null ? active : activeByMethod.computeIfAbsent(method, this::registerActive);
  }

  void reset(String method) {
    resetsByMethod.computeIfAbsent(method, m -> Counter.builder(REQUEST_RESETS).tag("method", m)
        .description("Number of request resets").register(registry)).increment();
  }

  LongAdder connections() {
    return connections;
  }

  private Outcome register(Series series) {
    String[] tags = {"route", series.route(), "method", series.method(), "code", Integer.toString(series.status())};
    return new Outcome(
        Counter.builder(REQUESTS).tags(tags).description("Number of processed requests").register(registry),
        Timer.builder(RESPONSE_TIME).tags(tags).description("Request processing time")
            .serviceLevelObjectives(LATENCY_BUCKETS).register(registry));
  }

  private LongAdder registerActive(String method) {
    LongAdder active = new LongAdder();
    Gauge.builder(ACTIVE_REQUESTS, active, LongAdder::doubleValue).strongReference(true).tag("method", method)
        .description("Number of requests being processed").register(registry);
    return active;
  }

  private record Series(String route, String method, int status) {}

  private record Outcome(Counter requests, Timer latency) {}
}
