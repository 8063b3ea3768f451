#include "adapters/sqlite/migrations.h"

#include <sqlite3.h>

#include <optional>
#include <string>

#include "engine/runtime/hex.h"

namespace krabuan::sqlite {
namespace {

// krabuan_unhex(text): the bytes a hex string spells, NULL when it is not hex. SQLite 3.40
// has no unhex(); migration 13 turns the history's hex hashes into blobs with it.
void Unhex(sqlite3_context* ctx, int, sqlite3_value** argv) {
  const auto* text = reinterpret_cast<const char*>(sqlite3_value_text(argv[0]));
  int n = sqlite3_value_bytes(argv[0]);
  std::optional<std::string> out =
      text == nullptr ? std::nullopt : FromHex(std::string_view(text, static_cast<std::size_t>(n)));
  if (!out) {
    sqlite3_result_null(ctx);
    return;
  }
  sqlite3_result_blob(ctx, out->data(), static_cast<int>(out->size()), SQLITE_TRANSIENT);
}

}  // namespace

void RegisterMigrationFunctions(sqlite3* db) {
  sqlite3_create_function_v2(db, "krabuan_unhex", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC, nullptr, &Unhex, nullptr,
                             nullptr, nullptr);
}

const std::vector<std::string_view>& Migrations() {
  static const std::vector<std::string_view> kMigrations = {
      // 1: the engine core.
      R"sql(
CREATE TABLE org (
  id          INTEGER PRIMARY KEY,
  hash        TEXT NOT NULL,
  source      TEXT NOT NULL,
  file        TEXT NOT NULL,
  deployed_at TEXT NOT NULL,
  deployed_by TEXT NOT NULL
);
CREATE TABLE definitions (
  id          INTEGER PRIMARY KEY,
  process_id  TEXT NOT NULL,
  version     INTEGER NOT NULL,
  name        TEXT NOT NULL,
  hash        TEXT NOT NULL,
  source      TEXT NOT NULL,
  file        TEXT NOT NULL,
  deployed_at TEXT NOT NULL,
  deployed_by TEXT NOT NULL,
  UNIQUE (process_id, version)
);
CREATE TABLE instances (
  id            INTEGER PRIMARY KEY,
  definition_id INTEGER NOT NULL REFERENCES definitions(id),
  process_id    TEXT NOT NULL,
  version       INTEGER NOT NULL,
  business_key  TEXT NOT NULL DEFAULT '',
  state         TEXT NOT NULL CHECK (state IN ('running', 'completed', 'cancelled')),
  started_at    TEXT NOT NULL,
  started_by    TEXT NOT NULL,
  ended_at      TEXT,
  end_reason    TEXT NOT NULL DEFAULT ''
);
CREATE INDEX instances_by_state ON instances (state, id);
CREATE INDEX instances_by_process ON instances (process_id, state, id);
CREATE UNIQUE INDEX instances_running_key ON instances (process_id, business_key)
  WHERE state = 'running' AND business_key <> '';
CREATE TABLE tokens (
  id           INTEGER PRIMARY KEY,
  instance_id  INTEGER NOT NULL REFERENCES instances(id),
  node_id      TEXT NOT NULL,
  arrived_from TEXT NOT NULL DEFAULT ''
);
CREATE INDEX tokens_by_instance ON tokens (instance_id);
CREATE TABLE tasks (
  id           INTEGER PRIMARY KEY,
  instance_id  INTEGER NOT NULL REFERENCES instances(id),
  token_id     INTEGER NOT NULL,
  process_id   TEXT NOT NULL,
  node_id      TEXT NOT NULL,
  name         TEXT NOT NULL,
  role         TEXT NOT NULL DEFAULT '',
  assignee     TEXT NOT NULL DEFAULT '',
  state        TEXT NOT NULL CHECK (state IN ('open', 'completed', 'cancelled')),
  outcome      TEXT NOT NULL DEFAULT '',
  created_at   TEXT NOT NULL,
  due_at       TEXT,
  completed_at TEXT,
  completed_by TEXT NOT NULL DEFAULT ''
);
CREATE INDEX tasks_open_by_role ON tasks (role, assignee, id) WHERE state = 'open';
CREATE INDEX tasks_open_by_assignee ON tasks (assignee, id) WHERE state = 'open';
CREATE INDEX tasks_open ON tasks (id) WHERE state = 'open';
CREATE INDEX tasks_by_instance ON tasks (instance_id, id);
CREATE TABLE variables (
  instance_id INTEGER NOT NULL REFERENCES instances(id),
  name        TEXT NOT NULL,
  type        TEXT NOT NULL,
  value       TEXT NOT NULL,
  PRIMARY KEY (instance_id, name)
) WITHOUT ROWID;
CREATE TABLE history (
  id          INTEGER PRIMARY KEY,
  instance_id INTEGER NOT NULL REFERENCES instances(id),
  at          TEXT NOT NULL,
  user        TEXT NOT NULL,
  role        TEXT NOT NULL DEFAULT '',
  capacity    TEXT NOT NULL DEFAULT '',
  action      TEXT NOT NULL,
  node_id     TEXT NOT NULL DEFAULT '',
  task_id     INTEGER NOT NULL DEFAULT 0,
  detail      TEXT NOT NULL DEFAULT '{}',
  comment     TEXT NOT NULL DEFAULT '',
  prev_hash   TEXT NOT NULL,
  hash        TEXT NOT NULL
);
CREATE INDEX history_by_instance ON history (instance_id, id);
)sql",
      // 2: work per item (tasks.item), expired tasks, and timers.
      R"sql(
CREATE TABLE tasks_v2 (
  id           INTEGER PRIMARY KEY,
  instance_id  INTEGER NOT NULL REFERENCES instances(id),
  token_id     INTEGER NOT NULL,
  process_id   TEXT NOT NULL,
  node_id      TEXT NOT NULL,
  name         TEXT NOT NULL,
  role         TEXT NOT NULL DEFAULT '',
  assignee     TEXT NOT NULL DEFAULT '',
  item         TEXT NOT NULL DEFAULT '',
  state        TEXT NOT NULL CHECK (state IN ('open', 'completed', 'cancelled', 'expired')),
  outcome      TEXT NOT NULL DEFAULT '',
  created_at   TEXT NOT NULL,
  due_at       TEXT,
  completed_at TEXT,
  completed_by TEXT NOT NULL DEFAULT ''
);
INSERT INTO tasks_v2 (id, instance_id, token_id, process_id, node_id, name, role, assignee, state, outcome,
                      created_at, due_at, completed_at, completed_by)
  SELECT id, instance_id, token_id, process_id, node_id, name, role, assignee, state, outcome,
         created_at, due_at, completed_at, completed_by FROM tasks;
DROP TABLE tasks;
ALTER TABLE tasks_v2 RENAME TO tasks;
CREATE INDEX tasks_open_by_role ON tasks (role, assignee, id) WHERE state = 'open';
CREATE INDEX tasks_open_by_assignee ON tasks (assignee, id) WHERE state = 'open';
CREATE INDEX tasks_open ON tasks (id) WHERE state = 'open';
CREATE INDEX tasks_by_instance ON tasks (instance_id, id);
CREATE INDEX tasks_by_token ON tasks (token_id) WHERE state = 'open';
CREATE TABLE timers (
  id          INTEGER PRIMARY KEY,
  due_at      TEXT NOT NULL,               -- UTC, fixed-width ISO-8601: sorts as time does
  kind        TEXT NOT NULL,
  instance_id INTEGER NOT NULL DEFAULT 0,
  token_id    INTEGER NOT NULL DEFAULT 0,
  node_id     TEXT NOT NULL DEFAULT '',
  error       TEXT NOT NULL DEFAULT ''
);
CREATE INDEX timers_due ON timers (due_at, id) WHERE error = '';
CREATE INDEX timers_by_token ON timers (token_id);
CREATE INDEX timers_by_instance ON timers (instance_id);
)sql",
      // 3: the org file becomes one kind of versioned document; the holidays calendar another.
      R"sql(
CREATE TABLE documents (
  id          INTEGER PRIMARY KEY,
  kind        TEXT NOT NULL CHECK (kind IN ('org', 'holidays')),
  hash        TEXT NOT NULL,
  source      TEXT NOT NULL,
  file        TEXT NOT NULL,
  deployed_at TEXT NOT NULL,
  deployed_by TEXT NOT NULL
);
INSERT INTO documents (kind, hash, source, file, deployed_at, deployed_by)
  SELECT 'org', hash, source, file, deployed_at, deployed_by FROM org ORDER BY id;
DROP TABLE org;
CREATE INDEX documents_by_kind ON documents (kind, id);
)sql",
      // 4: token ids are never reused. A round of work per item is found by its token, so
      // a new token must not take the id of one deleted before it.
      R"sql(
CREATE TABLE tokens_v2 (
  id           INTEGER PRIMARY KEY AUTOINCREMENT,
  instance_id  INTEGER NOT NULL REFERENCES instances(id),
  node_id      TEXT NOT NULL,
  arrived_from TEXT NOT NULL DEFAULT ''
);
INSERT INTO tokens_v2 (id, instance_id, node_id, arrived_from)
  SELECT id, instance_id, node_id, arrived_from FROM tokens;
-- Start above every id tasks and timers have ever referred to (one sequence row).
DELETE FROM sqlite_sequence WHERE name = 'tokens_v2';
INSERT INTO sqlite_sequence (name, seq)
  SELECT 'tokens_v2', MAX(COALESCE((SELECT MAX(token_id) FROM tasks), 0),
                          COALESCE((SELECT MAX(token_id) FROM timers), 0),
                          COALESCE((SELECT MAX(id) FROM tokens), 0));
DROP TABLE tokens;
ALTER TABLE tokens_v2 RENAME TO tokens;
CREATE INDEX tokens_by_instance ON tokens (instance_id);
)sql",
      // 5: overdue alerts: timers that watch a task, and the outbox alerts wait in.
      R"sql(
ALTER TABLE timers ADD COLUMN task_id INTEGER NOT NULL DEFAULT 0;
CREATE INDEX timers_by_task ON timers (task_id) WHERE task_id <> 0;
CREATE TABLE alerts (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  created_at  TEXT NOT NULL,
  kind        TEXT NOT NULL,
  instance_id INTEGER NOT NULL,
  task_id     INTEGER NOT NULL DEFAULT 0,
  text        TEXT NOT NULL,
  payload     TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX alerts_by_task ON alerts (task_id, kind);
)sql",
      // 6: a definition deployed although its structural or soundness checks failed says
      // so, with what the checks found.
      R"sql(
ALTER TABLE definitions ADD COLUMN forced INTEGER NOT NULL DEFAULT 0;
ALTER TABLE definitions ADD COLUMN findings TEXT NOT NULL DEFAULT '';
)sql",
      // 7: the timer daemon's lease and health: one row, taken over when it expires.
      R"sql(
CREATE TABLE daemon (
  id               INTEGER PRIMARY KEY CHECK (id = 1),
  holder           TEXT NOT NULL,
  host             TEXT NOT NULL,
  pid              INTEGER NOT NULL,
  started_at       TEXT NOT NULL,
  heartbeat_at     TEXT NOT NULL,
  expires_at       TEXT NOT NULL,
  stopped          INTEGER NOT NULL DEFAULT 0,
  last_batch_at    TEXT NOT NULL,
  last_batch_fired INTEGER NOT NULL DEFAULT 0,
  last_lag_seconds INTEGER NOT NULL DEFAULT 0,
  fired_total      INTEGER NOT NULL DEFAULT 0,
  clock_now        TEXT NOT NULL
);
)sql",
      // 8: where each alert stands with each sink; a failed delivery is kept, never deleted.
      R"sql(
CREATE TABLE alert_deliveries (
  alert_id        INTEGER NOT NULL REFERENCES alerts(id),
  sink            TEXT NOT NULL,
  state           TEXT NOT NULL CHECK (state IN ('pending', 'delivered', 'failed')),
  attempts        INTEGER NOT NULL DEFAULT 0,
  next_attempt_at TEXT,
  last_error      TEXT NOT NULL DEFAULT '',
  delivered_at    TEXT,
  PRIMARY KEY (alert_id, sink)
);
CREATE INDEX alert_deliveries_due ON alert_deliveries (state, next_attempt_at);
CREATE INDEX alert_deliveries_by_sink ON alert_deliveries (sink, alert_id);
)sql",
      // 9: absences (acting officers stand in) and escalation of late tasks.
      R"sql(
CREATE TABLE absences (
  id           INTEGER PRIMARY KEY AUTOINCREMENT,
  login        TEXT NOT NULL,
  from_date    TEXT NOT NULL,
  to_date      TEXT NOT NULL CHECK (to_date >= from_date),
  reason       TEXT NOT NULL DEFAULT '',
  recorded_by  TEXT NOT NULL,
  recorded_at  TEXT NOT NULL,
  cancelled_by TEXT NOT NULL DEFAULT '',
  cancelled_at TEXT
);
CREATE INDEX absences_by_login ON absences (login, to_date);
CREATE INDEX absences_by_end ON absences (to_date);
ALTER TABLE tasks ADD COLUMN escalated_to TEXT NOT NULL DEFAULT '';
ALTER TABLE tasks ADD COLUMN acting_for TEXT NOT NULL DEFAULT '';
CREATE INDEX tasks_open_by_escalated_to ON tasks (escalated_to, id) WHERE state = 'open';
)sql",
      // 10: recurring starts. A "recur" timer belongs to a process, not an instance (one
      // per process); each occurrence started is recorded once, so none starts twice.
      R"sql(
ALTER TABLE timers ADD COLUMN process_id TEXT NOT NULL DEFAULT '';
CREATE UNIQUE INDEX timers_recur ON timers (process_id) WHERE kind = 'recur';
CREATE TABLE recurring_starts (
  process_id  TEXT NOT NULL,
  occurrence  TEXT NOT NULL,                -- UTC, as timers.due_at
  instance_id INTEGER NOT NULL DEFAULT 0,   -- 0: a running instance already had its key
  PRIMARY KEY (process_id, occurrence)
) WITHOUT ROWID;
)sql",
      // 11: repeating task timers (<on-timer every=…>) count their firings, so one with a
      // repetition count stops after it.
      R"sql(
ALTER TABLE timers ADD COLUMN firing INTEGER NOT NULL DEFAULT 0;
)sql",
      // 12: paged listings at a million cases. A user's late tasks are a range of the
      // indexes that find their tasks (by due time within assignee, within role and
      // assignee), and everyone's late work a range of open tasks by due time.
      R"sql(
DROP INDEX tasks_open_by_role;
CREATE INDEX tasks_open_by_role ON tasks (role, assignee, due_at) WHERE state = 'open';
DROP INDEX tasks_open_by_assignee;
CREATE INDEX tasks_open_by_assignee ON tasks (assignee, due_at) WHERE state = 'open';
CREATE INDEX tasks_open_by_due ON tasks (due_at) WHERE state = 'open' AND due_at IS NOT NULL;
)sql",
      // 13: the history in fewer bytes. A row's hash is 32 bytes, not 64 hex characters
      // (krabuan_unhex is the store's own function), and the previous row's hash is no
      // longer copied into each row: it is the hash of the instance's row before it, which
      // the store reads back with it, so the chain is verified exactly as before.
      R"sql(
CREATE TABLE history_v2 (
  id          INTEGER PRIMARY KEY,
  instance_id INTEGER NOT NULL REFERENCES instances(id),
  at          TEXT NOT NULL,
  user        TEXT NOT NULL,
  role        TEXT NOT NULL DEFAULT '',
  capacity    TEXT NOT NULL DEFAULT '',
  action      TEXT NOT NULL,
  node_id     TEXT NOT NULL DEFAULT '',
  task_id     INTEGER NOT NULL DEFAULT 0,
  detail      TEXT NOT NULL DEFAULT '{}',
  comment     TEXT NOT NULL DEFAULT '',
  hash        BLOB NOT NULL CHECK (length(hash) = 32)
);
INSERT INTO history_v2 (id, instance_id, at, user, role, capacity, action, node_id, task_id, detail, comment, hash)
  SELECT id, instance_id, at, user, role, capacity, action, node_id, task_id, detail, comment, krabuan_unhex(hash)
  FROM history ORDER BY id;
DROP TABLE history;
ALTER TABLE history_v2 RENAME TO history;
CREATE INDEX history_by_instance ON history (instance_id, id);
)sql",
      // 14: fewer indexes for each timer written and deleted. A token's or a task's timers
      // are found through their instance (a case has a handful), so timers_by_instance
      // serves those deletes too.
      R"sql(
DROP INDEX timers_by_token;
DROP INDEX timers_by_task;
)sql",
      // 15: the daemon's holder identified beyond host and pid (boot, PID namespace,
      // start time), and failed timers listed for re-arming from their own small index.
      R"sql(
ALTER TABLE daemon ADD COLUMN boot_id TEXT NOT NULL DEFAULT '';
ALTER TABLE daemon ADD COLUMN pid_ns INTEGER NOT NULL DEFAULT 0;
ALTER TABLE daemon ADD COLUMN start_ticks INTEGER NOT NULL DEFAULT 0;
CREATE INDEX timers_failed ON timers (id) WHERE error <> '';
)sql",
      // 16: a boundary or scope timer names its <on-timer> in a column of its own, no longer
      // in process_id, which now only ever names a process (a recurring start's).
      R"sql(
ALTER TABLE timers ADD COLUMN on_timer TEXT NOT NULL DEFAULT '';
UPDATE timers SET on_timer = process_id, process_id = '' WHERE kind IN ('boundary', 'scope');
)sql",
      // 17: the cases a school takes part in (its items' tasks, tasks assigned to it), for
      // what it may read; partial, so work that is no one's item or claim costs nothing.
      R"sql(
CREATE INDEX tasks_by_item ON tasks (item, instance_id) WHERE item <> '';
CREATE INDEX tasks_by_assignee ON tasks (assignee, instance_id) WHERE assignee <> '';
)sql",
      // 18: API tokens for the service's TCP clients; only a hash of each secret.
      R"sql(
CREATE TABLE api_tokens (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  login TEXT NOT NULL,
  secret_hash TEXT NOT NULL,
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL,
  expires_at TEXT,
  revoked_by TEXT NOT NULL DEFAULT '',
  revoked_at TEXT
);
)sql",
      // 19: the audit log, one chain over everything, and its signed checkpoints. What a
      // file held before is named in audit_genesis: the log cannot vouch for it.
      R"sql(
CREATE TABLE audit_log (
  seq     INTEGER PRIMARY KEY,
  at      TEXT NOT NULL,
  user    TEXT NOT NULL,
  kind    TEXT NOT NULL,
  subject TEXT NOT NULL,
  digest  BLOB NOT NULL,
  hash    BLOB NOT NULL
);
CREATE TABLE audit_checkpoints (
  id         INTEGER PRIMARY KEY,
  seq        INTEGER NOT NULL,
  hash       BLOB NOT NULL,
  at         TEXT NOT NULL,
  public_key BLOB NOT NULL,
  signature  BLOB NOT NULL
);
CREATE TABLE audit_genesis (
  history     INTEGER NOT NULL,
  definitions INTEGER NOT NULL,
  documents   INTEGER NOT NULL,
  absences    INTEGER NOT NULL,
  tokens      INTEGER NOT NULL,
  alerts      INTEGER NOT NULL
);
INSERT INTO audit_genesis VALUES ((SELECT IFNULL(MAX(id), 0) FROM history), (SELECT IFNULL(MAX(id), 0) FROM definitions),
  (SELECT IFNULL(MAX(id), 0) FROM documents), (SELECT IFNULL(MAX(id), 0) FROM absences),
  (SELECT IFNULL(MAX(id), 0) FROM api_tokens), (SELECT IFNULL(MAX(id), 0) FROM alerts));
)sql",
  };
  return kMigrations;
}

}  // namespace krabuan::sqlite
