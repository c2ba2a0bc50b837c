-- One row per loaded article: what the warehouse needs to count, deduplicate and
-- reconcile. The texts (title, body, dateline) are published to Parquet straight from
-- the run's staged batches and never stored here: they are most of the bytes, and
-- keeping them out makes loading and committing a big run several times cheaper.
-- No primary key: DuckDB builds and writes an index for one on every load; article_id
-- stays unique through staging (stg_articles) and a check (articles_article_id_unique).
create table if not exists articles (
    article_id varchar not null,      -- stable hash of (source, record id) or (source, content)
    story_id varchar not null,        -- the article_id of the story's first article
    source_file varchar not null,
    record_key varchar not null,      -- Reuters NEWID, JSONL id, or ''
    format varchar not null,
    source varchar,                   -- source id (fr-01), JSONL source, or reuters
    url varchar,
    language varchar,                 -- ISO 639-1 (639-3 where there is none); null if unknown
    published_at timestamp,           -- UTC when the source gave an offset, else as written
    date_source varchar,              -- metadata, text, dateline, warc; null when undated
    iso_week varchar,                 -- 2023-W05
    week_start date,                  -- Monday of iso_week
    noise_removed integer not null,   -- paragraphs the cleaner dropped
    run_id varchar not null
);
