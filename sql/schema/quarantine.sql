-- Files and records that could not be loaded, with a reason a person can read.
create table if not exists quarantine (
    source_file varchar not null,
    record_key varchar not null,      -- record id or 'line N'; '' when the file is the problem
    scope varchar not null,           -- record or file
    reason varchar not null,
    run_id varchar not null
);
