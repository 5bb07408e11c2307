#include "WorkspaceSchema.h"

#include "SqliteDatabase.h"

#include <algorithm>

namespace WorkspaceSchema {

// Column notes (shared contract with importers, correlation and views):
// - times are integer nanoseconds since the Unix epoch (UTC); 0 means unknown.
// - items.ref is the locator the analyze --json contract uses: span:<trace>/<span>, line:<n>
//   (1-based), record:<n> (0-based), segment:<n>, file.
// - items.kind is one of: llm tool retrieval agent handoff asr speech image audio log email http other.
// - items.status: 0 unset, 1 ok, 2 error.
// - items.attrs is the source's own attributes as a flat JSON object; items.detail is the
//   normalized content (see Item.h).
static const char *kV1 = R"SQL(
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
)SQL";

// v2: everything the correlation engine writes (recomputable) and what the user adds
// (never touched by recomputation), plus full-text search.
static const char *kV2 = R"SQL(
-- relative_times: the file's times are offsets (a transcript, a recording) placed on
-- time_base_ns, which is a guess (0 or the file's mtime) until correlation finds an anchor
-- (a record naming the call or the file) and shifts the items onto it.
ALTER TABLE sources ADD COLUMN relative_times INTEGER NOT NULL DEFAULT 0;
ALTER TABLE sources ADD COLUMN time_base_ns INTEGER NOT NULL DEFAULT 0;
ALTER TABLE sources ADD COLUMN anchor_evidence TEXT;
CREATE TABLE conversations (
  id          INTEGER PRIMARY KEY,
  key         TEXT NOT NULL UNIQUE,
  title       TEXT,
  user_ids    TEXT,
  start_ns    INTEGER NOT NULL DEFAULT 0,
  end_ns      INTEGER NOT NULL DEFAULT 0,
  item_count  INTEGER NOT NULL DEFAULT 0,
  channels    TEXT,
  finding_count INTEGER NOT NULL DEFAULT 0,
  worst_severity TEXT
);
CREATE INDEX conversations_start ON conversations(start_ns);
CREATE TABLE conversation_items (
  conversation_id INTEGER NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
  item_id         INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
  PRIMARY KEY (conversation_id, item_id)
) WITHOUT ROWID;
CREATE INDEX conversation_items_item ON conversation_items(item_id);
CREATE TABLE edges (
  id        INTEGER PRIMARY KEY,
  from_item INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
  to_item   INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
  rule      TEXT NOT NULL,
  weight    REAL NOT NULL,
  evidence  TEXT NOT NULL,
  suggested INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX edges_from ON edges(from_item);
CREATE INDEX edges_to ON edges(to_item);
CREATE TABLE findings (
  id              INTEGER PRIMARY KEY,
  kind            TEXT NOT NULL,
  severity        TEXT NOT NULL,
  conversation_id INTEGER REFERENCES conversations(id) ON DELETE SET NULL,
  item_id         INTEGER REFERENCES items(id) ON DELETE CASCADE,
  related_item_id INTEGER REFERENCES items(id) ON DELETE SET NULL,
  source_id       INTEGER REFERENCES sources(id) ON DELETE CASCADE,
  confidence      REAL NOT NULL DEFAULT 1.0,
  offset_ms       INTEGER,
  explanation     TEXT NOT NULL,
  evidence        TEXT
);
CREATE INDEX findings_conversation ON findings(conversation_id);
CREATE INDEX findings_item ON findings(item_id);
CREATE TABLE annotations (
  id          INTEGER PRIMARY KEY,
  target_kind TEXT NOT NULL,
  target      TEXT NOT NULL,
  note        TEXT,
  tags        TEXT,
  author      TEXT,
  created_at  TEXT NOT NULL,
  root_cause  INTEGER NOT NULL DEFAULT 0,
  decision    TEXT
);
CREATE INDEX annotations_target ON annotations(target_kind, target);
CREATE TABLE bookmarks (
  id         INTEGER PRIMARY KEY,
  target_kind TEXT NOT NULL,
  target     TEXT NOT NULL,
  label      TEXT,
  created_at TEXT NOT NULL
);
CREATE VIRTUAL TABLE items_fts USING fts5(text, content='items', content_rowid='id', tokenize='unicode61');
)SQL";

const std::vector<Migration> &migrations()
{
    static const std::vector<Migration> list = {
        {1, "sources, items, item keys, media", kV1},
        {2, "conversations, edges, findings, annotations, bookmarks, full-text index", kV2},
    };
    return list;
}

int currentVersion()
{
    return migrations().back().version;
}

std::vector<std::string> expectedObjects()
{
    return {"meta", "sources", "sources_path", "items", "items_source", "items_trace", "items_start", "item_keys",
        "item_keys_value", "item_keys_item", "media", "media_item", "conversations", "conversations_start",
        "conversation_items", "conversation_items_item", "edges", "edges_from", "edges_to", "findings",
        "findings_conversation", "findings_item", "annotations", "annotations_target", "bookmarks", "items_fts",
        "items_fts_data", "items_fts_idx", "items_fts_docsize", "items_fts_config"};
}

void migrate(SqliteDatabase &db)
{
    const int from = static_cast<int>(db.queryInt("PRAGMA user_version"));
    if (from >= currentVersion())
        return;
    SqliteTransaction tx(db);
    for (const Migration &m : migrations()) {
        if (m.version <= from)
            continue;
        db.exec(m.sql);
        // An upgraded file gets a search index over what it already held.
        if (m.version == 2 && from >= 1)
            db.exec("INSERT INTO items_fts(items_fts) VALUES('rebuild')");
    }
    db.exec("PRAGMA application_id = " + std::to_string(ApplicationId));
    db.exec("PRAGMA user_version = " + std::to_string(currentVersion()));
    tx.commit();
    // Other processes validate a workspace from its on-disk header before opening it, so the
    // new version and application id must not wait in the WAL.
    db.exec("PRAGMA wal_checkpoint(TRUNCATE)");
}

} // namespace WorkspaceSchema
