-- Notifications and chat (issue 6). Notifications belong to one user; conversations have many
-- participants; messages are numbered per conversation (seq) in the order the chat worker
-- stored them, which is the order every participant sees. A sensitive conversation stores
-- message bodies only as AES-256-GCM ciphertext with the id of the key that sealed them.
CREATE SCHEMA IF NOT EXISTS messaging;

CREATE TABLE messaging.notifications (
    id          uuid        PRIMARY KEY,
    user_id     uuid        NOT NULL REFERENCES identity.users (id) ON DELETE CASCADE,
    type        text        NOT NULL,
    title       text        NOT NULL,
    body        text        NOT NULL,
    data        jsonb       NOT NULL DEFAULT '{}',
    read_at     timestamptz,
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX notifications_by_user ON messaging.notifications (user_id, created_at DESC, id DESC);
CREATE INDEX notifications_unread ON messaging.notifications (user_id) WHERE read_at IS NULL;

CREATE TABLE messaging.conversations (
    id               uuid        PRIMARY KEY,
    title            text,
    sensitive        boolean     NOT NULL DEFAULT false,
    created_by       uuid        REFERENCES identity.users (id) ON DELETE SET NULL,
    last_seq         bigint      NOT NULL DEFAULT 0,
    last_message_at  timestamptz,
    created_at       timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE messaging.conversation_participants (
    conversation_id  uuid        NOT NULL REFERENCES messaging.conversations (id) ON DELETE CASCADE,
    user_id          uuid        NOT NULL REFERENCES identity.users (id) ON DELETE CASCADE,
    last_read_seq    bigint      NOT NULL DEFAULT 0,
    joined_at        timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (conversation_id, user_id)
);
CREATE INDEX conversation_participants_by_user ON messaging.conversation_participants (user_id);

CREATE TABLE messaging.messages (
    id               uuid        PRIMARY KEY,
    conversation_id  uuid        NOT NULL REFERENCES messaging.conversations (id) ON DELETE CASCADE,
    seq              bigint      NOT NULL,
    sender_id        uuid        REFERENCES identity.users (id) ON DELETE SET NULL,
    body             text,
    body_ciphertext  bytea,
    key_id           text,
    read_at          timestamptz,
    created_at       timestamptz NOT NULL DEFAULT now(),
    UNIQUE (conversation_id, seq),
    CHECK ((body IS NULL) <> (body_ciphertext IS NULL)),
    CHECK ((body_ciphertext IS NULL) = (key_id IS NULL))
);
