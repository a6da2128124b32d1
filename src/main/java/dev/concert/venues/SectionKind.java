package dev.concert.venues;

/** A section of seats in rows, or a standing floor whose places are entry numbers. */
public enum SectionKind { SEATED, STANDING }
