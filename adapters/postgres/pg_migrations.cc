#include "adapters/postgres/pg_migrations.h"

namespace krabuan::pg {

// Migration 1 is the SQLite schema as its 19 migrations leave it (adapters/sqlite/
// migrations.cc), with every index under the same name, translated:
//  - ids are identities (a sequence never gives an id twice, which the tokens, alerts,
//    absences and API tokens need and the other tables allow);
//  - instants are timestamptz, dates are date, flags boolean, hashes and keys bytea;
//  - every text column compares by bytes (COLLATE "C"), as SQLite's do, so listings
//    ordered by process or sink come out as the SQLite store's do whatever the
//    database's locale, and columns compared with each other never mix collations;
//  - "user" is quoted: a reserved word here.
const std::vector<std::string_view>& Migrations() {
  static const std::vector<std::string_view> kMigrations = {
      // 1: the whole schema of SQLite version 19.
      R"sql(
CREATE TABLE definitions (
  id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  process_id  TEXT COLLATE "C" NOT NULL,
  version     INTEGER NOT NULL,
  name        TEXT COLLATE "C" NOT NULL,
  hash        TEXT COLLATE "C" NOT NULL,
  source      TEXT COLLATE "C" NOT NULL,
  file        TEXT COLLATE "C" NOT NULL,
  deployed_at TIMESTAMPTZ NOT NULL,
  deployed_by TEXT COLLATE "C" NOT NULL,
  forced      BOOLEAN NOT NULL DEFAULT false,
  findings    TEXT COLLATE "C" NOT NULL DEFAULT '',
  UNIQUE (process_id, version)
);
CREATE TABLE documents (
  id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  kind        TEXT COLLATE "C" NOT NULL CHECK (kind IN ('org', 'holidays')),
  hash        TEXT COLLATE "C" NOT NULL,
  source      TEXT COLLATE "C" NOT NULL,
  file        TEXT COLLATE "C" NOT NULL,
  deployed_at TIMESTAMPTZ NOT NULL,
  deployed_by TEXT COLLATE "C" NOT NULL
);
CREATE INDEX documents_by_kind ON documents (kind, id);
CREATE TABLE instances (
  id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  definition_id BIGINT NOT NULL REFERENCES definitions(id),
  process_id    TEXT COLLATE "C" NOT NULL,
  version       INTEGER NOT NULL,
  business_key  TEXT COLLATE "C" NOT NULL DEFAULT '',
  state         TEXT COLLATE "C" NOT NULL CHECK (state IN ('running', 'completed', 'cancelled')),
  started_at    TIMESTAMPTZ NOT NULL,
  started_by    TEXT COLLATE "C" NOT NULL,
  ended_at      TIMESTAMPTZ,
  end_reason    TEXT COLLATE "C" NOT NULL DEFAULT ''
);
CREATE INDEX instances_by_state ON instances (state, id);
CREATE INDEX instances_by_process ON instances (process_id, state, id);
CREATE UNIQUE INDEX instances_running_key ON instances (process_id, business_key)
  WHERE state = 'running' AND business_key <> '';
CREATE TABLE tokens (
  id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  instance_id  BIGINT NOT NULL REFERENCES instances(id),
  node_id      TEXT COLLATE "C" NOT NULL,
  arrived_from TEXT COLLATE "C" NOT NULL DEFAULT ''
);
CREATE INDEX tokens_by_instance ON tokens (instance_id);
CREATE TABLE tasks (
  id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  instance_id  BIGINT NOT NULL REFERENCES instances(id),
  token_id     BIGINT NOT NULL,
  process_id   TEXT COLLATE "C" NOT NULL,
  node_id      TEXT COLLATE "C" NOT NULL,
  name         TEXT COLLATE "C" NOT NULL,
  role         TEXT COLLATE "C" NOT NULL DEFAULT '',
  assignee     TEXT COLLATE "C" NOT NULL DEFAULT '',
  item         TEXT COLLATE "C" NOT NULL DEFAULT '',
  state        TEXT COLLATE "C" NOT NULL CHECK (state IN ('open', 'completed', 'cancelled', 'expired')),
  outcome      TEXT COLLATE "C" NOT NULL DEFAULT '',
  created_at   TIMESTAMPTZ NOT NULL,
  due_at       TIMESTAMPTZ,
  completed_at TIMESTAMPTZ,
  completed_by TEXT COLLATE "C" NOT NULL DEFAULT '',
  escalated_to TEXT COLLATE "C" NOT NULL DEFAULT '',
  acting_for   TEXT COLLATE "C" NOT NULL DEFAULT ''
);
CREATE INDEX tasks_open_by_role ON tasks (role, assignee, due_at) WHERE state = 'open';
CREATE INDEX tasks_open_by_assignee ON tasks (assignee, due_at) WHERE state = 'open';
CREATE INDEX tasks_open ON tasks (id) WHERE state = 'open';
CREATE INDEX tasks_by_instance ON tasks (instance_id, id);
CREATE INDEX tasks_by_token ON tasks (token_id) WHERE state = 'open';
CREATE INDEX tasks_open_by_escalated_to ON tasks (escalated_to, id) WHERE state = 'open';
CREATE INDEX tasks_open_by_due ON tasks (due_at) WHERE state = 'open' AND due_at IS NOT NULL;
CREATE INDEX tasks_by_item ON tasks (item, instance_id) WHERE item <> '';
CREATE INDEX tasks_by_assignee ON tasks (assignee, instance_id) WHERE assignee <> '';
CREATE TABLE variables (
  instance_id BIGINT NOT NULL REFERENCES instances(id),
  name        TEXT COLLATE "C" NOT NULL,
  type        TEXT COLLATE "C" NOT NULL,
  value       TEXT COLLATE "C" NOT NULL,
  PRIMARY KEY (instance_id, name)
);
CREATE TABLE history (
  id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  instance_id BIGINT NOT NULL REFERENCES instances(id),
  at          TIMESTAMPTZ NOT NULL,
  "user"      TEXT COLLATE "C" NOT NULL,
  role        TEXT COLLATE "C" NOT NULL DEFAULT '',
  capacity    TEXT COLLATE "C" NOT NULL DEFAULT '',
  action      TEXT COLLATE "C" NOT NULL,
  node_id     TEXT COLLATE "C" NOT NULL DEFAULT '',
  task_id     BIGINT NOT NULL DEFAULT 0,
  detail      TEXT COLLATE "C" NOT NULL DEFAULT '{}',
  comment     TEXT COLLATE "C" NOT NULL DEFAULT '',
  hash        BYTEA NOT NULL CHECK (length(hash) = 32)
);
CREATE INDEX history_by_instance ON history (instance_id, id);
CREATE TABLE timers (
  id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  due_at      TIMESTAMPTZ NOT NULL,
  kind        TEXT COLLATE "C" NOT NULL,
  instance_id BIGINT NOT NULL DEFAULT 0,
  token_id    BIGINT NOT NULL DEFAULT 0,
  node_id     TEXT COLLATE "C" NOT NULL DEFAULT '',
  error       TEXT COLLATE "C" NOT NULL DEFAULT '',
  task_id     BIGINT NOT NULL DEFAULT 0,
  process_id  TEXT COLLATE "C" NOT NULL DEFAULT '',
  firing      BIGINT NOT NULL DEFAULT 0,
  on_timer    TEXT COLLATE "C" NOT NULL DEFAULT ''
);
CREATE INDEX timers_due ON timers (due_at, id) WHERE error = '';
CREATE INDEX timers_by_instance ON timers (instance_id);
CREATE UNIQUE INDEX timers_recur ON timers (process_id) WHERE kind = 'recur';
CREATE INDEX timers_failed ON timers (id) WHERE error <> '';
CREATE TABLE recurring_starts (
  process_id  TEXT COLLATE "C" NOT NULL,
  occurrence  TIMESTAMPTZ NOT NULL,
  instance_id BIGINT NOT NULL DEFAULT 0,   -- 0: a running instance already had its key
  PRIMARY KEY (process_id, occurrence)
);
CREATE TABLE daemon (
  id               INTEGER PRIMARY KEY CHECK (id = 1),
  holder           TEXT COLLATE "C" NOT NULL,
  host             TEXT COLLATE "C" NOT NULL,
  pid              BIGINT NOT NULL,
  started_at       TIMESTAMPTZ NOT NULL,
  heartbeat_at     TIMESTAMPTZ NOT NULL,
  expires_at       TIMESTAMPTZ NOT NULL,
  stopped          BOOLEAN NOT NULL DEFAULT false,
  last_batch_at    TIMESTAMPTZ NOT NULL,
  last_batch_fired BIGINT NOT NULL DEFAULT 0,
  last_lag_seconds BIGINT NOT NULL DEFAULT 0,
  fired_total      BIGINT NOT NULL DEFAULT 0,
  clock_now        TIMESTAMPTZ NOT NULL,
  boot_id          TEXT COLLATE "C" NOT NULL DEFAULT '',
  pid_ns           BIGINT NOT NULL DEFAULT 0,   -- unsigned 64-bit values, kept bit for bit
  start_ticks      BIGINT NOT NULL DEFAULT 0
);
CREATE TABLE alerts (
  id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  created_at  TIMESTAMPTZ NOT NULL,
  kind        TEXT COLLATE "C" NOT NULL,
  instance_id BIGINT NOT NULL,
  task_id     BIGINT NOT NULL DEFAULT 0,
  text        TEXT COLLATE "C" NOT NULL,
  payload     TEXT COLLATE "C" NOT NULL DEFAULT '{}'
);
CREATE INDEX alerts_by_task ON alerts (task_id, kind);
CREATE TABLE alert_deliveries (
  alert_id        BIGINT NOT NULL REFERENCES alerts(id),
  sink            TEXT COLLATE "C" NOT NULL,
  state           TEXT COLLATE "C" NOT NULL CHECK (state IN ('pending', 'delivered', 'failed')),
  attempts        INTEGER NOT NULL DEFAULT 0,
  next_attempt_at TIMESTAMPTZ,
  last_error      TEXT COLLATE "C" NOT NULL DEFAULT '',
  delivered_at    TIMESTAMPTZ,
  PRIMARY KEY (alert_id, sink)
);
CREATE INDEX alert_deliveries_due ON alert_deliveries (state, next_attempt_at);
CREATE INDEX alert_deliveries_by_sink ON alert_deliveries (sink, alert_id);
CREATE TABLE absences (
  id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  login        TEXT COLLATE "C" NOT NULL,
  from_date    DATE NOT NULL,
  to_date      DATE NOT NULL CHECK (to_date >= from_date),
  reason       TEXT COLLATE "C" NOT NULL DEFAULT '',
  recorded_by  TEXT COLLATE "C" NOT NULL,
  recorded_at  TIMESTAMPTZ NOT NULL,
  cancelled_by TEXT COLLATE "C" NOT NULL DEFAULT '',
  cancelled_at TIMESTAMPTZ
);
CREATE INDEX absences_by_login ON absences (login, to_date);
CREATE INDEX absences_by_end ON absences (to_date);
CREATE TABLE api_tokens (
  id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  login       TEXT COLLATE "C" NOT NULL,
  secret_hash TEXT COLLATE "C" NOT NULL,
  created_by  TEXT COLLATE "C" NOT NULL,
  created_at  TIMESTAMPTZ NOT NULL,
  expires_at  TIMESTAMPTZ,
  revoked_by  TEXT COLLATE "C" NOT NULL DEFAULT '',
  revoked_at  TIMESTAMPTZ
);
CREATE TABLE audit_log (
  seq     BIGINT PRIMARY KEY,
  at      TIMESTAMPTZ NOT NULL,
  "user"  TEXT COLLATE "C" NOT NULL,
  kind    TEXT COLLATE "C" NOT NULL,
  subject TEXT COLLATE "C" NOT NULL,
  digest  BYTEA NOT NULL,
  hash    BYTEA NOT NULL
);
CREATE TABLE audit_checkpoints (
  id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  seq        BIGINT NOT NULL,
  hash       BYTEA NOT NULL,
  at         TIMESTAMPTZ NOT NULL,
  public_key BYTEA NOT NULL,
  signature  BYTEA NOT NULL
);
-- What the office held before it kept an audit log: nothing, for an office made with the
-- log (an office moved here from SQLite brings its own row).
CREATE TABLE audit_genesis (
  history     BIGINT NOT NULL,
  definitions BIGINT NOT NULL,
  documents   BIGINT NOT NULL,
  absences    BIGINT NOT NULL,
  tokens      BIGINT NOT NULL,
  alerts      BIGINT NOT NULL
);
INSERT INTO audit_genesis VALUES (0, 0, 0, 0, 0, 0);
)sql",
  };
  return kMigrations;
}

}  // namespace krabuan::pg
