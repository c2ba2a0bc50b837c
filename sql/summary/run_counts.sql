-- The counts of the current run, from its staged inputs and what it loaded.
with files as (
    select
        count(*) filter (where status = 'loaded') as files_loaded,
        count(*) filter (where status = 'duplicate') as files_duplicate,
        count(*) filter (where status = 'quarantined') as files_quarantined,
        coalesce(sum(records_read), 0) as records_read
    from stg_files
),

loaded as (
    select
        count(*) as articles_loaded,
        count(*) filter (where week_start is null) as undated,
        count(distinct week_start) as weeks_touched
    from stg_new_articles
),

final as (
    select
        files.files_loaded,
        files.files_duplicate,
        files.files_quarantined,
        files.records_read,
        loaded.articles_loaded,
        (select count(*) from stg_duplicate_records) as duplicates,
        (select count(*) from stg_quarantine where scope = 'record') as quarantined_records,
        loaded.undated,
        (
            select count(*) from article_countries where run_id = getvariable('run_id')
        ) as article_countries_loaded,
        loaded.weeks_touched
    from files, loaded
)

select * from final
