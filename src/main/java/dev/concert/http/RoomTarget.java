package dev.concert.http;

/**
 * What an ACTIVE-gated request acts on, so that a concert room's token opens its own concert only:
 * a concert, one of its schedules, or a reservation of one of them.
 */
public record RoomTarget(Kind kind, String id) {
  public enum Kind { CONCERT, SCHEDULE, RESERVATION }

  public static RoomTarget concert(long concertId) {
    return new RoomTarget(Kind.CONCERT, Long.toString(concertId));
  }

  public static RoomTarget schedule(long scheduleId) {
    return new RoomTarget(Kind.SCHEDULE, Long.toString(scheduleId));
  }

  public static RoomTarget reservation(String reservationId) {
    return new RoomTarget(Kind.RESERVATION, reservationId);
  }
}
