-- Pipeline: the transactional outbox and the consumer inbox (DESIGN.md "Commands on Kafka").
CREATE SCHEMA IF NOT EXISTS pipeline;

-- A command written in the same transaction as the rows it is about; the outbox publisher ships
-- unpublished rows to Kafka in `seq` order and stamps `published_at`.
CREATE TABLE pipeline.outbox (
    seq           bigserial PRIMARY KEY,
    command_id    uuid        NOT NULL UNIQUE,
    topic         text        NOT NULL,
    message_key   text        NOT NULL,
    command_type  text        NOT NULL,
    version       integer     NOT NULL CHECK (version > 0),
    actor         text,
    traceparent   text,
    issued_at     timestamptz NOT NULL,
    payload       bytea       NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    published_at  timestamptz
);
CREATE INDEX outbox_pending ON pipeline.outbox (seq) WHERE published_at IS NULL;
CREATE INDEX outbox_published ON pipeline.outbox (published_at) WHERE published_at IS NOT NULL;

-- Commands a consumer group has handled: written in the same transaction as the handler's
-- effects so a redelivered command changes nothing.
CREATE TABLE pipeline.inbox (
    consumer_group text        NOT NULL,
    command_id     uuid        NOT NULL,
    handled_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (consumer_group, command_id)
);
