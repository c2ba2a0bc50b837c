-- Every input file a run handled, by content fingerprint: what became of it.
create table if not exists input_files (
    source_file varchar not null,     -- path relative to the inbox
    sha256 varchar,                   -- content fingerprint (null if never read)
    bytes bigint not null,
    format varchar,                   -- text, jsonl, jsonl.gz, reuters-sgml
    status varchar not null,          -- loaded, duplicate, quarantined
    duplicate_of varchar,             -- for duplicates: the file first seen with this content
    records_read bigint not null,     -- records parsed or refused one by one
    decode_note varchar,              -- how a file that was not clean UTF-8 was decoded
    modified_at timestamp,            -- the file's last modification (UTC) when read
    run_id varchar not null
);
