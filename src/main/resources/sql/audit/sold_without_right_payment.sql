-- Sold (or refunded) reservations without exactly one payment of their amount, amounts that are not
-- the sum of their places' prices (seats × price on a date without a venue; on a venue date each
-- place at the price of the grade its section is in), and payments of reservations that were never
-- sold. $1: how many examples.
SELECT count(*) OVER () AS total, example FROM (
  SELECT format('reservation %s is %s for %s but %s', r.id, r.status, r.amount,
                CASE WHEN p.id IS NULL THEN 'has no payment' ELSE 'its payment is ' || p.amount END) AS example
  FROM reservations r LEFT JOIN payments p ON p.reservation_id = r.id
  WHERE r.status IN ('PAID', 'REFUNDED') AND (p.id IS NULL OR p.amount <> r.amount)
  UNION ALL
  SELECT format('reservation %s costs %s for %s seats priced %s together', r.id, r.amount, cardinality(r.seat_numbers),
                priced.total)
  FROM reservations r JOIN schedules s ON s.id = r.schedule_id
  CROSS JOIN LATERAL (
    SELECT CASE WHEN s.venue_id IS NULL THEN cardinality(r.seat_numbers) * s.price
           ELSE (SELECT sum(g.price) FROM unnest(r.seat_numbers) AS n (seat)
                 JOIN venue_sections vs ON vs.venue_id = s.venue_id AND n.seat BETWEEN vs.first_seat AND vs.last_seat
                 JOIN schedule_grades g ON g.schedule_id = s.id AND vs.name = ANY (g.sections)) END AS total
  ) priced
  WHERE r.status IN ('PAID', 'REFUNDED') AND r.amount IS DISTINCT FROM priced.total
  UNION ALL
  SELECT format('payment %s is for reservation %s, which is %s', p.id, r.id, r.status)
  FROM payments p JOIN reservations r ON r.id = p.reservation_id
  WHERE r.status NOT IN ('PAID', 'REFUNDED')
) found
LIMIT $1
