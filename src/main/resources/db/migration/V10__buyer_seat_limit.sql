-- The per-buyer seat limit's guard of record (Redis's hold script is the fast gate in front).
-- Live seats are those of HELD and PAID reservations, so expired, cancelled and refunded ones stop
-- counting by themselves.
CREATE INDEX reservations_live_by_buyer ON reservations (user_id, schedule_id) WHERE status IN ('HELD', 'PAID');

-- Whether the buyer may take `wanted` more seats of the schedule (`max_seats` 0: no limit).
-- Holds a transaction-scoped advisory lock per (buyer, schedule) until the caller's transaction
-- ends, so concurrent holds of one buyer count one after the other. VOLATILE on purpose: its count
-- then takes a fresh snapshot after the lock is granted, and so sees every hold committed before,
-- even when called from the single statement that inserts the hold.
CREATE FUNCTION buyer_may_hold(buyer UUID, schedule BIGINT, wanted INT, max_seats INT) RETURNS BOOLEAN
LANGUAGE plpgsql VOLATILE AS $$
BEGIN
  IF max_seats <= 0 THEN
    RETURN TRUE;
  END IF;
  -- Two-key form: a key space apart from the single-key advisory locks used elsewhere.
  PERFORM pg_advisory_xact_lock(15, hashtext(buyer::text || '/' || schedule::text));
  RETURN wanted + (SELECT COALESCE(sum(cardinality(seat_numbers)), 0) FROM reservations
                   WHERE user_id = buyer AND schedule_id = schedule AND status IN ('HELD', 'PAID')) <= max_seats;
END
$$;
