-- The ledger: every writer's chain of entries, partitioned by month so old months can be
-- archived or dropped as a whole. The text column is the entry as hashed; the other columns are
-- its fields, for SQL reports and Grafana, and `ledger verify` checks they agree with the text.
CREATE TABLE ledger_entries (
  row_id bigserial NOT NULL,
  writer text NOT NULL,
  seq bigint NOT NULL,
  time timestamptz NOT NULL,
  kind text NOT NULL,
  event_id text,
  hash char(64) NOT NULL,
  prev_hash char(64) NOT NULL,
  tenant text,
  verification text,
  number_hash text,
  number_masked text,
  country text,
  region text,
  channel text,
  provider text,
  attempt integer,
  segments integer,
  price_usd numeric(24, 10),
  baseline_usd numeric(24, 10),
  carbon_g numeric(24, 10),
  rules_version text,
  outcome text,
  text text NOT NULL,
  PRIMARY KEY (writer, seq, time)
) PARTITION BY RANGE (time);

-- One entry per event: a re-published event is recognised (the partition key must be part of it;
-- an event keeps its time wherever it is published).
CREATE UNIQUE INDEX ledger_entries_event ON ledger_entries (event_id, time);
CREATE INDEX ledger_entries_time_kind ON ledger_entries (time, kind);
CREATE INDEX ledger_entries_verification ON ledger_entries (verification);
CREATE INDEX ledger_entries_rules ON ledger_entries (rules_version) WHERE kind = 'rules';

-- Each writer's latest signed checkpoint, kept apart so a chain cut short after it shows.
CREATE TABLE ledger_heads (
  writer text PRIMARY KEY,
  seq bigint NOT NULL,
  text text NOT NULL
);
