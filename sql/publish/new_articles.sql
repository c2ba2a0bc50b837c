-- The articles this run adds, with their texts, as published: the staged rows that
-- were loaded (stg_new_articles), found by their place (batch file, row number),
-- with their story.
with loaded as (
    select
        stg_new_articles.staged_file,
        stg_new_articles.staged_row,
        new_stories.story_id
    from stg_new_articles
    inner join new_stories using (article_id)
),

staged as (
    select
        *,
        filename as staged_file,
        file_row_number as staged_row
    from staged_articles
),

final as (
    select
        staged.article_id,
        loaded.story_id,
        staged.source_file,
        staged.record_key,
        staged.format,
        staged.source,
        staged.url,
        staged.language,
        staged.title,
        staged.body,
        staged.dateline,
        staged.published_at,
        staged.date_source,
        staged.iso_week,
        staged.week_start,
        staged.noise_removed,
        getvariable('run_id') as run_id
    from staged
    inner join loaded using (staged_file, staged_row)
)

select * from final
