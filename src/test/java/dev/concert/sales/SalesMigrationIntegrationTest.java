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

  @Test
  void theProjectionByGradeStartsFromTheClaimsAndTheirReservationsPlaces() throws SQLException {
    try (ScratchDatabase db = ScratchDatabase.create("sales_grades_migration")) {
      db.migrate("24");
      try (Connection c = db.connect(); Statement s = c.createStatement()) {
        s.execute("SET session_replication_role = replica");
        s.execute("INSERT INTO concerts (id, title) VALUES (1, 'graded')");
        s.execute("INSERT INTO schedules (id, concert_id, starts_at, total_seats, price) VALUES (1, 1, now() + interval '9 days', 50, 100)");
        String vip = "{\"seatNumber\":1,\"section\":\"A\",\"row\":\"1\",\"seat\":\"1\",\"grade\":\"VIP\",\"price\":300}";
        String ga = "{\"seatNumber\":9,\"section\":\"B\",\"row\":null,\"seat\":null,\"grade\":\"GA\",\"price\":100}";
        s.execute("INSERT INTO reservations (id, user_id, schedule_id, seat_numbers, amount, status, held_until, seats) VALUES "
            + "('" + PAID + "', gen_random_uuid(), 1, '{1,9}', 400, 'PAID', now(), '[" + vip + "," + ga + "]'), "
            + "('" + REFUNDED + "', gen_random_uuid(), 1, '{9}', 100, 'REFUNDED', now(), '[" + ga + "]'), "
            + "('" + HELD + "', gen_random_uuid(), 1, '{6}', 100, 'PAID', now(), NULL)");
        s.execute("INSERT INTO sales_applied (reservation_id, event_type, schedule_id) VALUES "
            + "('" + PAID + "', 'PaymentCompleted', 1), ('" + REFUNDED + "', 'PaymentCompleted', 1), "
            + "('" + REFUNDED + "', 'ReservationRefunded', 1), ('" + HELD + "', 'PaymentCompleted', 1)");
      }
      db.migrate(null);
      try (Connection c = db.connect(); Statement s = c.createStatement()) {
        ResultSet grades = s.executeQuery("SELECT grade || ' ' || seats_sold || ' ' || revenue FROM schedule_grade_sales "
            + "WHERE schedule_id = 1 ORDER BY grade");
        StringBuilder rows = new StringBuilder();
        while (grades.next()) {
          rows.append(grades.getString(1)).append('\n');
        }
        // The reservation without places (before grades) is in no grade.
        assertThat(rows.toString()).isEqualTo("GA 1 100\nVIP 1 300\n");
      }
    }
  }
}
