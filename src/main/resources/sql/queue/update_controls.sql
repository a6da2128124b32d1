-- An operator's change of a concert's room: the new settings, a new version, and the time every
-- instance's reload of changed rooms looks for (RoomCatalog, SalesCalendar).
UPDATE concerts
   SET sales_open_at = $2, sales_close_at = $3, admit_per_second = $4, max_active = $5, paused = $6,
       controls_version = controls_version + 1, controls_changed_at = clock_timestamp()
 WHERE id = $1
RETURNING id, title, sales_open_at, admit_per_second, max_active, opening_seed, own_room, paused, sales_close_at,
          controls_version
