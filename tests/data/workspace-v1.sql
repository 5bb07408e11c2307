-- A workspace as schema version 1 wrote it (before conversations, findings and search).
-- tst_workspace builds a file from this and checks that opening it migrates it intact.

CREATE TABLE meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
CREATE TABLE sources (
  id           INTEGER PRIMARY KEY,
  path         TEXT NOT NULL,
  format       TEXT NOT NULL,
  size         INTEGER NOT NULL DEFAULT 0,
  sha256       TEXT NOT NULL,
  imported_at  TEXT NOT NULL,
  item_count   INTEGER NOT NULL DEFAULT 0,
  warnings     TEXT,
  clock_offset_ns INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX sources_path ON sources(path);
CREATE TABLE items (
  id              INTEGER PRIMARY KEY,
  source_id       INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
  ref             TEXT NOT NULL,
  kind            TEXT NOT NULL,
  name            TEXT,
  actor           TEXT,
  start_ns        INTEGER NOT NULL DEFAULT 0,
  end_ns          INTEGER NOT NULL DEFAULT 0,
  status          INTEGER NOT NULL DEFAULT 0,
  status_message  TEXT,
  trace_id        TEXT,
  span_id         TEXT,
  parent_span_id  TEXT,
  parent_remote   INTEGER NOT NULL DEFAULT 0,
  model_requested TEXT,
  model_served    TEXT,
  prompt_name     TEXT,
  prompt_version  TEXT,
  input_tokens    INTEGER,
  output_tokens   INTEGER,
  text            TEXT,
  attrs           TEXT,
  detail          TEXT
);
CREATE INDEX items_source ON items(source_id);
CREATE INDEX items_trace ON items(trace_id, span_id);
CREATE INDEX items_start ON items(start_ns);
CREATE TABLE item_keys (
  item_id INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
  kind    TEXT NOT NULL,
  value   TEXT NOT NULL,
  field   TEXT
);
CREATE INDEX item_keys_value ON item_keys(value, kind);
CREATE INDEX item_keys_item ON item_keys(item_id);
CREATE TABLE media (
  id          INTEGER PRIMARY KEY,
  item_id     INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
  mime        TEXT NOT NULL,
  file_name   TEXT,
  duration_ns INTEGER NOT NULL DEFAULT 0,
  sample_rate INTEGER,
  channels    INTEGER,
  width       INTEGER,
  height      INTEGER,
  peaks       BLOB,
  data        BLOB
);
CREATE INDEX media_item ON media(item_id);

INSERT INTO meta(key, value) VALUES('created_by', 'Threadline 0.0.9');
INSERT INTO sources(id, path, format, size, sha256, imported_at, item_count) VALUES(1, 'chat.jsonl', 'jsonl-log', 120, 'abc', '2026-01-01T10:00:00Z', 1);
INSERT INTO items(id, source_id, ref, kind, name, start_ns, text) VALUES(1, 1, 'line:1', 'log', 'chat', 1767261600000000000, 'my refund never arrived');
INSERT INTO item_keys(item_id, kind, value, field) VALUES(1, 'user', 'cust-5512', 'user_id');
PRAGMA application_id = 1414024270;
PRAGMA user_version = 1;
