-- The catalogue search ORs a French, an English and a 'simple' (unstemmed) query. Each must
-- match the document on its own, so a search mixing a keyword kept as written ("pandas") with
-- a title word that the stemmers change found nothing. The document now also holds every
-- word of the title and descriptions unstemmed.
DROP INDEX academy.courses_search;
ALTER TABLE academy.courses DROP COLUMN search_document;
ALTER TABLE academy.courses
    ADD COLUMN search_document tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('french', academy.fold(title)), 'A') ||
        setweight(to_tsvector('english', academy.fold(title)), 'A') ||
        setweight(to_tsvector('simple', academy.fold(title || ' ' || academy.joined(keywords || stack))), 'A') ||
        setweight(to_tsvector('french', academy.fold(short_description || ' ' || description)), 'B') ||
        setweight(to_tsvector('english', academy.fold(short_description || ' ' || description)), 'B') ||
        setweight(to_tsvector('simple', academy.fold(short_description || ' ' || description)), 'B')
    ) STORED;
CREATE INDEX courses_search ON academy.courses USING gin (search_document);
