-- Operators' live controls of a concert's room (PATCH /admin/concerts/{id}), kept here as the
-- record: paused, the sale's close, and a version bumped by every change. admit_per_second,
-- max_active and sales_open_at (V16) change in place. Every instance reloads the rooms whose
-- controls changed (controls_changed_at) at least once a second; the admission script reads the
-- live copy in Redis (queue:{room:<id>}:controls), which the version keeps from going backwards.
ALTER TABLE concerts
  ADD COLUMN paused              BOOLEAN     NOT NULL DEFAULT false,
  ADD COLUMN sales_close_at      TIMESTAMPTZ,
  ADD COLUMN controls_version    BIGINT      NOT NULL DEFAULT 0,
  ADD COLUMN controls_changed_at TIMESTAMPTZ;

CREATE INDEX concerts_controls_changed ON concerts (controls_changed_at) WHERE controls_changed_at IS NOT NULL;
