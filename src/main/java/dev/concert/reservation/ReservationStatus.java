package dev.concert.reservation;

/** HELD → PAID, or HELD → EXPIRED / CANCELLED. Only a HELD reservation changes again. */
public enum ReservationStatus {
  HELD, PAID, EXPIRED, CANCELLED
}
