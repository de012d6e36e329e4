-- When a learner last asked for recommendations that were not computed yet: a client polling
-- POST /ai/recommendations queues one refresh per 30 seconds, not one per call.
CREATE TABLE academy.recommendation_requests (
    user_id       uuid        PRIMARY KEY REFERENCES identity.users (id) ON DELETE CASCADE,
    requested_at  timestamptz NOT NULL DEFAULT now()
);
