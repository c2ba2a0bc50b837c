-- The run's input files with their final status. Groups of files are read in
-- parallel, so two groups may each read a copy of the same content: the copy with
-- the first path keeps its status, the others become duplicates of it (as they
-- would have, had one process read the files in path order).
with staged as (
    select * from staged_files
),

ranked as (
    select
        *,
        first_value(source_file) over (
            partition by sha256 order by source_file
        ) as first_with_content
    from staged
    where status <> 'duplicate' and sha256 is not null
),

final as (
    select
        staged.source_file,
        staged.sha256,
        staged.bytes,
        staged.format,
        case
            when ranked.first_with_content <> staged.source_file then 'duplicate'
            else staged.status
        end as status,
        case
            when ranked.first_with_content <> staged.source_file
                then ranked.first_with_content
            else staged.duplicate_of
        end as duplicate_of,
        case
            when ranked.first_with_content <> staged.source_file then 0
            else staged.records_read
        end as records_read,
        case
            when ranked.first_with_content <> staged.source_file then null
            else staged.decode_note
        end as decode_note,
        staged.modified_at
    from staged
    left join ranked using (source_file)
)

select * from final
