/**
 * The message database's schema, as numbered steps. `PRAGMA user_version` records the last step
 * applied; opening runs the missing ones in one transaction each. Never edit a released step: add
 * the next one.
 */
export interface Migration {
  version: number;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    sql: `
      -- One row per message, own or received. id is the display order ("order" in HistoryEntry).
      CREATE TABLE messages (
        id            INTEGER PRIMARY KEY,
        channel_type  INTEGER NOT NULL,
        channel_id    TEXT    NOT NULL,
        client_msg_no TEXT    NOT NULL,
        message_id    TEXT,
        message_seq   INTEGER,
        from_uid      TEXT    NOT NULL,
        own           INTEGER NOT NULL,
        content_type  INTEGER NOT NULL,
        text          TEXT    NOT NULL,
        timestamp     INTEGER NOT NULL,
        state         TEXT    NOT NULL
                      CHECK (state IN ('queued', 'sending', 'sent', 'failed', 'received')),
        fail_reason   TEXT,
        fail_code     INTEGER
      );
      -- De-duplication keys, kept as long as the message (history is never trimmed).
      CREATE UNIQUE INDEX messages_by_message_id ON messages (message_id)
        WHERE message_id IS NOT NULL;
      CREATE UNIQUE INDEX messages_by_sender_no
        ON messages (channel_type, channel_id, from_uid, client_msg_no)
        WHERE client_msg_no <> '';
      CREATE INDEX messages_by_channel ON messages (channel_type, channel_id, id);

      -- One row per chat: last message, unread count, read mark and the server's version.
      CREATE TABLE conversations (
        channel_type  INTEGER NOT NULL,
        channel_id    TEXT    NOT NULL,
        last_id       INTEGER NOT NULL DEFAULT 0,
        unread        INTEGER NOT NULL DEFAULT 0,
        read_id       INTEGER NOT NULL DEFAULT 0,
        last_read_seq INTEGER NOT NULL DEFAULT 0,
        version       INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (channel_type, channel_id)
      ) WITHOUT ROWID;
      CREATE INDEX conversations_by_last ON conversations (last_id);

      -- Own messages not known to be sent. seq is the sending order; a retry gets a new one.
      CREATE TABLE outbox (
        seq           INTEGER PRIMARY KEY AUTOINCREMENT,
        client_msg_no TEXT    NOT NULL UNIQUE,
        message_row   INTEGER NOT NULL UNIQUE REFERENCES messages (id),
        deadline_at   INTEGER NOT NULL,
        attempts      INTEGER NOT NULL DEFAULT 0,
        state         TEXT    NOT NULL CHECK (state IN ('queued', 'sending', 'failed'))
      );

      -- Small named values: offline-sync progress, one-time import marks.
      CREATE TABLE sync_state (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
      ) WITHOUT ROWID;

      -- Full-text search over message text (trigram: substring search in any script).
      CREATE VIRTUAL TABLE messages_fts USING fts5 (
        text, content = 'messages', content_rowid = 'id', tokenize = 'trigram'
      );
      CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages BEGIN
        INSERT INTO messages_fts (rowid, text) VALUES (new.id, new.text);
      END;
      CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages BEGIN
        INSERT INTO messages_fts (messages_fts, rowid, text) VALUES ('delete', old.id, old.text);
      END;
      CREATE TRIGGER messages_fts_update AFTER UPDATE OF id, text ON messages BEGIN
        INSERT INTO messages_fts (messages_fts, rowid, text) VALUES ('delete', old.id, old.text);
        INSERT INTO messages_fts (rowid, text) VALUES (new.id, new.text);
      END;
    `,
  },
  {
    version: 2,
    sql: `
      -- Where an older synced message goes, and which seqs of a chat are missing (offline sync).
      CREATE INDEX messages_by_seq ON messages (channel_type, channel_id, message_seq)
        WHERE message_seq IS NOT NULL;
    `,
  },
  {
    version: 3,
    sql: `
      -- The raw payload as received, so every message type can show its details (file name,
      -- a location's title) and later versions can show more. Rows stored before keep NULL and
      -- show their type's placeholder, as before.
      ALTER TABLE messages ADD COLUMN payload BLOB;
    `,
  },
];

export const SCHEMA_VERSION = MIGRATIONS.at(-1)!.version;
