-- Dead-letter tooling (`relais dlq replay|discard`): a command may only be parked behind a dead
-- letter that is still open.
--
-- A worker checks that a key's dead letter is open and then parks the command; a replay that
-- commits between the two re-drives the commands it saw and would strand the late one behind a
-- closed dead letter for ever. Here the insert locks the dead letter row (FOR SHARE), which the
-- replay holds FOR UPDATE until it commits: a park that comes after a replay fails with
-- serialization_failure, the worker retries, re-checks, finds the key unblocked and handles the
-- command; a park that comes first commits before the replay reads the parked commands.
CREATE FUNCTION pipeline.parked_command_needs_open_dead_letter() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM 1 FROM pipeline.dead_letters
    WHERE id = NEW.blocked_by AND replayed_at IS NULL AND discarded_at IS NULL
    FOR SHARE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'the dead letter blocking this command was closed concurrently'
            USING ERRCODE = 'serialization_failure';
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER parked_commands_need_open_dead_letter
    BEFORE INSERT ON pipeline.parked_commands
    FOR EACH ROW EXECUTE FUNCTION pipeline.parked_command_needs_open_dead_letter();
