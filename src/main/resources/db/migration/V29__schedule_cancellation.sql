-- Cancelling a date. The schedule's status is the cancellation's state: ON_SALE → CANCELLING (the
-- operator's request) → CANCELLED (every hold ended, every paid reservation refunded). The work
-- itself is derived from the reservations table (HELD and PAID ones of the date), so a crash leaves
-- nothing to recover but the status.
ALTER TABLE schedules ADD COLUMN status text NOT NULL DEFAULT 'ON_SALE'
  CHECK (status IN ('ON_SALE', 'CANCELLING', 'CANCELLED'));
CREATE INDEX schedules_cancelling ON schedules (id) WHERE status = 'CANCELLING';

-- One row per reservation the cancellation refunded, written in the refund's own transaction: the
-- primary key makes a second refund of one reservation impossible (on top of PAID → REFUNDED being
-- conditional), and the rows count the progress.
CREATE TABLE cancellation_refunds (
  reservation_id uuid PRIMARY KEY REFERENCES reservations (id),
  schedule_id bigint NOT NULL REFERENCES schedules (id),
  refunded_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX cancellation_refunds_by_schedule ON cancellation_refunds (schedule_id);

-- The cancellation's batches find a date's live reservations without scanning the table.
CREATE INDEX reservations_live_by_schedule ON reservations (schedule_id, status) WHERE status IN ('HELD', 'PAID');

-- A hold's insert refuses a date that is not on sale (SQLSTATE CN001), in its own statement: the
-- Redis marker refuses first and cheaply, this is the record's word for a hold racing the cancel.
CREATE FUNCTION schedule_on_sale(schedule bigint) RETURNS boolean LANGUAGE plpgsql STABLE AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM schedules WHERE id = schedule AND status <> 'ON_SALE') THEN
    RAISE EXCEPTION 'schedule % is cancelled', schedule USING ERRCODE = 'CN001';
  END IF;
  RETURN true;
END
$$;
