-- Articles of this run that the warehouse does not hold yet.
with staged as (
    select * from stg_articles
),

final as (
    select
        staged_file,
        staged_row,
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
        noise_removed,
        getvariable('run_id') as run_id
    from staged
    where copy_number = 1
      and not already_loaded
)

select * from final
