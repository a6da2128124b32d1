package dev.concert.queue;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The documents {@code GET /concerts/{id}/opening} serves. After the opening, the drawn order in
 * pages of {@link #PAGE_SIZE} ids, each a complete document (commitment, seed, sizes, its slice
 * of the order) rendered once and stored (see {@link RoomOpener}); the same order always renders
 * to the same bytes, so every instance's copy has the same strong {@code ETag}.
 */
final class OpeningPages {
  /** Ids per page: about 4 KB of JSON, cheap to serve and to hold for a slow reader. */
  static final int PAGE_SIZE = 100;
  static final String ORDER_FUNCTION = "token ids sorted ascending by the first 52 bits (13 hex digits) of "
      + "SHA-256(seed || UTF-8(tokenId)) read as an unsigned big-endian number (ties by the UTF-8 bytes of tokenId)";
  /** Pages of opened rooms rendered by this process (each is rendered once per opening and stored). */
  private static final AtomicLong RENDERED = new AtomicLong();

  /** One document: its page number, strong ETag (quoted) and JSON bytes. */
  record Page(int number, String etag, Buffer body) {
    static Page of(int number, Buffer body) {
      return new Page(number, OpeningPages.etag(body), body);
    }
  }

  private OpeningPages() {}

  /** The document before the order is known: {@code SCHEDULED} or {@code OPENING}, the commitment only. */
  static Page unopened(Room room, String status) {
    return Page.of(1, common(room, status, null, null, 0, 0).put("page", 1).put("order", null).toBuffer());
  }

  /** Every page of an opened room's publication ({@code order}: first admitted first). */
  static List<Page> opened(Room room, Instant openedAt, List<String> order) {
    int pages = Math.max(1, (order.size() + PAGE_SIZE - 1) / PAGE_SIZE);
    List<Page> out = new ArrayList<>(pages);
    for (int page = 1; page <= pages; page++) {
      List<String> slice = order.subList((page - 1) * PAGE_SIZE, Math.min(order.size(), page * PAGE_SIZE));
      JsonObject document = common(room, "OPENED", HexFormat.of().formatHex(room.seed()), openedAt, order.size(), pages)
          .put("page", page)
          .put("firstPlace", (page - 1) * PAGE_SIZE + 1)
          .put("order", new JsonArray(new ArrayList<>(slice)));
      out.add(Page.of(page, document.toBuffer()));
      RENDERED.incrementAndGet();
    }
    return out;
  }

  private static JsonObject common(Room room, String status, String seed, Instant openedAt, int size, int pages) {
    boolean opened = openedAt != null;
    return new JsonObject()
        .put("concertId", room.concertId())
        .put("salesOpenAt", room.opensAt().toString())
        .put("status", status)
        .put("commitment", OpeningOrder.commitment(room.seed()))
        .put("orderFunction", ORDER_FUNCTION)
        .put("seed", seed)
        .put("openedAt", opened ? openedAt.toString() : null)
        .put("preQueueSize", opened ? size : null)
        .put("pageSize", PAGE_SIZE)
        .put("pages", opened ? pages : null);
  }

  /** A strong validator of the exact bytes: quoted hex of their SHA-256's first 16 bytes. */
  static String etag(Buffer body) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(body.getBytes());
      return "\"" + HexFormat.of().formatHex(digest, 0, 16) + "\"";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** For tests: pages of opened rooms this process has rendered so far. */
  static long rendered() {
    return RENDERED.get();
  }
}
