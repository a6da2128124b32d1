-- The opening's publication, rendered once after the draw: the drawn order in pages of 100 ids,
-- each stored as the exact JSON document served, with its ETag, so that serving a page is one read
-- by key (never the whole pre-queue rebuilt per request). Written by whichever instance records
-- the opening (dev.concert.queue.RoomOpener); the same order renders to the same bytes.
CREATE TABLE concert_opening_pages (
  concert_id BIGINT NOT NULL REFERENCES concert_openings (concert_id),
  page       INT    NOT NULL CHECK (page >= 1),
  etag       TEXT   NOT NULL,
  body       BYTEA  NOT NULL,
  PRIMARY KEY (concert_id, page)
);
-- Random token ids barely compress: skip TOAST's compression, so a read is a plain copy.
ALTER TABLE concert_opening_pages ALTER COLUMN body SET STORAGE EXTERNAL;
