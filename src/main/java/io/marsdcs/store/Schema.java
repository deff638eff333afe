package io.marsdcs.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The tables. Times are epoch milliseconds. States are words an operator can query with sqlite3.
 * message: received -> dispatched | not_mars | malformed; or duplicate at once (bodies are kept: nothing accepted is deleted)
 * request: pending -> sent -> done | unconfirmed, or pending -> failed
 * report:  the syslog outbox; sent_at set once the datagram left.
 */
final class Schema {
    private Schema() {}

    static final int VERSION = 1;

    static void apply(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("""
                CREATE TABLE IF NOT EXISTS message (
                  id INTEGER PRIMARY KEY,
                  received_at INTEGER NOT NULL,
                  via TEXT NOT NULL,
                  peer TEXT NOT NULL,
                  envelope_from TEXT NOT NULL,
                  recipients TEXT NOT NULL,
                  message_id TEXT NOT NULL,
                  digest TEXT NOT NULL,
                  body BLOB NOT NULL,
                  state TEXT NOT NULL,
                  note TEXT NOT NULL DEFAULT '',
                  finished_at INTEGER)""");
            s.execute("CREATE INDEX IF NOT EXISTS message_state ON message(state, id)");
            s.execute("CREATE INDEX IF NOT EXISTS message_digest ON message(digest)");
            s.execute("CREATE INDEX IF NOT EXISTS message_mid ON message(message_id)");
            s.execute("""
                CREATE TABLE IF NOT EXISTS decision (
                  id INTEGER PRIMARY KEY,
                  message INTEGER NOT NULL REFERENCES message(id),
                  incident TEXT NOT NULL,
                  host TEXT NOT NULL,
                  verdict TEXT NOT NULL,
                  detail TEXT NOT NULL,
                  request_id TEXT,
                  decided_at INTEGER NOT NULL)""");
            s.execute("""
                CREATE TABLE IF NOT EXISTS request (
                  seq INTEGER PRIMARY KEY AUTOINCREMENT,
                  request_id TEXT UNIQUE,
                  message INTEGER NOT NULL REFERENCES message(id),
                  incident TEXT NOT NULL,
                  rule TEXT NOT NULL,
                  event_time TEXT NOT NULL,
                  host TEXT NOT NULL,
                  target TEXT NOT NULL,
                  server TEXT NOT NULL,
                  state TEXT NOT NULL,
                  attempts INTEGER NOT NULL DEFAULT 0,
                  next_attempt_at INTEGER NOT NULL,
                  last_error TEXT NOT NULL DEFAULT '',
                  created_at INTEGER NOT NULL,
                  sent_at INTEGER,
                  finished_at INTEGER,
                  result_code INTEGER)""");
            s.execute("CREATE INDEX IF NOT EXISTS request_state ON request(state, next_attempt_at)");
            s.execute("""
                CREATE TABLE IF NOT EXISTS result (
                  request_id TEXT PRIMARY KEY,
                  peer TEXT NOT NULL,
                  code INTEGER NOT NULL,
                  host TEXT NOT NULL,
                  time TEXT NOT NULL,
                  threats TEXT NOT NULL,
                  received_at INTEGER NOT NULL)""");
            s.execute("""
                CREATE TABLE IF NOT EXISTS host (
                  host TEXT PRIMARY KEY,
                  last_damage_free INTEGER,
                  last_manual_notice INTEGER,
                  in_flight TEXT)""");
            s.execute("""
                CREATE TABLE IF NOT EXISTS report (
                  id INTEGER PRIMARY KEY,
                  event TEXT NOT NULL,
                  host TEXT NOT NULL,
                  event_time INTEGER NOT NULL,
                  extras TEXT NOT NULL,
                  created_at INTEGER NOT NULL,
                  sent_at INTEGER)""");
            s.execute("CREATE INDEX IF NOT EXISTS report_unsent ON report(sent_at, id)");
            s.execute("""
                CREATE TABLE IF NOT EXISTS registration (
                  server TEXT PRIMARY KEY,
                  registration_id TEXT NOT NULL,
                  callback TEXT NOT NULL,
                  registered_at INTEGER NOT NULL)""");
            s.execute("""
                CREATE TABLE IF NOT EXISTS operator_command (
                  id INTEGER PRIMARY KEY,
                  command TEXT NOT NULL,
                  scope TEXT NOT NULL,
                  issued_at INTEGER NOT NULL,
                  done_at INTEGER)""");
            s.execute("CREATE INDEX IF NOT EXISTS request_created ON request(created_at)");
            s.execute("PRAGMA user_version=" + VERSION);
        }
    }
}
