-- The ledger: every balance change (charge, payment, refund) is an entry written in the same
-- transaction as the change. Entries are never updated or deleted.
CREATE TABLE ledger_entries (
  id              BIGSERIAL   PRIMARY KEY,
  transaction_id  UUID        NOT NULL DEFAULT gen_random_uuid() UNIQUE,
  user_id         UUID        NOT NULL,
  type            TEXT        NOT NULL CHECK (type IN ('CHARGE', 'PAYMENT', 'REFUND')),
  amount          BIGINT      NOT NULL,
  balance_after   BIGINT      NOT NULL CHECK (balance_after >= 0),
  reference       TEXT,
  created_at      TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- A user's entries newest first (the transactions page and the checks below).
CREATE INDEX ledger_entries_by_user ON ledger_entries (user_id, id) INCLUDE (amount, balance_after);

-- Balances that exist before the ledger get an opening entry, so that the invariant holds from now on.
INSERT INTO ledger_entries (user_id, type, amount, balance_after, reference, created_at)
SELECT user_id, 'CHARGE', balance, balance, 'opening balance', updated_at
FROM balances WHERE balance <> 0
ORDER BY user_id;

-- The invariant, checked at every commit in O(1): a user's entries form a chain (each entry's
-- balance_after is the previous one's plus its amount, starting from 0), and the balance equals
-- the last entry's balance_after; by induction the balance is the sum of the entries.
-- Balance changes lock the balance row before their entry takes its id, so a user's ids follow
-- the order of commits.
CREATE FUNCTION ledger_require_balance_matches(uid UUID) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  held   BIGINT;
  latest BIGINT;
BEGIN
  SELECT balance INTO held FROM balances WHERE user_id = uid;
  SELECT balance_after INTO latest FROM ledger_entries WHERE user_id = uid ORDER BY id DESC LIMIT 1;
  IF coalesce(held, 0) <> coalesce(latest, 0) THEN
    RAISE EXCEPTION 'balance of % is % but its ledger says %', uid, coalesce(held, 0), coalesce(latest, 0)
      USING ERRCODE = 'check_violation';
  END IF;
END $$;

CREATE FUNCTION ledger_check_balance() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM ledger_require_balance_matches(NEW.user_id);
  RETURN NULL;
END $$;

CREATE FUNCTION ledger_check_entry() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  previous BIGINT;
BEGIN
  SELECT balance_after INTO previous FROM ledger_entries
  WHERE user_id = NEW.user_id AND id < NEW.id ORDER BY id DESC LIMIT 1;
  IF NEW.balance_after <> coalesce(previous, 0) + NEW.amount THEN
    RAISE EXCEPTION 'ledger entry % of % does not follow the previous balance % by %',
      NEW.id, NEW.user_id, coalesce(previous, 0), NEW.amount USING ERRCODE = 'check_violation';
  END IF;
  PERFORM ledger_require_balance_matches(NEW.user_id);
  RETURN NULL;
END $$;

CREATE FUNCTION ledger_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'ledger entries are never changed or deleted' USING ERRCODE = 'check_violation';
END $$;

CREATE CONSTRAINT TRIGGER balances_match_ledger AFTER INSERT OR UPDATE ON balances
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION ledger_check_balance();
CREATE CONSTRAINT TRIGGER ledger_entries_chain AFTER INSERT ON ledger_entries
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION ledger_check_entry();
CREATE TRIGGER ledger_entries_append_only BEFORE UPDATE OR DELETE ON ledger_entries
  FOR EACH ROW EXECUTE FUNCTION ledger_append_only();
