package dev.concert.reservation;

/** HELD → PAID → REFUNDED, or HELD → EXPIRED / CANCELLED. */
public enum ReservationStatus {
  HELD, PAID, EXPIRED, CANCELLED, REFUNDED
}
