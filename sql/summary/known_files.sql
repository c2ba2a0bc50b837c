-- Files earlier runs handled: the first file name seen with each content, and the
-- files refused without being read (no fingerprint).
with handled as (
    select
        source_file,
        sha256,
        bytes,
        run_id
    from input_files
),

first_by_content as (
    select
        arg_min(source_file, run_id) as source_file,
        sha256,
        any_value(bytes) as bytes
    from handled
    where sha256 is not null
    group by sha256
),

unread as (
    select distinct
        source_file,
        null::varchar as sha256,
        bytes
    from handled
    where sha256 is null
),

final as (
    select * from first_by_content
    union all
    select * from unread
)

select * from final
