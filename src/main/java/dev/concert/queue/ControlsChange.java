package dev.concert.queue;

import dev.concert.shared.ApiException;
import dev.concert.shared.ErrorCode;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * An operator's change of a concert's room ({@code PATCH /admin/concerts/{id}}): any of the rate,
 * the cap, the pause, the opening and the close, and the rules that say whether it may be made.
 * Pure: no I/O, so the rules are unit-tested directly.
 *
 * <p>{@code salesCloseAtGiven} tells a close given as {@code null} (no close any more) from none given.
 */
public record ControlsChange(Integer admitPerSecond, Integer maxActive, Boolean paused, Instant salesOpenAt,
    Instant salesCloseAt, boolean salesCloseAtGiven) {

  /**
   * How far ahead an opening must be to move, and the new one must be: every instance reloads a
   * change within a second ({@link RoomCatalog#REFRESH_MILLIS}), so none opens the room, or lets a
   * token join its pre-queue, by an opening that is no longer in force.
   */
  public static final Duration OPENING_LEAD = Duration.ofSeconds(2);

  /** A concert's sale settings as recorded ({@code admitPerSecond}, {@code maxActive} null: the service-wide ones). */
  public record Settings(Instant opensAt, Instant closesAt, Integer admitPerSecond, Integer maxActive, boolean paused) {}

  /** From the request body, which the contract has validated (types, ranges, no other fields). */
  public static ControlsChange fromJson(JsonObject body) {
    if (body.isEmpty()) {
      throw ApiException.invalid("the body names none of admitPerSecond, maxActive, paused, salesOpenAt, salesCloseAt");
    }
    return new ControlsChange(body.getInteger("admitPerSecond"), body.getInteger("maxActive"), body.getBoolean("paused"),
        instant(body, "salesOpenAt"), instant(body, "salesCloseAt"), body.containsKey("salesCloseAt"));
  }

  private static Instant instant(JsonObject body, String field) {
    String text = body.getString(field);
    if (text == null) {
      return null;
    }
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      try {
        return java.time.OffsetDateTime.parse(text).toInstant();
      } catch (DateTimeParseException again) {
        throw ApiException.invalid("field '" + field + "' must be an ISO-8601 date-time");
      }
    }
  }

  /** The fields the operator gave, as given (for the operators' trail). */
  public JsonObject given() {
    JsonObject json = new JsonObject();
    if (admitPerSecond != null) {
      json.put("admitPerSecond", admitPerSecond);
    }
    if (maxActive != null) {
      json.put("maxActive", maxActive);
    }
    if (paused != null) {
      json.put("paused", paused);
    }
    if (salesOpenAt != null) {
      json.put("salesOpenAt", salesOpenAt.toString());
    }
    if (salesCloseAtGiven) {
      json.put("salesCloseAt", salesCloseAt == null ? null : salesCloseAt.toString());
    }
    return json;
  }

  /**
   * The settings after this change, or why it may not be made: moving an opening that happened (or
   * is less than {@link #OPENING_LEAD} away) is 409 SALES_ALREADY_OPEN; a new opening less than that
   * ahead, or a close not after the opening, is 400 VALIDATION_FAILED.
   *
   * @param openingStarted whether the room's opening has begun (its draw started or done)
   */
  public Settings applyTo(Settings current, boolean openingStarted, Instant now, long concertId) {
    Instant opensAt = current.opensAt();
    if (salesOpenAt != null && !salesOpenAt.equals(current.opensAt())) {
      if (openingStarted || !now.plus(OPENING_LEAD).isBefore(current.opensAt())) {
        throw new ApiException(ErrorCode.SALES_ALREADY_OPEN, "the sale of concert " + concertId + " opened (or opens in less than "
            + OPENING_LEAD.toSeconds() + " s) at " + current.opensAt() + ": only an opening still ahead can move");
      }
      if (!now.plus(OPENING_LEAD).isBefore(salesOpenAt)) {
        throw ApiException.invalid("field 'salesOpenAt' must be more than " + OPENING_LEAD.toSeconds()
            + " s from now (" + now + "), so that every instance knows it before it comes");
      }
      opensAt = salesOpenAt;
    }
    Instant closesAt = salesCloseAtGiven ? salesCloseAt : current.closesAt();
    if (closesAt != null && !closesAt.isAfter(opensAt)) {
      throw ApiException.invalid("field 'salesCloseAt' (" + closesAt + ") must be after the opening, salesOpenAt ("
          + opensAt + ")");
    }
    return new Settings(opensAt, closesAt,
        admitPerSecond != null ? admitPerSecond : current.admitPerSecond(),
        maxActive != null ? maxActive : current.maxActive(),
        paused != null ? paused : current.paused());
  }
}
