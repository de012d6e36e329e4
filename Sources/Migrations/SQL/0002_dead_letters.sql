-- Dead letters: commands a consumer group gave up on, indexed for `relais dlq list|replay`.
-- The envelope is kept here too, so a replay does not depend on the dead-letter topic's retention.
CREATE TABLE pipeline.dead_letters (
    id                uuid        PRIMARY KEY,
    consumer_group    text        NOT NULL,
    source_topic      text        NOT NULL,
    source_partition  integer     NOT NULL,
    source_offset     bigint      NOT NULL,
    dead_letter_topic text        NOT NULL,
    command_id        uuid        NOT NULL,
    command_type      text        NOT NULL,
    version           integer     NOT NULL,
    message_key       text        NOT NULL,
    actor             text,
    traceparent       text,
    issued_at         timestamptz NOT NULL,
    payload           bytea       NOT NULL,
    attempts          integer     NOT NULL,
    error_code        text        NOT NULL,
    error_message     text        NOT NULL,
    first_failure_at  timestamptz NOT NULL,
    last_failure_at   timestamptz NOT NULL,
    created_at        timestamptz NOT NULL DEFAULT now(),
    replayed_at       timestamptz,
    discarded_at      timestamptz
);
-- One open dead letter per command and group; a replayed command that fails again gets a new one.
CREATE UNIQUE INDEX dead_letters_open_command ON pipeline.dead_letters (consumer_group, command_id)
    WHERE replayed_at IS NULL AND discarded_at IS NULL;
CREATE INDEX dead_letters_open ON pipeline.dead_letters (source_topic, created_at) WHERE replayed_at IS NULL AND discarded_at IS NULL;

-- Commands held back because an earlier command of the same key is a dead letter on a topic
-- with `ordering: strict`; re-driven in `seq` order when that dead letter is replayed or discarded.
CREATE TABLE pipeline.parked_commands (
    seq               bigserial   PRIMARY KEY,
    consumer_group    text        NOT NULL,
    source_topic      text        NOT NULL,
    message_key       text        NOT NULL,
    blocked_by        uuid        NOT NULL REFERENCES pipeline.dead_letters (id),
    command_id        uuid        NOT NULL,
    command_type      text        NOT NULL,
    version           integer     NOT NULL,
    actor             text,
    traceparent       text,
    issued_at         timestamptz NOT NULL,
    payload           bytea       NOT NULL,
    parked_at         timestamptz NOT NULL DEFAULT now(),
    UNIQUE (consumer_group, command_id)
);
CREATE INDEX parked_commands_key ON pipeline.parked_commands (consumer_group, source_topic, message_key);
