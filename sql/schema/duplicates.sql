-- Records that were already loaded (same article_id), kept for reconciliation.
create table if not exists duplicates (
    source_file varchar not null,
    record_key varchar not null,
    article_id varchar not null,      -- the article this record repeats
    run_id varchar not null
);
