package dev.concert.http;

import io.vertx.ext.web.RoutingContext;

/** The paging query parameters of list endpoints ({@code limit}, {@code after}), already validated by the contract. */
public final class Paging {
  private Paging() {}

  public static int limit(RoutingContext ctx, int defaultLimit) {
    String limit = ctx.queryParams().get("limit");
    return limit == null ? defaultLimit : Integer.parseInt(limit);
  }

  /** The opaque cursor, or null for the first page. */
  public static String after(RoutingContext ctx) {
    return ctx.queryParams().get("after");
  }
}
