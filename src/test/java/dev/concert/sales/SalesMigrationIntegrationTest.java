package dev.concert.sales;

import static org.assertj.core.api.Assertions.assertThat;

import dev.concert.support.ScratchDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/**
 * A database whose projection was built with the old, pruned claims (here: counted one payment
 * twice): migrating it starts the projection again from the record and claims every paid or
 * refunded reservation, so their events, read again, change nothing.
 */
class SalesMigrationIntegrationTest {
  private static final String PAID = "00000000-0000-0000-0000-0000000000a1";
  private static final String REFUNDED = "00000000-0000-0000-0000-0000000000a2";
  private static final String HELD = "00000000-0000-0000-0000-0000000000a3";

  @Test
  void theProjectionStartsAgainFromTheRecordWithEveryPaidOrRefundedReservationClaimed() throws SQLException {
    try (ScratchDatabase db = ScratchDatabase.create("sales_migration")) {
      db.migrate("16");
      try (Connection c = db.connect(); Statement s = c.createStatement()) {
        s.execute("SET session_replication_role = replica"); // rows as they stand, without the triggers' companions
        s.execute("INSERT INTO concerts (id, title) VALUES (1, 'old')");
        s.execute("INSERT INTO schedules (id, concert_id, starts_at, total_seats, price) VALUES (1, 1, now() + interval '9 days', 50, 100)");
        s.execute("INSERT INTO reservations (id, user_id, schedule_id, seat_numbers, amount, status, held_until) VALUES "
            + "('" + PAID + "', gen_random_uuid(), 1, '{3,4}', 200, 'PAID', now()), "
            + "('" + REFUNDED + "', gen_random_uuid(), 1, '{5}', 100, 'REFUNDED', now()), "
            + "('" + HELD + "', gen_random_uuid(), 1, '{6}', 100, 'HELD', now() + interval '5 minutes')");
        // The paid reservation's event counted twice (its claim pruned, then read again).
        s.execute("INSERT INTO schedule_sales (schedule_id, seats_sold, revenue, payments, refunds) VALUES (1, 4, 400, 3, 1)");
      }
      db.migrate(null);
      try (Connection c = db.connect(); Statement s = c.createStatement()) {
        ResultSet sales = s.executeQuery("SELECT seats_sold, revenue, payments, refunds FROM schedule_sales WHERE schedule_id = 1");
        assertThat(sales.next()).isTrue();
        assertThat(new long[] {sales.getLong(1), sales.getLong(2), sales.getLong(3), sales.getLong(4)})
            .containsExactly(2, 200, 2, 1);
        ResultSet claims = s.executeQuery("SELECT reservation_id::text || ' ' || event_type FROM sales_applied ORDER BY 1");
        StringBuilder claimed = new StringBuilder();
        while (claims.next()) {
          claimed.append(claims.getString(1)).append('\n');
        }
        assertThat(claimed.toString()).isEqualTo(PAID + " PaymentCompleted\n" + REFUNDED + " PaymentCompleted\n"
            + REFUNDED + " ReservationRefunded\n");
      }
    }
  }
}
