-- One row per run with its counts per stage.
create table if not exists pipeline_runs (
    run_id varchar primary key,
    started_at timestamp not null,
    finished_at timestamp not null,
    duration_s double not null,
    status varchar not null,          -- succeeded, failed
    error varchar,
    inbox varchar not null,
    files_seen integer not null,      -- files found in the inbox
    files_skipped integer not null,   -- already handled by an earlier run
    files_loaded integer not null,
    files_duplicate integer not null,
    files_quarantined integer not null,
    records_read bigint not null,
    articles_loaded bigint not null,
    duplicates bigint not null,
    quarantined_records bigint not null,
    undated bigint not null,
    article_countries_loaded bigint not null,
    weeks_touched integer not null
);
