-- Har Academy (issue 8): the course catalogue, its content, learners' enrolments and progress,
-- reviews, FAQ entries, generated quizzes and stored recommendations. The seed's Mongo
-- collections become tables; arrays of ids become foreign keys on the child rows.

-- Accent folding for search: lower case, Latin diacritics removed ("Élève" = "eleve"). Written
-- with translate() so it is IMMUTABLE (usable in a generated column) and needs no extension.
CREATE FUNCTION academy.fold(input text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$
    SELECT replace(replace(translate(lower(input),
        'àáâãäåāçćčèéêëēęíìîïīñńòóôõöøōùúûüūýÿžźż',
        'aaaaaaaccceeeeeeiiiiinnooooooouuuuuyyzzz'), 'œ', 'oe'), 'æ', 'ae')
$$;

-- array_to_string is only STABLE in general (element types may print differently per setting);
-- for text[] it is not, and a generated column needs an IMMUTABLE expression.
CREATE FUNCTION academy.joined(words text[]) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$ SELECT array_to_string(words, ' ') $$;

ALTER TABLE academy.courses
    ADD COLUMN description          text        NOT NULL DEFAULT '',
    ADD COLUMN short_description    text        NOT NULL DEFAULT '' CHECK (char_length(short_description) <= 500),
    ADD COLUMN domain               text        NOT NULL DEFAULT 'Other' CHECK (domain IN ('Excel', 'R', 'Python', 'Other')),
    ADD COLUMN stack                text[]      NOT NULL DEFAULT '{}',
    ADD COLUMN keywords             text[]      NOT NULL DEFAULT '{}',
    ADD COLUMN instructor_name      text        NOT NULL DEFAULT '',
    ADD COLUMN image_url            text,
    ADD COLUMN category             text,
    ADD COLUMN language             text        NOT NULL DEFAULT 'fr' CHECK (language IN ('fr', 'en')),
    ADD COLUMN total_lessons        integer     NOT NULL DEFAULT 0,
    ADD COLUMN total_duration_seconds bigint    NOT NULL DEFAULT 0,
    ADD COLUMN enrollments_count    integer     NOT NULL DEFAULT 0,
    ADD COLUMN average_rating       double precision NOT NULL DEFAULT 0,
    ADD COLUMN reviews_count        integer     NOT NULL DEFAULT 0,
    ADD COLUMN published_at         timestamptz;

-- A separate statement: a generated column can only use columns that already exist.
ALTER TABLE academy.courses
    -- French and English stems of the folded text, so "tableaux croisés" finds "tableau croise"
    -- and "pivot tables" finds "pivot table". Title and keywords weigh more than the description.
    ADD COLUMN search_document      tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('french', academy.fold(title)), 'A') ||
        setweight(to_tsvector('english', academy.fold(title)), 'A') ||
        setweight(to_tsvector('simple', academy.fold(academy.joined(keywords || stack))), 'A') ||
        setweight(to_tsvector('french', academy.fold(short_description || ' ' || description)), 'B') ||
        setweight(to_tsvector('english', academy.fold(short_description || ' ' || description)), 'B')
    ) STORED;

CREATE INDEX courses_search ON academy.courses USING gin (search_document);
CREATE INDEX courses_catalogue ON academy.courses (status, domain, enrollments_count DESC);
CREATE INDEX courses_by_instructor ON academy.courses (instructor_id, created_at DESC);

CREATE TABLE academy.modules (
    id           uuid        PRIMARY KEY,
    course_id    uuid        NOT NULL REFERENCES academy.courses (id) ON DELETE CASCADE,
    title        text        NOT NULL,
    description  text        NOT NULL DEFAULT '',
    position     integer     NOT NULL CHECK (position >= 1),
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX modules_by_course ON academy.modules (course_id, position);

CREATE TABLE academy.lessons (
    id                      uuid        PRIMARY KEY,
    module_id               uuid        NOT NULL REFERENCES academy.modules (id) ON DELETE CASCADE,
    course_id               uuid        NOT NULL REFERENCES academy.courses (id) ON DELETE CASCADE,
    title                   text        NOT NULL,
    description             text        NOT NULL DEFAULT '',
    type                    text        NOT NULL CHECK (type IN ('video', 'text', 'quiz', 'exercise')),
    position                integer     NOT NULL CHECK (position >= 1),
    video_url               text,
    video_duration_seconds  integer     CHECK (video_duration_seconds >= 0),
    video_transcript        text,
    video_thumbnail_url     text,
    content                 text,
    quiz_id                 uuid,
    created_at              timestamptz NOT NULL DEFAULT now(),
    updated_at              timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX lessons_by_module ON academy.lessons (module_id, position);
CREATE INDEX lessons_by_course ON academy.lessons (course_id);

CREATE TABLE academy.enrollments (
    id                       uuid        PRIMARY KEY,
    user_id                  uuid        NOT NULL REFERENCES identity.users (id) ON DELETE CASCADE,
    course_id                uuid        NOT NULL REFERENCES academy.courses (id) ON DELETE CASCADE,
    status                   text        NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'completed', 'dropped')),
    progress_percentage      double precision NOT NULL DEFAULT 0 CHECK (progress_percentage BETWEEN 0 AND 100),
    last_accessed_lesson_id  uuid        REFERENCES academy.lessons (id) ON DELETE SET NULL,
    enrolled_at              timestamptz NOT NULL DEFAULT now(),
    completed_at             timestamptz,
    last_accessed_at         timestamptz,
    UNIQUE (user_id, course_id)
);
CREATE INDEX enrollments_by_course ON academy.enrollments (course_id);
CREATE INDEX enrollments_by_user ON academy.enrollments (user_id, status);

CREATE TABLE academy.lesson_progress (
    user_id             uuid        NOT NULL REFERENCES identity.users (id) ON DELETE CASCADE,
    lesson_id           uuid        NOT NULL REFERENCES academy.lessons (id) ON DELETE CASCADE,
    course_id           uuid        NOT NULL REFERENCES academy.courses (id) ON DELETE CASCADE,
    status              text        NOT NULL CHECK (status IN ('not_started', 'in_progress', 'completed')),
    time_spent_seconds  integer     NOT NULL DEFAULT 0 CHECK (time_spent_seconds >= 0),
    quiz_score          double precision CHECK (quiz_score BETWEEN 0 AND 100),
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, lesson_id)
);
CREATE INDEX lesson_progress_by_course ON academy.lesson_progress (user_id, course_id);

-- One review per learner and course; a second POST updates it.
CREATE TABLE academy.reviews (
    user_id     uuid        NOT NULL REFERENCES identity.users (id) ON DELETE CASCADE,
    course_id   uuid        NOT NULL REFERENCES academy.courses (id) ON DELETE CASCADE,
    rating      smallint    NOT NULL CHECK (rating BETWEEN 1 AND 5),
    comment     text        NOT NULL DEFAULT '',
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, course_id)
);
CREATE INDEX reviews_by_course ON academy.reviews (course_id, updated_at DESC);

CREATE TABLE academy.faq_entries (
    id          uuid        PRIMARY KEY,
    course_id   uuid        NOT NULL REFERENCES academy.courses (id) ON DELETE CASCADE,
    question    text        NOT NULL,
    answer      text        NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX faq_by_course ON academy.faq_entries (course_id, created_at);

-- A quiz request and, once the learning worker has run, its questions (JSON, answers included:
-- only the course's owner and admins see `answer_index`).
CREATE TABLE academy.quizzes (
    id              uuid        PRIMARY KEY,
    course_id       uuid        REFERENCES academy.courses (id) ON DELETE CASCADE,
    lesson_id       uuid        REFERENCES academy.lessons (id) ON DELETE SET NULL,
    requested_by    uuid        REFERENCES identity.users (id) ON DELETE SET NULL,
    status          text        NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'ready', 'failed')),
    question_count  integer     NOT NULL CHECK (question_count BETWEEN 1 AND 50),
    seed            bigint      NOT NULL,
    -- The text given inline (`lesson_content`); NULL when generated from a stored lesson.
    source_text     text,
    questions       jsonb,
    failure         text,
    created_at      timestamptz NOT NULL DEFAULT now(),
    ready_at        timestamptz
);
CREATE INDEX quizzes_by_lesson ON academy.quizzes (lesson_id);

CREATE TABLE academy.quiz_attempts (
    id          uuid        PRIMARY KEY,
    quiz_id     uuid        NOT NULL REFERENCES academy.quizzes (id) ON DELETE CASCADE,
    user_id     uuid        NOT NULL REFERENCES identity.users (id) ON DELETE CASCADE,
    answers     jsonb       NOT NULL,
    correct     integer     NOT NULL,
    score       double precision NOT NULL CHECK (score BETWEEN 0 AND 100),
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX quiz_attempts_by_user ON academy.quiz_attempts (user_id, quiz_id, created_at DESC);

-- Item-to-item collaborative filtering, maintained incrementally by the learning worker: how
-- many learners share each pair of courses (course_a < course_b). A course's own learner count
-- is academy.courses.enrollments_count.
CREATE TABLE academy.course_pairs (
    course_a  uuid    NOT NULL REFERENCES academy.courses (id) ON DELETE CASCADE,
    course_b  uuid    NOT NULL REFERENCES academy.courses (id) ON DELETE CASCADE,
    learners  integer NOT NULL CHECK (learners >= 0),
    PRIMARY KEY (course_a, course_b),
    CHECK (course_a < course_b)
);
CREATE INDEX course_pairs_by_b ON academy.course_pairs (course_b);

-- Each learner's current recommendations, replaced as a whole by the worker.
CREATE TABLE academy.recommendations (
    user_id       uuid        NOT NULL REFERENCES identity.users (id) ON DELETE CASCADE,
    rank          smallint    NOT NULL,
    course_id     uuid        NOT NULL REFERENCES academy.courses (id) ON DELETE CASCADE,
    score         double precision NOT NULL,
    reason        jsonb       NOT NULL,
    refreshed_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, rank)
);
