-- Where the articles this run adds are staged, with what the warehouse adds to them:
-- each loaded row's place (batch file, row number), its week and its story. Their
-- other published columns, texts included, are the staged row's own, taken from the
-- batch file when the Parquet is written (tasks/article_texts.py), in this order: a
-- batch at a time, each batch's rows grouped by week.
with loaded as (
    select
        stg_new_articles.staged_file,
        stg_new_articles.staged_row,
        stg_new_articles.week_start,
        new_stories.story_id,
        getvariable('run_id') as run_id
    from stg_new_articles
    inner join new_stories using (article_id)
),

final as (
    select * from loaded
    order by staged_file, week_start nulls last, staged_row
)

select * from final
