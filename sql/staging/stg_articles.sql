-- The run's staged articles without their texts, one row per article_id (first copy
-- by file and key), with copy_number and already_loaded so duplicates can be split
-- off. Records of files that are copies of an earlier file of the run (stg_files) are
-- left out. The texts are joined back only to publish them (publish/new_articles),
-- by the staged row's place: its batch file and row number.
with staged as (
    select
        filename as staged_file,
        file_row_number as staged_row,
        article_id,
        source_file,
        record_key,
        format,
        source,
        url,
        language,
        published_at,
        date_source,
        iso_week,
        week_start,
        noise_removed
    from staged_articles
    where source_file in (select source_file from stg_files where status = 'loaded')
),

numbered as (
    select
        *,
        row_number() over (
            partition by article_id
            order by source_file, record_key
        ) as copy_number
    from staged
),

final as (
    select
        numbered.*,
        numbered.article_id in (select article_id from articles) as already_loaded
    from numbered
)

select * from final
