package dev.concert.venues;

/**
 * Where a place number is in a venue: its section (index in layout order), row label and seat
 * label ("1".."n" within the row); both null on a standing floor, where the number is the entry number.
 */
public record Place(int seatNumber, int sectionIndex, String row, String seat) {}
