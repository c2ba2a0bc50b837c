-- The run's staged articles, one row per article_id (first copy by file and key),
-- with copy_number and already_loaded so duplicates can be split off. Records of
-- files that are copies of an earlier file of the run (stg_files) are left out.
with staged as (
    select *
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
