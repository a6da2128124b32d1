-- Sold (or refunded) reservations without exactly one payment of their amount, amounts that are not
-- seats × price, and payments of reservations that were never sold. $1: how many examples.
SELECT count(*) OVER () AS total, example FROM (
  SELECT format('reservation %s is %s for %s but %s', r.id, r.status, r.amount,
                CASE WHEN p.id IS NULL THEN 'has no payment' ELSE 'its payment is ' || p.amount END) AS example
  FROM reservations r LEFT JOIN payments p ON p.reservation_id = r.id
  WHERE r.status IN ('PAID', 'REFUNDED') AND (p.id IS NULL OR p.amount <> r.amount)
  UNION ALL
  SELECT format('reservation %s costs %s for %s seats at %s', r.id, r.amount, cardinality(r.seat_numbers), s.price)
  FROM reservations r JOIN schedules s ON s.id = r.schedule_id
  WHERE r.status IN ('PAID', 'REFUNDED') AND r.amount <> cardinality(r.seat_numbers) * s.price
  UNION ALL
  SELECT format('payment %s is for reservation %s, which is %s', p.id, r.id, r.status)
  FROM payments p JOIN reservations r ON r.id = p.reservation_id
  WHERE r.status NOT IN ('PAID', 'REFUNDED')
) found
LIMIT $1
