-- One row per loaded article.
create table if not exists articles (
    article_id varchar primary key,   -- stable hash of (source, record id) or (source, content)
    source_file varchar not null,
    record_key varchar not null,      -- Reuters NEWID, JSONL id, or ''
    format varchar not null,
    source varchar,                   -- source id (fr-01), JSONL source, or reuters
    url varchar,
    language varchar,                 -- ISO 639-1 (639-3 where there is none); null if unknown
    title varchar,
    body varchar not null,
    dateline varchar,
    published_at timestamp,           -- UTC when the source gave an offset, else as written
    date_source varchar,              -- metadata, text, dateline; null when undated
    iso_week varchar,                 -- 2023-W05
    week_start date,                  -- Monday of iso_week
    noise_removed integer not null,   -- paragraphs the cleaner dropped
    run_id varchar not null
);
