package dev.concert.balance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.concert.support.ScratchDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/**
 * A database from before the ledger and tickets: migrating it gives every balance its opening entry
 * and every paid reservation its tickets, so the invariants hold from the first commit on.
 */
class LedgerMigrationIntegrationTest {

  @Test
  void existingBalancesGetOpeningEntriesAndPaidReservationsTheirTickets() throws SQLException {
    try (ScratchDatabase db = ScratchDatabase.create("migration")) {
      db.migrate("5");
      try (Connection c = db.connect(); Statement s = c.createStatement()) {
        s.execute("INSERT INTO balances (user_id, balance) VALUES "
            + "('00000000-0000-0000-0000-000000000001', 5000), ('00000000-0000-0000-0000-000000000002', 0)");
        s.execute("INSERT INTO concerts (id, title) VALUES (1, 'old')");
        s.execute("INSERT INTO schedules (id, concert_id, starts_at, total_seats, price) VALUES (1, 1, now() + interval '9 days', 50, 100)");
        s.execute("INSERT INTO reservations (id, user_id, schedule_id, seat_numbers, amount, status, held_until) VALUES "
            + "('00000000-0000-0000-0000-0000000000aa', '00000000-0000-0000-0000-000000000001', 1, '{3,4}', 200, 'PAID', now())");
      }
      db.migrate(null);
      try (Connection c = db.connect(); Statement s = c.createStatement()) {
        ResultSet entries = s.executeQuery("SELECT user_id::text, type, amount, balance_after, reference FROM ledger_entries");
        assertThat(entries.next()).isTrue();
        assertThat(entries.getString(1)).isEqualTo("00000000-0000-0000-0000-000000000001");
        assertThat(entries.getString(2)).isEqualTo("CHARGE");
        assertThat(entries.getLong(3)).isEqualTo(5000);
        assertThat(entries.getLong(4)).isEqualTo(5000);
        assertThat(entries.getString(5)).isEqualTo("opening balance");
        assertThat(entries.next()).as("a zero balance needs no entry").isFalse();
        // The invariant holds for the migrated user: the next charge follows the opening entry.
        s.execute("WITH b AS (UPDATE balances SET balance = balance + 10 WHERE user_id = '00000000-0000-0000-0000-000000000001') "
            + "INSERT INTO ledger_entries (user_id, type, amount, balance_after) "
            + "VALUES ('00000000-0000-0000-0000-000000000001', 'CHARGE', 10, 5010)");
        ResultSet tickets = s.executeQuery("SELECT count(*) FROM tickets WHERE status = 'VALID' "
            + "AND reservation_id = '00000000-0000-0000-0000-0000000000aa'");
        tickets.next();
        assertThat(tickets.getLong(1)).isEqualTo(2);
      }
    }
  }
}
