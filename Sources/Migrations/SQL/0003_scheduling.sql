-- Scheduling: delayed and recurring commands, moved to pipeline.outbox by the one scheduler
-- process that holds the scheduler advisory lock (Sources/Pipeline/Scheduling/CommandScheduler.swift).

-- A delayed command, stored as the envelope it will be emitted as. The leader moves due rows to
-- the outbox and stamps `emitted_at` in the same transaction; `cancelled_at` marks a cancellation.
CREATE TABLE pipeline.scheduled_commands (
    command_id    uuid        PRIMARY KEY,
    due_at        timestamptz NOT NULL,
    topic         text        NOT NULL,
    message_key   text        NOT NULL,
    command_type  text        NOT NULL,
    version       integer     NOT NULL CHECK (version > 0),
    actor         text,
    traceparent   text,
    issued_at     timestamptz NOT NULL,
    payload       bytea       NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    emitted_at    timestamptz,
    cancelled_at  timestamptz,
    CHECK (emitted_at IS NULL OR cancelled_at IS NULL)
);
CREATE INDEX scheduled_commands_due ON pipeline.scheduled_commands (due_at)
    WHERE emitted_at IS NULL AND cancelled_at IS NULL;
CREATE INDEX scheduled_commands_settled ON pipeline.scheduled_commands (coalesce(emitted_at, cancelled_at))
    WHERE emitted_at IS NOT NULL OR cancelled_at IS NOT NULL;

-- One row per recurring command name: the latest slot handled. A slot is emitted only by the
-- transaction that moves `last_slot` forward past it, so each (name, slot) is emitted at most once.
CREATE TABLE pipeline.recurring_schedules (
    name        text        PRIMARY KEY,
    schedule    text        NOT NULL,
    last_slot   timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL DEFAULT now()
);

-- The history of emitted slots (pruned after a retention period), with the command id emitted.
CREATE TABLE pipeline.recurring_runs (
    name        text        NOT NULL,
    slot        timestamptz NOT NULL,
    command_id  uuid        NOT NULL UNIQUE,
    emitted_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (name, slot)
);
CREATE INDEX recurring_runs_emitted ON pipeline.recurring_runs (emitted_at);
